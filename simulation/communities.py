"""Communities of practice (CoPs): membership, recruitment, monthly meetings, carrying learning back.

Self-organised communities recruit keen, capable clinicians and managers (recruitment weight rises
with a person's capability, so strong units dominate); facilitated ones recruit evenly across units
and from every role, patient partners included when ``invite_patients`` is on (Wenger & Snyder 2000;
Martin 2021). At a meeting each attendee learns from ``cop_contacts`` other attendees, each of their
own profession with probability ``cop_exclusivity`` (Ferlie et al. 2005); learning grows with the
diversity of professions among those contacts. Everything is vectorised over attendees, so a month
costs O(members log members), never O(members^2).
"""

from __future__ import annotations

import numpy as np

from simulation import rules
from simulation.capabilities import SELF_ORGANISED_COP_ROLES, Role
from simulation.params import ModelParams
from simulation.workforce import Workforce

__all__ = ["Communities"]

N_ROLES = len(Role)


class Communities:
    """The organisation's communities of practice; membership lives in ``Workforce.cop``."""

    def __init__(self, params: ModelParams, wf: Workforce):
        self.params = params
        self.n = params.n_communities
        roles = list(Role) if params.facilitated_cops else list(SELF_ORGANISED_COP_ROLES)
        if params.facilitated_cops and not params.invite_patients:
            roles.remove(Role.PATIENT)
        self.eligible_role = np.isin(wf.role, roles)
        if params.facilitated_cops:  # every unit has the same total chance of a recruit
            per_unit = wf.headcount + params.patient_partners_per_unit * params.invite_patients
            self.base_weight = 1.0 / per_unit[wf.unit]
        else:
            self.base_weight = np.ones(wf.n_people)
        self.attendance = params.attendance_facilitated if params.facilitated_cops else params.attendance_self_organised
        self.size = params.community_size

    def refresh(self, wf: Workforce, rng: np.random.Generator) -> None:
        """Members lapse (mean stay ``cop_membership_months``); vacancies are filled by recruitment."""
        members = np.flatnonzero(wf.cop >= 0)
        lapse = rng.random(members.size) < 1.0 / self.params.cop_membership_months
        wf.cop[members[lapse]] = -1
        self.recruit(wf, rng)

    def recruit(self, wf: Workforce, rng: np.random.Generator) -> None:
        counts = np.bincount(wf.cop[wf.cop >= 0], minlength=self.n)
        vacancies = np.maximum(self.size - counts, 0)
        total = int(vacancies.sum())
        if total == 0:
            return
        weight = self.base_weight * (self.eligible_role & (wf.cop < 0))
        if not self.params.facilitated_cops:
            weight = weight * (wf.people.sum(axis=0) / wf.cap.shape[0]) ** 2  # keen, capable people self-select
        candidates = int(np.count_nonzero(weight))
        total = min(total, candidates)
        if total == 0:
            return
        recruits = rng.choice(wf.n_people, size=total, replace=False, p=weight / weight.sum())
        wf.cop[recruits] = np.repeat(np.arange(self.n), vacancies)[:total]

    def meet(self, wf: Workforce, rng: np.random.Generator) -> np.ndarray:
        """This month's meetings; returns the attendees (person indices) after they have learnt."""
        p = self.params
        members = np.flatnonzero(wf.cop >= 0)
        attendees = members[rng.random(members.size) < self.attendance]
        if attendees.size < 2:
            return attendees
        cop = wf.cop[attendees]
        role = wf.role[attendees]
        k = p.cop_contacts
        own_profession = rng.random((attendees.size, k)) < p.cop_exclusivity
        draw = rng.random((attendees.size, k))
        same_role = _draw_within(cop * N_ROLES + role, draw)
        anyone = _draw_within(cop, draw)
        contacts = np.where(own_profession, same_role, anyone)  # positions within ``attendees``

        before = wf.cap[:, attendees]  # (capabilities, attendees)
        gaps = np.maximum(0.0, before[:, contacts] - before[:, :, None]).mean(axis=2)
        present = np.concatenate([role[:, None], role[contacts]], axis=1)
        diversity = _row_blau(present)
        wf.cap[:, attendees] = before + p.cop_learning_rate * (1.0 + p.diversity_bonus * diversity) * gaps
        wf.used[attendees] = True
        self._carry_back(wf, attendees)
        return attendees

    def _carry_back(self, wf: Workforce, attendees: np.ndarray) -> None:
        """Colleagues of attending staff move toward the best of what their unit's attendees now know."""
        rate = self.params.carry_back_rate
        staff = attendees[wf.is_staff[attendees]]
        if rate == 0 or staff.size == 0:
            return
        units = wf.unit[staff]
        order = np.lexsort((units,))
        units, staff = units[order], staff[order]
        first = np.flatnonzero(np.r_[True, units[1:] != units[:-1]])
        best = np.zeros((wf.cap.shape[0], wf.n_units))
        best[:, units[first]] = np.maximum.reduceat(wf.cap[:, staff], first, axis=1)
        wf.staff[:] = rules.toward(wf.staff, wf.per_staff(best), rate)

    def incidence(self, wf: Workforce) -> np.ndarray:
        """(units x communities) True where a unit has a staff member in a community."""
        out = np.zeros((wf.n_units, self.n), dtype=bool)
        staff = np.flatnonzero((wf.cop >= 0) & wf.is_staff)
        out[wf.unit[staff], wf.cop[staff]] = True
        return out

    def diversity(self, wf: Workforce) -> float:
        """Mean Blau index of professions across communities with members."""
        members = wf.cop >= 0
        if not members.any():
            return 0.0
        table = np.zeros((self.n, N_ROLES))
        np.add.at(table, (wf.cop[members], wf.role[members]), 1)
        filled = table.sum(axis=1) > 0
        return float(np.mean([rules.blau_index(row) for row in table[filled]]))


def _draw_within(group: np.ndarray, u: np.ndarray) -> np.ndarray:
    """For each row i, positions of random members of group[i] (uniform ``u`` in [0, 1), one per column)."""
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    first = np.searchsorted(sorted_group, group, side="left")
    count = np.searchsorted(sorted_group, group, side="right") - first
    pick = first[:, None] + np.minimum((u * count[:, None]).astype(np.int64), count[:, None] - 1)
    return order[pick]


def _row_blau(roles: np.ndarray) -> np.ndarray:
    """Blau index of each row of role codes."""
    counts = (roles[:, :, None] == np.arange(N_ROLES)).sum(axis=1)
    share = counts / roles.shape[1]
    return 1.0 - (share * share).sum(axis=1)
