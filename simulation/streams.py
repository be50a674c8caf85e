"""Random streams: one per process that draws, and within it one stretch per month (common random numbers).

Every draw of the model comes from these streams, spawned from the run's seed (numpy's
``SeedSequence``), one per process of the monthly schedule that draws (``DRAWING``) and one for the
organisation's own start (``organisation``). At the start of every month each stream moves to that
month's own stretch of its sequence (``begin_month``: a PCG64 ``advance`` from the stream's start, a
microsecond), so what a process draws in a month does not depend on how much it, or any other
process, drew before. Two policies under one seed then share, month by month, every draw a policy
does not change itself: turnover's, the contacts of a community meeting, the order in which a unit's
staff are mentored. Starsim gives every random draw its own stream for the same reason; a paired
difference is then made of the policy, not of where each policy's draws happened to fall.

Within a month, a process that draws for every unit or every person draws for all of them at once
(a fixed shape), then uses the draws of those it needs: a unit's project draws do not depend on
which other units start one.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DRAWING", "STRETCH", "Streams"]

#: The processes that draw, each with a stream of its own, and the organisation's start.
DRAWING: tuple[str, ...] = (
    "organisation",
    "start_projects",
    "allocate_attention",
    "meet_communities",
    "train",
    "nurture",
    "spread_practice",
    "turnover",
)
#: Draws between the starts of two months' stretches: far more than any month draws (2**40 64-bit draws).
STRETCH = 2**40
#: Months before month 0 that a stretch is kept for (warm-ups up to this long), so every stretch index is >= 0.
FIRST_MONTH = -(2**20)


class Streams:
    """The run's random streams: ``streams[name]`` is the ``numpy.random.Generator`` of process ``name``."""

    def __init__(self, seed: np.random.SeedSequence):
        children = seed.spawn(len(DRAWING))
        pairs = zip(DRAWING, children, strict=True)
        self._generators = {name: np.random.Generator(np.random.PCG64(child)) for name, child in pairs}
        self._starts = {name: g.bit_generator.state for name, g in self._generators.items()}
        self.month: int | None = None

    @classmethod
    def of(cls, seed: int | None, rng: np.random.Generator) -> Streams:
        """The streams of a run seeded with the integer ``seed``, or drawn from the model's own generator
        ``rng`` when it was given a ``SeedSequence``, a ``Generator`` or nothing."""
        if seed is not None:
            return cls(np.random.SeedSequence(int(seed)))
        return cls(np.random.SeedSequence(int(rng.integers(2**63))))

    def state(self) -> dict:
        """Where every stream stands (a warm-up's copy keeps it)."""
        return {name: g.bit_generator.state for name, g in self._generators.items()}

    def set_state(self, state: dict) -> None:
        for name, generator in self._generators.items():
            generator.bit_generator.state = state[name]

    def __getitem__(self, name: str) -> np.random.Generator:
        return self._generators[name]

    def begin_month(self, index: int) -> None:
        """Move every stream except the organisation's to the stretch of month ``index``."""
        self.month = index
        offset = (index - FIRST_MONTH) * STRETCH
        for name, generator in self._generators.items():
            if name != "organisation":
                generator.bit_generator.state = self._starts[name]
                generator.bit_generator.advance(offset)
