"""Word (DOCX) files: paragraphs, lists with their numbers, tables, headers and footers, in reading order."""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from zapis.document import Page
from zapis.errors import CorruptFileError, TooLargeError
from zapis.readers.base import Reading
from zapis.readers.options import ExtractOptions

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

# A DOCX is a zip archive: refuse archives that would inflate to something absurd before
# python-docx (lxml) tries to hold them in memory.
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BULLET_FORMATS = {"bullet", "none"}


def check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            # sizes first: testing the members of a bomb would inflate it
            if total > MAX_UNCOMPRESSED or (total / packed > MAX_RATIO and total > 20 * 1024 * 1024):
                raise TooLargeError(
                    f"DOCX would unpack to {total // (1024 * 1024)} MB (zip bomb?); refusing to open it"
                )
            bad = z.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise CorruptFileError(f"corrupt DOCX (damaged zip archive: {e}); re-save it in Word") from e
    if bad is not None:
        raise CorruptFileError(f"corrupt DOCX: member {bad} is damaged; re-save it in Word")


class _Numbering:
    """Resolves Word's automatic list numbers ("1.", "a)", bullets), which python-docx does not render."""

    def __init__(self, doc: DocxDocument) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str]] = {}
        self.counters: dict[str, list[int]] = defaultdict(lambda: [0] * 9)
        try:
            numbering = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str]]] = {}
        for an in numbering.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in an.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "%1.") if text is not None else "%1.",
                )
            abstract[an.get(f"{_W}abstractNumId", "")] = levels
        for num in numbering.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{_W}val", ""), {}).items():
                self.formats[(num.get(f"{_W}numId", ""), ilvl)] = spec

    def label(self, num_id: str, ilvl: int) -> str:
        fmt, text = self.formats.get((num_id, ilvl), ("bullet", ""))
        if fmt in _BULLET_FORMATS:
            return "-"
        counts = self.counters[num_id]
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        label = text
        for level in range(ilvl + 1):
            label = label.replace(f"%{level + 1}", _format_number(counts[level], fmt if level == ilvl else "decimal"))
        return label.strip() or "-"


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _num_props(paragraph: Any) -> tuple[str, int] | None:
    """(numId, level) of a list paragraph, from the paragraph or its style."""
    for holder in (paragraph._p.pPr, getattr(paragraph.style, "element", None)):
        if holder is None:
            continue
        num_pr = holder.find(f".//{_W}numPr")
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        if num_id is not None and num_id.get(f"{_W}val") != "0":
            return num_id.get(f"{_W}val", ""), int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0
    return None


def _paragraph_text(paragraph: Any, numbering: _Numbering, links: list[str]) -> str:
    for link in getattr(paragraph, "hyperlinks", []):
        address = getattr(link, "address", "") or ""
        if address and not address.startswith("#"):
            links.append(address)
    text = paragraph.text
    props = _num_props(paragraph)
    if props and text.strip():
        indent = "  " * props[1]
        text = f"{indent}{numbering.label(*props)} {text.strip()}"
    return text


def _has_page_break(paragraph: Any) -> bool:
    return any(br.get(f"{_W}type") == "page" for br in paragraph._p.iter(f"{_W}br"))


def _iter_block_text(container: Any, numbering: _Numbering, links: list[str]) -> list[str | None]:
    """Lines of a body, header or footer in order; ``None`` marks a page break."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str | None] = []
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            if _has_page_break(block):
                out.append(None)
            out.append(_paragraph_text(block, numbering, links))
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                        continue
                    seen.add(id(cell._tc))
                    text = " ".join(t for t in (_cell_text(cell, numbering, links),) if t)
                    if text:  # two cells may hold the same text: "3 | 0 | 0"
                        cells.append(text)
                out.append(" | ".join(cells))
    return out


def _cell_text(cell: Any, numbering: _Numbering, links: list[str]) -> str:
    lines = [line for line in _iter_block_text(cell, numbering, links) if line]
    return " ".join(line.strip() for line in lines)


def read(data: bytes, options: ExtractOptions) -> Reading:
    """Pages of a DOCX (split at its page breaks), with its header and footer on each."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_zip(data)
    try:
        doc = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise CorruptFileError(f"corrupt DOCX ({type(e).__name__}); re-save it in Word") from e
    except Exception as e:  # lxml raises a zoo of types on broken XML
        raise CorruptFileError(f"corrupt DOCX: {e}; re-save it in Word") from e
    numbering = _Numbering(doc)
    links: list[str] = []
    header: list[str] = []
    footer: list[str] = []
    for section in doc.sections[:1]:  # later sections usually repeat the first one's header
        header = [t for t in _iter_block_text(section.header, numbering, links) if t]
        footer = [t for t in _iter_block_text(section.footer, numbering, links) if t]
    body = _iter_block_text(doc, numbering, links)
    pages: list[list[str]] = [[]]
    for line in body:
        if line is None:
            pages.append([])
        else:
            pages[-1].append(line)
    pages = [p for p in pages if any(t.strip() for t in p)] or [[]]
    if len(pages) > options.max_pages:
        raise TooLargeError(f"DOCX has {len(pages)} pages, more than --max-pages {options.max_pages}")
    out = []
    for i, lines in enumerate(pages, start=1):
        text = "\n".join(header + lines + footer)
        out.append(Page(number=i, text=text, method="docx", engine="python-docx"))
    return Reading(out, [], links)
