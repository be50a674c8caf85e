"""A pool of worker processes for a few seconds of runs: the explorer's comparisons, a teaching preset's jobs.

The workers are forked from a fork server that imports the model and the job function once, in the
background, as soon as the pool is made; so a caller that makes the pool first and then reads its
configs finds the workers ready, and each run costs only itself. Results are the same bits as in
one process: every run has its own seed. This module imports nothing heavy, so that the fork
server can start before its caller has loaded the model.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

__all__ = ["PRELOAD", "worker_pool"]

#: What the fork server imports once, before forking any worker.
PRELOAD = ["experiments.explore", "experiments.jobs"]


def worker_pool(workers: int | None = None) -> ProcessPoolExecutor | None:
    """A pool of ``workers`` processes (default: two, or None on one core, or where there is no fork
    server: then callers run in their own process)."""
    workers = min(2, os.cpu_count() or 1) if workers is None else workers
    if workers < 2 or "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    from multiprocessing import forkserver

    forkserver.ensure_running()  # starts importing PRELOAD now, beside the caller's own start-up
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)
