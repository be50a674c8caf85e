"""Every teaching preset runs and writes its figures and a brief that speaks to the room, as the one command
a teacher types runs it (``python -m teaching``: in this process, jobs in a worker pool), and opens
in the app as a session: its first and last conditions as scenarios A and B, giving the brief's numbers."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.report import build_brief
from experiments.config import job_settings
from teaching import explore, presets
from teaching.presets import PRESETS

from .conftest import ROOT
from .sweeps import check_against_full_composition, plan_sweep, sweeper


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
    assert presets.run_preset(preset, where) == 0  # the command's own path, jobs in this process
    build_brief(where, svg=False)
    check_brief(where, preset)
    with sweeper(None, f"experiment=teaching/{preset}") as (instance, arguments):
        check_against_full_composition(instance, instance.plan(arguments))  # what a launcher would compose


def test_the_teaching_command_runs_a_preset_in_one_process_with_workers_and_writes_its_brief(tmp_path, capsys):
    where = tmp_path / "nurturing"
    assert presets.main(["nurturing", "--sweep-dir", str(where), "--workers", "2"]) == 0
    out = capsys.readouterr().out
    assert f"brief: {where / 'brief' / 'brief.html'}" in out
    check_brief(where, "nurturing")
    # the workers (a task per block of seeds, each sharing its warm-ups) give the bits of one process
    assert presets.run_preset("nurturing", tmp_path / "one") == 0
    for name in ("summary.csv", "model.parquet", "units.parquet"):
        read = pd.read_csv if name.endswith(".csv") else pd.read_parquet
        pd.testing.assert_frame_equal(read(where / "aggregate" / name), read(tmp_path / "one" / "aggregate" / name))
    assert not list((where / "brief" / "figures").glob("*.svg"))  # PNG only, unless --svg
    assert presets.main(["nurturing", "--sweep-dir", str(where), "--svg"]) == 0  # resumes: every job is done
    assert sorted(p.stem for p in (where / "brief" / "figures").glob("*.svg")) == ["forest", "quartiles"]
    assert presets.main(["no_such_preset"]) == 2


def test_all_presets_run_in_turn_in_one_command_sharing_its_workers(tmp_path, capsys):
    assert presets.main(["--all", "n_steps=12", "--sweep-dir", str(tmp_path), "--workers", "2"]) == 0
    out = capsys.readouterr().out
    for preset in PRESETS:
        name = yaml.safe_load(PRESETS[preset].read_text())["name"]
        assert f"brief: {tmp_path / name / 'brief' / 'brief.html'}" in out
        check_brief(tmp_path / name, preset)
    assert presets.main(["--all", "n_units=-1", "--sweep-dir", str(tmp_path / "refused")]) == 2
    assert "n_units=-1 is out of range" in capsys.readouterr().err and not (tmp_path / "refused").exists()


def test_planning_a_preset_loads_no_model_and_no_data_library_so_the_workers_can_load_them_meanwhile(tmp_path):
    """The teaching command plans its sweep while its workers' fork server imports the model: planning
    (and writing the plan) must import neither Mesa nor pandas, pyarrow or matplotlib, or the two would
    no longer overlap, and this process could not load the brief's plotting meanwhile (a fresh
    interpreter tells)."""
    code = (
        "import sys; from experiments.driver import sweeper\n"
        "from experiments.jobs import run_jobs; from experiments.sweep import finish\n"
        "with sweeper(sys.argv[1], 'experiment=teaching/who_is_on_the_team') as (sweeper, arguments):\n"
        "    assert len(sweeper.prepare(arguments)[1]) == 8\n"
        "heavy = ('mesa', 'simulation.organisation', 'pandas', 'pyarrow', 'matplotlib', 'scipy')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "sweep.json").is_file()


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_a_session_opens_the_presets_first_and_last_conditions_with_its_question_and_prompts(preset):
    config = yaml.safe_load(PRESETS[preset].read_text())
    session = presets.session(preset)
    assert session.question == config["question"] and session.teaching["prompts"] == config["teaching"]["prompts"]
    assert presets.session_title(preset) == config["teaching"]["title"]
    planned = plan_sweep(f"experiment=teaching/{preset}")
    first, last = (job_settings(resolved).params for _, resolved in (planned[0], planned[-1]))
    a, b = session.a.params(session.organisation), session.b.params(session.organisation)
    assert a.replace(policy=first.policy) == first and b.replace(policy=last.policy) == last
    assert a != b and "(A)" not in explore.scenario_labels(session.a, session.b)[0]
    assert (session.replications, session.n_steps) == (config["replicates"], 120)


def test_a_session_in_the_app_gives_the_numbers_of_its_brief(tmp_path):
    where = tmp_path / "matthew"
    assert presets.run_preset("matthew_effect", where) == 0
    sweep = pd.read_csv(where / "aggregate" / "summary.csv")
    session = presets.session("matthew_effect")
    result = explore.compare(
        session.a,
        session.b,
        session.organisation,
        replications=session.replications,
        n_steps=session.n_steps,
        master_seed=session.master_seed,
    )
    for policy, label in zip(("silos", "equal_share"), result.labels, strict=True):
        brief = sweep[sweep["policy"] == policy].sort_values("replicate")["final_improvement_delivered"]
        app = result.summary[result.summary["scenario"] == label].sort_values("replicate")
        assert list(app["final_improvement_delivered"]) == list(brief)
