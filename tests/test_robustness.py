"""Robustness statistics against hand computation, an A/A ensemble, and the win-share and regret figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from analysis import robustness, robustness_plots

from .figure_checks import assert_readable

DIRECTIONS = {"delivered": True, "gini": False}

#: World means by hand (two replicates each): world -> policy -> (delivered, gini).
MEANS = {
    0: {"silos": (11, 0.3), "learn": (15, 0.2), "nurture": (13, 0.1)},
    1: {"silos": (20, 0.4), "learn": (19, 0.5), "nurture": (20, 0.6)},  # delivered: silos and nurture tie
    2: {"silos": (6, 0.2), "learn": (9, 0.2), "nurture": (5, 0.3)},  # gini: silos and learn tie
}


def hand_frame() -> pd.DataFrame:
    """Three worlds, three policies, two replicates whose means are MEANS (replicates +-1 and +-0)."""
    rows = []
    for world, policies in MEANS.items():
        for policy, (delivered, gini) in policies.items():
            for replicate, offset in enumerate((-1, 1)):
                spread = offset if policy != "silos" or world != 1 else 0
                rows.append(
                    {"world": world, "replicate": replicate, "policy": policy, "delivered": delivered + spread}
                    | {"gini": gini}
                )
    return pd.DataFrame(rows)


def test_world_means_average_replicates_and_keep_the_data_order_of_policies():
    frame = hand_frame()
    means = robustness.world_means(frame, ["delivered", "gini"])
    assert list(means["policy"].cat.categories) == ["silos", "learn", "nurture"]
    assert means.set_index(["world", "policy"]).loc[(0, "learn"), "delivered"] == 15
    reordered = robustness.win_shares(frame.iloc[::-1], ["delivered"])
    assert list(reordered["policy"]) == ["nurture", "learn", "silos"]  # first appearance, never sorted by name


def test_win_shares_split_ties_equally():
    out = robustness.win_shares(hand_frame(), list(DIRECTIONS), DIRECTIONS).set_index(["outcome", "policy"])
    expected = {
        ("delivered", "silos"): 0.5 / 3,  # tie in world 1
        ("delivered", "learn"): 2 / 3,
        ("delivered", "nurture"): 0.5 / 3,  # tie in world 1
        ("gini", "silos"): 1.5 / 3,  # best in world 1, tie in world 2 (lower is better)
        ("gini", "learn"): 0.5 / 3,
        ("gini", "nurture"): 1 / 3,
    }
    for key, share in expected.items():
        assert out.loc[key, "win_share"] == pytest.approx(share), key
    assert (out["n_worlds"] == 3).all()
    assert out.groupby(level="outcome")["win_share"].sum().to_numpy() == pytest.approx([1.0, 1.0])


def test_regret_median_and_90th_percentile_by_hand():
    out = robustness.regret(hand_frame(), list(DIRECTIONS), DIRECTIONS).set_index(["outcome", "policy"])
    # delivered: the best per world is 15, 20, 9; silos falls short by 4, 0, 3 -> sorted 0, 3, 4.
    # 90th percentile (linear): position 0.9 x 2 = 1.8 -> 3 + 0.8 x (4 - 3) = 3.8
    assert out.loc[("delivered", "silos"), "median_regret"] == pytest.approx(3)
    assert out.loc[("delivered", "silos"), "high_regret"] == pytest.approx(3.8)
    assert out.loc[("delivered", "learn"), "median_regret"] == 0  # 0, 1, 0
    assert out.loc[("delivered", "learn"), "high_regret"] == pytest.approx(0.8)
    assert out.loc[("delivered", "nurture"), "high_regret"] == pytest.approx(2 + 0.8 * 2)  # 2, 0, 4
    # gini, lower is better: the best per world is 0.1, 0.4, 0.2; nurture falls short by 0, 0.2, 0.1
    assert out.loc[("gini", "nurture"), "median_regret"] == pytest.approx(0.1)
    assert out.loc[("gini", "silos"), "max_regret"] == pytest.approx(0.2)
    assert (out["median_regret"] >= 0).all()


def test_a_world_missing_a_policy_is_left_out_of_every_policy_s_share():
    frame = hand_frame()
    frame = frame[~((frame["world"] == 2) & (frame["policy"] == "nurture"))]
    out = robustness.win_shares(frame, ["delivered"]).set_index("policy")
    assert (out["n_worlds"] == 2).all() and out.loc["learn", "win_share"] == pytest.approx(0.5)


def test_paired_differences_across_worlds_match_scipy_paired_t_test():
    frame = hand_frame()
    out = robustness.paired_across_worlds(frame, list(DIRECTIONS), "silos", DIRECTIONS)
    assert list(zip(out["outcome"], out["policy"], strict=True)) == [
        ("delivered", "learn"),
        ("delivered", "nurture"),
        ("gini", "learn"),
        ("gini", "nurture"),
    ]
    for row in out.itertuples():
        a = np.array([MEANS[w][row.policy][0 if row.outcome == "delivered" else 1] for w in MEANS], dtype=float)
        b = np.array([MEANS[w]["silos"][0 if row.outcome == "delivered" else 1] for w in MEANS], dtype=float)
        test = scipy_stats.ttest_rel(a, b)
        interval = test.confidence_interval(0.95)
        assert row.mean_difference == pytest.approx(np.mean(a - b))
        assert (row.ci_low, row.ci_high) == (pytest.approx(interval.low), pytest.approx(interval.high))
        assert row.p_value == pytest.approx(test.pvalue)
        better = (a - b > 0) if DIRECTIONS[row.outcome] else (a - b < 0)
        worse = (a - b < 0) if DIRECTIONS[row.outcome] else (a - b > 0)
        assert row.share_better == pytest.approx(better.mean()) and row.share_worse == pytest.approx(worse.mean())
        assert row.n_worlds == 3 and row.reference == "silos"
    # by hand: learn - silos on delivered = 4, -1, 3 (better in 2 of 3); nurture - silos on gini = -0.2, 0.2, 0.1
    learn = out[(out.outcome == "delivered") & (out.policy == "learn")].iloc[0]
    assert learn.mean_difference == pytest.approx(2) and learn.share_better == pytest.approx(2 / 3)
    nurture = out[(out.outcome == "gini") & (out.policy == "nurture")].iloc[0]
    assert nurture.share_better == pytest.approx(1 / 3) and nurture.share_worse == pytest.approx(2 / 3)


def test_wilcoxon_option_matches_scipy():
    frame = hand_frame()
    out = robustness.paired_across_worlds(frame, ["delivered"], "silos", test="wilcoxon")
    expected = scipy_stats.wilcoxon([4, -1, 3], zero_method="zsplit").pvalue
    assert out.iloc[0]["p_value"] == pytest.approx(expected) and out.iloc[0]["test"] == "Wilcoxon signed-rank"


def holm_by_hand(p: list[float]) -> list[float]:
    """Holm (1979): sort ascending, multiply the i-th smallest (from 0) by m - i, running maximum, cap at 1."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    adjusted, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted


def test_holm_matches_the_hand_computation_on_four_p_values():
    p = [0.01, 0.04, 0.03, 0.005]
    # 0.005 x 4 = 0.02; 0.01 x 3 = 0.03; 0.03 x 2 = 0.06; 0.04 x 1 = 0.04 -> running maximum 0.06
    assert robustness.holm(p) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert holm_by_hand(p) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert np.isnan(robustness.holm([0.01, float("nan")])[1]) and robustness.holm([0.01, float("nan")])[0] == 0.01


def test_the_family_of_comparisons_is_adjusted_together_or_per_outcome():
    frame = hand_frame()
    out = robustness.paired_across_worlds(frame, list(DIRECTIONS), "silos", DIRECTIONS)
    assert out["p_holm"].to_numpy() == pytest.approx(holm_by_hand(out["p_value"].tolist()))
    per_outcome = robustness.paired_across_worlds(frame, list(DIRECTIONS), "silos", DIRECTIONS, family="outcome")
    for _, rows in per_outcome.groupby("outcome"):
        assert rows["p_holm"].to_numpy() == pytest.approx(holm_by_hand(rows["p_value"].tolist()))


def test_a_difference_is_robust_only_with_a_consistent_sign_and_a_small_adjusted_p_value():
    paired = pd.DataFrame(
        {
            "share_better": [0.8, 0.79, 0.9, 0.05, 0.5],
            "share_worse": [0.2, 0.21, 0.1, 0.85, 0.5],
            "p_holm": [0.049, 0.001, 0.05, 0.01, 0.0],
        }
    )
    out = robustness.robust_differences(paired)
    assert out["robust"].tolist() == [True, False, False, True, False]
    assert out["direction"].tolist() == ["better", "", "", "worse", ""]
    looser = robustness.robust_differences(paired, min_share=0.75, alpha=0.1)
    assert looser["robust"].tolist() == [True, True, True, True, False]
    with pytest.raises(ValueError):
        robustness.robust_differences(paired, min_share=0.4)


def aa_ensemble(seed: int, n_worlds: int = 40, replicates: int = 3) -> pd.DataFrame:
    """'silos' and 'silos again' are the same policy with independent noise; 'better' adds 1.5 (and
    lowers the gini by 0.15) in every world. The world itself moves every policy alike."""
    rng = np.random.default_rng(seed)
    policies, shifts = ["silos", "silos again", "better"], np.array([0.0, 0.0, 1.5])
    world, policy, replicate = np.meshgrid(np.arange(n_worlds), np.arange(3), np.arange(replicates), indexing="ij")
    level = rng.normal(10, 3, n_worlds)[world]
    shift = shifts[policy]
    return pd.DataFrame(
        {
            "world": world.ravel(),
            "replicate": replicate.ravel(),
            "policy": np.array(policies)[policy].ravel(),
            "delivered": (level + shift + rng.normal(0, 1, world.shape)).ravel(),
            "gini": (0.4 - shift / 10 + rng.normal(0, 0.1, world.shape)).ravel(),
        }
    )


def test_an_a_a_ensemble_reports_no_robust_difference_and_a_real_one_is_found():
    for seed in range(12):
        paired = robustness.paired_across_worlds(aa_ensemble(seed), list(DIRECTIONS), "silos", DIRECTIONS)
        verdicts = robustness.robust_differences(paired).set_index(["policy", "outcome"])
        assert not verdicts.loc["silos again", "robust"].any(), (seed, verdicts.loc["silos again"])
        assert verdicts.loc["better", "robust"].all() and (verdicts.loc["better", "direction"] == "better").all()


def test_a_missing_direction_or_reference_is_refused():
    with pytest.raises(KeyError, match="gini"):
        robustness.win_shares(hand_frame(), ["delivered", "gini"], {"delivered": True})
    with pytest.raises(KeyError, match="status quo"):
        robustness.paired_across_worlds(hand_frame(), ["delivered"], reference="status quo")


def test_win_share_and_regret_figures_draw_one_bar_per_policy_and_read_at_1024_by_768():
    frame = hand_frame()
    frame["policy"] = frame["policy"].replace({"nurture": "nurture_and_cross_unit_learning_together"})
    labels = {"delivered": ("improvement delivered", "projects"), "gini": ("inequality between units", "Gini, 0-1")}
    shares = robustness.win_shares(frame, list(DIRECTIONS), DIRECTIONS)
    figure = robustness_plots.win_share_chart(shares, labels, "Who is best")
    assert figure._suptitle.get_text() == "Who is best"
    assert [ax.get_title() for ax in figure.axes] == ["improvement delivered", "inequality between units"]
    for ax, outcome in zip(figure.axes, DIRECTIONS, strict=True):
        widths = [bar.get_width() for bar in ax.patches]
        expected = 100 * shares[shares.outcome == outcome]["win_share"].to_numpy()
        assert widths == pytest.approx(expected.tolist())
        assert [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()] == [
            "silos",
            "learn",
            "nurture and cross unit learning together",
        ]
        assert "3 sampled worlds" in ax.get_xlabel()
    assert_readable(figure)

    regrets = robustness.regret(frame, list(DIRECTIONS), DIRECTIONS)
    figure = robustness_plots.regret_chart(regrets, labels)
    for ax, outcome in zip(figure.axes, DIRECTIONS, strict=True):
        rows = regrets[regrets.outcome == outcome]
        assert [bar.get_width() for bar in ax.patches] == pytest.approx(rows["median_regret"].tolist())
        (markers,) = ax.lines  # one series of 90th-percentile markers
        assert list(markers.get_xdata()) == pytest.approx(rows["high_regret"].tolist())
        assert labels[outcome][1] in ax.get_xlabel()
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["median regret", "90th percentile"]
    assert_readable(figure)
