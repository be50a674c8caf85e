"""Crash safety: a sweep killed with SIGKILL part-way, then resumed, ends with exactly the results of
an uninterrupted sweep, and no half-written file is ever read as a result."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from experiments.jobs import job_status
from experiments.store import atomic_write

from .conftest import ROOT
from .sweeps import run_sweep, sweeper

ARGS = ["experiment=policy_comparison", "n_steps=24", "n_units=8", "replicates=4", "block_size=1", "quiet=true"]
JOBS = 20


def command(where: Path) -> list[str]:
    return [sys.executable, "-m", "experiments.run", f"hydra.sweep.dir={where}", *ARGS]


def done(where: Path) -> int:
    return len(list(where.glob("*/DONE.json")))


@pytest.mark.slow
def test_killed_sweep_resumes_to_exactly_the_uninterrupted_results(tmp_path):
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    assert run_sweep(clean, *ARGS) == 0  # the uninterrupted sweep, in this process (tests/test_cli.py: same bits)

    process = subprocess.Popen(
        command(killed), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )  # its own process group: the workers die with it
    deadline = time.time() + 300
    while done(killed) < 3 and time.time() < deadline and process.poll() is None:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    interrupted = done(killed)
    assert 3 <= interrupted < JOBS, "the kill must land part-way through the sweep"
    assert not (killed / "aggregate").exists()

    with sweeper(killed, *ARGS) as (instance, arguments):  # the same command again, in this process
        assert instance.prepare(arguments)[2] == interrupted  # the finished jobs are kept, not rerun
    assert run_sweep(killed, *ARGS) == 0
    for name in ("model", "units", "projects"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(clean / "aggregate" / f"{name}.parquet"),
            pd.read_parquet(killed / "aggregate" / f"{name}.parquet"),
            check_exact=True,
        )
    assert (clean / "aggregate" / "summary.csv").read_bytes() == (killed / "aggregate" / "summary.csv").read_bytes()
    assert not list(killed.rglob(".*.tmp-*"))


def test_a_folder_without_its_done_marker_holds_no_result(tmp_path):
    folder = tmp_path / "job"
    folder.mkdir()
    (folder / "model.parquet").write_bytes(b"PAR1 half written")  # what a killed writer could leave
    assert job_status(folder) == "missing"
    (folder / "error.txt").write_text("Traceback ...")
    assert job_status(folder) == "failed"


def test_atomic_write_leaves_the_old_file_or_the_new_one_never_a_mix(tmp_path):
    target = tmp_path / "result.csv"
    target.write_text("old")

    def fail(tmp: Path) -> None:
        tmp.write_text("partial")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write(target, fail)
    assert target.read_text() == "old" and list(tmp_path.iterdir()) == [target]
