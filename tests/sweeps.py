"""Runs and sweeps inside the test process, the lightning-hydra-template way, through the project's own
in-process driver (``experiments.driver``, which the teaching command uses too).

Configs are composed with Hydra's compose API (or its config loader, for a sweep's master config),
then the functions the command line calls run directly: ``run_one`` for a single run; for a sweep,
the sweeper's own ``prepare``, the job function for each job (what a launcher does in its worker), and
``finish``. ``check_against_full_composition`` checks that the sweeper's fast plan is what Hydra's
full composition (and so a launcher) would run. A handful of tests (tests/test_cli.py,
tests/test_crash_safety.py) still start the real command line, with its launchers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from experiments.driver import compose_run, plan, sweeper
from experiments.driver import run_sweep as _run_sweep
from experiments.run import run_one
from experiments.sweep import PlannedJob
from simulation import RunResult

__all__ = ["check_against_full_composition", "compose_run", "plan_sweep", "run_in_process", "run_sweep", "sweeper"]


def run_in_process(out_dir: Path, *overrides: str) -> RunResult:
    """``python -m experiments.run hydra.run.dir=<out_dir> <overrides>``, in this process."""
    return run_one(compose_run(*overrides), Path(out_dir))


def plan_sweep(*overrides: str, fast: bool = True) -> list[tuple[PlannedJob, dict]]:
    """Every job of a sweep, composed and validated, with its resolved config; nothing is written."""
    return plan(*overrides, fast=fast)


def _sample(planned: list[tuple[PlannedJob, dict]], most: int = 4) -> list[int]:
    """A few jobs that between them set every swept value they can: the first, the last, and jobs that
    add a (key, value) pair not yet seen."""
    chosen, seen = [0, len(planned) - 1], set(planned[0][0].overrides) | set(planned[-1][0].overrides)
    for i, (job, _) in enumerate(planned):
        if len(chosen) >= most:
            break
        if set(job.overrides) - seen:
            chosen.append(i)
            seen |= set(job.overrides)
    return sorted(set(chosen))


def check_against_full_composition(instance: Any, planned: list[tuple[PlannedJob, dict]]) -> None:
    """The sweeper's fast plan of a few jobs equals Hydra's full composition of each (config, folder,
    fingerprint, condition, seeds): what a launcher composes is what the jobs here run."""
    instance.fast = False
    try:
        for i in _sample(planned):
            job, resolved = planned[i]
            assert instance.plan_job(list(job.overrides)) == (job, resolved), job.folder
    finally:
        instance.fast = True


def run_sweep(sweep_dir: Path, *overrides: str, reverse: bool = False, compare: bool = False) -> int:
    """A whole sweep in this process, jobs one after the other (``reverse``: last job first, as a
    parallel launcher may finish them); returns the exit status the command line would give.
    ``compare``: check the jobs' configs against Hydra's full composition first."""
    check = check_against_full_composition if compare else None
    return _run_sweep(sweep_dir, *overrides, reverse=reverse, check=check)
