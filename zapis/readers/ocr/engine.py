"""The OCR engine: Tesseract run as a hardened subprocess, behind a small interface.

An engine turns one page image into :class:`~zapis.readers.ocr.words.Word` boxes.  The
pipeline holds an engine object (``ExtractOptions.ocr_engine``), never a command name, so a
test or a user can put another one in its place: one that crashes, hangs or reads garbage,
to see the pipeline degrade as it should.

Tesseract runs in a session of its own (a Ctrl-C on the terminal does not reach it; its
process group is what is killed), and whatever stops the caller stops it too: a timeout, an
exception or a signal in the waiting thread, or :func:`stop_engines` from another thread or
a signal handler.  It always runs with a timeout and ``OMP_THREAD_LIMIT=1``: its OpenMP threads fight
each other and any other load (our own page-level parallelism included); on a 2-core box a
300 dpi page took 2.0 s with the limit and 8.9 s without it while other work was running.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from PIL import Image

from zapis.errors import ExtractionTimeoutError, OCRError
from zapis.readers.ocr.words import Word

INSTALL_HINT = "install tesseract-ocr and tesseract-ocr-ces (apt-get install tesseract-ocr tesseract-ocr-ces)"


class OcrEngine(Protocol):
    """Reads the words of one page image (8-bit grayscale)."""

    @property
    def name(self) -> str:
        """Stands for the engine in cache keys: results of different engines are kept apart."""
        ...

    def read(self, image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None) -> list[Word]:
        """The words in reading order; raises OCRError or ExtractionTimeoutError."""
        ...


@runtime_checkable
class OrientationEngine(OcrEngine, Protocol):
    """An engine that also tells which way up a page is (Tesseract's orientation detection)."""

    def orientation(self, image: Image.Image, *, timeout: float, dpi: int | None) -> Orientation | None:
        """How far the page must be turned to be upright; None when the engine cannot tell.
        Raises OCRError or ExtractionTimeoutError."""
        ...


@dataclass(frozen=True)
class Orientation:
    turn: int  # degrees clockwise (0, 90, 180, 270) that make the page upright
    confidence: float  # Tesseract's orientation confidence (≥ 10 on a clear page of text)


ORIENTATION_MODEL = "osd"  # osd.traineddata, in the tesseract-ocr package
ORIENTATION_PSM = 0  # orientation and script detection only


def parse_orientation(text: str) -> Orientation | None:
    """Tesseract's orientation report ("Rotate: 180", "Orientation confidence: 15.99")."""
    turn = re.search(r"^Rotate: (\d+)", text, re.MULTILINE)
    confidence = re.search(r"^Orientation confidence: ([\d.]+)", text, re.MULTILINE)
    if turn is None or confidence is None or int(turn.group(1)) not in (0, 90, 180, 270):
        return None
    return Orientation(int(turn.group(1)), float(confidence.group(1)))


@dataclass(frozen=True)
class Tesseract:
    """The Tesseract command line.  ``command``: a name looked up on PATH, or a path."""

    command: str = "tesseract"
    name: str = "tesseract"

    def read(self, image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None) -> list[Word]:
        tsv = run_tesseract(image, languages=languages, psm=psm, timeout=timeout, dpi=dpi, command=self.command)
        return parse_tsv(tsv)

    def orientation(self, image: Image.Image, *, timeout: float, dpi: int | None) -> Orientation | None:
        args = ["-l", ORIENTATION_MODEL, "--psm", str(ORIENTATION_PSM), *(["--dpi", str(dpi)] if dpi else [])]
        out, _ = _run(image, args, timeout=timeout, languages=ORIENTATION_MODEL, command=self.command)
        return parse_orientation(out)


def _resolve_binary(command: str) -> str:
    path = shutil.which(command)
    if path is None:
        raise OCRError(f"Tesseract OCR is not installed ('{command}' not found on PATH): {INSTALL_HINT}")
    return path


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "no error message"


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    # The whole process group: a wrapper script's children (or tesseract's) must die too,
    # or they keep our pipes open and the "timeout" never returns.
    if proc.returncode is not None:
        return  # already reaped: its process group id may belong to another process by now
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


_RUNNING: set[subprocess.Popen[bytes]] = set()  # Tesseract processes under way in this process
_RUNNING_LOCK = threading.Lock()


def stop_engines() -> None:
    """Kill every Tesseract process this process has running, with its children.  Safe to call
    from any thread (the thread waiting for it then gets an error) and from a signal handler."""
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for proc in running:
        _kill_group(proc)


def run_tesseract(
    image: Image.Image,
    *,
    languages: str,
    psm: int,
    timeout: float,
    dpi: int | None = None,
    command: str = "tesseract",
) -> str:
    """Tesseract's TSV output for ``image``; raises OCRError / ExtractionTimeoutError."""
    args = ["-l", languages, "--psm", str(psm), *(["--dpi", str(dpi)] if dpi else []), "tsv"]
    tsv, stderr = _run(image, args, timeout=timeout, languages=languages, command=command)
    # Exit 0 is not proof of success: a missing "tsv" config or an unreadable image still
    # exits 0 on some builds, with no table on stdout.
    if not tsv.startswith("level\t"):
        raise OCRError(f"Tesseract produced no TSV output: {_last_line(stderr)}")
    return tsv


def _run(image: Image.Image, args: list[str], *, timeout: float, languages: str, command: str) -> tuple[str, str]:
    """What Tesseract writes on stdout and stderr for ``image`` with ``args``; raises OCRError /
    ExtractionTimeoutError."""
    binary = _resolve_binary(command)
    if timeout <= 0:
        raise ExtractionTimeoutError("OCR ran out of time on this page; raise the OCR timeout or check the scan")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory(prefix="zapis-ocr-") as tmp:
        # PNM: written without compression (fast for 9-megapixel pages), read by Leptonica.
        img_path = Path(tmp) / "page.pgm"
        image.save(img_path)
        cmd = [binary, str(img_path), "stdout", *args]
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=True,
            )
        except OSError as e:
            raise OCRError(f"cannot run Tesseract ({e.strerror}): {INSTALL_HINT}") from e
        with _RUNNING_LOCK:
            _RUNNING.add(proc)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            raise ExtractionTimeoutError(
                f"OCR of one page did not finish within {timeout:g} s; "
                "the scan may be huge or damaged (raise the OCR timeout to wait longer)"
            ) from None
        except BaseException:  # interrupted (Ctrl-C, SIGTERM, the worker stopped): Tesseract stops too
            _kill_group(proc)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
            raise
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(proc)
    stderr = err.decode("utf-8", "replace")
    _check_languages(stderr, languages)
    if proc.returncode != 0:
        raise OCRError(f"Tesseract failed (exit {proc.returncode}): {_last_line(stderr)}")
    return out.decode("utf-8", "replace"), stderr


def _check_languages(stderr: str, languages: str) -> None:
    # With "-l ces+eng" and no ces.traineddata, Tesseract prints "Failed loading language
    # 'ces'" and carries on with English only (exit 0): Czech diacritics would then be lost
    # silently, so this is an error, not a warning.
    failed = _FAILED_LANGUAGE.search(stderr) or _MISSING_DATA.search(stderr)
    if failed:
        raise OCRError(f"Tesseract has no '{failed.group(1)}' language data: {INSTALL_HINT}")


_FAILED_LANGUAGE = re.compile(r"Failed loading language '([^']+)'")
_MISSING_DATA = re.compile(r"Error opening data file \S*?([^/\s]+)\.traineddata")


def parse_tsv(tsv: str) -> list[Word]:
    """Word rows (level 5) of Tesseract's TSV, in Tesseract's reading order."""
    words = []
    for row in tsv.splitlines():  # the header row, if any, is no word row
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
            block, par, line = (int(c) for c in cols[2:5])
        except ValueError:
            continue
        if not text or conf < 0:  # conf −1 rows are layout containers, not words
            continue
        words.append(Word(text, conf, left, top, width, height, block, par, line))
    return words
