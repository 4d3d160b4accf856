"""Running the per-file work in parallel: a local process pool with a time limit per file, or Dask.

The local pool is our own small one because a file that hangs a parser must be stopped:
``concurrent.futures`` cannot kill a running task, we stop its worker process and start a
new one.  A worker that crashes (segfault in a C library, out of memory) costs one file only.

Workers are forked from a server process (``multiprocessing``'s forkserver) that is started
with ``PYTHONSAFEPATH=1``: the current folder, which may be the archive itself with a
``zapis.py`` or an empty folder named ``zapis`` in it, is never put first on ``sys.path``, so
only the installed zapis is imported.  The server imports and warms up zapis once
(:mod:`zapis.archive.warm`); a worker says it is ready before it is given a file, and says when
it starts each file: the time limit counts from then, never while a worker was starting up.

Each file reaches its worker as a file descriptor that this process opened and checked
(:func:`zapis.readers.open_input`): a worker never opens a path, so nothing swapped in after
the check is read.  Workers ignore Ctrl-C (the terminal sends it to every process of the
command; this one decides) and end on SIGTERM, stopping their Tesseract processes on the way
out; they end by themselves when this process dies (their pipe to it closes).  Their
temporary files go to a folder of their own in the run's temporary folder; whatever a
stopped worker leaves there, a Tesseract still running from it included, is removed with it.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import select
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import recv_handle, send_handle
from pathlib import Path
from types import FrameType
from typing import Any

from zapis.archive.records import Outcome, Task
from zapis.environment import setting
from zapis.errors import ZapisError
from zapis.readers import ExtractOptions, open_input, read_input, stop_engines

OnResult = Callable[[str, Outcome], None]

STOP_GRACE = 3.0  # seconds a worker has to end after SIGTERM before it is killed
START_FAILURES = 3  # workers in a row that die before they are ready: the pool cannot work


# --- inside a worker process -----------------------------------------------------------------


def _worker_main(conn: Connection, options: ExtractOptions, tmp: str, parent: int) -> None:
    # imported here: the parent never needs the pipeline; the server workers fork from has it loaded
    from zapis.archive.worker import process_fd, process_file

    _become_worker(conn, tmp, parent)
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        how, name, key, sha = task
        if how == "bytes":  # read and hashed by the parent already
            data = conn.recv_bytes()
            conn.send(("start", time.monotonic()))  # CLOCK_MONOTONIC: the same clock in every process
            conn.send(("done", process_file(data, name, key, options, sha)))
            del data
        else:
            fd = recv_handle(conn)
            conn.send(("start", time.monotonic()))
            conn.send(("done", process_fd(fd, name, key, options)))


def _become_worker(conn: Connection, tmp: str, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    tempfile.tempdir = tmp  # this worker's own folder, removed by the parent
    os.environ["TMPDIR"] = tmp
    threading.Thread(target=_watch_parent, args=(conn.fileno(), parent), name="zapis-watchdog", daemon=True).start()


def _stop_worker(signum: int, frame: FrameType | None) -> None:
    # Unwinding runs every ``finally`` and ``except BaseException`` on the way: the Tesseract
    # process of the page under way is killed, temporary files are removed.  No traceback.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(128 + signum)


def _watch_parent(fd: int, parent: int) -> None:
    """End this worker when the process that started it is gone (killed, even with SIGKILL)."""
    rdhup = getattr(select, "POLLRDHUP", 0)
    poller = select.poll() if rdhup else None
    if poller is not None:
        poller.register(fd, rdhup)
    while True:
        if poller is not None:
            events = poller.poll(1000)
            if any(e & select.POLLNVAL for _, e in events):
                return  # the pipe was closed here: the worker is ending anyway
            if events:
                break  # the other end of the pipe closed: the parent died
        else:
            time.sleep(1.0)
        if not _alive(parent):
            break
    os.kill(os.getpid(), signal.SIGTERM)  # the way out a SIGTERM from the parent takes
    time.sleep(STOP_GRACE)
    stop_engines()  # the main thread is stuck in C code: end Tesseract from here
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or another user's process by now
        return False
    return True


# --- in the parent -----------------------------------------------------------------------------


def _context() -> Any:
    # forkserver: workers fork from a clean server process, not from a parent that may run
    # threads (the progress display), and the heavy imports are paid once in the server.
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["zapis.archive.warm"])
        return ctx
    return mp.get_context("spawn")


class _Worker:
    def __init__(self, ctx: Any, options: ExtractOptions, tmp: Path) -> None:
        self.tmp = tmp
        tmp.mkdir(parents=True, exist_ok=True)
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, options, str(tmp), os.getpid()), daemon=True)
        with setting("PYTHONSAFEPATH", "1"):  # the worker's Python: no current folder on its path
            self.process.start()
        child.close()
        self.ready = False
        self.task: Task | None = None
        self.started = 0.0  # when the worker started its task (its own clock: the same monotonic clock)

    def assign(self, task: Task, fd: int) -> None:
        self.task = task
        self.started = time.monotonic()  # until the worker says when it started
        self.conn.send(("fd", task.path, task.key, None))
        send_handle(self.conn, fd, self.process.pid)

    def assign_bytes(self, task: Task, data: bytes) -> None:
        self.task = task
        self.started = time.monotonic()
        self.conn.send(("bytes", task.path, task.key, task.sha256))
        self.conn.send_bytes(data)

    def stop(self) -> None:
        """Ask an idle worker to finish; end it if it does not."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        self.end()

    def terminate(self) -> None:
        if self.process.is_alive():
            with contextlib.suppress(OSError):
                self.process.terminate()

    def end(self, grace: float = STOP_GRACE) -> None:
        """Ended for good: SIGTERM, SIGKILL after ``grace``, and nothing left running from its folder."""
        if self.process.exitcode is None:
            self.terminate()
            self.process.join(grace)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join(5)
        self.conn.close()
        end_strays(self.tmp)
        shutil.rmtree(self.tmp, ignore_errors=True)


def end_strays(folder: Path) -> None:
    """End every process whose command line names a file in ``folder`` (a Tesseract left by a
    worker that was killed), with its process group.  Linux (``/proc``); elsewhere nothing."""
    needle = os.fsencode(str(folder)) + b"/"
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return
    for pid in pids:
        if pid == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if needle not in f.read():
                    continue
        except OSError:
            continue
        try:
            os.killpg(pid, signal.SIGKILL)  # Tesseract leads a process group of its own
        except OSError:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


class _Pool:
    def __init__(self, ctx: Any, options: ExtractOptions, tmp: Path, size: int) -> None:
        self.ctx, self.options, self.tmp = ctx, options, tmp
        self.started = 0
        self.start_failures = 0
        self.workers: list[_Worker] = []
        for _ in range(max(1, size)):
            self.workers.append(self._new())

    def _new(self) -> _Worker:
        self.started += 1
        return _Worker(self.ctx, self.options, self.tmp / f"w{self.started}")

    def replace(self, dead: _Worker) -> None:
        dead.end()
        self.workers[self.workers.index(dead)] = self._new()

    def close(self, graceful: bool) -> None:
        if graceful:
            for w in self.workers:
                w.stop()
            return
        for w in self.workers:  # all at once: their grace periods overlap
            w.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for w in self.workers:
            w.end(max(0.0, deadline - time.monotonic()))


def run_local(
    tasks: Iterable[Task],
    options: ExtractOptions,
    workers: int,
    timeout: float,
    on_result: OnResult,
    inside: Path | None = None,
    tmp: Path | None = None,
) -> None:
    """Process every task; ``on_result`` is called in this process, in completion order.

    ``inside``: every file must lie in this folder when it is opened (see ``open_input``).
    ``tmp``: a folder for the workers' temporary files, owned by this run (default: a new one
    in the system's temporary folder, removed at the end).
    """
    own_tmp = tmp is None
    folder = Path(tempfile.mkdtemp(prefix="zapis-run-")) if tmp is None else tmp
    pool = _Pool(_context(), options, folder, workers)
    graceful = False
    try:
        _run(pool, iter(tasks), timeout, on_result, inside)
        graceful = True
    finally:
        pool.close(graceful)
        if own_tmp:
            shutil.rmtree(folder, ignore_errors=True)


def _run(pool: _Pool, pending: Iterator[Task], timeout: float, on_result: OnResult, inside: Path | None) -> None:
    exhausted = False
    finished: list[tuple[str, Outcome]] = []

    def collect(key: str, outcome: Outcome) -> None:
        finished.append((key, outcome))

    while True:
        for w in pool.workers:
            if w.ready and w.task is None and not exhausted:
                exhausted = not _assign_next(w, pending, collect, inside)
        # The files that finished are handed on only now that every free worker has its next
        # file: what the caller does with them (the cache, the records) overlaps the workers' work.
        for key, outcome in finished:
            on_result(key, outcome)
        finished.clear()
        if exhausted and all(w.task is None for w in pool.workers):
            return
        watched = [x for w in pool.workers for x in (w.conn, w.process.sentinel)]
        wait(watched, timeout=0.2)
        for w in list(pool.workers):
            _check(pool, w, timeout, collect)


def _assign_next(w: _Worker, pending: Iterator[Task], on_result: OnResult, inside: Path | None) -> bool:
    """Give ``w`` the next file that can be opened; False when there is none left."""
    for task in pending:
        if task.data is not None:  # read already: its bytes go to the worker, the file is not opened again
            data, task = task.data, replace(task, data=None)
            with contextlib.suppress(OSError):  # the worker died meanwhile: _check reports the file
                w.assign_bytes(task, data)
            return True
        try:
            fd = open_input(Path(task.path), follow_links=task.follow_links, inside=inside)
        except ZapisError as e:
            on_result(task.key, Outcome.error(task.key, e.kind, e.reason))
            continue
        try:
            w.assign(task, fd)
        except OSError:
            pass  # the worker died meanwhile: _check reports the file
        finally:
            os.close(fd)
        return True
    return False


def _check(pool: _Pool, w: _Worker, timeout: float, on_result: OnResult) -> None:
    """Read what ``w`` said, and deal with a worker that died or ran out of time."""
    try:
        while w.conn.poll():
            kind, value = w.conn.recv()
            if kind == "ready":
                w.ready, pool.start_failures = True, 0
            elif kind == "start":
                w.started = value
            elif kind == "done" and w.task is not None:
                key, w.task = w.task.key, None
                on_result(key, value)
    except (EOFError, OSError):
        pass  # it died: its exit code says more below
    if w.process.exitcode is not None or w.conn.closed:
        _died(pool, w, on_result)
    elif w.task is not None and time.monotonic() - w.started > timeout:
        key = w.task.key
        pool.replace(w)
        reason = f"took longer than {timeout:g} s (raise --timeout for huge files)"
        on_result(key, Outcome.error(key, "timeout", reason))


def _died(pool: _Pool, w: _Worker, on_result: OnResult) -> None:
    w.process.join(1)
    code = w.process.exitcode
    task, ready = w.task, w.ready
    pool.replace(w)
    if task is not None:
        reason = f"the worker process crashed (exit code {code}); please report it"
        on_result(task.key, Outcome.error(task.key, "internal", reason))
    if not ready:
        pool.start_failures += 1
        if pool.start_failures >= START_FAILURES:
            raise RuntimeError(f"worker processes exit as they start (exit code {code}); zapis cannot run here")


def run_dask(
    address: str,
    tasks: Iterable[Task],
    options: ExtractOptions,
    timeout: float,
    on_result: OnResult,
    inside: Path | None = None,
) -> None:
    """The same per-file work on a Dask cluster.  Files are sent as bytes: workers need no shared disk.

    At most two files per worker thread are in flight, which bounds the memory of this process.
    A file's time limit starts when it is among the oldest ``threads`` unfinished ones, i.e. about
    when a worker starts it (Dask runs submissions in order), not while it waits in the queue.
    Dask cannot stop a running task: a file over its limit is reported, its thread keeps working.
    """
    distributed = _import_distributed()
    client = _dask_client(distributed, address)
    try:
        threads = max(1, sum(client.nthreads().values()))
        inflight: dict[Any, _Flight] = {}  # in submission order
        pending = iter(tasks)
        exhausted = False
        while inflight or not exhausted:
            while not exhausted and len(inflight) < 2 * threads:
                task = next(pending, None)
                exhausted = task is None
                if task is not None:
                    _submit(client, task, options, inflight, on_result, inside)
            if not inflight:
                continue
            # TimeoutError: nothing finished within the slice; CancelledError: a task was cancelled
            with contextlib.suppress(TimeoutError, distributed.CancelledError):
                distributed.wait(list(inflight), timeout=0.5, return_when="FIRST_COMPLETED")
            for future in [f for f in inflight if f.done()]:
                key = inflight.pop(future).key
                on_result(key, _dask_result(future, key))
            _check_time_limits(inflight, threads, timeout, on_result)
    finally:
        client.close()


@dataclass
class _Flight:
    key: str
    started: float | None = None  # when it was first among the files a worker is probably running


def _submit(client: Any, task: Task, options: ExtractOptions, inflight: dict[Any, _Flight],
            on_result: OnResult, inside: Path | None) -> None:  # fmt: skip
    from zapis.archive.worker import process_file

    data, sha = task.data, task.sha256
    if data is None:  # not kept when it was hashed: read (and hashed) again
        sha = None
        try:
            data = read_input(Path(task.path), follow_links=task.follow_links, inside=inside)
        except ZapisError as e:
            on_result(task.key, Outcome.error(task.key, e.kind, e.reason))
            return
    name = f"zapis-{os.urandom(8).hex()}"  # never the same key twice: a retried file is new work
    future = client.submit(process_file, data, task.path, task.key, options, sha, pure=False, key=name)
    inflight[future] = _Flight(task.key)


def _check_time_limits(inflight: dict[Any, _Flight], threads: int, timeout: float,
                       on_result: OnResult) -> None:  # fmt: skip
    now = time.monotonic()
    for future, flight in list(inflight.items())[:threads]:
        if flight.started is None:
            flight.started = now
        elif now - flight.started > timeout:
            future.cancel()
            del inflight[future]
            reason = f"took longer than {timeout:g} s on the cluster"
            on_result(flight.key, Outcome.error(flight.key, "timeout", reason))


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as e:
        from zapis.errors import InputError

        raise InputError("--cluster needs Dask: pip install 'zapis[cluster]'") from e
    return distributed


def _dask_client(distributed: Any, address: str) -> Any:
    """A client of the scheduler at ``address`` with at least one worker running this zapis."""
    from zapis.archive.cache import pipeline_version
    from zapis.errors import InputError

    try:
        client = distributed.Client(address, timeout="30s")
    except (OSError, TimeoutError, ValueError) as e:
        raise InputError(f"cannot connect to the Dask scheduler {address}: {e}") from e
    try:
        client.wait_for_workers(1, timeout=30)
        versions = client.run(pipeline_version)
    except TimeoutError as e:
        client.close()
        raise InputError(f"no Dask worker is connected to the scheduler {address}") from e
    except Exception as e:  # a worker without zapis cannot even unpickle the call
        client.close()
        reason = f"the Dask workers cannot run zapis ({type(e).__name__}: {e}); install it on them"
        raise InputError(reason) from e
    # results are cached under this process's pipeline version: a worker on other code would poison it
    mine = pipeline_version()
    other = {worker: v for worker, v in versions.items() if v != mine}
    if other:
        client.close()
        worker, version = next(iter(other.items()))
        reason = f"Dask worker {worker} runs zapis {version}, this computer {mine}: install the same on both"
        raise InputError(reason)
    return client


def _dask_result(future: Any, key: str) -> Outcome:
    try:
        outcome: Outcome = future.result()
    except Exception as e:  # the worker died (KilledWorker), or the task could not run there
        reason = " ".join(f"cluster task failed: {type(e).__name__}: {e}".split())
        return Outcome.error(key, "internal", reason[:300])
    return outcome
