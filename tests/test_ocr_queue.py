"""Pages of one scanned file are OCRed in parallel, and come back in page order."""

from __future__ import annotations

import threading

import pytest

from zapis.readers import ExtractOptions, extract
from zapis.readers import ocr as ocr_module
from zapis.readers.ocr import OcrResult

from .conftest import SAMPLES


def test_pages_of_a_scan_are_read_in_parallel_and_in_order(monkeypatch: pytest.MonkeyPatch):
    scan = SAMPLES / "scan" / "002-scan.pdf"  # two pages
    sequential = extract(scan, ExtractOptions(ocr_workers=1))
    real = ocr_module.ocr_image
    running = 0
    most = 0
    lock = threading.Lock()
    both_started = threading.Barrier(2, timeout=30)

    def counting(image, options, skew=None) -> OcrResult:  # type: ignore[no-untyped-def]
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        both_started.wait()  # passes only if the two pages are being read at the same time
        try:
            return real(image, options, skew)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(ocr_module, "ocr_image", counting)
    parallel = extract(scan, ExtractOptions(ocr_workers=2))
    assert most == 2
    assert [p.text for p in parallel.pages] == [p.text for p in sequential.pages]
    assert [p.number for p in parallel.pages] == [1, 2]
