"""Two meetings → their field differences and word-level text differences."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zapis.compare.fields import FieldDiff, compare_fields
from zapis.compare.text import TextOp, word_diff
from zapis.errors import InputError
from zapis.readers import ExtractOptions
from zapis.schema import Meeting, load_meeting


@dataclass(frozen=True)
class DiffResult:
    a: str
    b: str
    fields: list[FieldDiff]
    text: list[TextOp]

    @property
    def same(self) -> bool:
        return not self.fields and all(op.tag == "equal" for op in self.text)


def load_side(path: Path, options: ExtractOptions | None = None) -> Meeting:
    """A meeting from a meeting JSON written by zapis, or from any minutes file."""
    if path.suffix.lower() == ".json":
        try:
            return load_meeting(path.read_bytes())
        except OSError as e:
            raise InputError(f"cannot read {path}: {e.strerror}") from e
        except ValueError as e:
            raise InputError(f"{path} is not a valid meeting JSON: {str(e).splitlines()[0]}") from e
    from zapis.pipeline import extract_meeting

    return extract_meeting(path, options)


def diff_meetings(a: Meeting, b: Meeting, name_a: str = "A", name_b: str = "B") -> DiffResult:
    return DiffResult(name_a, name_b, compare_fields(a, b), word_diff(a.text, b.text))
