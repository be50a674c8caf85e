"""Sweeps through the real command line: presets, folder layout, aggregate, resume, failure isolation,
the submitit launcher, schema errors, and the same aggregate from one worker or two."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.report import build_brief
from simulation import replicate_seed

from .conftest import ROOT

TINY = ["n_steps=4", "n_units=4", "replicates=1"]
PRESETS = sorted(p.stem for p in (ROOT / "configs" / "experiment").glob("*.yaml"))


def sweep(sweep_dir: Path, *overrides: str) -> subprocess.CompletedProcess:
    flags = [o for o in overrides if o.startswith("-")]  # Hydra's flags (-m) go before the overrides
    values = [o for o in overrides if not o.startswith("-")]
    command = [sys.executable, "-m", "experiments.run", *flags, f"hydra.sweep.dir={sweep_dir}", *values]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def manifest(sweep_dir: Path) -> pd.DataFrame:
    return pd.read_csv(sweep_dir / "manifest.csv")


def test_every_preset_is_covered():
    assert set(PRESETS) >= {
        "policy_comparison",
        "budget_sweep",
        "exclusivity_sweep",
        "turnover_shock",
        "nurture_dose",
        "sensitivity",
    }


@pytest.mark.parametrize("preset", PRESETS)
def test_each_preset_runs_end_to_end_with_tiny_sizes(tmp_path, preset):
    extra = {
        "turnover_shock": ["n_steps=61"],
        "sensitivity": ["sensitivity.trajectories=2"],
        "budget_sweep": ["n_units=10"],  # at 4 units, facilitation alone would cost more than a budget of 0.1
    }.get(preset, [])
    done = sweep(tmp_path / preset, f"experiment={preset}", *TINY, *extra, "quiet=true")
    assert done.returncode == 0, done.stderr[-3000:]
    jobs = manifest(tmp_path / preset)
    assert (jobs["status"] == "completed").all() and len(jobs) > 1
    summary = pd.read_csv(tmp_path / preset / "aggregate" / "summary.csv")
    assert len(summary) == len(jobs)
    swept = [c.removeprefix("condition.") for c in jobs.columns if c.startswith("condition.")]
    assert set(swept) <= set(summary.columns)
    brief = build_brief(tmp_path / preset)  # every preset's brief is written, with the figures that fit it
    names = {path.stem for path in brief.figures}
    expected = {
        "budget_sweep": "two_way_final_cumulative_succeeded",
        "exclusivity_sweep": "two_way_final_share_left_behind",
        "turnover_shock": "two_way_final_cumulative_succeeded",
        "nurture_dose": "dose_response",
        "sensitivity": "morris",
        "policy_comparison": "forest",
    }[preset]
    assert expected in names, names
    assert brief.findings and (tmp_path / preset / "brief" / "statistics.csv").is_file()
    if preset == "sensitivity":
        indices = pd.read_csv(tmp_path / preset / "aggregate" / "sensitivity.csv")
        assert set(indices["parameter"]) == {
            "attention_budget",
            "contest_exponent",
            "nurture_share",
            "cop_exclusivity",
            "annual_turnover",
            "leadership_skill",
            "training_places",
            "socialisation_rate",
        }
        assert {"mu_star", "mu_star_conf", "sigma"} <= set(indices.columns)


@pytest.fixture(scope="module")
def comparison(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("sweeps") / "comparison"
    done = sweep(where, "experiment=policy_comparison", "n_steps=5", "n_units=5", "replicates=2")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "progress: 5/5 jobs done" in done.stderr  # five policies, both replicates in one block each
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
    job = comparison / "block=0,n_steps=5,n_units=5,policy=active_nurturing"
    for name in (
        "model.parquet",
        "units.parquet",
        "projects.parquet",
        "summary.csv",
        "config.yaml",
        "provenance.json",
        "DONE.json",
        ".hydra/config.yaml",
    ):
        assert (job / name).is_file(), name
    info = json.loads((job / "provenance.json").read_text())
    assert info["seeds"] == [replicate_seed(2026, 0), replicate_seed(2026, 1)] and info["master_seed"] == 2026
    assert set(pd.read_parquet(job / "model.parquet")["replicate"]) == {0, 1}
    assert len(pd.read_csv(job / "summary.csv")) == 2
    assert info["packages"]["mesa"] and info["python"]
    assert "commit" in info["git"]


def test_aggregate_is_one_tidy_dataset_with_paired_seeds(comparison):
    model = pd.read_parquet(comparison / "aggregate" / "model.parquet")
    assert len(model) == 10 * 6
    assert {"policy", "replicate", "seed", "step", "mean_capability"} <= set(model.columns)
    seeds = model.groupby(["policy", "replicate"])["seed"].first().unstack("policy")
    assert (seeds.nunique(axis=1) == 1).all()  # common random numbers: the same seed for every policy
    assert seeds.iloc[0, 0] != seeds.iloc[1, 0]
    summary = pd.read_csv(comparison / "aggregate" / "summary.csv")
    assert len(summary) == 10 and summary["final_mean_capability"].between(0, 1).all()


def test_rerunning_the_same_sweep_resumes_without_rerunning(comparison):
    stamps = {p: p.stat().st_mtime_ns for p in comparison.glob("*/DONE.json")}
    done = sweep(comparison, "experiment=policy_comparison", "n_steps=5", "n_units=5", "replicates=2", "quiet=true")
    assert done.returncode == 0 and "(5 already done)" in done.stderr
    assert stamps == {p: p.stat().st_mtime_ns for p in comparison.glob("*/DONE.json")}


def test_a_different_sweep_never_overwrites_earlier_results(comparison):
    before = (comparison / "aggregate" / "summary.csv").read_bytes()
    done = sweep(comparison, "experiment=policy_comparison", "n_steps=6", "n_units=5", "replicates=2", "quiet=true")
    assert done.returncode == 2 and "holds the results of a different sweep" in done.stderr
    assert (comparison / "aggregate" / "summary.csv").read_bytes() == before


def test_a_failed_job_is_isolated_recorded_and_resumed(tmp_path):
    where = tmp_path / "failing"
    blocked = where / "block=1,n_steps=4,n_units=4,policy=equal_share" / "model.parquet"
    blocked.mkdir(parents=True)  # a directory where the job must write a file: a real write failure
    (blocked / "keep").write_text("")
    args = ["experiment=policy_comparison", "n_steps=4", "n_units=4", "replicates=2", "block_size=1", "quiet=true"]
    first = sweep(where, *args)
    assert first.returncode == 1
    jobs = manifest(where)
    assert (jobs["status"] == "failed").sum() == 1 and (jobs["status"] == "completed").sum() == 9
    failed = jobs.loc[jobs["status"] == "failed", "folder"].item()
    assert "Traceback" in (where / failed / "error.txt").read_text()
    assert len(pd.read_csv(where / "aggregate" / "summary.csv")) == 9
    stamps = {p: p.stat().st_mtime_ns for p in where.glob("*/DONE.json")}

    shutil.rmtree(blocked)
    second = sweep(where, *args)
    assert second.returncode == 0, second.stderr[-2000:]
    assert "(9 already done)" in second.stderr
    assert all(p.stat().st_mtime_ns == t for p, t in stamps.items())  # the nine were not rerun
    assert (manifest(where)["status"] == "completed").all()
    assert not (where / failed / "error.txt").exists()
    assert len(pd.read_csv(where / "aggregate" / "summary.csv")) == 10


def test_rerun_flag_forces_every_job_to_run_again(tmp_path):
    where = tmp_path / "again"
    args = ["-m", "policy=silos", "replicate=range(0,2)", "n_steps=3", "n_units=4", "quiet=true"]
    assert sweep(where, *args).returncode == 0
    stamps = {p: p.stat().st_mtime_ns for p in where.glob("*/DONE.json")}
    assert len(stamps) == 2
    assert sweep(where, *args, "rerun=true").returncode == 0
    assert all(p.stat().st_mtime_ns != t for p, t in stamps.items())


def test_one_worker_and_two_workers_give_identical_aggregates(tmp_path):
    args = ["experiment=policy_comparison", "n_steps=6", "n_units=5", "replicates=2", "quiet=true"]
    assert sweep(tmp_path / "one", *args, "workers=1").returncode == 0
    assert sweep(tmp_path / "two", *args, "workers=2").returncode == 0
    for name in ("model", "units", "projects"):
        one = pd.read_parquet(tmp_path / "one" / "aggregate" / f"{name}.parquet")
        two = pd.read_parquet(tmp_path / "two" / "aggregate" / f"{name}.parquet")
        pd.testing.assert_frame_equal(one, two, check_exact=True)
    summary = "aggregate/summary.csv"
    assert (tmp_path / "one" / summary).read_bytes() == (tmp_path / "two" / summary).read_bytes()


def test_the_slurm_path_runs_through_submitit_locally(tmp_path):
    where = tmp_path / "submitit"
    done = sweep(
        where,
        "hydra/launcher=submitit_local",
        "-m",
        "policy=silos,equal_share",
        "n_steps=3",
        "n_units=4",
        "quiet=true",
        "hydra.launcher.timeout_min=5",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (manifest(where)["status"] == "completed").all() and len(manifest(where)) == 2
    assert (where / ".submitit").is_dir()


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        (["n_unit=4"], "n_unit"),
        (["n_units=four"], "n_units"),
        (["annual_turnover=2.0"], "ModelParams.annual_turnover=2.0 is out of range"),
        (["policy=utopia"], "utopia"),
    ],
    ids=["unknown-key", "wrong-type", "out-of-range", "unknown-policy"],
)
def test_bad_config_fails_before_anything_runs_and_writes_no_results(tmp_path, overrides, words):
    where = tmp_path / "bad"
    done = sweep(where, "experiment=policy_comparison", *TINY, *overrides)
    assert done.returncode != 0
    assert words in done.stderr
    assert not list(tmp_path.rglob("*.parquet")) and not list(tmp_path.rglob("DONE.json"))


def test_one_bad_job_refuses_the_whole_sweep(tmp_path):
    done = sweep(tmp_path / "mixed", "-m", "annual_turnover=0.1,1.5", "n_steps=3", "n_units=4")
    assert done.returncode == 2
    assert "job [annual_turnover=1.5" in done.stderr and "out of range" in done.stderr
    assert not list(tmp_path.rglob("*.parquet"))
