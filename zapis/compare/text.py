"""Word-level differences of two copies' texts, each one classed as an edit, OCR noise or layout.

Both texts went through the same normalization (line breaks rejoined, hyphenation undone, page
numbers and repeated headers dropped, spaces collapsed).  The words are aligned on a loose key
that ignores what OCR typically gets wrong (diacritics, ``l``/``1``/``I``, ``rn``/``m``,
``O``/``0``), so that a misread word still stands opposite the word it misreads, and every place
where the two texts differ is then classed:

* ``layout``: page furniture (a running header kept once in one copy, a page number), list
  markers, words split or joined differently (spacing, hyphenation);
* ``ocr``: in a copy read by OCR, a known OCR confusion, stray punctuation, or words the OCR
  itself read with low confidence;
* ``edit``: every other change of words, and any difference between two copies with no OCR.

Punctuation marks are tokens of their own, so a moved comma does not mark a whole word.
Spans are character offsets into each copy's text (``text[start:end]``).
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from zapis.lang import phrases, strip_diacritics, words

Kind = Literal["edit", "ocr", "layout"]
KINDS: tuple[Kind, ...] = ("edit", "ocr", "layout")

_TYPOGRAPHY = str.maketrans(
    {"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."}
)
_TOKEN = re.compile(r"\w+|[^\w\s]+")
_WORD = re.compile(r"\w")
# a list marker opening a line, or alone on it: Word keeps its bullets, a PDF export may lose them
_MARKER = frozenset("-–—•*▪●◦■·")
# OCR confusions that fold into one letter: l/1/I/|, O/0, and capitals that look like their small
# letter (c/C, o/O, s/S, v/V, w/W, x/X, z/Z) when the scan lost the line's x-height
_CONFUSABLE = str.maketrans({"1": "l", "I": "l", "|": "l", "0": "o", **{c.upper(): c for c in "cosvwxz"}})
SIMILAR = 0.5  # how alike a word read with low confidence must be to the word it stands for


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    line: int  # index into ``text.split("\n")``

    @property
    def is_word(self) -> bool:
        return bool(_WORD.match(self.text))


@dataclass(frozen=True)
class CopyText:
    """One copy's text and what its reading says about it."""

    text: str
    furniture: frozenset[int] = frozenset()  # lines that are a running header or footer kept once
    ocr_lines: frozenset[int] = frozenset()  # lines read by OCR
    uncertain: frozenset[str] = frozenset()  # keys of words the OCR read with low confidence


@dataclass(frozen=True)
class TextDifference:
    kind: Kind
    reason: str  # what makes it that kind: "words", "diacritics", "running header", …
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    a: str  # the copies' own text at the spans
    b: str


@dataclass(frozen=True)
class Alignment:
    a: list[Token]
    b: list[Token]
    pairs: list[tuple[int, int]]  # tokens standing for each other (same word, or a misreading of it)
    differences: list[TextDifference]
    similarity: float  # share of the words the two texts have in common, 0–1


def tokens(text: str) -> list[Token]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return [
        Token(m.group(0), m.start(), m.end(), bisect.bisect_right(starts, m.start()) - 1) for m in _TOKEN.finditer(text)
    ]


def strict_key(text: str) -> str:
    """Equal keys: the same word, typographic variants of quotes, dashes and ellipses aside."""
    return unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)


def ocr_key(text: str) -> str:
    """Equal keys: the same word, or a known OCR misreading of it."""
    key = strip_diacritics(strict_key(text)).translate(_CONFUSABLE)
    return key.replace("rn", "m")


def loose_key(text: str) -> str:
    """The alignment key: :func:`ocr_key` without case, so that a recased word still stands opposite itself."""
    return ocr_key(text).lower()


_STEPS = (
    ("diacritics", strip_diacritics),
    ("l/1/I", lambda s: s.translate(str.maketrans({"1": "l", "I": "l", "|": "l"}))),
    ("O/0", lambda s: s.translate(str.maketrans({"0": "o", "O": "o"}))),
    ("letter case", lambda s: s.translate(_CONFUSABLE)),
    ("rn/m", lambda s: s.replace("rn", "m")),
    ("letter case", str.lower),
)


def confusion(a: str, b: str) -> str:
    """Which known OCR confusions turn one spelling into the other (for the report)."""
    x, y = strict_key(a), strict_key(b)
    reasons = []
    for name, step in _STEPS:
        nx, ny = step(x), step(y)
        if _ratio(nx, ny) > _ratio(x, y):
            reasons.append(name)
        x, y = nx, ny
    return ", ".join(dict.fromkeys(reasons)) or "letters"


def _markers(toks: Sequence[Token]) -> set[int]:
    """Indexes of tokens that are list markers: bullets and dashes opening a line ("- - Další": an empty bullet too)."""
    out: set[int] = set()
    for i, t in enumerate(toks):
        opens = i == 0 or toks[i - 1].line != t.line or (i - 1 in out)
        if t.text in _MARKER and opens:
            out.add(i)
    return out


@cache
def _page_number() -> re.Pattern[str]:
    page = phrases("minutes", "pages", "words").source
    of = "|".join(re.escape(w) for w in words("minutes", "pages", "of"))
    return re.compile(rf"^\s*(?:[-–—]\s*)?(?:{page}\s*)?\d{{1,4}}(?:\s*(?:{of})\s*\d{{1,4}})?(?:\s*[-–—])?\s*$")


def _whole_lines(toks: Sequence[Token], text: str) -> list[str] | None:
    """The lines ``toks`` make up, when they are whole lines of ``text``."""
    lines = text.split("\n")
    covered = sorted({t.line for t in toks})
    if sum(len(_TOKEN.findall(lines[i])) for i in covered) != len(toks):
        return None
    return [lines[i] for i in covered]


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def _classify(ta: Sequence[Token], tb: Sequence[Token], ca: CopyText, cb: CopyText) -> tuple[Kind, str]:
    """The kind of one place where the loosely aligned texts differ."""
    for toks, copy in ((ta, ca), (tb, cb)):
        other = tb if toks is ta else ta
        if toks and not other and all(t.line in copy.furniture for t in toks):
            return "layout", "running header"
        if toks and not other:
            lines = _whole_lines(toks, copy.text)
            if lines and all(_page_number().match(strip_diacritics(ln).lower()) for ln in lines):
                return "layout", "page number"
    if ta and tb:
        ja = "".join(loose_key(t.text) for t in ta if t.text != "-")
        jb = "".join(loose_key(t.text) for t in tb if t.text != "-")
        if ja == jb:
            hyphen = any(t.text == "-" for t in (*ta, *tb))
            return "layout", "hyphenation" if hyphen else "spacing"
    ocr = any(t.line in ca.ocr_lines for t in ta) or any(t.line in cb.ocr_lines for t in tb)
    if not ocr:
        return "edit", "words"
    if not any(t.is_word for t in (*ta, *tb)):
        return "ocr", "stray punctuation"
    doubtful = [
        (toks, copy)
        for toks, copy in ((ta, ca), (tb, cb))
        if toks and copy.ocr_lines and all(not t.is_word or strict_key(t.text) in copy.uncertain for t in toks)
    ]
    if doubtful:
        sa = " ".join(t.text for t in ta)
        sb = " ".join(t.text for t in tb)
        if not (ta and tb) or _ratio(loose_key(sa), loose_key(sb)) >= SIMILAR:
            return "ocr", "low OCR confidence"
    return "edit", "words"


def _span(toks: Sequence[Token], at: int) -> tuple[int, int]:
    return (toks[0].start, toks[-1].end) if toks else (at, at)


def _insertion_point(toks: Sequence[Token], index: int, text: str) -> int:
    """Where nothing of one copy stands for the other's words: after the token before."""
    if index > 0:
        return toks[index - 1].end
    return toks[0].start if toks else len(text)


def align(ca: CopyText, cb: CopyText) -> Alignment:
    ta, tb = tokens(ca.text), tokens(cb.text)
    ma, mb = _markers(ta), _markers(tb)
    ia = [i for i in range(len(ta)) if i not in ma]  # the tokens compared: list markers are layout
    ib = [j for j in range(len(tb)) if j not in mb]
    keys_a = [loose_key(ta[i].text) for i in ia]
    keys_b = [loose_key(tb[j].text) for j in ib]
    matcher = difflib.SequenceMatcher(a=keys_a, b=keys_b, autojunk=False)
    pairs: list[tuple[int, int]] = []
    found: list[TextDifference] = []

    def add(kind: Kind, reason: str, xa: list[Token], xb: list[Token], at_a: int, at_b: int) -> None:
        sa, sb = _span(xa, at_a), _span(xb, at_b)
        found.append(TextDifference(kind, reason, sa, sb, ca.text[sa[0] : sa[1]], cb.text[sb[0] : sb[1]]))

    def add_group(group: list[tuple[Token, Token, Kind, str]]) -> None:
        if group:
            reason = ", ".join(dict.fromkeys(r for _, _, _, r in group))
            add(group[0][2], reason, [x for x, _, _, _ in group], [y for _, y, _, _ in group], 0, 0)

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            group: list[tuple[Token, Token, Kind, str]] = []
            last = -2
            for k in range(i2 - i1):
                i, j = ia[i1 + k], ib[j1 + k]
                pairs.append((i, j))
                x, y = ta[i], tb[j]
                if strict_key(x.text) == strict_key(y.text):
                    continue
                ocr = (x.line in ca.ocr_lines or y.line in cb.ocr_lines) and ocr_key(x.text) == ocr_key(y.text)
                kind: Kind = "ocr" if ocr else "edit"
                if group and (group[-1][2] != kind or k != last + 1):
                    add_group(group)
                    group = []
                group.append((x, y, kind, confusion(x.text, y.text) if ocr else "words"))
                last = k
            add_group(group)
            continue
        xa = [ta[ia[k]] for k in range(i1, i2)]
        xb = [tb[ib[k]] for k in range(j1, j2)]
        kind, reason = _classify(xa, xb, ca, cb)
        at_a = _insertion_point(ta, ia[i1] if i1 < len(ia) else len(ta), ca.text)
        at_b = _insertion_point(tb, ib[j1] if j1 < len(ib) else len(tb), cb.text)
        add(kind, reason, xa, xb, at_a, at_b)
    same = sum(block.size for block in matcher.get_matching_blocks())
    total = len(keys_a) + len(keys_b)
    similarity = 2 * same / total if total else 1.0
    return Alignment(ta, tb, pairs, found, round(similarity, 4))
