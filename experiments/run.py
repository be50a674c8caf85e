"""Run one simulation from the Hydra config and write its frames into Hydra's run folder.

    python -m experiments.run                                  # silos, defaults, seed 0
    python -m experiments.run policy=active_nurturing n_units=60 seed=7

Writes ``model.parquet`` (one row per month), ``units.parquet`` (one row per unit per month),
``projects.parquet`` (one row per ended project) and ``config.yaml`` (the resolved config).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from experiments.settings import run_settings
from experiments.store import refuse_existing, write_frame, write_text
from simulation import RunResult, run

log = logging.getLogger(__name__)
RESULT_FILES = ["model.parquet", "units.parquet", "projects.parquet", "config.yaml"]


def run_one(cfg: DictConfig, out_dir: Path) -> RunResult:
    """Validate ``cfg``, run the simulation and write its results into ``out_dir``; the function tests call."""
    params, seed, n_steps = run_settings(OmegaConf.to_container(cfg, resolve=True))
    refuse_existing(out_dir, RESULT_FILES)
    result = run(params, seed=seed, n_steps=n_steps)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_frame(result.model, out_dir / "model.parquet")
    write_frame(result.units, out_dir / "units.parquet")
    write_frame(result.projects, out_dir / "projects.parquet")
    write_text(OmegaConf.to_yaml(cfg, resolve=True), out_dir / "config.yaml")
    return result


@hydra.main(version_base="1.3", config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> None:
    out_dir = Path(HydraConfig.get().runtime.output_dir)
    try:
        result = run_one(cfg, out_dir)
    except (ValueError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    last = result.model.iloc[-1]
    print(
        f"{result.params.policy}, seed {result.seed}, {int(last['step'])} months: mean capability "
        f"{last['mean_capability']:.3f}, Gini between units {last['gini_capability']:.3f}, "
        f"units left behind {last['share_left_behind']:.0%}, projects succeeded {int(last['cumulative_succeeded'])}"
    )
    print(f"results: {out_dir}")


if __name__ == "__main__":
    main()
