"""Scans harder than the samples' (benchmarks/hard_scans.py): skewed 2–2.5°, dark noisy paper with
heavy JPEG artefacts, a two-column block, 9 pt print at 200 dpi, a page fed upside down, one fed
on its side and one lit unevenly.  Each is made from a PDF whose
text is known, and zapis's OCR of it must come within 1.5 % of that text (character error rate)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from tests.benchmark_modules import load_benchmark
from zapis.readers import ExtractOptions, extract
from zapis.readers.ocr.tables import columns_in_reading_order
from zapis.readers.ocr.words import Word, paragraphs_text

hard_scans = load_benchmark("hard_scans")


def _text(path: Path) -> str:
    return " ".join("\n".join(p.text for p in extract(path, ExtractOptions()).pages).split())


@pytest.mark.parametrize("name", list(hard_scans.SCANS))
def test_a_hard_scan_is_read_within_one_and_a_half_percent(name: str, tmp_path: Path) -> None:
    damage = hard_scans.SCANS[name]
    source = tmp_path / "source.pdf"
    source.write_bytes(hard_scans.source_pdf(damage))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(hard_scans.scan(source.read_bytes(), damage, seed=7))
    truth, read = _text(source), _text(scan)
    assert "Zastupitelstvo schválilo rozpočtové opatření" in truth  # the text layer holds the minutes
    cer = Levenshtein.distance(truth, read) / len(truth)
    assert cer < 0.015, f"{name}: CER {cer:.2%}\n{read}"


def _line(words: str, top: int, left: int = 100, block: int = 1, line: int = 1) -> list[Word]:
    out, x = [], left
    for text in words.split():
        out.append(Word(text, 95.0, x, top, 18 * len(text), 40, block, 1, line))
        x += 18 * len(text) + 20
    return out


def test_two_prose_columns_read_across_the_gutter_are_read_one_after_the_other() -> None:
    left = ["výbor doporučuje vysadit lípy", "podél cesty k nádraží a", "obnovit lavičky v parku"]
    right = ["komise chystá na červen", "pouť a koncert dechové", "hudby na návsi obce"]
    # Tesseract's lines run across both columns: the left part, a 200 px gutter, the right part
    paragraph = [
        _line(a, 100 + 50 * i) + _line(b, 100 + 50 * i, left=1300)
        for i, (a, b) in enumerate(zip(left, right, strict=True))
    ]
    assert paragraphs_text(columns_in_reading_order([paragraph])) == "\n".join(left) + "\n\n" + "\n".join(right)


def test_a_table_of_short_cells_is_not_taken_for_columns() -> None:
    rows = [("Jan Novák", "starosta"), ("Eva Malá", "místostarostka"), ("Petr Kříž", "člen")]
    paragraph = [_line(a, 100 + 50 * i) + _line(b, 100 + 50 * i, left=900) for i, (a, b) in enumerate(rows)]
    assert columns_in_reading_order([paragraph]) == [paragraph]
