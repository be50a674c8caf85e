"""Seed noise in paired comparisons: how much common random numbers take out of a policy's difference.

Every policy runs on the same replicate seeds (``simulation.run_paired``), so its difference from
``silos`` is paired seed by seed. Were the draws of two policies unrelated after month 0, the paired
difference would vary as much as the difference of independent runs, whose variance is the sum of
the two policies' variances across seeds. ``paired_noise`` reports, for each policy and outcome, the
standard deviation of the paired difference and the **variance ratio**: the paired difference's
variance over that sum (1: pairing took nothing out; 0: the difference is the same under every seed).
A smaller ratio means fewer seeds for the same interval: the seeds needed for a 95 % interval of
half-width ``h`` are about ``(1.96 sd / h)^2``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from simulation import POLICY_NAMES, ModelParams, run_paired

__all__ = ["OUTCOMES", "paired_noise", "seeds_for"]

#: What the noise is measured on: improvement delivered, the weakest quartile's capability, units with no
#: success (each at month 120 of the default organisation).
OUTCOMES = ("improvement delivered", "capability of the weakest quartile", "units with no success")
REFERENCE = "silos"


def _values(result) -> dict[str, float]:
    last = result.model.iloc[-1]
    weakest = result.units[(result.units["initial_quartile"] == 1) & (result.units["step"] == last["step"])]
    return {
        OUTCOMES[0]: float(last["improvement_delivered"]),
        OUTCOMES[1]: float(weakest["capability"].mean()),
        OUTCOMES[2]: float(last["share_no_success"]),
    }


def paired_noise(seeds: Sequence[int], n_steps: int = 120, **settings) -> pd.DataFrame:
    """One row per policy (other than ``silos``) and outcome: the mean and standard deviation of the paired
    difference from ``silos`` over ``seeds``, each policy's own standard deviation, and the variance ratio
    against independent seeds. ``settings``: any ``ModelParams`` field (the defaults otherwise)."""
    conditions = {p: ModelParams.for_policy(p, **settings) for p in POLICY_NAMES}
    runs = run_paired(conditions, seeds, n_steps=n_steps)
    values = {p: pd.DataFrame([_values(r) for r in runs.results(p)]) for p in POLICY_NAMES}
    rows = []
    for policy in POLICY_NAMES:
        if policy == REFERENCE:
            continue
        for outcome in OUTCOMES:
            a, b = values[policy][outcome].to_numpy(), values[REFERENCE][outcome].to_numpy()
            diff = a - b
            independent = a.var(ddof=1) + b.var(ddof=1)
            rows.append(
                {
                    "policy": policy,
                    "outcome": outcome,
                    "mean_difference": float(diff.mean()),
                    "sd_difference": float(diff.std(ddof=1)),
                    "sd_policy": float(a.std(ddof=1)),
                    "sd_reference": float(b.std(ddof=1)),
                    "variance_ratio": float(diff.var(ddof=1) / independent) if independent > 0 else float("nan"),
                    "seeds": len(seeds),
                }
            )
    return pd.DataFrame(rows)


def seeds_for(sd: float, half_width: float) -> int:
    """Seeds for a 95 % interval of half-width ``half_width`` on a paired difference of standard deviation ``sd``."""
    return int(np.ceil((1.96 * sd / half_width) ** 2))
