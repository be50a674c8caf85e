"""A seeded run gives identical frames under both interpreters and Mesa versions on this machine
(Python 3.11 with Mesa 3.3, Python 3.12 with Mesa 3.5). ``make test-312`` sets CROSS_PYTHON."""

from __future__ import annotations

import os
import subprocess

import pytest

from .conftest import ROOT

CROSS = os.environ.get("CROSS_PYTHON")
SCRIPT = """
import hashlib, platform, mesa, pandas as pd
from simulation import run
for policy in ("silos", "nurture_and_learn"):
    r = run(policy=policy, seed=2026, n_steps=48, n_units=15)
    h = hashlib.sha256()
    for frame in (r.model, r.units, r.projects):
        h.update(pd.util.hash_pandas_object(frame, index=True).values.tobytes())
    print(policy, h.hexdigest())
print("versions", platform.python_version(), mesa.__version__)
"""


def fingerprints(python: str) -> tuple[list[str], str]:
    out = subprocess.run([python, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    lines = out.strip().splitlines()
    return lines[:-1], lines[-1]


@pytest.mark.skipif(not CROSS, reason="needs CROSS_PYTHON, the other interpreter (make test-312 sets it)")
def test_same_seed_gives_identical_frames_under_both_interpreters():
    import sys

    here, here_versions = fingerprints(sys.executable)
    there, there_versions = fingerprints(CROSS)
    assert here_versions != there_versions, "compare two different interpreters or Mesa versions"
    assert here == there, f"{here_versions}: {here}\n{there_versions}: {there}"
