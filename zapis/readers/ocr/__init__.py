"""OCR of one page image, hardened for unattended batch runs.

The stages, one module each:

1. :mod:`~zapis.readers.ocr.prepare`: grayscale (colour scans binarized without their
   stamps), ink mask, small rotations (±5°) found by a projection profile and straightened;
2. :mod:`~zapis.readers.ocr.engine`: the engine (Tesseract, ``--psm 3``) reads words with
   boxes and confidences;
3. :mod:`~zapis.readers.ocr.words`: words Tesseract hallucinated on blank paper (no ink in
   their box) and specks are dropped; words → lines → paragraphs;
4. :mod:`~zapis.readers.ocr.regions`: list bullets Tesseract took for specks are put back; the
   coverage check re-reads ink that no word covers;
5. :mod:`~zapis.readers.ocr.tables`: tables read column by column put back in rows, two prose
   columns read across the gutter put one after the other, signatures read as text dropped;
6. :mod:`~zapis.readers.ocr.contacts`: e-mail addresses and phone numbers the OCR broke, repaired;
7. here: the page's text, its confidence and warnings; a page that reads with low confidence
   is asked which way up it is and, scanned sideways or upside down, read again turned upright
   (:mod:`~zapis.readers.ocr.orientation`); :mod:`~zapis.readers.ocr.layer` places the words
   back on the page for a searchable copy.

:func:`ocr_image` is a pure function of (image, options): it touches no global state, so
pages can be OCRed in worker processes and threads.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from zapis.errors import ExtractionTimeoutError, OCRError
from zapis.readers.ocr import engine as command
from zapis.readers.ocr import library
from zapis.readers.ocr.contacts import repair_contacts, reread_addresses
from zapis.readers.ocr.engine import OcrEngine, OrientationEngine, Tesseract
from zapis.readers.ocr.layer import PointMap, place_words, scaled, unrotation
from zapis.readers.ocr.library import TesseractLibrary
from zapis.readers.ocr.orientation import MIN_TURN_CONFIDENCE, moved_box, moved_word, then, turned, unturn
from zapis.readers.ocr.prepare import (
    MIN_DESKEW,
    deskew,
    estimate_skew,
    even_ground,
    has_colour,
    ink_mask,
    to_grayscale,
)
from zapis.readers.ocr.regions import nothing_to_read, recover_region, restore_bullets, uncovered_regions
from zapis.readers.ocr.tables import columns_in_reading_order, drop_scrawls, rows_in_reading_order
from zapis.readers.ocr.words import (
    Paragraph,
    Word,
    drop_blobs,
    drop_noise,
    drop_phantoms,
    group_paragraphs,
    insert_paragraphs,
    paragraphs_spans,
    paragraphs_text,
    top_to_bottom,
)
from zapis.readers.options import ExtractOptions

__all__ = [
    "MIN_DESKEW",
    "UNCERTAIN_WORD",
    "OcrEngine",
    "OcrResult",
    "PointMap",
    "Tesseract",
    "TesseractLibrary",
    "default_engine",
    "estimate_skew",
    "has_colour",
    "ocr_image",
    "place_words",
    "scaled",
    "stop_engines",
    "to_grayscale",
    "unrotation",
]

FULL_PAGE_PSM = 3  # automatic page segmentation: the right default for letters and minutes
LOW_CONFIDENCE = 50.0  # mean word confidence under which the page text is probably poor
UNCERTAIN_WORD = 70.0  # a word read with less confidence than this is likely misread


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence 0–100; None when no words were read
    skew: float  # degrees the page was rotated counter-clockwise on the scan (0 when not corrected)
    recovered_regions: int  # regions re-read because the full-page pass dropped them
    warnings: tuple[str, ...] = ()
    uncertain_words: tuple[str, ...] = ()  # words read with a confidence under UNCERTAIN_WORD, in page order
    words: tuple[Word, ...] = ()  # every word kept, with its box on the image that was read
    image_size: tuple[int, int] = (0, 0)  # (width, height) of that image: the page straightened, in pixels
    # every word of ``text``: (start, end) in the text and its box (left, top, right, bottom) in pixels
    word_boxes: tuple[tuple[int, int, int, int, int, int], ...] = ()


def default_engine() -> OcrEngine:
    """Tesseract's library in this process when it can be used here, else the ``tesseract`` command:
    the same words either way, the library without a process and a model load for every call."""
    return TesseractLibrary() if library.available() else Tesseract()


def stop_engines() -> None:
    """Stop every Tesseract call under way in this process (any thread, a signal handler too):
    the commands are killed, the library's calls end after their current word."""
    command.stop_engines()
    library.stop_engines()


def _image_dpi(image: Image.Image) -> int | None:
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        return None
    return value if 70 <= value <= 2400 else None  # 1 or 72 "dpi" in a file is often meaningless


def _with_words(paragraphs: list[Paragraph], old: Sequence[Word], new: Sequence[Word | None]) -> list[Paragraph]:
    """The paragraphs with the words ``old`` replaced by ``new`` (a text repaired, or None: gone)."""
    by_id = {id(o): n for o, n in zip(old, new, strict=True)}
    out = []
    for par in paragraphs:
        lines = [[by_id.get(id(w), w) for w in line] for line in par]
        out.append([[w for w in line if w is not None] for line in lines])
    return [[line for line in par if line] for par in out]


def ocr_image(image: Image.Image, options: ExtractOptions, skew: float | None = None) -> OcrResult:
    """OCR one page image. Pure: safe to call from worker processes.

    ``skew``: the angle the caller has already straightened the image by (a PDF page is
    rendered rotated, which costs nothing, instead of rotating the bitmap afterwards).
    """
    deadline = time.monotonic() + options.ocr_timeout
    engine = options.ocr_engine or default_engine()
    dpi = _image_dpi(image)
    if skew is None:
        gray, angle = deskew(to_grayscale(image))
    else:
        gray, angle = to_grayscale(image), skew
    result = _read_page(gray, angle, options, engine, dpi, deadline)
    if result.confidence is not None and result.confidence < LOW_CONFIDENCE:
        result = _read_turned(gray, result, options, engine, dpi, deadline) or result
    return result


def _read_turned(
    gray: Image.Image, result: OcrResult, options: ExtractOptions, engine: OcrEngine, dpi: int | None, deadline: float
) -> OcrResult | None:
    """The page read again turned upright, when Tesseract's orientation model says it is
    sideways or upside down and the upright reading is the better one; its words in the
    coordinates of ``gray``.  None: the page stays as it was read."""
    if not isinstance(engine, OrientationEngine):
        return None  # an engine that only reads cannot tell which way up a page is
    try:
        found = engine.orientation(gray, timeout=deadline - time.monotonic(), dpi=dpi)
    except (OCRError, ExtractionTimeoutError):
        return None  # no orientation model, or no time left: the low-confidence warning stands
    if found is None or found.turn == 0 or found.confidence < MIN_TURN_CONFIDENCE:
        return None
    upright = turned(gray, found.turn)
    straight, angle = deskew(upright)
    try:
        again = _read_page(straight, angle, options, engine, dpi, deadline, first_reading=False)
    except ExtractionTimeoutError:
        return None
    if again.confidence is None or again.confidence <= (result.confidence or 0.0):
        return None
    back = then(unrotation(angle, upright.size, straight.size), unturn(found.turn, gray.size))
    how = "upside down" if found.turn == 180 else "sideways"
    return replace(
        again,
        skew=result.skew,
        warnings=(f"the page was scanned {how}: read turned by {found.turn}° clockwise", *again.warnings),
        words=tuple(moved_word(w, back) for w in again.words),
        image_size=gray.size,
        word_boxes=tuple(moved_box(b, back) for b in again.word_boxes),
    )


def _read_page(
    gray: Image.Image,
    angle: float,
    options: ExtractOptions,
    engine: OcrEngine,
    dpi: int | None,
    deadline: float,
    first_reading: bool = True,
) -> OcrResult:
    """The words of ``gray`` (the page straightened by ``angle``), checked, repaired and in reading order."""
    gray = even_ground(gray)
    ink = ink_mask(gray)
    if not ink.any():  # a blank page: nothing to read, no need to start the engine
        return OcrResult(text="", confidence=None, skew=angle, recovered_regions=0, image_size=gray.size)
    languages = options.ocr_languages
    # the first reading of a page has the page's whole time: a timeout names the user's setting
    first = options.ocr_timeout if first_reading else deadline - time.monotonic()
    read = engine.read(gray, languages=languages, psm=FULL_PAGE_PSM, timeout=first, dpi=dpi)
    words = restore_bullets(drop_scrawls(drop_noise(drop_blobs(drop_phantoms(read, ink), ink))), ink)
    paragraphs = top_to_bottom(group_paragraphs(words))
    warnings: list[str] = []

    recovered = unread = 0
    regions = uncovered_regions(ink, words)
    for i, box in enumerate(regions):
        if nothing_to_read(ink, box, words):
            continue
        remaining = deadline - time.monotonic()
        try:
            found = recover_region(
                gray, ink, box, words, engine=engine, languages=languages, dpi=dpi, timeout=remaining, block_id=-(i + 1)
            )
        except ExtractionTimeoutError:
            warnings.append(f"OCR time ran out before {len(regions) - i} missed text region(s) could be re-read")
            break
        for par in found:
            paragraphs = insert_paragraphs(paragraphs, par)
            words = [*words, *(w for line in par for w in line)]
        recovered += bool(found)
        unread += not found
    if unread:
        warnings.append(
            f"{unread} region(s) of the page with ink could not be read as text (a signature, a stamp "
            "or a picture, or text lost to the scan): check the page"
        )
    if recovered:
        warnings.append(
            f"Tesseract's page layout skipped {recovered} text region(s); re-read them as plain blocks (--psm 6)"
        )

    confidence = round(float(np.mean([w.conf for w in words])), 1) if words else None
    if confidence is not None and confidence < LOW_CONFIDENCE:
        warnings.append(
            f"low OCR confidence ({confidence:.0f} %): check the text; a sharper scan at 300 dpi would help"
        )
    reread_words, reread = reread_addresses(gray, words, engine=engine, dpi=dpi, timeout=deadline - time.monotonic())
    if reread:
        paragraphs = _with_words(paragraphs, words, reread_words)
        words = [w for w in reread_words if w is not None]
    paragraphs = columns_in_reading_order(rows_in_reading_order(paragraphs))
    text, repairs = repair_contacts(paragraphs_text(paragraphs), reread)
    warnings.extend(repairs)
    return OcrResult(
        text=text,
        confidence=confidence,
        skew=angle,
        recovered_regions=recovered,
        warnings=tuple(warnings),
        uncertain_words=tuple(w.text for w in words if w.conf < UNCERTAIN_WORD),
        words=tuple(w for par in paragraphs for line in par for w in line),
        image_size=gray.size,
        word_boxes=tuple((s, e, w.left, w.top, w.right, w.bottom) for s, e, w in paragraphs_spans(paragraphs)),
    )
