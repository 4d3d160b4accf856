"""The meeting body ("Stavební komise", "Pracovní skupina pro seniory") from a title.

Titles name the body in the genitive after an event noun: "Zápis ze zasedání finančního
výboru" → "Finanční výbor"; "Pracovní setkání skupiny pro cizince" → "Pracovní skupina pro
cizince".  Only the words before and including the head noun are declined; what follows
("osady Okrouhlík", "pro seniory", "PřF UK") is already in the right case.
"""

from __future__ import annotations

import re
from functools import cache

from zapis.lang import Phrases, fold, fold_aligned, load, phrases
from zapis.parse.agenda import sentence_end


@cache
def _nouns() -> dict[str, tuple[str, str]]:
    """Folded form → (nominative, gender)."""
    out: dict[str, tuple[str, str]] = {}
    for nominative, spec in load("bodies")["nouns"].items():
        for form in spec["forms"]:
            out[fold(form)] = (nominative, spec["gender"])
    return out


@cache
def _events() -> list[str]:
    return sorted((fold(w) for w in load("bodies")["events"]["words"]), key=len, reverse=True)


@cache
def _assemblies() -> tuple[tuple[str, ...], ...]:
    """Each entry as its folded words, longest first: ("mimoradne", "clenske"), ("clenske",) …"""
    entries = {tuple(fold(entry).split()) for entry in load("bodies")["assemblies"]["adjectives"]}
    return tuple(sorted(entries, key=len, reverse=True))


@cache
def _of_body() -> dict[str, str]:
    return {fold(adjective): noun for adjective, noun in load("bodies")["of_body"].items()}


def _assembly_words(before: list[str]) -> list[str]:
    """The assembly adjectives right before the event noun, whole entries of the list one after
    another: "výroční" + "členské" (schůze); "mimořádné" alone is no assembly ("mimořádné schůze výboru")."""
    k = len(before)
    while True:
        folded = [fold(w) for w in before[:k]]
        entry = next((e for e in _assemblies() if len(e) <= k and tuple(folded[k - len(e) :]) == e), None)
        if entry is None:
            return before[k:]
        k -= len(entry)


def nouns_nominative(form: str) -> tuple[str, str] | None:
    """(nominative, gender) of a body noun in any listed form."""
    return _nouns().get(fold(form))


@cache
def _transfer() -> frozenset[str]:
    return frozenset(fold(w) for w in load("bodies")["transfer"]["adjectives"])


def _adjective_nominative(word: str, gender: str) -> str:
    """Genitive/dative adjective → nominative of the given gender: "finančního" → "finanční"."""
    w = word
    lower = w.casefold()
    soft = lower.endswith(("ího", "ímu", "í", "ím"))
    if soft:
        for ending in ("ího", "ímu", "ím"):
            if lower.endswith(ending):
                return w[: -len(ending)] + ("Í" if w.isupper() else "í")
        return w
    hard_endings = {"m": ("ého", "ému", "ým", "ý"), "f": ("é", "ou", "á"), "n": ("ého", "ému", "ým", "é")}
    target = {"m": "ý", "f": "á", "n": "é"}[gender]
    for ending in hard_endings[gender]:
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            return w[: -len(ending)] + (target.upper() if w.isupper() else target)
    return w


def _is_adjective(word: str) -> bool:
    return bool(re.search(r"(ého|ího|é|í|ému|ímu|ý|á|ou)$", word.casefold())) and word[:1].isalpha()


def body_nominative(phrase: str) -> str | None:
    """A genitive body phrase → nominative with a capital letter, or None if no body noun is found.

    "osadního výboru osady Okrouhlík" → "Osadní výbor osady Okrouhlík"
    """
    skip = phrases("bodies", "modifiers", "skip").startswith(phrase)
    if skip is not None:
        phrase = phrase[skip.end :]
    tokens = phrase.split()
    nouns = _nouns()
    for i, tok in enumerate(tokens[:5]):
        key = fold(tok.strip(",."))
        if key in nouns:
            nominative, gender = nouns[key]
            adjectives = tokens[:i]
            if not all(_is_adjective(a) for a in adjectives):
                return None
            head = [_adjective_nominative(a, gender) for a in adjectives]
            noun = _match_case(tok.strip(",."), nominative)
            words = [*head, noun, *tokens[i + 1 :]]
            return _capitalize(" ".join(words).strip(" ,.;:–-"))
    return None


def _match_case(written: str, nominative: str) -> str:
    if written.isupper() and len(written) > 1:
        return nominative.upper()  # a title in capitals is brought to normal case as a whole, later
    return nominative.capitalize() if written[:1].isupper() else nominative


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# Where the body's name ends in a title, besides words (minutes.toml, [title] stops): a dash, a
# date or a number, a parenthesis, a colon, the end of the sentence.
_STOP_SHAPE = re.compile(
    r"\s+(?:v\s+(?=\d)|od\s+(?=\d)|ze?\s+(?=\d))|\s+[–—-]\s+|[,(]\s*(?=\d)|\s+\d{1,2}\.\s?\d|\s*\(|[:]|\.\s*$"
    r"|\s+\d{1,2}\s*/\s*\d{4}|\s+\d(?!\d*\.\s?[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]{2})(?!\d?\s+\d{1,2}\.)"
    r"|\s+č\.?(?:\s*\d|\s*$)"  # a serial number: "výboru č. 3", "zastupitelstva č. 5/2021"
)
_NUMBER_STOP = re.compile(r"\s+\d{1,2}\.\s?\d")


@cache
def _stop_words() -> re.Pattern[str]:
    """Stop words, and a date written with the month's name ("… PRAHA 18 11. LISTOPADU 2010"), folded."""
    months = Phrases(m for forms in load("minutes")["months"].values() for m in forms).source
    return re.compile(rf"\s+{phrases('minutes', 'title', 'stops').source}(?!\w)|\s+\d{{1,2}}\.\s*{months}(?!\w)")


def _stop(text: str, shapes: re.Pattern[str] = _STOP_SHAPE) -> int | None:
    """Where the name of a body ends in ``text`` (None: it runs to the end)."""
    found = [m.start() for m in (_stop_words().search(fold_aligned(text)), shapes.search(text)) if m]
    return min(found) if found else None


def _until_stop(text: str, shapes: re.Pattern[str] = _STOP_SHAPE) -> str:
    stop = _stop(text, shapes)
    text = text if stop is None else text[:stop]
    end = sentence_end(text)  # "Studentský parlament. Řešili …": the name ends with its sentence
    return text if end is None else text[:end]


def body_from_title(title: str) -> str | None:
    """The body named in a title line, in the nominative; None when the title names none."""
    text = " ".join(title.split())
    folded = fold(text)
    # "Zápis z valné hromady TJ Sokol …": the body right after "zápis z", without an event noun
    m = re.match(r"^z[aá]pis\w*\s+ze?\s+", text, flags=re.IGNORECASE)
    if m:
        after = text[m.end() :]
        phrase = _until_stop(after).strip(" ,.;:–-")
        if not any(fold(w) in _events() for w in phrase.split()):
            body = body_nominative(phrase)
            if body:
                return body
    for event in _events():
        m = re.search(rf"(?:^|\s){re.escape(event)}(?:\s+(?:\d+\.\s+)?|$)", folded)
        if not m:
            continue
        before = text[: m.start()].split()
        after = text[m.end() :]
        phrase = _until_stop(" " + after).strip(" ,.;:–-")
        # "jednání mezi zástupci A a zástupci B": the parties are the body
        if phrase.lower().startswith("mezi "):
            parties = _until_stop(phrase[4:], _NUMBER_STOP).strip(" ,.;:–-")
            if parties:
                return parties
        # "Zápis z členské schůze (družstva …)": a members' meeting is itself the body that meets
        adjectives = _assembly_words(before)
        noun = nouns_nominative(event)
        if adjectives and noun:
            written = text[m.start() : m.end()].split()[0]
            head = " ".join([*(_adjective_nominative(a, noun[1]) for a in adjectives), _match_case(written, noun[0])])
            return _capitalize(f"{head} {phrase}".strip())
        # "Zápis z výborové schůze SDH": the committee's meeting, its body the committee
        if before and (of := _of_body().get(fold(before[-1]))):
            return _capitalize(f"{of} {phrase}".strip())
        if not phrase:
            continue
        body = body_nominative(phrase)
        if body is None:
            # an abbreviation or a name we do not decline: "FV", "VV ŠSČR"
            if re.match(r"^[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][\w.]*", phrase) and len(phrase.split()) <= 6:
                return phrase
            continue
        # "Pracovní setkání skupiny …": the adjective describes the body ("pracovní skupina")
        if before and fold(before[-1]) in _transfer() and not fold(body).startswith(fold(before[-1])):
            body = f"{before[-1].capitalize()} {body[:1].lower()}{body[1:]}"
        return body
    return None


def body_from_heading(line: str) -> str | None:
    """A heading that names the body in the nominative: "Pracovní skupina pro seniory", "Rada Base48 5/2025"."""
    text = " ".join(line.split()).strip(" .:")
    tokens = text.split()
    if not 1 <= len(tokens) <= 16:
        return None
    if line.rstrip().endswith(":") or phrases("minutes", "agenda", "not_heading_verbs").search(text):
        return None  # "Výbor schválil dárky za těchto podmínek:": a sentence of the record, no heading
    nouns = _nouns()
    for i, tok in enumerate(tokens[:4]):
        key = fold(tok.strip(",."))
        if key in nouns and fold(nouns[key][0]) == key:
            if not all(_is_adjective(a) for a in tokens[:i]):
                return None
            body = _until_stop(" " + " ".join(tokens))
            body = body.strip(" ,.;:–-")
            return _capitalize(body) if len(body.split()) > i else None
    return None
