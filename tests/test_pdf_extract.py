"""PDF extraction: text layer, fallbacks (pdfplumber, OCR), errors; and the text-layer quality rules."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from rapidfuzz.distance import Levenshtein

from zapis.document import Page
from zapis.errors import CorruptFileError, EncryptedFileError, OCRError, TooLargeError
from zapis.readers import ExtractOptions, extract, ocr
from zapis.readers import quality as q
from zapis.readers.pdf import read as read_pdf

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CZECH = """Zápis z jednání zastupitelstva obce Horní Lhota
konaného dne 19. září 2022 od 18:00 hodin v zasedací místnosti obecního úřadu.

Přítomni: Jan Novák (starosta), Marie Dvořáková, Petr Černý, Jiří Šťastný.
Omluveni: Věra Růžičková.

1. Zahájení a schválení programu
Starosta přivítal přítomné a konstatoval, že zastupitelstvo je usnášeníschopné.
Příliš žluťoučký kůň úpěl ďábelské ódy.
Hlasování: pro 4, proti 0, zdrželi se 0. Usnesení č. 12/2022 bylo přijato.

2. Rozpočtové opatření
Zastupitelstvo schvaluje rozpočtové opatření č. 3 ve výši 125 000 Kč.
Diskuse: paní Dvořáková se ptala na opravu chodníku v ulici Školní."""


def extract_pdf(data: bytes, options: ExtractOptions) -> tuple[list[Page], list[str], list[str]]:
    reading = read_pdf(data, options)
    return reading.pages, reading.warnings, reading.links


def write_lines(page: pymupdf.Page, text: str, *, render_mode: int = 0) -> None:
    """``text`` at 10 pt, one source line per 16 pt (an empty line leaves a paragraph gap)."""
    font = pymupdf.Font(fontfile=FONT)
    writer = pymupdf.TextWriter(page.rect)
    for i, line in enumerate(text.split("\n")):
        if line:
            writer.append((72, 72 + 16 * i), line, font=font, fontsize=10)
    writer.write_text(page, render_mode=render_mode)


def czech_pdf(pages: int = 1) -> bytes:
    doc = pymupdf.open()
    for _ in range(pages):
        write_lines(doc.new_page(), CZECH)
    doc.subset_fonts()
    return doc.tobytes(garbage=3, deflate=True)


def scan_pdf(dpi: int = 200, angle: float = 1.0, overlay: str | None = None) -> bytes:
    """The Czech page as an image-only PDF (a scan), optionally with an invisible text layer."""
    src = pymupdf.open(stream=czech_pdf(), filetype="pdf")[0]
    pix = src.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    img = img.rotate(angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    doc = pymupdf.open()
    page = doc.new_page(width=src.rect.width, height=src.rect.height)
    page.insert_image(page.rect, stream=buf.getvalue())
    if overlay is not None:
        write_lines(page, overlay, render_mode=3)  # invisible, like a scanner's OCR layer
    return doc.tobytes(deflate=True)


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate with whitespace normalised (line breaks are not errors)."""
    ref, hyp = " ".join(reference.split()), " ".join(hypothesis.split())
    return Levenshtein.distance(ref, hyp) / len(ref)


# --- text layer ---------------------------------------------------------------------------


def test_czech_text_layer_is_exact() -> None:
    pages, warnings, links = extract_pdf(czech_pdf(), ExtractOptions())
    assert len(pages) == 1
    page = pages[0]
    assert (page.method, page.engine, page.number, page.ocr_confidence) == ("text-layer", "pymupdf", 1, None)
    assert page.text == CZECH  # paragraph gaps on the page become blank lines
    assert "Příliš žluťoučký kůň" in page.text
    assert "19. září 2022" in page.text
    assert warnings == []
    assert links == []


@pytest.mark.parametrize("between_words", ["   ", "  "])
def test_letter_spaced_heading_keeps_its_word_gaps(between_words: str) -> None:
    # a heading set with a space after every letter and wider room between words: the page's
    # words are single letters, and only the width of their gaps tells where a word ends
    heading = between_words.join(" ".join(word) for word in ["ZÁPIS", "Z", "JEDNÁNÍ", "RADY"])
    doc = pymupdf.open()
    write_lines(doc.new_page(), f"{heading}\n\nPřítomni: Jan Novák, Marie Dvořáková")
    pages, _, _ = extract_pdf(doc.tobytes(), ExtractOptions())
    first = pages[0].text.splitlines()[0]
    assert first == "Z Á P I S  Z  J E D N Á N Í  R A D Y"  # a double space where a word ends
    assert pages[0].text.endswith("Přítomni: Jan Novák, Marie Dvořáková")


def test_pdfplumber_engine_reads_every_page() -> None:
    pages, warnings, _ = extract_pdf(czech_pdf(pages=2), ExtractOptions(engine="pdfplumber"))
    assert [p.engine for p in pages] == ["pdfplumber", "pdfplumber"]
    assert [p.number for p in pages] == [1, 2]
    # pdfplumber has no paragraph gaps: compare line by line.
    assert pages[1].text.split("\n") == [line for line in CZECH.split("\n") if line]
    assert warnings == []


def test_links_are_collected_once() -> None:
    doc = pymupdf.open(stream=czech_pdf(pages=2), filetype="pdf")
    for page in doc.pages():
        page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 60, 200, 80), "uri": "https://obec.cz/z"})
    doc[1].insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 90, 200, 110), "uri": "https://x.cz/"})
    _, _, links = extract_pdf(doc.tobytes(), ExtractOptions())
    assert links == ["https://obec.cz/z", "https://x.cz/"]


def test_scrambled_reading_order_falls_back_to_pdfplumber() -> None:
    lines = ["Zápis z jednání rady obce", "Přítomni: Jan Novák, Petr Černý", "Usnesení bylo přijato."]
    font = pymupdf.Font(fontfile=FONT)
    doc = pymupdf.open()
    page = doc.new_page()
    writer = pymupdf.TextWriter(page.rect)
    # Words drawn right to left, lines bottom to top, as some producers do.
    for i in reversed(range(len(lines))):
        x, spots = 72.0, []
        for word in lines[i].split():
            spots.append((x, word))
            x += font.text_length(word + " ", fontsize=11)
        for x, word in reversed(spots):
            writer.append((x, 100 + 20 * i), word, font=font, fontsize=11)
    writer.write_text(page)
    pages, warnings, _ = extract_pdf(doc.tobytes(), ExtractOptions())
    assert pages[0].engine == "pdfplumber"
    assert pages[0].text == "\n".join(lines)
    assert "reading order" in warnings[0]


def test_font_without_tounicode_uses_pdfplumber() -> None:
    doc = pymupdf.open()
    write_lines(doc.new_page(), CZECH)  # not subset: pdfplumber can map glyphs via the font's cmap
    for xref, *_ in doc[0].get_fonts():
        doc.xref_set_key(xref, "ToUnicode", "null")
    pages, warnings, _ = extract_pdf(doc.tobytes(), ExtractOptions())
    assert (pages[0].method, pages[0].engine) == ("text-layer", "pdfplumber")
    assert "Příliš žluťoučký kůň" in pages[0].text
    assert "ToUnicode" in warnings[0]


class NoOcr:
    """An OCR engine that fails the test when it is asked to read anything."""

    name = "none"

    def read(self, *args: object, **kwargs: object) -> list[object]:
        raise AssertionError("OCR must not run on a blank page")


def test_blank_page_is_empty_without_ocr() -> None:
    doc = pymupdf.open()
    doc.new_page()
    pages, warnings, _ = extract_pdf(doc.tobytes(), ExtractOptions(ocr_engine=NoOcr()))  # type: ignore[arg-type]
    assert pages[0].text == "" and pages[0].method == "text-layer"
    assert warnings == []


def test_extract_dispatches_pdf(tmp_path: Path) -> None:
    path = tmp_path / "zápis.pdf"
    path.write_bytes(czech_pdf())
    doc = extract(path)
    assert doc.format == "pdf" and doc.method == "text-layer"
    assert doc.text == CZECH


# --- OCR fallback -------------------------------------------------------------------------


@pytest.mark.slow
def test_scanned_pdf_is_ocred_accurately() -> None:
    pages, warnings, _ = extract_pdf(scan_pdf(dpi=200, angle=1.0), ExtractOptions())
    page = pages[0]
    assert (page.method, page.engine) == ("ocr", "tesseract")
    assert page.ocr_confidence is not None and page.ocr_confidence > 85
    for word in (
        "Zápis",
        "19. září 2022",
        "Příliš",
        "kůň",
        "úpěl",
        "ďábelské",
        "Dvořáková",
        "Růžičková",
        "Školní",
    ):
        assert word in page.text
    assert cer(CZECH, page.text) < 0.03
    assert warnings == ["page 1: no text layer (the page is an image, probably a scan); used OCR"]


@pytest.mark.slow
def test_garbage_text_layer_over_a_scan_is_replaced_by_ocr() -> None:
    soup = "\n".join("Zpst xkrb vlnt qrsd (cid:71)(cid:72) mnbv" for _ in range(12))
    pages, warnings, _ = extract_pdf(scan_pdf(dpi=200, angle=0.0, overlay=soup), ExtractOptions())
    assert pages[0].method == "ocr"
    assert "Příliš" in pages[0].text and "Zpst" not in pages[0].text
    assert len(warnings) == 1 and "unmapped glyphs" in warnings[0] and "used OCR" in warnings[0]


def test_ocr_error_propagates_with_install_hint() -> None:
    options = ExtractOptions(ocr_engine=ocr.Tesseract(command="tesseract-not-installed-here"))
    with pytest.raises(OCRError, match="apt-get install tesseract-ocr tesseract-ocr-ces"):
        extract_pdf(scan_pdf(dpi=72), options)


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.95])
def test_truncated_pdf_is_corrupt(fraction: float) -> None:
    data = czech_pdf()
    with pytest.raises(CorruptFileError, match=r"corrupt or truncated PDF.*re-export or re-scan"):
        extract_pdf(data[: int(len(data) * fraction)], ExtractOptions())


def test_pdf_cut_inside_its_trailer_is_repaired_with_a_warning() -> None:
    data = czech_pdf()
    pages, warnings, _ = extract_pdf(data[: data.rfind(b"endstream") + 3], ExtractOptions())
    assert pages[0].text == CZECH
    assert warnings == ["the PDF's internal structure was damaged and has been repaired; check that no text is missing"]


def test_garbage_with_pdf_header_is_corrupt() -> None:
    with pytest.raises(CorruptFileError, match="corrupt or truncated PDF"):
        extract_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 40, ExtractOptions())


def test_encrypted_pdf() -> None:
    doc = pymupdf.open(stream=czech_pdf(), filetype="pdf")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="tajne", owner_pw="vlastnik")
    with pytest.raises(EncryptedFileError, match="pass --password"):
        extract_pdf(data, ExtractOptions())
    with pytest.raises(EncryptedFileError, match="wrong password"):
        extract_pdf(data, ExtractOptions(password="spatne"))
    pages, _, _ = extract_pdf(data, ExtractOptions(password="tajne"))
    assert pages[0].text == CZECH
    pages, _, _ = extract_pdf(data, ExtractOptions(password="tajne", engine="pdfplumber"))
    assert "Příliš žluťoučký kůň" in pages[0].text


def test_too_many_pages() -> None:
    with pytest.raises(TooLargeError, match=r"3 pages.*limit of 2.*--max-pages"):
        extract_pdf(czech_pdf(pages=3), ExtractOptions(max_pages=2))
    assert len(extract_pdf(czech_pdf(pages=2), ExtractOptions(max_pages=2))[0]) == 2


# --- quality rules ------------------------------------------------------------------------

PROSE = " ".join(CZECH.split())


def test_good_text_passes() -> None:
    assert q.text_layer_problem(PROSE) is None
    assert q.text_layer_problem(PROSE, fonts_without_tounicode=["F1"]) is None
    assert q.text_layer_problem("The board approved the budget and the minutes of the last meeting.") is None
    assert q.text_layer_problem("") is None  # blank page, no images: nothing to OCR
    names = (
        "Přítomni: Jan Novák, Petr Krč, Zdeněk Vlček, Kryštof Smrž, Věra Růžičková, Jiří Šťastný, "
        "ředitel ZŠ a MŠ, zástupce ČSSD, KDU-ČSL a ODS, DPH, IČO, čtvrt, prst"
    )
    assert q.text_layer_problem(names) is None


def test_missing_text_on_image_pages() -> None:
    assert "no text layer" in (q.text_layer_problem("", image_coverage=0.9) or "")
    assert "no text layer" in (q.text_layer_problem("3", image_coverage=0.1) or "")
    assert "mostly an image" in (q.text_layer_problem("Naskenováno přístrojem Xerox 5000", image_coverage=0.95) or "")
    assert q.text_layer_problem("Naskenováno přístrojem Xerox 5000", image_coverage=0.2) is None
    assert "vector outlines" in (q.text_layer_problem("", vector_paths=4000) or "")
    assert q.text_layer_problem("", vector_paths=30) is None  # a table frame, not text


def test_cid_codes() -> None:
    text = PROSE[:200] + "(cid:3)(cid:71)(cid:72)(cid:80)" * 5
    assert "(cid:NN)" in (q.text_layer_problem(text) or "")
    # A few bullets from a symbol font are normal.
    assert q.text_layer_problem("(cid:127) " + PROSE) is None


def test_replacement_and_control_characters() -> None:
    assert "unmapped" in (q.text_layer_problem("Z\ufffdpis z jedn\ufffdn\ufffd \ufffd\ufffd\ufffd obce") or "")
    assert "unmapped" in (q.text_layer_problem("=£SLV\x03]\x03MHGQ£Q¯\x03]DVWXSLWHOVWYD\x03REFH") or "")


def test_private_use_characters() -> None:
    assert "private-use" in (q.text_layer_problem("\ue001\ue002\ue003 \ue004\ue005 abc \ue006\ue007 " * 3) or "")
    assert q.private_use("• Bod programu \uf0b7 " + PROSE) is None


def test_consonant_soup() -> None:
    shifted = "".join(chr(ord(c) + 3) if c.isascii() and c.isalpha() else c for c in PROSE)
    assert "vowels" in (q.text_layer_problem(shifted) or "")
    soup = "Zpst xkrb vlnt qrsd mnbv " * 4
    assert "garbled" in (q.text_layer_problem(soup) or "")
    # Identity-H glyph ids read as characters: lowercase comes out as capitals.
    caps = "=£SLV ]DVWXSLWHOVWYD REFH +RUQ¯ /KRWD NRQDQ«KR GQH PÌVWQRVWL REHFQ¯KR ¼ěDGX " * 2
    assert "vowels" in (q.text_layer_problem(caps) or "")


def test_missing_tounicode_needs_garbled_text_too() -> None:
    # Words but none of the commonest: fine alone, suspicious with a font lacking ToUnicode.
    odd = " ".join(["Kobyla mele kamení pomalu dlouze večer hodně"] * 4)
    assert q.text_layer_problem(odd) is None
    assert "ToUnicode" in (q.text_layer_problem(odd, fonts_without_tounicode=["ABCDEF+Arial"]) or "")


def test_the_fonts_are_read_only_when_they_can_change_the_verdict() -> None:
    asked: list[str] = []

    def fonts() -> list[str]:
        asked.append("fonts")
        return ["ABCDEF+Arial"]

    assert q.text_layer_problem(PROSE, fonts_without_tounicode=fonts) is None
    assert asked == []  # prose reads as words: no font could make it garbage
    odd = " ".join(["Kobyla mele kamení pomalu dlouze večer hodně"] * 4)
    assert "font(s) ABCDEF+Arial have no ToUnicode map" in (
        q.text_layer_problem(odd, fonts_without_tounicode=fonts) or ""
    )
    assert asked == ["fonts"]
    shifted = "".join(chr(ord(c) + 3) if c.isascii() and c.isalpha() else c for c in PROSE)
    assert q.text_layer_problem(shifted, fonts_without_tounicode=fonts) == q.text_layer_problem(
        shifted, fonts_without_tounicode=["ABCDEF+Arial"]
    )
    assert "(font(s) ABCDEF+Arial have no ToUnicode map)" in (
        q.text_layer_problem(shifted, fonts_without_tounicode=fonts) or ""
    )


@settings(max_examples=200, deadline=None)
@given(st.text(), st.floats(0, 1), st.integers(0, 10_000), st.lists(st.text(max_size=8), max_size=3))
def test_fonts_given_late_give_the_verdict_of_fonts_given_at_once(
    text: str, coverage: float, paths: int, fonts: list[str]
) -> None:
    at_once = q.text_layer_problem(text, image_coverage=coverage, vector_paths=paths, fonts_without_tounicode=fonts)
    late = q.text_layer_problem(
        text, image_coverage=coverage, vector_paths=paths, fonts_without_tounicode=lambda: fonts
    )
    assert late == at_once


def test_reading_order_rule() -> None:
    rows = [(72.0, 100.0 + 20 * i, 300.0, 112.0 + 20 * i) for i in range(6)]
    assert q.reading_order_problem(rows) is None
    assert q.reading_order_problem(list(reversed(rows))) is not None  # bottom to top
    words_backwards = [
        (200.0, 100.0, 250.0, 112.0),
        (130.0, 100.0, 190.0, 112.0),
        (72.0, 100.0, 120.0, 112.0),
    ]
    assert q.reading_order_problem(words_backwards * 2) is not None
    # Two columns: one jump back up is a column break, not a scrambled page.
    left = [(72.0, 100.0 + 20 * i, 280.0, 112.0 + 20 * i) for i in range(10)]
    right = [(300.0, 100.0 + 20 * i, 520.0, 112.0 + 20 * i) for i in range(10)]
    assert q.reading_order_problem(left + right) is None


@settings(max_examples=200, deadline=None)
@given(st.text(), st.floats(0, 1), st.integers(0, 10_000), st.lists(st.text(max_size=8), max_size=3))
def test_quality_rules_never_crash(text: str, coverage: float, paths: int, fonts: list[str]) -> None:
    reason = q.text_layer_problem(text, image_coverage=coverage, vector_paths=paths, fonts_without_tounicode=fonts)
    assert reason is None or (reason and "\n" not in reason)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(*[st.floats(-1e4, 1e4, allow_nan=False)] * 4), max_size=30))
def test_reading_order_rule_never_crashes(boxes: list[tuple[float, float, float, float]]) -> None:
    assert q.reading_order_problem(boxes) is None or len(boxes) >= 4


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeyáůzxkrBCDÁÉ İ1 .")), max_size=60))
def test_vowels_are_counted_as_the_vowel_pattern_finds_them(text: str) -> None:
    words = [w for w in q._WORD.findall(text) if not (w.isupper() and 1 < len(w) <= q.MAX_ABBREVIATION)]
    joined = "".join(words).lower()
    n, ratio, _, _ = q.vowel_stats(text)
    assert n == len(joined)
    assert ratio == (len(q._VOWEL.findall(joined)) / len(joined) if joined else 0.0)
