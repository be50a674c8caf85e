"""The leader's brief for an uncertainty ensemble: what we can say, what depends on which assumption, what is noise.

An ensemble (``experiment=robustness``) runs every policy in many plausible worlds, each a draw of the
assumptions the model cannot pin down. This module turns its summary into the brief's opening
sections, every number computed from the data:

- **What we can say**: which policy is best how often (win share), the differences from the
  reference policy that hold across worlds (same sign in at least four worlds in five *and* a
  Holm-adjusted paired test across worlds; ``analysis.robustness.robust_differences``), and what each
  policy gives up against the best policy of each world (regret), in the brief's order: improvement
  delivered first, then how it is spread (inequality, the units that started weakest, units with no
  success beyond the throughput null), then what the strongest units give up;
- **What depends on which assumption**: for differences that do not hold everywhere, the rules a
  shallow decision tree finds over the sampled inputs (``analysis.scenarios``);
- **What is noise**: differences that are neither robust nor explained by any sampled assumption.

Figures: win shares, regret, and a scenario map of the comparison whose winner the assumptions decide
most clearly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure

from analysis import robustness, robustness_plots, scenarios
from analysis.findings import fmt
from analysis.plots import label as _name

__all__ = ["ENSEMBLE_OUTCOMES", "EnsembleBrief", "ensemble_brief", "ensemble_frame"]

#: The outcomes of the ensemble brief, in the brief's order: column -> (label, unit, higher is better).
ENSEMBLE_OUTCOMES: dict[str, tuple[str, str, bool]] = {
    "final_improvement_delivered": ("improvement delivered", "quality points", True),
    "final_gini_capability": ("inequality of capability between units (Gini)", "Gini, 0-1", False),
    "final_capability_q1": ("capability of the units that started weakest", "capability, 0-1", True),
    "no_success_excess": ("units with no success beyond the throughput null", "share of units", False),
    "final_capability_q4": ("capability of the units that started strongest", "capability, 0-1", True),
}
INTERVAL = (
    ": a 95 % confidence interval, the range that, built this way from newly drawn worlds and seeds, would "
    "contain the average difference across worlds 95 times in 100"
)


@dataclass
class EnsembleBrief:
    """The ensemble sections of a brief, the statistics behind them, and the figures to draw."""

    can_say: list[str]
    depends: list[str]
    noise: list[str]
    reading: list[str]
    setup: list[str]
    paired: pd.DataFrame
    wins: pd.DataFrame
    regrets: pd.DataFrame
    figures: list[tuple[str, str, Figure]] = field(default_factory=list)  # (name, caption, figure)


def ensemble_frame(summary: pd.DataFrame) -> pd.DataFrame:
    """One row per run with ``world``, ``replicate``, ``policy`` and the ensemble outcomes (the excess of
    units with no success over the throughput null derived from the summary)."""
    frame = summary.copy()
    if {"final_share_no_success", "final_share_no_success_null"} <= set(frame.columns):
        frame["no_success_excess"] = frame["final_share_no_success"] - frame["final_share_no_success_null"]
    keep = ["world", "replicate", "policy", *[o for o in ENSEMBLE_OUTCOMES if o in frame.columns]]
    return frame[keep]


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.2g}"


def _signed(value: float, unit: str) -> str:
    text = f"{100 * abs(value):.0f} percentage points" if unit == "share of units" else fmt(abs(value), unit)
    return ("+" if value >= 0 else "-") + text


def _win_sentences(wins: pd.DataFrame, regrets: pd.DataFrame, outcome: str) -> list[str]:
    label, unit, _ = ENSEMBLE_OUTCOMES[outcome]
    rows = wins[wins["outcome"] == outcome].sort_values("win_share", ascending=False)
    n = int(rows["n_worlds"].max())
    shares = ", ".join(f"{_name(r.policy)} in {100 * r.win_share:.0f} %" for r in rows.itertuples() if r.win_share > 0)
    out = [f"Most {label}, by policy: {shares} of the {n} worlds sampled."]
    costs = regrets[regrets["outcome"] == outcome].sort_values("median_regret")
    parts = [
        f"{_name(r.policy)} {fmt(r.median_regret, unit)} (in the worst tenth of worlds {fmt(r.high_regret, unit)})"
        for r in costs.itertuples()
    ]
    out.append(
        f"What each policy gives up in {label} against the best policy of each world (median): "
        + "; ".join(parts)
        + f" {unit}."
    )
    return out


def _robust_sentence(row, first: bool) -> str:
    label, unit, _ = ENSEMBLE_OUTCOMES[row.outcome]
    share = row.share_better if row.direction == "better" else row.share_worse
    return (
        f"{_name(row.policy).capitalize()} does {row.direction} than {_name(row.reference)} on {label} in "
        f"{100 * share:.0f} % of the {row.n_worlds} worlds: on average {_signed(row.mean_difference, unit)} "
        f"({_signed(row.ci_low, unit)} to {_signed(row.ci_high, unit)}{INTERVAL if first else ', 95 % CI'}; "
        f"Holm-adjusted p {_p(row.p_holm)})."
    )


def _noise_sentence(outcome: str, rows: list, reference: str) -> str:
    """One sentence per outcome for the differences that are neither robust nor explained."""
    label, unit, _ = ENSEMBLE_OUTCOMES[outcome]
    parts = []
    for row in rows:
        part = (
            f"{_name(row.policy)} better in {100 * row.share_better:.0f} % of worlds, worse in "
            f"{100 * row.share_worse:.0f} % (on average {_signed(row.mean_difference, unit)}, 95 % CI "
            f"{_signed(row.ci_low, unit)} to {_signed(row.ci_high, unit)})"
        )
        if max(row.share_better, row.share_worse) >= row.min_share:
            part += (
                f", consistent but not shown after adjusting for every comparison (Holm-adjusted p {_p(row.p_holm)})"
            )
        parts.append(part)
    return (
        f"On {label}, no robust difference from {_name(reference)} and no sampled assumption that says where it "
        "goes one way or the other: " + "; ".join(parts) + "."
    )


def _labels(parameters: Mapping[str, Sequence[str]] | None) -> dict[str, tuple[str, str]]:
    return {name: (entry[0], entry[1]) for name, entry in (parameters or {}).items()}


def ensemble_brief(
    summary: pd.DataFrame,
    worlds: pd.DataFrame,
    reference: str = "silos",
    order: Sequence[str] | None = None,
    parameters: Mapping[str, Sequence[str]] | None = None,
    palette: Mapping[str, str] | None = None,
) -> EnsembleBrief:
    """The ensemble sections of the brief from a sweep's summary (with ``world``) and its worlds table.

    ``parameters``: each input's display name and unit (the sweep's vocabulary); ``order``: the policies'
    order (the model's)."""
    frame = ensemble_frame(summary)
    if order is not None:
        frame["policy"] = pd.Categorical(frame["policy"], categories=[p for p in order if p in set(frame["policy"])])
        frame = frame.sort_values(["policy", "world", "replicate"], kind="stable")
        frame["policy"] = frame["policy"].astype(str)
    outcomes = [o for o in ENSEMBLE_OUTCOMES if o in frame.columns]
    higher = {o: ENSEMBLE_OUTCOMES[o][2] for o in outcomes}
    wins = robustness.win_shares(frame, outcomes, higher)
    regrets = robustness.regret(frame, outcomes, higher)
    paired = robustness.robust_differences(robustness.paired_across_worlds(frame, outcomes, reference, higher))
    labels = _labels(parameters)
    inputs = [c for c in worlds.columns if c != "world" and worlds[c].nunique() > 1]
    n_worlds, n_tests = int(frame["world"].nunique()), len(paired)

    can_say = _win_sentences(wins, regrets, outcomes[0])
    robust = paired[paired["robust"]]
    for i, row in enumerate(robust.itertuples()):
        can_say.append(_robust_sentence(row, first=i == 0))
    if robust.empty:
        can_say.append(f"No difference from {_name(reference)} holds across at least four worlds in five.")

    depends, unexplained, maps = [], {}, []
    means = robustness.world_means(frame, outcomes)
    for row in paired[~paired["robust"]].itertuples():
        label = ENSEMBLE_OUTCOMES[row.outcome][0]
        found = scenarios.discover(worlds[["world", *inputs]], _beats(means, row, reference), inputs=inputs, seed=0)
        if found.status == "rules":
            depends += scenarios.scenario_sentences(found, row.policy, reference, label, labels)
            maps.append((found.cv_balanced_accuracy, row, found))
        else:
            unexplained.setdefault(row.outcome, []).append(row)
    noise = [_noise_sentence(outcome, rows, reference) for outcome, rows in unexplained.items()]
    if not depends:
        depends.append(
            "No rule on the sampled assumptions separates the worlds where a policy wins from those "
            "where it loses better than chance"
            + (
                f" with {n_worlds} worlds: no single assumption decides a winner at this size, and the noise between "
                "seeds within a world is as large as many of the differences; more worlds and more replications "
                "per world (robustness.worlds=..., replicates=...) may find one."
                if n_worlds < 200
                else "."
            )
        )

    reading = [
        "A finding here holds across worlds: the policy does better (or worse) than "
        f"{_name(reference)} in at least four of every five sampled worlds, and a paired test across worlds says so "
        f"after a Holm adjustment for the {n_tests} comparisons made at once (adjusted p below 0.05).",
        "Two kinds of uncertainty are kept apart. The worlds are what we do not know about the assumptions: each is "
        "a draw of every assumption-labelled parameter from its plausible range. Confidence intervals at one "
        "set of assumptions (the defaults, below) cover only the noise between seeds, not assumptions we may "
        "have got wrong.",
    ]
    setup = [
        f"Worlds: {n_worlds}, drawn over {len(inputs)} assumptions (every parameter of kind assumption or sourced, "
        "over its plausible range; aggregate/worlds.csv lists each world's values)"
        + ("; world 0 is the defaults." if (worlds["world"] == 0).any() else "."),
        f"Replications per policy and world: {int(frame.groupby(['world', 'policy']).size().min())}, on the same "
        "seeds for every policy of a world (common random numbers).",
    ]
    brief = EnsembleBrief(can_say, depends, noise, reading, setup, paired, wins, regrets)
    table_labels = {o: (ENSEMBLE_OUTCOMES[o][0], ENSEMBLE_OUTCOMES[o][1]) for o in outcomes}
    brief.figures.append(
        (
            "win_share",
            "Share of the sampled worlds in which each policy is best, for each outcome.",
            robustness_plots.win_share_chart(wins, table_labels, palette=palette),
        )
    )
    brief.figures.append(
        (
            "regret",
            "Median and 90th-percentile shortfall from the best policy of each world.",
            robustness_plots.regret_chart(regrets, table_labels, palette=palette),
        )
    )
    brief.figures += _scenario_map(maps, paired, means, worlds, inputs, reference, labels, palette)
    return brief


def _beats(means: pd.DataFrame, row, reference: str) -> pd.Series:
    """Per world, whether ``row.policy`` does better than ``reference`` on ``row.outcome`` (world means)."""
    mine = means[means["policy"] == row.policy].set_index("world")[row.outcome]
    theirs = means[means["policy"] == reference].set_index("world")[row.outcome]
    return (mine > theirs) if ENSEMBLE_OUTCOMES[row.outcome][2] else (mine < theirs)


def _scenario_map(maps, paired, means, worlds, inputs, reference, labels, palette) -> list[tuple[str, str, Figure]]:
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
    label = ENSEMBLE_OUTCOMES[row.outcome][0]
    points = scenarios.map_points(found, _name(row.policy), _name(reference))
    lines = scenarios.split_lines(found, x, y) if found.status == "rules" else None
    colours = {_name(k): v for k, v in (palette or {}).items()} or None
    title = f"Where {_name(row.policy)} beats {_name(reference)} on {label}"
    caption = (
        f"One point per world at its values of the two assumptions that matter most, coloured by which of "
        f"{_name(row.policy)} and {_name(reference)} delivers more {label}"
        + (
            ": lines are the decision tree's thresholds."
            if lines is not None
            else "; no rule separates them better than chance, so no thresholds are drawn."
        )
    )
    return [
        ("scenario_map", caption, robustness_plots.scenario_map(points, x, y, lines, labels, title, palette=colours))
    ]
