"""Model-level outputs (the specification's section 7), computed once per month.

``model_outputs(model)`` computes every output from the model's state and the month's record into a
plain dict of floats and ints; the DataCollector's reporters only read that dict, so they have no
side effects and return immutable values (Mesa 3.5 calls a reporter twice on the first collect;
3.3 keeps references). Cumulative outputs count from month 0, the end of the warm-up.

The headline output is **improvement delivered**: the quality points units gained from successful
projects and adopted practice since month 0, summed over units (a success on the right problem in a
unit at quality 0.5 delivers ``quality_gain x 0.5``). Project counts are secondary. "Units with no
success" comes with its **throughput null**: the share of units that would have had none had the
same number of successes fallen on units at random, so that concentration can be told apart from
low throughput.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from simulation import rules
from simulation.capabilities import CAPABILITIES, TECHNICAL

if TYPE_CHECKING:
    from simulation.organisation import OrganisationModel

__all__ = ["CUMULATIVE", "MODEL_OUTPUTS", "MODEL_REPORTS", "model_outputs"]

#: Names of the model-level outputs, in column order, with their meaning.
MODEL_OUTPUTS: dict[str, str] = {
    "improvement_delivered": "quality points gained since month 0 by successes and adoptions, summed over units",
    "improvement_sustained": "quality points above each unit's month-0 quality still held, summed over units",
    "quality_gained": "quality points gained this month",
    "mean_quality": "mean unit quality Q",
    "mean_capability": "mean over staff of the mean of the seven capabilities",
    **{f"capability_{c}": f"mean {c} capability of staff" for c in CAPABILITIES},
    "gini_capability": "Gini of unit capability across units",
    "top_bottom_ratio": "mean capability of the top quartile of units over the bottom quartile",
    "share_no_success": "share of units with no successful project since month 0",
    "share_no_success_null": "that share if the same number of successes had fallen on units at random",
    "share_left_behind": "share of units with no success in the last left_behind_months (the warm-up counts)",
    "projects_active": "projects under way at the end of the month",
    "projects_started": "projects started this month",
    "projects_succeeded": "projects that succeeded this month",
    "projects_floundered": "projects that floundered this month",
    "projects_timed_out": "projects that timed out this month",
    "cumulative_started": "projects started since month 0",
    "cumulative_succeeded": "projects succeeded since month 0",
    "cumulative_floundered": "projects floundered since month 0",
    "cumulative_timed_out": "projects timed out since month 0",
    "success_rate": "succeeded / ended since month 0 (NaN before any project ended)",
    "practices_adopted": "adoptions of a success by another unit this month",
    "cumulative_adopted": "adoptions since month 0",
    "gini_attention": "Gini of attention received across units this month",
    "attention_budget": "support units available this month (attention_budget x n_units)",
    "attention_spent": "support units spent this month (training, facilitation, coaches, projects)",
    "attention_unspent": "support units no project could use this month (every project at the ceiling)",
    "attention_committed": "support units the nurture reserve committed to projects this month",
    "coaches": "coaches embedded in units this month",
    "mentees": "staff mentored by coaches this month",
    "trainees": "people trained this month",
    "cop_members": "members of communities of practice",
    "cop_attendees": "members who attended a meeting this month",
    "cop_diversity": "mean Blau index of professions within communities",
    "share_technically_skilled": "share of staff with technical skill above technical_skill_threshold",
    "headcount": "staff headcount (patient partners excluded)",
    "leavers": "staff who left this month",
}

#: Cumulative outputs and the month's counter each adds up.
CUMULATIVE: dict[str, str] = {
    "improvement_delivered": "quality_gained",
    "cumulative_started": "projects_started",
    "cumulative_succeeded": "projects_succeeded",
    "cumulative_floundered": "projects_floundered",
    "cumulative_timed_out": "projects_timed_out",
    "cumulative_adopted": "practices_adopted",
}


def model_outputs(model: OrganisationModel) -> dict[str, float]:
    """Every model-level output for the model's current state."""
    p, m, s, wf = model.params, model.month, model.unit_state, model.workforce
    staff = wf.staff
    unit_capability = s.capability.mean(axis=0)
    month = {
        "quality_gained": m.quality_gained,
        "projects_started": m.started,
        "projects_succeeded": m.ended[1],
        "projects_floundered": m.ended[2],
        "projects_timed_out": m.ended[3],
        "practices_adopted": m.adoptions,
    }
    prev = model.outputs  # empty at month 0, where every count since month 0 starts at zero
    cumulative = {name: prev[name] + month[counter] if prev else 0 for name, counter in CUMULATIVE.items()}
    ended = (
        cumulative["cumulative_succeeded"] + cumulative["cumulative_floundered"] + cumulative["cumulative_timed_out"]
    )
    per_capability = (staff.sum(axis=1) / wf.n_staff).tolist()
    ranked = np.sort(unit_capability)
    out = {
        **month,
        **cumulative,
        "improvement_sustained": math.fsum((s.quality - s.quality_month0).tolist()),
        "mean_quality": math.fsum(s.quality.tolist()) / p.n_units,
        "mean_capability": math.fsum(per_capability) / len(per_capability),  # same bits on every Python
        **{f"capability_{c}": per_capability[i] for i, c in enumerate(CAPABILITIES)},
        "gini_capability": rules.gini(ranked),
        "top_bottom_ratio": rules.top_bottom_ratio(ranked),
        "share_no_success": int(np.count_nonzero(s.successes == 0)) / p.n_units,
        "share_no_success_null": rules.no_success_null(p.n_units, int(cumulative["cumulative_succeeded"])),
        "share_left_behind": int(np.count_nonzero(s.months_since_success >= p.left_behind_months)) / p.n_units,
        "projects_active": int(np.count_nonzero(model.projects.active)),
        "success_rate": cumulative["cumulative_succeeded"] / ended if ended else float("nan"),
        "gini_attention": rules.gini(s.attention),
        "attention_budget": p.total_budget,
        "attention_spent": m.attention_spent,
        "attention_unspent": m.unspent,
        "attention_committed": m.committed,
        "coaches": int(np.count_nonzero(s.coached)),
        "mentees": m.mentees,
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
