"""The month-by-month page, for live demonstrations: scenarios A and B stepped together.

The scenarios, organisation and seed are the comparison page's; both models start from the same
warm-up (its first replication). Play advances a month as soon as the page has drawn the last one,
Step one month, Step a year twelve, Reset goes back to month 0; the unit view shows where the
leadership attention went this month. The clock of Play runs in the browser (``Clock``): it asks
for the next month only once the last one is drawn, so every month is computed and drawn in the
session's own thread, nothing piles up on a slow machine, and a closed page stops playing. The
redraw after each month uses Mesa's own signal (``mesa.visualization.utils``).
"""

from __future__ import annotations

import html

import ipyvuetify
import reacton.ipyvuetify as rv
import solara
import traitlets
from mesa.visualization.utils import force_update, update_counter

from teaching.live import MonthByMonth
from teaching.pages import state
from teaching.plots import month_figure, png_data_url, unit_key

__all__ = ["MonthPage"]


class Clock(ipyvuetify.VuetifyTemplate):
    """Play's clock, in the browser: while ``playing``, a tick (``ticks`` + 1) ``pause`` ms after each
    new ``month`` the page shows."""

    template = traitlets.Unicode(
        """<template><span aria-hidden="true"></span></template>
<script>
module.exports = {
  watch: { playing() { this.next(); }, month() { this.next(); } },
  mounted() { this.next(); },
  beforeDestroy() { clearTimeout(this.timer); },
  methods: {
    next() {
      clearTimeout(this.timer);
      if (this.playing) { this.timer = setTimeout(() => { this.ticks = this.ticks + 1; }, this.pause); }
    },
  },
};
</script>"""
    ).tag(sync=True)
    playing = traitlets.Bool(False).tag(sync=True)
    month = traitlets.Int(0).tag(sync=True)
    ticks = traitlets.Int(0).tag(sync=True)
    pause = traitlets.Int(100).tag(sync=True)


def _summary(demo: MonthByMonth) -> list[str]:
    last = demo.history().groupby("scenario", sort=False).last()
    lines = []
    for letter, label in zip("AB", demo.labels, strict=True):
        row = last.loc[label]
        lines.append(
            f"{letter}: {label}: improvement delivered {row['improvement_delivered']:.2f} quality points; "
            f"units with no success {100 * row['share_no_success']:.0f} %; units that started "
            f"weakest at {row['capability_q1']:.2f}, strongest at {row['capability_q4']:.2f} capability"
        )
    return lines


@solara.component
def MonthPage():
    a, b, where = state.scenario_a.value, state.scenario_b.value, state.organisation.value
    seed = state.master_seed.value
    total = state.months.value
    version, set_version = solara.use_state(0)
    demo = solara.use_memo(lambda: MonthByMonth(a, b, where, master_seed=seed), [a, b, where, seed, version])
    update_counter.get()  # Mesa's redraw signal: force_update() after each step draws the new month
    running, set_running = solara.use_state(False)

    def advance(months: int) -> None:
        demo.step(min(months, total - demo.month))
        if demo.month >= total:
            set_running(False)
        force_update()

    def tick(_ticks: int) -> None:
        if running:
            advance(1)

    Clock.element(playing=running, month=demo.month, on_ticks=tick)
    figure = solara.use_memo(
        lambda: png_data_url(month_figure(demo.history(), demo.units(), demo.labels, demo.month)), [demo, demo.month]
    )
    with solara.Row(classes=["explorer-body"], gap="0px"):
        with solara.Column(classes=["explorer-side"], gap="10px"):
            rv.Html(tag="h2", children=["Month by month"])
            solara.Text(
                "Scenarios A and B run side by side on the same organisation and seed, one month at a time. "
                "Set them, the organisation and the months on the comparison page."
            )
            for letter, label in zip("AB", demo.labels, strict=True):
                solara.Text(f"Scenario {letter}: {label}", classes=[f"scenario-{letter.lower()}-text"])
            solara.Text(f"Organisation: {where.label}")
            with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
                at_end = demo.month >= total
                solara.Button(
                    "Pause" if running else "Play",
                    color="primary",
                    on_click=lambda: set_running(not running),
                    disabled=at_end and not running,
                )
                solara.Button("Step", on_click=lambda: advance(1), disabled=running or at_end)
                solara.Button("Step a year", on_click=lambda: advance(12), disabled=running or at_end)
                solara.Button("Reset", on_click=lambda: (set_running(False), set_version(version + 1)))
        with solara.Column(classes=["explorer-main"], gap="6px"):
            rv.Html(tag="h1", class_="page-heading month-heading", children=[f"Month {demo.month} of {total}"])
            describe = f"Month {demo.month}: scenarios A and B, their outputs so far and every unit this month."
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f"<img class='explorer-figure' alt='{html.escape(describe)}' src='{figure}'>",
            )
            units = demo.units()
            solara.Text(unit_key(units), classes=["key"])
            with rv.Html(tag="ul", class_="sentences"):
                for line in _summary(demo):
                    rv.Html(tag="li", children=[line])
