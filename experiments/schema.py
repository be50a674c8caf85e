"""The typed schema under the Hydra YAML, and the resolver that turns a replicate into its seed.

``ConfigSchema`` is built from ``simulation.ModelParams`` (every model parameter, with its type and
default) plus the keys that describe a run or a sweep. It is stored in Hydra's ``ConfigStore`` as
``schema`` and is the first entry of ``configs/config.yaml``'s defaults list, so an unknown key or a
value of the wrong type fails at composition, naming the key, before anything runs. Ranges and
combinations are checked by ``ModelParams`` itself (``experiments.settings``), also before anything
runs, and for every job of a sweep before the first one starts.

Seeds: a run's seed is ``replicate_seed(master_seed, replicate)``, the ``replicate``-th child of the
master seed's ``numpy.random.SeedSequence``; every condition of a sweep uses the same replicate
seeds (common random numbers), so policies can be compared pair by pair. Setting ``seed`` directly
overrides it for a single run. Sweep presets run replicates in blocks (``block``, ``block_size``):
each job runs several replicates, each with its own replicate seed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from dataclasses import dataclass, field
from typing import Any, Optional

from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from simulation import ModelParams
from simulation.runner import replicate_seed

__all__ = ["RUN_KEYS", "ConfigSchema", "SensitivityConf", "register"]

_TYPES = {"int": int, "float": float, "bool": bool, "str": str}


@dataclass
class SensitivityConf:
    """A Morris screening (SALib): which parameters, over which ranges, how many trajectories."""

    parameters: dict[str, list[float]] = field(default_factory=dict)  # name -> [low, high]
    trajectories: int = 10
    levels: int = 4
    sampling_seed: int = 2026


@dataclass
class TeachingConf:
    """What a teaching preset tells the room: its question, what it changes, what to look for, prompts."""

    title: str = ""
    pattern: str = ""
    question: str = ""
    change: str = ""
    look_for: str = ""
    prompts: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)  # the brief's figures to draw (all when empty)


#: Keys of the config that describe a run or a sweep rather than the model: (name, type, default, meaning).
RUN_KEYS: tuple[tuple[str, Any, Any, str], ...] = (
    ("seed", int, "${replicate_seed:${master_seed},${replicate}}", "the run's one seed"),
    ("master_seed", int, 2026, "master seed from which replicate seeds are spawned"),
    ("replicate", int, 0, "replicate index: its seed is the same for every condition"),
    ("replicates", int, 1, "replicates per condition in a sweep preset (replicate = 0 .. replicates - 1)"),
    ("block", Optional[int], None, "a sweep job runs replicates block x block_size .. (block + 1) x block_size - 1"),
    ("block_size", int, 5, "replicates per sweep job: fewer, longer jobs cost less Hydra overhead"),
    ("n_steps", int, 120, "months to simulate"),
    ("name", str, "sweep", "name of the experiment; a sweep writes to multirun/<name>/"),
    ("roster_file", Optional[str], None, "CSV roster of a real organisation (org=roster)"),
    ("sample", Optional[int], None, "row of the sensitivity design this job runs"),
    ("sensitivity", Optional[SensitivityConf], None, "the Morris screening design (experiment=sensitivity)"),
    ("teaching", Optional[TeachingConf], None, "what a teaching preset tells the room (configs/experiment/teaching/)"),
    ("workers", int, 2, "parallel jobs for the local launcher"),
    ("rerun", bool, False, "rerun every job of a sweep, replacing earlier results"),
    ("quiet", bool, False, "no progress line"),
)


def _schema_fields() -> list[tuple[str, Any, Any]]:
    rows = []
    for f in dataclasses.fields(ModelParams):
        kind = _TYPES[f.type] if isinstance(f.type, str) else f.type
        rows.append((f.name, kind, field(default=f.default)))
    for name, kind, default, _ in RUN_KEYS:
        rows.append((name, kind, field(default=default)))
    return rows


ConfigSchema = dataclasses.make_dataclass("ConfigSchema", _schema_fields())


def task_config(cfg) -> dict:
    """A composed config without Hydra's own node, every interpolation resolved, as plain values."""
    keys = [key for key in cfg if key != "hydra"]
    return OmegaConf.to_container(OmegaConf.masked_copy(cfg, keys), resolve=True)


def job_folder(override_dirname: str) -> str:
    """A sweep job's folder name from its overrides: readable, one path component, at most 120 characters."""
    name = override_dirname.replace("/", "_").replace("\\", "_") or "default"
    if len(name) > 120:
        name = name[:100] + "-" + hashlib.sha256(name.encode()).hexdigest()[:12]
    return name


def n_blocks(replicates: int, block_size: int) -> int:
    """Jobs needed to run ``replicates`` replicates ``block_size`` at a time."""
    return max(1, math.ceil(int(replicates) / max(1, int(block_size))))


def design_rows(trajectories: int, parameters: Any) -> int:
    """Rows of a Morris design: trajectories x (number of parameters + 1)."""
    return int(trajectories) * (len(parameters) + 1)


RESOLVERS = {
    "replicate_seed": lambda master, index: replicate_seed(int(master), int(index)),
    "job_folder": job_folder,
    "design_rows": design_rows,
    "n_blocks": n_blocks,
}


def register() -> None:
    """Store the schema in Hydra's ConfigStore and register the resolvers (idempotent)."""
    ConfigStore.instance().store(name="schema", node=ConfigSchema)
    for name, function in RESOLVERS.items():
        if not OmegaConf.has_resolver(name):
            OmegaConf.register_new_resolver(name, function)


register()
