"""Faults, signals and concurrency: nothing is lost, nothing is left behind.

Runs into one OUTDIR at once, outputs that cannot be written (read-only, full disk, a link or
a device in the way), SIGTERM / Ctrl-C / SIGKILL of the command (checked by PID: no worker and
no Tesseract outlives it), temporary files of killed runs, the per-file time limit on a busy
machine, and internal errors of every command.  Tesseract is replaced by a script on PATH that
records its PID and never answers, so the tests do not depend on the speed of the machine.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from zapis.archive import IngestSettings, ingest_directory
from zapis.cli import main
from zapis.readers import ExtractOptions

from .conftest import SAMPLES
from .plugins import ocr_engines

ZAPIS = str(Path(sys.executable).with_name("zapis"))  # the installed command, as a user runs it
MINUTES = (
    "Zápis z jednání komise sociální\n{day}. září 2022, 13:00 hod, radnice\n"
    "Přítomni: Jana Nováková, Petr Svoboda\nZapsal: Petr Svoboda\n"
)
SCAN = SAMPLES / "scan" / "000-scan.pdf"
WAIT = 120.0  # seconds the tests wait for something that should take a second: only a hang fails


def _archive(root: Path, days: tuple[int, ...] = (1, 2, 3), scans: int = 0) -> Path:
    root.mkdir(parents=True)
    for day in days:
        (root / f"zapis-{day:02d}.txt").write_text(MINUTES.format(day=day), encoding="utf-8")
    for i in range(scans):
        shutil.copy(SCAN, root / f"sken-{i}.pdf")
    return root


def _one_error(stderr: str) -> str:
    """The one line of error a stopped command prints (progress lines may come before it)."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("zapis: error:")]
    assert len(errors) == 1 and stderr.endswith(errors[0] + "\n"), stderr
    return errors[0]


def _tree(root: Path) -> dict[str, bytes]:
    """Every file of an output folder but the cache and the lock, with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and p.name != ".zapis.lock"
    }


class FakeTesseract:
    """A ``tesseract`` on PATH that writes its PID to a file and then waits, for ever or until
    ``release()``; then it fails (exit 1)."""

    def __init__(self, root: Path) -> None:
        self.bin = root / "bin"
        self.bin.mkdir(parents=True)
        self.pids = root / "tesseract.pids"
        self.gate = root / "release"
        script = self.bin / "tesseract"
        script.write_text(
            f'#!/bin/sh\necho $$ >> "{self.pids}"\nwhile [ ! -e "{self.gate}" ]; do sleep 0.1; done\nexit 1\n',
            encoding="utf-8",
        )
        script.chmod(0o755)
        self.tmp = root / "system-tmp"  # the system's temporary folder for the command
        self.tmp.mkdir()

    def env(self) -> dict[str, str]:
        # the fake is a command: zapis must run the command, not the library in its process
        return dict(
            os.environ, PATH=f"{self.bin}:{os.environ['PATH']}", TMPDIR=str(self.tmp), ZAPIS_TESSERACT="command"
        )

    def started(self) -> list[int]:
        try:
            return [int(x) for x in self.pids.read_text().split()]
        except FileNotFoundError:
            return []

    def wait_for(self, count: int) -> list[int]:
        deadline = time.monotonic() + WAIT
        while len(self.started()) < count:
            assert time.monotonic() < deadline, "Tesseract was never started"
            time.sleep(0.05)
        return self.started()

    def release(self) -> None:
        self.gate.touch()


def _from_a_terminal() -> None:
    """Ctrl-C as a terminal gives it: a command started in the background of a script inherits
    SIGINT ignored (and then rightly ignores it), a command run from a terminal does not."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _alive(pid: int) -> bool:
    """Running (a zombie, dead but not yet reaped by its parent, is not running)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def _descendants(pid: int) -> set[int]:
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _all_end(pids: set[int]) -> set[int]:
    """The PIDs still running once they had time to end."""
    deadline = time.monotonic() + WAIT
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return {p for p in pids if _alive(p)}


# --- 3. two runs into one OUTDIR -----------------------------------------------------------------


def test_a_second_run_into_the_same_outdir_is_refused_while_the_first_runs(tmp_path: Path):
    tesseract = FakeTesseract(tmp_path)
    first_input = _archive(tmp_path / "prvni", days=(1, 2), scans=1)
    second_input = _archive(tmp_path / "druhy", days=(7, 8, 9))
    out = tmp_path / "out"
    first = subprocess.Popen(
        [ZAPIS, "ingest", str(first_input), "-o", str(out), "-j", "1"],
        env=tesseract.env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        tesseract.wait_for(1)  # the first run is under way (it reads the scan)
        for archive in (second_input, first_input):  # another folder, or the same one again
            second = subprocess.run(
                [ZAPIS, "ingest", str(archive), "-o", str(out)], env=tesseract.env(), capture_output=True, text=True
            )
            assert second.returncode == 2
            assert second.stderr.count("\n") == 1
            assert f"another zapis ingest (process {first.pid}) is writing to {out}" in second.stderr
        tesseract.release()
        assert first.wait(WAIT) == 1, first.stderr  # the scan failed in the fake Tesseract, the rest was read
    finally:
        first.kill()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    listed = {f["meeting_id"] for f in report["files"] if f["meeting_id"]}
    assert len(listed) == 2 and all((out / "meetings" / f"{m}.json").is_file() for m in listed)
    # once the first has finished, the second runs, and OUTDIR holds its meetings only
    second = subprocess.run([ZAPIS, "ingest", str(second_input), "-o", str(out)], capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    listed = {f["meeting_id"] for f in report["files"]}
    assert {p.stem for p in (out / "meetings").iterdir()} == listed and len(listed) == 3


# --- 4. outputs that cannot be written -----------------------------------------------------------


def _deny_writes(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Root writes anywhere whatever the modes: give it the error the kernel gives other users."""
    if os.geteuid() != 0:
        return
    real_open, real_mkdir = os.open, os.mkdir

    def denied(path: object) -> bool:
        return Path(os.fspath(path)).resolve().is_relative_to(folder.resolve())  # type: ignore[arg-type]

    def open_(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and denied(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    def mkdir(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if denied(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "mkdir", mkdir)


@pytest.mark.parametrize("read_only", ["outdir", "meetings"])
def test_a_read_only_output_is_one_line_and_the_old_outputs_stay_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read_only: str
):
    archive = _archive(tmp_path / "archiv")
    out = tmp_path / "out"
    ingest_directory(archive, out, IngestSettings(workers=1))
    before = _tree(out)
    (archive / "zapis-04.txt").write_text(MINUTES.format(day=4), encoding="utf-8")  # a run with news to write
    (archive / "zapis-01.txt").unlink()  # and a meeting to remove
    locked = out if read_only == "outdir" else out / "meetings"
    for p in [locked, *locked.iterdir()] if read_only == "meetings" else [locked]:
        p.chmod(p.stat().st_mode & ~0o222)
    _deny_writes(monkeypatch, locked)
    try:
        result = CliRunner().invoke(main, ["ingest", str(archive), "-o", str(out), "-j", "1"])
    finally:
        for p in [locked, *locked.iterdir()]:
            p.chmod(p.stat().st_mode | 0o200)
    assert result.exit_code == 2, result.output
    assert "Permission denied (no permission to write there" in _one_error(result.stderr)
    assert _tree(out) == before
    assert not (out / ".zapis-tmp").exists() and not (out / ".zapis-publish").exists()


def _limit_file_size(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # writes past it fail (EFBIG), as on a full disk


def test_a_full_disk_is_one_line_exit_2_and_the_old_outputs_stay_whole(tmp_path: Path):
    archive = _archive(tmp_path / "archiv", days=tuple(range(1, 11)))
    reference = tmp_path / "reference"
    ingest_directory(archive, reference, IngestSettings(workers=1))
    biggest = max(p.stat().st_size for p in reference.rglob("*.json"))
    catalog = (reference / "zapis.sqlite").stat().st_size
    assert catalog > 2 * biggest  # a limit between them lets the run go on until it writes the catalog
    limit = (biggest + catalog) // 2

    out = tmp_path / "out"
    ingest_directory(_archive(tmp_path / "stary", days=(20, 21)), out, IngestSettings(workers=1))  # earlier outputs
    before = _tree(out)
    proc = subprocess.run(
        [ZAPIS, "ingest", str(archive), "-o", str(out), "-j", "1"],
        capture_output=True, text=True, preexec_fn=lambda: _limit_file_size(limit),
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    error = _one_error(proc.stderr)
    assert f"cannot write the catalog {out}/zapis.sqlite: disk I/O error (the disk may be full)" in error
    assert _tree(out) == before  # not one new meeting beside the old report
    assert not [p for p in out.rglob("*") if p.name.endswith((".tmp", "-journal"))]
    # with room again, the run finishes (the files read before are not read again)
    report = ingest_directory(archive, out, IngestSettings(workers=1))
    assert report.summary.extracted == 0 and _tree(out).keys() == _tree(reference).keys()


def test_extract_and_diff_never_replace_a_link_a_device_or_a_pipe(tmp_path: Path):
    minutes = SAMPLES / "txt" / "000.txt"
    target = tmp_path / "cil.txt"
    target.write_text("keep me", encoding="utf-8")
    (tmp_path / "odkaz.json").symlink_to(target)
    os.mkfifo(tmp_path / "roura")
    places = ["odkaz.json", "roura"]
    if os.geteuid() == 0:  # as root, the device that was once replaced by a file
        os.mknod(tmp_path / "full", stat.S_IFCHR | 0o666, os.makedev(1, 7))
        places.append("full")
    for place in places:
        for args in (["extract", str(minutes)], ["diff", str(minutes), str(SAMPLES / "txt" / "001.txt")]):
            result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / place)])
            assert result.exit_code == 2, (place, result.output)
            assert result.stderr.count("\n") == 1 and "zapis replaces only regular files" in result.stderr
    assert (tmp_path / "odkaz.json").is_symlink() and target.read_text(encoding="utf-8") == "keep me"
    assert stat.S_ISFIFO((tmp_path / "roura").lstat().st_mode)
    if "full" in places:
        assert stat.S_ISCHR((tmp_path / "full").lstat().st_mode)
    # a folder that cannot be made (a file stands in its way): one line too
    result = CliRunner().invoke(main, ["extract", str(minutes), "-o", str(target / "out.json")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "Not a directory (a part of the path is a file, not a folder)" in result.stderr


# --- 6. signals, and what killed runs leave behind --------------------------------------------------


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_a_stopped_run_leaves_no_worker_and_no_tesseract_running(tmp_path: Path, how: str):
    tesseract = FakeTesseract(tmp_path)
    archive = _archive(tmp_path / "archiv", scans=2)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [ZAPIS, "ingest", str(archive), "-o", str(out), "-j", "3"],
        env=tesseract.env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=_from_a_terminal,
    )  # fmt: skip
    try:
        ocr = set(tesseract.wait_for(2))  # two workers wait for their Tesseract …
        deadline = time.monotonic() + WAIT
        while len(list((out / ".cache").rglob("*.json"))) < 3:  # … the third has read the text files
            assert time.monotonic() < deadline
            time.sleep(0.05)
        processes = _descendants(proc.pid) | ocr  # the fork server, the workers, Tesseract
        assert len(processes) >= 6
        if how == "SIGINT":
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals every process of the command
        else:
            os.kill(proc.pid, getattr(signal, how))
        proc.wait(WAIT)
        assert _all_end(processes) == set()
    finally:
        proc.kill()
        tesseract.release()
    stderr = proc.stderr.read() if proc.stderr else ""
    if how == "SIGKILL":
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == (130 if how == "SIGINT" else 143)
        assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
        assert "the files read so far are kept" in stderr
        assert not (out / ".zapis-tmp").exists() and list(tesseract.tmp.iterdir()) == []
    assert not (out / "report.json").exists()
    # the next run picks up the work (and what a killed run left in OUTDIR is gone)
    again = subprocess.run([ZAPIS, "ingest", str(archive), "-o", str(out)], env=tesseract.env(), capture_output=True)
    assert again.returncode == 1  # the scans fail in the fake Tesseract, now released
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["summary"]["extracted"], report["summary"]["from_cache"]) == (2, 3)
    assert not (out / ".zapis-tmp").exists()


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_a_stopped_extract_leaves_no_tesseract_running(tmp_path: Path, how: str):
    tesseract = FakeTesseract(tmp_path)
    proc = subprocess.Popen(
        [ZAPIS, "extract", str(SAMPLES / "scan" / "002-scan.pdf")],  # two pages, OCRed at once
        env=tesseract.env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=_from_a_terminal,
    )  # fmt: skip
    try:
        ocr = set(tesseract.wait_for(1))
        if how == "SIGINT":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGTERM)
        proc.wait(WAIT)
        assert _all_end(ocr | set(tesseract.started())) == set()
    finally:
        proc.kill()
        tesseract.release()
    stderr = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == (130 if how == "SIGINT" else 143)
    assert stderr == ("zapis: interrupted\n" if how == "SIGINT" else "zapis: stopped by SIGTERM\n")
    assert list(tesseract.tmp.iterdir()) == []  # the page images went with Tesseract


def test_a_file_stopped_by_the_time_limit_leaves_no_tesseract_and_no_page_image(tmp_path: Path):
    tesseract = FakeTesseract(tmp_path)
    archive = _archive(tmp_path / "archiv", days=(1,), scans=1)
    out = tmp_path / "out"
    proc = subprocess.run(
        [ZAPIS, "ingest", str(archive), "-o", str(out), "-j", "1", "--timeout", "10"],
        env=tesseract.env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert tesseract.started() and _all_end(set(tesseract.started())) == set()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    scan = next(f for f in report["files"] if f["path"] == "sken-0.pdf")
    assert (scan["kind"], scan["reason"]) == ("timeout", "took longer than 10 s (raise --timeout for huge files)")
    assert list(tesseract.tmp.iterdir()) == [] and not (out / ".zapis-tmp").exists()


def test_temporary_files_of_killed_runs_are_removed_at_start(tmp_path: Path):
    archive = _archive(tmp_path / "archiv")
    out = tmp_path / "out"
    ingest_directory(archive, out, IngestSettings(workers=1))
    cache_folder = next(p for p in (out / ".cache").rglob("*") if p.is_dir() and any(p.glob("*.json")))
    left = [
        out / ".zapis.sqlite.4242.0a1b2c3d.tmp",  # a catalog being built, and its journal
        out / ".zapis.sqlite.4242.0a1b2c3d.tmp-journal",
        out / "meetings" / ".2022-09-01_komise-socialni.json.k2j4h5.tmp",
        cache_folder / f".{'a' * 64}.json.x7y8z9.tmp",
        out / ".zapis-tmp" / "run-4242" / "w1" / "zapis-ocr-abc" / "page.pgm",  # a page image
    ]
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x00" * 1000)
    outputs = {k: v for k, v in _tree(out).items() if k != "report.json" and out / k not in left}
    report = ingest_directory(archive, out, IngestSettings(workers=1))
    assert report.summary.from_cache == 3
    assert [p for p in left if p.exists()] == [] and not (out / ".zapis-tmp").exists()
    assert {k: v for k, v in _tree(out).items() if k != "report.json"} == outputs  # the rest untouched


# --- 11. load: the time limit counts from the start of the file --------------------------------------


def test_the_time_limit_is_not_used_up_while_a_worker_starts(tmp_path: Path):
    # every worker takes 6 s to start (a busy machine, a cold disk); a file may take 4 s once started
    archive = _archive(tmp_path / "archiv", days=(1, 2))
    settings = IngestSettings(options=ExtractOptions(ocr_engine=ocr_engines.SlowToStart(6.0)), workers=1, timeout=4)
    report = ingest_directory(archive, tmp_path / "out", settings)
    assert [f.status for f in report.files] == ["ok", "ok"], report.files


# --- one exception handler for every command -----------------------------------------------------------


COMMANDS = {
    "extract": ("zapis.pipeline", "extract_meetings", ["extract", str(SAMPLES / "txt" / "000.txt")]),
    "ingest": ("zapis.archive", "ingest_directory", ["ingest", str(SAMPLES / "txt"), "-o", "{tmp}/out"]),
    "diff": ("zapis.compare", "diff_sides", ["diff", *(str(SAMPLES / "txt" / f"00{i}.txt") for i in (0, 1))]),
    "people": ("zapis.archive", "load_people", ["people", "{tmp}"]),
    "search": ("zapis.archive", "search", ["search", "{tmp}", "krizové"]),
    "schema": ("zapis.schema", "json_schema", ["schema"]),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_internal_error_of_any_command_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str):
    import importlib

    module, name, args = COMMANDS[command]

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(importlib.import_module(module), name, broken)
    argv = [a.format(tmp=tmp_path) for a in args]
    monkeypatch.delenv("ZAPIS_DEBUG", raising=False)
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 2, result.output
    assert _one_error(result.stderr) == (
        "zapis: error: internal error KeyError: 'a bug' (please report it; ZAPIS_DEBUG=1 shows details)"
    )
    monkeypatch.setenv("ZAPIS_DEBUG", "1")
    assert isinstance(CliRunner().invoke(main, argv).exception, KeyError)  # the traceback, for a bug report
