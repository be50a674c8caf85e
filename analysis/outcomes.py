"""The outcome registry: every outcome a brief, a figure, the explorer or the command line reports, once.

Each outcome is a model output (a column of the model frame, one row per month), a unit-level summary
(``capability_q1``: the units that started in the bottom quartile) or a derived figure
(``no_success_excess``). A run's summary row (``analysis.summary``) holds ``final_<name>`` (the last
month) and ``mean_<name>`` (the mean over months 1..n) of every model output. The registry knows all
three forms: ``outcome("final_gini_capability")`` is the same outcome as ``outcome("gini_capability")``
at the end of the run, ``outcome("mean_gini_attention")`` the same averaged over the months.

Each entry says what a reader needs (EMA Workbench's ``ScalarOutcome`` idea, without its class tree):
a plain label for sentences and tables, a short label for figure panels, the unit, whether higher is
better, and whether it is a share (shown as a percentage). The named selections below are what each
part of the project reports, in the order it reports them; every one of them reads this table, so
a label or a unit is changed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = [
    "BRIEF",
    "COMPANIONS",
    "DOSE",
    "ENSEMBLE",
    "EXPLORER",
    "ORDER",
    "OUTCOMES",
    "OVER_TIME",
    "RUN_HEADLINE",
    "SCREENED",
    "TWO_WAY",
    "Outcome",
    "outcome",
]


@dataclass(frozen=True)
class Outcome:
    """One outcome: its column, plain label, short label, unit, direction, and whether it is a share."""

    column: str
    label: str  # in sentences and tables: "improvement delivered (quality gained since month 0)"
    short: str  # on figure panels and in tight places: "improvement delivered"
    unit: str  # "quality points", "capability (0-1)", "Gini (0-1)", "share of units", ...
    higher_is_better: bool
    percent: bool = False  # a share: shown as a percentage, differences in percentage points
    forms: tuple[str, ...] = ("", "final_", "mean_")  # prefixes it exists under (a model output: all three)
    state: bool = False  # a level at a moment (its final_ form says 'at the end'), not a count since month 0
    name: str = ""  # the outcome without its prefix (set by the registry): "gini_capability"


CAPABILITY, GINI, SHARE, QUALITY_POINTS = "capability (0-1)", "Gini (0-1)", "share of units", "quality points"
#: A unit-level summary: at the end of a run (``final_``), and as the explorer's month page tracks it.
UNIT_LEVEL = ("", "final_")

#: The outcomes as the model reports them (model columns) or as a summary derives them.
_BASE: tuple[Outcome, ...] = (
    Outcome(
        "improvement_delivered",
        "improvement delivered (quality gained since month 0)",
        "improvement delivered",
        QUALITY_POINTS,
        True,
    ),
    Outcome(
        "improvement_sustained", "improvement still held at the end", "improvement sustained", QUALITY_POINTS, True
    ),
    Outcome(
        "gini_capability",
        "inequality of capability between units (Gini)",
        "inequality between units (Gini)",
        GINI,
        False,
        state=True,
    ),
    Outcome(
        "capability_q1",
        "capability of the units that started weakest (bottom quartile)",
        "capability of the weakest units",
        CAPABILITY,
        True,
        forms=UNIT_LEVEL,
        state=True,
    ),
    Outcome(
        "capability_q4",
        "capability of the units that started strongest (top quartile)",
        "capability of the strongest units",
        CAPABILITY,
        True,
        forms=UNIT_LEVEL,
        state=True,
    ),
    Outcome(
        "share_no_success",
        "share of units with no successful project",
        "units with no success",
        SHARE,
        False,
        percent=True,
    ),
    Outcome(
        "share_no_success_null",
        "share of units with no success had successes fallen at random",
        "units with no success at random",
        SHARE,
        False,
        percent=True,
    ),
    Outcome(
        "no_success_excess",
        "units with no success beyond the throughput null",
        "units with no success beyond chance",
        SHARE,
        False,
        percent=True,
        forms=("",),  # derived from a run's summary (analysis.ensemble_sections)
    ),
    Outcome(
        "mean_capability", "mean improvement capability", "mean improvement capability", CAPABILITY, True, state=True
    ),
    Outcome("mean_quality", "mean quality of care", "mean quality of care", "quality (0-1)", True, state=True),
    Outcome(
        "cumulative_succeeded",
        "improvement projects completed successfully",
        "projects succeeded",
        "projects",
        True,
    ),
    Outcome(
        "attention_unspent",
        "leadership attention no project could use",
        "attention unspent",
        "support units a month",
        False,
    ),
    Outcome(
        "gini_attention",
        "concentration of leadership attention (Gini)",
        "concentration of attention (Gini)",
        GINI,
        False,
        state=True,
    ),
)


def _forms(base: Outcome) -> dict[str, Outcome]:
    """An outcome under each prefix it exists under: as a model column (``''``), at the end of a run
    (``final_``) and averaged over it (``mean_``)."""
    at_end = f"{base.label} at the end" if base.state else base.label
    labels = {"": base.label, "final_": at_end, "mean_": f"monthly average of {base.label}"}
    return {
        f"{p}{base.column}": replace(base, column=f"{p}{base.column}", label=labels[p], name=base.column)
        for p in base.forms
    }


#: Every registered column -> its ``Outcome``.
OUTCOMES: dict[str, Outcome] = {column: entry for base in _BASE for column, entry in _forms(base).items()}

#: The outcomes a brief's table and findings report (summary columns), in the brief's order.
BRIEF: tuple[str, ...] = (
    "final_improvement_delivered",
    "final_improvement_sustained",
    "final_gini_capability",
    "final_capability_q1",
    "final_share_no_success",
    "final_mean_capability",
    "final_capability_q4",
    "final_cumulative_succeeded",
    "mean_attention_unspent",
    "mean_gini_attention",
)
#: Read beside the reported outcomes (units with no success against the throughput null), never a row.
COMPANIONS: tuple[str, ...] = ("final_share_no_success_null",)
#: The order of a comparison's findings: what is delivered, how it is spread, what the strongest give up.
ORDER: tuple[str, ...] = (
    "final_improvement_delivered",
    "final_gini_capability",
    "final_capability_q1",
    "final_share_no_success",
    "final_capability_q4",
)
#: The robustness ensemble's outcomes, in ``ORDER`` (units with no success taken beyond the null).
ENSEMBLE: tuple[str, ...] = tuple("no_success_excess" if c == "final_share_no_success" else c for c in ORDER)
#: The panels of the over-time figure (model columns); a teaching preset may show fewer.
OVER_TIME: tuple[str, ...] = (
    "improvement_delivered",
    "mean_capability",
    "gini_capability",
    "share_no_success",
    "mean_quality",
    "gini_attention",
)
#: The outputs a Morris screening reports (summary columns; those a run does not report are skipped).
SCREENED: tuple[str, ...] = (
    "final_improvement_delivered",
    "final_mean_capability",
    "final_gini_capability",
    "final_share_no_success",
    "final_capability_q1",
    "final_improvement_sustained",
)
#: A sweep of two or more settings: what it compares pair by pair and draws as heatmaps.
TWO_WAY: tuple[str, ...] = ("final_improvement_delivered", "final_share_no_success")
#: A dose-response sweep's panels.
DOSE: tuple[str, ...] = (
    "final_improvement_delivered",
    "final_mean_capability",
    "final_share_no_success",
    "final_capability_q1",
)
#: The explorer's sentences under its figure, in order.
EXPLORER: tuple[str, ...] = (
    "final_improvement_delivered",
    "final_capability_q1",
    "final_capability_q4",
    "final_share_no_success",
)
#: What a single run prints of its last month (model columns).
RUN_HEADLINE: tuple[str, ...] = (
    "improvement_delivered",
    "mean_capability",
    "gini_capability",
    "share_no_success",
    "share_no_success_null",
    "cumulative_succeeded",
)


def outcome(column: str) -> Outcome:
    """The registered outcome of ``column``; ``KeyError`` naming it when it has no entry."""
    try:
        return OUTCOMES[column]
    except KeyError:
        raise KeyError(f"outcome {column!r} has no entry in analysis.outcomes: add it to _BASE there") from None
