"""Specification section 8: every invariant holds after every month, under every preset and size."""

from __future__ import annotations

import numpy as np
import pytest

from simulation import POLICY_NAMES, OrganisationModel
from simulation.invariants import violations


def run_checked(n_steps: int, **kwargs) -> OrganisationModel:
    model = OrganisationModel(**kwargs)
    headcount = np.bincount(model.workforce.unit[: model.workforce.n_staff], minlength=model.params.n_units)
    assert violations(model, headcount) == [], "at month 0"
    for month in range(1, n_steps + 1):
        model.step()
        found = violations(model, headcount)
        assert found == [], f"month {month}: {found}"
    return model


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_invariants_every_month_small_organisation(policy):
    model = run_checked(120, policy=policy, rng=11, n_units=10)
    assert model.outputs["cumulative_started"] > 0  # the run did something to check


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_invariants_every_month_large_organisation(policy):
    model = run_checked(24, policy=policy, rng=12, n_units=400)
    assert model.workforce.n_staff > 9000


@pytest.mark.parametrize(
    "overrides",
    [
        {"team_selection": "coverage", "invite_patients": True},
        {"team_selection": "single_profession", "patient_partners_per_unit": 0},
        {"n_units": 1, "staff_per_unit": 3.0, "team_size": 10},  # tiny unit, teams larger than units
        {"annual_turnover": 1.0, "shock_start_month": 5, "shock_annual_turnover": 1.0},
        {"attention_budget": 0.0, "training_places": 0.0},
        {"attention_budget": 20.0, "nurture_share": 1.0, "mentoring_fraction": 1.0},
        {"contest_exponent": 8.0, "max_concurrent_projects": 1},
    ],
    ids=[
        "coverage+patients",
        "single-profession",
        "tiny",
        "full-turnover",
        "no-budget",
        "all-nurture",
        "winner-takes-all",
    ],
)
def test_invariants_at_the_edges(overrides):
    run_checked(48, rng=13, **{"n_units": 12, **overrides})


def test_attention_is_spent_within_budget_and_mostly_spent_when_projects_exist():
    model = run_checked(24, rng=3, n_units=20)
    assert 0.9 * model.params.total_budget <= model.outputs["attention_spent"] <= model.params.total_budget + 1e-9


def test_projects_end_exactly_once_and_are_all_accounted_for():
    model = run_checked(120, rng=5, n_units=20)
    log = model.projects.log()
    assert len(np.unique(log[:, 0])) == len(log) > 50
    assert (
        model.outputs["cumulative_started"]
        == model.projects.next_id
        - (log[:, 2] <= 0).sum()
        - (model.projects.start_month[model.projects.active] <= 0).sum()
    )
