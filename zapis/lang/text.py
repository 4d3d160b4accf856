"""Comparison forms of Czech text: without diacritics, folded case, slugs.

Two folds exist on purpose.  :func:`fold` is a comparison key (spaces collapsed, so lengths
change); :func:`fold_aligned` keeps every character in its place, so that a match found in the
folded text is a match at the same offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _slow_strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


# Latin letters with diacritics → base letters, one character each: a str.translate table is
# an order of magnitude faster than decomposing every string (fold runs on every token).
_STRIP = {
    ord(c): _slow_strip(c)
    for c in "áčďéěíňóřšťúůýžäëïöüàèìòùâêîôûľĺŕłńśźżąęőűçãõñÁČĎÉĚÍŇÓŘŠŤÚŮÝŽÄËÏÖÜÀÈÌÒÙÂÊÎÔÛĽĹŔŁŃŚŹŻĄĘŐŰÇÃÕÑ"
}


def strip_diacritics(text: str) -> str:
    stripped = text.translate(_STRIP)
    return stripped if stripped.isascii() else _slow_strip(stripped)


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Comparison key: lower case, no diacritics, single spaces."""
    return " ".join(strip_diacritics(text).casefold().split())


@lru_cache(maxsize=4096)
def _aligned_char(c: str) -> str:
    folded = strip_diacritics(c).lower()
    return folded if len(folded) == 1 else c


class _AlignedTable(dict[int, str]):
    """``str.translate`` table of :func:`_aligned_char`, filled as characters are first met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _aligned_char(chr(code))
        return folded


_ALIGNED = _AlignedTable()


@lru_cache(maxsize=1 << 14)  # the parser folds the same line for each list of phrases it looks for
def fold_aligned(text: str) -> str:
    """Lower case without diacritics, character for character: ``len(result) == len(text)``."""
    if text.isascii():
        return text.lower()
    return text.translate(_ALIGNED)  # one C loop, not a Python call per character


def slug(text: str, max_words: int = 12) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return "-".join(words[:max_words])


# The "o" that text from Word leaves for a second-level bullet, before a label: "o hosté: …",
# "o členové rady:", "o hosté z obce :" (a word or up to three, then the colon).
_WORD_BULLET = re.compile(r"^(\s*)o\s+(?=[^\W\d_]+(?:\s+[^\W\d_]+){0,3}\s*:)")


def without_word_bullet(line: str) -> str:
    """``line`` without the "o " of a second-level bullet before a label."""
    return _WORD_BULLET.sub(r"\1", line, count=1)
