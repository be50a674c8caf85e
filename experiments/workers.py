"""A pool of worker processes: a local sweep's jobs (the ``pool`` launcher), a teaching preset's, the
explorer's comparisons.

The workers come from a fork server that imports the model once, in the background, as soon as the
pool is made: a caller that makes the pool first plans its work while the model loads beside it
(``python -m teaching``, a sweep's planning), and a long-lived caller such as a server never forks its
own threads. Results are the same bits as in one process: every run has its own seed. This module
imports nothing heavy, so that a fork server can start before its caller has loaded anything.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor

__all__ = ["JOB_PRELOAD", "end_fork_server", "worker_count", "worker_pool"]

#: What the fork server imports once, before forking any worker, by default: what a sweep's jobs need
#: (a caller with other work passes its own list, e.g. the explorer its comparisons).
JOB_PRELOAD = ["experiments.jobs", "simulation.paired"]


def worker_count(workers: int | None = None) -> int:
    """The number of workers asked for: ``workers``, or by default two (one on a single core)."""
    return min(2, os.cpu_count() or 1) if workers is None else workers


def worker_pool(workers: int | None = None, preload: list[str] = JOB_PRELOAD) -> ProcessPoolExecutor | None:
    """A pool of ``worker_count(workers)`` processes from a fork server; None for fewer than two or where
    there is no fork server (callers then run in their own process). ``preload``: what the fork server
    imports before forking. A process has one fork server, started by its first pool: a later pool
    with another ``preload`` gets the first one's (its workers import the rest themselves, once)."""
    workers = worker_count(workers)
    if workers < 2 or "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload)
    from multiprocessing import forkserver

    forkserver.ensure_running()  # starts importing the preload now, beside the caller's own start-up
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def end_fork_server() -> None:
    """End this process's fork server now, once its pools are shut down. Left alone it outlives this
    process for a moment, unloading the model and pandas with this process's standard output still
    open, and a caller reading that output to its end (a pipe, ``subprocess.run(capture_output=True)``)
    waits for it. A pool made later starts a new one. Does nothing when there is no fork server, or
    where the standard library keeps its pid under another name."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if isinstance(pid, int):
        os.kill(pid, signal.SIGTERM)  # no file of ours is open in it: gone at once, without unloading anything
        stop = getattr(server, "_stop", None)
        if stop is not None:
            stop()  # the standard library's own reset (it reaps the server), so that a later pool starts anew
