"""The policy explorer's logic without a browser: paired runs on one organisation, the sentences under the
plots, scenario names, setting labels from the parameter table, roster uploads, the month-by-month view.

Organisations are small (12 units) and replications few, so each comparison takes about a second.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.wording import difference_sentence
from experiments.roster import RosterError, load_roster
from experiments.workers import end_fork_server, worker_pool
from simulation import LEVERS, param_info, replicate_seed, replicate_seeds, run
from teaching import explore
from teaching.explore import Scenario, compare, organisation, roster_organisation, scenario_labels
from teaching.live import MonthByMonth

from .conftest import ROOT

SMALL = organisation("small")
INFO = {row.name: row for row in param_info()}


@pytest.fixture(scope="module")
def matthew():
    """Silos against equal shares on the small organisation, four replications: the Matthew session."""
    return compare(Scenario("silos"), Scenario("equal_share"), SMALL, replications=4)


def test_both_scenarios_run_on_the_same_organisation_and_seeds(matthew):
    seeds = matthew.summary.pivot(index="replicate", columns="scenario", values="seed")
    assert list(seeds["silos"]) == list(seeds["equal share"]) == replicate_seeds(explore.MASTER_SEED, 4)
    # one warm-up per seed: every unit starts month 0 at the same capability under both policies
    start = matthew.units.pivot(index="unit", columns="scenario", values="start")
    assert np.array_equal(start["silos"], start["equal share"])
    assert not np.array_equal(*(matthew.units.pivot(index="unit", columns="scenario", values="now").T.to_numpy()))


def test_the_comparison_reports_the_runs_it_made(matthew):
    params = Scenario("equal_share").params(SMALL)
    again = run(params, seed=replicate_seed(explore.MASTER_SEED, 2))
    row = matthew.summary[(matthew.summary["scenario"] == "equal share") & (matthew.summary["replicate"] == 2)]
    assert row["final_improvement_delivered"].item() == again.model["improvement_delivered"].iloc[-1]
    curve = matthew.over_time[(matthew.over_time["outcome"] == "improvement_delivered")]
    assert set(curve["scenario"]) == {"silos", "equal share"} and curve["step"].max() == 120
    assert set(matthew.quartiles["initial_quartile"]) == {1, 2, 3, 4}
    assert len(matthew.units) == 2 * SMALL.n_units


def test_the_sentence_names_both_scenarios_with_its_interval_as_the_brief_words_it(matthew):
    headline = matthew.sentences[0]
    row = matthew.paired[matthew.paired["outcome"] == "final_improvement_delivered"].iloc[0]
    assert headline == difference_sentence(row, "scenario")
    assert headline.startswith("Improvement delivered") and "equal share against silos" in headline
    assert "95 % CI" in headline and "4 paired replications" in headline
    # B minus A, pair by pair: the estimate is the mean of the paired differences of the runs
    wide = matthew.summary.pivot(index="replicate", columns="scenario", values="final_improvement_delivered")
    assert row["mean_difference"] == pytest.approx((wide["equal share"] - wide["silos"]).mean())
    # the verdict follows the interval: beyond the noise when it excludes zero, better or worse by its sign
    if row["ci_low"] > 0 or row["ci_high"] < 0:
        verdict = "better" if row["mean_difference"] > 0 else "worse"
        assert f"{verdict} under equal share, beyond the noise" in headline
    else:
        assert "not distinguishable from noise" in headline
    assert any("throughput null" in s and s.startswith("Under silos") for s in matthew.sentences)


def test_a_pool_of_workers_gives_the_same_bits_as_one_process():
    pool = worker_pool(2, preload=explore.PRELOAD)
    if pool is None:
        pytest.skip("needs two cores and a fork server")
    with pool:
        pooled = compare(Scenario("silos"), Scenario("active_nurturing"), SMALL, replications=2, n_steps=24, pool=pool)
    alone = compare(Scenario("silos"), Scenario("active_nurturing"), SMALL, replications=2, n_steps=24)
    pd.testing.assert_frame_equal(pooled.summary, alone.summary)
    assert pooled.sentences == alone.sentences


def test_an_ended_fork_server_is_gone_at_once_and_the_next_pool_starts_another():
    """The teaching command ends its fork server as it exits, so that the server's own exit (unloading the
    model) does not hold the command's output open; a pool made afterwards must still work."""
    from multiprocessing import forkserver

    pool = worker_pool(2, preload=explore.PRELOAD)
    if pool is None:
        pytest.skip("needs two cores and a fork server")
    with pool:
        assert pool.submit(int, "7").result() == 7
    pid = forkserver._forkserver._forkserver_pid
    end_fork_server()
    assert not (Path("/proc") / str(pid)).exists()  # gone, and reaped
    with worker_pool(2, preload=explore.PRELOAD) as again:
        assert again.submit(int, "8").result() == 8
    assert forkserver._forkserver._forkserver_pid != pid


def test_names_say_what_differs_and_nothing_else():
    assert scenario_labels(Scenario("silos"), Scenario("equal_share")) == ("silos", "equal share")
    budget = Scenario("silos").change("attention_budget", 0.05)
    assert scenario_labels(Scenario("silos"), budget) == ("silos, attention budget 0.3", "silos, attention budget 0.05")
    assert scenario_labels(Scenario("silos"), Scenario("silos")) == ("silos (A)", "silos (B)")
    equal = Scenario("silos").change("contest_exponent", 0.0)  # a lever changed by hand, not by the policy
    assert scenario_labels(Scenario("silos"), equal) == ("silos, contest exponent 1", "silos, contest exponent 0")
    mixed = Scenario("equal_share").change("invite_patients", True)
    assert scenario_labels(Scenario("silos"), mixed) == ("silos", "equal share, invite patients on")


def test_a_scenario_holds_its_preset_and_what_was_changed():
    nurturing = Scenario("active_nurturing")
    assert nurturing.values()["nurture_share"] == 0.5
    assert nurturing.change("nurture_share", 0.5) == nurturing  # the preset's value is no change
    changed = nurturing.change("nurture_share", 0.2).change("annual_turnover", 0.2)
    assert changed.params(SMALL).policy == "custom" and changed.params(SMALL).nurture_share == 0.2
    assert Scenario("silos").change("annual_turnover", 0.2).params(SMALL).policy == "silos"  # a resource, not a lever
    moved = changed.with_policy("silos")
    assert moved.changes == (("annual_turnover", 0.2),)  # the levers come from the new preset
    assert changed.params(SMALL).n_units == 12 and changed.params(organisation("medium")).n_units == 40
    with pytest.raises(ValueError, match="cannot change"):
        Scenario("silos", (("n_units", 3),))
    with pytest.raises(ValueError, match="not a preset"):
        Scenario("anarchy")


def test_control_labels_and_units_are_read_from_the_parameter_table():
    for name in explore.SCENARIO_FIELDS:
        meaning, unit = INFO[name].meaning, INFO[name].unit
        label = explore.setting_label(name)
        words = iter(meaning.split())
        assert label and all(word in words for word in label.split()), name  # the meaning's words, in order
        value = explore.Scenario("nurture_and_learn").values()[name]
        shown = explore.setting_value(name, value)
        if isinstance(value, float) and unit not in ("share", "per year"):
            assert unit in shown, (name, shown)
    assert explore.setting_label("attention_budget") == "Leadership support per unit per month"
    assert explore.setting_value("annual_turnover", 0.12) == "12 % per year"
    assert explore.setting_value("attention_budget", 0.3) == "0.30 support units / unit / month"
    assert explore.setting_choices("team_selection") == ("random", "single_profession", "coverage")
    assert set(LEVERS) <= set(explore.SCENARIO_FIELDS)


def test_invalid_settings_are_refused_before_anything_runs():
    with pytest.raises(ValueError, match="replications=1"):
        compare(Scenario("silos"), Scenario("equal_share"), SMALL, replications=1)
    starved = Scenario("silos").change("attention_budget", 0.001)
    with pytest.raises(ValueError, match="budget"):
        compare(Scenario("silos"), starved, SMALL, replications=2)


def test_an_uploaded_roster_gets_the_command_lines_messages_naming_the_file_as_uploaded(tmp_path):
    text = b"name,kind,nurses,doctors,ahps,managers,support\nA,clinical,10,2,2,1,3\nB,ward,10,2,2,1,3\n"
    (tmp_path / "mine.csv").write_bytes(text)
    with pytest.raises(RosterError) as on_disk:
        load_roster(tmp_path / "mine.csv")
    with pytest.raises(RosterError) as uploaded:
        roster_organisation("mine.csv", text)
    message = str(uploaded.value)
    assert message == str(on_disk.value).replace(f"{tmp_path}/", "")
    assert message.startswith("mine.csv, line 3, column 'kind'")
    with pytest.raises(RosterError, match="not a text file"):
        roster_organisation("photo.csv", b"\xff\xd8\xff\xe0 not a roster")
    good = roster_organisation("trust.csv", (ROOT / "examples" / "roster_example.csv").read_bytes())
    assert good.n_units == 18 and good.label == "trust.csv: 18 units from your roster"
    assert Scenario("silos").params(good).n_units == 18


def test_month_by_month_steps_both_scenarios_from_one_warm_up_as_the_batch_run_does():
    demo = MonthByMonth(Scenario("silos"), Scenario("active_nurturing"), SMALL)
    start = demo.units()
    assert demo.month == 0
    assert np.array_equal(*(start.pivot(index="unit", columns="scenario", values="start").T.to_numpy()))
    demo.step(12)
    history = demo.history()
    assert demo.month == 12 and len(history) == 2 * 13
    batch = run(Scenario("active_nurturing").params(SMALL), seed=replicate_seed(explore.MASTER_SEED, 0), n_steps=12)
    live = history[history["scenario"] == "active nurturing"]
    assert np.allclose(live["improvement_delivered"], batch.model["improvement_delivered"])
    units = demo.units()
    assert {"attention", "no_success", "coached"} <= set(units.columns)
    last = batch.units[batch.units["step"] == 12]
    assert np.allclose(units[units["scenario"] == "active nurturing"]["attention"], last["attention"])
    assert re.fullmatch(r"U\d{3}", units["unit"].iloc[0])
