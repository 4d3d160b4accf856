"""Normalization: the pages a reader found → one clean text every later stage relies on.

Text cleanup only: characters (:mod:`.chars`), fixes that only OCR text needs
(:mod:`.ocr_text`), page furniture (:mod:`.pages`) and layout whitespace and wrapped lines
(:mod:`.reflow`).  The page of every line is carried through, not searched for afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zapis.document import Page
from zapis.normalize.anchors import Anchor, align, shift_anchors
from zapis.normalize.chars import clean_chars
from zapis.normalize.ocr_text import fix_ocr_text
from zapis.normalize.pages import strip_page_furniture
from zapis.normalize.reflow import clean_layout, join_wrapped_lines, rejoin_lines

__all__ = ["Anchor", "NormalizedText", "normalize_pages", "normalize_text"]


@dataclass(frozen=True)
class NormalizedText:
    text: str
    line_pages: tuple[int, ...]  # the page number of each line of ``text.split("\n")``
    # lines of ``text.split("\n")`` that are a running header or footer, kept once (page furniture)
    furniture: frozenset[int] = frozenset()
    # each word of ``text`` with the characters of the reader's page it was made of: (start, end,
    # page index, start, end in that page's text), in text order (see :mod:`.anchors`)
    anchors: tuple[Anchor, ...] = ()

    def page_of_line(self, line_index: int) -> int:
        if not self.line_pages:
            return 1
        return self.line_pages[min(max(line_index, 0), len(self.line_pages) - 1)]

    def part(self, ranges: Sequence[tuple[int, int]]) -> NormalizedText:
        """The text of some of its line ranges [start, end), pages and furniture carried along."""
        lines = self.text.split("\n")
        keep = [i for start, end in ranges for i in range(start, min(end, len(lines)))]
        return NormalizedText(
            "\n".join(lines[i] for i in keep),
            tuple(self.page_of_line(i) for i in keep) or (1,),
            frozenset(k for k, i in enumerate(keep) if i in self.furniture),
            shift_anchors(self.anchors, self.text, keep),
        )


def normalize_text(text: str) -> str:
    """Clean one text (no page structure): characters, layout, wrapped lines."""
    return join_wrapped_lines(clean_layout(clean_chars(text)))


def normalize_pages(pages: Sequence[Page]) -> NormalizedText:
    """Clean the pages of one document and join them; every line keeps the page it came from."""
    texts = [fix_ocr_text(p.text) if p.method == "ocr" else p.text for p in pages]
    cleaned = strip_page_furniture([clean_layout(clean_chars(t)) for t in texts])
    lines: list[str] = []
    line_page: list[int] = []
    running: set[int] = set()
    for page, (text, page_running) in zip(pages, cleaned, strict=True):
        page_lines = [*text.split("\n"), ""]
        running.update(len(lines) + i for i in page_running)
        lines.extend(page_lines)
        line_page.extend([page.number] * len(page_lines))
    # Rejoin across page breaks too: a paragraph often continues on the next page.
    joined, origin = rejoin_lines("\n".join(lines))
    furniture = frozenset(k for k, i in enumerate(origin) if i in running)
    pages_of_lines = tuple(line_page[i] for i in origin) if origin else (1,)
    # the words' anchors lead to the page words' boxes: only pages with words need them
    anchors = align(joined, pages) if any(p.words for p in pages) else ()
    return NormalizedText(joined, pages_of_lines, furniture, anchors)
