"""Load an experiment's output folder into tidy frames: a single run, a sweep, or a sweep's aggregate.

Works from the files alone (this package never imports the model): a sweep folder holds
``sweep.json`` (the plan, with the model's vocabulary: its policies in order and its capabilities),
``manifest.csv`` (what ran) and ``aggregate/`` (with ``worlds.csv`` for a robustness ensemble: every
sampled world's inputs); a single run's folder holds ``model.parquet``,
``units.parquet`` and ``config.yaml``, and is summarised here as a sweep job summarises its runs
(``analysis.summary``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from analysis.design import Design, from_plan, single_run
from analysis.summary import summarise

__all__ = ["Experiment", "load_experiment"]

#: PyYAML's safe loader, in C where PyYAML was built with libyaml (the same values, several times sooner).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Experiment:
    """An experiment's results and what is known about how they were made."""

    folder: Path
    kind: str  # "sweep" or "run"
    name: str
    model: pd.DataFrame | None
    units: pd.DataFrame | None
    summary: pd.DataFrame | None
    conditions: list[str]  # condition columns (the swept settings), replicate excluded
    planned: int  # jobs planned
    missing: pd.DataFrame = field(default_factory=pd.DataFrame)  # jobs without a result, and why
    sensitivity: pd.DataFrame | None = None
    worlds: pd.DataFrame | None = None  # a robustness ensemble's sampled worlds: world and every input's value
    config: dict = field(default_factory=dict)
    vocabulary: dict = field(default_factory=dict)  # the model's names: "policy" (in order), "capabilities"
    design: Design = field(default_factory=lambda: Design("replicates"))  # what it compares (from its plan)
    jobs: list = field(default_factory=list)  # the plan's jobs (folder, condition, replicates, seeds, ...)

    @property
    def question(self) -> str | None:
        """The question the experiment asks (its preset's ``question:``), if it states one."""
        return self.config.get("question") or (self.config.get("teaching") or {}).get("question")

    def order(self, condition: str, levels) -> list:
        """``levels`` of ``condition`` in a stable order: the model's own order where it has one (policies),
        else the order the sweep planned them, else the order given."""
        levels = list(dict.fromkeys(levels))
        known = [*self.vocabulary.get(condition, []), *self.design.levels.get(condition, [])]
        rank = {level: i for i, level in reversed(list(enumerate(known)))}
        return sorted(levels, key=lambda level: rank.get(level, len(rank)))

    def jobs_at_world(self, world: int) -> list[dict]:
        """The planned jobs of one world of a robustness ensemble."""
        return [job for job in self.jobs if job["condition"].get("world") == world]

    @property
    def completed(self) -> int:
        """Jobs with a result."""
        return self.planned - len(self.missing)

    @property
    def runs(self) -> int:
        """Replicate runs with a result (a job may run several)."""
        return 0 if self.summary is None else len(self.summary)


def _read(path: Path, columns: list[str] | None = None) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    return pd.read_parquet(path, columns=columns) if path.suffix == ".parquet" else pd.read_csv(path)


def load_experiment(folder: str | Path, unit_columns: list[str] | None = None) -> Experiment:
    """Read the experiment in ``folder`` (a sweep folder, its ``aggregate/``, or a single run's folder).

    ``unit_columns`` limits what is read of the (large) unit-level frame.
    """
    folder = Path(folder)
    if folder.name == "aggregate" and (folder.parent / "sweep.json").is_file():
        folder = folder.parent
    if (folder / "sweep.json").is_file():
        return _load_sweep(folder, unit_columns)
    if (folder / "model.parquet").is_file():
        return _load_run(folder, unit_columns)
    raise FileNotFoundError(f"{folder} holds neither a sweep (sweep.json) nor a run (model.parquet)")


def _load_sweep(folder: Path, unit_columns: list[str] | None) -> Experiment:
    plan = json.loads((folder / "sweep.json").read_text())
    jobs = plan["jobs"]
    conditions = list(dict.fromkeys(key for job in jobs for key in job["condition"]))
    manifest = _read(folder / "manifest.csv")
    if manifest is None:  # the sweep never finished: every planned job counts as missing
        manifest = pd.DataFrame({"folder": [j["folder"] for j in jobs], "status": "missing", "error": ""})
    missing = manifest[manifest["status"] != "completed"][["folder", "status", "error"]].astype("string").fillna("")
    aggregate = folder / "aggregate"
    summary = _read(aggregate / "summary.csv")
    if summary is not None and manifest is not None:  # keep only jobs of this plan that completed
        done = set(manifest.loc[manifest["status"] == "completed", "folder"])
        key = "job" if "job" in summary.columns else "run_id"  # sweeps written before jobs ran blocks
        summary = summary[summary[key].isin(done)].reset_index(drop=True)
    config = {}
    multirun = folder / "multirun.yaml"
    if multirun.is_file():
        config = yaml.load(multirun.read_text(), Loader=SAFE_LOADER) or {}
    return Experiment(
        folder=folder,
        kind="sweep",
        name=str(config.get("name", folder.name)),
        model=_read(aggregate / "model.parquet"),
        units=_read(aggregate / "units.parquet", unit_columns),
        summary=summary if summary is None or len(summary) else None,
        conditions=conditions,
        planned=len(jobs),
        missing=missing.reset_index(drop=True),
        sensitivity=_read(aggregate / "sensitivity.csv"),
        worlds=_read(aggregate / "worlds.csv"),
        config=config,
        vocabulary=plan.get("vocabulary") or {},
        design=Design.from_dict(plan["design"]) if plan.get("design") else from_plan(jobs, plan),
        jobs=jobs,
    )


def _load_run(folder: Path, unit_columns: list[str] | None) -> Experiment:
    model = pd.read_parquet(folder / "model.parquet")
    path = folder / "config.yaml"
    config = yaml.load(path.read_text(), Loader=SAFE_LOADER) if path.is_file() else {}
    units = _read(folder / "units.parquet", unit_columns)
    summary = summarise(model, units).assign(replicate=0)
    model = model.assign(replicate=0)
    if units is not None:
        units = units.assign(replicate=0)
    design = single_run(str(model["policy"].iloc[0]))
    return Experiment(folder, "run", folder.name, model, units, summary, ["policy"], 1, config=config, design=design)
