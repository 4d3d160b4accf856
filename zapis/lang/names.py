"""Personal names as minutes write them → clean names.

"Mgr. Jana Nováková (Naděje)" → name "Jana Nováková", organization "Naděje";
"RNDr. Josef Šilha, Csc." → "Josef Šilha"; "pí. řed. Mgr. Hradská" → "Hradská";
"Ottmarová Dana" → "Dana Ottmarová" (surname first); "M. Bulirschová – ředitelka ZŠ" →
"M. Bulirschová", role "ředitelka ZŠ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from zapis.lang.forms import first_name_gender, is_first_name
from zapis.lang.text import fold
from zapis.lang.vocab import words

_UPPER = "A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽÄÖÜĽĹŔ"
_LOWER = "a-záčďéěíňóřšťúůýžäöüľĺŕ"
_NAME_WORD = re.compile(rf"^[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)?$")
_INITIAL = re.compile(rf"^[{_UPPER}][{_LOWER}]?\.$")
_NICKNAME = re.compile(rf"^[{_LOWER}{_UPPER}][{_LOWER}{_UPPER}0-9_.]*$")


@dataclass(frozen=True)
class CleanName:
    name: str
    organization: str | None = None
    role: str | None = None


@cache
def _titles() -> frozenset[str]:
    return frozenset(fold(t).replace(".", "").replace(" ", "") for t in words("names", "titles"))


@cache
def _honorifics() -> frozenset[str]:
    return frozenset(fold(t).rstrip(".") for t in words("names", "honorifics"))


@cache
def _not_names() -> frozenset[str]:
    return frozenset(fold(t) for t in words("names", "not_names"))


@cache
def _roles() -> frozenset[str]:
    return frozenset(fold(t).rstrip(".") for t in words("names", "roles"))


def is_title(token: str) -> bool:
    t = fold(token).strip(",;").replace(".", "")
    return bool(t) and t in _titles()


def is_honorific(token: str) -> bool:
    return fold(token).rstrip(".") in _honorifics()


def is_role(token: str) -> bool:
    return fold(token).rstrip(".") in _roles()


def is_generation(token: str) -> bool:
    """ "ml.", "st.", "jr": a word after a name that tells the generation (names.toml)."""
    return fold(token) in _generation()


@cache
def _generation() -> frozenset[str]:
    return frozenset(fold(t) for t in words("names", "generation"))


def is_not_name(token: str) -> bool:
    return fold(token).strip(".,:;") in _not_names()


def _split_tokens(text: str) -> list[str]:
    text = re.sub(rf"(?<![\w.])([{_UPPER}]) \.(?=\s)", r"\1.", text)  # "J . Voráčková": a stray space in an initial
    # "p.Jirásek", "Ing.Novák": a dot glued to the next word separates two tokens
    text = re.sub(rf"(\b[{_UPPER}{_LOWER}]{{1,6}}\.)(?=[{_UPPER}][{_LOWER}])", r"\1 ", text)
    return [t for t in re.split(r"\s+", text.strip()) if t]


def _is_initial_here(tokens: list[str], i: int) -> bool:
    """ "P. Ješina" is an initial and a surname; "p. Ješina" and "P. Jan Novák" start with the honorific."""
    tok = tokens[i]
    if not re.fullmatch(rf"[{_UPPER}]\.", tok):
        return False
    rest = [t for t in tokens[i + 1 :] if not is_title(t.strip(",;"))]
    return len(rest) == 1


def strip_titles(text: str) -> str:
    """Remove academic titles, honorifics and leading roles, keep the rest as written."""
    tokens = _split_tokens(text)
    kept: list[str] = []
    for i, tok in enumerate(tokens):
        bare = tok.strip(",;")
        if is_title(bare) or (
            is_honorific(bare) and i < len(tokens) - 1 and not kept and not _is_initial_here(tokens, i)
        ):
            continue
        if not kept and is_role(bare) and i < len(tokens) - 1:
            continue
        kept.append(tok)
    # "Ing. arch." leaves "arch." behind when "Ing." was stripped first
    while kept and is_title(kept[-1].strip(",;")):
        kept.pop()
    return " ".join(kept).strip(" ,;")


def _split_extras(raw: str) -> tuple[str, str | None, str | None]:
    """Separate "(organization)" and "– role" from the name part."""
    organization = None
    role = None
    parens = re.findall(r"\(([^()]*)\)", raw)
    text = re.sub(r"\([^()]*\)?", " ", raw)
    for inner in parens:
        inner = inner.strip()
        if inner and re.match(rf"[{_UPPER}0-9]", inner) and not re.match(r"^\d{1,2}[:.]\d{2}", inner):
            organization = organization or inner
        elif inner and not organization:
            role = role or inner
    m = re.search(r"\s+[–—-]\s+(.*)$", text)
    if m:
        role = m.group(1).strip() or role
        text = text[: m.start()]
    m = re.search(r"\s+za\s+(.+)$", text)
    if m and re.match(rf"[{_UPPER}]", m.group(1)):
        organization = organization or m.group(1).strip()
        text = text[: m.start()]
    return text, organization, role


def looks_like_name(tokens: list[str], allow_lowercase: bool = False) -> bool:
    """Is this a personal name: one to four capitalised words or initials (or a nickname)?"""
    if len(tokens) > 1 and is_generation(tokens[-1]):
        tokens = tokens[:-1]
    if not 1 <= len(tokens) <= 4:
        return False
    if any(is_not_name(t) and not _INITIAL.match(t) for t in tokens):
        return False
    if allow_lowercase and len(tokens) <= 2 and all(_NICKNAME.match(t) for t in tokens):
        return True
    words_ok = [bool(_NAME_WORD.match(t) or _INITIAL.match(t)) for t in tokens]
    if not all(words_ok):
        return False
    if all(_INITIAL.match(t) for t in tokens):
        return False
    # An all-caps token of several letters is an abbreviation (ZŠ, MML), not a name.
    return not any(len(t) > 2 and t.isupper() for t in tokens)


def surname_first(tokens: list[str]) -> bool:
    """ "Ottmarová Dana", "Vaňková Eva", "Kopitzová V.": the second word is a first name or an
    initial, the first one is not."""
    if len(tokens) != 2:
        return False
    if _INITIAL.match(tokens[1]) and not _INITIAL.match(tokens[0]):
        return True
    return is_first_name(tokens[1]) and not is_first_name(tokens[0])


@lru_cache(maxsize=1 << 14)  # pure, and asked again for every list and sentence a name is in
def clean_name(raw: str, allow_lowercase: bool = False) -> CleanName | None:
    """A clean name from one list entry, or None when the entry is not a person."""
    text, organization, role = _split_extras(raw)
    text = re.sub(r"\b\d{1,2}[:.]\d{2}\b", " ", text)  # arrival times "11:15"
    text = re.sub(r"(?:\s+\d+\.?\s?[A-Z]?\.?)+\s*$", "", text)  # class labels "6. A", "4.B"
    text = strip_titles(text)
    text = text.strip(" ,;:–—-*\"'„“”")
    if not _INITIAL.match(text.split()[-1] if text.split() else ""):
        text = text.strip(" .")  # a final full stop, but not the dot of an initial ("Kopitzová V.")
    # a trailing role word after the name: "Jan Novák předseda"
    tokens = _split_tokens(text)
    if len(tokens) == 2 and re.fullmatch(rf"[{_UPPER}]", tokens[1]) and _NAME_WORD.match(tokens[0]):
        tokens[1] += "."  # "Kročková V": an initial whose dot was lost
    while len(tokens) > 1 and is_role(tokens[-1]):
        word = tokens.pop()
        role = role or word
    # a lowercase note after a capitalised name: "Mira Kmínek online", "Jan Novák omluven"
    while (
        len(tokens) > 2 and tokens[-1].islower() and len(tokens[-1]) > 3 and sum(t[:1].isupper() for t in tokens) >= 2
    ):
        word = tokens.pop()
        role = role or word
    if tokens and not looks_like_name(tokens, allow_lowercase):
        # "zástupkyně školy Mgr. Eva Marková": a lowercase role, then the name
        tail = _capitalised_tail(tokens)
        if tail and len(tail) < len(tokens) and tokens[0].islower():
            role = role or " ".join(tokens[: len(tokens) - len(tail)])
            tokens = tail
    if not tokens or not looks_like_name(tokens, allow_lowercase):
        return None
    if surname_first(tokens):
        tokens = [tokens[1], tokens[0]]
    return CleanName(" ".join(tokens), organization, role)


def _capitalised_tail(tokens: list[str]) -> list[str]:
    tail: list[str] = []
    for tok in reversed(tokens):
        if _NAME_WORD.match(tok) or _INITIAL.match(tok):
            tail.insert(0, tok)
        else:
            break
    return tail if len(tail) >= 2 or (tail and len(tokens) > len(tail)) else []


def gender_of(name: str) -> str | None:
    """'f' or 'm' from the first name or, failing that, a feminine surname ending."""
    tokens = name.split()
    if len(tokens) >= 2:
        g = first_name_gender(tokens[0])
        if g:
            return g
    last = tokens[-1] if tokens else ""
    if last.endswith(("ová", "ská", "cká", "á")):
        return "f"
    return None
