"""From a composed Hydra config to the model's inputs: ``ModelParams``, seed and run length.

The one place where configuration meets the model: every ``ModelParams`` field is read from the
config by name, so an override such as ``n_units=60`` reaches the model unchanged, and a bad value
is refused by ``ModelParams`` with a message naming the field, before any simulation runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from simulation import ModelParams

__all__ = ["RUN_KEYS", "model_params", "run_settings"]

#: Top-level config keys that are not model parameters.
RUN_KEYS = ("seed", "n_steps")
FIELDS = tuple(f.name for f in dataclasses.fields(ModelParams))


def model_params(cfg: Mapping[str, Any]) -> ModelParams:
    """The ``ModelParams`` named by a config's top-level keys (validated; ``ValueError`` if not)."""
    missing = [name for name in FIELDS if name not in cfg]
    if missing:
        raise ValueError(f"config lacks model parameter(s) {missing}: compose from configs/config.yaml")
    return ModelParams(**{name: cfg[name] for name in FIELDS})


def _whole(name: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name}={value!r} is not allowed: must be a whole number >= {low}")
    return value


def run_settings(cfg: Mapping[str, Any]) -> tuple[ModelParams, int, int]:
    """(params, seed, n_steps) from a composed config, all validated before any work starts."""
    return model_params(cfg), _whole("seed", cfg.get("seed"), 0), _whole("n_steps", cfg.get("n_steps"), 0)
