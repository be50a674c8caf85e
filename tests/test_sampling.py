"""Weighted sampling without replacement: distinct, never zero-weight, with the right probabilities."""

from __future__ import annotations

import numpy as np

from simulation.sampling import weighted_sample


def test_draws_are_distinct_and_never_of_zero_weight():
    rng = np.random.default_rng(0)
    weight = np.array([0.0, 5.0, 0.0, 1.0, 1.0, 0.0, 3.0])
    for _ in range(200):
        drawn = weighted_sample(weight, 3, rng)
        assert len(set(drawn.tolist())) == 3
        assert (weight[drawn] > 0).all()


def test_asks_for_more_than_there_are_returns_every_positive_weight():
    drawn = weighted_sample(np.array([0.0, 2.0, 0.0, 1.0]), 10, np.random.default_rng(1))
    assert sorted(drawn.tolist()) == [1, 3]
    assert weighted_sample(np.zeros(5), 2, np.random.default_rng(1)).size == 0


def test_first_and_second_draw_probabilities_match_successive_sampling():
    weight = np.array([1.0, 2.0, 3.0, 4.0])
    p = weight / weight.sum()
    # exact: P(first = i) = p_i; P(second = j) = sum_i p_i p_j / (1 - p_i), i != j
    second = np.array([sum(p[i] * p[j] / (1 - p[i]) for i in range(4) if i != j) for j in range(4)])
    rng = np.random.default_rng(2026)
    draws = np.array([weighted_sample(weight, 2, rng) for _ in range(40_000)])
    first_freq = np.bincount(draws[:, 0], minlength=4) / len(draws)
    second_freq = np.bincount(draws[:, 1], minlength=4) / len(draws)
    np.testing.assert_allclose(first_freq, p, atol=0.01)
    np.testing.assert_allclose(second_freq, second, atol=0.01)


def test_same_generator_state_gives_the_same_draws():
    weight = np.random.default_rng(3).random(1000)
    a = weighted_sample(weight, 20, np.random.default_rng(4))
    b = weighted_sample(weight, 20, np.random.default_rng(4))
    np.testing.assert_array_equal(a, b)
