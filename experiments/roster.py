"""Read a real organisation's unit roster from a CSV file into a ``simulation.UnitRoster``.

Format: one row per unit, with a header row. Required columns:

| column | meaning |
|---|---|
| `name` | the unit's name (unique) |
| `kind` | `clinical` or `non-clinical` |
| `nurses`, `doctors`, `ahps`, `managers`, `support` | headcount by role (whole numbers >= 0) |

Optional columns, one per capability: `environment`, `rollercoaster`, `problem`, `message`,
`learning`, `context`, `technical`: the unit's self-assessed level on a 1-5 scale (1 not yet in
place, 2 emerging, 3 developing, 4 established, 5 exemplary; decimals allowed), left blank where not
assessed. A score ``s`` becomes the unit's starting mean capability ``(s - 1) / 4``; capabilities
not assessed start from the usual random maturity. (The scale is this project's own construct: the
items of the Fitness for Improvement Tool of Wright et al. were not available.)

Patient partners are not listed: ``patient_partners_per_unit`` applies. A bad file is refused with a
message naming the line and the column.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

from simulation import CAPABILITIES, UnitRoster

__all__ = ["ROLE_COLUMNS", "SCORE_RANGE", "load_roster"]

ROLE_COLUMNS: tuple[str, ...] = ("nurses", "doctors", "ahps", "managers", "support")
REQUIRED: tuple[str, ...] = ("name", "kind", *ROLE_COLUMNS)
KINDS = {"clinical": False, "non-clinical": True, "nonclinical": True}
SCORE_RANGE = (1.0, 5.0)
#: The most units a roster may list (the model's own limit), the largest headcount of one role in one
#: unit, and the largest file read (checked before reading it).
MAX_UNITS = 5000
MAX_HEADCOUNT = 5000
MAX_BYTES = 5_000_000
WHOLE = re.compile(r"-?[0-9]+")


class RosterError(ValueError):
    """A roster file that cannot be used, with the place of the problem."""


def load_roster(path: str | Path) -> UnitRoster:
    """Read and check the roster at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"roster file {path} does not exist")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise RosterError(
            f"{path}: {size:,} bytes is too large for a roster (at most {MAX_BYTES:,}: {MAX_UNITS:,} units)"
        )
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in (reader.fieldnames or [])]
        if not header:
            raise RosterError(f"{path}: the file is empty; it needs a header row and one row per unit")
        _check_header(path, header)
        reader.fieldnames = header
        names, kinds, counts, levels, seen = [], [], [], [], set()
        for line, row in enumerate(reader, start=2):
            if row.get(None):
                raise RosterError(f"{path}, line {line}: more values than columns")
            if len(names) >= MAX_UNITS:
                raise RosterError(
                    f"{path}, line {line}: more than {MAX_UNITS:,} units; a roster holds at most that many"
                )
            names.append(_name(path, line, row, seen))
            seen.add(names[-1])
            kinds.append(_kind(path, line, row))
            counts.append(tuple(_count(path, line, row, column) for column in ROLE_COLUMNS))
            levels.append(tuple(_score(path, line, row, column) for column in CAPABILITIES))
    if not names:
        raise RosterError(f"{path}: no units: the file has a header but no rows")
    assessed = any(not math.isnan(v) for row in levels for v in row)
    try:
        return UnitRoster(tuple(names), tuple(kinds), tuple(counts), tuple(levels) if assessed else None)
    except ValueError as error:
        raise RosterError(f"{path}: {error}") from error


def _check_header(path: Path, header: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RosterError(f"{path}: missing column(s) {missing}; required are {list(REQUIRED)}")
    allowed = set(REQUIRED) | set(CAPABILITIES)
    unknown = [c for c in header if c not in allowed]
    if unknown:
        raise RosterError(
            f"{path}: unknown column(s) {unknown}: headcount roles are {list(ROLE_COLUMNS)} and capability "
            f"scores are {list(CAPABILITIES)}"
        )
    if len(set(header)) != len(header):
        raise RosterError(f"{path}: a column appears twice in the header")


def _name(path: Path, line: int, row: dict, seen: set[str]) -> str:
    name = (row["name"] or "").strip()
    if not name:
        raise RosterError(f"{path}, line {line}, column 'name': a unit needs a name")
    if name in seen:
        raise RosterError(f"{path}, line {line}, column 'name': {name!r} appears twice; names must be unique")
    return name


def _kind(path: Path, line: int, row: dict) -> bool:
    kind = (row["kind"] or "").strip().lower()
    if kind not in KINDS:
        raise RosterError(f"{path}, line {line}, column 'kind': {row['kind']!r} must be 'clinical' or 'non-clinical'")
    return KINDS[kind]


def _count(path: Path, line: int, row: dict, column: str) -> int:
    text = (row[column] or "").strip()
    if not WHOLE.fullmatch(text):  # ASCII digits only: not '1_000', not '٥'
        raise RosterError(f"{path}, line {line}, column {column!r}: {text!r} is not a whole number")
    value = int(text)
    if value < 0:
        raise RosterError(f"{path}, line {line}, column {column!r}: headcount {value} is negative")
    if value > MAX_HEADCOUNT:
        raise RosterError(f"{path}, line {line}, column {column!r}: headcount {value:,} is more than {MAX_HEADCOUNT:,}")
    return value


def _score(path: Path, line: int, row: dict, column: str) -> float:
    text = (row.get(column) or "").strip()
    if not text:
        return math.nan
    low, high = SCORE_RANGE
    try:
        score = float(text)
    except ValueError:
        raise RosterError(f"{path}, line {line}, column {column!r}: {text!r} is not a number") from None
    if not low <= score <= high:
        raise RosterError(f"{path}, line {line}, column {column!r}: score {score:g} is outside {low:g}-{high:g}")
    return (score - low) / (high - low)
