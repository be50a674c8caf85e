"""Statistics across replications: means with 95 % confidence intervals, and paired differences.

Replications of different conditions share their seeds (common random numbers), so conditions are
compared pair by pair: for each replicate, the difference between a condition and the reference
under the same seed; then the mean difference, its t-based 95 % confidence interval, and the
standardised effect size d_z = mean difference / standard deviation of the differences. A
difference whose interval contains 0 is reported as not distinguishable from noise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.special import stdtrit  # Student t quantiles (a far lighter import than scipy.stats)

__all__ = [
    "LEVEL",
    "describe",
    "lorenz",
    "mean_ci",
    "over_time",
    "paired_differences",
    "quartile_trajectories",
    "skills_matrix",
]

LEVEL = 0.95


def mean_ci(values: Sequence[float], level: float = LEVEL) -> tuple[float, float, float, int]:
    """(mean, lower, upper, n) of the t-based confidence interval; the bounds are NaN when n < 2."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = x.size
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    mean = float(x.mean())
    if n < 2:
        return mean, float("nan"), float("nan"), n
    half = float(stdtrit(n - 1, 0.5 + level / 2) * x.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half, n


def describe(summary: pd.DataFrame, conditions: Sequence[str], outcomes: Sequence[str]) -> pd.DataFrame:
    """One row per condition and outcome: mean, 95 % CI and number of replications."""
    rows = []
    groups = summary.groupby(list(conditions), sort=False, dropna=False) if conditions else [((), summary)]
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        for outcome in outcomes:
            if outcome not in group:
                continue
            mean, low, high, n = mean_ci(group[outcome])
            rows.append(
                {
                    **dict(zip(conditions, key, strict=True)),
                    "outcome": outcome,
                    "mean": mean,
                    "ci_low": low,
                    "ci_high": high,
                    "n": n,
                }
            )
    return pd.DataFrame(rows)


def over_time(model: pd.DataFrame, conditions: Sequence[str], outcomes: Sequence[str]) -> pd.DataFrame:
    """Mean and 95 % CI across replications of each outcome at every month, per condition (long form)."""
    keys = [*conditions, "step"]
    grouped = model.groupby(keys, sort=True)[list(outcomes)]
    mean, sd, n = grouped.mean(), grouped.std(ddof=1), grouped.count()
    half = sd / np.sqrt(n) * stdtrit(np.maximum(n - 1, 1), 0.5 + LEVEL / 2)
    half = half.where(n >= 2)
    frame = pd.concat({"mean": mean, "ci_low": mean - half, "ci_high": mean + half}, axis=1)
    frame = frame.stack(level=1, future_stack=True).reset_index()
    return frame.rename(columns={frame.columns[len(keys)]: "outcome"})


def paired_differences(
    summary: pd.DataFrame,
    factor: str,
    reference,
    outcomes: Sequence[str],
    within: Sequence[str] = (),
    pair_on: str = "replicate",
) -> pd.DataFrame:
    """Each level of ``factor`` minus ``reference``, paired on ``pair_on`` (the shared seed), separately
    within each combination of the other condition columns ``within``.

    Columns: the ``within`` values, ``factor`` (the level compared), ``outcome``, ``mean_difference``,
    ``ci_low``, ``ci_high``, ``effect_size`` (d_z), ``n_pairs``, ``distinguishable`` (the CI excludes 0).
    """
    rows = []
    present = [outcome for outcome in outcomes if outcome in summary]
    summary = summary[list(dict.fromkeys([*within, factor, pair_on, *present]))]  # only what is compared
    groups = summary.groupby(list(within), sort=False) if within else [((), summary)]
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        base = group[group[factor] == reference].set_index(pair_on)
        if base.empty:
            continue
        for level, other in group[group[factor] != reference].groupby(factor, sort=False):
            other = other.set_index(pair_on)
            shared = base.index.intersection(other.index)
            diffs = (other.loc[shared, present] - base.loc[shared, present]).to_numpy(dtype=float)  # pair by pair
            for outcome, diff in zip(present, diffs.T, strict=True):
                mean, low, high, n = mean_ci(diff)
                sd = float(np.std(diff, ddof=1)) if n >= 2 else float("nan")
                if n >= 2 and sd == 0:
                    effect = 0.0 if mean == 0 else float(np.sign(mean) * np.inf)
                else:
                    effect = mean / sd if n >= 2 else float("nan")
                rows.append(
                    {
                        **dict(zip(within, key, strict=True)),
                        factor: level,
                        "reference": reference,
                        "outcome": outcome,
                        "mean_difference": mean,
                        "ci_low": low,
                        "ci_high": high,
                        "effect_size": effect,
                        "n_pairs": n,
                        "distinguishable": bool(n >= 2 and (low > 0 or high < 0)),
                    }
                )
    return pd.DataFrame(rows)


def lorenz(units_end: pd.DataFrame, condition: str, value: str = "capability", points: int = 51) -> pd.DataFrame:
    """Lorenz curve of ``value`` across units at the end, per level of ``condition``, averaged over
    replications: share of units (poorest first) against their share of the total."""
    grid = np.linspace(0.0, 1.0, points)
    rows = []
    for level, group in units_end.groupby(condition, sort=False):
        curves = []
        for _, run in group.groupby("replicate"):
            x = np.sort(run[value].to_numpy(dtype=float))
            cumulative = np.concatenate([[0.0], np.cumsum(x)]) / max(x.sum(), 1e-12)
            curves.append(np.interp(grid, np.linspace(0.0, 1.0, x.size + 1), cumulative))
        rows.append(pd.DataFrame({condition: level, "share_of_units": grid, "share_of_capability": np.mean(curves, 0)}))
    return pd.concat(rows, ignore_index=True)


def quartile_trajectories(units: pd.DataFrame, condition: str, value: str = "capability") -> pd.DataFrame:
    """Mean ``value`` over time of the units in each initial-capability quartile, per condition level
    (averaged over units, then over replications)."""
    per_run = units.groupby([condition, "replicate", "initial_quartile", "step"], sort=True)[value].mean()
    return per_run.groupby([condition, "initial_quartile", "step"]).mean().rename(value).reset_index()


def skills_matrix(units: pd.DataFrame, step: int, capabilities: Sequence[str]) -> pd.DataFrame:
    """Units (rows, weakest at the start first) by capability (columns) at ``step`` for one run."""
    order = units[units["step"] == units["step"].min()].sort_values("capability")["unit"].tolist()
    at = units[units["step"] == step].set_index("unit")
    return at.loc[order, list(capabilities)]
