"""Smoke tests of the real command line, each in its own process: a single run, a small sweep through the
pool and the joblib launchers (the same bits as the sweep run in-process), the SLURM path through submitit_local,
and bad overrides refused before anything runs. Everything else is tested in-process (tests/sweeps.py);
the crash-and-resume test (tests/test_crash_safety.py) and one teaching command also start processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from omegaconf import OmegaConf

from .conftest import ROOT
from .sweeps import run_sweep


def cli(*args: str) -> subprocess.CompletedProcess:
    flags = [a for a in args if a.startswith("-")]  # Hydra's flags (-m) go before the overrides
    command = [sys.executable, "-m", "experiments.run", *flags, *(a for a in args if not a.startswith("-"))]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_a_single_run_writes_frames_config_and_a_quiet_log(tmp_path):
    done = cli(f"hydra.run.dir={tmp_path}", "policy=silos", "n_units=6", "seed=7", "n_steps=5")
    assert done.returncode == 0, done.stderr
    assert f"results: {tmp_path}" in done.stdout and "silos, seed 7, 5 months: improvement delivered" in done.stdout
    model = pd.read_parquet(tmp_path / "model.parquet")
    assert model["step"].tolist() == list(range(6)) and (model["seed"] == 7).all()
    assert len(pd.read_parquet(tmp_path / "units.parquet")) == 6 * 6
    assert OmegaConf.load(tmp_path / "config.yaml").n_units == 6 and (tmp_path / ".hydra" / "config.yaml").is_file()
    assert "MESA" not in (tmp_path / "run.log").read_text()  # Mesa's per-step log lines are silenced


def test_a_sweep_through_the_pool_and_the_joblib_launchers_matches_the_in_process_sweep(tmp_path):
    """The default launcher (the project's pool of workers, from the configurations the sweeper composed)
    and Hydra's joblib launcher (each job composed again in its worker) give the in-process bits."""
    args = ["experiment=policy_comparison", "n_steps=5", "n_units=5", "replicates=2", "workers=2"]
    assert run_sweep(tmp_path / "here", *args) == 0
    for launcher in ("pool", "joblib"):
        where = tmp_path / launcher
        extra = ["hydra/launcher=joblib", "hydra.launcher.n_jobs=2"] if launcher == "joblib" else []
        done = cli(f"hydra.sweep.dir={where}", *args, *extra)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "progress: 5/5 jobs done" in done.stderr and "(0 already done)" in done.stderr
        job = where / "block=0,n_steps=5,n_units=5,policy=silos"
        assert (job / "DONE.json").is_file() and (job / ".hydra" / "config.yaml").is_file() == (launcher == "joblib")
        assert ("Launching jobs" in done.stdout + done.stderr) == (launcher == "joblib")  # no line a job
        for name in ("model", "units", "projects"):
            pd.testing.assert_frame_equal(
                pd.read_parquet(where / "aggregate" / f"{name}.parquet"),
                pd.read_parquet(tmp_path / "here" / "aggregate" / f"{name}.parquet"),
                check_exact=True,
            )
        summary = Path("aggregate") / "summary.csv"
        assert (where / summary).read_bytes() == (tmp_path / "here" / summary).read_bytes()


def test_the_slurm_path_runs_through_submitit_locally(tmp_path):
    where = tmp_path / "submitit"
    done = cli(
        "hydra/launcher=submitit_local",
        "-m",
        f"hydra.sweep.dir={where}",
        "policy=silos,equal_share",
        "n_steps=3",
        "n_units=4",
        "quiet=true",
        "hydra.launcher.timeout_min=5",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    manifest = pd.read_csv(where / "manifest.csv")
    assert (manifest["status"] == "completed").all() and len(manifest) == 2
    assert (where / ".submitit").is_dir()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["+nuture_share=0.3"], "unknown key nuture_share: not a model parameter"),
        (["-m", "policy=silos,equal_share", "+nuture_share=0.3"], "unknown key nuture_share"),
        (["+hydra.callbacks.x._target_=os.getcwd"], "names code to run"),
    ],
    ids=["run", "sweep", "code"],
)
def test_bad_overrides_are_refused_before_anything_runs(tmp_path, args, words):
    done = cli(f"hydra.run.dir={tmp_path / 'run'}", f"hydra.sweep.dir={tmp_path / 'sweep'}", "n_steps=2", *args)
    assert done.returncode == 2 and words in done.stderr, done.stderr[-2000:]
    assert not list(tmp_path.rglob("*.parquet")) and not list(tmp_path.rglob("DONE.json"))


def test_the_teaching_command_lists_its_presets_and_refuses_an_unknown_one():
    """``python -m teaching`` (its ``__main__``, which ends the interpreter itself): the list, and a clear
    refusal with exit status 2."""
    listed = subprocess.run([sys.executable, "-m", "teaching", "--list"], cwd=ROOT, capture_output=True, text=True)
    assert listed.returncode == 0 and "matthew_effect" in listed.stdout and len(listed.stdout.splitlines()) >= 6
    refused = subprocess.run([sys.executable, "-m", "teaching", "nope"], cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode == 2 and "preset='nope' is not a teaching preset" in refused.stderr
