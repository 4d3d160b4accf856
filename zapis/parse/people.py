"""Lists of people after a label: "Přítomni: A, B, C", one per line, in groups, with roles."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from zapis.lang import CleanName, clean_name, fold_aligned, is_honorific, phrases, read_name, slug, strip_titles
from zapis.parse.labels import match_label
from zapis.parse.lines import BULLET, next_filled
from zapis.parse.numbering import starts_item
from zapis.schema import Person

_COUNT = re.compile(r"\(\s*\d+\s*\)\s*$")
_DATE_LIKE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{2,4})?")
_SEPARATOR = re.compile(r"^\s*[_\-=*~]{3,}\s*$")
# A signature line's fill: "Jan Novák ………………", "Eva Malá ....................", "_______".
_FILL = re.compile(r"[…._]*(?:…|\.{3}|_{3})[…._]*")
_COUNT_FIRST = re.compile(r"^\s*\d{1,3}\s+[a-záčďéěíňóřšťúůýž]")  # "8 členů …", "15 zastupitelů"


@cache
def _group_prefix() -> re.Pattern[str]:
    """ "za zřizovatele: …", "zástupci rodičů: …": a group heading inside a list, in folded text."""
    return re.compile(rf"^\s*{phrases('names', 'group_prefixes').source}\s+([^:]{{1,60}}):\s*")


@dataclass(frozen=True)
class PersonEntry:
    name: str
    raw: str
    organization: str | None
    role: str | None
    line: int  # index of the line it was read from
    group: int = 0  # lists split by a separator line ("_____") or a group heading are groups 1, 2, …
    beside_count: bool = False  # named below a count of the members ("- 6 členů výboru – viz prezenční listina")

    @property
    def marked_guest(self) -> bool:
        """ "Lenka Kozlová (host)", "Roman Kučera host": the list itself says this is a guest; or the
        members are only counted and the people named beside the count are the others present."""
        notes = " ".join(filter(None, [self.role, self.organization, self.raw])).casefold()
        return self.beside_count or bool(re.search(r"\bhost(?:é|ka|ující)?\b", notes))

    def person(self) -> Person:
        return person(self.name, self.raw, self.organization, self.role)


def person(name: str, raw: str, organization: str | None = None, role: str | None = None) -> Person:
    """A person of the meeting; its id is the slug of the name until the archive's registry gives one."""
    return Person(name=name, raw=raw, person_id=slug(name), organization=organization, role=role)


def split_entries(text: str) -> list[str]:
    """Split a list of names on commas and semicolons; title-only pieces ("Csc.") rejoin their name."""
    text = _COUNT.sub("", _FILL.sub(" ", text))
    text = re.sub(r"^\s*\d{1,3}[.)]\s+", "", text)  # "1. Ivan Bartoš" in numbered lists
    text = re.split(r"\s+\d{1,2}[.)]\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]{2})", text)[
        0
    ]  # "Petr Záruba 1. Zahájení"
    text = re.sub(r"\)\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])", "), ", text)  # "Jan Novák (člen) Eva Nová (členka)"
    parts = re.split(r"\s*[,;]\s*(?![^()]*\))", text)
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and re.fullmatch(r"(?:[A-Za-z.]{2,6}\.?\s*){1,3}", part) and _is_titles_only(part):
            out[-1] = f"{out[-1]}, {part}"
            continue
        out.append(part)
    # "A, B a C": the last two joined by "a"
    if out and re.search(r"\s+a\s+", out[-1]):
        left, _, right = out[-1].rpartition(" a ")
        if clean_name(left) and clean_name(right):
            out[-1:] = [left, right]
    return out


def _is_titles_only(text: str) -> bool:
    from zapis.lang import is_title

    return all(is_title(t) for t in text.replace(",", " ").split())


def parse_people_text(text: str, line: int, allow_lowercase: bool = False) -> tuple[list[PersonEntry], int]:
    """People in one line of a list; returns (people, number of entries that were not names)."""
    group = _group_prefix().match(fold_aligned(text))
    organization = None
    if group:
        organization = text[group.start(1) : group.end(1)].strip()
        text = text[group.end() :]
    people: list[PersonEntry] = []
    rejected = 0
    for entry in split_entries(text):
        clean: CleanName | None = clean_name(entry, allow_lowercase=allow_lowercase)
        if clean is None:
            rejected += 1
            continue
        people.append(PersonEntry(clean.name, entry.strip(), clean.organization or organization, clean.role, line))
    return people, rejected


def everyone_except(rest: str, line: int) -> list[PersonEntry] | None:
    """ "všichni členové rady kromě Mgr. Hyčky a Ing. Hotařové": everyone was there but the people
    named after the exception word, read from the genitive (→ Hyčka, Hotařová).  None when the
    label's text is no such sentence; [] when a name after it cannot be read."""
    everyone = phrases("minutes", "attendance", "everyone").startswith(rest)
    if everyone is None:
        return None
    but = phrases("minutes", "attendance", "except").search(rest[everyone.end :])
    if but is None:
        return None
    out: list[PersonEntry] = []
    for entry in split_entries(rest[everyone.end + but.end :].strip(" .")):
        tokens = strip_titles(entry).split()
        reading = read_name(tokens, case="gen") if tokens and all(t[:1].isupper() for t in tokens) else None
        if reading is None or reading.used != len(tokens):
            return []
        out.append(PersonEntry(reading.name, entry.strip(), None, None, line))
    return out


@cache
def _count_pattern() -> re.Pattern[str]:
    # the number, then a word ("členů") or the end of the line; never a date or a time ("od 17.00")
    words = phrases("minutes", "attendance", "count").source
    labels = phrases("minutes", "attendance", "count_labels").source  # only with a colon: "Účast: 13 členů"
    # a word between: a verb ("Přítomno je 7 členů") or, checked by the caller, an abbreviation ("členů ZM: 21")
    between = rf"(?:\s+(?:{phrases('minutes', 'attendance', 'count_between').source}|(?P<abbr>[^\W\d]{{2,4}})))?"
    return re.compile(
        rf"(?<!\w)(?:{words}{between}\s*:?|{labels}\s*:)\s*(?P<n>\d{{1,3}})(?![.:,]?\d)(?:\s+(?:z|ze)\s+\d{{1,3}})?"
        rf"(?=\s+[^\W\d]|\s*$)"
    )


def attendance_count(lines: list[str]) -> int | None:
    """The first number of people present the minutes state ("Přítomno: 9 členů")."""
    others = phrases("minutes", "attendance", "count_others")
    for line in lines:
        for m in _count_pattern().finditer(fold_aligned(line)):
            abbreviation = m.group("abbr")
            if abbreviation is not None and not line[m.start("abbr") : m.end("abbr")].isupper():
                continue  # "přítomni za 2 obce": a word, not the body's abbreviation
            if not others.startswith(line[m.end() :]):
                return int(m.group("n"))
    return None


def is_name_line(text: str, allow_lowercase: bool = False, strict: bool = False) -> bool:
    """Does this line continue a list of people (mostly names, no sentence; only names when ``strict``)?"""
    if not text.strip() or (starts_item(text) and not re.match(r"^\s*\d{1,3}[.)]\s+\S+\s+\S+", text)):
        return False
    if len(text) > 400:
        return False
    people, rejected = parse_people_text(text, 0, allow_lowercase)
    if not people:
        return False
    if any(len(e.split()) > 6 and clean_name(e) is None for e in split_entries(text)):
        return False  # a sentence with a name in it, not a list
    return rejected <= (0 if strict else max(1, len(people) // 3))


def _is_group_heading(text: str) -> bool:
    """ "Vedení ZŠ", "Výbor SRPŠ", "Za rodiče:" — a short heading inside a list of people."""
    words = text.split()
    return 1 <= len(words) <= 4 and not re.search(r"[.!?]$", text.strip()) and not _DATE_LIKE.search(text)


def collect_people(lines: list[str], start: int, rest: str, field: str = "") -> tuple[list[PersonEntry], int]:
    """The people of the label on line ``start`` (``rest``: what follows its colon).

    Returns the people and the index of the last line read.  The list goes on over following
    lines while they hold names, across blank lines and short group headings ("Vedení ZŠ"),
    and stops at the next label, at a numbered item or at a line of prose.
    """
    lowercase = bool(rest) and rest == rest.lower() and "," in rest
    # "Přítomno: 8 členů školské rady" with the members listed below, by group
    count_only = bool(_COUNT_FIRST.match(rest))
    people, _ = parse_people_text(rest, start, lowercase) if rest and not count_only else ([], 0)
    if count_only and (named := _named_in_parentheses(rest, start) or _excused_beside_count(rest, start)):
        return named, start  # "Omluveni: 2 členové (Jan Dub, Eva Malá)"
    last = start
    if rest and not people and not count_only:
        return [], start  # "viz prezenční listina", "dle prezenční listiny"
    comma_last = rest.rstrip().endswith((",", ";"))
    ends_open = not rest or count_only or comma_last or bool(people)
    i = start + 1
    # "Přítomno:" / "- 6 členů výboru – viz prezenční listina" / "- Jan Dub – vedoucí odboru":
    # the members counted and listed elsewhere, the people named below are the others present
    first = next_filled(lines, start, within=3)
    counted = (
        not rest
        and first is not None
        and _COUNT_FIRST.match(BULLET.sub("", lines[first])) is not None
        and phrases("minutes", "attendance", "sheet").search(lines[first]) is not None
    )
    if counted and first is not None:
        i = first + 1
    pending_heading = False
    group = 0
    # names on the label's line, then a blank line: what follows goes on with the list only if
    # it holds nothing but names ("Omluveni: A, B" / "" / "Přivítání – předseda uvítal přítomné")
    closed = bool(people) and not comma_last
    after_blank = False
    while i < len(lines) and ends_open:
        text = lines[i].strip()
        if not text:
            after_blank = True
            i += 1
            continue
        if _SEPARATOR.match(text):
            group += 1
            i += 1
            continue
        if phrases("minutes", "attendance", "others").startswith(text):
            break  # "dále Mgr. Petr Kos, ředitel školy": others present, read by the parser apart
        label = match_label(text)
        if label and not _group_prefix().match(fold_aligned(text)) and not (label.field == field and not label.rest):
            break
        if label is None and text.endswith(":") and len(text.split()) <= 8 and _next_is_names(lines, i + 1, lowercase):
            if rest and people:
                break  # "Hosté: X" is whole; "zástupci zřizovatele:" below heads another list
            i += 1  # a group heading: "Přítomní další členové republikového výboru:"
            continue
        if rest and people and starts_item(text) and not starts_item(rest):
            break  # names on the label's line, then a numbered line: the minutes go on
        if is_name_line(text, lowercase, strict=closed and after_blank):
            got, _ = parse_people_text(text, i, lowercase)
            people.extend(replace(p, group=group, beside_count=counted) for p in got)
            last = i
            pending_heading = False
        elif _is_group_heading(text) and not pending_heading and _next_is_names(lines, i + 1, lowercase):
            pending_heading = True
            group += 1
        else:
            break
        i += 1
    return people, last


def _named_in_parentheses(rest: str, line: int) -> list[PersonEntry]:
    """The people a count names in parentheses: "2 členové (Jan Novák, Eva Malá)"."""
    inner = re.search(r"\(([^()]+)\)", rest)
    if inner is None:
        return []
    # only names: "(chyběli Jan Dub, Eva Malá)", "(hosté: …)" say more than who the count is
    words = re.findall(r"[^\W\d_]+\.?", inner.group(1))
    small = phrases("czech", "small_words")
    if any(w[:1].islower() and w not in small and not is_honorific(w.rstrip(".")) for w in words):
        return []
    people, rejected = parse_people_text(inner.group(1), line)
    return people if people and not rejected else []


def _excused_beside_count(rest: str, line: int) -> list[PersonEntry]:
    """ "6 členů zastupitelstva, P. Malá omluvena – zaměstnání": who is excused beside the count
    (their role says so, and the caller moves them to the excused)."""
    excused = phrases("minutes", "sentences", "excused_passive")
    out: list[PersonEntry] = []
    for entry in split_entries(rest)[1:]:
        hit = excused.search(entry)
        if hit is None or hit.start == 0:
            continue
        people, rejected = parse_people_text(entry[: hit.start], line)
        if len(people) == 1 and not rejected:
            out.append(replace(people[0], role=entry[hit.start :].strip(), raw=entry.strip()))
    return out


def split_guests(people: list[PersonEntry]) -> tuple[list[PersonEntry], list[PersonEntry]]:
    """Attendees and guests of an attendance list that marks its guests: each "(host)", and a
    whole group (after a separator or heading) when most of it is marked so."""
    groups: dict[int, list[PersonEntry]] = {}
    for p in people:
        groups.setdefault(p.group, []).append(p)
    guest_groups = {g for g, ps in groups.items() if g > 0 and 2 * sum(p.marked_guest for p in ps) >= len(ps)}
    attendees = [p for p in people if p.group not in guest_groups and not p.marked_guest]
    guests = [p for p in people if p.group in guest_groups or p.marked_guest]
    return attendees, guests


def _next_is_names(lines: list[str], i: int, lowercase: bool) -> bool:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i < len(lines) and is_name_line(lines[i], lowercase)
