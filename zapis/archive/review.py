"""The review queue of an ingested archive: the values a person should check, most urgent first.

Every value of every meeting (and every empty field a minutes usually gives) is an entry with
``importance × uncertainty`` (weights in ``zapis/data/review.toml``).  Uncertainty combines
independent doubts as ``1 − Π(1 − doubt)``: how unsure the parser said it was (the meeting's
``confidence``), copies that disagree (``variants``), OCR and its confidence, warnings that
name the field, a file that may not be minutes at all.  A value a person corrected or checked
(``provenance[field].corrected``) is not in the queue.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from zapis.archive.evidence import Evidence, evidence_of
from zapis.archive.outdir import MEETINGS
from zapis.errors import InputError
from zapis.lang import fold, load, words
from zapis.schema import Decision, Meeting, Report, load_meeting

REVIEW_JSON = "review.json"
REVIEW_HTML = "review.html"
CONTEXT = 160  # characters of text shown on each side of the evidence
NOT_MINUTES = "this does not look like meeting minutes"
ONE_OF = "one of "
DECISION = "decision '"
LEFT_EMPTY = "left empty, not sure enough"


@cache
def _weights() -> dict[str, Any]:
    return load("review")


def queue_fields() -> tuple[str, ...]:
    """The fields an entry is made for, in the order of their importance."""
    importance = _weights()["importance"]
    fields = (f for f in importance if f not in ("decisions", "minutes"))
    return tuple(sorted(fields, key=lambda f: -float(importance[f])))


@dataclass
class ReviewEntry:
    meeting_id: str
    body: str | None
    date: str | None
    field: str  # a field path, as zapis correct takes it
    value: Any  # as in the meeting JSON; None for an empty field
    importance: float
    uncertainty: float
    score: float
    reasons: list[str]
    source: str | None = None  # the file the value was read from (relative to the input folder)
    method: str | None = None
    page: int | None = None
    box: list[float] | None = None
    before: str = ""  # the text around the evidence; the evidence itself
    evidence: str = ""
    after: str = ""
    sha256: str | None = dataclasses.field(default=None, repr=False)


def _combine(doubts: list[float]) -> float:
    keep = 1.0
    for d in doubts:
        keep *= 1.0 - max(0.0, min(1.0, d))
    return 1.0 - keep


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == ""


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def _context(meeting: Meeting, ev: Evidence | None) -> tuple[str, str, str]:
    if ev is None:
        return "", "", ""
    text = meeting.text
    lo = max(0, ev.start - CONTEXT)
    hi = min(len(text), ev.end + CONTEXT)
    return text[lo : ev.start], text[ev.start : ev.end], text[ev.end : hi]


def _source_doubt(meeting: Meeting, ev: Evidence | None) -> tuple[float, str | None]:
    if not meeting.sources:
        return 0.0, None
    index = ev.source if ev is not None and 0 <= ev.source < len(meeting.sources) else 0
    source = meeting.sources[index]
    if source.method != "ocr":
        return 0.0, None
    conf = source.ocr_confidence if source.ocr_confidence is not None else 80.0
    doubt = float(_weights()["doubt"]["ocr"]) + max(0.0, 90.0 - conf) / 100.0
    return doubt, f"read by OCR (confidence {conf:.0f}/100)"


def _warned(meeting: Meeting, name: str, decision: Decision | None = None) -> str | None:
    """A warning of the meeting about this field (or this decision)."""
    words = [f"{name} left empty", *_weights()["warnings"].get(name, [])]
    for warning in meeting.warnings:
        if warning.startswith(DECISION):
            if decision is not None and _names(warning, decision):
                return warning
            continue
        if decision is None and any(warning.lower().startswith(w.lower()) for w in words):
            return warning
    return None


def _names(warning: str, decision: Decision) -> bool:
    """Whether a warning "decision '<label>…': …" is about ``decision`` (its number or the start of its text)."""
    label = warning[len(DECISION) :].split("': ", 1)[0].rstrip("…")
    if not label:
        return False
    return label == decision.number or decision.text.startswith(label) or label in decision.text[: len(label) + 40]


@cache
def _label_pattern(name: str) -> re.Pattern[str] | None:
    key = _weights().get("labels", {}).get(name)
    if key is None:
        return None
    labels = sorted({fold(x) for x in words("minutes", "labels", key)}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(x) for x in labels) + r")(?!\w)")


def _label_in_text(text: str, name: str) -> str | bool | None:
    """The label word of ``name`` found in ``text`` (folded), False when none is, None for a field without labels."""
    pattern = _label_pattern(name)
    if pattern is None:
        return None
    found = pattern.search(fold(text))
    return found.group(1) if found else False


def _line_length(meeting: Meeting, ev: Evidence) -> int:
    text = meeting.text
    lo = text.rfind("\n", 0, ev.start) + 1
    hi = text.find("\n", ev.end)
    return (len(text) if hi < 0 else hi) - lo


def _corrected(meeting: Meeting, path: str) -> bool:
    prov = meeting.provenance.get(path)
    return prov is not None and getattr(prov, "corrected", None) is not None


def _meeting_doubts(meeting: Meeting) -> tuple[list[float], list[str]]:
    doubt = _weights()["doubt"]
    doubts, reasons = [], []
    if any(w.startswith(NOT_MINUTES) for w in meeting.warnings):
        doubts.append(float(doubt["not_minutes"]))
        reasons.append("zapis doubts this is minutes at all")
    if any(w.startswith(ONE_OF) for w in meeting.warnings):
        doubts.append(float(doubt["one_of_several"]))
        reasons.append("one of several meetings in one file")
    return doubts, reasons


def _entry(meeting: Meeting, path: str, name: str, value: Any, base: tuple[list[float], list[str]]) -> ReviewEntry:
    w = _weights()
    doubts, reasons = list(base[0]), list(base[1])
    ev = evidence_of(meeting, path)
    empty = _empty(value)
    if empty:
        prior = float(w["empty"].get(name, 0.1))
        seen = _label_in_text(meeting.text, name)
        if seen is None:
            doubts.append(prior)
            reasons.append("no value found")
        elif seen:
            doubts.append(max(prior, float(w["doubt"]["label_seen"])))
            reasons.append(f"no value found, though the text has the word {seen!r} that labels it")
        else:
            doubts.append(prior * float(w["doubt"]["label_unseen"]))
            reasons.append("no value found (nor a word that labels it)")
    else:
        sure = meeting.confidence.get(name)
        if isinstance(value, Decision):
            doubts.append(float(w["doubt"]["decision"]))
        elif sure is None:
            doubts.append(float(w["doubt"]["no_confidence"]))
        else:
            doubts.append(1.0 - sure)
            how = f" ({ev.evidence})" if ev is not None and ev.evidence else ""
            reasons.append(f"confidence {sure:.2f}{how}")
        ocr, why = _source_doubt(meeting, ev)
        if why:
            doubts.append(ocr)
            reasons.append(why)
        if isinstance(value, list) and len(value) > 1:
            doubts.append(1.0 - (1.0 - float(w["doubt"]["per_entry"])) ** len(value))
        if ev is not None and _line_length(meeting, ev) > int(w["doubt"]["long_line_chars"]):
            doubts.append(float(w["doubt"]["long_line"]))
            reasons.append("read from a very long line (the text lost its line breaks)")
    if any(v.field == name for v in meeting.variants):
        doubts.append(float(w["doubt"]["variant"]))
        reasons.append("the copies disagree")
    warning = _warned(meeting, name, value if isinstance(value, Decision) else None)
    if warning and empty and LEFT_EMPTY not in warning:
        warning = None  # "no meeting date found" only says the field is empty
    if warning:
        doubts.append(float(w["doubt"]["warning"]))
        reasons.append(f"warning: {warning}")
    importance = float(w["importance"].get(name, 0.3))
    uncertainty = _combine(doubts)
    before, hit, after = _context(meeting, ev)
    source = meeting.sources[ev.source] if ev is not None and 0 <= ev.source < len(meeting.sources) else None
    return ReviewEntry(
        meeting_id=meeting.meeting_id,
        body=meeting.body,
        date=meeting.date.isoformat() if meeting.date else None,
        field=path,
        value=None if empty else _plain(value),
        importance=importance,
        uncertainty=round(uncertainty, 4),
        score=round(importance * uncertainty, 4),
        reasons=reasons,
        source=source.path if source else None,
        method=source.method if source else None,
        page=ev.page if ev is not None and ev.page > 0 else None,
        box=list(ev.box) if ev is not None and ev.box else None,
        before=before,
        evidence=hit,
        after=after,
        sha256=source.sha256 if source else None,
    )


def entries_of(meeting: Meeting, only: str | None = None) -> list[ReviewEntry]:
    """The queue entries of one meeting (``only``: of that field alone)."""
    base = _meeting_doubts(meeting)
    out = []
    for name in queue_fields():
        if only is not None and name != only:
            continue
        if not _corrected(meeting, name):
            out.append(_entry(meeting, name, name, getattr(meeting, name), base))
    if only in (None, "decisions"):
        for i, decision in enumerate(meeting.decisions):
            path = f"decisions[{i}]"
            if not _corrected(meeting, path):
                out.append(_entry(meeting, path, "decisions", decision, base))
    return out


def _meetings(outdir: Path) -> list[Path]:
    folder = outdir / MEETINGS
    if not folder.is_dir():
        raise InputError(f"{outdir} is not an archive of zapis ingest (no {MEETINGS}/ folder): run zapis ingest first")
    return sorted(folder.glob("*.json"))


def _wanted(meeting: Meeting, body: str | None, year: int | None) -> bool:
    if year is not None and (meeting.date is None or meeting.date.year != year):
        return False
    return body is None or fold(body) in fold(meeting.body or "")


def review_queue(
    outdir: Path,
    body: str | None = None,
    year: int | None = None,
    field: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ReviewEntry]:
    """Every entry of the archive's meetings (filtered by body, year and field), most urgent first."""
    known = (*queue_fields(), "decisions", "minutes")
    if field is not None and field not in known:
        raise InputError(f"the review queue has no field {field!r}: {', '.join(known)}")
    paths = _meetings(Path(outdir))
    entries: list[ReviewEntry] = []
    for n, path in enumerate(paths, start=1):
        try:
            meeting = load_meeting(path.read_bytes())
        except (OSError, ValueError, InputError) as e:
            reason = getattr(e, "reason", str(e))
            raise InputError(f"cannot read {path}: {reason}; run zapis ingest again") from None
        if _wanted(meeting, body, year):
            entries += entries_of(meeting, field)
        if progress is not None:
            progress(n, len(paths))
    if body is None and year is None and field in (None, "minutes"):
        entries += _left_out(Path(outdir))
    entries.sort(key=lambda e: (-e.score, e.meeting_id, e.field))
    return entries


def _left_out(outdir: Path) -> list[ReviewEntry]:
    """One entry per file zapis left out of the meetings as no minutes: all its fields hang on that verdict."""
    try:
        report = Report.model_validate_json((outdir / "report.json").read_bytes())
    except (OSError, ValueError):
        return []
    importance = float(_weights()["importance"]["minutes"])
    doubt = float(_weights()["doubt"]["left_out"])
    return [
        ReviewEntry(
            meeting_id="",
            body=None,
            date=None,
            field="minutes",
            value=None,
            importance=importance,
            uncertainty=doubt,
            score=round(importance * doubt, 4),
            reasons=[f"left out of the meetings as no minutes: {f.reason or 'no reason given'}"],
            source=f.path,
            sha256=f.sha256,
        )
        for f in report.files
        if f.status == "not-minutes"
    ]


def entry_json(entry: ReviewEntry, rank: int) -> dict[str, Any]:
    data = asdict(entry)
    data.pop("sha256")
    return {"rank": rank, **data}


def queue_json(entries: list[ReviewEntry], filters: dict[str, Any]) -> bytes:
    data = {"filters": filters, "entries": [entry_json(e, i) for i, e in enumerate(entries, start=1)]}
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def crop(path: Path, page: int, box: list[float], margin: float = 24.0) -> str | None:
    """A PNG data URI of the page around ``box`` (PDF or image; None when it cannot be rendered)."""
    import pymupdf

    try:
        with pymupdf.open(path) as doc:
            if not 1 <= page <= doc.page_count:
                return None
            p = doc[page - 1]
            x0, y0, x1, y1 = box
            rect = pymupdf.Rect(x0 - 4 * margin, y0 - margin, x1 + 4 * margin, y1 + margin) & p.rect
            if rect.is_empty:
                return None
            pix = p.get_pixmap(clip=rect, dpi=110)
            return "data:image/png;base64," + base64.b64encode(pix.tobytes("png")).decode("ascii")
    except Exception:  # a file that moved or changed: the entry is shown without its crop
        return None


def crops(entries: list[ReviewEntry], input_dir: Path | None, limit: int) -> Iterator[str | None]:
    """The crop of each entry (the first ``limit`` that have a box on a PDF or image page)."""
    done = 0
    for e in entries:
        if input_dir is None or e.box is None or e.page is None or e.source is None or done >= limit:
            yield None
            continue
        done += 1
        yield crop(input_dir / e.source, e.page, e.box)
