"""Fixes that only OCR text needs: e-mail addresses and known spellings of abbreviations.

Nothing else in OCR text is changed: every other repair would be a guess about the page.
"""

from __future__ import annotations

import re
from functools import cache

from zapis.lang import organization_list

# Tesseract's Czech model has no "@": it reads it as "©", "®", "&" or a capital "A", sometimes
# spaced off.  Between a local part and a domain with a known top-level domain it can only be "@".
_MISREAD_AT = re.compile(
    r"(?<![\w@])([a-zA-Z0-9][\w.+-]*?[a-z0-9])\s?[©®&A]\s?([a-z0-9][\w-]*(?:\.[\w-]+)*\.(?:cz|sk|com|org|net|eu|info|gov|edu))\b"
)


def fix_email_at(text: str) -> str:
    """ "d.ottmarova©fokusliberec.cz", "m.belocka Afokusliberec.cz" → the e-mail address."""
    return _MISREAD_AT.sub(r"\1@\2", text)


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
    """Tesseract confuses letters whose shapes differ only in size (v/V, o/O, s/S, z/Z) in short
    mixed-case abbreviations: "ČvT" comes out as "ČVT".  A token that matches a listed
    abbreviation except for letter case gets the listed spelling (organizations.toml)."""
    table = _abbreviations()

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        listed = table.get(word.casefold())
        return listed if listed is not None and listed != word and not word.islower() else word

    return _TOKEN.sub(fix, text)


def fix_ocr_text(text: str) -> str:
    return restore_known_spellings(fix_email_at(text))
