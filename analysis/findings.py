"""Key findings as plain-language sentences, each computed from the statistics it reports.

Every sentence names the comparison, gives the estimate with its 95 % confidence interval and the
number of paired replications, and says plainly when a difference is not distinguishable from noise
(its interval contains zero). Nothing here is written in advance: change the data and the sentences
change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stats import OUTCOMES

__all__ = [
    "INTERVALS",
    "difference_sentence",
    "dose_findings",
    "fmt",
    "no_success_sentences",
    "policy_findings",
    "ranking_findings",
    "sensitivity_findings",
    "within_findings",
]


#: The first sentence of a brief's comparisons: what an interval means, and that they are not adjusted.
INTERVALS = (
    "Each interval below is a 95 % confidence interval over the paired replications: if the experiment were "
    "repeated with new seeds, intervals built this way would contain the true difference 95 times in 100. "
    "It covers only the noise between seeds, not assumptions we may have got wrong. The {n} comparisons are "
    "not adjusted for being made at once: expect about one in twenty to look different by chance alone."
)


def fmt(value: float, unit: str) -> str:
    """A number as a leader reads it: whole projects, percentages for shares, two decimals otherwise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if unit == "projects":
        return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.1f}"
    if unit == "share of units":
        return f"{100 * value:.0f} %"
    return f"{value:.2f}" if abs(value) >= 0.1 else f"{value:.3f}"


def _signed(value: float, unit: str) -> str:
    """A difference with its sign; shares in percentage points, without the unit (added once)."""
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    text = f"{100 * abs(value):.0f}" if unit == "share of units" else fmt(abs(value), unit)
    return ("+" if value >= 0 else "-") + text


def _difference_unit(unit: str) -> str:
    return {"share of units": " percentage points", "projects": " projects"}.get(unit, "")


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _difference(row: pd.Series, unit: str, pairs: bool = False) -> str:
    """'+d <unit> (95 % CI a to b[, n paired replications])'."""
    return (
        f"{_signed(row['mean_difference'], unit)}{_difference_unit(unit)} (95 % CI "
        f"{_signed(row['ci_low'], unit)} to {_signed(row['ci_high'], unit)}"
        + (f", {int(row['n_pairs'])} paired replications)" if pairs else ")")
    )


def difference_sentence(row: pd.Series, factor: str, named: bool = False) -> str:
    """'<Outcome>, <level> against <reference>: <+d> (95 % CI a to b, n pairs); <verdict>.' ``named``: the
    levels are values of a setting (a budget, a turnover rate), so the first says which ('attention
    budget 0.3 against 0.05'); a policy or a scenario names itself."""
    name, unit, higher_is_better = OUTCOMES.get(row["outcome"], (row["outcome"], "", True))
    level, reference = _level(row[factor]), _level(row["reference"])
    if named:
        level = f"{factor.replace('_', ' ')} {level}"
    estimate = _difference(row, unit, pairs=True)
    if not row["distinguishable"]:
        verdict = f"not distinguishable from noise: {level} and {reference} may not differ"
    else:
        better = (row["mean_difference"] > 0) == higher_is_better
        verdict = f"{'better' if better else 'worse'} under {level}, beyond the noise between replications"
    return f"{sentence_case(name)}, {level} against {reference}: {estimate}; {verdict}."


def within_findings(paired: pd.DataFrame, factor: str, within: Sequence[str], outcomes: Sequence[str]) -> list[str]:
    """A sweep of two or more settings: each level of ``factor`` against its reference, paired on the seeds
    within each combination of the ``within`` settings (``paired``, from ``stats.paired_differences``), one
    sentence per level and outcome. Up to three combinations are listed with their intervals; more are
    counted (better, worse, not distinguishable) with the largest difference named."""
    sentences = []
    setting = factor.replace("_", " ")
    for outcome in outcomes:
        name, unit, higher_is_better = OUTCOMES[outcome]
        for level, rows in paired[paired["outcome"] == outcome].groupby(factor, sort=False):
            head = (
                f"{sentence_case(name)}, {setting} {_level(level)} against {_level(rows['reference'].iloc[0])}, "
                f"pair by pair on the same seeds at each value of {' and '.join(w.replace('_', ' ') for w in within)}"
            )
            better = rows["distinguishable"] & ((rows["mean_difference"] > 0) == higher_is_better)
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
                    parts.append(f"with {_held(row, within)}, {_difference(row, unit)}: {verdict}")
                sentences.append(f"{head}: " + "; ".join(parts) + ".")
                continue
            largest = rows.loc[rows["mean_difference"].abs().idxmax()]
            sentences.append(
                f"{head}: better beyond the noise in {int(better.sum())} of {len(rows)} combinations, worse in "
                f"{int(worse.sum())}, not distinguishable from noise in the rest; the largest difference is "
                f"{_difference(largest, unit)}, with {_held(largest, within)}."
            )
    return sentences


def _level(value) -> str:
    """A setting's value as a sentence shows it: yes or no for a flag, words for a name."""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


def _held(row: pd.Series, within: Sequence[str]) -> str:
    return ", ".join(f"{name.replace('_', ' ')} {_level(row[name])}" for name in within)


def _mean(described: pd.DataFrame, outcome: str, factor: str, level) -> pd.Series:
    return described[(described["outcome"] == outcome) & (described[factor] == level)].iloc[0]


def _best_sentence(described: pd.DataFrame, outcome: str, factor: str, paired: pd.DataFrame) -> str | None:
    rows = described[described["outcome"] == outcome]
    if rows.empty or rows[factor].nunique() < 2:
        return None
    name, unit, higher_is_better = OUTCOMES[outcome]
    best = rows.sort_values("mean", ascending=not higher_is_better).iloc[0]
    text = (
        f"{'Most' if higher_is_better else 'Least'} {name}: {str(best[factor]).replace('_', ' ')} "
        f"({fmt(best['mean'], unit)}, 95 % CI {fmt(best['ci_low'], unit)} to {fmt(best['ci_high'], unit)}, "
        f"{int(best['n'])} replications)."
    )
    row = paired[(paired[factor] == best[factor]) & (paired["outcome"] == outcome)]
    if not row.empty:
        text += " " + difference_sentence(row.iloc[0], factor)
    return text


def no_success_sentences(described: pd.DataFrame, factor: str) -> list[str]:
    """Units with no success against the throughput null, for each condition: concentration, not just
    low throughput, when the share exceeds what the same number of successes at random would leave."""
    shares = described[described["outcome"] == "final_share_no_success"]
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
            f"Under {str(row[factor]).replace('_', ' ')}, {fmt(row['mean'], 'share of units')} of units had no "
            f"successful project (95 % CI {fmt(row['ci_low'], 'share of units')} to "
            f"{fmt(row['ci_high'], 'share of units')}); had the same number of successes fallen on units at "
            f"random, {fmt(expected, 'share of units')} would have had none (the throughput null): "
            f"{verdict} ({'+' if excess >= 0 else '-'}{100 * abs(excess):.0f} percentage points)."
        )
    return sentences


def policy_findings(described: pd.DataFrame, paired: pd.DataFrame, factor: str, reference) -> list[str]:
    """Findings of a comparison against a reference, in the brief's order: improvement delivered (the
    headline), then how it is spread (inequality, the weakest units, units with no success against the
    throughput null), then what it costs the strongest units."""
    sentences = []
    for outcome in ("final_improvement_delivered", "final_gini_capability", "final_capability_q1"):
        text = _best_sentence(described, outcome, factor, paired)
        if text:
            sentences.append(text)
    sentences += no_success_sentences(described, factor)
    text = _best_sentence(described, "final_capability_q4", factor, paired)
    if text:
        sentences.append(text)
    indistinct = paired[~paired["distinguishable"]] if not paired.empty else paired
    if not paired.empty and len(indistinct) == len(paired):
        sentences.append("No difference between the conditions compared is distinguishable from noise.")
    return sentences


def ranking_findings(described: pd.DataFrame, label_column: str) -> list[str]:
    """For sweeps without a reference policy: the best and worst condition on each outcome."""
    sentences = []
    for outcome, (name, unit, higher_is_better) in OUTCOMES.items():
        rows = described[described["outcome"] == outcome].sort_values("mean", ascending=not higher_is_better)
        if len(rows) < 2:
            continue
        best, worst = rows.iloc[0], rows.iloc[-1]
        overlap = best["ci_low"] <= worst["ci_high"] and worst["ci_low"] <= best["ci_high"]
        sentences.append(
            f"{sentence_case(name)}: best with {best[label_column]} ({fmt(best['mean'], unit)}, 95 % CI "
            f"{fmt(best['ci_low'], unit)} to {fmt(best['ci_high'], unit)}), worst with {worst[label_column]} "
            f"({fmt(worst['mean'], unit)})"
            + ("; the two intervals overlap, so even these may not differ." if overlap else ".")
        )
    return sentences


def dose_findings(described: pd.DataFrame, paired: pd.DataFrame, dose: str) -> list[str]:
    """How each outcome moves from the lowest to the highest dose, with the paired difference."""
    sentences = []
    low, high = described[dose].min(), described[dose].max()
    for outcome, (name, unit, _) in OUTCOMES.items():
        rows = described[described["outcome"] == outcome]
        if rows.empty:
            continue
        at_low, at_high = _mean(rows, outcome, dose, low), _mean(rows, outcome, dose, high)
        text = (
            f"Raising {dose.replace('_', ' ')} from {low:g} to {high:g} moves {name} from "
            f"{fmt(at_low['mean'], unit)} to {fmt(at_high['mean'], unit)}."
        )
        row = paired[(paired[dose] == high) & (paired["outcome"] == outcome)]
        if not row.empty and not row.iloc[0]["distinguishable"]:
            text += " The change is not distinguishable from noise."
        sentences.append(text)
    return sentences


def sensitivity_findings(indices: pd.DataFrame, top: int = 3) -> list[str]:
    """For each output, the parameters with the largest mu* (overall influence)."""
    sentences = []
    for output, rows in indices.groupby("output", sort=False):
        name = OUTCOMES.get(output, (output,))[0]
        ranked = rows.sort_values("mu_star", ascending=False).head(top)
        parts = [
            f"{r.parameter.replace('_', ' ')} (mu* {r.mu_star:.3g} ± {r.mu_star_conf:.2g})" for r in ranked.itertuples()
        ]
        sentences.append(f"{sentence_case(name)} depends most on " + ", then ".join(parts) + ".")
    return sentences
