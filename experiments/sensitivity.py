"""Morris elementary-effects screening (SALib): the design a ``sensitivity`` sweep runs, and its indices.

A sensitivity preset names parameters with ``[low, high]`` ranges (none named: every parameter whose
kind is ``assumption`` or ``sourced``, over its plausible range), a number of trajectories and
levels, and a sampling seed. ``morris_design`` turns that into SALib's sample matrix; each row is
one ``sample`` of the sweep (``design_rows`` counts them for the preset's sweep range), run for every
replicate, and ``sample_values`` gives the parameter values of one row. After the sweep,
``morris_indices`` writes ``aggregate/sensitivity.csv``: for every output and parameter, mu, mu*
(mean absolute elementary effect: overall influence), its 95 % confidence half-width, and sigma
(spread of the effects: interactions or non-linearity). The outcome of a design point is its mean
over replicates (common random numbers across points).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from experiments.ensemble import uncertain_parameters
from experiments.store import atomic_write

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SCREENED_OUTPUTS", "design_rows", "morris_design", "morris_indices", "sample_values"]

#: Summary outputs screened (columns of summary.csv); those a run does not report are skipped.
SCREENED_OUTPUTS: tuple[str, ...] = (
    "final_improvement_delivered",
    "final_mean_capability",
    "final_gini_capability",
    "final_share_no_success",
    "final_capability_q1",
    "final_improvement_sustained",
)


def design_rows(trajectories: int, parameters: Any) -> int:
    """Rows of a Morris design: trajectories x (number of parameters + 1); no parameters named means every
    assumption-labelled parameter (``experiments.ensemble.uncertain_parameters``)."""
    return int(trajectories) * (len(parameters or uncertain_parameters()) + 1)


@lru_cache(maxsize=8)
def _design(names: tuple[str, ...], bounds: tuple[tuple[float, float], ...], trajectories: int, levels: int, seed: int):
    from SALib.sample import morris

    problem = {"num_vars": len(names), "names": list(names), "bounds": [list(b) for b in bounds]}
    return problem, morris.sample(problem, trajectories, num_levels=levels, seed=seed)


def morris_design(sensitivity: Mapping[str, Any], known: Mapping[str, type] | None = None):
    """(SALib problem, sample matrix) of a sensitivity config; each row is one design point.

    ``known``: the parameters that may be screened (refused, naming it, when one is not among them)."""
    parameters = dict(sensitivity["parameters"] or {}) or {k: list(v) for k, v in uncertain_parameters().items()}
    for name, bounds in parameters.items():
        if known is not None and name not in known:
            raise ValueError(f"sensitivity.parameters.{name}: not a model parameter")
        if len(bounds) != 2 or not bounds[0] < bounds[1]:
            raise ValueError(f"sensitivity.parameters.{name}={list(bounds)}: must be [low, high] with low < high")
    names = tuple(parameters)
    bounds = tuple((float(parameters[n][0]), float(parameters[n][1])) for n in names)
    return _design(
        names, bounds, int(sensitivity["trajectories"]), int(sensitivity["levels"]), int(sensitivity["sampling_seed"])
    )


def sample_values(sample: int | None, sensitivity: Mapping[str, Any] | None, types: Mapping[str, type]) -> dict:
    """The parameter values of design row ``sample`` (whole numbers rounded for ``int`` parameters)."""
    if sample is None:
        return {}
    if sensitivity is None:
        raise ValueError(f"sample={sample} needs a sensitivity design (experiment=sensitivity)")
    problem, matrix = morris_design(sensitivity, types)
    if not 0 <= sample < len(matrix):
        raise ValueError(f"sample={sample} is not allowed: the design has rows 0..{len(matrix) - 1}")
    values = dict(zip(problem["names"], matrix[sample].tolist(), strict=True))
    return {k: (round(v) if types[k] is int else v) for k, v in values.items()}


def morris_indices(summary: pd.DataFrame, sensitivity: Mapping[str, Any], out: Path | None = None) -> pd.DataFrame:
    """mu, mu*, its confidence and sigma for each screened output and parameter."""
    import pandas as pd  # here, not above: composing and planning a sweep need this module but not pandas
    from SALib.analyze import morris

    problem, design = morris_design(sensitivity)
    outputs = [o for o in SCREENED_OUTPUTS if o in summary.columns]
    means = summary.groupby("sample")[outputs].mean()
    missing = sorted(set(range(len(design))) - set(means.index))
    if missing:
        raise ValueError(f"design points {missing[:10]} have no completed run: the screening needs every point")
    means = means.sort_index()
    rows = []
    for output in outputs:
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
