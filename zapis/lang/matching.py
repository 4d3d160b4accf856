"""Czech-aware matching of personal names, in explicit tiers, each with its evidence.

Two written names are the same person when, after removing titles and honorifics:

* tier ``exact``: they are equal without diacritics and case ("Dvořak" = "Dvořák");
* tier ``declension``: the same first name (or its declined form), and one surname is a
  declined or vocative form of the other, by the Czech dictionary or the hand rules
  (Jirotka/Jirotko, Teplá/Teplé, Šandor/Šandora);
* tier ``typo``: the same first name, letter for letter, the same gender, a long surname
  (:data:`TYPO_MIN_LENGTH` letters) and at most one edit (two from 10 letters), never in the
  first two letters (Niedermertlová/Nidermertlová).  Different first names never merge on a
  typo budget.

A surname alone ("p. Zápotocká") or with an initial ("J. Novák") is a *short* name: it fits a
full name with that surname (tier ``surname`` or ``initial``), and the registry decides in
which scope exactly one person fits it.  Everything else is a different person
(Kateřina Šádková ≠ Kateřina Řeháčková).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import Levenshtein

from zapis.lang.forms import Gender, is_first_name
from zapis.lang.lemmas import Lemma, first_name_lemmas, surname_lemmas
from zapis.lang.names import is_generation
from zapis.lang.text import fold

# Surnames of at least this many letters may differ by one edit (two from TYPO_LONG on).
TYPO_MIN_LENGTH = 7
TYPO_LONG = 10
_INITIAL = re.compile(r"^[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]?\.$")


@dataclass(frozen=True)
class NameKey:
    """What matching needs of a written name."""

    first: str  # folded first name(s) as written; "" for a surname alone
    first_forms: frozenset[str]  # folded nominatives of the first name, itself included
    initial: str  # folded letter(s) of an initial ("j" for "J."); "" otherwise
    surname: str  # folded surname as written (two words for a double surname)
    written: str  # the surname as written
    forms: frozenset[str]  # folded nominative candidates of the surname, itself included
    primary: str  # folded best nominative
    gender: Gender | None

    @property
    def full(self) -> bool:
        """A first name written out (not an initial) and a surname."""
        return bool(self.first) and not self.initial

    @property
    def short(self) -> bool:
        """A surname alone, or with an initial."""
        return not self.full


def split_name(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(first-name words, surname words) of a clean name: "Jana Kučerová Hanzlová" →
    ([Jana], [Kučerová, Hanzlová]); "J. Novák" → ([J.], [Novák]); "Novák" → ([], [Novák])."""
    tokens = [t for t in tokens if not is_generation(t)]
    if len(tokens) <= 1:
        return [], tokens
    first: list[str] = []
    for tok in tokens[:-1]:
        if _INITIAL.match(tok) or is_first_name(tok) or first_name_lemmas(tok):
            first.append(tok)
        else:
            break
    if first:
        return first, tokens[len(first) :]
    if len(tokens) >= 2 and all(t.endswith("á") for t in tokens[-2:]):
        return tokens[:-2], tokens[-2:]  # "Kučerová Hanzlová": a double surname
    return tokens[:-1], tokens[-1:]


def _surname_candidates(words: list[str], gender: Gender | None) -> tuple[list[Lemma], Gender | None]:
    """The best nominative candidates of a (possibly double) surname, of one gender."""
    per_word = [surname_lemmas(w, gender, "nom") for w in words]
    if not per_word or not all(per_word):
        return [], gender
    best_gender = gender or per_word[-1][0].gender
    if len(words) == 1:
        kept = [c for c in per_word[0] if c.gender in (best_gender, None)]
        return kept, best_gender
    # a double surname: combine the best three of each word
    combos = []
    for a in [c for c in per_word[0] if c.gender in (best_gender, None)][:3]:
        for b in [c for c in per_word[1] if c.gender in (best_gender, None)][:3]:
            evidence = f"{a.evidence}; {b.evidence}"
            combos.append(
                Lemma(" ".join(words), f"{a.name} {b.name}", best_gender, a.source, evidence, a.score + b.score)
            )
    combos.sort(key=lambda c: -c.score)
    return combos, best_gender


@cache
def name_key(name: str) -> NameKey:
    tokens = name.replace(".", ". ").split()
    first_words, surname_words = split_name(tokens)
    if not surname_words:
        return NameKey("", frozenset(), "", "", "", frozenset(), "", None)
    written = " ".join(surname_words)
    first = " ".join(first_words)
    initial = ""
    if first_words and all(_INITIAL.match(t) for t in first_words):
        initial = fold(first_words[0]).rstrip(".")
    gender: Gender | None = None
    first_forms: set[str] = set()
    candidates: list[Lemma] = []
    if first and not initial:
        # a known first name as written gives the gender ("Jana Vesela" is a woman with a lost
        # accent); a declined one is read with the surname: "Miroslava Mouchu" is Miroslav Moucha
        lemmas = first_name_lemmas(first_words[0], None, "nom")
        if is_first_name(first_words[0]):
            lemmas = tuple(m for m in lemmas if fold(m.name) == fold(first_words[0])) or lemmas
            gender = lemmas[0].gender if lemmas else None
            candidates, _ = _surname_candidates(surname_words, gender)
        else:
            best = -(10**6)
            for lemma in lemmas:
                found, _ = _surname_candidates(surname_words, lemma.gender)
                if found and lemma.score + found[0].score > best:
                    best, candidates, gender = lemma.score + found[0].score, found, lemma.gender
        rest = first_words[1:]
        first_forms = {fold(first)} | {fold(" ".join([m.name, *rest])) for m in lemmas if m.gender == gender}
    if not candidates and gender is None:
        candidates, surname_gender = _surname_candidates(surname_words, None)
        gender = surname_gender if candidates else None
    forms = {fold(c.name) for c in candidates} | {fold(written)}
    primary = fold(candidates[0].name) if candidates else fold(written)
    if gender is None and candidates:
        genders = {c.gender for c in candidates}
        gender = genders.pop() if len(genders) == 1 else None
    return NameKey(
        fold(first), frozenset(first_forms), initial, fold(written), written, frozenset(forms), primary, gender
    )


def _first_names_agree(a: NameKey, b: NameKey) -> bool:
    return a.first == b.first or bool(a.first_forms & b.first_forms)


def _genders_agree(a: NameKey, b: NameKey) -> bool:
    return not (a.gender and b.gender and a.gender != b.gender)


def surnames_decline(a: NameKey, b: NameKey) -> bool:
    """One surname is a declined form of the other, or both have the same best nominative."""
    return a.surname in b.forms or b.surname in a.forms or a.primary == b.primary


def typo_close(a: str, b: str) -> bool:
    """Long surnames one edit apart (two from :data:`TYPO_LONG` letters), the first two letters equal."""
    if min(len(a), len(b)) < TYPO_MIN_LENGTH or a[:2] != b[:2]:
        return False
    budget = 2 if min(len(a), len(b)) >= TYPO_LONG else 1
    return Levenshtein.distance(a, b, score_cutoff=budget) <= budget


def _initial_fits(short: NameKey, full: NameKey) -> bool:
    return (
        not short.initial
        or full.first.startswith(short.initial)
        or any(f.startswith(short.initial) for f in full.first_forms)
    )


def fit(short: NameKey, full: NameKey) -> str | None:
    """How a short name (a surname alone or with an initial) fits a full name: "exact",
    "declension" or "typo" (a long surname one edit away); None when it does not (another
    surname, another gender, another initial)."""
    if not short.surname or not full.surname or not _genders_agree(short, full) or not _initial_fits(short, full):
        return None
    if short.surname == full.surname:
        return "exact"
    if surnames_decline(short, full):
        return "declension"
    if typo_close(short.surname, full.surname):
        return "typo"
    return None


def match_tier(a: str, b: str) -> str | None:
    """The tier at which names ``a`` and ``b`` are the same person, or None.

    Two full names: "exact", "declension" or "typo".  A short name and a full name: "surname"
    or "initial" (the registry then needs exactly one person to fit, and allows a typo budget
    (:func:`fit`) only within one meeting).  Two short names: "surname" when they are one
    surname (and initial)."""
    ka, kb = name_key(a), name_key(b)
    if not ka.surname or not kb.surname:
        return None
    if ka.full and kb.full:
        return _full_tier(ka, kb)
    if ka.short and kb.short:
        same_initial = not ka.initial or not kb.initial or ka.initial == kb.initial
        if same_initial and _genders_agree(ka, kb) and (ka.surname == kb.surname or surnames_decline(ka, kb)):
            return "surname"
        return None
    short, full = (ka, kb) if ka.short else (kb, ka)
    if fit(short, full) is None:
        return None
    return "initial" if short.initial else "surname"


def _full_tier(ka: NameKey, kb: NameKey) -> str | None:
    if not _first_names_agree(ka, kb) or not _genders_agree(ka, kb):
        return None
    if ka.surname == kb.surname:
        return "exact" if ka.first == kb.first else "declension"
    if surnames_decline(ka, kb):
        return "declension"
    if ka.first == kb.first and typo_close(ka.surname, kb.surname):
        return "typo"
    return None


def evidence(a: str, b: str) -> str:
    """Why ``a`` and ``b`` are taken for one person: the dictionary entry or hand rule that makes
    one surname (or first name) a form of the other, or the letters they differ in."""
    ka, kb = name_key(a), name_key(b)
    parts: list[str] = []
    if ka.first and kb.first and ka.first != kb.first and not (ka.initial or kb.initial):
        parts.append(_lemma_evidence(a.split()[0], b.split()[0], first=True))
    if ka.surname == kb.surname:
        if ka.written != kb.written:
            parts.append(f"{ka.written} = {kb.written} without diacritics and case")
    elif ka.surname in kb.forms:
        parts.append(_lemma_evidence(kb.written, ka.written))
    elif kb.surname in ka.forms:
        parts.append(_lemma_evidence(ka.written, kb.written))
    elif ka.primary == kb.primary:
        parts.append(f"{_lemma_evidence(ka.written, ka.primary)}; {_lemma_evidence(kb.written, kb.primary)}")
    else:
        distance = Levenshtein.distance(ka.surname, kb.surname)
        parts.append(f"{ka.written} ≈ {kb.written}: a typo ({distance} letter{'s' if distance > 1 else ''} apart)")
    return "; ".join(p for p in parts if p)


def _lemma_evidence(written: str, nominative: str, first: bool = False) -> str:
    lemmas = first_name_lemmas(written) if first else surname_lemmas(written)
    target = fold(nominative)
    for lemma in lemmas:
        if fold(lemma.name) == target:
            return lemma.evidence
    return f"{written} → {nominative}"


def explain_tier(tier: str, a: str, b: str) -> str:
    why = {
        "exact": "the same name without titles, case and diacritics",
        "declension": "a declined form of the same name",
        "typo": "TYPO: the same first name and a long surname one or two letters apart",
        "surname": "the surname alone fits exactly one person",
        "initial": "the initial and the surname fit exactly one person",
    }[tier]
    detail = evidence(a, b)
    return f"{a} = {b}: {why}" + (f" ({detail})" if detail else "")


BLOCK = 4
TAIL = 5


def blocking_keys(name: str) -> set[str]:
    """Keys that every possible match shares with ``name``: people are compared within blocks only.

    The first four letters of each surname form; and for long surnames also the first two
    letters with the last five, so that a typo among the first letters after the second
    ("Nidermertlová" for "Niedermertlová") still meets its person.  (The typo tier needs the
    first two letters equal and a long surname.)
    """
    key = name_key(name)
    out: set[str] = set()
    for s in key.forms | {key.surname, key.primary}:
        if not s:
            continue
        out.add(s[:BLOCK])
        if len(s) >= BLOCK + TAIL - 1:
            out.add(f"{s[:2]}…{s[-TAIL:]}")
    return out
