"""Hostile configs: overrides and config files are data, never code; text from an experiment is escaped
in the brief. (A sweep name that would leave multirun/ is refused in tests/test_sweeper.py.)"""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from analysis.report import build_brief
from experiments.run import refuse_code_in_config

from .sweeps import run_sweep


@pytest.mark.parametrize(
    "override", ["+hydra.callbacks.x._target_=os.getcwd", "hydra.callbacks={}", "+n_units._target_=builtins.print"]
)
def test_overrides_naming_code_are_refused_before_hydra_starts(override):
    """``python -m experiments.run`` refuses these before Hydra starts (tests/test_cli.py runs one)."""
    assert "names code to run" in refuse_code_in_config(["n_units=4", override])


def test_an_extra_config_dir_naming_code_is_refused(tmp_path):
    extra = tmp_path / "configs"
    (extra / "hydra").mkdir(parents=True)
    (extra / "evil.yaml").write_text("hydra:\n  callbacks:\n    x:\n      _target_: os.system\n")
    assert "names code to run" in refuse_code_in_config(["-cd", str(extra), "n_units=4"])
    assert refuse_code_in_config(["n_units=4", "policy=silos"]) is None


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
