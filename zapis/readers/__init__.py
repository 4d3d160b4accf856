"""Readers: a file's bytes → pages of text with provenance (the first stage).

:func:`~zapis.readers.detect.sniff_format` says which format a file is (or why it cannot be
read); each format module (``pdf``, ``image``, ``docx``, ``text``) has one ``read(data,
options) -> Reading``.  Format modules are imported only when a file of that format comes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from importlib import import_module
from pathlib import Path

from zapis.document import ExtractedDocument, Format
from zapis.errors import EmptyFileError, UnreadableFileError
from zapis.readers.base import ReadFunction, Reading
from zapis.readers.detect import sniff_format
from zapis.readers.options import ExtractOptions, PdfEngine

__all__ = [
    "ExtractOptions",
    "PdfEngine",
    "Reading",
    "extract",
    "extract_bytes",
    "read_input",
    "reader_for",
    "searchable_pdf",
]

_MODULES: dict[Format, str] = {
    "pdf": "zapis.readers.pdf",
    "image": "zapis.readers.image",
    "docx": "zapis.readers.docx",
    "txt": "zapis.readers.text",
    "md": "zapis.readers.text",
    "html": "zapis.readers.html",
}


def searchable_pdf(data: bytes, doc: ExtractedDocument, options: ExtractOptions | None = None) -> bytes | None:
    """The scan as a searchable PDF (its OCR as an invisible text layer); None when no page was OCRed."""
    from zapis.readers.searchable import searchable_pdf as write

    return write(data, doc, options)


def reader_for(fmt: Format) -> ReadFunction:
    """The ``read`` function of a format."""
    read: ReadFunction = import_module(_MODULES[fmt]).read
    return read


def read_input(path: Path) -> bytes:
    """The bytes of a regular file, or a clear error for what cannot be read."""
    try:
        st = os.stat(path)  # follows links: a broken link or a loop fails here
    except FileNotFoundError:
        if os.path.islink(path):
            raise UnreadableFileError("broken symbolic link: its target does not exist") from None
        raise UnreadableFileError("file not found") from None
    except OSError as e:
        if e.errno == 40:  # ELOOP
            raise UnreadableFileError("symbolic link loop: the link points back to itself") from e
        raise UnreadableFileError(f"cannot read the file: {e.strerror}") from e
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableFileError("not a regular file (a directory, device or pipe)")
    try:
        data = path.read_bytes()
    except PermissionError as e:
        raise UnreadableFileError("permission denied: make the file readable (chmod +r) and run again") from e
    except OSError as e:
        raise UnreadableFileError(f"cannot read the file: {e.strerror}") from e
    if not data.strip():
        raise EmptyFileError("empty file (0 bytes or only whitespace): nothing to read")
    return data


def extract(path: Path | str, options: ExtractOptions | None = None) -> ExtractedDocument:
    """Read one file of any supported format into pages of text."""
    path = Path(path)
    return extract_bytes(read_input(path), str(path), options)


def extract_bytes(data: bytes, name: str, options: ExtractOptions | None = None) -> ExtractedDocument:
    """Extract from bytes already read; ``name`` (the file's path) tells the format when bytes cannot."""
    options = options or ExtractOptions()
    if not data.strip():
        raise EmptyFileError("empty file (0 bytes or only whitespace): nothing to read")
    fmt = sniff_format(Path(name), data[:8192])
    reading = reader_for(fmt)(data, options)
    if not any(p.text.strip() for p in reading.pages):
        raise EmptyFileError(f"no text found in this {fmt.upper()} file (blank pages?)")
    return ExtractedDocument(
        path=str(Path(name)),
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        pages=reading.pages,
        warnings=reading.warnings,
        links=reading.links,
    )
