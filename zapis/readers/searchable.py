"""Searchable copies of scans: the scan as it is, with the OCR's words as an invisible text layer.

What OCRmyPDF is used for in archives, made from zapis's own reading (no second OCR): every
word is written in text render mode 3 (neither filled nor stroked: invisible, yet found,
selected and copied by any PDF viewer) over the place on the page where it was read, its font
size chosen so that the word spans its box.  A scanned PDF keeps its pages, its images and
whatever else it holds; an image file (PNG, JPEG, TIFF with one page a frame) becomes a PDF
with one page a frame, sized by the scan's resolution.
"""

from __future__ import annotations

import io

import pymupdf

from zapis.document import ExtractedDocument, Page
from zapis.readers.image import frames, page_dpi
from zapis.readers.options import ExtractOptions
from zapis.readers.pdf import open_pdf

# Helvetica as MuPDF ships it (URW Nimbus Sans) has every Czech letter; embedded once a copy.
_FONT_NAME = "helv"


def searchable_pdf(data: bytes, doc: ExtractedDocument, options: ExtractOptions | None = None) -> bytes | None:
    """The searchable copy of a file whose pages were read by OCR, or None when none was."""
    options = options or ExtractOptions()
    ocr_pages = [p for p in doc.pages if p.method == "ocr"]
    if not ocr_pages or doc.format not in ("pdf", "image"):
        return None
    out = open_pdf(data, options) if doc.format == "pdf" else _image_pdf(data, options)
    try:
        font = pymupdf.Font(_FONT_NAME)
        for page in ocr_pages:
            if page.ocr_words and page.number <= out.page_count:
                _write_layer(out[page.number - 1], page, font)
        out.subset_fonts()
        return out.tobytes(garbage=3, deflate=True)
    finally:
        out.close()


def _image_pdf(data: bytes, options: ExtractOptions) -> pymupdf.Document:
    """One page per frame, the size the scan had on paper."""
    out = pymupdf.open()
    for frame in frames(data, options):
        scale = 72 / page_dpi(frame)
        page = out.new_page(width=frame.width * scale, height=frame.height * scale)
        buffer = io.BytesIO()
        if frame.mode in ("RGB", "L", "1"):
            frame.save(buffer, "PNG")
        else:  # palette, CMYK, alpha: a plain RGB picture of the page
            frame.convert("RGB").save(buffer, "PNG")
        page.insert_image(page.rect, stream=buffer.getvalue())
    return out


def _write_layer(pdf_page: pymupdf.Page, page: Page, font: pymupdf.Font) -> None:
    writer = pymupdf.TextWriter(pdf_page.rect)
    origin = pdf_page.rect.top_left  # PlacedWord rects are from the page's top left
    for word in page.ocr_words:
        x0, y0, x1, y1 = word.rect
        width, height = x1 - x0, y1 - y0
        unit = font.text_length(word.text, 1.0)
        if width <= 0 or height <= 0 or unit <= 0:
            continue
        # as wide as the box (what a selection highlights), within reason for one-letter words
        size = min(width / unit, 2.0 * height)
        # centred on the box vertically: the text spans ascender to descender around its baseline
        baseline = (y0 + y1) / 2 + size * (font.ascender + font.descender) / 2
        writer.append(pymupdf.Point(x0, baseline) + origin, word.text, font=font, fontsize=size)
    writer.write_text(pdf_page, render_mode=3)
