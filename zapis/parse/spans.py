"""Where each value stands in the text: character offsets of its evidence.

The parser knows the line each field was read from and the raw form of each list entry (a name
as written, an agenda item, a resolution's text); here the value is found again within that line
and the lines after it, so that ``text[start:end]`` is the evidence: the value's own characters
where they are written (the date "12. 3. 2024", the name as written, the whole agenda line), else
the line it was read from. Entries of a list are found in their order, each after the previous.

Each span says how the value relates to its evidence: ``exact`` (the same characters),
``normalized`` (a date, a time, a declined name, other spacing or case) or ``inferred`` (part of
the value is not written there: a year taken from the meeting date, counts from "jednomyslně",
a body expanded from its abbreviation).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from zapis.lang import fold_aligned
from zapis.parse.dates import find_dates, find_times
from zapis.schema import MeetingFields, Person

Relation = Literal["exact", "normalized", "inferred"]

# lines after a field's line its value may stand on ("Zapsal dne 3. 5.:" ⏎ "Jan Novák"; a banner
# of one word a line; blank lines count)
_WINDOW = 6


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    relation: Relation


class _Text:
    """The text with its folded twin (same length) and line starts, for searches by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold_aligned(text)
        self.starts = [0]
        for line in text.split("\n"):
            self.starts.append(self.starts[-1] + len(line) + 1)

    def line_range(self, line: int, after: int = 0) -> tuple[int, int]:
        last = len(self.starts) - 2
        line = min(max(line, 0), last)
        return self.starts[line], min(self.starts[min(line + after, last) + 1] - 1, len(self.text))

    def line_span(self, line: int, relation: Relation) -> Span | None:
        lo, hi = self.line_range(line)
        chunk = self.text[lo:hi]
        if not chunk.strip():
            return None
        start = lo + len(chunk) - len(chunk.lstrip())
        return Span(start, lo + len(chunk.rstrip()), relation)

    def find(self, value: str, lo: int, hi: int | None = None) -> Span | None:
        """``value`` in ``text[lo:hi]``: as written, else with other spacing, case or diacritics."""
        value = value.strip()
        if not value:
            return None
        hi = len(self.text) if hi is None else hi
        at = self.text.find(value, lo, hi)
        if at >= 0:
            return Span(at, at + len(value), "exact")
        words = fold_aligned(value).split()
        pattern = r"\s*".join(re.escape(w) for w in words)
        m = re.compile(pattern).search(self.folded, lo, hi)
        if m is None:  # declined: "Městské zastupitelstvo" written "Městského zastupitelstva"
            m = re.compile(r"\s*".join(_stem(w) for w in words)).search(self.folded, lo, hi)
        if m is not None:
            return Span(m.start(), m.end(), "normalized")
        if len(words) < 8:
            return None
        # a long value put together from several lines (sub-items, bullets dropped): from its first
        # words to its last ones
        head = re.compile(r"\s*".join(re.escape(w) for w in words[:4])).search(self.folded, lo, hi)
        if head is None:
            return None
        tail = re.compile(r"\s*".join(re.escape(w) for w in words[-3:])).search(
            self.folded, head.end(), min(hi, head.end() + 4 * len(value) + 200)
        )
        return Span(head.start(), tail.end(), "normalized") if tail is not None else None


def _stem(word: str) -> str:
    """A word's pattern with any Czech ending: its first letters, then any letters."""
    if len(word) < 4 or not word.isalpha():
        return re.escape(word)
    return re.escape(word[: max(4, len(word) - 3)]) + r"\w*"


def locate(
    fields: MeetingFields,
    text: str,
    line_of: Callable[[str], int | None],
    decision_lines: Sequence[tuple[int | None, tuple[int, int] | None]],
) -> dict[str, Span]:
    """The span of every value of ``fields`` in ``text``: keys are field names and entries
    (``"attendees[2]"``, ``"decisions[0].named_votes[1]"``, ``"decisions[0].votes"``).

    ``line_of(field)`` gives the text line (0-based) a field was read from, or None.
    """
    t = _Text(text)
    out: dict[str, Span] = {}

    def put(key: str, span: Span | None) -> None:
        if span is not None and span.end > span.start:
            out[key] = span

    for name in ("title", "body", "series", "location"):
        value = getattr(fields, name)
        if value:
            put(name, _scalar(t, value, line_of(name)))
    if fields.date is not None:
        put("date", _date(t, fields.date, line_of("date")))
    for name in ("start_time", "end_time"):
        if getattr(fields, name):
            put(name, _time(t, getattr(fields, name), line_of(name)))
    for name in ("recorded_by", "chaired_by"):
        who: Person | None = getattr(fields, name)
        if who is not None:
            put(name, _person(t, who, line_of(name)))
    if fields.attendance_count is not None:
        put("attendance_count", _count(t, fields.attendance_count, line_of("attendance_count")))
    for name in ("attendees", "excused", "absent", "guests", "verified_by", "recorders", "mentions"):
        people: list[Person] = getattr(fields, name)
        line = line_of(name) if name != "recorders" else None  # recorders sign anywhere: in reading order
        _entries(t, out, name, [p.raw or p.name for p in people], line, ordered=name not in ("mentions", "recorders"))
    _entries(t, out, "agenda", fields.agenda, line_of("agenda"))
    _entries(t, out, "items", [i.text for i in fields.items], None)
    _entries(t, out, "organizations", [o.raw for o in fields.organizations], None, ordered=False)
    _entries(t, out, "next_meetings", [n.raw for n in fields.next_meetings], None)
    for k, n in enumerate(fields.next_meetings):
        span = out.get(f"next_meetings[{k}]")
        if span is not None and n.date is not None and not _year_written(text[span.start : span.end], n.date):
            out[f"next_meetings[{k}]"] = Span(span.start, span.end, "inferred")
    _entries(t, out, "dates_mentioned", [d.raw for d in fields.dates_mentioned], None, ordered=False)
    for k, d in enumerate(fields.dates_mentioned):
        span = out.get(f"dates_mentioned[{k}]")
        if span is not None:
            out[f"dates_mentioned[{k}]"] = Span(span.start, span.end, "inferred" if d.year_inferred else "normalized")
    _entries(t, out, "contacts", [c.raw for c in fields.contacts], None)
    _entries(t, out, "links", fields.links, None, ordered=False)
    _decisions(t, out, fields, decision_lines)
    return out


def _scalar(t: _Text, value: str, line: int | None) -> Span | None:
    if line is None:
        return t.find(value, 0)
    lo, hi = t.line_range(line, _WINDOW)
    found = t.find(value, lo, hi)
    if found is not None:
        return found
    # written otherwise (a body in the nominative read from "Pracovní setkání skupiny pro …", or
    # from its abbreviation): the line it was read from is the evidence
    span = t.line_span(line, "normalized")
    if span is None:
        return None
    have = fold_aligned(t.text[span.start : span.end])
    stems = [w[:4] for w in fold_aligned(value).split() if len(w) >= 3]
    shared = sum(1 for w in stems if w in have)
    return span if shared * 2 >= len(stems) else Span(span.start, span.end, "inferred")


def _date(t: _Text, date: dt.date, line: int | None) -> Span | None:
    lo, hi = t.line_range(line, _WINDOW) if line is not None else (0, len(t.text))
    for d in find_dates(t.text[lo:hi], reference=date):
        if d.date == date:
            return Span(lo + d.start, lo + d.end, "inferred" if d.year_inferred else "normalized")
    return t.line_span(line, "normalized") if line is not None else None


def _time(t: _Text, value: str, line: int | None) -> Span | None:
    lo, hi = t.line_range(line, _WINDOW) if line is not None else (0, len(t.text))
    for m in find_times(t.text[lo:hi]):
        if m.time == value:
            return Span(lo + m.start, lo + m.end, "exact" if m.raw == value else "normalized")
    return t.line_span(line, "normalized") if line is not None else None


def _count(t: _Text, count: int, line: int | None) -> Span | None:
    """The number as written ("Přítomno: 9 členů"), in the field's line or, without one, anywhere."""
    lo, hi = t.line_range(line, _WINDOW) if line is not None else (0, len(t.text))
    m = re.compile(rf"(?<!\d){count}(?!\d)").search(t.text, lo, hi)
    if m is not None:
        return Span(m.start(), m.end(), "exact")
    return t.line_span(line, "inferred") if line is not None else None


def _person(t: _Text, who: Person, line: int | None) -> Span | None:
    raw = who.raw or who.name
    found = None
    if line is not None:
        lo, hi = t.line_range(line, _WINDOW)
        found = t.find(raw, lo, hi)
    found = found or t.find(raw, 0)
    if found is not None and found.relation == "exact" and raw != who.name:
        return Span(found.start, found.end, "normalized")
    return found


def _entries(
    t: _Text, out: dict[str, Span], name: str, raws: list[str], line: int | None, ordered: bool = True
) -> None:
    """Each entry after the previous one (from the field's line); the field itself spans them all."""
    start = t.starts[min(line, len(t.starts) - 2)] if line is not None else 0
    at = start
    label = t.line_span(line, "normalized") if line is not None else None
    first: int | None = label.start if label is not None else None
    last = -1
    for k, raw in enumerate(raws):
        found = t.find(raw, at) if ordered else None
        found = found or t.find(raw, start) or t.find(raw, 0)
        if found is None:
            continue
        out[f"{name}[{k}]"] = found
        if ordered:
            at = found.end
        first = found.start if first is None else min(first, found.start)
        last = max(last, found.end)
    if first is not None and last > first:
        out[name] = Span(first, last, "normalized")


def _year_written(raw: str, date: dt.date) -> bool:
    return str(date.year) in raw or f"{date.year % 100:02d}" in re.findall(r"\d+", raw)


def _decisions(
    t: _Text, out: dict[str, Span], fields: MeetingFields, lines: Sequence[tuple[int | None, tuple[int, int] | None]]
) -> None:
    at = 0
    for k, decision in enumerate(fields.decisions):
        line, vote = lines[k] if k < len(lines) else (None, None)
        lo = t.starts[line] if line is not None and line < len(t.starts) - 1 else at
        found = t.find(decision.text, lo) or t.find(decision.text, at) or t.find(decision.text, 0)
        if found is None and line is not None:
            found = t.line_span(line, "normalized")
        if found is None:
            continue
        key = f"decisions[{k}]"
        out[key] = found
        at = found.end
        if decision.votes_for is not None:
            # the vote record, or the resolution's own text where it gives the counts ("(8/0/0)")
            v0, v1 = (t.line_range(vote[0])[0], t.line_range(vote[1])[1]) if vote else (found.start, found.end)
            chunk = t.text[v0:v1]
            strip = len(chunk) - len(chunk.lstrip())
            counted = str(decision.votes_for) in chunk
            out[f"{key}.votes"] = Span(v0 + strip, v0 + len(chunk.rstrip()), "normalized" if counted else "inferred")
        # the resolution and its vote record (before or after it)
        record = (t.line_range(vote[0])[0], t.line_range(vote[1])[1]) if vote else (found.start, found.end)
        # and the lines under it: a task's "kdo: …", "Termín: …"
        below = t.line_range(t.text.count("\n", 0, found.end), 3)[1]
        scope = (min(found.start, record[0]), max(below, record[1]))
        for j, named in enumerate(decision.named_votes):
            _put_in(t, out, f"{key}.named_votes[{j}]", named.person.raw or named.person.name, scope)
        for j, who in enumerate(decision.responsible_people):
            _put_in(t, out, f"{key}.responsible_people[{j}]", who.raw or who.name, scope)
        if decision.number:
            _put_in(t, out, f"{key}.number", decision.number, (max(0, found.start - 200), scope[1]))
        if decision.deadline_raw:
            _put_in(t, out, f"{key}.deadline", decision.deadline_raw, scope)
    inside = [span for key, span in out.items() if key.startswith("decisions[")]
    if inside:
        out["decisions"] = Span(min(x.start for x in inside), max(x.end for x in inside), "normalized")


def _put_in(t: _Text, out: dict[str, Span], key: str, raw: str, scope: tuple[int, int]) -> None:
    found = t.find(raw, scope[0], scope[1])
    if found is not None:
        out[key] = found
