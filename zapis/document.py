"""What an extractor returns: the text of a file, page by page, with where it came from.

This is the only thing the later stages see of the input file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Method = Literal["text-layer", "ocr", "docx", "text"]
Format = Literal["pdf", "docx", "txt", "md", "html", "image"]


class PageWord(NamedTuple):
    """One word of a page as the reader found it: its characters ``text[start:end]`` of the page's
    text and its box on the page in points (x0, y0, x1, y1; origin top left, y downwards)."""

    start: int
    end: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class PlacedWord:
    """A word the OCR read, and where it stands on the page: (x0, y0, x1, y1) in PDF points from
    the page's top left (for an image file, the page its searchable copy gets)."""

    text: str
    rect: tuple[float, float, float, float]


@dataclass(frozen=True)
class Page:
    """One page (or, for formats without pages, the whole file) of extracted text."""

    number: int  # 1-based
    text: str
    method: Method
    engine: str  # "pymupdf", "pdfplumber", "tesseract", "python-docx", "charset-normalizer"…
    ocr_confidence: float | None = None  # mean word confidence 0–100, OCR pages only
    # words the OCR read with low confidence, as read (OCR pages only): where a misreading is likely
    uncertain_words: tuple[str, ...] = ()
    # the words with their boxes (PDF text layer and OCR pages; empty for formats without geometry)
    words: tuple[PageWord, ...] = ()
    size: tuple[float, float] | None = None  # the page's width and height in points, where it has them
    # every word the OCR read, placed on the page (OCR pages only): the text layer of a searchable copy
    ocr_words: tuple[PlacedWord, ...] = ()


@dataclass
class ExtractedDocument:
    path: str
    sha256: str
    format: Format
    pages: list[Page]
    warnings: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # URLs the file carries outside its text (PDF/DOCX links)

    @property
    def method(self) -> Method:
        """The file's method: OCR if any page needed it, else the method of its pages."""
        methods = {p.method for p in self.pages}
        if "ocr" in methods:
            return "ocr"
        return self.pages[0].method if self.pages else "text"

    @property
    def ocr_confidence(self) -> float | None:
        confs = [p.ocr_confidence for p in self.pages if p.ocr_confidence is not None]
        return round(sum(confs) / len(confs), 1) if confs else None

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)
