"""Nurturing's share of leadership attention: where coaches go, and which projects get committed support.

Active nurturing is senior leaders developing people, not topping up weak projects (Martin 2021).
The nurture reserve (``nurture_share`` of the budget after training and facilitation) buys whole
coaches at ``coach_cost`` a month (``coach_share`` of the reserve) and commits the rest to the
projects of the units the coaches are in. Both follow the senior team's ranking of units
(``rules.targeting_scores``): by relative need when ``leadership_skill`` is 1, as good as random
when it is 0. A coach stays ``coach_months`` and then moves on; a commitment stays with its project
until the project ends, up to the ceiling. These are pure functions of arrays: the model calls them
from ``allocate_attention``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["commit_support", "place_coaches"]


def place_coaches(coach_left: np.ndarray, ranking: np.ndarray, affordable: int, spell: int) -> np.ndarray:
    """Months of coaching left in each unit after this month's placements (0: no coach).

    Coaches in place stay until their spell ends; if fewer are affordable than are in place, those
    with the least time left leave first. Free coaches go to the units without one, best ``ranking``
    first, for ``spell`` months.
    """
    left = np.asarray(coach_left, dtype=np.int64).copy()
    in_place = (left > 0).nonzero()[0]
    if in_place.size > affordable:
        order = in_place[np.argsort(left[in_place], kind="stable")]
        left[order[: in_place.size - affordable]] = 0
        return left
    free = affordable - in_place.size
    if free > 0:
        candidates = (left == 0).nonzero()[0]
        chosen = candidates[np.argsort(-ranking[candidates], kind="stable")[:free]]
        left[chosen] = spell
    return left


def commit_support(
    committed: np.ndarray,
    eligible: np.ndarray,
    priority: np.ndarray,
    ceiling: float,
    budget: float,
) -> tuple[np.ndarray, float]:
    """Support committed to each project after this month, and what is left of ``budget``.

    ``committed``: what each project under way already holds; ``eligible``: projects the reserve may
    adopt (those of coached units); ``priority``: higher first; ``ceiling``: what each can use (one value
    per project, or one for all). Existing commitments stay (scaled down
    only if the budget no longer covers them); the rest of the budget tops eligible projects up to the
    ceiling in priority order.
    """
    committed = np.asarray(committed, dtype=float)
    ceiling = np.broadcast_to(np.asarray(ceiling, dtype=float), committed.shape)  # one per project, or one for all
    committed = np.minimum(committed, ceiling)
    held = float(committed.sum())
    if held > budget:  # the budget shrank: every commitment shrinks in proportion
        committed = committed * (budget / held) if held > 0 else committed
        return committed, 0.0
    free = budget - held
    candidates = (np.asarray(eligible, dtype=bool) & (committed < ceiling)).nonzero()[0]
    if candidates.size and free > 0:
        candidates = candidates[np.argsort(-np.asarray(priority)[candidates], kind="stable")]
        room = ceiling[candidates] - committed[candidates]
        before = np.cumsum(room) - room
        give = np.clip(free - before, 0.0, room)
        committed[candidates] += give
        free = max(0.0, free - float(give.sum()))
    return committed, free
