"""Organisation-wide improvement capacity: a Mesa agent-based model.

Units with uneven capability over the six socio-organisational functional and facilitative tasks
(SOFFTs) of Wright, Gabbay & le May (BMJ Qual Saf 2022), held by practitioners whose roles reach
different levels on each, compete for scarce leadership attention; policies change who gets it and
who is developed. See ``docs/ODD.md`` (model version 2) for the model description.

    >>> from simulation import run
    >>> result = run(policy="active_nurturing", seed=1, n_steps=24)
    >>> result.model[["step", "improvement_delivered", "share_no_success"]].tail(1)  # doctest: +SKIP

This package does no file I/O, plotting or configuration parsing.
"""

from simulation.capabilities import CAPABILITIES, SOFFTS, Role
from simulation.organisation import OrganisationModel
from simulation.params import ModelParams, param_info
from simulation.policies import LEVERS, POLICIES, POLICY_NAMES
from simulation.roster import UnitRoster
from simulation.runner import RunResult, replicate_seed, replicate_seeds, run
from simulation.unit import Unit

__all__ = [
    "CAPABILITIES",
    "LEVERS",
    "POLICIES",
    "POLICY_NAMES",
    "SOFFTS",
    "ModelParams",
    "OrganisationModel",
    "Role",
    "RunResult",
    "Unit",
    "UnitRoster",
    "param_info",
    "replicate_seed",
    "replicate_seeds",
    "run",
]
