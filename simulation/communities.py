"""Communities of practice (CoPs): membership, recruitment, monthly meetings, carrying learning back.

Self-organised communities recruit keen, capable clinicians and managers (recruitment weight rises
with a person's capability, so strong units dominate); facilitated ones recruit evenly across units
and from every role, patient partners included when ``invite_patients`` is on (Wenger & Snyder 2000;
Martin 2021). At a meeting each attendee learns from ``cop_contacts`` other attendees, each of their
own profession with probability ``cop_exclusivity`` (Ferlie et al. 2005); learning grows with the
diversity of professions among those contacts, moves each capability at its experiential weight,
and stops at the learner's role potential: a nurse learns 'environment' from a manager only up to
what a nurse's role can reach. Everything is vectorised over attendees, so a month
costs O(members log members), never O(members^2).
"""

from __future__ import annotations

import numpy as np

from simulation.capabilities import SELF_ORGANISED_COP_ROLES, Role, experiential_weights
from simulation.params import ModelParams
from simulation.sampling import weighted_sample
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
        self.weights = experiential_weights(params)[:, None]

    def refresh(self, wf: Workforce, rng: np.random.Generator) -> None:
        """Members lapse (mean stay ``cop_membership_months``); vacancies are filled by recruitment."""
        members = (wf.cop >= 0).nonzero()[0]
        lapse = rng.random(members.size) < 1.0 / self.params.cop_membership_months
        wf.cop[members[lapse]] = -1
        self.recruit(wf, rng, members[~lapse])

    def recruit(self, wf: Workforce, rng: np.random.Generator, members: np.ndarray | None = None) -> None:
        """Fill every vacancy: facilitated communities evenly across units, others by keen, capable volunteers."""
        if members is None:
            members = (wf.cop >= 0).nonzero()[0]
        vacancies = np.maximum(self.size - np.bincount(wf.cop[members], minlength=self.n), 0)
        if not vacancies.any():
            return
        free = self.eligible_role & (wf.cop < 0)
        weight = self.base_weight * free
        if not self.params.facilitated_cops:
            # keen, capable people self-select
            weight *= (wf.people.sum(axis=0) / wf.cap.shape[0]) ** self.params.self_selection_exponent
        recruits = weighted_sample(weight, int(vacancies.sum()), rng)
        wf.cop[recruits] = np.repeat(np.arange(self.n), vacancies)[: recruits.size]

    def meet(self, wf: Workforce, rng: np.random.Generator) -> np.ndarray:
        """This month's meetings; returns the attendees (person indices) after they have learnt."""
        p = self.params
        members = (wf.cop >= 0).nonzero()[0]
        attendees = members[rng.random(members.size) < self.attendance]
        if attendees.size < 2:
            return attendees
        role = wf.role[attendees]
        k = p.cop_contacts
        own_profession = rng.random((attendees.size, k)) < p.cop_exclusivity
        contacts = _draw_contacts(wf.cop[attendees], role, own_profession, rng.random((attendees.size, k)))

        before = wf.cap[:, attendees]  # (capabilities, attendees)
        reach = wf.potential[:, attendees]
        gaps = np.zeros(before.shape)
        for column in contacts.T:  # mean gap to what each contact can teach (their level, capped at potential)
            gap = np.minimum(before[:, column], reach)
            gap -= before
            np.maximum(gap, 0.0, out=gap)
            gaps += gap
        gaps /= k
        present = np.concatenate([role[:, None], role[contacts]], axis=1)
        diversity = _row_blau(present)
        share = np.minimum(1.0, p.cop_learning_rate * (1.0 + p.diversity_bonus * diversity))  # of the mean gap
        moved = before + np.minimum(1.0, share * self.weights) * gaps
        wf.cap[:, attendees] = np.minimum(moved, np.maximum(before, reach))  # rounding never past potential
        wf.used[attendees] = True
        self._carry_back(wf, attendees)
        return attendees

    def _carry_back(self, wf: Workforce, attendees: np.ndarray) -> None:
        """Colleagues of attending staff move toward the best of what their unit's attendees now know."""
        rate = self.params.carry_back_rate
        staff = attendees[wf.is_staff[attendees]]
        if rate == 0 or staff.size == 0:
            return
        staff = np.sort(staff)  # staff are laid out by unit: the best of each unit's attendees in one pass
        unit = wf.unit[staff]
        first = np.concatenate([[True], unit[1:] != unit[:-1]]).nonzero()[0]
        units = unit[first]
        best = np.zeros((wf.cap.shape[0], wf.n_units))
        best[:, units] = np.maximum.reduceat(wf.cap[:, staff], first, axis=1)
        gap = wf.per_staff(best)  # toward the best attendee's level, capped at potential, in place
        np.minimum(gap, wf.staff_potential, out=gap)
        gap -= wf.staff
        np.maximum(gap, 0.0, out=gap)
        gap *= np.clip(rate * self.weights, 0.0, 1.0)
        wf.cap[:, : wf.n_staff] += gap

    def memberships(self, wf: Workforce) -> tuple[np.ndarray, np.ndarray]:
        """The unique (unit, community) pairs where a unit has staff in a community, sorted by unit."""
        staff = ((wf.cop >= 0) & wf.is_staff).nonzero()[0]
        keys = np.sort(wf.unit[staff] * self.n + wf.cop[staff])
        if keys.size:  # unique (a sort beats numpy's hash here); no member at all leaves no pair
            keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
        return keys // self.n, keys % self.n

    def diversity(self, wf: Workforce) -> float:
        """Mean Blau index of professions across communities with members."""
        members = (wf.cop >= 0).nonzero()[0]
        if members.size == 0:
            return 0.0
        table = np.bincount(wf.cop[members] * N_ROLES + wf.role[members], minlength=self.n * N_ROLES)
        table = table.reshape(self.n, N_ROLES).astype(float)
        sizes = table.sum(axis=1)
        filled = sizes > 0
        shares = table[filled] / sizes[filled, None]
        return float((1.0 - (shares * shares).sum(axis=1)).mean())


def _draw_contacts(cop: np.ndarray, role: np.ndarray, own_profession: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Positions of each attendee's contacts: a random attendee of the same community, of the same
    profession where ``own_profession`` (uniform draws ``u``, one column per contact)."""
    key = cop * N_ROLES + role
    order = np.argsort(key, kind="stable")
    counts = np.bincount(key, minlength=(int(cop.max()) + 1) * N_ROLES)
    ends = np.cumsum(counts)
    starts = ends - counts
    # group bounds: the attendee's (community, profession) block, or its whole community's block
    lo = np.where(own_profession, starts[key][:, None], starts[cop * N_ROLES][:, None])
    hi = np.where(own_profession, ends[key][:, None], ends[cop * N_ROLES + N_ROLES - 1][:, None])
    return order[lo + np.minimum((u * (hi - lo)).astype(np.int64), hi - lo - 1)]


def _row_blau(roles: np.ndarray) -> np.ndarray:
    """Blau index of each row of role codes: 1 - sum of squared shares = 1 - (pairs of equal codes) / n^2."""
    n = roles.shape[1]
    same = (roles[:, :, None] == roles[:, None, :]).sum(axis=(1, 2))  # ordered pairs of equal codes
    return 1.0 - same / (n * n)
