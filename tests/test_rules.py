"""Each submodel's rule, specified on small hand-worked inputs (no model is built)."""

from __future__ import annotations

import numpy as np
import pytest

from simulation import rules


class TestSupport:
    def test_half_support_at_half_saturation_and_none_without_attention(self):
        s = rules.hill_support(np.array([0.0, 0.25, 10.0]), 0.25, 3.0)
        assert s[0] == 0.0
        assert s[1] == pytest.approx(0.5)
        assert s[2] > 0.9999

    def test_spread_thin_leaves_every_project_below_threshold(self):
        budget, projects = 2.0, 16  # 0.125 each, half the half-saturation
        thin = rules.hill_support(np.full(projects, budget / projects), 0.25, 3.0)
        assert (thin < 0.5).all()
        assert thin[0] == pytest.approx(0.125**3 / (0.125**3 + 0.25**3))

    def test_piling_on_is_wasted_beyond_saturation(self):
        gain_low = rules.hill_support(np.array([0.5]), 0.25, 3.0) - rules.hill_support(np.array([0.25]), 0.25, 3.0)
        gain_high = rules.hill_support(np.array([2.25]), 0.25, 3.0) - rules.hill_support(np.array([2.0]), 0.25, 3.0)
        assert gain_high[0] < gain_low[0] / 100


class TestCoverage:
    def test_weakest_link_dominates_with_negative_exponent(self):
        balanced = rules.ces_coverage(np.full(6, 0.5), -2.0)
        lopsided = rules.ces_coverage(np.array([0.9, 0.9, 0.9, 0.9, 0.9, 0.1]), -2.0)
        assert balanced == pytest.approx(0.5)
        assert lopsided < balanced  # higher mean (0.77) but one SOFFT missing

    def test_exponent_one_is_the_mean_and_zero_the_geometric_mean(self):
        c = np.array([0.2, 0.4, 0.6, 0.8, 0.5, 0.5])
        assert rules.ces_coverage(c, 1.0) == pytest.approx(c.mean())
        assert rules.ces_coverage(c, 0.0) == pytest.approx(np.exp(np.log(c).mean()))

    def test_lies_between_min_and_max_and_works_along_an_axis(self):
        c = np.random.default_rng(1).random((6, 50))
        out = rules.ces_coverage(c, -3.0, axis=0)
        assert out.shape == (50,)
        assert (out >= c.min(axis=0) - 1e-12).all() and (out <= c.max(axis=0) + 1e-12).all()


class TestAttention:
    def test_exponent_zero_is_equal_shares(self):
        np.testing.assert_allclose(rules.contest_shares(np.array([0.0, 1.0, 5.0]), 0.0), [1 / 3] * 3)

    def test_exponent_one_is_proportional_and_above_one_winner_takes_more(self):
        bids = np.array([1.0, 3.0])
        np.testing.assert_allclose(rules.contest_shares(bids, 1.0), [0.25, 0.75])
        assert rules.contest_shares(bids, 3.0)[1] == pytest.approx(27 / 28)

    def test_bid_doubles_when_aligned(self):
        base = rules.bid(np.array([1.9]), np.array([0.5]), np.array([False]))
        assert base[0] == pytest.approx(1.0)
        assert rules.bid(np.array([1.9]), np.array([0.5]), np.array([True]))[0] == pytest.approx(2.0)

    def test_need_shares_proportional_and_none_when_nobody_in_need(self):
        np.testing.assert_allclose(rules.need_shares(np.array([0.1, 0.3, 0.0])), [0.25, 0.75, 0.0])
        assert rules.need_shares(np.zeros(3)) is None


class TestProjects:
    def test_more_concurrent_projects_as_capability_grows_up_to_the_maximum(self):
        limits = rules.project_limit(np.array([0.1, 0.35, 0.5, 0.71, 1.0]), 0.35, 3)
        np.testing.assert_array_equal(limits, [1, 2, 2, 3, 3])

    def test_start_probability_rises_with_environment(self):
        np.testing.assert_allclose(rules.start_probability(np.array([0.0, 0.5, 1.0]), 0.2), [0.0, 0.1, 0.2])

    def test_alignment_probability_rises_with_message(self):
        p = rules.alignment_probability(np.array([0.0, 0.5, 1.0]), 0.25)
        np.testing.assert_allclose(p, [0.25, 0.625, 1.0])

    def test_progress_given_this_team_and_this_attention(self):
        support = rules.hill_support(np.array([0.25]), 0.25, 3.0)  # 0.5
        step = rules.progress_increment(
            technical=np.array([0.8]),
            coverage=np.array([0.5]),
            support=support,
            aligned=np.array([True]),
            difficulty=np.array([2.0]),
            rate=0.1,
            alignment_bonus=0.5,
        )
        assert step[0] == pytest.approx(0.1 * 0.8 * 0.5 * 0.5 * 1.5 / 2.0)

    def test_failure_discourages_less_where_rollercoaster_is_high(self):
        env = np.array([0.5, 0.5])
        out = rules.discouraged(env, np.array([0.0, 0.8]), 0.1)
        np.testing.assert_allclose(out, [0.4, 0.48])
        assert rules.discouraged(np.array([0.01]), np.array([0.0]), 0.1)[0] == 0.0


class TestLearningAndOutputs:
    def test_toward_moves_up_by_rate_of_gap_never_down(self):
        np.testing.assert_allclose(rules.toward(np.array([0.2, 0.9]), np.array([0.6, 0.5]), 0.25), [0.3, 0.9])

    def test_gini(self):
        assert rules.gini(np.full(10, 3.0)) == pytest.approx(0.0)
        assert rules.gini(np.array([0.0, 0.0, 0.0, 1.0])) == pytest.approx(0.75)
        assert rules.gini(np.array([1.0, 2.0, 3.0, 4.0])) == pytest.approx(0.25)
        assert rules.gini(np.zeros(4)) == 0.0

    def test_top_bottom_ratio(self):
        assert rules.top_bottom_ratio(np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0])) == pytest.approx(7.5 / 1.5)

    def test_blau_index(self):
        assert rules.blau_index(np.array([10, 0, 0])) == 0.0
        assert rules.blau_index(np.array([1, 1, 1, 1])) == pytest.approx(0.75)
        assert rules.blau_index(np.array([0, 0])) == 0.0


def test_coverage_is_finite_and_quiet_for_extreme_exponents():
    c = np.array([[1e-12, 0.5, 1.0, 0.9, 0.2, 0.7]])
    for exponent in (-50.0, -20.0, 1.0):
        out = rules.ces_coverage(c, exponent)  # warnings are errors in this suite
        assert np.isfinite(out).all() and 0 < out[0] <= 1.0
    assert rules.ces_coverage(c, -50.0)[0] < 2e-9  # the weakest link dominates
