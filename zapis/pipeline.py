"""One file → one meeting: extract, normalize, parse, build the validated model.

This is the library entry point the CLI mirrors: :func:`extract_meeting` is ``zapis extract``.
"""

from __future__ import annotations

from pathlib import Path

from zapis.document import ExtractedDocument
from zapis.ingest import ExtractOptions, extract
from zapis.normalize import NormalizedText, normalize_pages
from zapis.normalize.czech import slug
from zapis.normalize.lexicon import restore_known_spellings
from zapis.normalize.organizations import canonical_organization, organization_list
from zapis.parse import ParsedMeeting, parse_meeting
from zapis.parse.people import PersonEntry
from zapis.schema import (
    Contact,
    DateMention,
    Decision,
    Item,
    Meeting,
    NextMeeting,
    Organization,
    Person,
    Provenance,
    Source,
)

# Below this mean word confidence an OCR page is likely to hold misread names and dates.
LOW_OCR_CONFIDENCE = 70.0


def meeting_id(parsed: ParsedMeeting, sha256: str) -> str:
    """Stable, readable id from the date and the body: "2022-09-19_pracovni-skupina-pro-cizince…".

    Without a date or a body, the content hash keeps different documents apart.
    """
    date = parsed.date.isoformat() if parsed.date else "undated"
    body = slug(parsed.body or parsed.title or "", max_words=8)
    if parsed.date and body:
        return f"{date}_{body}"
    return f"{date}_{body or 'document'}_{sha256[:8]}"


def _person(entry: PersonEntry | None) -> Person | None:
    if entry is None:
        return None
    return Person(
        name=entry.name,
        raw=entry.raw,
        person_id=slug(entry.name),
        organization=entry.organization,
        role=entry.role,
    )


def _people(entries: list[PersonEntry]) -> list[Person]:
    return [p for p in (_person(e) for e in entries) if p is not None]


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


def build_meeting(doc: ExtractedDocument, norm: NormalizedText, parsed: ParsedMeeting) -> Meeting:
    lines = norm.text.split("\n")
    provenance = {}
    for field, index in parsed.lines.items():
        text_line = parsed.text_line(index)
        excerpt = lines[text_line] if 0 <= text_line < len(lines) else ""
        provenance[field] = Provenance(
            source=0, page=norm.page_of_line(text_line), line=text_line + 1, excerpt=excerpt[:200]
        )
    warnings = list(doc.warnings) + parsed.warnings
    if doc.ocr_confidence is not None and doc.ocr_confidence < LOW_OCR_CONFIDENCE:
        warnings.append(f"low OCR confidence ({doc.ocr_confidence:.0f}/100): check names and dates")
    links = list(dict.fromkeys([*parsed.links, *doc.links]))
    known = organization_list().names
    return Meeting(
        meeting_id=meeting_id(parsed, doc.sha256),
        title=parsed.title,
        body=parsed.body,
        series=parsed.series,
        date=parsed.date,
        start_time=parsed.start_time,
        end_time=parsed.end_time,
        location=parsed.location,
        agenda=parsed.agenda,
        attendees=_people(parsed.attendees),
        excused=_people(parsed.excused),
        absent=_people(parsed.absent),
        guests=_people(parsed.guests),
        recorded_by=_person(parsed.recorded_by),
        verified_by=_people(parsed.verified_by),
        chaired_by=_person(parsed.chaired_by),
        items=[Item(title=s.title, text=s.text) for s in parsed.items],
        decisions=[
            Decision(
                kind=d.kind,
                text=d.text,
                number=d.number,
                votes_for=d.votes[0] if d.votes else None,
                votes_against=d.votes[1] if d.votes else None,
                votes_abstained=d.votes[2] if d.votes else None,
                deadline=d.deadline,
                responsible=d.responsible,
            )
            for d in parsed.decisions
        ],
        mentions=[
            Person(
                name=m.name,
                raw=m.raw,
                person_id=slug(m.name),
                organization=canonical_organization(m.organization) if m.organization else None,
            )
            for m in parsed.mentions
        ],
        organizations=[
            Organization(name=o.name, raw=o.raw, org_id=slug(o.name) if o.name in known else None)
            for o in parsed.organizations
        ],
        next_meetings=[
            NextMeeting(date=n.date, time=n.time, location=n.location, raw=n.raw) for n in parsed.next_meetings
        ],
        dates_mentioned=[
            DateMention(date=d.date, raw=d.raw, year_inferred=d.year_inferred) for d, _ in parsed.dates_mentioned
        ],
        contacts=[Contact(name=c.name, phone=c.phone, email=c.email, raw=c.raw) for c in parsed.contacts],
        links=links,
        sources=[source_of(doc)],
        provenance=provenance,
        text=norm.text,
        warnings=warnings,
    )


def meeting_from_document(doc: ExtractedDocument) -> Meeting:
    norm = normalize_pages([restore_known_spellings(p.text) if p.method == "ocr" else p.text for p in doc.pages])
    return build_meeting(doc, norm, parse_meeting(norm.text))


def extract_meeting(path: Path | str, options: ExtractOptions | None = None) -> Meeting:
    """Read one minutes file of any supported format into a validated meeting."""
    return meeting_from_document(extract(path, options))


def meeting_json(meeting: Meeting) -> str:
    """The JSON text of a meeting: sorted keys, UTF-8 without escapes, trailing newline.

    The same bytes as the files ``zapis ingest`` writes for a meeting with one copy.
    """
    from zapis.archive.output import dumps

    return dumps(meeting.model_dump(mode="json")).decode("utf-8")
