"""Improvement projects: a fixed table of project slots, ``max_concurrent_projects`` per unit.

Slot ``s`` belongs to unit ``s // max_concurrent_projects``, so a unit can never exceed its limit and
everything about projects is a vector operation over slots. A team is a row of person indices:
``team_size`` staff columns and one patient-partner column, padded with the workforce's all-zero
sentinel row. Every project that ends is written once to the project log, with whether its team
worked on the right problem and the quality it delivered.

Each slot also holds this month's ``attention`` and the support ``committed`` to it by the nurture
reserve (kept until the project ends, never above the ceiling).
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from simulation import rules
from simulation.capabilities import TECHNICAL
from simulation.params import ModelParams
from simulation.workforce import Workforce

__all__ = ["Outcome", "ProjectBook", "team_strength"]


class Outcome(IntEnum):
    """Ways a project ends (codes stored in the project log); 0 means still under way."""

    SUCCEEDED = 1
    FLOUNDERED = 2
    TIMED_OUT = 3


OUTCOME_NAMES = {int(o): o.name.lower() for o in Outcome}


class ProjectBook:
    """State of every project slot, and the log of ended projects."""

    def __init__(self, params: ModelParams, workforce: Workforce):
        self.slots_per_unit = params.max_concurrent_projects
        n = params.n_units * self.slots_per_unit
        self.unit = np.repeat(np.arange(params.n_units), self.slots_per_unit)
        self.active = np.zeros(n, dtype=bool)
        self.project_id = np.full(n, -1, dtype=np.int64)
        self.start_month = np.zeros(n, dtype=np.int64)
        self.difficulty = np.ones(n)
        self.progress = np.zeros(n)
        self.aligned = np.zeros(n, dtype=bool)
        self.right_problem = np.zeros(n, dtype=bool)
        self.months_unsupported = np.zeros(n, dtype=np.int64)
        self.attention = np.zeros(n)
        self.committed = np.zeros(n)
        self.team = np.full((n, params.team_size + 1), workforce.pad, dtype=np.int64)
        self.next_id = 0
        self._log: list[np.ndarray] = []  # rows: id, unit, start, end, outcome, right problem
        self._gains: list[np.ndarray] = []  # quality delivered by each logged project
        # largest profession of each unit, for the single_profession team rule
        self.largest_role = workforce.role_counts.argmax(axis=1)

    # --- starting -----------------------------------------------------------------------------
    def active_per_unit(self) -> np.ndarray:
        return self.active.reshape(-1, self.slots_per_unit).sum(axis=1)

    def active_in(self, unit: int) -> int:
        k = self.slots_per_unit
        return int(self.active[unit * k : (unit + 1) * k].sum())

    def launch(
        self,
        units: np.ndarray,
        teams: np.ndarray,
        month: int,
        difficulty: np.ndarray,
        aligned: np.ndarray,
        right_problem: np.ndarray,
        wf: Workforce,
    ) -> None:
        """Open one project in the first free slot of each unit in ``units`` with the given teams."""
        free = ~self.active.reshape(-1, self.slots_per_unit)[units]
        slots = units * self.slots_per_unit + free.argmax(axis=1)
        k = slots.size
        self.active[slots] = True
        self.project_id[slots] = np.arange(self.next_id, self.next_id + k)
        self.next_id += k
        self.start_month[slots] = month
        self.difficulty[slots] = difficulty
        self.progress[slots] = 0.0
        self.aligned[slots] = aligned
        self.right_problem[slots] = right_problem
        self.months_unsupported[slots] = 0
        self.attention[slots] = 0.0
        self.committed[slots] = 0.0
        self.team[slots] = teams
        wf.busy[teams.ravel()] = True
        wf.busy[[wf.pad, wf.coach]] = False

    def need(self, slots: np.ndarray, p: ModelParams) -> np.ndarray:
        """How much support each project needs relative to a project of difficulty 1:
        ``difficulty ** support_need_exponent`` (scales its half-saturation and its ceiling)."""
        return np.power(self.difficulty[slots], p.support_need_exponent)

    def select_teams(self, units: np.ndarray, wf: Workforce, noise: np.ndarray, p: ModelParams) -> np.ndarray:
        """(len(units) x team_size + 1) person indices: free staff by ``team_selection``, then a patient partner.

        ``noise``: (len(units) x at least the largest headcount) uniform draws, one per unit and staff place,
        that break ties between candidates (random teams: the order in which free staff are picked)."""
        size = p.team_size
        start = wf.offsets[units]
        count = wf.headcount[units]
        width = int(count.max()) if units.size else 0
        cand = start[:, None] + np.arange(width)[None, :]
        valid = np.arange(width)[None, :] < count[:, None]
        cand = np.where(valid, cand, wf.pad)
        valid &= ~wf.busy[cand]
        if p.team_selection == "single_profession":
            valid &= wf.role[np.minimum(cand, wf.n_people - 1)] == self.largest_role[units][:, None]
        noise = noise[:, :width]
        if p.team_selection == "coverage":
            chosen = _greedy_coverage(cand, valid, noise, wf, p)
        else:
            keys = np.where(valid, noise, np.inf)
            order = np.argsort(keys, axis=1)[:, :size]
            picked = np.take_along_axis(cand, order, axis=1)
            ok = np.isfinite(np.take_along_axis(keys, order, axis=1))
            chosen = np.where(ok, picked, wf.pad)
        if chosen.shape[1] < size:  # units smaller than a team
            chosen = np.pad(chosen, ((0, 0), (0, size - chosen.shape[1])), constant_values=wf.pad)
        patient = np.full((units.size, 1), wf.pad, dtype=np.int64)
        ppu = p.patient_partners_per_unit
        if p.invite_patients and ppu > 0:
            rows = wf.n_staff + units[:, None] * ppu + np.arange(ppu)[None, :]
            free = ~wf.busy[rows]
            first = free.argmax(axis=1)
            patient[:, 0] = np.where(free.any(axis=1), rows[np.arange(units.size), first], wf.pad)
        return np.concatenate([chosen, patient], axis=1)

    # --- progress -----------------------------------------------------------------------------
    def team_with_coach(self, slots: np.ndarray, has_coach: np.ndarray, wf: Workforce) -> np.ndarray:
        """Teams of ``slots`` plus a column for the unit's coach, if it has one (else the pad row)."""
        coach = np.where(has_coach[self.unit[slots]], wf.coach, wf.pad)
        return np.concatenate([self.team[slots], coach[:, None]], axis=1)

    def close(self, slots: np.ndarray, outcomes: np.ndarray, gains: np.ndarray, month: int, wf: Workforce) -> None:
        """End the projects in ``slots`` with ``outcomes`` (codes) and the quality each delivered: free their
        members, release their committed support and log each once."""
        if slots.size == 0:
            return
        wf.busy[self.team[slots].ravel()] = False
        self.active[slots] = False
        rows = np.empty((slots.size, 6), dtype=np.int64)
        rows[:, 0] = self.project_id[slots]
        rows[:, 1] = self.unit[slots]
        rows[:, 2] = self.start_month[slots]
        rows[:, 3] = month
        rows[:, 4] = outcomes
        rows[:, 5] = self.right_problem[slots]
        self._log.append(rows)
        self._gains.append(np.asarray(gains, dtype=float))
        self.team[slots] = wf.pad
        self.committed[slots] = 0.0  # the attention it held this month stays on record until the next allocation

    def log(self) -> tuple[np.ndarray, np.ndarray]:
        """(ended projects x 6): id, unit, start month, end month, outcome code, right problem; and the
        quality each delivered."""
        if not self._log:
            return np.zeros((0, 6), dtype=np.int64), np.zeros(0)
        return np.concatenate(self._log), np.concatenate(self._gains)


def team_strength(teams: np.ndarray, wf: Workforce, coverage_exponent: float) -> tuple[np.ndarray, np.ndarray]:
    """(technical, coverage) of each team: mean technical skill of its staff members (patient partners
    do not do the technical work; a coach does), and the CES of the best member's level on each SOFFT
    (patient partners and the coach included)."""
    caps = wf.cap[:, teams]  # (capabilities, projects, members)
    technical_hands = wf.does_technical[teams]
    members = np.maximum(technical_hands.sum(axis=1), 1)
    technical = np.where(technical_hands, caps[TECHNICAL], 0.0).sum(axis=1) / members
    coverage = rules.ces_coverage(caps[:TECHNICAL].max(axis=2), coverage_exponent, axis=0)
    return technical, coverage


def _greedy_coverage(cand, valid, noise, wf: Workforce, p: ModelParams) -> np.ndarray:
    """Pick members one at a time, each the one who most raises the team's CES coverage of the SOFFTs."""
    n, width = cand.shape
    caps = wf.cap[:TECHNICAL, cand]  # (6, n, width)
    coverage = np.zeros((TECHNICAL, n))
    chosen = np.full((n, p.team_size), wf.pad, dtype=np.int64)
    valid = valid.copy()
    rows = np.arange(n)
    for t in range(min(p.team_size, width)):
        trial = np.maximum(coverage[:, :, None], caps)
        score = rules.ces_coverage(trial, p.coverage_exponent, axis=0) + 1e-9 * noise
        score = np.where(valid, score, -np.inf)
        best = score.argmax(axis=1)
        ok = valid[rows, best]
        chosen[:, t] = np.where(ok, cand[rows, best], wf.pad)
        coverage = np.where(ok[None, :], trial[:, rows, best], coverage)
        valid[rows, best] = False
    return chosen
