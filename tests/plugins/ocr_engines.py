"""OCR engines that fail the way real ones do, for fault-injection tests.

Each takes Tesseract's place through ``ExtractOptions(ocr_engine=...)``: the pipeline sees an
engine, never a command line, so these exercise exactly the paths a real failure takes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PIL import Image

from zapis.errors import ExtractionTimeoutError, OCRError
from zapis.readers.ocr.words import Word


@dataclass(frozen=True)
class Crashing:
    """Tesseract that dies on every page (a segfault, a missing library)."""

    name: str = "crashing"

    def read(self, image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None) -> list[Word]:
        raise OCRError("Tesseract failed (exit 139): Segmentation fault")


@dataclass(frozen=True)
class Hanging:
    """Tesseract that never answers: the engine's own time limit stops it."""

    name: str = "hanging"

    def read(self, image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None) -> list[Word]:
        time.sleep(min(timeout, 0.2))
        raise ExtractionTimeoutError(f"OCR of one page did not finish within {timeout:.0f} s")


@dataclass(frozen=True)
class Garbage:
    """Tesseract that reads noise: short words with low confidence all over the page."""

    name: str = "garbage"

    def read(self, image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None) -> list[Word]:
        width, height = image.size
        words = []
        for row in range(0, max(1, height - 60), 60):
            for col in range(0, max(1, width - 200), 200):
                words.append(Word("~Xq", 12.0, col, row, 150, 40, 1, row // 60, 0))
        return words


@dataclass(frozen=True)
class Blind:
    """Tesseract that finds no words at all (exit 0, empty table)."""

    name: str = "blind"

    def read(self, image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None) -> list[Word]:
        return []


@dataclass(frozen=True)
class Stuck:
    """Tesseract that hangs for good, past any time limit of its own (a livelock on a page)."""

    name: str = "stuck"

    def read(self, image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None) -> list[Word]:
        time.sleep(3600)
        return []


def _loaded_slowly(seconds: float) -> SlowToStart:
    time.sleep(seconds)  # runs where the engine is unpickled: in a worker as it starts
    return SlowToStart(seconds)


@dataclass(frozen=True)
class SlowToStart:
    """An engine that takes ``seconds`` to load in every worker process, as on a busy machine
    with a cold disk; it reads nothing."""

    seconds: float = 0.0
    name: str = "slow-to-start"

    def __reduce__(self) -> tuple[object, tuple[float]]:
        return (_loaded_slowly, (self.seconds,))

    def read(self, image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None) -> list[Word]:
        return []


class Recording:
    """Reads one word on every page, and records the size of every page image and how many
    pixels were being read at once (in one process: pages are read by threads)."""

    name = "recording"

    def __init__(self) -> None:
        import threading

        self.sizes: list[tuple[int, int]] = []
        self.reading = 0
        self.most_pixels = 0
        self.lock = threading.Lock()

    def read(self, image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None) -> list[Word]:
        pixels = image.width * image.height
        with self.lock:
            self.sizes.append(image.size)
            self.reading += pixels
            self.most_pixels = max(self.most_pixels, self.reading)
        time.sleep(0.3)  # long enough for pages read at once to overlap
        with self.lock:
            self.reading -= pixels
        return [Word("Zápis", 90.0, 0, 0, image.width, image.height, 1, 1, 1)]
