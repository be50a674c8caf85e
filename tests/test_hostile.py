"""Hostile configs: overrides and config files are data, never code; text from an experiment is escaped
in the brief. (A sweep name that would leave multirun/ is refused in tests/test_sweeper.py.)"""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys

import pandas as pd
import pytest
import yaml

from analysis.report import build_brief
from experiments.guard import refusal
from experiments.roster import RosterError, load_roster
from experiments.sweep import PlannedJob, SweepRefused, check_plan

from .conftest import ROOT
from .sweeps import plan_sweep, run_in_process, run_sweep


@pytest.mark.parametrize(
    "override",
    [
        "+hydra.callbacks.x._target_=os.getcwd",
        "hydra.callbacks={}",
        "+n_units._target_=builtins.print",
        "+x={_target_:os.system}",  # the code word in a value, not a key
        "hydra.searchpath=[file:///tmp]",
        "+hydra.searchpath=[pkg://os]",
        "question=${oc.env:HOME}",
    ],
)
def test_overrides_naming_code_or_other_config_or_the_environment_are_refused(override):
    """``python -m experiments.run`` and ``python -m teaching`` refuse these before Hydra starts."""
    assert refusal(["n_units=4", override]) is not None
    assert refusal(["n_units=4", "policy=silos", "-m", "question=Why?"]) is None


@pytest.mark.parametrize(
    "text",
    [
        "hydra:\n  callbacks:\n    x:\n      _target_: os.system\n",
        'hydra:\n  "callb\\x61cks":\n    x:\n      "_t\\x61rget_": builtins.open\n',  # escapes spell it
        "defaults:\n  - override hydra/callbacks: anything\n",
        "x: !!python/object/apply:os.system ['touch /tmp/x']\n",  # not plain data
        "hydra:\n  searchpath: [file:///tmp]\n",
    ],
    ids=["plain", "escaped", "defaults-list", "python-tag", "searchpath"],
)
def test_a_config_folder_naming_code_is_refused_once_parsed(tmp_path, text):
    extra = tmp_path / "configs"
    extra.mkdir()
    (extra / "evil.yaml").write_text(text)
    for argv in (["-cd", str(extra), "n_units=4"], [f"--config-dir={extra}"]):
        assert refusal(argv) is not None
    (extra / "evil.yaml").write_text("n_units: 4\n")  # a folder of data is fine
    assert refusal(["-cd", str(extra)]) is None


def test_the_rerun_flag_and_a_foreign_config_path_are_refused(tmp_path):
    assert "unpickles" in refusal(["--experimental-rerun", "x/.hydra/config.pickle"])
    assert "not allowed" in refusal(["-cp", str(tmp_path), "n_units=4"])
    assert "not allowed" in refusal([f"--config-path={tmp_path}"])
    assert refusal(["-cp", str(ROOT / "configs")]) is None  # the project's own


class _Touch:
    """Unpickled, it creates a file: what a crafted config.pickle could do."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


@pytest.mark.parametrize("case", ["rerun", "escaped-callback"])
def test_a_hostile_command_line_runs_nothing(tmp_path, case):
    """Through the real command line: exit status 2, and the file the code would create does not exist."""
    marker = tmp_path / "ran"
    if case == "rerun":
        (tmp_path / ".hydra").mkdir()
        (tmp_path / ".hydra" / "config.pickle").write_bytes(pickle.dumps(_Touch(str(marker))))
        argv = ["--experimental-rerun", str(tmp_path / ".hydra" / "config.pickle")]
    else:
        extra = tmp_path / "configs"
        (extra / "evil").mkdir(parents=True)
        (extra / "evil" / "bad.yaml").write_text(  # a config group of the extra folder, merged at the top
            "# @package _global_\n"
            f'hydra:\n  "callb\\x61cks":\n    x:\n      "_t\\x61rget_": builtins.open\n      file: {marker}\n'
            "      mode: w\n"
        )
        argv = ["-cd", str(extra), "+evil=bad", f"hydra.run.dir={tmp_path / 'run'}", "n_steps=1", "n_units=2"]
    done = subprocess.run([sys.executable, "-m", "experiments.run", *argv], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "error:" in done.stderr
    assert not marker.exists() and not (tmp_path / "run").exists()
    taught = subprocess.run(
        [sys.executable, "-m", "teaching", "no_support", "+hydra.callbacks.x._target_=os.getcwd"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert taught.returncode == 2 and "names code to run" in taught.stderr


def test_text_from_the_experiment_is_escaped_in_the_brief(tmp_path):
    where = tmp_path / "sweep"
    assert run_sweep(where, "policy=silos,equal_share", "replicate=range(0,2)", "n_steps=4", "n_units=4") == 0
    hostile = "<script>alert(1)</script>"
    config = yaml.safe_load((where / "multirun.yaml").read_text())
    config["name"] = hostile
    config["question"] = hostile
    (where / "multirun.yaml").write_text(yaml.safe_dump(config))
    summary = pd.read_csv(where / "aggregate" / "summary.csv")
    summary["policy"] = summary["policy"].replace("equal_share", '<img src=x onerror="alert(2)">')
    summary.to_csv(where / "aggregate" / "summary.csv", index=False)
    plan = json.loads((where / "sweep.json").read_text())
    plan["jobs"].append(
        {
            "folder": hostile,
            "overrides": [],
            "fingerprint": "x",
            "condition": {"policy": "silos"},
            "replicates": [9],
            "seeds": [1],
        }
    )
    (where / "sweep.json").write_text(json.dumps(plan))
    manifest = pd.read_csv(where / "manifest.csv", dtype=str)
    manifest.loc[len(manifest)] = {"folder": hostile, "status": "failed", "error": hostile}
    manifest.to_csv(where / "manifest.csv", index=False)
    text = build_brief(where, svg=False).html.read_text()
    assert "<script" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_a_sweep_never_writes_outside_its_folder_nor_over_an_unknown_sweep(tmp_path):
    """Job folders are the sweep's own (no ``hydra.sweep.subdir``; a folder escaping the sweep is refused),
    and a folder holding a manifest or an aggregate without the plan that made them is not written over."""
    assert "not allowed" in refusal(["-m", "policy=silos,equal_share", "hydra.sweep.subdir=/tmp/elsewhere"])
    job = PlannedJob("../escaped", ("policy=silos",), "f", {"policy": "silos"}, (0,), (1,))
    with pytest.raises(SweepRefused, match="not inside"):
        check_plan(tmp_path / "sweep", [job], rerun=False)
    unknown = tmp_path / "unknown"
    (unknown / "aggregate").mkdir(parents=True)
    (unknown / "manifest.csv").write_text("folder,status\n")
    job = PlannedJob("policy=silos", ("policy=silos",), "f", {"policy": "silos"}, (0,), (1,))
    with pytest.raises(SweepRefused, match=r"no sweep\.json"):
        check_plan(unknown, [job], rerun=False)
    assert not (unknown / "sweep.json").exists()
    check_plan(unknown, [job], rerun=True)  # asked to replace them, it may


def test_a_refused_run_leaves_nothing_and_a_folder_holding_files_is_not_touched(tmp_path):
    """Through the real command line: a bad value leaves no run folder behind; a run into a folder that
    holds anything is refused before Hydra writes its record there."""
    new = tmp_path / "new"
    done = subprocess.run(
        [sys.executable, "-m", "experiments.run", f"hydra.run.dir={new}", "n_units=-1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "n_units=-1" in done.stderr and not new.exists()
    held = tmp_path / "held"
    held.mkdir()
    (held / "notes.txt").write_text("mine")
    done = subprocess.run(
        [sys.executable, "-m", "experiments.run", f"hydra.run.dir={held}", "n_steps=1", "n_units=2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "already holds files" in done.stderr
    assert sorted(p.name for p in held.iterdir()) == ["notes.txt"]  # no .hydra, no log


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        (["n_steps=100000000000"], "n_steps=100000000000 is not allowed: must be a whole number >= 0 and <= 1,200"),
        (["seed=9223372036854775808"], "seed=9223372036854775808 is not allowed"),
        (["master_seed=18446744073709551616"], "master_seed=18446744073709551616 is not allowed"),
    ],
)
def test_sizes_and_seeds_are_bounded_before_anything_runs(tmp_path, overrides, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        run_in_process(tmp_path / "run", "n_units=2", *overrides)
    assert not (tmp_path / "run").exists()


def test_a_sweep_too_large_to_plan_is_refused_naming_its_size():
    with pytest.raises(ValueError, match=r"this sweep is 1,000,000 jobs \(5 x 200000\): at most 200,000"):
        plan_sweep("experiment=policy_comparison", "replicates=1000000", "block_size=5")


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("A,clinical,1_000,2,2,1,3", "'1_000' is not a whole number"),
        ("A,clinical,\u0665,2,2,1,3", "is not a whole number"),
        ("A,clinical,10000000,2,2,1,3", "headcount 10,000,000 is more than 5,000"),
    ],
)
def test_a_roster_headcount_is_ascii_digits_within_a_bound(tmp_path, row, words):
    path = tmp_path / "roster.csv"
    path.write_text("name,kind,nurses,doctors,ahps,managers,support\n" + row + "\n", encoding="utf-8")
    with pytest.raises(RosterError, match=re.escape(words)):
        load_roster(path)


def test_a_large_roster_is_refused_quickly_by_size_or_count(tmp_path):
    """100,000 rows (the duplicate-name check was quadratic) and a file over the size limit are refused
    at once, with the limit in the message."""
    import time

    header = "name,kind,nurses,doctors,ahps,managers,support\n"
    many = tmp_path / "many.csv"
    many.write_text(header + "".join(f"U{i},clinical,1,1,1,1,1\n" for i in range(100_000)))
    started = time.perf_counter()
    with pytest.raises(RosterError, match="at most"):
        load_roster(many)
    assert time.perf_counter() - started < 5
    big = tmp_path / "big.csv"
    big.write_text(header + "A,clinical,1,1,1,1,1," + "x" * 6_000_000 + "\n")
    with pytest.raises(RosterError, match="too large for a roster"):
        load_roster(big)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["n_units=abc"], "Value 'abc' of type 'str' could not be converted to Integer; full_key: n_units"),
        (["nuture_share=0.3"], "unknown key nuture_share: not a model parameter"),
        (["policy=nope"], "policy='nope' is not allowed: choose one of active_nurturing, cross_unit_learning"),
        (["experiment=robustness", "robustness.worlds=0"], "robustness.worlds=0 is not allowed"),
        (["experiment=robustness", "robustness.wrlds=3"], "did you mean 'robustness.worlds'?"),
        (["experiment=robustness", "replicates=0"], "replicates=0 is not allowed: must be a whole number >= 1"),
        (["experiment=sensitivity", "sensitivity.trajectories=0"], "sensitivity.trajectories=0 is not allowed"),
        (["-m", "policy=silos", "workers=0"], "workers=0 is not allowed: must be a whole number >= 1 and <= 256"),
        (["policy=null"], "policy='null' is not allowed: choose one of"),
    ],
)
def test_an_input_error_hydra_meets_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, argv, words):
    """What Hydra meets while composing (a wrong type, an unknown key or option, a bound a resolver
    checks) is reported as the command's own one-line error, not as Hydra's traceback, and nothing is
    written."""
    from experiments.guard import run_guarded
    from experiments.run import main

    argv = [*argv, f"hydra.run.dir={tmp_path / 'run'}", f"hydra.sweep.dir={tmp_path / 'sweep'}"]
    monkeypatch.setattr(sys, "argv", ["experiments.run", *argv])
    monkeypatch.delenv("HYDRA_FULL_ERROR", raising=False)
    with pytest.raises(SystemExit) as stopped:
        run_guarded(main, argv)
    said = capsys.readouterr().err
    assert stopped.value.code == 2, said
    assert said.startswith("error: ") and said.count("\n") == 1 and "Traceback" not in said, said
    assert words in said, said
    assert not (tmp_path / "run").exists() and not (tmp_path / "sweep").exists()
