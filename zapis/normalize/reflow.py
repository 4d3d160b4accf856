"""Layout whitespace: trailing spaces, runs of blank lines, and lines wrapped by the page width.

A PDF or a scan breaks every paragraph at the page margin; a DOCX or a web page does not.
Rejoining wrapped lines gives every rendering of the same minutes the same logical lines,
which the parser and the copy comparison both rely on.
"""

from __future__ import annotations

import re
from functools import cache

from zapis.lang import Phrases, load, without_word_bullet

UNWRAPPED_WIDTH = 130
_LIST_ITEM = re.compile(
    r"^\s*(?:[-–—*+]\s|(?:\d{1,2}|[a-zA-Z]|[IVXivx]{1,4})[.)]\s?(?=\S)|\d{1,2}\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])"
)
_LABEL = re.compile(r"^\s*[\w ()/.]{2,40}:\s*\S")
_LABEL_ONLY = re.compile(r"^\s*[\w ()/.]{2,40}:\s*$")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
_LOWER_START = re.compile(r"^\s*[a-záčďéěíňóřšťúůýž]")
_HYPHEN_END = re.compile(r"([^\W\d_]{2,})-$")


_ORPHAN_MARKER = re.compile(r"^\s*(?:[-–—*+•o]|\d{1,2}[.)]|[a-z][.)]|[IVX]{1,4}\.)\s*$")


def join_orphan_markers(text: str) -> str:
    """A list marker alone on its line ("1.", "o", a bullet) belongs to the next line:
    PDF text layers put the marker and the item text in separate blocks."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _ORPHAN_MARKER.match(line) and i + 1 < len(lines) and lines[i + 1].strip():
            marker = line.strip()
            out.append(f"{'-' if marker in ('o', '•', '*', '+', '–', '—') else marker} {lines[i + 1].strip()}")
            i += 2
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


# A line break lost between a word and the next paragraph: "od 17.00 hodinČlenů zastupitelstva".
# Czech words do not change from lower to upper case inside (brand names aside, and those have
# short parts: "eKonto", "MěÚ"), so three lower-case letters then a capitalised word are two lines.
# The run of letters around the break is letters only ("0000aaaAaa" is no word glued to a paragraph).
_GLUED = re.compile(r"(?<=[a-záčďéěíňóřšťúůýž]{3})(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]{2,})")
_TOKEN_START = re.compile(r"\w*$")


def restore_lost_breaks(text: str) -> str:
    out, last = [], 0
    for m in _GLUED.finditer(text):
        token = _TOKEN_START.search(text, 0, m.start())
        if token and any(c.isdigit() or c == "_" for c in token.group(0)):
            continue
        out += [text[last : m.start()], "\n"]
        last = m.start()
    return "".join([*out, text[last:]])


def _split_glued(lines: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    # Restored after rejoining: the glued line is as long as the source printed it, so the line
    # after it still joins as the wrap it was ("…činnostZvýšili kapacity" + "v České Lípě").
    out: list[str] = []
    out_origin: list[int] = []
    for k, (line, i) in enumerate(zip(lines, origin, strict=True)):
        parts = restore_lost_breaks(_split_first_item(line, lines[k + 1] if k + 1 < len(lines) else "")).split("\n")
        out.extend(parts)
        out_origin.extend([i] * len(parts))
    return out, out_origin


# "Kontrola: Dvořák1. Zahájení" above "2. Kontrola usnesení": the first item of a list lost its line break
_FIRST_ITEM_GLUED = re.compile(r"(?<=[^\W\d_])(?=1[.)]\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])")


def _split_first_item(line: str, following: str) -> str:
    if not re.match(r"^\s*2[.)]\s+\S", following):
        return line
    m = _FIRST_ITEM_GLUED.search(line)
    return line if m is None else f"{line[: m.start()]}\n{line[m.start() :]}"


@cache
def _labels() -> Phrases:
    """Every label of minutes.toml, of any field: "Přítomni", "omluveni", "Zapsal" …"""
    return Phrases(label for labels in load("minutes")["labels"].values() for label in labels)


def starts_with_label(line: str) -> bool:
    """ "omluveni : ing. Franěk", "Přítomni členové výboru:", "o hosté: …" (a second-level bullet of
    text from Word): a listed label, a few words, a colon."""
    line = without_word_bullet(line)
    found = _labels().startswith(line)
    return found is not None and re.match(r"\s*(?:[\w().]+\s*){0,3}:", line[found.end :]) is not None


def clean_layout(text: str) -> str:
    """Trailing spaces, repeated inner spaces, blank-line runs."""
    # Indentation is dropped: list markers, not indentation, carry the structure we use.
    lines = [" ".join(ln.split()) for ln in text.split("\n")]
    text = "\n".join(ln if ln.strip() else "" for ln in lines)
    text = join_orphan_markers(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _wrap_width(lines: list[str]) -> int:
    """The width at which the source wrapped lines: the 90th percentile of line lengths."""
    lengths = sorted(len(ln.strip()) for ln in lines if len(ln.strip()) > 20)
    if len(lengths) < 5:
        return 0
    width = lengths[int(0.9 * (len(lengths) - 1))]
    # Lines far longer than a page is wide: paragraphs were never wrapped (DOCX, web text).
    return 0 if width > UNWRAPPED_WIDTH else width


def _is_item(line: str) -> bool:
    return bool(_LIST_ITEM.match(line))


_RULE = re.compile(r"^[_\-=*~.…]{5,}$")  # a drawn line: a separator, never part of a paragraph


def _ends_sentence(text: str) -> bool:
    """``_SENTENCE_END.search(text)``, looked for only at the end: a paragraph joined so far may be long."""
    return _SENTENCE_END.search(text, max(len(text.rstrip()) - 1, 0)) is not None


def _ends_hyphenated(text: str) -> bool:
    """``_HYPHEN_END.search(text)``: two letters and a hyphen are all it needs to see, at the end."""
    return _HYPHEN_END.search(text, max(len(text) - 4, 0)) is not None


def _continues(prev: str, line: str, width: int, blank_between: bool) -> bool:
    """Does ``line`` continue the paragraph that ``prev`` ends?"""
    p, s = prev.strip(), line.strip()
    full = width >= 50 and len(p) >= 0.7 * width
    # "– doporučení …" after a full line is a sentence wrapped at its dash, not a bullet
    if full and not blank_between and re.match(r"^[–—]\s+[a-záčďéěíňóřšťúůýž]", s) and not _ends_sentence(p):
        return True
    if not p or not s or _is_item(s) or p.endswith(":") or _RULE.match(p) or _RULE.match(s):
        return False
    if (_LABEL.match(s) or _LABEL_ONLY.match(s)) and (not _LOWER_START.match(s) or starts_with_label(s)):
        return False
    if blank_between and _ends_sentence(p):
        return False
    if _ends_hyphenated(p) and not blank_between:  # a word or a compound broken at the margin
        return True
    if p.endswith(","):  # lists of names wrap after a comma, sometimes past a blank line
        return True
    if _LOWER_START.match(s):
        return full or (not blank_between and len(p) >= 40)
    # a capital after a full line: a proper noun at the wrap, or the next line of a list; only a
    # line that reaches the margin itself was wrapped (one far longer than the margin never was)
    # (a list of names may run on past it: "…, Jana" + "Nováková, Petr Malý")
    listing = _names_listed(p)
    brim = width >= 50 and 0.85 * width <= len(p) and (len(p) <= 1.15 * width or listing)
    return brim and not blank_between and not _ends_sentence(p)


def _names_listed(line: str) -> bool:
    """Does the line end with a list of names ("…, Jan Dub, Petr Malý, Jana")? The
    last pieces between commas are short and capitalised."""
    pieces = [x.strip() for x in line[-200:].split(",")[-3:]]  # the end is enough: paragraphs grow long
    return len(pieces) == 3 and all(x and len(x.split()) <= 3 and x[:1].isupper() for x in pieces[1:])


def join_wrapped_lines(text: str) -> str:
    """Rejoin lines broken by the page width, and words hyphenated across those breaks.

    "pracov-" + "níků" → "pracovníků"; "Frýdek-" + "Místek" → "Frýdek-Místek" (a capital after
    the hyphen means a real hyphenated name).
    """
    return rejoin_lines(text)[0]


def rejoin_lines(text: str) -> tuple[str, list[int]]:
    """:func:`join_wrapped_lines`, and for each output line the index of the input line it starts with."""
    lines = text.split("\n")
    width = _wrap_width(lines)
    out: list[str] = []
    origin: list[int] = []
    blank_between = False
    for i, line in enumerate(lines):
        if not line.strip():
            blank_between = True
            continue
        if out and _continues(out[-1], line, width, blank_between):
            prev = out[-1].rstrip()
            hyphenated = _ends_hyphenated(prev)
            if hyphenated and _LOWER_START.match(line):
                out[-1] = prev[:-1] + line.strip()
            elif hyphenated:
                out[-1] = prev + line.strip()
            else:
                out[-1] = prev + " " + line.strip()
        else:
            if blank_between and out:
                out.append("")
                origin.append(i)
            out.append(line.rstrip())
            origin.append(i)
        blank_between = False
    out, origin = _split_glued(out, origin)
    return "\n".join(out), origin
