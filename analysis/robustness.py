"""Robustness across sampled worlds: which policy is best, how much each loses, and which differences hold.

An uncertainty ensemble runs every policy in every sampled *world* (one draw of the uncertain
assumptions), a few replicates per world on common random numbers. Exploratory modelling asks of
such an ensemble not "which policy is best at the assumed values?" but "which policy does well
across the plausible values?" (Lempert, Groves, Popper & Bankes 2006, *Management Science* 52:514;
Bryant & Lempert 2010, *Technological Forecasting and Social Change* 77:34). The functions here
answer that from a long frame of run results, one row per run, with columns

- ``world``: the id of the sampled world (int);
- ``replicate``: the replicate within the world (same seed for every policy in a world);
- ``policy``: the policy's name (the order of first appearance in the data is kept throughout);
- one numeric column per outcome (``improvement_delivered``, ``gini_capability``, ...).

Replicates are averaged first, so each world counts once (``world_means``). Then, per outcome:

- **win share**: the share of worlds in which a policy is best; a tie for best splits that world
  equally between the tied policies, so win shares sum to 1 over policies;
- **regret** (Savage 1951, *JASA* 46:55): a policy's shortfall from the best policy in the same
  world, in the outcome's own units (0 where it is best), summarised by its median and its 90th
  percentile over worlds (numpy's linear interpolation): a robust policy has small regret in most
  worlds *and* in the bad ones;
- **paired differences against a reference** (default ``silos``) across worlds: mean difference
  with its t-based 95 % confidence interval, the shares of worlds where the policy is better and
  worse, a paired test across worlds (t-test, or Wilcoxon signed-rank) and Holm's step-down
  adjustment over the family of comparisons (Holm 1979, *Scand J Statist* 6:65; statsmodels).

Some outcomes are better when lower (inequality, units with no success): ``higher_is_better`` is
one flag for every outcome or a mapping outcome -> flag. Regret and "better" use that direction;
differences keep their sign (policy minus reference) in the outcome's units.

Two kinds of uncertainty stay apart here: an interval over worlds describes how a difference varies
with the assumptions, not the noise between seeds (which the replicate means within a world average
out).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.special import stdtr

from analysis.stats import LEVEL, mean_ci

__all__ = [
    "ALPHA",
    "MIN_SHARE",
    "by_world",
    "directions",
    "holm",
    "paired_across_worlds",
    "regret",
    "robust_differences",
    "win_shares",
    "world_means",
]

#: Default share of worlds in which a difference must have the same sign to count as robust.
MIN_SHARE = 0.8
#: Default significance level for the Holm-adjusted test.
ALPHA = 0.05


def directions(outcomes: Sequence[str], higher_is_better: bool | Mapping[str, bool] = True) -> dict[str, bool]:
    """Outcome -> higher is better?, from one flag for all or a mapping (which must name every outcome)."""
    if isinstance(higher_is_better, Mapping):
        missing = [o for o in outcomes if o not in higher_is_better]
        if missing:
            raise KeyError(f"higher_is_better does not say which way is better for {missing}")
        return {o: bool(higher_is_better[o]) for o in outcomes}
    return dict.fromkeys(outcomes, bool(higher_is_better))


def world_means(
    runs: pd.DataFrame, outcomes: Sequence[str], world: str = "world", policy: str = "policy"
) -> pd.DataFrame:
    """Mean of each outcome over replicates, one row per world and policy (policies in data order)."""
    missing = [c for c in (world, policy, *outcomes) if c not in runs]
    if missing:
        raise KeyError(f"the run frame has no column {missing}")
    means = runs.groupby([world, policy], sort=False)[list(outcomes)].mean().reset_index()
    means[policy] = pd.Categorical(means[policy], categories=list(dict.fromkeys(runs[policy])))
    return means.sort_values([world, policy], kind="stable").reset_index(drop=True)


def by_world(
    runs: pd.DataFrame,
    outcomes: Sequence[str],
    higher_is_better: bool | Mapping[str, bool] = True,
    world: str = "world",
    policy: str = "policy",
) -> pd.DataFrame:
    """Long frame, one row per world, policy and outcome: ``value`` (the world mean), ``regret`` (the
    shortfall from the best policy in that world, >= 0) and ``win`` (1/k if the policy is one of k
    policies tied for best, else 0). Only worlds where every policy has a finite value on the
    outcome are kept, so every policy is judged on the same worlds."""
    flags = directions(outcomes, higher_is_better)
    means = world_means(runs, outcomes, world, policy)
    policies = list(means[policy].cat.categories)
    frames = []
    for outcome, higher in flags.items():
        table = means.pivot(index=world, columns=policy, values=outcome).reindex(columns=policies)
        table = table[np.isfinite(table.to_numpy(dtype=float)).all(axis=1)]
        values = table.to_numpy(dtype=float)
        best = values.max(axis=1, keepdims=True) if higher else values.min(axis=1, keepdims=True)
        shortfall = best - values if higher else values - best
        is_best = shortfall == 0
        win = is_best / is_best.sum(axis=1, keepdims=True)
        frames.append(
            pd.DataFrame(
                {
                    world: np.repeat(table.index.to_numpy(), len(policies)),
                    policy: np.tile(policies, len(table)),
                    "outcome": outcome,
                    "value": values.ravel(),
                    "regret": shortfall.ravel(),
                    "win": win.ravel(),
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    frame[policy] = pd.Categorical(frame[policy], categories=policies)
    return frame


def win_shares(
    runs: pd.DataFrame,
    outcomes: Sequence[str],
    higher_is_better: bool | Mapping[str, bool] = True,
    world: str = "world",
    policy: str = "policy",
) -> pd.DataFrame:
    """Per outcome and policy: ``win_share`` (share of worlds in which it is best, ties split
    equally), ``wins`` (the same as a count of worlds) and ``n_worlds``."""
    frame = by_world(runs, outcomes, higher_is_better, world, policy)
    grouped = frame.groupby(["outcome", policy], sort=False, observed=True)
    out = grouped.agg(wins=("win", "sum"), n_worlds=("win", "size")).reset_index()
    out.insert(2, "win_share", out["wins"] / out["n_worlds"])
    out[policy] = out[policy].astype(str)
    return out


def regret(
    runs: pd.DataFrame,
    outcomes: Sequence[str],
    higher_is_better: bool | Mapping[str, bool] = True,
    quantile: float = 0.9,
    world: str = "world",
    policy: str = "policy",
) -> pd.DataFrame:
    """Per outcome and policy: ``median_regret``, ``high_regret`` (its ``quantile``, the 90th
    percentile by default), ``max_regret``, ``quantile`` and ``n_worlds``; in the outcome's units."""
    frame = by_world(runs, outcomes, higher_is_better, world, policy)
    grouped = frame.groupby(["outcome", policy], sort=False, observed=True)["regret"]
    out = pd.DataFrame(
        {
            "median_regret": grouped.median(),
            "high_regret": grouped.quantile(quantile),
            "max_regret": grouped.max(),
            "quantile": quantile,
            "n_worlds": grouped.size(),
        }
    ).reset_index()
    out[policy] = out[policy].astype(str)
    return out


def _paired_p(diff: np.ndarray, test: str) -> float:
    """Two-sided p-value of a paired test on the differences (no difference -> 1; a constant non-zero
    difference -> 0; fewer than two pairs -> NaN)."""
    n = diff.size
    if n < 2:
        return float("nan")
    if np.all(diff == 0):
        return 1.0
    if test == "wilcoxon":
        from scipy.stats import wilcoxon  # only here: scipy.stats is a heavy import

        return float(wilcoxon(diff, zero_method="zsplit").pvalue)
    sd = float(np.std(diff, ddof=1))
    if sd == 0:
        return 0.0
    t = float(np.mean(diff)) / (sd / np.sqrt(n))
    return float(2 * stdtr(n - 1, -abs(t)))


def holm(p_values: Sequence[float]) -> np.ndarray:
    """Holm-adjusted p-values (statsmodels ``multipletests(method="holm")``); NaN stays NaN and is
    not counted in the family."""
    from statsmodels.stats.multitest import multipletests  # a heavy import: only when needed

    p = np.asarray(p_values, dtype=float)
    adjusted = np.full_like(p, np.nan)
    finite = np.isfinite(p)
    if finite.any():
        adjusted[finite] = multipletests(p[finite], method="holm")[1]
    return adjusted


def paired_across_worlds(
    runs: pd.DataFrame,
    outcomes: Sequence[str],
    reference: str = "silos",
    higher_is_better: bool | Mapping[str, bool] = True,
    test: str = "t",
    family: str = "all",
    level: float = LEVEL,
    world: str = "world",
    policy: str = "policy",
) -> pd.DataFrame:
    """Each policy minus ``reference``, paired on worlds (world means over replicates).

    Columns: ``outcome``, ``policy``, ``reference``, ``higher_is_better``, ``mean_difference`` with
    ``ci_low``/``ci_high`` (t-based, ``level``), ``share_better`` and ``share_worse`` (shares of
    worlds where the policy is strictly better / worse than the reference), ``n_worlds``,
    ``p_value`` (two-sided paired ``test``: ``"t"`` or ``"wilcoxon"``), ``p_holm`` (Holm-adjusted
    over every row of the frame when ``family="all"``, or within each outcome when
    ``family="outcome"``) and ``test``.
    """
    if test not in ("t", "wilcoxon") or family not in ("all", "outcome"):
        raise ValueError(f"test must be 't' or 'wilcoxon' and family 'all' or 'outcome', not {test!r}, {family!r}")
    flags = directions(outcomes, higher_is_better)
    means = world_means(runs, outcomes, world, policy)
    if reference not in means[policy].cat.categories:
        raise KeyError(f"reference policy {reference!r} is not in the data")
    base = means[means[policy] == reference].set_index(world)
    rows = []
    for outcome, higher in flags.items():
        for level_name in means[policy].cat.categories:
            if level_name == reference:
                continue
            other = means[means[policy] == level_name].set_index(world)
            diff = (other[outcome] - base[outcome]).dropna().to_numpy(dtype=float)
            mean, low, high, n = mean_ci(diff, level)
            better = diff > 0 if higher else diff < 0
            worse = diff < 0 if higher else diff > 0
            rows.append(
                {
                    "outcome": outcome,
                    policy: level_name,
                    "reference": reference,
                    "higher_is_better": higher,
                    "mean_difference": mean,
                    "ci_low": low,
                    "ci_high": high,
                    "share_better": float(better.mean()) if n else float("nan"),
                    "share_worse": float(worse.mean()) if n else float("nan"),
                    "n_worlds": n,
                    "p_value": _paired_p(diff, test),
                    "test": "paired t-test" if test == "t" else "Wilcoxon signed-rank",
                }
            )
    out = pd.DataFrame(rows)
    if out.empty:
        return out.assign(p_holm=pd.Series(dtype=float))
    groups = [out.index] if family == "all" else [g.index for _, g in out.groupby("outcome", sort=False)]
    out["p_holm"] = np.nan
    for index in groups:
        out.loc[index, "p_holm"] = holm(out.loc[index, "p_value"])
    return out


def robust_differences(paired: pd.DataFrame, min_share: float = MIN_SHARE, alpha: float = ALPHA) -> pd.DataFrame:
    """``paired`` (from ``paired_across_worlds``) with ``direction`` and ``robust`` added.

    A difference is robust when the policy is on the same side of the reference (better, or worse)
    in at least ``min_share`` of the worlds (default 0.8: four worlds in five) AND its Holm-adjusted
    p-value is below ``alpha`` (default 0.05). ``direction`` is ``"better"`` or ``"worse"`` for a
    robust difference and ``""`` otherwise. Both thresholds are conventions, stated so a brief can
    say them; neither alone suffices: a consistent sign over a handful of worlds can be luck, and a
    small p-value over many worlds can come from a difference whose sign flips in a third of them.
    """
    if not 0.5 < min_share <= 1 or not 0 < alpha < 1:
        raise ValueError(f"min_share must be in (0.5, 1] and alpha in (0, 1), not {min_share}, {alpha}")
    out = paired.copy()
    significant = out["p_holm"].to_numpy(dtype=float) < alpha
    better = (out["share_better"].to_numpy(dtype=float) >= min_share) & significant
    worse = (out["share_worse"].to_numpy(dtype=float) >= min_share) & significant
    out["direction"] = np.where(better, "better", np.where(worse, "worse", ""))
    out["robust"] = better | worse
    out["min_share"], out["alpha"] = min_share, alpha
    return out
