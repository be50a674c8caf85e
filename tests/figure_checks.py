"""Checks that a figure reads at 1024 x 768: every text inside the canvas, no tick labels overlapping."""

from __future__ import annotations

from itertools import combinations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

MAX_PIXELS = (1024, 768)  # at 100 dpi, as analysis.plots.save writes PNGs


def tick_labels(axis) -> list:
    """The tick labels matplotlib draws: those of ticks inside the view limits (a locator may place one
    beyond them, whose label is never drawn)."""
    low, high = sorted(axis.get_view_interval())
    return [
        label
        for location, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels(), strict=True)
        if low - 1e-9 * abs(high - low) <= location <= high + 1e-9 * abs(high - low)
    ]


def texts(figure: Figure) -> list:
    """Every visible, non-empty text of the figure: titles, axis and tick labels, legends."""
    found = [figure._suptitle] if figure._suptitle is not None else []
    for ax in figure.axes:
        if not ax.get_visible():
            continue
        found += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        found += tick_labels(ax.xaxis) + tick_labels(ax.yaxis)
    for legend in figure.legends + [ax.get_legend() for ax in figure.axes if ax.get_legend()]:
        found += [*legend.get_texts(), legend.get_title()]
    return [t for t in found if t.get_visible() and t.get_text()]


def assert_readable(figure: Figure, max_pixels: tuple[int, int] | None = MAX_PIXELS) -> None:
    """Fits ``max_pixels`` at 100 dpi (unless None); no text leaves the canvas; no two tick labels of an
    axis overlap."""
    width, height = figure.get_size_inches() * 100
    if max_pixels is not None:
        assert width <= max_pixels[0] and height <= max_pixels[1], (width, height)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = figure.bbox
    for text in texts(figure):
        extent = text.get_window_extent(renderer)
        inside = extent.x0 >= box.x0 - 1 and extent.x1 <= box.x1 + 1 and extent.y0 >= box.y0 - 1
        assert inside and extent.y1 <= box.y1 + 1, f"clipped: {text.get_text()!r} at {extent} in {box}"
    for ax in figure.axes:
        for labels in (tick_labels(ax.xaxis), tick_labels(ax.yaxis)):
            shown = [t.get_window_extent(renderer) for t in labels if t.get_visible() and t.get_text()]
            for a, b in combinations(shown, 2):
                assert not a.overlaps(b), f"tick labels overlap on {ax.get_title()!r}"
