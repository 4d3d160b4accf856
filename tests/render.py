"""Minutes written by the tests into real files: a DOCX made with python-docx and a PDF with a
text layer made with PyMuPDF, from plain text (one paragraph a line, blank lines kept)."""

from __future__ import annotations

from pathlib import Path

import pymupdf

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # fonts-dejavu-core: Czech glyphs


def write_docx(text: str, path: Path) -> Path:
    from docx import Document

    doc = Document()
    for paragraph in text.split("\n"):
        doc.add_paragraph(paragraph)
    doc.save(str(path))
    return path


def write_pdf(text: str, path: Path, fontsize: float = 10.0) -> Path:
    """A4 pages, the text wrapped at the margins as a word processor would."""
    doc = pymupdf.open()
    font = pymupdf.Font(fontfile=FONT)
    lines = text.split("\n")
    page = None
    y = 0.0
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
                page = doc.new_page(width=595, height=842)
                y = 60.0
            if piece:
                writer = pymupdf.TextWriter(page.rect)
                writer.append((50, y), piece, font=font, fontsize=fontsize)
                writer.write_text(page)
            y += fontsize * 1.4
    doc.save(str(path))
    return path
