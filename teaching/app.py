"""The policy explorer: compare two policies on the same organisation, or watch them month by month.

    solara run teaching/app.py          # or: make app   (http://127.0.0.1:8765)

Two pages (``teaching.pages``): the comparison page, the front page, where a leader picks two scenarios
(a policy preset, then any setting), an organisation (a preset or their own roster) and presses Run:
both scenarios run on the same organisation and seeds, and the page shows them side by side with a
sentence that says what differs and how sure it is; a teacher picks a session there instead, which
sets both scenarios and shows its question and prompts. The month-by-month page steps the same two
scenarios a month at a time for a live demonstration. Everything is served from this machine
(``solara-assets``): no internet needed. Visualization code lives here only: the model and the
experiment entry points never import it.
"""

from __future__ import annotations

import solara
from solara.server import settings

from teaching.pages.compare import ComparePage
from teaching.pages.month import MonthPage

TITLE = "Improvement capacity: policy explorer"
settings.theme.show_banner = False  # Solara's corner banner would cover the sentences (credited in docs/teaching.md)

#: Laid out for a 1024 x 768 projector: the controls scroll on the left, the figure fits on the right.
CSS = """
.explorer-bar { align-items: center !important; column-gap: 24px !important; height: 44px; padding: 0 16px;
  background: #0b3d62 !important; color: #fff !important; }
.explorer-bar h1 { font-size: 17px; font-weight: 600; margin: 0; }
.explorer-bar a { color: #fff; font-size: 15px; padding: 4px 2px; }
.explorer-bar a[aria-current="page"] { font-weight: 700; text-decoration: underline; }
.explorer-bar a:focus-visible, .explorer-body :focus-visible { outline: 3px solid #E69F00; outline-offset: 2px; }
.explorer-body { height: calc(100vh - 44px); flex-wrap: nowrap !important; }
.explorer-side { width: 320px; flex: none; overflow-y: auto; height: 100%; padding: 8px 12px;
  border-right: 1px solid #ccc; }
.explorer-main { flex: 1; min-width: 0; overflow-y: auto; height: 100%; padding: 6px 16px; }
.explorer-side h2 { font-size: 15px; margin: 4px 0; }
.explorer-side h3 { font-size: 14px; margin: 2px 0; }
.explorer-side .session { font-size: 13px; line-height: 1.35; }
.explorer-side .session ol { padding-left: 18px; }
.page-heading { font-size: 18px; font-weight: 600; margin: 2px 0; line-height: 1.25; }
.explorer-figure { display: block; max-width: 100%; max-height: calc(100vh - 250px); height: auto; width: auto; }
.setting-label { font-size: 13px; margin-top: 6px; }
.changed, .key, .status { font-size: 13px; }
.scenario-a { border-left: 6px solid #0072B2 !important; }
.scenario-b { border-left: 6px solid #E69F00 !important; }
.differs { font-size: 15px; margin: 4px 0 0 0; }
.sentences { font-size: 14px; padding-left: 18px; }
.sentences .lead-sentence { font-weight: 600; }
.explorer-side h2.scenario-title { margin-bottom: 14px; }
"""


@solara.component
def Layout(children=[]):  # noqa: B006 (Solara's layout signature)
    route, routes = solara.use_route()
    with solara.Column(gap="0px") as main:
        solara.Title(TITLE)
        solara.Style(CSS)
        with solara.Row(classes=["explorer-bar"]):
            solara.HTML(tag="h1", unsafe_innerHTML=TITLE)
            for item in routes:
                with solara.Link(solara.resolve_path(item)):
                    attributes = {"aria-current": "page"} if item is route else {}
                    solara.HTML(tag="span", unsafe_innerHTML=item.label, attributes=attributes)
        solara.Column(children=children, gap="0px")
    return main


routes = [
    solara.Route(path="/", component=ComparePage, label="Compare two policies", layout=Layout),
    solara.Route(path="month", component=MonthPage, label="Month by month"),
]
