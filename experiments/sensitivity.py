"""Morris elementary-effects screening (SALib) of a finished ``sensitivity`` sweep.

Each design point of the Morris sample is one ``sample`` of the sweep, run for every replicate;
the outcome of a design point is its mean over replicates (common random numbers across points).
``morris_indices`` writes ``aggregate/sensitivity.csv``: for every output and parameter, mu, mu*
(mean absolute elementary effect: overall influence), its 95 % confidence half-width, and sigma
(spread of the effects: interactions or non-linearity).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from experiments.settings import morris_design
from experiments.store import atomic_write

__all__ = ["SCREENED_OUTPUTS", "morris_indices"]

#: Summary outputs screened by default (columns of summary.csv).
SCREENED_OUTPUTS: tuple[str, ...] = (
    "final_mean_capability",
    "final_gini_capability",
    "final_share_left_behind",
    "final_cumulative_succeeded",
    "mean_mean_quality",
    "final_capability_q1",
)


def morris_indices(summary: pd.DataFrame, sensitivity: Mapping[str, Any], out: Path | None = None) -> pd.DataFrame:
    """mu, mu*, its confidence and sigma for each screened output and parameter."""
    from SALib.analyze import morris

    problem, design = morris_design(sensitivity)
    means = summary.groupby("sample")[list(SCREENED_OUTPUTS)].mean()
    missing = sorted(set(range(len(design))) - set(means.index))
    if missing:
        raise ValueError(f"design points {missing[:10]} have no completed run: the screening needs every point")
    means = means.sort_index()
    rows = []
    for output in SCREENED_OUTPUTS:
        y = means[output].to_numpy(dtype=float)
        if not np.isfinite(y).all():
            continue
        result = morris.analyze(
            problem, design, y, num_levels=int(sensitivity["levels"]), seed=int(sensitivity["sampling_seed"])
        )
        for i, name in enumerate(problem["names"]):
            rows.append(
                {
                    "output": output,
                    "parameter": name,
                    "mu": float(result["mu"][i]),
                    "mu_star": float(result["mu_star"][i]),
                    "mu_star_conf": float(result["mu_star_conf"][i]),
                    "sigma": float(result["sigma"][i]),
                }
            )
    table = pd.DataFrame(rows)
    if out is not None:
        atomic_write(out, lambda tmp: table.to_csv(tmp, index=False))
    return table
