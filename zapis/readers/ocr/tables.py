"""Tables and lists in columns, read row by row.

Tesseract's page segmentation (``--psm 3``) reads a table without ruled lines column by
column: all the names, then all the organizations.  From the word boxes the rows come back:
words whose vertical centres line up are one visual row, split into cells where a gap wider
than two line heights is.  Where a run of rows has its cells in different Tesseract blocks
(the columns it made), and those blocks lie wholly inside the run, the blocks are replaced by
one paragraph of rows, cells joined by " | " (as a table of a Word file is read).

Signature lists: a scrawl read as text is a word of near-zero confidence standing apart from
its line's words; such words are dropped (their ink is then left to the coverage check, which
warns when it cannot read it).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from zapis.readers.ocr.words import Line, Paragraph, Word, print_height

CELL_GAP = 2.0  # line heights of blank paper between two cells of a row
ROW_ALIGN = 0.5  # line heights the vertical centres of one row's words may differ by
ROW_GAP = 2.5  # line heights between rows of one table, at most
MIN_ROWS = 3  # a table has at least this many rows of two cells or more
SCRAWL_CONF = 30.0  # words read with less confidence than this on average …
SCRAWL_GAP = 2.0  # … at least this many line heights away from their line's other words are a scrawl
SCRAWL_TALL = 1.8  # words this many times the print's height, in a run beside print …
SCRAWL_TALL_CONF = 80.0  # … read with less confidence than this on average (print: 85 and more), are handwriting
CELL_SEPARATOR = "|"


def drop_scrawls(words: Sequence[Word], height: float | None = None) -> list[Word]:
    """Without signatures read as text.

    A signature on a line of its own or beside a name (an attendance list, the verifiers)
    reads as a run of made-up words apart from the line's printed words.  Tesseract doubts
    them (mean confidence under SCRAWL_CONF); or, beside print on the same line, they are as
    tall as handwriting is, about twice the print, and read with less confidence than print
    of any size gets (under SCRAWL_TALL_CONF).  ``height``: the print's, when ``words`` are
    too few to tell it (a re-read crop); else their median."""
    if not words:
        return []
    height = height or print_height(words)
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault((w.block, w.par, w.line), []).append(w)
    scrawls: set[int] = set()
    for line in lines.values():
        runs = _runs(sorted(line, key=lambda w: w.left), SCRAWL_GAP, height)
        for run in runs:
            conf = float(np.mean([w.conf for w in run]))
            apart = len(runs) > 1 or len(run) == 1  # a doubted line of print stays: the text is there
            tall = print_height(run) >= SCRAWL_TALL * height
            if (apart and conf < SCRAWL_CONF) or (len(runs) > 1 and tall and conf < SCRAWL_TALL_CONF):
                scrawls.update(id(w) for w in run)
    return [w for w in words if id(w) not in scrawls]


def _runs(line: Sequence[Word], gap: float, height: float) -> list[list[Word]]:
    """The words of a line (left to right) in runs parted by ``gap`` heights of paper or more:
    the print's ``height``, or the taller word's (the gaps of handwriting grow with its size)."""
    runs: list[list[Word]] = []
    for w in line:
        if runs and w.left - runs[-1][-1].right < gap * max(height, w.height, runs[-1][-1].height):
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _visual_rows(words: Sequence[Word], height: float) -> list[list[Word]]:
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.top + w.height / 2):
        centre = w.top + w.height / 2
        if rows and abs(centre - np.mean([o.top + o.height / 2 for o in rows[-1]])) <= ROW_ALIGN * height:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(row, key=lambda w: w.left) for row in rows]


def _cells(row: Sequence[Word], height: float) -> list[list[Word]]:
    cells: list[list[Word]] = [[row[0]]]
    for w in row[1:]:
        if w.left - cells[-1][-1].right > CELL_GAP * height:
            cells.append([w])
        else:
            cells[-1].append(w)
    return cells


def _row_line(cells: Sequence[Sequence[Word]], block: int) -> Line:
    line: Line = []
    for i, cell in enumerate(cells):
        if i:  # a separator of no width between the cells: text, not a word on the page
            line.append(Word(CELL_SEPARATOR, 100.0, cell[0].left, cell[0].top, 0, 0, block, 0, 0))
        line.extend(replace(w, block=block, par=0) for w in cell)
    return line


def rows_in_reading_order(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """``paragraphs`` with tables that Tesseract read column by column read row by row."""
    words = [w for par in paragraphs for line in par for w in line]
    if len(words) < 2 * MIN_ROWS:
        return paragraphs
    height = print_height(words)
    rows = _visual_rows(words, height)
    split = [(row, _cells(row, height)) for row in rows]
    runs: list[list[tuple[list[Word], list[list[Word]]]]] = []
    for row, cells in split:
        spread = len(cells) >= 2 and len({w.block for w in row}) >= 2
        near = runs and runs[-1] and row[0].top - max(w.bottom for w in runs[-1][-1][0]) <= ROW_GAP * height
        if spread and near and runs[-1]:
            runs[-1].append((row, cells))
        elif spread:
            runs.append([(row, cells)])
        else:
            runs.append([])
    for run in runs:
        if len(run) < MIN_ROWS:
            continue
        inside = {id(w) for row, _ in run for w in row}
        blocks = {w.block for row, _ in run for w in row}
        if any(w.block in blocks and id(w) not in inside for w in words):
            continue  # a block reaches outside the table: Tesseract's reading of it is kept
        first = next(i for i, par in enumerate(paragraphs) if par and par[0] and par[0][0].block in blocks)
        table: Paragraph = [_row_line(cells, min(blocks)) for _, cells in run]
        kept = [par for par in paragraphs if not (par and par[0] and par[0][0].block in blocks)]
        paragraphs = [*kept[:first], table, *kept[first:]]
    return paragraphs


GUTTER = 1.5  # line heights of blank paper, on every line alike, between two columns of prose
PROSE_WORDS = 4  # words a line of a prose column has on each side, on average (table cells have fewer)


def columns_in_reading_order(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """``paragraphs`` with blocks of two prose columns that Tesseract read across the gutter
    (a few lines set in two columns give its column finder too little to go on) read one
    column after the other."""
    out: list[Paragraph] = []
    for par in paragraphs:
        out.extend(_split_columns(par))
    return out


def _split_columns(par: Paragraph) -> list[Paragraph]:
    words = [w for line in par for w in line]
    if len(par) < 2 or CELL_SEPARATOR in (w.text for w in words):
        return [par]
    height = print_height(words)
    gaps = []  # the widest gap of each line that has one wide enough
    for line in par:
        ordered = sorted(line, key=lambda w: w.left)
        wide = [(b.left - a.right, a.right, b.left) for a, b in itertools.pairwise(ordered)]
        if wide and max(wide)[0] >= GUTTER * height:
            gaps.append(max(wide)[1:])
    if len(gaps) < 2:
        return [par]
    lo, hi = max(g[0] for g in gaps), min(g[1] for g in gaps)  # paper on every one of those lines
    if hi - lo < GUTTER * height / 2 or any(w.left < hi and w.right > lo for w in words):
        return [par]  # no common strip of paper, or a word across it: not two columns
    middle = (lo + hi) / 2
    left = [[w for w in line if w.right <= middle] for line in par]
    right = [[w for w in line if w.left >= middle] for line in par]
    if min(sum(map(len, left)), sum(map(len, right))) < PROSE_WORDS * len(gaps) * 0.75:
        return [par]  # short cells beside each other: a table, read row by row elsewhere
    return [[line for line in left if line], [line for line in right if line]]
