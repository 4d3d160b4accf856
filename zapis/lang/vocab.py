"""The word lists of zapis/data/*.toml, loaded once, and one matcher for all of them.

Users extend the lists without touching code: a folder named by the ``ZAPIS_DATA`` environment
variable may hold TOML files of the same names; their lists are appended to the bundled ones
and their tables merged over them.

Every list is matched through :class:`Phrases`, which folds both sides (case and diacritics
ignored), so a list written with diacritics still matches text typed without them, and a match
is reported at the offsets of the original text.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from zapis.lang.text import fold, fold_aligned


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + value
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@cache
def load(name: str) -> dict[str, Any]:
    """The merged contents of ``<name>.toml``."""
    text = resources.files("zapis.data").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    user_dir = os.environ.get("ZAPIS_DATA")
    if user_dir:
        user_file = Path(user_dir) / f"{name}.toml"
        if user_file.is_file():
            data = _merge(data, tomllib.loads(user_file.read_text(encoding="utf-8")))
    return data


def words(name: str, *keys: str) -> list[str]:
    """A list from a data file: ``words("names", "titles")``."""
    node: Any = load(name)
    for key in keys:
        node = node[key]
    return list(node)


@dataclass(frozen=True)
class Found:
    """A listed phrase found in a text: ``text[start:end]`` is what was written."""

    start: int
    end: int
    text: str
    phrase: str  # the folded list entry that matched


def _phrase_pattern(entry: str) -> str:
    """A folded list entry as a regular expression: spaces match any spacing, a word ending in
    ``*`` any ending of that word."""
    parts = []
    for word in fold(entry).split():
        parts.append(re.escape(word[:-1]) + r"\w*" if word.endswith("*") else re.escape(word))
    return r"\s+".join(parts)


class Phrases:
    """Any phrase of a word list, as whole words, in text compared without case and diacritics.

    A word ending in ``*`` matches every ending of that word ("zahájil*" matches "zahájila";
    "valn* hromad*" matches "valné hromady"); longer entries win over shorter ones.
    """

    def __init__(self, entries: Iterable[str]) -> None:
        self.entries = tuple(dict.fromkeys(e for e in entries if e.strip()))
        self.keys = frozenset(fold(e) for e in self.entries if "*" not in e)
        parts = sorted({_phrase_pattern(e) for e in self.entries}, key=len, reverse=True)
        # Lookarounds, not \b: list entries may start or end with a dot ("p.", "č.").
        self.source = "(?:" + "|".join(parts) + ")" if parts else "(?!)"
        self.pattern = re.compile(rf"(?<!\w){self.source}(?!\w)")

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and fold(word) in self.keys

    def finditer(self, text: str) -> Iterator[Found]:
        for m in self.pattern.finditer(fold_aligned(text)):
            yield Found(m.start(), m.end(), text[m.start() : m.end()], m.group(0))

    def search(self, text: str) -> Found | None:
        m = self.pattern.search(fold_aligned(text))
        return Found(m.start(), m.end(), text[m.start() : m.end()], m.group(0)) if m else None

    def startswith(self, text: str) -> Found | None:
        """The phrase ``text`` starts with (after leading spaces), if any."""
        m = self.pattern.match(fold_aligned(text), len(text) - len(text.lstrip()))
        return Found(m.start(), m.end(), text[m.start() : m.end()], m.group(0)) if m else None

    def endswith(self, text: str) -> Found | None:
        """The phrase ``text`` ends with (before trailing spaces), if any."""
        folded = fold_aligned(text.rstrip())
        m = re.search(rf"(?<!\w){self.source}$", folded)
        return Found(m.start(), m.end(), text[m.start() : m.end()], m.group(0)) if m else None


@cache
def phrases(name: str, *keys: str) -> Phrases:
    """The matcher of a list: ``phrases("minutes", "opening", "verbs")``."""
    return Phrases(words(name, *keys))
