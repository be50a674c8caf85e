"""Every model parameter, defined once: default, meaning, unit, source or assumption, range, plausible range.

``ModelParams`` is a frozen dataclass. Constructing it validates every field (type, finiteness,
range, choices) and the combinations that must agree, and raises ``ValueError`` naming the field,
the value and what is allowed, before any agent exists. The Hydra YAML in ``configs/`` mirrors these
fields, the ODD's parameter table is generated from them, and tests fail when either drifts.

Each field carries two ranges: ``low``/``high``, what the model accepts at all, and ``plausible``,
the range a researcher would defend for the real organisations the model stands for. The
robustness analysis samples the plausible ranges of the fields whose ``kind`` is ``assumption`` or
``sourced``; ``lever`` fields are what policies set, ``setting`` fields describe the organisation
and the experiment (size, shocks, reporting thresholds).

Defaults marked *sourced* come from the sources in ``docs/ODD.md`` (Nuffield Trust and NHS Digital
leaver rates; Alemi et al. 2001 on project duration; Wiltsey Stirman et al. 2012 on sustainment);
everything marked *assumption* is ours and is what researchers should sweep. Rates are per month
unless the name says otherwise. The fields are declared in ``simulation.param_fields``, grouped by
submodel; this module holds the dataclass behaviour and the validation.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from simulation.param_fields import KINDS, ROLE_SHARE_FIELDS, TEACHABILITY_FIELDS, ParamFields

__all__ = ["FIELD_NAMES", "KINDS", "ROLE_SHARE_FIELDS", "TEACHABILITY_FIELDS", "ModelParams", "ParamInfo", "param_info"]

#: Python types of the field annotations (``from __future__ import annotations`` makes them strings).
FIELD_TYPES: dict[str, type] = {"int": int, "float": float, "bool": bool, "str": str}


@dataclass(frozen=True)
class ModelParams(ParamFields):
    """All parameters of the organisation model (see the module docstring and ``docs/ODD.md``)."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = _check_field(f, getattr(self, f.name))
            object.__setattr__(self, f.name, value)
        _check_combinations(self)

    def replace(self, **changes: Any) -> ModelParams:
        """A copy with ``changes`` applied (validated; unknown names raise ``ValueError``)."""
        unknown = sorted(set(changes) - FIELD_NAMES)
        if unknown:
            raise ValueError(f"unknown parameter(s) {unknown}; allowed names are the fields of ModelParams")
        return dataclasses.replace(self, **changes)

    @classmethod
    def for_policy(cls, policy: str, **overrides: Any) -> ModelParams:
        """Defaults with the levers of the named preset, then ``overrides``."""
        from simulation.policies import policy_levers

        return cls().replace(**{**policy_levers(policy), "policy": policy, **overrides})

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @property
    def total_budget(self) -> float:
        """Leadership support available to the whole organisation each month."""
        return self.attention_budget * self.n_units

    @property
    def n_communities(self) -> int:
        return math.ceil(self.n_units / self.units_per_community)

    @property
    def fixed_costs(self) -> float:
        """Most a month's training and community facilitation can cost (paid before attention)."""
        places = math.ceil(self.training_places * self.n_units)
        cops = self.n_communities * self.cop_facilitation_cost if self.facilitated_cops else 0.0
        return places * self.training_cost + cops

    @property
    def teachability(self) -> tuple[float, ...]:
        """Teachability of each capability, in ``CAPABILITIES`` order."""
        return tuple(getattr(self, name) for name in TEACHABILITY_FIELDS)


FIELD_NAMES = frozenset(f.name for f in dataclasses.fields(ModelParams))


def _describe_range(meta: dict[str, Any], kind: str = "float") -> str:
    if meta["choices"]:
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    low, high = meta["low"], meta["high"]
    left = "(" if meta["low_open"] else "["
    return f"{'a whole number' if kind == 'int' else 'a number'} in {left}{low}, {high}]"


def _check_field(f: dataclasses.Field, value: Any) -> Any:
    kind = FIELD_TYPES[f.type] if isinstance(f.type, str) else f.type
    meta = dict(f.metadata)
    allowed = _describe_range(meta, kind.__name__)
    where = f"ModelParams.{f.name}={value!r}"
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{where} is not allowed: must be true or false")
        return value
    if kind is str:
        if not isinstance(value, str) or value not in meta["choices"]:
            raise ValueError(f"{where} is not allowed: must be {_describe_range(meta)}")
        return value
    numeric = isinstance(value, int | float) or hasattr(value, "__index__")
    if isinstance(value, bool) or type(value).__name__ == "bool_" or not numeric:
        raise ValueError(f"{where} is not allowed: must be {allowed}")
    if kind is int:
        if isinstance(value, float):
            raise ValueError(f"{where} is not allowed: must be {allowed} (an integer, not a float)")
        value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{where} is not allowed: must be a finite number, {allowed}")
    low, high = meta["low"], meta["high"]
    if (low is not None and (value < low or (meta["low_open"] and value == low))) or (
        high is not None and value > high
    ):
        raise ValueError(f"{where} is out of range: must be {allowed}")
    return value


def _check_combinations(p: ModelParams) -> None:
    total = math.fsum(getattr(p, name) for name in ROLE_SHARE_FIELDS)
    if abs(total - 1.0) > 1e-6:
        shares = ", ".join(f"{n}={getattr(p, n)}" for n in ROLE_SHARE_FIELDS)
        raise ValueError(f"role shares must sum to 1, but {shares} sum to {total:.6g}")
    if p.n_priorities > p.n_themes:
        raise ValueError(
            f"ModelParams.n_priorities={p.n_priorities} is not allowed: must be at most n_themes={p.n_themes}"
        )
    if p.potential_typical > p.potential_strong:
        raise ValueError(
            f"ModelParams.potential_typical={p.potential_typical} is not allowed: must be at most "
            f"potential_strong={p.potential_strong} (a role's strengths cannot be below its typical level)"
        )
    if p.fixed_costs > p.total_budget + 1e-9:
        raise ValueError(
            f"training and community facilitation cost up to {p.fixed_costs:.4g} support units a month, more than the "
            f"budget attention_budget x n_units = {p.total_budget:.4g}: raise attention_budget or lower "
            "training_places, training_cost or cop_facilitation_cost"
        )


@dataclass(frozen=True)
class ParamInfo:
    """One row of the parameter table in the docs."""

    name: str
    type: str
    default: Any
    unit: str
    meaning: str
    source: str
    allowed: str
    group: str
    kind: str
    plausible: tuple[float, float] | None


def param_info() -> list[ParamInfo]:
    """Every parameter with its metadata, in declaration order (the source of the docs table)."""
    rows = []
    for f in dataclasses.fields(ModelParams):
        m = f.metadata
        kind = f.type if isinstance(f.type, str) else f.type.__name__
        allowed = "true or false" if kind == "bool" else _describe_range(dict(m), kind)
        rows.append(
            ParamInfo(
                f.name,
                kind,
                f.default,
                m["unit"],
                m["meaning"],
                m["source"],
                allowed,
                m["group"],
                m["kind"],
                m["plausible"],
            )
        )
    return rows
