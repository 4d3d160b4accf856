"""Which extractor reads a file: by its first bytes, then by its name."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from zapis.document import Format
from zapis.errors import UnsupportedFormatError

SUPPORTED = "PDF, DOCX, TXT, MD, HTML, PNG, JPG, TIFF"
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
# Formats we recognise but do not read: name them in the error so the user knows what to convert.
KNOWN_OTHER = {
    b"\xd0\xcf\x11\xe0": "an old Word/Excel (OLE) file: save it as DOCX or PDF",
    b"{\\rtf": "an RTF file: save it as DOCX or PDF",
    b"GIF8": "a GIF image: convert it to PNG",
    b"Rar!": "a RAR archive: unpack it first",
    b"\x1f\x8b": "a gzip archive: unpack it first",
}


def sniff_format(path: Path, data: bytes) -> Format:
    """The format of a file from its bytes (the first 8 KiB mostly), then its name.  The file is
    never opened again: what was read is what is judged."""
    head = data[:8192]
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-") or (b"%PDF-" in head[:1024] and suffix == ".pdf"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        if suffix == ".docx" or _is_docx(data):
            return "docx"
        raise UnsupportedFormatError(f"unsupported format: a ZIP archive that is not DOCX; zapis reads {SUPPORTED}")
    for magic, what in KNOWN_OTHER.items():
        if head.startswith(magic):
            raise UnsupportedFormatError(f"unsupported format: {what}")
    if suffix in (".pdf", ".docx") or suffix in IMAGE_SUFFIXES:
        # The name promises a format the bytes do not have: that is a damaged file, not plain text.
        from zapis.errors import CorruptFileError

        raise CorruptFileError(f"not a valid {suffix[1:].upper()} file (wrong header); re-export or re-copy it")
    if suffix in HTML_SUFFIXES or (_looks_like_text(head) and re.match(rb"\s*<(?:!doctype html|html)", head, re.I)):
        return "html"
    if suffix in TEXT_SUFFIXES or _looks_like_text(head):
        return "md" if suffix in (".md", ".markdown") else "txt"
    raise UnsupportedFormatError(f"unsupported format '{suffix or 'no extension'}'; zapis reads {SUPPORTED}")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) < 0.01
