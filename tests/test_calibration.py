"""Calibration (specification section 9): every band, on simulated runs, for every policy.

The values are computed by ``analysis.calibration`` from the shared default runs (8 paired replicates
per policy, 120 months after the warm-up); the share of a quality gain lost within a year is measured
by runs of its own (``verification.tables.quality_lost_within_a_year``: gains switched off for a
year, the model run on). ``python -m tools.calibrate`` prints the same table for the ODD.
"""

from __future__ import annotations

import numpy as np
import pytest

from analysis.calibration import BANDS, calibration_values
from simulation import POLICY_NAMES, replicate_seeds
from verification.tables import quality_lost_within_a_year

from .conftest import MASTER_SEED

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("policy_runs")]  # one worker computes the shared runs

FROM_RUNS = [band for band in BANDS if not band.key.startswith("quality_lost")]


@pytest.mark.parametrize("band", FROM_RUNS, ids=[band.key for band in FROM_RUNS])
def test_band_holds_for_every_policy(policy_runs, band):
    for policy, runs in policy_runs.items():
        value = np.mean([calibration_values(r.model, r.projects)[band.key] for r in runs])
        assert band.holds(value), f"{policy}: {band.label} = {band.describe(value)}, target {band.target}"


@pytest.mark.parametrize("start", [0, 108], ids=["months 0-12", "months 108-120"])
def test_a_third_to_a_half_of_a_quality_gain_is_lost_within_a_year_for_every_policy(start):
    """Wiltsey Stirman et al. 2012, throughout the run: 2 replicates per policy."""
    seeds = replicate_seeds(MASTER_SEED, 2)
    for policy in POLICY_NAMES:
        lost = np.mean(quality_lost_within_a_year(policy, seeds, start))
        assert 1 / 3 <= lost <= 1 / 2, (policy, start, lost)


def test_the_measuring_run_reads_the_loss_off_the_model():
    """The instrument is the model itself: without decay nothing is lost; faster decay loses more."""
    seeds = replicate_seeds(MASTER_SEED, 1)
    assert quality_lost_within_a_year("silos", seeds, 0, n_units=10, quality_decay=0.0) == [pytest.approx(0.0)]
    [slow] = quality_lost_within_a_year("silos", seeds, 0, n_units=10, quality_decay=0.04)
    [fast] = quality_lost_within_a_year("silos", seeds, 0, n_units=10, quality_decay=0.16)
    assert 0 < slow < fast
