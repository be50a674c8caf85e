"""Units (wards, departments, services): the Mesa agents of the model.

A unit's state lives in the model's arrays (``UnitState``), so the monthly processes run as vector
operations over all units at once; each ``Unit`` agent is a live, read-only view of its own entry. Anything a
Mesa user expects of an agent works: ``model.agents.select(lambda u: u.no_success)``,
``model.agents.agg("quality", max)``, ``model.agents.groupby("kind")``, and the DataCollector's
unit-level reporters read these properties.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from itertools import repeat

import mesa
import numpy as np

from simulation.capabilities import CAPABILITIES

__all__ = ["UNIT_OUTPUTS", "UNIT_REPORTS", "Unit", "UnitDataCollector", "UnitKind", "UnitState", "unit_columns"]


class UnitKind(Enum):
    CLINICAL = "clinical"
    NONCLINICAL = "non-clinical"


@dataclass
class UnitState:
    """Per-unit arrays (one entry per unit, indexed by ``Unit.index``)."""

    nonclinical: np.ndarray
    maturity: np.ndarray
    initial_capability: np.ndarray  # unit capability at month 0
    initial_quartile: np.ndarray  # 1 (least capable at month 0) .. 4
    quality: np.ndarray
    quality_baseline: np.ndarray  # quality at the start of the warm-up: gains decay toward it
    quality_month0: np.ndarray  # quality at month 0: improvement sustained is measured from it
    track_record: np.ndarray  # exponentially weighted count of successes: the unit's standing
    months_since_success: np.ndarray
    successes: np.ndarray  # since month 0
    failures: np.ndarray  # since month 0
    attention: np.ndarray  # support units received this month (projects and coach)
    coach_left: np.ndarray  # months of coaching left, counting this one; 0: no coach; below 0: resting after one
    coached: np.ndarray  # a coach was embedded in the unit this month
    capability: np.ndarray  # (capabilities x units) staff means, refreshed each collect


class Unit(mesa.Agent):
    """One unit of the organisation (a ward, department or service).

    ``name``, ``kind`` and ``initial_quartile`` are fixed; every other attribute is a live, read-only
    view of this unit's entry in the model's arrays (``capability`` and the per-capability values are
    the staff means as of the last ``collect``, the end of the last month).
    """

    def __init__(self, model: mesa.Model, index: int, kind: UnitKind, initial_quartile: int, name: str):
        super().__init__(model)
        self.index = index
        self.name = name
        self.kind = kind.value
        self.initial_quartile = initial_quartile

    @property
    def _state(self) -> UnitState:
        return self.model.unit_state

    @property
    def capability(self) -> float:
        """Mean over the seven capabilities of the staff's mean capability."""
        return float(self._state.capability[:, self.index].mean())

    @property
    def capability_profile(self) -> dict[str, float]:
        """This unit's staff mean on each capability."""
        return dict(zip(CAPABILITIES, self._state.capability[:, self.index].tolist(), strict=True))

    @property
    def quality(self) -> float:
        return float(self._state.quality[self.index])

    @property
    def attention(self) -> float:
        return float(self._state.attention[self.index])

    @property
    def track_record(self) -> float:
        return float(self._state.track_record[self.index])

    @property
    def months_since_success(self) -> int:
        return int(self._state.months_since_success[self.index])

    @property
    def successes(self) -> int:
        return int(self._state.successes[self.index])

    @property
    def failures(self) -> int:
        return int(self._state.failures[self.index])

    @property
    def no_success(self) -> bool:
        return self.successes == 0

    @property
    def left_behind(self) -> bool:
        return self.months_since_success >= self.model.params.left_behind_months

    @property
    def active_projects(self) -> int:
        return int(self.model.projects.active_in(self.index))

    @property
    def has_coach(self) -> bool:
        return bool(self._state.coached[self.index])

    def __repr__(self) -> str:
        return f"Unit({self.name}, {self.kind}, capability={self.capability:.3f})"


def _capability_property(column: int, name: str) -> property:
    def get(unit: Unit) -> float:
        return float(unit.model.unit_state.capability[column, unit.index])

    return property(get, doc=f"Staff mean {name} capability.")


for _column, _name in enumerate(CAPABILITIES):
    setattr(Unit, _name, _capability_property(_column, _name))


#: Unit-level outputs recorded each month, in column order (each is a ``Unit`` attribute).
UNIT_OUTPUTS: dict[str, str] = {
    "capability": "mean over the seven capabilities of the staff's mean",
    **{name: f"staff mean {name} capability" for name in CAPABILITIES},
    "quality": "quality level Q in [0, 1]",
    "attention": "support units received this month (projects and coach)",
    "track_record": "exponentially weighted count of recent successes (the unit's standing)",
    "months_since_success": "months since the unit's last successful project (the warm-up counts)",
    "successes": "projects succeeded since month 0",
    "failures": "projects floundered or timed out since month 0",
    "left_behind": "no success for left_behind_months or more",
    "no_success": "no success since month 0",
    "active_projects": "projects under way at the end of the month",
    "has_coach": "a coach was embedded in the unit this month",
}

#: DataCollector agent reporters: each output is the ``Unit`` attribute of the same name.
UNIT_REPORTS: dict[str, str] = {name: name for name in UNIT_OUTPUTS}

# Mesa 3.4+ keys agent records by ``model.time`` (a float), 3.3 by ``model.steps``.
_KEY_BY_TIME = tuple(int(x) for x in mesa.__version__.split(".")[:2]) >= (3, 4)


def unit_columns(model) -> list[list]:
    """The values of ``UNIT_OUTPUTS`` for every unit (in ``model.units`` order), one list per output."""
    s = model.unit_state
    columns = [
        s.capability.mean(axis=0),
        *s.capability,
        s.quality,
        s.attention,
        s.track_record,
        s.months_since_success,
        s.successes,
        s.failures,
        s.months_since_success >= model.params.left_behind_months,
        s.successes == 0,
        model.projects.active_per_unit(),
        s.coached,
    ]
    return [column.tolist() for column in columns]


class UnitDataCollector(mesa.DataCollector):
    """A ``mesa.DataCollector`` that records the unit reporters from the model's arrays in one pass.

    It stores exactly the records Mesa's own per-agent loop would (a test compares the two), but
    without a Python call per unit and output, which dominated the cost of large organisations.
    Any other agent reporters fall back to Mesa's loop.
    """

    def _record_agents(self, model):
        if list(self.agent_reporters) != list(UNIT_REPORTS) or len(model.agents) != len(model.units):
            return super()._record_agents(model)
        key = model.time if _KEY_BY_TIME else model.steps
        ids = [unit.unique_id for unit in model.units]
        return zip(repeat(key), ids, *unit_columns(model), strict=False)
