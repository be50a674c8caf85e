"""The five policy presets of the specification (section 6): each is just a set of lever values.

A policy is not a code path: every lever is an ordinary ``ModelParams`` field that can be swept on
its own. ``ModelParams()`` with no arguments is the ``silos`` preset (a test holds that true).

Which fields are levers is said once, by their kind (``kind=LEVER`` in ``simulation.param_fields``):
``LEVERS`` reads it. The presets set ``PRESET_LEVERS``, the columns of the specification's table;
every other lever (the team rule) stays at its default in every preset and is set on its own.
"""

from __future__ import annotations

from dataclasses import fields
from types import MappingProxyType
from typing import Any

from simulation.param_fields import LEVER, ParamFields

__all__ = ["LEVERS", "POLICIES", "POLICY_NAMES", "PRESET_LEVERS", "policy_levers"]

#: Every lever: the fields of kind ``lever``, in declaration order.
LEVERS: tuple[str, ...] = tuple(f.name for f in fields(ParamFields) if f.metadata["kind"] == LEVER)

#: The levers a preset sets: the columns of the specification's table, in its order.
PRESET_LEVERS: tuple[str, ...] = (
    "contest_exponent",
    "nurture_share",
    "facilitated_cops",
    "cop_exclusivity",
    "spread_scope",
    "targeted_training",
    "invite_patients",
)


if not set(PRESET_LEVERS) <= set(LEVERS):  # a preset may set levers only
    raise ValueError(f"presets set {sorted(set(PRESET_LEVERS) - set(LEVERS))}, which are not of kind lever")


def _levers(r, nurture, facilitated, exclusivity, scope, targeted, patients) -> MappingProxyType:
    values = (r, nurture, facilitated, exclusivity, scope, targeted, patients)
    return MappingProxyType(dict(zip(PRESET_LEVERS, values, strict=True)))


#: name -> lever values (read-only). Columns of the specification's table, section 6.
POLICIES: MappingProxyType = MappingProxyType(
    {
        "silos": _levers(1.0, 0.0, False, 0.9, "within_cop", False, False),
        "equal_share": _levers(0.0, 0.0, False, 0.9, "within_cop", False, False),
        "cross_unit_learning": _levers(1.0, 0.0, True, 0.2, "organisation", False, True),
        "active_nurturing": _levers(1.0, 0.5, False, 0.9, "within_cop", True, False),
        "nurture_and_learn": _levers(1.0, 0.5, True, 0.2, "organisation", True, True),
    }
)
POLICY_NAMES: tuple[str, ...] = tuple(POLICIES)


def policy_levers(name: str) -> dict[str, Any]:
    """The lever values of preset ``name``; ``ValueError`` naming the allowed presets otherwise."""
    if name not in POLICIES:
        raise ValueError(f"policy={name!r} is not a preset: must be one of {', '.join(POLICY_NAMES)}")
    return dict(POLICIES[name])
