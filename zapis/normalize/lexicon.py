"""Known spellings restored in OCR text.

Tesseract confuses letters whose shapes differ only in size (v/V, o/O, s/S, z/Z) in short
mixed-case abbreviations: "ČvT" comes out as "ČVT".  A token that matches a listed
abbreviation except for letter case is given the listed spelling.  Only OCR pages get this,
and only for abbreviations in the organization list (users extend it in organizations.toml).
"""

from __future__ import annotations

import re
from functools import cache

from zapis.normalize.organizations import organization_list


@cache
def _abbreviations() -> dict[str, str]:
    """Casefolded spelling → listed spelling, for abbreviations that are unique when casefolded."""
    seen: dict[str, set[str]] = {}
    for abbreviations in organization_list().abbreviations.values():
        for abbr in abbreviations:
            seen.setdefault(abbr.casefold(), set()).add(abbr)
    return {key: next(iter(spellings)) for key, spellings in seen.items() if len(spellings) == 1}


_TOKEN = re.compile(r"(?<![\w.])[^\W\d_]{2,6}(?![\w])")


def restore_known_spellings(text: str) -> str:
    table = _abbreviations()

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        listed = table.get(word.casefold())
        return listed if listed is not None and listed != word and not word.islower() else word

    return _TOKEN.sub(fix, text)
