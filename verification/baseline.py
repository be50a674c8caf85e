"""The committed baseline: a summary of seeded default runs for each policy, for regression tests.

The baseline holds, for each policy and two seeds, every model-level output at months 60 and 120 of
the default organisation (``tests/baseline/baseline.json``). ``tests/test_baseline.py`` compares it
key by key and, on a mismatch, prints the old and new values, their difference, and the command that
refreshes it (``python -m tools.baseline --write``, for a change of behaviour that is intended).
"""

from __future__ import annotations

import math

from simulation import POLICY_NAMES, ModelParams, run_paired

__all__ = ["MONTHS", "REFRESH", "SEEDS", "compare", "compute"]

REFRESH = "python -m tools.baseline --write"
SEEDS = (11, 12)
MONTHS = (60, 120)
RTOL, ATOL = 1e-9, 1e-12


def compute() -> dict[str, float]:
    """``{policy/seed/month/output: value}`` for the default organisation."""
    runs = run_paired({p: ModelParams.for_policy(p) for p in POLICY_NAMES}, SEEDS, n_steps=max(MONTHS))
    values: dict[str, float] = {}
    for policy in POLICY_NAMES:
        for seed, result in zip(SEEDS, runs.results(policy), strict=True):
            model = result.model.set_index("step")
            for month in MONTHS:
                row = model.loc[month].drop(["run_id", "seed", "policy"])
                for output, value in row.items():
                    values[f"{policy}/{seed}/{month}/{output}"] = float(value)
    return values


def compare(old: dict[str, float], new: dict[str, float]) -> list[str]:
    """Every key whose value changed (NaN equals NaN), as 'key: old -> new (difference)'."""
    problems = [f"{key}: missing from the new run" for key in sorted(set(old) - set(new))]
    problems += [f"{key}: new output, not in the baseline" for key in sorted(set(new) - set(old))]
    for key in sorted(set(old) & set(new)):
        a, b = old[key], new[key]
        if (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=RTOL, abs_tol=ATOL):
            continue
        problems.append(f"{key}: {a!r} -> {b!r} (difference {b - a:+.3g})")
    return problems
