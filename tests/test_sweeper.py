"""The sweeper's plan: its fast composition agrees with Hydra's full one, one table says what is not a
condition, and a bad job anywhere refuses the sweep before it starts. Every preset is planned, checked
against Hydra's full composition and run in tests/test_experiments.py and tests/test_teaching.py."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from omegaconf import OmegaConf

from analysis.design import from_plan
from experiments.config import NOT_CONDITIONS
from experiments.jobs import NOT_IN_FINGERPRINT, fingerprint

from .sweeps import compose_run, plan_sweep, sweeper


def test_fast_plan_equals_full_composition_for_a_command_line_sweep():
    overrides = ["-m", "policy=silos,equal_share", "org=small,large", "attention_budget=0.3,0.6", "n_steps=5"]
    fast, full = plan_sweep(*overrides[1:]), plan_sweep(*overrides[1:], fast=False)
    assert fast == full and len(fast) == 8  # every job: config, folder, fingerprint, condition, seeds
    assert {j.folder for j, _ in fast} >= {"attention_budget=0.3,n_steps=5,org=small,policy=silos"}


def test_a_sweep_of_plain_values_shares_the_master_composition_and_agrees_with_hydra():
    overrides = ["org=small", "experiment=teaching/who_is_on_the_team", "attention_budget=0.3,0.6", "quiet=true"]
    with sweeper(None, *overrides) as (instance, arguments):
        fast = instance.plan(arguments)
        assert [base is instance.config for base in instance._composed.values()] == [True]  # no second composition
        instance.fast = False
        assert instance.plan(arguments) == fast and len(fast) == 16


def test_one_table_says_what_is_not_a_condition():
    cfg = compose_run()
    with sweeper(None, "policy=silos") as (instance, _):
        excluded = list(instance.config.hydra.job.config.override_dirname.exclude_keys)
    assert excluded == [key for key, uses in NOT_CONDITIONS.items() if "folder" not in uses]
    assert "replicates" in excluded and "block" not in excluded and "seed" not in excluded
    assert set(NOT_IN_FINGERPRINT) == {"hydra"} | {k for k, uses in NOT_CONDITIONS.items() if "fingerprint" not in uses}
    resolved = OmegaConf.to_container(cfg, resolve=True)
    assert fingerprint({**resolved, "workers": 7, "question": "Why?"}) == fingerprint(resolved)
    assert fingerprint({**resolved, "block_size": 7}) != fingerprint(resolved)


def test_conditions_are_the_swept_settings_and_nothing_else():
    planned = plan_sweep("experiment=policy_comparison", "replicates=6", "n_units=5", "seed=3", "name=x")
    job = planned[0][0]
    assert job.condition == {"policy": "silos", "n_units": 5}  # block, replicates, seed, name: not conditions
    assert job.replicates == (0, 1, 2, 3, 4) and len({j.folder for j, _ in planned}) == len(planned) == 10


def test_a_nested_setting_is_recorded_with_its_value_and_the_design_with_the_plan():
    """A dotted override (``robustness.worlds=3``) is a condition with its value, not 'None'; the plan
    says what the sweep compares (``analysis.design``)."""
    planned = plan_sweep("experiment=robustness", "robustness.worlds=3", "replicates=1", "n_units=5")
    assert {job.condition["robustness.worlds"] for job, _ in planned} == {3}
    assert {job.condition["world"] for job, _ in planned} == {0, 1, 2}
    design = from_plan([asdict(job) for job, _ in planned], {"robustness": planned[0][1]["robustness"]})
    assert (design.kind, design.factor, design.reference) == ("ensemble", "policy", "silos")
    assert design.swept == ["world", "policy"] and design.levels["robustness.worlds"] == [3]


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        (["annual_turnover=0.1,1.5"], "annual_turnover=1.5]: ModelParams.annual_turnover=1.5 is out of range"),
        (["+nuture_share=0.3"], "unknown key nuture_share"),
        (["sample=3"], "needs a sensitivity design"),
        (["experiment=sensitivity", "sensitivity.trajectories=2", "+sensitivity.seed=1"], "sensitivity.seed"),
    ],
    ids=["one-bad-job", "unknown-plus-key", "sample-without-design", "unknown-nested-key"],
)
def test_a_bad_job_refuses_the_plan_naming_it(overrides, words):
    with pytest.raises(ValueError) as refused:
        plan_sweep("policy=silos,equal_share", "n_steps=3", *overrides)
    assert words in str(refused.value)


def test_a_name_that_would_leave_the_output_folder_is_refused_before_anything(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with sweeper(None, "name=../../escaped", "policy=silos,equal_share") as (instance, arguments):
        with pytest.raises(ValueError, match=r"name='\.\./\.\./escaped' is not allowed"):
            instance.prepare(arguments)
    assert list(Path(tmp_path).iterdir()) == []
