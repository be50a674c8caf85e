"""What must hold of a model's state after every month (specification section 8).

``violations(model)`` returns a list of plain-language violations, empty when the state is sound.
Tests call it after every step; researchers can call it on their own runs. Every check recomputes
its quantity from a different part of the state than the code that produced it, so a bug can trip
it: the budget is rebuilt from training places, facilitated communities, coaches in place and the attention
each project slot holds, not read back from the month's own total.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from simulation.organisation import OrganisationModel

__all__ = ["violations"]

TOLERANCE = 1e-9


def violations(model: OrganisationModel) -> list[str]:
    """Every broken invariant of ``model``'s current state, as sentences."""
    found: list[str] = []
    found += _capabilities(model)
    found += _attention(model)
    found += _projects(model)
    found += _units(model)
    return found


def _capabilities(model: OrganisationModel) -> list[str]:
    wf = model.workforce
    found = []
    people = wf.people
    if not np.isfinite(people).all() or people.min() < -TOLERANCE or people.max() > 1.0 + TOLERANCE:
        found.append(f"capability outside [0, 1]: min {people.min():.6g}, max {people.max():.6g}")
    excess = people - wf.people_potential
    if excess.max() > TOLERANCE:
        k, i = np.unravel_index(int(excess.argmax()), excess.shape)
        found.append(
            f"person {i} holds capability {k} at {people[k, i]:.6g}, above their role potential "
            f"{wf.people_potential[k, i]:.6g}"
        )
    if np.any(wf.cap[:, wf.pad] != 0.0):
        found.append("the padding row of the capability array is not zero")
    if np.any(wf.cap[:, wf.coach] != model.params.coach_capability):
        found.append("the coaches' capability changed")
    return found


def _attention(model: OrganisationModel) -> list[str]:
    m, s, pb = model.month, model.unit_state, model.projects
    p = m.params  # the levers in force that month
    found = []
    if pb.attention.min() < 0 or s.attention.min() < 0:
        found.append("negative attention")
    ceiling = p.attention_ceiling * np.power(pb.difficulty, p.support_need_exponent)
    over = pb.attention - ceiling
    if over.max(initial=0.0) > TOLERANCE:
        i = int(over.argmax())
        found.append(f"a project holds {pb.attention[i]:.6g} support units, above its ceiling {ceiling[i]:.6g}")
    if (pb.committed > pb.attention + TOLERANCE).any():
        found.append("a project holds less attention than the reserve committed to it")
    coaches = int(np.count_nonzero(s.coached))
    facilitation = model.communities.n * p.cop_facilitation_cost if p.facilitated_cops else 0.0
    rebuilt = m.training_places * p.training_cost + facilitation + coaches * p.coach_cost + float(pb.attention.sum())
    if m.allocated and abs(rebuilt + m.unspent - p.total_budget) > 1e-6:
        found.append(
            f"attention does not add up: training, facilitation, coaches and projects {rebuilt:.6g} plus unspent "
            f"{m.unspent:.6g} differ from the budget {p.total_budget:.6g}"
        )
    per_unit = np.bincount(pb.unit, weights=pb.attention, minlength=p.n_units) + s.coached * p.coach_cost
    if not np.allclose(per_unit, s.attention, rtol=0, atol=1e-9):
        found.append("attention received by units disagrees with their projects and coaches")
    return found


def _projects(model: OrganisationModel) -> list[str]:
    p, wf, pb = model.params, model.workforce, model.projects
    found = []
    log, _ = pb.log()
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
    if (pb.progress[pb.active] >= 1.0).any():
        found.append("a project reached its goal but is still under way")
    return found


def _units(model: OrganisationModel) -> list[str]:
    p, s, wf = model.params, model.unit_state, model.workforce
    found = []
    if s.quality.min() < 0 or s.quality.max() > 1:
        found.append("unit quality outside [0, 1]")
    if s.track_record.min() < 0:
        found.append("negative track record")
    if s.successes.sum() != model.outputs.get("cumulative_succeeded", s.successes.sum()):
        found.append("units' successes disagree with the organisation's count since month 0")
    if wf.cop.max(initial=-1) >= model.communities.n:
        found.append("membership of a community that does not exist")
    members = np.bincount(wf.cop[wf.cop >= 0], minlength=model.communities.n)
    if members.max(initial=0) > p.community_size:
        found.append("a community has more members than community_size")
    return found
