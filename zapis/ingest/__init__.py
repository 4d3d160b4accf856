"""Extractors: a file's bytes → pages of text with provenance.

One function per format behind :func:`extract`; each returns an :class:`ExtractedDocument`
or raises one of the errors in :mod:`zapis.errors`.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from zapis.document import ExtractedDocument
from zapis.errors import EmptyFileError, UnreadableFileError
from zapis.ingest.detect import sniff_format
from zapis.ingest.options import ExtractOptions

__all__ = ["ExtractOptions", "extract", "extract_bytes", "read_input"]


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
    path = Path(name)
    if not data.strip():
        raise EmptyFileError("empty file (0 bytes or only whitespace): nothing to read")
    fmt = sniff_format(path, data[:8192])
    sha = hashlib.sha256(data).hexdigest()
    if fmt == "pdf":
        from zapis.ingest.pdf import extract_pdf

        pages, warnings, links = extract_pdf(data, options)
    elif fmt == "image":
        from zapis.ingest.image import extract_image

        pages, warnings = extract_image(data, options)
        links = []
    elif fmt == "docx":
        from zapis.ingest.docx import extract_docx

        pages, warnings, links = extract_docx(data, options)
    else:
        from zapis.ingest.text import extract_text

        # Plain .txt files exported from wikis and pads often carry Markdown too.
        pages, warnings, links = extract_text(data, markdown=True)
    if not any(p.text.strip() for p in pages):
        raise EmptyFileError(f"no text found in this {fmt.upper()} file (blank pages?)")
    return ExtractedDocument(path=str(path), sha256=sha, format=fmt, pages=pages, warnings=warnings, links=links)
