"""Settings shared by the extractors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from zapis.readers.ocr.engine import OcrEngine

PdfEngine = Literal["pymupdf", "pdfplumber"]


@dataclass(frozen=True)
class ExtractOptions:
    engine: PdfEngine = "pymupdf"
    password: str | None = None
    max_pages: int = 2000
    # Czech alone: ces+eng read "ČvT" as "CvT" on the samples with no gain in accuracy elsewhere.
    ocr_languages: str = "ces"
    ocr_dpi: int = 300  # Czech diacritics (háček, čárka) need ~300 dpi to survive OCR
    ocr_timeout: float = 180.0  # seconds per page
    max_image_pixels: int = 150_000_000  # above this an image is treated as a decompression bomb
    # A PDF page is rendered for OCR at most this large (an A2 sheet at 300 dpi is 35 MP): a
    # poster-sized page gets a lower resolution, below 72 dpi if need be, with a warning.  Pages
    # OCRed at once share this budget, so a huge page is OCRed alone.
    max_page_pixels: int = 40_000_000
    # Text files (TXT, MD) larger than this are refused: a page of minutes is about 2 kB, so the
    # default is some 2,500 pages, like max_pages for PDFs (5 MB: 23 s and 170 MB on one core;
    # a 200 MB file took a quarter of an hour and 3.4 GB).
    max_bytes: int = 5_000_000
    force_ocr: bool = False
    # Pages OCRed at once within one file (threads: Tesseract runs as a separate process).
    # 1 in batch runs, where whole files already run in parallel.
    ocr_workers: int = 1
    # What reads the words of a page image: None is Tesseract; tests put engines that crash,
    # hang or read garbage here.  (Kept None by default so that no OCR code is imported
    # for files that need no OCR.)
    ocr_engine: OcrEngine | None = None
    # Told (pages OCRed so far, pages of the file) when OCR of a file starts (0) and after each
    # page: OCR takes seconds a page, and a command waiting on it can say so.  Not for worker
    # processes (a callback does not cross them).
    ocr_progress: Callable[[int, int], None] | None = None
