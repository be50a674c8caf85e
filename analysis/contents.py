"""What a brief can hold: the names of its figures and the outcomes its over-time figure can show.

Kept apart from ``analysis.report`` (which loads matplotlib) so that a sweep can check a teaching
preset's ``figures`` and ``outcomes`` before any job starts, without loading the plotting.
"""

from __future__ import annotations

__all__ = ["FIGURES", "TIME_OUTCOMES"]

#: Outcomes the over-time figure can show: column -> (panel title, unit).
TIME_OUTCOMES: dict[str, tuple[str, str]] = {
    "improvement_delivered": ("improvement delivered since month 0", "quality points"),
    "mean_capability": ("mean improvement capability", "capability (0-1)"),
    "gini_capability": ("inequality between units (Gini)", "Gini (0-1)"),
    "share_no_success": ("share of units with no success yet", "share of units"),
    "mean_quality": ("mean quality of care", "quality (0-1)"),
    "gini_attention": ("concentration of leadership attention", "Gini (0-1)"),
}

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
)
