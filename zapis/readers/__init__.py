"""Readers: a file's bytes → pages of text with provenance (the first stage).

:func:`~zapis.readers.detect.sniff_format` says which format a file is (or why it cannot be
read); each format module (``pdf``, ``image``, ``docx``, ``text``) has one ``read(data,
options) -> Reading``.  Format modules are imported only when a file of that format comes.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from importlib import import_module
from pathlib import Path

from zapis.document import ExtractedDocument, Format
from zapis.errors import EmptyFileError, TooLargeError, UnreadableFileError
from zapis.readers.base import ReadFunction, Reading
from zapis.readers.detect import sniff_format
from zapis.readers.options import ExtractOptions, PdfEngine

__all__ = [
    "ExtractOptions",
    "PdfEngine",
    "Reading",
    "extract",
    "extract_bytes",
    "open_input",
    "read_fd",
    "read_input",
    "reader_for",
    "searchable_pdf",
    "stop_engines",
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


_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def open_input(path: Path, *, follow_links: bool = True, inside: Path | None = None) -> int:
    """An open file descriptor of the regular file at ``path``, checked after it was opened.

    What is checked is the file actually opened, not the name, so a link swapped in after the
    folder was listed changes nothing: with ``follow_links=False`` a symbolic link at ``path`` is
    refused (``O_NOFOLLOW``); with ``inside`` (a real path) the opened file must lie in that
    folder, which also catches a folder on the way replaced by a link.  Opened non-blocking, so
    a pipe put in a file's place cannot hang the run.
    """
    flags = _OPEN_FLAGS | (0 if follow_links else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        if os.path.islink(path):
            raise UnreadableFileError("broken symbolic link: its target does not exist") from None
        raise UnreadableFileError("file not found") from None
    except PermissionError as e:
        raise UnreadableFileError("permission denied: make the file readable (chmod +r) and run again") from e
    except OSError as e:
        if e.errno == errno.ELOOP and not follow_links and os.path.islink(path):
            raise UnreadableFileError("it is a symbolic link now, not the file that was listed: not followed") from e
        if e.errno == errno.ELOOP:
            raise UnreadableFileError("symbolic link loop: the link points back to itself") from e
        raise UnreadableFileError(f"cannot read the file: {e.strerror}") from e
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnreadableFileError("not a regular file (a directory, device or pipe)")
        if inside is not None and not _lies_inside(fd, path, inside):
            raise UnreadableFileError("it lies outside the input folder (a link on its way): not read")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _lies_inside(fd: int, path: Path, root: Path) -> bool:
    """Whether the file open as ``fd`` lies in the folder ``root`` (a real path)."""
    try:
        real = os.readlink(f"/proc/self/fd/{fd}")  # the opened file's own path (Linux)
    except OSError:
        real = os.path.realpath(path)
        try:
            if not os.path.samestat(os.stat(real), os.fstat(fd)):
                return False  # the name points elsewhere by now
        except OSError:
            return False
    return os.path.commonpath([real, str(root)]) == str(root)


def read_fd(fd: int) -> bytes:
    """All bytes of an open file (closed afterwards), or a clear error."""
    try:
        with os.fdopen(fd, "rb") as f:
            data = f.read()
    except OSError as e:
        raise UnreadableFileError(f"cannot read the file: {e.strerror}") from e
    if not data.strip():
        raise EmptyFileError("empty file (0 bytes or only whitespace): nothing to read")
    return data


def read_input(path: Path, *, follow_links: bool = True, inside: Path | None = None) -> bytes:
    """The bytes of a regular file (see :func:`open_input`), or a clear error for what cannot be read."""
    return read_fd(open_input(path, follow_links=follow_links, inside=inside))


def stop_engines() -> None:
    """Stop the OCR (Tesseract) this process has under way; nothing if OCR never ran."""
    ocr = sys.modules.get("zapis.readers.ocr")  # never imported for it: no numpy for nothing
    if ocr is not None:
        ocr.stop_engines()


def extract(path: Path | str, options: ExtractOptions | None = None) -> ExtractedDocument:
    """Read one file of any supported format into pages of text."""
    path = Path(path)
    return extract_bytes(read_input(path), str(path), options)


def extract_bytes(
    data: bytes, name: str, options: ExtractOptions | None = None, sha256: str | None = None
) -> ExtractedDocument:
    """Extract from bytes already read; ``name`` (the file's path) tells the format when bytes cannot.
    ``sha256``: the hash of ``data`` when the caller has it already (a file is hashed once)."""
    options = options or ExtractOptions()
    if not data.strip():
        raise EmptyFileError("empty file (0 bytes or only whitespace): nothing to read")
    fmt = sniff_format(Path(name), data)
    if fmt in ("txt", "md") and len(data) > options.max_bytes:
        raise TooLargeError(
            f"text file of {len(data):,} bytes, more than the limit of {options.max_bytes:,}; raise it with --max-bytes"
        )
    reading = reader_for(fmt)(data, options)
    if not any(p.text.strip() for p in reading.pages):
        raise EmptyFileError(f"no text found in this {fmt.upper()} file (blank pages?)")
    return ExtractedDocument(
        path=str(Path(name)),
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        format=fmt,
        pages=reading.pages,
        warnings=reading.warnings,
        links=reading.links,
    )
