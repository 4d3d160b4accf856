"""Scanned images (PNG, JPEG, TIFF incl. multi-page): one OCRed page per image frame."""

from __future__ import annotations

import io
import re
import warnings as pywarnings
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from PIL import Image, ImageOps, UnidentifiedImageError

from zapis.document import Page, PageWord
from zapis.errors import CorruptFileError, TooLargeError
from zapis.readers.base import Reading
from zapis.readers.ocr import place_words, scaled, unrotation
from zapis.readers.ocr_queue import OcrQueue
from zapis.readers.options import ExtractOptions

if TYPE_CHECKING:
    from zapis.readers.ocr import OcrResult


def read(data: bytes, options: ExtractOptions) -> Reading:
    """OCR every frame of an image file given as bytes."""
    pages: list[Page] = []
    warnings: list[str] = []
    with _open(data, options) as image:
        count = getattr(image, "n_frames", 1)
        if count > options.max_pages:
            raise TooLargeError(
                f"image has {count} pages (frames), more than the limit of {options.max_pages}; "
                "raise it with --max-pages"
            )
        with OcrQueue(options, count) as ocr:
            results, sizes, dpis = [], [], []
            for index in range(count):
                frame = _load_frame(image, index, options)
                sizes.append(frame.size)
                dpis.append(page_dpi(frame))
                results.append(ocr.submit(frame))
            for index, finish in enumerate(results):
                result = finish()
                number = index + 1
                prefix = f"page {number}: " if count > 1 else ""
                warnings.extend(prefix + w for w in result.warnings)
                # the words back on the frame as it is (not straightened), in points
                to_page = scaled(unrotation(result.skew, sizes[index], result.image_size), 72 / dpis[index])
                page = _page(number, result, _points_per_pixel(sizes[index], dpis[index]))
                pages.append(replace(page, ocr_words=place_words(result.words, to_page)))
    return Reading(pages, warnings)


DEFAULT_DPI = 300  # what a scan without a (believable) resolution in its file is taken to have


def page_dpi(frame: Image.Image) -> float:
    """The resolution a frame was scanned at, for the size of its page in a searchable copy."""
    dpi = frame.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        return DEFAULT_DPI
    return value if 70 <= value <= 2400 else DEFAULT_DPI


def frames(data: bytes, options: ExtractOptions) -> Iterator[Image.Image]:
    """Every frame of an image file, upright (EXIF orientation applied), as the OCR read them."""
    with _open(data, options) as image:
        for index in range(getattr(image, "n_frames", 1)):
            yield _load_frame(image, index, options)


def _points_per_pixel(size: tuple[int, int], dpi: float) -> tuple[float, tuple[float, float]]:
    """Points per pixel of a frame scanned at ``dpi``, and its size in points."""
    scale = 72 / dpi
    return scale, (size[0] * scale, size[1] * scale)


def _page(number: int, result: OcrResult, scale: tuple[float, tuple[float, float]]) -> Page:
    """The OCR result as a page, word boxes in points (of the straightened image)."""
    k, size = scale
    words = tuple(PageWord(s, e, (x0 * k, y0 * k, x1 * k, y1 * k)) for s, e, x0, y0, x1, y1 in result.word_boxes)
    return Page(number, result.text, "ocr", "tesseract", result.confidence, result.uncertain_words, words, size)


def _open(data: bytes, options: ExtractOptions) -> Image.Image:
    try:
        with pywarnings.catch_warnings():
            # Pillow warns above its own pixel limit; ours (checked below) is the one that counts.
            pywarnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only: no pixels decoded yet
    except Image.DecompressionBombError as e:
        # Pillow refuses before we see the size (above 2× its own limit, ~179 Mpx).
        raise TooLargeError(_bomb_reason(data, str(e))) from e
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as e:
        raise CorruptFileError("corrupt or unsupported image: it cannot be decoded; re-scan or re-export it") from e
    _check_size(image, options)
    return image


def _check_size(image: Image.Image, options: ExtractOptions) -> None:
    # Checked on the header, before decoding: a 20000 × 20000 PNG compresses to a few KB but
    # needs 400 MB (1.6 GB as RGBA) once decoded.
    width, height = image.size
    if width * height > options.max_image_pixels:
        raise TooLargeError(_too_large(f"{width} × {height} px", f"the limit of {options.max_image_pixels:,} px"))


def _too_large(size: str, limit: str) -> str:
    return f"image of {size} is larger than {limit} (a decompression bomb?); scale it down to 300 dpi"


def _bomb_reason(data: bytes, message: str) -> str:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        return _too_large(f"{width} × {height} px", "Pillow's safety limit")
    pixels = re.search(r"\((\d+) pixels\)", message)
    return _too_large(f"{int(pixels.group(1)):,} px" if pixels else "unknown size", "Pillow's safety limit")


def _load_frame(image: Image.Image, index: int, options: ExtractOptions) -> Image.Image:
    try:
        image.seek(index)
        _check_size(image, options)  # each TIFF frame has its own size
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
        dpi = image.info.get("dpi")
        # Phones store the page's orientation in EXIF instead of rotating the pixels.
        frame = ImageOps.exif_transpose(image)
    except Image.DecompressionBombError as e:
        raise TooLargeError(_bomb_reason(b"", str(e))) from e
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        raise CorruptFileError(
            f"corrupt or truncated image (page {index + 1} cannot be decoded: {e}); re-scan or re-export it"
        ) from e
    if dpi:
        frame.info["dpi"] = dpi
    return frame
