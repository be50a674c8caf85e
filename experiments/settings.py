"""From a composed config to the model's inputs: ``ModelParams``, seed, run length and roster.

The one place where configuration meets the model: every ``ModelParams`` field is read from the
config by name, so an override such as ``n_units=60`` reaches the model unchanged, and a bad value
is refused by ``ModelParams`` with a message naming the field, before any simulation runs. The
sweeper calls ``job_settings`` on every job of a sweep before the first one starts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from experiments.roster import load_roster
from simulation import ModelParams, UnitRoster, replicate_seed

__all__ = ["JobSettings", "job_settings", "model_params", "morris_design", "run_settings"]

FIELDS = tuple(f.name for f in dataclasses.fields(ModelParams))
INT_FIELDS = {f.name for f in dataclasses.fields(ModelParams) if f.type in ("int", int)}


@dataclass(frozen=True)
class JobSettings:
    """Everything one simulation needs, validated."""

    params: ModelParams
    seed: int
    n_steps: int
    roster: UnitRoster | None = None


def model_params(cfg: Mapping[str, Any]) -> ModelParams:
    """The ``ModelParams`` named by a config's top-level keys (validated; ``ValueError`` if not)."""
    missing = [name for name in FIELDS if name not in cfg]
    if missing:
        raise ValueError(f"config lacks model parameter(s) {missing}: compose from configs/config.yaml")
    return ModelParams(**{name: cfg[name] for name in FIELDS})


def _whole(name: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name}={value!r} is not allowed: must be a whole number >= {low}")
    return value


@lru_cache(maxsize=8)
def _roster(path: str) -> UnitRoster:
    return load_roster(path)


@lru_cache(maxsize=8)
def _design(names: tuple[str, ...], bounds: tuple[tuple[float, float], ...], trajectories: int, levels: int, seed: int):
    from SALib.sample import morris

    problem = {"num_vars": len(names), "names": list(names), "bounds": [list(b) for b in bounds]}
    return problem, morris.sample(problem, trajectories, num_levels=levels, seed=seed)


def morris_design(sensitivity: Mapping[str, Any]):
    """(SALib problem, sample matrix) of a sensitivity config; each row is one design point."""
    parameters = dict(sensitivity["parameters"])
    if not parameters:
        raise ValueError("sensitivity.parameters is empty: name at least one parameter with [low, high]")
    for name, bounds in parameters.items():
        if name not in FIELDS:
            raise ValueError(f"sensitivity.parameters.{name}: not a model parameter")
        if len(bounds) != 2 or not bounds[0] < bounds[1]:
            raise ValueError(f"sensitivity.parameters.{name}={list(bounds)}: must be [low, high] with low < high")
    names = tuple(parameters)
    bounds = tuple((float(parameters[n][0]), float(parameters[n][1])) for n in names)
    return _design(
        names, bounds, int(sensitivity["trajectories"]), int(sensitivity["levels"]), int(sensitivity["sampling_seed"])
    )


def design_rows(sensitivity: Mapping[str, Any]) -> int:
    """Number of design points of a Morris screening: trajectories x (parameters + 1)."""
    return int(sensitivity["trajectories"]) * (len(sensitivity["parameters"]) + 1)


def _sample_values(cfg: Mapping[str, Any]) -> dict[str, Any]:
    sample, sensitivity = cfg.get("sample"), cfg.get("sensitivity")
    if sample is None:
        return {}
    if sensitivity is None:
        raise ValueError(f"sample={sample} needs a sensitivity design (experiment=sensitivity)")
    problem, matrix = morris_design(sensitivity)
    if not 0 <= sample < len(matrix):
        raise ValueError(f"sample={sample} is not allowed: the design has rows 0..{len(matrix) - 1}")
    values = dict(zip(problem["names"], matrix[sample].tolist(), strict=True))
    return {k: (round(v) if k in INT_FIELDS else v) for k, v in values.items()}


def job_settings(cfg: Mapping[str, Any]) -> JobSettings:
    """Validated settings of one job from a resolved config (a sensitivity sample's values applied)."""
    params = model_params(cfg)
    roster = None
    if cfg.get("roster_file"):
        roster = _roster(str(Path(cfg["roster_file"]).resolve()))
        params = params.replace(n_units=len(roster))
    values = _sample_values(cfg)
    if values:
        params = params.replace(**values)
    seed = _whole("seed", cfg.get("seed"), 0)
    n_steps = _whole("n_steps", cfg.get("n_steps"), 0)
    if 0 < params.shock_start_month > n_steps:
        raise ValueError(f"shock_start_month={params.shock_start_month} is after the last month (n_steps={n_steps})")
    return JobSettings(params, seed, n_steps, roster)


def job_replicates(cfg: Mapping[str, Any]) -> list[tuple[int, int]]:
    """(replicate, seed) of every run of a job: its ``block`` of replicates, or its one ``replicate``."""
    block = cfg.get("block")
    if block is None:
        return [(_whole("replicate", cfg.get("replicate"), 0), _whole("seed", cfg.get("seed"), 0))]
    block, size = _whole("block", block, 0), _whole("block_size", cfg.get("block_size"), 1)
    total = _whole("replicates", cfg.get("replicates"), 1)
    first = block * size
    if first >= total:
        raise ValueError(
            f"block={block} is not allowed: with block_size={size}, replicates={total} needs blocks "
            f"0..{(total - 1) // size}"
        )
    master = _whole("master_seed", cfg.get("master_seed"), 0)
    return [(r, replicate_seed(master, r)) for r in range(first, min(total, first + size))]


def run_settings(cfg: Mapping[str, Any]) -> tuple[ModelParams, int, int]:
    """(params, seed, n_steps) from a composed config, all validated before any work starts."""
    settings = job_settings(cfg)
    return settings.params, settings.seed, settings.n_steps
