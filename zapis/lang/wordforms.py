"""Every written form of a Czech word, from the system's Hunspell dictionary (``hunspell-cs``).

Search needs what names do not: the whole dictionary, common words included.  An entry
("rozpočet/Q") and the suffix rules of its flags give its forms ("rozpočtu", "rozpočtem",
"rozpočty", …); read backwards, a form gives the entries it can come from.  So
:func:`word_forms` turns a word as typed, in any form, into every form of the words it can be:
"rozpočtu" → {"rozpočet", "rozpočtu", "rozpočtem", …}.

The dictionary is read as :mod:`zapis.lang.morphology` reads it (GPL-2, from the system package
at run time, never copied into zapis) and kept in the same user cache folder, in a file of its
own: the first search on a machine reads it with spylls (seconds), later processes load the
cache (a fraction of a second).  Without the dictionary a word has only the form it was typed in.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from zapis.lang.morphology import _dictionary_key, _locked, _write_atomic, cache_folder, dictionary_base
from zapis.lang.text import fold, strip_diacritics

LEXICON_FORMAT = 1

# (flag, stripped, added, condition, continuation flags)
Rule = tuple[str, str, str, str, str]


@dataclass
class Lexicon:
    """Every entry of the dictionary with its flags, and the suffix rules, indexed both ways."""

    words: dict[str, str]  # entry → flags
    rules: list[Rule]
    forbidden: str = ""  # the flag of words the dictionary forbids
    seconds: float = 0.0
    by_flag: dict[str, list[Rule]] = field(default_factory=dict, init=False)
    by_folded_end: dict[str, list[Rule]] = field(default_factory=dict, init=False)
    by_folded_word: dict[str, list[str]] = field(default_factory=dict, init=False)
    _longest: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        for rule in self.rules:
            self.by_flag.setdefault(rule[0], []).append(rule)
            self.by_folded_end.setdefault(fold(rule[2]), []).append(rule)
        index = self.by_folded_word
        for entry in self.words:  # 260,000 entries: the plain key, not the cached fold
            index.setdefault(strip_diacritics(entry).lower(), []).append(entry)
        self._longest = max((len(end) for end in self.by_folded_end), default=0)

    def forms(self, entry: str) -> set[str]:
        """The entry and every form its flags make (one continuation class deep)."""
        out = {entry}
        for flag in self.words.get(entry, ""):
            for form, continuation in self._apply(entry, flag):
                out.add(form)
                for more in continuation:
                    out.update(f for f, _ in self._apply(form, more))
        return out

    def _apply(self, word: str, flag: str) -> list[tuple[str, str]]:
        made = []
        for _, strip, add, condition, continuation in self.by_flag.get(flag, ()):
            if word.endswith(strip) and _condition(condition).search(word):
                made.append((word[: len(word) - len(strip)] + add, continuation))
        return made

    def _forbidden(self, flags: str) -> bool:
        return bool(self.forbidden) and self.forbidden in flags

    def entries(self, word: str) -> set[str]:
        """The entries ``word`` is a form of.  Typed without diacritics it may be a form of any
        entry that folds to it; typed with them, only of entries that have it as written."""
        key = fold(word)
        exact = word.lower() != key  # typed with diacritics
        found: set[str] = set()
        for k in range(0, min(len(key) - 1, self._longest) + 1):
            end, stem = (key[len(key) - k :], key[: len(key) - k]) if k else ("", key)
            for flag, strip, add, condition, _ in self.by_folded_end.get(end, ()):
                for entry in self.by_folded_word.get(stem + fold(strip), ()):
                    flags = self.words[entry]
                    if flag not in flags or self._forbidden(flags):
                        continue
                    if not entry.endswith(strip) or not _condition(condition).search(entry):
                        continue
                    form = entry[: len(entry) - len(strip)] + add
                    if fold(form) == key and (not exact or form.lower() == word.lower()):
                        found.add(entry)
        for entry in self.by_folded_word.get(key, ()):
            if (not exact or entry.lower() == word.lower()) and not self._forbidden(self.words[entry]):
                found.add(entry)
        return found


@cache
def _condition(condition: str) -> re.Pattern[str]:
    return re.compile(f"(?:{condition})$")


def read_lexicon(base: Path) -> tuple[dict[str, str], list[Rule], str]:
    """Every entry with its flags and every suffix rule, read with spylls (seconds)."""
    from spylls.hunspell import Dictionary

    dictionary = Dictionary.from_files(str(base))
    words: dict[str, str] = {}
    for word in dictionary.dic.words:
        words[word.stem] = "".join(sorted(set(words.get(word.stem, "")) | set(word.flags)))
    rules = [
        (s.flag, s.strip, s.add, s.condition or ".", "".join(sorted(s.flags)))
        for suffixes in dictionary.aff.SFX.values()
        for s in suffixes
    ]
    return words, rules, dictionary.aff.FORBIDDENWORD or ""


def _read_cache(path: Path) -> tuple[dict[str, str], list[Rule], str] | None:
    try:
        data: Any = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != LEXICON_FORMAT:
        return None
    return data["words"], [tuple(r) for r in data["rules"]], data["forbidden"]


def load_lexicon(base: Path) -> Lexicon:
    """The dictionary at ``base``: from the user's cache, or read with spylls and cached (when
    the cache folder cannot be written, read in every process)."""
    start = time.perf_counter()
    path = cache_folder() / f"{base.name}-lexicon-{_dictionary_key(base)}.json"
    cached = _read_cache(path)
    if cached is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(path.with_suffix(".lock")):
                cached = _read_cache(path)
                if cached is None:
                    cached = read_lexicon(base)
                    words, rules, forbidden = cached
                    payload = {"format": LEXICON_FORMAT, "source": str(base), "words": words, "rules": rules,
                               "forbidden": forbidden}  # fmt: skip
                    _write_atomic(path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        except OSError:
            if cached is None:
                cached = read_lexicon(base)
    lexicon = Lexicon(*cached)
    lexicon.seconds = time.perf_counter() - start
    return lexicon


@cache
def lexicon() -> Lexicon | None:
    """This process's dictionary of words, loaded once; None without one (or with spylls missing)."""
    base = dictionary_base()
    if base is None:
        return None
    try:
        return load_lexicon(base)
    except (ImportError, OSError, ValueError, KeyError):
        return None


def word_forms(word: str) -> frozenset[str]:
    """Every form of every word ``word`` can be a form of, folded (lower case, no diacritics);
    always ``word`` itself.  "rozpočet" and "rozpočtu" both give {"rozpocet", "rozpoctu",
    "rozpoctem", "rozpocty", …}."""
    found = {fold(word)}
    lex = lexicon()
    if lex is not None:
        for entry in lex.entries(word):
            found.update(fold(f) for f in lex.forms(entry))
    return frozenset(found)
