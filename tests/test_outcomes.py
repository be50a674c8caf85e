"""The outcome registry (``analysis.outcomes``) is the one table of outcomes: every selection reads it,
every outcome column the code names has an entry, and every entry is an outcome a run reports."""

from __future__ import annotations

import ast
import re

import pytest

from analysis import outcomes
from analysis.summary import summarise
from simulation import run
from simulation.metrics import MODEL_OUTPUTS

from .conftest import ROOT

SELECTIONS = ("BRIEF", "COMPANIONS", "ORDER", "ENSEMBLE", "OVER_TIME", "SCREENED", "TWO_WAY", "DOSE", "EXPLORER")
SELECTIONS += ("RUN_HEADLINE",)
#: A column a summary holds: the last month (``final_``) or the mean (``mean_``) of a model output, or a
#: unit-level summary (``final_capability_q1``).
COLUMN = re.compile(r"(final|mean)_([a-z0-9_]+)")
#: Where outcome columns are named in code (the summary itself makes them by prefix, for every output).
SCANNED = ("analysis", "experiments", "teaching", "verification", "tools")
DERIVED = {"no_success_excess"}  # computed by the ensemble from two summary columns


@pytest.fixture(scope="module")
def summary():
    result = run(seed=3, n_steps=6, n_units=8)
    return summarise(result.model, result.units), result.model


@pytest.mark.parametrize("name", SELECTIONS)
def test_every_selection_names_registered_outcomes_without_repeats(name):
    selection = getattr(outcomes, name)
    assert selection and len(set(selection)) == len(selection)
    assert all(column in outcomes.OUTCOMES for column in selection), name


def test_every_entry_is_an_outcome_a_run_reports(summary):
    row, _ = summary
    for column, entry in outcomes.OUTCOMES.items():
        assert entry.label and entry.short and entry.unit and column.endswith(entry.name), column
        if column != entry.name:  # final_ or mean_: a summary column
            assert column in row.columns, f"{column} is registered but no run's summary holds it"
        elif entry.name not in DERIVED:  # a model output, or a unit-level summary the explorer tracks
            assert column in MODEL_OUTPUTS or f"final_{column}" in row.columns, column


def _summary_column(text: str) -> bool:
    """Whether a string names a summary column: any ``final_`` name, or ``mean_`` of a model output (not a
    statistic such as ``mean_difference``)."""
    match = COLUMN.fullmatch(text)
    return bool(match) and (match.group(1) == "final" or match.group(2) in MODEL_OUTPUTS)


def _named_columns(path) -> list[tuple[int, str]]:
    """(line, text) of every string constant that names a summary column (parts of f-strings left out)."""
    tree = ast.parse(path.read_text())
    parts = {id(value) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for value in node.values}
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts
        if _summary_column(node.value)
    ]


def test_every_outcome_column_the_code_names_has_an_entry():
    """A summary column written in code (a brief's section, the explorer, the command line) that the
    registry does not know fails here, naming the file and the line."""
    unknown = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for line, column in _named_columns(path):
                if column not in outcomes.OUTCOMES:
                    unknown.append(f"{path.relative_to(ROOT)}:{line}: {column}")
    assert unknown == [], unknown
    scanned = _named_columns(ROOT / "analysis" / "wording.py")  # the scan sees the columns the sentences name
    assert ("final_share_no_success" in {column for _, column in scanned}) and len(scanned) >= 2


def test_an_unregistered_column_is_refused_naming_the_registry():
    with pytest.raises(KeyError, match=r"'final_happiness' has no entry in analysis\.outcomes"):
        outcomes.outcome("final_happiness")
    averaged = outcomes.outcome("mean_gini_attention")
    assert averaged.label.startswith("monthly average of") and not averaged.higher_is_better
    assert outcomes.outcome("final_gini_capability").label.endswith("at the end")  # a level, not a count
