"""The eight patterns of the specification (section 1), as seeded tests over paired replications.

Each test states its sample size, the effect seen when it was written, and the null or comparison
that could make it fail. Replicates are paired: the same seed gives every condition the same warm-up
and so the same organisation at month 0. Margins were set from the spread across seeds. Each was
checked by breaking the mechanism it is about (named in its docstring) and watching it fail.
"""

from __future__ import annotations

import numpy as np
import pytest

from simulation import CAPABILITIES, OrganisationModel, replicate_seeds, run
from simulation.capabilities import Role

from .conftest import MASTER_SEED

pytestmark = pytest.mark.slow

NON_NURTURING = ("silos", "equal_share", "cross_unit_learning")


def paired_t(differences) -> float:
    """t statistic of the mean of paired differences (inf when every difference is the same and positive)."""
    d = np.asarray(differences, dtype=float)
    sd = d.std(ddof=1)
    return float(d.mean() / (sd / np.sqrt(d.size))) if sd > 0 else float(np.sign(d.mean()) * np.inf)


def quartile_gain(result, quartile: int) -> float:
    """Change in mean capability, month 0 to the end, of the units in an initial-capability quartile."""
    u = result.units[result.units["initial_quartile"] == quartile]
    by_step = u.groupby("step")["capability"].mean()
    return float(by_step.iloc[-1] - by_step.iloc[0])


def final(result, column: str = "improvement_delivered") -> float:
    return float(result.model[column].iloc[-1])


def test_p1_matthew_effect_under_silos_and_not_under_equal_shares(policy_runs):
    """P1. 8 paired seeds, defaults, 120 months after the warm-up. Under silos the Gini of unit capability
    rises (seen +0.029) and the bottom initial quartile gains less than the top (seen +0.033 against
    +0.047) and than the upper half (+0.068); under equal shares, on the same organisations, the Gini
    falls (seen -0.070) and the bottom quartile gains most (+0.13 against -0.01 for the top).
    Comparison that could fail: equal shares. Broken by setting silos' contest exponent to 0
    (attention no longer follows standing): the Gini then falls under silos too."""
    silos, equal = policy_runs["silos"], policy_runs["equal_share"]
    rise = [final(r, "gini_capability") - r.model["gini_capability"].iloc[0] for r in silos]
    fall = [final(r, "gini_capability") - r.model["gini_capability"].iloc[0] for r in equal]
    assert np.mean(rise) > 0.01 and paired_t(rise) > 2
    assert np.mean(fall) < -0.03
    assert np.mean([quartile_gain(r, 4) - quartile_gain(r, 1) for r in silos]) > 0
    upper_minus_bottom = [(quartile_gain(r, 3) + quartile_gain(r, 4)) / 2 - quartile_gain(r, 1) for r in silos]
    assert paired_t(upper_minus_bottom) > 2
    assert np.mean([quartile_gain(r, 1) - quartile_gain(r, 4) for r in equal]) > 0.1


@pytest.fixture(scope="module")
def budget_dose():
    """{team rule: [mean improvement delivered at each budget]}: 4 paired seeds, 20 units, 72 months."""
    seeds = replicate_seeds(MASTER_SEED, 4)
    out = {}
    for rule in ("random", "coverage", "single_profession"):
        out[rule] = [
            [run(seed=s, n_steps=72, n_units=20, team_selection=rule, attention_budget=b) for s in seeds]
            for b in BUDGETS
        ]
    return out


BUDGETS = (0.05, 0.1, 0.2, 0.3)


def test_p2_improvement_falls_steeply_as_support_falls_for_every_team_rule(budget_dose):
    """P2. 4 paired seeds, 20 units, 72 months, budgets 0.05-0.3 support units per unit a month, for each
    team rule. Improvement delivered falls monotonically as the budget falls (seen, coverage teams:
    0.5, 1.3, 2.6, 3.8 quality points), and at 0.05 it is under a quarter of what 0.3 gives. Even
    teams chosen to cover every SOFFT mostly flounder without support. Comparison that could fail:
    the dose-response itself. Broken by making support saturate at any attention
    (support_half_saturation 0.001): the curve goes flat."""
    for rule, by_budget in budget_dose.items():
        delivered = [np.mean([final(r) for r in runs]) for runs in by_budget]
        assert np.all(np.diff(delivered) > 0), (rule, delivered)
        assert delivered[0] < 0.25 * delivered[-1], (rule, delivered)
    starved = budget_dose["coverage"][0]
    floundered = [final(r, "cumulative_floundered") / max(1, final(r, "cumulative_started")) for r in starved]
    assert np.mean(floundered) > 0.5


def test_p3_turnover_erodes_capability_monotonically():
    """P3. 4 paired seeds, defaults (every learning route on), 120 months: end mean capability falls
    over annual turnover 0, 6, 12, 24 % (seen 0.49, 0.42, 0.37, 0.30), each step by more than the
    spread between seeds. Comparison that could fail: adjacent turnover rates. Broken by starting
    newcomers at the leavers' level (newcomer_maturity = initial_maturity): the steps shrink below
    the margin."""
    seeds = replicate_seeds(MASTER_SEED, 4)
    ends = np.array(
        [[final(run(seed=s, annual_turnover=t), "mean_capability") for s in seeds] for t in (0.0, 0.06, 0.12, 0.24)]
    )
    steps = -np.diff(ends, axis=0)  # (3 steps, seeds): positive when capability falls
    assert (steps > 0.02).all(), ends.mean(axis=1)


def profession_gap(model: OrganisationModel) -> float:
    """Mean over the tacit SOFFTs (environment, rollercoaster, context) of the standard deviation of
    the five staff professions' mean capability."""
    wf = model.workforce
    role = wf.role[: wf.n_staff]
    tacit = [CAPABILITIES.index(c) for c in ("environment", "rollercoaster", "context")]
    means = np.array([wf.staff[tacit][:, role == r].mean(axis=1) for r in range(Role.SUPPORT + 1)])
    return float(means.std(axis=0).mean())


def test_p4_exclusive_communities_narrow_the_gap_between_professions_more_slowly():
    """P4. 16 paired seeds, cross-unit learning at its defaults (facilitated communities reaching about
    a fifth of staff), 120 months, cop_exclusivity 0.2 against 0.9. The gap between professions on the
    tacit SOFFTs ends smaller at 0.2 (seen 0.031 against 0.033, from 0.038 at month 0: it narrows
    about 40 % faster), paired t > 2. Comparison that could fail: the same organisation at 0.9.
    Broken by making contacts blind to profession in learning (diversity_bonus 0 and cop_learning_rate
    0): the difference vanishes."""
    gaps = {0.2: [], 0.9: []}
    reach = []
    for seed in replicate_seeds(MASTER_SEED, 16):
        for exclusivity in gaps:
            model = OrganisationModel(policy="cross_unit_learning", rng=seed, cop_exclusivity=exclusivity)
            for _ in range(120):
                model.step()
            gaps[exclusivity].append(profession_gap(model))
            reach.append(model.outputs["cop_members"] / model.outputs["headcount"])
    assert np.mean(reach) > 0.15  # a meaningful share of staff, not a few per cent
    difference = np.array(gaps[0.9]) - np.array(gaps[0.2])
    assert difference.mean() > 0 and paired_t(difference) > 2


@pytest.fixture(scope="module")
def team_runs():
    """{(team rule, patients invited): [RunResult]}: 8 paired seeds, defaults (silos), 120 months."""
    seeds = replicate_seeds(MASTER_SEED, 8)
    cases = [("random", False), ("single_profession", False), ("coverage", False), ("random", True)]
    return {case: [run(seed=s, team_selection=case[0], invite_patients=case[1]) for s in seeds] for case in cases}


def test_p5_varied_teams_deliver_more_and_patient_partners_add_to_it(team_runs):
    """P5. 8 paired seeds, defaults, 120 months. Teams chosen to cover the SOFFTs deliver more than random
    teams (seen +18 %) and single-profession teams (seen +22 %) of the same units; inviting patient
    partners raises what random teams deliver (seen +6 %). Comparison that could fail: each pair on
    the same organisation. Broken by giving every role the same potential (potential_strong =
    potential_typical): coverage and patients stop mattering."""
    delivered = {case: np.array([final(r) for r in runs]) for case, runs in team_runs.items()}
    coverage = delivered[("coverage", False)]
    for other in (("random", False), ("single_profession", False)):
        gain = coverage / delivered[other] - 1
        assert gain.mean() > 0.05 and paired_t(gain) > 2, (other, gain)
    patients = delivered[("random", True)] / delivered[("random", False)] - 1
    assert patients.mean() > 0 and paired_t(patients) > 2, patients


def halved_run(seed: int, capabilities) -> float:
    """Improvement delivered over 120 months by 20 units when, from month 0, the workforce holds half of each
    of ``capabilities``: current level and role potential halved (so newcomers and learning stay halved)."""
    model = OrganisationModel(rng=seed, n_units=20)
    for k in capabilities:
        model.workforce.cap[k] *= 0.5
        model.workforce.potential[k] *= 0.5
    for _ in range(120):
        model.step()
    return model.outputs["improvement_delivered"]


def test_p6_every_soffT_matters_and_all_six_at_least_as_much_as_technical_skill():
    """P6. 6 paired seeds, defaults, 120 months; knock-outs from month 0. Halving any one SOFFT across the
    workforce lowers improvement delivered detectably (seen -9 % rollercoaster to -34 % context,
    paired t > 2 each); halving all six lowers it at least as much as halving technical skill (seen
    -75 % against -40 %). Comparison that could fail: the intact organisation on the same seed.
    Broken by coverage_exponent 1 and right_problem_base 1 (SOFFTs averaged, problem irrelevant): the
    smaller SOFFT effects fall below detection."""
    seeds = replicate_seeds(MASTER_SEED, 8)
    base = np.array([halved_run(s, []) for s in seeds])
    effect = {}
    for k, name in enumerate(CAPABILITIES):
        effect[name] = np.array([halved_run(s, [k]) for s in seeds]) / base - 1
        assert effect[name].mean() < -0.03 and paired_t(-effect[name]) > 2, (name, effect[name])
    all_six = np.array([halved_run(s, range(6)) for s in seeds]) / base - 1
    assert all_six.mean() <= effect["technical"].mean()


def test_p7_nurturing_lifts_the_weakest_more_than_any_policy_without_it(policy_runs):
    """P7 (policies). 8 paired seeds, defaults, 120 months. The units in the bottom quartile at month 0
    gain more capability under active nurturing (seen +0.16) than under any policy without nurturing
    (seen at most +0.12, equal shares), and so do they under nurture and learn. Comparison that could
    fail: each policy without nurturing on the same organisations. Broken by coach_share 0 with
    mentoring_rate 0 (the reserve only commits support): the lead shrinks below the margin."""
    gain = {p: np.array([quartile_gain(r, 1) for r in runs]) for p, runs in policy_runs.items()}
    best_without = max(NON_NURTURING, key=lambda p: gain[p].mean())
    for nurturing in ("active_nurturing", "nurture_and_learn"):
        lead = gain[nurturing] - gain[best_without]
        assert lead.mean() > 0.02 and paired_t(lead) > 2, (nurturing, best_without, lead)


def test_p7_nurturing_grows_with_the_senior_teams_skill():
    """P7 (dose). 6 paired seeds, active nurturing, 120 months, leadership_skill 0, 0.5, 1: the bottom
    quartile's gain rises with skill (seen 0.11, 0.16, 0.18). Comparison that could fail: adjacent
    skill levels. Broken by leaving skill out of targeting and mentoring: the curve goes flat."""
    seeds = replicate_seeds(MASTER_SEED, 6)
    gains = np.array(
        [
            [quartile_gain(run(policy="active_nurturing", seed=s, leadership_skill=k), 1) for s in seeds]
            for k in (0.0, 0.5, 1.0)
        ]
    )
    steps = np.diff(gains, axis=0)
    assert (steps.mean(axis=1) > 0.01).all(), gains.mean(axis=1)
    assert paired_t(gains[2] - gains[0]) > 2


def test_p8_silos_leave_more_units_without_success_than_throughput_explains(policy_runs):
    """P8. 8 paired seeds, defaults, 120 months. Under silos the share of units with no success since
    month 0 (seen 0.48) exceeds the throughput null, the share the same number of successes falling on
    units at random would leave (seen 0.01), in every seed; and the excess is larger than under equal
    shares on the same organisations. Comparison that could fail: the null, and equal shares.
    Broken by contest exponent 0 under silos: the excess falls to equal shares' level."""

    def excess(r):
        return final(r, "share_no_success") - final(r, "share_no_success_null")

    silos = np.array([excess(r) for r in policy_runs["silos"]])
    equal = np.array([excess(r) for r in policy_runs["equal_share"]])
    assert (silos > 0.1).all(), silos
    assert paired_t(silos - equal) > 2


@pytest.mark.xfail(
    strict=True,
    reason="P8's second half does not hold at the defaults: under equal shares the weakest units still cannot "
    "finish projects (progress is technical skill x SOFFT coverage), so units without success exceed the "
    "throughput null (seen 0.28 against 0.09). The concentration comes from capability, not attention; "
    "see docs/ODD.md, 'Patterns'.",
)
def test_p8_equal_shares_leave_no_more_units_without_success_than_the_null(policy_runs):
    """P8 (equal shares): the share of units with no success does not exceed the throughput null."""
    equal = np.array(
        [final(r, "share_no_success") - final(r, "share_no_success_null") for r in policy_runs["equal_share"]]
    )
    assert equal.mean() <= 0.02
