"""``hydra/launcher=pool``: the project's local launcher, a pool of worker processes for a sweep's jobs.

Hydra's joblib launcher composes every job's configuration again in its worker and sets up its
logging and record (about a quarter of a second a job here, as long as a run of the model). This
launcher takes the configurations the project's sweeper already composed and checked (it hands them
over before launching), groups the jobs that share their seeds into one task so that a worker warms
each organisation up once for all of them (``simulation.WarmUps``), and runs the tasks in
``workers`` processes from a fork server that has loaded the model (``experiments.workers``), or in
this process for one worker. Each job writes its own folder as under any launcher
(``experiments.jobs``); the sweeper then writes the manifest and the aggregate from those folders.
Used with another sweeper, it composes each job itself. ``hydra/launcher=joblib`` (Hydra's own) and
``hydra/launcher=slurm`` (submitit) remain.
"""

# No "from __future__ import annotations": Hydra executes plugin modules outside sys.modules,
# where dataclasses cannot resolve string annotations.
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from hydra.core.config_store import ConfigStore
from hydra.core.utils import JobReturn, JobStatus
from hydra.plugins.launcher import Launcher
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, OmegaConf

from experiments.config import task_config
from experiments.driver import run_tasks, tasks
from experiments.jobs import fingerprint

__all__ = ["PoolLauncher", "PoolLauncherConf"]


@dataclass
class PoolLauncherConf:
    _target_: str = "hydra_plugins.capacity_sweeper.pool_launcher.PoolLauncher"
    workers: int = 2


ConfigStore.instance().store(group="hydra/launcher", name="pool", node=PoolLauncherConf, provider="capacity")


class _Job:
    """What a task needs of a job composed here (the sweeper hands over its own planned jobs instead)."""

    def __init__(self, folder: str, resolved: dict, seeds: Tuple[int, ...]):
        self.folder, self.seeds, self.resolved = folder, seeds, resolved


class PoolLauncher(Launcher):
    """Runs a batch of jobs in a pool of worker processes, from the configurations already composed."""

    def __init__(self, workers: int = 2) -> None:
        self.workers = int(workers)
        self.config: Optional[DictConfig] = None
        self.hydra_context: Optional[HydraContext] = None
        self.planned: Dict[Tuple[str, ...], Tuple[Any, dict]] = {}

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig) -> None:
        self.config, self.hydra_context = config, hydra_context

    def hand_over(self, planned: List[Tuple[Any, dict]]) -> None:
        """The sweeper's planned jobs (``experiments.sweep.PlannedJob`` and resolved config), by overrides."""
        self.planned = {tuple(job.overrides): (job, resolved) for job, resolved in planned}

    def _composed(self, overrides: Sequence[str]) -> Tuple[Any, dict]:
        key = tuple(overrides)
        if key in self.planned:
            return self.planned[key]
        assert self.hydra_context is not None and self.config is not None
        cfg = self.hydra_context.config_loader.load_sweep_config(self.config, list(overrides))
        resolved = task_config(cfg)
        from experiments.config import job_replicates  # here: the model's seeds, only for a job composed here

        seeds = tuple(seed for _, seed in job_replicates(resolved))
        folder = str(OmegaConf.select(cfg, "hydra.sweep.subdir")) or fingerprint(resolved)
        return _Job(folder, resolved, seeds), resolved

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> Sequence[JobReturn]:
        from experiments.workers import JOB_PRELOAD, worker_pool

        assert self.config is not None
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        sweep_dir.mkdir(parents=True, exist_ok=True)
        planned = [self._composed(overrides) for overrides in job_overrides]
        pool = worker_pool(self.workers, preload=JOB_PRELOAD)
        found = tasks(planned, sweep_dir, self.workers if pool is not None else 1)
        try:
            statuses = run_tasks(found, pool)
        finally:
            if pool is not None:
                pool.shutdown()
        calls = [call for task in found for call in task]
        by_folder = {call[2]: status for call, status in zip(calls, statuses, strict=True)}
        returns = []
        for overrides, (job, _) in zip(job_overrides, planned, strict=True):
            status = by_folder.get(job.folder, "failed")
            ok = status in ("completed", "skipped")
            returns.append(
                JobReturn(
                    overrides=list(overrides),
                    working_dir=str(sweep_dir / job.folder),
                    status=JobStatus.COMPLETED if ok else JobStatus.FAILED,
                    _return_value=status if ok else RuntimeError(f"job {job.folder}: {status}"),
                )
            )
        return returns
