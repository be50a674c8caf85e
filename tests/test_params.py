"""ModelParams: defaults, presets, and a clear refusal of every kind of bad value."""

from __future__ import annotations

import dataclasses
import math

import pytest

from simulation import LEVERS, POLICIES, POLICY_NAMES, PRESET_LEVERS, ModelParams, OrganisationModel, param_info
from simulation.params import ROLE_SHARE_FIELDS


def test_defaults_are_the_silos_preset():
    assert ModelParams() == ModelParams.for_policy("silos")


def test_every_preset_sets_exactly_the_levers_of_the_spec_table():
    assert set(POLICY_NAMES) == {"silos", "equal_share", "cross_unit_learning", "active_nurturing", "nurture_and_learn"}
    for name in POLICY_NAMES:
        assert tuple(POLICIES[name]) == PRESET_LEVERS
        params = ModelParams.for_policy(name)
        assert params.policy == name
        assert {lever: getattr(params, lever) for lever in PRESET_LEVERS} == dict(POLICIES[name])
        # the levers no preset sets stay at their defaults in every preset
        assert all(
            getattr(params, lever) == getattr(ModelParams(), lever) for lever in set(LEVERS) - set(PRESET_LEVERS)
        )
    assert POLICIES["equal_share"]["contest_exponent"] == 0
    assert POLICIES["active_nurturing"]["nurture_share"] == 0.5
    assert POLICIES["nurture_and_learn"]["facilitated_cops"] and POLICIES["nurture_and_learn"]["targeted_training"]


def test_every_field_is_documented_with_unit_meaning_and_source():
    for row in param_info():
        assert row.unit and row.meaning, row.name
        assert row.source == "assumption" or row.source.startswith(("assumption", "sourced")), row.name
    sourced = [row.name for row in param_info() if row.source.startswith("sourced")]
    assert "annual_turnover" in sourced


def test_every_number_has_a_plausible_range_inside_what_the_model_accepts():
    """The robustness analysis samples these ranges: each must contain the default and be allowed."""
    for row in param_info():
        assert row.kind in ("lever", "setting", "assumption", "sourced"), row.name
        assert (row.kind == "sourced") == row.source.startswith("sourced"), row.name
        if row.type in ("int", "float") and row.name != "shock_start_month":
            assert row.plausible is not None, row.name
            low, high = row.plausible
            field = {f.name: f for f in dataclasses.fields(ModelParams)}[row.name]
            assert low <= row.default <= high, row.name
            assert field.metadata["low"] <= low < high <= field.metadata["high"], row.name
            if row.name not in ROLE_SHARE_FIELDS:  # (role shares must also sum to 1)
                ModelParams().replace(**{row.name: type(row.default)(low)})  # each edge is accepted alone
                ModelParams().replace(**{row.name: type(row.default)(high)})
        else:
            assert row.plausible is None or row.type in ("int", "float"), row.name
    levers = [row.name for row in param_info() if row.kind == "lever"]
    assert list(LEVERS) == levers and set(PRESET_LEVERS) < set(LEVERS)  # one source: a field's kind


def test_the_costliest_corner_of_the_plausible_ranges_is_a_valid_organisation():
    """Any world the robustness analysis samples must be accepted: fixed costs within the smallest budget."""
    info = {row.name: row for row in param_info()}
    worst = {name: info[name].plausible[1] for name in ("training_places", "training_cost", "cop_facilitation_cost")}
    worst |= {"attention_budget": info["attention_budget"].plausible[0], "facilitated_cops": True}
    worst |= {"units_per_community": info["units_per_community"].plausible[0]}
    worst |= {"potential_typical": info["potential_typical"].plausible[1]}
    worst |= {"potential_strong": info["potential_strong"].plausible[0]}
    ModelParams(**worst)


def test_role_potentials_must_keep_strengths_above_the_typical_level():
    with pytest.raises(ValueError, match=r"potential_typical=0\.95 is not allowed"):
        ModelParams(potential_typical=0.95)


def test_params_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        ModelParams().n_units = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("n_units", -1, "out of range"),
        ("n_units", 0, "out of range"),
        ("n_units", 2.5, "not a float"),
        ("n_units", "forty", "whole number"),
        ("n_units", True, "whole number"),
        ("annual_turnover", math.nan, "finite"),
        ("annual_turnover", math.inf, "finite"),
        ("annual_turnover", -0.1, "out of range"),
        ("annual_turnover", 1.5, "out of range"),
        ("attention_budget", None, "number"),
        ("nurture_share", "half", "number"),
        ("facilitated_cops", 1, "true or false"),
        ("team_selection", "best", "one of 'random'"),
        ("spread_scope", "everywhere", "one of 'none'"),
        ("policy", "laissez_faire", "one of 'silos'"),
    ],
)
def test_bad_values_are_refused_naming_field_value_and_allowed(field, value, words):
    with pytest.raises(ValueError) as caught:
        ModelParams(**{field: value})
    message = str(caught.value)
    assert field in message and repr(value) in message and words in message


def test_unknown_parameter_and_unknown_policy_are_refused():
    with pytest.raises(ValueError, match="unknown parameter"):
        ModelParams().replace(n_unit=3)
    with pytest.raises(ValueError, match="policy='utopia' is not a preset: must be one of silos"):
        ModelParams.for_policy("utopia")
    with pytest.raises(ValueError, match="unknown parameter"):
        OrganisationModel(seed=3)  # the model takes rng=, never seed=


def test_inconsistent_combinations_are_refused():
    with pytest.raises(ValueError, match="role shares must sum to 1"):
        ModelParams(share_nurses=0.9)
    with pytest.raises(ValueError, match="n_priorities=5 is not allowed: must be at most n_themes=4"):
        ModelParams(n_themes=4, n_priorities=5)
    with pytest.raises(ValueError, match="more than the budget"):
        ModelParams(attention_budget=0.01, training_places=1.0)


def test_validation_happens_before_any_agent_exists(monkeypatch):
    created = []
    monkeypatch.setattr("simulation.unit.Unit.__init__", lambda *a, **k: created.append(a))
    with pytest.raises(ValueError):
        OrganisationModel(n_units=-5)
    assert created == []


def test_role_shares_are_listed_once():
    assert set(ROLE_SHARE_FIELDS) <= {f.name for f in dataclasses.fields(ModelParams)}
    assert math.isclose(sum(getattr(ModelParams(), f) for f in ROLE_SHARE_FIELDS), 1.0)
