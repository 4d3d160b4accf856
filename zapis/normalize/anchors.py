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
    if word.isalnum() and word.isascii():
        return word.lower()
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", word).casefold())


Token = tuple[int, int, int, str]  # page index, start, end, the word as written


def _tokens(text: str, page: int) -> list[Token]:
    return [(page, m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def align(clean: str, pages: Sequence[Page]) -> tuple[Anchor, ...]:
    """Every word of ``clean`` (the normalized text of ``pages``) with the page characters it was made of."""
    norm = _tokens(clean, 0)
    raw = [t for index, page in enumerate(pages) for t in _tokens(page.text, index)]
    anchors: list[Anchor] = []
    # the page words of the clean word being put together (joined hyphenation, letter-spacing)
    pending: list[int] = []

    def emit(k: int, found: list[int]) -> None:
        if found:
            page = raw[found[0]][0]
            last = max(x for x in found if raw[x][0] == page)
            anchors.append((norm[k][1], norm[k][2], page, raw[found[0]][1], raw[last][2]))

    i = j = a = b = 0
    while i < len(norm) and j < len(raw):
        if not a and not b and norm[i][3] == raw[j][3]:  # the same word: most of them
            n, r = norm[i], raw[j]
            anchors.append((n[1], n[2], r[0], r[1], r[2]))
            i, j = i + 1, j + 1
            continue
        nk, rk = _key(norm[i][3]), _key(raw[j][3])
        if not nk:  # a bullet or a rule: no letters or digits to compare
            emit(i, pending)
            i, a, pending = i + 1, 0, []
            continue
        if not rk:
            j, b = j + 1, 0
            continue
        nk, rk = nk[a:], rk[b:]
        if nk == rk:
            emit(i, [*pending, j])
            i, j, a, b, pending = i + 1, j + 1, 0, 0, []
        elif nk.startswith(rk):  # a word the page splits ("komu-" "nitní", "P R O G R A M")
            pending.append(j)
            j, a, b = j + 1, a + len(rk), 0
        elif rk.startswith(nk):  # a word the clean text splits
            emit(i, [*pending, j])
            i, a, b, pending = i + 1, 0, b + len(nk), []
        else:
            if a:  # the word put together so far ends here
                emit(i, pending)
                i, pending = i + 1, []
            i2, j2 = _resync(norm, raw, i, j + (b > 0))
            block = list(range(j + (b > 0), j2))
            for k in range(i, i2):  # the changed stretch: its words are paired as a block
                emit(k, block)
            i, j, a, b = i2, j2, 0, 0
    emit(i, pending) if i < len(norm) else None
    return tuple(anchors)


def _resync(norm: list[Token], raw: list[Token], i: int, j: int) -> tuple[int, int]:
    """The nearest (i2, j2) from which two words agree again; past the end when none do."""
    where: dict[str, list[int]] = {}
    for dj in range(min(_LOOK_PAGE, len(raw) - j)):
        if key := _key(raw[j + dj][3]):
            where.setdefault(key, []).append(dj)
    best: tuple[int, int] | None = None
    for di in range(min(_LOOK_CLEAN, len(norm) - i)):
        for dj in where.get(_key(norm[i + di][3]), ()):
            agree = (
                i + di + 1 >= len(norm)
                or j + dj + 1 >= len(raw)
                or _key(norm[i + di + 1][3]) == _key(raw[j + dj + 1][3])
            )
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
