"""The ODD's claims, calibration and per-policy tables, computed from runs of the model at the defaults.

Every policy runs on the same replicate seeds (spawned from the master seed), so each replicate
starts all five policies from one organisation. The calibration table checks the specification's
bands (section 9, ``analysis.calibration.BANDS``) for every policy; the share of a quality gain lost
within a year is measured by runs of its own: the model is run to month 0 (or 108), quality gains
are switched off (``simulation.hooks.QualityGainsOff``), and the share of each unit's gain above its
baseline still held twelve months later is read off. Nothing in the tables is typed by hand;
``python -m tools.calibrate [--write]`` prints them and writes them into ``docs/ODD.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.calibration import BANDS, calibration_values
from simulation import POLICY_NAMES, ModelParams, WarmUps, replicate_seeds, run_paired
from simulation.hooks import QualityGainsOff
from verification import patterns
from verification.noise import paired_noise, seeds_for

__all__ = [
    "CLAIMS",
    "calibration_table",
    "claims_table",
    "collect",
    "noise_table",
    "outside_bands",
    "policy_table",
    "quality_lost_within_a_year",
]

#: The seed's seven claims (specification section 1): (claim, mechanism, lever, test).
CLAIMS = (
    (
        "1. The six SOFFTs are needed beyond technical skill, and are as important as it.",
        "progress = technical skill x CES coverage of the six SOFFTs x support; each SOFFT also has a job of its own "
        "(environment: starting projects, socialisation; rollercoaster: sustaining gains; problem: the right "
        "problem; message: standing and alignment; learning: learning rates; context: adoption)",
        "knock-outs of any capability; `coverage_exponent`",
        "P6",
    ),
    (
        "2. They are entwined bundles held by different kinds of people, so a productive team is a varied one.",
        "role potentials (managers: environment, message; doctors: problem, technical; nurses and AHPs: "
        "rollercoaster, learning, context; support staff: context; patient partners: problem, context); "
        "coverage = best member per SOFFT",
        "`team_selection`, `invite_patients`, `potential_strong`, `potential_typical`",
        "P5",
    ),
    (
        "3. Many are not teachable in a classroom: they are learned by doing, socialisation and mentoring.",
        "teachability per capability; experiential routes weighted 1 - `experiential_tilt` x teachability",
        "`teachability_*`, `experiential_tilt`, `training_places`",
        "claim 3",
    ),
    (
        "4. Communities of practice help, but can be professionally exclusive.",
        "contacts of one's own profession with probability `cop_exclusivity`; learning grows with diversity; "
        "facilitated communities recruit every role and unit",
        "`facilitated_cops`, `cop_exclusivity`, `community_size`",
        "P4",
    ),
    (
        "5. Managerial support and strategic alignment are indispensable.",
        "steep Hill support, floundering after `flounder_months` unsupported; alignment raises bids and progress",
        "`attention_budget`, `support_half_saturation`, `alignment_bonus`",
        "P2",
    ),
    (
        "6. Teams that succeed win attention and leave others standing.",
        "contest over standing (track record x message), exponent `contest_exponent`, under a per-project ceiling",
        "`contest_exponent`, `attention_ceiling`",
        "P1, P8",
    ),
    (
        "7. Senior leaders' capability to nurture practitioners throughout the organisation matters.",
        "coaches placed by relative need, committed support, mentoring; `leadership_skill` aims them and "
        "scales mentoring",
        "`nurture_share`, `leadership_skill`, `coach_share`",
        "P7",
    ),
)


def quality_lost_within_a_year(
    policy: str, seeds: list[int], start: int, warm_ups: WarmUps | None = None, **overrides
) -> list[float]:
    """Per seed, the share of units' quality above their baseline at month ``start`` that is gone 12
    months later, with no new gains in between (quality gains switched off for that year: a measuring
    run, not a policy)."""
    params = ModelParams.for_policy(policy, **overrides)
    runs = run_paired(
        {"lost": (params, QualityGainsOff(start, 12))}, seeds, n_steps=start + 12, frames=False, warm_ups=warm_ups
    )
    return [run.hooks[0].lost for run in runs]


def _outcomes(result) -> dict[str, float]:
    m, last = result.model, result.model.iloc[-1]
    return {
        "improvement delivered": last["improvement_delivered"],
        "improvement sustained": last["improvement_sustained"],
        "projects succeeded": last["cumulative_succeeded"],
        "mean capability, change": last["mean_capability"] - m["mean_capability"].iloc[0],
        "Gini of unit capability, change": last["gini_capability"] - m["gini_capability"].iloc[0],
        "bottom quartile's capability, change": patterns.quartile_gain(result, 1),
        "top quartile's capability, change": patterns.quartile_gain(result, 4),
        "units with no success": last["share_no_success"],
        "throughput null": last["share_no_success_null"],
        "attention unspent a month": m["attention_unspent"].iloc[1:].mean(),
    }


def collect(replicates: int, master_seed: int) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, list]]:
    """(calibration values, outcomes, runs): one row per policy and replicate, and the runs by policy."""
    seeds = replicate_seeds(master_seed, replicates)
    kept = WarmUps(size=len(seeds))  # one warm-up per seed for every policy and measuring run
    runs = run_paired({p: ModelParams.for_policy(p) for p in POLICY_NAMES}, seeds, warm_ups=kept)
    by_policy = {policy: runs.results(policy) for policy in POLICY_NAMES}
    value_rows, outcome_rows = [], []
    for policy in POLICY_NAMES:
        lost_12 = quality_lost_within_a_year(policy, seeds, 0, kept)
        lost_120 = quality_lost_within_a_year(policy, seeds, 108, kept)
        for replicate, result in enumerate(by_policy[policy]):
            row = {"policy": policy, "replicate": replicate, **calibration_values(result.model, result.projects)}
            row["quality_lost_12"], row["quality_lost_120"] = lost_12[replicate], lost_120[replicate]
            value_rows.append(row)
            outcome_rows.append({"policy": policy, "replicate": replicate, **_outcomes(result)})
    return pd.DataFrame(value_rows), pd.DataFrame(outcome_rows), by_policy


def outside_bands(values: pd.DataFrame) -> list[str]:
    """The bands some policy's mean falls outside of."""
    return [b.key for b in BANDS if not values.groupby("policy")[b.key].mean().map(b.holds).all()]


def calibration_table(values: pd.DataFrame) -> str:
    """Markdown: each band with its target and every policy's mean over replicates (checked or crossed)."""
    means = values.groupby("policy", sort=False).mean(numeric_only=True)
    head = "| figure | target | source | " + " | ".join(f"`{p}`" for p in means.index) + " |"
    rows = [head, "|---|---|---|" + "---|" * len(means.index)]
    for band in BANDS:
        cells = [f"{band.describe(v)} {'ok' if band.holds(v) else 'OUTSIDE'}" for v in means[band.key]]
        rows.append(f"| {band.label} | {band.target} | {band.source} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def policy_table(outcome_frame: pd.DataFrame) -> str:
    """Markdown: each outcome's mean (and sd across replicates) for every policy."""
    grouped = outcome_frame.drop(columns="replicate").groupby("policy", sort=False)
    means, sds = grouped.mean(), grouped.std(ddof=1)
    head = "| outcome (mean, sd across replicates) | " + " | ".join(f"`{p}`" for p in means.index) + " |"
    rows = [head, "|---|" + "---|" * len(means.index)]
    for column in means.columns:
        cells = [f"{means.at[p, column]:.3g} ({sds.at[p, column]:.2g})" for p in means.index]
        rows.append(f"| {column} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _pct(values) -> str:
    return f"{100 * float(np.mean(values)):+.0f} %"


def claims_table(runs: dict[str, list], master_seed: int) -> str:
    """Markdown: each claim with its mechanism, lever, test and the effect measured now (the pattern
    tests' sample sizes and seeds)."""

    def seeds(n):
        return replicate_seeds(master_seed, n)

    halved = patterns.halving(seeds(8))
    singles = {name: halved[name].mean() for name in halved if name not in ("technical", "all six SOFFTs")}
    weakest = max(singles, key=singles.get)
    teams = patterns.team_rules(seeds(8))
    coverage = teams[("coverage", False)]
    taught = patterns.training_against_support(seeds(4))
    gaps = patterns.exclusivity_gaps(seeds(24))
    dose = patterns.budget_dose(seeds(4))
    skill = patterns.skill_dose(seeds(6))

    def mean(policy, column):
        return float(np.mean([patterns.final(r, column) for r in runs[policy]]))

    def gini_change(policy):
        return float(
            np.mean([patterns.final(r, "gini_capability") - r.model["gini_capability"].iloc[0] for r in runs[policy]])
        )

    def bottom(policy):
        return float(np.mean([patterns.quartile_gain(r, 1) for r in runs[policy]]))

    best_without = max(("silos", "equal_share", "cross_unit_learning"), key=bottom)
    effects = [
        f"halving all six SOFFTs: {_pct(halved['all six SOFFTs'])} improvement delivered; halving technical skill: "
        f"{_pct(halved['technical'])}; the smallest single SOFFT ({weakest}): {_pct(halved[weakest])} "
        "(8 paired seeds)",
        f"coverage teams {_pct(coverage / teams[('random', False)] - 1)} against random and "
        f"{_pct(coverage / teams[('single_profession', False)] - 1)} against single-profession teams; patient "
        f"partners {_pct(teams[('random', True)] / teams[('random', False)] - 1)} for random teams (8 paired seeds)",
        f"twice the training places: technical skill {np.mean(taught['training:technical']):+.3f}, environment "
        f"{np.mean(taught['training:environment']):+.3f}; half as much again support: environment "
        f"{np.mean(taught['support:environment']):+.3f} (staff means, 4 paired seeds)",
        f"gap between professions on the tacit SOFFTs from {gaps['start'].mean():.3f} at month 0 to "
        f"{gaps['0.2'].mean():.3f} at exclusivity 0.2 and {gaps['0.9'].mean():.3f} at 0.9; communities reach "
        f"{100 * gaps['reach'].mean():.0f} % of staff (24 paired seeds)",
        "improvement delivered with coverage teams at 0.05, 0.1, 0.2, 0.3 support units per unit: "
        + ", ".join(f"{v:.2f}" for v in dose["coverage"].mean(axis=1))
        + f" quality points; {100 * dose['floundered'][0].mean():.0f} % of their projects flounder at 0.05 "
        "(20 units, 72 months, 4 paired seeds)",
        f"Gini of unit capability {gini_change('silos'):+.3f} under silos and {gini_change('equal_share'):+.3f} "
        f"under equal shares; units with no success {100 * mean('silos', 'share_no_success'):.0f} % under silos "
        f"against a throughput null of {100 * mean('silos', 'share_no_success_null'):.0f} % "
        f"(equal shares: {100 * mean('equal_share', 'share_no_success'):.0f} % against "
        f"{100 * mean('equal_share', 'share_no_success_null'):.0f} %)",
        f"bottom quartile's capability {bottom('active_nurturing'):+.3f} under active nurturing against "
        f"{bottom(best_without):+.3f} at best without it ({best_without.replace('_', ' ')}); at leadership skill "
        + ", ".join(f"{k:g}: {v:+.3f}" for k, v in zip(patterns.SKILLS, skill.mean(axis=1), strict=True))
        + " (6 paired seeds)",
    ]
    rows = ["| claim | mechanism | lever to switch or sweep | test | measured now |", "|---|---|---|---|---|"]
    for (claim, mechanism, lever, test), effect in zip(CLAIMS, effects, strict=True):
        rows.append(f"| {claim} | {mechanism} | {lever} | {test} | {effect} |")
    return "\n".join(rows)


def noise_table(master_seed: int, n_seeds: int = 20) -> str:
    """Markdown: each policy's paired difference from silos, its standard deviation across seeds and the
    variance ratio against independent runs, for the outcomes ``verification.noise`` measures."""
    seeds = replicate_seeds(master_seed, n_seeds)
    noise = paired_noise(seeds)
    rows = [
        f"{n_seeds} paired seeds (master seed {master_seed}), defaults, month 120.",
        "",
        "| policy | outcome | mean paired difference | its sd across seeds | variance ratio against independent runs "
        "| seeds for a 95 % interval of +-0.5 on improvement delivered |",
        "|---|---|---|---|---|---|",
    ]
    for row in noise.itertuples():
        needed = f"{seeds_for(row.sd_difference, 0.5)}" if row.outcome == "improvement delivered" else ""
        rows.append(
            f"| {row.policy} | {row.outcome} | {row.mean_difference:+.3g} | {row.sd_difference:.3g} "
            f"| {row.variance_ratio:.2f} | {needed} |"
        )
    return "\n".join(rows)
