"""The Hydra config mirrors ModelParams and the presets; the entry point runs from the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

import experiments.schema  # noqa: F401 - registers the schema the config is built on
from experiments import docs
from experiments.schema import RUN_KEYS, task_config
from experiments.settings import model_params, run_settings
from simulation import POLICY_NAMES, ModelParams, replicate_seed

from .conftest import ROOT

CONFIGS = str(ROOT / "configs")


def composed(overrides: list[str] | None = None) -> dict:
    with initialize_config_dir(version_base="1.3", config_dir=CONFIGS):
        cfg = compose(config_name="config", overrides=overrides or [])
    return task_config(cfg)


def test_default_config_is_exactly_the_default_params():
    assert model_params(composed()) == ModelParams()


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_each_policy_config_is_exactly_the_preset(policy):
    assert model_params(composed([f"policy={policy}"])) == ModelParams.for_policy(policy)


def test_config_has_no_keys_the_model_does_not_know():
    keys = set(composed())
    assert keys == set(ModelParams().to_dict()) | {name for name, *_ in RUN_KEYS}


def test_org_medium_is_the_default_organisation_and_others_differ():
    assert model_params(composed(["org=medium"])) == ModelParams()
    small, large = model_params(composed(["org=small"])), model_params(composed(["org=large"]))
    assert small.n_units < ModelParams().n_units < large.n_units


def test_seed_comes_from_master_seed_and_replicate_unless_set():
    assert run_settings(composed(["replicate=3"]))[1] == replicate_seed(2026, 3)
    assert run_settings(composed(["seed=11"]))[1] == 11


def test_generated_files_are_up_to_date():
    stale = docs.stale_files()
    assert stale == [], f"out of date: {stale}; run python -m experiments.docs"


def test_overrides_reach_the_model_and_bad_values_are_refused():
    params, seed, n_steps = run_settings(composed(["policy=equal_share", "n_units=60", "seed=7", "n_steps=3"]))
    assert (params.policy, params.n_units, params.contest_exponent, seed, n_steps) == ("equal_share", 60, 0.0, 7, 3)
    with pytest.raises(ValueError, match=r"ModelParams\.annual_turnover=2\.0 is out of range"):
        run_settings(composed(["annual_turnover=2.0"]))
    with pytest.raises(ValueError, match="seed=-4"):
        run_settings(composed(["seed=-4"]))


def run_cli(tmp_path: Path, *overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "experiments.run", f"hydra.run.dir={tmp_path}", *overrides],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_command_line_run_writes_frames_and_resolved_config(tmp_path):
    done = run_cli(tmp_path, "policy=silos", "n_units=6", "seed=7", "n_steps=5")
    assert done.returncode == 0, done.stderr
    assert f"results: {tmp_path}" in done.stdout
    model = pd.read_parquet(tmp_path / "model.parquet")
    units = pd.read_parquet(tmp_path / "units.parquet")
    assert model["step"].tolist() == list(range(6)) and (model["seed"] == 7).all()
    assert len(units) == 6 * 6
    saved = OmegaConf.load(tmp_path / "config.yaml")
    assert saved.n_units == 6 and saved.policy == "silos" and saved.seed == 7
    assert "MESA" not in (tmp_path / "run.log").read_text()  # Mesa's per-step log lines are silenced


def test_command_line_refuses_bad_value_before_running_and_writes_no_results(tmp_path):
    done = run_cli(tmp_path, "n_units=-3", "n_steps=2")
    assert done.returncode == 2
    assert "ModelParams.n_units=-3 is out of range: must be a whole number in [1, 5000]" in done.stderr
    assert not list(tmp_path.glob("*.parquet"))


def test_command_line_refuses_unknown_key(tmp_path):
    done = run_cli(tmp_path, "n_unit=3")
    assert done.returncode != 0 and "n_unit" in done.stderr


def test_command_line_never_overwrites_earlier_results(tmp_path):
    assert run_cli(tmp_path, "n_units=4", "n_steps=2", "seed=1").returncode == 0
    before = (tmp_path / "model.parquet").read_bytes()
    again = run_cli(tmp_path, "n_units=4", "n_steps=3", "seed=2")
    assert again.returncode == 2 and "refusing to overwrite" in again.stderr
    assert (tmp_path / "model.parquet").read_bytes() == before
