"""The organization list (zapis/data/organizations.toml, extensible with ZAPIS_DATA): every
listed spelling of every organization and its canonical name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from zapis.lang.vocab import load


@dataclass(frozen=True)
class OrganizationList:
    spellings: dict[str, str]  # name, alias or abbreviation as written → canonical name
    abbreviations: dict[str, list[str]]  # canonical name → its abbreviations
    pattern: re.Pattern[str]  # any listed spelling as a whole word, longest first

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.abbreviations)


@cache
def organization_list() -> OrganizationList:
    spellings: dict[str, str] = {}
    abbreviations: dict[str, list[str]] = {}
    for org in load("organizations").get("organization", []):
        abbreviations[org["name"]] = list(org.get("abbreviations", []))
        for spelling in [org["name"], *org.get("aliases", []), *org.get("abbreviations", [])]:
            spellings.setdefault(spelling, org["name"])
    # Case matters: "Naděje" the organization, "naděje" the word (hope); the aliases list the
    # spellings that occur ("Most k naději", "Most k Naději").  One pattern: one scan of a text.
    alternation = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")
    return OrganizationList(spellings, abbreviations, pattern)


def canonical_organization(raw: str) -> str:
    """The listed name of an organization written ``raw`` ("Fokusu" → "FOKUS Liberec"), else ``raw``."""
    return organization_list().spellings.get(raw.strip(), raw)
