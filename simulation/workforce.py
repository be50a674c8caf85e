"""The practitioners: per-person state held in numpy arrays, one row per person.

Capabilities are stored capability-major, ``cap[k, i]`` for capability ``k`` of person ``i``, so
that every per-capability operation runs over one contiguous row. Staff are laid out contiguously by
unit (unit ``u`` owns columns ``offsets[u]:offsets[u+1]``), so per-unit aggregates are one
``reduceat`` and a unit value reaches its staff by one ``repeat``: no Python loop ever runs over
people. Patient and carer partners follow the staff; they are linked to a unit but never count as its
staff. Two sentinel columns close the array: ``pad`` (all zeros, the filler of short teams) and ``coach``
(a nurturing coach's capability), so that a team is just a row of indices.

Every person has a **role potential** per capability (``potential``, same layout): what their role can
reach with experience. Starting capability is the unit's maturity times that potential plus noise,
clipped to [0, potential]; every learning route moves people toward their potential, never past it.

When a person leaves, the newcomer who replaces them takes the same row, role and unit, so unit
headcount is conserved by construction; the newcomer also takes over the leaver's place on any
project team (a replacement inherits the role in the project) but not their community membership.
"""

from __future__ import annotations

import numpy as np

from simulation.capabilities import CAPABILITIES, ROLE_STRENGTHS, Role, potential_matrix
from simulation.params import ROLE_SHARE_FIELDS, ModelParams

__all__ = ["Workforce", "draw_maturity"]

N_CAP = len(CAPABILITIES)


def draw_maturity(params: ModelParams, rng: np.random.Generator) -> np.ndarray:
    """Unit maturity: right-skewed (lognormal with mean ``initial_maturity``), clipped to [min_maturity, 1]."""
    sigma = params.initial_unevenness
    mu = np.log(params.initial_maturity) - sigma**2 / 2
    return np.clip(rng.lognormal(mu, sigma, params.n_units), params.min_maturity, 1.0)


class Workforce:
    """Capability, role, unit, tenure and activity flags of every person, as arrays."""

    def __init__(
        self,
        params: ModelParams,
        rng: np.random.Generator,
        nonclinical: np.ndarray,
        levels: np.ndarray,
        counts: np.ndarray | None = None,
    ):
        """``levels``: (units x capabilities) each unit's starting share of potential (its maturity on
        every capability, or a roster's assessed levels); ``counts``: (units x staff roles) headcount,
        drawn around ``staff_per_unit`` when not given."""
        self.params = params
        self._potentials = potential_matrix(params)  # (roles x capabilities)
        # patient partners' starting share of potential: their lived experience on what they are strong in
        # (problem, context), whatever the unit's maturity; a newcomer's level on the rest
        lived = np.isin(CAPABILITIES, ROLE_STRENGTHS[Role.PATIENT])
        self._patient_level = np.where(lived, params.patient_lived_experience, params.newcomer_maturity)
        n_units = params.n_units
        if counts is None:
            spu = params.staff_per_unit
            drawn = np.rint(rng.normal(spu, params.headcount_cv * spu, n_units))
            headcount = np.maximum(params.min_headcount, drawn).astype(np.int64)
            clinical_mix = np.array([getattr(params, name) for name in ROLE_SHARE_FIELDS])
            nonclinical_mix = np.zeros(len(ROLE_SHARE_FIELDS))
            nonclinical_mix[[Role.MANAGER, Role.SUPPORT]] = params.nonclinical_managers, 1 - params.nonclinical_managers
            mixes = np.where(nonclinical[:, None], nonclinical_mix[None, :], clinical_mix[None, :])
            counts = rng.multinomial(headcount, mixes)  # (units, staff roles)
        counts = np.asarray(counts, dtype=np.int64)
        headcount = counts.sum(axis=1)
        staff_role = np.repeat(np.tile(np.arange(counts.shape[1]), n_units), counts.ravel())
        staff_unit = np.repeat(np.arange(n_units), headcount)
        n_staff = int(headcount.sum())
        ppu = params.patient_partners_per_unit
        patient_unit = np.repeat(np.arange(n_units), ppu)
        n_people = n_staff + patient_unit.size

        self.n_units = n_units
        self.n_staff = n_staff
        self.n_people = n_people
        self.pad = n_people  # index of the all-zero sentinel row
        self.coach = n_people + 1  # index of the coaches' row
        self.headcount = headcount
        self.offsets = np.concatenate([[0], np.cumsum(headcount)])
        self.role_counts = counts
        self.role = np.concatenate([staff_role, np.full(patient_unit.size, Role.PATIENT)]).astype(np.int64)
        self.unit = np.concatenate([staff_unit, patient_unit]).astype(np.int64)
        self.is_staff = np.arange(n_people) < n_staff
        # who does a team's technical work: staff and the coach (not patient partners, not the pad)
        self.does_technical = np.concatenate([self.is_staff, [False, True]])
        self.tenure = np.zeros(n_people, dtype=np.int64)
        self.tenure[:n_staff] = rng.integers(0, params.max_initial_tenure_months, n_staff)
        self.busy = np.zeros(n_people + 2, dtype=bool)  # on an active project team (sentinels never)
        self.cop = np.full(n_people, -1, dtype=np.int64)  # community of practice, -1 for none
        self.used = np.zeros(n_people, dtype=bool)  # capability exercised this month

        self.potential = np.zeros((N_CAP, n_people + 2))
        self.potential[:, :n_people] = self._potentials[self.role].T
        self.potential[:, self.coach] = params.coach_capability
        self.cap = np.zeros((N_CAP, n_people + 2))
        patient_level = np.repeat(self._patient_level[None, :], patient_unit.size, axis=0)
        level = np.concatenate([np.asarray(levels, dtype=float)[staff_unit], patient_level])
        self.cap[:, :n_people] = self._draw(np.arange(n_people), level, rng)
        self.cap[:, self.coach] = params.coach_capability

    # --- views -------------------------------------------------------------------------------
    @property
    def people(self) -> np.ndarray:
        """(capabilities x people) of real people (staff, then patient partners): a view, not a copy."""
        return self.cap[:, : self.n_people]

    @property
    def people_potential(self) -> np.ndarray:
        """(capabilities x people) role potentials of real people: a view."""
        return self.potential[:, : self.n_people]

    @property
    def staff_potential(self) -> np.ndarray:
        """(capabilities x staff) role potentials of staff: a view."""
        return self.potential[:, : self.n_staff]

    @property
    def staff(self) -> np.ndarray:
        """(capabilities x staff): a view, not a copy."""
        return self.cap[:, : self.n_staff]

    def per_staff(self, unit_values: np.ndarray) -> np.ndarray:
        """Spread per-unit values (last axis: units) to each unit's staff (last axis: staff)."""
        return np.repeat(unit_values, self.headcount, axis=-1)

    def unit_sums(self, staff_values: np.ndarray) -> np.ndarray:
        """Sum staff values (last axis: staff) within each unit (last axis: units)."""
        return np.add.reduceat(staff_values, self.offsets[:-1], axis=-1)

    def unit_means(self) -> np.ndarray:
        """(capabilities x units) mean capability of each unit's staff."""
        return self.unit_sums(self.staff) / self.headcount

    # --- changes -----------------------------------------------------------------------------
    def _draw(self, people: np.ndarray, level: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """(capabilities x people) capabilities: level x potential + noise, clipped to [0, potential].

        ``level`` is one share of potential per person, or one per person and capability."""
        level = level[:, None] if level.ndim == 1 else level
        potential = self.potential[:, people]
        base = level.T * potential
        noise = rng.normal(0.0, self.params.capability_noise, base.shape)
        return np.clip(base + noise, 0.0, potential)

    def replace(self, people: np.ndarray, rng: np.random.Generator) -> None:
        """Leavers ``people`` are replaced by newcomers of the same role: staff at ``newcomer_maturity`` of
        potential, patient partners with their lived experience (they bring it with them)."""
        level = np.full((people.size, N_CAP), self.params.newcomer_maturity)
        level[self.role[people] == Role.PATIENT] = self._patient_level
        self.cap[:, people] = self._draw(people, level, rng)
        self.tenure[people] = 0
        self.cop[people] = -1
