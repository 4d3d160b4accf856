"""Every written form of a Czech word, from the system's Hunspell dictionary (``hunspell-cs``).

Search needs what names do not: the whole dictionary, common words included.  An entry
("rozpočet/Q") and the suffix rules of its flags give its forms ("rozpočtu", "rozpočtem",
"rozpočty", …); read backwards, a form gives the entries it can come from.  So
:func:`word_forms` turns a word as typed, in any form, into every form of the words it can be:
"rozpočtu" → {"rozpočet", "rozpočtu", "rozpočtem", …}.

The dictionary is read as :mod:`zapis.lang.morphology` reads it (GPL-2, from the system package
at run time, never copied into zapis) and kept in the same user cache folder, in a file of its
own, an SQLite file looked up word by word: the first search on a machine reads the dictionary
with spylls (seconds), later processes open the file (milliseconds) and never load it whole.
Without the dictionary a word has only the form it was typed in.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from functools import cache
from pathlib import Path

from zapis.lang.morphology import _dictionary_key, built_once, cache_folder, dictionary_base
from zapis.lang.text import fold, strip_diacritics

LEXICON_FORMAT = 1

# (flag, stripped, added, condition, continuation flags)
Rule = tuple[str, str, str, str, str]

_SCHEMA = """
CREATE TABLE words (entry TEXT PRIMARY KEY, folded TEXT NOT NULL, flags TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX words_folded ON words (folded);
CREATE TABLE rules (flag TEXT, strip TEXT, added TEXT, condition TEXT, continuation TEXT);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


def _key(word: str) -> str:
    return strip_diacritics(word).lower()


class Lexicon:
    """The dictionary's entries (in an SQLite file: looked up, never loaded whole) and its
    suffix rules (in memory), for forms of a word both ways."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.seconds = 0.0  # to open it (and to build it, the first time on a machine)
        rules: list[Rule] = con.execute("SELECT flag, strip, added, condition, continuation FROM rules").fetchall()
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        self.forbidden = meta.get("forbidden", "")
        self.by_flag: dict[str, list[Rule]] = {}
        self.by_folded_end: dict[str, list[Rule]] = {}
        for rule in rules:
            self.by_flag.setdefault(rule[0], []).append(rule)
            self.by_folded_end.setdefault(_key(rule[2]), []).append(rule)
        self._longest = max((len(end) for end in self.by_folded_end), default=0)

    def flags(self, entry: str) -> str:
        row = self.con.execute("SELECT flags FROM words WHERE entry = ?", (entry,)).fetchone()
        return str(row[0]) if row else ""

    def _folded(self, keys: set[str]) -> dict[str, list[tuple[str, str]]]:
        """Entries (with their flags) by their folded spelling."""
        found: dict[str, list[tuple[str, str]]] = {}
        keys_list = sorted(keys)
        for i in range(0, len(keys_list), 500):
            chunk = keys_list[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            for folded, entry, flags in self.con.execute(
                f"SELECT folded, entry, flags FROM words WHERE folded IN ({marks})", chunk
            ):
                found.setdefault(folded, []).append((entry, flags))
        return found

    def forms(self, entry: str) -> set[str]:
        """The entry and every form its flags make (one continuation class deep)."""
        out = {entry}
        for flag in self.flags(entry):
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
        key = _key(word)
        exact = word.lower() != key  # typed with diacritics
        candidates: list[tuple[str, Rule]] = []  # (the entry's folded spelling, the rule that makes the word)
        for k in range(0, min(len(key) - 1, self._longest) + 1):
            end, stem = (key[len(key) - k :], key[: len(key) - k]) if k else ("", key)
            candidates += [(stem + _key(rule[1]), rule) for rule in self.by_folded_end.get(end, ())]
        entries = self._folded({c for c, _ in candidates} | {key})
        found: set[str] = set()
        for folded, (flag, strip, add, condition, _) in candidates:
            for entry, flags in entries.get(folded, ()):
                if flag not in flags or self._forbidden(flags):
                    continue
                if not entry.endswith(strip) or not _condition(condition).search(entry):
                    continue
                form = entry[: len(entry) - len(strip)] + add
                if _key(form) == key and (not exact or form.lower() == word.lower()):
                    found.add(entry)
        for entry, flags in entries.get(key, ()):
            if (not exact or entry.lower() == word.lower()) and not self._forbidden(flags):
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


def _fill(con: sqlite3.Connection, base: Path) -> None:
    words, rules, forbidden = read_lexicon(base)
    con.executescript(_SCHEMA)
    con.executemany("INSERT INTO words VALUES (?,?,?)", [(w, _key(w), f) for w, f in sorted(words.items())])
    con.executemany("INSERT INTO rules VALUES (?,?,?,?,?)", rules)
    meta = {"format": str(LEXICON_FORMAT), "source": str(base), "forbidden": forbidden}
    con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
    con.commit()


def _open(path: Path) -> sqlite3.Connection | None:
    """The cached lexicon at ``path``, read-only; None when it is not there or not whole."""
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        row = con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.Error:
        return None
    if row is None or row[0] != str(LEXICON_FORMAT):
        con.close()
        return None
    return con


def _build(path: Path, base: Path) -> sqlite3.Connection | None:
    """Fill the cache at ``path`` from the dictionary (beside it, then renamed: never half a file)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)  # left by a process killed while building
    try:
        building = sqlite3.connect(tmp)
        _fill(building, base)
        building.close()
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return _open(path)


def load_lexicon(base: Path) -> Lexicon:
    """The dictionary at ``base``: the user's cache (an SQLite file), or read with spylls into
    it (into memory when the cache folder cannot be written)."""
    start = time.perf_counter()
    path = cache_folder() / f"{base.name}-lexicon-{_dictionary_key(base)}.sqlite"
    con = _open(path)
    if con is None:
        try:
            con = built_once(path, lambda: _open(path), lambda: _build(path, base))
        except (OSError, sqlite3.Error):
            con = None
        if con is None:  # a read-only home: this process reads the dictionary itself
            con = sqlite3.connect(":memory:", check_same_thread=False)
            _fill(con, base)
    lexicon = Lexicon(con)
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
    except (ImportError, OSError, ValueError, KeyError, sqlite3.Error):
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
