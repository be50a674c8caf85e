"""Shared fixtures: small organisations keep the suite fast; sizes are stated where they matter."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: A small organisation for fast tests (about 200 staff).
SMALL = {"n_units": 8, "staff_per_unit": 25.0}


@pytest.fixture
def root() -> Path:
    return ROOT
