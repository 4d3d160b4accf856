"""OCR of several pages of one file at once.

Tesseract runs as a separate process, so a thread per page is enough to keep several cores
busy; the thread only waits.  Page images are rendered by the caller in its own thread
(PyMuPDF is not thread-safe); at most ``ocr_workers`` of them, and at most
``max_page_pixels`` pixels together, wait in memory at a time: a huge page is read alone.

When the caller is interrupted (Ctrl-C, SIGTERM, a time limit) the Tesseract processes of
the pages under way are stopped with it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
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
        self.pending: deque[tuple[Future[OcrResult], float]] = deque()  # (page under way, its pixels)
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

    def reserve(self, pixels: float) -> None:
        """Wait until a page of ``pixels`` fits beside the pages under way: call before rendering it."""
        while self.pending and (
            len(self.pending) >= self.workers or sum(p for _, p in self.pending) + pixels > self.options.max_page_pixels
        ):
            self.pending[0][0].result()  # popped once done: an interrupted wait leaves it to __exit__
            self.pending.popleft()

    def submit(self, image: Image.Image, skew: float | None = None) -> Callable[[], OcrResult]:
        """Start reading ``image``; the returned function gives the result (waiting if needed)."""
        from zapis.readers.ocr import ocr_image

        self._progress(finished=False)
        if self.pool is None:
            result = ocr_image(image, self.options, skew)
            self._progress(finished=True)
            return lambda: result
        pixels = float(image.width * image.height)
        self.reserve(pixels)
        future = self.pool.submit(ocr_image, image, self.options, skew)
        future.add_done_callback(self._finished)
        self.pending.append((future, pixels))
        return future.result

    def __enter__(self) -> OcrQueue:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self.pool is None:
            return
        if kind is None:
            self.pool.shutdown(wait=True)
            return
        # Interrupted: the threads wait for Tesseract processes, and one may be about to start
        # another (the next region of its page): end them until every thread has finished.
        from zapis.readers.ocr import stop_engines

        self.pool.shutdown(wait=False, cancel_futures=True)
        running = [f for f, _ in self.pending]
        while not all(f.done() for f in running):
            stop_engines()
            wait(running, timeout=0.1)
        self.pool.shutdown(wait=True)
