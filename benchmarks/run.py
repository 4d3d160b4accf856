"""zapis benchmarks: one command (``make bench``), one table, in a few minutes on a 2-core box.

Every input is generated into benchmarks/.work/ (git-ignored, recreated on each run) from the
committed samples/ and from benchmarks/synthetic.py; every figure and the figure it is compared
with are measured in the same run, on the same inputs.

1. ``zapis ingest`` per core.  ~200 fresh PDFs of 1–3 pages per core (sample pages in random
   order, each with a footer of its own, so every file is new to the cache) read by
   ``zapis ingest -j 1`` into a fresh output folder (the CLI's wall time: start-up, the warm
   worker, grouping, registries, catalog, report) against raw PyMuPDF ``get_text()`` of the
   same files in one fresh Python process (start-up and ``import pymupdf`` included), the two
   interleaved, best of two; the same ratio in CPU seconds of each process tree (sampled with
   psutil), which other work on a shared machine disturbs less.  Target ≥ 0.5 (goal 0.7).
   Then ``-j 2`` against ``-j 1`` on the same files, next to the machine's own ceiling
   (target ≥ ×1.8), peak memory, and a second run over the same folder (all from the cache).
   Section 5 writes pyinstrument's call tree of the same work to benchmarks/profile.txt.
   Then, multi-page PDFs made by concatenating the sample pages in random order
   (PyMuPDF ``insert_pdf``) with a per-document footer, so no two documents are alike.
   Measured on the same pages, single process, in-process loops after a warm-up:
   raw PyMuPDF ``page.get_text()``; raw pdfplumber ``page.extract_text()``; the whole zapis
   pipeline (``extract_meeting`` + ``model_json``: extract, normalize, parse, validate, JSON).
   Then ``zapis ingest`` with all workers into a fresh output folder (wall time of the CLI,
   start-up, grouping, registries and catalog included).  Target: zapis ≥ 0.5 × raw PyMuPDF
   pages/s per core.
2. Scanned pages.  Page images rendered with zapis's own ``render_page`` at
   ``ExtractOptions.ocr_dpi`` and saved as PNG (and as PGM, the same pixels uncompressed);
   per page, the wall and CPU time (user + system, this process and its children) of the bare
   ``tesseract`` command on them (``tesseract img stdout -l ces --psm 3``, the language and
   page segmentation of zapis's first pass, ``OMP_THREAD_LIMIT=1``) next to zapis's OCR of
   the same pages: ``extract`` of the scanned PDFs holding them (preview for the skew, the page
   rendered straight, Tesseract, word filters, coverage check, contacts, the words placed for
   a searchable copy) and ``extract`` of the PNGs (as for PNG/TIFF scans: decoded, straightened
   by a bilinear rotation, then the same), interleaved, best of two.  Target ≤ 1.05 × in CPU time (the
   machine is shared; wall time beside it).  Then each step of a scanned PDF page's path on
   its own (preview, skew search, page render, ink mask, Tesseract, word filters, coverage
   check), the character error rate of zapis's OCR of the sample scans against the text layer
   of the same minutes (target < 1 %), and of the harder scans of ``hard_scans.py`` (skewed,
   noisy JPEG, two columns, 9 pt at 200 dpi; each < 1.5 %).  Then ``zapis ingest`` of several
   two-page scans with 1 and with 2 workers: the speed-up (target ≥ ×1.8).
3. Duplicate detection and name reconciliation on synthetic archives of 1,000 / 10,000 /
   50,000 documents: meeting dicts (``group_near_duplicates``; copies, and second meetings of
   a group on the same day) and the people of as many meetings with realistic Czech names
   (``build_people`` on ``synthetic.registry_archive``: about 14 names a meeting in lists and
   declined mentions): time, time per document, growth between sizes (×10 documents should
   cost ×10–15 time), compared pairs against all n(n−1)/2, and accuracy against the
   generator's ground truth (for people: pairwise precision and recall of the records; targets
   ≥ 99.5 % and ≥ 97 % at 50,000 documents, in under 60 s).
4. Peak memory of ``zapis ingest`` over 500 and over 2,000 small documents (synthetic .txt
   minutes plus 20 PDFs): the parent process, the largest worker, and the whole process tree
   (sum of RSS, sampled every 50 ms with psutil; shared pages of forked workers are counted in
   each of them, so the tree figure is an upper bound).
5. Profile of the text-layer pipeline (cProfile over section 1's in-process loop): the
   functions with the most own time.
6. The Czech dictionary (hunspell-cs, read with spylls) and start-up: reading the dictionary
   into the user's cache (a fresh ``XDG_CACHE_HOME``, in a separate process: what the first
   run on a machine pays once), loading that cache (what every process pays), reading one
   declined surname; and the wall time of ``zapis extract`` on a one-page text file, with the
   cache and without the dictionary (``ZAPIS_HUNSPELL=none``).

The table is printed and written with the date, machine and versions to benchmarks/results.md.
Options (for development only): ``--sizes 1000,10000`` for section 3, ``--skip 2,4``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import platform
import pstats
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hard_scans
import pymupdf
import synthetic

from zapis.archive.dedup import DedupStats, group_near_duplicates
from zapis.archive.registry import build_people
from zapis.output import model_json
from zapis.pipeline import extract_meeting
from zapis.readers import ExtractOptions, extract
from zapis.readers.pdf import SKEW_PREVIEW_DPI, ink_clip, render_page
from zapis.version import __version__

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
WORK = ROOT / "benchmarks" / ".work"
RESULTS = ROOT / "benchmarks" / "results.md"
CORES = os.cpu_count() or 1

TEXT_PDFS = 80  # documents of 1–8 pages made of the sample pages
SHORT_PDFS_PER_CORE = 200  # documents of 1–3 pages: zapis ingest against raw PyMuPDF in a fresh process
OCR_PAGES = 4  # scan pages OCRed by both zapis and the tesseract command
OCR_REPEATS = 2  # of that comparison, interleaved; the best counts
SCAN_COPIES = 2  # each sample scan this many times (9 pages each time): the 1 vs 2 workers run
DEDUP_SIZES = (1_000, 10_000, 50_000)
MEMORY_SIZES = (500, 2_000)
MEMORY_PDFS = 20


@dataclass
class Row:
    section: str
    measure: str
    value: str
    reference: str = ""
    ratio: str = ""
    target: str = ""
    verdict: str = ""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def check(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _busy_loop(_: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i
    return time.perf_counter() - start


def parallel_ceiling(workers: int = 2) -> float:
    """The speed-up this machine gives right now to ``workers`` CPU-bound processes (a busy
    loop, 1 process then ``workers`` at once): below ``workers`` when other work shares the CPUs."""
    import multiprocessing as mp

    with mp.get_context("spawn").Pool(workers) as pool:
        pool.map(_busy_loop, range(workers))  # start-up
        one = min(pool.map(_busy_loop, [0])[0] for _ in range(2))
        start = time.perf_counter()
        pool.map(_busy_loop, range(workers), chunksize=1)
        together = time.perf_counter() - start
    return workers * one / together


# ------------------------------------------------------------------------------------------
# Inputs
# ------------------------------------------------------------------------------------------


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def make_text_pdfs(folder: Path, count: int, seed: int = 1, most_pages: int = 8) -> list[Path]:
    """``count`` PDFs of 1–``most_pages`` pages drawn from the sample PDFs, each page with its own footer."""
    rng = random.Random(seed)
    sources = [pymupdf.open(p) for p in sorted((SAMPLES / "pdf").glob("*.pdf"))]
    pool = [(doc, index) for doc in sources for index in range(doc.page_count)]
    paths = []
    for k in range(count):
        out = pymupdf.open()
        pages = [rng.choice(pool) for _ in range(rng.randint(1, most_pages))]
        for n, (doc, index) in enumerate(pages, 1):
            out.insert_pdf(doc, from_page=index, to_page=index)
            footer = f"Zapis c. {k + 1}/{2020 + k % 5} - strana {n} z {len(pages)}"
            out[-1].insert_text((72, out[-1].rect.height - 30), footer, fontsize=8)
        out.set_metadata({"title": f"zapis benchmark {k}"})
        path = folder / f"doc{k:03d}.pdf"
        out.save(path, garbage=3, deflate=True)
        out.close()
        paths.append(path)
    for doc in sources:
        doc.close()
    return paths


def page_count(paths: Sequence[Path]) -> int:
    total = 0
    for path in paths:
        with pymupdf.open(path) as doc:
            total += doc.page_count
    return total


def write_minutes(folder: Path, texts: Sequence[str], pdfs: Sequence[Path]) -> Path:
    fresh_dir(folder)
    for k, text in enumerate(texts):
        (folder / f"zapis-{k:05d}.txt").write_text(text, encoding="utf-8")
    for pdf in pdfs:
        shutil.copy(pdf, folder / pdf.name)
    return folder


# ------------------------------------------------------------------------------------------
# Running zapis ingest and watching its memory
# ------------------------------------------------------------------------------------------


@dataclass
class IngestRun:
    seconds: float
    report: dict[str, Any]
    parent_rss: int = 0  # bytes, maxima over the run
    worker_rss: int = 0
    tree_rss: int = 0
    cpu: float = 0.0  # CPU seconds of the process tree (with watch_memory)


class MemorySampler:
    """Max RSS of a process, of its largest descendant and of the whole tree, every 50 ms; and the
    CPU time of every process of the tree (its last reading before it ended)."""

    def __init__(self, pid: int, watch_cpu: bool = False) -> None:
        import psutil

        self.watch_cpu = watch_cpu
        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.parent = self.worker = self.tree = 0
        self.cpu_of: dict[tuple[int, float], float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def cpu(self) -> float:
        return sum(self.cpu_of.values())

    def _cpu(self, processes: list[Any]) -> None:
        for p in processes:
            try:
                times = p.cpu_times()
                self.cpu_of[(p.pid, p.create_time())] = times.user + times.system
            except self.psutil.Error:
                pass

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                tree = [self.root, *self.root.children(recursive=True)]
                self._cpu(tree)
                parent = self.root.memory_info().rss
                children = [c.memory_info().rss for c in tree[1:]]
            except self.psutil.Error:
                children, parent = [], self.parent
            self.parent = max(self.parent, parent)
            self.worker = max([self.worker, *children])
            self.tree = max(self.tree, parent + sum(children))
            self.stop.wait(0.02 if self.watch_cpu else 0.05)

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


def zapis_ingest(folder: Path, outdir: Path, workers: int, watch_memory: bool = False, fresh: bool = True) -> IngestRun:
    """``zapis ingest folder -o outdir -j workers`` as a separate process, timed; into a fresh
    output folder with ``--force`` (``fresh``), else into what ``outdir`` holds (its cache)."""
    import json

    if fresh:
        fresh_dir(outdir)
    cmd = [sys.executable, "-m", "zapis", "ingest", str(folder), "-o", str(outdir), "-j", str(workers)]
    cmd += ["--force"] if fresh else []
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = MemorySampler(proc.pid, watch_cpu=True) if watch_memory else None
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    if sampler:
        sampler.close()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"zapis ingest failed ({proc.returncode}): {err.decode()[-500:]}")
    report = json.loads((outdir / "report.json").read_text(encoding="utf-8"))
    run = IngestRun(seconds, report)
    if sampler:
        run.parent_rss, run.worker_rss, run.tree_rss = sampler.parent, sampler.worker, sampler.tree
        run.cpu = sampler.cpu
    return run


# ------------------------------------------------------------------------------------------
# 1. Text-layer PDFs
# ------------------------------------------------------------------------------------------


def raw_pymupdf(paths: Sequence[Path]) -> int:
    chars = 0
    for path in paths:
        with pymupdf.open(path) as doc:
            chars += sum(len(page.get_text()) for page in doc)
    return chars


def raw_pdfplumber(paths: Sequence[Path]) -> int:
    import pdfplumber

    chars = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            chars += sum(len(page.extract_text() or "") for page in pdf.pages)
    return chars


def zapis_pipeline(paths: Sequence[Path]) -> int:
    return sum(len(model_json(extract_meeting(path))) for path in paths)


def best_rate(
    fn: Callable[[Sequence[Path]], Any], paths: Sequence[Path], pages: int, min_seconds: float = 2.0
) -> float:
    """Pages per second of ``fn`` over ``paths``: best of repeated passes (≥2, ≥ ``min_seconds``)."""
    fn(paths[:2])  # warm-up: imports, caches of fonts and vocabularies
    best, spent, passes = float("inf"), 0.0, 0
    while passes < 2 or spent < min_seconds:
        seconds, _ = timed(lambda: fn(paths))
        best, spent, passes = min(best, seconds), spent + seconds, passes + 1
    return pages / best


def bench_text_layer(paths: list[Path], folder: Path) -> list[Row]:
    pages = page_count(paths)
    log(f"1. text-layer PDFs: {len(paths)} documents, {pages} pages")
    mupdf = best_rate(raw_pymupdf, paths, pages)
    plumber = best_rate(raw_pdfplumber, paths, pages, min_seconds=0)
    ours = best_rate(zapis_pipeline, paths, pages)
    run = zapis_ingest(folder, WORK / "out-text", CORES)
    ingest = pages / run.seconds
    single = fresh_dir(WORK / "one-file")
    shutil.copy(paths[0], single)
    overhead = zapis_ingest(single, WORK / "out-one-file", CORES).seconds
    s = "1 text PDF"
    return [
        Row(s, f"raw PyMuPDF get_text(), {pages} pages, 1 process", f"{mupdf:.0f} pages/s"),
        Row(s, "raw pdfplumber extract_text(), same pages, 1 process", f"{plumber:.1f} pages/s"),
        Row(s, "zapis pipeline (extract_meeting + model_json), 1 process", f"{ours:.0f} pages/s",
            f"PyMuPDF {mupdf:.0f}/s", f"{ours / mupdf:.2f}", "≥ 0.50", check(ours / mupdf >= 0.5)),
        Row(s, "zapis pipeline vs pdfplumber, 1 process", f"{ours:.0f} pages/s",
            f"pdfplumber {plumber:.1f}/s", f"{ours / plumber:.1f}"),
        Row(s, f"zapis ingest -j {CORES} (CLI, fresh OUTDIR, {len(paths)} files)", f"{ingest:.0f} pages/s",
            f"{ingest / CORES:.0f} pages/s per core vs PyMuPDF {mupdf:.0f}/s", f"{ingest / CORES / mupdf:.2f}",
            "≥ 0.50", check(ingest / CORES / mupdf >= 0.5)),
        Row(s, "zapis ingest of one 1-page PDF: start-up, workers, outputs", f"{overhead:.2f} s",
            f"of {run.seconds:.2f} s for all {len(paths)} files"),
    ]  # fmt: skip


_RAW_PYMUPDF = """
import sys
from pathlib import Path
import pymupdf
pages = chars = 0
for path in sorted(Path(sys.argv[1]).iterdir()):
    with pymupdf.open(path) as doc:
        for page in doc:
            chars += len(page.get_text())
            pages += 1
print(pages, chars)
"""


@dataclass
class ProcessRun:
    seconds: float  # wall time
    cpu: float  # CPU seconds of the process tree


def raw_pymupdf_process(folder: Path) -> ProcessRun:
    """Raw PyMuPDF ``get_text()`` of every file in ``folder``, in one fresh Python process
    (its start-up and ``import pymupdf`` included, as ``zapis ingest``'s are)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _RAW_PYMUPDF, str(folder)], stdout=subprocess.DEVNULL)
    sampler = MemorySampler(proc.pid, watch_cpu=True)
    proc.wait()
    seconds = time.perf_counter() - start
    sampler.close()
    return ProcessRun(seconds, sampler.cpu)


def bench_ingest_per_core() -> list[Row]:
    """``zapis ingest -j 1`` of ~200 fresh 1–3-page PDFs per core against raw PyMuPDF on the same
    files in one fresh process; then -j 2 against -j 1, and a second run over the same folder."""
    folder = fresh_dir(WORK / "short-pdf")
    paths = make_text_pdfs(folder, SHORT_PDFS_PER_CORE * CORES, seed=15, most_pages=3)
    pages = page_count(paths)
    log(f"1. zapis ingest per core: {len(paths)} PDFs of 1–3 pages ({pages} pages) against raw PyMuPDF")
    raw_pymupdf_process(folder)  # warm-up: the files in the page cache, PyMuPDF's shared libraries
    raws, ones = [], []
    for _ in range(2):  # interleaved, best of two: both see the same load of the machine
        raws.append(raw_pymupdf_process(folder))
        ones.append(zapis_ingest(folder, WORK / "out-short-1", 1, watch_memory=True))
    raw = min(raws, key=lambda r: r.seconds)
    raw_cpu = min(r.cpu for r in raws)
    one = min(ones, key=lambda r: r.seconds)
    one_cpu = min(r.cpu for r in ones)
    ceiling = parallel_ceiling()
    two = zapis_ingest(folder, WORK / "out-short-2", min(2, CORES), watch_memory=True)
    ceiling = (ceiling + parallel_ceiling()) / 2
    again = zapis_ingest(folder, WORK / "out-short-1", 1, watch_memory=True, fresh=False)
    cached = sum(1 for f in again.report["files"] if f.get("cached"))
    ratio, cpu_ratio = raw.seconds / one.seconds, raw_cpu / one_cpu
    speedup = one.seconds / two.seconds
    mb = 1 / 2**20
    s = "1 ingest"
    return [
        Row(s, f"raw PyMuPDF get_text(), {len(paths)} PDFs of 1–3 pages ({pages} pages), one fresh process",
            f"{pages / raw.seconds:.0f} pages/s", f"{raw.seconds:.2f} s wall, {raw_cpu:.2f} s CPU"),
        Row(s, "zapis ingest -j 1 (CLI, fresh OUTDIR: start-up, worker, grouping, registries, catalog)",
            f"{pages / one.seconds:.0f} pages/s", f"{one.seconds:.2f} s wall; peak RSS parent "
            f"{one.parent_rss * mb:.0f} MB, worker {one.worker_rss * mb:.0f} MB", f"{ratio:.2f}",
            "≥ 0.50 (goal 0.70)", check(ratio >= 0.5)),
        Row(s, "the same in CPU time (process tree; robust to other work on the machine)",
            f"{one_cpu:.2f} s CPU", f"raw PyMuPDF {raw_cpu:.2f} s CPU", f"{cpu_ratio:.2f}", "≥ 0.50",
            check(cpu_ratio >= 0.5)),
        Row(s, f"zapis ingest -j 2 vs -j 1, same files ({CORES} cores)", f"{two.seconds:.2f} s vs {one.seconds:.2f} s",
            f"machine ceiling now ×{ceiling:.2f} (busy loop, 2 vs 1 processes)", f"×{speedup:.2f}", "≥ ×1.8",
            check(speedup >= 1.8) + f" ({speedup / ceiling:.0%} of the ceiling)"),
        Row(s, f"zapis ingest -j 1 again over the same folder ({cached} of {len(paths)} files from the cache, "
            "outputs rebuilt)", f"{again.seconds:.2f} s", f"{again.cpu:.2f} s CPU; fresh run {one.seconds:.2f} s"),
    ]  # fmt: skip


# ------------------------------------------------------------------------------------------
# 2. Scanned pages
# ------------------------------------------------------------------------------------------


def scan_files(count: int) -> list[Path]:
    """The first sample scans holding at least ``count`` pages together."""
    out: list[Path] = []
    for scan in sorted((SAMPLES / "scan").glob("*-scan.pdf")):
        if page_count(out) >= count:
            break
        out.append(scan)
    return out


def scan_pages(files: list[Path], folder: Path, options: ExtractOptions) -> list[tuple[Path, Any]]:
    """Every page of ``files`` rendered at the OCR resolution, as it is before deskewing:
    (PNG path, PIL image)."""
    out = []
    for scan in files:
        with pymupdf.open(scan) as doc:
            for page in doc:
                image, dpi = render_page(page, options)
                path = folder / f"{scan.stem}-p{page.number + 1}.png"
                image.save(path, dpi=(dpi, dpi))
                out.append((path, image))
    return out


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its finished children (Tesseract)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def timed_cpu(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its children) of ``fn()``."""
    cpu, start = cpu_seconds(), time.perf_counter()
    fn()
    return time.perf_counter() - start, cpu_seconds() - cpu


def tesseract_cli(path: Path, languages: str) -> None:
    """The bare command on a page image: same image, same language, same page segmentation (``--psm 3``)
    as zapis's first pass, one thread."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    cmd = ["tesseract", str(path), "stdout", "-l", languages, "--psm", "3"]
    subprocess.run(cmd, env=env, capture_output=True, check=True)


def bench_ocr() -> list[Row]:
    if shutil.which("tesseract") is None:
        return [Row("2 OCR", "tesseract is not installed", "skipped")]
    log(f"2. OCR: {OCR_PAGES} pages with the tesseract command and with zapis; zapis ingest of scans, -j 1 and -j 2")
    return [*ocr_page_rows(ExtractOptions()), hard_scans_row(ExtractOptions()), *ocr_scaling_rows()]


def ocr_page_rows(options: ExtractOptions) -> list[Row]:
    files = scan_files(OCR_PAGES)
    pages = scan_pages(files, fresh_dir(WORK / "ocr"), options)
    for path, image in pages:  # the same pixels uncompressed: what zapis hands Tesseract
        image.save(path.with_suffix(".pgm"))
    extract(files[0], options)  # warm-up: imports, language data in the page cache
    runs: dict[str, list[tuple[float, float]]] = {"png": [], "pgm": [], "pdf": [], "image": []}
    for _ in range(OCR_REPEATS):  # interleaved, best of the repeats: the machine is shared
        runs["png"].append(
            sum_times(timed_cpu(lambda p=path: tesseract_cli(p, options.ocr_languages)) for path, _ in pages)
        )
        runs["pgm"].append(
            sum_times(
                timed_cpu(lambda p=path: tesseract_cli(p.with_suffix(".pgm"), options.ocr_languages))
                for path, _ in pages
            )
        )
        # the path a scanned PDF takes: a preview for the skew, the page rendered straight, OCR, coverage check
        runs["pdf"].append(sum_times(timed_cpu(lambda f=f: extract(f, options)) for f in files))
        # the path an image file takes: the PNG decoded, straightened (a bilinear rotation), OCR, coverage check
        runs["image"].append(sum_times(timed_cpu(lambda p=path: extract(p, options)) for path, _ in pages))
    n = len(pages)
    png, pgm, pdf, image = (best(runs[k], n) for k in ("png", "pgm", "pdf", "image"))

    def ratio(ours: tuple[float, float], bare: tuple[float, float]) -> str:
        return f"{ours[0] / bare[0]:.3f} wall, {ours[1] / bare[1]:.3f} CPU"

    def verdict(ours: tuple[float, float], bare: tuple[float, float]) -> str:
        return check(ours[1] / bare[1] <= 1.05) + " (CPU)"

    def seconds(t: tuple[float, float]) -> str:
        return f"{t[0]:.2f} s/page wall, {t[1]:.2f} s CPU"

    return [
        Row("2 OCR", f"tesseract CLI (--psm 3, OMP_THREAD_LIMIT=1), {n} pages at {options.ocr_dpi} dpi, as PNG",
            seconds(png)),
        Row("2 OCR", "the same tesseract CLI on the same pages as uncompressed PGM (no PNG to decode)", seconds(pgm),
            "PNG", ratio(pgm, png)),
        Row("2 OCR", "zapis extract of the scanned PDFs holding those pages (preview, render, OCR, coverage, layer)",
            seconds(pdf), "tesseract on the PNG", ratio(pdf, png), "≤ 1.05", verdict(pdf, png)),
        Row("2 OCR", "the same, against tesseract on the PGM", seconds(pdf), "tesseract on the PGM", ratio(pdf, pgm),
            "", ""),
        Row("2 OCR", "zapis extract of the page PNGs, as for PNG/TIFF scans (decode, straighten, OCR, coverage)",
            seconds(image), "tesseract on the same PNG", ratio(image, png), "≤ 1.05", verdict(image, png)),
        *ocr_step_rows(files, options),
        ocr_cer_row(files, options),
    ]  # fmt: skip


def sum_times(times: Iterator[tuple[float, float]]) -> tuple[float, float]:
    wall = cpu = 0.0
    for w, c in times:
        wall, cpu = wall + w, cpu + c
    return wall, cpu


def best(runs: list[tuple[float, float]], pages: int) -> tuple[float, float]:
    """The fastest of the repeats (wall and CPU each), per page."""
    return min(w for w, _ in runs) / pages, min(c for _, c in runs) / pages


def ocr_step_rows(files: list[Path], options: ExtractOptions) -> list[Row]:
    """Each step of a scanned PDF page's OCR path on its own, seconds a page (the PDF path's order)."""
    from zapis.readers.ocr import estimate_skew, library
    from zapis.readers.ocr.engine import parse_tsv, run_tesseract
    from zapis.readers.ocr.prepare import even_ground, ink_mask
    from zapis.readers.ocr.regions import uncovered_regions
    from zapis.readers.ocr.words import drop_noise, drop_phantoms

    steps: dict[str, float] = {}

    def step(name: str, fn: Callable[[], Any]) -> Any:
        seconds, result = timed(fn)
        steps[name] = steps.get(name, 0.0) + seconds
        return result

    pages = 0
    for scan in files:
        with pymupdf.open(scan) as doc:
            for page in doc:
                pages += 1
                preview, _ = step(
                    f"{SKEW_PREVIEW_DPI} dpi preview", lambda p=page: render_page(p, options, dpi=SKEW_PREVIEW_DPI)
                )
                angle = step("skew search", lambda im=preview: estimate_skew(im))
                clip = step("ink clip", lambda p=page, im=preview: ink_clip(p, im))
                image, _ = step(
                    "page render (rotated, clipped)",
                    lambda p=page, a=angle, c=clip: render_page(p, options, rotate=a, clip=c),
                )
                image = step("ground (even light, dark blocks)", lambda im=image: even_ground(im))
                ink = step("ink mask", lambda im=image: ink_mask(im))
                tsv = step(
                    "Tesseract",
                    lambda im=image: (library.recognize if library.available() else run_tesseract)(
                        im, languages=options.ocr_languages, psm=3, timeout=600, dpi=options.ocr_dpi
                    ),
                )
                words = step(
                    "words: parse, phantoms, specks", lambda t=tsv, i=ink: drop_noise(drop_phantoms(parse_tsv(t), i))
                )
                step("coverage check", lambda i=ink, w=words: uncovered_regions(i, w))
    total = sum(steps.values())
    detail = ", ".join(f"{name} {seconds / pages:.3f}" for name, seconds in steps.items())
    tesseract = steps["Tesseract"]
    return [Row("2 OCR", f"steps of the PDF path, s/page: {detail}", f"{(total - tesseract) / pages:.3f} s/page "
                "around Tesseract", f"Tesseract {tesseract / pages:.2f} s", f"{total / tesseract:.2f}")]  # fmt: skip


def ocr_cer_row(files: list[Path], options: ExtractOptions) -> Row:
    """Character error rate of zapis's OCR of the sample scans against the text layer of the same minutes."""
    from rapidfuzz.distance import Levenshtein

    def compact(text: str) -> str:
        return " ".join(text.split())

    rates = []
    for scan in files:
        reference = compact(extract_meeting(SAMPLES / "pdf" / scan.name.replace("-scan", ""), options).text)
        read = compact(extract_meeting(scan, options).text)
        rates.append(Levenshtein.distance(reference, read) / len(reference))
    worst, mean = max(rates), sum(rates) / len(rates)
    measure = f"character error rate of the OCR of {len(files)} sample scans against their text layer"
    return Row("2 OCR", measure, f"mean {mean:.2%}, worst {worst:.2%}", "", "", "< 1 %", check(worst < 0.01))


def hard_scans_row(options: ExtractOptions) -> Row:
    """Character error rate of zapis's OCR of the harder scans of hard_scans.py against their text layer."""
    from rapidfuzz.distance import Levenshtein

    def text(path: Path) -> str:
        return " ".join("\n".join(p.text for p in extract(path, options).pages).split())

    rates = []
    for name, source, scanned in hard_scans.write(fresh_dir(WORK / "hard-scans")):
        truth = text(source)
        rates.append((name, Levenshtein.distance(truth, text(scanned)) / len(truth)))
    worst = max(rate for _, rate in rates)
    detail = ", ".join(f"{name} {rate:.2%}" for name, rate in rates)
    measure = "character error rate of the OCR of harder scans (benchmarks/hard_scans.py) against their text layer"
    return Row("2 OCR", measure, detail, "", "", "each < 1.5 %", check(worst < 0.015))


def ocr_scaling_rows() -> list[Row]:
    scans = fresh_dir(WORK / "scans")
    for copy in range(SCAN_COPIES):
        for scan in sorted((SAMPLES / "scan").glob("*-scan.pdf")):
            shutil.copy(scan, scans / f"{scan.stem}-{copy}.pdf")
    files = sorted(scans.iterdir())
    pages = page_count(files)
    ceiling = parallel_ceiling()
    one = zapis_ingest(scans, WORK / "out-scan-1", 1)
    two = zapis_ingest(scans, WORK / "out-scan-2", min(2, CORES))
    ceiling = (ceiling + parallel_ceiling()) / 2
    assert one.report["summary"]["pages_by_method"].get("ocr") == pages, one.report["summary"]
    speedup = one.seconds / two.seconds
    return [
        Row("2 OCR", f"zapis ingest -j 1, {len(files)} scans ({pages} pages)", f"{one.seconds / pages:.2f} s/page"),
        Row("2 OCR", f"zapis ingest, same scans, -j 2 vs -j 1 ({CORES} cores)",
            f"{two.seconds:.1f} s vs {one.seconds:.1f} s",
            f"machine ceiling now ×{ceiling:.2f} (busy loop, 2 vs 1 processes)", f"×{speedup:.2f}",
            "≈ ×2 (≥ ×1.8)", check(speedup >= 1.8) + f" ({speedup / ceiling:.0%} of the ceiling)"),
    ]  # fmt: skip


# ------------------------------------------------------------------------------------------
# 3. Duplicate detection and name reconciliation
# ------------------------------------------------------------------------------------------


@dataclass
class ScaleRun:
    n: int
    seconds: float
    compared: int
    all_pairs: int
    note: str
    scores: tuple[float, float] | None = None  # people: pairwise precision and recall


def dedup_run(n: int) -> ScaleRun:
    docs = synthetic.meeting_dicts(n, seed=n)
    stats = DedupStats()
    seconds, groups = timed(lambda: group_near_duplicates(docs, stats))
    truths = len({d.truth for d in docs})
    mixed = sum(len({d.truth for d in g}) > 1 for g in groups)
    groups_of: dict[int, set[int]] = {}
    for k, group in enumerate(groups):
        for d in group:
            groups_of.setdefault(d.truth, set()).add(k)
    split = sum(len(ks) > 1 for ks in groups_of.values())  # by design: copies whose date was misread
    ids: dict[str, set[int]] = {}
    for d in docs:
        ids.setdefault(d.meeting_id, set()).add(d.truth)
    same_day = sum(len(t) - 1 for t in ids.values())
    note = (f"{len(groups)} groups for {truths} meetings ({same_day} on the same day as another of their "
            f"group, under its id): {mixed} mixed, {split} split")  # fmt: skip
    return ScaleRun(n, seconds, stats.candidate_pairs, n * (n - 1) // 2, note)


def registry_run(n: int) -> ScaleRun:
    archive = synthetic.registry_archive(n, seed=n)
    occurrences = archive.occurrences
    seconds, registry = timed(lambda: build_people(occurrences))
    records = [registry.lookup(o.name, o.meeting_id) for o in occurrences]
    predicted = [r.person_id if r is not None else "" for r in records]
    precision, recall = synthetic.pairwise_scores(predicted, archive.truth)
    names = len({o.name for o in occurrences})
    note = (f"{len(occurrences):,} names ({names:,} spellings) of {archive.people:,} people → "
            f"{len(registry.records):,} records; pairwise precision {100 * precision:.2f} %, "
            f"recall {100 * recall:.2f} %")  # fmt: skip
    run = ScaleRun(n, seconds, registry.comparisons, names * (names - 1) // 2, note)
    run.scores = (precision, recall)
    return run


def scale_rows(section: str, what: str, runs: list[ScaleRun]) -> list[Row]:
    rows = []
    for prev, run in zip([None, *runs], runs, strict=False):
        growth, target, verdict = "", "", ""
        if prev is not None:
            factor = run.n / prev.n
            growth = f"×{run.seconds / prev.seconds:.1f} time for ×{factor:.0f} size"
            target = f"≤ ×{1.5 * factor:g}"
            verdict = check(run.seconds / prev.seconds <= 1.5 * factor)
        rows.append(Row(section, f"{what} n={run.n:,}: {run.note}",
                        f"{run.seconds:.2f} s ({1000 * run.seconds / run.n:.2f} ms/doc)",
                        f"{run.compared:,} pairs of {run.all_pairs:,}", f"{run.compared / run.all_pairs:.2e}",
                        target, verdict + (f" ({growth})" if growth else "")))  # fmt: skip
    return rows


def bench_scale(sizes: Sequence[int]) -> list[Row]:
    dedup_run(200), registry_run(200)  # warm-up: imports, vocabularies, LSH parameters
    dedup, people = [], []
    for n in sizes:
        log(f"3. dedup and registry, n={n:,}")
        dedup.append(dedup_run(n))
        people.append(registry_run(n))
    rows = scale_rows("3 dedup", "group_near_duplicates", dedup) + scale_rows("3 people", "build_people", people)
    last = people[-1]
    if last.scores is not None:
        precision, recall = last.scores
        ok = precision >= 0.995 and recall >= 0.97 and last.seconds < 60
        rows.append(Row("3 people", f"person registry, {last.n:,} documents with realistic Czech names: pairwise "
                        "precision / recall, and time", f"{100 * precision:.2f} % / {100 * recall:.2f} %",
                        f"{last.seconds:.1f} s", "", "≥ 99.5 % / ≥ 97 %, < 60 s", check(ok)))  # fmt: skip
    return rows


# ------------------------------------------------------------------------------------------
# 4. Memory
# ------------------------------------------------------------------------------------------


def bench_memory(pdfs: Sequence[Path]) -> list[Row]:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return [Row("4 memory", "psutil is not installed (pip install psutil)", "skipped")]
    texts = synthetic.minutes_texts(max(MEMORY_SIZES))
    runs = []
    for n in MEMORY_SIZES:
        log(f"4. memory: zapis ingest of {n} .txt + {len(pdfs)} PDFs")
        folder = write_minutes(WORK / f"mem-{n}", texts[:n], pdfs)
        runs.append((n, zapis_ingest(folder, WORK / f"out-mem-{n}", CORES, watch_memory=True)))
    mb = 1 / 2**20
    rows = []
    for n, run in runs:
        files = run.report["summary"]["ok"]
        rows.append(Row("4 memory", f"zapis ingest -j {CORES}, {n} .txt + {len(pdfs)} PDFs ({files} read, "
                        f"{run.seconds:.0f} s, {files / run.seconds:.0f} files/s)",
                        f"parent {run.parent_rss * mb:.0f} MB", f"largest worker {run.worker_rss * mb:.0f} MB, "
                        f"tree {run.tree_rss * mb:.0f} MB"))  # fmt: skip
    (n1, small), (n2, large) = runs[0], runs[-1]
    peaks = {"parent": (small.parent_rss, large.parent_rss), "largest worker": (small.worker_rss, large.worker_rss),
             "tree": (small.tree_rss, large.tree_rss)}  # fmt: skip
    for label, (a, b) in peaks.items():
        per_doc = (b - a) / (n2 - n1) / 1024
        rows.append(Row("4 memory", f"{label} peak RSS, {n2} vs {n1} documents",
                        f"{(b - a) * mb:+.0f} MB ({per_doc:+.0f} KB per document)", f"{a * mb:.0f} → {b * mb:.0f} MB",
                        f"×{b / a:.2f}", "flat (≤ ×1.2)", check(b / a <= 1.2)))  # fmt: skip
    return rows


# ------------------------------------------------------------------------------------------
# 5. Profile
# ------------------------------------------------------------------------------------------


STAGES = (  # (file, function, label) of the pipeline's stages, for their cumulative time
    ("zapis/readers/__init__.py", "extract_bytes", "extract: PDF → pages of text"),
    ("zapis/readers/pdf.py", "pymupdf_text", "  of which PyMuPDF text + reading order"),
    ("zapis/readers/quality.py", "text_layer_problem", "  of which text-layer quality checks"),
    ("zapis/normalize/__init__.py", "normalize_pages", "normalize"),
    ("zapis/parse/__init__.py", "parse_meeting", "parse"),
    ("zapis/pipeline.py", "build_meeting", "build the Meeting (pydantic validation)"),
    ("zapis/output.py", "model_json", "JSON"),
)


def bench_profile(paths: Sequence[Path], top: int = 10) -> list[Row]:
    """Where section 1's pipeline spends its time: stages (cumulative), then hot spots: own time
    of each Python function plus the C functions it calls directly (re, str.join, PyMuPDF …)."""
    log("5. profile of the text-layer pipeline")
    zapis_pipeline(paths[:2])
    profiler = cProfile.Profile()
    profiler.runcall(zapis_pipeline, paths)
    entries = pstats.Stats(profiler, stream=io.StringIO()).stats  # type: ignore[attr-defined]
    total = sum(tt for _cc, _nc, tt, _ct, _callers in entries.values())
    rows = []
    for file, function, label in STAGES:
        cumulative = sum(ct for (f, _, fn), (_, _, _, ct, _) in entries.items() if f.endswith(file) and fn == function)
        rows.append(Row("5 stages", label, f"{100 * cumulative / total:.0f} % of the time", f"{cumulative:.2f} s"))
    own: dict[tuple[str, int, str], float] = {}
    for func, (_cc, _nc, tt, _ct, callers) in entries.items():
        if func[0] != "~":
            own[func] = own.get(func, 0.0) + tt
            continue
        for caller, (_, _, edge_tt, _) in callers.items():  # a C function: its time goes to its caller
            key = caller if caller[0] != "~" else func
            own[key] = own.get(key, 0.0) + edge_tt
    for (filename, line, function), seconds in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        calls = entries[(filename, line, function)][1]
        rows.append(Row("5 hot spots", f"{_short(filename)}:{line} {function}", f"{100 * seconds / total:.1f} %",
                        f"{seconds:.2f} s incl. the C calls it makes", f"{calls:,} calls"))  # fmt: skip
    return rows


PROFILE = ROOT / "benchmarks" / "profile.txt"


def pyinstrument_profile(paths: Sequence[Path], lines: int = 40) -> None:
    """pyinstrument's call tree of what ``zapis ingest -j 1`` does for ``paths``: the worker's
    part (the pipeline, in this process) and the parent's (the run with its worker waiting
    shown as ``wait``), written to benchmarks/profile.txt."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return
    from zapis.archive import IngestSettings, ingest_directory

    zapis_pipeline(paths[:2])
    parts = []
    for title, work in (
        ("worker: extract_meeting + model_json of every file", lambda: zapis_pipeline(paths)),
        ("parent: ingest_directory -j 1 (the worker's time is the wait)",
         lambda: ingest_directory(paths[0].parent, fresh_dir(WORK / "out-profile"), IngestSettings(workers=1))),
    ):  # fmt: skip
        profiler = Profiler(interval=0.001)
        profiler.start()
        work()
        profiler.stop()
        text = profiler.output_text(unicode=True, color=False, show_all=False)
        body = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith(("_", "/", "Recorded"))]
        parts.append(f"## {title}\n\n" + "\n".join(body[:lines]) + "\n")
    PROFILE.write_text("# pyinstrument profile of zapis ingest (make bench)\n\n" + "\n".join(parts), encoding="utf-8")


def _short(filename: str) -> str:
    for marker in ("site-packages/", str(ROOT) + "/", "/lib/python3.11/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


# ------------------------------------------------------------------------------------------
# 6. The Czech dictionary and start-up
# ------------------------------------------------------------------------------------------

_BUILD = """
import sys, time
from zapis.lang.morphology import DICTIONARY, load_morphology
start = time.perf_counter()
m = load_morphology(DICTIONARY)
print(time.perf_counter() - start, int(m.built), len(m.words))
"""


_LOOKUP = """
import time
from zapis.lang import load, surname_lemmas
words = [n + e for n in load("frequent_names")["surnames"] for e in ("ovi", "em", "a")]
surname_lemmas("Novákovi")  # loads the dictionary
start = time.perf_counter()
for word in words:
    surname_lemmas(word)
print((time.perf_counter() - start) / len(words))
"""


def _python(code: str, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _cli_seconds(args: list[str], env: dict[str, str], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "zapis", *args], env=env, capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def bench_dictionary() -> list[Row]:
    from zapis.lang.morphology import dictionary_base

    s = "6 names"
    if dictionary_base() is None:
        return [Row(s, "the Czech dictionary (hunspell-cs) is not installed", "skipped")]
    log("6. Czech dictionary: cache build, cache load, zapis extract start-up")
    env = dict(os.environ)
    env.pop("ZAPIS_HUNSPELL", None)
    cold = dict(env, XDG_CACHE_HOME=str(fresh_dir(WORK / "xdg-cache")))
    build_seconds, built, entries = _python(_BUILD, cold).split()
    load_seconds, again, _ = _python(_BUILD, cold).split()
    assert built == "1" and again == "0", "the cache was not built once and then read"
    lookup = _python(_LOOKUP, cold)
    text = WORK / "mentions.txt"
    text.write_text((SAMPLES / "txt" / "000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    warm = _cli_seconds(["extract", str(text)], cold)
    bare = _cli_seconds(["extract", str(text)], dict(env, ZAPIS_HUNSPELL="none"))
    return [
        Row(s, f"read hunspell-cs with spylls into the user's cache ({int(entries):,} proper names; once per "
            "machine)", f"{float(build_seconds):.1f} s"),
        Row(s, "load that cache (once per process)", f"{1000 * float(load_seconds):.0f} ms"),
        Row(s, "nominative candidates of one declined surname (dictionary and rules, uncached)",
            f"{1e6 * float(lookup):.0f} µs"),
        Row(s, "zapis extract of a one-page .txt (CLI wall time, start-up included), with the dictionary",
            f"{warm:.2f} s", f"without it (ZAPIS_HUNSPELL=none) {bare:.2f} s", f"{warm / bare:.2f}"),
    ]  # fmt: skip


# ------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------


def table(rows: Sequence[Row]) -> str:
    head = ["§", "measure", "value", "compared with", "ratio", "target", "verdict"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.section, r.measure, r.value, r.reference, r.ratio, r.target, r.verdict]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def versions() -> Iterator[str]:
    import datasketch
    import numpy
    import pdfplumber

    yield f"Python {platform.python_version()}, zapis {__version__}, PyMuPDF {pymupdf.VersionBind}"
    yield f"pdfplumber {pdfplumber.__version__}, datasketch {datasketch.__version__}, numpy {numpy.__version__}"
    if shutil.which("tesseract"):
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
        yield (out.stdout or out.stderr).splitlines()[0]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def header(started: float, load_before: str) -> str:
    minutes = (time.perf_counter() - started) / 60
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return "\n".join([
        f"# zapis benchmarks, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "",
        f"- machine: {CORES} cores, {cpu_model()}, {platform.system()} {platform.release()}",
        f"- versions: {'; '.join(versions())}",
        f"- run time {minutes:.1f} min; load average before {load_before}, after {load_after}",
        "- how each figure is measured: the docstring of benchmarks/run.py",
        "",
        "",
    ])  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEDUP_SIZES)), help="section 3 sizes")
    parser.add_argument("--skip", default="", help="sections to skip, e.g. 2,4")
    args = parser.parse_args(argv)
    skip = set(args.skip.split(","))
    started, load_before = time.perf_counter(), " ".join(f"{x:.2f}" for x in os.getloadavg())
    fresh_dir(WORK)
    pdf_folder = fresh_dir(WORK / "pdf")
    pdfs = make_text_pdfs(pdf_folder, TEXT_PDFS)
    rows: list[Row] = []
    if "1" not in skip:
        rows += bench_ingest_per_core()
        rows += bench_text_layer(pdfs, pdf_folder)
    if "2" not in skip:
        rows += bench_ocr()
    if "3" not in skip:
        rows += bench_scale([int(s) for s in args.sizes.split(",")])
    if "4" not in skip:
        rows += bench_memory(pdfs[:MEMORY_PDFS])
    if "5" not in skip:
        rows += bench_profile(pdfs)
        pyinstrument_profile(sorted((WORK / "short-pdf").glob("*.pdf")) or pdfs)
    if "6" not in skip:
        rows += bench_dictionary()
    text = table(rows)
    print(text)
    RESULTS.write_text(header(started, load_before) + text + "\n", encoding="utf-8")
    log(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
