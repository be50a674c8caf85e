"""The submodels' decision rules and formulas as small pure functions on numpy arrays.

Each function is the rule the ODD (``docs/ODD.md``, element 7) describes, testable without building
a model. All of them accept arrays and work element-wise or along the last axis.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "alignment_probability",
    "bid",
    "blau_index",
    "ces_coverage",
    "contest_shares",
    "discouraged",
    "gini",
    "hill_support",
    "need_shares",
    "progress_increment",
    "project_limit",
    "start_probability",
    "top_bottom_ratio",
    "toward",
]

_TINY = 1e-9


def hill_support(attention: np.ndarray, half_saturation: float, exponent: float) -> np.ndarray:
    """Support a project draws from ``attention``: a^h / (a^h + K^h), 0 at no attention, 1/2 at K.

    Steep (h > 1): attention spread too thin leaves every project below the threshold; attention
    piled on one project is wasted beyond saturation.
    """
    a = np.power(np.maximum(np.asarray(attention, dtype=float), 0.0), exponent)
    return a / (a + half_saturation**exponent)


def ces_coverage(coverage: np.ndarray, exponent: float, axis: int = -1) -> np.ndarray:
    """Combine the six SOFFT coverages (along ``axis``) by a CES mean with exponent ``exponent``.

    A negative exponent leans toward the weakest link (the bundles are entwined); 1 is the plain
    mean; 0 is the geometric mean. The result lies between the smallest and largest coverage.
    """
    c = np.clip(np.asarray(coverage, dtype=float), _TINY, 1.0)
    if exponent == 0:
        return np.exp(np.log(c).mean(axis=axis))
    # scaled by the smallest (negative exponent) or largest value, so that no power overflows
    scale = c.min(axis=axis, keepdims=True) if exponent < 0 else c.max(axis=axis, keepdims=True)
    mean = np.power(c / scale, exponent).mean(axis=axis)
    return np.squeeze(scale, axis=axis) * np.power(mean, 1.0 / exponent)


def contest_shares(bids: np.ndarray, exponent: float) -> np.ndarray:
    """Tullock contest shares bid^r / sum(bid^r); equal shares when r = 0 or every bid is zero."""
    bids = np.asarray(bids, dtype=float)
    if bids.size == 0:
        return bids.copy()
    powered = np.power(bids, exponent)  # 0**0 == 1: r = 0 is equal shares even for zero bids
    total = powered.sum()
    if total <= 0:
        return np.full(bids.shape, 1.0 / bids.size)
    return powered / total


def need_shares(need: np.ndarray) -> np.ndarray | None:
    """Shares in proportion to need; ``None`` when nobody is in need."""
    need = np.asarray(need, dtype=float)
    total = need.sum()
    if need.size == 0 or total <= 0:
        return None
    return need / total


def bid(track_record: np.ndarray, message: np.ndarray, aligned: np.ndarray) -> np.ndarray:
    """A project's bid for attention: (0.1 + track record) x message capability x (1 + aligned)."""
    return (0.1 + np.asarray(track_record)) * np.asarray(message) * (1.0 + np.asarray(aligned, dtype=float))


def project_limit(capability: np.ndarray, per_slot: float, maximum: int) -> np.ndarray:
    """Concurrent projects a unit can run: one, plus one per ``per_slot`` of capability, at most ``maximum``."""
    slots = 1 + np.floor(np.asarray(capability, dtype=float) / per_slot).astype(np.int64)
    return np.minimum(slots, maximum)


def start_probability(environment: np.ndarray, rate: float) -> np.ndarray:
    """Monthly probability that a unit below its limit starts a project: rises with ``environment``."""
    return np.clip(rate * np.asarray(environment, dtype=float), 0.0, 1.0)


def alignment_probability(message: np.ndarray, priority_share: float) -> np.ndarray:
    """Chance a new project is aligned with a strategic priority.

    With probability ``message`` the unit frames its project on a priority; otherwise the theme is
    drawn at random and hits a priority with probability ``priority_share`` (= priorities / themes).
    """
    m = np.asarray(message, dtype=float)
    return m + (1.0 - m) * priority_share


def progress_increment(
    technical: np.ndarray,
    coverage: np.ndarray,
    support: np.ndarray,
    aligned: np.ndarray,
    difficulty: np.ndarray,
    rate: float,
    alignment_bonus: float,
) -> np.ndarray:
    """Monthly progress: rate x technical x coverage x support x (1 + bonus x aligned) / difficulty."""
    boost = 1.0 + alignment_bonus * np.asarray(aligned, dtype=float)
    return rate * technical * coverage * support * boost / difficulty


def discouraged(environment: np.ndarray, rollercoaster: np.ndarray, discouragement: float) -> np.ndarray:
    """Environment capability after a failed project: falls by ``discouragement`` x (1 - rollercoaster)."""
    return np.maximum(0.0, environment - discouragement * (1.0 - rollercoaster))


def toward(value: np.ndarray, target: np.ndarray, rate: np.ndarray | float) -> np.ndarray:
    """Move ``value`` up toward ``target`` by ``rate`` of the gap; never down, never past it.

    ``rate`` is a share of the gap: products of rates that exceed 1 close the whole gap, no more."""
    moved = value + np.clip(rate, 0.0, 1.0) * np.maximum(0.0, target - value)
    return np.minimum(moved, np.maximum(value, target))  # rounding must not carry it past the target


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative ``values`` (0 equal, toward 1 concentrated); 0 for all zeros."""
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    total = x.sum()
    if n == 0 or total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2.0 * (ranks * x).sum()) / (n * total) - (n + 1.0) / n)


def top_bottom_ratio(values: np.ndarray) -> float:
    """Mean of the top quartile over the mean of the bottom quartile (at least one value each)."""
    x = np.sort(np.asarray(values, dtype=float))
    k = max(1, x.size // 4)
    bottom = x[:k].mean()
    return float(x[-k:].mean() / bottom) if bottom > 0 else float("inf")


def blau_index(counts: np.ndarray) -> float:
    """Blau's index of diversity, 1 - sum(p_k^2), over category ``counts``; 0 for an empty group."""
    c = np.asarray(counts, dtype=float)
    total = c.sum()
    if total <= 0:
        return 0.0
    p = c / total
    return float(1.0 - (p * p).sum())
