"""The command-line entry point: one simulation, or a sweep of them, from the Hydra config.

    python -m experiments.run                                          # one run: silos, seed from replicate 0
    python -m experiments.run policy=active_nurturing n_units=60 seed=7
    python -m experiments.run experiment=policy_comparison            # a sweep (see configs/experiment/)
    python -m experiments.run -m policy=silos,equal_share replicate='range(0,5)' name=my_sweep

A single run writes ``model.parquet``, ``units.parquet``, ``projects.parquet`` and ``config.yaml``
into Hydra's run folder. In a sweep each job writes its own folder (``experiments.jobs``) and the
sweeper writes the manifest and the aggregate (``experiments.sweep``).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from experiments.config import job_settings, register, task_config
from experiments.guard import run_guarded
from experiments.jobs import run_job
from experiments.paths import CONFIGS
from experiments.store import refuse_existing, write_frame, write_text

register()  # the schema and resolvers, before Hydra composes anything (importing this module is enough)

if TYPE_CHECKING:
    from simulation import RunResult

__all__ = ["main", "run_one"]

log = logging.getLogger(__name__)
RESULT_FILES = ["model.parquet", "units.parquet", "projects.parquet", "config.yaml"]


def run_one(cfg: DictConfig, out_dir: Path) -> RunResult:
    """Validate ``cfg``, run the simulation and write its results into ``out_dir``; the function tests call."""
    resolved = task_config(cfg)
    settings = job_settings(resolved)
    refuse_existing(out_dir, RESULT_FILES)
    from simulation import run  # here, not above: a sweep's planner imports this module but needs no model

    units = resolved.get("unit_frames", "all")
    result = run(settings.params, seed=settings.seed, n_steps=settings.n_steps, roster=settings.roster, units=units)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_frame(result.model, out_dir / "model.parquet")
    write_frame(result.units, out_dir / "units.parquet")
    write_frame(result.projects, out_dir / "projects.parquet")
    write_text(OmegaConf.to_yaml(OmegaConf.create(resolved)), out_dir / "config.yaml")
    return result


@hydra.main(version_base="1.3", config_path=str(CONFIGS), config_name="config")
def main(cfg: DictConfig) -> str | None:
    hydra_cfg = HydraConfig.get()
    out_dir = Path(hydra_cfg.runtime.output_dir)
    if hydra_cfg.mode == RunMode.MULTIRUN:
        return run_job(task_config(cfg), out_dir, run_id=out_dir.name, rerun=bool(cfg.rerun))
    try:
        result = run_one(cfg, out_dir)
    except (ValueError, FileExistsError) as error:
        _forget_run(out_dir)
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    from analysis.outcomes import RUN_HEADLINE
    from analysis.wording import headline

    last = result.model.iloc[-1]
    values = headline({column: float(last[column]) for column in RUN_HEADLINE if column in last})
    print(f"{result.params.policy}, seed {result.seed}, {int(last['step'])} months: {values}")
    print(f"results: {out_dir}")
    return None


def _forget_run(out_dir: Path) -> None:
    """A refused run leaves nothing: the folder Hydra made for it (its record and empty log) goes. The
    guard refused a run folder that held anything before, so everything in it is this run's."""
    import shutil

    kept = [p for p in out_dir.iterdir() if p.name != ".hydra" and not (p.suffix == ".log" and p.stat().st_size == 0)]
    if kept:  # something this run did not make: leave the folder alone
        return
    shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    run_guarded(main, sys.argv[1:])
