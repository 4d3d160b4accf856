"""One file → one meeting: read, normalize, parse, build the validated model.

This is the library entry point the CLI mirrors: :func:`extract_meeting` is ``zapis extract``.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from pathlib import Path

from zapis.document import ExtractedDocument, Page
from zapis.lang import slug
from zapis.normalize import NormalizedText, normalize_pages
from zapis.parse import ParsedMeeting, parse_meeting, split_meetings
from zapis.readers import ExtractOptions, extract
from zapis.schema import Meeting, MeetingFields, Provenance, Source

_ENTRY_EXCERPT = 80  # characters of an entry's evidence kept as its excerpt

# Below this mean word confidence an OCR page is likely to hold misread names and dates.
LOW_OCR_CONFIDENCE = 70.0


def meeting_id(fields: MeetingFields, sha256: str) -> str:
    """Stable, readable id from the date and the body: "2022-09-19_pracovni-skupina-pro-cizince…".

    Without a date or a body, the content hash keeps different documents apart.
    """
    date = fields.date.isoformat() if fields.date else "undated"
    body = slug(fields.body or fields.title or "", max_words=8)
    if fields.date and body:
        return f"{date}_{body}"
    return f"{date}_{body or 'document'}_{sha256[:8]}"


def source_of(doc: ExtractedDocument) -> Source:
    engines = sorted({p.engine for p in doc.pages})
    return Source(
        path=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        method=doc.method,
        pages=len(doc.pages),
        ocr_confidence=doc.ocr_confidence,
        engine="+".join(engines),
    )


def _provenance(doc: ExtractedDocument, norm: NormalizedText, parsed: ParsedMeeting) -> dict[str, Provenance]:
    """Every field's and entry's provenance: its line (as before) and the exact span of its
    evidence in the text, with the box of the evidence's words on the page where the page has words."""
    lines = norm.text.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    provenance = {}
    for name, index in parsed.lines.items():
        text_line = parsed.text_line(index)
        excerpt = lines[text_line] if 0 <= text_line < len(lines) else ""
        provenance[name] = Provenance(
            source=0,
            page=norm.page_of_line(text_line),
            line=text_line + 1,
            excerpt=excerpt[:200],
            evidence=parsed.how.get(name),
        )
    boxes = _Boxes(doc, norm)
    for key, span in parsed.spans.items():
        text_line = bisect.bisect_right(starts, span.start) - 1
        page, box = boxes.of(span.start, span.end)
        old = provenance.get(key)
        # built from the parser's own spans: typed already, so not validated field by field again
        provenance[key] = Provenance.model_construct(
            source=0,
            page=page or norm.page_of_line(text_line),
            line=old.line if old is not None else text_line + 1,
            # an entry's excerpt is its evidence, short: the line is text[start:end]'s own line
            excerpt=old.excerpt if old is not None else _entry_excerpt(norm.text[span.start : span.end]),
            evidence=old.evidence if old is not None else parsed.how.get(key.split("[")[0]),
            start=span.start,
            end=span.end,
            box=box,
            relation=span.relation,
        )
    return provenance


def _entry_excerpt(evidence: str) -> str:
    return evidence.split("\n", 1)[0][:_ENTRY_EXCERPT]


def _span_provenance(doc: ExtractedDocument, norm: NormalizedText, start: int, end: int) -> Provenance:
    line = norm.text.count("\n", 0, start)
    page, box = _Boxes(doc, norm).of(start, end)
    excerpt = _entry_excerpt(norm.text[start:end])
    return Provenance(
        source=0, page=page or norm.page_of_line(line), line=line + 1, excerpt=excerpt, start=start, end=end, box=box,
        relation="exact",
    )  # fmt: skip


class _Boxes:
    """The page and the box of any span of ``norm.text``: through the words' anchors to the reader's
    page text, where the page's words are (pages without words give no box)."""

    def __init__(self, doc: ExtractedDocument, norm: NormalizedText) -> None:
        self.pages = doc.pages
        self.anchors = norm.anchors
        self.anchor_starts = [a[0] for a in norm.anchors]
        self.word_starts: dict[int, list[int]] = {}

    def of(self, start: int, end: int) -> tuple[int | None, list[float] | None]:
        first = max(bisect.bisect_right(self.anchor_starts, start) - 1, 0)
        last = bisect.bisect_left(self.anchor_starts, end) - 1
        if first < len(self.anchors) and self.anchors[first][1] <= start:
            first += 1
        if first > last or self.anchors[first][2] >= len(self.pages):
            return None, None
        index = self.anchors[first][2]
        while self.anchors[last][2] != index:  # the evidence goes on over a page break: its first page
            last -= 1
        page = self.pages[index]
        if index not in self.word_starts:
            self.word_starts[index] = [w.start for w in page.words]
        lo, hi = self.anchors[first][3], self.anchors[last][4]
        starts = self.word_starts[index]
        words = page.words[max(bisect.bisect_right(starts, lo) - 1, 0) : bisect.bisect_left(starts, hi)]
        boxes = [w.box for w in words if w.end > lo]
        if not boxes:
            return page.number, None
        x0, y0, x1, y1 = zip(*boxes, strict=True)
        return page.number, [round(min(x0), 1), round(min(y0), 1), round(max(x1), 1), round(max(y1), 1)]


def build_meeting(doc: ExtractedDocument, norm: NormalizedText, parsed: ParsedMeeting) -> Meeting:
    warnings = list(doc.warnings) + parsed.warnings
    if doc.ocr_confidence is not None and doc.ocr_confidence < LOW_OCR_CONFIDENCE:
        warnings.append(f"low OCR confidence ({doc.ocr_confidence:.0f}/100): check names and dates")
    fields = parsed.fields
    content = {name: getattr(fields, name) for name in MeetingFields.model_fields}
    content["links"] = list(dict.fromkeys([*fields.links, *doc.links]))
    provenance = _provenance(doc, norm, parsed)
    for k, link in enumerate(content["links"][len(fields.links) :], start=len(fields.links)):
        # a link the file carries (an annotation) that its text also shows
        if (at := norm.text.find(link)) >= 0:
            provenance[f"links[{k}]"] = _span_provenance(doc, norm, at, at + len(link))
    return Meeting(
        **content,
        meeting_id=meeting_id(fields, doc.sha256),
        sources=[source_of(doc)],
        provenance=provenance,
        confidence=parsed.confidence,
        text=norm.text,
        warnings=warnings,
    )


@dataclass(frozen=True)
class MeetingReading:
    """A meeting with what its file showed of the reading: what the copy comparison needs beyond the JSON."""

    meeting: Meeting
    pages: tuple[Page, ...]  # as the reader gave them (OCR pages carry the words read with low confidence)
    line_pages: tuple[int, ...]  # the page of each line of ``meeting.text.split("\n")``
    furniture: frozenset[int]  # lines of ``meeting.text`` that are a running header or footer kept once
    minutes: bool = True  # False: the file does not read as minutes; the meeting has its text, no fields


def meeting_from_document(doc: ExtractedDocument) -> Meeting:
    return read_document(doc).meeting


def meetings_from_document(doc: ExtractedDocument) -> list[Meeting]:
    """Every meeting of a file: one, or several when the file keeps the minutes of several."""
    return [reading.meeting for reading in read_documents(doc)]


def read_document(doc: ExtractedDocument) -> MeetingReading:
    """The file's (first) meeting, with what its reading showed."""
    return read_documents(doc)[0]


def read_documents(doc: ExtractedDocument) -> list[MeetingReading]:
    norm = normalize_pages(doc.pages)
    parts = split_meetings(norm.text)
    readings = []
    used: dict[str, int] = {}
    for ranges in parts:
        part = norm if len(parts) == 1 else norm.part(ranges)
        parsed = parse_meeting(part.text)
        meeting = build_meeting(doc, part, parsed)
        if len(parts) > 1:
            # two meetings of one day and body in one file: the second is "…_2"
            used[meeting.meeting_id] = used.get(meeting.meeting_id, 0) + 1
            if used[meeting.meeting_id] > 1:
                meeting.meeting_id += f"_{used[meeting.meeting_id]}"
            meeting.warnings.append(f"one of {len(parts)} meetings in this file")
        readings.append(MeetingReading(meeting, tuple(doc.pages), part.line_pages, part.furniture, parsed.minutes))
    return readings


def read_meeting(path: Path | str, options: ExtractOptions | None = None) -> MeetingReading:
    """:func:`extract_meeting`, with the pages and the page furniture of the reading."""
    return read_document(extract(path, options))


def extract_meeting(path: Path | str, options: ExtractOptions | None = None) -> Meeting:
    """Read one minutes file of any supported format into a validated meeting (its first, when
    the file holds several: :func:`extract_meetings` gives them all)."""
    return meeting_from_document(extract(path, options))


def extract_meetings(path: Path | str, options: ExtractOptions | None = None) -> list[Meeting]:
    """Every meeting of one minutes file (usually one)."""
    return meetings_from_document(extract(path, options))
