"""The output folder of ``zapis ingest``: one run at a time, its outputs published in one step.

* **One run at a time.**  A run holds ``OUTDIR/.zapis.lock`` (``flock``) from start to end; the
  kernel lets go of it when the process ends, however it ends.  A second run into the same
  OUTDIR stops at once with one line that names the first: it would replace the first run's
  outputs anyway, and a run that waits silently looks like one that hangs.
* **Temporary files** of a run live in ``OUTDIR/.zapis-tmp/``, which the run holding the lock
  owns: what is there at the start was left by a killed run and is removed, as are temporary
  files of ours (``.….tmp``, ``.….tmp-journal``) elsewhere in OUTDIR and its cache.
* **Publishing.**  Every output of a run (meetings, registries, catalog, report) is first
  written to a staging folder, a meeting only when its bytes changed.  Renaming that folder to
  ``OUTDIR/.zapis-publish`` commits the run in one atomic step; the files are then moved into
  place and meetings of no input any more removed.  A run that fails or dies before the commit
  (a full disk, a read-only folder, SIGKILL) leaves the previous outputs as they were; one that
  dies after it is completed by the next run, before anything else (like a database journal).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from zapis.errors import InputError, OutputError
from zapis.output import TEMP_SUFFIXES, check_target, output_error, safe_child, write_atomic

LOCK = ".zapis.lock"
TMP = ".zapis-tmp"
PUBLISH = ".zapis-publish"
CACHE = ".cache"
MEETINGS = "meetings"
MANIFEST = "MANIFEST.json"
# Moved into place in this order: the report, which lists the meetings, last.
TOP_FILES = ("zapis.sqlite", "metadata.json", "people.json", "organizations.json", "report.json")


def check_folders(directory: Path, outdir: Path) -> None:
    """Refuse an output folder that would be read back as input: OUTDIR == DIR, or DIR inside
    OUTDIR's own outputs.  (OUTDIR inside DIR is fine: it is skipped when DIR is read.)"""
    d, o = Path(os.path.realpath(directory)), Path(os.path.realpath(outdir))
    if d == o:
        raise InputError(
            f"the output folder {outdir} is the input folder: its outputs would be read back as input;"
            f" give another -o (a folder inside the input, like {Path(directory) / 'zapis-out'}, is skipped)"
        )
    if any(d.is_relative_to(o / name) for name in (MEETINGS, CACHE, TMP, PUBLISH)):
        raise InputError(f"the input folder {directory} lies inside the outputs of {outdir}: give another -o")


class OutputFolder:
    """``with OutputFolder(outdir) as out:`` holds the lock, cleans up after killed runs, gives
    the run a temporary folder (``out.tmp``) and removes it at the end."""

    def __init__(self, outdir: Path) -> None:
        self.root = Path(outdir)
        self.tmp = self.root / TMP / f"run-{os.getpid()}"
        self._lock: int | None = None

    def __enter__(self) -> OutputFolder:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise output_error(self.root, e) from e
        self._lock = _lock(self.root)
        try:
            finish_publication(self.root)
            _clean(self.root)
            self.tmp.mkdir(parents=True)
        except OSError as e:
            self._unlock()
            raise output_error(self.root, e) from e
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        shutil.rmtree(self.root / TMP, ignore_errors=True)
        self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # releases the flock
            self._lock = None

    def publication(self) -> Publication:
        return Publication(self.root, self.tmp / "publish")


def _lock(root: Path) -> int:
    path = root / LOCK
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as e:
        raise output_error(path, e) from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        who = f" (process {holder})" if holder.isdigit() else ""
        raise InputError(
            f"another zapis ingest{who} is writing to {root}: wait until it has finished, or give another -o"
        ) from None
    except OSError as e:
        os.close(fd)
        raise output_error(path, e) from e
    with contextlib.suppress(OSError):  # who holds it, for the message above; the flock is what counts
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


@contextlib.contextmanager
def reading(root: Path) -> Iterator[None]:
    """While the outputs are read whole (an export): no run is writing them, and the last one's
    publication was completed.  A shared ``flock`` on the lock file: a run that starts meanwhile
    stops at once, as it would beside another run."""
    path = root / LOCK
    try:
        fd: int | None = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        fd = None  # written before outputs had a lock, or never by an ingest
    except OSError as e:
        raise output_error(path, e) from e
    try:
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                raise InputError(f"zapis ingest is writing to {root}: try again when it has finished") from None
        if (root / PUBLISH).is_dir():
            raise InputError(f"the last zapis ingest into {root} stopped while publishing: run it again first")
        yield
    finally:
        if fd is not None:
            os.close(fd)


def _clean(root: Path) -> None:
    """Remove what killed runs left: the temporary folder and our temporary files."""
    shutil.rmtree(root / TMP, ignore_errors=True)
    folders = [root, root / MEETINGS]
    for parent, dirs, _files in os.walk(root / CACHE):
        folders += [Path(parent) / d for d in dirs]
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith(".") and name.endswith(TEMP_SUFFIXES):
                with contextlib.suppress(OSError):
                    (folder / name).unlink()


class Publication:
    """The outputs of one run, staged, then committed all at once (:meth:`commit`)."""

    def __init__(self, root: Path, staging: Path) -> None:
        self.root = root
        self.staging = staging
        self.meetings: list[str] = []
        try:
            (staging / MEETINGS).mkdir(parents=True)
        except OSError as e:
            raise output_error(staging, e) from e

    def meeting(self, name: str, data: bytes) -> None:
        """``meetings/<name>``; staged only when the file there has other bytes."""
        self.meetings.append(name)
        target = safe_child(self.root / MEETINGS, name)
        check_target(target)
        if not _same_bytes(target, data):
            write_atomic(self.staging / MEETINGS / name, data, shown=target)

    def file(self, name: str) -> Path:
        """Where to write the top-level output ``name`` (one of TOP_FILES) before the commit."""
        assert name in TOP_FILES
        check_target(self.root / name)
        return self.staging / name

    def write(self, name: str, data: bytes) -> None:
        write_atomic(self.file(name), data, shown=self.root / name)

    def commit(self) -> None:
        """The one step that publishes the run, then the files moved into place."""
        meetings = self.root / MEETINGS
        if meetings.is_symlink() or (meetings.exists() and not meetings.is_dir()):
            raise OutputError(f"will not write into {meetings}: it is not a folder of its own (a link or a file)")
        for folder in (self.root, meetings):  # a read-only folder is found now, not halfway through
            _probe(folder)
        write_atomic(self.staging / MANIFEST, json.dumps({"meetings": self.meetings}).encode())
        try:
            _fsync_dir(self.staging / MEETINGS)
            _fsync_dir(self.staging)
            os.rename(self.staging, self.root / PUBLISH)  # the commit
            _fsync_dir(self.root)
        except OSError as e:
            raise output_error(self.root / PUBLISH, e) from e
        finish_publication(self.root)


def finish_publication(root: Path) -> None:
    """Move a committed publication's files into place (again, after a crash: each step can be
    repeated) and remove the meetings it does not list."""
    publish = root / PUBLISH
    if not publish.is_dir():
        return
    try:
        keep = set(json.loads((publish / MANIFEST).read_bytes())["meetings"])
    except (OSError, ValueError, KeyError, TypeError):
        shutil.rmtree(publish, ignore_errors=True)  # not committed whole: nothing of it is used
        return
    try:
        meetings = root / MEETINGS
        meetings.mkdir(exist_ok=True)
        staged = publish / MEETINGS
        for name in os.listdir(staged) if staged.is_dir() else []:
            os.replace(staged / name, meetings / name)
        for name in os.listdir(meetings):
            if name.endswith(".json") and name not in keep:
                (meetings / name).unlink()
        _fsync_dir(meetings)
        for name in TOP_FILES:
            if (publish / name).exists():
                os.replace(publish / name, root / name)
        _fsync_dir(root)
    except OSError as e:
        raise OutputError(f"{output_error(root, e).reason}; the next run completes the outputs") from e
    shutil.rmtree(publish, ignore_errors=True)


def _probe(folder: Path) -> None:
    """Fail now (OutputError) if files cannot be created and renamed in ``folder``."""
    try:
        folder.mkdir(exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".zapis-probe.", suffix=".tmp", dir=folder)
        os.close(fd)
        os.unlink(name)
    except OSError as e:
        raise output_error(folder, e) from e


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
