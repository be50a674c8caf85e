"""Each monthly process run on its own from a scripted state (the month's record set by hand).

Given this team and this attention, this progress; given this unit, this socialisation; given these
bids and this budget, this allocation. The model is built without a warm-up and with the other
processes quiet, the state is written by hand, one process is called, and its result is checked
against a hand computation.
"""

from __future__ import annotations

import numpy as np
import pytest

from simulation import CAPABILITIES, POLICY_NAMES, OrganisationModel, rules
from simulation.capabilities import TECHNICAL, Role, experiential_weights
from simulation.month import Month

QUIET = {
    "warmup_months": 0,
    "project_start_rate": 0.0,
    "annual_turnover": 0.0,
    "training_places": 0.0,
    "capability_noise": 0.0,
}


def scripted(**overrides) -> OrganisationModel:
    model = OrganisationModel(rng=1, **{"n_units": 2, **QUIET, **overrides})
    model.month = Month.start(model, 1)
    return model


def launch(model, unit: int, members: list[int], *, right=True, aligned=False, difficulty=1.0) -> int:
    """Open one project in ``unit`` with team ``members`` (person indices); returns its slot."""
    wf, pb = model.workforce, model.projects
    team = np.full((1, model.params.team_size + 1), wf.pad, dtype=np.int64)
    team[0, : len(members)] = members
    pb.launch(np.array([unit]), team, 1, np.array([difficulty]), np.array([aligned]), np.array([right]), wf)
    return int(np.flatnonzero(pb.active & (pb.unit == unit))[-1])


def test_progress_given_this_team_and_this_attention():
    model = scripted(team_size=2)
    wf, pb, p = model.workforce, model.projects, model.params
    a, b = wf.offsets[0], wf.offsets[0] + 1
    wf.cap[:, a] = [0.6, 0.2, 0.5, 0.4, 0.3, 0.7, 0.8]
    wf.cap[:, b] = [0.2, 0.6, 0.3, 0.4, 0.5, 0.1, 0.4]
    slot = launch(model, 0, [a, b], aligned=True, difficulty=2.0)
    pb.attention[slot] = p.support_half_saturation * 2.0**p.support_need_exponent  # half of what it needs
    model.progress_projects()
    coverage = rules.ces_coverage(np.array([0.6, 0.6, 0.5, 0.4, 0.5, 0.7]), p.coverage_exponent)
    expected = p.progress_rate * 0.6 * coverage * 0.5 * (1 + p.alignment_bonus) / 2.0
    assert pb.progress[slot] == pytest.approx(expected)
    assert pb.months_unsupported[slot] == 0  # half support is not below the threshold (0.5)


def test_patient_partners_cover_soffts_but_do_not_do_the_technical_work():
    model = scripted(team_size=1, invite_patients=True)
    wf, pb = model.workforce, model.projects
    staff, patient = wf.offsets[0], wf.n_staff  # unit 0's first patient partner
    wf.cap[:, staff] = 0.3
    wf.cap[:, patient] = [0.3, 0.3, 0.9, 0.3, 0.3, 0.9, 0.1]
    slot = launch(model, 0, [staff])
    pb.team[slot, -1] = patient
    pb.attention[slot] = 1.0
    model.progress_projects()
    p = model.params
    support = rules.hill_support(np.array([1.0]), p.support_half_saturation, p.support_hill_exponent)[0]
    coverage = rules.ces_coverage(np.array([0.3, 0.3, 0.9, 0.3, 0.3, 0.9]), p.coverage_exponent)
    assert pb.progress[slot] == pytest.approx(p.progress_rate * 0.3 * coverage * support)  # technical: staff only


def test_a_project_flounders_after_flounder_months_without_support_and_ends_once():
    model = scripted(team_size=2, flounder_months=3)
    wf, pb = model.workforce, model.projects
    slot = launch(model, 0, [wf.offsets[0], wf.offsets[0] + 1])
    for month in range(3):
        model.month = Month.start(model, month + 1)
        pb.attention[slot] = 0.0
        model.progress_projects()
    assert not pb.active[slot]
    log, gains = pb.log()
    assert log[-1, 4] == 2 and gains[-1] == 0.0  # floundered, delivered nothing
    assert model.unit_state.failures[0] == 1 and model.month.ended[2] == 1


def test_success_delivers_quality_scaled_by_working_on_the_right_problem():
    for right in (True, False):
        model = scripted(team_size=2)
        p, s, pb, wf = model.params, model.unit_state, model.projects, model.workforce
        slot = launch(model, 0, [wf.offsets[0], wf.offsets[0] + 1], right=right)
        pb.progress[slot] = 0.999999
        pb.attention[slot] = 1.0
        before = s.quality[0]
        model.progress_projects()
        gain = (p.quality_gain if right else p.quality_gain * p.wrong_problem_gain) * (1 - s.quality_baseline[0])
        assert s.quality[0] == pytest.approx(before + gain)
        assert model.month.quality_gained == pytest.approx(gain)
        assert s.successes[0] == 1 and model.month.wins[0] == 1
        assert model.month.win_gain[0] == pytest.approx(1.0 if right else p.wrong_problem_gain)


def test_the_ceiling_holds_and_what_no_project_can_use_is_unspent():
    model = scripted(n_units=3, attention_budget=1.0, attention_ceiling=0.4, team_size=1, difficulty_sd=0.0)
    wf, pb, s = model.workforce, model.projects, model.unit_state
    for unit in range(3):
        launch(model, unit, [wf.offsets[unit]])
    s.track_record[:] = [9.0, 0.0, 0.0]
    model.allocate_attention()
    m = model.month
    assert m.contest_pool == pytest.approx(3.0)
    held = pb.attention[pb.active]
    np.testing.assert_allclose(held, [0.4, 0.4, 0.4])  # every project at the ceiling
    assert m.unspent == pytest.approx(3.0 - 1.2)
    assert m.attention_spent + m.unspent == pytest.approx(3.0)


def test_the_contest_follows_standing_below_the_ceiling():
    model = scripted(n_units=2, attention_budget=0.2, attention_ceiling=5.0, team_size=1, bid_floor=0.0)
    wf, pb, s = model.workforce, model.projects, model.unit_state
    launch(model, 0, [wf.offsets[0]])
    launch(model, 1, [wf.offsets[1]])
    s.track_record[:] = [3.0, 1.0]
    model.month.caps[CAPABILITIES.index("message")] = 0.5
    model.allocate_attention()
    np.testing.assert_allclose(pb.attention[pb.active], [0.3, 0.1])  # 0.4 split 3:1


def test_coaches_go_to_the_neediest_units_with_committed_support_and_join_their_teams():
    model = scripted(
        n_units=4,
        nurture_share=1.0,
        attention_budget=1.0,
        coach_cost=1.0,
        coach_share=0.25,
        leadership_skill=1.0,
        team_size=1,
    )
    wf, pb, s, m = model.workforce, model.projects, model.unit_state, model.month
    m.need[:] = [0.0, 0.3, 0.1, 0.0]
    for unit in range(4):
        launch(model, unit, [wf.offsets[unit]])
    model.allocate_attention()
    assert s.coached.tolist() == [False, True, False, False]  # 4 x 0.25 buys one coach: the neediest unit
    slot = int(np.flatnonzero(pb.active & (pb.unit == 1))[0])
    assert pb.committed[slot] == pytest.approx(model.params.attention_ceiling)  # its project, up to the ceiling
    assert m.coach_cost == pytest.approx(1.0)
    teams = pb.team_with_coach(np.flatnonzero(pb.active), s.coached, wf)
    assert (teams[:, -1] == wf.coach).tolist() == [False, True, False, False]
    committed_before = pb.committed[slot]
    m.need[:] = [0.5, 0.0, 0.0, 0.0]  # next month another unit is needier: the commitment stays
    model.month = Month.start(model, 2)
    model.month.need[:] = [0.5, 0.0, 0.0, 0.0]
    model.allocate_attention()
    assert pb.committed[slot] == committed_before and s.coached[1]


def test_mentoring_moves_staff_toward_their_potential_in_proportion_to_leadership_skill():
    for skill in (0.0, 0.5, 1.0):
        model = scripted(n_units=1, leadership_skill=skill, mentees_per_coach=100)
        wf, s = model.workforce, model.unit_state
        s.coached[0] = True
        s.coach_left[0] = 3
        before = wf.staff.copy()
        model.nurture()
        rate = model.params.mentoring_rate * skill * experiential_weights(model.params)[:, None]
        np.testing.assert_allclose(wf.staff, before + rate * (wf.staff_potential - before))
        assert s.coach_left[0] == 2  # a month of the spell has passed


def test_a_coach_moves_on_after_the_spell_and_the_unit_rests_as_long():
    model = scripted(
        n_units=2,
        nurture_share=1.0,
        attention_budget=1.0,
        coach_cost=1.0,
        coach_share=0.5,
        leadership_skill=1.0,
        coach_months=2,
    )
    s = model.unit_state
    coached = []
    for month in range(1, 9):
        model.month = Month.start(model, month)
        model.month.need[:] = [0.5, 0.0]  # unit 0 is always the neediest
        model.allocate_attention()
        model.nurture()
        coached.append(bool(s.coached[0]))
    # one coach affordable: two months in unit 0, two resting (the coach goes to unit 1), and again
    assert coached == [True, True, False, False, True, True, False, False]


def test_patient_partners_keep_their_lived_experience_when_not_on_a_project():
    model = scripted(n_units=1, forget_rate=0.5, capability_floor=0.0)
    wf = model.workforce
    patient = wf.n_staff
    before = wf.cap[:, patient].copy()
    model.forget_and_erode()
    np.testing.assert_array_equal(wf.cap[:, patient], before)
    assert (wf.staff < 1).all() and wf.staff.sum() > 0


def test_socialisation_spreads_what_a_unit_has_without_creating_capability():
    """Every other route off, no turnover: the unit's mean is unchanged while its members converge."""
    model = scripted(n_units=3, capability_noise=0.1, socialisation_rate=0.5)
    wf = model.workforce
    wf.staff[:] = np.random.default_rng(4).random(wf.staff.shape) * wf.staff_potential
    means, spread = wf.unit_means().copy(), wf.staff.std()
    for _ in range(6):
        model.learn_by_doing()  # no project is under way: socialisation alone
    np.testing.assert_allclose(wf.unit_means(), means, atol=1e-12)
    assert wf.staff.std() < 0.9 * spread
    assert (wf.staff <= wf.staff_potential + 1e-12).all()


def test_learning_by_doing_moves_team_members_toward_their_potential_and_their_best_teammate():
    model = scripted(n_units=1, team_size=2, socialisation_rate=0.0)
    wf, pb, p = model.workforce, model.projects, model.params
    a, b = wf.offsets[0], wf.offsets[0] + 1
    wf.cap[:, a], wf.cap[:, b] = 0.1, 0.3
    model.month.caps[CAPABILITIES.index("learning")] = 0.5
    slot = launch(model, 0, [a, b])
    pb.attention[slot] = 100.0
    model.progress_projects()
    before = wf.cap[:, a].copy()
    model.learn_by_doing()
    weight = experiential_weights(p)
    support = model.month.support[0]
    rate = p.doing_rate * support * 0.5 * weight
    moved = before + rate * (wf.potential[:, a] - before)
    best = np.minimum(0.3, wf.potential[:, a])
    expected = moved + p.peer_learning_rate * weight * np.maximum(0, best - moved)
    np.testing.assert_allclose(wf.cap[:, a], expected)


def test_targeted_training_goes_to_the_neediest_units_and_moves_the_teachable_parts_most():
    model = scripted(n_units=2, targeted_training=True, training_gain=1.0)
    wf, m = model.workforce, model.month
    m.need[:] = [0.0, 0.4]
    m.training_places = 10
    before = wf.cap.copy()
    model.train()
    changed = np.flatnonzero((wf.cap != before).any(axis=0))
    assert changed.size == 10 and (wf.unit[changed] == 1).all()
    gain = (wf.cap[:, changed] - before[:, changed]) / (wf.potential[:, changed] - before[:, changed])
    np.testing.assert_allclose(gain.mean(axis=1), model.params.teachability)


def test_an_adopted_practice_raises_quality_and_carries_its_teachable_parts():
    model = scripted(n_units=2, spread_scope="organisation", spread_probability=1.0)
    s, m, wf = model.unit_state, model.month, model.workforce
    m.caps[CAPABILITIES.index("context")] = 1.0
    m.caps[:, 0] = 0.6
    s.attention[:] = 1.0
    m.wins[0], m.win_gain[0] = 1, 1.0
    q1, staff1 = s.quality[1], wf.staff[:, wf.offsets[1] : wf.offsets[2]].copy()
    model.spread_practice()
    p = model.params
    assert m.adoptions == 1  # unit 1 adopts unit 0's success (a unit never adopts its own)
    assert s.quality[1] == pytest.approx(q1 + p.spread_fraction * p.quality_gain * (1 - s.quality_baseline[1]))
    moved = wf.staff[:, wf.offsets[1] : wf.offsets[2]] - staff1
    assert moved[TECHNICAL].mean() > moved[CAPABILITIES.index("environment")].mean() > 0


def test_unused_capability_fades_tacit_slowest_and_quality_gains_decay_toward_the_baseline():
    model = scripted(n_units=1, forget_rate=0.1, capability_floor=0.0)
    wf, s, m, p = model.workforce, model.unit_state, model.month, model.params
    wf.staff[:] = 0.5
    s.quality[0] = s.quality_baseline[0] + 0.2
    m.caps[CAPABILITIES.index("rollercoaster")] = 0.25
    model.forget_and_erode()
    loss = 0.5 - wf.staff.mean(axis=1)
    np.testing.assert_allclose(loss, 0.1 * np.array(p.teachability) * 0.5)
    assert s.quality[0] - s.quality_baseline[0] == pytest.approx(0.2 * (1 - p.quality_decay * 0.75))


def test_leavers_are_replaced_by_newcomers_of_the_same_role_at_the_newcomer_level():
    model = scripted(n_units=4, annual_turnover=1.0, capability_noise=0.0)
    wf = model.workforce
    roles = wf.role.copy()
    model.turnover()
    assert model.month.leavers > 0
    assert (wf.role == roles).all()
    staff = np.flatnonzero(wf.tenure[: wf.n_staff] == 0)
    np.testing.assert_allclose(wf.cap[:, staff], model.params.newcomer_maturity * wf.potential[:, staff])
    patients = np.flatnonzero((wf.role == Role.PATIENT) & (wf.tenure == 0))
    problem = CAPABILITIES.index("problem")
    np.testing.assert_allclose(
        wf.cap[problem, patients], model.params.patient_lived_experience * wf.potential[problem, patients]
    )


def test_every_policy_starts_from_the_same_organisation_at_month_0():
    """The warm-up runs under the status quo on the same random stream whatever the policy."""
    first = OrganisationModel(policy="silos", rng=9, n_units=10)
    for policy in POLICY_NAMES[1:]:
        other = OrganisationModel(policy=policy, rng=9, n_units=10)
        np.testing.assert_array_equal(other.workforce.cap, first.workforce.cap)
        np.testing.assert_array_equal(other.projects.progress, first.projects.progress)
        np.testing.assert_array_equal(other.unit_state.track_record, first.unit_state.track_record)
        assert other.in_force.policy == policy and other.in_force == other.params
    assert first.projects.active.sum() > 0 and first.unit_state.track_record.max() > 0  # a history, not a blank
    covering = OrganisationModel(rng=9, n_units=10, team_selection="coverage")  # a lever, not a policy's
    np.testing.assert_array_equal(covering.workforce.cap, first.workforce.cap)
    assert covering.params.team_selection == "coverage" and covering.in_force.team_selection == "coverage"


def test_harder_projects_need_more_support_and_can_use_more():
    model = scripted(n_units=2, team_size=1, attention_budget=5.0, attention_ceiling=0.4)
    wf, pb, p = model.workforce, model.projects, model.params
    easy = launch(model, 0, [wf.offsets[0]], difficulty=0.5)
    hard = launch(model, 1, [wf.offsets[1]], difficulty=2.0)
    model.allocate_attention()
    np.testing.assert_allclose(pb.attention[[easy, hard]], [0.4 * 0.5, 0.4 * 2.0])  # each at its own ceiling
    pb.attention[[easy, hard]] = [p.support_half_saturation * 0.5, p.support_half_saturation * 2.0]
    model.progress_projects()
    np.testing.assert_allclose(model.month.support, [0.5, 0.5])  # half support: half of what each needs
