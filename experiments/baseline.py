"""The committed baseline: a summary of seeded default runs for each policy, for regression tests.

    python -m experiments.baseline            # compare the model with tests/baseline/baseline.json
    python -m experiments.baseline --write    # refresh it, when a change of behaviour is intended

The baseline holds, for each policy and two seeds, every model-level output at months 60 and 120 of
the default organisation. ``tests/test_baseline.py`` compares it key by key and, on a mismatch,
prints the old and new values, their difference, and this command.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from simulation import POLICY_NAMES, run

__all__ = ["BASELINE", "REFRESH", "compare", "compute"]

BASELINE = Path(__file__).resolve().parent.parent / "tests" / "baseline" / "baseline.json"
REFRESH = "python -m experiments.baseline --write"
SEEDS = (11, 12)
MONTHS = (60, 120)
RTOL, ATOL = 1e-9, 1e-12


def compute() -> dict[str, float]:
    """``{policy/seed/month/output: value}`` for the default organisation."""
    values: dict[str, float] = {}
    for policy in POLICY_NAMES:
        for seed in SEEDS:
            model = run(policy=policy, seed=seed, n_steps=max(MONTHS)).model.set_index("step")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="refresh the committed baseline")
    args = parser.parse_args(argv)
    new = compute()
    if args.write:
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        BASELINE.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n")
        print(f"wrote {BASELINE} ({len(new)} values)")
        return 0
    problems = compare(json.loads(BASELINE.read_text()), new)
    for line in problems:
        print(line)
    print(f"{len(problems)} of {len(new)} values differ from the baseline" if problems else "baseline matches")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
