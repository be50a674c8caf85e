"""Specification section 8: every invariant holds after every month, under every preset and size."""

from __future__ import annotations

import numpy as np
import pytest

from simulation import POLICY_NAMES, OrganisationModel
from simulation.invariants import violations


def run_checked(n_steps: int, **kwargs) -> OrganisationModel:
    model = OrganisationModel(**kwargs)
    assert violations(model) == [], "at month 0"
    for month in range(1, n_steps + 1):
        model.step()
        found = violations(model)
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
        {"attention_budget": 20.0, "nurture_share": 1.0, "coach_share": 1.0},
        {"attention_budget": 5.0, "nurture_share": 1.0, "coach_share": 0.0, "attention_ceiling": 0.05},
        {"contest_exponent": 8.0, "max_concurrent_projects": 1},
        # nobody may join a community (support staff only), yet successes look for communities to spread in
        {"n_units": 1, "nonclinical_share": 1.0, "nonclinical_managers": 0.0, "patient_partners_per_unit": 0}
        | {"project_start_rate": 1.0, "progress_rate": 2.0},  # successes every month
    ],
    ids=[
        "coverage+patients",
        "single-profession",
        "tiny",
        "full-turnover",
        "no-budget",
        "all-nurture",
        "all-committed",
        "winner-takes-all",
        "no-community-members",
    ],
)
def test_invariants_at_the_edges(overrides):
    run_checked(48, rng=13, **{"n_units": 12, **overrides})


def test_attention_beyond_what_projects_can_use_is_reported_unspent():
    """A budget far above what the projects can hold at the ceiling: the rest is unspent, not lost."""
    model = run_checked(12, rng=3, n_units=20, attention_budget=10.0)
    out = model.outputs
    assert out["attention_unspent"] > 0.5 * out["attention_budget"]
    assert out["attention_spent"] + out["attention_unspent"] == pytest.approx(out["attention_budget"])
    pb = model.projects
    assert (pb.attention <= model.params.attention_ceiling * pb.difficulty**model.params.support_need_exponent).all()


def test_projects_end_exactly_once_and_are_all_accounted_for():
    model = run_checked(120, rng=5, n_units=20)
    log, gains = model.projects.log()
    assert len(np.unique(log[:, 0])) == len(log) > 50
    assert gains.size == len(log) and (gains >= 0).all()
    started_in_run = (log[:, 2] >= 1).sum() + (model.projects.start_month[model.projects.active] >= 1).sum()
    assert model.outputs["cumulative_started"] == started_in_run


def _broken(model, change) -> list[str]:
    change(model)
    return violations(model)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda m: m.workforce.cap.__setitem__((0, 5), 1.0), "above their role potential"),
        (lambda m: m.projects.attention.__setitem__(0, 9.0), "above its ceiling"),
        (lambda m: setattr(m.month, "unspent", m.month.unspent + 0.5), "does not add up"),
        (lambda m: m.unit_state.attention.__setitem__(0, 7.0), "disagrees with their projects"),
        (lambda m: m.unit_state.successes.__setitem__(0, 99), "disagree with the organisation"),
        (lambda m: m.workforce.busy.__setitem__(0, not m.workforce.busy[0]), "busy flags"),
    ],
    ids=["potential", "ceiling", "budget", "unit-attention", "successes", "busy"],
)
def test_each_invariant_trips_when_its_state_is_broken(change, words):
    """The checks are not true by construction: breaking the state each one reads makes it fail."""
    model = OrganisationModel(rng=2, n_units=6, potential_typical=0.5, potential_strong=0.5)
    for _ in range(3):
        model.step()
    assert violations(model) == []
    found = _broken(model, change)
    assert any(words in message for message in found), found
