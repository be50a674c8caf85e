"""The uncertainty ensemble: plausible worlds sampled over what we do not know, for ``experiment=robustness``.

Most of the model's parameters are assumptions. A world is one draw of every parameter whose kind
is ``assumption`` or ``sourced`` from its plausible range (``ModelParams`` metadata): a Latin
hypercube (``scipy.stats.qmc.LatinHypercube``) or a scrambled Sobol sequence, seeded, so that the
same configuration always gives the same worlds. World 0 is the defaults (the central world) unless
``central`` is off. Every policy runs in every world on the same replicate seeds (common random
numbers: same world, same seed), so differences between policies within a world are paired.
Exploratory modelling (EMA Workbench, robust decision making) asks its questions of such ensembles;
``analysis.robustness`` and ``analysis.scenarios`` answer them.

``uncertain_parameters`` is also the default parameter set of the Morris screening
(``experiment=sensitivity``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from simulation import ModelParams, param_info

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SAMPLERS", "uncertain_parameters", "world_design", "world_seed", "world_values", "worlds_table"]

SAMPLERS = ("lhs", "sobol")
UNCERTAIN_KINDS = ("assumption", "sourced")


def uncertain_parameters() -> dict[str, tuple[float, float]]:
    """Every parameter we do not know exactly (kind ``assumption`` or ``sourced``) with its plausible range."""
    return {row.name: tuple(row.plausible) for row in param_info() if row.kind in UNCERTAIN_KINDS and row.plausible}


def _parameters(conf: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    chosen = dict(conf.get("parameters") or {})
    if not chosen:
        return uncertain_parameters()
    known = {row.name for row in param_info()}
    for name, bounds in chosen.items():
        if name not in known:
            raise ValueError(f"robustness.parameters.{name}: not a model parameter")
        if len(bounds) != 2 or not float(bounds[0]) < float(bounds[1]):
            raise ValueError(f"robustness.parameters.{name}={list(bounds)}: must be [low, high] with low < high")
    return {name: (float(b[0]), float(b[1])) for name, b in chosen.items()}


@lru_cache(maxsize=8)
def _design(
    names: tuple[str, ...], bounds: tuple[tuple[float, float], ...], worlds: int, sampler: str, seed: int, central: bool
) -> np.ndarray:
    from scipy.stats import qmc

    d = len(names)
    if sampler == "lhs":
        unit = qmc.LatinHypercube(d=d, seed=seed).random(worlds)
    else:
        unit = qmc.Sobol(d=d, scramble=True, seed=seed).random(worlds)
    low, high = np.array(bounds).T
    matrix = low + unit * (high - low)
    if central:
        defaults = ModelParams()
        matrix[0] = [getattr(defaults, name) for name in names]
    return matrix


def world_design(conf: Mapping[str, Any]) -> tuple[tuple[str, ...], np.ndarray]:
    """(parameter names, worlds x parameters matrix) of a ``robustness`` config (validated)."""
    worlds, sampler = int(conf["worlds"]), str(conf["sampler"])
    if worlds < 2:
        raise ValueError(f"robustness.worlds={worlds} is not allowed: must be a whole number >= 2")
    if sampler not in SAMPLERS:
        raise ValueError(f"robustness.sampler={sampler!r} is not allowed: must be one of {', '.join(SAMPLERS)}")
    parameters = _parameters(conf)
    names = tuple(parameters)
    bounds = tuple(parameters[n] for n in names)
    return names, _design(names, bounds, worlds, sampler, int(conf["sampling_seed"]), bool(conf.get("central", True)))


def world_values(world: int | None, conf: Mapping[str, Any] | None, types: Mapping[str, type]) -> dict[str, Any]:
    """The parameter values of world ``world`` (whole numbers rounded for ``int`` parameters)."""
    if world is None:
        return {}
    if conf is None:
        raise ValueError(f"world={world} needs a robustness design (experiment=robustness)")
    names, matrix = world_design(conf)
    if not 0 <= world < len(matrix):
        raise ValueError(f"world={world} is not allowed: the design has worlds 0..{len(matrix) - 1}")
    return {name: (round(v) if types[name] is int else float(v)) for name, v in zip(names, matrix[world], strict=True)}


def worlds_table(conf: Mapping[str, Any], types: Mapping[str, type]) -> pd.DataFrame:
    """One row per world: ``world`` and every sampled parameter's value (as the jobs ran it)."""
    import pandas as pd  # here, not above: composing and planning a sweep need this module but not pandas

    names, matrix = world_design(conf)
    rows = [{"world": w, **world_values(w, conf, types)} for w in range(len(matrix))]
    return pd.DataFrame(rows, columns=["world", *names])


def world_seed(master_seed: int, world: int, replicate: int) -> int:
    """Replicate ``replicate``'s seed in world ``world``: the same for every policy in that world."""
    child = np.random.SeedSequence(int(master_seed), spawn_key=(int(world), int(replicate)))
    return int(child.generate_state(1, dtype=np.uint32)[0])
