"""The explorer's figures: a comparison of two scenarios, and the month-by-month view, each one image.

Scenario A is blue and B orange (the Okabe-Ito palette of ``analysis.plots``), lines that stand for
the weakest units are dashed, and every mark that says "no success" is a shape (a hollow marker or a
hatched bar), so nothing is told by colour alone. Titles and axis labels are plain words; time is in
months. The figures draw what ``teaching.explore`` and ``teaching.live`` computed.
"""

from __future__ import annotations

import base64
import io

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis import wording as W
from analysis.outcomes import outcome
from analysis.plots import PALETTE

__all__ = ["comparison_figure", "month_figure", "png_data_url", "unit_key"]

COLOURS = (PALETTE[0], PALETTE[1])  # scenario A, scenario B
SIZE = (7.0, 4.9)  # inches at 100 dpi: fits beside the controls on a 1024 x 768 projector
FONT = 8


def _layout(labels: tuple[str, str]) -> tuple[Figure, list, list]:
    """Three headline panels above two unit views, on fixed margins (a constrained layout would cost a
    third of the drawing time, which a Run waits for)."""
    figure = Figure(figsize=SIZE, dpi=100)
    upper = figure.add_gridspec(1, 3, left=0.075, right=0.99, top=0.845, bottom=0.585, wspace=0.42)
    lower = figure.add_gridspec(1, 2, left=0.075, right=0.99, top=0.445, bottom=0.06, wspace=0.16)
    top = [figure.add_subplot(upper[0, i]) for i in range(3)]
    bottom = [figure.add_subplot(lower[0, i]) for i in range(2)]
    handles = [Line2D([], [], color=c, linewidth=2) for c in COLOURS]
    names = [f"A: {labels[0]}", f"B: {labels[1]}"]
    figure.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=FONT)
    for ax in top + bottom:
        ax.tick_params(labelsize=FONT - 1)
        ax.grid(alpha=0.3)
    return figure, top, bottom


def _over_time(ax, frame: pd.DataFrame, labels, outcome: str, *, scale: float = 1.0, style: str = "-") -> None:
    for label, colour in zip(labels, COLOURS, strict=True):
        rows = frame[(frame["scenario"] == label) & (frame["outcome"] == outcome)]
        ax.plot(rows["step"], scale * rows["mean"], color=colour, linestyle=style, linewidth=1.5)
        if style == "-":
            low, high = scale * rows["ci_low"], scale * rows["ci_high"]
            ax.fill_between(rows["step"], low, high, color=colour, alpha=0.2, linewidth=0)


def _headline_panels(axes, labels) -> None:
    delivered, weakest, no_success = (
        outcome(c) for c in ("improvement_delivered", "capability_q1", "share_no_success")
    )
    titles = (
        (f"{W.sentence_case(delivered.short)} since month 0", delivered.unit),
        ("Units that started weakest (dashed)\nand strongest (solid)", f"mean {weakest.unit}"),
        (f"{W.sentence_case(no_success.short)} yet\n(dotted: as many at random)", f"{no_success.unit} (%)"),
    )
    for ax, (title, unit) in zip(axes, titles, strict=True):
        ax.set_title(title, fontsize=FONT)
        ax.set_xlabel("month", fontsize=FONT)
        ax.set_ylabel(unit, fontsize=FONT)
    axes[2].set_ylim(0, 100)


def _unit_panel(ax, units: pd.DataFrame, label: str, colour: str, title: str, attention: bool = False) -> None:
    """Each unit (weakest at month 0 on the left): capability at month 0 (black tick) and now."""
    rows = units[units["scenario"] == label].sort_values("start", kind="stable")
    x = np.arange(len(rows))
    if attention:  # bars coloured by the attention received this month
        scale = max(float(units["attention"].max()), 1e-9)
        colours = colormaps["viridis"](rows["attention"].to_numpy() / scale)
        bars = ax.bar(x, rows["now"], color=colours, width=0.8)
        for bar, empty in zip(bars, rows["no_success"], strict=True):
            if empty:
                bar.set_hatch("///")
                bar.set_edgecolor("white")
    else:
        ax.vlines(x, rows["start"], rows["now"], color=colour, linewidth=1)
        success = ~rows["no_success"].to_numpy(dtype=bool)
        ax.scatter(x[success], rows["now"][success], color=colour, s=14, zorder=3)
        ax.scatter(x[~success], rows["now"][~success], facecolor="white", edgecolor=colour, s=14, zorder=3)
    ax.scatter(x, rows["start"], marker="_", color="black", s=30, zorder=4)
    coached = rows["coached"].to_numpy(dtype=bool)
    ax.scatter(x[coached], np.full(coached.sum(), 0.02), marker="^", color="black", s=12, zorder=4)
    ax.set_ylim(0, max(0.6, float(units[["start", "now"]].max().max()) * 1.1))
    ax.set_xticks([])
    ax.set_xlabel("units, weakest at month 0 on the left", fontsize=FONT)
    ax.set_ylabel("capability (0-1)", fontsize=FONT)
    ax.set_title(title, fontsize=FONT)


def unit_key(units: pd.DataFrame | None = None) -> str:
    """How to read the unit view, in words (under the figure, where a screen reader finds it); with
    ``units`` (the month-by-month view), the colour scale of attention."""
    if units is None:
        now, empty = "dot: capability now", "hollow dot"
    else:
        most = float(units["attention"].max())
        scale = f"dark: none, yellow: {most:.2f} support units"
        now = f"bar: capability now, its colour the attention received this month ({scale})"
        empty = "hatched bar"
    return f"Unit view: black tick, capability at month 0; {now}; {empty}: no success since month 0; ▲ a coach."


def comparison_figure(result) -> Figure:
    """The comparison (``teaching.explore.Comparison``): the headline panels over months with 95 %
    bands across replications, then each scenario's units in the first replication."""
    labels = result.labels
    figure, top, bottom = _layout(labels)
    _over_time(top[0], result.over_time, labels, "improvement_delivered")
    for quartile, style in ((4, "-"), (1, "--")):
        rows = result.quartiles[result.quartiles["initial_quartile"] == quartile]
        for label, colour in zip(labels, COLOURS, strict=True):
            mine = rows[rows["scenario"] == label]
            top[1].plot(mine["step"], mine["capability"], color=colour, linestyle=style, linewidth=1.5)
    _over_time(top[2], result.over_time, labels, "share_no_success", scale=100)
    _over_time(top[2], result.over_time, labels, "share_no_success_null", scale=100, style=":")
    _headline_panels(top, labels)
    for ax, label, colour, name in zip(bottom, labels, COLOURS, "AB", strict=True):
        _unit_panel(ax, result.units, label, colour, f"{name}: every unit at month 0 and at month {result.n_steps}")
    return figure


def month_figure(history: pd.DataFrame, units: pd.DataFrame, labels: tuple[str, str], month: int) -> Figure:
    """The month-by-month view (``teaching.live.MonthByMonth``): the headline panels up to this
    month, then each scenario's units this month, coloured by the attention they received."""
    figure, top, bottom = _layout(labels)
    for label, colour in zip(labels, COLOURS, strict=True):
        rows = history[history["scenario"] == label]
        top[0].plot(rows["step"], rows["improvement_delivered"], color=colour, linewidth=1.5)
        top[1].plot(rows["step"], rows["capability_q4"], color=colour, linewidth=1.5)
        top[1].plot(rows["step"], rows["capability_q1"], color=colour, linestyle="--", linewidth=1.5)
        top[2].plot(rows["step"], 100 * rows["share_no_success"], color=colour, linewidth=1.5)
        top[2].plot(rows["step"], 100 * rows["share_no_success_null"], color=colour, linestyle=":", linewidth=1.5)
    _headline_panels(top, labels)
    for ax in top:
        ax.set_xlim(0, max(12, month))
    for ax, label, colour, name in zip(bottom, labels, COLOURS, "AB", strict=True):
        _unit_panel(ax, units, label, colour, f"{name}: every unit in month {month}", attention=True)
    return figure


def png_data_url(figure: Figure) -> str:
    """The figure as a PNG data URL, for an ``<img>`` that carries alternative text."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
