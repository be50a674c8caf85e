"""The policy explorer's logic: two scenarios run on the same organisation and seeds, and what differs.

A ``Scenario`` is a policy preset plus any settings changed from it (``SCENARIO_FIELDS``: the preset's
levers, how teams are chosen, and the resources a leader controls). ``compare`` runs both scenarios
for a few replications on one ``Organisation`` with the same replicate seeds (common random
numbers: under one seed the warm-up is identical, so each pair of runs starts from one organisation)
and returns the frames the explorer draws and the sentences under its plots, worded as the leader's
brief words them (``analysis.wording``) from paired differences with their 95 % intervals
(``analysis.stats``).

    >>> from teaching.explore import Scenario, compare, organisation
    >>> result = compare(Scenario("silos"), Scenario("equal_share"), organisation("small"))  # doctest: +SKIP
    >>> result.sentences[0]  # doctest: +SKIP
    'Improvement delivered (quality gained since month 0), equal share against silos: ...'

Runs go to a pool of worker processes when one is given (``experiments.workers``); the results are
the same bits either way. The teaching app's pages (``teaching.pages``) and the teaching command
(``teaching.presets``) call this module; it never imports a browser or plotting library.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis import stats
from analysis import wording as W
from analysis.outcomes import BRIEF, EXPLORER
from analysis.summary import summarise
from experiments.config import ConfigSchema
from experiments.paths import CONFIGS
from experiments.roster import RosterError, load_roster
from simulation import LEVERS, PRESET_LEVERS, ModelParams, UnitRoster, param_info, replicate_seeds, run_paired

__all__ = [
    "EXPLORER_REPLICATIONS",
    "MASTER_SEED",
    "ORGANISATIONS",
    "SCENARIO_FIELDS",
    "Comparison",
    "Organisation",
    "Scenario",
    "compare",
    "organisation",
    "roster_organisation",
    "scenario_labels",
    "setting_choices",
    "setting_label",
    "setting_value",
]

#: What a pool of workers for the explorer loads before forking (``experiments.workers.worker_pool``).
PRELOAD = ["teaching.explore", "simulation.paired"]
#: The organisations of configs/org/ (the roster is uploaded instead).
ORGANISATIONS: tuple[str, ...] = ("small", "medium", "large")
MASTER_SEED: int = ConfigSchema.master_seed  # the sweeps' default: the explorer's runs are the sweeps' runs
#: Replications of each scenario on the explorer's page by default: on the medium organisation a Run
#: stays within the page's 3 s target (``python -m tools.benchmark --teaching`` times it).
EXPLORER_REPLICATIONS = 4
#: What a scenario can change beyond its policy preset: the preset's levers, team choice, resources.
SCENARIO_FIELDS: tuple[str, ...] = (
    "attention_budget",
    "leadership_skill",
    "training_places",
    "annual_turnover",
    *PRESET_LEVERS,
    *(lever for lever in LEVERS if lever not in PRESET_LEVERS),  # the team rule
)
INFO = {row.name: row for row in param_info()}
CHOICES = {f.name: f.metadata["choices"] for f in dataclasses.fields(ModelParams)}
MODEL_COLUMNS = ("step", "improvement_delivered", "share_no_success", "share_no_success_null")
UNIT_COLUMNS = ("step", "unit", "initial_quartile", "capability", "no_success", "has_coach")


def setting_label(name: str) -> str:
    """A setting's name on a control: its meaning (``simulation.param_info``) without the asides in
    brackets or after a semicolon."""
    return re.sub(r"\s*\([^)]*\)", "", INFO[name].meaning.split(";")[0]).strip()


def setting_value(name: str, value: Any) -> str:
    """A setting's value with its unit (``simulation.param_info``), as a leader reads it (``analysis.wording``)."""
    return W.setting(value, INFO[name].unit)


def setting_choices(name: str) -> tuple[str, ...]:
    """The values a setting with choices can take (``ModelParams``' own list)."""
    return tuple(CHOICES[name] or ())


@dataclass(frozen=True)
class Organisation:
    """The organisation both scenarios run on: a preset's settings, or a real roster."""

    name: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    roster: UnitRoster | None = None

    @property
    def n_units(self) -> int:
        return len(self.roster) if self.roster is not None else int(self.settings.get("n_units", ModelParams().n_units))

    @property
    def label(self) -> str:
        if self.roster is not None:
            return f"{self.name}: {self.n_units} units from your roster"
        staff = float(self.settings.get("staff_per_unit", ModelParams().staff_per_unit))
        return f"{self.name}: {self.n_units} units of about {staff:g} staff"


def organisation(name: str) -> Organisation:
    """The organisation preset ``configs/org/<name>.yaml`` (its model settings)."""
    if name not in ORGANISATIONS:
        raise ValueError(f"organisation {name!r} is not one of {', '.join(ORGANISATIONS)}")
    settings = yaml.safe_load((CONFIGS / "org" / f"{name}.yaml").read_text())
    return Organisation(name, dict(settings))


def roster_organisation(filename: str, data: bytes) -> Organisation:
    """An organisation from an uploaded roster CSV: checked by ``experiments.roster.load_roster``, whose
    messages (naming the line and the column) are raised as ``RosterError``, naming the file as uploaded."""
    name = Path(filename).name or "roster.csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            roster = load_roster(path)
        except RosterError as error:
            raise RosterError(str(error).replace(f"{folder}{os.sep}", "")) from None
        except UnicodeDecodeError:
            raise RosterError(f"{name}: not a text file in UTF-8; save the roster as CSV (UTF-8)") from None
    return Organisation(name, {}, roster)


@dataclass(frozen=True)
class Scenario:
    """A policy preset and the settings changed from it (``SCENARIO_FIELDS`` only)."""

    policy: str = "silos"
    changes: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        ModelParams.for_policy(self.policy)  # refuses an unknown policy, naming the presets
        unknown = [name for name, _ in self.changes if name not in SCENARIO_FIELDS]
        if unknown:
            raise ValueError(f"a scenario cannot change {unknown}: only {list(SCENARIO_FIELDS)}")

    def values(self) -> dict[str, Any]:
        """Every ``SCENARIO_FIELDS`` value: the preset's, then the changes."""
        preset = ModelParams.for_policy(self.policy)
        return {name: getattr(preset, name) for name in SCENARIO_FIELDS} | dict(self.changes)

    def change(self, name: str, value: Any) -> Scenario:
        """This scenario with ``name`` set to ``value`` (a value equal to the preset's is no change)."""
        preset = getattr(ModelParams.for_policy(self.policy), name)
        changes = {**dict(self.changes), name: value}
        if value == preset:
            del changes[name]
        return Scenario(self.policy, tuple(sorted(changes.items())))

    def with_policy(self, policy: str) -> Scenario:
        """Another preset: its levers replace the changed ones; changed resources stay."""
        return Scenario(policy, tuple((k, v) for k, v in self.changes if k not in PRESET_LEVERS))

    def params(self, where: Organisation) -> ModelParams:
        """The model parameters of this scenario in organisation ``where`` (validated)."""
        changes = dict(self.changes)
        label = "custom" if any(name in PRESET_LEVERS for name in changes) else self.policy
        params = ModelParams.for_policy(self.policy, **where.settings, **changes).replace(policy=label)
        return params.replace(n_units=where.n_units) if where.roster is not None else params


def scenario_labels(a: Scenario, b: Scenario) -> tuple[str, str]:
    """Names for two scenarios: the policy, then each setting in which they differ that the policy does
    not explain (``'silos, attention budget 0.05'``); '(A)' and '(B)' when the two are the same."""
    va, vb = a.values(), b.values()
    labels = []
    for scenario, mine, theirs in ((a, va, vb), (b, vb, va)):
        preset = ModelParams.for_policy(scenario.policy)
        parts = [scenario.policy.replace("_", " ")]
        for name in SCENARIO_FIELDS:
            explained = name in PRESET_LEVERS and a.policy != b.policy and mine[name] == getattr(preset, name)
            if mine[name] != theirs[name] and not explained:
                value = f"{mine[name]:g}" if isinstance(mine[name], float) else setting_value(name, mine[name])
                parts.append(f"{name.replace('_', ' ')} {value}")
        labels.append(", ".join(parts))
    if labels[0] == labels[1]:
        labels = [f"{labels[0]} (A)", f"{labels[1]} (B)"]
    return labels[0], labels[1]


def _run_pair(pair: tuple[ModelParams, ModelParams], seed: int, n_steps: int, roster: UnitRoster | None) -> list:
    """One replicate of both scenarios, each reduced to what the explorer shows: (summary row, model
    columns, unit columns). When the scenarios differ only in their levers, B starts from A's warm-up."""
    out = []
    runs = run_paired(dict(enumerate(pair)), [seed], n_steps=n_steps, roster=roster)
    for one in runs:
        result = one.result
        summary = summarise(result.model, result.units)
        out.append((summary, result.model[list(MODEL_COLUMNS)], result.units[list(UNIT_COLUMNS)]))
    return out


@dataclass(frozen=True)
class Comparison:
    """Two scenarios compared: what the explorer draws and says. ``labels`` = (A, B); B is compared
    against A, pair by pair on the shared replicate seeds."""

    labels: tuple[str, str]
    organisation: str
    replications: int
    n_steps: int
    summary: pd.DataFrame  # one row per run: scenario, replicate, final_* outcomes
    over_time: pd.DataFrame  # scenario, step, outcome, mean, ci_low, ci_high (analysis.stats.over_time)
    quartiles: pd.DataFrame  # scenario, initial_quartile, step, capability
    units: pd.DataFrame  # first replicate: scenario, unit, start, now, no_success, coached
    paired: pd.DataFrame  # B minus A (analysis.stats.paired_differences)
    sentences: list[str]
    seconds: float


def compare(
    a: Scenario,
    b: Scenario,
    where: Organisation,
    *,
    replications: int = EXPLORER_REPLICATIONS,
    n_steps: int = 120,
    master_seed: int = MASTER_SEED,
    pool: Executor | None = None,
) -> Comparison:
    """Run ``a`` and ``b`` on ``where`` with the same ``replications`` seeds (children of
    ``master_seed``) for ``n_steps`` months, in ``pool`` if given, and compare them. Invalid settings
    raise ``ValueError`` before anything runs."""
    started = time.perf_counter()
    if not isinstance(replications, int) or replications < 2:
        raise ValueError(f"replications={replications!r} is not allowed: at least 2 are needed for an interval")
    labels = scenario_labels(a, b)
    params = (a.params(where), b.params(where))
    seeds = replicate_seeds(master_seed, replications)
    jobs = [(label, r) for r in range(replications) for label in labels]
    calls = [(params, seed, n_steps, where.roster) for seed in seeds]  # a task per replicate: A and B
    pairs = pool.map(_run_pair, *zip(*calls, strict=True)) if pool is not None else [_run_pair(*c) for c in calls]
    results = [result for pair in pairs for result in pair]
    frames: dict[str, list[pd.DataFrame]] = {"summary": [], "model": [], "units": []}
    for (label, replicate), parts in zip(jobs, results, strict=True):
        for name, frame in zip(frames, parts, strict=True):
            frames[name].append(frame.assign(scenario=label, replicate=replicate))
    summary, model, units = (pd.concat(frames[name], ignore_index=True) for name in frames)
    outcomes = [o for o in BRIEF if o in summary.columns]
    paired = stats.paired_differences(summary, "scenario", labels[0], outcomes)
    return Comparison(
        labels=labels,
        organisation=where.label,
        replications=replications,
        n_steps=n_steps,
        summary=summary,
        over_time=stats.over_time(model, ["scenario"], list(MODEL_COLUMNS[1:])),
        quartiles=stats.quartile_trajectories(units, "scenario"),
        units=_unit_view(units),
        paired=paired,
        sentences=_sentences(summary, paired),
        seconds=time.perf_counter() - started,
    )


def _unit_view(units: pd.DataFrame) -> pd.DataFrame:
    """Each unit of the first replication: capability at month 0 and at the end, no success since
    month 0 (at the end), and whether it ever had a coach."""
    first = units[units["replicate"] == units["replicate"].min()]
    grouped = first.sort_values("step").groupby(["scenario", "unit"], sort=False)
    return pd.DataFrame(
        {
            "start": grouped["capability"].first(),
            "now": grouped["capability"].last(),
            "no_success": grouped["no_success"].last().astype(bool),
            "coached": grouped["has_coach"].any(),
        }
    ).reset_index()


def _sentences(summary: pd.DataFrame, paired: pd.DataFrame) -> list[str]:
    """The headline difference first, then the weakest and strongest units, units with no success, and
    units with no success against the throughput null, each as the brief words it."""
    sentences = []
    for outcome in EXPLORER:
        rows = paired[paired["outcome"] == outcome]
        if not rows.empty:
            sentences.append(W.difference_sentence(rows.iloc[0], "scenario"))
    described = stats.describe(summary, ["scenario"], ["final_share_no_success", "final_share_no_success_null"])
    return sentences + W.no_success_sentences(described, "scenario")
