"""Parsing: normalized text → the fields of one meeting.

Written for Czech minutes in general: labels and word lists come from zapis/data/*.toml,
and every rule is about the shape of minutes (labels, lists, numbered items, dates), not
about any one document.  Each field records the line it was read from, for provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zapis.lang import fold, fold_aligned, is_role, phrases
from zapis.parse.agenda import agenda_from_headings, agenda_in_sentence, all_topics, collect_agenda
from zapis.parse.body_name import body_from_title, body_nominative
from zapis.parse.confidence import JUDGED, confidence_of, threshold
from zapis.parse.contacts import find_contacts, find_links
from zapis.parse.dates import find_dates
from zapis.parse.decisions import Context, find_decisions
from zapis.parse.header import is_web_line, join_broken_title, parse_header
from zapis.parse.labels import PRESENCE_FIELDS, Label, match_label, split_inline_labels
from zapis.parse.lines import next_filled
from zapis.parse.mentions import find_mentions, meeting_mentions
from zapis.parse.numbering import item_number
from zapis.parse.orgs import abbreviation_definitions, find_organizations
from zapis.parse.people import (
    PersonEntry,
    attendance_count,
    collect_people,
    everyone_except,
    is_name_line,
    parse_people_text,
    person,
    split_guests,
)
from zapis.parse.roster import find_roster
from zapis.parse.schedule import find_dates_mentioned, find_next_meetings
from zapis.parse.sections import split_sections
from zapis.parse.sentences import (
    appointed_in_sentences,
    attendees_in_sentences,
    chairs_in_sentences,
    excused_in_sentences,
    recorder_after_date,
    recorder_at_the_end,
    recorder_in_signatures,
    recorders_in_sentences,
)
from zapis.parse.spans import Span, locate
from zapis.parse.split import split_meetings
from zapis.parse.tasks import match_attendee
from zapis.parse.votes import inline_tally
from zapis.schema import DateMention, MeetingFields, Person, people_of

__all__ = ["ParsedMeeting", "Span", "parse_meeting", "split_meetings"]


@dataclass
class ParsedMeeting:
    """The fields read from one text, and where each was read."""

    fields: MeetingFields = field(default_factory=MeetingFields)
    # field → index of the line (in ``line_text``) it was read from; lines → text line via ``origin``
    lines: dict[str, int] = field(default_factory=dict)
    # field → the kind of evidence it was read from ("label", "title", "sentence" …) and the next
    # best reading where there was one: what its confidence is judged by
    how: dict[str, str] = field(default_factory=dict)
    runner_up: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)  # field → 0–1, for the fields given
    origin: list[int] = field(default_factory=list)
    line_text: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    recorders: list[Person] = field(default_factory=list)  # every recorder read, in order of reading
    minutes: bool = True  # False: the text does not read as minutes (an invitation, an invoice, a README)
    # per decision: the line it was read from and the lines of its vote record (parser lines)
    decision_lines: list[tuple[int, tuple[int, int] | None]] = field(default_factory=list)
    # field or entry ("attendees[2]", "decisions[0].votes") → where its evidence stands in the text
    spans: dict[str, Span] = field(default_factory=dict)

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
    return join_broken_title(lines, origin)


def _find_labels(lines: list[str]) -> dict[int, Label]:
    out = {}
    for i, line in enumerate(lines):
        if is_web_line(line):
            continue
        label = match_label(line)
        if label is None:
            continue
        # A bare heading word ("Program", "Obsah") is the agenda's label only when a list follows:
        # on its own it is a menu entry or a section title.
        if label.field == "agenda" and not label.has_colon and not _list_follows(lines, i):
            continue
        out[i] = label
    return out


def _list_follows(lines: list[str], i: int) -> bool:
    nxt = next((ln for ln in lines[i + 1 : i + 4] if ln.strip()), "")
    return item_number(nxt) is not None or nxt.lstrip().startswith(("-", "–", "•"))


_HEADER_FIELDS = ("title", "body", "series", "date", "start_time", "end_time", "location")


def parse_meeting(text: str) -> ParsedMeeting:
    lines, origin = _split_lines(text)
    p = ParsedMeeting(origin=origin, line_text=lines)
    f = p.fields
    labels = _find_labels(lines)
    header = parse_header(lines, labels, text)
    for name in _HEADER_FIELDS:
        setattr(f, name, getattr(header, name))
    p.lines.update(header.lines)
    p.how.update(header.how)
    p.runner_up.update(header.runner_up)
    p.warnings.extend(header.warnings)
    consumed: set[int] = set()  # lines read as lists and labels: not body text
    _read_labels(p, lines, labels, consumed)
    _others_present(p, lines, consumed)
    consumed |= {i for i in header.lines.values() if i < header.end}
    if not f.agenda:
        f.agenda, line = agenda_in_sentence(lines)
        if line is not None:
            p.lines["agenda"], p.how["agenda"] = line, "sentence"
    if not f.agenda:
        f.agenda, agenda_lines = agenda_from_headings(lines, header.end, frozenset(consumed))
        if agenda_lines:
            p.lines["agenda"] = agenda_lines[0]
            p.how["agenda"] = "headings" if all_topics(f.agenda) else "headings_mixed"
    _people_in_sentences(p, lines)
    if not f.attendees and "attendees" not in p.lines:
        _read_roster(p, lines, consumed, header.title_line)
    if not f.attendees and "attendees" not in p.lines:
        # "… se zúčastnili všichni členové, jmenovitě …": no label, no roster, a sentence
        for name, raw, i in attendees_in_sentences(lines):
            f.attendees.append(person(name, raw))
            p.lines.setdefault("attendees", i)
            p.how.setdefault("attendees", "sentence")
    if f.body is None and (opened := _body_from_opening(lines)) is not None:
        f.body, p.lines["body"] = opened
        p.how["body"] = "sentence"
    _expand_abbreviated_body(f, text)
    body_start = header.end
    f.items = [s.item() for s in split_sections(lines, consumed, body_start)]
    _read_decisions(p, lines, header.lines.get("title"))
    body_text = "\n".join(ln for i, ln in enumerate(lines) if i >= body_start and i not in consumed)
    f.mentions = meeting_mentions(find_mentions(body_text), people_of(f))
    f.organizations = [o.organization() for o in find_organizations(text)]
    next_meetings = find_next_meetings(lines, f.date, f.body)
    f.next_meetings = [n.next_meeting() for n in next_meetings]
    skip = {e.line for e in next_meetings} | ({p.lines["date"]} if "date" in p.lines else set())
    f.dates_mentioned = [
        DateMention(date=d.date, raw=d.raw, year_inferred=d.year_inferred)
        for d, _ in find_dates_mentioned(lines, f.date, skip)
    ]
    f.contacts = [c.contact() for c in find_contacts(lines)]
    f.links = find_links(text)
    f.attendance_count = attendance_count(lines)
    if f.attendance_count is not None:  # the line that gives it, for provenance
        given = (i for i in range(len(lines)) if attendance_count(lines[i : i + 1]) == f.attendance_count)
        if (line := next(given, None)) is not None:
            p.lines["attendance_count"] = line
    if looks_like_minutes(f, text, "attendees" in p.lines):
        _judge(p)
        _warn_missing(p)
    else:
        _drop_unfounded(p)
        p.minutes = False
    f.recorders = _recorders(f.recorded_by, p.recorders)
    p.spans = _spans(p, text)
    return p


def _spans(p: ParsedMeeting, text: str) -> dict[str, Span]:
    def line_of(name: str) -> int | None:
        return p.text_line(p.lines[name]) if name in p.lines else None

    decisions = [
        (p.text_line(line), (p.text_line(vote[0]), p.text_line(vote[1])) if vote else None)
        for line, vote in p.decision_lines
    ]
    return locate(p.fields, text, line_of, decisions)


def _recorders(chosen: Person | None, seen: list[Person]) -> list[Person]:
    """Every recorder read, once each, in order; none when the recorder was not given (or was
    dropped as unsure)."""
    if chosen is None:
        return []
    out: dict[str, Person] = {}
    for x in [*seen, chosen]:
        out.setdefault(fold(x.name), x)
    return list(out.values())


def _people_on_label(rest: str, i: int) -> list[PersonEntry]:
    """ "Zapisovatelé: Jana Malá, Petr Novák": every name on a recorder label's line."""
    rest = _strip_dates(rest)
    people, rejected = parse_people_text(rest, i) if rest else ([], 0)
    return people if people and not rejected else []


def _judge(p: ParsedMeeting) -> None:
    """A confidence for every field that has a value; below the threshold the value is dropped,
    and a warning says what was found, how and what the next best reading was."""
    floor = threshold()
    for name in JUDGED:
        value = getattr(p.fields, name)
        if value in (None, [], ""):
            continue
        how = p.how.get(name, "header")
        sure = confidence_of(name, how)
        if sure >= floor:
            p.confidence[name] = sure
            continue
        shown = value.isoformat() if hasattr(value, "isoformat") else str(value)
        runner = f"; next best: {p.runner_up[name]}" if name in p.runner_up else ""
        p.warnings.append(f"{name} left empty, not sure enough ({how}, {sure:.2f}): found {str(shown)[:80]!r}{runner}")
        setattr(p.fields, name, None if not isinstance(value, list) else [])
        p.lines.pop(name, None)


def _read_labels(p: ParsedMeeting, lines: list[str], labels: dict[int, Label], consumed: set[int]) -> None:
    f = p.fields
    for i in sorted(labels):
        if i in consumed:
            continue
        label = labels[i]
        if label.field == "attendees" and (missing := everyone_except(label.rest, i)) is not None:
            # presence by exception: nobody is listed as present, the exceptions were absent
            known = {fold(x.name) for x in f.absent}
            f.absent.extend(x.person() for x in missing if fold(x.name) not in known)
            consumed.add(i)
            p.lines.setdefault("attendees", i)
            if missing:
                p.lines.setdefault("absent", i)
                p.how.setdefault("absent", "label")
        elif label.field in PRESENCE_FIELDS:
            people, last = collect_people(lines, i, label.rest, label.field)
            consumed.update(range(i, last + 1))
            if label.field == "attendees":
                people, guests = split_guests(people)
                known_guests = {fold(x.name) for x in f.guests}
                f.guests.extend(g.person() for g in guests if fold(g.name) not in known_guests)
            target = getattr(f, label.field)
            known = {fold(x.name) for x in target}
            target.extend(x.person() for x in people if fold(x.name) not in known)
            p.lines.setdefault(label.field, i)
            p.how.setdefault(label.field, "label")
        elif label.field == "agenda" and not f.agenda:
            items, last = collect_agenda(lines, i, label.rest)
            if len(items) == 1 and item_number(lines[last]) == 1:
                # "Program:" and its first item, the other items heading their parts further on
                more, _ = agenda_from_headings(lines, last + 1, frozenset(consumed), first=2)
                items += more
            if items:
                f.agenda = items
                p.lines["agenda"], p.how["agenda"] = i, "label"
                consumed.update(range(i, last + 1))
        elif label.field in ("recorded_by", "chair"):
            person, last = _single_person(lines, i, label)
            if person is not None:
                if label.field == "recorded_by":
                    # the last label wins (recorders sign at the end), its first name when it lists several
                    together = _people_on_label(label.rest, i) or [person]
                    f.recorded_by = together[0].person()
                    p.recorders.extend(x.person() for x in together)
                    p.lines["recorded_by"], p.how["recorded_by"] = i, "label"
                elif f.chaired_by is None:
                    f.chaired_by = person.person()
                    p.lines["chaired_by"], p.how["chaired_by"] = i, "label"
                consumed.update(range(i, last + 1))
        elif label.field == "verified_by":
            people, last = collect_people(lines, i, _strip_dates(label.rest))
            if people:
                f.verified_by.extend(x.person() for x in people)
                consumed.update(range(i, last + 1))
                p.lines.setdefault("verified_by", i)
                p.how.setdefault("verified_by", "label")
    # "Nepřítomni: p. Žák – omluven": absent (or listed) with an excuse is excused
    for group in (f.absent, f.attendees):
        for entry in list(group):
            if entry.role and fold(entry.role).startswith("omluven"):
                group.remove(entry)
                f.excused.append(entry)


def _others_present(p: ParsedMeeting, lines: list[str], consumed: set[int]) -> None:
    """ "dále Mgr. Petr Kos, ředitel školy" just below the lists of members: present, not a member.
    Only right under the attendance (a line of names or a label of who was there or not), and not
    when what follows says more than a name ("dále omluvena …", "Dále omluveni: …")."""
    if "attendees" not in p.lines:
        return
    others = phrases("minutes", "attendance", "others")
    for i, line in enumerate(lines):
        hit = others.startswith(line)
        above = next_filled(lines, i, step=-1, within=3)
        if hit is None or i in consumed or above is None or above not in consumed or not _in_attendance(lines[above]):
            continue
        label_above = match_label(lines[above])
        if above == i - 1 and label_above is not None and label_above.field != "attendees":
            continue  # "Omluveni: Petr Dub" / "dále Jana Horká": one more of the excused
        rest = line[hit.end :].strip(" :")
        if match_label(rest) or phrases("minutes", "sentences", "excused_passive").startswith(rest):
            continue
        people, rejected = parse_people_text(rest, i)
        if len(people) == 1 and rejected == 1 and "," in rest:
            # "Mgr. Petr Kos, ředitel školy": one person and the office after the comma
            head, office = rest.split(",", 1)
            rejected = 0 if is_role(office.split()[0]) and parse_people_text(head, i)[0] else 1
        if people and not rejected:
            known = {fold(x.name) for x in [*p.fields.guests, *p.fields.attendees]}
            p.fields.guests.extend(x.person() for x in people if fold(x.name) not in known)
            p.lines.setdefault("guests", i)
            p.how.setdefault("guests", "label")
            consumed.add(i)


def _in_attendance(line: str) -> bool:
    """A line of the attendance: a label of who was there or not, or a line of names."""
    label = match_label(line)
    return label.field in PRESENCE_FIELDS if label is not None else is_name_line(line)


def _read_decisions(p: ParsedMeeting, lines: list[str], title_line: int | None) -> None:
    """Resolutions, votes and tasks (zapis/parse/decisions.py); the title ("Usnesení z 5. zasedání …") is none."""
    f = p.fields
    skip = frozenset([title_line] if title_line is not None and len(lines[title_line]) <= 200 else [])
    found = find_decisions(lines, 0, Context(date=f.date, agenda=f.agenda, attendees=f.attendees), skip)
    f.decisions = found.decisions
    p.warnings.extend(found.warnings)
    if found.lines:
        p.lines["decisions"] = found.lines[0]
    p.decision_lines = list(zip(found.lines, found.votes, strict=True))


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
        people, rejected = parse_people_text(_without_vote(lines[j]), j)
        if people and not rejected:
            return people[0], j
    return None, i


def _without_vote(text: str) -> str:
    """ "p. Dub – Hlasování: 84 pro, 6 proti – SCHVÁLENO": the person elected, without the vote."""
    for m in re.finditer(r"\s+[–—-]\s+", text):
        tally = inline_tally(text[m.end() :])
        if tally.counts or tally.unanimous:
            return text[: m.start()]
    return text


def _read_roster(p: ParsedMeeting, lines: list[str], consumed: set[int], title_line: int | None) -> None:
    """Members one a line with their office or presence beside them, when no label listed them."""
    roster = find_roster(lines, title_line or 0, consumed)
    if roster is None:
        return
    f = p.fields
    f.attendees.extend(e.person() for e in roster.present)
    if not f.excused:
        f.excused.extend(e.person() for e in roster.excused)
    if not f.absent:
        f.absent.extend(e.person() for e in roster.absent)
    p.lines["attendees"], p.how["attendees"] = roster.first, "roster"
    consumed.update(range(roster.first, roster.last + 1))


def _people_in_sentences(p: ParsedMeeting, lines: list[str]) -> None:
    """Recorders, chairs and excused people named in sentences, when no label listed them."""
    f = p.fields
    if f.chaired_by is None:
        _chair_in_sentences(p, lines)
    if f.recorded_by is None:
        found = recorders_in_sentences(lines)
        if found:
            name, raw, i = found[0]
            f.recorded_by = person(name, raw)
            p.recorders.extend(person(n, r) for n, r, _ in found)
            p.lines["recorded_by"], p.how["recorded_by"] = i, "sentence"
        elif signed := recorder_after_date(lines) or recorder_in_signatures(lines) or recorder_at_the_end(lines):
            name, raw, i = signed
            f.recorded_by = person(name, raw)
            p.recorders.append(f.recorded_by)
            p.lines["recorded_by"], p.how["recorded_by"] = i, "signature"
    if not f.verified_by and "verified_by" not in p.lines:
        for name, raw, i in appointed_in_sentences(lines, "verifier"):
            f.verified_by.append(person(name, raw))
            p.lines.setdefault("verified_by", i)
            p.how.setdefault("verified_by", "sentence")
    if not f.excused and "excused" not in p.lines:
        for name, raw, i in excused_in_sentences(lines):
            f.excused.append(person(name, raw))
            p.lines.setdefault("excused", i)
            p.how.setdefault("excused", "sentence")


def _chair_in_sentences(p: ParsedMeeting, lines: list[str]) -> None:
    """ "Jan Novák (předsedající)" in the attendance, else "Jednání řídila …" or who opened the meeting;
    the name as the attendance list gives it when it is the same person ("Bárta V. st.")."""
    f = p.fields
    marked = [a for a in f.attendees if a.role and fold(a.role).startswith(fold("předsedající"))]
    if marked:
        f.chaired_by = marked[0].model_copy()
        return
    found = chairs_in_sentences(lines)
    if found:
        name, raw, i = found[0]
        listed = match_attendee(name, f.attendees)
        f.chaired_by = person(listed.name if listed else name, raw, listed.organization if listed else None)
        p.lines["chaired_by"] = i


def _body_from_opening(lines: list[str]) -> tuple[str, int] | None:
    """Without a title that names it, the body whose meeting was opened: "… zahájil jednání ŠR",
    "Starosta zahájil zasedání zastupitelstva obce Lhota" (the first such sentence)."""
    verbs = phrases("minutes", "opening", "verbs")
    for i, line in enumerate(lines):
        for hit in verbs.finditer(line):
            # the body ends with its clause: "zahájil schůzi výboru a přivítal přítomné"
            clause = _clause(line[hit.end :][:120])
            body = body_from_title(clause)
            if body:
                return body, i
    return None


def _clause(text: str) -> str:
    """The text up to the end of its clause: a comma, a full stop, or a conjunction ("… a přivítal")."""
    conjunctions = phrases("czech", "conjunctions").source
    end = re.search(rf",|;|\.\s|\s+{conjunctions}\s+", fold_aligned(text))
    return text[: end.start()] if end else text


def _expand_abbreviated_body(f: MeetingFields, text: str) -> None:
    """ "Zápis ze zasedání FV" with "finančního výboru (FV)" in the text → "Finanční výbor"."""
    if f.body and re.fullmatch(r"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]{2,6}", f.body):
        expansion = abbreviation_definitions(text).get(f.body)
        if expansion:
            f.body = body_nominative(expansion) or f.body


def looks_like_minutes(f: MeetingFields, text: str, attendance_label: bool = False) -> bool:
    """Minutes name a meeting or list who attended; an invoice or an article does neither."""
    if is_announcement(text):
        return False
    structural = bool(f.attendees or f.agenda or f.recorded_by or f.excused or attendance_label)
    # "Záznam z jednání dne 5. 11. 2024": a title that records a meeting, and its date
    structural = structural or (f.title is not None and f.date is not None)
    words = sum(1 for _ in phrases("minutes", "document", "minutes_words").finditer(text))
    return structural or (f.body is not None and words >= 2) or words >= 4


def is_announcement(text: str) -> bool:
    """An invitation or a notice of a meeting to come: announcing words and no mark of a record
    (nobody present, recorded, voting or opening anything)."""
    return (
        phrases("minutes", "document", "announce").search(text) is not None
        and phrases("minutes", "document", "record_marks").search(text) is None
    )


def _drop_unfounded(p: ParsedMeeting) -> None:
    """A document that is not minutes keeps its text but no meeting fields: they would be guesses."""
    kept = {name: getattr(p.fields, name) for name in _KEPT_WHEN_NOT_MINUTES}
    p.fields = MeetingFields(**kept)
    for name in _HEADER_FIELDS:
        p.lines.pop(name, None)
    p.warnings.append(
        "this does not look like meeting minutes (no meeting words, attendees or agenda): text kept, no meeting fields"
    )


# What any text has, minutes or not: everything else is a meeting field.
_KEPT_WHEN_NOT_MINUTES = ("items", "mentions", "organizations", "dates_mentioned", "contacts", "links")


def _warn_missing(p: ParsedMeeting) -> None:
    if p.fields.date is None:
        p.warnings.append("no meeting date found")
    if p.fields.body is None:
        p.warnings.append("no meeting body (committee, group) found")
    if not p.fields.attendees and "attendees" not in p.lines:
        p.warnings.append("no list of attendees found")
