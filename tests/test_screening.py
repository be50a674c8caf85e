"""Screening, then discovery (``analysis.screening``) on synthetic ensembles: planted drivers are found
among 85 inputs and pure noise is not; PRIM recovers a planted box and its bootstrap says so; the map
draws the box; the sentences give the numbers behind them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import robustness_plots, screening
from analysis import wording as W

from .figure_checks import assert_readable

N_WORLDS, N_INPUTS = 200, 85
NAMES = [f"a{i}" for i in range(N_INPUTS)]
LABELS = {"a3": ("the attention budget", "support units per unit"), "a7": ("the support half-saturation", "")}


def worlds(seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(rng.random((N_WORLDS, N_INPUTS)), columns=NAMES)
    table.insert(0, "world", np.arange(100, 100 + N_WORLDS))  # world ids need not be 0..n-1
    return table


def planted(table: pd.DataFrame, seed: int = 2, noise: float = 0.8) -> pd.Series:
    """A paired difference that is low where a3 < 0.3 and a7 > 0.4 (an interaction), plus seed noise."""
    rng = np.random.default_rng(seed)
    inside = (table["a3"] < 0.3) & (table["a7"] > 0.4)
    return pd.Series(np.where(inside, -2.0, 0.5) + rng.normal(0, noise, len(table)), index=table["world"])


def test_the_screening_finds_a_planted_driver_and_discovery_its_partner_and_box():
    table, difference = worlds(), None
    difference = planted(table)
    ranking = screening.rank_inputs(table, difference, NAMES)
    assert ranking["input"].iloc[0] == "a3" and ranking.loc[0, "matters"] and ranking.loc[0, "p_holm"] < 0.05
    top = screening.screened(ranking)
    assert top[0] == "a3" and "a7" in top and len(top) == 3  # the partner ranks near the top, unflagged
    data = table.set_index("world").loc[difference.index, top].reset_index(drop=True)
    box = screening.prim(data, -difference.to_numpy(), top)  # where the difference is lowest
    assert set(box.restricted) == {"a3", "a7"}
    assert box.bounds["a3"][1] == pytest.approx(0.3, abs=0.05) and box.bounds["a7"][0] == pytest.approx(0.4, abs=0.1)
    truth = ((table["a3"] < 0.3) & (table["a7"] > 0.4)).mean()
    assert box.coverage == pytest.approx(truth, abs=0.05) and box.mean_inside > box.mean_outside
    frequencies = screening.bootstrap_prim(data, -difference.to_numpy(), top, repeats=30)
    assert frequencies["a3"] >= 0.6 and frequencies["a7"] >= 0.3 and frequencies[top[2]] <= 0.3


def test_pure_noise_passes_the_screening_rarely():
    """Ten pure-noise differences over the same 85 inputs: each of the two tests holds the family-wise
    error rate at 5 %, so some input is flagged in about one ensemble in ten at most (binomial: two or
    fewer of ten in nine cases out of ten). A planted monotone effect of the same size as the noise's
    spread is found every time."""
    table = worlds()
    rng = np.random.default_rng(7)
    flagged = found = 0
    for seed in range(10):
        noise = pd.Series(rng.normal(0, 1, N_WORLDS), index=table["world"])
        flagged += screening.rank_inputs(table, noise, NAMES, seed=seed)["matters"].any()
        effect = noise + 1.5 * table["a12"].to_numpy()
        ranking = screening.rank_inputs(table, effect, NAMES, seed=seed)
        found += ranking["input"].iloc[0] == "a12" and bool(ranking.loc[0, "matters"])
    assert flagged <= 2 and found == 10
    assert screening.screened(screening.rank_inputs(table, noise * 0, NAMES)) == []  # no variation, no screening


def test_prim_keeps_its_box_between_the_smallest_and_largest_share_of_worlds():
    table = worlds()
    target = -table["a5"].to_numpy()  # highest where a5 is lowest: every peel pays
    box = screening.prim(table, target, ["a5", "a9"], min_support=0.2, max_support=0.4)
    assert 0.2 <= box.coverage <= 0.4 and box.restricted == ("a5",)
    inside = screening.prim_inside(table, {"a5": box.bounds["a5"]})
    assert inside.sum() == box.n_inside


def test_the_map_draws_one_point_per_world_and_the_box_s_edges():
    table = worlds()
    difference = planted(table, noise=0.0)
    box = screening.prim(
        table.set_index("world").loc[difference.index].reset_index(drop=True), -difference.to_numpy(), ["a3", "a7"]
    )
    lines = screening.box_lines(box, "a3", "a7")
    assert sorted(lines["axis"]) == ["x", "y"] and not lines["partial"].any()  # a3's upper edge, a7's lower
    points = table[["world", "a3", "a7"]].assign(
        winner=np.where(difference.to_numpy() < 0, "silos", "cross unit learning")
    )
    figure = robustness_plots.scenario_map(points, "a3", "a7", lines, LABELS, "Where cross-unit learning beats silos")
    (ax,) = figure.axes
    assert (
        ax.get_xlabel() == "attention budget (support units per unit)" and ax.get_ylabel() == "support half-saturation"
    )
    assert sum(len(c.get_offsets()) for c in ax.collections) == N_WORLDS and len(ax.lines) == 2
    assert_readable(figure)


def test_the_ranked_chart_fills_what_passes_and_leaves_the_rest_hollow():
    table = worlds()
    ranking = screening.rank_inputs(table, planted(table), NAMES)
    figure = robustness_plots.importance_chart(ranking, LABELS, "What it depends on")
    (ax,) = figure.axes
    bars = ax.patches
    assert len(bars) == 10 and ax.get_yticklabels()[-1].get_text() == "attention budget"  # most important on top
    filled = [bar.get_facecolor()[:3] != (1.0, 1.0, 1.0) for bar in bars][::-1]
    assert filled == ranking.head(10)["matters"].tolist()
    assert_readable(figure)


def test_the_sentences_give_the_numbers_of_the_screening_and_the_region():
    table = worlds()
    ranking = screening.rank_inputs(table, planted(table), NAMES)
    row = pd.Series(
        {
            "policy": "cross_unit_learning",
            "reference": "silos",
            "outcome": "final_improvement_delivered",
            "share_better": 0.7,
            "share_worse": 0.3,
            "n_worlds": 200,
        }
    )
    region = {
        "bounds": {"a3": (-np.inf, 0.3), "a7": (0.4, np.inf)},
        "coverage": 0.21,
        "inside": -1.52,
        "outside": 0.48,
        "reappear": 0.66,
    }
    first, second = W.depends_sentences(row, ranking, region, LABELS)
    assert first.startswith("Cross unit learning does better than silos on improvement delivered in 70 % of the 200")
    rho = ranking.loc[ranking["input"] == "a3", "rho"].iloc[0]
    assert f"the attention budget (rank correlation with the difference {rho:+.2f})" in first
    assert second.startswith("It does worst where the attention budget is below 0.3 support units per unit and")
    assert "holding 21 % of the worlds" in second and "averages -1.52, elsewhere +0.48" in second and "66 %" in second


def test_rule_text_merges_bounds_and_numbers_keep_two_significant_figures():
    conditions = (("budget", "<=", 0.61), ("budget", ">", 0.1234), ("budget", "<=", 0.45), ("hill", ">", 2.0))
    assert W.rule_text(conditions) == "budget is between 0.12 and 0.45 and hill is above 2"
    assert [W.number(v) for v in (0.2987, 12.46, 1234.0, 0.0)] == ["0.3", "12", "1200", "0"]
