"""A/A checks: two conditions with identical parameters but independent seeds must look alike.

The brief must call their difference not distinguishable from noise, and across many master seeds
the share of A/A comparisons flagged as different must stay near the nominal 5 %.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import stats
from analysis import wording as W
from analysis.outcomes import BRIEF, outcome
from analysis.report import build_brief
from simulation import ModelParams, replicate_seeds, run_paired

from .sweeps import run_sweep

pytestmark = pytest.mark.slow


def test_the_brief_reports_an_a_a_comparison_as_noise(tmp_path):
    where = tmp_path / "aa"
    assert run_sweep(where, "master_seed=1,2", "replicate=range(0,8)", "n_steps=24", "n_units=8", "quiet=true") == 0
    brief = build_brief(where, svg=False)
    lead = W.sentence_case(outcome("final_mean_capability").label) + ", "
    capability = [s for s in brief.findings if s.startswith(lead)]
    assert len(capability) == 1 and "not distinguishable from noise" in capability[0]
    summary = pd.read_csv(where / "aggregate" / "summary.csv")
    outcomes = [o for o in BRIEF if o in summary]
    paired = stats.paired_differences(summary, "master_seed", 1, outcomes)
    for row in paired.itertuples():  # every sentence agrees with its interval
        name = outcome(row.outcome).label
        sentence = next(s for s in brief.findings if s.lower().startswith(name.lower() + ","))
        assert ("not distinguishable" in sentence) == (not row.distinguishable)


def capability(model) -> float:
    return model.outputs["mean_capability"]


def test_share_of_a_a_comparisons_flagged_stays_near_five_percent():
    """200 master seeds; each compares 6 replications of the default silos model (tiny organisation, no
    warm-up: the statistics are under test, not the model) against 6 more with independent seeds.
    Expected flags: 10 of 200 (binomial 95 % range 4-16)."""
    flagged, tiny = [], {"tiny": ModelParams(n_units=4, warmup_months=0)}
    for master in range(200):
        rows = []
        for condition, offset in (("A", 0), ("B", 1_000_000)):
            runs = run_paired(tiny, replicate_seeds(master + offset, 6), n_steps=12, frames=False, measure=capability)
            rows += [
                {"condition": condition, "replicate": run.replicate, "final_mean_capability": run.value} for run in runs
            ]
        out = stats.paired_differences(pd.DataFrame(rows), "condition", "A", ["final_mean_capability"])
        flagged.append(bool(out["distinguishable"].iloc[0]))
    share = float(np.mean(flagged))
    assert 0.01 <= share <= 0.10, share
