"""Same parameters and seed: identical frames, bit for bit, also in another process; other seeds differ."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from simulation import POLICY_NAMES, OrganisationModel, WarmUps, replicate_seeds, run
from simulation.roster import UnitRoster

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


def test_a_run_started_from_a_kept_warm_up_gives_the_same_bits_as_one_that_warmed_up_itself():
    """Runs that differ only in their levers share one warm-up per seed; a run that differs in anything
    else (here staff turnover, or a roster) warms up anew, and every run equals its fresh twin."""
    kept = WarmUps()
    roster = UnitRoster(names=("A", "B", "C"), nonclinical=(False, False, True), headcount=((4, 2, 1, 1, 1),) * 3)
    cases = [{"policy": policy} for policy in POLICY_NAMES]
    cases += [{"policy": "silos", "annual_turnover": 0.25}, {"policy": "equal_share", "annual_turnover": 0.25}]
    for seed in (3, 4):
        for case in cases:
            fresh = run(seed=seed, n_steps=6, n_units=8, **case)
            reused = run(seed=seed, n_steps=6, n_units=8, warm_ups=kept, **case)
            assert fingerprint(reused) == fingerprint(fresh), (seed, case)
        for policy in ("silos", "active_nurturing"):
            fresh = run(seed=seed, n_steps=6, n_units=3, policy=policy, roster=roster)
            assert fingerprint(run(seed=seed, n_steps=6, n_units=3, policy=policy, roster=roster, warm_ups=kept)) == (
                fingerprint(fresh)
            )
    # per seed: one warm-up for the policies, one for the other turnover, one for the roster
    assert (kept.misses, kept.hits) == (2 * 3, 2 * (len(POLICY_NAMES) - 1 + 1 + 1))


def test_kept_warm_ups_are_the_most_recently_used_few():
    kept = WarmUps(size=1)
    for seed in (1, 2, 1):
        run(seed=seed, n_steps=0, n_units=4, warm_ups=kept)
    assert (kept.hits, kept.misses) == (0, 3)
    run(seed=1, n_steps=0, n_units=4, policy="equal_share", warm_ups=kept)
    assert kept.hits == 1
    with pytest.raises(ValueError, match="size=0 is not allowed"):
        WarmUps(size=0)


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
