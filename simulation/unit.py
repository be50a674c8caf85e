"""Units (wards, departments, services): the Mesa agents of the model.

A unit's state lives in the model's arrays (``UnitState``), so the monthly processes run as vector
operations over all units at once; each ``Unit`` agent is a live view of its own row. Anything a
Mesa user expects of an agent works: ``model.agents.select(lambda u: u.left_behind)``,
``model.agents.agg("quality", max)``, ``model.agents.groupby("kind")``, and the DataCollector's
unit-level reporters read these properties.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import mesa
import numpy as np

from simulation.capabilities import CAPABILITIES

__all__ = ["UNIT_OUTPUTS", "UNIT_REPORTS", "Unit", "UnitKind", "UnitState", "sync_units"]


class UnitKind(Enum):
    CLINICAL = "clinical"
    NONCLINICAL = "non-clinical"


@dataclass
class UnitState:
    """Per-unit arrays (one entry per unit, indexed by ``Unit.index``)."""

    nonclinical: np.ndarray
    maturity: np.ndarray
    initial_quartile: np.ndarray  # 1 (least capable at month 0) .. 4
    quality: np.ndarray
    quality_baseline: np.ndarray
    track_record: np.ndarray
    months_since_success: np.ndarray
    successes: np.ndarray
    failures: np.ndarray
    attention: np.ndarray  # support units received this month (projects and embedded facilitator)
    facilitator: np.ndarray  # an embedded facilitator this month
    capability: np.ndarray  # (capabilities x units) staff means, refreshed each collect


class Unit(mesa.Agent):
    """One unit of the organisation (a ward, department or service).

    ``name``, ``kind`` and ``initial_quartile`` are fixed; the other attributes are the unit's state
    at the end of the last month (refreshed by ``OrganisationModel.collect``, the last process of a
    month), read from the model's arrays, which remain the single source of truth.
    """

    def __init__(self, model: mesa.Model, index: int, kind: UnitKind, initial_quartile: int):
        super().__init__(model)
        self.index = index
        self.name = f"U{index + 1:03d}"
        self.kind = kind.value
        self.initial_quartile = initial_quartile

    @property
    def capability_profile(self) -> dict[str, float]:
        """This unit's staff mean on each capability."""
        return {name: getattr(self, name) for name in CAPABILITIES}

    def __repr__(self) -> str:
        return f"Unit({self.name}, {self.kind}, capability={getattr(self, 'capability', float('nan')):.3f})"


#: Unit-level outputs recorded each month, in column order (each is a ``Unit`` attribute).
UNIT_OUTPUTS: dict[str, str] = {
    "capability": "mean over the seven capabilities of the staff's mean",
    **{name: f"staff mean {name} capability" for name in CAPABILITIES},
    "quality": "quality level Q in [0, 1]",
    "attention": "support units received this month (projects and embedded facilitator)",
    "track_record": "exponentially weighted count of recent successes",
    "months_since_success": "months since the unit's last successful project",
    "successes": "projects succeeded since month 1",
    "failures": "projects floundered or timed out since month 1",
    "left_behind": "no success for left_behind_months or more",
    "active_projects": "projects under way at the end of the month",
    "has_facilitator": "a facilitator was embedded this month",
}

#: DataCollector agent reporters (attribute names).
UNIT_REPORTS: dict[str, str] = {name: name for name in UNIT_OUTPUTS}


def unit_columns(model) -> list[np.ndarray]:
    """The values of ``UNIT_OUTPUTS`` for every unit, one array per output, from the model's arrays."""
    s = model.unit_state
    caps = s.capability
    return [
        caps.mean(axis=0),
        *caps,
        s.quality,
        s.attention,
        s.track_record,
        s.months_since_success,
        s.successes,
        s.failures,
        s.months_since_success >= model.params.left_behind_months,
        model.projects.active_per_unit(),
        s.facilitator,
    ]


def sync_units(model, units: list[Unit]) -> None:
    """Copy the end-of-month state from the model's arrays onto the unit agents (one pass, no numpy scalars)."""
    names = tuple(UNIT_OUTPUTS)
    for unit, row in zip(units, zip(*(column.tolist() for column in unit_columns(model)), strict=True), strict=True):
        unit.__dict__.update(zip(names, row, strict=True))
