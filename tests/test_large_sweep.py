"""A sweep of 2,000 tiny jobs aggregates with bounded memory (peak under 1 GB)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict

import pandas as pd
import pytest
from hydra import compose, initialize_config_dir

from experiments.config import task_config
from experiments.jobs import DONE, fingerprint, run_job
from experiments.sweep import PLAN, PlannedJob

from .conftest import ROOT

JOBS = 2000
MEASURE = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "experiments.aggregate", sys.argv[1]], capture_output=True, text=True)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.slow
def test_two_thousand_jobs_aggregate_under_one_gigabyte(tmp_path):
    with initialize_config_dir(version_base="1.3", config_dir=str(ROOT / "configs")):
        cfg = task_config(compose(config_name="config", overrides=["n_steps=12", "n_units=4"]))
    template = tmp_path / "template"
    assert run_job(cfg, template, run_id="template") == "completed"
    key = json.loads((template / DONE).read_text())["fingerprint"]
    assert key == fingerprint(cfg)
    sweep = tmp_path / "sweep"
    jobs = []
    for i in range(JOBS):
        folder = sweep / f"job={i:04d}"
        folder.mkdir(parents=True)
        for file in template.iterdir():
            os.link(file, folder / file.name)  # the same tiny result, 2,000 times, without copying bytes
        jobs.append(PlannedJob(folder.name, (f"job={i}",), key, {"job_index": i}, (0,), (cfg["seed"],)))
    (sweep / PLAN).write_text(json.dumps({"jobs": [asdict(job) for job in jobs]}))

    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(sweep)], cwd=ROOT, capture_output=True, text=True, timeout=1200
    )
    status, peak_kb = (int(x) for x in out.stdout.split())
    assert status == 0, out.stderr[-2000:]
    print(f"aggregating {JOBS} jobs: peak memory {peak_kb / 1024:.0f} MB")
    assert peak_kb < 1024 * 1024
    model = pd.read_parquet(sweep / "aggregate" / "model.parquet", columns=["job_index", "step"])
    assert len(model) == JOBS * 13 and model["job_index"].nunique() == JOBS
    assert len(pd.read_csv(sweep / "aggregate" / "summary.csv")) == JOBS
