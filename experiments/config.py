"""The configuration layer: the typed schema under the Hydra YAML, and a composed config turned into a job.

``ConfigSchema`` is built from ``simulation.ModelParams`` (every model parameter, with its type and
default) plus ``RUN_KEYS``, the keys that describe a run or a sweep. It is stored in Hydra's
``ConfigStore`` as ``schema`` by ``register`` (with the resolvers; the project's sweeper plugin calls it
as Hydra loads its plugins, before any composition, and ``experiments.run`` as it is imported; this
module itself imports no Hydra, for the jobs of a sweep) and is the first entry of
``configs/config.yaml``'s defaults list, so a value of the wrong type fails at composition, naming the
key. A key added with ``+key=value`` gets past Hydra's composition, so ``check_keys`` refuses any key
the schema does not know, naming it.
Ranges and combinations are checked by ``ModelParams`` (``job_settings``). Runs and sweeps call
``job_settings`` before anything runs; the sweeper calls it for every job before the first starts.

``NOT_CONDITIONS`` is the one table of keys that are not conditions of a sweep: the sweeper leaves
them out of a job's condition columns, Hydra leaves those marked so out of a job's folder name
(``configs/config.yaml`` reads them through the ``not_in_job_folder`` resolver), and a job's
fingerprint (``experiments.jobs``) leaves out those marked so.

Seeds: a run's seed is ``replicate_seed(master_seed, replicate)``, the ``replicate``-th child of the
master seed's ``numpy.random.SeedSequence``; every condition of a sweep uses the same replicate
seeds (common random numbers). In a robustness ensemble, world ``w``'s replicate ``r`` runs with
``samples.world_seed(master_seed, w, r)``: the same for every policy of that world. Setting ``seed``
directly overrides it for a single run. Sweep presets run replicates in blocks (``block``,
``block_size``), each with its own replicate seed.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import math
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from analysis.contents import FIGURES
from analysis.outcomes import OVER_TIME
from experiments import samples
from experiments.roster import load_roster
from simulation import CAPABILITIES, POLICY_NAMES, ModelParams, UnitRoster, param_info, replicate_seed

__all__ = [
    "NOT_CONDITIONS",
    "RUN_KEYS",
    "ConfigSchema",
    "JobSettings",
    "check_keys",
    "check_name",
    "job_folder",
    "job_replicates",
    "job_settings",
    "model_params",
    "register",
    "task_config",
    "vocabulary",
]

#: Every model parameter and its Python type, read from ``ModelParams`` itself.
MODEL_TYPES: dict[str, type] = {
    name: kind for name, kind in typing.get_type_hints(ModelParams).items() if name in ModelParams.__dataclass_fields__
}


@dataclass
class SensitivityConf:
    """A Morris screening (SALib): which parameters, over which ranges, how many trajectories."""

    parameters: dict[str, list[float]] = field(default_factory=dict)  # name -> [low, high]
    trajectories: int = 10
    levels: int = 4
    sampling_seed: int = 2026


@dataclass
class RobustnessConf:
    """An uncertainty ensemble (experiment=robustness): how many worlds, how they are drawn, over what."""

    worlds: int = 48
    sampler: str = "lhs"  # lhs (Latin hypercube) or sobol (scrambled Sobol), scipy.stats.qmc
    sampling_seed: int = 2026
    central: bool = True  # world 0 holds the defaults
    parameters: dict[str, list[float]] = field(default_factory=dict)  # name -> [low, high]; empty: every assumption


@dataclass
class TeachingConf:
    """What a teaching preset tells the room (beside its ``question``): what it changes, what to look for."""

    title: str = ""
    pattern: str = ""
    change: str = ""
    look_for: str = ""
    prompts: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)  # the brief's figures to draw (all that fit when empty)
    outcomes: list[str] = field(default_factory=list)  # the over-time figure's panels, in order (all when empty)


#: Keys of the config that describe a run or a sweep rather than the model: (name, type, default, meaning).
RUN_KEYS: tuple[tuple[str, Any, Any, str], ...] = (
    ("seed", int, "${replicate_seed:${master_seed},${replicate}}", "the run's one seed"),
    ("master_seed", int, 2026, "master seed from which replicate seeds are spawned"),
    ("replicate", int, 0, "replicate index: its seed is the same for every condition"),
    ("replicates", int, 1, "replicates per condition in a sweep preset (replicate = 0 .. replicates - 1)"),
    ("block", Optional[int], None, "a sweep job runs replicates block x block_size .. (block + 1) x block_size - 1"),
    ("block_size", int, 5, "replicates per sweep job: fewer, longer jobs cost less Hydra overhead"),
    ("n_steps", int, 120, "months to simulate"),
    ("unit_frames", str, "all", "a job's unit frame: every unit every month (all), or the last month's (last: sooner)"),
    ("name", str, "sweep", "name of the experiment; a sweep writes to multirun/<name>/"),
    ("question", Optional[str], None, "the question an experiment preset asks; its brief opens with it"),
    ("roster_file", Optional[str], None, "CSV roster of a real organisation (org=roster)"),
    ("sample", Optional[int], None, "row of the sensitivity design this job runs"),
    ("world", Optional[int], None, "world of the robustness ensemble this job runs (0: the defaults)"),
    ("robustness", Optional[RobustnessConf], None, "the uncertainty ensemble's design (experiment=robustness)"),
    ("sensitivity", Optional[SensitivityConf], None, "the Morris screening design (experiment=sensitivity)"),
    ("teaching", Optional[TeachingConf], None, "what a teaching preset tells the room (configs/experiment/teaching/)"),
    ("workers", int, 2, "parallel jobs for the local launcher"),
    ("rerun", bool, False, "rerun every job of a sweep, replacing earlier results"),
    ("quiet", bool, False, "no progress line"),
)

#: Keys that are never a condition of a sweep, and what each still takes part in: ``folder`` (it names
#: a job's folder, telling the jobs of one sweep apart) and ``fingerprint`` (it changes what a job
#: computes, so it is part of the job's identity for resume). Every other key a sweep sets is a condition.
NOT_CONDITIONS: dict[str, frozenset[str]] = {
    "experiment": frozenset(),  # the preset: a config group, not a key of the resolved config
    "name": frozenset(),
    "question": frozenset(),
    "teaching": frozenset(),
    "workers": frozenset(),
    "quiet": frozenset(),
    "rerun": frozenset(),
    "replicates": frozenset(),  # the replicates a job runs are part of its fingerprint instead
    "block_size": frozenset({"fingerprint"}),
    "block": frozenset({"folder", "fingerprint"}),
    "replicate": frozenset({"folder", "fingerprint"}),
    "seed": frozenset({"folder", "fingerprint"}),
}

#: What a job's unit frame holds (``simulation.run``'s ``units``): every month, or the last.
UNIT_FRAMES = ("all", "last")

SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")


def _schema_fields() -> list[tuple[str, Any, Any]]:
    defaults = {f.name: f.default for f in dataclasses.fields(ModelParams)}
    rows = [(name, kind, field(default=defaults[name])) for name, kind in MODEL_TYPES.items()]
    rows += [(name, kind, field(default=default)) for name, kind, default, _ in RUN_KEYS]
    return rows


ConfigSchema = dataclasses.make_dataclass("ConfigSchema", _schema_fields())
_NESTED = {"sensitivity": SensitivityConf, "teaching": TeachingConf, "robustness": RobustnessConf}


def vocabulary() -> dict[str, Any]:
    """The model's names a brief needs, for the sweep's plan: policies in the model's order, capabilities,
    and every parameter's display name and unit (for sentences about assumptions)."""
    return {
        "policy": list(POLICY_NAMES),
        "capabilities": list(CAPABILITIES),
        "parameters": {row.name: [row.name.replace("_", " "), row.unit] for row in param_info()},
    }


def task_config(cfg) -> dict:
    """A composed config without Hydra's own node, every interpolation resolved, as plain values."""
    keys = [key for key in cfg if key != "hydra"]
    from omegaconf import OmegaConf  # here, not above: a sweep's jobs use this module without Hydra

    return OmegaConf.to_container(OmegaConf.masked_copy(cfg, keys), resolve=True)


def _unknown_message(key: str, known, where: str) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1)
    hint = f"; did you mean '{where}{close[0]}'?" if close else ""
    return (
        f"unknown key {where}{key}: not a model parameter (configs/config.yaml) nor a run setting "
        f"(RUN_KEYS in experiments/config.py){hint}"
    )


def _unknown(keys, known, where: str) -> None:
    for key in keys:
        if key not in known:
            raise ValueError(_unknown_message(key, known, where))


def unknown_key(dotted: str) -> str:
    """The message for an override of a key the schema does not know, with the closest known key."""
    head, _, rest = dotted.partition(".")
    if rest and head in _NESTED:
        return _unknown_message(rest, _NESTED[head].__dataclass_fields__, f"{head}.")
    return _unknown_message(dotted, ConfigSchema.__dataclass_fields__, "")


def check_keys(cfg: Mapping[str, Any]) -> None:
    """Refuse any key the schema does not know (as ``+key=value`` can add), naming it and the closest key."""
    _unknown([k for k in cfg if k != "hydra"], ConfigSchema.__dataclass_fields__, "")
    for name, kind in _NESTED.items():
        if isinstance(cfg.get(name), Mapping):
            _unknown(cfg[name], kind.__dataclass_fields__, f"{name}.")


def check_name(name: Any) -> None:
    """A sweep's name names a folder under ``multirun/``: refuse one that could leave it."""
    if not isinstance(name, str) or not SAFE_NAME.fullmatch(name):
        raise ValueError(
            f"name={name!r} is not allowed: letters, digits, '.', '_' and '-' only, "
            "not starting with '.' (it names a folder under multirun/)"
        )


def model_params(cfg: Mapping[str, Any]) -> ModelParams:
    """The ``ModelParams`` named by a config's top-level keys (validated; ``ValueError`` if not)."""
    missing = [name for name in MODEL_TYPES if name not in cfg]
    if missing:
        raise ValueError(f"config lacks model parameter(s) {missing}: compose from configs/config.yaml")
    return ModelParams(**{name: cfg[name] for name in MODEL_TYPES})


#: The largest value each whole-number run key takes: a run of 100 years, seeds a frame can hold, and
#: sweeps a laptop or a cluster can plan (a larger one is refused before anything is planned).
LIMITS = {
    "n_steps": 1200,
    "seed": 2**63 - 1,
    "master_seed": 2**63 - 1,
    "replicate": 1_000_000,
    "replicates": 1_000_000,
    "block": 1_000_000,
    "block_size": 10_000,
    "workers": 256,
    "robustness.worlds": 1_000_000,
}
#: The most jobs a sweep may plan.
MAX_JOBS = 200_000


def _whole(name: str, value: Any, low: int) -> int:
    high = LIMITS.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        most = f" and <= {high:,}" if high is not None else ""
        raise ValueError(f"{name}={value!r} is not allowed: must be a whole number >= {low}{most}")
    return value


@dataclass(frozen=True)
class JobSettings:
    """Everything one simulation needs, validated."""

    params: ModelParams
    seed: int
    n_steps: int
    roster: UnitRoster | None = None


@lru_cache(maxsize=8)
def _roster(path: str) -> UnitRoster:
    return load_roster(path)


def check_teaching(teaching: Mapping[str, Any] | None) -> None:
    """Refuse a teaching preset's figure or outcome that its brief cannot draw, naming what it can."""
    for key, allowed in (("figures", FIGURES), ("outcomes", OVER_TIME)):
        for name in (teaching or {}).get(key) or []:
            if name not in allowed:
                raise ValueError(
                    f"teaching.{key} lists {name!r}, which a brief cannot show: one of {', '.join(allowed)}"
                )


def job_settings(cfg: Mapping[str, Any]) -> JobSettings:
    """Validated settings of one job from a resolved config (a sensitivity sample's or a world's values applied)."""
    check_keys(cfg)
    check_teaching(cfg.get("teaching"))
    params = model_params(cfg)
    roster = None
    if cfg.get("roster_file"):
        roster = _roster(str(Path(cfg["roster_file"]).resolve()))
        params = params.replace(n_units=len(roster))
    values = samples.sample_values(cfg.get("sample"), cfg.get("sensitivity"), MODEL_TYPES)
    values.update(samples.world_values(cfg.get("world"), cfg.get("robustness"), MODEL_TYPES))
    if values:
        params = params.replace(**values)
    seed = _whole("seed", cfg.get("seed"), 0)
    _whole("master_seed", cfg.get("master_seed", 0), 0)
    _whole("workers", cfg.get("workers", 1), 1)
    n_steps = _whole("n_steps", cfg.get("n_steps"), 0)
    if cfg.get("unit_frames", "all") not in UNIT_FRAMES:
        raise ValueError(
            f"unit_frames={cfg.get('unit_frames')!r} is not allowed: must be one of {', '.join(UNIT_FRAMES)}"
        )
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
    world = cfg.get("world")
    if world is not None:  # every policy of a world shares its seeds; worlds differ
        return [(r, samples.world_seed(master, world, r)) for r in range(first, min(total, first + size))]
    return [(r, replicate_seed(master, r)) for r in range(first, min(total, first + size))]


def job_folder(override_dirname: str) -> str:
    """A sweep job's folder name from its overrides: readable, one path component, at most 120 characters."""
    name = override_dirname.replace("/", "_").replace("\\", "_") or "default"
    if len(name) > 120:
        name = name[:100] + "-" + hashlib.sha256(name.encode()).hexdigest()[:12]
    return name


def checked_worlds(worlds: Any) -> int:
    """An ensemble's number of worlds, refused (naming it) outside 2 .. ``LIMITS['robustness.worlds']``."""
    return _whole("robustness.worlds", int(worlds), 2)


def n_blocks(replicates: int, block_size: int) -> int:
    """Jobs needed to run ``replicates`` replicates ``block_size`` at a time (refused, naming both, when
    more than ``MAX_JOBS``: a sweep of that size could not even be planned)."""
    replicates = _whole("replicates", int(replicates), 1)
    block_size = _whole("block_size", int(block_size), 1)
    blocks = max(1, math.ceil(replicates / block_size))
    if blocks > MAX_JOBS:
        raise ValueError(
            f"replicates={replicates} in blocks of block_size={block_size} is {blocks:,} jobs: at most {MAX_JOBS:,}"
        )
    return blocks


RESOLVERS = {
    "replicate_seed": lambda master, index: replicate_seed(int(master), int(index)),
    "job_folder": job_folder,
    "design_rows": samples.design_rows,
    "uncertain_parameters": lambda: len(samples.uncertain_parameters()),
    "n_blocks": n_blocks,
    "worlds": checked_worlds,
    "central_world_all": lambda world: "all" if world is None or int(world) == 0 else "last",
    "not_in_job_folder": lambda: [key for key, uses in NOT_CONDITIONS.items() if "folder" not in uses],
}


def register() -> None:
    """Store the schema in Hydra's ConfigStore and register the resolvers (idempotent)."""
    from hydra.core.config_store import ConfigStore
    from omegaconf import OmegaConf

    ConfigStore.instance().store(name="schema", node=ConfigSchema)
    for name, function in RESOLVERS.items():
        if not OmegaConf.has_resolver(name):
            OmegaConf.register_new_resolver(name, function)
