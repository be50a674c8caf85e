"""Shared fixtures: small organisations keep the suite fast; sizes are stated where they matter.

``policy_runs`` runs every policy at the defaults on the same replicate seeds once per session
(common random numbers: the same warm-up, so each pair of runs starts from one organisation); the
pattern and calibration tests read from it instead of running the model again.

Property tests (hypothesis) draw new examples on every run here, and keep any failure they find in
``.hypothesis/`` to replay it first next time. CI (``HYPOTHESIS_PROFILE=ci``, set by ``.ci/run``, or any
machine that sets ``CI``) uses Hypothesis's own ``ci`` profile: the same examples on every run, no
deadline, no database, so that its verdict on a change depends neither on the draw nor on the load.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("explore", settings.get_profile("default"), print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "explore"))

ROOT = Path(__file__).resolve().parent.parent

#: A small organisation for fast tests (about 200 staff).
SMALL = {"n_units": 8, "staff_per_unit": 25.0}

#: Replicates of the shared default runs, and the master seed they are spawned from.
POLICY_REPLICATES = 8
MASTER_SEED = 2026


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def policy_runs():
    """{policy: [RunResult, ...]}: every policy, default organisation, 120 months, paired seeds (one warm-up
    per seed, shared by the five policies)."""
    from simulation import POLICY_NAMES, ModelParams, replicate_seeds, run_paired

    seeds = replicate_seeds(MASTER_SEED, POLICY_REPLICATES)
    runs = run_paired({policy: ModelParams.for_policy(policy) for policy in POLICY_NAMES}, seeds)
    return {policy: runs.results(policy) for policy in POLICY_NAMES}
