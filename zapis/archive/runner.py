"""Running the per-file work in parallel: a local process pool with a time limit per file, or Dask.

The local pool is our own small one because a file that hangs a parser must be stopped:
``concurrent.futures`` cannot kill a running task, we kill its worker process and start a
new one.  A worker that crashes (segfault in a C library, out of memory) costs one file only.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from zapis.archive.records import FileResult
from zapis.archive.worker import process_bytes, process_path
from zapis.readers import ExtractOptions

Task = tuple[str, str]  # (key, path)
OnResult = Callable[[str, FileResult], None]


def _worker_loop(conn: Connection, options: ExtractOptions) -> None:
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        key, path = task
        conn.send((key, process_path(path, options)))


class _Worker:
    def __init__(self, ctx: Any, options: ExtractOptions) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_loop, args=(child, options), daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0

    def assign(self, task: Task) -> None:
        self.task = task
        self.started = time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.conn.close()


def _context() -> Any:
    # forkserver: workers fork from a clean server process, not from a parent that may run
    # threads (the progress display), and the heavy imports are paid once in the server.
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["zapis.pipeline", "zapis.archive.worker"])
        return ctx
    return mp.get_context("spawn")


def run_local(
    tasks: Iterable[Task], options: ExtractOptions, workers: int, timeout: float, on_result: OnResult
) -> None:
    """Process every task; ``on_result`` is called in this process, in completion order."""
    ctx = _context()
    pending: Iterator[Task] = iter(tasks)
    pool = [_Worker(ctx, options) for _ in range(max(1, workers))]
    try:
        busy = _feed(pool, pending)
        while busy:
            ready = wait([w.conn for w in pool if w.task is not None], timeout=0.2)
            for w in pool:
                if w.task is None:
                    continue
                if w.conn in ready:
                    try:
                        key, result = w.conn.recv()
                    except (EOFError, OSError):
                        key = w.task[0]
                        code = w.process.exitcode
                        result = FileResult.error(
                            "internal", f"the worker process crashed (exit code {code}); please report it"
                        )
                        _replace(pool, w, ctx, options)
                    else:
                        w.task = None
                    on_result(key, result)
                elif time.monotonic() - w.started > timeout:
                    key = w.task[0]
                    _replace(pool, w, ctx, options)
                    on_result(
                        key,
                        FileResult.error(
                            "timeout", f"took longer than {timeout:.0f} s (raise --timeout for huge files)"
                        ),
                    )
                elif not w.process.is_alive():
                    key = w.task[0]
                    code = w.process.exitcode
                    _replace(pool, w, ctx, options)
                    on_result(
                        key,
                        FileResult.error("internal", f"the worker process died (exit code {code}); please report it"),
                    )
            busy = _feed(pool, pending)
    finally:
        for w in pool:
            w.stop()


def _replace(pool: list[_Worker], dead: _Worker, ctx: Any, options: ExtractOptions) -> None:
    dead.kill()
    pool[pool.index(dead)] = _Worker(ctx, options)


def _feed(pool: list[_Worker], pending: Iterator[Task]) -> bool:
    for w in pool:
        if w.task is None:
            task = next(pending, None)
            if task is not None:
                w.assign(task)
    return any(w.task is not None for w in pool)


def run_dask(address: str, tasks: Iterable[Task], options: ExtractOptions, timeout: float, on_result: OnResult) -> None:
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
                    _submit(client, task, options, inflight, on_result)
            if not inflight:
                continue
            # TimeoutError: nothing finished within the slice; CancelledError: a task was cancelled
            with contextlib.suppress(TimeoutError, distributed.CancelledError):
                distributed.wait(list(inflight), timeout=0.5, return_when="FIRST_COMPLETED")
            for future in [f for f in inflight if f.done()]:
                on_result(inflight.pop(future).key, _dask_result(future))
            _check_time_limits(inflight, threads, timeout, on_result)
    finally:
        client.close()


@dataclass
class _Flight:
    key: str
    started: float | None = None  # when it was first among the files a worker is probably running


def _submit(client: Any, task: Task, options: ExtractOptions, inflight: dict[Any, _Flight],
            on_result: OnResult) -> None:  # fmt: skip
    from pathlib import Path

    from zapis.errors import ZapisError
    from zapis.readers import read_input

    key, path = task
    try:
        data = read_input(Path(path))
    except ZapisError as e:
        on_result(key, FileResult.error(e.kind, e.reason))
        return
    name = f"zapis-{os.urandom(8).hex()}"  # never the same key twice: a retried file is new work
    inflight[client.submit(process_bytes, data, path, options, pure=False, key=name)] = _Flight(key)


def _check_time_limits(inflight: dict[Any, _Flight], threads: int, timeout: float,
                       on_result: OnResult) -> None:  # fmt: skip
    now = time.monotonic()
    for future, flight in list(inflight.items())[:threads]:
        if flight.started is None:
            flight.started = now
        elif now - flight.started > timeout:
            future.cancel()
            del inflight[future]
            on_result(flight.key, FileResult.error("timeout", f"took longer than {timeout:.0f} s on the cluster"))


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


def _dask_result(future: Any) -> FileResult:
    try:
        result: FileResult = future.result()
    except Exception as e:  # the worker died (KilledWorker), or the task could not run there
        reason = " ".join(f"cluster task failed: {type(e).__name__}: {e}".split())
        return FileResult.error("internal", reason[:300])
    return result
