"""Do an ensemble brief's deciding assumptions reappear in an independent, larger ensemble?

    python -m tools.reappear multirun/robustness_main multirun/robustness_check

Both folders hold a robustness ensemble with its brief written (``brief/screening.csv``, every
comparison's ranked assumptions, and ``brief/across_worlds.csv``). For every comparison the smaller
one screened, this prints the assumptions it found (those that pass its screening) and which of them
pass in the larger one too, whether the two rank the same assumption first, and, at the end, how
many of the smaller ensemble's findings reappear. A finding of a few hundred worlds that a thousand
independent ones (another master seed, other worlds) do not repeat was the sample's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

__all__ = ["main", "reappearing"]


def _screening(folder: Path) -> pd.DataFrame:
    path = Path(folder) / "brief" / "screening.csv"
    if not path.is_file():
        raise SystemExit(
            f"{path} does not exist: write the ensemble's brief first (python -m analysis.report {folder})"
        )
    return pd.read_csv(path)


def reappearing(small: pd.DataFrame, large: pd.DataFrame, most: int = 3) -> pd.DataFrame:
    """One row per comparison the small ensemble screened: its passing assumptions (up to ``most``, by
    rank), those that pass in the large one too, and the first-ranked assumption of each."""
    rows = []
    for (policy, column), found in small.groupby(["policy", "outcome"], sort=False):
        there = large[(large["policy"] == policy) & (large["outcome"] == column)]
        named = found[found["matters"]].sort_values("rank")["input"].head(most).tolist()
        passing = set(there.loc[there["matters"], "input"])
        rows.append(
            {
                "policy": policy,
                "outcome": column,
                "found": named,
                "reappear": [name for name in named if name in passing],
                "first_small": found.sort_values("rank")["input"].iloc[0],
                "first_large": there.sort_values("rank")["input"].iloc[0] if len(there) else None,
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.reappear", description=__doc__.splitlines()[0])
    parser.add_argument("small", type=Path, help="the ensemble whose findings are checked")
    parser.add_argument("large", type=Path, help="an independent, larger ensemble")
    args = parser.parse_args(argv)
    table = reappearing(_screening(args.small), _screening(args.large))
    found = sum(len(names) for names in table["found"])
    back = sum(len(names) for names in table["reappear"])
    for row in table.itertuples():
        same = "same first" if row.first_small == row.first_large else f"first: {row.first_small} / {row.first_large}"
        print(f"{row.policy} / {row.outcome}: found {row.found or '-'}; reappear {row.reappear or '-'} ({same})")
    print(
        f"{back} of {found} findings reappear; the same first-ranked assumption in "
        f"{int((table['first_small'] == table['first_large']).sum())} of {len(table)} comparisons"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
