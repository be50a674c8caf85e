"""Every teaching preset runs in one command and writes its figures and a brief that speaks to the room."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser

import pytest
import yaml

from experiments.teach import PRESETS

from .conftest import ROOT


def test_there_are_six_presets_each_with_question_change_look_for_and_two_prompts():
    assert len(PRESETS) >= 6
    for name, path in PRESETS.items():
        teaching = yaml.safe_load(path.read_text())["teaching"]
        for key in ("title", "pattern", "question", "change", "look_for"):
            assert teaching[key], (name, key)
        assert len(teaching["prompts"]) == 2, name


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.slow
@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_each_teaching_preset_writes_its_figures_and_brief(tmp_path, preset):
    where = tmp_path / preset
    done = subprocess.run(
        [sys.executable, "-m", "experiments.teach", preset, "--sweep-dir", str(where)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    teaching = yaml.safe_load(PRESETS[preset].read_text())["teaching"]
    figures = sorted(p.stem for p in (where / "brief" / "figures").glob("*.png"))
    assert figures == sorted(teaching["figures"])
    page = Text()
    page.feed((where / "brief" / "brief.html").read_text())
    text = " ".join(page.text)
    assert "For the session" in text and teaching["question"] in text
    assert all(prompt in text for prompt in teaching["prompts"])
