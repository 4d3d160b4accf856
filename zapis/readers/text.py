"""Plain text and Markdown files: decode deliberately, strip Markdown markup, keep links."""

from __future__ import annotations

import re
import unicodedata

from zapis.document import Page
from zapis.errors import CorruptFileError
from zapis.readers.base import Reading
from zapis.readers.options import ExtractOptions

# The two 8-bit encodings of Czech differ exactly on these letters.  windows-1250 puts
# Š Ť Ž š ť ž at 0x8A 0x8D 0x8E 0x9A 0x9D 0x9E, where ISO-8859-2 has C1 control codes;
# ISO-8859-2 puts them at 0xA9 0xAB 0xAE 0xB9 0xBB 0xBE, where windows-1250 has © « ® ą » ľ.
_CP1250_ONLY = frozenset(b"\x8a\x8d\x8e\x9a\x9d\x9e")
_ISO_ONLY = frozenset(b"\xa9\xab\xae\xb9\xbb\xbe")
_CZECH_LETTERS = frozenset("áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ")
# DOS Latin 2 (cp852) is rare but real in very old archives.
_CANDIDATES = ("cp1250", "iso-8859-2", "cp852")


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Decode bytes of a Czech text file; returns (text, encoding name, warnings).

    Strict UTF-8 (and UTF-16 with a BOM) first.  A UTF-8 file with a few bytes that are not
    UTF-8 (a stray byte, a line pasted from an 8-bit file) stays UTF-8: only its damaged lines
    are repaired (:func:`_repair_lines`).  Otherwise a choice among the Czech 8-bit encodings
    by which one gives Czech letters instead of control codes or symbols.  Never falls back
    silently to Latin-1.
    """
    name = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data, name = data[3:], "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError as e:
            raise CorruptFileError("damaged UTF-16 text file: re-save it as UTF-8") from e
    try:
        return data.decode("utf-8", errors="strict"), name, []
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    decoded = [line.decode("utf-8", errors="replace") for line in lines]
    bad = sum(t.count("\ufffd") for t in decoded)
    good = sum(1 for t in decoded for c in t if c > "\x7f") - bad  # characters UTF-8 gave
    if good > bad or name == "utf-8-sig":
        text, warnings = _repair_lines(lines, decoded)
        return text, name, warnings
    best = max(_CANDIDATES, key=lambda enc: _czech_score(data, enc))
    if _czech_score(data, best) <= 0:
        guess = _charset_normalizer_guess(data)
        if guess:
            return data.decode(guess, errors="replace"), guess, []
        raise CorruptFileError("cannot tell the text encoding (not UTF-8, windows-1250 or ISO-8859-2)")
    return data.decode(best, errors="replace"), best, []


def _repair_lines(lines: list[bytes], decoded: list[str]) -> tuple[str, list[str]]:
    """A UTF-8 file with damaged lines: every good line stays as it is; a damaged line that is
    Czech in an 8-bit encoding (more bytes that are not UTF-8 than letters that are) is read in
    that encoding, in any other the bytes that are not UTF-8 become "\ufffd"."""
    out, replaced, redecoded = [], [], []
    for number, (raw, text) in enumerate(zip(lines, decoded, strict=True), start=1):
        bad = text.count("\ufffd")
        if bad and bad > sum(1 for c in text if c > "\x7f") - bad:
            enc = max(_CANDIDATES, key=lambda e: _czech_score(raw, e))
            if _czech_score(raw, enc) > 0:
                out.append(raw.decode(enc, errors="replace"))
                redecoded.append((number, enc))
                continue
        out.append(text)
        if bad:
            replaced.append(number)
    warnings = []
    if replaced:
        warnings.append(f"{_lines(replaced)}: bytes that are not UTF-8 were replaced by \ufffd; the rest is UTF-8")
    for enc in sorted({e for _, e in redecoded}):
        where = _lines([n for n, e in redecoded if e == enc])
        warnings.append(f"{where} not UTF-8 like the rest of the file: read as {enc}")
    return "\n".join(out), warnings


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:5])) + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")
    return f"line {shown}" if len(numbers) == 1 else f"lines {shown}"


def _czech_score(data: bytes, encoding: str) -> float:
    """How Czech the decoding looks: Czech letters count for it, control codes and symbols against."""
    high = bytes(b for b in data if b >= 0x80)
    if not high:
        return 1.0
    if encoding == "iso-8859-2" and any(b in _CP1250_ONLY for b in high):
        return -1.0  # would decode to invisible C1 control codes
    text = high.decode(encoding, errors="replace")
    good = sum(1 for c in text if c in _CZECH_LETTERS)
    bad = sum(1 for c in text if unicodedata.category(c)[0] in "CS" or c == "\ufffd")
    bonus = 0.5 if encoding == "cp1250" and any(b in _CP1250_ONLY for b in high) else 0.0
    return (good - 2 * bad) / len(text) + bonus


def _charset_normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None or match.encoding in ("latin_1", "iso8859_1", "ascii"):
        return None
    return str(match.encoding)


# --- Markdown -------------------------------------------------------------------------

_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?!\w)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)
_STAR_BULLET = re.compile(r"^(\s*)[*+]\s+", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n(?:---|\.\.\.)\s*\n", re.DOTALL)
_MARKDOWN_SIGNS = re.compile(r"\*\*\S|\[[^\]\n]+\]\([^)\s]*\)|^#{1,6}\s|^\s*\*\s", re.MULTILINE)


def looks_like_markdown(text: str) -> bool:
    return len(_MARKDOWN_SIGNS.findall(text)) >= 1


def strip_markdown(text: str) -> tuple[str, list[str]]:
    """Markdown → plain text; returns (text, link URLs in order).

    Link texts stay in the text, their targets go to the link list (fragment-only
    targets like ``#`` are dropped: they point nowhere outside the document).
    YAML front matter keeps its lines (they often carry the title and date) without the fences.
    """
    links: list[str] = []

    def link(m: re.Match[str]) -> str:
        target = m.group(3)
        if target and not target.startswith("#"):
            links.append(target)
        return "" if m.group(1) else m.group(2)

    text = _FRONT_MATTER.sub(lambda m: m.group(1) + "\n\n", text)
    text = _LINK.sub(link, text)

    def autolink(m: re.Match[str]) -> str:
        links.append(m.group(1))
        return m.group(1)

    text = _AUTOLINK.sub(autolink, text)
    text = _HEADING.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _ITALIC.sub(r"\1", text)
    text = _STAR_BULLET.sub(r"\1- ", text)
    text = _TABLE_RULE.sub("", text)
    text = re.sub(r"^\s*>\s?", "", text, flags=re.MULTILINE)  # block quotes
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)  # escaped markup characters
    return text, links


def read(data: bytes, options: ExtractOptions | None = None) -> Reading:
    """A text file as one page; Markdown markup is stripped when the text has any (plain .txt
    files exported from wikis and pads often carry Markdown too)."""
    text, encoding, warnings = decode_text(data)
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.append(f"text decoded as {encoding}")
    engine = f"text:{encoding}"
    links: list[str] = []
    from zapis.readers.html import has_markup, html_to_text  # html reads text files' encodings from here

    if has_markup(text):  # a Markdown post or a text file that holds an HTML page
        # A web page's front matter is its metadata (author, date published, excerpt): only its
        # title says what the page is.
        front = _FRONT_MATTER.match(text)
        title = re.search(r"^title:\s*['\"]?(.+?)['\"]?\s*$", front.group(1), re.MULTILINE) if front else None
        head, body = ((title.group(1) + "\n\n") if title else "", text[front.end() :] if front else text)
        body, links = html_to_text(body)
        text = head + body
        engine += "+html"
    elif looks_like_markdown(text):
        text, links = strip_markdown(text)
        engine += "+markdown"
    return Reading([Page(number=1, text=text, method="text", engine=engine)], warnings, links)
