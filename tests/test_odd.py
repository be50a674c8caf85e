"""The ODD describes the model as built: its process names are the schedule and the method names."""

from __future__ import annotations

import re

from simulation import OrganisationModel
from simulation.organisation import SCHEDULE

from .conftest import ROOT

ODD = (ROOT / "docs" / "ODD.md").read_text()
TITLES = [
    "Purpose and patterns",
    "Entities, state variables, and scales",
    "Process overview and scheduling",
    "Design concepts",
    "Initialization",
    "Input data",
    "Submodels",
]


def section(number: int) -> str:
    start = ODD.index(f"## {number}. ")
    end = ODD.index("\n## ", start + 4)
    return ODD[start:end]


def test_the_seven_odd_elements_have_their_titles_in_order():
    found = re.findall(r"^## (\d)\. (.+)$", ODD, flags=re.MULTILINE)
    assert found == [(str(i), title) for i, title in enumerate(TITLES, start=1)]


def test_element_3_lists_the_schedule_in_order():
    listed = re.findall(r"^\d+\. `(\w+)`", section(3), flags=re.MULTILINE)
    assert tuple(listed) == SCHEDULE


def test_element_7_headings_are_the_schedule():
    headings = re.findall(r"^### `(\w+)`$", section(7), flags=re.MULTILINE)
    assert tuple(headings) == SCHEDULE


def test_step_runs_the_schedule_in_order(monkeypatch):
    model = OrganisationModel(rng=1, n_units=4)
    calls = []
    for name in SCHEDULE:
        method = getattr(model, name)
        monkeypatch.setattr(model, name, lambda m=method, n=name: (calls.append(n), m())[1])
    model.step()
    assert tuple(calls) == SCHEDULE
