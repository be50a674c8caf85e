"""Weighted sampling without replacement, in one cumulative sum and a few binary searches.

``numpy.random.Generator.choice(..., replace=False, p=...)`` does the same job with more passes over
the population; the model draws a handful of people from thousands each month, so this keeps the
cost at O(population) with a small constant. All randomness comes from the generator passed in.
"""

from __future__ import annotations

import numpy as np

__all__ = ["weighted_sample"]


def weighted_sample(weight: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Up to ``k`` distinct indices drawn with probability proportional to ``weight`` (zeros never drawn).

    Draws are successive: each new index is drawn from the weights of those not yet drawn, so the
    result has the distribution of ``choice(n, k, replace=False, p=weight / weight.sum())``.
    Returns fewer than ``k`` indices only when fewer than ``k`` weights are positive.
    """
    weight = np.asarray(weight, dtype=float)
    k = min(int(k), int(np.count_nonzero(weight > 0)))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    chosen: list[int] = []
    seen: set[int] = set()
    cdf = np.cumsum(weight)
    while len(chosen) < k:
        draws = np.searchsorted(cdf, rng.random(k - len(chosen)) * cdf[-1], side="right")
        for index in draws.tolist():  # keep the first draw of each index, in order
            if weight[index] > 0 and index not in seen:
                seen.add(index)
                chosen.append(index)
                if len(chosen) == k:
                    break
        if len(chosen) < k:  # remove what was drawn and redraw the rest from the remaining weights
            remaining = weight.copy()
            remaining[chosen] = 0.0
            cdf = np.cumsum(remaining)
    return np.array(chosen, dtype=np.int64)
