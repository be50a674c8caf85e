"""Each submodel's rule, specified on small hand-worked inputs (no model is built)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulation import attention, rules


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

    def test_bid_is_standing_times_message_raised_when_aligned(self):
        base = rules.bid(np.array([1.9]), np.array([0.5]), np.array([False]), 0.1, 1.0)
        assert base[0] == pytest.approx(1.0)
        assert rules.bid(np.array([1.9]), np.array([0.5]), np.array([True]), 0.1, 1.0)[0] == pytest.approx(2.0)
        assert rules.bid(np.array([0.0]), np.array([0.5]), np.array([True]), 0.2, 0.5)[0] == pytest.approx(0.15)

    def test_need_shares_proportional_and_none_when_nobody_in_need(self):
        np.testing.assert_allclose(rules.need_shares(np.array([0.1, 0.3, 0.0])), [0.25, 0.75, 0.0])
        assert rules.need_shares(np.zeros(3)) is None


class TestWaterFilling:
    """No project gets more than it can use; what capped projects cannot use goes to the others."""

    def test_proportional_when_nobody_reaches_the_ceiling(self):
        amounts, unspent = rules.water_fill(np.array([0.25, 0.75]), np.array([5.0, 5.0]), 2.0)
        np.testing.assert_allclose(amounts, [0.5, 1.5])
        assert unspent == 0.0

    def test_a_capped_project_passes_the_rest_on_by_the_same_rule(self):
        # shares 0.6, 0.3, 0.1 of 1.0 with ceiling 0.4: the first is capped at 0.4, the other 0.6 split 3:1
        amounts, unspent = rules.water_fill(np.array([0.6, 0.3, 0.1]), np.full(3, 0.4), 1.0)
        np.testing.assert_allclose(amounts, [0.4, 0.4, 0.2])
        assert unspent == pytest.approx(0.0)

    def test_what_nobody_can_use_is_unspent_not_lost(self):
        amounts, unspent = rules.water_fill(np.array([0.5, 0.5]), np.array([0.3, 0.2]), 2.0)
        np.testing.assert_allclose(amounts, [0.3, 0.2])
        assert unspent == pytest.approx(1.5)

    def test_zero_shares_get_nothing_and_rooms_can_differ(self):
        amounts, unspent = rules.water_fill(np.array([0.0, 0.5, 0.5]), np.array([9.0, 0.1, 9.0]), 1.0)
        np.testing.assert_allclose(amounts, [0.0, 0.1, 0.9])
        assert unspent == pytest.approx(0.0)
        assert rules.water_fill(np.zeros(0), np.zeros(0), 3.0)[1] == 3.0

    def test_against_a_reference_loop_on_random_inputs(self):
        rng = np.random.default_rng(5)
        for _ in range(200):
            n = int(rng.integers(1, 12))
            shares = rng.random(n) * (rng.random(n) < 0.9)
            room, pool = rng.random(n), float(rng.random() * n * 0.7)
            amounts, unspent = rules.water_fill(shares, room, pool)
            expected = np.zeros(n)  # the textbook loop: share out, cap, repeat with the rest
            left, live = pool, shares > 0
            while left > 1e-12 and live.any():
                give = left * shares * live / (shares * live).sum()
                over = expected + give > room
                if not over[live].any():
                    expected += give
                    left = 0.0
                    break
                ratio = np.where(live & (give > 0), (room - expected) / np.where(give > 0, give, 1), np.inf)
                t = ratio.min()
                expected += t * give
                left -= t * give.sum()
                live &= expected < room - 1e-15
            np.testing.assert_allclose(amounts, expected, atol=1e-9)
            assert amounts.sum() + unspent == pytest.approx(pool)
            assert (amounts <= room + 1e-12).all()


class TestNurturingRules:
    def test_need_is_relative_to_the_organisation_and_never_runs_out(self):
        low = rules.relative_need(np.array([0.1, 0.2, 0.3, 0.4, 0.5]), 0.75)
        high = rules.relative_need(np.array([0.1, 0.2, 0.3, 0.4, 0.5]) + 0.4, 0.75)
        np.testing.assert_allclose(low, [0.3, 0.2, 0.1, 0.0, 0.0])
        np.testing.assert_allclose(high, low)  # every unit improved: the need stays where it was

    def test_skilled_leaders_rank_by_need_unskilled_ones_at_random(self):
        need, noise = np.array([0.0, 0.1, 0.4]), np.array([0.9, 0.5, 0.1])
        np.testing.assert_allclose(rules.targeting_scores(need, 1.0, noise), [0.0, 0.25, 1.0])
        np.testing.assert_allclose(rules.targeting_scores(need, 0.0, noise), noise)

    def test_coaches_go_to_the_best_ranked_units_and_move_on_after_their_spell(self):
        left = attention.place_coaches(np.array([0, 0, 0, 0]), np.array([0.1, 0.9, 0.5, 0.7]), 2, 12)
        np.testing.assert_array_equal(left, [0, 12, 0, 12])
        kept = attention.place_coaches(np.array([0, 3, 0, 1]), np.array([0.1, 0.9, 0.5, 0.7]), 3, 12)
        np.testing.assert_array_equal(kept, [0, 3, 12, 1])  # those in place stay; the free one goes to unit 2
        fewer = attention.place_coaches(np.array([5, 3, 0, 1]), np.array([0.1, 0.9, 0.5, 0.7]), 1, 12)
        np.testing.assert_array_equal(fewer, [5, 0, 0, 0])  # shorter spells end first when fewer are affordable

    def test_committed_support_stays_and_tops_up_eligible_projects_in_priority_order(self):
        committed, left = attention.commit_support(
            np.array([0.5, 0.0, 0.0, 0.2]), np.array([True, True, False, True]), np.array([0, 1, 9, 2]), 0.5, 1.2
        )
        # 0.7 held; 0.5 free goes to project 3 (priority 2: 0.3 to reach 0.5) then project 1 (0.2)
        np.testing.assert_allclose(committed, [0.5, 0.2, 0.0, 0.5])
        assert left == pytest.approx(0.0)
        committed, left = attention.commit_support(np.zeros(2), np.array([True, False]), np.zeros(2), 0.5, 2.0)
        np.testing.assert_allclose(committed, [0.5, 0.0])
        assert left == pytest.approx(1.5)


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

    def test_right_problem_more_likely_with_problem_coverage(self):
        np.testing.assert_allclose(rules.right_problem_probability(np.array([0.0, 0.5, 1.0]), 0.2), [0.2, 0.6, 1.0])

    def test_failure_discourages_less_where_rollercoaster_is_high(self):
        env = np.array([0.5, 0.5])
        out = rules.discouraged(env, np.array([0.0, 0.8]), 0.1)
        np.testing.assert_allclose(out, [0.4, 0.48])
        assert rules.discouraged(np.array([0.01]), np.array([0.0]), 0.1)[0] == 0.0


class TestLearningAndOutputs:
    def test_toward_moves_up_by_rate_of_gap_never_down(self):
        np.testing.assert_allclose(rules.toward(np.array([0.2, 0.9]), np.array([0.6, 0.5]), 0.25), [0.3, 0.9])

    def test_socialisation_is_symmetric_and_keeps_each_group_mean(self):
        values = np.array([[0.1, 0.5, 0.9, 0.2, 0.4]])  # group 0: people 0-2 (mean 0.5); group 1: 3-4 (0.3)
        potential = np.array([[1.0, 1.0, 1.0, 1.0, 1.0]])
        out = rules.socialise(values, potential, np.full(5, 0.5), np.array([0, 3, 5]))
        np.testing.assert_allclose(out, [[0.3, 0.5, 0.7, 0.25, 0.35]])
        np.testing.assert_allclose(out[:, :3].mean(), 0.5)

    def test_socialisation_moves_each_member_toward_the_units_share_of_their_own_potential(self):
        values = np.array([[0.1, 0.9]])
        out = rules.socialise(values, np.array([[0.2, 1.0]]), np.array([0.5, 0.5]), np.array([0, 2]))
        # the unit holds 1.0 of a potential of 1.2: its code is 5/6 of each member's potential, so the
        # targets are 1/6 and 5/6; each closes half the gap: +1/30 and -1/30, and the mean is kept
        np.testing.assert_allclose(out, [[0.1 + 1 / 30, 0.9 - 1 / 30]])
        roles = rules.socialise(np.array([[0.4, 0.2]]), np.array([[0.8, 0.4]]), np.ones(2), np.array([0, 2]))
        np.testing.assert_allclose(roles, [[0.4, 0.2]])  # both at half their potential: nobody is pulled
        uneven = rules.socialise(values, np.array([[0.2, 1.0]]), np.array([1.0, 0.25]), np.array([0, 2]))
        np.testing.assert_allclose(uneven.mean(), 0.5)  # rates differ: the larger side is scaled to the smaller
        np.testing.assert_allclose(uneven, [[0.1 + 0.05 / 3, 0.9 - 0.05 / 3]])
        rng = np.random.default_rng(3)
        values = rng.random((7, 40)) * 0.6
        potential = np.clip(values + rng.random((7, 40)) * 0.4, 0, 1)
        offsets = np.array([0, 10, 11, 25, 40])
        out = rules.socialise(values, potential, rng.random(40) * 0.3, offsets)
        for a, b in itertools.pairwise(offsets):
            np.testing.assert_allclose(out[:, a:b].mean(axis=1), values[:, a:b].mean(axis=1), atol=1e-12)
        assert (out <= potential + 1e-12).all()

    def test_socialisation_at_rate_zero_changes_nobody(self):
        values = np.array([[0.1, 0.5, 0.9]])
        out = rules.socialise(values, np.ones((1, 3)), np.zeros(3), np.array([0, 3]))
        np.testing.assert_array_equal(out, values)

    def test_throughput_null(self):
        assert rules.no_success_null(4, 0) == 1.0
        assert rules.no_success_null(4, 2) == pytest.approx(0.75**2)

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


@given(
    values=st.lists(st.floats(0.0, 1.0, allow_subnormal=False), min_size=1, max_size=80),
    q=st.one_of(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]), st.floats(0.0, 1.0)),
)
def test_linear_quantile_gives_numpy_quantile_bit_for_bit(values, q):
    x = np.array(values)
    assert np.float64(rules.linear_quantile(x, q)).tobytes() == np.float64(np.quantile(x, q)).tobytes()
