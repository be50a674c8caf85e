"""The monthly processes of ``docs/ODD.md`` element 7 before ``collect``, as methods of the organisation model.

``simulation.organisation.SCHEDULE`` lists them in order (``collect``, the last, is the model's own).
Each process reads the lasting state (``workforce``, ``projects``, ``unit_state``, ``communities``)
and the month's record (``self.month``, a ``simulation.month.Month``), and writes what later
processes of the month need into that record. ``self.in_force`` holds the parameters in force: the
status quo (every lever at its default) during the warm-up, the run's own ``params`` after it. A test
can set ``model.month`` by hand and call one process. Locals name the state in one order:
``p, m, s, wf, pb`` (parameters in force, month record, unit state, workforce, project book).
"""

from __future__ import annotations

import numpy as np

from simulation import rules
from simulation.attention import commit_support, place_coaches
from simulation.capabilities import CAPABILITIES, experiential_weights, teachability
from simulation.projects import Outcome, team_strength
from simulation.sampling import weighted_sample
from simulation.spread import pick_sources

__all__ = ["ENV", "MESSAGE", "PROBLEM", "ROLLER", "MonthlyProcesses"]

ENV, ROLLER, PROBLEM, MESSAGE, LEARNING, CONTEXT = (CAPABILITIES.index(c) for c in CAPABILITIES[:6])


class MonthlyProcesses:
    """Mixin of ``OrganisationModel``: the processes, in schedule order."""

    def start_projects(self) -> None:
        """Units below their concurrent-project limit may start one, more likely with high environment."""
        rng = self.streams["start_projects"]
        p, m, s, wf, pb = self.in_force, self.month, self.unit_state, self.workforce, self.projects
        # every unit's draws at once, whichever units start: a unit's project does not depend on the others
        chance, alignment, framing = rng.random((3, p.n_units))
        hardness = rng.standard_normal(p.n_units)
        noise = rng.random((p.n_units, int(wf.headcount.max())))
        limit = rules.project_limit(m.capability, p.capability_per_project_slot, p.max_concurrent_projects)
        below = pb.active_per_unit() < limit
        starting = below & (chance < rules.start_probability(m.caps[ENV], p.project_start_rate))
        units = starting.nonzero()[0]
        if units.size == 0:
            return
        teams = pb.select_teams(units, wf, noise[units], p)
        staffed = (teams[:, :-1] != wf.pad).sum(axis=1) >= min(p.min_team_staff, p.team_size)
        units, teams = units[staffed], teams[staffed]
        difficulty = np.exp(p.difficulty_sd * hardness[units] - p.difficulty_sd**2 / 2)  # lognormal, mean 1
        aligned = alignment[units] < rules.alignment_probability(m.caps[MESSAGE, units], p.n_priorities / p.n_themes)
        # the team's best 'problem' capability: patient partners' lived experience and a coach count
        problem = wf.cap[PROBLEM, teams].max(axis=1, initial=0.0)
        problem = np.where(s.coach_left[units] > 0, np.maximum(problem, wf.cap[PROBLEM, wf.coach]), problem)
        right = framing[units] < rules.right_problem_probability(problem, p.right_problem_base)
        pb.launch(units, teams, m.index, difficulty, aligned, right, wf)
        m.started += int(units.size)

    def allocate_attention(self) -> None:
        """Training and facilitation first; the nurture reserve's coaches and commitments; then the
        contest, water-filled under the ceiling, with what nobody can use reported as unspent."""
        rng = self.streams["allocate_attention"]
        p, m, s, pb = self.in_force, self.month, self.unit_state, self.projects
        places = int(np.floor(p.training_places * p.n_units))
        places += int(rng.random() < p.training_places * p.n_units - places)
        m.training_places = places
        m.training_cost = places * p.training_cost
        m.facilitation_cost = p.n_communities * p.cop_facilitation_cost if p.facilitated_cops else 0.0
        available = max(0.0, p.total_budget - m.training_cost - m.facilitation_cost)  # >= 0 up to rounding
        m.reserve = p.nurture_share * available
        ranking = rules.targeting_scores(m.need, p.leadership_skill, rng.random(p.n_units))
        affordable = int(np.floor(p.coach_share * m.reserve / p.coach_cost + 1e-9))
        s.coach_left[:] = place_coaches(s.coach_left, ranking, affordable, p.coach_months)
        has_coach = s.coach_left > 0
        s.coached[:] = has_coach
        m.coach_cost = int(np.count_nonzero(has_coach)) * p.coach_cost

        slots = pb.active.nonzero()[0]
        units = pb.unit[slots]
        pb.attention[:] = 0.0
        ceiling = p.attention_ceiling * pb.need(slots, p)  # what each project can use, by its difficulty
        committed, leftover = commit_support(
            pb.committed[slots],
            has_coach[units],
            ranking[units],
            ceiling,
            max(0.0, m.reserve - m.coach_cost),
        )
        pb.committed[slots] = committed
        m.committed = float(committed.sum())
        m.contest_pool = available - m.reserve + leftover
        bids = rules.bid(
            s.track_record[units], m.caps[MESSAGE, units], pb.aligned[slots], p.bid_floor, p.aligned_bid_bonus
        )
        shares = rules.contest_shares(bids, p.contest_exponent)
        extra, m.unspent = rules.water_fill(shares, ceiling - committed, m.contest_pool)
        pb.attention[slots] = committed + extra
        m.project_attention = float(pb.attention[slots].sum())
        s.attention[:] = np.bincount(units, weights=pb.attention[slots], minlength=p.n_units)
        s.attention += has_coach * p.coach_cost
        m.allocated = True

    def progress_projects(self) -> None:
        """Projects advance with team skill, SOFFT coverage, support and alignment; they end once."""
        p, m, s, wf, pb = self.in_force, self.month, self.unit_state, self.workforce, self.projects
        slots = pb.active.nonzero()[0]
        teams = pb.team_with_coach(slots, s.coached, wf)
        technical, coverage = team_strength(teams, wf, p.coverage_exponent)
        half_saturation = p.support_half_saturation * pb.need(slots, p)
        support = rules.hill_support(pb.attention[slots], half_saturation, p.support_hill_exponent)
        pb.progress[slots] += rules.progress_increment(
            technical, coverage, support, pb.aligned[slots], pb.difficulty[slots], p.progress_rate, p.alignment_bonus
        )
        unsupported = np.where(support < p.support_threshold, pb.months_unsupported[slots] + 1, 0)
        pb.months_unsupported[slots] = unsupported
        succeeded = pb.progress[slots] >= 1.0
        floundered = ~succeeded & (unsupported >= p.flounder_months)
        timed_out = ~succeeded & ~floundered & (m.index - pb.start_month[slots] + 1 >= p.max_project_months)
        outcome = succeeded * Outcome.SUCCEEDED + floundered * Outcome.FLOUNDERED + timed_out * Outcome.TIMED_OUT
        m.slots, m.teams, m.support, m.outcome = slots, teams, support, outcome

        units = pb.unit[slots]
        factor = np.where(pb.right_problem[slots], 1.0, p.wrong_problem_gain) * succeeded
        gains = self._deliver(units, p.quality_gain * factor)
        np.maximum.at(m.win_gain, units[succeeded], factor[succeeded])
        failed = floundered | timed_out
        wins = np.bincount(units[succeeded], minlength=p.n_units)
        losses = np.bincount(units[failed], minlength=p.n_units)
        s.track_record[:] = (s.track_record + wins) * p.failure_track_penalty**losses
        s.months_since_success[:] = np.where(wins > 0, 0, s.months_since_success + 1)
        s.successes += wins
        s.failures += losses
        m.wins = wins
        if failed.any():
            losers = teams[failed, :-1].ravel()
            losers = losers[losers != wf.pad]
            wf.cap[ENV, losers] = rules.discouraged(wf.cap[ENV, losers], wf.cap[ROLLER, losers], p.discouragement)
        ended = outcome > 0
        pb.close(slots[ended], outcome[ended], gains[ended], m.index, wf)
        counts = np.bincount(outcome, minlength=4)
        m.ended = {code: int(counts[code]) for code in Outcome}

    def learn_by_doing(self) -> None:
        """Team members learn toward their potential and toward their best teammate; then socialisation."""
        p, m, wf = self.in_force, self.month, self.workforce
        weight = experiential_weights(p)[:, None]
        if m.teams.size:
            failed = (m.outcome == Outcome.FLOUNDERED) | (m.outcome == Outcome.TIMED_OUT)
            rate = p.doing_rate * m.support + p.success_learning * (m.outcome == Outcome.SUCCEEDED)
            rate = (rate + p.failure_learning * failed) * m.caps[LEARNING, self.projects.unit[m.slots]]
            best = wf.cap[:, m.teams].max(axis=2)  # (capabilities, projects): the coach included
            members = m.teams[:, :-1]  # staff and patient partner; the coach does not learn
            project, column = np.nonzero(members != wf.pad)
            people = members[project, column]
            reach = wf.potential[:, people]
            after = rules.toward(wf.cap[:, people], reach, rate[project] * weight)
            after = rules.toward(after, np.minimum(best[:, project], reach), p.peer_learning_rate * weight)
            wf.cap[:, people] = after
            wf.used[people] = True
        newcomer = wf.tenure[: wf.n_staff] < p.newcomer_months
        rate = p.socialisation_rate * wf.per_staff(m.caps[ENV]) * (1.0 + p.newcomer_socialisation_boost * newcomer)
        wf.staff[:] = rules.socialise(wf.staff, wf.staff_potential, rate, wf.offsets, weight)

    def meet_communities(self) -> None:
        """Communities renew membership and meet; members learn from better members and carry it back."""
        rng = self.streams["meet_communities"]
        self.communities.refresh(self.workforce, rng)
        self.month.cop_attendees = int(self.communities.meet(self.workforce, rng).size)

    def train(self) -> None:
        """The month's places go to units (by need when targeted, else by standing); trainees gain toward
        their potential in proportion to each capability's teachability."""
        rng = self.streams["train"]
        p, m, s, wf = self.in_force, self.month, self.unit_state, self.workforce
        if m.training_places == 0:
            return
        weight = rules.need_shares(m.need) if p.targeted_training else None
        if weight is None:
            bids = rules.bid(s.track_record, m.caps[MESSAGE], np.zeros(p.n_units), p.bid_floor, p.aligned_bid_bonus)
            weight = rules.contest_shares(bids, p.contest_exponent)
        per_person = wf.per_staff(weight / wf.headcount)  # a unit's share, split evenly among its staff
        trainees = weighted_sample(per_person, m.training_places, rng)
        rate = p.training_gain * teachability(p)[:, None]
        wf.cap[:, trainees] = rules.toward(wf.cap[:, trainees], wf.potential[:, trainees], rate)
        wf.used[trainees] = True
        m.trainees = int(trainees.size)

    def nurture(self) -> None:
        """Each coach mentors some of their unit's staff toward their potential; a month of the spell passes.
        After ``coach_months`` the coach moves on, and the unit cannot have another for as long again."""
        rng = self.streams["nurture"]
        p, m, s, wf = self.in_force, self.month, self.unit_state, self.workforce
        coached = s.coached
        if coached.any():
            staff_unit = wf.unit[: wf.n_staff]
            keys = staff_unit + rng.random(wf.n_staff)  # a random order of staff within each unit
            rank = np.empty(wf.n_staff, dtype=np.int64)
            rank[np.argsort(keys, kind="stable")] = np.arange(wf.n_staff)
            rank -= wf.offsets[staff_unit]
            mentees = (coached[staff_unit] & (rank < p.mentees_per_coach)).nonzero()[0]
            rate = p.mentoring_rate * p.leadership_skill * experiential_weights(p)[:, None]
            wf.cap[:, mentees] = rules.toward(wf.cap[:, mentees], wf.potential[:, mentees], rate)
            wf.used[mentees] = True
            m.mentees = int(mentees.size)
        # a month of each spell passes; a coach whose spell ends moves on, and the unit rests for a spell
        served = s.coach_left > 0
        s.coach_left[served] -= 1
        s.coach_left[s.coach_left < 0] += 1
        s.coach_left[served & (s.coach_left == 0)] = -p.coach_months

    def spread_practice(self) -> None:
        """Each unit may adopt one success it sees (more likely with context and attention); its staff
        learn toward the source's level on what a practice carries (the teachable parts)."""
        rng = self.streams["spread_practice"]
        p, m, s, wf = self.in_force, self.month, self.unit_state, self.workforce
        sources = m.wins.nonzero()[0]
        if p.spread_scope == "none" or sources.size == 0:
            return
        if p.spread_scope == "organisation":
            pair_unit, pair_group = np.arange(p.n_units), np.zeros(p.n_units, dtype=np.int64)
        else:
            pair_unit, pair_group = self.communities.memberships(wf)
        source = pick_sources(pair_unit, pair_group, sources, p.n_units, rng.random((2, p.n_units)))
        supported = np.where(s.attention > 0, 1.0, p.unsupported_spread_discount)
        chance = p.spread_probability * m.caps[CONTEXT] * supported
        adopt = (source >= 0) & (rng.random(p.n_units) < chance)
        adopters = adopt.nonzero()[0]
        self._deliver(adopters, p.spread_fraction * p.quality_gain * m.win_gain[source[adopters]])
        m.adoptions = int(adopters.size)
        if p.spread_learning_rate > 0 and adopters.size:  # only the adopting units' staff learn
            staff = adopt[wf.unit[: wf.n_staff]].nonzero()[0]
            target = np.minimum(m.caps[:, source[wf.unit[staff]]], wf.potential[:, staff])
            rate = p.spread_learning_rate * teachability(p)[:, None]
            wf.cap[:, staff] = rules.toward(wf.cap[:, staff], target, rate)

    def forget_and_erode(self) -> None:
        """Unused staff capability depreciates toward a floor (tacit skills slowest); quality gains decay
        unless the unit's rollercoaster capability sustains them; standing fades."""
        p, m, s, wf = self.in_force, self.month, self.unit_state, self.workforce
        people = wf.staff  # patient partners' lived experience does not fade from disuse
        unused = ~wf.used[: wf.n_staff]
        excess = np.maximum(people - p.capability_floor, 0.0)
        excess *= (p.forget_rate * teachability(p))[:, None]
        excess *= unused
        people -= excess
        decay = p.quality_decay * (1.0 - m.caps[ROLLER])
        s.quality -= decay * np.maximum(0.0, s.quality - s.quality_baseline)
        s.track_record *= p.track_record_retention

    def turnover(self) -> None:
        """Each person leaves with probability annual_turnover / 12 a month; a newcomer takes the place."""
        rng = self.streams["turnover"]
        p, wf = self.in_force, self.workforce
        annual = p.annual_turnover
        shock = p.shock_start_month
        if 0 < shock <= self.month.index < shock + p.shock_duration_months:
            annual = p.shock_annual_turnover
        leavers = (rng.random(wf.n_people) < annual / 12.0).nonzero()[0]
        wf.tenure[: wf.n_people] += 1
        wf.replace(leavers, rng)
        self.month.leavers = int(np.count_nonzero(leavers < wf.n_staff))

    # --- helpers ----------------------------------------------------------------------------
    def _deliver(self, units: np.ndarray, gains: np.ndarray) -> np.ndarray:
        """Raise quality: a gain ``g`` adds ``g x (1 - baseline)`` to its unit's quality (a fixed share of the
        unit's starting gap to full quality, so a gain is worth the same whether or not earlier gains have
        since been lost), capped at 1. Returns the quality points each gain delivered; adds them to the month."""
        s = self.unit_state
        points = np.asarray(gains, dtype=float) * (1.0 - s.quality_baseline[units])
        wanted = np.bincount(units, weights=points, minlength=s.quality.size)
        before = s.quality.copy()
        s.quality[:] = np.minimum(1.0, s.quality + wanted)
        delivered = s.quality - before
        self.month.quality_gained += float(delivered.sum())
        share = np.divide(points, wanted[units], out=np.zeros(points.size), where=wanted[units] > 0)
        return delivered[units] * share
