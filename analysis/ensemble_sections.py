"""The brief's sections for an uncertainty ensemble: what we can say, what depends on which assumption,
what is noise, and how to read them.

An ensemble (``experiment=robustness``) runs every policy in many plausible worlds, each a draw of the
assumptions the model cannot pin down. This module turns its summary into the brief's opening
sections, every number computed from the data:

- **What we can say**: which policy is best how often (win share), the differences from the
  reference policy that hold across worlds (same sign in at least four worlds in five *and* a
  Holm-adjusted paired test across worlds; ``analysis.robustness.robust_differences``), and what each
  policy gives up against the best policy of each world (regret), in the brief's order
  (``analysis.outcomes.ENSEMBLE``);
- **What depends on which assumption**: for differences that do not hold everywhere, the rules a
  shallow decision tree finds over the sampled inputs (``analysis.scenarios``);
- **What is noise**: differences that are neither robust nor explained by any sampled assumption.

Figures: win shares, regret, and a scenario map of the comparison whose winner the assumptions decide
most clearly. Like every section, these write nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis import robustness, robustness_plots, scenarios
from analysis import wording as W
from analysis.outcomes import ENSEMBLE, outcome
from analysis.sections import FigureSpec, Section

__all__ = ["EnsembleSections", "ensemble_frame", "ensemble_sections"]


@dataclass
class EnsembleSections:
    """The ensemble's sections, the set-up lines it adds, and the statistics behind them."""

    sections: list[Section]
    setup: list[str]
    findings: list[str]  # what we can say, what depends on which assumption, what is noise
    paired: pd.DataFrame
    wins: pd.DataFrame
    regrets: pd.DataFrame


def ensemble_frame(summary: pd.DataFrame) -> pd.DataFrame:
    """One row per run with ``world``, ``replicate``, ``policy`` and the ensemble outcomes (the excess of
    units with no success over the throughput null derived from the summary)."""
    frame = summary.copy()
    if {"final_share_no_success", "final_share_no_success_null"} <= set(frame.columns):
        frame["no_success_excess"] = frame["final_share_no_success"] - frame["final_share_no_success_null"]
    keep = ["world", "replicate", "policy", *[o for o in ENSEMBLE if o in frame.columns]]
    return frame[keep]


def _labels(parameters: Mapping[str, Sequence[str]] | None) -> dict[str, tuple[str, str]]:
    return {name: (entry[0], entry[1]) for name, entry in (parameters or {}).items()}


def ensemble_sections(
    summary: pd.DataFrame,
    worlds: pd.DataFrame,
    reference: str = "silos",
    order: Sequence[str] | None = None,
    parameters: Mapping[str, Sequence[str]] | None = None,
    palette: Mapping[str, str] | None = None,
) -> EnsembleSections:
    """The ensemble sections of the brief from a sweep's summary (with ``world``) and its worlds table.

    ``parameters``: each input's display name and unit (the sweep's vocabulary); ``order``: the policies'
    order (the model's)."""
    frame = ensemble_frame(summary)
    if order is not None:
        frame["policy"] = pd.Categorical(frame["policy"], categories=[p for p in order if p in set(frame["policy"])])
        frame = frame.sort_values(["policy", "world", "replicate"], kind="stable")
        frame["policy"] = frame["policy"].astype(str)
    outcomes = [o for o in ENSEMBLE if o in frame.columns]
    higher = {o: outcome(o).higher_is_better for o in outcomes}
    wins = robustness.win_shares(frame, outcomes, higher)
    regrets = robustness.regret(frame, outcomes, higher)
    paired = robustness.robust_differences(robustness.paired_across_worlds(frame, outcomes, reference, higher))
    labels = _labels(parameters)
    inputs = [c for c in worlds.columns if c != "world" and worlds[c].nunique() > 1]
    n_worlds, n_tests = int(frame["world"].nunique()), len(paired)

    can_say = W.win_sentences(wins, regrets, outcomes[0])
    robust = paired[paired["robust"]]
    for i, row in enumerate(robust.itertuples()):
        can_say.append(W.robust_sentence(row, first=i == 0))
    if robust.empty:
        can_say.append(W.no_robust_difference(reference))

    depends, unexplained, maps = [], {}, []
    means = robustness.world_means(frame, outcomes)
    for row in paired[~paired["robust"]].itertuples():
        found = scenarios.discover(worlds[["world", *inputs]], _beats(means, row, reference), inputs=inputs, seed=0)
        if found.status == "rules":
            depends += W.scenario_sentences(found, row.policy, reference, outcome(row.outcome).short, labels)
            maps.append((found.cv_balanced_accuracy, row, found))
        else:
            unexplained.setdefault(row.outcome, []).append(row)
    noise = [W.noise_sentence(column, rows, reference) for column, rows in unexplained.items()]
    if not depends:
        depends.append(W.no_rule(n_worlds))
    findings = [*can_say, *depends, *noise]

    panels = {o: (outcome(o).short, outcome(o).unit) for o in outcomes}
    figures = [
        FigureSpec(
            "win_share",
            "Share of the sampled worlds in which each policy is best, for each outcome.",
            lambda: robustness_plots.win_share_chart(wins, panels, palette=palette),
        ),
        FigureSpec(
            "regret",
            "Median and 90th-percentile shortfall from the best policy of each world.",
            lambda: robustness_plots.regret_chart(regrets, panels, palette=palette),
        ),
        *_scenario_map(maps, paired, means, worlds, inputs, reference, labels, palette),
    ]
    sections = [
        Section("What we can say: findings that hold across plausible worlds", can_say, figures),
        Section("What depends on which assumption", depends),
        Section("What is noise", noise or [W.NO_NOISE]),
        Section("How to read these findings", W.ensemble_reading(reference, n_tests)),
    ]
    sections[0].data["across_worlds.csv"] = paired
    replications = int(frame.groupby(["world", "policy"]).size().min())
    setup = W.ensemble_setup(n_worlds, len(inputs), bool((worlds["world"] == 0).any()), replications)
    return EnsembleSections(sections, setup, findings, paired, wins, regrets)


def _beats(means: pd.DataFrame, row, reference: str) -> pd.Series:
    """Per world, whether ``row.policy`` does better than ``reference`` on ``row.outcome`` (world means)."""
    mine = means[means["policy"] == row.policy].set_index("world")[row.outcome]
    theirs = means[means["policy"] == reference].set_index("world")[row.outcome]
    return (mine > theirs) if outcome(row.outcome).higher_is_better else (mine < theirs)


def _scenario_map(maps, paired, means, worlds, inputs, reference, labels, palette) -> list[FigureSpec]:
    """The scenario map of the comparison the assumptions decide most clearly (else the headline one)."""
    if maps:
        _, row, found = max(maps, key=lambda item: item[0])
    else:
        headline = paired[paired["outcome"] == paired["outcome"].iloc[0]]
        row = headline.iloc[(headline["share_better"] - 0.5).abs().argmin()]
        found = scenarios.discover(
            worlds[["world", *inputs]],
            _beats(means, row, reference),
            inputs=inputs,
            seed=0,
            min_gain=-1.0,
        )
    if found.status in ("too_few", "uniform") or len(found.importances) < 2:
        return []
    x, y = found.deciding if len(found.deciding) == 2 else tuple(found.importances.index[:2])
    points = scenarios.map_points(found, W.name(row.policy), W.name(reference))
    lines = scenarios.split_lines(found, x, y) if found.status == "rules" else None
    colours = {W.name(k): v for k, v in (palette or {}).items()} or None
    title = W.scenario_map_title(row.policy, reference, row.outcome)
    caption = W.scenario_map_caption(row.policy, reference, row.outcome, lines is not None)
    return [
        FigureSpec(
            "scenario_map",
            caption,
            lambda: robustness_plots.scenario_map(points, x, y, lines, labels, title, palette=colours),
        )
    ]
