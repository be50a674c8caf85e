"""``run``: one seeded simulation to tidy DataFrames; the function every driver calls.

Hydra entry points, Mesa's ``batch_run``, SALib, EMA Workbench and notebooks all call this (or the
model directly); it does no file I/O. Seeds come from ``simulation.seeds`` (replicate seeds spawned
from one master seed, the project's single seed convention).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from simulation.hooks import Hook
from simulation.organisation import OrganisationModel, WarmUps, resolve_params
from simulation.params import ModelParams
from simulation.projects import OUTCOME_NAMES
from simulation.roster import UnitRoster
from simulation.unit import UNIT_REPORTS, unit_columns

__all__ = ["UNIT_FRAMES", "RunResult", "check_run", "check_units", "last_units", "result_of", "run", "simulate"]


@dataclass(frozen=True)
class RunResult:
    """Outputs of one run: ``model`` (one row per month), ``units`` (one row per unit per month),
    ``projects`` (one row per ended project), and the ``params`` and ``seed`` that produced them."""

    model: pd.DataFrame
    units: pd.DataFrame
    projects: pd.DataFrame
    params: ModelParams
    seed: int


def check_run(seed: Any, n_steps: Any) -> None:
    """Refuse a seed or a number of months that no run can take, naming the value and what is allowed."""
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool) or not 0 <= seed < 2**63:
        raise ValueError(f"seed={seed!r} is not allowed: must be a whole number from 0 to 2**63 - 1")
    if not isinstance(n_steps, int | np.integer) or isinstance(n_steps, bool) or n_steps < 0:
        raise ValueError(f"n_steps={n_steps!r} is not allowed: must be a non-negative integer (months)")


def simulate(
    params: ModelParams,
    seed: int,
    n_steps: int,
    *,
    roster: UnitRoster | None = None,
    warm_ups: WarmUps | None = None,
    hooks: Sequence[Hook] = (),
    unit_records: bool = True,
) -> OrganisationModel:
    """The model after ``n_steps`` months from ``seed``: built (from a kept warm-up when ``warm_ups``
    holds one), each hook's ``start`` at month 0, then month by month with each hook's ``after_month``.
    ``unit_records``: record the units every month (else the model's outputs alone)."""
    model = OrganisationModel(params, rng=int(seed), roster=roster, warm_ups=warm_ups, unit_records=unit_records)
    for hook in hooks:
        hook.start(model)
    for _ in range(n_steps):
        model.step()
        for hook in hooks:
            hook.after_month(model)
    return model


def run(
    params: ModelParams | None = None,
    *,
    policy: str | None = None,
    seed: int,
    n_steps: int = 120,
    run_id: str | None = None,
    roster: UnitRoster | None = None,
    warm_ups: WarmUps | None = None,
    units: str = "all",
    **overrides: Any,
) -> RunResult:
    """Run the model for ``n_steps`` months from ``seed`` and return tidy frames.

    ``params`` (or defaults), then the levers of ``policy``, then ``overrides`` (any ``ModelParams``
    field). ``roster`` starts the model from a real organisation's units. ``warm_ups`` (a ``WarmUps``)
    reuses the warm-up of runs that differ only in their levers: the same results, sooner. Every row
    carries ``run_id``, ``seed``, ``policy`` and ``step``. ``units``: ``"all"`` (every unit every month)
    or ``"last"`` (the units of the last month only: a run that needs only its summary, sooner; the
    model frame and every number in the summary are the same). For several conditions on the same
    seeds, see ``simulation.run_paired``.
    """
    check_run(seed, n_steps)
    check_units(units)
    params = resolve_params(params, policy, **overrides)
    model = simulate(params, int(seed), n_steps, roster=roster, warm_ups=warm_ups, unit_records=units == "all")
    return result_of(model, run_id)


UNIT_FRAMES = ("all", "last")


def check_units(units: Any) -> None:
    if units not in UNIT_FRAMES:
        raise ValueError(f"units={units!r} is not allowed: must be one of {', '.join(UNIT_FRAMES)}")


def result_of(model: OrganisationModel, run_id: str | None = None) -> RunResult:
    """The tidy frames of a model that has run (``run_id`` defaults to '<policy>-s<seed>'): its unit
    frame every month when it recorded its units, else the last month's."""
    params = model.params
    run_id = run_id if run_id is not None else f"{params.policy}-s{model.seed}"
    return RunResult(
        model=model_frame(model, run_id),
        units=unit_frame(model, run_id) if model.datacollector.agent_reporters else last_units(model, run_id),
        projects=project_frame(model, run_id),
        params=params,
        seed=int(model.seed),
    )


def _label(frame: pd.DataFrame, model: OrganisationModel, run_id: str) -> pd.DataFrame:
    """Put run id, seed and policy first, typed even when the frame has no rows."""
    frame.insert(0, "run_id", pd.Series(run_id, index=frame.index, dtype="str"))
    frame.insert(1, "seed", pd.Series(-1 if model.seed is None else model.seed, index=frame.index, dtype="int64"))
    frame.insert(2, "policy", pd.Series(model.params.policy, index=frame.index, dtype="str"))
    return frame


def model_frame(model: OrganisationModel, run_id: str) -> pd.DataFrame:
    frame = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    frame.insert(0, "step", np.arange(len(frame), dtype=np.int64))
    return _label(frame, model, run_id)


def unit_frame(model: OrganisationModel, run_id: str) -> pd.DataFrame:
    """One row per unit per month, ordered by month then unit name: the unit's name, kind and starting
    quartile, then the DataCollector's unit records."""
    return _unit_rows(model, model.datacollector.get_agent_vars_dataframe().reset_index(), run_id)


def last_units(model: OrganisationModel, run_id: str) -> pd.DataFrame:
    """The unit frame's rows of the model's current month alone (what ``unit_frame`` holds for it)."""
    records = pd.DataFrame(dict(zip(UNIT_REPORTS, unit_columns(model), strict=True)))
    records.insert(0, "AgentID", [unit.unique_id for unit in model.units])
    records.insert(0, "Step", int(model.steps))
    return _unit_rows(model, records, run_id)


def _unit_rows(model: OrganisationModel, records: pd.DataFrame, run_id: str) -> pd.DataFrame:
    units = model.units
    position = {unit.unique_id: i for i, unit in enumerate(units)}
    which = np.fromiter((position[agent] for agent in records["AgentID"]), dtype=np.int64, count=len(records))
    names = [unit.name for unit in units]
    rank = np.empty(len(units), dtype=np.int64)
    rank[sorted(range(len(units)), key=names.__getitem__)] = np.arange(len(units))
    step = records["Step"].to_numpy().astype(np.int64)
    order = np.lexsort((rank[which], step))  # by month, then by unit name
    which = which[order]
    columns = {
        "step": step[order],
        "unit": pd.Series(np.array(names, dtype=object)[which], dtype="str"),  # typed even without rows
        "kind": pd.Series(np.array([unit.kind for unit in units], dtype=object)[which], dtype="str"),
        "initial_quartile": np.array([unit.initial_quartile for unit in units], dtype=np.int64)[which],
    }
    for name in records.columns.drop(["Step", "AgentID"]):
        columns[name] = records[name].to_numpy()[order]
    return _label(pd.DataFrame(columns), model, run_id)


PROJECT_COLUMNS = ("project_id", "unit_index", "start_month", "end_month", "outcome", "right_problem")


def project_frame(model: OrganisationModel, run_id: str) -> pd.DataFrame:
    """One row per project that ended since month 0 (projects of the warm-up that ended in it are left out)."""
    log, gains = model.projects.log()
    frame = pd.DataFrame(log, columns=list(PROJECT_COLUMNS)).astype("int64")
    frame["right_problem"] = frame["right_problem"].astype(bool)
    frame["quality_delivered"] = gains
    frame = frame[frame["end_month"] >= 1].reset_index(drop=True)
    frame["duration_months"] = frame["end_month"] - frame["start_month"] + 1
    frame["outcome"] = frame["outcome"].map(OUTCOME_NAMES).astype("str")
    frame["started_in_run"] = frame["start_month"] >= 1
    return _label(frame, model, run_id)
