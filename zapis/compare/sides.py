"""The two sides of a diff: a meeting, and what its reading says about its text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zapis.compare.text import CopyText, strict_key, tokens
from zapis.errors import InputError
from zapis.pipeline import MeetingReading, read_meeting
from zapis.readers import ExtractOptions
from zapis.schema import Meeting, load_meeting


@dataclass(frozen=True)
class Side:
    path: str
    meeting: Meeting
    copy: CopyText
    from_json: bool  # a meeting JSON: person ids are the archive registry's

    @property
    def text(self) -> str:
        return self.meeting.text


def side_of_reading(path: str, reading: MeetingReading) -> Side:
    """A side read from a minutes file: OCR lines, low-confidence words and page furniture known."""
    ocr_pages = {p.number for p in reading.pages if p.method == "ocr"}
    uncertain = frozenset(strict_key(t.text) for p in reading.pages for w in p.uncertain_words for t in tokens(w))
    ocr_lines = frozenset(i for i, page in enumerate(reading.line_pages) if page in ocr_pages)
    copy = CopyText(reading.meeting.text, reading.furniture, ocr_lines, uncertain)
    return Side(path, reading.meeting, copy, from_json=False)


def side_of_meeting(path: str, meeting: Meeting) -> Side:
    """A side from a meeting JSON: its pages are gone, so a copy read by OCR counts as OCR throughout."""
    ocr = bool(meeting.sources) and meeting.sources[0].method == "ocr"
    lines = meeting.text.count("\n") + 1
    copy = CopyText(meeting.text, ocr_lines=frozenset(range(lines)) if ocr else frozenset())
    return Side(path, meeting, copy, from_json=True)


def load_side(path: Path, options: ExtractOptions | None = None) -> Side:
    """One side from a meeting JSON written by zapis, or from any minutes file."""
    if path.suffix.lower() == ".json":
        try:
            return side_of_meeting(str(path), load_meeting(path.read_bytes()))
        except OSError as e:
            raise InputError(f"cannot read {path}: {e.strerror}") from e
        except ValueError as e:
            raise InputError(f"{path} is not a valid meeting JSON: {str(e).splitlines()[0]}") from e
    return side_of_reading(str(path), read_meeting(path, options))
