"""Czech name forms: first names and their gender, and hand rules for declined surnames.

Czech declines names: "paní Teplá" is "od paní Teplé", "s paní Teplou"; "pan Šandor" is
"pana Šandora", "panem Šandorem"; "Jirotka" is "Jirotky", "Jirotkovi", "Jirotkou",
vocative "Jirotko".  The rules here undo the endings of the declension types a surname can
have; the Czech dictionary (:mod:`zapis.lang.morphology`) knows most surnames, and these rules
cover the ones it does not hold.  Each rule returns every candidate it allows, with its name,
so a choice can be explained; :mod:`zapis.lang.lemmas` ranks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from zapis.lang.text import fold
from zapis.lang.vocab import load

Case = Literal["nom", "gen", "dat", "acc", "voc", "loc", "ins", "any"]
Gender = Literal["m", "f"]


@cache
def _first_names() -> dict[str, Gender]:
    data = load("first_names")
    frequent = load("frequent_names")
    out: dict[str, Gender] = {fold(n): "f" for n in [*data["female"], *frequent["female"]]}
    out.update({fold(n): "m" for n in [*data["male"], *frequent["male"]]})
    return out


def first_name_gender(word: str) -> Gender | None:
    """'m' or 'f' for a known first name in the nominative, else None."""
    return _first_names().get(fold(word))


def is_first_name(word: str) -> bool:
    return first_name_gender(word) is not None


@cache
def frequent_surnames() -> dict[str, int]:
    """Folded nominative surname (masculine and feminine forms) → its rank in frequent_names.toml."""
    out: dict[str, int] = {}
    for rank, name in enumerate(load("frequent_names")["surnames"]):
        for form in (name, *feminine_surnames(name)):
            out.setdefault(fold(form), rank)
    return out


@cache
def frequent_first_names() -> dict[str, int]:
    data = load("frequent_names")
    return {fold(n): rank for key in ("male", "female") for rank, n in enumerate(data[key])}


_VOWELS = "aeiouyáéíóúůýě"


def _dropped_vowel(stem: str) -> bool:
    """ "Němc", "Hájk", "Havl": a consonant, then c/k/l, at the end; a nominative would have an e
    between them (Němec, Hájek, Havel)."""
    return len(stem) >= 3 and stem[-1] in "kcl" and stem[-2] not in _VOWELS


def _restore_vowel(stem: str) -> str:
    """Hájk → Hájek, Němc → Němec, Staňk → Staněk (ň before the dropped e is written n + ě)."""
    if stem[-2] == "ň":
        return stem[:-2] + "ně" + stem[-1]
    if stem[-2] in "ťď":
        return stem[:-2] + {"ť": "tě", "ď": "dě"}[stem[-2]] + stem[-1]
    return stem[:-1] + "e" + stem[-1]


def feminine_surnames(masculine: str) -> list[str]:
    """The feminine forms of a masculine surname: Novák → Nováková, Novotný → Novotná,
    Procházka → Procházková, Hájek → Hájková, Němec → Němcová (and Němecová: both patterns
    exist, Kadlec → Kadlecová), Havel → Havlová, Krejčí → Krejčí."""
    m = masculine
    if m.endswith("ý"):
        return [m[:-1] + "á"]
    if m.endswith(("í", "ů")):
        return [m]
    if m.endswith(("a", "o", "e")):
        return [m[:-1] + "ová"]
    if m.endswith(("ek", "el")) and len(m) > 3 and m[-3] not in _VOWELS:
        return [m[:-2] + m[-1] + "ová"]
    if m.endswith("ěk"):
        stem = m[:-2]
        soft = {"n": "ň", "t": "ť", "d": "ď"}.get(stem[-1:], "")
        return [(stem[:-1] + soft if soft else stem) + "ková"]
    if m.endswith("ec"):
        return [m[:-2] + "cová", m + "ová"]
    return [m + "ová"]


@dataclass(frozen=True)
class RuleCandidate:
    """A nominative a hand rule allows for a written surname: the rule's name says why."""

    name: str
    gender: Gender | None
    rule: str
    cases: frozenset[str]  # the grammatical cases the written ending can stand for
    prior: int = 0  # lower is more plausible (ties in the ranking)


def _c(*cases: str) -> frozenset[str]:
    return frozenset(cases)


# (ending, replacement, gender, cases, rule): adjectival and feminine surnames.  Order matters only
# for ties in the ranking.
_ADJECTIVAL: tuple[tuple[str, str, Gender, frozenset[str], str], ...] = (
    ("ého", "ý", "m", _c("gen", "acc"), "adjectival surname, -ého → -ý"),
    ("ému", "ý", "m", _c("dat"), "adjectival surname, -ému → -ý"),
    ("ým", "ý", "m", _c("ins"), "adjectival surname, -ým → -ý"),
    ("ém", "ý", "m", _c("loc"), "adjectival surname, -ém → -ý"),
    ("ího", "í", "m", _c("gen", "acc"), "adjectival surname, -ího → -í"),
    ("ímu", "í", "m", _c("dat"), "adjectival surname, -ímu → -í"),
    ("ím", "í", "m", _c("ins", "loc"), "adjectival surname, -ím → -í"),
    ("ové", "ová", "f", _c("gen", "dat", "loc"), "feminine surname, -ové → -ová"),
    ("ovou", "ová", "f", _c("acc", "ins"), "feminine surname, -ovou → -ová"),
    ("é", "á", "f", _c("gen", "dat", "loc"), "feminine adjectival surname, -é → -á"),
    ("ou", "á", "f", _c("acc", "ins"), "feminine adjectival surname, -ou → -á"),
)

# Masculine nouns: (ending, gender-neutral description, cases).  The stem before the ending is
# the nominative (hard and soft consonant stems: Dvořák-ovi, Kovář-em, Šandor-a), or the
# nominative with its dropped e restored (Němc-em → Němec, Hájk-em → Hájek), or the stem + a
# (masculine -a: Procházk-u → Procházka).  A personal name takes -ovi in the dative and
# locative, so -u after a consonant stem is only the vocative after k, h, ch (Nováku).
_CONSONANT = (
    ("ovi", _c("dat", "loc")),
    ("em", _c("ins")),
    ("a", _c("gen", "acc")),
    ("e", _c("gen", "acc", "voc")),
    ("i", _c("dat", "loc", "voc")),
)
_MASCULINE_A = (
    ("y", _c("gen")),
    ("ovi", _c("dat", "loc")),
    ("u", _c("acc")),
    ("o", _c("voc")),
    ("ou", _c("ins")),
)
# Dative/locative of -a surnames change the consonant before -e: Procházka → Procházce,
# Bláha → Bláze, Hruška → Hrušce, Sýkora → Sýkoře, Kučera → Kučeře.
_SOFTENED = (("ce", "ka"), ("ze", "ha"), ("še", "cha"), ("ře", "ra"), ("ně", "na"), ("dě", "da"), ("tě", "ta"))
_SOFT = "řšžčcjťďňľ"
# The endings a stem with a dropped vowel takes: -ek is hard (Hájka, Hájkovi, Hájkem), -ec soft
# (Němce, Němci, Němcovi, Němcem), -el hard (Havla, Havlovi, Havlem, vocative Havle).
_DROPPED_ENDINGS = {"k": ("a", "ovi", "em"), "c": ("e", "i", "ovi", "em"), "l": ("a", "ovi", "em", "e")}
_HARD_VOCATIVE = (("ře", "r"), ("ku", "k"), ("hu", "h"), ("chu", "ch"))


def surname_rules(word: str, feminine: bool | None = None) -> list[RuleCandidate]:
    """Every nominative the hand rules allow for ``word`` (a surname as written), most plausible
    first, the written form itself last (as a nominative)."""
    out: list[RuleCandidate] = []
    w = word
    for ending, repl, gender, cases, rule in _ADJECTIVAL:
        if (gender == "f" and feminine is False) or (gender == "m" and feminine is True):
            continue
        if w.endswith(ending) and len(w) > len(ending) + 2:
            # "Malou", "Kopeckou" are adjectival; "Procházkou" is the instrumental of Procházka
            stem = w[: -len(ending)]
            prior = 1 if ending == "ou" and stem.endswith("k") and not stem.endswith(("sk", "ck")) else 0
            out.append(RuleCandidate(stem + repl, gender, rule, cases, prior))
    if feminine is not True:
        out += _masculine_rules(w)
    written: Gender | None = "f" if w.endswith("á") else ("m" if not w.endswith(("í", "ů", "é", "ou")) else None)
    cases = _c("nom", "voc") if written == "f" else _c("nom")
    out.append(RuleCandidate(w, written, "as written (nominative)", cases, 2))
    return sorted(out, key=lambda c: c.prior)


def _masculine_rules(w: str) -> list[RuleCandidate]:
    out: list[RuleCandidate] = []
    for ending, cases in _CONSONANT:
        if not w.endswith(ending) or len(w) <= len(ending) + 2:
            continue
        stem = w[: -len(ending)]
        if stem[-1] in _VOWELS:
            continue
        soft = stem[-1] in _SOFT
        if _dropped_vowel(stem):
            if ending in _DROPPED_ENDINGS[stem[-1]]:
                rule = f"-ec/-ek/-el with the dropped vowel, -{ending}"
                out.append(RuleCandidate(_restore_vowel(stem), "m", rule, cases))
            if stem[-1] == "k":
                continue  # no Czech name ends in a consonant + k ("Jirotk"); Kunc, Hanzl exist
        if (ending == "a" and soft) or (ending == "i" and not soft):
            continue  # "Kováře", not "Kovářa"; "Kováři", not "Nováki"
        if ending == "e" and not soft and (stem[-1] in "kgh"):
            continue  # vocative "Nováku", not "Nováke"; but "Zemane", "Holube"
        kind = "soft" if soft else "hard"
        prior = 1 if _dropped_vowel(stem) else 0
        out.append(RuleCandidate(stem, "m", f"{kind} consonant stem, -{ending}", cases, prior))
    for ending, stem_end in _HARD_VOCATIVE:
        if w.endswith(ending) and len(w) > len(ending) + 2 and not _dropped_vowel(w[: -len(ending)] + stem_end):
            rule = f"vocative -{ending}"
            out.append(RuleCandidate(w[: -len(ending)] + stem_end, "m", rule, _c("voc"), 1))
    for ending, cases in _MASCULINE_A:
        if w.endswith(ending) and len(w) > len(ending) + 2:
            out.append(RuleCandidate(w[: -len(ending)] + "a", "m", f"masculine -a, -{ending}", cases))
    for ending, nominative in _SOFTENED:
        if w.endswith(ending) and len(w) > len(ending) + 2:
            rule = f"masculine -a, -{ending}"
            out.append(RuleCandidate(w[: -len(ending)] + nominative, "m", rule, _c("dat", "loc"), 1))
    return out


# First names: (ending, replacement) pairs; a candidate counts only when it is a known first name.
_FIRST_NAME_RULES = (
    ("ího", "í"),
    ("ímu", "í"),
    ("ím", "í"),
    ("ovi", ""),
    ("em", ""),
    ("ovi", "a"),
    ("ou", "a"),
    ("u", "a"),
    ("y", "a"),
    ("ě", "a"),
    ("i", "e"),
    ("í", "e"),
    ("i", "a"),
    ("ce", "ka"),
    ("ze", "ga"),
    ("ře", "ra"),
    ("a", ""),
    ("e", ""),
    ("o", ""),
    ("u", ""),
    ("o", "a"),
)


def first_name_rules(word: str) -> list[tuple[str, str, str]]:
    """Known first names the hand rules allow for a declined one: "Pavla" → Pavel, "Lence" → Lenka,
    as (first name, the rule's name, the ending it removed)."""
    out: list[tuple[str, str, str]] = []
    for ending, repl in _FIRST_NAME_RULES:
        if not (word.endswith(ending) and len(word) > len(ending) + 1):
            continue
        base = word[: len(word) - len(ending)] + repl
        rule = f"-{ending} → -{repl}" if repl else f"-{ending}"
        if is_first_name(base):
            out.append((base, rule, ending))
        if not repl and _dropped_vowel(base) and is_first_name(_restore_vowel(base)):
            out.append((_restore_vowel(base), f"{rule} with the dropped vowel", ending))
    return out
