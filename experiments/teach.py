"""Run a teaching preset and write its figures and short brief, in one command.

    python -m experiments.teach --list
    python -m experiments.teach matthew_effect          # -> multirun/teach_matthew_effect/brief/brief.html

Each preset (configs/experiment/teaching/) is small and fast: a small organisation, two or three
conditions, four paired replications. The brief opens with the preset's question, what it changes,
what to look for and two discussion prompts. See docs/teaching.md for the session plan.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml

__all__ = ["PRESETS", "main"]

ROOT = Path(__file__).resolve().parent.parent
PRESETS = {p.stem: p for p in sorted((ROOT / "configs" / "experiment" / "teaching").glob("*.yaml"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("preset", nargs="?", help="one of the teaching presets (--list)")
    parser.add_argument("overrides", nargs="*", help="extra key=value overrides, e.g. replicates=8")
    parser.add_argument("--list", action="store_true", help="list the presets and their questions")
    parser.add_argument("--sweep-dir", type=Path, default=None, help="where to write (default multirun/<name>)")
    args = parser.parse_args(argv)
    if args.list or args.preset is None:
        for name, path in PRESETS.items():
            preset = yaml.safe_load(path.read_text())
            print(f"{name:22s} {preset['teaching']['title']}: {preset['question']}")
        return 0
    if args.preset not in PRESETS:
        print(f"error: preset={args.preset!r} is not a teaching preset: one of {', '.join(PRESETS)}", file=sys.stderr)
        return 2
    name = yaml.safe_load(PRESETS[args.preset].read_text())["name"]
    where = (args.sweep_dir or Path("multirun") / name).resolve()
    command = [
        sys.executable,
        "-m",
        "experiments.run",
        f"experiment=teaching/{args.preset}",
        f"hydra.sweep.dir={where}",
        "quiet=true",
        "hydra/hydra_logging=disabled",
        "hydra/job_logging=disabled",
        *args.overrides,
    ]
    sweep = subprocess.Popen(command, cwd=ROOT)
    from analysis.report import build_brief  # imported while the sweep runs on the other core

    if sweep.wait() != 0:
        return sweep.returncode
    brief = build_brief(where)
    print(f"brief: {brief.html}")
    print(f"figures: {', '.join(str(p) for p in brief.figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
