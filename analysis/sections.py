"""The sections of a brief at one set of assumptions: each returns its heading, sentences, figures and
tables, and writes nothing (``analysis.report`` writes the files; ``analysis.render`` lays them out).

Which sections a brief holds follows its design (``analysis.design``, read from the plan): a
comparison against a reference, a dose-response, a sweep of two or more settings compared pair by
pair within each other, a Morris screening. The robustness ensemble's own sections are in
``analysis.ensemble_sections``. Sentences come from ``analysis.wording``, labels and units from
``analysis.outcomes``; figures are drawn only when the CLI saves them (``FigureSpec.draw``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure

from analysis import plots, stats
from analysis import wording as W
from analysis.contents import FIGURES
from analysis.design import Design, reference_level
from analysis.load import Experiment
from analysis.outcomes import BRIEF, COMPANIONS, DOSE, OVER_TIME, TWO_WAY, outcome

__all__ = ["FigureSpec", "Section", "findings_section", "missing_section", "setup_lines", "within_comparisons"]


@dataclass(frozen=True)
class FigureSpec:
    """A figure a brief shows: its file name (one of ``analysis.contents.FIGURES``), caption, and how to
    draw it (called only when the brief is written)."""

    name: str
    caption: str
    draw: Callable[[], Figure]

    def __post_init__(self) -> None:
        if self.name not in FIGURES:  # a figure added here must be listed there, where a preset's list is checked
            raise KeyError(f"figure {self.name!r} is missing from analysis.contents.FIGURES")


@dataclass
class Section:
    """A heading and its sentences, with the figures and tables that go with it, and the data files
    (name -> frame) the brief writes beside itself for researchers."""

    heading: str
    sentences: list[str]
    figures: list[FigureSpec] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    data: dict[str, pd.DataFrame] = field(default_factory=dict)


def _panels(columns) -> dict[str, tuple[str, str]]:
    """Panel titles and units of registered columns, for the figures."""
    return {column: (outcome(column).short, outcome(column).unit) for column in columns}


def _label_column(frame: pd.DataFrame, conditions: list[str]) -> pd.Series:
    return frame[conditions].astype(str).agg(" / ".join, axis=1) if conditions else pd.Series("all", frame.index)


def _wanted(exp: Experiment, name: str) -> bool:
    teaching = exp.config.get("teaching") or {}
    wanted = teaching.get("figures") or []
    return not wanted or name in wanted


def _figures(exp: Experiment, design: Design, described: pd.DataFrame, paired: pd.DataFrame) -> list[FigureSpec]:
    """The figures that fit this experiment's design (a teaching preset may ask for fewer)."""
    made: list[FigureSpec] = []

    def keep(name: str, caption: str, draw: Callable[[], Figure]) -> None:
        spec = FigureSpec(name, caption, draw)
        if _wanted(exp, name):
            made.append(spec)

    factor, reference, within = design.factor, design.reference, list(design.within)
    teaching = exp.config.get("teaching") or {}
    shown = teaching.get("outcomes") or list(OVER_TIME)  # a teaching preset may show fewer panels
    group = factor if factor and not within and design.kind in ("comparison", "dose") else None
    order = exp.order(group, exp.summary[group]) if group is not None else None
    capabilities = [c for c in exp.vocabulary.get("capabilities", []) if exp.units is not None and c in exp.units]
    if exp.model is not None and group is not None and exp.summary[group].nunique() <= 8:
        panels = _panels(c for c in shown if c in exp.model.columns)
        frame = stats.over_time(exp.model, [group], list(panels))
        keep(
            "over_time",
            "Outcomes over time: mean across replications with 95 % bands.",
            lambda: plots.over_time(frame, group, panels, "How the organisation changed, month by month", order),
        )
    if exp.units is not None and group is not None and group in exp.units.columns:
        end = exp.units[exp.units["step"] == exp.units["step"].max()]
        keep(
            "lorenz",
            "Lorenz curves of unit capability at the end (averaged over replications).",
            lambda: plots.lorenz(stats.lorenz(end, group), group, "How evenly capability is spread at the end", order),
        )
        keep(
            "quartiles",
            "Mean capability of units by their initial-capability quartile.",
            lambda: plots.quartiles(
                stats.quartile_trajectories(exp.units, group),
                group,
                "Who gets left behind: units grouped by where they started",
                order,
            ),
        )
        first = exp.units[(exp.units[group] == reference) & (exp.units["replicate"] == exp.units["replicate"].min())]
        start, finish = first["step"].min(), first["step"].max()
        if capabilities:  # the model's capabilities, as the sweep's plan records them
            keep(
                "skills_audit",
                "Unit-by-capability audit at the start and the end (first replication, reference).",
                lambda: plots.skills_audit(
                    stats.skills_matrix(first, start, capabilities),
                    stats.skills_matrix(first, finish, capabilities),
                    f"Skills audit: every unit's capability, {W.name(reference)}",
                ),
            )
    if group is not None and not paired.empty:
        labels = {column: outcome(column).label for column in BRIEF}
        keep(
            "forest",
            f"Each condition minus {reference}, paired on shared seeds.",
            lambda: plots.forest(paired, factor, labels, "Paired differences against the reference (95 % CI)", order),
        )
    if design.kind == "two_way" and len(within) == 1:
        for column in TWO_WAY:
            rows = described[described["outcome"] == column]
            title = W.sentence_case(outcome(column).label)
            keep(
                f"two_way_{column}",
                f"{title} across both swept settings (means over replications).",
                lambda rows=rows, column=column, title=title: plots.two_way(
                    rows, factor, within[0], outcome(column).unit, title, lambda v, c=column: W.amount(v, c)
                ),
            )
    if design.kind == "dose" and exp.summary[factor].nunique() >= 4:
        keep(
            "dose_response",
            "Mean outcome at each dose with 95 % CI.",
            lambda: plots.dose_response(described, factor, _panels(DOSE), f"Dose-response: {W.name(factor)}"),
        )
    if exp.sensitivity is not None and not exp.sensitivity.empty:
        labels = {column: outcome(column).label for column in exp.sensitivity["output"].unique()}
        keep(
            "morris",
            "mu* (influence) against sigma (interaction or non-linearity) for each parameter.",
            lambda: plots.morris(exp.sensitivity, labels, "Which parameters matter: Morris screening"),
        )
    return made


def within_comparisons(
    summary: pd.DataFrame, design: Design, paired: pd.DataFrame | None = None
) -> list[tuple[pd.DataFrame, str, list[str]]]:
    """Paired differences of a sweep of two or more settings, within each combination of the others:
    (rows, setting, other settings) for every setting against its reference (the design's ``factor``
    against its ``reference``; ``paired``: those differences when already computed), the settings in
    the sweep's order (policy first when swept). When that would take more than eight sentences, only
    the first setting is compared."""
    outcomes = [o for o in TWO_WAY if o in summary.columns]
    settings = [c for c in design.swept if c in summary.columns]
    names = [design.factor, *(c for c in settings if c != design.factor)] if design.factor == "policy" else settings
    found = []
    for setting in names:
        others = [c for c in settings if c != setting]
        if setting == design.factor and paired is not None:
            rows = paired[paired["outcome"].isin(outcomes)]
        else:
            first = design.reference if setting == design.factor else reference_level(setting, design.levels[setting])
            rows = stats.paired_differences(summary, setting, first, outcomes, others)
        found.append((rows, setting, others))
    if sum(rows[setting].nunique() * len(outcomes) for rows, setting, _ in found) > 8:
        found = found[:1]
    return found


def findings_section(exp: Experiment, design: Design, heading: str) -> Section:
    """The findings of one set of assumptions, with their figures, the table of every outcome, and the
    numbers behind them (``statistics.csv``, ``paired_differences.csv``)."""
    if exp.summary is None:
        return Section(heading, [W.NOTHING_TO_REPORT])
    summary = exp.summary
    factor, reference, within = design.factor, design.reference, list(design.within)
    outcomes = [o for o in BRIEF if o in summary.columns]
    companions = [o for o in COMPANIONS if o in summary.columns]
    conditions = [c for c in design.swept if c in summary.columns and c != "sample"]
    described = stats.describe(summary, conditions, outcomes + companions)
    compared = design.kind in ("comparison", "dose", "two_way") and factor in summary.columns
    paired = stats.paired_differences(summary, factor, reference, outcomes, within) if compared else pd.DataFrame()
    sentences: list[str] = []
    intervals = len(paired)  # the comparisons with an interval that the findings report
    if design.kind == "comparison" and factor == "policy":
        sentences = W.policy_findings(described, paired, factor, reference)
    elif design.kind == "dose" and compared:
        sentences = W.dose_findings(described, paired, factor, BRIEF)
    elif design.kind == "comparison" and compared:
        sentences = [W.difference_sentence(row, factor, named=True) for _, row in paired.iterrows()]
    elif design.kind == "two_way" and compared:
        described["condition"] = _label_column(described, conditions)
        comparisons = within_comparisons(summary, design, paired)
        sentences = [s for rows, name, others in comparisons for s in W.within_findings(rows, name, others, TWO_WAY)]
        sentences += W.ranking_findings(described, "condition", BRIEF)  # unpaired: the best and worst combinations
        intervals = sum(len(rows[rows["outcome"].isin(TWO_WAY)]) for rows, _, _ in comparisons)
    if exp.sensitivity is not None and not exp.sensitivity.empty:
        sentences += W.sensitivity_findings(exp.sensitivity)
    if intervals and sentences:
        sentences.insert(0, W.INTERVALS.format(n=intervals))
    data = {"statistics.csv": described}
    if not paired.empty:
        data["paired_differences.csv"] = paired
    table = _table(described, conditions)
    tables = [] if design.kind == "sensitivity" else [("Table: mean [95 % CI] across replications", table)]
    figures = _figures(exp, design, described, paired)
    return Section(heading, sentences, figures, tables, data)


def _table(described: pd.DataFrame, conditions: list[str]) -> pd.DataFrame:
    """Outcomes down, conditions across: 'mean [low, high]' in each cell."""
    frame = described[described["outcome"].isin(BRIEF)].copy()
    frame["condition"] = _label_column(frame, conditions)
    frame["value"] = [
        W.interval_cell(m, lo, hi, o)
        for m, lo, hi, o in zip(frame["mean"], frame["ci_low"], frame["ci_high"], frame["outcome"], strict=True)
    ]
    frame["outcome"] = [outcome(o).label for o in frame["outcome"]]
    return frame.pivot_table(index="outcome", columns="condition", values="value", aggfunc="first", sort=False)


def setup_lines(exp: Experiment, design: Design) -> list[str]:
    """How the experiment was set up: the organisation, the conditions and their levels, the seeds, the jobs."""
    cfg, lines = exp.config, []
    if cfg:
        org = cfg.get("hydra", {}).get("runtime", {}).get("choices", {}).get("org", "custom")
        lines.append(
            W.organisation_line(cfg.get("n_units"), float(cfg.get("staff_per_unit", 0)), org, cfg.get("n_steps"))
        )
    if exp.summary is not None:
        keys = [c for c in design.swept if c in exp.summary.columns] or ["run_id"]
        per = exp.summary.groupby(keys).size()
        lines.append(W.conditions_line(len(per), int(per.min()), int(per.max())))
        for condition in design.conditions:
            values = design.levels.get(condition, [])
            shown = ", ".join(str(v) for v in values[:12]) + (
                f", ... ({len(values)} in all)" if len(values) > 12 else ""
            )
            lines.append(f"{W.name(condition)}: {shown}.")
        lines.append(W.seeds_line(exp.summary["seed"].nunique(), cfg.get("master_seed", "n/a")))
    lines.append(W.jobs_line(exp.planned, exp.completed, exp.runs))
    return lines


def missing_section(exp: Experiment) -> Section | None:
    """The jobs without a result, and why, when there are any."""
    if exp.missing.empty:
        return None
    return Section("What is missing", W.missing_lines(exp.missing, exp.planned))
