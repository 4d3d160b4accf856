"""OCR of several pages of one file at once.

Tesseract runs as a separate process, so a thread per page is enough to keep several cores
busy; the thread only waits.  Page images are rendered by the caller in its own thread
(PyMuPDF is not thread-safe), and at most ``ocr_workers`` of them wait in memory at a time.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING

from zapis.readers.options import ExtractOptions

if TYPE_CHECKING:  # the OCR module (numpy, Pillow) is imported only when a page needs OCR
    from PIL import Image

    from zapis.readers.ocr import OcrResult


class OcrQueue:
    def __init__(self, options: ExtractOptions, pages: int = 1) -> None:
        self.options = options
        self.workers = max(1, options.ocr_workers)
        self.pool = ThreadPoolExecutor(self.workers, thread_name_prefix="zapis-ocr") if self.workers > 1 else None
        self.pending: deque[Future[OcrResult]] = deque()
        self.pages = pages  # pages of the file, for progress reports
        self.started = False
        self.done = 0
        self.lock = threading.Lock()

    def _progress(self, finished: bool) -> None:
        report = self.options.ocr_progress
        if report is None:
            return
        with self.lock:
            if finished:
                self.done += 1
            elif self.started:
                return
            self.started = True
            done = self.done
        report(done, self.pages)

    def _finished(self, future: Future[OcrResult]) -> None:
        if not future.cancelled() and future.exception() is None:
            self._progress(finished=True)

    def submit(self, image: Image.Image, skew: float | None = None) -> Callable[[], OcrResult]:
        """Start reading ``image``; the returned function gives the result (waiting if needed)."""
        from zapis.readers.ocr import ocr_image

        self._progress(finished=False)
        if self.pool is None:
            result = ocr_image(image, self.options, skew)
            self._progress(finished=True)
            return lambda: result
        while len(self.pending) >= self.workers:  # bound the rendered pages held in memory
            self.pending.popleft().result()
        future = self.pool.submit(ocr_image, image, self.options, skew)
        future.add_done_callback(self._finished)
        self.pending.append(future)
        return future.result

    def __enter__(self) -> OcrQueue:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=kind is not None)
