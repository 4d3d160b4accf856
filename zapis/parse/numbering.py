"""The numbers of items and headings: "3.", "IV)", "b)", "K bodu 2.", "Ad 3)"."""

from __future__ import annotations

import re
from functools import cache

from zapis.lang import fold_aligned, phrases


@cache
def number_pattern() -> re.Pattern[str]:
    """An item's number at the start of a line, in folded text: "3.", "IV)", "b)"; after a prefix
    word ("Bod 1:", "K bodu 2.", "Ad3)") a colon may close it too, or nothing ("K bodu č. 3 Různé").
    The prefix is a word of its own: "Adv. JUDr." is no "Ad v."."""
    prefixes = phrases("minutes", "agenda", "item_prefixes").source
    number = r"(\d{1,2}|[ivx]{1,4}|[a-h])"
    return re.compile(
        rf"^\s*(?:{prefixes}(?:\s+|(?=\d)){number}(?:\s*[.):]|(?=\s))|{number}\s*[.)])\s*(?=\S)(?!\d)",
        re.IGNORECASE,
    )


def number_match(line: str) -> re.Match[str] | None:
    """The match in the folded line (its offsets are the line's: folding keeps them)."""
    return number_pattern().match(fold_aligned(STRAY_MARK.sub("", line)))


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
    group = 1 if m.group(1) is not None else 2
    token = STRAY_MARK.sub("", line)[m.start(group) : m.end(group)]  # as written: "IV" is Roman, "iv" no
    if token.isdigit():
        return int(token)
    if token.upper() in ROMAN and token.isupper():
        return ROMAN[token.upper()]
    return None  # letters are sub-items


def strip_number(line: str) -> str:
    line = STRAY_MARK.sub("", line)
    m = number_match(line)
    text = (line[m.end() :] if m else line).strip()
    if m is not None and m.group(1) is not None:  # "Bod 1. programu ZM – Zahájení": the title after the dash
        tail = _tail_pattern().match(fold_aligned(text))
        if tail is not None and (tail.group(1) is None or text[tail.start(1) : tail.end(1)].isupper()):
            text = text[tail.end() :]
    return text


@cache
def _tail_pattern() -> re.Pattern[str]:
    """In folded text: "programu", an abbreviation of the body (checked in capitals by the caller), a dash."""
    tails = phrases("minutes", "agenda", "item_prefix_tails").source
    return re.compile(rf"^{tails}(?:\s+(\w{{2,6}}))?\s*[–—:-]\s*")


def prefixed_item(line: str) -> bool:
    """ "K bodu 1. Zahájení", "Ad 2) Zájezd": a heading numbered after a word."""
    return numbering_style(line)[0]


def starts_item(line: str) -> bool:
    """A line that begins a numbered item ("3. Různé", "IV. Závěr", "Ad 2) Zájezd")."""
    return bool(re.match(r"^\s*(?:\d{1,2}[.)]|[IVX]{1,4}\.)\s+", line)) or prefixed_item(line)
