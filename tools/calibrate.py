"""Print the ODD's claims, calibration, per-policy and seed-noise tables from runs at the defaults, or write them.

    python -m tools.calibrate                 # print the four tables and the seeds they came from
    python -m tools.calibrate --write         # also write them into docs/ODD.md
    python -m tools.calibrate --replicates 20 --master-seed 7

The tables are computed by ``verification.tables``; this command prints them and splices them
between their markers in ``docs/ODD.md`` (``tools.docs.splice``).
"""

from __future__ import annotations

import argparse
import sys

from experiments.paths import ROOT
from simulation import ModelParams, replicate_seeds
from tools.docs import ODD, markers, splice
from verification import tables

__all__ = ["main"]

COMMAND = "python -m tools.calibrate"
BLOCKS = {"claims": "CLAIMS", "calibration": "CALIBRATION", "policies": "POLICY TABLE", "noise": "NOISE"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.calibrate", description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=8, help="replicates per policy (default 8)")
    parser.add_argument("--master-seed", type=int, default=2026, help="master seed (default 2026)")
    parser.add_argument("--write", action="store_true", help="write the tables into docs/ODD.md")
    args = parser.parse_args(argv)
    if args.replicates < 1 or args.master_seed < 0:
        parser.error("--replicates must be at least 1 and --master-seed a non-negative integer")
    seeds = replicate_seeds(args.master_seed, args.replicates)
    provenance = (
        f"Defaults, 120 months after a {ModelParams().warmup_months}-month warm-up; "
        f"{args.replicates} replicates per policy, seeds {seeds} (master seed {args.master_seed}); "
        f"regenerate with `{COMMAND} --replicates {args.replicates} --master-seed {args.master_seed} --write`."
    )
    print(provenance)
    values, outcomes, runs = tables.collect(args.replicates, args.master_seed)
    blocks = {
        "claims": tables.claims_table(runs, args.master_seed),
        "calibration": tables.calibration_table(values),
        "policies": tables.policy_table(outcomes),
        "noise": tables.noise_table(args.master_seed, max(20, args.replicates)),
    }
    print(*blocks.values(), sep="\n\n")
    if args.write:
        text = ODD.read_text()
        for key, block in blocks.items():
            text = splice(
                text, *markers(BLOCKS[key], COMMAND), block if key == "noise" else f"{provenance}\n\n{block}", ODD
            )
        ODD.write_text(text)
        print(f"wrote {ODD.relative_to(ROOT)}")
    outside = tables.outside_bands(values)
    if outside:
        print(f"outside their bands for some policy: {', '.join(outside)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
