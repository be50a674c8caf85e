"""Model-level outputs (ODD element 7 of the spec's section 7), computed once per month.

``model_outputs(model)`` computes every output from the model's state into a plain dict of floats
and ints; the DataCollector's reporters only read that dict, so they have no side effects and return
immutable values (Mesa 3.5 calls a reporter twice on the first collect; 3.3 keeps references).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from simulation import rules
from simulation.capabilities import CAPABILITIES, TECHNICAL

if TYPE_CHECKING:
    from simulation.organisation import OrganisationModel

__all__ = ["MODEL_OUTPUTS", "MODEL_REPORTS", "MonthCounters", "model_outputs"]


@dataclass
class MonthCounters:
    """Events counted during the current month (reset at the start of each step)."""

    started: int = 0
    ended: dict[int, int] = field(default_factory=lambda: dict.fromkeys((1, 2, 3), 0))
    training_places: int = 0
    trainees: int = 0
    cop_attendees: int = 0
    adoptions: int = 0
    leavers: int = 0
    attention_spent: float = 0.0

    def reset(self) -> None:
        self.__init__()


#: Names of the model-level outputs, in column order, with their meaning.
MODEL_OUTPUTS: dict[str, str] = {
    "mean_capability": "mean over staff of the mean of the seven capabilities",
    **{f"capability_{c}": f"mean {c} capability of staff" for c in CAPABILITIES},
    "gini_capability": "Gini of unit capability across units",
    "top_bottom_ratio": "mean capability of the top quartile of units over the bottom quartile",
    "share_left_behind": "share of units with no success in the last left_behind_months",
    "projects_active": "projects under way at the end of the month",
    "projects_started": "projects started this month",
    "projects_succeeded": "projects that succeeded this month",
    "projects_floundered": "projects that floundered this month",
    "projects_timed_out": "projects that timed out this month",
    "cumulative_started": "projects started since month 1",
    "cumulative_succeeded": "projects succeeded since month 1",
    "cumulative_floundered": "projects floundered since month 1",
    "cumulative_timed_out": "projects timed out since month 1",
    "success_rate": "succeeded / ended since month 1 (NaN before any project ended)",
    "practices_adopted": "adoptions of a success by another unit this month",
    "cumulative_adopted": "adoptions since month 1",
    "mean_quality": "mean unit quality Q",
    "gini_attention": "Gini of attention received across units this month",
    "attention_spent": "support units spent this month (projects, facilitators, training, facilitation)",
    "attention_budget": "support units available this month (attention_budget x n_units)",
    "facilitators": "facilitators embedded in units this month",
    "trainees": "people trained this month",
    "cop_members": "members of communities of practice",
    "cop_attendees": "members who attended a meeting this month",
    "cop_diversity": "mean Blau index of professions within communities",
    "share_technically_skilled": "share of staff with technical skill above technical_skill_threshold",
    "headcount": "staff headcount (patient partners excluded)",
    "leavers": "staff who left this month",
}


def model_outputs(model: OrganisationModel) -> dict[str, float]:
    """Every model-level output for the model's current state."""
    p, wf, s, m = model.params, model.workforce, model.unit_state, model.months
    staff = wf.staff
    unit_capability = s.capability.mean(axis=0)
    prev = model.outputs
    cumulative = {
        "cumulative_started": prev.get("cumulative_started", 0) + m.started,
        "cumulative_succeeded": prev.get("cumulative_succeeded", 0) + m.ended[1],
        "cumulative_floundered": prev.get("cumulative_floundered", 0) + m.ended[2],
        "cumulative_timed_out": prev.get("cumulative_timed_out", 0) + m.ended[3],
        "cumulative_adopted": prev.get("cumulative_adopted", 0) + m.adoptions,
    }
    ended = (
        cumulative["cumulative_succeeded"] + cumulative["cumulative_floundered"] + cumulative["cumulative_timed_out"]
    )
    per_capability = (staff.sum(axis=1) / wf.n_staff).tolist()
    ranked = np.sort(unit_capability)
    out = {
        "mean_capability": math.fsum(per_capability) / len(per_capability),  # same bits on every Python
        **{f"capability_{c}": per_capability[i] for i, c in enumerate(CAPABILITIES)},
        "gini_capability": rules.gini(ranked),
        "top_bottom_ratio": rules.top_bottom_ratio(ranked),
        "share_left_behind": int(np.count_nonzero(s.months_since_success >= p.left_behind_months)) / p.n_units,
        "projects_active": int(np.count_nonzero(model.projects.active)),
        "projects_started": m.started,
        "projects_succeeded": m.ended[1],
        "projects_floundered": m.ended[2],
        "projects_timed_out": m.ended[3],
        **cumulative,
        "success_rate": cumulative["cumulative_succeeded"] / ended if ended else float("nan"),
        "practices_adopted": m.adoptions,
        "mean_quality": float(s.quality.sum()) / p.n_units,
        "gini_attention": rules.gini(s.attention),
        "attention_spent": m.attention_spent,
        "attention_budget": p.total_budget,
        "facilitators": int(s.facilitator.sum()),
        "trainees": m.trainees,
        "cop_members": int(np.count_nonzero(wf.cop >= 0)),
        "cop_attendees": m.cop_attendees,
        "cop_diversity": model.communities.diversity(wf),
        "share_technically_skilled": int(np.count_nonzero(staff[TECHNICAL] > p.technical_skill_threshold)) / wf.n_staff,
        "headcount": wf.n_staff,
        "leavers": m.leavers,
    }
    return {name: out[name] for name in MODEL_OUTPUTS}


def _reader(name: str):
    return lambda model: model.outputs[name]


#: DataCollector model reporters: each only reads ``model.outputs``.
MODEL_REPORTS = {name: _reader(name) for name in MODEL_OUTPUTS}
