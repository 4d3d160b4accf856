"""Minutes written by the tests into real files: a DOCX made with python-docx and a PDF with a
text layer made with PyMuPDF, from plain text (one paragraph a line, blank lines kept)."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
from PIL import Image

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # fonts-dejavu-core: Czech glyphs


def write_docx(text: str, path: Path) -> Path:
    from docx import Document

    doc = Document()
    for paragraph in text.split("\n"):
        doc.add_paragraph(paragraph)
    doc.save(str(path))
    return path


def write_pdf(text: str, path: Path, fontsize: float = 10.0, header: str | None = None) -> Path:
    """A4 pages, the text wrapped at the margins as a word processor would; ``header``: a running
    header at the top of every page, as a word processor's page header."""
    doc = pymupdf.open()
    font = pymupdf.Font(fontfile=FONT)
    lines = text.split("\n")
    page = None
    y = 0.0

    def new_page() -> pymupdf.Page:
        page = doc.new_page(width=595, height=842)
        if header:
            writer = pymupdf.TextWriter(page.rect)
            writer.append((50, 35), header, font=font, fontsize=fontsize - 1)
            writer.write_text(page)
        return page

    for line in lines:
        words = line.split()
        wrapped: list[str] = []
        current = ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if font.text_length(candidate, fontsize) > 495 and current:
                wrapped.append(current)
                current = word
            else:
                current = candidate
        wrapped.append(current)
        for piece in wrapped:
            if page is None or y > 800:
                page = new_page()
                y = 60.0
            if piece:
                writer = pymupdf.TextWriter(page.rect)
                writer.append((50, y), piece, font=font, fontsize=fontsize)
                writer.write_text(page)
            y += fontsize * 1.4
    doc.save(str(path))
    return path


def write_scan(pdf: Path, path: Path, dpi: int = 200, angle: float = 0.6) -> Path:
    """An image-only PDF of ``pdf``: every page printed and scanned, grey, turned by ``angle`` degrees."""
    src = pymupdf.open(str(pdf))
    doc = pymupdf.open()
    for page in src:
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
        image = image.rotate(angle, expand=False, fillcolor=255, resample=Image.Resampling.BICUBIC)
        buf = io.BytesIO()
        image.save(buf, "PNG")
        out = doc.new_page(width=page.rect.width, height=page.rect.height)
        out.insert_image(out.rect, stream=buf.getvalue())
    doc.save(str(path), deflate=True)
    return path
