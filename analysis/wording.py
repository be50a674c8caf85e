"""Every sentence a brief, the explorer or the command line says, and every number format they use.

Each sentence is built from the statistics it reports: it names the comparison, gives the estimate
with its 95 % confidence interval and the number of paired replications, and says plainly when a
difference is not distinguishable from noise (its interval contains zero). Nothing is written in
advance: change the data and the sentences change. Labels and units come from the outcome registry
(``analysis.outcomes``); sections (``analysis.sections``, ``analysis.ensemble_sections``) decide
which sentences a brief holds, this module how each reads.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from analysis.outcomes import ORDER, OUTCOMES, outcome

if TYPE_CHECKING:  # the command line words a run's headline without loading pandas
    import pandas as pd

__all__ = [
    "INTERVALS",
    "amount",
    "difference_sentence",
    "dose_findings",
    "level",
    "name",
    "no_success_sentences",
    "number",
    "percent",
    "policy_findings",
    "ranking_findings",
    "rule_text",
    "scenario_sentences",
    "sensitivity_findings",
    "sentence_case",
    "setting",
    "signed",
    "within_findings",
]

# --- numbers ----------------------------------------------------------------------------------------


def amount(value: float, column: str) -> str:
    """A value of a registered outcome as a leader reads it: whole projects, percentages for shares, two
    decimals otherwise (three below 0.1); 'n/a' when missing."""
    if _missing(value):
        return "n/a"
    entry = outcome(column)
    if entry.unit == "projects":  # whole projects; a mean of a few runs below ten keeps one decimal
        return f"{value:,.0f}" if abs(value) >= 10 or float(value).is_integer() else f"{value:.1f}"
    if entry.percent:
        return percent(value)
    return f"{value:.2f}" if abs(value) >= 0.1 else f"{value:.3f}"


def percent(share: float) -> str:
    return f"{100 * share:.0f} %"


def signed(value: float, column: str, with_unit: bool = False) -> str:
    """A difference of a registered outcome with its sign; shares in percentage points. ``with_unit``:
    the unit after it where it is not a plain number (percentage points, projects)."""
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    entry = outcome(column)
    text = f"{100 * abs(value):.0f}" if entry.percent else amount(abs(value), column)
    unit = " percentage points" if entry.percent else " projects" if entry.unit == "projects" else ""
    return ("+" if value >= 0 else "-") + text + (unit if with_unit else "")


def number(value: float) -> str:
    """Two significant figures, no trailing zeros: 0.2987 -> '0.3', 12.46 -> '12', 1234 -> '1200'."""
    if not np.isfinite(value) or value == 0:
        return f"{value:g}"
    return f"{float(f'{value:.2g}'):g}"


def setting(value, unit: str) -> str:
    """A model setting's value with its unit, as a leader reads it: on or off, words, a percentage for a
    share or a yearly rate, two decimals with the unit otherwise."""
    if isinstance(value, bool | np.bool_):
        return "on" if value else "off"
    if isinstance(value, str):
        return name(value)
    if unit == "share":
        return f"{100 * value:.0f} %"
    if unit == "per year":
        return f"{100 * value:.0f} % per year"
    return f"{value:.2f} {unit}" if "/" in unit else f"{value:.2f} ({unit})"


def p_value(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.2g}"


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def name(level) -> str:
    """A policy's or a setting's name as a sentence writes it: 'cross unit learning'."""
    return str(level).replace("_", " ")


def level(value) -> str:
    """A setting's value as a sentence shows it: yes or no for a flag, words for a name."""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    return name(value)


# --- comparisons at one set of assumptions --------------------------------------------------------------

#: The first sentence of a brief's comparisons: what an interval means, and that they are not adjusted.
INTERVALS = (
    "Each interval below is a 95 % confidence interval over the paired replications: if the experiment were "
    "repeated with new seeds, intervals built this way would contain the true difference 95 times in 100. "
    "It covers only the noise between seeds, not assumptions we may have got wrong. The {n} comparisons are "
    "not adjusted for being made at once: expect about one in twenty to look different by chance alone."
)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def replications(n: int, paired: bool = False) -> str:
    kind = "paired replication" if paired else "replication"
    return f"{n} {kind}" if n == 1 else f"{n} {kind}s"


def interval(low: float, high: float, column: str, difference: bool = False) -> str:
    """'95 % CI a to b', or what a single replication allows: no interval."""
    if _missing(low) or _missing(high):
        return "one replication, so no interval"
    words = signed if difference else amount
    return f"95 % CI {words(low, column)} to {words(high, column)}"


def _difference(row: pd.Series, pairs: bool = False) -> str:
    """'+d <unit> (95 % CI a to b[, n paired replications])'."""
    column = row["outcome"]
    return (
        f"{signed(row['mean_difference'], column, with_unit=True)} ("
        + interval(row["ci_low"], row["ci_high"], column, difference=True)
        + (f", {replications(int(row['n_pairs']), paired=True)})" if pairs else ")")
    )


def difference_sentence(row: pd.Series, factor: str, named: bool = False) -> str:
    """'<Outcome>, <level> against <reference>: <+d> (95 % CI a to b, n pairs); <verdict>.' ``named``: the
    levels are values of a setting (a budget, a turnover rate), so the first says which ('attention
    budget 0.3 against 0.05'); a policy or a scenario names itself."""
    entry = outcome(row["outcome"])
    mine, reference = level(row[factor]), level(row["reference"])
    if named:
        mine = f"{name(factor)} {mine}"
    if not row["distinguishable"]:
        verdict = f"not distinguishable from noise: {mine} and {reference} may not differ"
    else:
        better = (row["mean_difference"] > 0) == entry.higher_is_better
        verdict = f"{'better' if better else 'worse'} under {mine}, beyond the noise between replications"
    return f"{sentence_case(entry.label)}, {mine} against {reference}: {_difference(row, pairs=True)}; {verdict}."


def _held(row: pd.Series, within: Sequence[str]) -> str:
    return ", ".join(f"{name(setting)} {level(row[setting])}" for setting in within)


def within_findings(paired: pd.DataFrame, factor: str, within: Sequence[str], outcomes: Sequence[str]) -> list[str]:
    """A sweep of two or more settings: each level of ``factor`` against its reference, paired on the seeds
    within each combination of the ``within`` settings (``paired``, from ``stats.paired_differences``), one
    sentence per level and outcome. Up to three combinations are listed with their intervals; more are
    counted (better, worse, not distinguishable) with the largest difference named."""
    sentences = []
    for column in outcomes:
        entry = outcome(column)
        for value, rows in paired[paired["outcome"] == column].groupby(factor, sort=False):
            head = (
                f"{sentence_case(entry.label)}, {name(factor)} {level(value)} against "
                f"{level(rows['reference'].iloc[0])}, pair by pair on the same seeds at each value of "
                f"{' and '.join(name(w) for w in within)}"
            )
            better = rows["distinguishable"] & ((rows["mean_difference"] > 0) == entry.higher_is_better)
            worse = rows["distinguishable"] & ~better
            if len(rows) <= 3:
                parts = []
                for i, row in rows.iterrows():
                    verdict = (
                        "better, beyond the noise"
                        if better[i]
                        else "worse, beyond the noise"
                        if worse[i]
                        else "not distinguishable from noise"
                    )
                    parts.append(f"with {_held(row, within)}, {_difference(row)}: {verdict}")
                sentences.append(f"{head}: " + "; ".join(parts) + ".")
                continue
            largest = rows.loc[rows["mean_difference"].abs().idxmax()]
            sentences.append(
                f"{head}: better beyond the noise in {int(better.sum())} of {len(rows)} combinations, worse in "
                f"{int(worse.sum())}, not distinguishable from noise in the rest; the largest difference is "
                f"{_difference(largest)}, with {_held(largest, within)}."
            )
    return sentences


def _best_sentence(described: pd.DataFrame, column: str, factor: str, paired: pd.DataFrame) -> str | None:
    rows = described[described["outcome"] == column]
    if rows.empty or rows[factor].nunique() < 2:
        return None
    entry = outcome(column)
    best = rows.sort_values("mean", ascending=not entry.higher_is_better).iloc[0]
    text = (
        f"{'Most' if entry.higher_is_better else 'Least'} {entry.label}: {name(best[factor])} "
        f"({amount(best['mean'], column)}, {interval(best['ci_low'], best['ci_high'], column)}, "
        f"{replications(int(best['n']))})."
    )
    row = paired[(paired[factor] == best[factor]) & (paired["outcome"] == column)] if not paired.empty else paired
    if not row.empty:
        text += " " + difference_sentence(row.iloc[0], factor)
    return text


def no_success_sentences(described: pd.DataFrame, factor: str) -> list[str]:
    """Units with no success against the throughput null, for each condition: concentration, not just
    low throughput, when the share exceeds what the same number of successes at random would leave."""
    column = "final_share_no_success"
    shares = described[described["outcome"] == column]
    nulls = described[described["outcome"] == "final_share_no_success_null"]
    sentences = []
    for _, row in shares.iterrows():
        null = nulls[nulls[factor] == row[factor]]
        if null.empty:
            continue
        expected = null.iloc[0]["mean"]
        excess = row["mean"] - expected
        verdict = (
            "successes were concentrated in fewer units than chance would leave"
            if row["ci_low"] > expected
            else "no more than the same number of successes falling at random would leave"
        )
        sentences.append(
            f"Under {name(row[factor])}, {amount(row['mean'], column)} of units had no successful project "
            f"({interval(row['ci_low'], row['ci_high'], column)}); had the same number "
            f"of successes fallen on units at random, {amount(expected, column)} would have had none (the "
            f"throughput null): {verdict} ({signed(excess, column, with_unit=True)})."
        )
    return sentences


def policy_findings(described: pd.DataFrame, paired: pd.DataFrame, factor: str, reference) -> list[str]:
    """Findings of a comparison against a reference, in the brief's order (``analysis.outcomes.ORDER``):
    improvement delivered, then how it is spread (inequality, the weakest units, units with no success
    against the throughput null), then what it costs the strongest units."""
    sentences = []
    for column in ORDER:
        if column == "final_share_no_success":
            sentences += no_success_sentences(described, factor)
            continue
        text = _best_sentence(described, column, factor, paired)
        if text:
            sentences.append(text)
    if not paired.empty and not paired["distinguishable"].any():
        sentences.append("No difference between the conditions compared is distinguishable from noise.")
    return sentences


def ranking_findings(described: pd.DataFrame, label_column: str, outcomes: Sequence[str]) -> list[str]:
    """For sweeps without a reference: the best and worst condition on each of ``outcomes``."""
    sentences = []
    for column in outcomes:
        entry = outcome(column)
        rows = described[described["outcome"] == column].sort_values("mean", ascending=not entry.higher_is_better)
        if len(rows) < 2:
            continue
        best, worst = rows.iloc[0], rows.iloc[-1]
        overlap = best["ci_low"] <= worst["ci_high"] and worst["ci_low"] <= best["ci_high"]
        sentences.append(
            f"{sentence_case(entry.label)}: best with {best[label_column]} ({amount(best['mean'], column)}, "
            f"{interval(best['ci_low'], best['ci_high'], column)}), worst with "
            f"{worst[label_column]} ({amount(worst['mean'], column)})"
            + ("; the two intervals overlap, so even these may not differ." if overlap else ".")
        )
    return sentences


def dose_findings(described: pd.DataFrame, paired: pd.DataFrame, dose: str, outcomes: Sequence[str]) -> list[str]:
    """How each of ``outcomes`` moves from the lowest to the highest dose, with the paired difference."""
    sentences = []
    low, high = described[dose].min(), described[dose].max()
    for column in outcomes:
        rows = described[described["outcome"] == column]
        if rows.empty:
            continue
        at_low = rows[rows[dose] == low].iloc[0]
        at_high = rows[rows[dose] == high].iloc[0]
        text = (
            f"Raising {name(dose)} from {low:g} to {high:g} moves {outcome(column).label} from "
            f"{amount(at_low['mean'], column)} to {amount(at_high['mean'], column)}."
        )
        row = paired[(paired[dose] == high) & (paired["outcome"] == column)]
        if not row.empty and not row.iloc[0]["distinguishable"]:
            text += " The change is not distinguishable from noise."
        sentences.append(text)
    return sentences


def sensitivity_findings(indices: pd.DataFrame, top: int = 3) -> list[str]:
    """For each output, the parameters with the largest mu* (overall influence)."""
    sentences = []
    for column, rows in indices.groupby("output", sort=False):
        ranked = rows.sort_values("mu_star", ascending=False).head(top)
        parts = [f"{name(r.parameter)} (mu* {r.mu_star:.3g} ± {r.mu_star_conf:.2g})" for r in ranked.itertuples()]
        label = OUTCOMES[column].label if column in OUTCOMES else name(column)
        sentences.append(f"{sentence_case(label)} depends most on " + ", then ".join(parts) + ".")
    return sentences


# --- scenario discovery ----------------------------------------------------------------------------


def _input_name(column: str, labels: Mapping[str, Sequence[str]] | None) -> tuple[str, str]:
    entry = (labels or {}).get(column)
    if not entry:
        return name(column), ""
    return str(entry[0]), str(entry[1]) if len(entry) > 1 else ""


#: Units a threshold is better read without ('below 1.4', not 'below 1.4 exponent').
PLAIN_NUMBERS = frozenset({"exponent", "ratio", "probability", "share", "flag", "rule", "name", "0-1"})


def rule_text(conditions: Sequence[tuple[str, str, float]], labels: Mapping[str, Sequence[str]] | None = None) -> str:
    """'the attention budget is below 0.2 support units per unit and ...': repeated conditions on one
    input merged into the tightest bound, or a range."""
    bounds: dict[str, list[float]] = {}
    for column, op, value in conditions:
        low, high = bounds.setdefault(column, [-np.inf, np.inf])
        bounds[column] = [low, min(high, value)] if op == "<=" else [max(low, value), high]
    parts = []
    for column, (low, high) in bounds.items():
        text, unit = _input_name(column, labels)
        unit = f" {unit}" if unit and unit not in PLAIN_NUMBERS else ""
        if np.isfinite(low) and np.isfinite(high):
            parts.append(f"{text} is between {number(low)} and {number(high)}{unit}")
        elif np.isfinite(high):
            parts.append(f"{text} is below {number(high)}{unit}")
        else:
            parts.append(f"{text} is above {number(low)}{unit}")
    return " and ".join(parts) if parts else "in every world"


def scenario_sentences(
    discovery,
    winner: str,
    loser: str,
    outcome_label: str,
    labels: Mapping[str, Sequence[str]] | None = None,
    most: int = 2,
) -> list[str]:
    """How often X beats Y on an outcome across worlds, then where it does not (or, if it wins in fewer
    than half the worlds, where it does), up to ``most`` rules of an ``analysis.scenarios.Discovery``,
    largest first."""
    x, y = name(winner), name(loser)
    head = f"{x} beats {y} on {outcome_label}"
    n = discovery.n_worlds
    if n == 0:
        return [f"No sampled world has a result, so nothing can be said of whether {head}."]
    if discovery.status == "too_few":
        return [
            f"{sentence_case(head)} in {percent(discovery.share)} of {n} worlds; too few worlds to say "
            f"which assumptions decide it (scenario discovery needs at least {discovery.min_worlds})."
        ]
    if discovery.status == "uniform":
        every = "every one" if discovery.share == 1 else "none"
        return [
            f"{sentence_case(head)} in {every} of the {n} worlds sampled: "
            "no assumption in the ranges tried changes that."
        ]
    majority_wins = discovery.share >= 0.5
    first = f"{sentence_case(head)} in {percent(discovery.share)} of {n} worlds"
    if discovery.status == "no_signal" and not np.isfinite(discovery.cv_balanced_accuracy):
        rare = min(discovery.share, 1 - discovery.share) * n
        return [f"{first}; the other result comes up in too few worlds ({rare:.0f}) to tell where."]
    if discovery.status == "no_signal":
        return [
            f"{first}; no simple rule on the sampled assumptions says where: a depth-{discovery.tree.max_depth} "
            f"tree tells held-out wins from losses no better than chance (it recognises "
            f"{percent(discovery.cv_balanced_accuracy)} of each on average, where guessing gets 50 %)."
        ]
    exceptions = discovery.rules[discovery.rules["predicts_win"] != majority_wins]
    exceptions = exceptions.sort_values("captured", ascending=False).head(most)
    verb, noun = ("wins", "wins") if not majority_wins else ("loses", "losses")
    if exceptions.empty:
        return [f"{first}; the tree finds no region where it {verb} more often than overall."]
    sentences = []
    for i, rule in enumerate(exceptions.itertuples()):
        rate = rule.density if rule.predicts_win else 1 - rule.density
        where = "mainly" if rule.captured >= 0.5 else "most often"
        box = (
            f"{rule_text(rule.conditions, labels)} (rule covers {percent(rule.coverage)} of worlds; {x} {verb} in "
            f"{percent(rate)} of them, which hold {percent(rule.captured)} of all its {noun})"
        )
        sentences.append(f"{first}; it {verb} {where} where {box}." if i == 0 else f"It also {verb} where {box}.")
    return sentences


# --- robustness across plausible worlds ------------------------------------------------------------

#: What an interval across worlds means, said with the first one.
WORLD_INTERVAL = (
    ": a 95 % confidence interval, the range that, built this way from newly drawn worlds and seeds, would "
    "contain the average difference across worlds 95 times in 100"
)


def win_sentences(wins: pd.DataFrame, regrets: pd.DataFrame, column: str) -> list[str]:
    """Which policy is best in how many worlds on ``column``, and what each gives up against the best of
    each world (median regret, and in the worst tenth of worlds)."""
    entry = outcome(column)
    rows = wins[wins["outcome"] == column].sort_values("win_share", ascending=False)
    n = int(rows["n_worlds"].max())
    shares = ", ".join(f"{name(r.policy)} in {percent(r.win_share)}" for r in rows.itertuples() if r.win_share > 0)
    out = [f"Most {entry.short}, by policy: {shares} of the {n} worlds sampled."]
    costs = regrets[regrets["outcome"] == column].sort_values("median_regret")
    parts = [
        f"{name(r.policy)} {amount(r.median_regret, column)} (in the worst tenth of worlds "
        f"{amount(r.high_regret, column)})"
        for r in costs.itertuples()
    ]
    out.append(
        f"What each policy gives up in {entry.short} against the best policy of each world (median): "
        + "; ".join(parts)
        + f" {entry.unit}."
    )
    return out


def robust_sentence(row, first: bool) -> str:
    """A difference from the reference that holds across worlds (``analysis.robustness.robust_differences``)."""
    column = row.outcome
    share = row.share_better if row.direction == "better" else row.share_worse
    return (
        f"{sentence_case(name(row.policy))} does {row.direction} than {name(row.reference)} on "
        f"{outcome(column).short} in {percent(share)} of the {row.n_worlds} worlds: on average "
        f"{signed(row.mean_difference, column, with_unit=True)} ({signed(row.ci_low, column, with_unit=True)} to "
        f"{signed(row.ci_high, column, with_unit=True)}{WORLD_INTERVAL if first else ', 95 % CI'}; "
        f"Holm-adjusted p {p_value(row.p_holm)})."
    )


def no_robust_difference(reference: str) -> str:
    return f"No difference from {name(reference)} holds across at least four worlds in five."


def noise_sentence(column: str, rows: list, reference: str) -> str:
    """One sentence per outcome for the differences that are neither robust nor explained by an assumption."""
    parts = []
    for row in rows:
        part = (
            f"{name(row.policy)} better in {percent(row.share_better)} of worlds, worse in "
            f"{percent(row.share_worse)} (on average {signed(row.mean_difference, column, with_unit=True)}, 95 % CI "
            f"{signed(row.ci_low, column, with_unit=True)} to {signed(row.ci_high, column, with_unit=True)})"
        )
        if max(row.share_better, row.share_worse) >= row.min_share:
            part += (
                ", consistent but not shown after adjusting for every comparison "
                f"(Holm-adjusted p {p_value(row.p_holm)})"
            )
        parts.append(part)
    return (
        f"On {outcome(column).short}, no robust difference from {name(reference)} and no sampled assumption "
        "that says where it goes one way or the other: " + "; ".join(parts) + "."
    )


NO_NOISE = "Every difference is either robust or explained by an assumption."


def no_rule(n_worlds: int) -> str:
    """What the brief says when no comparison's winner is decided by a sampled assumption."""
    return (
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


def ensemble_reading(reference: str, n_tests: int) -> list[str]:
    """How to read the ensemble's findings: what 'holds across worlds' means; the two kinds of uncertainty."""
    return [
        "A finding here holds across worlds: the policy does better (or worse) than "
        f"{name(reference)} in at least four of every five sampled worlds, and a paired test across worlds says so "
        f"after a Holm adjustment for the {n_tests} comparisons made at once (adjusted p below 0.05).",
        "Two kinds of uncertainty are kept apart. The worlds are what we do not know about the assumptions: each is "
        "a draw of every assumption-labelled parameter from its plausible range. Confidence intervals at one "
        "set of assumptions (the defaults, below) cover only the noise between seeds, not assumptions we may "
        "have got wrong.",
    ]


def ensemble_setup(n_worlds: int, n_inputs: int, central: bool, replications: int) -> list[str]:
    return [
        f"Worlds: {n_worlds}, drawn over {n_inputs} assumptions (every parameter of kind assumption or sourced, "
        "over its plausible range; aggregate/worlds.csv lists each world's values)"
        + ("; world 0 is the defaults." if central else "."),
        f"Replications per policy and world: {replications}, on the same "
        "seeds for every policy of a world (common random numbers).",
    ]


def box_conditions(bounds: Mapping[str, tuple[float, float]]) -> list[tuple[str, str, float]]:
    """A box's bounds as the conditions ``rule_text`` words: (input, '<=' or '>', value)."""
    conditions = []
    for column, (low, high) in bounds.items():
        if np.isfinite(low):
            conditions.append((column, ">", low))
        if np.isfinite(high):
            conditions.append((column, "<=", high))
    return conditions


def depends_sentences(row, ranking, region: Mapping | None, labels: Mapping[str, Sequence[str]] | None) -> list[str]:
    """A comparison across worlds that depends on sampled assumptions: how often the policy does better,
    the inputs the screening finds (with their rank correlations with the difference), and the region
    discovery found where it does worst (or best, if it mostly does worse): ``region`` has ``bounds``,
    ``coverage``, the mean difference ``inside`` and ``outside`` it, and ``reappear`` (the least share of
    bootstrap refits bounding one of its inputs)."""
    column = row.outcome
    head = (
        f"{sentence_case(name(row.policy))} does better than {name(row.reference)} on {outcome(column).short} in "
        f"{percent(row.share_better)} of the {row.n_worlds} worlds (worse in {percent(row.share_worse)})"
    )
    found = ranking[ranking["matters"]].head(3)
    parts = [
        f"{_input_name(r.input, labels)[0]} (rank correlation with the difference {r.rho:+.2f})"
        for r in found.itertuples()
    ]
    sentences = [f"{head}; what that depends on most: " + ", then ".join(parts) + "."]
    if region is not None:
        where = "worst" if row.share_better >= 0.5 else "best"
        sentences.append(
            f"It does {where} where {rule_text(box_conditions(region['bounds']), labels)} (a region holding "
            f"{percent(region['coverage'])} of the worlds): there the difference averages "
            f"{signed(region['inside'], column, with_unit=True)}, elsewhere "
            f"{signed(region['outside'], column, with_unit=True)}; these bounds reappear in "
            f"{percent(region['reappear'])} or more of refits on resampled worlds."
        )
    return sentences


def differs_on_average_sentence(row) -> str:
    """A difference significant across worlds that is neither robust nor explained by a sampled assumption."""
    column = row.outcome
    return (
        f"On {outcome(column).short}, {name(row.policy)} differs from {name(row.reference)} on average "
        f"({signed(row.mean_difference, column, with_unit=True)}, 95 % CI {signed(row.ci_low, column, with_unit=True)}"
        f" to {signed(row.ci_high, column, with_unit=True)}; Holm-adjusted p {p_value(row.p_holm)}), but not in four "
        f"worlds in five (better in {percent(row.share_better)}, worse in {percent(row.share_worse)}), and no "
        "sampled assumption passes the screening for where: a difference on average whose direction depends on "
        "many small influences and on the noise between seeds, not noise itself."
    )


def no_assumption_decides(n_worlds: int, n_inputs: int) -> str:
    """What the brief says when the screening finds no assumption for any comparison."""
    return (
        f"No sampled assumption passes the screening for any comparison (a rank correlation and extra-trees "
        f"importance against every one of the {n_inputs} assumptions, corrected for testing them all, over "
        f"{n_worlds} worlds): what the differences depend on is spread over many small influences, or lost in "
        "the noise between seeds within a world; more worlds (robustness.worlds=...) give the screening more power."
    )


def too_few_worlds(n_worlds: int, needed: int) -> str:
    return (
        f"With {n_worlds} worlds no assumption is screened (the screening needs at least {needed}): "
        "robustness.worlds=... sets how many are sampled."
    )


def importance_title(policy: str, reference: str, column: str, any_passes: bool) -> str:
    head = f"What {name(policy)} against {name(reference)} on {outcome(column).short} depends on"
    return head if any_passes else f"{head}: no assumption beyond chance"


def scenario_map_title(policy: str, reference: str, column: str) -> str:
    return f"Where {name(policy)} beats {name(reference)} on {outcome(column).short}"


def scenario_map_caption(policy: str, reference: str, column: str) -> str:
    return (
        f"One point per world at its values of the two assumptions that matter most, coloured by which of "
        f"{name(policy)} and {name(reference)} does better on {outcome(column).short}; lines are the edges of the "
        "region discovery found (dashed where it is bounded by an assumption not on the map too)."
    )


def importance_caption() -> str:
    return (
        "The assumptions ranked by extra-trees importance for the comparison: filled bars pass the screening "
        "(beyond chance, corrected for testing every assumption), hollow bars do not; rho is the rank "
        "correlation with the difference."
    )


# --- the rest of a brief -----------------------------------------------------------------------------


def default_question(name_of_experiment: str) -> str:
    return f"What do the conditions of '{name_of_experiment}' change?"


def teaching_lines(teaching: Mapping) -> list[str]:
    """What a teaching preset tells the room."""
    return [
        f"{teaching.get('title', '')}: {teaching.get('pattern', '')}",
        f"What changes: {teaching.get('change')}",
        f"What to look for: {teaching.get('look_for')}",
        *[f"Discussion: {prompt}" for prompt in teaching.get("prompts", [])],
    ]


def organisation_line(units, staff_per_unit: float, org: str, months) -> str:
    return f"Organisation: {units} units of about {staff_per_unit:g} staff (org={org}), {months} months."


def conditions_line(conditions: int, fewest: int, most: int) -> str:
    return (
        f"Conditions: {conditions}; replications per condition: {fewest}"
        + (f" to {most}" if most != fewest else "")
        + "."
    )


def seeds_line(n_seeds: int, master_seed) -> str:
    seeds = "1 replicate seed" if n_seeds == 1 else f"{n_seeds} replicate seeds"
    return (
        f"Seeds: {seeds} spawned from master seed {master_seed}, the same for every condition (common random numbers)."
    )


def jobs_line(planned: int, completed: int, runs: int) -> str:
    return f"Jobs: {planned} planned, {completed} with results ({runs} {'run' if runs == 1 else 'runs'})."


def missing_lines(missing: pd.DataFrame, planned: int, most: int = 20) -> list[str]:
    lines = [f"{len(missing)} of {planned} jobs have no result; the statistics use the others."]
    for row in missing.head(most).itertuples():
        lines.append(f"{row.folder}: {row.status}" + (f" ({row.error})" if row.error else ""))
    if len(missing) > most:
        lines.append(f"... and {len(missing) - most} more (see manifest.csv).")
    return lines


NOTHING_TO_REPORT = "No job of this experiment has a result yet, so there is nothing to report."


def interval_cell(mean: float, low: float, high: float, column: str) -> str:
    """A table cell: 'mean [low, high]' (the mean alone from a single replication)."""
    if _missing(low) or _missing(high):
        return amount(mean, column)
    return f"{amount(mean, column)} [{amount(low, column)}, {amount(high, column)}]"


def headline(values: Mapping[str, float]) -> str:
    """A single run's last month as the command line prints it: 'improvement delivered 1.23, ...'."""
    return ", ".join(f"{outcome(column).short} {amount(value, column)}" for column, value in values.items())
