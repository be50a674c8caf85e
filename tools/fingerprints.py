"""Fingerprints of seeded results: show that a change of code moved no bit of what the tool computes.

    python -m tools.fingerprints --write before.json     # before a change (on a commit that has this tool)
    python -m tools.fingerprints --check before.json     # after it: exit 1 naming every case that differs

Each case is a digest of the frames it produces (column names, dtypes and every value): every policy
at the defaults under two replicate seeds (model, unit and project frames), five policies sharing
warm-ups on a small organisation, a roster, edge cases (no turnover, no warm-up, a turnover shock,
one unit), the explorer's comparison (its summary, paired differences and sentences), and sweeps run
in this process through the sweeper (a policy comparison, a robustness ensemble, a Morris screening,
an ad-hoc two-way sweep, a teaching preset): their aggregates and manifests. ``--quick`` leaves the
sweeps out. Brief texts are not fingerprinted: wording may change without the numbers changing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import pandas as pd

from experiments.paths import EXAMPLES
from simulation import POLICY_NAMES, ModelParams, WarmUps, replicate_seeds, run
from simulation.roster import UnitRoster

__all__ = ["digest", "fingerprints", "main"]

SWEEPS = {
    "policy_comparison": ("experiment=policy_comparison", "replicates=3", "n_units=10", "n_steps=24"),
    "robustness": ("experiment=robustness", "robustness.worlds=4", "replicates=1", "n_steps=12", "n_units=8"),
    "sensitivity": ("experiment=sensitivity", "sensitivity.trajectories=2", "replicates=1", "n_steps=12", "n_units=6"),
    "two_way": ("attention_budget=0.2,0.4", "nurture_share=0.0,0.5", "org=small", "n_steps=24"),
}


def digest(frame: pd.DataFrame) -> str:
    """A frame's column names, dtypes and values, hashed (the row index left out)."""
    h = hashlib.sha256()
    h.update(json.dumps([list(map(str, frame.columns)), [str(t) for t in frame.dtypes]]).encode())
    h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]


def _frames(result) -> str:
    return digest(result.model) + digest(result.units) + digest(result.projects)


def _runs() -> dict[str, str]:
    out = {}
    for policy in POLICY_NAMES:
        for seed in replicate_seeds(2026, 2):
            out[f"default/{policy}/{seed}"] = _frames(run(policy=policy, seed=seed, n_steps=120))
    kept = WarmUps()
    for policy in POLICY_NAMES:
        result = run(policy=policy, seed=5, n_steps=30, n_units=8, warm_ups=kept, team_selection="coverage")
        out[f"small-shared/{policy}"] = _frames(result)
    roster = UnitRoster(
        ("A", "B", "C"),
        (False, False, True),
        ((10, 2, 2, 1, 3), (6, 1, 1, 1, 2), (0, 0, 0, 2, 8)),
        ((0.5, 0.25, float("nan"), 0.75, 0.5, 0.5, 0.25), (0.1,) * 7, (0.9,) * 7),
    )
    for policy in ("silos", "nurture_and_learn"):
        out[f"roster/{policy}"] = _frames(run(policy=policy, seed=3, n_steps=24, n_units=3, roster=roster))
    for case in ({"annual_turnover": 0.0}, {"warmup_months": 0}, {"shock_start_month": 5}, {"n_units": 1}):
        result = run(ModelParams(**({"n_units": 6} | case)), seed=1, n_steps=20)
        out[f"edge/{json.dumps(case)}"] = _frames(result)
    from teaching import explore

    compared = explore.compare(
        explore.Scenario("silos"), explore.Scenario("active_nurturing"), explore.organisation("small"), replications=3
    )
    out["explore/summary"] = digest(compared.summary)
    out["explore/paired"] = digest(compared.paired)
    out["explore/sentences"] = hashlib.sha256("\n".join(compared.sentences).encode()).hexdigest()[:16]
    return out


def _sweeps(folder: Path) -> dict[str, str]:
    from experiments.driver import run_sweep
    from teaching.presets import run_preset

    for name, words in SWEEPS.items():
        run_sweep(folder / name, *words, "quiet=true")
    run_preset("who_is_on_the_team", folder / "teaching")
    run_sweep(folder / "roster_run", "org=roster", f"roster_file={EXAMPLES / 'roster_example.csv'}", "n_steps=24")
    out = {}
    for aggregate in sorted(folder.glob("*/aggregate")):
        for path in sorted(aggregate.iterdir()):
            frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
            out[f"sweep/{aggregate.parent.name}/{path.name}"] = digest(frame)
        manifest = pd.read_csv(aggregate.parent / "manifest.csv")
        out[f"sweep/{aggregate.parent.name}/manifest.csv"] = digest(manifest)
    return out


def fingerprints(quick: bool = False) -> dict[str, str]:
    """Every case's digest."""
    out = _runs()
    if not quick:
        with tempfile.TemporaryDirectory() as folder:
            out |= _sweeps(Path(folder))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.fingerprints", description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the fingerprints to this JSON file")
    group.add_argument("--check", type=Path, help="compare with the fingerprints in this JSON file")
    parser.add_argument("--quick", action="store_true", help="runs only, no sweeps")
    args = parser.parse_args(argv)
    now = fingerprints(args.quick)
    if args.write:
        args.write.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
        print(f"wrote {len(now)} fingerprints to {args.write}")
        return 0
    before = json.loads(args.check.read_text())
    differ = sorted(key for key in before.keys() & now.keys() if before[key] != now[key])
    missing = sorted(before.keys() - now.keys())
    for key in differ:
        print(f"differs: {key}")
    for key in missing:
        print(f"not computed now: {key}")
    print(f"{len(before.keys() & now.keys()) - len(differ)} of {len(before)} fingerprints identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
