"""Searchable copies of scans: the OCR's words as an invisible text layer over the scan."""

from __future__ import annotations

import math
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner
from PIL import Image

from tests.render import write_pdf, write_scan
from zapis.archive import IngestSettings, ingest_directory
from zapis.cli import main

MINUTES = (
    "Zápis z jednání rady obce konaného dne 19. září 2022\n"
    "\n"
    "Přítomni: Jan Novák, Marie Dvořáková, Petr Černý\n"
    "\n"
    "Rada schvaluje rozpočtové opatření č. 3 ve výši 125 000 Kč.\n"
    "Hlasování: pro 4, proti 0, zdrželi se 0. Usnesení bylo přijato.\n"
)


def turned(point: pymupdf.Point, centre: pymupdf.Point, angle: float) -> pymupdf.Point:
    """Where ``point`` lands when the page is turned counter-clockwise by ``angle`` degrees (y down)."""
    a = math.radians(angle)
    dx, dy = point.x - centre.x, point.y - centre.y
    return pymupdf.Point(centre.x + dx * math.cos(a) + dy * math.sin(a), centre.y - dx * math.sin(a) + dy * math.cos(a))


def word_place(original: Path, word: str, angle: float, scale: float = 1.0) -> pymupdf.Point:
    """The centre of ``word`` on the scan of ``original`` turned by ``angle``, in points × ``scale``."""
    with pymupdf.open(original) as doc:
        page = doc[0]
        (rect,) = page.search_for(word)
        centre = turned((rect.tl + rect.br) / 2, (page.rect.tl + page.rect.br) / 2, angle)
    return centre * scale


def invisible_hits(pdf: Path, word: str) -> list[pymupdf.Rect]:
    with pymupdf.open(pdf) as doc:
        page = doc[0]
        assert len(page.get_images()) == 1  # the scan itself is kept
        spans = [s for s in page.get_texttrace() if s["chars"]]
        assert spans and all(s["type"] == 3 for s in spans)  # render mode 3: invisible
        return page.search_for(word)


@pytest.mark.slow
def test_extract_writes_a_scanned_pdf_with_the_ocr_where_the_words_are(tmp_path: Path) -> None:
    original = write_pdf(MINUTES, tmp_path / "zapis.pdf", fontsize=12)
    scan = write_scan(original, tmp_path / "sken.pdf", dpi=200, angle=1.5)
    out = tmp_path / "prohledavatelny.pdf"
    result = CliRunner().invoke(
        main, ["extract", str(scan), "-o", str(tmp_path / "m.json"), "--searchable-pdf", str(out)]
    )
    assert result.exit_code == 0, result.output
    for word in ("Dvořáková", "rozpočtové", "Černý"):
        (rect,) = invisible_hits(out, word)
        expected = word_place(original, word, 1.5)
        centre = (rect.tl + rect.br) / 2
        assert abs(centre - expected) < 3.0, (word, rect, expected)  # points: within a third of a letter
        assert 0.8 < rect.width / pymupdf.open(original)[0].search_for(word)[0].width < 1.2


def test_extract_of_a_text_pdf_writes_no_searchable_copy(tmp_path: Path) -> None:
    original = write_pdf(MINUTES, tmp_path / "zapis.pdf")
    out = tmp_path / "copy.pdf"
    result = CliRunner().invoke(main, ["extract", str(original), "--searchable-pdf", str(out)])
    assert result.exit_code == 0
    assert "no page was read by OCR; no searchable PDF written" in result.output
    assert not out.exists()


@pytest.mark.slow
def test_ingest_writes_searchable_copies_of_image_scans_beside_the_meetings(tmp_path: Path) -> None:
    original = write_pdf(MINUTES, tmp_path / "original.pdf", fontsize=12)
    inbox = tmp_path / "archiv"
    (inbox / "skeny").mkdir(parents=True)
    with pymupdf.open(original) as doc:
        pix = doc[0].get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    image = image.rotate(-2.0, expand=False, fillcolor=255, resample=Image.Resampling.BICUBIC)
    image.save(inbox / "skeny" / "rada.png", dpi=(200, 200))
    write_pdf(MINUTES.replace("19. září", "20. září"), inbox / "text.pdf")
    out = tmp_path / "out"
    settings = IngestSettings(workers=1, searchable_pdf=True)

    ingest_directory(inbox, out, settings)
    copy = out / "searchable" / "skeny" / "rada.png.pdf"
    assert sorted(p.relative_to(out).as_posix() for p in (out / "searchable").rglob("*.pdf")) == [
        "searchable/skeny/rada.png.pdf"  # the text PDF needs no copy
    ]
    with pymupdf.open(copy) as doc:
        assert doc[0].rect.width == pytest.approx(595, abs=1)  # the page the scan was, A4 at 200 dpi
    (rect,) = invisible_hits(copy, "Dvořáková")
    assert abs((rect.tl + rect.br) / 2 - word_place(original, "Dvořáková", -2.0)) < 3.0

    copy.unlink()  # a scan read before (cached) still gets its copy when it is missing
    report = ingest_directory(inbox, out, settings)
    assert copy.exists()
    assert {f.path: f.cached for f in report.files} == {"skeny/rada.png": False, "text.pdf": True}

    (inbox / "skeny" / "rada.png").unlink()  # a scan gone from the archive takes its copy with it
    ingest_directory(inbox, out, settings)
    assert not copy.exists()
