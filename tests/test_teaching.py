"""Every teaching preset runs and writes its figures and a brief that speaks to the room (in this
process, tests/sweeps.py), and the one command a teacher types works (``python -m experiments.teach``)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from analysis.report import build_brief
from experiments import teach
from experiments.teach import PRESETS

from .sweeps import run_sweep


def test_there_are_six_presets_each_with_question_change_look_for_and_two_prompts():
    assert len(PRESETS) >= 6
    for name, path in PRESETS.items():
        preset = yaml.safe_load(path.read_text())
        assert preset["question"].endswith("?"), name
        for key in ("title", "pattern", "change", "look_for"):
            assert preset["teaching"][key], (name, key)
        assert len(preset["teaching"]["prompts"]) == 2, name


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data):
        self.text.append(data)


def check_brief(where: Path, preset: str) -> None:
    """The brief has exactly the preset's figures, its question and its prompts."""
    config = yaml.safe_load(PRESETS[preset].read_text())
    figures = sorted(p.stem for p in (where / "brief" / "figures").glob("*.png"))
    assert figures == sorted(config["teaching"]["figures"])
    page = Text()
    page.feed((where / "brief" / "brief.html").read_text())
    text = " ".join(page.text)
    assert "For the session" in text and config["question"] in text
    assert all(prompt in text for prompt in config["teaching"]["prompts"])


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_each_teaching_preset_writes_its_figures_and_brief(tmp_path, preset):
    where = tmp_path / preset
    assert run_sweep(where, f"experiment=teaching/{preset}", "quiet=true", compare=True) == 0
    build_brief(where, svg=False)
    check_brief(where, preset)


@pytest.mark.slow
def test_the_teaching_command_runs_a_preset_and_writes_its_brief(tmp_path, capsys):
    where = tmp_path / "matthew_effect"
    assert teach.main(["matthew_effect", "--sweep-dir", str(where)]) == 0  # the sweep runs in a real process
    assert f"brief: {where / 'brief' / 'brief.html'}" in capsys.readouterr().out
    check_brief(where, "matthew_effect")
