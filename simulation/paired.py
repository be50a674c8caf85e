"""Paired runs: every condition on the same seeds, warm-ups shared, hooks for measurements.

``run_paired(conditions, seeds)`` is the project's one replicate loop, after Starsim's ``MultiSim``:
each condition (a ``ModelParams``, or a ``Condition`` with hooks) runs under every seed, so that the
differences between conditions are paired on common random numbers. Conditions that differ only in
their levers start from one warm-up per seed (``WarmUps``: a copy instead of another warm-up, the same
bits). Hooks (``simulation.hooks``) measure or perturb a run at month 0 and after each month; every run
gets its own copies, kept with its result.

    >>> from simulation import ModelParams, run_paired
    >>> runs = run_paired({p: ModelParams.for_policy(p) for p in ("silos", "equal_share")}, seeds=[1, 2])
    >>> [run.result.model["improvement_delivered"].iloc[-1] for run in runs.of("equal_share")]  # doctest: +SKIP

Seeds: a sequence (replicate ``i`` runs with ``seeds[i]``) or a mapping replicate -> seed, as a sweep
job's block of replicates has. Runs go seed by seed, every condition under each seed, so one kept
warm-up per seed suffices. Everything runs in this process; callers that want workers split the seeds.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulation.hooks import Hook
from simulation.organisation import OrganisationModel, WarmUps
from simulation.params import ModelParams
from simulation.roster import UnitRoster
from simulation.runner import RunResult, check_run, check_units, result_of, simulate

__all__ = ["Condition", "PairedRun", "PairedRuns", "run_paired"]


@dataclass(frozen=True)
class Condition:
    """One condition of a paired comparison: its parameters and the hooks each of its runs carries."""

    params: ModelParams
    hooks: tuple[Hook, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.params, ModelParams):
            raise ValueError(f"params={self.params!r} is not allowed: must be a ModelParams")
        for hook in self.hooks:
            if not isinstance(hook, Hook):
                raise ValueError(f"hook {hook!r} is not allowed: must be a simulation.hooks.Hook")


@dataclass(frozen=True)
class PairedRun:
    """One run of a paired comparison: its condition's key, replicate, seed, frames (``result``, None
    when frames were not asked for), what ``measure`` returned (``value``) and its own hooks."""

    condition: Hashable
    replicate: int
    seed: int
    result: RunResult | None
    value: Any
    hooks: tuple[Hook, ...]


class PairedRuns(Sequence[PairedRun]):
    """Every run of a paired comparison, seed by seed, conditions in their given order within a seed."""

    def __init__(self, runs: Sequence[PairedRun], conditions: Sequence[Hashable]):
        self._runs, self.conditions = list(runs), list(conditions)

    def __getitem__(self, index):  # type: ignore[override]
        return self._runs[index]

    def __len__(self) -> int:
        return len(self._runs)

    def __iter__(self) -> Iterator[PairedRun]:
        return iter(self._runs)

    def of(self, condition: Hashable) -> list[PairedRun]:
        """The runs of one condition, in replicate order."""
        if condition not in self.conditions:
            raise KeyError(f"no condition {condition!r}: the conditions are {self.conditions}")
        return [run for run in self._runs if run.condition == condition]

    def results(self, condition: Hashable) -> list[RunResult]:
        """The frames of one condition's runs, in replicate order."""
        return [run.result for run in self.of(condition)]

    def values(self, condition: Hashable) -> list[Any]:
        """What ``measure`` returned for one condition's runs, in replicate order."""
        return [run.value for run in self.of(condition)]


def _condition(key: Hashable, value: ModelParams | Condition | tuple) -> Condition:
    if isinstance(value, Condition):
        return value
    if isinstance(value, ModelParams):
        return Condition(value)
    if isinstance(value, tuple) and value and isinstance(value[0], ModelParams):
        return Condition(value[0], tuple(value[1:]))
    raise ValueError(
        f"condition {key!r}={value!r} is not allowed: give a ModelParams, a Condition, or (ModelParams, hook, ...)"
    )


def run_paired(
    conditions: Mapping[Hashable, ModelParams | Condition | tuple],
    seeds: Sequence[int] | Mapping[int, int],
    *,
    n_steps: int = 120,
    roster: UnitRoster | None = None,
    warm_ups: WarmUps | None = None,
    frames: bool = True,
    units: str = "all",
    measure: Callable[[OrganisationModel], Any] | None = None,
    run_id: Callable[[Hashable, int, int], str] | None = None,
) -> PairedRuns:
    """Run every condition under every seed for ``n_steps`` months.

    ``conditions``: key -> ``ModelParams``, ``Condition`` or ``(ModelParams, hook, ...)``. ``seeds``: a
    sequence, or a mapping replicate -> seed. ``warm_ups``: a ``WarmUps`` shared with other calls (a
    worker's), else one for this call. ``frames``: build each run's tidy frames (``RunResult``);
    ``units``: the frames' units every month (``"all"``) or the last month's (``"last"``, sooner);
    ``measure``: a function of the final model whose value each run keeps (it reads; it must not change
    the model). ``run_id(key, replicate, seed)`` names each run's rows (default: the policy and seed).
    Every setting is checked before the first run starts.
    """
    chosen = {key: _condition(key, value) for key, value in conditions.items()}
    if not chosen:
        raise ValueError("conditions={} is not allowed: a paired run needs at least one condition")
    pairs = list(seeds.items()) if isinstance(seeds, Mapping) else list(enumerate(seeds))
    check_units(units)
    for _, seed in pairs:
        check_run(seed, n_steps)
    for key, condition in chosen.items():
        if roster is not None and len(roster) != condition.params.n_units:
            raise ValueError(
                f"condition {key!r}: the roster lists {len(roster)} units but n_units={condition.params.n_units}"
            )
    kept = warm_ups if warm_ups is not None else WarmUps(size=len(chosen))
    runs = []
    for replicate, seed in pairs:
        for key, condition in chosen.items():
            hooks = tuple(copy.deepcopy(hook) for hook in condition.hooks)
            record = frames and units == "all"
            model = simulate(
                condition.params, int(seed), n_steps, roster=roster, warm_ups=kept, hooks=hooks, unit_records=record
            )
            name = run_id(key, replicate, int(seed)) if run_id is not None else None
            result = result_of(model, name) if frames else None
            value = measure(model) if measure is not None else None
            runs.append(PairedRun(key, int(replicate), int(seed), result, value, hooks))
    return PairedRuns(runs, list(chosen))
