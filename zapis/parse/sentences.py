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
    Phrases,
    clean_name,
    fold_aligned,
    is_first_name,
    is_honorific,
    is_title,
    nominative_first_name,
    nominative_surname,
    phrases,
)
from zapis.parse.mentions import find_mentions


def _src(key: str) -> str:
    return phrases("minutes", "sentences", key).source


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """In folded text (minutes.toml, [sentences]): "Omluvil …" / "omluveni jsou …", "Zapisovatelem
    byl určen …" / "Zapisovateli určil …", and where a list of names in a sentence ends."""
    excused = re.compile(
        rf"(?<!\w)(?:{_src('excused_active')}|(?P<passive>{_src('excused_passive')}))\s+(?P<se>se\s+)?"
        r"(?P<names>[^;:]{3,200})"
    )
    end_words = "|".join(re.escape(w) for w in phrases("minutes", "sentences", "list_end_words").keys)
    ends = re.compile(rf",\s*{_src('list_ends')}.*$|\s+(?:{end_words})\s.*$")
    return excused, ends


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
    end = _patterns()[1].search(fold_aligned(text))
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
        if case not in ("nom", "any") and len(tokens) == 2 and _declined(tokens, case):
            tokens = [nominative_first_name(tokens[0], case)[0], nominative_surname(tokens[1], case)[0]]
        out.append((" ".join(tokens), part))
    return out


def _declined(tokens: list[str], case: Case) -> bool:
    """Is "Pavla Koukala" (accusative of Pavel Koukal) declined, or a name in the nominative?

    A feminine name in the accusative ends its surname in -ou ("Marcelu Tomanovou"); a
    nominative feminine surname ends in -á ("Jana Nováková"), which no accusative does.
    """
    first, surname = tokens
    if surname.endswith("ou"):
        return True
    if surname.endswith("á"):
        return False
    return not is_first_name(first) or (bool(nominative_first_name(first, case)) and first.endswith(("a", "u", "e")))


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


_SENTENCE_END = re.compile(r"(?<=[a-záčďéěíňóřšťúůýž\d)“\"])[.!?](?:\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])|\s*$)")


def _ends_sentence(line: str, m: re.Match[str]) -> bool:
    """A full stop after a word, not after a title, an initial or an abbreviation ("Ing.", "p.", "č.")."""
    word = re.findall(r"\w+$", line[: m.start()])
    return not word or word[0].isdigit() or (len(word[0]) >= 3 and not is_title(word[0]) and not is_honorific(word[0]))


def _sentence_bounds(line: str, pos: int) -> tuple[int, int]:
    """The sentence of ``line`` that holds position ``pos``: (start, end)."""
    start, end = 0, len(line)
    for m in (m for m in _SENTENCE_END.finditer(line) if _ends_sentence(line, m)):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


@cache
def _role_nouns() -> dict[str, re.Pattern[str]]:
    """Each role given in sentences ("zapisovatelem", "ověřovateli zápisu"), in folded text."""
    return {
        role: re.compile(rf"(?<!\w){_src(role + '_nouns')}(?:\s+zapisu)?(?!\w)") for role in ("recorder", "verifier")
    }


# At most two lower-case words ("zastupitele", "paní") and titles between a role and its name.
_NAME_NEXT = re.compile(r"^\s*(?:[a-záčďéěíňóřšťúůýž]+\.?\s+){0,2}(?:[A-Za-z]{1,6}\.\s*)*[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]")


def appointed_in_sentences(lines: list[str], role: str) -> list[tuple[str, str, int]]:
    """People given a role in a sentence: "Zapisovatelem byl určen X", "Zapisovateli určil X a Y",
    "… určil ověřovateli zápisu zastupitele X a zastupitele Y a zapisovatelem zastupitele Z".

    The role noun must share its sentence with an appointing verb ("určil", "byl zvolen", "je"):
    "určení zapisovatele" in a programme names nobody.  Names run from the noun to the next
    role noun or the end of the sentence; an active verb puts them in the accusative.
    """
    noun = _role_nouns()[role]
    others = [p for r, p in _role_nouns().items() if r != role]
    passive_re = re.compile(rf"\s*{_src('appointed_passive')}(?!\w)")
    active_re = re.compile(rf"(?<!\w){_src('appointed_active')}(?!\w)")
    for i, line in enumerate(lines):
        folded = fold_aligned(line)
        for m in noun.finditer(folded):
            start, end = _sentence_bounds(line, m.start())
            passive = passive_re.match(folded, m.end())
            active = active_re.search(folded, start, end)
            # "Zapisovatelem byl určen X, ověřovatelem Y": the second role shares the first one's verb
            shared = passive is None and active is None and _passive_before(folded, start, m.start())
            if not passive and not active and not shared:
                continue
            names_start = passive.end() if passive else m.end()
            if active and active.start() >= m.end() and active.start() - m.end() < 3:
                names_start = active.end()  # "Zapisovateli určil X"
            stop = min([end, *(o.start() for p in others if (o := p.search(folded, names_start, end)))])
            tail = re.sub(r"(?:,|\s+a)\s*$", "", line[names_start:stop])
            if not _NAME_NEXT.match(tail):
                continue  # the names must follow the role ("zapisovatelem zastupitele Jana …"), not a clause
            found = people_in_phrase(tail, "nom" if passive or shared else "acc")
            if found:
                return [(name, raw, i) for name, raw in found]
    return []


def _passive_before(folded: str, start: int, end: int) -> bool:
    words = phrases("minutes", "sentences", "appointed_passive").entries
    verbs = [w for w in words if " " in w]  # "byl určen", not a bare "je"
    return Phrases(verbs).search(folded[start:end]) is not None


def recorders_in_sentences(lines: list[str]) -> list[tuple[str, str, int]]:
    return appointed_in_sentences(lines, "recorder")
