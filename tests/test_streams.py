"""Common random numbers through the whole run: each process draws from its own stream, moved to its own
stretch every month (``simulation.streams``), so a policy that changes one process leaves the others'
draws where they were."""

from __future__ import annotations

import numpy as np

from simulation import ModelParams, OrganisationModel
from simulation.streams import DRAWING, Streams

SMALL = {"n_units": 10, "staff_per_unit": 20.0}


def _started(model: OrganisationModel) -> dict[int, float]:
    """The difficulty of each project started this month, by unit."""
    book = model.projects
    slots = np.flatnonzero(book.active & (book.start_month == model.month.index))
    return dict(zip(book.unit[slots].tolist(), book.difficulty[slots].tolist(), strict=True))


def test_a_policy_that_changes_attention_and_coaching_leaves_turnover_and_project_draws_where_they_were():
    """Silos against active nurturing (its reserve buys coaches and commits support; training goes by
    need: allocation, nurturing and training draw differently). Their organisations drift apart, yet
    every month the same people leave (turnover's draws), and a unit starting a project under both
    draws the same difficulty for it (start_projects draws for every unit at once)."""
    models = [OrganisationModel(ModelParams.for_policy(p, **SMALL), rng=8) for p in ("silos", "active_nurturing")]
    shared = 0
    for _ in range(24):
        for model in models:
            model.step()
        replaced = [np.flatnonzero(m.workforce.tenure[: m.workforce.n_people] == 0) for m in models]
        assert np.array_equal(*replaced), models[0].month.index
        silos, nurturing = (_started(m) for m in models)
        for unit in silos.keys() & nurturing.keys():
            assert silos[unit] == nurturing[unit], (models[0].month.index, unit)
            shared += 1
    assert shared >= 3 and not np.array_equal(models[0].workforce.staff, models[1].workforce.staff)


def test_each_month_starts_its_own_stretch_of_each_stream_whatever_was_drawn_before():
    a, b = (Streams(np.random.SeedSequence(5)) for _ in range(2))
    a.begin_month(3)
    a["turnover"].random(1000)  # a month that drew a lot
    a.begin_month(4)
    b.begin_month(4)
    assert np.array_equal(a["turnover"].random(5), b["turnover"].random(5))
    firsts = {name: (a.begin_month(4), a[name].random())[1] for name in DRAWING}
    assert len(set(firsts.values())) == len(DRAWING)  # every process has a stream of its own
    b.begin_month(-36)  # warm-up months have stretches too
    assert b["turnover"].random() != firsts["turnover"]


def test_streams_depend_on_the_seed_alone():
    one, two, other = (OrganisationModel(ModelParams(**SMALL), rng=seed) for seed in (3, 3, 4))
    assert one.streams.state() == two.streams.state() != other.streams.state()
