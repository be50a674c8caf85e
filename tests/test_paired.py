"""The paired-runs API (``simulation.run_paired``) and its hooks: the same bits as single runs, one warm-up
per seed, hooks that each run owns, bad input refused before anything runs; and no code outside
``simulation/`` assigns the model's internals."""

from __future__ import annotations

import ast

import numpy as np
import pandas as pd
import pytest

from simulation import ModelParams, WarmUps, replicate_seeds, run, run_paired
from simulation.hooks import Hook, KnockOut, QualityGainsOff, Record
from simulation.roster import UnitRoster

from .conftest import ROOT

SMALL = {"n_units": 6, "staff_per_unit": 15.0}


def test_paired_runs_are_the_bits_of_single_runs_and_share_one_warm_up_per_seed():
    seeds = replicate_seeds(4, 3)
    conditions = {p: ModelParams.for_policy(p, **SMALL) for p in ("silos", "equal_share", "nurture_and_learn")}
    kept = WarmUps(size=3)
    runs = run_paired(conditions, seeds, n_steps=18, warm_ups=kept)
    assert [(run.condition, run.replicate, run.seed) for run in runs[:3]] == [(p, 0, seeds[0]) for p in conditions]
    assert (kept.misses, kept.hits) == (3, 6)  # a warm-up per seed; the other two policies start from a copy
    for policy, params in conditions.items():
        for seed, result in zip(seeds, runs.results(policy), strict=True):
            alone = run(params, seed=seed, n_steps=18)
            for name in ("model", "units", "projects"):
                pd.testing.assert_frame_equal(getattr(result, name), getattr(alone, name))


def test_replicates_are_labelled_by_a_mapping_and_runs_named_by_a_function():
    runs = run_paired(
        {"a": ModelParams(**SMALL)},
        {4: 11, 5: 12},
        n_steps=2,
        run_id=lambda key, replicate, seed: f"{key}#r{replicate}",
    )
    assert [(run.replicate, run.seed) for run in runs] == [(4, 11), (5, 12)]
    assert set(runs.results("a")[1].model["run_id"]) == {"a#r5"}
    with pytest.raises(KeyError, match="no condition 'b'"):
        runs.of("b")


def test_each_run_owns_its_hooks_and_a_knock_out_halves_what_the_workforce_holds_at_month_0():
    def technical(model) -> float:
        return float(model.workforce.staff[6].sum())

    params = ModelParams(**SMALL)
    conditions = {"as is": (params, Record(technical, (0, 3))), "halved": (params, KnockOut([6]), Record(technical))}
    runs = run_paired(conditions, replicate_seeds(2, 2), n_steps=3, frames=False, measure=technical)
    whole, halved = runs.of("as is"), runs.of("halved")
    for a, b in zip(whole, halved, strict=True):
        assert b.hooks[1].values[0] == pytest.approx(0.5 * a.hooks[0].values[0], rel=1e-12)
        assert sorted(a.hooks[0].values) == [0, 3] and a.hooks[0].values[3] == a.value
    assert whole[0].hooks[0] is not whole[1].hooks[0]
    assert whole[0].hooks[0].values[0] != whole[1].hooks[0].values[0]  # two seeds, two organisations
    assert conditions["as is"][1].values == {}  # the caller's hook is a template: runs record in their copies


def test_a_year_without_quality_gains_delivers_nothing_and_loses_only_what_decays():
    params = ModelParams(n_units=12)
    runs = run_paired({"off": (params, QualityGainsOff(24, 12))}, [3], n_steps=36)
    delivered = runs[0].result.model.set_index("step")["improvement_delivered"]
    assert delivered.loc[24:].nunique() == 1 and delivered.loc[24] > 0  # gains stop after month 24, none since
    assert 0 < runs[0].hooks[0].lost < 1
    [kept] = run_paired({"no decay": (params.replace(quality_decay=0.0), QualityGainsOff(0))}, [3], n_steps=12)
    assert kept.hooks[0].lost == pytest.approx(0.0)
    assert np.isnan(QualityGainsOff(0).lost)  # nothing measured yet


class Counting(Hook):
    """A probe: how many runs started."""

    started = 0

    def start(self, model):
        Counting.started += 1


ROSTER = UnitRoster(("A", "B"), (False, True), ((5, 1, 1, 1, 1), (0, 0, 0, 1, 4)))


@pytest.mark.parametrize(
    ("bad", "seeds", "roster", "words"),
    [
        ({"a": {"n_units": 2}}, [1], None, "give a ModelParams, a Condition"),
        ({"a": (ModelParams(n_units=2), "not a hook")}, [1], None, "must be a simulation.hooks.Hook"),
        ({}, [1, -2], None, "seed=-2 is not allowed"),
        ({}, [1], None, "n_steps=-1 is not allowed"),
        ({"a": ModelParams(n_units=4)}, [1], ROSTER, "the roster lists 2 units but n_units=4"),
    ],
    ids=["not-params", "not-a-hook", "bad-seed", "bad-months", "roster-mismatch"],
)
def test_bad_input_is_refused_before_any_run(bad, seeds, roster, words):
    Counting.started = 0
    conditions = {"first": (ModelParams(n_units=2), Counting()), **bad}  # a good condition first: nothing runs
    with pytest.raises(ValueError, match=words):
        run_paired(conditions, seeds, n_steps=-1 if "n_steps" in words else 1, roster=roster)
    assert Counting.started == 0
    with pytest.raises(ValueError, match="at least one condition"):
        run_paired({}, [1])


#: Code outside the model that may assign the model's internals: none. (The tests build scripted states
#: by hand, which is what ``simulation.month`` and the process tests are for, so tests/ is not scanned.)
OUTSIDE = ("analysis", "experiments", "teaching", "verification", "tools", "hydra_plugins")


def _assigned_roots(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, target) of every assignment whose target is an attribute or item of something named model."""
    found = []
    for node in ast.walk(tree):
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
        )
        for target in targets:
            root, depth = target, 0
            while isinstance(root, ast.Attribute | ast.Subscript):
                root, depth = root.value, depth + 1
            if depth and isinstance(root, ast.Name) and root.id == "model":
                found.append((node.lineno, ast.unparse(target)))
    return found


def test_no_code_outside_the_model_assigns_its_internals():
    offenders = []
    for folder in OUTSIDE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            offenders += [
                f"{path.relative_to(ROOT)}:{line}: {target}"
                for line, target in _assigned_roots(ast.parse(path.read_text()))
            ]
    assert offenders == [], offenders
    planted = ast.parse("model.in_force = model.in_force.replace(quality_gain=0.0)\nmodel.workforce.cap[3] *= 0.5")
    assert [target for _, target in _assigned_roots(planted)] == ["model.in_force", "model.workforce.cap[3]"]


def test_a_run_that_keeps_only_its_last_month_of_units_is_the_same_run_and_summary():
    """``units="last"`` records no unit every month (sooner): the model frame, the last month's units and
    every summary number are those of the full run; an unknown value is refused."""
    from analysis.summary import summarise

    params = {"alike": ModelParams(**SMALL)}
    full, last = (run_paired(params, [5], n_steps=12, units=units)[0].result for units in ("all", "last"))
    pd.testing.assert_frame_equal(full.model, last.model)
    end = full.units[full.units["step"] == 12].reset_index(drop=True)
    pd.testing.assert_frame_equal(end, last.units)
    pd.testing.assert_frame_equal(summarise(full.model, full.units), summarise(last.model, last.units))
    with pytest.raises(ValueError, match="units='monthly' is not allowed: must be one of all, last"):
        run(seed=1, n_steps=1, units="monthly")
