"""What an experiment compared, read from its plan (``sweep.json``), never guessed from its results.

A sweep's plan records every job with its condition: the settings the sweep sets, in the order it
swept them, with their levels in the order it planned them. From that alone:

- ``ensemble``: a robustness ensemble (``world`` swept, a ``robustness`` design recorded);
- ``sensitivity``: a Morris screening (``sample`` swept, a ``sensitivity`` design recorded);
- ``comparison``: one setting swept: each level against a reference, pair by pair on the shared seeds;
  ``dose`` when that setting is a number with three or more levels;
- ``two_way``: two or more settings swept: each compared within every combination of the others (the
  policy first when it is swept, else the last setting swept is the ``factor``);
- ``replicates``: nothing swept but the seeds; ``run``: a single run.

The reference of a comparison is ``silos`` when the policy is swept (else its first level), the
lowest level of a number or a flag (no before yes), the first planned level of anything else. The
sweeper records the design it planned in ``sweep.json`` (``experiments.sweep.check_plan`` calls
``from_plan``); plans written before that are read the same way from their jobs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from numbers import Number
from typing import Any

__all__ = ["KINDS", "Design", "from_plan", "reference_level", "single_run"]

KINDS = ("run", "replicates", "comparison", "dose", "two_way", "sensitivity", "ensemble")
#: The conditions that index a design rather than compare anything: the world of an ensemble, the row of
#: a screening's design.
DESIGN_INDEX = {"ensemble": "world", "sensitivity": "sample"}
STATUS_QUO = "silos"


@dataclass(frozen=True)
class Design:
    """What an experiment compares: its ``kind``, the setting compared pair by pair (``factor``) and its
    reference level, the settings it is compared within, and every condition's levels in plan order."""

    kind: str
    factor: str | None = None
    reference: Any = None
    within: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()  # every setting the sweep sets, in its order (one level or more)
    levels: dict[str, list] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"design kind {self.kind!r} is not one of {', '.join(KINDS)}")

    @property
    def swept(self) -> list[str]:
        """The conditions with more than one level, in the sweep's order."""
        return [c for c in self.conditions if len(self.levels.get(c, [])) > 1]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "within": list(self.within), "conditions": list(self.conditions)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Design:
        return cls(
            kind=str(data["kind"]),
            factor=data.get("factor"),
            reference=data.get("reference"),
            within=tuple(data.get("within") or ()),
            conditions=tuple(data.get("conditions") or ()),
            levels={k: list(v) for k, v in (data.get("levels") or {}).items()},
        )


def _numeric(values: Sequence) -> bool:
    """Numbers a dose can be read off (flags are not doses)."""
    return all(isinstance(v, Number) and not isinstance(v, bool) for v in values)


def reference_level(setting: str, levels: Sequence):
    """The level a setting's other levels are compared against: ``silos`` for the policy (else its first
    level), the lowest of numbers or flags (no before yes), the first planned level of anything else."""
    levels = list(levels)
    if setting == "policy":
        return STATUS_QUO if STATUS_QUO in levels else levels[0]
    return min(levels) if all(isinstance(v, Number) for v in levels) else levels[0]


def from_plan(jobs: Sequence[Mapping[str, Any]], sampled: Mapping[str, Any] | None = None) -> Design:
    """The design of a sweep from its planned jobs (each with a ``condition`` mapping) and the parameter
    samples it recorded (``robustness``, ``sensitivity``; ``experiments.samples``)."""
    sampled = sampled or {}
    conditions = list(dict.fromkeys(key for job in jobs for key in job["condition"]))
    levels = {c: list(dict.fromkeys(job["condition"][c] for job in jobs if c in job["condition"])) for c in conditions}
    swept = [c for c in conditions if len(levels[c]) > 1]
    for kind, index in DESIGN_INDEX.items():
        if index in swept and sampled.get("robustness" if kind == "ensemble" else kind):
            others = [c for c in swept if c != index]
            factor = "policy" if "policy" in others else None
            reference = reference_level(factor, levels[factor]) if factor else None
            return Design(kind, factor, reference, (index,), tuple(conditions), levels)
    if not swept:
        return Design("replicates", conditions=tuple(conditions), levels=levels)
    factor = "policy" if "policy" in swept else swept[-1]
    within = tuple(c for c in swept if c != factor)
    reference = reference_level(factor, levels[factor])
    if within:
        return Design("two_way", factor, reference, within, tuple(conditions), levels)
    numeric = factor != "policy" and _numeric(levels[factor])
    kind = "dose" if numeric and len(levels[factor]) >= 3 else "comparison"
    return Design(kind, factor, reference, (), tuple(conditions), levels)


def single_run(policy: str) -> Design:
    """A single run: one policy, nothing compared."""
    return Design("run", conditions=("policy",), levels={"policy": [policy]})
