"""OCR: deskew, Tesseract wrapper hardening, coverage recovery, and image files (PNG/TIFF)."""

from __future__ import annotations

import dataclasses
import io
import stat
import struct
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from zapis.document import Page
from zapis.errors import CorruptFileError, ExtractionTimeoutError, OCRError, TooLargeError
from zapis.normalize import normalize_pages
from zapis.readers import ExtractOptions, ocr
from zapis.readers.image import read
from zapis.readers.ocr import engine, prepare
from zapis.readers.ocr import regions as coverage
from zapis.readers.ocr import words as layout

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PARAGRAPHS = [
    "Zápis z jednání rady obce konaného dne 19. září 2022.",
    "Přítomni: Jan Novák, Marie Dvořáková, Petr Černý.",
    "Rada schvaluje rozpočtové opatření č. 3 ve výši 125 000 Kč.",
    "Hlasování: pro 4, proti 0, zdrželi se 0. Usnesení bylo přijato.",
]


def text_image(paragraphs: list[str] = PARAGRAPHS, dpi: int = 300, height_pt: float = 260) -> Image.Image:
    """Paragraphs at 11 pt with a blank line between them, rendered like a clean scan."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=height_pt)
    font = pymupdf.Font(fontfile=FONT)
    writer = pymupdf.TextWriter(page.rect)
    for i, par in enumerate(paragraphs):
        writer.append((50, 50 + 40 * i), par, font=font, fontsize=11)
    writer.write_text(page)
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    image.info["dpi"] = (dpi, dpi)
    return image


def fake_tesseract(tmp_path: Path, script: str, **options: object) -> ExtractOptions:
    """Options whose Tesseract is a shell script: for the wrapper's handling of a real process."""
    path = tmp_path / "tesseract"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return ExtractOptions(ocr_engine=ocr.Tesseract(command=str(path)), **options)  # type: ignore[arg-type]


def extract_image(data: bytes, options: ExtractOptions) -> tuple[list[Page], list[str]]:
    reading = read(data, options)
    return reading.pages, reading.warnings


def png_bytes(image: Image.Image, fmt: str = "PNG", **kwargs: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **kwargs)
    return buf.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A valid 1-bit white PNG of any size, compressed to a few hundred KB without building it in RAM."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# --- deskew -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_image() -> Image.Image:
    return text_image(PARAGRAPHS * 3, height_pt=560)


@pytest.mark.parametrize("angle", [2.0, -3.5, 0.7])
def test_skew_is_detected_within_a_third_of_a_degree(page_image: Image.Image, angle: float) -> None:
    tilted = page_image.rotate(angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    assert abs(prepare.estimate_skew(tilted) - angle) <= 0.3


def test_straight_and_blank_pages_are_not_rotated(page_image: Image.Image) -> None:
    assert prepare.estimate_skew(page_image) == 0.0
    assert prepare.estimate_skew(Image.new("L", (800, 1000), 255)) == 0.0
    straight, angle = prepare.deskew(page_image)
    assert angle == 0.0 and straight is page_image


def test_deskew_straightens_with_white_corners(page_image: Image.Image) -> None:
    tilted = page_image.rotate(2.0, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    straight, angle = prepare.deskew(tilted)
    assert abs(angle - 2.0) <= 0.3
    assert abs(prepare.estimate_skew(straight)) <= 0.3
    corners = np.asarray(straight)[[0, 0, -1, -1], [0, -1, 0, -1]]
    assert corners.min() == 255


# --- TSV → text ---------------------------------------------------------------------------

TSV = "\n".join(
    [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "1\t1\t0\t0\t0\t0\t0\t0\t1000\t1000\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t96.5\tZápis",
        "5\t1\t1\t1\t1\t2\t70\t10\t10\t20\t90\tz",
        "5\t1\t1\t1\t2\t1\t10\t40\t80\t20\t80\tjednání",
        "5\t1\t1\t2\t1\t1\t10\t100\t60\t20\t70\tHlasování",
        "5\t1\t2\t1\t1\t1\t10\t200\t60\t20\t60\tKonec",
        "5\t1\t2\t1\t1\t2\t90\t200\t5\t5\t3\t‘",
        "5\t1\t3\t1\t1\t1\t10\t300\t60\t20\t-1\t ",
    ]
)


def test_tsv_becomes_lines_and_paragraphs() -> None:
    words = layout.drop_noise(engine.parse_tsv(TSV))
    assert [w.text for w in words] == ["Zápis", "z", "jednání", "Hlasování", "Konec"]  # speck dropped
    text = layout.paragraphs_text(layout.group_paragraphs(words))
    assert text == "Zápis z\njednání\n\nHlasování\n\nKonec"


def test_phantom_words_on_blank_paper_are_dropped() -> None:
    ink = np.zeros((100, 400), dtype=bool)
    ink[40:60, 10:30] = True  # a "-" bullet
    ink[30:70, 200:380:2] = True  # the item's text
    words = [
        layout.Word("-", 93, 10, 40, 20, 20, 1, 1, 1),
        layout.Word("©", 70, 60, 25, 20, 50, 1, 1, 1),  # Tesseract's guess in the tab gap
        layout.Word("Rozpočet", 95, 200, 30, 180, 40, 1, 1, 1),
    ]
    assert [w.text for w in layout.drop_phantoms(words, ink)] == ["-", "Rozpočet"]


def test_spaced_em_dash_becomes_czech_en_dash() -> None:
    # Tesseract's ces model reads a spaced "–" as "—" nearly every time; Czech never uses "—".
    text = layout.paragraphs_text(layout.group_paragraphs(engine.parse_tsv(TSV.replace("\tz\n", "\t—\n"))))
    norm = normalize_pages([Page(1, text, "ocr", "tesseract", 90.0)])
    assert norm.text.startswith("Zápis –\njednání")


def par(left: int, top: int, text: str, width: int = 100) -> layout.Paragraph:
    return [[layout.Word(text, 90, left, top, width, 20, 0, 0, 0)]]


def test_recovered_heading_follows_the_indented_list_above_it() -> None:
    pars = [par(0, 0, "Přítomni", 800), par(100, 100, "- Od 2.4.", 700), par(100, 300, "- Ottmarová", 700)]
    out = layout.insert_paragraphs(pars, par(0, 200, "Sestry:", 80))
    assert [p[0][0].text for p in out] == ["Přítomni", "- Od 2.4.", "Sestry:", "- Ottmarová"]
    out = layout.insert_paragraphs(pars, par(0, -50, "Hlavička"))
    assert out[0][0][0].text == "Hlavička"


def test_recovered_paragraph_is_inserted_in_its_column() -> None:
    # Tesseract's order on a two-column page: left column, then right column.
    pars = [par(0, 0, "L1"), par(0, 100, "L2"), par(500, 0, "R1"), par(500, 200, "R3")]
    out = layout.insert_paragraphs(pars, par(500, 100, "R2"))
    assert [p[0][0].text for p in out] == ["L1", "L2", "R1", "R2", "R3"]
    out = layout.insert_paragraphs(pars, par(0, 50, "L1b"))
    assert [p[0][0].text for p in out] == ["L1", "L1b", "L2", "R1", "R3"]


# --- coverage check -----------------------------------------------------------------------


def test_list_bullets_taken_for_specks_are_put_back() -> None:
    """Three list items whose bullets Tesseract dropped: a dash, a speck of dust (no bullet), a dot."""
    ink = np.zeros((400, 1200), dtype=bool)
    words = []
    for i, top in enumerate((100, 200, 300)):
        words += [
            layout.Word(t, 95, 300 + 150 * k, top, 120, 40, 1, i, 1) for k, t in enumerate(("Od", "dubna", "platí"))
        ]
        ink[top : top + 40, 300:720] = True  # the letters
    ink[116:121, 200:222] = True  # a dash, 100 px before the text, at the middle of its letters
    ink[210:213, 250:253] = True  # dust: too small for a bullet
    ink[313:328, 200:215] = True  # a solid dot
    out = coverage.restore_bullets(words, ink)
    assert " ".join(w.text for w in out) == "- Od dubna platí Od dubna platí • Od dubna platí"
    assert (out[0].left, out[0].top, out[0].width, out[0].height, out[0].line) == (200, 116, 22, 5, 1)


def test_uncovered_band_is_found() -> None:
    ink = np.zeros((400, 600), dtype=bool)
    for top in (50, 100, 250):  # three "text lines" of 20 px
        ink[top : top + 20, 40:560:3] = True
    read = [layout.Word("x", 90, 40, 50, 520, 20, 1, 1, 1), layout.Word("y", 90, 40, 100, 520, 20, 1, 1, 2)]
    regions = coverage.uncovered_regions(ink, read)
    assert len(regions) == 1
    box = regions[0]
    assert box.top <= 250 and box.bottom >= 270 and box.left <= 40 and box.right >= 558
    read.append(layout.Word("z", 90, 40, 250, 520, 20, 2, 1, 1))
    assert coverage.uncovered_regions(ink, read) == []


@pytest.mark.slow
def test_dropped_paragraph_is_recovered() -> None:
    image = text_image()
    half = image.height // 2

    class Lossy(ocr.Tesseract):
        """Tesseract whose layout analysis silently drops the lower half of the page."""

        def read(self, image: Image.Image, *, psm: int, **kwargs: object) -> list[layout.Word]:
            found = super().read(image, psm=psm, **kwargs)  # type: ignore[arg-type]
            return found if psm != ocr.FULL_PAGE_PSM else [w for w in found if w.top < half]

    result = ocr.ocr_image(image, ExtractOptions(ocr_engine=Lossy()))
    assert result.recovered_regions == 1
    assert "skipped 1 text region" in result.warnings[0]
    for word in ("rozpočtové", "opatření", "125 000 Kč", "Hlasování:", "Usnesení", "přijato."):
        assert word in result.text
    # Back in reading order, with the paragraph breaks kept.
    paragraphs = result.text.split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["Zápis", "Přítomni:", "Rada", "Hlasování:"]


# --- real OCR -----------------------------------------------------------------------------


@pytest.mark.slow
def test_ocr_image_reads_czech() -> None:
    result = ocr.ocr_image(text_image(), ExtractOptions())
    assert result.text.split("\n\n") == PARAGRAPHS
    assert result.confidence is not None and result.confidence > 90
    assert result.recovered_regions == 0 and result.warnings == ()


def test_blank_image_skips_tesseract() -> None:
    options = ExtractOptions(ocr_engine=ocr.Tesseract(command="tesseract-not-installed-here"))
    result = ocr.ocr_image(Image.new("RGB", (800, 600), "white"), options)
    assert (result.text, result.confidence) == ("", None)


@pytest.mark.slow
def test_ocr_image_runs_in_a_worker_process() -> None:
    image = text_image(PARAGRAPHS[:1], height_pt=90)
    with ProcessPoolExecutor(max_workers=1) as pool:
        result = pool.submit(ocr.ocr_image, image, ExtractOptions()).result(timeout=60)
    assert result.text == PARAGRAPHS[0]


# --- Tesseract failures -------------------------------------------------------------------


def test_missing_tesseract() -> None:
    options = ExtractOptions(ocr_engine=ocr.Tesseract(command="tesseract-not-installed-here"))
    with pytest.raises(OCRError, match=r"not installed.*apt-get install tesseract-ocr tesseract-ocr-ces"):
        ocr.ocr_image(text_image(), options)


def test_missing_tesseract_on_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZAPIS_TESSERACT", "command")  # the library is not looked up on PATH
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(OCRError, match="tesseract-ocr-ces"):
        ocr.ocr_image(text_image(), ExtractOptions())


def test_hanging_tesseract_times_out(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pidfile = tmp_path / "child.pid"
    options = fake_tesseract(tmp_path, f"sleep 30 &\necho $! > {pidfile}\nwait\n", ocr_timeout=1.0)
    start = time.monotonic()
    with pytest.raises(ExtractionTimeoutError, match="did not finish within 1 s"):
        ocr.ocr_image(text_image(), options)
    assert time.monotonic() - start < 10
    # The script's own child was killed with it (the whole process group).
    stat_file = Path(f"/proc/{int(pidfile.read_text())}/stat")
    time.sleep(0.2)
    # Gone, or a zombie waiting for init to reap it: either way no longer running.
    assert not stat_file.exists() or stat_file.read_text().split(") ")[1].startswith(("Z", "X"))


def test_tesseract_crash_reports_stderr(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    options = fake_tesseract(
        tmp_path,
        "echo 'Tesseract Open Source OCR Engine' >&2\necho 'Segfault in pix' >&2\nexit 3\n",
    )
    with pytest.raises(OCRError, match=r"exit 3\): Segfault in pix$"):
        ocr.ocr_image(text_image(), options)


def test_missing_czech_data_is_an_error_even_on_exit_0(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    options = fake_tesseract(
        tmp_path,
        "echo 'Error opening data file /usr/share/tesseract-ocr/5/tessdata/ces.traineddata' >&2\n"
        "echo \"Failed loading language 'ces'\" >&2\n"
        "printf 'level\\tpage_num\\n'\n",
    )
    with pytest.raises(OCRError, match=r"no 'ces' language data.*tesseract-ocr-ces"):
        ocr.ocr_image(text_image(), options)


def test_empty_output_on_exit_0_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    options = fake_tesseract(tmp_path, "echo 'read_params_file: cannot open tsv' >&2\nexit 0\n")
    with pytest.raises(OCRError, match="no TSV output: read_params_file: cannot open tsv"):
        ocr.ocr_image(text_image(), options)


HEADER = TSV.splitlines()[0].replace("\t", "\\t")  # tabs written as \t for printf


def test_tesseract_gets_one_thread_and_the_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The fake echoes OMP_THREAD_LIMIT and its arguments back as recognised words (with boxes
    # over the whole image, so they are not taken for phantoms on blank paper).
    options = fake_tesseract(
        tmp_path,
        f"printf '{HEADER}\\n'\n"
        "printf '5\\t1\\t1\\t1\\t1\\t1\\t0\\t0\\t2480\\t375\\t91\\tOMP=%s\\n' \"$OMP_THREAD_LIMIT\"\n"
        "shift; printf '5\\t1\\t1\\t1\\t1\\t2\\t0\\t0\\t2480\\t375\\t93\\t%s\\n' \"$*\"\n",
        ocr_languages="ces+eng",
    )
    result = ocr.ocr_image(text_image(PARAGRAPHS[:1], height_pt=90), options)
    assert result.text.startswith("OMP=1 stdout -l ces+eng --psm 3 --dpi 300 tsv")
    assert result.confidence == 92.0


# --- image files --------------------------------------------------------------------------


@pytest.mark.slow
def test_multipage_tiff_gives_one_page_per_frame() -> None:
    first = text_image(PARAGRAPHS[:1], height_pt=90)
    second = text_image(PARAGRAPHS[2:3], height_pt=90).convert("1")  # fax-style bilevel frame
    data = png_bytes(first, "TIFF", save_all=True, append_images=[second], compression="tiff_deflate", dpi=(300, 300))
    pages, warnings = extract_image(data, ExtractOptions())
    assert [(p.number, p.method, p.engine) for p in pages] == [
        (1, "ocr", "tesseract"),
        (2, "ocr", "tesseract"),
    ]
    assert pages[0].text == PARAGRAPHS[0]
    assert pages[1].text == PARAGRAPHS[2]
    assert all(p.ocr_confidence and p.ocr_confidence > 85 for p in pages)
    assert warnings == []
    with pytest.raises(TooLargeError, match=r"2 pages.*--max-pages"):
        extract_image(data, ExtractOptions(max_pages=1))


@dataclasses.dataclass(frozen=True)
class _Doubting:
    """Tesseract that doubts one word: it reads every word, but that one with confidence 40."""

    word: str
    name: str = "doubting"

    def read(
        self, image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None
    ) -> list[layout.Word]:
        words = ocr.Tesseract().read(image, languages=languages, psm=psm, timeout=timeout, dpi=dpi)
        return [dataclasses.replace(w, conf=40.0) if w.text == self.word else w for w in words]


@pytest.mark.slow
def test_pages_carry_the_words_read_with_low_confidence_and_report_progress() -> None:
    frames = [text_image(PARAGRAPHS[:1], height_pt=90), text_image(PARAGRAPHS[1:2], height_pt=90)]
    data = png_bytes(frames[0], "TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300))
    told: list[tuple[int, int]] = []
    options = ExtractOptions(
        ocr_engine=_Doubting("Novák,"), ocr_progress=lambda done, pages: told.append((done, pages))
    )
    pages, _ = extract_image(data, options)
    assert "Novák," in pages[1].text
    assert [p.uncertain_words for p in pages] == [(), ("Novák,",)]
    assert told == [(0, 2), (1, 2), (2, 2)]  # OCR started, then each page read


@pytest.mark.slow
def test_png_with_transparency_is_read() -> None:
    rgba = text_image(PARAGRAPHS[:1], height_pt=90).convert("RGBA")
    alpha = np.where(np.asarray(rgba.convert("L")) < 128, 255, 0).astype(np.uint8)
    rgba.putalpha(Image.fromarray(alpha))  # black text on a fully transparent background
    pages, _ = extract_image(png_bytes(rgba), ExtractOptions())
    assert pages[0].text == PARAGRAPHS[0]


def test_decompression_bomb_is_refused() -> None:
    data = huge_png(12000, 13000)  # 156 Mpx: past our limit (150 Mpx), below Pillow's (179 Mpx)
    with pytest.raises(TooLargeError, match="image of 12000 × 13000 px is larger than the limit of 150,000,000"):
        extract_image(data, ExtractOptions())
    data = huge_png(20000, 20000)
    assert len(data) < 1_000_000
    # Pillow refuses this one at open, before our check: still a TooLargeError with the size.
    with pytest.raises(TooLargeError, match="image of 20000 × 20000 px is larger than Pillow's safety limit"):
        extract_image(data, ExtractOptions())
    with pytest.raises(TooLargeError, match="image of 20000 × 20000 px is larger than"):
        extract_image(data, ExtractOptions(max_image_pixels=10**12))


def test_unreadable_images_are_corrupt() -> None:
    with pytest.raises(CorruptFileError, match="cannot be decoded"):
        extract_image(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50, ExtractOptions())
    data = png_bytes(text_image(PARAGRAPHS[:1], height_pt=90))
    with pytest.raises(CorruptFileError, match="corrupt or truncated image"):
        extract_image(data[: len(data) // 2], ExtractOptions())


def test_misread_at_signs_in_email_addresses_are_repaired():
    from zapis.normalize.ocr_text import fix_email_at

    assert fix_email_at("Dana 608625690 d.ottmarova©fokusliberec.cz") == "Dana 608625690 d.ottmarova@fokusliberec.cz"
    assert fix_email_at("m.belocka Afokusliberec.cz") == "m.belocka@fokusliberec.cz"
    assert fix_email_at("jan.novak@seznam.cz") == "jan.novak@seznam.cz"
    assert fix_email_at("Praha A Brno.cz a KNL Akce") == "Praha A Brno.cz a KNL Akce"
