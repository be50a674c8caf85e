"""Screening, then discovery: which sampled assumptions a comparison depends on, and where it goes each
way.

An ensemble samples many assumptions at once (85 at the defaults) over a few hundred worlds, and a
paired difference between two policies varies from world to world for three reasons: the assumptions
that matter, the many that matter a little, and the seed noise left within a world. A box-finding
method let loose on every input at once finds boxes in noise (a synthetic test with two planted
drivers needed 15-18 restricted dimensions). So discovery comes in two steps, as EMA Workbench does
it:

1. **Screening** (``rank_inputs``): every input against the continuous paired difference, by two
   measures with a correction for the number of inputs tested. A rank correlation (Spearman) finds a
   monotone effect, its p-value Holm-adjusted over the inputs (Holm 1979); extra-trees feature
   importance (scikit-learn's ``ExtraTreesRegressor``; an approximation of Sobol total-effect
   rankings from any sample, Jaxa-Rozen & Kwakkel 2018, *Environmental Modelling & Software*
   107:245) finds what a monotone measure misses, and counts only when it exceeds the largest
   importance any input reaches once the difference is shuffled (a max-statistic permutation test
   over all the inputs). SALib's given-data PAWN index (Pianosi & Wagener 2015) is reported beside
   them as a check. 2. **Discovery** (``prim``): the Patient Rule Induction Method (Friedman &
   Fisher 1999, *Statistics and Computing* 9:123) on the screened inputs only: boxes peeled a few
   worlds at a time from the side that most raises the mean of the target inside, down to a minimum
   share of worlds; the box kept is the one whose mean stands furthest above the rest (``(mean
   inside - mean outside) x sqrt(n inside)``), then inputs whose bounds add little are released.
   ``bootstrap_prim`` refits on resampled worlds and says how often each input bounds the box: an
   input bounded in most resamples is a finding.

Functions take plain frames and arrays and return frames; this package never imports the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import stdtr

from analysis.robustness import holm

__all__ = [
    "ALPHA",
    "MIN_SUPPORT",
    "MIN_WORLDS",
    "Box",
    "bootstrap_prim",
    "box_lines",
    "prim",
    "prim_inside",
    "rank_inputs",
    "screened",
]

#: The family-wise error rate of the screening (each comparison's inputs).
ALPHA = 0.05
#: Fewer worlds than this and nothing is screened.
MIN_WORLDS = 20
#: The smallest share of worlds a box may hold.
MIN_SUPPORT = 0.1
#: The largest: a region where a policy mainly loses is a minority of the worlds.
MAX_SUPPORT = 0.5
#: Share of worlds peeled at each step.
PEEL = 0.05
#: How many of the top-ranked inputs get the PAWN check.
PAWN_INPUTS = 8


def _ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks down each column (ties share their mean rank)."""
    return pd.DataFrame(values).rank(axis=0).to_numpy(dtype=float, copy=True)


def _spearman(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Spearman's rho of each column of ``x`` with ``y``, and its two-sided p-value (t approximation)."""
    rx, ry = _ranks(x), _ranks(y[:, None])[:, 0]
    rx -= rx.mean(axis=0)
    ry -= ry.mean()
    denominator = np.sqrt((rx**2).sum(axis=0) * (ry**2).sum())
    rho = np.divide(rx.T @ ry, denominator, out=np.zeros(x.shape[1]), where=denominator > 0)
    n = len(y)
    t = rho * np.sqrt((n - 2) / np.maximum(1e-300, 1 - rho**2))
    return rho, 2 * stdtr(n - 2, -np.abs(t))


def _importance(x: np.ndarray, y: np.ndarray, seed: int, permutations: int) -> tuple[np.ndarray, np.ndarray]:
    """(extra-trees importance of each input, its permutation p-value against the largest importance any
    input reaches when ``y`` is shuffled: a max-statistic test, so the family-wise error rate over every
    input is held at the p-value's level)."""
    from sklearn.ensemble import ExtraTreesRegressor  # scikit-learn only when a brief screens

    def fit(target: np.ndarray, state: int) -> np.ndarray:
        model = ExtraTreesRegressor(n_estimators=25, min_samples_leaf=5, max_features=0.2, random_state=state)
        return model.fit(x, target).feature_importances_

    rng = np.random.default_rng(seed)
    importance = fit(y, seed)
    null = np.array([fit(rng.permutation(y), seed + 1 + k).max() for k in range(permutations)])
    p = (1 + (null[None, :] >= importance[:, None]).sum(axis=1)) / (permutations + 1)
    return importance, p


def _pawn(x: np.ndarray, y: np.ndarray, names: Sequence[str], seed: int) -> np.ndarray:
    """SALib's given-data PAWN index (the median Kolmogorov-Smirnov statistic over conditioning slices)."""
    from SALib.analyze import pawn

    bounds = [[float(lo), float(hi) if hi > lo else float(lo) + 1.0] for lo, hi in zip(x.min(0), x.max(0), strict=True)]
    problem = {"num_vars": x.shape[1], "names": list(names), "bounds": bounds}
    return np.asarray(pawn.analyze(problem, x, y, S=10, print_to_console=False, seed=seed)["median"], dtype=float)


def rank_inputs(
    worlds: pd.DataFrame, difference: pd.Series, inputs: Sequence[str], seed: int = 0, permutations: int = 19
) -> pd.DataFrame:
    """Every input against ``difference`` (one value per world, indexed by world id; ``worlds`` has a
    ``world`` column or index and the inputs), most important first.

    Columns: ``input``, ``rho`` and ``p_rank`` (Spearman), ``p_holm`` (Holm over the inputs),
    ``importance`` (extra-trees) and ``p_trees`` (its max-statistic permutation p-value over
    ``permutations`` shuffles of the difference), ``pawn`` (the check, for the eight most important),
    ``matters`` (``p_holm`` or ``p_trees`` below ``ALPHA``: each test holds the family-wise error rate
    over the inputs at ``ALPHA``, so on pure noise some input is flagged in at most about twice that
    share of ensembles) and ``rank``."""
    table = worlds.set_index("world") if "world" in worlds else worlds
    data = table[list(inputs)].join(difference.rename("_difference"), how="inner").dropna()
    x, y = data[list(inputs)].to_numpy(dtype=float), data["_difference"].to_numpy(dtype=float)
    empty = pd.DataFrame(columns=["input", "rho", "p_rank", "p_holm", "importance", "p_trees", "pawn", "matters"])
    if len(y) < MIN_WORLDS or np.ptp(y) == 0:
        return empty.assign(rank=pd.Series(dtype=int))
    rho, p = _spearman(x, y)
    importance, p_trees = _importance(x, y, seed, permutations)
    out = pd.DataFrame(
        {
            "input": list(inputs),
            "rho": rho,
            "p_rank": p,
            "p_holm": holm(p),
            "importance": importance,
            "p_trees": p_trees,
        }
    )
    top = np.argsort(-importance)[:PAWN_INPUTS]  # the check, on the inputs the ranking puts first
    out["pawn"] = np.nan
    out.loc[top, "pawn"] = _pawn(x[:, top], y, [inputs[j] for j in top], seed)
    out["matters"] = (out["p_holm"] < ALPHA) | (out["p_trees"] <= ALPHA)
    out = out.sort_values(["matters", "importance"], ascending=False, kind="stable").reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def screened(ranking: pd.DataFrame, most: int = 3) -> list[str]:
    """What discovery works on: when some input matters, the ``most`` top-ranked inputs (those that
    matter first, then by importance: the partner of an interaction seldom passes a test alone, and
    PRIM's release step and its bootstrap say which bounds hold); none when nothing matters."""
    if ranking.empty or not ranking["matters"].any():
        return []
    return ranking["input"].head(most).tolist()


@dataclass
class Box:
    """A box in the screened inputs: ``bounds`` input -> (low, high) (an open side is -inf or inf), the
    share of worlds inside (``coverage``), the target's mean inside and outside, and the worlds inside."""

    bounds: dict[str, tuple[float, float]]
    coverage: float
    mean_inside: float
    mean_outside: float
    n_inside: int
    inside: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=bool))
    reproducibility: float = float("nan")  # the least share of bootstrap refits bounding one of its inputs

    @property
    def restricted(self) -> tuple[str, ...]:
        return tuple(name for name, (low, high) in self.bounds.items() if np.isfinite(low) or np.isfinite(high))


def _inside(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return ((x >= low) & (x <= high)).all(axis=1)


def prim_inside(data: pd.DataFrame, bounds: dict[str, tuple[float, float]]) -> np.ndarray:
    """Which rows of ``data`` lie inside ``bounds`` (input -> (low, high))."""
    names = list(bounds)
    low = np.array([bounds[n][0] for n in names])
    high = np.array([bounds[n][1] for n in names])
    return _inside(data[names].to_numpy(dtype=float), low, high)


def _score(target: np.ndarray, inside: np.ndarray) -> float:
    n = int(inside.sum())
    if n == 0 or n == len(target):
        return -np.inf
    return float((target[inside].mean() - target[~inside].mean()) * np.sqrt(n))


def prim(
    data: pd.DataFrame,
    target: np.ndarray,
    inputs: Sequence[str],
    min_support: float = MIN_SUPPORT,
    max_support: float = MAX_SUPPORT,
) -> Box:
    """The PRIM box over ``inputs`` (columns of ``data``) where ``target`` (one value per row) is highest.

    Peels ``PEEL`` of the worlds inside at each step from whichever side of whichever input raises the
    target's mean inside the most, while at least ``min_support`` of the worlds stay inside; keeps the
    box of the trajectory, among those holding at most ``max_support`` of the worlds (a region, not
    most of the space), that scores best (mean inside against outside, times the square root of the
    count inside); then releases each bound whose removal costs under a tenth of that score and keeps
    the box within ``max_support``."""
    x = data[list(inputs)].to_numpy(dtype=float)
    target = np.asarray(target, dtype=float)
    n, d = x.shape
    low, high = np.full(d, -np.inf), np.full(d, np.inf)
    best = (-np.inf, low.copy(), high.copy())
    inside = np.ones(n, dtype=bool)
    while inside.sum() * (1 - PEEL) >= max(min_support * n, 2):
        options = []
        for j in range(d):
            values = x[inside, j]
            for side, cut in (("low", np.quantile(values, PEEL)), ("high", np.quantile(values, 1 - PEEL))):
                keep = inside & (x[:, j] >= cut) if side == "low" else inside & (x[:, j] <= cut)
                if keep.sum() < max(min_support * n, 2) or keep.sum() == inside.sum():
                    continue
                options.append((float(target[keep].mean()), j, side, cut, keep))
        if not options:
            break
        _, j, side, cut, inside = max(options, key=lambda option: option[0])
        if side == "low":
            low[j] = cut
        else:
            high[j] = cut
        score = _score(target, inside)
        if score > best[0] and inside.mean() <= max_support:
            best = (score, low.copy(), high.copy())
    score, low, high = best
    for j in range(d):  # release what adds little
        trial_low, trial_high = low.copy(), high.copy()
        trial_low[j], trial_high[j] = -np.inf, np.inf
        released = _inside(x, trial_low, trial_high)
        if released.mean() <= max_support and _score(target, released) >= 0.9 * score:
            low, high = trial_low, trial_high
            score = max(score, _score(target, _inside(x, low, high)))
    inside = _inside(x, low, high)
    bounds = {name: (float(low[j]), float(high[j])) for j, name in enumerate(inputs)}
    mean_out = float(target[~inside].mean()) if (~inside).any() else float("nan")
    return Box(bounds, float(inside.mean()), float(target[inside].mean()), mean_out, int(inside.sum()), inside)


def bootstrap_prim(
    data: pd.DataFrame, target: np.ndarray, inputs: Sequence[str], seed: int = 0, repeats: int = 50
) -> dict[str, float]:
    """Each input's share of ``repeats`` refits, on worlds drawn with replacement, whose box bounds it:
    an input the box bounds in most refits is a finding; one bounded in few is the sample's accident."""
    rng = np.random.default_rng(seed)
    target = np.asarray(target, dtype=float)
    counts = dict.fromkeys(inputs, 0)
    for _ in range(repeats):
        rows = rng.integers(0, len(target), len(target))
        for name in prim(data.iloc[rows].reset_index(drop=True), target[rows], inputs).restricted:
            counts[name] += 1
    return {name: count / repeats for name, count in counts.items()}


def box_lines(box: Box, x: str, y: str) -> pd.DataFrame:
    """A box's edges on a scenario map of inputs ``x`` and ``y``, as the map draws lines: ``axis``,
    ``threshold``, the segment's extent ``low``/``high`` along the other axis, ``partial`` when the box
    also bounds an input not on the map."""
    partial = any(name not in (x, y) for name in box.restricted)
    (xl, xh), (yl, yh) = box.bounds.get(x, (-np.inf, np.inf)), box.bounds.get(y, (-np.inf, np.inf))
    rows = [("x", edge, yl, yh) for edge in (xl, xh) if np.isfinite(edge)]
    rows += [("y", edge, xl, xh) for edge in (yl, yh) if np.isfinite(edge)]
    return pd.DataFrame(
        [(a, t, lo, hi, partial) for a, t, lo, hi in rows], columns=["axis", "threshold", "low", "high", "partial"]
    )
