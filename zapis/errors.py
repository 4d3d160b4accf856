"""The few exception types zapis raises, each with a one-line reason a user can act on.

The library raises; only the CLI (and the batch report) turns them into exit codes or
report entries, dispatching on the type, never on the message text.
"""

from __future__ import annotations


class ZapisError(Exception):
    """Base of every error zapis reports about one input file.

    ``kind`` is a stable short code used in report.json ("unsupported", "corrupt", …).
    """

    kind = "error"

    def __init__(self, reason: str) -> None:
        # One line only: a newline would break the report and the terminal summary.
        super().__init__(" ".join(reason.split()))

    @property
    def reason(self) -> str:
        return str(self)


class UnsupportedFormatError(ZapisError):
    kind = "unsupported"


class EmptyFileError(ZapisError):
    kind = "empty"


class CorruptFileError(ZapisError):
    kind = "corrupt"


class EncryptedFileError(ZapisError):
    kind = "encrypted"


class TooLargeError(ZapisError):
    """Page-count cap, decompression bombs (images, zip archives)."""

    kind = "too_large"


class UnreadableFileError(ZapisError):
    """Permissions, broken links, special files."""

    kind = "unreadable"


class ExtractionTimeoutError(ZapisError):
    kind = "timeout"


class OCRError(ZapisError):
    """Tesseract missing, crashed or produced nothing usable."""

    kind = "ocr"


class InputError(ZapisError):
    """A meeting JSON or command-line input that zapis cannot use (wrong schema, missing file)."""

    kind = "input"


class OutputError(ZapisError):
    """An output that cannot be written (disk full, read-only folder, a link or device in the way).

    It stops the command; what was written before stays as it was.
    """

    kind = "output"
