"""Property-based tests (hypothesis): invariants hold for any valid parameters and seed; any invalid
value is refused with a message naming the field, never a crash deep inside the model."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation import ModelParams, OrganisationModel, param_info
from simulation.invariants import violations
from simulation.params import ROLE_SHARE_FIELDS

INFO = {row.name: row for row in param_info()}
FIELDS = {f.name: f for f in dataclasses.fields(ModelParams)}
# sizes kept small so that each example runs in a fraction of a second
SMALL = {
    "n_units": (1, 12),
    "staff_per_unit": (3.0, 30.0),
    "community_size": (2, 40),
    "mentees_per_coach": (1, 20),
    "warmup_months": (0, 12),
    "coach_months": (1, 24),
    "max_project_months": (1, 60),
    "flounder_months": (1, 24),
    "left_behind_months": (1, 48),
    "n_themes": (1, 20),
    "n_priorities": (0, 20),
    "team_size": (1, 12),
    "cop_contacts": (1, 8),
    "units_per_community": (1, 20),
    "shock_start_month": (0, 30),
    "shock_duration_months": (1, 30),
    "newcomer_months": (0, 60),
    "cop_membership_months": (1.0, 200.0),
    "coach_cost": (0.05, 5.0),
    "training_cost": (0.0, 5.0),
    "cop_facilitation_cost": (0.0, 5.0),
    "training_places": (0.0, 2.0),
    "patient_partners_per_unit": (0, 3),
    "max_concurrent_projects": (1, 5),
}


def value_strategy(name: str):
    field, meta = FIELDS[name], FIELDS[name].metadata
    kind = field.type if isinstance(field.type, str) else field.type.__name__
    if kind == "bool":
        return st.booleans()
    if kind == "str":
        return st.sampled_from([c for c in meta["choices"] if c != "custom"] if name == "policy" else meta["choices"])
    low, high = SMALL.get(name, (meta["low"], meta["high"]))
    if kind == "int":
        return st.integers(int(low), int(high))
    return st.floats(float(low), float(high), allow_nan=False, allow_infinity=False)


#: Fields drawn after the others, so that the combinations ModelParams checks always hold.
DEPENDENT = (*ROLE_SHARE_FIELDS, "n_priorities", "potential_typical", "attention_budget")


@st.composite
def valid_params(draw):
    """Any valid parameter set: each combination rule is built into the draw, so none is refused."""
    values = {name: draw(value_strategy(name)) for name in FIELDS if name not in DEPENDENT}
    shares = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=5, max_size=5)))
    shares = shares / shares.sum()
    shares[-1] = 1.0 - shares[:-1].sum()
    values.update(dict(zip(ROLE_SHARE_FIELDS, shares.tolist(), strict=True)))
    values["n_priorities"] = draw(st.integers(0, values["n_themes"]))
    values["potential_typical"] = draw(st.floats(0.0, values["potential_strong"]))
    fixed = ModelParams(**{**values, "attention_budget": 100.0}).fixed_costs  # what training and facilitation cost
    extra = draw(st.floats(0.0, 5.0))
    values["attention_budget"] = min(100.0, fixed / values["n_units"] + extra)
    return ModelParams(**values)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=valid_params(), seed=st.integers(0, 2**32 - 1))
def test_invariants_hold_every_month_for_any_valid_parameters_and_seed(params, seed):
    model = OrganisationModel(params, rng=seed)
    assert violations(model) == []
    for month in range(1, 19):
        model.step()
        found = violations(model)
        assert found == [], f"month {month}: {found}"


@settings(max_examples=30, deadline=None)
@given(params=valid_params(), rule=st.sampled_from(["priorities", "potentials", "budget", "shares"]))
def test_inconsistent_combinations_are_refused_naming_the_fields(params, rule):
    """Each combination rule, broken on an otherwise valid set, is refused with a message naming it."""
    if rule == "priorities":
        change, words = {"n_priorities": params.n_themes + 1}, "n_priorities"
    elif rule == "potentials":
        change, words = {"potential_strong": 0.5, "potential_typical": 0.6}, "potential_typical"
    elif rule == "shares":
        change, words = {"share_nurses": params.share_nurses + 0.1}, "role shares"
    else:
        change = {"training_places": 10.0, "training_cost": 10.0, "attention_budget": 1.0}
        words = "attention_budget"
    with pytest.raises(ValueError, match=words):
        params.replace(**change)


def invalid_values(name: str):
    """Values the field must refuse: wrong type, NaN, infinities, and just outside its range."""
    field, meta = FIELDS[name], FIELDS[name].metadata
    kind = field.type if isinstance(field.type, str) else field.type.__name__
    wrong = [None, "text", [1], {"a": 1}]
    if kind == "bool":
        return [*wrong, 1, 0.0, "true"]
    if kind == "str":
        return [*wrong, 3, "not-a-choice", ""]
    values = [*wrong, True, math.nan, math.inf, -math.inf]
    if meta["low"] is not None:
        values.append(meta["low"] - 1)
    if meta["high"] is not None:
        values.append(meta["high"] + 1)
    if kind == "int":
        values.append(1.5)
    return values


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_kind_of_invalid_value_is_refused_naming_the_field(name):
    for value in invalid_values(name):
        with pytest.raises(ValueError) as caught:
            ModelParams(**{name: value})
        assert name in str(caught.value), (name, value, str(caught.value))


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(FIELDS)),
    value=st.one_of(st.none(), st.text(max_size=5), st.floats(), st.integers(-(10**6), 10**6), st.booleans()),
)
def test_random_values_either_validate_or_are_refused_cleanly(name, value):
    try:
        params = ModelParams(**{name: value})
    except ValueError as error:
        assert name in str(error) or "role shares" in str(error) or "budget" in str(error)
        return
    assert getattr(params, name) == value or math.isclose(float(getattr(params, name)), float(value))


@settings(max_examples=30, deadline=None)
@given(name=st.text(min_size=1, max_size=12).filter(lambda s: s not in FIELDS))
def test_unknown_names_are_refused(name):
    with pytest.raises(ValueError, match="unknown parameter"):
        ModelParams().replace(**{name: 1})
    with pytest.raises(ValueError):
        OrganisationModel(**{name: 1})
