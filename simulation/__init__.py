"""Organisation-wide improvement capacity: a Mesa agent-based model.

Units with uneven capability over the six socio-organisational functional and facilitative tasks
(SOFFTs) of Wright, Gabbay & le May (BMJ Qual Saf 2022), held by practitioners whose roles reach
different levels on each, compete for scarce leadership attention; policies change who gets it and
who is developed. See ``docs/ODD.md`` (model version 2) for the model description.

    >>> from simulation import run
    >>> result = run(policy="active_nurturing", seed=1, n_steps=24)
    >>> result.model[["step", "improvement_delivered", "share_no_success"]].tail(1)  # doctest: +SKIP
    >>> from simulation import ModelParams, run_paired, replicate_seeds
    >>> runs = run_paired({p: ModelParams.for_policy(p) for p in ("silos", "equal_share")}, replicate_seeds(1, 4))

``run`` is one seeded simulation; ``run_paired`` runs several conditions on the same seeds (sharing
warm-ups) with hooks for measurements (``simulation.hooks``).

This package does no file I/O, plotting or configuration parsing.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

#: Where each public name lives. The package loads a module when a name of it is first used, so that
#: a caller needing only the parameters or the seeds (a sweep planning its jobs while worker processes
#: load the model) does not pay for importing Mesa.
_WHERE = {
    "CAPABILITIES": "capabilities",
    "SOFFTS": "capabilities",
    "Role": "capabilities",
    "OrganisationModel": "organisation",
    "ModelParams": "params",
    "param_info": "params",
    "LEVERS": "policies",
    "POLICIES": "policies",
    "POLICY_NAMES": "policies",
    "PRESET_LEVERS": "policies",
    "UnitRoster": "roster",
    "RunResult": "runner",
    "run": "runner",
    "Condition": "paired",
    "PairedRuns": "paired",
    "run_paired": "paired",
    "replicate_seed": "seeds",
    "replicate_seeds": "seeds",
    "Unit": "unit",
    "WarmUps": "organisation",
}

if TYPE_CHECKING:
    from simulation.capabilities import CAPABILITIES, SOFFTS, Role
    from simulation.organisation import OrganisationModel, WarmUps
    from simulation.paired import Condition, PairedRuns, run_paired
    from simulation.params import ModelParams, param_info
    from simulation.policies import LEVERS, POLICIES, POLICY_NAMES, PRESET_LEVERS
    from simulation.roster import UnitRoster
    from simulation.runner import RunResult, run
    from simulation.seeds import replicate_seed, replicate_seeds
    from simulation.unit import Unit


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'simulation' has no attribute {name!r}")
    value = getattr(import_module(f"simulation.{_WHERE[name]}"), name)
    globals()[name] = value  # later uses skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


__all__ = [
    "CAPABILITIES",
    "LEVERS",
    "POLICIES",
    "POLICY_NAMES",
    "PRESET_LEVERS",
    "SOFFTS",
    "Condition",
    "ModelParams",
    "OrganisationModel",
    "PairedRuns",
    "Role",
    "RunResult",
    "Unit",
    "UnitRoster",
    "WarmUps",
    "param_info",
    "replicate_seed",
    "replicate_seeds",
    "run",
    "run_paired",
]
