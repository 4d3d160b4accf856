"""Czech morphology from the system's Hunspell dictionary (Debian's ``hunspell-cs``), read with spylls.

The dictionary says which words exist and which endings each takes: the entry "Otáhal" has the
flag P, and the flag's suffix rules turn it into "Otáhala", "Otáhalovi", "Otáhalem", ….  Read
backwards, a declined form gives the entries it can come from: "Otáhalem" → "Otáhal",
"Mouchu" → "Moucha", "Němcem" → "Němec".

The dictionary is licensed GPL-2 and is not part of zapis: it is read from the system package
(``/usr/share/hunspell/cs_CZ.aff`` and ``.dic``) at run time.  Reading it with spylls takes
seconds, so the first process that needs it keeps what names need (the capitalised entries,
i.e. proper names, and the suffix rules) in a cache in the user's cache folder
(``$XDG_CACHE_HOME/zapis`` or ``~/.cache/zapis``), and every process loads that cache once
(a few hundredths of a second).  Without the dictionary (package not installed, spylls
missing, or ``ZAPIS_HUNSPELL=none``) names are read with the hand rules alone and one warning
says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

DICTIONARY = Path("/usr/share/hunspell/cs_CZ")
# Another dictionary ("/path/to/cs_CZ", without the extension), or "none" for the hand rules only.
ENVIRONMENT = "ZAPIS_HUNSPELL"
# Set once the warning was given, so that the worker processes started afterwards do not repeat it.
WARNED = "ZAPIS_DICTIONARY_WARNED"
CACHE_FORMAT = 1
SOURCE = "hunspell-cs"


class MissingDictionaryWarning(UserWarning):
    """The Czech dictionary could not be used: declined names are read with the hand rules only."""


@dataclass(frozen=True)
class Analysis:
    """One way a written form comes from a dictionary entry: ``entry`` + the suffix rule of
    ``flag`` that strips ``strip`` and adds ``ending`` (both "" for the entry itself)."""

    entry: str
    flag: str
    strip: str
    ending: str

    @property
    def as_written(self) -> bool:
        return not self.flag

    def describe(self, flags: str) -> str:
        if self.as_written:
            return f"{SOURCE} entry {self.entry}" + (f"/{flags}" if flags else "")
        return f"{SOURCE} entry {self.entry}/{flags}, ending -{self.ending} of rule {self.flag}"


@dataclass
class Morphology:
    """The proper names of the dictionary and the suffix rules, for reverse lookup."""

    words: dict[str, str]  # entry → its flags
    rules: dict[str, list[tuple[str, str, str]]]  # added ending → [(flag, stripped, condition)]
    path: str
    seconds: float = 0.0  # to load this process's copy (from the cache, or building it)
    built: bool = False  # this process read the dictionary itself (no cache yet)
    _longest: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._longest = max((len(e) for e in self.rules), default=0)

    def analyses(self, form: str) -> list[Analysis]:
        """Every (entry, rule) that produces ``form``; the entry itself first when it is one."""
        out: list[Analysis] = []
        if form in self.words:
            out.append(Analysis(form, "", "", ""))
        for k in range(0, min(len(form) - 1, self._longest) + 1):
            ending = form[len(form) - k :] if k else ""
            for flag, strip, condition in self.rules.get(ending, ()):
                entry = form[: len(form) - k] + strip
                flags = self.words.get(entry)
                if flags and flag in flags and entry != form and _condition(condition).search(entry):
                    out.append(Analysis(entry, flag, strip, ending))
        return out

    def flags(self, entry: str) -> str:
        return self.words.get(entry, "")


@cache
def _condition(condition: str) -> re.Pattern[str]:
    """A Hunspell affix condition (``[^aeo]k``, ``.``) as a regular expression on the word's end."""
    return re.compile(f"(?:{condition})$")


def dictionary_base() -> Path | None:
    """The dictionary's path without extension, or None when it is not there (or turned off)."""
    setting = os.environ.get(ENVIRONMENT)
    if setting is not None and setting.strip().lower() in ("", "none", "off", "0"):
        return None
    base = Path(setting) if setting else DICTIONARY
    if base.suffix in (".aff", ".dic"):
        base = base.with_suffix("")
    if base.with_suffix(".aff").is_file() and base.with_suffix(".dic").is_file():
        return base
    return None


def cache_folder() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "zapis"


def _dictionary_key(base: Path) -> str:
    parts = [str(CACHE_FORMAT), str(base.resolve())]
    for ext in (".aff", ".dic"):
        st = base.with_suffix(ext).stat()
        parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def dictionary_version() -> str:
    """Which dictionary names are read with ("none" without one): results read with another
    dictionary, or none, are not the same results."""
    base = dictionary_base()
    return f"{SOURCE}:{_dictionary_key(base)}" if base is not None else "none"


def _cache_file(base: Path) -> Path:
    return cache_folder() / f"{base.name}-names-{_dictionary_key(base)}.json"


def read_dictionary(base: Path) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """The capitalised entries with their flags, and every suffix rule (flag, strip, add,
    condition), read with spylls from ``base``.aff/.dic (seconds)."""
    from spylls.hunspell import Dictionary

    dictionary = Dictionary.from_files(str(base))
    words: dict[str, str] = {}
    for word in dictionary.dic.words:
        if word.stem[:1].isupper():
            words[word.stem] = "".join(sorted(set(words.get(word.stem, "")) | set(word.flags)))
    rules = [
        (suffix.flag, suffix.strip, suffix.add, suffix.condition or ".")
        for suffixes in dictionary.aff.SFX.values()
        for suffix in suffixes
    ]
    return words, rules


def _index(words: dict[str, str], rules: list[Any], path: str) -> Morphology:
    by_ending: dict[str, list[tuple[str, str, str]]] = {}
    for flag, strip, add, condition in rules:
        by_ending.setdefault(add, []).append((flag, strip, condition))
    return Morphology(words, by_ending, path)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (a lock file) while the cache is built, so that worker
    processes starting together build it once."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock, the atomic rename still keeps the cache whole
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def built_once(path: Path, read: Callable[[], T | None], build: Callable[[], T]) -> T:
    """The cache at ``path`` as ``read`` gives it, built by ``build`` when it is missing: under a
    lock, so that processes starting together build it once (each looks again once it holds the
    lock).  OSError when the cache folder cannot be written: the caller reads without a cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path.with_suffix(".lock")):
        found = read()  # another process may have built it meanwhile
        return found if found is not None else build()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read_cache(path: Path) -> tuple[dict[str, str], list[Any]] | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return None
    return data["words"], data["rules"]


def load_morphology(base: Path) -> Morphology:
    """The dictionary at ``base``: from the user's cache, or read with spylls and cached."""
    start = time.perf_counter()
    path = _cache_file(base)
    cached = _read_cache(path)
    made: list[tuple[dict[str, str], list[Any]]] = []  # what this process read from the dictionary itself

    def build() -> tuple[dict[str, str], list[Any]]:
        made.append(read_dictionary(base))
        payload = {"format": CACHE_FORMAT, "source": str(base), "words": made[0][0], "rules": made[0][1]}
        _write_atomic(path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        return made[0]

    if cached is None:
        try:
            cached = built_once(path, lambda: _read_cache(path), build)
        except OSError as e:  # a read-only home: read the dictionary in every process
            warnings.warn(
                f"cannot write the dictionary cache {path} ({e.strerror}): each process reads {base}.dic again",
                MissingDictionaryWarning,
                stacklevel=2,
            )
            cached = made[0] if made else read_dictionary(base)
            made.append(cached)
    built = bool(made)
    morphology = _index(cached[0], cached[1], f"{base}.dic")
    morphology.seconds = time.perf_counter() - start
    morphology.built = built
    return morphology


@cache
def morphology() -> Morphology | None:
    """This process's dictionary, loaded once; None (and one warning) when it cannot be used."""
    base = dictionary_base()
    reason = None
    if base is None:
        if os.environ.get(ENVIRONMENT, "").strip().lower() in ("none", "off", "0"):
            return None  # turned off on purpose: no warning
        setting = os.environ.get(ENVIRONMENT)
        where = f"{ENVIRONMENT}={setting}" if setting else f"{DICTIONARY}.dic"
        reason = f"the Czech dictionary is not installed ({where}; Debian package hunspell-cs, make run installs it)"
    else:
        try:
            return load_morphology(base)
        except ImportError:
            reason = "spylls is not installed (pip install spylls)"
        except (OSError, ValueError, KeyError) as e:
            reason = f"the Czech dictionary {base}.dic could not be read ({e})"
    if os.environ.get(WARNED) != "1":
        os.environ[WARNED] = "1"
        warnings.warn(
            f"{reason}: declined names are read with the built-in rules only", MissingDictionaryWarning, stacklevel=2
        )
    return None
