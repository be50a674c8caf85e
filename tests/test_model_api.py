"""The model as Mesa users and outside tools drive it: construction, agents, collectors, run(), batch_run."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest

from simulation import CAPABILITIES, ModelParams, OrganisationModel, Unit, run
from simulation.metrics import MODEL_OUTPUTS
from simulation.unit import UNIT_OUTPUTS

MESA_MAJOR_MINOR = tuple(int(x) for x in mesa.__version__.split(".")[:2])


def test_constructible_with_no_arguments_gives_the_medium_organisation():
    model = OrganisationModel()
    assert model.params == ModelParams()
    assert len(model.agents) == 40
    assert 800 < model.workforce.n_staff < 1200
    assert all(isinstance(a, Unit) for a in model.agents)


def test_params_policy_and_keyword_overrides_compose_in_that_order():
    base = ModelParams(n_units=12, attention_budget=1.0)
    model = OrganisationModel(base, policy="active_nurturing", nurture_share=0.3, rng=1)
    p = model.params
    assert (p.n_units, p.attention_budget, p.policy, p.nurture_share, p.targeted_training) == (
        12,
        1.0,
        "active_nurturing",
        0.3,
        True,
    )


def test_units_are_mesa_agents_with_their_state_after_each_month():
    model = OrganisationModel(rng=4, n_units=10)
    for _ in range(30):
        model.step()
    assert model.steps == 30
    capability = model.workforce.unit_means().mean(axis=0)
    for unit in model.agents:
        assert unit.capability == pytest.approx(capability[unit.index])
        assert set(unit.capability_profile) == set(CAPABILITIES)
        assert unit.left_behind == (unit.months_since_success >= model.params.left_behind_months)
    behind = model.agents.select(lambda u: u.left_behind)
    assert len(behind) == round(model.outputs["share_left_behind"] * 10)
    assert model.agents.agg("successes", sum) == model.outputs["cumulative_succeeded"]
    kinds = model.agents.groupby("kind")
    assert set(kinds.groups) <= {"clinical", "non-clinical"}


def test_datacollector_holds_model_and_unit_outputs():
    model = OrganisationModel(rng=2, n_units=6)
    for _ in range(5):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == list(MODEL_OUTPUTS) and len(frame) == 6
    units = model.datacollector.get_agent_vars_dataframe()
    assert set(UNIT_OUTPUTS) <= set(units.columns) and len(units) == 6 * 6


def test_run_returns_tidy_frames_with_run_id_seed_policy_and_step():
    result = run(policy="equal_share", seed=5, n_steps=12, n_units=7)
    assert result.params.policy == "equal_share" and result.seed == 5
    for frame in (result.model, result.units, result.projects):
        assert {"run_id", "seed", "policy"} <= set(frame.columns)
        assert (frame["seed"] == 5).all() and (frame["policy"] == "equal_share").all()
    assert result.model["step"].tolist() == list(range(13))
    assert result.model["step"].dtype == np.int64 and result.units["step"].dtype == np.int64
    assert len(result.units) == 13 * 7
    assert set(result.units["unit"]) == {f"U{i:03d}" for i in range(1, 8)}
    assert set(result.units["initial_quartile"]) == {1, 2, 3, 4}
    assert set(result.projects["outcome"]) <= {"succeeded", "floundered", "timed_out"}


def test_outputs_have_sensible_ranges():
    m = run(seed=1, n_steps=36, n_units=15).model
    for column in ["gini_capability", "share_left_behind", "mean_quality", "gini_attention", "cop_diversity"]:
        assert m[column].between(0, 1).all(), column
    assert (m["top_bottom_ratio"] >= 1).all()
    assert (m["cumulative_succeeded"].diff().dropna() == m["projects_succeeded"].iloc[1:]).all()
    assert m["success_rate"].iloc[0] != m["success_rate"].iloc[0]  # NaN before any project ends


@pytest.mark.parametrize("bad", [{"seed": -1}, {"seed": 1.5}, {"n_steps": -2}])
def test_run_refuses_bad_seed_and_length(bad):
    kwargs = {"seed": 1, "n_steps": 2, **bad}
    with pytest.raises(ValueError, match=f"{next(iter(bad))}="):
        run(**kwargs)


def test_mesa_batch_run_over_two_levers_and_two_seeds():
    parameters = {"nurture_share": [0.0, 0.5], "contest_exponent": [0.0, 1.0], "n_units": 5}
    kwargs = {"max_steps": 4, "number_processes": 1, "data_collection_period": -1, "display_progress": False}
    if MESA_MAJOR_MINOR >= (3, 4):
        rows = mesa.batch_run(OrganisationModel, parameters, rng=[1, 2], **kwargs)
    else:
        rows = mesa.batch_run(OrganisationModel, {**parameters, "rng": [1, 2]}, iterations=1, **kwargs)
    frame = pd.DataFrame(rows)
    assert len(frame) == 2 * 2 * 2 * 5  # conditions x seeds x units (final step, one row per unit)
    assert frame.groupby(["nurture_share", "contest_exponent"]).size().tolist() == [10, 10, 10, 10]
    assert {"mean_capability", "capability", "quality"} <= set(frame.columns)


def test_fast_unit_collector_records_exactly_what_mesas_own_loop_records():
    model = OrganisationModel(rng=8, n_units=9, policy="nurture_and_learn")
    for _ in range(15):
        model.step()
    fast = list(model.datacollector._record_agents(model))
    slow = list(mesa.DataCollector._record_agents(model.datacollector, model))
    assert fast == slow
    assert all(
        type(a) is type(b) for row_f, row_s in zip(fast, slow, strict=True) for a, b in zip(row_f, row_s, strict=True)
    )
