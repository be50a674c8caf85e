"""What must hold of a model's state after every month (specification section 8).

``violations(model)`` returns a list of plain-language violations, empty when the state is sound.
Tests call it after every step; researchers can call it on their own runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from simulation.organisation import OrganisationModel

__all__ = ["violations"]

TOLERANCE = 1e-9


def violations(model: OrganisationModel, initial_headcount: np.ndarray | None = None) -> list[str]:
    """Every broken invariant of ``model``'s current state, as sentences."""
    p, wf, pb, s = model.params, model.workforce, model.projects, model.unit_state
    found: list[str] = []
    people = wf.people
    if not np.isfinite(people).all() or people.min() < 0.0 or people.max() > 1.0:
        found.append(f"capability outside [0, 1]: min {people.min():.6g}, max {people.max():.6g}")
    if np.any(wf.cap[:, wf.pad] != 0.0):
        found.append("the padding row of the capability array is not zero")
    spent = model.outputs["attention_spent"]
    if spent > p.total_budget + TOLERANCE:
        found.append(f"attention spent {spent:.6g} exceeds the budget {p.total_budget:.6g}")
    if s.attention.min() < 0 or pb.attention.min() < 0:
        found.append("negative attention")
    headcount = np.bincount(wf.unit[: wf.n_staff], minlength=p.n_units)
    if initial_headcount is not None and not np.array_equal(headcount, initial_headcount):
        found.append("unit headcount changed through turnover")
    if model.outputs["headcount"] != wf.n_staff or not np.array_equal(headcount, wf.headcount):
        found.append("reported headcount disagrees with the staff table")
    log = pb.log()
    ended_ids = log[:, 0]
    if np.unique(ended_ids).size != ended_ids.size:
        found.append("a project ended more than once")
    active_ids = pb.project_id[pb.active]
    if np.intersect1d(active_ids, ended_ids).size:
        found.append("a project is both active and ended")
    if ended_ids.size + active_ids.size != pb.next_id:
        found.append(f"{pb.next_id} projects opened but {ended_ids.size} ended and {active_ids.size} active")
    on_teams = pb.team[pb.active].ravel()
    on_teams = np.unique(on_teams[on_teams != wf.pad])
    if not np.array_equal(on_teams, np.flatnonzero(wf.busy[: wf.n_people])):
        found.append("busy flags disagree with the members of active project teams")
    if (pb.active_per_unit() > p.max_concurrent_projects).any():
        found.append("a unit runs more projects than max_concurrent_projects")
    if s.quality.min() < 0 or s.quality.max() > 1:
        found.append("unit quality outside [0, 1]")
    if s.track_record.min() < 0:
        found.append("negative track record")
    if wf.cop.max(initial=-1) >= model.communities.n:
        found.append("membership of a community that does not exist")
    members = np.bincount(wf.cop[wf.cop >= 0], minlength=model.communities.n)
    if members.max(initial=0) > p.community_size:
        found.append("a community has more members than community_size")
    return found
