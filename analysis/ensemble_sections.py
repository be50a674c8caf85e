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
- **What depends on which assumption**: for differences that do not hold everywhere, the assumptions
  the screening finds against the per-world paired difference, and the region PRIM finds over them
  (``analysis.screening``); a difference significant on average whose direction no assumption
  explains is said to differ on average, not called noise;
- **What is noise**: differences neither robust, nor significant on average, nor explained by any
  sampled assumption.

Figures: win shares, regret, and for the comparison the screening finds most clearly decided a
scenario map with the region drawn and its ranked assumptions; where none passes, the ranked
assumptions alone. Like every section, these write nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import robustness, robustness_plots, screening
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

    depends, noise, maps, rankings = [], [], [], []
    means = robustness.world_means(frame, outcomes)
    data = worlds.set_index("world")[inputs] if "world" in worlds else worlds[inputs]
    for row in paired[~paired["robust"]].itertuples():
        difference = _difference(means, row, reference)
        ranking = screening.rank_inputs(worlds, difference, inputs, seed=0)
        ranking.insert(0, "policy", row.policy)
        ranking.insert(1, "outcome", row.outcome)
        if not ranking.empty:
            rankings.append(ranking)
        top = screening.screened(ranking)
        if top:
            region, box = _region(data, difference, row, top)
            depends += W.depends_sentences(row, ranking, region, labels)
            maps.append((float(ranking["importance"].max()), row, ranking, box, difference))
        elif row.p_holm < robustness.ALPHA:
            depends.append(W.differs_on_average_sentence(row))
        else:
            noise.append(row)
    noise_sentences = [
        W.noise_sentence(column, [r for r in noise if r.outcome == column], reference)
        for column in dict.fromkeys(r.outcome for r in noise)
    ]
    if n_worlds < screening.MIN_WORLDS:
        depends.insert(0, W.too_few_worlds(n_worlds, screening.MIN_WORLDS))
    elif not maps:
        depends.insert(0, W.no_assumption_decides(n_worlds, len(inputs)))
    findings = [*can_say, *depends, *noise_sentences]
    screen = pd.concat(rankings, ignore_index=True) if rankings else pd.DataFrame()

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
        *_discovery_figures(maps, rankings, means, worlds, reference, labels, palette),
    ]
    sections = [
        Section("What we can say: findings that hold across plausible worlds", can_say, figures),
        Section("What depends on which assumption", depends),
        Section("What is noise", noise_sentences or [W.NO_NOISE]),
        Section("How to read these findings", W.ensemble_reading(reference, n_tests)),
    ]
    sections[0].data["across_worlds.csv"] = paired
    if not screen.empty:
        sections[1].data["screening.csv"] = screen
    replications = int(frame.groupby(["world", "policy"]).size().min())
    setup = W.ensemble_setup(n_worlds, len(inputs), bool((worlds["world"] == 0).any()), replications)
    return EnsembleSections(sections, setup, findings, paired, wins, regrets)


def _difference(means: pd.DataFrame, row, reference: str) -> pd.Series:
    """Per world, ``row.policy`` minus ``reference`` on ``row.outcome`` (world means), indexed by world."""
    mine = means[means["policy"] == row.policy].set_index("world")[row.outcome]
    theirs = means[means["policy"] == reference].set_index("world")[row.outcome]
    return (mine - theirs).dropna()


def _region(data: pd.DataFrame, difference: pd.Series, row, top: list[str]):
    """PRIM's region over the screened inputs where the policy does worst (or best, when it mostly does
    worse), the bounds that reappear in most bootstrap refits, and what the difference averages inside and
    outside it; (None, box) when no bound reappears in most refits."""
    aligned = data.loc[difference.index, top].reset_index(drop=True)
    signed = difference.to_numpy(dtype=float) * (1.0 if outcome(row.outcome).higher_is_better else -1.0)
    target = -signed if row.share_better >= 0.5 else signed
    box = screening.prim(aligned, target, top)
    frequencies = screening.bootstrap_prim(aligned, target, top, seed=0)
    kept = {k: v for k, v in box.bounds.items() if k in box.restricted and frequencies[k] >= 0.5}
    if not kept or (~box.inside).sum() == 0:
        return None, box
    values = difference.to_numpy(dtype=float)
    inside = screening.prim_inside(aligned, kept)
    if inside.all() or not inside.any():
        return None, box
    region = {
        "bounds": kept,
        "coverage": float(inside.mean()),
        "inside": float(values[inside].mean()),
        "outside": float(values[~inside].mean()),
        "reappear": min(frequencies[k] for k in kept),
    }
    box.bounds = {k: kept.get(k, (-np.inf, np.inf)) for k in box.bounds}
    return region, box


def _discovery_figures(maps, rankings, means, worlds, reference, labels, palette) -> list[FigureSpec]:
    """A scenario map of the comparison the screening finds most clearly decided, with the region
    discovery found; where no comparison passes the screening, the ranked inputs of the headline one
    instead (a map would draw a split that is not there)."""
    if not rankings:
        return []
    if not maps:
        ranking = rankings[0]
        policy, column = ranking["policy"].iloc[0], ranking["outcome"].iloc[0]
        title = W.importance_title(policy, reference, column, any_passes=False)
        return [
            FigureSpec(
                "importance", W.importance_caption(), lambda: robustness_plots.importance_chart(ranking, labels, title)
            )
        ]
    _, row, ranking, box, difference = max(maps, key=lambda item: item[0])
    x, y = (list(box.restricted) + [i for i in ranking["input"] if i not in box.restricted])[:2]
    better = difference * (1.0 if outcome(row.outcome).higher_is_better else -1.0) > 0
    table = worlds.set_index("world").loc[difference.index, [x, y]].reset_index()
    table["winner"] = np.where(better.to_numpy(), W.name(row.policy), W.name(reference))
    lines = screening.box_lines(box, x, y)
    colours = {W.name(k): v for k, v in (palette or {}).items()} or None
    title = W.scenario_map_title(row.policy, reference, row.outcome)
    caption = W.scenario_map_caption(row.policy, reference, row.outcome)
    title_rank = W.importance_title(row.policy, reference, row.outcome, any_passes=True)
    return [
        FigureSpec(
            "scenario_map",
            caption,
            lambda: robustness_plots.scenario_map(table, x, y, lines, labels, title, palette=colours),
        ),
        FigureSpec(
            "importance", W.importance_caption(), lambda: robustness_plots.importance_chart(ranking, labels, title_rank)
        ),
    ]
