"""Sweeps in the test process (tests/sweeps.py): every preset end to end, folder layout, aggregate,
resume, failure isolation, refusals, and an aggregate that does not depend on the order jobs finish.
The command line itself, with the joblib and submitit launchers, is smoke-tested in tests/test_cli.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hydra.errors import HydraException

from analysis.report import build_brief
from experiments.samples import morris_design, uncertain_parameters
from experiments.sweep import SweepRefused
from simulation import replicate_seed

from .conftest import ROOT
from .sweeps import plan_sweep, run_sweep, sweeper

TINY = ["n_steps=4", "n_units=4", "replicates=1", "quiet=true"]
PRESETS = sorted(p.stem for p in (ROOT / "configs" / "experiment").glob("*.yaml"))
COMPARISON = ["experiment=policy_comparison", "n_steps=5", "n_units=5", "replicates=2", "quiet=true"]


def manifest(sweep_dir: Path) -> pd.DataFrame:
    return pd.read_csv(sweep_dir / "manifest.csv")


def stamps(sweep_dir: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in sweep_dir.glob("*/DONE.json")}


def test_the_sensitivity_preset_screens_every_assumption_not_only_the_levers():
    """Left at its defaults, the Morris design covers every parameter of kind assumption or sourced, each
    over its plausible range: the support half-saturation, the Hill exponent, flounder_months, community
    size and coach cost among them (the levers of version 1's screening were not enough)."""
    planned = plan_sweep("experiment=sensitivity", "quiet=true")
    design = planned[0][1]["sensitivity"]
    problem, matrix = morris_design(design)
    assert set(problem["names"]) == set(uncertain_parameters())
    assert {
        "support_half_saturation",
        "support_hill_exponent",
        "flounder_months",
        "community_size",
        "coach_cost",
    } <= set(problem["names"])
    assert len({job.folder for job, _ in planned}) == len(matrix) * 1  # one block of 2 replicates per design point
    for name, (low, high) in zip(problem["names"], problem["bounds"], strict=True):
        assert (low, high) == uncertain_parameters()[name], name


def test_every_preset_is_covered():
    assert set(PRESETS) >= {
        "policy_comparison",
        "budget_sweep",
        "exclusivity_sweep",
        "turnover_shock",
        "nurture_dose",
        "sensitivity",
        "robustness",
    }


@pytest.mark.parametrize("preset", PRESETS)
def test_each_preset_runs_end_to_end_with_tiny_sizes(tmp_path, preset):
    extra = {
        "turnover_shock": ["n_steps=61"],
        "sensitivity": [
            "sensitivity.trajectories=2",
            "++sensitivity.parameters={attention_budget:[0.2,0.5],quality_decay:[0.06,0.1]}",
        ],
        "robustness": ["robustness.worlds=2"],
        "budget_sweep": ["n_units=10"],  # at 4 units, facilitation alone would cost more than a budget of 0.1
    }.get(preset, [])
    where = tmp_path / preset
    assert run_sweep(where, f"experiment={preset}", *TINY, *extra, compare=True) == 0
    jobs = manifest(where)
    assert (jobs["status"] == "completed").all() and len(jobs) > 1
    summary = pd.read_csv(where / "aggregate" / "summary.csv")
    assert len(summary) == len(jobs)
    swept = [c.removeprefix("condition.") for c in jobs.columns if c.startswith("condition.")]
    assert set(swept) <= set(summary.columns)
    brief = build_brief(where, svg=False)  # every preset's brief is written, with the figures that fit it
    names = {path.stem for path in brief.figures}
    expected = {
        "budget_sweep": "two_way_final_improvement_delivered",
        "exclusivity_sweep": "two_way_final_share_no_success",
        "turnover_shock": "two_way_final_improvement_delivered",
        "nurture_dose": "dose_response",
        "sensitivity": "morris",
        "policy_comparison": "forest",
        "robustness": "win_share",
    }[preset]
    assert expected in names, names
    assert brief.findings and (where / "brief" / "statistics.csv").is_file()
    question = json.dumps((brief.html.read_text().split("<h2>The question</h2><ul><li>")[1]).split("</li>")[0])
    assert question.endswith('?"') and question.strip('"') in (ROOT / f"configs/experiment/{preset}.yaml").read_text()
    if preset == "sensitivity":
        indices = pd.read_csv(where / "aggregate" / "sensitivity.csv")
        assert set(indices["parameter"]) == {"attention_budget", "quality_decay"}
        assert {"mu_star", "mu_star_conf", "sigma"} <= set(indices.columns)


@pytest.fixture(scope="module")
def comparison(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("sweeps") / "comparison"
    assert run_sweep(where, *COMPARISON) == 0
    return where


def test_folder_layout_and_provenance(comparison):
    for name in (
        "multirun.yaml",
        "sweep.json",
        "manifest.csv",
        "aggregate/model.parquet",
        "aggregate/units.parquet",
        "aggregate/projects.parquet",
        "aggregate/summary.csv",
    ):
        assert (comparison / name).is_file(), name
    assert len(manifest(comparison)) == 5  # five policies, both replicates in one block each
    job = comparison / "block=0,n_steps=5,n_units=5,policy=active_nurturing"
    for name in ("model.parquet", "units.parquet", "projects.parquet", "summary.csv", "config.yaml", "DONE.json"):
        assert (job / name).is_file(), name
    info = json.loads((job / "provenance.json").read_text())
    assert info["seeds"] == [replicate_seed(2026, 0), replicate_seed(2026, 1)] and info["master_seed"] == 2026
    assert set(pd.read_parquet(job / "model.parquet")["replicate"]) == {0, 1}
    assert len(pd.read_csv(job / "summary.csv")) == 2
    assert info["packages"]["mesa"] and info["python"]
    assert "commit" in info["git"]
    plan = json.loads((comparison / "sweep.json").read_text())
    assert plan["vocabulary"]["policy"][0] == "silos" and "technical" in plan["vocabulary"]["capabilities"]


def test_aggregate_is_one_tidy_dataset_with_paired_seeds(comparison):
    model = pd.read_parquet(comparison / "aggregate" / "model.parquet")
    assert len(model) == 10 * 6
    assert {"policy", "replicate", "seed", "step", "mean_capability"} <= set(model.columns)
    seeds = model.groupby(["policy", "replicate"])["seed"].first().unstack("policy")
    assert (seeds.nunique(axis=1) == 1).all()  # common random numbers: the same seed for every policy
    assert seeds.iloc[0, 0] != seeds.iloc[1, 0]
    summary = pd.read_csv(comparison / "aggregate" / "summary.csv")
    assert len(summary) == 10 and summary["final_mean_capability"].between(0, 1).all()
    assert list(dict.fromkeys(summary["policy"]))[:2] == ["silos", "equal_share"]  # plan order


def test_rerunning_the_same_sweep_resumes_without_rerunning(comparison):
    before = stamps(comparison)
    with sweeper(comparison, *COMPARISON) as (instance, arguments):
        _, planned, already_done = instance.prepare(arguments)
    assert already_done == len(planned) == 5
    assert run_sweep(comparison, *COMPARISON) == 0
    assert before == stamps(comparison)


def test_a_different_sweep_never_overwrites_earlier_results(comparison):
    before = (comparison / "aggregate" / "summary.csv").read_bytes()
    with sweeper(comparison, *COMPARISON, "n_steps=6") as (instance, arguments):
        with pytest.raises(SweepRefused, match="holds the results of a different sweep"):
            instance.prepare(arguments)
    assert (comparison / "aggregate" / "summary.csv").read_bytes() == before


def test_a_failed_job_is_isolated_recorded_and_resumed(tmp_path):
    where = tmp_path / "failing"
    blocked = where / "block=1,n_steps=4,n_units=4,policy=equal_share" / "model.parquet"
    blocked.mkdir(parents=True)  # a directory where the job must write a file: a real write failure
    (blocked / "keep").write_text("")
    args = ["experiment=policy_comparison", "n_steps=4", "n_units=4", "replicates=2", "block_size=1", "quiet=true"]
    assert run_sweep(where, *args) == 1
    jobs = manifest(where)
    assert (jobs["status"] == "failed").sum() == 1 and (jobs["status"] == "completed").sum() == 9
    failed = jobs.loc[jobs["status"] == "failed", "folder"].item()
    assert "Traceback" in (where / failed / "error.txt").read_text()
    assert len(pd.read_csv(where / "aggregate" / "summary.csv")) == 9
    before = stamps(where)

    shutil.rmtree(blocked)
    with sweeper(where, *args) as (instance, arguments):
        assert instance.prepare(arguments)[2] == 9  # nine already done
    assert run_sweep(where, *args) == 0
    assert all(p.stat().st_mtime_ns == t for p, t in before.items())  # the nine were not rerun
    assert (manifest(where)["status"] == "completed").all()
    assert not (where / failed / "error.txt").exists()
    assert len(pd.read_csv(where / "aggregate" / "summary.csv")) == 10


def test_rerun_flag_forces_every_job_to_run_again(tmp_path):
    where = tmp_path / "again"
    args = ["policy=silos", "replicate=range(0,2)", "n_steps=3", "n_units=4", "quiet=true"]
    assert run_sweep(where, *args) == 0
    before = stamps(where)
    assert len(before) == 2
    assert run_sweep(where, *args, "rerun=true") == 0
    assert all(p.stat().st_mtime_ns != t for p, t in before.items())


def test_the_aggregate_does_not_depend_on_the_order_jobs_finish(tmp_path):
    args = ["experiment=policy_comparison", "n_steps=6", "n_units=5", "replicates=2", "quiet=true"]
    assert run_sweep(tmp_path / "forward", *args) == 0
    assert run_sweep(tmp_path / "backward", *args, reverse=True) == 0  # as parallel workers may finish them
    for name in ("model", "units", "projects"):
        one = pd.read_parquet(tmp_path / "forward" / "aggregate" / f"{name}.parquet")
        two = pd.read_parquet(tmp_path / "backward" / "aggregate" / f"{name}.parquet")
        pd.testing.assert_frame_equal(one, two, check_exact=True)
    summary = "aggregate/summary.csv"
    assert (tmp_path / "forward" / summary).read_bytes() == (tmp_path / "backward" / summary).read_bytes()


@pytest.mark.parametrize(
    ("overrides", "error", "words"),
    [
        (["n_unit=4"], HydraException, "n_unit"),
        (["n_units=four"], HydraException, "n_units"),
        (["+n_unit=4"], ValueError, "unknown key n_unit: not a model parameter"),
        (["annual_turnover=2.0"], ValueError, "ModelParams.annual_turnover=2.0 is out of range"),
        (["policy=utopia"], HydraException, "utopia"),
    ],
    ids=["unknown-key", "wrong-type", "unknown-plus-key", "out-of-range", "unknown-policy"],
)
def test_bad_config_fails_before_anything_runs_and_writes_no_results(tmp_path, overrides, error, words):
    with pytest.raises(error) as refused:
        run_sweep(tmp_path / "bad", "experiment=policy_comparison", *TINY, *overrides)
    assert words in str(refused.value)
    assert not list(tmp_path.rglob("*.parquet")) and not list(tmp_path.rglob("DONE.json"))


def test_one_bad_job_refuses_the_whole_sweep(tmp_path):
    with pytest.raises(ValueError, match=r"job \[annual_turnover=1\.5 .*\]: .*out of range"):
        run_sweep(tmp_path / "mixed", "annual_turnover=0.1,1.5", "n_steps=3", "n_units=4")
    assert not list(tmp_path.rglob("*.parquet")) and not list(tmp_path.rglob("sweep.json"))


def test_the_readme_states_each_presets_own_question():
    readme = (ROOT / "README.md").read_text()
    for preset in PRESETS:
        question = yaml.safe_load((ROOT / "configs" / "experiment" / f"{preset}.yaml").read_text())["question"]
        assert f"| `{preset}` | {question}" in readme, preset
