"""Parsing: normalized text → the fields of one meeting.

Written for Czech minutes in general: labels and word lists come from zapis/data/*.toml,
and every rule is about the shape of minutes (labels, lists, numbered items, dates), not
about any one document.  Each field records the line it was read from, for provenance.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from zapis.normalize.czech import fold
from zapis.parse.agenda import agenda_from_headings, agenda_in_sentence, collect_agenda
from zapis.parse.contacts import ContactEntry, find_contacts, find_links
from zapis.parse.dates import DateMatch, find_dates
from zapis.parse.header import is_web_line, parse_header
from zapis.parse.labels import Label, match_label, split_inline_labels
from zapis.parse.mentions import Mention, find_mentions
from zapis.parse.orgs import OrgMention, abbreviation_definitions, find_organizations
from zapis.parse.people import PersonEntry, collect_people, parse_people_text, split_guests
from zapis.parse.phrases import excused_in_sentences, recorders_in_sentences
from zapis.parse.schedule import NextMeetingEntry, find_dates_mentioned, find_next_meetings
from zapis.parse.sections import DecisionEntry, Section, find_decisions, split_sections

__all__ = ["ParsedMeeting", "parse_meeting"]

_PEOPLE_FIELDS = ("attendees", "excused", "absent", "guests")


@dataclass
class ParsedMeeting:
    title: str | None = None
    body: str | None = None
    series: str | None = None
    date: dt.date | None = None
    start_time: str | None = None
    end_time: str | None = None
    location: str | None = None
    agenda: list[str] = field(default_factory=list)
    attendees: list[PersonEntry] = field(default_factory=list)
    excused: list[PersonEntry] = field(default_factory=list)
    absent: list[PersonEntry] = field(default_factory=list)
    guests: list[PersonEntry] = field(default_factory=list)
    recorded_by: PersonEntry | None = None
    verified_by: list[PersonEntry] = field(default_factory=list)
    chaired_by: PersonEntry | None = None
    items: list[Section] = field(default_factory=list)
    decisions: list[DecisionEntry] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    organizations: list[OrgMention] = field(default_factory=list)
    next_meetings: list[NextMeetingEntry] = field(default_factory=list)
    dates_mentioned: list[tuple[DateMatch, int]] = field(default_factory=list)
    contacts: list[ContactEntry] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    # field → index of the line (in ``lines``) it was read from; lines → text line via ``origin``
    lines: dict[str, int] = field(default_factory=dict)
    origin: list[int] = field(default_factory=list)
    line_text: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def text_line(self, index: int) -> int:
        """The line number (0-based) in the normalized text of parser line ``index``."""
        return self.origin[index] if 0 <= index < len(self.origin) else 0


def _split_lines(text: str) -> tuple[list[str], list[int]]:
    lines: list[str] = []
    origin: list[int] = []
    for n, line in enumerate(text.split("\n")):
        for part in split_inline_labels(line):
            lines.append(part)
            origin.append(n)
    return lines, origin


def _find_labels(lines: list[str]) -> dict[int, Label]:
    out = {}
    for i, line in enumerate(lines):
        if is_web_line(line):
            continue
        label = match_label(line)
        if label:
            out[i] = label
    return out


def parse_meeting(text: str) -> ParsedMeeting:
    lines, origin = _split_lines(text)
    p = ParsedMeeting(origin=origin, line_text=lines)
    labels = _find_labels(lines)
    header = parse_header(lines, labels, text)
    for name in ("title", "body", "series", "date", "start_time", "end_time", "location"):
        setattr(p, name, getattr(header, name))
    p.lines.update(header.lines)
    p.warnings.extend(header.warnings)
    consumed: set[int] = set()  # lines read as lists and labels: not body text
    _read_labels(p, lines, labels, consumed)
    consumed |= {i for i in header.lines.values() if i < header.end}
    if not p.agenda:
        p.agenda, line = agenda_in_sentence(lines)
        if line is not None:
            p.lines["agenda"] = line
    if not p.agenda:
        p.agenda, agenda_lines = agenda_from_headings(lines, header.end)
        if agenda_lines:
            p.lines["agenda"] = agenda_lines[0]
    _people_in_sentences(p, lines)
    _expand_abbreviated_body(p, text)
    body_start = header.end
    p.items = split_sections(lines, consumed, body_start)
    p.decisions = find_decisions(lines, body_start)
    body_text = "\n".join(ln for i, ln in enumerate(lines) if i >= body_start and i not in consumed)
    p.mentions = find_mentions(body_text)
    p.organizations = find_organizations(text)
    p.next_meetings = find_next_meetings(lines, p.date)
    next_lines = {e.line for e in p.next_meetings}
    skip = next_lines | ({p.lines["date"]} if "date" in p.lines else set())
    p.dates_mentioned = find_dates_mentioned(lines, p.date, skip)
    p.contacts = find_contacts(lines)
    p.links = find_links(text)
    if looks_like_minutes(p, text):
        _warn_missing(p)
    else:
        _drop_unfounded(p)
    return p


def _read_labels(p: ParsedMeeting, lines: list[str], labels: dict[int, Label], consumed: set[int]) -> None:
    for i in sorted(labels):
        if i in consumed:
            continue
        label = labels[i]
        if label.field in _PEOPLE_FIELDS:
            people, last = collect_people(lines, i, label.rest, label.field)
            consumed.update(range(i, last + 1))
            if label.field == "attendees":
                people, guests = split_guests(people)
                p.guests.extend(g for g in guests if fold(g.name) not in {fold(x.name) for x in p.guests})
            target = getattr(p, label.field)
            known = {fold(x.name) for x in target}
            target.extend(x for x in people if fold(x.name) not in known)
            p.lines.setdefault(label.field, i)
        elif label.field == "agenda" and not p.agenda:
            items, last = collect_agenda(lines, i, label.rest)
            if items:
                p.agenda = items
                p.lines["agenda"] = i
                consumed.update(range(i, last + 1))
        elif label.field in ("recorded_by", "chair"):
            person, last = _single_person(lines, i, label)
            if person is not None:
                if label.field == "recorded_by":
                    p.recorded_by = person  # the last one wins: recorders sign at the end
                    p.lines["recorded_by"] = i
                else:
                    p.chaired_by = p.chaired_by or person
                consumed.update(range(i, last + 1))
        elif label.field == "verified_by":
            people, last = collect_people(lines, i, _strip_dates(label.rest))
            if people:
                p.verified_by.extend(people)
                consumed.update(range(i, last + 1))
    # "Nepřítomni: p. Žák – omluven": absent (or listed) with an excuse is excused
    for group in (p.absent, p.attendees):
        for entry in list(group):
            if entry.role and fold(entry.role).startswith("omluven"):
                group.remove(entry)
                p.excused.append(entry)


def _strip_dates(text: str) -> str:
    for d in reversed(find_dates(text)):
        text = text[: d.start] + text[d.end :]
    text = re.sub(r"\bdne\b", " ", text)
    return re.sub(r"\s+[–—-]\s*$", "", text.strip()).strip(" ,;–-")


def _single_person(lines: list[str], i: int, label: Label) -> tuple[PersonEntry | None, int]:
    """The person after "Zapsal:" (same line, or the next line after "Zapsal dne …")."""
    rest = _strip_dates(label.rest)
    if rest:
        people, _ = parse_people_text(rest, i, allow_lowercase=rest == rest.lower() and len(rest.split()) == 1)
        return (people[0] if people else None), i
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines) and j - i <= 3:
        people, rejected = parse_people_text(lines[j], j)
        if people and not rejected:
            return people[0], j
    return None, i


def _people_in_sentences(p: ParsedMeeting, lines: list[str]) -> None:
    """Recorders and excused people named in sentences, when no label listed them."""
    if p.recorded_by is None:
        found = recorders_in_sentences(lines)
        if found:
            name, raw, i = found[0]
            p.recorded_by = PersonEntry(name, raw, None, None, i)
            p.lines["recorded_by"] = i
    if not p.excused and "excused" not in p.lines:
        for name, raw, i in excused_in_sentences(lines):
            p.excused.append(PersonEntry(name, raw, None, None, i))
            p.lines.setdefault("excused", i)


def _expand_abbreviated_body(p: ParsedMeeting, text: str) -> None:
    """ "Zápis ze zasedání FV" with "finančního výboru (FV)" in the text → "Finanční výbor"."""
    if p.body and re.fullmatch(r"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]{2,6}", p.body):
        from zapis.parse.body_name import body_nominative

        expansion = abbreviation_definitions(text).get(p.body)
        if expansion:
            p.body = body_nominative(expansion) or p.body


_MINUTES_WORDS = re.compile(
    r"\b(?:zápis\w*|jednání|schůz\w+|zasedání|setkání|porad[ayě]|usnesení|přítomn\w+|omluven\w*|program\w*|"
    r"hlasování|zapsal\w*|ověřovatel\w*|valn\w+ hromad\w+)\b",
    re.IGNORECASE,
)


def looks_like_minutes(p: ParsedMeeting, text: str) -> bool:
    """Minutes name a meeting or list who attended; an invoice or an article does neither."""
    structural = bool(p.attendees or p.agenda or p.recorded_by or p.excused or "attendees" in p.lines)
    words = len(_MINUTES_WORDS.findall(text))
    return structural or (p.body is not None and words >= 2) or words >= 4


def _drop_unfounded(p: ParsedMeeting) -> None:
    """A document that is not minutes keeps its text but no meeting fields: they would be guesses."""
    for name in (
        "title",
        "body",
        "series",
        "date",
        "start_time",
        "end_time",
        "location",
        "recorded_by",
        "chaired_by",
    ):
        setattr(p, name, None)
    for name in (
        "agenda",
        "attendees",
        "excused",
        "absent",
        "guests",
        "verified_by",
        "next_meetings",
        "decisions",
    ):
        setattr(p, name, [])
    for name in ("title", "body", "series", "date", "start_time", "end_time", "location"):
        p.lines.pop(name, None)
    p.warnings.append(
        "this does not look like meeting minutes (no meeting words, attendees or agenda): text kept, no meeting fields"
    )


def _warn_missing(p: ParsedMeeting) -> None:
    if p.date is None:
        p.warnings.append("no meeting date found")
    if p.body is None:
        p.warnings.append("no meeting body (committee, group) found")
    if not p.attendees and "attendees" not in p.lines:
        p.warnings.append("no list of attendees found")
