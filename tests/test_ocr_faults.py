"""Fault injection: OCR engines that crash, hang, read garbage or nothing, in place of Tesseract.

The pipeline must report each in one line with the right error kind, or warn about the page,
and a batch must go on with the other files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zapis.archive import IngestSettings, ingest_directory
from zapis.errors import ExtractionTimeoutError, OCRError
from zapis.pipeline import extract_meeting
from zapis.readers import ExtractOptions

from .conftest import SAMPLES
from .plugins import ocr_engines

SCAN = SAMPLES / "scan" / "000-scan.pdf"


def test_a_crashing_engine_is_an_ocr_error_with_its_reason() -> None:
    with pytest.raises(OCRError, match=r"exit 139\): Segmentation fault"):
        extract_meeting(SCAN, ExtractOptions(ocr_engine=ocr_engines.Crashing()))


def test_a_hanging_engine_is_a_timeout() -> None:
    with pytest.raises(ExtractionTimeoutError, match="did not finish within 3 s"):
        extract_meeting(SCAN, ExtractOptions(ocr_engine=ocr_engines.Hanging(), ocr_timeout=3))


def test_garbage_gives_a_meeting_with_warnings_and_no_invented_fields() -> None:
    meeting = extract_meeting(SCAN, ExtractOptions(ocr_engine=ocr_engines.Garbage()))
    assert meeting.sources[0].method == "ocr" and meeting.sources[0].ocr_confidence == 12.0
    assert any("low OCR confidence (12/100)" in w for w in meeting.warnings)
    assert "this does not look like meeting minutes" in " ".join(meeting.warnings)
    assert (meeting.date, meeting.body, meeting.attendees, meeting.agenda) == (None, None, [], [])


def test_an_engine_that_reads_nothing_leaves_an_empty_file_error() -> None:
    from zapis.errors import EmptyFileError

    with pytest.raises(EmptyFileError, match="no text found in this PDF"):
        extract_meeting(SCAN, ExtractOptions(ocr_engine=ocr_engines.Blind()))


def test_a_batch_reports_the_faulty_scan_and_reads_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SCAN, folder / "sken.pdf")
    shutil.copy(SAMPLES / "txt" / "002.txt", folder / "text.txt")
    settings = IngestSettings(options=ExtractOptions(ocr_engine=ocr_engines.Crashing()), workers=1)
    report = ingest_directory(folder, tmp_path / "out", settings)
    status = {f.path: (f.status, f.kind) for f in report.files}
    assert status == {"sken.pdf": ("error", "ocr"), "text.txt": ("ok", None)}
    reason = next(f.reason for f in report.files if f.path == "sken.pdf")
    assert reason == "Tesseract failed (exit 139): Segmentation fault"
