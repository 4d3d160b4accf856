"""E-mail addresses and phone numbers the OCR broke, repaired, and each repair said.

Tesseract's Czech model has no "@": it reads it as "©", "®", "&", "Q" or "(a)", sometimes
spaced off; and it splits a phone number where the print has a narrow gap ("6086 25 690").
Only what can be nothing else is repaired: a local part and a domain with a known top-level
domain around the misread sign (or, where the sign was lost or turned into letters, a word ending in a
domain re-read with the English model, which knows "@"); nine digits (after an optional +420) grouped irregularly on
a line that also has a contact label or an e-mail address. Every repair becomes a warning
with the text before and after, so a reader can check it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from PIL import Image

from zapis.errors import ExtractionTimeoutError, OCRError
from zapis.lang import phrases
from zapis.readers.ocr.engine import OcrEngine
from zapis.readers.ocr.words import Word, group_paragraphs

_TLD = r"(?:cz|sk|com|org|net|eu|info|gov|edu)"
_BROKEN_AT = re.compile(
    r"(?<![\w@.])([a-zA-Z0-9][\w.+-]*[a-zA-Z0-9])"  # local part
    r"(?:\s?(?:\(a\)|\(@\)|[©®&Q])\s?|\s@\s?|@\s)"  # the "@" as misread, or spaced off
    rf"([a-z0-9][\w-]*(?:\.[\w-]+)*\.{_TLD})\b"
)
_DIGIT_RUN = re.compile(r"(?<![\d/.,:-])(\+420 ?)?(\d(?:\d| (?=\d))*\d)(?![\d/.,:-])")
_PHONE_DIGITS = 9
_CANONICAL = re.compile(r"^(?:\d{9}|\d{3} \d{3} \d{3})$")


def repair_contacts(text: str, repaired: Sequence[str] = ()) -> tuple[str, list[str]]:
    """``text`` with its e-mail addresses and phone numbers repaired, and a warning listing the
    repairs (``repaired``: those already made on the words)."""
    repairs: list[str] = list(repaired)

    def at(m: re.Match[str]) -> str:
        fixed = f"{m.group(1)}@{m.group(2)}"
        repairs.append(f"'{m.group(0)}' → '{fixed}'")
        return fixed

    lines = [_BROKEN_AT.sub(at, line) for line in text.split("\n")]
    labels = phrases("minutes", "contacts", "labels")
    for i, line in enumerate(lines):
        if "@" not in line and labels.search(line) is None:
            continue

        def phone(m: re.Match[str]) -> str:
            digits = m.group(2).replace(" ", "")
            if len(digits) != _PHONE_DIGITS or digits[0] in "018" or _CANONICAL.match(m.group(2)):
                return m.group(0)
            fixed = (m.group(1) or "") + f"{digits[:3]} {digits[3:6]} {digits[6:]}"
            repairs.append(f"'{m.group(0)}' → '{fixed}'")
            return fixed

        lines[i] = _DIGIT_RUN.sub(phone, line)
    warnings = [f"OCR broke {len(repairs)} e-mail address(es) or phone number(s); repaired: {', '.join(repairs)}"]
    return "\n".join(lines), warnings if repairs else []


_ADDRESS_LIKE = re.compile(rf"^[(<\[]?[\w.+-]+[^\s\w.@]*[\w.-]*\.{_TLD}[)>\],.;:]*$")
_EMAIL = re.compile(rf"^[(<\[]?[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.{_TLD}[)>\],.;:]*$")
ADDRESS_LANGUAGES = "eng"  # the English model knows "@"; the Czech one has never seen it
ADDRESS_PSM = 6  # the crops stacked as one block, one line each
ADDRESS_GAP = 20  # px of paper between stacked crops


def broken_addresses(words: Sequence[Word]) -> list[int]:
    """Indexes of words that end in a domain but have no "@": e-mail addresses the OCR broke
    ("marie.dvorakovaeseznam.cz", "p.cerny©emesto.cz"), or plain domains (a re-read keeps those)."""
    return [
        i
        for i, w in enumerate(words)
        if "@" not in w.text and _ADDRESS_LIKE.match(w.text) and not w.text.lower().startswith(("www.", "http"))
    ]


_LOCAL_PART = re.compile(r"^[\w.+-]*\w$")


def _local_part_before(words: Sequence[Word], i: int) -> int | None:
    """The word before ``words[i]`` on its line when it can be the address's local part, split
    off by a misread "@" ("m.belocka Afokusliberec.cz")."""
    if i == 0:
        return None
    w, prev = words[i], words[i - 1]
    same_line = (prev.block, prev.par, prev.line) == (w.block, w.par, w.line)
    if same_line and w.left - prev.right <= w.height and _LOCAL_PART.match(prev.text) and "@" not in prev.text:
        return i - 1
    return None


def reread_addresses(
    page: Image.Image, words: Sequence[Word], *, engine: OcrEngine, dpi: int | None, timeout: float
) -> tuple[list[Word | None], list[str]]:
    """The words with broken e-mail addresses read again, all at once, with the English model;
    a local part the address was split from is None (it is now in the address)."""
    suspects = broken_addresses(words)
    if not suspects:
        return list(words), []
    spans = [(_local_part_before(words, i), i) for i in suspects]
    pad = 6
    crops = []
    for before, i in spans:
        first, w = words[before if before is not None else i], words[i]
        top, bottom = min(first.top, w.top), max(first.bottom, w.bottom)
        crops.append(page.crop((first.left - pad, top - pad, w.right + pad, bottom + pad)))
    width = max(c.width for c in crops) + 2 * ADDRESS_GAP
    height = sum(c.height + ADDRESS_GAP for c in crops) + ADDRESS_GAP
    sheet = Image.new("L", (width, height), 255)
    top = ADDRESS_GAP
    for crop in crops:
        sheet.paste(crop, (ADDRESS_GAP, top))
        top += crop.height + ADDRESS_GAP
    try:
        read = engine.read(sheet, languages=ADDRESS_LANGUAGES, psm=ADDRESS_PSM, timeout=timeout, dpi=dpi)
    except (OCRError, ExtractionTimeoutError):
        return list(words), []  # no English model, or no time: the text repair below still runs
    lines = [line for par in group_paragraphs(read) for line in par]
    if len(lines) != len(suspects):
        return list(words), []  # the re-read does not line up with the crops: trust neither
    out: list[Word | None] = list(words)
    repairs = []
    for (before, i), line in zip(spans, lines, strict=True):
        text = "".join(w.text for w in line)  # "m.belocka" "@fokusliberec.cz": one address
        if before is not None and len(line) > 1 and _EMAIL.match(line[-1].text):
            # the word before is a word of its own ("608625690 d.ottmarova@…"): it stays as it was
            text, before = line[-1].text, None
        if _EMAIL.match(text):
            was = words[i].text if before is None else f"{words[before].text} {words[i].text}"
            repairs.append(f"'{was}' → '{text}'")
            w = words[i]
            if before is None:
                out[i] = replace(w, text=text)
            else:  # one word over both boxes
                first = words[before]
                top, bottom = min(first.top, w.top), max(first.bottom, w.bottom)
                out[i] = replace(
                    w, text=text, left=first.left, width=w.right - first.left, top=top, height=bottom - top
                )
                out[before] = None
    return out, repairs
