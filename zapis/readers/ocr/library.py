"""Tesseract in this process, through the C API of the system's own library (libtesseract).

The same build of Tesseract as the ``tesseract`` command, so the same words: what the
command line costs on top of the library is a process start and the language model loaded
again for every page and every re-read crop, the page written to a file and read back, and
the table printed and parsed (together ~10 % of a 300 dpi page, most of a small crop).  A
model once loaded is kept (one per language string and per page read at the same time) and
used for every later page of the process.

Every call is bounded like the command's: Tesseract checks a deadline after each word, and
a cancel flag that :func:`stop_engines` raises.  The flag is checked by C's ``atoi`` on a
buffer of ours holding "0" or "1" (it returns exactly 0 or 1: a well-formed ``bool`` for
Tesseract's cancel callback), so no Python runs on Tesseract's path and a thread reading a
page never waits for the interpreter.  The call runs in a thread of its own while the
caller waits, so a signal (Ctrl-C, a worker's SIGTERM) reaches the caller at once, raises
the flag and is re-raised once Tesseract has stopped, after its current word.

Tesseract's OpenMP threads are limited to one (see :mod:`~zapis.readers.ocr.engine`): the
limit is read from the environment once, when the OpenMP runtime is loaded, so it is set
for that moment only; if the runtime was loaded before with another limit, or the library
or its C API is missing, :func:`available` says no and the command line is used instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import itertools
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PIL import Image

from zapis.environment import setting
from zapis.errors import ExtractionTimeoutError, OCRError
from zapis.readers.ocr.engine import INSTALL_HINT, ORIENTATION_MODEL, Orientation, parse_tsv
from zapis.readers.ocr.words import Word

LIBRARY = "libtesseract.so.5"
OPENMP = "libgomp.so.1"

_P = ctypes.c_void_p
_FUNCTIONS: dict[str, tuple[Any, list[Any]]] = {  # name: (return type, argument types)
    "TessVersion": (ctypes.c_char_p, []),
    "TessBaseAPICreate": (_P, []),
    "TessBaseAPIDelete": (None, [_P]),
    "TessBaseAPIEnd": (None, [_P]),
    "TessBaseAPISetVariable": (ctypes.c_int, [_P, ctypes.c_char_p, ctypes.c_char_p]),
    "TessBaseAPIInit3": (ctypes.c_int, [_P, ctypes.c_char_p, ctypes.c_char_p]),
    "TessBaseAPIGetLoadedLanguagesAsVector": (ctypes.POINTER(ctypes.c_char_p), [_P]),
    "TessDeleteTextArray": (None, [ctypes.POINTER(ctypes.c_char_p)]),
    "TessBaseAPISetPageSegMode": (None, [_P, ctypes.c_int]),
    "TessBaseAPISetImage": (None, [_P, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]),
    "TessBaseAPISetSourceResolution": (None, [_P, ctypes.c_int]),
    "TessBaseAPIRecognize": (ctypes.c_int, [_P, _P]),
    "TessBaseAPIGetTsvText": (ctypes.POINTER(ctypes.c_char), [_P, ctypes.c_int]),
    "TessBaseAPIClear": (None, [_P]),
    "TessDeleteText": (None, [ctypes.POINTER(ctypes.c_char)]),
    "TessMonitorCreate": (_P, []),
    "TessMonitorDelete": (None, [_P]),
    "TessMonitorSetCancelFunc": (None, [_P, _P]),
    "TessMonitorSetCancelThis": (None, [_P, _P]),
    "TessMonitorSetDeadlineMSecs": (None, [_P, ctypes.c_int]),
    "TessBaseAPIDetectOrientationScript": (
        ctypes.c_int,
        [
            _P,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_float),
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.POINTER(ctypes.c_float),
        ],
    ),
}


@dataclass(frozen=True)
class TesseractLibrary:
    """Tesseract's library in this process.  Reads exactly what :class:`~zapis.readers.ocr.engine.Tesseract`
    (the command) reads, hence the same ``name`` (cached results of either stay valid)."""

    name: str = "tesseract"

    def read(self, image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None) -> list[Word]:
        return parse_tsv(recognize(image, languages=languages, psm=psm, timeout=timeout, dpi=dpi))

    def orientation(self, image: Image.Image, *, timeout: float, dpi: int | None) -> Orientation | None:
        return orientation(image, timeout=timeout, dpi=dpi)


class _Library:
    """The loaded library: its functions, with their C types."""

    def __init__(self, handle: ctypes.CDLL, cancel_check: Any) -> None:
        self.handle = handle
        self.cancel_check = cancel_check  # C's atoi, as a function pointer
        for name, (restype, argtypes) in _FUNCTIONS.items():
            function = getattr(handle, name)
            function.restype, function.argtypes = restype, argtypes

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


_LOADED: list[_Library | None] = []  # [] not tried yet; [None] not usable here
_LOAD_LOCK = threading.Lock()


def available() -> bool:
    """Whether Tesseract's library can be used in this process (else the command is).
    ``ZAPIS_TESSERACT=command`` in the environment chooses the command."""
    return os.environ.get("ZAPIS_TESSERACT") != "command" and _library() is not None


def _library() -> _Library | None:
    with _LOAD_LOCK:
        if not _LOADED:
            _LOADED.append(_load())
        return _LOADED[0]


def _load() -> _Library | None:
    with contextlib.suppress(OSError):
        ctypes.CDLL(OPENMP, mode=os.RTLD_NOLOAD)
        if _thread_limit() != 1:
            return None  # the runtime was loaded before, without the limit: it can no longer be set
    try:
        with setting("OMP_THREAD_LIMIT", "1"):
            handle = ctypes.CDLL(LIBRARY)
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        lib = _Library(handle, ctypes.cast(libc.atoi, _P))
    except (OSError, AttributeError):  # no library, or one without the C API
        return None
    if _thread_limit() not in (None, 1):
        return None
    return lib


def _thread_limit() -> int | None:
    """OpenMP's thread limit in this process (None: no OpenMP runtime loaded)."""
    try:
        openmp = ctypes.CDLL(OPENMP, mode=os.RTLD_NOLOAD)
    except OSError:
        return None
    return int(openmp.omp_get_thread_limit())


class _Models:
    """Loaded models, one per language string and page being read: a model serves one call at a
    time, and the thread that ran the call gives it back (never the caller, who may have left)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle: dict[str, list[int]] = {}
        self.pid = os.getpid()

    def take(self, lib: _Library, languages: str) -> int:
        with self.lock:
            if self.pid != os.getpid():  # forked: the parent's models are its own
                self.idle, self.pid = {}, os.getpid()
            idle = self.idle.setdefault(languages, [])
            if idle:
                return idle.pop()
        return _new_model(lib, languages)

    def give_back(self, languages: str, api: int) -> None:
        with self.lock:
            self.idle.setdefault(languages, []).append(api)


def _new_model(lib: _Library, languages: str) -> int:
    api = lib.TessBaseAPICreate()
    # Tesseract's messages ("Detected 22 diacritics", resolution estimates) would go to our
    # stderr, page after page; the command prints them to its own, which zapis discards.
    lib.TessBaseAPISetVariable(api, b"debug_file", os.devnull.encode())
    wanted = [lang for lang in languages.split("+") if lang]
    loaded = _loaded_languages(lib, api) if lib.TessBaseAPIInit3(api, None, languages.encode()) == 0 else []
    # "ces+eng" without eng data loads Czech alone and says nothing: Czech diacritics or the
    # English the caller asked for would be lost silently, so a missing language is an error.
    missing = [lang for lang in wanted if lang not in loaded]
    if missing:
        lib.TessBaseAPIEnd(api)
        lib.TessBaseAPIDelete(api)
        raise OCRError(f"Tesseract has no '{missing[0]}' language data: {INSTALL_HINT}")
    return int(api)


def _loaded_languages(lib: _Library, api: int) -> list[str]:
    vector = lib.TessBaseAPIGetLoadedLanguagesAsVector(api)
    names = []
    for i in itertools.count():
        if not vector[i]:
            break
        names.append(vector[i].decode())
    lib.TessDeleteTextArray(vector)
    return names


_MODELS = _Models()
_RUNNING: dict[int, ctypes.Array[ctypes.c_char]] = {}  # the cancel flags of the calls under way, by id
_RUNNING_LOCK = threading.Lock()


def stop_engines() -> None:
    """Stop every call under way in this process after its current word (any thread; a signal handler too)."""
    with _RUNNING_LOCK:
        running = list(_RUNNING.values())
    for flag in running:
        flag.value = b"1"


def recognize(image: Image.Image, *, languages: str, psm: int, timeout: float, dpi: int | None) -> str:
    """Tesseract's TSV table of the words of ``image`` (8-bit grayscale)."""

    def work(lib: _Library, api: int, monitor: int) -> str:
        lib.TessBaseAPISetPageSegMode(api, psm)
        if lib.TessBaseAPIRecognize(api, monitor) != 0:
            raise _Failed("Tesseract could not read the page image")
        text = lib.TessBaseAPIGetTsvText(api, 0)
        try:
            return ctypes.string_at(text).decode("utf-8", "replace")
        finally:
            lib.TessDeleteText(text)

    return _call(work, image, languages=languages, timeout=timeout, dpi=dpi)


def orientation(image: Image.Image, *, timeout: float, dpi: int | None) -> Orientation | None:
    """How far ``image`` must be turned clockwise to be upright, by Tesseract's orientation model."""

    def work(lib: _Library, api: int, monitor: int) -> Orientation | None:
        degrees, confidence = ctypes.c_int(), ctypes.c_float()
        script, script_confidence = ctypes.c_char_p(), ctypes.c_float()
        found = lib.TessBaseAPIDetectOrientationScript(
            api, ctypes.byref(degrees), ctypes.byref(confidence), ctypes.byref(script), ctypes.byref(script_confidence)
        )
        if not found:
            return None
        # the page is turned by ``degrees`` counter-clockwise: it is put upright the other way
        return Orientation((360 - degrees.value) % 360, round(confidence.value, 2))

    return _call(work, image, languages=ORIENTATION_MODEL, timeout=timeout, dpi=dpi)


class _Failed(Exception):
    """Tesseract's library said no; the message says what it could not do."""


T = TypeVar("T")


def _call(
    work: Callable[[_Library, int, int], T], image: Image.Image, *, languages: str, timeout: float, dpi: int | None
) -> T:
    """``work(lib, model, monitor)`` on ``image`` with a model of ``languages``, in a thread of its
    own, stopped at ``timeout`` or by :func:`stop_engines`."""
    lib = _library()
    if lib is None:
        raise OCRError(f"Tesseract's library ({LIBRARY}) cannot be used in this process: {INSTALL_HINT}")
    if timeout <= 0:
        raise ExtractionTimeoutError("OCR ran out of time on this page; raise the OCR timeout or check the scan")
    gray = image if image.mode == "L" else image.convert("L")
    api = _MODELS.take(lib, languages)
    flag = ctypes.create_string_buffer(b"0", 2)
    outcome: list[Any] = []
    done = threading.Event()
    args = (work, lib, api, languages, gray, dpi, timeout, flag, outcome, done)
    with _RUNNING_LOCK:
        _RUNNING[id(flag)] = flag
    started = time.monotonic()
    try:
        threading.Thread(target=_run, args=args, name="zapis-tesseract", daemon=True).start()
        try:
            done.wait()
        except BaseException:  # interrupted: Tesseract stops after its word, then the signal goes on
            flag.value = b"1"
            done.wait()
            raise
    finally:
        with _RUNNING_LOCK:
            del _RUNNING[id(flag)]
    read, result = outcome
    if flag.value == b"1":
        raise OCRError("OCR was stopped before Tesseract finished the page")
    if time.monotonic() - started >= timeout:  # Tesseract stops at its deadline with what it read so far
        raise ExtractionTimeoutError(
            f"OCR of one page did not finish within {timeout:g} s; "
            "the scan may be huge or damaged (raise the OCR timeout to wait longer)"
        )
    if not read:
        raise OCRError(str(result))
    return result


def _run(
    work: Callable[[_Library, int, int], Any],
    lib: _Library,
    api: int,
    languages: str,
    image: Image.Image,
    dpi: int | None,
    timeout: float,
    flag: ctypes.Array[ctypes.c_char],
    outcome: list[Any],
    done: threading.Event,
) -> None:
    """Runs in a thread of its own: ``outcome`` gets [True, what ``work`` made] or [False, why not]."""
    monitor = lib.TessMonitorCreate()
    pixels = image.tobytes()  # Tesseract copies them; kept alive here all the same
    try:
        lib.TessMonitorSetCancelFunc(monitor, lib.cancel_check)
        lib.TessMonitorSetCancelThis(monitor, ctypes.addressof(flag))
        lib.TessMonitorSetDeadlineMSecs(monitor, max(1, min(int(timeout * 1000), 2**31 - 1)))
        lib.TessBaseAPISetImage(api, pixels, image.width, image.height, 1, image.width)
        if dpi:
            lib.TessBaseAPISetSourceResolution(api, dpi)
        outcome[:] = [True, work(lib, api, monitor)]
    except _Failed as e:
        outcome[:] = [False, str(e)]
    except Exception as e:  # reported to the caller, who raises it as an OCR error
        outcome[:] = [False, f"Tesseract's library failed: {e}"]
    finally:
        lib.TessBaseAPIClear(api)
        lib.TessMonitorDelete(monitor)
        _MODELS.give_back(languages, api)
        done.set()
