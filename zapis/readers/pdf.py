"""PDF files: the text layer page by page, OCR for pages whose text layer is missing or garbage.

Per page, in order:

1. text layer with PyMuPDF (default) or pdfplumber (``engine="pdfplumber"``);
2. PyMuPDF keeps the content stream's order inside its text blocks; when that order is
   evidently scrambled (:func:`zapis.readers.quality.reading_order_problem`) the page's text
   is taken from pdfplumber, which rebuilds lines purely from glyph positions;
3. the text is judged (:func:`zapis.readers.quality.text_layer_problem`); if PyMuPDF's text
   is unusable, pdfplumber's is tried (it decodes some fonts without ToUnicode maps through
   the embedded font's own cmap), and if that is unusable too the page is rendered and OCRed.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pymupdf
from PIL import Image

from zapis.document import Page, PageWord
from zapis.errors import CorruptFileError, EncryptedFileError, TooLargeError
from zapis.readers.base import Reading
from zapis.readers.ocr_queue import OcrQueue
from zapis.readers.options import ExtractOptions
from zapis.readers.quality import (
    MIN_LETTERS,
    SPARSE_LETTERS,
    BBox,
    letters,
    reading_order_problem,
    text_layer_problem,
)

# MuPDF prints repair messages straight to stderr; we collect them instead (see
# _page_damage) and report in our own words.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

# MuPDF messages that mean a page's content could not be (fully) read: a truncated or
# damaged file, not a harmless font quirk.
DAMAGE_MARKERS = (
    "cannot load content stream",
    "premature end",
    "object is not a stream",
    "ignoring broken object",
    "read error",
)
# Blocks whose tops differ by at most this many points are one row (a table row, a label and
# its value); pdfplumber uses the same tolerance for its lines.
ROW_TOLERANCE = 3.0
# A gap between lines wider than the page's usual gap (its median) by ≥0.3 line height is
# a paragraph break, written as a blank line as in OCR output. Word's "space after" of 6 pt
# on 12 pt text is 0.5 line height; ordinary line spacing varies by far less than 0.3.
PARAGRAPH_GAP = 0.3
# Encodings that give every glyph a known Unicode value even without a ToUnicode map.
STANDARD_ENCODINGS = {"WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding", "MacExpertEncoding"}


def read(data: bytes, options: ExtractOptions) -> Reading:
    """Pages of text, warnings and link URIs of a PDF given as bytes."""
    doc = open_pdf(data, options)
    warnings: list[str] = []
    if doc.is_repaired:
        warnings.append("the PDF's internal structure was damaged and has been repaired; check that no text is missing")
    plumber = _Plumber(data, options.password)
    fonts = _FontCache(doc)
    pages: list[Page] = []
    links: list[str] = []
    try:
        with OcrQueue(options, doc.page_count) as ocr:
            # pages needing OCR are read in parallel threads; results are collected in page order
            pending = [_extract_page(doc, index, options, plumber, fonts, ocr) for index in range(doc.page_count)]
            for index, finish in enumerate(pending):
                page, page_warnings = finish()
                pages.append(page)
                warnings.extend(page_warnings)
                for uri in page_links(doc[index]):
                    if uri not in links:
                        links.append(uri)
        if plumber.error:
            warnings.append(f"pdfplumber could not read this PDF ({plumber.error}); used PyMuPDF only")
    finally:
        plumber.close()
        doc.close()
    return Reading(pages, warnings, links)


def open_pdf(data: bytes, options: ExtractOptions) -> pymupdf.Document:
    """The opened, unlocked document, or the error a user can act on."""
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as e:  # pymupdf.FileDataError is a RuntimeError
        raise CorruptFileError("corrupt or truncated PDF: it cannot be opened; re-export or re-scan it") from e
    if doc.needs_pass:
        if not options.password:
            doc.close()
            raise EncryptedFileError("encrypted PDF: pass --password to open it")
        if not doc.authenticate(options.password):
            doc.close()
            raise EncryptedFileError("encrypted PDF: wrong password (check --password)")
    if doc.page_count == 0:
        doc.close()
        raise CorruptFileError("corrupt or truncated PDF: no pages could be found; re-export or re-scan it")
    if doc.page_count > options.max_pages:
        n = doc.page_count
        doc.close()
        raise TooLargeError(f"PDF has {n} pages, more than the limit of {options.max_pages}; raise it with --max-pages")
    return doc


@dataclass
class _PageFacts:
    """What the quality rules need to know about a page besides its text (computed lazily)."""

    image_coverage: float = 0.0
    vector_paths: int = 0
    # the names of the page's fonts without ToUnicode map, read from the page when first asked for
    fonts_without_tounicode: Callable[[], list[str]] = list


PageResult = Callable[[], tuple[Page, list[str]]]


def _done(page: Page, warnings: list[str]) -> PageResult:
    return lambda: (page, warnings)


def _extract_page(
    doc: pymupdf.Document, index: int, options: ExtractOptions, plumber: _Plumber, fonts: _FontCache, ocr: OcrQueue
) -> PageResult:
    """The page's text, or an OCR job under way for it: call the result to get (page, warnings)."""
    number = index + 1
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    page = doc[index]
    # Always parsed with PyMuPDF (milliseconds): its parse is also what reveals a damaged page.
    text, lines, words = pymupdf_text(page)
    size = (page.rect.width, page.rect.height)
    _check_damage(number)
    if options.force_ocr:
        return _ocr_page(page, number, options, ocr, reason=None, warnings=[])

    warnings: list[str] = []
    engine = "pymupdf"
    if options.engine == "pdfplumber":
        if (alt := plumber.text(index)) is not None:
            (text, words), engine = alt, "pdfplumber"
    elif (order := reading_order_problem(lines)) is not None and (alt := plumber.text(index)) is not None:
        (text, words), engine = alt, "pdfplumber"
        warnings.append(f"page {number}: {order}; used pdfplumber's text")

    facts = _page_facts(page, text, fonts)
    problem = _judge(text, facts)
    if problem is not None and engine == "pymupdf":
        alt = plumber.text(index)
        if alt is not None and _judge(alt[0], facts) is None:
            warnings.append(f"page {number}: {problem} in PyMuPDF's text; pdfplumber's text is fine, used it")
            return _done(Page(number, alt[0], "text-layer", "pdfplumber", words=alt[1], size=size), warnings)
    if problem is not None:
        return _ocr_page(page, number, options, ocr, reason=problem, warnings=warnings)
    return _done(Page(number, text, "text-layer", engine, words=words, size=size), warnings)


def _judge(text: str, facts: _PageFacts) -> str | None:
    return text_layer_problem(
        text,
        image_coverage=facts.image_coverage,
        vector_paths=facts.vector_paths,
        fonts_without_tounicode=facts.fonts_without_tounicode,
    )


def _check_damage(number: int) -> None:
    messages = [m for m in pymupdf.TOOLS.mupdf_warnings().splitlines() if m.strip()]
    damage = [m for m in messages if any(marker in m for marker in DAMAGE_MARKERS)]
    if damage:
        raise CorruptFileError(
            f"corrupt or truncated PDF: page {number} cannot be read ({damage[0]}); re-export or re-scan it"
        )


def _page_facts(page: pymupdf.Page, text: str, fonts: _FontCache) -> _PageFacts:
    facts = _PageFacts(fonts_without_tounicode=functools.cache(lambda: fonts.without_tounicode(page)))
    n = letters(text)
    if n >= SPARSE_LETTERS:
        return facts  # enough text: image coverage cannot change the verdict, skip the work
    # get_images() only reads the page's resource dictionary (cheap). Near-empty pages get
    # the content-stream walk too, which also finds inline images and vector outlines.
    if n < MIN_LETTERS or page.get_images(full=False):
        facts.image_coverage = image_coverage(page)
    if n < MIN_LETTERS and facts.image_coverage == 0:
        facts.vector_paths = len(page.get_cdrawings())
    return facts


def image_coverage(page: pymupdf.Page) -> float:
    """Share of the page area covered by images (overlaps counted twice, capped at 1)."""
    area = abs(page.rect)
    if not area:
        return 0.0
    covered = 0.0
    for info in page.get_image_info():
        rect = pymupdf.Rect(info["bbox"]) & page.rect
        covered += abs(rect)
    return min(1.0, covered / area)


class _FontCache:
    """Fonts whose glyphs have no reliable Unicode value, looked up once per font xref."""

    def __init__(self, doc: pymupdf.Document) -> None:
        self.doc = doc
        self.risky: dict[int, bool] = {}

    def without_tounicode(self, page: pymupdf.Page) -> list[str]:
        names = []
        for xref, _ext, ftype, basefont, _name, encoding, *_ in page.get_fonts(full=True):
            if xref not in self.risky:
                self.risky[xref] = self._is_risky(xref, ftype, encoding)
            if self.risky[xref]:
                names.append(basefont.split("+")[-1] or f"font {xref}")
        return names

    def _is_risky(self, xref: int, ftype: str, encoding: str) -> bool:
        if xref <= 0:
            return False
        kind, _value = self.doc.xref_get_key(xref, "ToUnicode")
        if kind != "null":
            return False
        # Without ToUnicode, simple fonts with a standard encoding still map every code to a
        # known character (e.g. Helvetica/WinAnsi); CID (Type0) fonts map to glyph ids and
        # Type3 or custom-encoded fonts to arbitrary names: those produce garbage.
        return ftype in ("Type0", "Type3") or encoding not in STANDARD_ENCODINGS


def pymupdf_text(page: pymupdf.Page) -> tuple[str, list[BBox], tuple[PageWord, ...]]:
    """The page's text with PyMuPDF, the boxes of its lines in output order, and its words.

    Blocks are ordered top to bottom, blocks in one row left to right (PyMuPDF's own
    ``sort=True`` orders by block *bottom*, which puts a tall table cell after its row's
    neighbours and a short right-hand block before a tall left-hand one). Lines inside a
    block keep PyMuPDF's order, which is what :func:`reading_order_problem` judges. The words
    (PyMuPDF's word boxes of the same text page) carry their characters' place in the text.
    """
    # one text page for all views: building it is most of PyMuPDF's work
    textpage = page.get_textpage(flags=pymupdf.TEXTFLAGS_TEXT)
    by_line: dict[tuple[int, int], list[tuple[str, BBox]]] = {}
    for x0, y0, x1, y1, word, block_no, line_no, _ in textpage.extractWORDS():
        by_line.setdefault((block_no, line_no), []).append((word, (x0, y0, x1, y1)))
    blocks = _text_blocks(textpage, by_line)
    lines: list[tuple[str, BBox]] = []
    line_words: list[list[tuple[str, BBox]]] = []
    for block in _order_blocks(blocks):
        for n, (text, box) in enumerate(block.lines):
            if text := text.strip():
                lines.append((text, box))
                line_words.append(by_line.get((block.number, n), []))
    joined, starts = _join_lines(lines)
    words: list[PageWord] = []
    for (text, _), found, start in zip(lines, line_words, starts, strict=True):
        words += place_words(text, found, start)
    return joined, [bbox for _, bbox in lines], tuple(words)


@dataclass(frozen=True)
class _Block:
    bbox: BBox
    number: int
    lines: list[tuple[str, BBox]]  # each line's text and box


def _text_blocks(textpage: pymupdf.TextPage, by_line: dict[tuple[int, int], list[tuple[str, BBox]]]) -> list[_Block]:
    """The text blocks, each line's text with the box of its words.  The text page's block
    tuples hold the lines' texts, as its dictionary does, at a fraction of the dictionary's
    cost (a Python dict for every line and span, with fonts, colours and origins). A
    letter-spaced line is rebuilt from its words, whose gaps tell letters from words."""
    blocks = []
    for x0, y0, x1, y1, text, number, kind in textpage.extractBLOCKS():
        if kind != 0:
            continue
        lines = []
        for n, line in enumerate(text.split("\n")[:-1]):  # every line ends in a newline
            words = by_line.get((number, n))
            box = (x0, y0, x1, y1)  # a line of spaces has no words and, stripped, is not kept
            if words:
                box = (
                    min(b[0] for _, b in words),
                    min(b[1] for _, b in words),
                    max(b[2] for _, b in words),
                    max(b[3] for _, b in words),
                )
                if _LETTER_SPACED.search(line):
                    line = _spaced_text(words)
            lines.append((line, box))
        blocks.append(_Block((x0, y0, x1, y1), number, lines))
    return blocks


def place_words(text: str, words: list[tuple[str, BBox]], offset: int = 0) -> list[PageWord]:
    """Words found in their order in ``text`` (one line of a page's text starting at ``offset``)."""
    if words and " ".join([w for w, _ in words]) == text:  # the usual line: its words one space apart
        starts = itertools.accumulate((len(w) + 1 for w, _ in words[:-1]), initial=offset)
        make = PageWord._make  # tuple.__new__ in C, not the named tuple's Python __new__
        return [make((start, start + len(w), box)) for start, (w, box) in zip(starts, words, strict=True)]
    out = []
    at = 0
    for word, box in words:
        start = text.find(word, at)
        if start < 0:
            continue  # a word the text spells otherwise (a glyph the line's text dropped)
        at = start + len(word)
        out.append(PageWord(offset + start, offset + at, box))
    return out


# "S L U Ž E B": letters with spaces between them
_LETTER_SPACED = re.compile(r"(?:(?<!\S)\w ){3,}\w(?!\S)")


def _spaced_text(words: list[tuple[str, BBox]]) -> str:
    """A letter-spaced line ("S L U Ž E B  R E G I O N U") rebuilt from its words (here single
    letters), with a double space where the gap is wider than the one between letters.

    Every letter of such a heading is followed by a space; between words stand two spaces or
    more, or a space set off by extra room: half as wide again as the narrowest gap on the line
    (a letter's space), and wider by more than a sixth of the type size. The double space lets
    the normalizer split the joined letters into words again.
    """
    gaps = [b[0] - a[2] for (_, a), (_, b) in itertools.pairwise(words)]
    narrowest = min(gaps, default=0.0)
    out = [words[0][0]]
    for (word, box), gap in zip(words[1:], gaps, strict=True):
        size = max(box[3] - box[1], 1.0)
        out += ["  " if gap > max(1.5 * narrowest, narrowest + size / 6) else " ", word]
    return "".join(out)


def _order_blocks(blocks: list[_Block]) -> list[_Block]:
    by_top = sorted(blocks, key=lambda b: (b.bbox[1], b.bbox[0]))
    ordered: list[_Block] = []
    row: list[_Block] = []
    for block in by_top:
        if row and block.bbox[1] - row[0].bbox[1] > ROW_TOLERANCE:
            ordered.extend(sorted(row, key=lambda b: b.bbox[0]))
            row = []
        row.append(block)
    ordered.extend(sorted(row, key=lambda b: b.bbox[0]))
    return ordered


def _join_lines(lines: list[tuple[str, BBox]]) -> tuple[str, list[int]]:
    """Lines joined by a space (same row), a newline, or a blank line (paragraph gap); and
    where each line starts in the joined text."""
    gaps = [b[1] - a[3] for (_, a), (_, b) in itertools.pairwise(lines) if b[1] > a[3] - 1]
    leading = max(0.0, statistics.median(gaps)) if gaps else 0.0
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    prev: BBox | None = None
    for text, box in lines:
        if prev is not None:
            height = max(prev[3] - prev[1], 1.0)
            overlap = min(prev[3], box[3]) - max(prev[1], box[1])
            if overlap >= 0.5 * min(height, box[3] - box[1]) and box[0] >= prev[2] - 1:
                sep = " "
            elif box[1] - prev[3] >= leading + PARAGRAPH_GAP * height:
                sep = "\n\n"
            else:
                sep = "\n"
            parts.append(sep)
            length += len(sep)
        starts.append(length)
        parts.append(text)
        length += len(text)
        prev = box
    return "".join(parts), starts


def page_links(page: pymupdf.Page) -> list[str]:
    return [link["uri"] for link in page.get_links() if link.get("uri")]


def _ocr_page(
    page: pymupdf.Page, number: int, options: ExtractOptions, ocr: OcrQueue, reason: str | None, warnings: list[str]
) -> PageResult:
    from zapis.readers.ocr import MIN_DESKEW, estimate_skew, has_colour

    warnings = [*warnings, f"page {number}: {reason}; used OCR"] if reason else list(warnings)
    # The skew is measured on a small rendering and corrected by rendering the page rotated:
    # one resampling of the scan instead of two, and no rotation of a 9-megapixel bitmap.
    # A page with a colour picture is previewed in colour: if it has coloured ink (a stamp) it is
    # OCRed from colour, so that the stamp can be told from the text under it.  Whether the
    # picture is in colour its header says, without decoding it.
    colour_images = any(info.get("colorspace", 1) >= 3 for info in page.get_image_info())
    preview, _ = render_page(page, options, dpi=SKEW_PREVIEW_DPI, max_pixels=SKEW_PREVIEW_PIXELS, colour=colour_images)
    colour = colour_images and has_colour(preview)
    gray = preview.convert("L") if colour_images else preview
    del preview
    angle = estimate_skew(gray)
    angle = angle if abs(angle) >= MIN_DESKEW else 0.0
    clip = ink_clip(page, gray)
    del gray
    # the budget is for the part rendered: a poster with one small notice keeps its resolution
    dpi = render_dpi(clip, options.ocr_dpi, options.max_page_pixels, angle)
    if dpi < options.ocr_dpi:
        size = f"{page.rect.width / 72 * 2.54:.0f} × {page.rect.height / 72 * 2.54:.0f} cm"
        small = "; small print may be lost" if dpi < 72 else ""
        warnings.append(
            f"page {number}: the page is huge ({size}); OCRed at {dpi:g} dpi instead of {options.ocr_dpi}{small}"
        )
    # the pages waiting for OCR stay within the pixel budget: a huge page waits for those before it
    ocr.reserve(_pixels(clip, dpi, angle) * (3 if colour else 1))  # RGB: three bytes a pixel
    image, dpi = render_page(page, options, rotate=angle, colour=colour, clip=clip)
    result = ocr.submit(image, skew=angle)
    to_page = pixels_to_page(page, _render_matrix(dpi, angle), clip)

    def finish() -> tuple[Page, list[str]]:
        from zapis.readers.ocr import place_words

        r = result()
        page_warnings = warnings + [f"page {number}: {w}" for w in r.warnings]
        size = (page.rect.width, page.rect.height)
        words = _page_words(r.word_boxes, page, dpi, angle, clip)
        placed = place_words(r.words, to_page)
        return (
            Page(number, r.text, "ocr", "tesseract", r.confidence, r.uncertain_words, words, size, placed),
            page_warnings,
        )

    return finish


def _page_words(
    boxes: tuple[tuple[int, int, int, int, int, int], ...],
    page: pymupdf.Page,
    dpi: float,
    rotate: float,
    clip: pymupdf.Rect,
) -> tuple[PageWord, ...]:
    """OCR word boxes (pixels of ``clip`` rendered at ``dpi``, rotated by ``rotate``) in page points."""
    back = _pixels_to_points(clip, _render_matrix(dpi, rotate))
    out = []
    for start, end, left, top, right, bottom in boxes:
        corners = [back(x, y) for x, y in ((left, top), (right, top), (left, bottom), (right, bottom))]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        out.append(PageWord(start, end, (min(xs), min(ys), max(xs), max(ys))))
    return tuple(out)


def _pixels_to_points(area: pymupdf.Rect, matrix: pymupdf.Matrix) -> Callable[[float, float], tuple[float, float]]:
    """Pixels of ``page.get_pixmap(matrix=matrix, clip=area)`` → the page's points, in plain arithmetic:
    a page has hundreds of words, and PyMuPDF's Point objects cost ~20 µs each."""
    origin = (area * matrix).irect  # a pixmap starts at its bounding box's corner
    a, b, c, d, e, f = tuple(~matrix)
    ox, oy = origin.x0, origin.y0

    def back(x: float, y: float) -> tuple[float, float]:
        x, y = x + ox, y + oy
        return x * a + y * c + e, x * b + y * d + f

    return back


SKEW_PREVIEW_DPI = 75  # an A4 page 620 px wide: the skew of the sample scans comes out as at 150 dpi
# (within 0.05°), and the preview and its skew search cost a third as much (a 200 dpi JPEG is then
# decoded at half its size); the colour check sees a stamp as well as at 150 dpi
# On the preview, anything darker than this is ink for the clip (pale print, a faint stamp included).
CLIP_INK = 200
CLIP_MARGIN = 18.0  # points (¼ inch) around the ink: Tesseract misreads glyphs that touch the image's edge
CLIP_WORTHWHILE = 0.95  # a clip holding more of the page than this is not worth a layout of its own
SKEW_PREVIEW_PIXELS = 1_000_000  # twice an A4 page at 75 dpi: enough to measure the skew of any page


def ink_clip(page: pymupdf.Page, preview: Image.Image) -> pymupdf.Rect:
    """The part of the page with ink on ``preview`` (the page rendered straight, in grey), with a margin:
    what is rendered for OCR.  Blank margins cost the render, the ink mask, the coverage check
    and Tesseract's layout their share of the page's pixels and hold nothing to read."""
    dark = preview.point([255] * CLIP_INK + [0] * (256 - CLIP_INK))
    box = dark.getbbox()
    if box is None:
        return page.rect  # a blank page: rendered whole, and found blank
    back = _pixels_to_points(
        page.rect, pymupdf.Matrix(preview.width / page.rect.width, preview.height / page.rect.height)
    )
    (x0, y0), (x1, y1) = back(box[0], box[1]), back(box[2], box[3])
    clip = pymupdf.Rect(x0 - CLIP_MARGIN, y0 - CLIP_MARGIN, x1 + CLIP_MARGIN, y1 + CLIP_MARGIN) & page.rect
    return clip if abs(clip) < CLIP_WORTHWHILE * abs(page.rect) else page.rect


def _pixels(area: pymupdf.Rect, dpi: float, rotate: float = 0.0) -> float:
    """Pixels of ``area`` rendered at ``dpi``, rotated by ``rotate`` degrees (its bounding box)."""
    w, h = area.width / 72 * dpi, area.height / 72 * dpi
    c, s = abs(math.cos(math.radians(rotate))), abs(math.sin(math.radians(rotate)))
    return (w * c + h * s) * (w * s + h * c)


def render_dpi(area: pymupdf.Rect, dpi: float, max_pixels: int, rotate: float = 0.0) -> float:
    """``dpi``, or less when ``area`` (a page or a part of it) would have more than ``max_pixels``
    at it: the cap holds for any page size, below 72 dpi if need be (a poster-sized page).
    Refuses an area too large to render at 1 dpi."""
    pixels = _pixels(area, dpi, rotate)
    if pixels <= max_pixels:
        return dpi
    fitted = dpi * (max_pixels / pixels) ** 0.5
    fitted = float(int(fitted)) if fitted >= 2 else math.floor(fitted * 100) / 100  # rounded down: within the cap
    if fitted < 1:
        size = f"{area.width:.0f} × {area.height:.0f} pt"
        raise TooLargeError(f"a page of {size} is too large to render for OCR, even at 1 dpi")
    return fitted


def render_page(
    page: pymupdf.Page,
    options: ExtractOptions,
    dpi: float | None = None,
    rotate: float = 0.0,
    max_pixels: int | None = None,
    colour: bool = False,
    clip: pymupdf.Rect | None = None,
) -> tuple[Image.Image, float]:
    """The page as an 8-bit grayscale (or RGB) image at ``options.ocr_dpi`` (less if that would
    be larger than ``options.max_page_pixels``), rotated counter-clockwise by ``rotate`` degrees;
    only ``clip`` (a part of the page) when given."""
    cap = min(max_pixels or options.max_page_pixels, options.max_page_pixels)
    dpi = render_dpi(page.rect if clip is None else clip, dpi or options.ocr_dpi, cap, rotate)
    mode = "RGB" if colour else "L"
    pix = page.get_pixmap(
        matrix=_render_matrix(dpi, rotate),
        colorspace=pymupdf.csRGB if colour else pymupdf.csGRAY,
        alpha=False,
        clip=clip,
    )
    image = Image.frombuffer(mode, (pix.width, pix.height), pix.samples, "raw", mode, pix.stride, 1)
    image.info["dpi"] = (dpi, dpi)
    return image, dpi


def _render_matrix(dpi: float, rotate: float) -> pymupdf.Matrix:
    matrix = pymupdf.Matrix(dpi / 72, dpi / 72)
    return matrix.prerotate(rotate) if rotate else matrix


def pixels_to_page(
    page: pymupdf.Page, matrix: pymupdf.Matrix, clip: pymupdf.Rect | None = None
) -> Callable[[float, float], tuple[float, float]]:
    """Pixels of ``page.get_pixmap(matrix=matrix, clip=clip)`` → points on the page (what its text
    layer is written in)."""
    back = _pixels_to_points(page.rect if clip is None else clip, matrix)
    left, top = page.rect.x0, page.rect.y0

    def to_page(x: float, y: float) -> tuple[float, float]:
        px, py = back(x, y)
        return px - left, py - top

    return to_page


class _Plumber:
    """pdfplumber, opened only if a page needs it; failures turn into "not available"."""

    def __init__(self, data: bytes, password: str | None) -> None:
        self.data = data
        self.password = password or ""
        self.pdf: Any = None
        self.error: str | None = None

    def text(self, index: int) -> tuple[str, tuple[PageWord, ...]] | None:
        """The page's text and its words, or None when pdfplumber cannot read the file."""
        if self.error is not None:
            return None
        try:
            if self.pdf is None:
                import pdfplumber

                self.pdf = pdfplumber.open(io.BytesIO(self.data), password=self.password)
            page = self.pdf.pages[index]
            text: str = page.extract_text(layout=False) or ""
            found = [(w["text"], (w["x0"], w["top"], w["x1"], w["bottom"])) for w in page.extract_words()]
            page.close()  # drop pdfplumber's per-page object cache: long PDFs otherwise grow RAM
            return text, tuple(place_words(text, found))
        except Exception as e:  # pdfminer raises many unrelated types on odd files
            self.error = " ".join(str(e).split())[:120] or type(e).__name__
            return None

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
