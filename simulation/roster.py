"""A real organisation's units, handed to the model as plain values (no file is read here).

``UnitRoster`` lists each unit's name, kind, headcount by staff role and, optionally, a starting
capability level per capability in [0, 1] (``nan`` where not assessed). ``experiments.roster`` reads
one from a CSV file; the model only ever sees this object. Validation names the unit and the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulation.capabilities import CAPABILITIES, STAFF_ROLES

__all__ = ["ROSTER_ROLES", "UnitRoster"]

#: Staff roles in the order of each unit's headcount tuple.
ROSTER_ROLES: tuple[str, ...] = tuple(role.name.lower() for role in STAFF_ROLES)


@dataclass(frozen=True)
class UnitRoster:
    """Units of a real organisation: one entry per unit in every field."""

    names: tuple[str, ...]
    nonclinical: tuple[bool, ...]
    headcount: tuple[tuple[int, ...], ...]  # per unit: nurses, doctors, AHPs, managers, support staff
    levels: tuple[tuple[float, ...], ...] | None = None  # per unit: one value per capability, or nan

    def __post_init__(self) -> None:
        n = len(self.names)
        if n == 0:
            raise ValueError("roster has no units: at least one is needed")
        if len(set(self.names)) != n:
            raise ValueError("roster unit names must be unique")
        if len(self.nonclinical) != n or len(self.headcount) != n:
            raise ValueError("roster fields must have one entry per unit")
        for name, counts in zip(self.names, self.headcount, strict=True):
            if len(counts) != len(ROSTER_ROLES):
                raise ValueError(f"unit {name!r}: headcount needs {len(ROSTER_ROLES)} roles {ROSTER_ROLES}")
            for role, count in zip(ROSTER_ROLES, counts, strict=True):
                if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                    raise ValueError(f"unit {name!r}: headcount of {role}={count!r} must be a whole number >= 0")
            if sum(counts) < 1:
                raise ValueError(f"unit {name!r}: headcount is 0; every unit needs at least one member of staff")
        if self.levels is not None:
            if len(self.levels) != n:
                raise ValueError("roster levels must have one entry per unit")
            for name, row in zip(self.names, self.levels, strict=True):
                if len(row) != len(CAPABILITIES):
                    raise ValueError(f"unit {name!r}: levels need one value per capability {CAPABILITIES}")
                for capability, value in zip(CAPABILITIES, row, strict=True):
                    if not (math.isnan(value) or 0.0 <= value <= 1.0):
                        raise ValueError(f"unit {name!r}: level of {capability}={value!r} must be in [0, 1] or nan")

    def __len__(self) -> int:
        return len(self.names)
