"""The month's record: what one monthly process hands the next, created at the start of ``step()``.

Every process of the schedule reads what it needs from the model's lasting state (workforce,
projects, units, communities) and from this record, and writes what later processes of the same
month need into it. Nothing appears on the model mid-month. A test can build a ``Month`` by hand
(``Month.start(model)`` and then set teams, attention or wins), run one process, and check what it
did: the processes are functions of an explicit state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from simulation import rules
from simulation.params import ModelParams

if TYPE_CHECKING:
    from simulation.organisation import OrganisationModel

__all__ = ["Month"]


def _empty(dtype=float) -> np.ndarray:
    return np.zeros(0, dtype=dtype)


@dataclass
class Month:
    """The hand-offs of one month. Arrays over units have one entry per unit; arrays over projects
    one entry per project under way this month (``slots``, in slot order)."""

    index: int  # month number: negative during the warm-up, 0 at its end, then 1, 2, ...
    params: ModelParams  # the levers in force this month (the status quo during the warm-up)
    caps: np.ndarray  # (capabilities x units) staff means at the start of the month: this month's decisions use them
    capability: np.ndarray  # (units,) mean over the capabilities of ``caps``
    need: np.ndarray  # (units,) relative need at the start of the month (``rules.relative_need``)
    # allocate_attention
    allocated: bool = False  # the budget was shared out this month (not yet at month 0 without a warm-up)
    training_places: int = 0
    training_cost: float = 0.0  # support units paid for training places
    facilitation_cost: float = 0.0  # support units paid for community facilitation
    coach_cost: float = 0.0  # support units paid for the coaches in place
    reserve: float = 0.0  # the nurture reserve: coaches plus committed project support
    committed: float = 0.0  # support units the reserve committed to projects
    contest_pool: float = 0.0  # support units shared by the contest (with the reserve's leftover)
    project_attention: float = 0.0  # support units given to projects (contest and committed)
    unspent: float = 0.0  # support units no project could use (every project at its ceiling)
    # progress_projects
    slots: np.ndarray = field(default_factory=lambda: _empty(np.int64))  # projects under way this month
    teams: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))  # members, coach last
    support: np.ndarray = field(default_factory=_empty)  # Hill support of each project
    outcome: np.ndarray = field(default_factory=lambda: _empty(np.int64))  # 0 under way, else an Outcome code
    wins: np.ndarray = field(default_factory=lambda: _empty(np.int64))  # (units,) successes this month
    win_gain: np.ndarray = field(default_factory=_empty)  # (units,) best gain factor of this month's successes
    quality_gained: float = 0.0  # quality points gained this month by successes and adoptions
    # counters
    started: int = 0
    ended: dict[int, int] = field(default_factory=lambda: dict.fromkeys((1, 2, 3), 0))
    trainees: int = 0
    mentees: int = 0
    cop_attendees: int = 0
    adoptions: int = 0
    leavers: int = 0

    @classmethod
    def start(cls, model: OrganisationModel, index: int) -> Month:
        """The record at the start of month ``index``: the month-start picture of every unit."""
        caps = model.workforce.unit_means()
        capability = caps.mean(axis=0)
        need = rules.relative_need(capability, model.in_force.need_quantile)
        n = model.params.n_units
        return cls(
            index=index,
            params=model.in_force,
            caps=caps,
            capability=capability,
            need=need,
            wins=np.zeros(n, dtype=np.int64),
            win_gain=np.zeros(n),
        )

    @property
    def attention_spent(self) -> float:
        """Support units spent this month on training, facilitation, coaches and projects (from the parts)."""
        return float(self.training_cost + self.facilitation_cost + self.coach_cost + self.project_attention)
