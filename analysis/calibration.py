"""Calibration values computed from a run's frames, and the bands the specification sets for them.

Each function takes the frames of one run (``model``: one row per month; ``projects``: one row per
ended project) and returns one number, so that the calibration tables
(``verification.tables``, printed by ``python -m tools.calibrate``) and the calibration tests
compute exactly the same thing. The share of a quality gain lost within a year needs runs of its own
(quality gains switched off for a year) and is measured there.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = [
    "BANDS",
    "Band",
    "active_per_100_staff",
    "calibration_values",
    "realised_turnover",
    "success_duration",
    "success_rate",
    "trained_per_year",
]


@dataclass(frozen=True)
class Band:
    """A calibration target: a value a run yields (``label`` says what it is), the band it must fall in,
    and where the band comes from."""

    key: str
    label: str
    low: float
    high: float
    source: str
    percent: bool = False

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high

    def describe(self, value: float) -> str:
        return f"{value:.1%}" if self.percent else f"{value:.2f}"

    @property
    def target(self) -> str:
        if self.percent:
            return f"{self.low:.0%}-{self.high:.0%}"
        return f"{self.low:g}-{self.high:g}"


#: The specification's section 9, in its order.
BANDS: tuple[Band, ...] = (
    Band(
        "turnover",
        "realised staff turnover a year",
        0.10,
        0.13,
        "Nuffield Trust 2022, NHS Digital (sourced)",
        percent=True,
    ),
    Band("duration", "mean duration of successful projects (months)", 9, 18, "Alemi et al. 2001, about 13 (sourced)"),
    Band(
        "success_rate",
        "success rate (succeeded / ended)",
        0.20,
        0.60,
        "Chua et al. 2020, about 19 % (reported, unverified); Wells et al. 2018, 83 % improved a measure",
        percent=True,
    ),
    Band(
        "active_per_100",
        "active projects per 100 staff",
        2,
        5,
        "East London NHS FT, about 160 in 5,000 staff (reported, unverified)",
    ),
    Band(
        "trained_per_year",
        "staff trained a year",
        0.05,
        0.12,
        "East London NHS FT, about 650 of 5,000 in two years (reported, unverified)",
        percent=True,
    ),
    Band(
        "quality_lost_12",
        "share of a quality gain lost within a year, months 0-12",
        1 / 3,
        1 / 2,
        "Wiltsey Stirman et al. 2012 (sourced)",
        percent=True,
    ),
    Band(
        "quality_lost_120",
        "share of a quality gain lost within a year, months 108-120",
        1 / 3,
        1 / 2,
        "Wiltsey Stirman et al. 2012 (sourced)",
        percent=True,
    ),
)


def _years(model: pd.DataFrame) -> float:
    return (len(model) - 1) / 12.0


def realised_turnover(model: pd.DataFrame) -> float:
    """Staff who left over months 1..n, as a share of headcount a year."""
    return float(model["leavers"].iloc[1:].sum() / model["headcount"].iloc[0] / _years(model))


def success_duration(projects: pd.DataFrame) -> float:
    """Mean duration (months) of successful projects started and ended within the run."""
    done = projects[(projects["outcome"] == "succeeded") & projects["started_in_run"]]
    return float(done["duration_months"].mean())


def success_rate(model: pd.DataFrame) -> float:
    """Projects succeeded over projects ended, since month 0."""
    return float(model["success_rate"].iloc[-1])


def active_per_100_staff(model: pd.DataFrame) -> float:
    """Projects under way at the end of each month, averaged over months 1..n, per 100 staff."""
    return float(model["projects_active"].iloc[1:].mean() / model["headcount"].iloc[0] * 100)


def trained_per_year(model: pd.DataFrame) -> float:
    """People trained over months 1..n, as a share of staff headcount a year."""
    return float(model["trainees"].iloc[1:].sum() / model["headcount"].iloc[0] / _years(model))


def calibration_values(model: pd.DataFrame, projects: pd.DataFrame) -> dict[str, float]:
    """Every calibration value computable from one run's frames, keyed as in ``BANDS``."""
    return {
        "turnover": realised_turnover(model),
        "duration": success_duration(projects),
        "success_rate": success_rate(model),
        "active_per_100": active_per_100_staff(model),
        "trained_per_year": trained_per_year(model),
    }
