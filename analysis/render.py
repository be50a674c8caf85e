"""A brief's sections laid out as one self-contained HTML page and as its Markdown twin.

Both renderers take the same ``Layout`` (title, sections, figures already saved as PNG, tables, the
commands that reproduce the experiment) and write nothing: ``analysis.report`` writes what they
return. The page works offline: figures are embedded as data URLs, there is no script and no
external file, and every piece of text from the experiment is HTML-escaped.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a renderer needs the sections' shape, not their plotting
    import pandas as pd

    from analysis.sections import Section

__all__ = ["Layout", "to_html", "to_markdown"]

STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.45;color:#222}"
    "table{border-collapse:collapse;font-size:0.85em}td,th{border:1px solid #ccc;padding:0.3em 0.5em}"
    "figure{margin:1.5em 0}img{max-width:100%}pre{background:#f4f4f4;padding:0.8em;white-space:pre-wrap}"
)


@dataclass
class Layout:
    """What a brief shows, in order: its sections' sentences, then every figure (caption, PNG), the
    tables (title, frame), and the commands that reproduce it."""

    title: str
    sections: list[Section]
    figures: list[tuple[str, Path]]
    tables: list[tuple[str, pd.DataFrame]]
    reproduce: str


def to_html(layout: Layout) -> str:
    esc = html.escape
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{esc(layout.title)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{esc(layout.title)}</h1>",
    ]
    for section in layout.sections:
        items = "".join(f"<li>{esc(line)}</li>" for line in section.sentences)
        parts.append(f"<h2>{esc(section.heading)}</h2><ul>{items}</ul>")
    if layout.figures:
        parts.append("<h2>Figures</h2>")
        for caption, png in layout.figures:
            data = base64.b64encode(png.read_bytes()).decode()
            parts.append(
                f"<figure><img alt='{esc(caption)}' src='data:image/png;base64,{data}'>"
                f"<figcaption>{esc(caption)}</figcaption></figure>"
            )
    for title, table in layout.tables:
        parts.append(f"<h2>{esc(title)}</h2>" + table.to_html(escape=True))
    parts.append(f"<h2>Reproduce</h2><pre>{esc(layout.reproduce)}</pre></body></html>")
    return "".join(parts)


def to_markdown(layout: Layout) -> str:
    md = [f"# {layout.title}", ""]
    for section in layout.sections:
        md += [f"## {section.heading}", "", *[f"- {line}" for line in section.sentences], ""]
    if layout.figures:
        md += ["## Figures", ""]
        for caption, png in layout.figures:
            md += [f"![{caption}](figures/{png.name})", "", f"*{caption}*", ""]
    for title, table in layout.tables:
        md += [f"## {title}", "", _markdown_table(table), ""]
    md += ["## Reproduce", "", "```", layout.reproduce, "```", ""]
    return "\n".join(md)


def _markdown_table(table: pd.DataFrame) -> str:
    """A pipe table: outcomes down, conditions across."""
    rows = ["| outcome | " + " | ".join(str(c) for c in table.columns) + " |", "|---" * (len(table.columns) + 1) + "|"]
    rows += ["| " + " | ".join([str(index), *[str(v) for v in row]]) + " |" for index, row in table.iterrows()]
    return "\n".join(rows)
