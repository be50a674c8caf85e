"""Compare the model with the committed baseline, or refresh it.

    python -m tools.baseline            # compare the model with tests/baseline/baseline.json
    python -m tools.baseline --write    # refresh it, when a change of behaviour is intended

What the baseline holds and how it is compared: ``verification.baseline``.
"""

from __future__ import annotations

import argparse
import json
import sys

from experiments.paths import ROOT
from verification import baseline

__all__ = ["BASELINE", "main"]

BASELINE = ROOT / "tests" / "baseline" / "baseline.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.baseline", description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="refresh the committed baseline")
    args = parser.parse_args(argv)
    new = baseline.compute()
    if args.write:
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        BASELINE.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n")
        print(f"wrote {BASELINE} ({len(new)} values)")
        return 0
    problems = baseline.compare(json.loads(BASELINE.read_text()), new)
    for line in problems:
        print(line)
    print(f"{len(problems)} of {len(new)} values differ from the baseline" if problems else "baseline matches")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
