"""Regression against the committed baseline (as Covasim does): seeded default runs, key by key."""

from __future__ import annotations

import json

import pytest

from tools.baseline import BASELINE
from verification import baseline


def test_model_matches_the_committed_baseline():
    old = json.loads(BASELINE.read_text())
    problems = baseline.compare(old, baseline.compute())
    if problems:
        shown = "\n".join(problems[:40])
        pytest.fail(
            f"{len(problems)} values differ from the baseline (old -> new, difference):\n{shown}\n"
            f"If the change of behaviour is intended, refresh it with: {baseline.REFRESH}"
        )


def test_compare_reports_old_new_and_difference():
    problems = baseline.compare({"a": 1.0, "b": float("nan"), "c": 2.0}, {"a": 1.5, "b": float("nan"), "d": 1.0})
    assert "a: 1.0 -> 1.5 (difference +0.5)" in problems
    assert "c: missing from the new run" in problems and "d: new output, not in the baseline" in problems
    assert not any(p.startswith("b:") for p in problems)
