"""The numbers of items and headings: "3.", "IV)", "b)", "K bodu 2.", "Ad 3)"."""

from __future__ import annotations

import re
from functools import cache

from zapis.lang import words


@cache
def number_pattern() -> re.Pattern[str]:
    """An item's number at the start of a line: "3.", "IV)", "b)"; after a prefix word ("Bod 1:",
    "K bodu 2.", "Ad3)") a colon may close it too."""
    prefixes = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words("minutes", "agenda", "item_prefixes"))
    number = r"(\d{1,2}|[IVX]{1,4}|[a-h])"
    return re.compile(
        rf"^\s*(?:(?:{prefixes})\s*{number}\s*[.):]|{number}\s*[.)])\s*(?=\S)(?!\d)",
        re.IGNORECASE,
    )


def number_match(line: str) -> re.Match[str] | None:
    return number_pattern().match(STRAY_MARK.sub("", line))


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


STRAY_MARK = re.compile(r"^\s*[-–•.]\s+(?=\d)")  # OCR puts a dot or dash before some numbers


def digits_first(line: str) -> bool:
    """Is the item numbered with digits (1. 2.) rather than Roman numerals (I. II.)?"""
    return STRAY_MARK.sub("", line).lstrip()[:1].isdigit()


def numbering_style(line: str) -> tuple[bool, bool]:
    """(a word before the number, digits): "K bodu 3." and "3." and "III." are three styles."""
    m = number_match(line)
    if m is None or m.group(1) is None:
        return False, digits_first(line)
    return True, m.group(1).isdigit()


def item_number(line: str) -> int | None:
    m = number_match(line)
    if not m:
        return None
    token = m.group(1) or m.group(2)
    if token.isdigit():
        return int(token)
    if token.upper() in ROMAN and token.isupper():
        return ROMAN[token.upper()]
    return None  # letters are sub-items


def strip_number(line: str) -> str:
    text = number_pattern().sub("", STRAY_MARK.sub("", line), count=1).strip()
    if prefixed_item(line):  # "Bod 1. programu ZMČ – Technický bod": the title after the dash
        text = _tail_pattern().sub("", text, count=1)
    return text


@cache
def _tail_pattern() -> re.Pattern[str]:
    tails = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words("minutes", "agenda", "item_prefix_tails"))
    return re.compile(rf"^(?:{tails})(?:\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]{{2,6}})?\s*[–—:-]\s*", re.IGNORECASE)


def prefixed_item(line: str) -> bool:
    """ "K bodu 1. Zahájení", "Ad 2) Zájezd": a heading numbered after a word."""
    return numbering_style(line)[0]


def starts_item(line: str) -> bool:
    """A line that begins a numbered item ("3. Různé", "IV. Závěr", "Ad 2) Zájezd")."""
    return bool(re.match(r"^\s*(?:\d{1,2}[.)]|[IVX]{1,4}\.)\s+", line)) or prefixed_item(line)
