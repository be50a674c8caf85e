"""The comparison page, the explorer's front page: two scenarios side by side on one organisation.

Left, the controls: a teaching session (which sets both scenarios and shows its question, what to
look for and its prompts), the organisation (a preset or an uploaded roster), scenarios A and B
(a policy, then any setting), months, replications and seed. Right, after Run: one figure
(improvement delivered with 95 % bands, the units that started weakest and strongest, units with no
success against the throughput null, and every unit at month 0 and at the end) and the sentences
that say what differs, with their intervals, as the leader's brief words them.
"""

from __future__ import annotations

import html

import reacton.ipyvuetify as rv
import solara

from teaching import explore, presets
from teaching.pages import state
from teaching.pages.controls import RosterInput, ScenarioCard, SelectBox
from teaching.plots import unit_key

__all__ = ["ComparePage"]

NO_SESSION = ""


@solara.component
def SessionPanel():
    """Choose a teaching session; show what it asks, what to look for and the prompts."""
    chosen = state.session.value
    titles = {name: presets.session_title(name) for name in presets.PRESETS}
    SelectBox(
        "Teaching session",
        chosen.name if chosen else NO_SESSION,
        [NO_SESSION, *titles],
        lambda name: state.choose_session(name or None),
        texts=["none: set the scenarios yourself", *titles.values()],
    )
    if chosen is not None:
        lesson = chosen.teaching
        with solara.Column(gap="2px", classes=["session"]):
            rv.Html(tag="h2", children=[lesson["title"]])
            solara.Text(f"What changes: {lesson['change']}")
            solara.Text(f"What to look for: {lesson['look_for']}")
            rv.Html(tag="h3", children=["Discussion prompts"])
            rv.Html(tag="ol", children=[rv.Html(tag="li", children=[p]) for p in lesson["prompts"]])


@solara.component
def OrganisationPanel():
    """The organisation both scenarios run on: a preset, or an uploaded roster."""
    where = state.organisation.value
    names = list(explore.ORGANISATIONS)
    texts = [explore.organisation(name).label for name in names]
    if where.roster is not None:
        names, texts = [*names, where.name], [*texts, where.label]
    SelectBox("Organisation", where.name, names, lambda name: _choose_organisation(name), texts=texts)
    RosterInput(state.upload_roster)
    message = state.roster_message.value
    if message is not None:
        ok, text = message
        if ok:
            solara.Success(text, dense=True)
        else:
            solara.Error(f"{text}. Nothing runs until a good roster is uploaded or another organisation is chosen.")


def _choose_organisation(name: str) -> None:
    if name in explore.ORGANISATIONS:
        state.organisation.set(explore.organisation(name))
        state.roster_message.set(None)


@solara.component
def RunSettings():
    """Months, replications and the master seed."""
    SelectBox("Months after the warm-up", state.months.value, [24, 60, 120, 180, 240], state.months.set)
    SelectBox(
        "Replications of each scenario (same seeds for both)",
        state.replications.value,
        list(range(2, 11)),
        state.replications.set,
    )
    solara.InputInt("Master seed", value=state.master_seed)


@solara.component
def Results():
    """The Run button, the figure and what differs."""
    task = state.run_comparison
    ran = task.latest  # the last finished comparison: it stays on screen while the next one runs
    refused = state.roster_message.value is not None and not state.roster_message.value[0]
    with solara.Row(classes=["run-row"], style={"align-items": "center"}):
        solara.Button(
            "Run comparison",
            color="primary",
            on_click=task,
            disabled=task.pending or refused,
            classes=["run-button"],
        )
        if task.pending:
            solara.Text(f"Running {2 * state.replications.value} simulations…", classes=["status"])
        elif task.error:
            solara.Error(f"Nothing ran: {task.exception}")
        elif ran is not None:
            stale = " Settings changed since: press Run." if ran.settings != state.settings() else ""
            done = ran.result
            solara.Text(
                f"{done.replications} replications of each scenario on {done.organisation}, {done.n_steps} months "
                f"after the warm-up; ran in {done.seconds:.1f} s.{stale}",
                classes=["status"],
            )
        else:
            solara.Text("Choose two scenarios (or a teaching session), then press Run.", classes=["status"])
    if ran is None:
        return
    done = ran.result
    describe = (
        f"Comparison of A: {done.labels[0]} and B: {done.labels[1]}: improvement delivered over the months, "
        "capability of the units that started weakest and strongest, units with no success, and every unit "
        "at the start and the end. The sentences below say what differs."
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f"<img class='explorer-figure' alt='{html.escape(describe)}' src='{ran.figure}'>",
    )
    rv.Html(tag="h2", class_="differs", children=["What differs"])
    with rv.Html(tag="ul", class_="sentences"):
        for i, sentence in enumerate(done.sentences):
            rv.Html(tag="li", class_="lead-sentence" if i == 0 else "", children=[sentence])
    solara.Text(unit_key(), classes=["key"])


@solara.component
def ComparePage():
    chosen = state.session.value
    with solara.Row(classes=["explorer-body"], gap="0px"):
        with solara.Column(classes=["explorer-side"], gap="10px"):
            SessionPanel()
            OrganisationPanel()
            ScenarioCard("A", state.scenario_a, state.scenario_b.value)
            ScenarioCard("B", state.scenario_b, state.scenario_a.value)
            RunSettings()
        with solara.Column(classes=["explorer-main"], gap="6px"):
            heading = chosen.question if chosen else "Two policies on the same organisation, side by side"
            rv.Html(tag="h1", class_="page-heading", children=[heading])
            Results()
