"""Figures for researchers and leaders: they draw what ``analysis.stats`` computed, nothing more.

Every figure uses the Okabe-Ito colour-blind-safe palette, labels its axes with units, carries a
title a leader can read, and is saved as PNG and SVG by ``save``. Figures are built with
``matplotlib.figure.Figure`` (no pyplot state, no display needed).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis import wording

__all__ = [
    "PALETTE",
    "colours",
    "dose_response",
    "forest",
    "lorenz",
    "morris",
    "over_time",
    "quartiles",
    "save",
    "skills_audit",
    "two_way",
]

#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
QUARTILE_NAMES = {1: "weakest quarter at the start", 2: "second quarter", 3: "third quarter", 4: "strongest quarter"}

Order = Sequence | None


def ordered(levels: Sequence, order: Order = None) -> list:
    """Levels in a stable order: those in ``order`` as ordered there (the caller reads it from the data,
    e.g. the model's policies, so a level has the same colour in every figure), then the rest as given."""
    levels = list(dict.fromkeys(levels))
    rank = {level: i for i, level in reversed(list(enumerate(order or [])))}
    return sorted(levels, key=lambda level: rank.get(level, len(rank)))


def colours(levels: Sequence, order: Order = None) -> dict:
    return {level: PALETTE[i % len(PALETTE)] for i, level in enumerate(ordered(levels, order))}


#: A level's name as a figure writes it (``analysis.wording.name``: 'cross unit learning').
label = wording.name


def save(figure: Figure, folder: Path, name: str, svg: bool = True) -> list[Path]:
    """Write ``name``.png (and ``name``.svg unless ``svg`` is false) into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"][: 2 if svg else 1]
    figure.savefig(paths[0], dpi=100)  # the constrained layout already fits the figure to its content
    if svg:
        figure.savefig(paths[1])
    return paths


def _grid(n: int, width: float = 4.2, height: float = 3.0) -> tuple[Figure, list]:
    cols = min(3, n)
    rows = int(np.ceil(n / cols))
    figure = Figure(figsize=(width * cols, height * rows), layout="constrained")
    axes = figure.subplots(rows, cols, squeeze=False).ravel().tolist()
    for extra in axes[n:]:
        extra.set_visible(False)
    return figure, axes[:n]


def over_time(
    frame: pd.DataFrame, condition: str, outcomes: dict[str, tuple[str, str]], title: str, order: Order = None
) -> Figure:
    """One panel per outcome: the mean across replications over the months, with its 95 % band, one
    line per condition level. ``outcomes``: column -> (title, unit)."""
    levels = ordered(frame[condition], order)
    palette = colours(levels)
    figure, axes = _grid(len(outcomes))
    for ax, (outcome, (name, unit)) in zip(axes, outcomes.items(), strict=True):
        for level in levels:
            rows = frame[(frame[condition] == level) & (frame["outcome"] == outcome)]
            ax.plot(rows["step"], rows["mean"], color=palette[level], label=label(level), linewidth=1.6)
            ax.fill_between(
                rows["step"], rows["ci_low"], rows["ci_high"], color=palette[level], alpha=0.18, linewidth=0
            )
        ax.set_title(textwrap.fill(name, 40), fontsize=10)
        ax.set_xlabel("month")
        ax.set_ylabel(unit)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8, title=label(condition), title_fontsize=8, frameon=False)  # e.g. "annual turnover"
    figure.suptitle(title)
    return figure


def lorenz(frame: pd.DataFrame, condition: str, title: str, order: Order = None) -> Figure:
    """Lorenz curves of unit capability at the end: the further below the diagonal, the more unequal."""
    figure = Figure(figsize=(5.2, 4.6), layout="constrained")
    ax = figure.subplots()
    levels = ordered(frame[condition], order)
    palette = colours(levels)
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfect equality")
    for level in levels:
        rows = frame[frame[condition] == level]
        ax.plot(rows["share_of_units"], rows["share_of_capability"], color=palette[level], label=label(level))
    ax.set_xlabel("share of units, weakest first")
    ax.set_ylabel("share of the organisation's capability")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    return figure


def quartiles(frame: pd.DataFrame, condition: str, title: str, order: Order = None) -> Figure:
    """Mean unit capability over time by initial-capability quartile, one panel per condition level."""
    levels = ordered(frame[condition], order)
    figure, axes = _grid(len(levels), width=3.8, height=3.0)
    quartile_colours = {1: PALETTE[5], 2: PALETTE[1], 3: PALETTE[4], 4: PALETTE[0]}
    top = float(frame["capability"].max()) * 1.05
    for ax, level in zip(axes, levels, strict=True):
        for quartile, rows in frame[frame[condition] == level].groupby("initial_quartile"):
            ax.plot(
                rows["step"],
                rows["capability"],
                color=quartile_colours[int(quartile)],
                label=QUARTILE_NAMES[int(quartile)],
            )
        ax.set_title(label(level), fontsize=10)
        ax.set_xlabel("month")
        ax.set_ylabel("mean unit capability (0-1)")
        ax.set_ylim(0, top)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7, frameon=False)
    figure.suptitle(title)
    return figure


def skills_audit(start: pd.DataFrame, end: pd.DataFrame, title: str) -> Figure:
    """The organisation's skills audit: units (rows, weakest at the start at the top) by capability."""
    figure = Figure(figsize=(9.5, max(3.5, 0.14 * len(start) + 1.8)), layout="constrained")
    axes = figure.subplots(1, 2, sharey=True)
    image = None
    for ax, matrix, when in ((axes[0], start, "at the start"), (axes[1], end, "at the end")):
        image = ax.imshow(matrix.to_numpy(dtype=float), aspect="auto", cmap="viridis", vmin=0, vmax=1)
        ax.set_xticks(range(matrix.shape[1]), [label(c) for c in matrix.columns], rotation=45, ha="right", fontsize=8)
        ax.set_title(when, fontsize=10)
    axes[0].set_yticks(range(len(start)), [str(u) for u in start.index], fontsize=6)
    axes[0].set_ylabel("unit (weakest at the start first)")
    figure.colorbar(image, ax=axes, label="staff mean capability (0-1)", shrink=0.8)
    figure.suptitle(title)
    return figure


def forest(frame: pd.DataFrame, factor: str, labels: dict[str, str], title: str, order: Order = None) -> Figure:
    """Paired differences against the reference with 95 % CIs, one panel per outcome."""
    outcomes = list(dict.fromkeys(frame["outcome"]))
    figure, axes = _grid(len(outcomes), width=4.0, height=0.45 * frame[factor].nunique() + 1.4)
    levels = ordered(frame[factor], order)
    palette = colours([frame["reference"].iloc[0], *levels], order)
    columns = min(3, len(outcomes))
    for index, (ax, outcome) in enumerate(zip(axes, outcomes, strict=True)):
        rows = frame[frame["outcome"] == outcome].set_index(factor).reindex(levels)
        y = np.arange(len(levels))
        for i, level in enumerate(levels):
            row = rows.loc[level]
            ax.errorbar(
                row["mean_difference"],
                y[i],
                xerr=[[row["mean_difference"] - row["ci_low"]], [row["ci_high"] - row["mean_difference"]]],
                fmt="o",
                color=palette[level],
                capsize=3,
            )
        ax.axvline(0, color="grey", linewidth=1)
        # policy names on the first panel of each row only, and few x ticks: nothing overlaps
        ax.set_yticks(y, [textwrap.fill(label(level), 16) for level in levels] if index % columns == 0 else [])
        ax.tick_params(axis="y", labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.invert_yaxis()
        ax.set_title(textwrap.fill(labels.get(outcome, outcome), 34), fontsize=9)
        ax.set_xlabel(f"difference from {label(frame['reference'].iloc[0])}", fontsize=8)
        ax.grid(alpha=0.3, axis="x")
    figure.suptitle(title)
    return figure


def two_way(
    frame: pd.DataFrame,
    rows: str,
    columns: str,
    value_label: str,
    title: str,
    fmt: Callable[[float], str] = "{:.2f}".format,
) -> Figure:
    """A heatmap of a mean outcome over two swept settings (``frame``: rows x columns x 'mean'); ``fmt``
    writes each cell's value (the outcome's own format, ``analysis.wording.amount``)."""
    table = frame.pivot_table(index=rows, columns=columns, values="mean", sort=False)
    figure = Figure(figsize=(1.3 * table.shape[1] + 3.0, 0.6 * table.shape[0] + 2.0), layout="constrained")
    ax = figure.subplots()
    image = ax.imshow(table.to_numpy(dtype=float), aspect="auto", cmap="cividis")
    ax.set_xticks(range(table.shape[1]), [label(c) for c in table.columns], rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(table.shape[0]), [label(r) for r in table.index], fontsize=8)
    ax.set_xlabel(label(columns))
    ax.set_ylabel(label(rows))
    for (i, j), value in np.ndenumerate(table.to_numpy(dtype=float)):
        ax.text(
            j,
            i,
            fmt(value),
            ha="center",
            va="center",
            fontsize=7,
            color="white" if value < np.nanmean(table.to_numpy(dtype=float)) else "black",
        )
    figure.colorbar(image, ax=ax, label=value_label)
    ax.set_title(title, fontsize=10)
    return figure


def dose_response(frame: pd.DataFrame, dose: str, outcomes: dict[str, tuple[str, str]], title: str) -> Figure:
    """Mean outcome (with 95 % CI) against the dose, one panel per outcome."""
    figure, axes = _grid(len(outcomes))
    for ax, (outcome, (name, unit)) in zip(axes, outcomes.items(), strict=True):
        rows = frame[frame["outcome"] == outcome].sort_values(dose)
        ax.errorbar(
            rows[dose],
            rows["mean"],
            yerr=[rows["mean"] - rows["ci_low"], rows["ci_high"] - rows["mean"]],
            fmt="o-",
            color=PALETTE[0],
            capsize=3,
        )
        ax.set_title(name, fontsize=10)
        ax.set_xlabel(label(dose))
        ax.set_ylabel(unit)
        ax.grid(alpha=0.3)
    figure.suptitle(title)
    return figure


def morris(frame: pd.DataFrame, labels: dict[str, str], title: str) -> Figure:
    """Morris screening: mu* (overall influence) against sigma (interactions, non-linearity), per output."""
    outputs = list(dict.fromkeys(frame["output"]))
    figure, axes = _grid(len(outputs))
    parameters = list(dict.fromkeys(frame["parameter"]))
    palette = colours(parameters)
    for ax, output in zip(axes, outputs, strict=True):
        rows = frame[frame["output"] == output]
        for row in rows.itertuples():
            ax.scatter(row.mu_star, row.sigma, color=palette[row.parameter], label=label(row.parameter), s=30)
        ax.set_title(labels.get(output, output), fontsize=9)
        ax.set_xlabel("mu* (mean absolute elementary effect)")
        ax.set_ylabel("sigma (spread of effects)")
        ax.grid(alpha=0.3)
    handles, names = axes[0].get_legend_handles_labels()
    figure.legend(handles, names, loc="outside lower center", ncols=4, fontsize=8, frameon=False)
    figure.suptitle(title)
    return figure
