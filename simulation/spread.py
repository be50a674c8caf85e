"""Which success each unit looks at when practice spreads: one a month, drawn from its connections.

Units are connected through groups: the communities of practice their staff belong to, or, under
organisation-wide spreading, one group holding every unit. A success is visible in every group its
unit belongs to. Each month a unit with any visible success (other than its own) looks at one of
them, drawn uniformly from what its groups show (a success seen through two shared groups counts
twice). One look a month bounds a unit's absorptive capacity, and keeps the cost linear in the size
of the organisation: nothing here is a units-by-units matrix.
"""

from __future__ import annotations

import numpy as np

__all__ = ["pick_sources"]


def pick_sources(
    pair_unit: np.ndarray, pair_group: np.ndarray, sources: np.ndarray, n_units: int, u: np.ndarray
) -> np.ndarray:
    """For each unit, the successful unit it looks at this month, or -1 when it sees none.

    Args:
        pair_unit, pair_group: the unique (unit, group) memberships, sorted by unit then group.
        sources: units with a success this month.
        n_units: number of units.
        u: (2, n_units) uniform draws in [0, 1).
    """
    picked = np.full(n_units, -1, dtype=np.int64)
    if sources.size == 0 or pair_unit.size == 0:
        return picked
    is_source = np.zeros(n_units, dtype=bool)
    is_source[sources] = True
    n_groups = int(pair_group.max()) + 1
    shown = is_source[pair_unit]  # a source's success is shown in each of its groups
    shown_key = np.sort(pair_group[shown] * n_units + pair_unit[shown])  # sorted by group, then unit
    shown_count = np.bincount(shown_key // n_units, minlength=n_groups)
    group_start = np.concatenate([[0], np.cumsum(shown_count)[:-1]])

    others = shown_count[pair_group] - is_source[pair_unit]  # successes a membership shows, own excluded
    seen = np.bincount(pair_unit, weights=others, minlength=n_units)
    looking = (seen > 0).nonzero()[0]
    if looking.size == 0:
        return picked
    cumulative = np.cumsum(others)
    first_pair = np.searchsorted(pair_unit, looking, side="left")
    before = np.where(first_pair > 0, cumulative[np.maximum(first_pair - 1, 0)], 0)
    pair = np.searchsorted(cumulative, before + u[0, looking] * seen[looking], side="right")
    group = pair_group[pair]
    is_self = is_source[looking]
    choices = shown_count[group] - is_self
    j = np.minimum((u[1, looking] * choices).astype(np.int64), choices - 1)
    own_position = np.searchsorted(shown_key, group * n_units + looking) - group_start[group]
    j = j + (is_self & (j >= own_position))  # skip the unit's own success
    picked[looking] = shown_key[group_start[group] + j] % n_units
    return picked
