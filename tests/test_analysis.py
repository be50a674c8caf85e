"""Statistics against hand computations, figures that render cleanly, and the brief as a page."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from analysis import plots, report, stats
from analysis import wording as W
from analysis.design import Design
from analysis.load import load_experiment
from analysis.outcomes import BRIEF, OVER_TIME, outcome
from analysis.report import build_brief
from analysis.sections import within_comparisons
from analysis.summary import summarise
from experiments import aggregate

from .figure_checks import assert_readable
from .sweeps import run_in_process, run_sweep


def test_mean_ci_matches_the_hand_computation():
    mean, low, high, n = stats.mean_ci([1, 2, 3, 4, 5])
    half = 2.7764451051977987 * np.sqrt(2.5) / np.sqrt(5)  # t(0.975, 4) x sd / sqrt(n)
    assert (mean, n) == (3.0, 5)
    assert low == pytest.approx(3 - half) and high == pytest.approx(3 + half)
    assert np.isnan(stats.mean_ci([2.0])[1]) and stats.mean_ci([])[3] == 0


def test_describe_groups_by_condition():
    summary = pd.DataFrame({"policy": ["a", "a", "b", "b"], "final_mean_capability": [0.2, 0.4, 0.5, 0.5]})
    out = stats.describe(summary, ["policy"], ["final_mean_capability"]).set_index("policy")
    assert out.loc["a", "mean"] == pytest.approx(0.3) and out.loc["a", "n"] == 2
    assert out.loc["b", "ci_low"] == pytest.approx(0.5) and out.loc["b", "ci_high"] == pytest.approx(0.5)


def paired_frame() -> pd.DataFrame:
    reference = [10.0, 12.0, 9.0, 11.0, 13.0, 10.0]
    other = [12.0, 15.0, 9.5, 13.0, 14.0, 12.5]
    return pd.DataFrame(
        {
            "policy": ["silos"] * 6 + ["equal_share"] * 6,
            "replicate": list(range(6)) * 2,
            "final_cumulative_succeeded": reference + other,
        }
    )


def test_paired_difference_matches_scipy_paired_t_test():
    frame = paired_frame()
    out = stats.paired_differences(frame, "policy", "silos", ["final_cumulative_succeeded"]).iloc[0]
    a = frame[frame.policy == "equal_share"].final_cumulative_succeeded.to_numpy()
    b = frame[frame.policy == "silos"].final_cumulative_succeeded.to_numpy()
    reference = scipy_stats.ttest_rel(a, b).confidence_interval(0.95)
    assert out["mean_difference"] == pytest.approx(np.mean(a - b))
    assert out["ci_low"] == pytest.approx(reference.low) and out["ci_high"] == pytest.approx(reference.high)
    assert out["effect_size"] == pytest.approx(np.mean(a - b) / np.std(a - b, ddof=1))
    assert out["n_pairs"] == 6 and out["distinguishable"]


def test_pairs_are_matched_on_replicate_not_on_row_order():
    frame = paired_frame()
    shuffled = pd.concat([frame[frame.policy == "silos"], frame[frame.policy != "silos"].iloc[::-1]])
    a = stats.paired_differences(frame, "policy", "silos", ["final_cumulative_succeeded"])
    b = stats.paired_differences(shuffled, "policy", "silos", ["final_cumulative_succeeded"])
    pd.testing.assert_frame_equal(a, b)


def test_identical_conditions_are_not_distinguishable():
    frame = paired_frame()
    frame.loc[frame.policy == "equal_share", "final_cumulative_succeeded"] = frame.loc[
        frame.policy == "silos", "final_cumulative_succeeded"
    ].to_numpy()
    out = stats.paired_differences(frame, "policy", "silos", ["final_cumulative_succeeded"]).iloc[0]
    assert out["mean_difference"] == 0 and not out["distinguishable"] and out["effect_size"] == 0


def test_over_time_and_lorenz():
    model = pd.DataFrame({"policy": "a", "replicate": [0, 0, 1, 1], "step": [0, 1, 0, 1], "x": [1.0, 2.0, 3.0, 4.0]})
    out = stats.over_time(model, ["policy"], ["x"]).set_index("step")
    assert out.loc[1, "mean"] == pytest.approx(3.0) and out.loc[1, "ci_high"] > 3.0
    units = pd.DataFrame({"policy": "a", "replicate": 0, "capability": [0.5] * 8})
    curve = stats.lorenz(units, "policy")
    np.testing.assert_allclose(curve["share_of_capability"], curve["share_of_units"], atol=1e-12)


def synthetic_frames():
    rng = np.random.default_rng(0)
    policies = ["silos", "equal_share"]
    units = pd.DataFrame(
        [
            {
                "policy": p,
                "replicate": r,
                "step": s,
                "unit": f"U{u}",
                "initial_quartile": 1 + u % 4,
                "capability": rng.random(),
                **{
                    c: rng.random()
                    for c in ["environment", "rollercoaster", "problem", "message", "learning", "context", "technical"]
                },
            }
            for p in policies
            for r in range(2)
            for s in range(3)
            for u in range(8)
        ]
    )
    timeline = pd.DataFrame(
        [
            {"policy": p, "step": s, "outcome": "x", "mean": 0.5, "ci_low": 0.4, "ci_high": 0.6}
            for p in policies
            for s in range(3)
        ]
    )
    return units, timeline


def visible(figure) -> list:
    """The figure's panels (colour bars and hidden grid cells left out)."""
    return [ax for ax in figure.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]


def legend(ax) -> list[str]:
    return [text.get_text() for text in ax.get_legend().get_texts()]


def test_each_figure_draws_its_panels_series_titles_and_axes(tmp_path):
    units, timeline = synthetic_frames()
    labels = {"x": "an outcome"}
    order = ["equal_share", "silos"]  # the order a brief reads from the sweep: colours and legends follow it

    figure = plots.over_time(timeline, "policy", {"x": ("an outcome", "unit")}, "title", order)
    (ax,) = visible(figure)
    assert figure.get_suptitle() == "title" and ax.get_title() == "an outcome"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("month", "unit")
    assert len(ax.get_lines()) == 2 and len(ax.collections) == 2  # a line and a 95 % band per policy
    assert legend(ax) == ["equal share", "silos"]
    assert ax.get_lines()[0].get_color() != ax.get_lines()[1].get_color()

    figure = plots.lorenz(stats.lorenz(units[units.step == 2], "policy"), "policy", "lorenz", order)
    (ax,) = visible(figure)
    assert len(ax.get_lines()) == 3 and legend(ax) == ["perfect equality", "equal share", "silos"]
    assert ax.get_title() == "lorenz" and ax.get_xlabel() == "share of units, weakest first"

    figure = plots.quartiles(stats.quartile_trajectories(units, "policy"), "policy", "who", order)
    axes = visible(figure)
    assert [a.get_title() for a in axes] == ["equal share", "silos"] and figure.get_suptitle() == "who"
    assert all(len(a.get_lines()) == 4 for a in axes)  # one line per initial quartile
    assert legend(axes[0])[0] == "weakest quarter at the start"

    run = units[(units.policy == "silos") & (units.replicate == 0)]
    figure = plots.skills_audit(
        stats.skills_matrix(run, 0, ["environment", "technical"]),
        stats.skills_matrix(run, 2, ["environment", "technical"]),
        "t",
    )
    axes = visible(figure)
    assert [a.get_title() for a in axes] == ["at the start", "at the end"]
    assert all(a.get_images()[0].get_array().shape == (8, 2) for a in axes)  # units x capabilities
    assert [t.get_text() for t in axes[0].get_xticklabels()] == ["environment", "technical"]

    differences = pd.DataFrame(
        {
            "policy": ["equal_share", "cross_unit_learning"],
            "reference": ["silos", "silos"],
            "outcome": ["x", "x"],
            "mean_difference": [0.1, -0.1],
            "ci_low": [0.0, -0.3],
            "ci_high": [0.2, 0.1],
        }
    )
    figure = plots.forest(differences, "policy", labels, "t", ["silos", "equal_share", "cross_unit_learning"])
    (ax,) = visible(figure)
    assert len(ax.containers) == 2 and ax.get_title() == "an outcome"  # an estimate with its CI per level
    assert [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()] == ["equal share", "cross unit learning"]
    assert ax.get_xlabel() == "difference from silos"

    cells = pd.DataFrame({"a": [1, 1, 2, 2], "b": ["p", "q", "p", "q"], "mean": [1, 2, 3, 4.0]})
    figure = plots.two_way(cells, "a", "b", "unit", "t")
    (ax,) = visible(figure)
    assert ax.get_images()[0].get_array().tolist() == [[1, 2], [3, 4]] and len(ax.texts) == 4
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("b", "a", "t")

    doses = pd.DataFrame(
        {
            "d": [0.0, 0.5, 1.0],
            "outcome": "x",
            "mean": [1, 2, 3.0],
            "ci_low": [0.5, 1.5, 2.5],
            "ci_high": [1.5, 2.5, 3.5],
        }
    )
    figure = plots.dose_response(doses, "d", {"x": ("an outcome", "unit")}, "dose")
    (ax,) = visible(figure)
    assert ax.get_lines()[0].get_xydata().tolist() == [[0.0, 1.0], [0.5, 2.0], [1.0, 3.0]]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("d", "unit", "an outcome")

    screening = pd.DataFrame({"output": "x", "parameter": ["p", "q"], "mu_star": [1.0, 0.2], "sigma": [0.5, 0.1]})
    figure = plots.morris(screening, labels, "t")
    (ax,) = visible(figure)
    assert len(ax.collections) == 2 and ax.get_title() == "an outcome"  # a point per parameter
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["p", "q"]


def test_the_brief_figures_have_no_clipped_titles_or_overlapping_tick_labels():
    """With the brief's real outcome labels and all five policies: titles inside the canvas, ticks apart."""
    policies = ["silos", "equal_share", "cross_unit_learning", "active_nurturing", "nurture_and_learn"]
    rows = [
        {"policy": p, "reference": "silos", "outcome": o, "mean_difference": 0.1 * i, "ci_low": -1.0, "ci_high": 1.2}
        for i, p in enumerate(policies[1:])
        for o in BRIEF
    ]
    labels = {o: outcome(o).label for o in BRIEF}
    assert_readable(plots.forest(pd.DataFrame(rows), "policy", labels, "Paired differences (95 % CI)"), None)
    steps = np.arange(121)
    timeline = pd.DataFrame(
        [
            {"policy": p, "outcome": o, "step": t, "mean": t * 0.01, "ci_low": 0.0, "ci_high": t * 0.02}
            for p in policies
            for o in OVER_TIME
            for t in steps
        ]
    )
    panels = {o: (outcome(o).short, outcome(o).unit) for o in OVER_TIME}
    figure = plots.over_time(timeline, "policy", panels, "How the organisation changed, month by month")
    assert_readable(figure, None)
    assert {ax.get_xlabel() for ax in visible(figure)} == {"month"}


def test_figures_save_without_warnings_to_png_and_svg(tmp_path):
    units, timeline = synthetic_frames()
    figures = {
        "over_time": plots.over_time(timeline, "policy", {"x": ("an outcome", "unit")}, "t"),
        "quartiles": plots.quartiles(stats.quartile_trajectories(units, "policy"), "policy", "t"),
    }
    for name, figure in figures.items():
        png, svg = plots.save(figure, tmp_path, name)
        assert png.read_bytes().startswith(b"\x89PNG") and svg.read_text().startswith("<?xml")
    assert plots.save(figures["quartiles"], tmp_path / "png_only", "q", svg=False) == [tmp_path / "png_only" / "q.png"]


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.images, self.tables, self.external, self._in_h2 = [], [], 0, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_h2 = tag == "h2"
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if tag == "table":
            self.tables += 1
        if tag in ("script", "link") or (tag == "img" and not attrs.get("src", "").startswith("data:")):
            self.external.append(tag)

    def handle_data(self, data):
        if self._in_h2:
            self.headings.append(data)
            self._in_h2 = False


@pytest.fixture(scope="module")
def comparison(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("brief") / "comparison"
    overrides = ["experiment=policy_comparison", "replicates=3", "n_steps=12", "n_units=6", "quiet=true"]
    assert run_sweep(where, *overrides) == 0  # every job completed: the briefs below are of a whole sweep
    return where


def test_brief_is_a_self_contained_page_with_every_section_and_figure(comparison, capsys):
    assert report.main([str(comparison)]) == 0  # python -m analysis.report <folder>
    assert f"brief: {comparison / 'brief' / 'brief.html'}" in capsys.readouterr().out
    page = Page()
    page.feed((comparison / "brief" / "brief.html").read_text())
    assert page.headings == [
        "The question",
        "Set-up",
        "Key findings",
        "Figures",
        "Table: mean [95 % CI] across replications",
        "Reproduce",
    ]
    pngs = sorted((comparison / "brief" / "figures").glob("*.png"))
    assert len(page.images) == len(pngs) >= 5 and all(src.startswith("data:image/png;base64,") for src in page.images)
    assert not list((comparison / "brief" / "figures").glob("*.svg"))  # SVG only when asked (--svg)
    assert page.tables == 1 and page.external == []
    text = (comparison / "brief" / "brief.html").read_text()
    reproduce = text[text.index("<pre>") : text.index("</pre>")]
    assert "python -m experiments.run" in reproduce and "experiment=policy_comparison" in reproduce
    assert f"hydra.sweep.dir={comparison}" in reproduce
    markdown = (comparison / "brief" / "brief.md").read_text()
    assert "## Key findings" in markdown and "figures/forest.png" in markdown


def test_brief_findings_follow_the_numbers(comparison):
    """The headline is improvement delivered, then spread; units without success against the null."""
    brief = build_brief(comparison, comparison / "brief_again", svg=False)
    summary = pd.read_csv(comparison / "aggregate" / "summary.csv")
    means = summary.groupby("policy").mean(numeric_only=True)
    most = means["final_improvement_delivered"].idxmax().replace("_", " ")
    assert brief.findings[0].startswith("Each interval below is a 95 % confidence interval")  # said once, first
    assert "not adjusted" in brief.findings[0]
    assert brief.findings[1].startswith(f"Most improvement delivered (quality gained since month 0): {most} (")
    for policy, row in means.iterrows():
        sentence = next(s for s in brief.findings if s.startswith(f"Under {policy.replace('_', ' ')}, "))
        assert f"{100 * row['final_share_no_success']:.0f} % of units had no successful project" in sentence
        assert f"random, {100 * row['final_share_no_success_null']:.0f} % would have had none" in sentence


def test_a_difference_between_values_of_a_setting_names_the_setting():
    frame = paired_frame().rename(columns={"policy": "attention_budget"})
    frame["attention_budget"] = frame["attention_budget"].map({"silos": 0.05, "equal_share": 0.3})
    row = stats.paired_differences(frame, "attention_budget", 0.05, ["final_cumulative_succeeded"]).iloc[0]
    text = W.difference_sentence(row, "attention_budget", named=True)
    assert "successfully, attention budget 0.3 against 0.05: +" in text
    assert text.endswith("better under attention budget 0.3, beyond the noise between replications.")


def two_way_summary(levels_b=(False, True), seeds=6) -> pd.DataFrame:
    """A 2 x k sweep where seeds differ a lot and settings little: coverage adds exactly 0.5 under every
    seed when b is False (a paired effect that unpaired intervals hide), nothing when b is True."""
    rng = np.random.default_rng(3)
    seed_level = rng.normal(3.0, 1.5, seeds)
    rows = []
    for a in ("random", "coverage"):
        for b in levels_b:
            for r in range(seeds):
                gain = 0.5 if (a == "coverage" and b is False) else 0.0
                rows.append(
                    {
                        "a_rule": a,
                        "b_flag": b,
                        "replicate": r,
                        "final_improvement_delivered": seed_level[r] + gain + rng.normal(0, 0.01),
                        "final_share_no_success": 0.4 + rng.normal(0, 0.05),
                    }
                )
    return pd.DataFrame(rows)


def test_a_two_way_sweep_is_compared_pair_by_pair_within_each_level_of_the_other_setting():
    summary = two_way_summary()
    outcomes = ["final_improvement_delivered"]
    paired = stats.paired_differences(summary, "a_rule", "random", outcomes, ["b_flag"])
    [sentence] = W.within_findings(paired, "a_rule", ["b_flag"], outcomes)
    assert sentence.startswith("Improvement delivered (quality gained since month 0), a rule coverage against random")
    assert (
        "random, pair by pair on the same seeds at each value of b flag: with b flag no, +0.50 (95 % CI +0.4"
        in sentence
    )
    assert "): better, beyond the noise; with b flag yes, " in sentence
    assert sentence.endswith(": not distinguishable from noise.")
    described = stats.describe(
        summary.assign(c=summary["a_rule"] + " / " + summary["b_flag"].astype(str)), ["c"], outcomes
    )
    assert "the two intervals overlap" in W.ranking_findings(described, "c", outcomes)[0]  # unpaired, it is hidden
    # a wider grid is counted rather than listed
    wide = two_way_summary(levels_b=(False, True, "x", "y"))
    paired = stats.paired_differences(wide, "a_rule", "random", outcomes, ["b_flag"])
    [sentence] = W.within_findings(paired, "a_rule", ["b_flag"], outcomes)
    assert "better beyond the noise in 1 of 4 combinations, worse in 0" in sentence
    assert sentence.endswith("with b flag no.") and "the largest difference is +0.50" in sentence


def _two_way(summary: pd.DataFrame, factor: str, reference, settings: list[str]) -> Design:
    levels = {c: list(dict.fromkeys(summary[c])) for c in settings}
    return Design("two_way", factor, reference, tuple(c for c in settings if c != factor), tuple(settings), levels)


def test_the_brief_of_a_two_way_sweep_reports_both_settings_pair_by_pair(tmp_path):
    summary = two_way_summary()
    comparisons = within_comparisons(summary, _two_way(summary, "b_flag", False, ["a_rule", "b_flag"]))
    assert [(name, others) for _, name, others in comparisons] == [("a_rule", ["b_flag"]), ("b_flag", ["a_rule"])]
    policies = two_way_summary().rename(columns={"a_rule": "policy"})  # a swept policy comes first, silos the reference
    design = _two_way(policies, "policy", "random", ["b_flag", "policy"])
    assert next(name for _, name, _ in within_comparisons(policies, design)) == "policy"
    wide = two_way_summary(levels_b=(False, True, "x", "y", "z"))  # 4 levels x 2 outcomes: too many sentences
    design = _two_way(wide, "a_rule", "random", ["a_rule", "b_flag"])
    assert [name for _, name, _ in within_comparisons(wide, design)] == ["a_rule"]


def test_brief_of_a_partial_sweep_says_what_is_missing(comparison, tmp_path):
    partial = tmp_path / "partial"
    shutil.copytree(comparison, partial)
    lost = sorted(p for p in partial.iterdir() if (p / "DONE.json").is_file())[0]
    (lost / "DONE.json").unlink()
    assert aggregate.main([str(partial)]) == 1  # python -m experiments.aggregate: a job has no result
    brief = build_brief(partial, svg=False)
    text = brief.html.read_text()
    assert "What is missing" in text and lost.name in text
    assert "1 of 5 jobs have no result" in text  # five policies, three replicates each in one block


def test_brief_of_a_sweep_with_no_results_does_not_crash(tmp_path):
    where = tmp_path / "nothing"
    (where / "aggregate").mkdir(parents=True)
    jobs = [
        {
            "folder": "policy=silos,replicate=0",
            "overrides": ["policy=silos"],
            "fingerprint": "x",
            "condition": {"policy": "silos"},
            "replicate": 0,
            "seed": 1,
        }
    ]
    (where / "sweep.json").write_text(json.dumps({"jobs": jobs}))
    brief = build_brief(where)
    assert "nothing to report" in brief.html.read_text() and "What is missing" in brief.html.read_text()


def test_a_run_is_summarised_one_way_whatever_its_outputs():
    model = pd.DataFrame(
        {
            "run_id": "r",
            "seed": 7,
            "policy": "silos",
            "step": [0, 1, 2],
            "improvement_delivered": [0.0, 2.0, 4.0],  # any numeric output, whatever the model calls it
            "share_no_success": [1.0, 0.5, 0.25],
            "label": ["a", "b", "c"],  # not a number: not summarised
        }
    )
    row = summarise(model).iloc[0]
    assert (row["run_id"], row["seed"], row["policy"], row["months"]) == ("r", 7, "silos", 2)
    assert row["final_improvement_delivered"] == 4.0 and row["mean_improvement_delivered"] == 3.0  # months 1..n
    assert row["final_share_no_success"] == 0.25 and not any("label" in c or "step" in c for c in row.index)


def test_a_single_runs_summary_is_a_sweep_jobs_summary(tmp_path):
    run_in_process(tmp_path / "run", "n_units=5", "n_steps=6", "seed=11")
    assert run_sweep(tmp_path / "sweep", "seed=11,12", "n_units=5", "n_steps=6", "quiet=true") == 0
    single = load_experiment(tmp_path / "run").summary
    swept = pd.read_csv(tmp_path / "sweep" / "aggregate" / "summary.csv").query("seed == 11")
    outcomes = [c for c in swept.columns if c.startswith(("final_", "mean_"))]
    assert len(outcomes) > 40 and set(outcomes) == {c for c in single.columns if c.startswith(("final_", "mean_"))}
    np.testing.assert_allclose(single[outcomes].to_numpy(float), swept[outcomes].to_numpy(float), rtol=1e-12)
