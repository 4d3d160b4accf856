"""Is a PDF page's text layer usable, or should the page be OCRed instead?

Each rule is a small pure function returning a reason (shown to the user in the warning
"page N: <reason>; used OCR") or None. :func:`text_layer_problem` applies them in order.

Thresholds were set on Czech and English minutes: real text sits far from every threshold,
so a page is only sent to OCR (slow, slightly lossy) when its text layer is clearly broken.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import cache

from zapis.lang import words as lang_words

# A page "has" a text layer only with a few words of it: a scanned page often carries a
# stamp such as "Scanned by …" or a page number as real text over the image.
MIN_LETTERS = 20
# A page-sized scan with a partial or stray text layer: fewer letters than one short
# paragraph over images covering at least half of the page.
SPARSE_LETTERS = 150
MOSTLY_IMAGE = 0.5
# Text drawn as vector outlines has no text layer at all but thousands of path items; a
# page of tables or a chart has tens to a few hundred.
VECTOR_TEXT_PATHS = 500

# Unmapped glyphs. A few are normal (bullets from symbol fonts come out as "(cid:127)" or
# U+FFFD); once they are 5 % of the characters, words are missing letters.
MAX_UNMAPPED_FRACTION = 0.05
# Private-use code points: symbol fonts map bullets there; a text layer made mostly of
# them comes from a font whose glyphs were never given Unicode values.
MAX_PRIVATE_USE_FRACTION = 0.3

# Vowels: in Czech and English prose 38–45 % of letters are vowels (y counts in both). A
# font without a usable ToUnicode map yields glyph ids read as characters: letters shifted
# by a constant ("Zápis" → "=£SLV"), i.e. near-random letters with ~20–25 % vowels, and many
# "words" with no vowel at all. Czech does have vowel-less words (vlk, prst, smrt, čtvrt),
# but they are a few per cent of words, never a third.
MIN_LETTERS_FOR_VOWELS = 60  # fewer letters vary too much (one list of names)
MIN_VOWEL_RATIO = 0.28
MIN_WORDS_FOR_VOWELS = 8
MAX_VOWELLESS_WORDS = 0.3
MAX_ABBREVIATION = 4  # DPH, ZŠ, ČSSD, KDU
# Weaker evidence, enough only when a font also lacks a ToUnicode map: prose of ≥20 words
# always has some of the commonest function words; garbage or shifted text has none.
MIN_WORDS_FOR_COMMON = 20
MIN_COMMON_WORD_RATIO = 0.03
SUSPECT_VOWEL_RATIO = 0.33

VOWELS = frozenset("aeiouyáéěíóúůýäëïöüàèìòùâêîôû")

_CID = re.compile(r"\(cid:\d+\)")
_WORD = re.compile(r"[^\W\d_]+")


# Counting with regular expressions: these run on every page, and a Python loop over the
# characters of a page costs milliseconds.
_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s")
_BAD = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_VOWEL = re.compile(f"[{''.join(sorted(VOWELS))}]")
_NO_VOWELS = dict.fromkeys(map(ord, VOWELS))


def letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def _visible(text: str) -> int:
    return len(text) - len(_SPACE.findall(text))


def missing_text(text: str, image_coverage: float, vector_paths: int = 0) -> str | None:
    """No text (or a token amount) on a page whose content is images or outlined glyphs."""
    n = letters(text)
    if n < MIN_LETTERS and image_coverage > 0:
        return "no text layer (the page is an image, probably a scan)"
    if n < MIN_LETTERS and vector_paths >= VECTOR_TEXT_PATHS:
        return "no text layer (the text is drawn as vector outlines)"
    if n < SPARSE_LETTERS and image_coverage >= MOSTLY_IMAGE:
        return f"only {n} letters of text on a page that is mostly an image (a scan with a partial text layer?)"
    return None


def unmapped_glyphs(text: str) -> str | None:
    """Glyphs without Unicode: ``(cid:NN)`` (pdfplumber), U+FFFD and control characters (PyMuPDF)."""
    cids = len(_CID.findall(text))
    rest = _CID.sub("", text)
    bad = len(_BAD.findall(rest))
    total = cids + _visible(rest)
    if total and (cids + bad) / total > MAX_UNMAPPED_FRACTION:
        kinds = [k for k, n in (("(cid:NN) codes", cids), ("U+FFFD/control characters", bad)) if n]
        return f"{(cids + bad) / total:.0%} of the text layer is unmapped glyphs ({', '.join(kinds)})"
    return None


def private_use(text: str) -> str | None:
    total = _visible(text)
    pua = len(_PRIVATE_USE.findall(text))
    if total and pua / total > MAX_PRIVATE_USE_FRACTION:
        return f"{pua / total:.0%} of the text layer is private-use characters (a font without Unicode mapping)"
    return None


def vowel_stats(text: str) -> tuple[int, float, int, float]:
    """(letters, vowel ratio, words of ≥3 letters, share of those words without a vowel).

    Short all-caps words are left out: abbreviations (DPH, ZŠ, ČSSD) have no vowels. Long
    all-caps words stay: shifted glyph ids often turn lowercase text into capitals.
    """
    words = [w for w in _WORD.findall(text) if not (w.isupper() and 1 < len(w) <= MAX_ABBREVIATION)]
    joined = "".join(words).lower()
    # the vowels counted as the characters a translation without them drops: one pass in C
    vowel_ratio = (len(joined) - len(joined.translate(_NO_VOWELS))) / len(joined) if joined else 0.0
    words = [w.lower() for w in words if len(w) >= 3]
    vowelless = sum(1 for w in words if not _VOWEL.search(w))
    return len(joined), vowel_ratio, len(words), (vowelless / len(words) if words else 0.0)


VowelStats = tuple[int, float, int, float]


def too_few_vowels(text: str, stats: VowelStats | None = None) -> str | None:
    n, ratio, nwords, vowelless = stats or vowel_stats(text)
    if n >= MIN_LETTERS_FOR_VOWELS and ratio < MIN_VOWEL_RATIO:
        return f"the text layer looks garbled (only {ratio:.0%} vowels; Czech or English text has ~40 %)"
    if nwords >= MIN_WORDS_FOR_VOWELS and vowelless > MAX_VOWELLESS_WORDS:
        return f"the text layer looks garbled ({vowelless:.0%} of words have no vowel)"
    return None


def common_word_ratio(text: str) -> tuple[int, float]:
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return 0, 0.0
    common = _common_words()
    return len(words), sum(1 for w in words if w in common) / len(words)


@cache
def _common_words() -> frozenset[str]:
    """Function words of Czech and English (czech.toml): prose always has some."""
    return frozenset(w.lower() for w in lang_words("czech", "common_words"))


def reads_wrong(text: str, stats: VowelStats | None = None) -> bool:
    """Text that does not read as words: weak evidence alone, enough with a font without ToUnicode."""
    nwords, common = common_word_ratio(text)
    _, ratio, _, _ = stats or vowel_stats(text)
    return (nwords >= MIN_WORDS_FOR_COMMON and common < MIN_COMMON_WORD_RATIO) or (
        letters(text) >= MIN_LETTERS_FOR_VOWELS and ratio < SUSPECT_VOWEL_RATIO
    )


def missing_tounicode(text: str, fonts_without_tounicode: Sequence[str]) -> str | None:
    """Fonts without a ToUnicode map *and* text that reads wrong (either alone is common and harmless)."""
    if not fonts_without_tounicode or not reads_wrong(text):
        return None
    fonts = _font_names(fonts_without_tounicode)
    return f"font(s) {fonts} have no ToUnicode map and the text layer does not read as words"


# The names of a page's fonts without ToUnicode map, or a function giving them: called only when
# they can change the verdict (reading a page's fonts costs more than judging its text).
FontNames = Sequence[str] | Callable[[], Sequence[str]]


def text_layer_problem(
    text: str,
    *,
    image_coverage: float = 0.0,
    vector_paths: int = 0,
    fonts_without_tounicode: FontNames = (),
) -> str | None:
    """Why this page's text layer should not be used (then OCR it), or None if it is fine.

    ``image_coverage``: share of the page area covered by images (0–1); ``vector_paths``:
    number of drawing paths on the page (only needed when the text is empty);
    ``fonts_without_tounicode``: names of the page's fonts that have no ToUnicode map (or a
    function giving them, called only when they matter).
    """
    if (reason := missing_text(text, image_coverage, vector_paths)) is not None:
        return reason
    if _visible(text) < MIN_LETTERS:
        return None  # a blank or nearly blank page: nothing to judge, nothing to OCR

    def fonts() -> Sequence[str]:
        return fonts_without_tounicode() if callable(fonts_without_tounicode) else fonts_without_tounicode

    stats: VowelStats | None = None
    reason = unmapped_glyphs(text) or private_use(text)
    if reason is None:
        stats = vowel_stats(text)  # once, for both rules that read it
        reason = too_few_vowels(text, stats)
    if reason is not None:
        if names := fonts():
            reason += f" (font(s) {_font_names(names)} have no ToUnicode map)"
        return reason
    if not reads_wrong(text, stats):
        return None  # what missing_tounicode would find, whatever the fonts
    return missing_tounicode(text, fonts())


def _font_names(fonts: Sequence[str]) -> str:
    names = sorted({" ".join(f.split()) or "?" for f in fonts})  # PDF names may hold any byte
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


# Reading order: a PDF's content stream may draw text in any order. PyMuPDF keeps that
# order inside its text blocks, so a producer that draws words right-to-left or lines
# bottom-to-top yields scrambled text. Counted over consecutive lines of the output:
# an "inversion" is a line that starts more than half a line above the previous one in the
# same column, or a line entirely left of the previous one in the same row. Correct text
# has at most a couple (a header drawn last, a column break), so the order is "broken" only
# with ≥3 inversions that are also ≥20 % of the line pairs.
MIN_INVERSIONS = 3
MAX_INVERSION_SHARE = 0.2

BBox = tuple[float, float, float, float]  # x0, y0, x1, y1 (y grows downwards)


def is_inversion(prev: BBox, cur: BBox) -> bool:
    p_h = max(prev[3] - prev[1], 1e-6)
    c_h = max(cur[3] - cur[1], 1e-6)
    v_overlap = min(prev[3], cur[3]) - max(prev[1], cur[1])
    same_row = v_overlap >= 0.5 * min(p_h, c_h)
    if same_row:
        return cur[2] <= prev[0] + 0.1 * c_h  # wholly to the left: the row is read backwards
    same_column = min(prev[2], cur[2]) > max(prev[0], cur[0])
    return same_column and cur[1] < prev[1] - 0.5 * p_h


def reading_order_problem(lines: Sequence[BBox]) -> str | None:
    """Why the line order of a page's extracted text is evidently wrong, or None."""
    pairs = len(lines) - 1
    if pairs < 1:
        return None
    inversions = sum(is_inversion(a, b) for a, b in itertools.pairwise(lines))
    if inversions >= MIN_INVERSIONS and inversions / pairs >= MAX_INVERSION_SHARE:
        return f"PyMuPDF's reading order is scrambled ({inversions} of {pairs} lines go backwards)"
    return None
