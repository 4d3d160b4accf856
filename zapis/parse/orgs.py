"""Organizations named in the text: from the organization list (names, aliases, abbreviations,
declined forms) and from generic patterns (a capitalised name with a legal form, "Magistrát
města …", an abbreviation explained in parentheses)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from zapis.lang import fold, load, organization_list, slug, words
from zapis.schema import Organization


@dataclass(frozen=True)
class OrgMention:
    name: str  # canonical
    raw: str
    start: int

    def organization(self) -> Organization:
        known = self.name in organization_list().names
        return Organization(name=self.name, raw=self.raw, org_id=slug(self.name) if known else None)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    spec = load("organizations")["patterns"]
    forms = "|".join(re.escape(f) for f in sorted(spec["legal_forms"], key=len, reverse=True))
    cap = r"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][\w.&-]*"
    legal = re.compile(rf"(?<![\w])((?:{cap}\s+){{0,5}}{cap}),?\s+(?:{forms})(?![\w])")
    heads = "|".join(re.escape(h) for h in sorted(spec["heads"], key=len, reverse=True))
    headed = re.compile(
        rf"(?<![\w])((?:{heads})\s+(?:(?:pro|v|na|a|města|obce|kraje|práce|[a-záčďéěíňóřšťúůýž]+(?:ní|ský|ská|ské|cí))\s+){{0,4}}"
        rf"{cap}(?:\s+{cap}){{0,2}})"
    )
    return legal, headed


@cache
def _abbreviation_definition() -> re.Pattern[str]:
    """ "finančního výboru (FV)", "8 členů školské rady (dále jen ŠR)", "… (dále též „ZM“)"."""
    intro = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words("czech", "abbreviation_intro"))
    return re.compile(
        rf"(?<![\w])((?:[\w-]+\s+){{0,7}}[\w-]+)\s+\((?:(?:{intro})\s+)?[„\"]?([A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]{{2,8}})[“\"]?\)"
    )


def find_organizations(text: str) -> list[OrgMention]:
    """Every organization named in ``text``, in order of first appearance, one entry per name."""
    found: list[OrgMention] = []
    spans: list[tuple[int, int]] = []

    def add(name: str, raw: str, start: int, end: int) -> None:
        if any(s <= start < e or s < end <= e for s, e in spans):
            return
        spans.append((start, end))
        found.append(OrgMention(name, raw, start))

    listed = organization_list()
    for m in listed.pattern.finditer(text):
        add(listed.spellings[m.group(0)], m.group(0), m.start(), m.end())
    legal, headed = _patterns()
    for m in legal.finditer(text):
        raw = m.group(0).strip()
        if len(m.group(1)) > 3:  # "ČR, z.s." is the tail of a longer name, not a name
            add(raw, raw, m.start(), m.end())
    for m in headed.finditer(text):
        raw = m.group(1).strip()
        if len(raw.split()) >= 2:
            add(raw, raw, m.start(), m.end())
    found.sort(key=lambda o: o.start)
    seen: set[str] = set()
    out = []
    for o in found:
        key = fold(o.name)
        if key not in seen:
            seen.add(key)
            out.append(o)
    return out


def abbreviation_definitions(text: str) -> dict[str, str]:
    """ "finančního výboru (FV)" → {"FV": "finančního výboru"}: abbreviations the text explains."""
    out: dict[str, str] = {}
    for m in _abbreviation_definition().finditer(text):
        words = m.group(1).split()
        abbrev = m.group(2)
        # keep as many trailing words as the abbreviation has letters (FV → 2 words), their
        # initials the abbreviation's letters
        n = len(abbrev)
        named = words[-n:]
        if len(named) == n and fold("".join(w[0] for w in named)) == fold(abbrev):
            out.setdefault(abbrev, " ".join(named))
    return out
