"""Which success a unit looks at: only connected ones, never its own, uniformly over what it sees."""

from __future__ import annotations

import numpy as np

from simulation.spread import pick_sources

# groups: g0 = {0, 1, 2}, g1 = {2, 3}, g2 = {4}; memberships sorted by unit, then group
PAIR_UNIT = np.array([0, 1, 2, 2, 3, 4])
PAIR_GROUP = np.array([0, 0, 0, 1, 1, 2])


def picks(sources, draws=4000, seed=0):
    rng = np.random.default_rng(seed)
    return np.array(
        [pick_sources(PAIR_UNIT, PAIR_GROUP, np.array(sources), 5, rng.random((2, 5))) for _ in range(draws)]
    )


def test_a_unit_sees_only_successes_in_its_groups_and_never_its_own():
    out = picks([0, 3])
    assert set(out[:, 0]) == {-1}  # unit 0's only group shows only its own success
    assert set(out[:, 1]) == {0}
    assert set(out[:, 2]) == {0, 3}
    assert set(out[:, 3]) == {-1}
    assert set(out[:, 4]) == {-1}  # alone in its group


def test_choice_is_uniform_over_what_the_unit_sees():
    out = picks([0, 2, 3])
    share_of_zero = np.mean(out[:, 2] == 0)  # unit 2 (itself a source) sees 0 via g0 and 3 via g1
    assert abs(share_of_zero - 0.5) < 0.03
    assert set(out[:, 2]) == {0, 3}
    share_from_unit_1 = np.mean(out[:, 1] == 2)  # unit 1 sees 0 and 2 in g0
    assert abs(share_from_unit_1 - 0.5) < 0.03
    assert set(out[:, 3]) == {2}  # unit 3 sees 2 through g1


def test_organisation_wide_scope_is_one_group():
    units = np.arange(6)
    rng = np.random.default_rng(1)
    out = pick_sources(units, np.zeros(6, dtype=np.int64), np.array([1, 4]), 6, rng.random((2, 6)))
    assert out[1] == 4 and out[4] == 1
    assert set(out[[0, 2, 3, 5]]) <= {1, 4}


def test_no_sources_means_nobody_looks():
    out = pick_sources(PAIR_UNIT, PAIR_GROUP, np.array([], dtype=np.int64), 5, np.zeros((2, 5)))
    assert (out == -1).all()
