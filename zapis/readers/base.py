"""What every format reader returns, and the one signature they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from zapis.document import Page
from zapis.readers.options import ExtractOptions


@dataclass(frozen=True)
class Reading:
    """A file read by its format's reader: its pages, what the reader was unsure of, its own links."""

    pages: list[Page]
    warnings: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # URLs the file carries outside its text (PDF/DOCX links)


# Every format module (pdf, image, docx, text) has a ``read`` of this type.
ReadFunction = Callable[[bytes, ExtractOptions], Reading]
