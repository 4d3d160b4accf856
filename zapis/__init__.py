"""zapis: Czech meeting minutes (zápisy) → validated JSON.

The Python API mirrors the command line, one function per command::

    import zapis

    meeting = zapis.extract("zapis.pdf")          # zapis extract
    report = zapis.ingest("archiv/", "vystup/")   # zapis ingest
    changes = zapis.diff("a.pdf", "b.docx")       # zapis diff
    hits = zapis.search("vystup/", "rozpočet")    # zapis search
    people = zapis.people("vystup/")              # zapis people
    files = zapis.export("vystup/", "csv")        # zapis export
    meeting = zapis.load_meeting("vystup/meetings/….json")

Errors a user can act on are the types of :mod:`zapis.errors` (all subclasses of
:class:`ZapisError`, each with a one-line ``reason``).  The models (``Meeting``, ``Report``,
``PersonRecord``, …) are imported on first use, so ``import zapis`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from zapis.api import diff, export, extract, ingest, load_meeting, people, search
from zapis.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    ExtractionTimeoutError,
    InputError,
    OCRError,
    TooLargeError,
    UnreadableFileError,
    UnsupportedFormatError,
    ZapisError,
)
from zapis.version import __version__

if TYPE_CHECKING:
    from zapis.archive import Hit
    from zapis.compare import DiffResult as Diff
    from zapis.schema import Meeting, OrganizationRecord, Person, PersonRecord, Report

# name → (module, attribute): the types the functions return, imported when first asked for
_LAZY = {
    "Meeting": ("zapis.schema", "Meeting"),
    "Person": ("zapis.schema", "Person"),
    "Report": ("zapis.schema", "Report"),
    "PersonRecord": ("zapis.schema", "PersonRecord"),
    "OrganizationRecord": ("zapis.schema", "OrganizationRecord"),
    "Hit": ("zapis.archive", "Hit"),
    "Diff": ("zapis.compare", "DiffResult"),
}

__all__ = [
    "CorruptFileError",
    "Diff",
    "EmptyFileError",
    "EncryptedFileError",
    "ExtractionTimeoutError",
    "Hit",
    "InputError",
    "Meeting",
    "OCRError",
    "OrganizationRecord",
    "Person",
    "PersonRecord",
    "Report",
    "TooLargeError",
    "UnreadableFileError",
    "UnsupportedFormatError",
    "ZapisError",
    "__version__",
    "diff",
    "export",
    "extract",
    "ingest",
    "load_meeting",
    "people",
    "search",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'zapis' has no attribute {name!r}")
