"""Hooks: measurements and interventions that a paired run inserts at fixed points of a run.

A hook has two moments, after Starsim's analyzers and ``Loop.insert``: ``start(model)`` at month 0,
after the warm-up and before the run's first month, and ``after_month(model)`` after every month of
the run. ``simulation.run_paired`` gives every run its own copy of each hook, and keeps the copies
with the run's result, so a hook can record what it saw. Hooks are how code outside this package
measures or perturbs a run (a knock-out, a year without quality gains): they live here, beside the
state they touch, and nothing outside ``simulation/`` assigns the model's internals.

    >>> from simulation import ModelParams, run_paired
    >>> from simulation.hooks import KnockOut
    >>> runs = run_paired({"halved": (ModelParams(), KnockOut([0]))}, seeds=[1], n_steps=12)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from simulation.organisation import OrganisationModel

__all__ = ["Hook", "KnockOut", "QualityGainsOff", "Record"]


class Hook:
    """A measurement or intervention inside a run; override either moment (both do nothing here)."""

    def start(self, model: OrganisationModel) -> None:
        """Month 0: the warm-up is over and the run's policy is in force; no month of the run has passed."""

    def after_month(self, model: OrganisationModel) -> None:
        """After each month of the run (``model.month.index`` is the month just ended, 1, 2, ...)."""


class KnockOut(Hook):
    """From month 0, the workforce holds ``factor`` of the given capabilities (indices into
    ``CAPABILITIES``): each person's current level and role potential are scaled, so newcomers and
    learning stay scaled too. A knock-out experiment: what is a capability worth?"""

    def __init__(self, capabilities: Iterable[int], factor: float = 0.5):
        self.capabilities = tuple(int(k) for k in capabilities)
        self.factor = float(factor)

    def start(self, model: OrganisationModel) -> None:
        workforce = model.workforce
        for k in self.capabilities:
            workforce.cap[k] *= self.factor
            workforce.potential[k] *= self.factor


class QualityGainsOff(Hook):
    """A measuring run for how fast quality gains fade: from the end of month ``start`` (0: month 0),
    no project or adoption adds quality for ``months`` months (``quality_gain`` set to 0 in the
    parameters in force). Records each unit's quality above its baseline when gains stop
    (``excess``) and ``months`` later (``held``); ``lost`` is the share of the gain gone by then."""

    def __init__(self, start: int = 0, months: int = 12):
        self.from_month, self.months = int(start), int(months)
        self.excess: np.ndarray | None = None
        self.held: np.ndarray | None = None

    def start(self, model: OrganisationModel) -> None:
        if self.from_month == 0:
            self._stop_gains(model)

    def after_month(self, model: OrganisationModel) -> None:
        month = model.month.index
        if month == self.from_month:
            self._stop_gains(model)
        if month == self.from_month + self.months:
            state = model.unit_state
            self.held = state.quality - state.quality_baseline

    def _stop_gains(self, model: OrganisationModel) -> None:
        state = model.unit_state
        self.excess = state.quality - state.quality_baseline
        model.in_force = model.in_force.replace(quality_gain=0.0)

    @property
    def lost(self) -> float:
        """Share of the units' quality above baseline when gains stopped that was gone ``months`` later
        (over the units that held a gain); NaN until the run has reached that month."""
        if self.excess is None or self.held is None:
            return float("nan")
        gained = self.excess > 1e-9
        return float(1.0 - self.held[gained].sum() / self.excess[gained].sum())


class Record(Hook):
    """Records ``measure(model)`` at the given months (0 is month 0, before the run's first month):
    ``values`` maps each month reached to what was measured then. The measure reads; it must not change
    the model."""

    def __init__(self, measure: Callable[[OrganisationModel], Any], months: Sequence[int] = (0,)):
        self.measure, self.months = measure, tuple(int(m) for m in months)
        self.values: dict[int, Any] = {}

    def start(self, model: OrganisationModel) -> None:
        if 0 in self.months:
            self.values[0] = self.measure(model)

    def after_month(self, model: OrganisationModel) -> None:
        month = model.month.index
        if month in self.months:
            self.values[month] = self.measure(model)
