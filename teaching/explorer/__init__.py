"""The policy explorer's pages: Solara components over ``experiments.explore`` and ``experiments.live``.

``teaching/app.py`` puts them together; ``solara run teaching/app.py`` puts this folder's parent on
the import path, so the pages import as ``explorer.*``. All the logic a test needs without a browser
lives in ``experiments``; here are the controls, the figures and the page layouts.
"""

__all__: list[str] = []
