"""Czech name forms: first names and their gender, and the nominative of declined names.

Czech declines names: "paní Teplá" is "od paní Teplé", "s paní Teplou"; "pan Šandor" is
"pana Šandora", "panem Šandorem"; "Jirotka" is "Jirotky", "Jirotkovi", "Jirotkou",
vocative "Jirotko".  These functions undo the common endings.  Where an ending is ambiguous
(dative "Jirotkovi" could be Jirotka or Jirotek), they return every candidate, most likely
first; the person registry then picks the one the archive knows.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from zapis.lang.text import fold
from zapis.lang.vocab import load

Case = Literal["nom", "gen", "dat", "acc", "voc", "loc", "ins", "any"]


@cache
def _first_names() -> dict[str, str]:
    data = load("first_names")
    out = {fold(n): "f" for n in data["female"]}
    out.update({fold(n): "m" for n in data["male"]})
    return out


def first_name_gender(word: str) -> str | None:
    """'m' or 'f' for a known first name in the nominative, else None."""
    return _first_names().get(fold(word))


def is_first_name(word: str) -> bool:
    return first_name_gender(word) is not None


def nominative_first_name(word: str, case: Case = "any") -> list[str]:
    """Candidates for the nominative of a declined first name: "Pavla" (acc.) → "Pavel"."""
    if case == "nom":
        return [word]
    cands: list[str] = []
    w = word
    rules = [
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
        ("a", ""),
        ("e", ""),
        ("o", ""),
    ]
    for ending, repl in rules:
        if w.endswith(ending) and len(w) > len(ending) + 1:
            base = w[: len(w) - len(ending)] + repl
            cands.append(base)
            # fleeting e: Pavla → Pavel, Marka → Marek, Karla → Karel
            if not repl and len(base) >= 3:
                cands.append(base[:-1] + "e" + base[-1])
    known = [c for c in cands if is_first_name(c)]
    if is_first_name(word) and case == "any":
        return [word, *known]
    return known or [word]


_FEMININE_ENDINGS = (("ové", "ová"), ("ovou", "ová"), ("ou", "á"), ("é", "á"))


def nominative_surname(word: str, case: Case = "any", feminine: bool | None = None) -> list[str]:
    """Candidates for the nominative of a declined surname, most likely first.

    "Teplé" → ["Teplá"], "Horákové" → ["Horáková"], "Šandora" → ["Šandor"],
    "Jirotkovi" → ["Jirotka", "Jirotek"], "Jirotko" → ["Jirotka"], "Suchého" → ["Suchý"].
    """
    w = word
    if case == "nom":
        return [w]
    # Adjectival surnames (Suchý, Černý, Krejčí): -ého/-ému/-ým → -ý; -ské/-skou → -ská
    for ending, repl in (("ého", "ý"), ("ému", "ý"), ("ým", "ý"), ("ím", "í"), ("ího", "í"), ("ímu", "í")):
        if w.endswith(ending) and len(w) > len(ending) + 2:
            return [w[: -len(ending)] + repl]
    if feminine is not False:
        for ending, repl in _FEMININE_ENDINGS:
            if w.endswith(ending) and len(w) > len(ending) + 2:
                fem = w[: -len(ending)] + repl
                # "Jirotkou" is also the instrumental of the masculine "Jirotka"
                if feminine is None and ending == "ou" and not w.endswith("ovou"):
                    return [fem, w[:-2] + "a"]
                return [fem]
        if w.endswith(("ová", "á")):
            return [w]
    if feminine is True:
        return [w]
    # Masculine.  Instrumental -em / dative -ovi / genitive -a / -y / -u / vocative -o / -e.
    cands: list[str] = []
    if w.endswith("ovi") and len(w) > 5:
        stem = w[:-3]
        cands += [stem + "a", _fleeting_e(stem)] if not _can_end_word(stem) else [stem, stem + "a"]
    elif w.endswith("em") and len(w) > 4:
        cands += [w[:-2], _fleeting_e(w[:-2])]
    elif w.endswith("ou") and len(w) > 4:
        cands += [w[:-2] + "a"]
    elif w.endswith("y") and len(w) > 3 and case in ("gen", "any", "acc"):
        cands += [w[:-1] + "a"]
    elif w.endswith("u") and len(w) > 3:
        stem = w[:-1]
        if case == "acc":  # masculine accusative -u comes from -a nouns: Moucha → Mouchu
            cands += [stem + "a"]
        cands += [stem + "a", _fleeting_e(stem)] if not _can_end_word(stem) else [stem, stem + "a"]
    elif w.endswith("o") and len(w) > 3:
        cands += [w[:-1] + "a"]
    elif w.endswith("a") and len(w) > 3:
        # "pana Šandora" (gen./acc. of Šandor) or "pan Jirotka" (nominative -a)
        if case in ("gen", "acc"):
            cands += [w[:-1], _fleeting_e(w[:-1]), w]
        else:
            cands += [w, w[:-1]]
    elif w.endswith("e") and len(w) > 3 and case in ("voc", "loc", "any"):
        cands += [w, w[:-1]]
    if not cands:
        return [w]
    seen: list[str] = []
    for c in cands:
        if c and c not in seen:
            seen.append(c)
    return seen


_VOWELS = "aeiouyáéíóúůýě"


def _can_end_word(stem: str) -> bool:
    """ "Šandor" can end a Czech word; "Jirotk" (two consonants, then k/c/l) cannot."""
    return not (len(stem) >= 2 and stem[-1] in "kcl" and stem[-2] not in _VOWELS)


def _fleeting_e(stem: str) -> str:
    """Jirotk → Jirotek, Marc → Marec (the e that disappears in declension)."""
    if len(stem) >= 3 and stem[-1] in "kcl" and stem[-2] not in _VOWELS:
        return stem[:-1] + "e" + stem[-1]
    return stem
