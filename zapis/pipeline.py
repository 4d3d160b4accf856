"""One file → one meeting: read, normalize, parse, build the validated model.

This is the library entry point the CLI mirrors: :func:`extract_meeting` is ``zapis extract``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zapis.document import ExtractedDocument, Page
from zapis.lang import slug
from zapis.normalize import NormalizedText, normalize_pages
from zapis.parse import ParsedMeeting, parse_meeting, split_meetings
from zapis.readers import ExtractOptions, extract
from zapis.schema import Meeting, MeetingFields, Provenance, Source

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


def _provenance(norm: NormalizedText, parsed: ParsedMeeting) -> dict[str, Provenance]:
    lines = norm.text.split("\n")
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
    return provenance


def build_meeting(doc: ExtractedDocument, norm: NormalizedText, parsed: ParsedMeeting) -> Meeting:
    warnings = list(doc.warnings) + parsed.warnings
    if doc.ocr_confidence is not None and doc.ocr_confidence < LOW_OCR_CONFIDENCE:
        warnings.append(f"low OCR confidence ({doc.ocr_confidence:.0f}/100): check names and dates")
    fields = parsed.fields
    content = {name: getattr(fields, name) for name in MeetingFields.model_fields}
    content["links"] = list(dict.fromkeys([*fields.links, *doc.links]))
    return Meeting(
        **content,
        meeting_id=meeting_id(fields, doc.sha256),
        sources=[source_of(doc)],
        provenance=_provenance(norm, parsed),
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
