"""The Hydra config mirrors ModelParams and the presets; a single run, composed with Hydra's compose API
and run in this process, writes its results, and refuses bad input before anything is written."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from hydra.errors import HydraException
from omegaconf import OmegaConf

from experiments.config import RUN_KEYS, job_settings, model_params, task_config
from simulation import POLICY_NAMES, ModelParams, replicate_seed
from tools import docs

from .conftest import ROOT
from .sweeps import compose_run, run_in_process


def test_any_composition_has_the_schema_and_resolvers_without_the_entry_points_being_imported(tmp_path):
    """A notebook composing with Hydra's compose API alone gets the typed schema and the resolvers:
    Hydra loads the project's sweeper plugin, which registers them (a fresh interpreter tells)."""
    code = (
        "import sys\n"
        "from hydra import compose, initialize_config_dir\n"
        "with initialize_config_dir(version_base='1.3', config_dir=sys.argv[1]):\n"
        "    cfg = compose(config_name='config', overrides=['replicate=2', 'org=small'])\n"
        "print(cfg.seed, 'experiments.run' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "configs")], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [str(replicate_seed(2026, 2)), "False"]


def composed(*overrides: str) -> dict:
    return task_config(compose_run(*overrides))


def test_default_config_is_exactly_the_default_params():
    assert model_params(composed()) == ModelParams()


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_each_policy_config_is_exactly_the_preset(policy):
    assert model_params(composed(f"policy={policy}")) == ModelParams.for_policy(policy)


def test_config_has_no_keys_the_model_does_not_know():
    keys = set(composed())
    assert keys == set(ModelParams().to_dict()) | {name for name, *_ in RUN_KEYS}


def test_org_medium_is_the_default_organisation_and_others_differ():
    assert model_params(composed("org=medium")) == ModelParams()
    small, large = model_params(composed("org=small")), model_params(composed("org=large"))
    assert small.n_units < ModelParams().n_units < large.n_units


def test_seed_comes_from_master_seed_and_replicate_unless_set():
    assert job_settings(composed("replicate=3")).seed == replicate_seed(2026, 3)
    assert job_settings(composed("seed=11")).seed == 11


def test_generated_files_are_up_to_date():
    stale = docs.stale_files()
    assert stale == [], f"out of date: {stale}; run python -m tools.docs"


def test_overrides_reach_the_model_and_bad_values_are_refused():
    settings = job_settings(composed("policy=equal_share", "n_units=60", "seed=7", "n_steps=3"))
    params = settings.params
    assert (params.policy, params.n_units, params.contest_exponent, settings.seed, settings.n_steps) == (
        "equal_share",
        60,
        0.0,
        7,
        3,
    )
    with pytest.raises(ValueError, match=r"ModelParams\.annual_turnover=2\.0 is out of range"):
        job_settings(composed("annual_turnover=2.0"))
    with pytest.raises(ValueError, match="seed=-4"):
        job_settings(composed("seed=-4"))


def test_a_run_writes_frames_and_resolved_config(tmp_path):
    result = run_in_process(tmp_path, "policy=silos", "n_units=6", "seed=7", "n_steps=5")
    model = pd.read_parquet(tmp_path / "model.parquet")
    units = pd.read_parquet(tmp_path / "units.parquet")
    assert model["step"].tolist() == list(range(6)) and (model["seed"] == 7).all()
    pd.testing.assert_frame_equal(model, result.model)
    assert len(units) == 6 * 6 and (tmp_path / "projects.parquet").is_file()
    saved = OmegaConf.load(tmp_path / "config.yaml")
    assert saved.n_units == 6 and saved.policy == "silos" and saved.seed == 7


@pytest.mark.parametrize(
    ("overrides", "error", "words"),
    [
        (["n_units=-3"], ValueError, "ModelParams.n_units=-3 is out of range: must be a whole number in [1, 5000]"),
        (["n_unit=3"], HydraException, "n_unit"),
        (["+no_such_key=1"], ValueError, "unknown key no_such_key"),
        (["+nuture_share=0.3"], ValueError, "did you mean 'nurture_share'?"),
        (["experiment=teaching/nurturing", "+teaching.hint=x"], ValueError, "unknown key teaching.hint"),
        (
            ["experiment=teaching/nurturing", "teaching.figures=[forests]"],
            ValueError,
            "teaching.figures lists 'forests', which a brief cannot show: one of over_time, lorenz, quartiles",
        ),
        (
            ["experiment=teaching/matthew_effect", "teaching.outcomes=[gini]"],
            ValueError,
            "teaching.outcomes lists 'gini', which a brief cannot show: one of improvement_delivered, mean_capability",
        ),
    ],
    ids=[
        "out-of-range",
        "unknown-key",
        "unknown-plus-key",
        "typo-plus-key",
        "unknown-nested-key",
        "unknown-teaching-figure",
        "unknown-teaching-outcome",
    ],
)
def test_a_run_refuses_bad_input_before_running_and_writes_no_results(tmp_path, overrides, error, words):
    with pytest.raises(error) as refused:
        run_in_process(tmp_path, "n_steps=2", *overrides)
    assert words in str(refused.value)
    assert not any(tmp_path.iterdir())


def test_a_run_never_overwrites_earlier_results(tmp_path):
    run_in_process(tmp_path, "n_units=4", "n_steps=2", "seed=1")
    before = (tmp_path / "model.parquet").read_bytes()
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        run_in_process(tmp_path, "n_units=4", "n_steps=3", "seed=2")
    assert (tmp_path / "model.parquet").read_bytes() == before
