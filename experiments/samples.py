"""The parameter samples a sweep runs: plausible worlds (``experiment=robustness``) and Morris
trajectories (``experiment=sensitivity``). (What a sweep compares is ``analysis.design``.)

Most of the model's parameters are assumptions. A **world** is one draw of every parameter whose
kind is ``assumption`` or ``sourced`` from its plausible range (``ModelParams`` metadata): a Latin
hypercube (``scipy.stats.qmc.LatinHypercube``) or a scrambled Sobol sequence, seeded, so that the
same configuration always gives the same worlds. World 0 is the defaults (the central world) unless
``central`` is off. Every policy runs in every world on the same replicate seeds (common random
numbers: same world, same seed), so differences between policies within a world are paired.
Exploratory modelling (EMA Workbench, robust decision making) asks its questions of such ensembles;
``analysis.robustness`` and ``analysis.scenarios`` answer them.

A **Morris screening** (SALib) names parameters with ``[low, high]`` ranges (none named: the same
uncertain parameters over their plausible ranges), a number of trajectories and levels, and a
sampling seed; each row of SALib's sample matrix is one ``sample`` of the sweep (``design_rows``
counts them for the preset's sweep range), run for every replicate. After the sweep,
``morris_indices`` writes ``aggregate/sensitivity.csv``: for every screened output
(``analysis.outcomes.SCREENED``) and parameter, mu, mu* (mean absolute elementary effect: overall
influence), its 95 % confidence half-width, and sigma (spread of the effects: interactions or
non-linearity). A design point's outcome is its mean over replicates (common random numbers).

Both samples name their parameters the same way and are checked by one function (``bounds``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.outcomes import SCREENED
from experiments.store import atomic_write
from simulation import ModelParams, param_info

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SAMPLERS",
    "bounds",
    "design_rows",
    "morris_design",
    "morris_indices",
    "sample_values",
    "uncertain_parameters",
    "world_design",
    "world_seed",
    "world_values",
    "worlds_table",
]

SAMPLERS = ("lhs", "sobol")
UNCERTAIN_KINDS = ("assumption", "sourced")


def uncertain_parameters() -> dict[str, tuple[float, float]]:
    """Every parameter we do not know exactly (kind ``assumption`` or ``sourced``) with its plausible range."""
    return {row.name: tuple(row.plausible) for row in param_info() if row.kind in UNCERTAIN_KINDS and row.plausible}


def bounds(conf: Mapping[str, Any], design: str) -> dict[str, tuple[float, float]]:
    """The parameters a design samples and their ``[low, high]`` ranges: those its ``parameters`` names
    (each a model parameter, with low < high), or every uncertain parameter over its plausible range.
    ``design`` (``robustness`` or ``sensitivity``) names the config key in messages."""
    chosen = dict(conf.get("parameters") or {})
    if not chosen:
        return uncertain_parameters()
    known = {row.name for row in param_info()}
    for name, pair in chosen.items():
        if name not in known:
            raise ValueError(f"{design}.parameters.{name}: not a model parameter")
        if len(pair) != 2 or not float(pair[0]) < float(pair[1]):
            raise ValueError(f"{design}.parameters.{name}={list(pair)}: must be [low, high] with low < high")
    return {name: (float(pair[0]), float(pair[1])) for name, pair in chosen.items()}


def _rounded(names, row, types: Mapping[str, type]) -> dict[str, Any]:
    """A design row as parameter values: whole numbers rounded for ``int`` parameters."""
    return {name: (round(v) if types[name] is int else float(v)) for name, v in zip(names, row, strict=True)}


# --- plausible worlds -------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _worlds(
    names: tuple[str, ...], ranges: tuple[tuple[float, float], ...], worlds: int, sampler: str, seed: int, central: bool
) -> np.ndarray:
    from scipy.stats import qmc

    d = len(names)
    if sampler == "lhs":
        unit = qmc.LatinHypercube(d=d, seed=seed).random(worlds)
    else:
        unit = qmc.Sobol(d=d, scramble=True, seed=seed).random(worlds)
    low, high = np.array(ranges).T
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
    parameters = bounds(conf, "robustness")
    names = tuple(parameters)
    ranges = tuple(parameters[n] for n in names)
    return names, _worlds(names, ranges, worlds, sampler, int(conf["sampling_seed"]), bool(conf.get("central", True)))


def world_values(world: int | None, conf: Mapping[str, Any] | None, types: Mapping[str, type]) -> dict[str, Any]:
    """The parameter values of world ``world`` (whole numbers rounded for ``int`` parameters)."""
    return _row("world", world, conf, "robustness", world_design, types)


def _row(key: str, index: int | None, conf, preset: str, design, types: Mapping[str, type]) -> dict[str, Any]:
    """The parameter values of row ``index`` of a design (``design(conf)``: names and matrix), a job's
    ``world`` or ``sample``; none when the job has no such row."""
    if index is None:
        return {}
    if conf is None:
        raise ValueError(f"{key}={index} needs a {preset} design (experiment={preset})")
    names, matrix = design(conf)
    if not 0 <= index < len(matrix):
        raise ValueError(f"{key}={index} is not allowed: the design has {key}s 0..{len(matrix) - 1}")
    return _rounded(names, matrix[index], types)


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


# --- Morris screening -------------------------------------------------------------------------------
def design_rows(trajectories: int, parameters: Any) -> int:
    """Rows of a Morris design: trajectories x (number of parameters + 1); no parameters named means every
    uncertain parameter (``uncertain_parameters``)."""
    trajectories = _at_least("trajectories", trajectories, 1)
    return trajectories * (len(parameters or uncertain_parameters()) + 1)


def _at_least(key: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"sensitivity.{key}={value!r} is not allowed: must be a whole number >= {low}")
    return value


@lru_cache(maxsize=8)
def _trajectories(
    names: tuple[str, ...], ranges: tuple[tuple[float, float], ...], trajectories: int, levels: int, seed: int
):
    from SALib.sample import morris

    problem = {"num_vars": len(names), "names": list(names), "bounds": [list(b) for b in ranges]}
    return problem, morris.sample(problem, trajectories, num_levels=levels, seed=seed)


def morris_design(sensitivity: Mapping[str, Any]):
    """(SALib problem, sample matrix) of a sensitivity config (validated); each row is one design point."""
    parameters = bounds(sensitivity, "sensitivity")
    _at_least("trajectories", sensitivity["trajectories"], 1)
    _at_least("levels", sensitivity["levels"], 2)
    names = tuple(parameters)
    ranges = tuple(parameters[n] for n in names)
    return _trajectories(
        names, ranges, int(sensitivity["trajectories"]), int(sensitivity["levels"]), int(sensitivity["sampling_seed"])
    )


def sample_values(sample: int | None, sensitivity: Mapping[str, Any] | None, types: Mapping[str, type]) -> dict:
    """The parameter values of design row ``sample`` (whole numbers rounded for ``int`` parameters)."""

    def design(conf):
        problem, matrix = morris_design(conf)
        return problem["names"], matrix

    return _row("sample", sample, sensitivity, "sensitivity", design, types)


def morris_indices(summary: pd.DataFrame, sensitivity: Mapping[str, Any], out: Path | None = None) -> pd.DataFrame:
    """mu, mu*, its confidence and sigma for each screened output and parameter."""
    import pandas as pd  # here, not above: composing and planning a sweep need this module but not pandas
    from SALib.analyze import morris

    problem, design = morris_design(sensitivity)
    outputs = [o for o in SCREENED if o in summary.columns]
    means = summary.groupby("sample")[outputs].mean()
    missing = sorted(set(range(len(design))) - set(means.index))
    if missing:
        raise ValueError(f"design points {missing[:10]} have no completed run: the screening needs every point")
    means = means.sort_index()
    rows = []
    for output in outputs:
        y = means[output].to_numpy(dtype=float)
        if not np.isfinite(y).all():
            continue
        result = morris.analyze(
            problem, design, y, num_levels=int(sensitivity["levels"]), seed=int(sensitivity["sampling_seed"])
        )
        for i, name in enumerate(problem["names"]):
            rows.append(
                {
                    "output": output,
                    "parameter": name,
                    "mu": float(result["mu"][i]),
                    "mu_star": float(result["mu_star"][i]),
                    "mu_star_conf": float(result["mu_star_conf"][i]),
                    "sigma": float(result["sigma"][i]),
                }
            )
    table = pd.DataFrame(rows)
    if out is not None:
        atomic_write(out, lambda tmp: table.to_csv(tmp, index=False))
    return table
