"""Where each word of the normalized text came from: its characters in the reader's page text.

Normalization only cleans (characters, furniture, wrapped lines): it never reorders the words of
a page. So the words of the clean text and those of the pages, compared by their letters and
digits alone, are one sequence with a few local changes (a hyphenated word joined, a ligature or
an accent composed, a running header or a page number dropped, fake bold undoubled). One pass
along both sequences pairs them; where they differ, the first two words that agree again close
the changed stretch, whose words are paired as a block.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from zapis.document import Page

# (start, end) of a word in the normalized text, the index of its page, (start, end) in that page's text
Anchor = tuple[int, int, int, int, int]

_WORD = re.compile(r"\S+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_LOOK_CLEAN = 8  # words of the clean text a change may span
_LOOK_PAGE = 80  # words of the page text it may span (a running header of a few lines)


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", word).casefold())


def _tokens(text: str, page: int) -> list[tuple[int, int, int, str]]:
    out = []
    for m in _WORD.finditer(text):
        key = _key(m.group())
        if key:
            out.append((page, m.start(), m.end(), key))
    return out


def align(clean: str, pages: Sequence[Page]) -> tuple[Anchor, ...]:
    """Every word of ``clean`` (the normalized text of ``pages``) with the page characters it was made of."""
    norm = _tokens(clean, 0)
    raw = [t for index, page in enumerate(pages) for t in _tokens(page.text, index)]
    pairs: dict[int, list[int]] = {}
    i = j = a = b = 0
    while i < len(norm) and j < len(raw):
        nk, rk = norm[i][3][a:], raw[j][3][b:]
        if nk == rk:
            pairs.setdefault(i, []).append(j)
            i, j, a, b = i + 1, j + 1, 0, 0
        elif nk.startswith(rk):  # a word the page splits ("komu-" "nitní", "P R O G R A M")
            pairs.setdefault(i, []).append(j)
            j, a, b = j + 1, a + len(rk), 0
        elif rk.startswith(nk):  # a word the clean text splits
            pairs.setdefault(i, []).append(j)
            i, a, b = i + 1, 0, b + len(nk)
        else:
            i2, j2 = _resync(norm, raw, i + (a > 0), j + (b > 0))
            block = list(range(j + (b > 0), j2)) if j2 > j else []
            for k in range(i + (a > 0), i2):
                pairs.setdefault(k, []).extend(block)
            i, j, a, b = i2, j2, 0, 0
    anchors = []
    for k, found in sorted(pairs.items()):
        if not found:
            continue
        page = raw[found[0]][0]
        on_page = [raw[x] for x in found if raw[x][0] == page]
        anchors.append((norm[k][1], norm[k][2], page, on_page[0][1], on_page[-1][2]))
    return tuple(anchors)


def _resync(
    norm: list[tuple[int, int, int, str]], raw: list[tuple[int, int, int, str]], i: int, j: int
) -> tuple[int, int]:
    """The nearest (i2, j2) from which two words agree again; past the end when none do."""
    where: dict[str, list[int]] = {}
    for dj in range(min(_LOOK_PAGE, len(raw) - j)):
        where.setdefault(raw[j + dj][3], []).append(dj)
    best: tuple[int, int] | None = None
    for di in range(min(_LOOK_CLEAN, len(norm) - i)):
        for dj in where.get(norm[i + di][3], ()):
            agree = i + di + 1 >= len(norm) or j + dj + 1 >= len(raw) or norm[i + di + 1][3] == raw[j + dj + 1][3]
            if agree and (best is None or di + dj < best[0] + best[1]):
                best = (di, dj)
                break
        if best is not None and di >= best[0] + best[1]:
            break
    if best is None:
        return i + 1, j  # a word the page does not have: skip it, keep the page's place
    return i + best[0], j + best[1]


def shift_anchors(anchors: Sequence[Anchor], old: str, keep: Sequence[int]) -> tuple[Anchor, ...]:
    """The anchors of the lines ``keep`` of ``old``, in the text of those lines joined by newlines."""
    starts = [0]
    for text in old.split("\n"):
        starts.append(starts[-1] + len(text) + 1)
    offset: dict[int, int] = {}
    at = 0
    for n in keep:
        offset[n] = at - starts[n]
        at += starts[n + 1] - starts[n]
    out = []
    line = 0
    for anchor in anchors:
        while starts[line + 1] <= anchor[0]:
            line += 1
        if line in offset:
            d = offset[line]
            out.append((anchor[0] + d, anchor[1] + d, anchor[2], anchor[3], anchor[4]))
    return tuple(out)
