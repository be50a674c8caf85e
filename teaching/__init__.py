"""Teaching: the policy explorer (a Solara app) and the teaching presets' command.

- ``python -m teaching <preset>``: a teaching preset's sweep and its short brief (``teaching.presets``);
- ``solara run teaching/app.py``: the explorer, two pages (``teaching.pages``) over the back end here:
  ``teaching.explore`` (two scenarios compared on one organisation and seeds), ``teaching.live`` (month by
  month) and ``teaching.plots`` (the explorer's figures); its runs go to ``experiments.workers``' pools.

Only the page modules import Solara (an import contract in ``pyproject.toml``); everything a test needs
without a browser lives in the back end.
"""
