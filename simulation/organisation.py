"""The organisation: a Mesa model of improvement capacity across competing units.

Units with uneven capability over the six SOFFTs of Wright, Gabbay & le May (BMJ Qual Saf 2022)
and technical QI skill run improvement projects and compete for scarce leadership attention; the
teams that succeed win more of it (Martin, BMJ Qual Saf 2021). Policies (``simulation.policies``)
change how attention, facilitation, training and communities of practice are spread. One step is
one month; ``step()`` runs the eleven processes of ``docs/ODD.md`` element 3 in that order.

All randomness comes from ``self.rng``, seeded once from ``rng=`` (an int, a ``SeedSequence`` or a
``Generator``). Per-person and per-project state lives in numpy arrays; units are Mesa agents.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from simulation import rules
from simulation.capabilities import CAPABILITIES, TEACHABILITY, profile_matrix
from simulation.communities import Communities
from simulation.metrics import MODEL_REPORTS, MonthCounters, model_outputs
from simulation.params import ModelParams
from simulation.policies import policy_levers
from simulation.projects import Outcome, ProjectBook
from simulation.roster import UnitRoster
from simulation.sampling import weighted_sample
from simulation.spread import pick_sources
from simulation.unit import UNIT_REPORTS, Unit, UnitDataCollector, UnitKind, UnitState
from simulation.workforce import Workforce, draw_maturity

__all__ = ["SCHEDULE", "OrganisationModel", "resolve_params"]

ENV, ROLLER, PROBLEM, MESSAGE, LEARNING, CONTEXT = range(6)

#: The monthly processes, in order: the method names, and the headings of docs/ODD.md elements 3 and 7.
SCHEDULE: tuple[str, ...] = (
    "start_projects",
    "allocate_attention",
    "progress_projects",
    "learn_by_doing",
    "meet_communities",
    "train",
    "nurture",
    "spread_practice",
    "forget_and_erode",
    "turnover",
    "collect",
)

# Initialisation constants (assumptions, documented in the ODD, element 5).
TRACK_RECORD_PER_MATURITY = 5.0  # initial track record = this x maturity
SUCCESS_HAZARD_PER_MATURITY = 0.15  # months since last success ~ geometric(this x maturity)
WARM_START_SHARE = 0.5  # chance each project slot under the unit's limit holds a project at month 0


def _roster_levels(roster: UnitRoster, counts: np.ndarray, drawn: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starting levels from a roster's assessed capability (the unit's staff mean then matches it);
    capabilities not assessed keep the drawn maturity. Returns (levels, maturity per unit)."""
    if roster.levels is None:
        return drawn, drawn[:, 0]
    assessed = np.array(roster.levels, dtype=float)
    profiles = profile_matrix()[: counts.shape[1]]  # staff roles
    mean_profile = (counts @ profiles) / counts.sum(axis=1, keepdims=True)  # the unit's role-weighted profile
    levels = np.where(np.isnan(assessed), drawn, assessed / mean_profile)
    return levels, np.clip(np.where(np.isnan(assessed), drawn, assessed).mean(axis=1), 0.02, 1.0)


def resolve_params(params: ModelParams | None = None, policy: str | None = None, **overrides: Any) -> ModelParams:
    """``params`` (or defaults), then the levers of ``policy``, then ``overrides``: all validated."""
    if params is None:
        params = ModelParams()
    elif not isinstance(params, ModelParams):
        raise ValueError(f"params={params!r} is not allowed: must be a ModelParams or None")
    if policy is not None:
        params = params.replace(**policy_levers(policy), policy=policy)
    if overrides:
        params = params.replace(**overrides)
    return params


class OrganisationModel(mesa.Model):
    """An organisation of ``n_units`` units (Mesa agents) and their staff (arrays).

    Args:
        params: a ``ModelParams``; defaults when omitted.
        policy: name of a preset whose levers are applied on top of ``params``.
        rng: seed (int), ``numpy.random.SeedSequence`` or ``Generator``; never ``seed=``.
        **overrides: any ``ModelParams`` field, applied last (so ``batch_run`` can sweep them).
    """

    def __init__(
        self,
        params: ModelParams | None = None,
        *,
        policy: str | None = None,
        rng=None,
        roster: UnitRoster | None = None,
        **overrides,
    ):
        self.params = p = resolve_params(params, policy, **overrides)  # refuse bad input before any agent
        if roster is not None and len(roster) != p.n_units:
            raise ValueError(f"the roster lists {len(roster)} units but n_units={p.n_units}: they must agree")
        super().__init__(rng=rng)
        self.seed = int(rng) if isinstance(rng, int | np.integer) else None
        self.months = MonthCounters()

        maturity = draw_maturity(p, self.rng)
        nonclinical = np.zeros(p.n_units, dtype=bool)
        nonclinical[self.rng.permutation(p.n_units)[: round(p.nonclinical_share * p.n_units)]] = True
        levels, counts = np.repeat(maturity[:, None], len(CAPABILITIES), axis=1), None
        if roster is not None:
            nonclinical = np.array(roster.nonclinical, dtype=bool)
            counts = np.array(roster.headcount, dtype=np.int64)
            levels, maturity = _roster_levels(roster, counts, levels)
        self.workforce = wf = Workforce(p, self.rng, nonclinical, levels, counts)
        self.projects = ProjectBook(p, wf)
        self.communities = Communities(p, wf)
        self.priorities = self.rng.choice(p.n_themes, size=p.n_priorities, replace=False)

        start_caps = wf.unit_means()
        rank = np.argsort(np.argsort(start_caps.mean(axis=0), kind="stable"), kind="stable")
        self.unit_state = UnitState(
            nonclinical=nonclinical,
            maturity=maturity,
            initial_capability=start_caps.mean(axis=0),
            initial_quartile=1 + (4 * rank) // p.n_units,
            quality=np.clip(0.3 + 0.4 * maturity, 0.0, 1.0),
            quality_baseline=np.clip(0.3 + 0.4 * maturity, 0.0, 1.0),
            track_record=TRACK_RECORD_PER_MATURITY * maturity,
            months_since_success=self.rng.geometric(np.clip(SUCCESS_HAZARD_PER_MATURITY * maturity, 0.01, 1.0)) - 1,
            successes=np.zeros(p.n_units, dtype=np.int64),
            failures=np.zeros(p.n_units, dtype=np.int64),
            attention=np.zeros(p.n_units),
            facilitator=np.zeros(p.n_units, dtype=bool),
            capability=start_caps,
        )
        kinds = [UnitKind.NONCLINICAL if flag else UnitKind.CLINICAL for flag in nonclinical]
        quartiles = self.unit_state.initial_quartile
        names = roster.names if roster is not None else [f"U{i + 1:03d}" for i in range(p.n_units)]
        self.units = [Unit(self, i, kinds[i], int(quartiles[i]), names[i]) for i in range(p.n_units)]
        self.communities.recruit(wf, self.rng)
        self._warm_start(start_caps)

        self.datacollector = UnitDataCollector(model_reporters=MODEL_REPORTS, agent_reporters=UNIT_REPORTS)
        self.outputs: dict[str, float] = {}
        self.collect()

    # --- the monthly schedule (ODD element 3) ---------------------------------------------------
    def step(self) -> None:
        """One month: the eleven processes, in order."""
        self.months.reset()
        self.workforce.used[:] = False
        self._caps = self.workforce.unit_means()  # (capabilities x units): this month's decisions use
        self._capability = self._caps.mean(axis=0)  # the month-start picture of every unit
        self.start_projects()
        self.allocate_attention()
        self.progress_projects()
        self.learn_by_doing()
        self.meet_communities()
        self.train()
        self.nurture()
        self.spread_practice()
        self.forget_and_erode()
        self.turnover()
        self.collect()

    def start_projects(self) -> None:
        """Units below their concurrent-project limit may start one, more likely with high environment."""
        p, caps = self.params, self._caps
        limit = rules.project_limit(self._capability, p.capability_per_project_slot, p.max_concurrent_projects)
        below = self.projects.active_per_unit() < limit
        starting = below & (self.rng.random(p.n_units) < rules.start_probability(caps[ENV], p.project_start_rate))
        self._open_projects(np.flatnonzero(starting), caps, self.steps)

    def allocate_attention(self) -> None:
        """Split the month's budget: training and facilitation first, then facilitators and projects."""
        p, s, pb = self.params, self.unit_state, self.projects
        places = int(np.floor(p.training_places * p.n_units))
        places += int(self.rng.random() < p.training_places * p.n_units - places)
        cop_cost = p.n_communities * p.cop_facilitation_cost if p.facilitated_cops else 0.0
        available = max(0.0, p.total_budget - places * p.training_cost - cop_cost)  # >= 0 up to rounding
        reserve = p.nurture_share * available
        need = np.maximum(0.0, p.nurture_target - self._capability)
        n_needy = int(np.count_nonzero(need))
        n_fac = min(int(np.floor(p.mentoring_fraction * reserve / p.facilitator_cost + 1e-9)), n_needy)
        order = np.lexsort((self.rng.random(p.n_units), -need))
        s.facilitator[:] = False
        s.facilitator[order[:n_fac]] = True

        need_pool = max(0.0, reserve - n_fac * p.facilitator_cost)  # rounding must not make it negative
        contest_pool = available - reserve
        slots = np.flatnonzero(pb.active)
        pb.attention[:] = 0.0
        if slots.size:
            units = pb.unit[slots]
            bids = rules.bid(s.track_record[units], self._caps[MESSAGE, units], pb.aligned[slots])
            contest = rules.contest_shares(bids, p.contest_exponent)
            by_need = rules.need_shares(need[units])
            if by_need is None:
                pb.attention[slots] = (contest_pool + need_pool) * contest
            else:
                pb.attention[slots] = contest_pool * contest + need_pool * by_need
        s.attention[:] = np.bincount(pb.unit, weights=pb.attention, minlength=p.n_units)
        s.attention += s.facilitator * p.facilitator_cost
        self.months.training_places = places
        self.months.attention_spent = float(s.attention.sum()) + places * p.training_cost + cop_cost

    def progress_projects(self) -> None:
        """Projects advance with team skill, SOFFT coverage, support and alignment; they end once."""
        p, s, pb, wf = self.params, self.unit_state, self.projects, self.workforce
        slots = np.flatnonzero(pb.active)
        teams = pb.team_with_facilitator(slots, s.facilitator, wf)
        technical, coverage = pb.team_strength(teams, wf)
        support = rules.hill_support(pb.attention[slots], p.support_half_saturation, p.support_hill_exponent)
        pb.progress[slots] += rules.progress_increment(
            technical, coverage, support, pb.aligned[slots], pb.difficulty[slots], p.progress_rate, p.alignment_bonus
        )
        unsupported = np.where(support < 0.5, pb.months_unsupported[slots] + 1, 0)
        pb.months_unsupported[slots] = unsupported
        succeeded = pb.progress[slots] >= 1.0
        floundered = ~succeeded & (unsupported >= p.flounder_months)
        timed_out = ~succeeded & ~floundered & (self.steps - pb.start_month[slots] + 1 >= p.max_project_months)
        outcome = succeeded * Outcome.SUCCEEDED + floundered * Outcome.FLOUNDERED + timed_out * Outcome.TIMED_OUT
        self._month_teams, self._month_outcome, self._month_slots = teams, outcome, slots
        self._month_support = support

        failed = floundered | timed_out
        wins = np.bincount(pb.unit[slots[succeeded]], minlength=p.n_units)
        losses = np.bincount(pb.unit[slots[failed]], minlength=p.n_units)
        s.quality[:] = 1.0 - (1.0 - s.quality) * (1.0 - p.quality_gain) ** wins
        s.track_record[:] = (s.track_record + wins) * p.failure_track_penalty**losses
        s.months_since_success[:] = np.where(wins > 0, 0, s.months_since_success + 1)
        s.successes += wins
        s.failures += losses
        self._wins = wins
        if failed.any():
            losers = teams[failed, :-1].ravel()
            losers = losers[losers != wf.pad]
            wf.cap[ENV, losers] = rules.discouraged(wf.cap[ENV, losers], wf.cap[ROLLER, losers], p.discouragement)
        ended = outcome > 0
        pb.close(slots[ended], outcome[ended], self.steps, wf)
        counts = np.bincount(outcome, minlength=4)
        self.months.ended = {code: int(counts[code]) for code in Outcome}

    def learn_by_doing(self) -> None:
        """Team members learn (more after success), peer learning in teams, socialisation in units."""
        p, wf = self.params, self.workforce
        teams, outcome = self._month_teams, self._month_outcome
        if teams.size:
            best = wf.cap[:, teams].max(axis=2)  # (capabilities, projects), the facilitator included
            rate = p.doing_rate * self._month_support + p.success_learning * (outcome == Outcome.SUCCEEDED)
            rate = rate + p.failure_learning * ((outcome == Outcome.FLOUNDERED) | (outcome == Outcome.TIMED_OUT))
            rate = np.minimum(1.0, rate * (0.5 + self._caps[LEARNING, self.projects.unit[self._month_slots]]))
            members = teams[:, :-1]
            project, column = np.nonzero(members != wf.pad)
            people = members[project, column]
            before = wf.cap[:, people]
            after = before + rate[project] * (1.0 - before)
            wf.cap[:, people] = np.minimum(1.0, rules.toward(after, best[:, project], p.peer_learning_rate))
            wf.used[people] = True
        strong = wf.unit_strong_level(self._caps)
        newcomer = wf.tenure[: wf.n_staff] < p.newcomer_months
        rate = (
            p.socialisation_rate
            * wf.per_staff(0.5 + self._caps[ENV])
            * (1.0 + p.newcomer_socialisation_boost * newcomer)
        )
        wf.staff[:] = rules.toward(wf.staff, wf.per_staff(strong), rate)

    def meet_communities(self) -> None:
        """Communities renew membership and meet; members learn from better members and carry it back."""
        self.communities.refresh(self.workforce, self.rng)
        self.months.cop_attendees = int(self.communities.meet(self.workforce, self.rng).size)

    def train(self) -> None:
        """The month's training places go to units (by need when targeted); trainees gain the teachable parts."""
        p, wf, s = self.params, self.workforce, self.unit_state
        places = self.months.training_places
        if places == 0:
            return
        weight = None
        if p.targeted_training:
            weight = rules.need_shares(np.maximum(0.0, p.nurture_target - self._capability))
        if weight is None:
            bids = (0.1 + s.track_record) * self._caps[MESSAGE]
            weight = rules.contest_shares(bids, p.contest_exponent)
        per_person = wf.per_staff(weight / wf.headcount)  # a unit's share, split evenly among its staff
        trainees = weighted_sample(per_person, places, self.rng)
        before = wf.cap[:, trainees]
        wf.cap[:, trainees] = np.minimum(1.0, before + p.training_gain * TEACHABILITY[:, None] * (1.0 - before))
        wf.used[trainees] = True
        self.months.trainees = int(trainees.size)

    def nurture(self) -> None:
        """Embedded facilitators mentor staff of their units toward the facilitator's level."""
        p, wf = self.params, self.workforce
        units = np.flatnonzero(self.unit_state.facilitator)
        if units.size == 0:
            return
        picks = [
            wf.offsets[u]
            + self.rng.choice(wf.headcount[u], min(p.mentees_per_facilitator, wf.headcount[u]), replace=False)
            for u in units
        ]
        mentees = np.concatenate(picks)
        rate = p.mentoring_rate * p.leadership_skill
        wf.cap[:, mentees] = rules.toward(wf.cap[:, mentees], p.facilitator_capability, rate)
        wf.used[mentees] = True

    def spread_practice(self) -> None:
        """Each unit may adopt one success it sees: more likely with context capability and attention."""
        p, s, wf = self.params, self.unit_state, self.workforce
        sources = np.flatnonzero(self._wins)
        if p.spread_scope == "none" or sources.size == 0:
            return
        if p.spread_scope == "organisation":
            pair_unit, pair_group = np.arange(p.n_units), np.zeros(p.n_units, dtype=np.int64)
        else:
            pair_unit, pair_group = self.communities.memberships(wf)
        source = pick_sources(pair_unit, pair_group, sources, p.n_units, self.rng.random((2, p.n_units)))
        supported = np.where(s.attention > 0, 1.0, p.unsupported_spread_discount)
        chance = p.spread_probability * self._caps[CONTEXT] * supported
        adopt = (source >= 0) & (self.rng.random(p.n_units) < chance)
        s.quality[adopt] = 1.0 - (1.0 - s.quality[adopt]) * (1.0 - p.spread_fraction * p.quality_gain)
        self.months.adoptions = int(np.count_nonzero(adopt))
        if p.spread_learning_rate > 0 and self.months.adoptions:
            # staff of each adopting unit learn toward the capability of the unit they adopted from
            target = self._caps[:, np.where(adopt, source, 0)]
            rate = p.spread_learning_rate * wf.per_staff(adopt.astype(float))
            wf.staff[:] = rules.toward(wf.staff, wf.per_staff(target), rate)

    def forget_and_erode(self) -> None:
        """Unused capability depreciates toward a floor; quality gains decay unless sustained."""
        p, s, wf = self.params, self.unit_state, self.workforce
        people = wf.people
        unused = ~wf.used[: wf.n_people]
        people -= (p.forget_rate * unused) * np.maximum(0.0, people - p.capability_floor)
        roller = self._caps[ROLLER]
        s.quality -= p.quality_decay * (1.0 - roller) * np.maximum(0.0, s.quality - s.quality_baseline)
        s.track_record *= p.track_record_retention

    def turnover(self) -> None:
        """Each person leaves with probability annual_turnover / 12 a month; a newcomer takes the place."""
        p, wf = self.params, self.workforce
        annual = p.annual_turnover
        if (
            p.shock_start_month > 0
            and p.shock_start_month <= self.steps < p.shock_start_month + p.shock_duration_months
        ):
            annual = p.shock_annual_turnover
        leavers = np.flatnonzero(self.rng.random(wf.n_people) < annual / 12.0)
        wf.tenure[: wf.n_people] += 1
        wf.replace(leavers, self.rng)
        self.months.leavers = int(np.count_nonzero(leavers < wf.n_staff))

    def collect(self) -> None:
        """Record the model-level and unit-level outputs of this month."""
        self.unit_state.capability = self.workforce.unit_means()
        self.outputs = model_outputs(self)
        self.datacollector.collect(self)

    # --- helpers ----------------------------------------------------------------------------
    def _open_projects(
        self, units: np.ndarray, caps: np.ndarray, month: int, progress: np.ndarray | None = None
    ) -> None:
        p, wf = self.params, self.workforce
        if units.size == 0:
            return
        teams = self.projects.select_teams(units, wf, self.rng)
        staffed = (teams[:, :-1] != wf.pad).sum(axis=1) >= min(2, p.team_size)
        units, teams = units[staffed], teams[staffed]
        difficulty = self.rng.lognormal(-(p.difficulty_sd**2) / 2, p.difficulty_sd, units.size)
        aligned = self.rng.random(units.size) < rules.alignment_probability(
            caps[MESSAGE, units], p.n_priorities / p.n_themes
        )
        if progress is not None:
            progress = progress[staffed]
        self.projects.launch(units, teams, month, difficulty, aligned, wf, progress)
        self.months.started += int(units.size)

    def _warm_start(self, caps: np.ndarray) -> None:
        """Month 0 finds projects already under way, so outputs mean something from the start."""
        p = self.params
        limit = rules.project_limit(caps.mean(axis=0), p.capability_per_project_slot, p.max_concurrent_projects)
        wanted = self.rng.binomial(limit, WARM_START_SHARE)
        for k in range(p.max_concurrent_projects):
            units = np.flatnonzero(wanted > k)
            progress = self.rng.uniform(0.0, 0.8, units.size)
            self._open_projects(units, caps, 0, progress)
            # started before the run: back-date so that ages are plausible
        self.projects.start_month[self.projects.active] -= np.rint(
            self.projects.progress[self.projects.active] / 0.08
        ).astype(np.int64)
        self.months.started = 0
