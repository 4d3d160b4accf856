"""Czech-aware matching of personal names, in explicit tiers.

Two written names are the same person when, after removing titles and honorifics:

* tier ``exact``: they are equal without diacritics and case;
* tier ``declension``: same first name (or none), and one surname is a declined form, the
  vocative or the -a/-o variant of the other (Jirotka/Jirotko, Teplá/Teplé, Šandor/Šandora);
* tier ``typo``: same first name, same gender, and surnames within a small edit distance
  relative to their length (Dejnožová/Dejnožková), never when the first letters differ;
* tier ``surname``: a surname-only name ("p. Zápotocká") and a full name with that surname,
  accepted by the registry only when exactly one person in the archive fits.

Everything else is a different person (Kateřina Šádková ≠ Kateřina Řeháčková).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import Levenshtein

from zapis.lang.forms import nominative_surname
from zapis.lang.names import gender_of, is_generation
from zapis.lang.text import fold

# Surnames of at least this many letters may differ by one edit (two from 9 letters on).
TYPO_MIN_LENGTH = 6


@dataclass(frozen=True)
class NameKey:
    first: str  # folded first name(s), "" for a surname-only name; initials keep their letter
    surname: str  # folded surname as written
    forms: frozenset[str]  # folded nominative candidates of the surname
    gender: str | None

    @property
    def full(self) -> bool:
        return bool(self.first)


@cache
def name_key(name: str) -> NameKey:
    tokens = name.replace(".", ". ").split()
    tokens = [t for t in tokens if not is_generation(t)]
    if not tokens:
        return NameKey("", "", frozenset(), None)
    surname = tokens[-1]
    first = " ".join(tokens[:-1])
    gender = gender_of(name)
    forms = {fold(f) for f in nominative_surname(surname, "any", feminine=True if gender == "f" else None)}
    forms.add(fold(surname))
    # -a/-o: "Jirotko" is the vocative (or a typo) of "Jirotka"
    if fold(surname).endswith("o"):
        forms.add(fold(surname)[:-1] + "a")
    return NameKey(fold(first), fold(surname), frozenset(forms), gender)


def _first_names_agree(a: NameKey, b: NameKey) -> bool:
    if not a.first or not b.first:
        return True
    if a.first == b.first:
        return True
    # an initial agrees with a first name that starts with it: "M. Petřinová" = "Markéta Petřinová"
    fa, fb = a.first.rstrip("."), b.first.rstrip(".")
    return (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))


def _typo_close(a: str, b: str) -> bool:
    if min(len(a), len(b)) < TYPO_MIN_LENGTH or a[:2] != b[:2]:
        return False
    budget = 2 if min(len(a), len(b)) >= 9 else 1
    return Levenshtein.distance(a, b) <= budget


def match_tier(a: str, b: str) -> str | None:
    """The tier at which names ``a`` and ``b`` are the same person, or None."""
    ka, kb = name_key(a), name_key(b)
    if not ka.surname or not kb.surname:
        return None
    if ka.full != kb.full:
        tier = _surname_tier(ka, kb)
        return "surname" if tier else None
    if not _first_names_agree(ka, kb):
        return None
    if ka.gender and kb.gender and ka.gender != kb.gender and ka.first and kb.first:
        return None
    if ka.surname == kb.surname:
        return "exact"
    if ka.forms & kb.forms:
        return "declension"
    if _typo_close(ka.surname, kb.surname):
        return "typo"
    return None


def _surname_tier(ka: NameKey, kb: NameKey) -> bool:
    if ka.gender and kb.gender and ka.gender != kb.gender:
        return False
    return bool(ka.forms & kb.forms) or _typo_close(ka.surname, kb.surname)


def explain_tier(tier: str, a: str, b: str) -> str:
    return {
        "exact": f"{a} = {b}: the same name without titles, case and diacritics (an initial fits its name)",
        "declension": f"{a} = {b}: the surname is a declined, vocative or -a/-o form of the other",
        "typo": f"{a} = {b}: same first name, surnames one or two letters apart",
        "surname": f"{a} = {b}: surname only, and exactly one person in the archive has this surname",
    }[tier]


BLOCK = 4
TAIL = 5


def blocking_keys(name: str) -> set[str]:
    """Keys that every possible match shares with ``name``: people are compared within blocks only.

    The first four letters of each surname form; and for long surnames also the first two
    letters with the last five, so that a typo among the first letters ("Nidermertlová" for
    "Niedermertlová") still meets its person.  (The typo tier needs the first two letters equal
    and a surname of at least six letters.)
    """
    key = name_key(name)
    out: set[str] = set()
    for s in key.forms | {key.surname}:
        if not s:
            continue
        out.add(s[:BLOCK])
        if len(s) >= BLOCK + TAIL - 1:
            out.add(f"{s[:2]}…{s[-TAIL:]}")
    return out
