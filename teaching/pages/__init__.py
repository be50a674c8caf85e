"""The policy explorer's pages: Solara components over ``teaching.explore`` and ``teaching.live``.

``teaching/app.py`` puts them together. These modules, and only these, import Solara; all the logic a
test needs without a browser lives in the rest of ``teaching`` (the figures in ``teaching.plots``).
Here are the controls, the shared state of a browser session and the page layouts.
"""

__all__: list[str] = []
