"""An archive of bad files: every one gets a clear error entry, the good ones still come out,
nothing is written outside OUTDIR, and a killed run resumes without redoing work."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from zapis.archive import IngestSettings, ingest_directory
from zapis.readers import ExtractOptions

from .conftest import SAMPLES

ZAPIS = [sys.executable, "-m", "zapis"]
GOOD = (
    "Zápis z jednání komise sociální\n{day}. září 2022, 13:00 hod, radnice\n"
    "Přítomni: Jana Nováková, Petr Svoboda\nZapsal: Petr Svoboda\n"
)


def _minutes(day: int) -> str:
    return GOOD.format(day=day)


def _encrypted_pdf(path: Path, password: str) -> None:
    doc = pymupdf.open(SAMPLES / "pdf" / "000.pdf")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw=password)


def _huge_pdf(path: Path, pages: int) -> None:
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page(width=100, height=100)
    doc.save(path, garbage=0)


def _bomb_png(path: Path) -> None:
    # 20,000 × 20,000 one-bit pixels compress to a few kilobytes
    Image.new("1", (20_000, 20_000), 1).save(path, optimize=True)


def _zip_bomb_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\x00" * (350 * 1024 * 1024))


def build_bad_archive(root: Path) -> dict[str, str]:
    """The inputs and the error kind each must get (``ok`` for the good ones)."""
    root.mkdir(parents=True)
    expected = {}
    for name, day in (("dobrý zápis.txt", 1), ("řádek\nnový.txt", 2), ("  mezery  .txt", 3)):
        (root / name).write_text(_minutes(day), encoding="utf-8")
        expected[name] = "ok"
    (root / "nula.txt").write_bytes(b"")
    expected["nula.txt"] = "empty"
    sample = (SAMPLES / "pdf" / "002.pdf").read_bytes()
    (root / "useknuty.pdf").write_bytes(sample[: len(sample) // 3])
    expected["useknuty.pdf"] = "corrupt"
    (root / "neni-pdf.pdf").write_text("Toto není PDF, jen text s příponou.", encoding="utf-8")
    expected["neni-pdf.pdf"] = "corrupt"
    _encrypted_pdf(root / "tajny.pdf", "heslo")
    expected["tajny.pdf"] = "encrypted"
    _huge_pdf(root / "tisic-stran.pdf", 120)
    expected["tisic-stran.pdf"] = "too_large"  # with --max-pages 100
    _bomb_png(root / "bomba.png")
    expected["bomba.png"] = "too_large"
    _zip_bomb_docx(root / "bomba.docx")
    expected["bomba.docx"] = "too_large"
    (root / "tabulka.ods").write_bytes(b"PK\x03\x04" + b"\x00" * 30)
    expected["tabulka.ods"] = "unsupported"
    os.symlink(root / "neexistuje.txt", root / "rozbity-odkaz.txt")
    expected["rozbity-odkaz.txt"] = "unreadable"
    os.symlink(root / "smycka-b", root / "smycka-a")
    os.symlink(root / "smycka-a", root / "smycka-b")
    expected["smycka-a"] = expected["smycka-b"] = "unreadable"
    outside = root.parent / "mimo.txt"
    outside.write_text(_minutes(9), encoding="utf-8")
    os.symlink(outside, root / "odkaz-ven.txt")
    expected["odkaz-ven.txt"] = "skipped"
    return expected


def test_every_bad_input_gets_its_error_and_good_files_come_out(tmp_path: Path):
    archive = tmp_path / "archiv"
    expected = build_bad_archive(archive)
    before = {p for p in tmp_path.rglob("*")}
    out = tmp_path / "out"
    settings = IngestSettings(options=ExtractOptions(max_pages=100), workers=2, timeout=120)
    report = ingest_directory(archive, out, settings)
    got = {f.path: f for f in report.files}
    assert set(got) == set(expected)
    for name, kind in expected.items():
        entry = got[name]
        if kind == "ok":
            assert entry.status == "ok", entry
        elif kind == "skipped":
            assert entry.status == "skipped" and "--follow-links" in entry.reason
        else:
            assert (entry.status, entry.kind) == ("error", kind), entry
            assert entry.reason and "\n" not in entry.reason and len(entry.reason) < 200
    assert "--password" in got["tajny.pdf"].reason
    assert "--max-pages" in got["tisic-stran.pdf"].reason
    assert "20000" in got["bomba.png"].reason.replace(" ", "").replace(",", "")
    assert len(list((out / "meetings").glob("*.json"))) == 3
    assert report.summary.errors_by_kind["too_large"] == 3
    # nothing was written outside OUTDIR, and the input folder is untouched
    created = {p for p in tmp_path.rglob("*")} - before
    assert all(out in p.parents or p == out for p in created)


def test_encrypted_pdf_opens_with_the_password(tmp_path: Path):
    archive = tmp_path / "archiv"
    archive.mkdir()
    _encrypted_pdf(archive / "tajny.pdf", "heslo")
    report = ingest_directory(archive, tmp_path / "out", IngestSettings(options=ExtractOptions(password="heslo")))
    assert report.files[0].status == "ok"
    assert report.files[0].meeting_id.startswith("2022-09-19_")


def test_a_file_over_the_time_limit_is_stopped_and_the_rest_finishes(tmp_path: Path):
    # The stuck file never finishes and the other takes a fraction of its limit on any machine,
    # however busy: the outcome does not depend on the machine's speed.
    from .plugins.ocr_engines import Stuck

    archive = tmp_path / "archiv"
    archive.mkdir()
    shutil.copy(SAMPLES / "scan" / "002-scan.pdf", archive / "zaseknuty-sken.pdf")  # its OCR never answers
    (archive / "rychly.txt").write_text(_minutes(5), encoding="utf-8")
    settings = IngestSettings(options=ExtractOptions(ocr_engine=Stuck()), workers=2, timeout=10.5)
    report = ingest_directory(archive, tmp_path / "out", settings)
    got = {f.path: f for f in report.files}
    assert (got["zaseknuty-sken.pdf"].kind, got["zaseknuty-sken.pdf"].reason) == (
        "timeout",
        "took longer than 10.5 s (raise --timeout for huge files)",  # 10.5, not "10" or "11"
    )
    assert got["rychly.txt"].status == "ok", got["rychly.txt"]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    archive = tmp_path / "archiv"
    archive.mkdir()
    secret = archive / "tajne.txt"
    secret.write_text(_minutes(6), encoding="utf-8")
    (archive / "verejne.txt").write_text(_minutes(7), encoding="utf-8")
    os.chmod(secret, 0)
    if os.geteuid() == 0:
        # root reads any file whatever its mode: inject the error the kernel gives other users
        real_open = os.open

        def open_(path, flags, *args):  # type: ignore[no-untyped-def]
            if Path(path).name == "tajne.txt":
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args)

        monkeypatch.setattr(os, "open", open_)
    report = ingest_directory(archive, tmp_path / "out", IngestSettings(workers=1))
    got = {f.path: f for f in report.files}
    assert got["tajne.txt"].kind == "unreadable" and "permission denied" in got["tajne.txt"].reason
    assert "chmod" in got["tajne.txt"].reason
    assert got["verejne.txt"].status == "ok"


def _outputs(out: Path) -> dict[str, bytes]:
    files = [*sorted(out.glob("meetings/*.json")), out / "people.json", out / "organizations.json"]
    return {str(p.relative_to(out)): p.read_bytes() for p in files}


def _small_archive(root: Path, n: int) -> None:
    root.mkdir(parents=True)
    for i in range(n):
        (root / f"zapis-{i:03d}.txt").write_text(
            _minutes(1 + i % 28).replace("sociální", f"číslo {i}"), encoding="utf-8"
        )
    for kind, name in (("pdf", "002.pdf"), ("docx", "004.docx"), ("txt", "003.txt")):
        shutil.copy(SAMPLES / kind / name, root / name)


def test_two_runs_give_identical_outputs_and_the_second_extracts_nothing(tmp_path: Path):
    archive = tmp_path / "archiv"
    _small_archive(archive, 12)
    out = tmp_path / "out"
    first = ingest_directory(archive, out, IngestSettings(workers=2))
    outputs = _outputs(out)
    second = ingest_directory(archive, out, IngestSettings(workers=2))
    assert _outputs(out) == outputs
    assert first.summary.extracted == 15
    assert second.summary.extracted == 0 and second.summary.from_cache == 15
    (archive / "zapis-000.txt").write_text(_minutes(20), encoding="utf-8")  # a changed file is redone
    third = ingest_directory(archive, out, IngestSettings(workers=2))
    assert third.summary.extracted == 1


def test_killed_run_resumes_and_matches_an_uninterrupted_one(tmp_path: Path):
    archive = tmp_path / "archiv"
    _small_archive(archive, 40)
    shutil.copy(SAMPLES / "scan" / "003-scan.pdf", archive / "zz-sken.pdf")  # slow, processed last
    reference = tmp_path / "reference"
    ingest_directory(archive, reference, IngestSettings(workers=1))

    out = tmp_path / "out"
    proc = subprocess.Popen([*ZAPIS, "ingest", str(archive), "-o", str(out), "-j", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    cache = out / ".cache"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(cache.rglob("*.json"))) < 10:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its workers, in the middle of the run
    proc.wait()
    done_before = len(list(cache.rglob("*.json")))
    assert 10 <= done_before < 44, "the kill should land in the middle of the run"
    assert not (out / "report.json").exists()
    assert not [p for p in out.rglob("*") if p.is_file() and p.suffix == ".json" and p.stat().st_size == 0]

    report = ingest_directory(archive, out, IngestSettings(workers=1))
    assert report.summary.extracted == 44 - done_before
    assert _outputs(out) == _outputs(reference)
