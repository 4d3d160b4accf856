"""Where a value of a meeting was read: one accessor over the meeting's ``provenance``.

A provenance entry may give the exact span of its evidence (``start``/``end``, offsets into the
meeting's ``text``) and the box of its words on the page; older entries give only the line and
an excerpt. :func:`evidence_of` reads either: the span when there is one, else the excerpt found
in its line (else the whole line).  A path like ``attendees[2].name`` uses the most precise entry
there is: ``attendees[2].name``, then ``attendees[2]``, then ``attendees``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zapis.schema import Meeting, Provenance

_STEP = re.compile(r"\.?[^.\[\]]+|\[\d+\]")


@dataclass(frozen=True)
class Evidence:
    key: str  # the provenance entry it came from
    source: int  # index into meeting.sources
    page: int
    start: int  # text[start:end] is the evidence
    end: int
    box: tuple[float, float, float, float] | None
    excerpt: str
    evidence: str | None  # the kind: "label", "title", …


def prefixes(path: str) -> list[str]:
    """``decisions[0].votes_for`` → [``decisions[0].votes_for``, ``decisions[0]``, ``decisions``]."""
    steps = _STEP.findall(path)
    return ["".join(steps[:n]) for n in range(len(steps), 0, -1)]


def line_span(text: str, line: int) -> tuple[int, int]:
    """Offsets of the 1-based ``line`` of ``text`` (an empty span at the end when there is no such line)."""
    if line < 1:
        return 0, 0
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return len(text), len(text)
        start = found + 1
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def _span(meeting: Meeting, prov: Provenance) -> tuple[int, int]:
    start, end = getattr(prov, "start", None), getattr(prov, "end", None)
    text = meeting.text
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text):
        return start, end
    lo, hi = line_span(text, prov.line)
    found = text.find(prov.excerpt, lo, hi) if prov.excerpt else -1
    return (found, found + len(prov.excerpt)) if found >= 0 else (lo, hi)


def evidence_of(meeting: Meeting, path: str) -> Evidence | None:
    """The evidence of the value at ``path``, from the most precise provenance entry there is."""
    for key in prefixes(path):
        prov = meeting.provenance.get(key)
        if prov is None:
            continue
        start, end = _span(meeting, prov)
        box = getattr(prov, "box", None)
        return Evidence(
            key=key,
            source=prov.source,
            page=prov.page,
            start=start,
            end=end,
            box=tuple(box) if box and len(box) == 4 else None,
            excerpt=meeting.text[start:end] if end > start else prov.excerpt,
            evidence=prov.evidence,
        )
    return None
