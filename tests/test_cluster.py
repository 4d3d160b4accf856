"""zapis ingest --cluster on a real Dask cluster: a scheduler and two worker processes on loopback.

The cluster run must give exactly the outputs of a local run: the files are read here, sent as
bytes to the workers and processed there by the same code.  Dask is a test requirement (the
``cluster`` extra): when it is missing these tests fail, they do not skip.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from zapis.archive import IngestSettings, ingest_directory
from zapis.errors import InputError

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
START_TIMEOUT = 30.0  # seconds for the scheduler and the workers to come up


def _require_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        distributed = None
    if distributed is None:  # outside the except block: a plain message, no chained traceback
        pytest.fail("dask.distributed is not installed: pip install -e '.[cluster]' (the cluster tests need it)")
    return distributed


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    # its own session: teardown stops the whole group (a worker's nanny and its worker process)
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "dask", *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        for p in procs:
            if p.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, sig)  # the group we created with start_new_session
        deadline = time.monotonic() + wait
        for p in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.wait(max(0.1, deadline - time.monotonic()))


def _logs(folder: Path) -> str:
    return "\n".join(f"--- {f.name}\n{f.read_text(errors='replace')[-3000:]}" for f in sorted(folder.glob("*.log")))


def _wait_for_file(path: Path, proc: subprocess.Popen[bytes], logs: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not path.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the Dask scheduler did not start:\n{_logs(logs)}", pytrace=False)
        time.sleep(0.1)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a scheduler with two single-threaded worker processes, all on 127.0.0.1."""
    distributed = _require_distributed()
    root = tmp_path_factory.mktemp("dask")
    sched_file = root / "scheduler.json"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        # --idle-timeout and --death-timeout: should this process be killed before its teardown
        # runs, the scheduler stops after 5 idle minutes and the workers a minute after it
        scheduler = [
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--idle-timeout",
            "300",
        ]
        procs.append(_start([*scheduler, "--scheduler-file", str(sched_file)], root / "scheduler.log"))
        _wait_for_file(sched_file, procs[0], root)
        address = json.loads(sched_file.read_text())["address"]
        worker = [
            "worker",
            address,
            "--host",
            "127.0.0.1",
            "--nworkers",
            "1",
            "--nthreads",
            "1",
            "--no-dashboard",
        ]
        for n in (1, 2):
            args = [*worker, "--local-directory", str(root / f"w{n}"), "--death-timeout", "60"]
            procs.append(_start(args, root / f"worker{n}.log"))
        with distributed.Client(address, timeout=START_TIMEOUT) as client:
            try:
                client.wait_for_workers(2, timeout=START_TIMEOUT)
            except TimeoutError:
                pytest.fail(f"the Dask workers did not start:\n{_logs(root)}", pytrace=False)
        yield address
    finally:
        _stop(procs)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The text, DOCX and PDF samples (no scans: OCR is slow), plus files that fail differently."""
    root = tmp_path_factory.mktemp("inputs")
    for fmt in ("txt", "docx", "pdf"):
        for f in sorted((SAMPLES / fmt).glob(f"*.{fmt}")):
            shutil.copy(f, root / f"{f.stem}-{fmt}.{fmt}")
    assert len(list(root.iterdir())) >= 3, f"no samples under {SAMPLES}"
    (root / "prazdny.txt").write_bytes(b"")  # found on the client, before any dispatch
    (root / "rozbity.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")  # fails on a worker
    (root / "kratky.txt").write_text("Zápis z jednání komise sociální\n19. září 2022, radnice\n", encoding="utf-8")
    return root


def _statuses(report: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {f.path: (f.status, f.kind, f.reason, f.meeting_id) for f in report.files}


def _outputs(outdir: Path) -> dict[str, bytes]:
    registries = [outdir / "people.json", outdir / "organizations.json"]
    files = [*sorted((outdir / "meetings").glob("*.json")), *registries]
    return {str(f.relative_to(outdir)): f.read_bytes() for f in files}


def test_cluster_ingest_equals_local_ingest(cluster: str, inputs: Path, tmp_path: Path):
    distributed = _require_distributed()
    with (
        distributed.Client(cluster, timeout=START_TIMEOUT) as watcher,
        distributed.get_task_stream(watcher) as stream,
    ):
        remote = ingest_directory(inputs, tmp_path / "cluster", IngestSettings(cluster=cluster, timeout=120))
    local = ingest_directory(inputs, tmp_path / "local", IngestSettings(workers=2, timeout=120))

    # the work really ran on the cluster, on both workers, one task per file read here
    tasks = [t for t in stream.data if str(t["key"]).startswith("zapis-")]
    assert len(tasks) == remote.summary.extracted == len(remote.files) - 1  # the empty file stays here
    assert len({t["worker"] for t in tasks}) == 2

    assert _statuses(remote) == _statuses(local)
    statuses = _statuses(remote)
    assert statuses["prazdny.txt"][:2] == ("error", "empty")
    assert statuses["rozbity.pdf"][:2] == ("error", "corrupt")
    assert sum(s[0] == "ok" for s in statuses.values()) == len(statuses) - 2
    assert remote.summary.meetings == local.summary.meetings >= 2

    mine, theirs = _outputs(tmp_path / "cluster"), _outputs(tmp_path / "local")
    assert sorted(mine) == sorted(theirs)
    for name in mine:
        assert mine[name] == theirs[name], f"{name} differs between the cluster and the local run"


def test_cluster_second_run_uses_the_cache(cluster: str, inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = ingest_directory(inputs, out, IngestSettings(cluster=cluster, timeout=120))
    before = _outputs(out)
    second = ingest_directory(inputs, out, IngestSettings(cluster=cluster, timeout=120))
    assert second.summary.extracted == 0
    assert _statuses(second) == _statuses(first)
    assert _outputs(out) == before


def test_bad_cluster_address_is_a_one_line_error(inputs: Path, tmp_path: Path):
    _require_distributed()
    with pytest.raises(InputError, match="cannot connect to the Dask scheduler") as err:
        ingest_directory(inputs, tmp_path / "out", IngestSettings(cluster="no-port-here", force=True))
    assert "\n" not in err.value.reason


class _FakeFuture:
    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


def test_time_limit_starts_when_a_worker_can_run_the_file(monkeypatch: pytest.MonkeyPatch):
    """Files queued behind running ones are not timed out for waiting (2 files in flight per thread)."""
    from zapis.archive import runner

    now = [100.0]
    monkeypatch.setattr(runner.time, "monotonic", lambda: now[0])
    futures = [_FakeFuture() for _ in range(4)]
    inflight = {f: runner._Flight(f"file{i}") for i, f in enumerate(futures)}
    results: dict[str, dict[str, Any]] = {}

    def on_result(key: str, result: dict[str, Any]) -> None:
        results[key] = result

    runner._check_time_limits(inflight, 2, 10.0, on_result)  # two threads: file0 and file1 start
    assert [f.started for f in inflight.values()] == [100.0, 100.0, None, None]
    now[0] = 111.0
    runner._check_time_limits(inflight, 2, 10.0, on_result)
    assert sorted(results) == ["file0", "file1"] and futures[0].cancelled and futures[1].cancelled
    assert results["file0"].entry.kind == "timeout"
    runner._check_time_limits(inflight, 2, 10.0, on_result)  # the queued ones start their clock now
    assert [f.started for f in inflight.values()] == [111.0, 111.0]


class _FakeClient:
    def __init__(self, versions: dict[str, str]) -> None:
        self.versions = versions
        self.closed = False

    def wait_for_workers(self, n: int, timeout: float) -> None:
        if not self.versions:
            raise TimeoutError

    def run(self, function: Any) -> dict[str, str]:
        return self.versions

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ({}, "no Dask worker"),
        ({"tcp://10.0.0.2:1234": "0.0.1+abc"}, "tcp://10.0.0.2:1234 runs zapis 0.0.1+abc"),
    ],
)
def test_workers_without_a_matching_zapis_are_refused(versions: dict[str, str], message: str):
    """A worker on other zapis code would fill the cache with results of that code."""
    from types import SimpleNamespace

    from zapis.archive import runner

    client = _FakeClient(versions)
    fake = SimpleNamespace(Client=lambda address, timeout: client)
    with pytest.raises(InputError, match=re.escape(message)):
        runner._dask_client(fake, "tcp://scheduler:8786")
    assert client.closed
