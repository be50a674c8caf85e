"""The project's one seed convention: replicate seeds spawned from one master seed (numpy ``SeedSequence``)."""

from __future__ import annotations

import numpy as np

__all__ = ["replicate_seed", "replicate_seeds"]


def replicate_seed(master_seed: int, replicate: int) -> int:
    """The seed of replicate ``replicate``: child ``replicate`` of ``SeedSequence(master_seed)``."""
    for name, value in (("master_seed", master_seed), ("replicate", replicate)):
        if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name}={value!r} is not allowed: must be a non-negative integer")
    child = np.random.SeedSequence(int(master_seed), spawn_key=(int(replicate),))
    return int(child.generate_state(1, dtype=np.uint32)[0])


def replicate_seeds(master_seed: int, n: int) -> list[int]:
    """``n`` independent replicate seeds spawned from ``master_seed`` (numpy ``SeedSequence.spawn``)."""
    return [replicate_seed(master_seed, i) for i in range(n)]
