"""What a brief can hold: the names of its figures.

Kept apart from ``analysis.report`` (which loads matplotlib) so that a sweep can check a teaching
preset's ``figures`` before any job starts, without loading the plotting. The outcomes a brief can
show are in ``analysis.outcomes``.
"""

from __future__ import annotations

__all__ = ["FIGURES"]

#: The figures a brief draws where they fit the experiment, by the name a teaching preset lists them under.
FIGURES: tuple[str, ...] = (
    "over_time",
    "lorenz",
    "quartiles",
    "skills_audit",
    "forest",
    "two_way_final_improvement_delivered",
    "two_way_final_share_no_success",
    "dose_response",
    "morris",
    "win_share",
    "regret",
    "scenario_map",
    "importance",
)
