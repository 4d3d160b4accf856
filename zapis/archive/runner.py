"""Running the per-file work in parallel: a local process pool with a time limit per file, or Dask.

The local pool is our own small one because a file that hangs a parser must be stopped:
``concurrent.futures`` cannot kill a running task, we kill its worker process and start a
new one.  A worker that crashes (segfault in a C library, out of memory) costs one file only.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from zapis.archive.worker import error_result, process_bytes, process_path
from zapis.ingest import ExtractOptions

Task = tuple[str, str]  # (key, path)
OnResult = Callable[[str, dict[str, Any]], None]


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
        try:
            self.conn.send(None)
        except OSError:
            pass
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


def run_local(tasks: Iterable[Task], options: ExtractOptions, workers: int, timeout: float, on_result: OnResult) -> None:
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
                        result = error_result("internal", f"the worker process crashed (exit code {code}); please report it")
                        _replace(pool, w, ctx, options)
                    else:
                        w.task = None
                    on_result(key, result)
                elif time.monotonic() - w.started > timeout:
                    key = w.task[0]
                    _replace(pool, w, ctx, options)
                    on_result(key, error_result("timeout", f"took longer than {timeout:.0f} s (raise --timeout for huge files)"))
                elif not w.process.is_alive():
                    key = w.task[0]
                    code = w.process.exitcode
                    _replace(pool, w, ctx, options)
                    on_result(key, error_result("internal", f"the worker process died (exit code {code}); please report it"))
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


def run_dask(
    address: str, tasks: Iterable[Task], options: ExtractOptions, timeout: float, on_result: OnResult
) -> None:
    """The same per-file work on a Dask cluster.  Files are sent as bytes: workers need no shared disk."""
    try:
        from distributed import Client, wait as dask_wait
    except ImportError as e:
        from zapis.errors import InputError

        raise InputError("--cluster needs Dask: pip install 'zapis[cluster]'") from e
    from zapis.errors import ZapisError
    from zapis.ingest import read_input

    client = Client(address, timeout="30s")
    try:
        limit = max(4, 2 * sum(client.nthreads().values()))  # files in flight: bounds client memory
        inflight: dict[Any, tuple[str, float]] = {}
        pending = iter(tasks)
        exhausted = False
        while inflight or not exhausted:
            while not exhausted and len(inflight) < limit:
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    break
                key, path = task
                try:
                    data = read_input(__import__("pathlib").Path(path))
                except ZapisError as e:
                    on_result(key, error_result(e.kind, e.reason))
                    continue
                future = client.submit(process_bytes, data, path, options, pure=False, key=f"zapis-{os.urandom(8).hex()}")
                inflight[future] = (key, time.monotonic())
            if not inflight:
                continue
            done, _ = dask_wait(list(inflight), timeout=0.5, return_when="FIRST_COMPLETED")
            for future in done:
                key, _start = inflight.pop(future)
                try:
                    result = future.result()
                except Exception as e:  # the worker died or could not run the task
                    result = error_result("internal", f"cluster task failed: {type(e).__name__}: {e}")
                on_result(key, result)
            now = time.monotonic()
            for future, (key, start) in list(inflight.items()):
                if now - start > timeout:
                    future.cancel()
                    inflight.pop(future)
                    on_result(key, error_result("timeout", f"took longer than {timeout:.0f} s on the cluster"))
    finally:
        client.close()
