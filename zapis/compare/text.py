"""Word-level differences of two normalized texts.

Both texts went through the same normalization (line breaks rejoined, hyphenation undone,
page headers and numbers dropped, spaces collapsed), and words are compared on a key that
also ignores the typographic variants of quotes, dashes and ellipses: what remains are
differences in wording.  Punctuation marks are tokens of their own, so that a moved comma
does not mark a whole word as changed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

Tag = Literal["equal", "replace", "delete", "insert"]

_TYPOGRAPHY = str.maketrans(
    {"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."}
)
_TOKEN = re.compile(r"\w+|[^\w\s]+")


@dataclass(frozen=True)
class Token:
    text: str
    space_before: bool


@dataclass(frozen=True)
class TextOp:
    tag: Tag
    a: list[Token]
    b: list[Token]


def tokens(text: str) -> list[Token]:
    out: list[Token] = []
    last_end = 0
    for m in _TOKEN.finditer(text):
        out.append(Token(m.group(0), m.start() > last_end or not out))
        last_end = m.end()
    return out


def _key(token: Token) -> str:
    return token.text.translate(_TYPOGRAPHY)


_LIST_MARKER = re.compile(r"^[ \t]*[-–•*][ \t]+", re.MULTILINE)


def word_diff(a: str, b: str) -> list[TextOp]:
    # bullets are layout: one copy keeps Word's list marks, another lost them in a PDF export
    ta, tb = tokens(_LIST_MARKER.sub("", a)), tokens(_LIST_MARKER.sub("", b))
    matcher = difflib.SequenceMatcher(a=[_key(t) for t in ta], b=[_key(t) for t in tb], autojunk=False)
    return [TextOp(tag, ta[i1:i2], tb[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def join_tokens(toks: list[Token]) -> str:
    return "".join((" " if t.space_before and i else "") + t.text for i, t in enumerate(toks))


def changed(ops: list[TextOp]) -> list[TextOp]:
    return [op for op in ops if op.tag != "equal"]
