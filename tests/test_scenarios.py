"""Scenario discovery on synthetic ensembles with a known rule, its honest degenerate cases, and the map."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy.stats import qmc

from analysis import robustness_plots, scenarios
from analysis import wording as W

from .figure_checks import assert_readable

INPUTS = ["attention_budget", "half_saturation", "annual_turnover", "hill_exponent"]
LABELS = {
    "attention_budget": ("the attention budget", "support units per unit"),
    "half_saturation": ("the support half-saturation", "support units"),
}


def ensemble(n: int = 200, seed: int = 3, noise: float = 0.05) -> pd.DataFrame:
    """Worlds on a seeded Latin hypercube over four inputs in [0, 1]; X wins where the attention budget
    is above 0.3, and a share ``noise`` of worlds, drawn at random, have the result flipped."""
    rng = np.random.default_rng(seed)
    points = qmc.LatinHypercube(d=len(INPUTS), rng=rng).random(n)
    worlds = pd.DataFrame(points, columns=INPUTS).assign(world=np.arange(100, 100 + n))
    worlds["wins"] = (worlds["attention_budget"] > 0.3) ^ (rng.random(n) < noise)
    return worlds


def threshold_in(sentence: str, phrase: str) -> float:
    return float(re.search(rf"{phrase} (-?[0-9.]+)", sentence).group(1))


def test_the_known_rule_is_found_and_named_with_a_threshold_near_0_3():
    worlds = ensemble()
    wins = worlds.set_index("world")["wins"]
    found = scenarios.discover(worlds.drop(columns="wins"), wins, seed=0)
    assert found.status == "rules" and found.deciding[0] == "attention_budget"
    assert found.importances.idxmax() == "attention_budget" and found.importances.sum() == pytest.approx(1)
    sentence = W.scenario_sentences(found, "cross_unit_learning", "silos", "improvement delivered", LABELS)[0]
    share = f"{100 * wins.mean():.0f} %"
    assert sentence.startswith(f"Cross unit learning beats silos on improvement delivered in {share} of 200 worlds")
    assert "it loses mainly where the attention budget is below" in sentence and "support units per unit" in sentence
    assert abs(threshold_in(sentence, "the attention budget is below") - 0.3) <= 0.05
    for name in INPUTS[1:]:  # the noise inputs decide nothing
        assert name.replace("_", " ") not in sentence and LABELS.get(name, ("-",))[0] not in sentence


def test_each_rule_s_coverage_and_density_are_counted_from_the_worlds():
    worlds = ensemble()
    found = scenarios.discover(worlds.drop(columns="wins"), worlds.set_index("world")["wins"])
    assert found.rules["coverage"].sum() == pytest.approx(1)  # the leaves partition the worlds
    for rule in found.rules.itertuples():
        mask = np.ones(len(worlds), dtype=bool)
        for name, op, value in rule.conditions:
            mask &= (worlds[name] <= value) if op == "<=" else (worlds[name] > value)
        assert rule.n == mask.sum() and rule.coverage == pytest.approx(mask.mean())
        assert rule.density == pytest.approx(worlds.loc[mask, "wins"].mean())
        of_class = worlds["wins"] if rule.predicts_win else ~worlds["wins"]
        assert rule.captured == pytest.approx((mask & of_class).sum() / of_class.sum())
    loss = found.rules[~found.rules["predicts_win"]].iloc[0]
    sentence = W.scenario_sentences(found, "x", "y", "z")[0]
    assert f"rule covers {100 * loss.coverage:.0f} % of worlds; x loses in {100 * (1 - loss.density):.0f} %" in sentence


def test_a_policy_that_wins_in_few_worlds_is_described_where_it_wins():
    worlds = ensemble()
    wins = ~worlds.set_index("world")["wins"]  # now X wins below 0.3, in about 30 % of worlds
    found = scenarios.discover(worlds.drop(columns="wins"), wins)
    sentence = W.scenario_sentences(found, "equal_share", "silos", "the gini", LABELS)[0]
    assert f"in {100 * wins.mean():.0f} % of 200 worlds; it wins mainly where the attention budget is below" in sentence


def test_an_interaction_of_two_inputs_gives_a_two_condition_rule_and_bounded_map_lines():
    worlds = ensemble(noise=0.0)
    wins = (worlds["attention_budget"] < 0.4) & (worlds["half_saturation"] > 0.5)
    found = scenarios.discover(worlds[["world", *INPUTS]], pd.Series(wins.to_numpy(), index=worlds["world"]))
    assert set(found.deciding) == {"attention_budget", "half_saturation"}
    sentence = W.scenario_sentences(found, "a", "b", "c", LABELS)[0]
    assert "the attention budget is below" in sentence and "the support half-saturation is above" in sentence
    lines = scenarios.split_lines(found, "attention_budget", "half_saturation").set_index("axis")
    assert lines.loc["x", "threshold"] == pytest.approx(0.4, abs=0.05)  # the first split spans the map
    assert np.isinf(lines.loc["x", "low"]) and np.isinf(lines.loc["x", "high"])
    assert lines.loc["y", "high"] == lines.loc["x", "threshold"]  # the second only left of the first
    assert not lines["partial"].any()


def test_every_world_one_way_says_so_and_fits_no_tree():
    worlds = ensemble()
    for value, words in ((True, "every one of the 200 worlds"), (False, "none of the 200 worlds")):
        found = scenarios.discover(worlds[["world", *INPUTS]], pd.Series(value, index=worlds["world"]))
        assert found.status == "uniform" and found.tree is None and found.rules.empty
        assert words in W.scenario_sentences(found, "a", "b", "c")[0]


def test_a_result_too_rare_to_cross_validate_says_so():
    worlds = ensemble()
    wins = pd.Series((worlds["world"] != 150).to_numpy(), index=worlds["world"])  # one loss in 200 worlds
    found = scenarios.discover(worlds[["world", *INPUTS]], wins)
    assert found.status == "no_signal" and found.deciding == ()
    assert W.scenario_sentences(found, "a", "b", "c") == [
        "A beats b on c in 100 % of 200 worlds; the other result comes up in too few worlds (1) to tell where."
    ]


def test_too_few_worlds_says_so():
    worlds = ensemble(n=12)
    found = scenarios.discover(worlds[["world", *INPUTS]], worlds.set_index("world")["wins"])
    assert found.status == "too_few" and found.tree is None
    sentence = W.scenario_sentences(found, "a", "b", "c")[0]
    assert "of 12 worlds; too few worlds" in sentence and "at least 20" in sentence


def test_a_coin_toss_winner_yields_no_rule():
    """A/A: X and Y differ by chance alone, so a tree fitted to the noise must not be reported as a rule."""
    worlds = ensemble()
    coin = pd.Series(np.random.default_rng(7).random(200) < 0.5, index=worlds["world"])
    found = scenarios.discover(worlds[["world", *INPUTS]], coin)
    assert found.status == "no_signal" and found.cv_balanced_accuracy < 0.5 + scenarios.MIN_GAIN
    sentence = W.scenario_sentences(found, "a", "b", "c")[0]
    assert "no simple rule" in sentence and f"{100 * found.cv_balanced_accuracy:.0f} %" in sentence


def test_a_world_without_a_result_is_left_out():
    worlds = ensemble()
    wins = worlds.set_index("world")["wins"].astype(object)
    wins.iloc[:10] = None
    found = scenarios.discover(worlds[["world", *INPUTS]], wins)
    assert found.n_worlds == 190 and found.share == pytest.approx(wins.iloc[10:].astype(bool).mean())


def test_wins_given_in_row_order_and_display_names_fall_back_to_column_names():
    worlds = ensemble()
    found = scenarios.discover(worlds[INPUTS], worlds["wins"].to_list())
    sentence = W.scenario_sentences(found, "a", "b", "c")[0]
    assert "attention budget is below" in sentence and "support units" not in sentence


def test_rule_text_merges_bounds_and_numbers_keep_two_significant_figures():
    conditions = (("budget", "<=", 0.61), ("budget", ">", 0.1234), ("budget", "<=", 0.45), ("hill", ">", 2.0))
    assert W.rule_text(conditions) == "budget is between 0.12 and 0.45 and hill is above 2"
    assert [W.number(v) for v in (0.2987, 12.46, 1234.0, 0.0)] == ["0.3", "12", "1200", "0"]


def test_scenario_map_draws_one_point_per_world_coloured_by_winner_and_the_tree_s_thresholds():
    worlds = ensemble(noise=0.0)
    wins = (worlds["attention_budget"] < 0.4) & (worlds["half_saturation"] > 0.5)
    found = scenarios.discover(worlds[["world", *INPUTS]], pd.Series(wins.to_numpy(), index=worlds["world"]))
    x, y = "attention_budget", "half_saturation"
    points = scenarios.map_points(found, "cross_unit_learning", "silos")
    lines = scenarios.split_lines(found, x, y)
    figure = robustness_plots.scenario_map(points, x, y, lines, LABELS, "Where cross-unit learning beats silos")
    (ax,) = figure.axes
    assert ax.get_title() == "Where cross-unit learning beats silos"
    assert ax.get_xlabel() == "attention budget (support units per unit)"
    assert ax.get_ylabel() == "support half-saturation (support units)"
    counts = {c.get_label(): len(c.get_offsets()) for c in ax.collections}
    assert counts == {"silos": int((~wins).sum()), "cross unit\nlearning": int(wins.sum())}  # long names wrap
    assert len(ax.lines) == len(lines) == 2
    vertical = next(line for line in ax.lines if line.get_xdata()[0] == line.get_xdata()[1])
    assert vertical.get_xdata()[0] == pytest.approx(lines.set_index("axis").loc["x", "threshold"])
    assert sorted(t.get_text() for t in figure.legends[0].get_texts()) == ["cross unit\nlearning", "silos"]
    assert_readable(figure)
