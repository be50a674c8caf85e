"""Rebuild a finished sweep's manifest and aggregate from its job folders.

    python -m experiments.aggregate multirun/policy_comparison

Use it after a SLURM sweep whose jobs ended after the launcher returned, or after fixing and rerunning
failed jobs by hand. Exit status 1 when any planned job has no result.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from experiments.sweep import PLAN, finish

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep_dir", type=Path, help="a sweep folder (it holds sweep.json)")
    args = parser.parse_args(argv)
    if not (args.sweep_dir / PLAN).is_file():
        print(f"error: {args.sweep_dir} holds no {PLAN}: not a sweep folder", file=sys.stderr)
        return 2
    return finish(args.sweep_dir)


if __name__ == "__main__":
    sys.exit(main())
