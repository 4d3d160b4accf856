"""People named in running text with an honorific: "paní Horáková z Fokusu", "od paní Teplé", "p. Hrubá".

The honorific tells the case ("pana" genitive/accusative, "panu" dative, "panem"
instrumental; "paní" does not decline, the surname's ending tells), and the name is put in
the nominative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from zapis.lang import (
    Case,
    canonical_organization,
    is_first_name,
    is_not_name,
    is_title,
    load,
    nominative_first_name,
    nominative_surname,
    slug,
    words,
)
from zapis.schema import Person

_CAP = r"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]+(?:-[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]+)?"


@cache
def _honorifics() -> dict[str, tuple[Case, bool | None]]:
    """Honorific (lower case, without its dot) → the case and gender it tells (names.toml)."""
    table = load("names")["honorific_cases"]
    return {key.rstrip(".").lower(): (spec["case"], spec.get("feminine")) for key, spec in table.items()}


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A name after an honorific ("od paní Teplé"), after titles alone ("… úřadu Ing. Mádlové"),
    and an organization right after a name ("z Fokusu").  Names are capitalised, so these run
    on the text as written, not folded."""
    honorifics = sorted(load("names")["honorific_cases"], key=len, reverse=True)
    hon = "|".join(f"[{h[0].upper()}{h[0]}]{re.escape(h[1:])}" for h in honorifics)
    titles = sorted({t for t in words("names", "titles") if t.isalpha() and len(t) >= 2}, key=len, reverse=True)
    title_words = rf"(?:(?:{'|'.join(map(re.escape, titles))})\.\s*)"
    mention = re.compile(rf"(?<![\w.])(?P<hon>{hon})\s*(?P<titles>{title_words}*)(?P<name>{_CAP}(?:\s+{_CAP})?)")
    titled = re.compile(rf"(?<![\w.])(?P<titles>{title_words}+)(?P<name>{_CAP}(?:\s+{_CAP})?)")
    prepositions = "|".join(map(re.escape, words("names", "organization_prepositions")))
    org_after = re.compile(
        rf"^\s+(?:{prepositions})\s+(?P<org>[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][\w.-]*(?:\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][\w.-]*)?)"
    )
    return mention, titled, org_after


@dataclass(frozen=True)
class Mention:
    name: str
    raw: str
    start: int
    organization: str | None

    def person(self) -> Person:
        organization = canonical_organization(self.organization) if self.organization else None
        return Person(name=self.name, raw=self.raw, person_id=slug(self.name), organization=organization)


def _nominative(tokens: list[str], case: Case, feminine: bool | None) -> str:
    if len(tokens) == 2 and (is_first_name(tokens[0]) or is_first_name(nominative_first_name(tokens[0], case)[0])):
        first = (
            tokens[0]
            if case in ("nom", "any") and is_first_name(tokens[0])
            else nominative_first_name(tokens[0], case)[0]
        )
        last = nominative_surname(tokens[1], case, feminine)[0]
        return f"{first} {last}"
    if len(tokens) == 2:
        tokens = tokens[:1]  # "paní Horáková Jana"? keep the surname; a capitalised next word is often a sentence start
    return nominative_surname(tokens[0], case, feminine)[0]


def find_mentions(text: str, default_case: Case = "any") -> list[Mention]:
    """Names after an honorific or a title.  ``default_case``: the grammatical case of names
    introduced by a title only ("Omluvil Ing. Miroslava Mouchu" → accusative)."""
    out: list[Mention] = []
    taken: set[int] = set()
    mention_re, titled_re, org_re = _patterns()
    for m in mention_re.finditer(text):
        hon = m.group("hon").rstrip(".").lower()
        case, feminine = _honorifics().get(hon, ("any", None))
        tokens = m.group("name").split()
        tokens = _trim_tokens(tokens, text, m.end("name"))
        if not tokens or any(is_not_name(t) or is_title(t) for t in tokens):
            continue
        if hon == "p" and case == "any" and tokens[0].endswith(("á", "ová")):
            feminine = True
        name = _nominative(tokens, case, feminine)
        out.append(Mention(name, m.group(0).strip(), m.start(), _organization_after(org_re, text[m.end("name") :])))
        taken.add(m.start("name"))
    for m in titled_re.finditer(text):
        if m.start("name") in taken or any(abs(m.start("name") - t) < 3 for t in taken):
            continue
        tokens = _trim_tokens(m.group("name").split(), text, m.end("name"))
        if not tokens or any(is_not_name(t) for t in tokens):
            continue
        if default_case == "any" and len(tokens) == 2:
            name = " ".join(tokens)
        else:
            name = _nominative(tokens, default_case, None)
        out.append(Mention(name, m.group(0).strip(), m.start(), None))
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


def _trim_tokens(tokens: list[str], text: str, end: int) -> list[str]:
    """Drop a second capitalised word that starts the next sentence or names an organization."""
    if len(tokens) == 2 and not is_first_name(tokens[0]) and not is_first_name(nominative_first_name(tokens[0])[0]):
        return tokens[:1]
    return tokens
