"""What the explorer's pages share in one browser session, and the actions that change it.

Reactive variables here are scoped to the browser session (Solara keeps one value per session): the
two scenarios, the organisation they run on, replications, months and master seed, the teaching
session if one was chosen, and the last comparison. The comparison page sets them; the month-by-month
page reads them. Comparisons run in the server's own process (a thread per Run): at the default
replications that is within the page's 3 s target (``python -m tools.benchmark --teaching``), and a
server leaves no worker processes behind.
"""

from __future__ import annotations

from dataclasses import dataclass

import solara
import solara.lab

from experiments.roster import RosterError
from teaching import explore, presets
from teaching.plots import comparison_figure, png_data_url

__all__ = [
    "DEFAULT_REPLICATIONS",
    "Ran",
    "choose_session",
    "master_seed",
    "months",
    "organisation",
    "replications",
    "roster_message",
    "run_comparison",
    "scenario_a",
    "scenario_b",
    "session",
    "settings",
    "upload_roster",
]

DEFAULT_REPLICATIONS = explore.EXPLORER_REPLICATIONS

scenario_a = solara.reactive(explore.Scenario("silos"))
scenario_b = solara.reactive(explore.Scenario("active_nurturing"))
organisation = solara.reactive(explore.organisation("medium"))
replications = solara.reactive(DEFAULT_REPLICATIONS)
months = solara.reactive(120)
master_seed = solara.reactive(explore.MASTER_SEED)
session = solara.reactive(None)  # the teaching session (teaching.presets.Session) chosen, if any
roster_message = solara.reactive(None)  # (ok?, text) of the last roster upload


def settings() -> tuple:
    """Everything a comparison depends on; a result made from other settings is out of date."""
    return (
        scenario_a.value,
        scenario_b.value,
        organisation.value,
        replications.value,
        months.value,
        master_seed.value,
    )


@dataclass(frozen=True)
class Ran:
    """A finished comparison: its settings, the result and its figure."""

    settings: tuple
    result: explore.Comparison
    figure: str  # PNG data URL


@solara.lab.task
def run_comparison() -> Ran:
    """Run both scenarios and draw the comparison."""
    now = settings()
    a, b, where, n, n_steps, seed = now
    result = explore.compare(a, b, where, replications=n, n_steps=n_steps, master_seed=seed)
    return Ran(now, result, png_data_url(comparison_figure(result)))


def choose_session(name: str | None) -> None:
    """Open teaching preset ``name``: both scenarios, its organisation, replications, months and seed."""
    if not name:
        session.set(None)
        return
    chosen = presets.session(name)
    session.set(chosen)
    scenario_a.set(chosen.a)
    scenario_b.set(chosen.b)
    organisation.set(chosen.organisation)
    replications.set(chosen.replications)
    months.set(chosen.n_steps)
    master_seed.set(chosen.master_seed)
    roster_message.set(None)


def upload_roster(filename: str, data: bytes) -> None:
    """Use an uploaded roster as the organisation; a bad file leaves the organisation as it was and says
    why, naming the line and the column (``experiments.roster``)."""
    try:
        where = explore.roster_organisation(filename, data)
    except RosterError as error:
        roster_message.set((False, str(error)))
        return
    organisation.set(where)
    roster_message.set((True, f"Your organisation: {where.label}."))
