"""Sweeps in this process: what ``python -m experiments.run -m ...`` does, without a launcher.

Configs are composed with Hydra's config loader as the command line composes them (the master config
of a multirun), the project's sweeper is made by Hydra's plugin registry, and then the functions a
launch calls run directly: the sweeper's ``prepare`` (every job planned and validated, the plan
checked and recorded), the job function ``experiments.jobs.run_jobs`` for each job (what a launcher
does in its worker), and ``finish`` (manifest and aggregate). The teaching command
(``python -m teaching``) and the tests use it; Hydra's own launchers (joblib, submitit) run the same
jobs from the command line, and tests check that the two plan the same configs.

    >>> from experiments.driver import run_sweep
    >>> run_sweep("multirun/my_sweep", "policy=silos,equal_share", "replicate=range(0,3)")  # doctest: +SKIP

Jobs that share their seeds (the conditions of one block of replicates) go to a worker together, so
that a worker warms each organisation up once for all of them (``simulation.WarmUps``); the project's
``pool`` launcher (``hydra_plugins/capacity_sweeper``) runs a command-line sweep's jobs the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from experiments.paths import CONFIGS

__all__ = ["compose_run", "plan", "run_sweep", "run_tasks", "sweeper", "tasks"]

_HYDRA = threading.Lock()  # Hydra's global state holds one composition at a time


def compose_run(*overrides: str):
    """The config of a single run, composed as ``python -m experiments.run <overrides>`` would."""
    from hydra import compose, initialize_config_dir

    import experiments.run  # noqa: F401  (registers the schema and resolvers)

    with _HYDRA, initialize_config_dir(version_base="1.3", config_dir=str(CONFIGS)):
        return compose(config_name="config", overrides=list(overrides))


@contextmanager
def sweeper(sweep_dir: str | Path | None, *overrides: str) -> Iterator[tuple[Any, list[str]]]:
    """The project's sweeper on the master config of ``python -m experiments.run -m <overrides>`` (into
    ``sweep_dir`` when given), composed in this process, and the task overrides it sweeps. Its launcher
    is never called here."""
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.core.plugins import Plugins
    from hydra.types import HydraContext, RunMode
    from omegaconf import OmegaConf

    from experiments.run import main as task_function  # registers the schema and resolvers

    where = [f"hydra.sweep.dir={sweep_dir}"] if sweep_dir is not None else []
    with _HYDRA, initialize_config_dir(version_base="1.3", config_dir=str(CONFIGS)):
        loader = GlobalHydra.instance().config_loader()
        config = loader.load_configuration("config", [*where, *overrides], run_mode=RunMode.MULTIRUN)
        context = HydraContext(config_loader=loader, callbacks=None)  # callbacks: only a launch uses them
        instance = Plugins.instance().instantiate_sweeper(
            config=config, hydra_context=context, task_function=task_function
        )
        yield instance, list(OmegaConf.to_container(config.hydra.overrides.task))


def plan(*overrides: str, fast: bool = True) -> list[tuple[Any, dict]]:
    """Every job of a sweep (``experiments.sweep.PlannedJob``), composed and validated, with its resolved
    config; nothing is written. ``fast``: share one composition among jobs that differ in plain values."""
    with sweeper(None, *overrides) as (instance, arguments):
        instance.fast = fast
        return instance.plan(arguments)


def tasks(planned, folder: Path, workers: int) -> list[list[tuple]]:
    """The planned jobs as tasks for ``workers`` processes: one task per set of seeds (a block of
    replicates, in an ensemble a world's block), holding every condition's job for those seeds, in plan
    order, so that a worker warms each organisation up once for all the conditions that share its
    warm-up (``simulation.WarmUps``); a task per job when there are fewer such sets than workers."""
    blocks: dict[tuple, list] = {}
    for job, resolved in planned:
        call = (resolved, Path(folder) / job.folder, job.folder, bool(resolved["rerun"]))
        blocks.setdefault(job.seeds, []).append(call)
    found = list(blocks.values())
    if len(found) < workers:  # too few sets to keep every worker busy
        found = [[call] for task in found for call in task]
    return found


def run_tasks(
    found: list[list[tuple]], pool: Executor | None = None, *, reverse: bool = False, while_waiting=None
) -> list[str]:
    """Run tasks (``tasks``) in this process, one after another (``reverse``: the last first, as a
    parallel launcher may finish them), or in ``pool``, the longest first; ``while_waiting`` runs in this
    process once the tasks are submitted. Returns every job's status (completed, skipped, failed), in
    the order of ``found``; the jobs a broken pool never ran count as failed (their folders say so)."""
    from experiments.jobs import run_jobs

    if pool is None:
        order = list(reversed(found)) if reverse else found
        statuses = {id(task): run_jobs(list(reversed(task)) if reverse else task) for task in order}
        if while_waiting is not None:
            while_waiting()
        return [status for task in found for status in statuses[id(task)]]
    longest_first = sorted(found, key=len, reverse=True)
    # The first submission waits for a fork server to finish loading the model: a thread waits for it
    # while this one does what the caller needs next.
    with ThreadPoolExecutor(max_workers=1) as submitter:
        submitted = submitter.submit(lambda: {id(task): pool.submit(run_jobs, task) for task in longest_first})
        if while_waiting is not None:
            while_waiting()
        futures = submitted.result()
    statuses = {}
    for task in longest_first:
        try:
            statuses[id(task)] = futures[id(task)].result()
        except BrokenProcessPool:  # a worker died (killed, out of memory): its jobs have no result
            statuses[id(task)] = ["failed"] * len(task)
    return [status for task in found for status in statuses[id(task)]]


def run_sweep(
    sweep_dir: str | Path,
    *overrides: str,
    pool: Executor | None = None,
    workers: int = 1,
    reverse: bool = False,
    while_waiting: Callable[[], None] | None = None,
    check: Callable[[Any, list], None] | None = None,
) -> int:
    """Plan, run and finish the sweep of ``overrides`` into ``sweep_dir``; returns the exit status the
    command line would give (0 when every job has a result).

    Jobs run in this process one task after another (``reverse``: the last first, as a parallel launcher
    may finish them), or in ``pool`` (``workers`` processes), longest tasks first. ``while_waiting``
    runs in this process once the tasks are submitted (a caller loads what it needs next meanwhile).
    ``check(sweeper, planned)`` is called after planning, before any job runs."""
    from experiments.sweep import finish

    with sweeper(sweep_dir, *overrides) as (instance, arguments):
        folder, planned, _ = instance.prepare(arguments)
        if check is not None:
            check(instance, planned)
        sensitivity, robustness = instance.sensitivity(), instance.design("robustness")
    jobs = [job for job, _ in planned]  # the plan's order, which the aggregate keeps
    run_tasks(
        tasks(planned, folder, workers if pool is not None else 1), pool, reverse=reverse, while_waiting=while_waiting
    )
    return finish(folder, jobs, sensitivity, robustness)
