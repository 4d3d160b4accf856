"""People named inside sentences rather than lists.

"Omluvil Ing. Miroslava Mouchu a pana Pavla Kurku." (excused, accusative),
"Zapisovateli určil Ing. Jana Houšku a paní Marcelu Tomanovou." (recorders, accusative),
"Zapisovatelem byl určen František Štross, ověřovatelem Viktor Novotný." (nominative).
"""

from __future__ import annotations

import re

from zapis.lang import Case, clean_name, is_first_name, is_title, nominative_first_name, nominative_surname
from zapis.parse.mentions import find_mentions

_EXCUSED = re.compile(
    r"\b(?:[Oo]mluvil[ai]?|[Oo]mlouvá|(?P<passive>[Oo]mluven[aiy]?))\s+(?P<se>se\s+)?(?P<names>[^;:]{3,200})"
)
_RECORDER = re.compile(
    r"\b[Zz]apisovatel(?:em|kou|kami|i|ky|e|é|ka)?\s+(?:zápisu\s+)?"
    r"(?:(?P<passive>byl[aiy]?\s+(?:určen[aiy]?|zvolen[aiy]?|jmenován[aiy]?)|je|jsou|byl[aiy]?)\s+"
    r"|(?P<active>určil[aiy]?|zvolil[aiy]?|jmenoval[aiy]?|navrhl[aiy]?)\s+)?(?P<names>[^;]{3,200})"
)
_STOP_WORDS = re.compile(r",\s*(?:ověřovatel|skrutátor|předsedající|řídící|návrhov)\w*.*$|\s+(?:jako|za|z|ze)\s.*$")


def _sentence(text: str) -> str:
    """Up to the end of the sentence: a full stop after a word, not after a title or an initial."""
    for m in re.finditer(r"\.(?:\s|$)", text):
        word = re.findall(r"[\w]+$", text[: m.start()])
        if word and (len(word[0]) >= 5 or (word[0].islower() and len(word[0]) >= 3)) and not is_title(word[0]):
            return text[: m.start()]
    return text


def people_in_phrase(text: str, case: Case) -> list[tuple[str, str]]:
    """(name, raw) of the people listed in ``text`` ("X, Y a Z"), in the nominative."""
    text = _STOP_WORDS.sub("", _sentence(text))
    out = []
    for part in re.split(r"\s*,\s*|\s+a\s+", text):
        part = part.strip()
        if not part:
            continue
        mentions = find_mentions(part, default_case=case)
        if mentions:
            out.append((mentions[0].name, part))
            continue
        clean = clean_name(part)
        if clean is None:
            continue
        tokens = clean.name.split()
        if case not in ("nom", "any") and len(tokens) == 2 and not is_first_name(tokens[0]):
            tokens = [nominative_first_name(tokens[0], case)[0], nominative_surname(tokens[1], case)[0]]
        out.append((" ".join(tokens), part))
    return out


def excused_in_sentences(lines: list[str]) -> list[tuple[str, str, int]]:
    for i, line in enumerate(lines):
        m = _EXCUSED.search(line)
        if m:
            case: Case = "nom" if m.group("se") or m.group("passive") else "acc"
            found = people_in_phrase(m.group("names"), case)
            if found:
                return [(name, raw, i) for name, raw in found]
    return []


def recorders_in_sentences(lines: list[str]) -> list[tuple[str, str, int]]:
    for i, line in enumerate(lines):
        # every occurrence, overlapping: "určení zapisovatele … Zapisovatelem byl určen X"
        for start in (s.start() for s in re.finditer(r"[Zz]apisovatel", line)):
            m = _RECORDER.match(line, start)
            if m and (m.group("passive") or m.group("active")):
                case: Case = "acc" if m.group("active") else "nom"
                found = people_in_phrase(m.group("names"), case)
                if found:
                    return [(name, raw, i) for name, raw in found]
    return []
