"""Figures of robustness across sampled worlds: they draw what ``analysis.robustness`` and
``analysis.scenarios`` computed, nothing more.

- ``win_share_chart``: per outcome, the share of worlds in which each policy is best;
- ``regret_chart``: per outcome, each policy's median regret (bar) and 90th-percentile regret
  (marker): how much it gives up against the best policy of each world, typically and in the bad
  worlds (Savage regret; Lempert et al. 2006);
- ``scenario_map``: the two inputs that decide a comparison as axes, one point per sampled world
  coloured by the winner, and the decision tree's thresholds as lines (Bryant & Lempert 2010).

Same conventions as ``analysis.plots``: the Okabe-Ito palette with one colour per policy across
every figure of a brief (pass ``palette``, e.g. ``analysis.plots.colours`` of every policy, where
a figure shows only some of them), axes with units, constrained layout, ``matplotlib.figure.Figure`` objects
(no pyplot state). Policies appear in the order of the data; long names are wrapped, and policy
names sit on the vertical axis so that they never overlap. Sized to read at 1024 x 768 pixels.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.plots import PALETTE, colours, label

__all__ = ["importance_chart", "regret_chart", "scenario_map", "win_share_chart"]

WIDTH, HEIGHT = 10.0, 7.4  # inches at 100 dpi: within 1024 x 768 pixels
WRAP = 18  # characters per line of a policy name on an axis


def _wrap(level) -> str:
    return textwrap.fill(label(level), WRAP)


def _name_unit(column: str, labels: Mapping[str, Sequence[str]] | None) -> tuple[str, str]:
    entry = (labels or {}).get(column)
    if not entry:
        return column.replace("_", " "), ""
    return str(entry[0]).removeprefix("the "), str(entry[1]) if len(entry) > 1 else ""


def _panels(n: int, rows_per_panel: int) -> tuple[Figure, list]:
    cols = min(2, n)
    rows = int(np.ceil(n / cols))
    height = min(HEIGHT, max(2.6, rows * (0.42 * rows_per_panel + 1.3)))
    figure = Figure(figsize=(WIDTH if cols > 1 else WIDTH * 0.6, height), layout="constrained")
    axes = figure.subplots(rows, cols, squeeze=False).ravel().tolist()
    for extra in axes[n:]:
        extra.set_visible(False)
    return figure, axes[:n]


def _policy_axis(ax, policies: list, palette: dict) -> np.ndarray:
    y = np.arange(len(policies))
    ax.set_yticks(y, [_wrap(p) for p in policies], fontsize=8)
    for tick, policy in zip(ax.get_yticklabels(), policies, strict=True):
        tick.set_color(palette[policy])
    ax.set_ylim(len(policies) - 0.5, -0.5)  # first policy on top
    return y


def win_share_chart(
    shares: pd.DataFrame,
    labels: Mapping[str, Sequence[str]] | None = None,
    title: str = "",
    policy: str = "policy",
    palette: Mapping[str, str] | None = None,
) -> Figure:
    """``shares`` from ``robustness.win_shares``: one panel per outcome, a bar per policy."""
    outcomes = list(dict.fromkeys(shares["outcome"]))
    policies = list(dict.fromkeys(shares[policy]))
    palette = palette or colours(policies)
    figure, axes = _panels(len(outcomes), len(policies))
    for ax, outcome in zip(axes, outcomes, strict=True):
        rows = shares[shares["outcome"] == outcome].set_index(policy).reindex(policies)
        y = _policy_axis(ax, policies, palette)
        ax.barh(y, 100 * rows["win_share"].to_numpy(dtype=float), color=[palette[p] for p in policies], height=0.6)
        n = int(rows["n_worlds"].max())
        ax.set_xlim(0, 100)
        ax.set_xlabel(f"% of the {n} sampled worlds in which it is best")
        ax.set_title(textwrap.fill(_name_unit(outcome, labels)[0], 48), fontsize=10)
        ax.grid(alpha=0.3, axis="x")
    figure.suptitle(title or "Which policy is best, across the sampled worlds")
    return figure


def regret_chart(
    regrets: pd.DataFrame,
    labels: Mapping[str, Sequence[str]] | None = None,
    title: str = "",
    policy: str = "policy",
    palette: Mapping[str, str] | None = None,
) -> Figure:
    """``regrets`` from ``robustness.regret``: per outcome, a bar for each policy's median regret and
    a marker for its high (90th-percentile) regret, in the outcome's units."""
    outcomes = list(dict.fromkeys(regrets["outcome"]))
    policies = list(dict.fromkeys(regrets[policy]))
    palette = palette or colours(policies)
    figure, axes = _panels(len(outcomes), len(policies))
    for ax, outcome in zip(axes, outcomes, strict=True):
        rows = regrets[regrets["outcome"] == outcome].set_index(policy).reindex(policies)
        y = _policy_axis(ax, policies, palette)
        quantile = float(rows["quantile"].iloc[0])
        bars = ax.barh(
            y,
            rows["median_regret"].to_numpy(dtype=float),
            color=[palette[p] for p in policies],
            height=0.6,
            label="median regret",
        )
        (markers,) = ax.plot(
            rows["high_regret"].to_numpy(dtype=float),
            y,
            linestyle="none",
            marker="D",
            color=PALETTE[7],
            label=f"{100 * quantile:.0f}th percentile",
        )
        name, unit = _name_unit(outcome, labels)
        ax.set_xlim(left=0)
        ax.set_xlabel(f"shortfall from the best policy in each world ({unit})" if unit else "shortfall from the best")
        ax.set_title(textwrap.fill(name, 48), fontsize=10)
        ax.grid(alpha=0.3, axis="x")
    figure.legend([bars, markers], [bars.get_label(), markers.get_label()], loc="outside lower center", ncols=2)
    figure.legends[0].set_frame_on(False)
    figure.suptitle(title or "What each policy gives up against the best policy of each world")
    return figure


def scenario_map(
    points: pd.DataFrame,
    x: str,
    y: str,
    lines: pd.DataFrame | None = None,
    labels: Mapping[str, Sequence[str]] | None = None,
    title: str = "",
    winner: str = "winner",
    palette: Mapping[str, str] | None = None,
) -> Figure:
    """One point per sampled world at its values of the inputs ``x`` and ``y``, coloured by the
    ``winner`` column; ``lines`` from ``scenarios.split_lines`` drawn as the tree's thresholds
    (dashed where the split holds only within a range of an input not on the map)."""
    figure = Figure(figsize=(7.4, 5.6), layout="constrained")
    ax = figure.subplots()
    groups = list(dict.fromkeys(points[winner]))
    palette = palette or colours(groups)
    for group, marker in zip(groups, ("o", "^", "s", "D", "v"), strict=False):  # a shape each, not colour alone
        rows = points[points[winner] == group]
        ax.scatter(
            rows[x], rows[y], s=24, color=palette[group], marker=marker, alpha=0.85, label=_wrap(group), linewidths=0
        )
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    for line in (lines if lines is not None else pd.DataFrame()).itertuples():
        style = {"color": PALETTE[7], "linewidth": 1.4, "linestyle": "--" if line.partial else "-"}
        if line.axis == "x":
            ax.plot([line.threshold] * 2, [max(line.low, ylim[0]), min(line.high, ylim[1])], **style)
        else:
            ax.plot([max(line.low, xlim[0]), min(line.high, xlim[1])], [line.threshold] * 2, **style)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    for setter, column in ((ax.set_xlabel, x), (ax.set_ylabel, y)):
        name, unit = _name_unit(column, labels)
        setter(f"{name} ({unit})" if unit else name)
    ax.grid(alpha=0.3)
    figure.legend(title="winner", fontsize=8, title_fontsize=8, loc="outside right upper", frameon=False)
    ax.set_title(textwrap.fill(title or "Which assumptions decide the winner", 60), fontsize=10)
    return figure


def importance_chart(
    ranking: pd.DataFrame, labels: Mapping[str, Sequence[str]] | None = None, title: str = "", most: int = 10
) -> Figure:
    """The ``most`` top-ranked inputs of a screening (``analysis.screening.rank_inputs``) as horizontal
    bars of their extra-trees importance, the most important at the top: filled where the input passes
    the screening's test, hollow where it does not, with its rank correlation beside the bar."""
    top = ranking.head(most).iloc[::-1]
    figure = Figure(figsize=(7.4, 0.36 * len(top) + 1.6), layout="constrained")
    ax = figure.subplots()
    y = np.arange(len(top))
    passes = top["matters"].to_numpy(dtype=bool)
    ax.barh(y, top["importance"], color=np.where(passes, PALETTE[0], "white"), edgecolor=PALETTE[0], height=0.6)
    for i, row in enumerate(top.itertuples()):
        ax.text(row.importance, i, f"  rho {row.rho:+.2f}", va="center", fontsize=7)
    names = [textwrap.fill(_name_unit(name, labels)[0], 34) for name in top["input"]]
    ax.set_yticks(y, names, fontsize=8)
    ax.set_xlabel("importance (extra trees; filled: beyond chance, hollow: not)")
    ax.set_xlim(0, float(top["importance"].max()) * 1.35 if len(top) else 1)
    ax.grid(alpha=0.3, axis="x")
    ax.set_title(textwrap.fill(title or "What the comparison depends on", 60), fontsize=10)
    return figure
