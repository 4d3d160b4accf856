"""People named in running text with an honorific: "paní Horáková z Fokusu", "od paní Teplé", "p. Hrubá".

The honorific tells the case ("pana" genitive/accusative, "panu" dative, "panem"
instrumental; "paní" does not decline, the surname's ending tells) and often the gender, and
the name is put in the nominative (:func:`zapis.lang.read_name`: the Czech dictionary and the
hand rules, ranked).  Titles and honorifics are not part of the name.  A meeting gets one
mention per person, linked to the person of its lists it names ("paní Nováková" and the
attendee "Jana Nováková" share a ``person_id``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from zapis.lang import (
    Case,
    Gender,
    canonical_organization,
    fit,
    honorific_case,
    is_not_name,
    is_title,
    load,
    match_tier,
    name_key,
    read_name,
    slug,
    words,
)
from zapis.schema import Person

_CAP = r"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]+(?:-[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]+)?"
_NAME = rf"{_CAP}(?:\s+{_CAP}){{0,2}}"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A name after an honorific ("od paní Teplé"), after titles alone ("… úřadu Ing. Mádlové"),
    and an organization right after a name ("z Fokusu").  Names are capitalised, so these run
    on the text as written, not folded."""
    honorifics = sorted(load("names")["honorific_cases"], key=len, reverse=True)
    hon = "|".join(f"[{h[0].upper()}{h[0]}]{re.escape(h[1:])}" for h in honorifics)
    titles = sorted({t for t in words("names", "titles") if t.isalpha() and len(t) >= 2}, key=len, reverse=True)
    title_words = rf"(?:(?:{'|'.join(map(re.escape, titles))})\.\s*)"
    mention = re.compile(rf"(?<![\w.])(?P<hon>{hon})\s*(?P<titles>{title_words}*)(?P<name>{_NAME})")
    titled = re.compile(rf"(?<![\w.])(?P<titles>{title_words}+)(?P<name>{_NAME})")
    prepositions = "|".join(map(re.escape, words("names", "organization_prepositions")))
    org_after = re.compile(
        rf"^\s+(?:{prepositions})\s+(?P<org>[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][\w.-]*(?:\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][\w.-]*)?)"
    )
    return mention, titled, org_after


@dataclass(frozen=True)
class Mention:
    name: str  # in the nominative, without titles and honorifics
    raw: str  # as written, with the honorific and titles
    start: int
    organization: str | None
    evidence: str = ""  # how the name was put in the nominative

    def person(self, person_id: str | None = None) -> Person:
        organization = canonical_organization(self.organization) if self.organization else None
        return Person(name=self.name, raw=self.raw, person_id=person_id or slug(self.name), organization=organization)


def _name_words(match: re.Match[str]) -> list[str]:
    return match.group("name").split()


def _read(tokens: list[str], case: Case, gender: Gender | None) -> tuple[str, int, str] | None:
    """(nominative, words used, evidence) of the words after an honorific or title."""
    tokens = [t for t in tokens if not is_title(t)]
    for i, tok in enumerate(tokens):
        if is_not_name(tok):
            tokens = tokens[:i]
            break
    reading = read_name(tokens, case, gender)
    if reading is None or any(is_not_name(word) for word in reading.name.split()):
        return None  # "pana Ředitele": a role in the nominative, not a name
    return reading.name, reading.used, reading.explanation


def _raw(match: re.Match[str], used: int) -> str:
    """The matched text up to the last name word the reading used."""
    text = match.group(0)
    name_start = match.start("name") - match.start()
    words_ = list(re.finditer(r"\S+", text[name_start:]))
    end = name_start + words_[min(used, len(words_)) - 1].end()
    return text[:end].strip()


def find_mentions(text: str, default_case: Case = "any") -> list[Mention]:
    """Names after an honorific or a title.  ``default_case``: the grammatical case of names
    introduced by a title only ("Omluvil Ing. Miroslava Mouchu" → accusative)."""
    out: list[Mention] = []
    taken: set[int] = set()
    mention_re, titled_re, org_re = _patterns()
    for m in mention_re.finditer(text):
        hon = m.group("hon")
        case, gender = honorific_case(hon) or ("any", None)
        tokens = _name_words(m)
        if not tokens or is_not_name(tokens[0]) or is_title(tokens[0]):
            continue
        if hon.rstrip(".").lower() == "p" and tokens[0].endswith(("á", "ová")):
            gender = "f"
        read = _read(tokens, case, gender)
        if read is None:
            continue
        name, used, evidence = read
        raw = _raw(m, used)
        end = m.start() + len(raw)
        out.append(Mention(name, raw, m.start(), _organization_after(org_re, text[end:]), evidence))
        taken.add(m.start("name"))
    for m in titled_re.finditer(text):
        if m.start("name") in taken or any(abs(m.start("name") - t) < 3 for t in taken):
            continue
        tokens = _name_words(m)
        if not tokens or is_not_name(tokens[0]):
            continue
        read = _read(tokens, default_case, None)
        if read is None:
            continue
        name, used, evidence = read
        out.append(Mention(name, _raw(m, used), m.start(), None, evidence))
    out.sort(key=lambda x: x.start)
    return out


_ADJECTIVE = re.compile(r"(?:ího|ého|ské|ského|cké|ckého|ní|ný|ná|né)$")
_LOWER_WORD = re.compile(r"\s+([a-záčďéěíňóřšťúůýž]{3,})")


def _organization_after(pattern: re.Pattern[str], rest: str) -> str | None:
    """ "z Fokusu", "z Obecního úřadu": the organization right after a name, as written.

    A capitalised adjective is the start of a longer name ("Obecního úřadu"): its noun is taken
    along, never the adjective alone.
    """
    m = pattern.match(rest)
    if m is None:
        return None
    org = m.group("org")
    if _ADJECTIVE.search(org):
        noun = _LOWER_WORD.match(rest, m.end("org"))
        return org + " " + noun.group(1) if noun else None
    return org


def _same_person(a: str, b: str) -> bool:
    return match_tier(a, b) in ("exact", "declension", "surname", "initial")


def _listed_person(name: str, listed: Sequence[Person]) -> Person | None:
    """The one person of the meeting's lists that ``name`` names, or None (nobody, or several)."""
    key = name_key(name)
    fits: dict[str, Person] = {}
    for person in listed:
        other = name_key(person.name)
        if key.full and other.full:
            ok = match_tier(name, person.name) in ("exact", "declension")
        elif key.short and other.full:
            ok = fit(key, other) in ("exact", "declension")
        else:
            ok = match_tier(name, person.name) in ("exact", "surname")
        if ok:
            fits.setdefault(person.person_id or slug(person.name), person)
    return next(iter(fits.values())) if len(fits) == 1 else None


def meeting_mentions(mentions: Sequence[Mention], listed: Sequence[Person]) -> list[Person]:
    """One mention per person of the meeting, in the order of first appearance, each with the
    ``person_id`` of the listed person (attendee, guest, …) it names when exactly one fits.

    Two mentions are one person when their names are (a surname alone joins the one full name
    it fits: "paní Nováková" after "paní Jana Nováková"); the fullest spelling is kept."""
    groups: list[list[Mention]] = []
    for mention in mentions:
        same = [g for g in groups if any(_same_person(mention.name, other.name) for other in g)]
        if len(same) == 1:
            same[0].append(mention)
        elif not same:
            groups.append([mention])
        else:  # a surname alone that fits several people mentioned: its own entry
            groups.append([mention])
    out: list[Person] = []
    for group in groups:
        best = max(group, key=lambda m: (len(m.name.split()), -m.start))
        organization = next((m.organization for m in group if m.organization), None)
        chosen = Mention(best.name, best.raw, best.start, organization, best.evidence)
        listed_person = _listed_person(chosen.name, listed)
        person_id = listed_person.person_id if listed_person is not None else None
        out.append(chosen.person(person_id))
    return out
