"""The organisation: a Mesa model of improvement capacity across competing units.

Units with uneven capability over the six SOFFTs of Wright, Gabbay & le May (BMJ Qual Saf 2022)
and technical QI skill run improvement projects and compete for scarce leadership attention; the
teams that succeed win more of it (Martin, BMJ Qual Saf 2021). Policies (``simulation.policies``)
change how attention, coaching, training and communities of practice are spread. One step is one
month; ``step()`` runs the eleven processes of ``docs/ODD.md`` element 3 in that order
(``simulation.processes``), handing each other a per-month record (``simulation.month``).

A run starts with a **warm-up** of ``warmup_months`` under the status quo (every lever at its default,
the ``silos`` levers and random teams):
projects, standing and capability settle from the arbitrary start, so month 0, where outputs begin,
is an organisation with a history. The warm-up uses the same random streams whatever the policy, so
under one seed every policy starts from the same organisation (common random numbers).

All randomness comes from the run's streams (``self.streams``, ``simulation.streams``): one per
process that draws, each moved to its own stretch every month, spawned from the run's one seed
(``rng=``: an int, or a ``SeedSequence`` or ``Generator`` they are drawn from). Per-person and
per-project state lives in numpy arrays; units are Mesa agents.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from typing import Any

import mesa
import numpy as np

from simulation.capabilities import CAPABILITIES, potential_matrix
from simulation.communities import Communities
from simulation.metrics import MODEL_REPORTS, model_outputs
from simulation.month import Month
from simulation.params import ModelParams, param_info
from simulation.policies import POLICIES, policy_levers
from simulation.processes import MonthlyProcesses
from simulation.projects import ProjectBook
from simulation.roster import UnitRoster
from simulation.streams import Streams
from simulation.unit import UNIT_REPORTS, Unit, UnitDataCollector, UnitKind, UnitState
from simulation.workforce import Workforce, draw_maturity

__all__ = ["SCHEDULE", "STATUS_QUO", "OrganisationModel", "WarmUps", "resolve_params", "status_quo"]

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

#: The policy whose levers hold during the warm-up: the organisation's status quo.
STATUS_QUO = "silos"


def _roster_levels(roster: UnitRoster, counts: np.ndarray, drawn: np.ndarray, params: ModelParams):
    """Starting shares of potential from a roster's assessed capability (the unit's staff mean then
    matches it, up to clipping at potential); capabilities not assessed keep the drawn maturity.
    Returns (levels, maturity per unit)."""
    if roster.levels is None:
        return drawn, drawn[:, 0]
    assessed = np.array(roster.levels, dtype=float)
    potentials = potential_matrix(params)[: counts.shape[1]]  # staff roles
    mean_potential = (counts @ potentials) / counts.sum(axis=1, keepdims=True)  # the unit's role-weighted reach
    levels = np.where(np.isnan(assessed), drawn, np.minimum(1.0, assessed / mean_potential))
    maturity = np.clip(levels.mean(axis=1), params.min_maturity, 1.0)
    return levels, maturity


def status_quo(params: ModelParams) -> ModelParams:
    """``params`` with every lever (every field of kind ``lever``: the policy levers and the team rule) at
    its default, the organisation's status quo (the ``silos`` preset): what the warm-up runs. Runs that
    differ only in their levers have the same status quo, so the same warm-up under one seed."""
    defaults = {row.name: row.default for row in param_info() if row.kind == "lever"}
    assert all(defaults[name] == value for name, value in POLICIES[STATUS_QUO].items())
    return params.replace(**defaults, policy=STATUS_QUO)  # the name too: it labels the levers in force


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


#: What the warm-up leaves behind: the attributes a model holds at month 0, before its policy begins.
WARM_STATE = ("workforce", "projects", "communities", "priorities", "unit_state", "month")


def _hashable(key: tuple) -> bool:
    try:
        hash(key)
    except TypeError:  # a roster built with lists: it runs, but is not kept
        return False
    return True


class WarmUps:
    """Organisations at the end of their warm-up, kept so that runs which differ only in their levers
    (the policies of a comparison, under one seed) start from a copy instead of warming up again.

    The warm-up runs under the status quo (every lever at its default) from the run's seed, so its end
    depends only on the other parameters, the seed, the roster and the model class: a run started from
    a kept copy is the same, bit for bit, as one that warmed up itself (``tests/test_determinism.py``).
    Kept only for runs with a warm-up, seeded with an integer, whose roster (if any) is hashable; a
    roster loaded twice is two rosters here when it has unassessed (nan) levels. Holds the ``size``
    most recently used organisations.
    """

    def __init__(self, size: int = 8):
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise ValueError(f"size={size!r} is not allowed: must be a whole number >= 1")
        self.size = size
        self.hits = 0
        self.misses = 0
        self._kept: OrderedDict[tuple, dict[str, Any]] = OrderedDict()

    def get(self, key: tuple) -> dict[str, Any] | None:
        kept = self._kept.get(key)
        if kept is None:
            self.misses += 1
            return None
        self.hits += 1
        self._kept.move_to_end(key)
        return kept

    def put(self, key: tuple, state: dict[str, Any]) -> None:
        self._kept[key] = state
        self._kept.move_to_end(key)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)


class OrganisationModel(MonthlyProcesses, mesa.Model):
    """An organisation of ``n_units`` units (Mesa agents) and their staff (arrays).

    Args:
        params: a ``ModelParams``; defaults when omitted.
        policy: name of a preset whose levers are applied on top of ``params``.
        rng: seed (int), ``numpy.random.SeedSequence`` or ``Generator``; never ``seed=``.
        roster: a real organisation's units (``UnitRoster``) instead of drawn ones.
        warm_ups: a ``WarmUps`` to start from a kept copy of this organisation's warm-up when it holds
            one (and to keep this one's otherwise); the run is the same either way, only faster.
        unit_records: record every unit's outputs every month (the unit frame); off, a run records the
            model's outputs alone, sooner, and its units can be read at the end (``simulation.run``'s
            ``units="last"``). The run is the same either way.
        **overrides: any ``ModelParams`` field, applied last (so ``batch_run`` can sweep them).

    After construction the model stands at month 0, the end of the warm-up. ``model.params`` are the
    run's parameters; ``model.in_force`` the parameters in force: the status quo (every lever at its
    default) during the warm-up, ``params`` from month 0 on (every month of the run is run under them).
    """

    def __init__(
        self,
        params: ModelParams | None = None,
        *,
        policy: str | None = None,
        rng=None,
        roster: UnitRoster | None = None,
        warm_ups: WarmUps | None = None,
        unit_records: bool = True,
        **overrides,
    ):
        self.params = p = resolve_params(params, policy, **overrides)  # refuse bad input before any agent
        if roster is not None and len(roster) != p.n_units:
            raise ValueError(f"the roster lists {len(roster)} units but n_units={p.n_units}: they must agree")
        super().__init__(rng=rng)
        self.seed = int(rng) if isinstance(rng, int | np.integer) else None
        self.streams = Streams.of(self.seed, self.rng)
        self.in_force = status_quo(p) if p.warmup_months > 0 else p
        kept = None
        key = (type(self), self.in_force, self.seed, roster)  # what the warm-up depends on (levers at default)
        keep = warm_ups is not None and self.seed is not None and p.warmup_months > 0 and _hashable(key)
        if keep:
            kept = warm_ups.get(key)
        if kept is not None:
            for name in WARM_STATE:
                setattr(self, name, copy.deepcopy(kept[name]))
            self.streams.set_state(kept["streams"])
        else:
            self._warm_up(roster)
            if keep:
                state = {name: copy.deepcopy(getattr(self, name)) for name in WARM_STATE}
                warm_ups.put(key, {**state, "streams": self.streams.state()})
        self._begin_policy(roster, self.unit_state.nonclinical)

        reports = UNIT_REPORTS if unit_records else {}  # without: only the model's own row each month
        self.datacollector = UnitDataCollector(model_reporters=MODEL_REPORTS, agent_reporters=reports)
        self.outputs: dict[str, float] = {}
        self.collect()

    def _warm_up(self, roster: UnitRoster | None) -> None:
        """Draw the organisation (or take it from ``roster``) and run the warm-up months under ``self.in_force``."""
        p = self.in_force  # the status quo: the warm-up reads no lever of the run's policy
        rng = self.streams["organisation"]
        maturity = draw_maturity(p, rng)
        nonclinical = np.zeros(p.n_units, dtype=bool)
        nonclinical[rng.permutation(p.n_units)[: round(p.nonclinical_share * p.n_units)]] = True
        levels, counts = np.repeat(maturity[:, None], len(CAPABILITIES), axis=1), None
        if roster is not None:
            nonclinical = np.array(roster.nonclinical, dtype=bool)
            counts = np.array(roster.headcount, dtype=np.int64)
            levels, maturity = _roster_levels(roster, counts, levels, p)
        self.workforce = wf = Workforce(p, rng, nonclinical, levels, counts)
        self.projects = ProjectBook(p, wf)
        self.communities = Communities(p, wf)
        self.priorities = rng.choice(p.n_themes, size=p.n_priorities, replace=False)
        quality = np.clip(p.quality_start_base + p.quality_start_per_maturity * maturity, 0.0, 1.0)
        zeros = np.zeros(p.n_units)
        self.unit_state = UnitState(
            nonclinical=nonclinical,
            maturity=maturity,
            initial_capability=zeros.copy(),
            initial_quartile=np.zeros(p.n_units, dtype=np.int64),
            quality=quality,
            quality_baseline=quality.copy(),
            quality_month0=quality.copy(),
            track_record=zeros.copy(),
            months_since_success=np.zeros(p.n_units, dtype=np.int64),
            successes=np.zeros(p.n_units, dtype=np.int64),
            failures=np.zeros(p.n_units, dtype=np.int64),
            attention=zeros.copy(),
            coach_left=np.zeros(p.n_units, dtype=np.int64),
            coached=np.zeros(p.n_units, dtype=bool),
            capability=wf.unit_means(),
        )
        self.communities.recruit(wf, rng)
        for month in range(-p.warmup_months + 1, 1):
            self._run_month(month)

    def _begin_policy(self, roster: UnitRoster | None, nonclinical: np.ndarray) -> None:
        """Month 0: the policy's levers take over; counts since month 0 start; units become agents."""
        p, s = self.params, self.unit_state
        if self.in_force is not p:
            self.in_force = p
            self.communities = Communities(p, self.workforce)  # membership stays; the rules change
        if roster is not None and roster.levels is not None:
            self._match_assessment(np.array(roster.levels, dtype=float))
        s.successes[:] = 0
        s.failures[:] = 0
        s.quality_month0[:] = s.quality
        s.capability = self.workforce.unit_means()
        s.initial_capability[:] = s.capability.mean(axis=0)
        rank = np.argsort(np.argsort(s.initial_capability, kind="stable"), kind="stable")
        s.initial_quartile[:] = 1 + (4 * rank) // p.n_units
        if p.warmup_months == 0:
            self.month = Month.start(self, 0)  # else month 0 is the warm-up's last month, and its record stays
        kinds = [UnitKind.NONCLINICAL if flag else UnitKind.CLINICAL for flag in nonclinical]
        names = roster.names if roster is not None else [f"U{i + 1:03d}" for i in range(p.n_units)]
        self.units = [Unit(self, i, kinds[i], int(s.initial_quartile[i]), names[i]) for i in range(p.n_units)]

    def _match_assessment(self, assessed: np.ndarray) -> None:
        """A roster describes the organisation now, at month 0: after the warm-up, each assessed unit's
        staff are rescaled so that the unit's mean matches its assessed level (clipped at potential)."""
        wf = self.workforce
        means = wf.unit_means()  # (capabilities x units)
        target = np.where(np.isnan(assessed.T), means, assessed.T)
        factor = np.divide(target, means, out=np.ones_like(means), where=means > 0)
        wf.staff[:] = np.minimum(wf.staff * wf.per_staff(factor), wf.staff_potential)

    # --- the monthly schedule (ODD element 3) ---------------------------------------------------
    def step(self) -> None:
        """One month: the eleven processes, in order."""
        self._run_month(self.month.index + 1)
        self.collect()

    def _run_month(self, index: int) -> None:
        """The ten processes before ``collect``, for month ``index`` (warm-up months too)."""
        self.streams.begin_month(index)
        self.month = Month.start(self, index)
        self.workforce.used[:] = False
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

    def collect(self) -> None:
        """Record the model-level and unit-level outputs of this month."""
        self.unit_state.capability = self.workforce.unit_means()
        self.outputs = model_outputs(self)
        self.datacollector.collect(self)
