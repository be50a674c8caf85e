"""The submodels' decision rules and formulas as small pure functions on numpy arrays.

Each function is the rule the ODD (``docs/ODD.md``, element 7) describes, testable without building
a model. All of them accept arrays and work element-wise or along the last axis; none holds a
number of its own: every constant comes in as an argument from ``ModelParams``.
"""

from __future__ import annotations

import math

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
    "linear_quantile",
    "need_shares",
    "no_success_null",
    "progress_increment",
    "project_limit",
    "relative_need",
    "right_problem_probability",
    "socialise",
    "start_probability",
    "targeting_scores",
    "top_bottom_ratio",
    "toward",
    "water_fill",
]

_TINY = 1e-9


def hill_support(attention: np.ndarray, half_saturation: float, exponent: float) -> np.ndarray:
    """Support a project draws from ``attention``: a^h / (a^h + K^h), 0 at no attention, 1/2 at K.

    Steep (h > 1): attention spread too thin leaves every project below the threshold; attention
    piled on one project is wasted beyond saturation (hence the ceiling, ``water_fill``).
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


def water_fill(shares: np.ndarray, room: np.ndarray, pool: float) -> tuple[np.ndarray, float]:
    """Split ``pool`` in proportion to ``shares``, no project above its ``room``; returns (amounts, unspent).

    What a capped project cannot use goes to the others by the same rule: the amounts are
    ``min(lambda x share, room)`` with ``lambda`` the level at which they use up the pool. When every
    project with a positive share is at its room, the rest is returned as unspent, never lost. One
    sort, no loop over projects: O(n log n).
    """
    shares = np.asarray(shares, dtype=float)
    room = np.maximum(np.asarray(room, dtype=float), 0.0)
    amounts = np.zeros(shares.shape)
    pool = max(0.0, float(pool))
    live = (shares > 0).nonzero()[0]
    if live.size == 0 or pool <= 0:
        return amounts, pool
    w, c = shares[live], room[live]
    order = np.argsort(c / w, kind="stable")
    w, c = w[order], c[order]
    ratio = c / w
    capped_before = np.concatenate([[0.0], np.cumsum(c)[:-1]])
    weight_after = np.cumsum(w[::-1])[::-1]
    level = (pool - capped_before) / weight_after
    fits = (level <= ratio).nonzero()[0]
    if fits.size == 0:  # every project at its room: the rest is unspent
        amounts[live] = room[live]
    else:
        k = fits[0]
        got = np.minimum(level[k] * w, c)
        got[:k] = c[:k]
        amounts[live[order]] = got
    return amounts, max(0.0, pool - float(amounts.sum()))


def need_shares(need: np.ndarray) -> np.ndarray | None:
    """Shares in proportion to need; ``None`` when nobody is in need."""
    need = np.asarray(need, dtype=float)
    total = need.sum()
    if need.size == 0 or total <= 0:
        return None
    return need / total


def relative_need(capability: np.ndarray, quantile: float) -> np.ndarray:
    """A unit's need: its capability gap to the ``quantile`` of unit capability (0 at or above it).

    Need is relative to the organisation, so it never runs out while units differ: as units improve,
    the reference rises with them."""
    capability = np.asarray(capability, dtype=float)
    if capability.size == 0:
        return capability.copy()
    return np.maximum(0.0, linear_quantile(capability, quantile) - capability)


def linear_quantile(values: np.ndarray, q: float) -> float:
    """``np.quantile(values, q)`` of a 1-D float array (numpy's default 'linear' method), the same bits,
    in a twentieth of the time: the monthly need asks for it every month. Interpolates between the two
    neighbouring order statistics as numpy does (from the upper one when the weight is at least 1/2)."""
    x = np.sort(values)
    position = (x.size - 1) * q
    if position >= x.size - 1:
        return float(x[-1])
    low = math.floor(position)
    a, b = float(x[low]), float(x[low + 1])
    weight = position - low
    return b - (b - a) * (1 - weight) if weight >= 0.5 else a + (b - a) * weight


def targeting_scores(need: np.ndarray, skill: float, noise: np.ndarray) -> np.ndarray:
    """How a senior team of ``skill`` ranks units for nurturing: skill x scaled need + (1 - skill) x noise.

    At skill 1 the neediest units come first; at skill 0 the choice is as good as random."""
    need = np.asarray(need, dtype=float)
    top = need.max(initial=0.0)
    scaled = need / top if top > 0 else np.zeros(need.shape)
    return skill * scaled + (1.0 - skill) * np.asarray(noise, dtype=float)


def bid(track_record: np.ndarray, message: np.ndarray, aligned: np.ndarray, floor: float, aligned_bonus: float):
    """A project's bid for attention: (floor + track record) x message capability x (1 + bonus x aligned)."""
    boost = 1.0 + aligned_bonus * np.asarray(aligned, dtype=float)
    return (floor + np.asarray(track_record, dtype=float)) * np.asarray(message, dtype=float) * boost


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


def right_problem_probability(problem_coverage: np.ndarray, base: float) -> np.ndarray:
    """Chance a team works on the right problem: ``base`` with no 'problem' capability, 1 with full.

    ``problem_coverage`` is the best team member's 'problem' capability, patient partners included
    (lived experience of the service counts here)."""
    c = np.clip(np.asarray(problem_coverage, dtype=float), 0.0, 1.0)
    return base + (1.0 - base) * c


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
    """Move ``value`` up toward ``target`` by ``rate`` of the gap; never down, never past it (up to rounding).

    ``rate`` is a share of the gap: products of rates that exceed 1 close the whole gap, no more.
    Learning routes pass ``min(target, potential)`` as the target, so nobody learns past their potential."""
    gap = np.subtract(target, value, dtype=float)
    np.maximum(gap, 0.0, out=gap)
    gap *= np.clip(rate, 0.0, 1.0)
    gap += value
    return gap


def socialise(
    values: np.ndarray, potential: np.ndarray, rate: np.ndarray, offsets: np.ndarray, weight: np.ndarray | float = 1.0
) -> np.ndarray:
    """Symmetric socialisation within groups: everyone moves toward their group's code, up or down.

    ``values`` and ``potential`` are (capabilities x people), people laid out contiguously by group
    (group ``g`` owns columns ``offsets[g]:offsets[g+1]``); ``rate`` is a share of the gap per person
    (or per capability and person), times ``weight`` per capability (a column). The group's code is
    the share of their potential its members hold on average (``sum(values) / sum(potential)``): each
    member moves toward that share of *their own* potential, so a manager in a unit of nurses is not
    pulled down to a nurse's level of `environment`, and roles stay distinct. Within each group and
    capability the upward and downward moves are then scaled to the smaller of the two totals, so the
    group's mean is unchanged (March 1991: the code spreads what the group has; it does not create
    capability from nothing). Nobody moves past their target, up to rounding.
    """
    values = np.asarray(values, dtype=float)
    counts = np.diff(offsets)
    starts = offsets[:-1]
    held = np.add.reduceat(values, starts, axis=-1)
    reach = np.add.reduceat(np.asarray(potential, dtype=float), starts, axis=-1)
    code = np.divide(held, reach, out=np.zeros_like(held), where=reach > 0)
    move = np.repeat(code, counts, axis=-1)
    move *= potential  # each member's target: the group's share of their own potential
    move -= values
    move *= np.clip(rate, 0.0, 1.0)
    move *= np.clip(weight, 0.0, 1.0)
    up = np.maximum(move, 0.0)
    up_total = np.add.reduceat(up, starts, axis=-1)
    down_total = up_total - np.add.reduceat(move, starts, axis=-1)  # the sizes of the downward moves
    matched = np.minimum(up_total, down_total)
    scale_up = np.divide(matched, up_total, out=np.zeros_like(up_total), where=up_total > 0)
    scale_down = np.divide(matched, down_total, out=np.zeros_like(down_total), where=down_total > 0)
    # values + scale_up x up - scale_down x down, with down = up - move, in as few full-size passes as possible
    up *= np.repeat(scale_up - scale_down, counts, axis=-1)
    move *= np.repeat(scale_down, counts, axis=-1)
    up += move
    up += values
    return up


def no_success_null(n_units: int, successes: int) -> float:
    """Share of units expected to have no success if ``successes`` fell on ``n_units`` units at random."""
    if n_units <= 0:
        return float("nan")
    return float((1.0 - 1.0 / n_units) ** successes)


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
