"""A place as minutes name it, in the nominative: "v zasedací místnosti OÚ" → "zasedací místnost OÚ".

Only the head of the place changes (the adjectives and the noun they agree with); what follows it
("Obecního úřadu", "č. 209", "v Kovářově") stays as written.  A head not in the word list of
``minutes.toml`` ([location.nominative]) leaves the place as written: no guessing.
"""

from __future__ import annotations

import re
from functools import cache

from zapis.lang import load, proper_nominative

_PREPOSITION = re.compile(r"^(?:v|ve|na)\s+(?=\S)", re.IGNORECASE)
_WORD = re.compile(r"\S+")


@cache
def _heads() -> dict[str, str]:
    table = load("minutes").get("location", {}).get("nominative", {})
    return {k.casefold(): v for k, v in table.items()}


def _adjective(word: str, feminine: bool) -> str | None:
    """The nominative of an adjective in the locative: "velké" → "velká", "kulturním" → "kulturní"."""
    lower = word.casefold()
    if lower.endswith("ém"):
        return word[:-2] + ("á" if feminine else "ý")
    if lower.endswith("ím"):
        return word[:-1]
    if lower.endswith("é") and feminine:
        return word[:-1] + "á"
    if lower.endswith("í"):
        return word  # soft adjectives: "zasedací", "obřadní"
    return None


def _feminine(noun: str) -> bool:
    return noun.endswith(("a", "ost", "ice", "ce", "ň", "ř", "le", "ie"))


def nominative_place(place: str) -> str:
    """``place`` with its head in the nominative, and without the preposition before it."""
    text = _PREPOSITION.sub("", place.strip())
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    for k, (_, end, word) in enumerate(words[:4]):
        noun = _heads().get(word.strip(",").casefold())
        if noun is None:
            continue
        if word[:1].isupper():
            noun = noun[:1].upper() + noun[1:]
        converted = []
        for _, _, adjective in words[:k]:
            nominative = _adjective(adjective, _feminine(noun))
            if nominative is None:
                return place.strip()  # a word before the head that is no adjective: keep it as written
            converted.append(nominative)
        return " ".join([*converted, noun + word[len(word.rstrip(",")) :]]) + text[end:]
    return _town(place.strip(), text)


def _town(place: str, text: str) -> str:
    """ "v Praze" → "Praha": one or two capitalised words after the preposition, each read by the
    dictionary with one nominative only; any other place only loses its preposition."""
    if not _PREPOSITION.match(place):
        return place
    words = text.split()
    town = 1 <= len(words) <= 2 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
    nominatives = [proper_nominative(w) for w in words] if town else []
    if not town or any(n is None for n in nominatives):
        return text  # "na ÚMČ Brno-Tuřany, Tuřanské nám. 1": the place without its preposition
    return " ".join(n for n in nominatives if n)
