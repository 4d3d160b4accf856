"""People named inside sentences rather than lists.

"Omluvil Ing. Miroslava Mouchu a pana Pavla Kurku." (excused, accusative),
"Zapisovateli určil Ing. Jana Houšku a paní Marcelu Tomanovou." (recorders, accusative),
"Zapisovatelem byl určen František Štross, ověřovatelem Viktor Novotný." (nominative).
"""

from __future__ import annotations

import re
from functools import cache

from zapis.lang import (
    Case,
    clean_name,
    fold_aligned,
    is_first_name,
    is_title,
    nominative_first_name,
    nominative_surname,
    phrases,
)
from zapis.parse.mentions import find_mentions


def _src(key: str) -> str:
    return phrases("minutes", "sentences", key).source


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """In folded text (minutes.toml, [sentences]): "Omluvil …" / "omluveni jsou …", "Zapisovatelem
    byl určen …" / "Zapisovateli určil …", and where a list of names in a sentence ends."""
    excused = re.compile(
        rf"(?<!\w)(?:{_src('excused_active')}|(?P<passive>{_src('excused_passive')}))\s+(?P<se>se\s+)?"
        r"(?P<names>[^;:]{3,200})"
    )
    recorder = re.compile(
        rf"(?<!\w){_src('recorder_nouns')}\s+(?:zapisu\s+)?"
        rf"(?:(?P<passive>{_src('appointed_passive')})\s+|(?P<active>{_src('appointed_active')})\s+)?"
        r"(?P<names>[^;]{3,200})"
    )
    end_words = "|".join(re.escape(w) for w in phrases("minutes", "sentences", "list_end_words").keys)
    ends = re.compile(rf",\s*{_src('list_ends')}.*$|\s+(?:{end_words})\s.*$")
    return excused, recorder, ends


def _sentence(text: str) -> str:
    """Up to the end of the sentence: a full stop after a word, not after a title or an initial."""
    for m in re.finditer(r"\.(?:\s|$)", text):
        word = re.findall(r"[\w]+$", text[: m.start()])
        if word and (len(word[0]) >= 5 or (word[0].islower() and len(word[0]) >= 3)) and not is_title(word[0]):
            return text[: m.start()]
    return text


def people_in_phrase(text: str, case: Case) -> list[tuple[str, str]]:
    """(name, raw) of the people listed in ``text`` ("X, Y a Z"), in the nominative."""
    text = _sentence(text)
    end = _patterns()[2].search(fold_aligned(text))
    text = text[: end.start()] if end else text
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
    excused = _patterns()[0]
    for i, line in enumerate(lines):
        m = excused.search(fold_aligned(line))
        if m:
            case: Case = "nom" if m.group("se") or m.group("passive") else "acc"
            found = people_in_phrase(line[m.start("names") : m.end("names")], case)
            if found:
                return [(name, raw, i) for name, raw in found]
    return []


def recorders_in_sentences(lines: list[str]) -> list[tuple[str, str, int]]:
    recorder = _patterns()[1]
    for i, line in enumerate(lines):
        folded = fold_aligned(line)
        # every occurrence, overlapping: "určení zapisovatele … Zapisovatelem byl určen X"
        for start in (s.start() for s in re.finditer("zapisovatel", folded)):
            m = recorder.match(folded, start)
            if m and (m.group("passive") or m.group("active")):
                case: Case = "acc" if m.group("active") else "nom"
                found = people_in_phrase(line[m.start("names") : m.end("names")], case)
                if found:
                    return [(name, raw, i) for name, raw in found]
    return []
