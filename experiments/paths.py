"""Where the project's files are: the one place that knows the layout of a checkout.

The project runs from its checkout (``pip install -e .``): the Hydra configuration in ``configs/``,
the examples and the docs are read from the working tree, not from an installed package.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CONFIGS", "DOCS", "EXAMPLES", "ROOT"]

#: The checkout's root: the folder holding ``configs/``, ``docs/`` and the packages.
ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "configs"
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
