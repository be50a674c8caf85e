"""The eight patterns of the specification (section 1), as seeded tests over paired replications.

Each test states its sample size, what it expects, and the null or comparison that could make it
fail; the effects measured now are generated into the ODD's claims table (``python -m
tools.calibrate``), so no docstring holds a number that drifts with the model. Replicates are
paired: the warm-up runs under the status quo (every lever at its default), so under one seed every
policy, team rule or other lever starts from the same organisation at month 0; a condition that
changes the world itself (a budget, a turnover rate) changes its warm-up too. Margins were set from
the spread across seeds. Each test was checked by breaking the mechanism it is about (named in its
docstring) and watching it fail; where part of an expectation holds by construction, the docstring
says so.
"""

from __future__ import annotations

import numpy as np
import pytest

from simulation import CAPABILITIES, replicate_seeds
from verification import patterns
from verification.patterns import final, paired_t, quartile_gain

from .conftest import MASTER_SEED

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("policy_runs")]  # one worker computes the shared runs

NON_NURTURING = ("silos", "equal_share", "cross_unit_learning")


def seeds(n: int) -> list[int]:
    return replicate_seeds(MASTER_SEED, n)


def test_p1_matthew_effect_under_silos_and_not_under_equal_shares(policy_runs):
    """P1. 8 paired seeds, defaults, 120 months after the warm-up. Under silos the Gini of unit capability
    rises and the bottom initial quartile gains less than the top and than the upper half; under equal
    shares, on the same organisations, the Gini falls and the bottom quartile gains most.
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


def test_p2_improvement_falls_steeply_as_support_falls_for_every_team_rule():
    """P2. 4 paired seeds, 20 units, 72 months, budgets 0.05-0.3 support units per unit a month, for each
    team rule. Improvement delivered falls monotonically as the budget falls, and at 0.05 it is under a
    quarter of what 0.3 gives.
    Even teams chosen to cover every SOFFT flounder without support (most projects at 0.05, which is
    arithmetic: a pool of 0.6 support units cannot hold ten projects at the threshold, so it is reported,
    not tested). Comparison that could
    fail: the dose-response itself. Broken by making support saturate at any attention
    (support_half_saturation 0.001): the curve goes flat."""
    dose = patterns.budget_dose(seeds(4))
    for rule in ("random", "coverage", "single_profession"):
        delivered = dose[rule].mean(axis=1)
        assert np.all(np.diff(delivered) > 0), (rule, delivered)
        assert delivered[0] < 0.25 * delivered[-1], (rule, delivered)


def test_p3_turnover_erodes_capability_monotonically():
    """P3. 4 paired seeds, defaults (every learning route on), 120 months: end mean capability falls
    over annual turnover 0, 6, 12, 24 %, each step by more than 0.02 in every seed. Comparison that
    could fail: adjacent turnover rates.
    Broken by starting newcomers at the leavers' level (newcomer_maturity = initial_maturity): the
    steps shrink below the margin."""
    ends = patterns.turnover_dose(seeds(4))
    steps = -np.diff(ends, axis=0)  # (3 steps, seeds): positive when capability falls
    assert (steps > 0.02).all(), ends.mean(axis=1)


def test_p4_exclusive_communities_narrow_the_gap_between_professions_more_slowly():
    """P4. 24 paired seeds, cross-unit learning at its defaults (facilitated communities reaching about
    a fifth of staff), 120 months, cop_exclusivity 0.2 against 0.9. The gap between professions on the
    tacit SOFFTs ends smaller at 0.2 (it widens under both, as each profession grows toward its own
    role potential, and more slowly with mixed communities): a small effect, so the test is one-sided
    at 5 % (paired t above 1.71 for 23 degrees of freedom).
    Comparison that could fail: the same organisation at 0.9. Broken by making meetings teach nothing
    (diversity_bonus 0 and cop_learning_rate 0): the difference vanishes."""
    gaps = patterns.exclusivity_gaps(seeds(24))  # communities reach 8 x 25 / 1,000 staff: set, not tested
    difference = gaps["0.9"] - gaps["0.2"]
    assert difference.mean() > 0 and paired_t(difference) > 1.71


def test_p5_varied_teams_deliver_more_and_patient_partners_add_to_it():
    """P5. 8 paired seeds, defaults, 120 months. Teams chosen to cover the SOFFTs deliver more than random
    teams and single-profession teams of the same units; inviting patient partners raises what random
    teams deliver (that it is not negative holds by construction, since an invited partner can only add
    to the best member on a SOFFT: the size is what is tested).
    Comparison that could fail: each pair on the same organisation. Broken twice: choosing the coverage
    rule's members at random (its lead vanishes), and leaving the invited patient partners off the teams
    (their effect vanishes)."""
    delivered = patterns.team_rules(seeds(8))
    coverage = delivered[("coverage", False)]
    for other in (("random", False), ("single_profession", False)):
        gain = coverage / delivered[other] - 1
        assert gain.mean() > 0.05 and paired_t(gain) > 2, (other, gain)
    patients = delivered[("random", True)] / delivered[("random", False)] - 1
    assert patients.mean() > 0 and paired_t(patients) > 2, patients


def test_p6_every_sofft_matters_and_all_six_at_least_as_much_as_technical_skill():
    """P6. 8 paired seeds, defaults, 120 months; knock-outs from month 0 (level and potential halved).
    Halving any one SOFFT across the workforce lowers improvement delivered detectably (paired t > 2
    each); halving all six lowers it at least as much as
    halving technical skill (partly by construction: the CES is homogeneous of degree one, so halving all
    six halves coverage exactly, as halving technical skill halves it; the SOFFTs' other jobs add the
    rest). Comparison that could fail: the intact organisation on the same seed.
    Broken by leaving rollercoaster out of the team's coverage (its only route to what is delivered,
    beside discouragement): its effect falls below detection."""
    effect = patterns.halving(seeds(8))
    for name in CAPABILITIES:
        assert effect[name].mean() < -0.03 and paired_t(-effect[name]) > 2, (name, effect[name])
    assert effect["all six SOFFTs"].mean() <= effect["technical"].mean()


def test_p7_nurturing_lifts_the_weakest_more_than_any_policy_without_it(policy_runs):
    """P7 (policies). 8 paired seeds, defaults, 120 months. The units in the bottom quartile at month 0
    gain more capability under active nurturing than under any policy without nurturing, and so do they
    under nurture and learn. Comparison that could
    fail: each policy without nurturing on the same organisations. Broken by coach_share 0 with
    mentoring_rate 0 (the reserve only commits support): the lead shrinks below the margin."""
    gain = {p: np.array([quartile_gain(r, 1) for r in runs]) for p, runs in policy_runs.items()}
    best_without = max(NON_NURTURING, key=lambda p: gain[p].mean())
    for nurturing in ("active_nurturing", "nurture_and_learn"):
        lead = gain[nurturing] - gain[best_without]
        assert lead.mean() > 0 and paired_t(lead) > 2, (nurturing, best_without, lead)


def test_p7_nurturing_grows_with_the_senior_teams_skill():
    """P7 (dose). 6 paired seeds, active nurturing, 120 months, leadership_skill 0, 0.5, 1: the bottom
    quartile's gain rises with skill. Part of the rise is the specification's
    own multiplication (mentoring moves people at mentoring_rate x leadership_skill); the rest is
    targeting, which matters most from 0 to 0.5. Comparison that could fail: adjacent skill levels.
    Broken by leaving skill out of targeting and mentoring: the curve goes flat."""
    gains = patterns.skill_dose(seeds(6))
    assert (np.diff(gains, axis=0).mean(axis=1) > 0.01).all(), gains.mean(axis=1)
    assert paired_t(gains[2] - gains[0]) > 2


def test_claim_3_tacit_soffts_are_learned_by_doing_not_in_a_classroom():
    """Claim 3. 4 paired seeds, defaults, 120 months: twice the training places raise staff technical
    skill but hardly environment; half as much again leadership support, which keeps more projects
    going and so more people learning by doing, raises environment far more than the extra training
    does. Comparison that could fail: each change against
    the defaults on the same organisations. Broken by experiential_tilt 0 with every teachability 1
    (every route teaches everything alike): training then moves environment as much as technical."""
    effect = patterns.training_against_support(seeds(4))
    assert effect["training:technical"].mean() > 0.01 and paired_t(effect["training:technical"]) > 2
    assert abs(effect["training:environment"].mean()) < 0.25 * effect["training:technical"].mean()
    assert effect["support:environment"].mean() > 3 * abs(effect["training:environment"].mean())
    assert paired_t(effect["support:environment"] - effect["training:environment"]) > 2


def test_p8_silos_leave_more_units_without_success_than_throughput_explains(policy_runs):
    """P8. 8 paired seeds, defaults, 120 months. Under silos the share of units with no success since
    month 0 exceeds the throughput null, the share the same number of successes falling on units at
    random would leave, in every seed; and the excess is larger than under equal
    shares on the same organisations. Comparison that could fail: the null, and equal shares.
    Broken by contest exponent 0 under silos: the excess falls to equal shares' level."""

    def excess(r):
        return final(r, "share_no_success") - final(r, "share_no_success_null")

    silos = np.array([excess(r) for r in policy_runs["silos"]])
    equal = np.array([excess(r) for r in policy_runs["equal_share"]])
    assert (silos > 0.1).all(), silos
    assert paired_t(silos - equal) > 2


def test_p8_equal_shares_leave_few_units_without_success_beyond_the_null(policy_runs):
    """P8 (equal shares). 8 paired seeds, defaults, 120 months. Under equal shares the share of units with
    no success stays within 0.1 of the throughput null (the excess is a few of the weakest units, which
    cannot finish projects however attention is shared) and below a
    quarter of the excess under silos on the same organisations. Broken by support_need_exponent 0 (every
    project needs the same support, so equally shared attention leaves every project below the threshold
    in the same months and whole portfolios flounder together): the excess rises above 0.15."""

    def excess(r):
        return final(r, "share_no_success") - final(r, "share_no_success_null")

    equal = np.array([excess(r) for r in policy_runs["equal_share"]])
    silos = np.array([excess(r) for r in policy_runs["silos"]])
    assert equal.mean() <= 0.1, equal
    assert equal.mean() < 0.25 * silos.mean()
