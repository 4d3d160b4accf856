"""Tesseract's library in the process: the same words as the command, bounded and stoppable like it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pymupdf
import pytest
from PIL import Image

from zapis.errors import ExtractionTimeoutError, OCRError
from zapis.readers import ExtractOptions, ocr
from zapis.readers.ocr import library
from zapis.readers.ocr.words import Word

from .test_ocr import FONT, PARAGRAPHS, text_image

pytestmark = pytest.mark.slow


def full_page(copies: int = 3) -> Image.Image:
    """An A4 page of 9 pt Czech minutes at 300 dpi: many hundred words, a second or more of Tesseract's time."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    font = pymupdf.Font(fontfile=FONT)
    writer = pymupdf.TextWriter(page.rect)
    lines = [par for _ in range(copies * 15) for par in PARAGRAPHS][:72]
    for i, line in enumerate(lines):
        writer.append((40, 40 + 10.8 * i), line, font=font, fontsize=9)
    writer.write_text(page)
    pix = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    return Image.frombytes("L", (pix.width, pix.height), pix.samples)


def assert_reads_paragraphs(words: list[Word]) -> None:
    """The words of PARAGRAPHS in order (the bare engine may add a speck it took for a word first)."""
    expected = " ".join(PARAGRAPHS).split()
    assert [w.text for w in words][-len(expected) :] == expected


def test_the_library_reads_the_words_the_command_reads() -> None:
    assert library.available()
    image = text_image()
    kwargs = {"languages": "ces", "psm": 3, "timeout": 60.0, "dpi": 300}
    from_library = ocr.TesseractLibrary().read(image, **kwargs)  # type: ignore[arg-type]
    from_command = ocr.Tesseract().read(image, **kwargs)  # type: ignore[arg-type]
    assert_reads_paragraphs(from_library)
    assert from_library == from_command  # texts, boxes, confidences, layout numbers


@pytest.mark.parametrize(
    "transpose, turn", [(None, 0), (Image.Transpose.ROTATE_180, 180), (Image.Transpose.ROTATE_90, 90)]
)
def test_the_library_and_the_command_see_which_way_up_a_page_is(transpose: Image.Transpose | None, turn: int) -> None:
    page = full_page(1)
    page = page if transpose is None else page.transpose(transpose)
    found = [engine.orientation(page, timeout=60, dpi=300) for engine in (ocr.TesseractLibrary(), ocr.Tesseract())]
    assert found[0] == found[1]
    assert found[0] is not None and found[0].turn == turn and found[0].confidence >= 5


def test_the_library_is_the_default_engine_unless_the_command_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(ocr.default_engine(), ocr.TesseractLibrary)
    monkeypatch.setenv("ZAPIS_TESSERACT", "command")
    assert isinstance(ocr.default_engine(), ocr.Tesseract)
    result = ocr.ocr_image(text_image(PARAGRAPHS[:1], height_pt=90), ExtractOptions())
    assert result.text == PARAGRAPHS[0]


@pytest.mark.parametrize("before", [None, "3"])
def test_tesseract_runs_on_one_openmp_thread_and_the_environment_is_left_as_it_was(before: str | None) -> None:
    # OpenMP reads its limit once, as it is loaded: a fresh process shows what loading did
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"} | (
        {"OMP_THREAD_LIMIT": before} if before else {}
    )
    code = (
        "import os; from zapis.readers.ocr import library; "
        "print(library.available(), library._thread_limit(), os.environ.get('OMP_THREAD_LIMIT'))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "1", str(before)]


def test_tesseract_messages_do_not_reach_the_users_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    # without a resolution Tesseract estimates one and says so, page after page
    assert_reads_paragraphs(ocr.TesseractLibrary().read(text_image(), languages="ces", psm=3, timeout=60, dpi=None))
    assert capfd.readouterr().err == ""


def test_missing_language_data_is_an_error_that_says_which() -> None:
    with pytest.raises(OCRError, match=r"no 'xyz' language data: install tesseract-ocr"):
        library.recognize(text_image(), languages="ces+xyz", psm=3, timeout=60, dpi=300)


def test_a_call_stops_at_its_deadline() -> None:
    with pytest.raises(ExtractionTimeoutError, match=r"did not finish within 0\.05 s"):
        library.recognize(full_page(), languages="ces", psm=3, timeout=0.05, dpi=300)
    assert library._RUNNING == {}


def _when_running(action: object) -> threading.Thread:
    """A thread that waits until a library call is under way, then does ``action``."""

    def run() -> None:
        deadline = time.monotonic() + 60
        while not library._RUNNING and time.monotonic() < deadline:
            time.sleep(0.005)
        action()  # type: ignore[operator]

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_stop_engines_ends_a_call_under_way_in_another_thread() -> None:
    stopper = _when_running(ocr.stop_engines)
    with pytest.raises(OCRError, match="OCR was stopped before Tesseract finished the page"):
        library.recognize(full_page(), languages="ces", psm=3, timeout=600, dpi=300)
    stopper.join()
    assert library._RUNNING == {}
    # the model stopped halfway reads the next page in full
    assert_reads_paragraphs(ocr.TesseractLibrary().read(text_image(), languages="ces", psm=3, timeout=60, dpi=300))


def test_ctrl_c_during_a_call_stops_tesseract_and_goes_on_as_keyboard_interrupt() -> None:
    interrupter = _when_running(lambda: os.kill(os.getpid(), signal.SIGINT))
    with pytest.raises(KeyboardInterrupt):
        library.recognize(full_page(), languages="ces", psm=3, timeout=600, dpi=300)
    interrupter.join()
    assert library._RUNNING == {}
    assert_reads_paragraphs(ocr.TesseractLibrary().read(text_image(), languages="ces", psm=3, timeout=60, dpi=300))
