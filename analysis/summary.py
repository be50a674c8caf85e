"""One row per run: what a run ended with and what it averaged, from its frames alone.

Every sweep job writes these rows (``summary.csv``) and ``analysis.load`` computes the same row for a
single run's folder, so a run is summarised one way wherever it comes from. The summary is generic
over the model's outputs: every numeric column of the model frame (one row per month) gives
``final_<column>`` (its value in the last month) and ``mean_<column>`` (its mean over months 1..n;
month 0 is the initial state). From the unit frame, when it has the columns, come the final mean
capability of units by initial-capability quartile (``final_capability_q1`` .. ``q4``) and the final
share of units left behind in the weakest and strongest quartiles.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["ID_COLUMNS", "summarise"]

#: Columns that identify a run and a month rather than measure anything.
ID_COLUMNS = ("run_id", "seed", "policy", "step", "replicate", "job")


def summarise(model: pd.DataFrame, units: pd.DataFrame | None = None) -> pd.DataFrame:
    """The summary row of one run from its model frame (and unit frame, when given)."""
    numeric = model.drop(columns=[c for c in ID_COLUMNS if c in model.columns]).select_dtypes("number")
    last = numeric.iloc[-1]
    period = numeric.iloc[1:] if len(numeric) > 1 else numeric
    row = {
        "run_id": model["run_id"].iloc[0],
        "seed": int(model["seed"].iloc[0]),
        "policy": model["policy"].iloc[0],
        "months": int(model["step"].iloc[-1]),
    }
    row.update({f"final_{k}": float(v) for k, v in last.items()})
    row.update({f"mean_{k}": float(v) for k, v in period.mean().items()})
    if units is not None and {"step", "initial_quartile"} <= set(units.columns):
        end = units[units["step"] == units["step"].max()]
        if "capability" in end.columns:
            by_quartile = end.groupby("initial_quartile")["capability"].mean()
            for quartile in (1, 2, 3, 4):
                row[f"final_capability_q{quartile}"] = float(by_quartile.get(quartile, float("nan")))
        if "left_behind" in end.columns:
            left = end.groupby("initial_quartile")["left_behind"].mean()
            for quartile in (1, 4):
                row[f"final_left_behind_q{quartile}"] = float(left.get(quartile, float("nan")))
    return pd.DataFrame([row])
