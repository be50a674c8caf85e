"""Same parameters and seed: identical frames, bit for bit, also in another process; other seeds differ."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from simulation import OrganisationModel, replicate_seeds, run

from .conftest import ROOT

FINGERPRINT = """
import hashlib, pandas as pd
from simulation import run
r = run(policy={policy!r}, seed={seed}, n_steps=36, n_units=12)
h = hashlib.sha256()
for f in (r.model, r.units, r.projects):
    h.update(pd.util.hash_pandas_object(f, index=True).values.tobytes())
print(h.hexdigest())
"""


def fingerprint(result) -> str:
    h = hashlib.sha256()
    for frame in (result.model, result.units, result.projects):
        h.update(pd.util.hash_pandas_object(frame, index=True).values.tobytes())
    return h.hexdigest()


@pytest.mark.parametrize("policy", ["silos", "nurture_and_learn"])
def test_same_seed_gives_identical_frames(policy):
    a = run(policy=policy, seed=42, n_steps=36, n_units=12)
    b = run(policy=policy, seed=42, n_steps=36, n_units=12)
    pd.testing.assert_frame_equal(a.model, b.model)
    pd.testing.assert_frame_equal(a.units, b.units)
    pd.testing.assert_frame_equal(a.projects, b.projects)


def test_same_seed_in_a_separate_process_gives_the_same_bits():
    here = fingerprint(run(policy="cross_unit_learning", seed=9, n_steps=36, n_units=12))
    code = FINGERPRINT.format(policy="cross_unit_learning", seed=9)
    there = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert there.stdout.strip() == here


def test_different_seeds_differ():
    a = run(seed=1, n_steps=24, n_units=12)
    b = run(seed=2, n_steps=24, n_units=12)
    assert fingerprint(a) != fingerprint(b)
    assert not np.allclose(a.model["mean_capability"], b.model["mean_capability"])


@pytest.mark.parametrize("make_rng", [lambda: 7, lambda: np.random.SeedSequence(7), lambda: np.random.default_rng(7)])
def test_rng_may_be_an_int_a_seedsequence_or_a_generator(make_rng):
    first, second = OrganisationModel(rng=make_rng(), n_units=6), OrganisationModel(rng=make_rng(), n_units=6)
    for _ in range(12):
        first.step()
        second.step()
    np.testing.assert_array_equal(first.workforce.cap, second.workforce.cap)
    assert repr(first.outputs) == repr(second.outputs)


def test_no_global_random_state_is_used():
    np.random.seed(0)  # noqa: NPY002 - the legacy global state is what must stay untouched
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    run(seed=3, n_steps=12, n_units=6)
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def test_replicate_seeds_are_spawned_reproducibly_from_a_master_seed():
    seeds = replicate_seeds(2026, 20)
    assert seeds == replicate_seeds(2026, 20)
    assert len(set(seeds)) == 20
    assert replicate_seeds(2026, 5) == seeds[:5]  # adding replications keeps the earlier seeds
    assert replicate_seeds(2027, 5) != seeds[:5]
    with pytest.raises(ValueError, match="master_seed=-1"):
        replicate_seeds(-1, 3)
