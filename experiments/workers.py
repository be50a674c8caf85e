"""A pool of worker processes for a few seconds of runs: a teaching preset's jobs, the explorer's comparisons.

Two ways to start the workers. ``fork`` (what ``python -m experiments.teach`` uses): the workers are
copies of the caller, made once it has loaded the model and planned its jobs, so each run costs only
itself. ``forkserver`` (the default, for long-lived callers such as a server, whose threads a fork
would copy): the workers come from a fork server that imports the model once, in the background,
as soon as the pool is made. Results are the same bits as in one process: every run has its own
seed. This module imports nothing heavy, so that a fork server can start before its caller has
loaded the model.
"""

from __future__ import annotations

import multiprocessing
import os
import warnings
from concurrent.futures import ProcessPoolExecutor

__all__ = ["PRELOAD", "worker_pool"]

#: What the fork server imports once, before forking any worker.
PRELOAD = ["experiments.explore", "experiments.jobs"]


def worker_pool(workers: int | None = None, start: str = "forkserver") -> ProcessPoolExecutor | None:
    """A pool of ``workers`` processes (default: two), started by ``fork`` or ``forkserver``; None on one
    core or where the start method does not exist (callers then run in their own process)."""
    workers = min(2, os.cpu_count() or 1) if workers is None else workers
    if workers < 2 or start not in multiprocessing.get_all_start_methods():
        return None
    if start == "fork":
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        with warnings.catch_warnings():
            # Python 3.12 warns whenever a process with any thread forks (numpy's BLAS pool counts);
            # the workers only run the model, in a single-purpose process that holds no other locks
            warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
            pool.submit(int).result()  # forks every worker now (a fork pool starts them all at once)
        return pool
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    from multiprocessing import forkserver

    forkserver.ensure_running()  # starts importing PRELOAD now, beside the caller's own start-up
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)
