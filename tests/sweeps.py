"""Runs and sweeps inside the test process, the lightning-hydra-template way.

Configs are composed with Hydra's compose API (or its config loader, for a sweep's master config),
then the functions the command line calls run directly: ``run_one`` for a single run; for a sweep,
the sweeper's own ``prepare`` (every job planned and validated, the plan checked and recorded), the
job function ``run_job`` for each job (what a launcher does in its worker), and ``finish`` (manifest
and aggregate). A handful of tests (tests/test_cli.py, tests/test_crash_safety.py) still start the
real command line, with its launchers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.plugins import Plugins
from hydra.types import HydraContext, RunMode
from omegaconf import DictConfig, OmegaConf

from experiments.jobs import run_job
from experiments.run import main, run_one
from experiments.sweep import PlannedJob, finish
from simulation import RunResult

from .conftest import ROOT

__all__ = ["check_against_full_composition", "compose_run", "plan_sweep", "run_in_process", "run_sweep", "sweeper"]

CONFIGS = str(ROOT / "configs")


def compose_run(*overrides: str) -> DictConfig:
    """The config of a single run, composed as ``python -m experiments.run <overrides>`` would."""
    with initialize_config_dir(version_base="1.3", config_dir=CONFIGS):
        return compose(config_name="config", overrides=list(overrides))


def run_in_process(out_dir: Path, *overrides: str) -> RunResult:
    """``python -m experiments.run hydra.run.dir=<out_dir> <overrides>``, in this process."""
    return run_one(compose_run(*overrides), Path(out_dir))


@contextmanager
def sweeper(sweep_dir: Path | None, *overrides: str) -> Iterator[tuple[Any, list[str]]]:
    """The project's sweeper, made by Hydra's plugin registry on the master config of
    ``python -m experiments.run -m <overrides>`` (into ``sweep_dir`` when given), and the task
    overrides it sweeps. Its launcher is never called here."""
    where = [f"hydra.sweep.dir={sweep_dir}"] if sweep_dir is not None else []
    with initialize_config_dir(version_base="1.3", config_dir=CONFIGS):
        loader = GlobalHydra.instance().config_loader()
        config = loader.load_configuration("config", [*where, *overrides], run_mode=RunMode.MULTIRUN)
        context = HydraContext(config_loader=loader, callbacks=None)  # callbacks: only a launch uses them
        instance = Plugins.instance().instantiate_sweeper(config=config, hydra_context=context, task_function=main)
        yield instance, list(OmegaConf.to_container(config.hydra.overrides.task))


def plan_sweep(*overrides: str, fast: bool = True) -> list[tuple[PlannedJob, dict]]:
    """Every job of a sweep, composed and validated, with its resolved config; nothing is written."""
    with sweeper(None, *overrides) as (instance, arguments):
        instance.fast = fast
        return instance.plan(arguments)


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
    with sweeper(sweep_dir, *overrides) as (instance, arguments):
        folder, planned, _ = instance.prepare(arguments)
        if compare:
            check_against_full_composition(instance, planned)
        for job, resolved in reversed(planned) if reverse else planned:
            run_job(resolved, folder / job.folder, run_id=job.folder, rerun=bool(resolved["rerun"]))
        return finish(folder, [job for job, _ in planned], instance.sensitivity(), instance.design("robustness"))
