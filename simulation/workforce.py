"""The practitioners: per-person state held in numpy arrays, one row per person.

Capabilities are stored capability-major, ``cap[k, i]`` for capability ``k`` of person ``i``, so
that every per-capability operation runs over one contiguous row. Staff are laid out contiguously by
unit (unit ``u`` owns columns ``offsets[u]:offsets[u+1]``), so per-unit aggregates are one
``reduceat`` and a unit value reaches its staff by one ``repeat``: no Python loop ever runs over
people. Patient and carer partners follow the staff; they are linked to a unit but never count as its
staff. Two sentinel columns close the array: ``pad`` (all zeros, the filler of short teams) and
``facilitator`` (an embedded facilitator's capability), so that a team is just a row of indices.

When a person leaves, the newcomer who replaces them takes the same row, role and unit, so unit
headcount is conserved by construction; the newcomer also takes over the leaver's place on any
project team (a replacement inherits the role in the project) but not their community membership.
"""

from __future__ import annotations

import numpy as np

from simulation.capabilities import CAPABILITIES, Role, profile_matrix
from simulation.params import ROLE_SHARE_FIELDS, ModelParams

__all__ = ["Workforce", "draw_maturity"]

N_CAP = len(CAPABILITIES)
NONCLINICAL_MIX = np.array([0.0, 0.0, 0.0, 0.15, 0.85])  # managers and support staff (assumption)


def draw_maturity(params: ModelParams, rng: np.random.Generator) -> np.ndarray:
    """Unit maturity: right-skewed (lognormal with mean ``initial_maturity``), clipped to [0.02, 1]."""
    sigma = params.initial_unevenness
    mu = np.log(params.initial_maturity) - sigma**2 / 2
    return np.clip(rng.lognormal(mu, sigma, params.n_units), 0.02, 1.0)


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
        """``levels``: (units x capabilities) scale of each unit's starting capability (its maturity on
        every capability, or a roster's assessed levels); ``counts``: (units x staff roles) headcount,
        drawn around ``staff_per_unit`` when not given."""
        self.params = params
        self._profiles = profile_matrix()
        n_units = params.n_units
        if counts is None:
            spu = params.staff_per_unit
            headcount = np.maximum(3, np.rint(rng.normal(spu, params.headcount_cv * spu, n_units))).astype(np.int64)
            clinical_mix = np.array([getattr(params, name) for name in ROLE_SHARE_FIELDS])
            mixes = np.where(nonclinical[:, None], NONCLINICAL_MIX[None, :], clinical_mix[None, :])
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
        self.facilitator = n_people + 1  # index of the embedded facilitator's row
        self.headcount = headcount
        self.offsets = np.concatenate([[0], np.cumsum(headcount)])
        self.role_counts = counts
        self.role = np.concatenate([staff_role, np.full(patient_unit.size, Role.PATIENT)]).astype(np.int64)
        self.unit = np.concatenate([staff_unit, patient_unit]).astype(np.int64)
        self.is_staff = np.arange(n_people) < n_staff
        self.tenure = np.zeros(n_people, dtype=np.int64)
        self.tenure[:n_staff] = rng.integers(0, 120, n_staff)  # staff have served up to ten years
        self.busy = np.zeros(n_people + 2, dtype=bool)  # on an active project team (sentinels never)
        self.cop = np.full(n_people, -1, dtype=np.int64)  # community of practice, -1 for none
        self.used = np.zeros(n_people, dtype=bool)  # capability exercised this month

        self.cap = np.zeros((N_CAP, n_people + 2))
        patient_level = np.full((patient_unit.size, N_CAP), params.newcomer_maturity)
        level = np.concatenate([np.asarray(levels, dtype=float)[staff_unit], patient_level])
        self.cap[:, :n_people] = self._draw(self.role, level, rng)
        self.cap[:, self.facilitator] = params.facilitator_capability

    # --- views -------------------------------------------------------------------------------
    @property
    def people(self) -> np.ndarray:
        """(capabilities x people) of real people (staff, then patient partners): a view, not a copy."""
        return self.cap[:, : self.n_people]

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

    def unit_strong_level(self, means: np.ndarray) -> np.ndarray:
        """(capabilities x units) mean of the members at or above their unit's mean: the stronger members."""
        staff = self.staff
        strong = staff >= self.per_staff(means)
        counts = self.unit_sums(strong.astype(np.float64))
        return self.unit_sums(np.where(strong, staff, 0.0)) / np.maximum(counts, 1.0)

    # --- changes -----------------------------------------------------------------------------
    def _draw(self, roles: np.ndarray, level: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """(capabilities x people) capabilities: level x role profile + noise, clipped to [0, 1].

        ``level`` is one value per person, or one per person and capability."""
        level = level[:, None] if level.ndim == 1 else level
        base = (level * self._profiles[roles]).T
        noise = rng.normal(0.0, self.params.capability_noise, base.shape)
        return np.clip(base + noise, 0.0, 1.0)

    def replace(self, people: np.ndarray, rng: np.random.Generator) -> None:
        """Leavers ``people`` are replaced by newcomers of the same role with newcomer capability."""
        level = np.full(people.size, self.params.newcomer_maturity)
        self.cap[:, people] = self._draw(self.role[people], level, rng)
        self.tenure[people] = 0
        self.cop[people] = -1
