"""Your own organisation: the roster file format, its refusals, and a model started from it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from experiments.roster import load_roster
from simulation import CAPABILITIES, OrganisationModel, UnitRoster

from .conftest import ROOT
from .sweeps import run_in_process

EXAMPLE = ROOT / "examples" / "roster_example.csv"
HEADER = "name,kind,nurses,doctors,ahps,managers,support,environment,technical\n"


def write(tmp_path, text: str):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    return path


def test_the_shipped_example_loads():
    roster = load_roster(EXAMPLE)
    assert len(roster) == 18
    assert roster.names[0] == "Acute Medical Unit"
    assert sum(roster.nonclinical) == 4
    assert roster.levels is not None and math.isnan(roster.levels[3][0])  # an unassessed unit


def test_scores_on_the_1_to_5_scale_become_levels(tmp_path):
    roster = load_roster(write(tmp_path, HEADER + "A,clinical,10,2,2,1,3,5,1\nB,non-clinical,0,0,0,2,10,,3\n"))
    assert roster.names == ("A", "B") and roster.nonclinical == (False, True)
    assert roster.headcount == ((10, 2, 2, 1, 3), (0, 0, 0, 2, 10))
    env, tech = CAPABILITIES.index("environment"), CAPABILITIES.index("technical")
    assert roster.levels[0][env] == 1.0 and roster.levels[0][tech] == 0.0
    assert math.isnan(roster.levels[1][env]) and roster.levels[1][tech] == 0.5


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "the file is empty"),
        (HEADER, "no units"),
        ("name,kind,nurses,doctors,ahps,managers\nA,clinical,1,1,1,1\n", "missing column(s) ['support']"),
        (
            HEADER.replace("support", "support,pharmacists") + "A,clinical,1,1,1,1,1,0,3,3\n",
            "unknown column(s) ['pharmacists']",
        ),
        (HEADER + "A,clinical,10,2,-1,1,3,3,3\n", "line 2, column 'ahps': headcount -1 is negative"),
        (HEADER + "A,clinical,10,2,two,1,3,3,3\n", "line 2, column 'ahps': 'two' is not a whole number"),
        (
            HEADER + "A,clinical,10,2,2,1,3,3,3\nB,clinical,1,1,1,1,1,7,3\n",
            "line 3, column 'environment': score 7 is outside 1-5",
        ),
        (HEADER + "A,ward,10,2,2,1,3,3,3\n", "line 2, column 'kind': 'ward' must be 'clinical' or 'non-clinical'"),
        (HEADER + "A,clinical,1,1,1,1,1,3,3\nA,clinical,1,1,1,1,1,3,3\n", "line 3, column 'name': 'A' appears twice"),
        (HEADER + "A,clinical,0,0,0,0,0,3,3\n", "headcount is 0"),
    ],
    ids=[
        "empty",
        "no-rows",
        "missing-column",
        "unknown-role",
        "negative",
        "not-a-number",
        "score-range",
        "kind",
        "duplicate",
        "no-staff",
    ],
)
def test_bad_files_are_refused_naming_line_and_column(tmp_path, text, words):
    with pytest.raises(ValueError) as caught:
        load_roster(write(tmp_path, text))
    assert words in str(caught.value)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        load_roster(tmp_path / "nowhere.csv")


def test_model_starts_from_the_roster():
    roster = load_roster(EXAMPLE)
    model = OrganisationModel(rng=3, n_units=len(roster), roster=roster)
    assert [u.name for u in model.units] == list(roster.names)
    assert model.workforce.headcount.tolist() == [sum(h) for h in roster.headcount]
    assert [u.kind for u in model.units][-1] == "non-clinical"
    means = model.workforce.unit_means()  # assessed units start near their assessed level
    levels = np.array(roster.levels)
    assessed = ~np.isnan(levels)
    assert np.abs(means.T[assessed] - levels[assessed]).mean() < 0.05


def test_roster_and_n_units_must_agree_and_roster_is_validated():
    roster = load_roster(EXAMPLE)
    with pytest.raises(ValueError, match="the roster lists 18 units but n_units=40"):
        OrganisationModel(rng=1, roster=roster)
    with pytest.raises(ValueError, match="headcount of ahp=-2"):
        UnitRoster(("A",), (False,), ((1, 1, -2, 1, 1),))


def test_a_run_from_the_roster(tmp_path):
    run_in_process(tmp_path, "org=roster", f"roster_file={EXAMPLE}", "n_steps=3")  # as the command line runs it
    units = pd.read_parquet(tmp_path / "units.parquet")
    assert set(units["unit"]) == set(load_roster(EXAMPLE).names)
    assert len(units) == 18 * 4
