"""Scenarios A and B stepped month by month on one organisation and seed: the explorer's live page.

Both models start from the same warm-up (the first replication of ``teaching.explore.compare``),
so what a room watches diverge is the policy alone. The page reads the history of the headline
outputs and each unit's state this month (its capability, the leadership attention it received, no
success since month 0, a coach) from the models' own outputs and their units, Mesa agents.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from simulation import OrganisationModel, WarmUps, replicate_seed
from teaching.explore import MASTER_SEED, MODEL_COLUMNS, Organisation, Scenario, scenario_labels

__all__ = ["MonthByMonth"]


class MonthByMonth:
    """Scenarios A and B stepped month by month on one organisation and seed, for a live demonstration:
    the history of the headline outputs and each unit's state this month, from the models' own outputs
    and their units (Mesa agents)."""

    def __init__(self, a: Scenario, b: Scenario, where: Organisation, *, master_seed: int = MASTER_SEED):
        self.labels = scenario_labels(a, b)
        seed = replicate_seed(master_seed, 0)  # the first replication of the comparison
        kept = WarmUps(size=1)  # B starts from A's warm-up when they differ only in their levers
        self.models = tuple(
            OrganisationModel(s.params(where), rng=seed, roster=where.roster, warm_ups=kept) for s in (a, b)
        )
        self.rows: list[dict[str, Any]] = []
        self._record()

    @property
    def month(self) -> int:
        return int(self.models[0].steps)

    def step(self, months: int = 1) -> None:
        for _ in range(months):
            for model in self.models:
                model.step()
            self._record()

    def _record(self) -> None:
        for label, model in zip(self.labels, self.models, strict=True):
            state = model.unit_state
            capability = state.capability.mean(axis=0)
            row = {"scenario": label, "step": self.month, **{k: model.outputs[k] for k in MODEL_COLUMNS[1:]}}
            for quartile in (1, 4):
                row[f"capability_q{quartile}"] = float(capability[state.initial_quartile == quartile].mean())
            self.rows.append(row)

    def history(self) -> pd.DataFrame:
        """One row per scenario and month so far: the headline outputs, weakest and strongest quarters."""
        return pd.DataFrame(self.rows)

    def units(self) -> pd.DataFrame:
        """Each unit now: scenario, unit, capability at month 0 and now, attention this month, no success
        since month 0, a coach this month."""
        rows = []
        for label, model in zip(self.labels, self.models, strict=True):
            start = model.unit_state.initial_capability
            rows += [
                {
                    "scenario": label,
                    "unit": unit.name,
                    "start": float(start[unit.index]),
                    "now": unit.capability,
                    "attention": unit.attention,
                    "no_success": unit.no_success,
                    "coached": unit.has_coach,
                }
                for unit in model.units
            ]
        return pd.DataFrame(rows)
