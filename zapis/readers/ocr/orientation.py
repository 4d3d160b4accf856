"""Pages scanned sideways or upside down: turned upright for reading, their words put back.

A page fed into the scanner the wrong way reads as garbage with a low confidence (the Czech
model sees letters upside down as other letters).  Only such a page is asked which way up
it is (Tesseract's orientation model, a third of a second), turned by a lossless quarter
turn and read again; the words found are mapped back onto the image that was given, so
their boxes, the searchable copy and the provenance stay in the page's own coordinates.
"""

from __future__ import annotations

from dataclasses import replace

from PIL import Image

from zapis.readers.ocr.layer import PointMap
from zapis.readers.ocr.words import Word

# how far the page is turned clockwise → Pillow's transpose that turns it so (Pillow counts anticlockwise)
_TRANSPOSE = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
MIN_TURN_CONFIDENCE = 5.0  # Tesseract's orientation confidence: 15–16 on a clear page, under 2 on noise


def turned(image: Image.Image, turn: int) -> Image.Image:
    """``image`` turned clockwise by ``turn`` degrees (90, 180 or 270): exact, no resampling."""
    return image.transpose(_TRANSPOSE[turn])


def unturn(turn: int, size: tuple[int, int]) -> PointMap:
    """Points of ``turned(image, turn)`` → points of ``image`` (of ``size``), on pixel edges."""
    w, h = size
    if turn == 90:
        return lambda x, y: (y, h - x)
    if turn == 180:
        return lambda x, y: (w - x, h - y)
    if turn == 270:
        return lambda x, y: (w - y, x)
    return lambda x, y: (x, y)


def then(first: PointMap, second: PointMap) -> PointMap:
    """``first``, then ``second``."""
    return lambda x, y: second(*first(x, y))


def _box(back: PointMap, left: float, top: float, right: float, bottom: float) -> tuple[int, int, int, int]:
    corners = [back(x, y) for x, y in ((left, top), (right, top), (left, bottom), (right, bottom))]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))


def moved_word(word: Word, back: PointMap) -> Word:
    """``word`` with its box mapped by ``back`` (still upright: the box of the turned box)."""
    left, top, right, bottom = _box(back, word.left, word.top, word.right, word.bottom)
    return replace(word, left=left, top=top, width=right - left, height=bottom - top)


def moved_box(span_box: tuple[int, int, int, int, int, int], back: PointMap) -> tuple[int, int, int, int, int, int]:
    """A (start, end, left, top, right, bottom) word box with its box mapped by ``back``."""
    start, end, *box = span_box
    return (start, end, *_box(back, *box))
