"""Recognised words and how they become text: lines, paragraphs, reading order.

Whatever engine read the page, its words arrive as :class:`Word` boxes; everything here is
pure geometry on them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NOISE_CONF = 60.0  # words below this confidence and under half the median word height
NOISE_HEIGHT = 0.5  # are specks or detached accents (the čárky of "září" read as "sur" at
# conf 40); real words that small are footnote-size, and Tesseract reads those at 80+.
PHANTOM_INK = 0.005  # see drop_phantoms


@dataclass(frozen=True)
class Word:
    text: str
    conf: float  # 0–100
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


Line = list[Word]
Paragraph = list[Line]


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int


def drop_phantoms(words: Sequence[Word], ink: np.ndarray) -> list[Word]:
    """Without words whose box holds no ink.

    Tesseract 5's LSTM hallucinates characters in wide blank gaps of a line, typically a "©"
    or "|" in the tab between a list bullet and its text, with confidence 50–80, so
    confidence cannot catch them; an empty box can. Real glyphs fill ≥5 % of their box
    (a dot or a dash close to 100 %), so under 0.5 % the box is blank paper.
    """
    kept = []
    for w in words:
        box = ink[max(0, w.top) : w.bottom, max(0, w.left) : w.right]
        if box.size and box.sum() >= max(3.0, PHANTOM_INK * box.size):
            kept.append(w)
    return kept


def print_height(words: Sequence[Word]) -> float:
    """The median height of ``words``: the print's, the measure the word filters judge by (0 when none)."""
    return float(np.median([w.height for w in words])) if words else 0.0


SOLID_FILL = 0.6  # ink filling this much of its own box is a blob, not letters (print fills 10–35 %)
BLOB_HEIGHT = 1.5  # a word this many times the print's height that is a solid blob is a punched hole


def drop_blobs(words: Sequence[Word], ink: np.ndarray) -> list[Word]:
    """Without words that are a solid dark shape larger than the print: a punched hole in the
    margin read as "©" at the start of a line.  (A list bullet is a disc too, but of the letters'
    size; a heading's letters fill far less of their box.)"""
    if not words:
        return []
    height = print_height(words)
    kept = []
    for w in words:
        box = ink[max(0, w.top) : w.bottom, max(0, w.left) : w.right]
        if w.height >= BLOB_HEIGHT * height and box.size and box.mean() >= SOLID_FILL:
            continue
        kept.append(w)
    return kept


def drop_noise(words: Sequence[Word]) -> list[Word]:
    """Without specks and detached diacritics: tiny words Tesseract itself doubts, and tiny
    words on a full-size word's box (the háčky of "Šťastná" read as a word "ov" of their own,
    at confidence 64: print that small is never set on top of other words)."""
    if not words:
        return []
    median_h = print_height(words)
    tiny = [w.height < NOISE_HEIGHT * median_h for w in words]
    full = [w for w, small in zip(words, tiny, strict=True) if not small]
    return [
        w
        for w, small in zip(words, tiny, strict=True)
        if not (small and (w.conf < NOISE_CONF or any(_touching(w, f) for f in full)))
    ]


def _touching(a: Word, b: Word) -> bool:
    return a.left < b.right and b.left < a.right and a.top <= b.bottom and b.top <= a.bottom


def group_paragraphs(words: Sequence[Word]) -> list[Paragraph]:
    """Words grouped by Tesseract's (block, paragraph) and line numbers, order kept."""
    paragraphs: list[Paragraph] = []
    index: dict[tuple[int, int], int] = {}
    lines: dict[tuple[int, int, int], Line] = {}
    for w in words:
        pkey = (w.block, w.par)
        lkey = (w.block, w.par, w.line)
        if pkey not in index:
            index[pkey] = len(paragraphs)
            paragraphs.append([])
        if lkey not in lines:
            lines[lkey] = []
            paragraphs[index[pkey]].append(lines[lkey])
        lines[lkey].append(w)
    return paragraphs


def paragraphs_text(paragraphs: Sequence[Paragraph]) -> str:
    """Words joined by spaces, lines by newlines, paragraphs by a blank line."""
    return "\n\n".join("\n".join(" ".join(w.text for w in line) for line in par) for par in paragraphs if par)


def paragraphs_spans(paragraphs: Sequence[Paragraph]) -> list[tuple[int, int, Word]]:
    """Where each word stands in :func:`paragraphs_text`: (start, end, word), in text order."""
    spans: list[tuple[int, int, Word]] = []
    at = 0
    for par in (p for p in paragraphs if p):
        if spans:
            at += 2  # the blank line between paragraphs
        for n, line in enumerate(par):
            if n:
                at += 1
            for k, w in enumerate(line):
                if k:
                    at += 1
                spans.append((at, at + len(w.text), w))
                at += len(w.text)
    return spans


def _bounds(par: Paragraph) -> Box:
    words = [w for line in par for w in line]
    return Box(
        min(w.left for w in words),
        min(w.top for w in words),
        max(w.right for w in words),
        max(w.bottom for w in words),
    )


def _side_by_side(a: Box, b: Box) -> bool:
    """Boxes sharing some rows but no columns: text in two different page columns."""
    return min(a.bottom, b.bottom) > max(a.top, b.top) and (a.right <= b.left or b.right <= a.left)


def _overlap_x(a: Box, b: Box) -> bool:
    return min(a.right, b.right) > max(a.left, b.left)


COLUMN_OVERLAP = 0.5  # of the narrower paragraph's width: two paragraphs sharing this much stand in one column


def top_to_bottom(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """``paragraphs`` in Tesseract's order, except that in one column a paragraph is never read
    before one above it.

    Tesseract's layout sometimes starts a page in the middle: a picture or a dark logo beside
    the heading makes it take the lines beside and below the picture as a block of their own
    and read that block first ("Přítomni: …" before the title).  Paragraphs side by side (page
    columns, table cells) keep Tesseract's order, which reads columns one after the other.
    """
    out: list[Paragraph] = []
    placed: list[Box] = []
    for par in paragraphs:
        if not par:
            continue
        box = _bounds(par)
        below = [i for i, other in enumerate(placed) if other.top >= box.bottom and _same_column(box, other)]
        pos = min(below) if below else len(out)
        out.insert(pos, par)
        placed.insert(pos, box)
    return out


def _same_column(a: Box, b: Box) -> bool:
    shared = min(a.right, b.right) - max(a.left, b.left)
    return shared > COLUMN_OVERLAP * min(a.right - a.left, b.right - b.left)


def insert_paragraphs(paragraphs: list[Paragraph], new: Paragraph) -> list[Paragraph]:
    """``paragraphs`` with ``new`` placed after the paragraph it follows on the page.

    That is the nearest paragraph above it (largest bottom edge). Tesseract orders a
    multi-column page column by column, so when it found paragraphs side by side the search
    is limited to paragraphs above ``new`` in its own column. Indented text (a bullet list)
    is not a column: a heading at the margin still follows the indented paragraph above it.
    """
    nb = _bounds(new)
    bounds = [_bounds(p) for p in paragraphs]
    columns = any(_side_by_side(a, b) for a, b in itertools.combinations(bounds, 2))
    above = [i for i, b in enumerate(bounds) if b.top <= nb.top and not _side_by_side(b, nb)]
    if columns:
        same_column = [i for i in above if _overlap_x(bounds[i], nb)]
        if same_column:
            above = same_column
        else:  # the top of its column: before the first paragraph below it in that column
            below = [i for i, b in enumerate(bounds) if b.top > nb.top and _overlap_x(b, nb)]
            if below:
                pos = min(below)
                return [*paragraphs[:pos], new, *paragraphs[pos:]]
    pos = max(above, key=lambda i: (bounds[i].bottom, i)) + 1 if above else 0
    return [*paragraphs[:pos], new, *paragraphs[pos:]]
