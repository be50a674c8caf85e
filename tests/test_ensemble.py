"""The uncertainty ensemble (experiment=robustness): its worlds, its seeds, its sweep and its brief."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from analysis.report import build_brief
from experiments import samples
from experiments.config import MODEL_TYPES
from simulation import ModelParams, param_info

from .sweeps import plan_sweep, run_sweep

CONF = {"worlds": 30, "sampler": "lhs", "sampling_seed": 7, "central": True, "parameters": {}}
TINY = ["n_steps=24", "n_units=8", "warmup_months=6", "replicates=1", "block_size=1", "quiet=true"]


def test_every_assumption_is_sampled_over_its_plausible_range_and_world_0_is_the_defaults():
    names, _matrix = samples.world_design(CONF)
    info = {row.name: row for row in param_info()}
    assert set(names) == {n for n, r in info.items() if r.kind in ("assumption", "sourced") and r.plausible}
    assert not {"contest_exponent", "nurture_share", "n_units"} & set(names)  # levers and settings are not
    table = samples.worlds_table(CONF, MODEL_TYPES)
    defaults = ModelParams()
    assert table.iloc[0][list(names)].tolist() == pytest.approx([getattr(defaults, n) for n in names])
    for name in names:
        low, high = info[name].plausible
        assert table[name].between(low, high).all(), name
        if MODEL_TYPES[name] is float:
            assert table[name].nunique() == 30, name  # a Latin hypercube: every world its own value
    for world in range(len(table)):  # every sampled world is a valid organisation
        ModelParams().replace(**samples.world_values(world, CONF, MODEL_TYPES))
    assert table["flounder_months"].map(lambda v: float(v).is_integer()).all()


def test_the_design_is_seeded_and_the_sampler_matters():
    first = samples.world_design(CONF)[1]
    np.testing.assert_array_equal(first, samples.world_design(dict(CONF))[1])
    assert not np.array_equal(first, samples.world_design({**CONF, "sampling_seed": 8})[1])
    assert not np.array_equal(first[1:], samples.world_design({**CONF, "sampler": "sobol", "worlds": 32})[1][1:30])


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"worlds": 1}, "robustness.worlds=1"),
        ({"sampler": "random"}, "robustness.sampler='random'"),
        ({"parameters": {"no_such": [0, 1]}}, "robustness.parameters.no_such"),
        ({"parameters": {"quality_decay": [0.2, 0.1]}}, "low < high"),
    ],
)
def test_a_bad_design_is_refused_naming_the_field(change, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace("[", r"\[")):
        samples.world_design({**CONF, **change})


def test_every_policy_of_a_world_runs_on_the_same_seeds_and_worlds_differ():
    planned = plan_sweep("experiment=robustness", "robustness.worlds=3", *TINY)
    assert len(planned) == 3 * 5
    seeds = {}
    for job, resolved in planned:
        seeds.setdefault(resolved["world"], set()).add(job.seeds)
    assert all(len(s) == 1 for s in seeds.values())  # one set of seeds per world, whatever the policy
    assert len({next(iter(s)) for s in seeds.values()}) == 3


def test_a_bad_world_is_refused_before_anything_runs(tmp_path):
    with pytest.raises(ValueError, match=r"world=9 is not allowed: the design has worlds 0\.\.2"):
        plan_sweep("experiment=robustness", "robustness.worlds=3", "world=9", "policy=silos", *TINY)


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.images, self.in_h2 = [], 0, False

    def handle_starttag(self, tag, attrs):
        self.in_h2 = tag == "h2"
        self.images += tag == "img" and dict(attrs).get("src", "").startswith("data:image/png;base64,")

    def handle_data(self, data):
        if self.in_h2:
            self.headings.append(data)
            self.in_h2 = False


@pytest.fixture(scope="module")
def tiny_ensemble(tmp_path_factory):
    """20 worlds x 5 policies of a tiny organisation, and its brief."""
    where = tmp_path_factory.mktemp("ensemble") / "robustness"
    assert run_sweep(where, "experiment=robustness", "robustness.worlds=20", *TINY) == 0
    return where, build_brief(where)


def test_the_ensemble_brief_leads_with_what_holds_across_worlds(tiny_ensemble):
    tiny_ensemble, brief = tiny_ensemble
    page = Page()
    page.feed(brief.html.read_text())
    assert page.headings[:5] == [
        "The question",
        "What we can say: findings that hold across plausible worlds",
        "What depends on which assumption",
        "What is noise",
        "How to read these findings",
    ]
    assert "At the default assumptions (seed noise only)" in page.headings
    names = {path.stem for path in brief.figures}
    assert {"win_share", "regret", "importance"} <= names and page.images == len(brief.figures)
    # the figures agree with the text: a scenario map only where the screening found what a comparison
    # depends on, the ranked assumptions alone (and a sentence saying none passes) where it found nothing
    depends = "what that depends on most" in "\n".join(brief.findings)
    assert ("scenario_map" in names) == depends
    assert depends or any(s.startswith("No sampled assumption passes the screening") for s in brief.findings)
    worlds = pd.read_csv(tiny_ensemble / "aggregate" / "worlds.csv")
    assert len(worlds) == 20 and worlds["world"].tolist() == list(range(20))
    plan = json.loads((tiny_ensemble / "sweep.json").read_text())
    assert plan["robustness"]["worlds"] == 20  # the design is recorded with the sweep
    units = pd.read_parquet(tiny_ensemble / "aggregate" / "units.parquet", columns=["world", "step"])
    months = units.groupby("world")["step"].nunique()
    assert months.loc[0] > 1 and (months.drop(0) == 1).all()  # every month at the defaults, the last elsewhere


def test_every_ensemble_sentence_agrees_with_its_numbers(tiny_ensemble):
    tiny_ensemble, brief = tiny_ensemble
    paired = pd.read_csv(tiny_ensemble / "brief" / "across_worlds.csv")
    text = "\n".join(brief.findings)
    for row in paired.itertuples():
        policy = row.policy.replace("_", " ")
        if row.robust:
            share = row.share_better if row.direction == "better" else row.share_worse
            assert f"does {row.direction} than silos" in text and f"{100 * share:.0f} % of the 20 worlds" in text
        else:  # depends on an assumption, differs on average, or noise: each sentence gives its shares
            better = f"{100 * row.share_better:.0f} %"
            assert (
                f"{policy} better in {better} of worlds" in text
                or (
                    f"{policy.capitalize()} does better than silos on" in text
                    and f"in {better} of the {row.n_worlds} worlds" in text
                )
                or (f"{policy} differs from silos on average" in text and f"better in {better}, worse in" in text)
            ), row
    summary = pd.read_csv(tiny_ensemble / "aggregate" / "summary.csv")
    means = summary.groupby(["world", "policy"])["final_improvement_delivered"].mean().unstack()
    best = means.eq(means.max(axis=1), axis=0)
    share = best.div(best.sum(axis=1), axis=0).mean()  # a tie is shared between the policies in it
    headline = brief.findings[0]
    assert headline.startswith("Most improvement delivered, by policy:")
    for policy, value in share[share > 0].items():
        shown = re.search(rf"{policy.replace('_', ' ')} in (\d+) %", headline)
        assert shown is not None and abs(int(shown.group(1)) - 100 * value) <= 0.5 + 1e-9, (policy, value)


def test_an_interrupted_ensemble_resumes_to_the_same_results(tiny_ensemble, tmp_path):
    """Two jobs lose their results (as a killed sweep would leave them); the same command again reruns
    only those and ends with the same aggregate and worlds."""
    tiny_ensemble, _ = tiny_ensemble
    copy = tmp_path / "resumed"
    shutil.copytree(tiny_ensemble, copy)
    lost = sorted(p for p in copy.iterdir() if (p / "DONE.json").is_file())[:2]
    for folder in lost:
        (folder / "DONE.json").unlink()
        (folder / "summary.csv").write_text("half-written")
    untouched = sorted(p for p in copy.iterdir() if (p / "DONE.json").is_file())[0]
    stamp = (untouched / "DONE.json").stat().st_mtime_ns
    assert run_sweep(copy, "experiment=robustness", "robustness.worlds=20", *TINY) == 0
    assert (untouched / "DONE.json").stat().st_mtime_ns == stamp  # completed jobs were not rerun
    for name in ("summary.csv", "worlds.csv"):
        assert (copy / "aggregate" / name).read_bytes() == (tiny_ensemble / "aggregate" / name).read_bytes()
