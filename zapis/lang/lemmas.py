"""The nominative of a declined name: candidates from the Czech dictionary and the hand rules,
ranked by the project's rules, each with the evidence for it.

A written surname ("Procházkovi") has several possible nominatives (Procházka, Procházek).
Candidates come from the dictionary (:mod:`zapis.lang.morphology`: an entry and the suffix
rule that makes the written form) and from the hand rules (:mod:`zapis.lang.forms`: for
surnames the dictionary does not hold).  They are ranked by

1. the gender the context gives (an honorific, the first name, the ending) — a candidate of
   the other gender is dropped;
2. names already known: the archive's nominatives, when the caller passes them (``known``);
   the person registry lets a declined spelling fit every person of the archive whose surname
   is among its candidates, so the archive's own names decide there;
3. the project's lists: common surnames and first names (``frequent_names.toml``,
   ``first_names.toml``);
4. the source: a dictionary entry over a hand rule over the form as written;
5. the grammatical case the context gives ("panu" is a dative: -ovi, -u, -ě fit it, the
   written form as a nominative does not).

A first name is only ever a name of the first-name lists.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

from zapis.lang.forms import (
    Case,
    Gender,
    first_name_gender,
    first_name_rules,
    frequent_first_names,
    frequent_surnames,
    is_first_name,
    surname_rules,
)
from zapis.lang.morphology import SOURCE, morphology
from zapis.lang.names import is_title
from zapis.lang.text import fold
from zapis.lang.vocab import load


@dataclass(frozen=True)
class Lemma:
    """One nominative candidate of a written name, and why."""

    written: str
    name: str  # the nominative
    gender: Gender | None
    source: str  # "dictionary", "list" (a first name as written), "rule" or "as written"
    evidence: str  # one line: "Otáhalem → Otáhal: hunspell-cs entry Otáhal/PV, ending -em of rule P"
    score: int = 0


# The cases an ending can stand for, by the paradigm of the nominative (for ranking only):
# masculine -a nouns (Procházka: -y, -ovi, -u, -o, -ou, -e), consonant stems (Novák: -a, -ovi,
# -u, -em, -e), adjectives (Malý: -ého, -ému, -ém, -ým; Malá: -é, -ou).
def _table(rows: tuple[tuple[str, str], ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((ending, frozenset(cases.split())) for ending, cases in rows)


_ADJECTIVE_CASES = _table(
    (("ého", "gen acc"), ("ému", "dat"), ("ým", "ins"), ("ém", "loc"), ("ího", "gen acc"), ("ímu", "dat"),
     ("ím", "ins loc"), ("é", "gen dat loc"), ("ou", "acc ins"))
)  # fmt: skip
_A_NOUN_CASES = _table((("ovi", "dat loc"), ("ou", "ins"), ("y", "gen"), ("u", "acc"), ("o", "voc"), ("e", "dat loc"),
                        ("ě", "dat loc")))  # fmt: skip
_CONSONANT_CASES = _table((("ovi", "dat loc"), ("em", "ins"), ("a", "gen acc"), ("u", "dat loc voc"),
                           ("e", "gen acc voc"), ("i", "dat loc voc")))  # fmt: skip


def _cases_of(ending: str, nominative: str = "") -> frozenset[str]:
    if not ending:
        return frozenset({"nom"})
    if nominative.endswith(("ý", "í", "á")):
        table = _ADJECTIVE_CASES
    elif nominative.endswith(("a", "e")):
        table = _A_NOUN_CASES
    else:
        table = _CONSONANT_CASES
    for e, cases in table:
        if ending.endswith(e):
            return cases
    return frozenset({"any"})


_FEMININE_ADJECTIVAL = ("á", "é", "ou")


def _surname_gender(name: str) -> Gender | None:
    if name.endswith("á"):
        return "f"
    if name.endswith(("í", "ů")):
        return None  # Krejčí, Petrů: both genders
    return "m"


def _dictionary_surnames(word: str) -> list[tuple[str, Gender | None, str, frozenset[str]]]:
    """(nominative, gender, evidence, cases) from the dictionary's analyses of ``word``."""
    dictionary = morphology()
    if dictionary is None:
        return []
    out: list[tuple[str, Gender | None, str, frozenset[str]]] = []
    for a in dictionary.analyses(word):
        entry = a.entry
        if entry.endswith(("ův", "ova", "ovo")) and not a.as_written:
            continue  # possessive adjectives (Kadlecův): not a name
        evidence = a.describe(dictionary.flags(entry))
        cases = _cases_of(a.ending, entry)
        if entry.endswith("ý") and a.ending.endswith(_FEMININE_ADJECTIVAL):
            # "Malou", "Teplé": a feminine form of the adjective Malý → the feminine surname Malá
            out.append((entry[:-1] + "á", "f", f"{evidence} (feminine)", cases))
            continue
        if a.ending == "ové" and not entry.endswith("á"):
            cases = frozenset({"nom-plural"})  # "Novákové": the Nováks, not one person
        out.append((entry, _surname_gender(entry), evidence, cases))
    return out


def _score(
    name: str,
    cases: frozenset[str],
    source: str,
    case: Case,
    known: Collection[str] | None,
    frequent: dict[str, int],
    prior: int = 0,
) -> int:
    folded = fold(name)
    score = {"dictionary": 8, "list": 8, "rule": 3, "as written": 0}[source] - prior
    if known is not None and folded in known:
        score += 32
    rank = frequent.get(folded)
    if rank is not None:
        score += 16 + (3 if rank < 50 else 2 if rank < 150 else 1)
    if case not in ("any",) and case in cases:
        score += 6
    elif case not in ("any", "nom") and "nom" in cases:
        score -= 10  # the context says declined: the written form is not the nominative
    if "nom-plural" in cases:
        score -= 12
    return score


def surname_lemmas(
    word: str, gender: Gender | None = None, case: Case = "any", known: Collection[str] | None = None
) -> tuple[Lemma, ...]:
    """Nominative candidates of a written surname, best first (never empty: the written form
    is the last resort).  ``gender``: what the context says; ``known``: folded nominatives
    already known (the archive's names) to prefer."""
    return _surname_lemmas(word, gender, case, frozenset(known) if known else None)


@cache
def _surname_lemmas(word: str, gender: Gender | None, case: Case, known: frozenset[str] | None) -> tuple[Lemma, ...]:
    if not word:
        return ()
    frequent = frequent_surnames()
    best: dict[str, Lemma] = {}

    def add(name: str, g: Gender | None, source: str, evidence: str, cases: frozenset[str], prior: int = 0) -> None:
        if gender and g and g != gender:
            return
        score = _score(name, cases, source, case, known, frequent, prior)
        if gender and g == gender:
            score += 2
        old = best.get(name)
        if old is None or score > old.score:
            best[name] = Lemma(word, name, g or gender, source, f"{word} → {name}: {evidence}", score)

    for name, g, evidence, cases in _dictionary_surnames(word):
        add(name, g, "dictionary", evidence, cases)
    feminine = None if gender is None else gender == "f"
    for rc in surname_rules(word, feminine):
        source = "as written" if rc.name == word else "rule"
        add(rc.name, rc.gender, source, f"rule: {rc.rule}", rc.cases, rc.prior)
    ranked = sorted(best.values(), key=lambda lemma: -lemma.score)  # stable: rule order breaks ties
    return tuple(ranked)


def first_name_lemmas(word: str, gender: Gender | None = None, case: Case = "any") -> tuple[Lemma, ...]:
    """Nominative candidates of a written first name that are known first names, best first;
    empty when none is."""
    return _first_name_lemmas(word, gender, case)


@cache
def _first_name_lemmas(word: str, gender: Gender | None, case: Case) -> tuple[Lemma, ...]:
    frequent = frequent_first_names()
    best: dict[str, Lemma] = {}

    def add(name: str, source: str, evidence: str, cases: frozenset[str], bonus: int = 0) -> None:
        g = first_name_gender(name)
        if g is None or (gender and g != gender):
            return
        score = _score(name, cases, source, case, None, frequent) + bonus
        old = best.get(name)
        if old is None or score > old.score:
            best[name] = Lemma(word, name, g, source, f"{word} → {name}: {evidence}", score)

    if is_first_name(word):
        add(word, "list", "first-name list", frozenset({"nom"}), 6 if case in ("any", "nom") else 0)
    dictionary = morphology()
    if dictionary is not None:
        for a in dictionary.analyses(word):
            if not a.as_written:
                cases = _cases_of(a.ending, a.entry)
                add(a.entry, "dictionary", f"{a.describe(dictionary.flags(a.entry))}; first-name list", cases)
    for name, rule, ending in first_name_rules(word):
        add(name, "rule", f"rule {rule}; first-name list", _cases_of(ending, name))
    return tuple(sorted(best.values(), key=lambda lemma: -lemma.score))


def nominative_surname(word: str, case: Case = "any", feminine: bool | None = None) -> list[str]:
    """Nominative candidates of a declined surname, most likely first: "Teplé" → Teplá,
    "Šandora" → Šandor, "Jirotkovi" → Jirotka, "Mouchu" → Moucha, "Suchého" → Suchý."""
    if case == "nom":
        return [word]
    gender: Gender | None = None if feminine is None else ("f" if feminine else "m")
    return [lemma.name for lemma in surname_lemmas(word, gender, case)] or [word]


def nominative_first_name(word: str, case: Case = "any") -> list[str]:
    """Candidates for the nominative of a declined first name: "Pavla" (acc.) → "Pavel"; the word
    itself when it is no known first name in any form."""
    if case == "nom":
        return [word]
    return [lemma.name for lemma in first_name_lemmas(word, None, case)] or [word]


# ------------------------------------------------------------------------------------------
# Whole names
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """A name read from 1–3 written words after an honorific or title: its nominative, how many
    of the words it took, its gender, and the evidence for each word."""

    name: str
    used: int
    gender: Gender | None
    evidence: tuple[str, ...]
    score: int = 0

    @property
    def explanation(self) -> str:
        return "; ".join(self.evidence)


def _double_surname(first: Lemma, second: Lemma) -> bool:
    """ "Kučerové Hanzlové" → Kučerová Hanzlová: two feminine surnames side by side."""
    return first.gender == "f" and second.gender == "f" and first.name.endswith("á") and second.name.endswith("á")


def read_name(
    tokens: Sequence[str], case: Case = "any", gender: Gender | None = None, known: Collection[str] | None = None
) -> Reading | None:
    """The best reading of ``tokens`` (capitalised words) as a name in ``case``: a first name and
    a surname, a first name and a double surname, a double surname, or a surname alone.  The first
    name and the surname must agree in gender.  None without tokens."""
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    readings: list[Reading] = []
    first_options = first_name_lemmas(tokens[0], gender, case) if len(tokens) >= 2 else ()
    for first in first_options:
        surnames = surname_lemmas(tokens[1], first.gender, case, known)
        if not surnames:
            continue
        last = surnames[0]
        score = first.score + last.score + 4  # a full name over a surname alone
        if len(tokens) >= 3:
            third = surname_lemmas(tokens[2], first.gender, case, known)
            if third and _double_surname(last, third[0]):
                readings.append(
                    Reading(
                        f"{first.name} {last.name} {third[0].name}",
                        3,
                        first.gender,
                        (first.evidence, last.evidence, third[0].evidence),
                        score + third[0].score,
                    )
                )
        readings.append(Reading(f"{first.name} {last.name}", 2, first.gender, (first.evidence, last.evidence), score))
    if not readings:
        surnames = surname_lemmas(tokens[0], gender, case, known)
        if not surnames:
            return None
        one = surnames[0]
        if len(tokens) >= 2 and not is_first_name(tokens[1]):
            second = surname_lemmas(tokens[1], one.gender or gender, case, known)
            if second and _double_surname(one, second[0]):
                return Reading(f"{one.name} {second[0].name}", 2, "f", (one.evidence, second[0].evidence), one.score)
        return Reading(one.name, 1, one.gender, (one.evidence,), one.score)
    return max(readings, key=lambda r: (r.score, r.used))


@cache
def _honorific_table() -> dict[str, tuple[Case, bool | None]]:
    table = load("names")["honorific_cases"]
    return {key.rstrip(".").lower(): (spec["case"], spec.get("feminine")) for key, spec in table.items()}


def honorific_case(word: str) -> tuple[Case, Gender | None] | None:
    """The case and gender an honorific tells ("panu" → dative, masculine; "paní" → any case,
    feminine; names.toml), or None when ``word`` is not one."""
    found = _honorific_table().get(word.rstrip(".").lower())
    if found is None:
        return None
    case, feminine = found
    return case, (None if feminine is None else ("f" if feminine else "m"))


@cache
def explain_reading(raw: str, name: str) -> str | None:
    """How a declined name as written ("panem Jakubem Otáhalem") was read as ``name`` (Jakub
    Otáhal): the dictionary entry or hand rule for each word; None when nothing was declined."""
    named = name.split()
    if raw.split()[-len(named) :] == named:
        return None  # "Ing. Jana Nováková": written in the nominative
    words = raw.replace(".", ". ").split()
    case: Case = "any"
    gender: Gender | None = None
    if words and (told := honorific_case(words[0])) is not None:
        case, gender = told
        words = words[1:]
    words = [w for w in words if not is_title(w.strip(",;")) and w != "."]
    if not words or [fold(w) for w in words] == [fold(w) for w in name.split()]:
        return None
    reading = read_name(words, case, gender)
    if reading is None or fold(reading.name) != fold(name):
        return None
    declined = [e for e in reading.evidence if _changed(e)]
    return f"„{raw}“ read as {name}: " + "; ".join(declined or reading.evidence)


def _changed(evidence: str) -> bool:
    """ "Jakubem → Jakub: …" is a declined word; "Jakub → Jakub: …" is not."""
    written, _, nominative = evidence.split(": ", 1)[0].partition(" → ")
    return written != nominative


def known_surname(word: str) -> str | None:
    """Where ``word`` (a nominative surname) is known as a surname of its own: an entry of the
    Czech dictionary, or the list of common surnames; None when neither knows it."""
    dictionary = morphology()
    if dictionary is not None and word in dictionary.words:
        return f"{SOURCE} has {word}"
    if fold(word) in frequent_surnames():
        return f"{word} is a common surname"
    return None


def proper_nominative(word: str) -> str | None:
    """The nominative of a declined proper name the Czech dictionary knows with one reading only:
    "Praze" → Praha, "Litoměřicích" → Litoměřice, "Olomouci" → Olomouc; the word itself when it is
    an entry; None when the dictionary is missing, does not know it, or reads it more ways than one
    ("Hrabové": Hrabová, Hrab or Hraba)."""
    dictionary = morphology()
    if dictionary is None or not word[:1].isupper():
        return None
    entries = {a.entry for a in dictionary.analyses(word) if a.entry[:1].isupper()}
    if word in entries:
        return word
    return entries.pop() if len(entries) == 1 else None


def reload_dictionary() -> None:
    """Forget the loaded dictionary and every name read with it (after installing hunspell-cs,
    or changing ``ZAPIS_HUNSPELL``): the next name is read with what is there now."""
    from zapis.lang.matching import name_key

    morphology.cache_clear()
    _surname_lemmas.cache_clear()
    _first_name_lemmas.cache_clear()
    explain_reading.cache_clear()
    name_key.cache_clear()
