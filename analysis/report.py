"""The leader's brief: one self-contained HTML page (and a Markdown twin) for an experiment folder.

    python -m analysis.report multirun/policy_comparison        # writes multirun/policy_comparison/brief/

Sections: the question; the set-up; key findings generated from the numbers with their confidence
intervals; what is missing (failed or absent jobs); the figures (PNG embedded in the HTML, PNG and
SVG beside it); the table; the command that reproduces it. Works offline: no script, no external
file. Every piece of text from the experiment is HTML-escaped.
"""

from __future__ import annotations

import argparse
import base64
import html
import shlex
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from analysis import findings as F
from analysis import plots, stats
from analysis.contents import FIGURES, TIME_OUTCOMES
from analysis.ensemble_report import ensemble_brief
from analysis.load import Experiment, load_experiment

__all__ = ["Brief", "build_brief", "main"]


@dataclass
class Brief:
    html: Path
    markdown: Path
    figures: list[Path] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)


def _label_column(summary: pd.DataFrame, conditions: list[str]) -> pd.Series:
    return summary[conditions].astype(str).agg(" / ".join, axis=1) if conditions else pd.Series("all", summary.index)


def _levels(summary: pd.DataFrame, name: str) -> list:
    """A setting's levels, the first of them the reference: sorted when numeric, else in the plan's order."""
    if pd.api.types.is_numeric_dtype(summary[name]):
        return sorted(summary[name].unique())
    return list(dict.fromkeys(summary[name]))


def _design(exp: Experiment) -> tuple[str | None, object, list[str]]:
    """(factor, reference, within): the setting compared pair by pair, its reference level, the others."""
    summary, conditions = exp.summary, [c for c in exp.conditions if c in exp.summary.columns]
    varying = [c for c in conditions if summary[c].nunique() > 1]
    if "policy" in varying:
        levels = list(dict.fromkeys(summary["policy"]))
        return "policy", ("silos" if "silos" in levels else levels[0]), [c for c in varying if c != "policy"]
    if varying:
        factor = varying[-1] if len(varying) > 1 else varying[0]
        return factor, _levels(summary, factor)[0], [c for c in varying if c != factor]
    return None, None, []


def _figures(
    exp: Experiment, factor, reference, within, described, paired, folder: Path, svg: bool = True
) -> list[tuple[str, Path]]:
    """Draw the figures that fit this experiment; returns (caption, png path) pairs."""
    out, made = folder / "figures", []

    teaching = exp.config.get("teaching") or {}
    wanted = set(teaching.get("figures") or [])
    shown = teaching.get("outcomes") or list(TIME_OUTCOMES)  # a teaching preset may show fewer panels

    def keep(draw, name, caption):
        """Draw (a function returning a figure) and save the figure, if this brief wants it."""
        if name not in FIGURES:  # a figure added here must be listed there, where a preset's list is checked
            raise KeyError(f"figure {name!r} is missing from analysis.contents.FIGURES")
        if not wanted or name in wanted:
            made.append((caption, plots.save(draw(), out, name, svg)[0]))

    labels = {k: v[0] for k, v in stats.OUTCOMES.items()}
    group = factor if factor and not within else None
    order = exp.order(group, exp.summary[group]) if group is not None else None
    capabilities = [c for c in exp.vocabulary.get("capabilities", []) if exp.units is not None and c in exp.units]
    if exp.model is not None and group is not None and exp.summary[group].nunique() <= 8:
        outcomes = {k: TIME_OUTCOMES[k] for k in shown if k in exp.model.columns}
        frame = stats.over_time(exp.model, [group], list(outcomes))
        keep(
            lambda: plots.over_time(frame, group, outcomes, "How the organisation changed, month by month", order),
            "over_time",
            "Outcomes over time: mean across replications with 95 % bands.",
        )
    if exp.units is not None and group is not None and group in exp.units.columns:
        end = exp.units[exp.units["step"] == exp.units["step"].max()]
        keep(
            lambda: plots.lorenz(stats.lorenz(end, group), group, "How evenly capability is spread at the end", order),
            "lorenz",
            "Lorenz curves of unit capability at the end (averaged over replications).",
        )
        keep(
            lambda: plots.quartiles(
                stats.quartile_trajectories(exp.units, group),
                group,
                "Who gets left behind: units grouped by where they started",
                order,
            ),
            "quartiles",
            "Mean capability of units by their initial-capability quartile.",
        )
        first = exp.units[(exp.units[group] == reference) & (exp.units["replicate"] == exp.units["replicate"].min())]
        start, finish = first["step"].min(), first["step"].max()
        if capabilities:  # the model's capabilities, as the sweep's plan records them
            keep(
                lambda: plots.skills_audit(
                    stats.skills_matrix(first, start, capabilities),
                    stats.skills_matrix(first, finish, capabilities),
                    f"Skills audit: every unit's capability, {str(reference).replace('_', ' ')}",
                ),
                "skills_audit",
                "Unit-by-capability audit at the start and the end (first replication, reference).",
            )
    if factor is not None and not paired.empty and not within:
        keep(
            lambda: plots.forest(paired, factor, labels, "Paired differences against the reference (95 % CI)", order),
            "forest",
            f"Each condition minus {reference}, paired on shared seeds.",
        )
    if len(within) == 1 and factor is not None:
        for outcome in ("final_improvement_delivered", "final_share_no_success"):
            rows = described[described["outcome"] == outcome]
            name, unit, _ = stats.OUTCOMES[outcome]
            keep(
                lambda rows=rows, unit=unit, name=name: plots.two_way(
                    rows, factor, within[0], unit, F.sentence_case(name)
                ),
                f"two_way_{outcome}",
                f"{F.sentence_case(name)} across both swept settings (means over replications).",
            )
    if (
        factor is not None
        and not within
        and pd.api.types.is_numeric_dtype(exp.summary[factor])
        and exp.summary[factor].nunique() >= 4
    ):
        chosen = {
            k: stats.OUTCOMES[k][:2]
            for k in (
                "final_improvement_delivered",
                "final_mean_capability",
                "final_share_no_success",
                "final_capability_q1",
            )
        }
        keep(
            lambda: plots.dose_response(described, factor, chosen, f"Dose-response: {factor.replace('_', ' ')}"),
            "dose_response",
            "Mean outcome at each dose with 95 % CI.",
        )
    if exp.sensitivity is not None and not exp.sensitivity.empty:
        keep(
            lambda: plots.morris(exp.sensitivity, labels, "Which parameters matter: Morris screening"),
            "morris",
            "mu* (influence) against sigma (interaction or non-linearity) for each parameter.",
        )
    return made


def _reproduce(exp: Experiment) -> str:
    """The commands that rerun the experiment (its command-line overrides, Hydra's included) and this brief."""
    overrides = exp.config.get("hydra", {}).get("overrides", {})
    items = [*overrides.get("hydra", []), *overrides.get("task", [])]
    preset = exp.config.get("hydra", {}).get("runtime", {}).get("choices", {}).get("experiment")
    sweep = exp.kind == "sweep" and preset in (None, "null")  # a preset sets the sweep mode itself
    words = ["python", "-m", "experiments.run", *(["-m"] if sweep else []), *items]
    return shlex.join(words) + "\n" + shlex.join(["python", "-m", "analysis.report", str(exp.folder)])


def _world_zero(exp: Experiment) -> Experiment:
    """The ensemble's central world (world 0, the defaults) as an experiment of its own."""

    def only(frame):
        return (
            None if frame is None or "world" not in frame.columns else frame[frame["world"] == 0].reset_index(drop=True)
        )

    summary = only(exp.summary)
    return replace(
        exp,
        model=only(exp.model),
        units=only(exp.units),
        summary=summary if summary is not None and len(summary) else None,
        conditions=[c for c in exp.conditions if c != "world"],
        worlds=None,
    )


#: The outcomes a sweep of two or more settings reports pair by pair (its heatmaps show the same two).
HEADLINE = ("final_improvement_delivered", "final_share_no_success")


def _within(
    summary: pd.DataFrame, factor: str, reference, conditions: list[str], paired: pd.DataFrame | None = None
) -> list[tuple]:
    """Paired differences of a sweep of two or more settings, within each combination of the others:
    (rows, setting, other settings) for every setting against its first level (the design's ``factor``
    against ``reference``; ``paired``: those differences when already computed, within the others), the
    settings in the sweep's order (policy first when swept). When that would take more than eight
    sentences, only the first setting is compared."""
    outcomes = [o for o in HEADLINE if o in summary.columns]
    found = []
    for name in [factor, *(c for c in conditions if c != factor)] if factor == "policy" else conditions:
        others = [c for c in conditions if c != name]
        if name == factor and paired is not None:
            rows = paired[paired["outcome"].isin(outcomes)]
        else:
            first = reference if name == factor else _levels(summary, name)[0]
            rows = stats.paired_differences(summary, name, first, outcomes, others)
        found.append((rows, name, others))
    if sum(rows[name].nunique() * len(outcomes) for rows, name, _ in found) > 8:
        found = found[:1]
    return found


def _defaults_findings(base: Experiment, out: Path, svg: bool):
    """Findings, figures and table of one set of assumptions (the policy comparison at the defaults)."""
    if base.summary is None:
        return ["No job of this experiment has a result yet, so there is nothing to report."], [], None
    factor, reference, within = _design(base)
    outcomes = [o for o in stats.OUTCOMES if o in base.summary.columns]
    companions = [o for o in stats.COMPANIONS if o in base.summary.columns]
    conditions = [c for c in base.conditions if c in base.summary.columns and base.summary[c].nunique() > 1]
    described = stats.describe(base.summary, conditions, outcomes + companions)
    paired = (
        stats.paired_differences(base.summary, factor, reference, outcomes, within)
        if factor is not None
        else pd.DataFrame()
    )
    numeric = factor is not None and pd.api.types.is_numeric_dtype(base.summary[factor])
    levels = base.summary[factor].nunique() if factor is not None else 0
    sentences: list[str] = []
    compared = len(paired)  # the comparisons with an interval that the findings report
    if factor == "policy" and not within:
        sentences = F.policy_findings(described, paired, factor, reference)
    elif factor is not None and not within and numeric and levels >= 3:
        sentences = F.dose_findings(described, paired, factor)
    elif factor is not None and not within:
        sentences = [F.difference_sentence(row, factor, named=factor != "policy") for _, row in paired.iterrows()]
    elif conditions:
        described["condition"] = _label_column(described, conditions)
        comparisons = _within(base.summary, factor, reference, conditions, paired)
        sentences = [s for rows, name, others in comparisons for s in F.within_findings(rows, name, others, HEADLINE)]
        sentences += F.ranking_findings(described, "condition")  # unpaired: the best and worst combinations
        compared = sum(len(rows[rows["outcome"].isin(HEADLINE)]) for rows, _, _ in comparisons)
    if base.sensitivity is not None and not base.sensitivity.empty:
        sentences += F.sensitivity_findings(base.sensitivity)
    if compared:
        sentences.insert(0, F.INTERVALS.format(n=compared))
    if not paired.empty:
        paired.to_csv(out / "paired_differences.csv", index=False)
    figures = _figures(base, factor, reference, within, described, paired, out, svg)
    described.to_csv(out / "statistics.csv", index=False)  # the numbers behind the brief, for researchers
    return sentences, figures, _table(described, conditions)


def build_brief(
    folder: str | Path, out: str | Path | None = None, *, svg: bool = False, reference: str | Path | None = None
) -> Brief:
    """Compute the statistics of the experiment in ``folder``, draw its figures and write the brief.

    For a robustness ensemble (a sweep over worlds) the brief opens with what holds across worlds, what
    depends on which assumption and what is noise, then reports the policies at the defaults: from the
    ``reference`` experiment (a policy comparison at the defaults, with more replications) when given,
    else from the ensemble's world 0. ``svg``: every figure as SVG too, beside its PNG."""
    exp = load_experiment(folder, unit_columns=None)
    out = Path(out) if out is not None else exp.folder / "brief"
    out.mkdir(parents=True, exist_ok=True)
    ensemble = exp.worlds is not None and exp.summary is not None and "world" in exp.summary.columns
    base = exp
    if ensemble:
        base = load_experiment(reference, unit_columns=None) if reference is not None else _world_zero(exp)
    sections: list[tuple[str, list]] = []
    sections.append(("The question", [exp.question or f"What do the conditions of '{exp.name}' change?"]))
    figures: list[tuple[str, Path]] = []
    if ensemble:
        order = exp.order("policy", exp.summary["policy"])
        found = ensemble_brief(
            exp.summary,
            exp.worlds,
            order=order,
            parameters=exp.vocabulary.get("parameters"),
            palette=plots.colours(order),
        )
        sections += [
            ("What we can say: findings that hold across plausible worlds", found.can_say),
            ("What depends on which assumption", found.depends),
            ("What is noise", found.noise or ["Every difference is either robust or explained by an assumption."]),
            ("How to read these findings", found.reading),
        ]
        for name, caption, figure in found.figures:
            figures.append((caption, plots.save(figure, out / "figures", name, svg)[0]))
        found.paired.to_csv(out / "across_worlds.csv", index=False)
    teaching = exp.config.get("teaching")
    if teaching:
        lines = [
            f"{teaching.get('title', '')}: {teaching.get('pattern', '')}",
            f"What changes: {teaching.get('change')}",
            f"What to look for: {teaching.get('look_for')}",
            *[f"Discussion: {prompt}" for prompt in teaching.get("prompts", [])],
        ]
        sections.append(("For the session", lines))
    sentences, base_figures, table = _defaults_findings(base, out, svg)
    setup = _setup(base)
    if ensemble:
        setup = [*found.setup, *([f"At the defaults: {base.folder}."] if reference is not None else []), *setup]
    sections.append(("Set-up", setup))
    heading = "At the default assumptions (seed noise only)" if ensemble else "Key findings"
    sections.append((heading, sentences))
    if not exp.missing.empty:
        sections.append(("What is missing", _missing(exp)))
    figures += base_figures
    brief = Brief(out / "brief.html", out / "brief.md", [p for _, p in figures], sentences)
    if ensemble:
        brief.findings = [*found.can_say, *found.depends, *found.noise, *sentences]
    commands = _reproduce(exp) + (f" --reference {reference}" if reference is not None else "")
    if ensemble and reference is not None:
        commands = _reproduce(base).split("\n")[0] + "\n" + commands
    _write(brief, exp, sections, figures, table, commands)
    return brief


def _setup(exp: Experiment) -> list[str]:
    cfg, lines = exp.config, []
    if cfg:
        lines.append(
            f"Organisation: {cfg.get('n_units')} units of about {float(cfg.get('staff_per_unit', 0)):g} staff "
            f"(org={cfg.get('hydra', {}).get('runtime', {}).get('choices', {}).get('org', 'custom')}), "
            f"{cfg.get('n_steps')} months."
        )
    if exp.summary is not None:
        per = exp.summary.groupby([c for c in exp.conditions if c in exp.summary.columns] or ["run_id"]).size()
        lines.append(
            f"Conditions: {len(per)}; replications per condition: {per.min()}"
            + (f" to {per.max()}" if per.max() != per.min() else "")
            + "."
        )
        for condition in exp.conditions:
            if condition in exp.summary.columns:
                values = ", ".join(str(v) for v in dict.fromkeys(exp.summary[condition]))
                lines.append(f"{condition.replace('_', ' ')}: {values}.")
        seeds = sorted(set(exp.summary["seed"]))
        lines.append(
            f"Seeds: {len(seeds)} replicate seeds spawned from master seed {cfg.get('master_seed', 'n/a')}, "
            "the same for every condition (common random numbers)."
        )
    lines.append(f"Jobs: {exp.planned} planned, {exp.completed} with results ({exp.runs} runs).")
    return lines


def _missing(exp: Experiment) -> list[str]:
    lines = [f"{len(exp.missing)} of {exp.planned} jobs have no result; the statistics use the others."]
    for row in exp.missing.head(20).itertuples():
        lines.append(f"{row.folder}: {row.status}" + (f" ({row.error})" if row.error else ""))
    if len(exp.missing) > 20:
        lines.append(f"... and {len(exp.missing) - 20} more (see manifest.csv).")
    return lines


def _table(described: pd.DataFrame, conditions: list[str]) -> pd.DataFrame:
    frame = described[described["outcome"].isin(list(stats.OUTCOMES))].copy()
    frame["condition"] = _label_column(frame, conditions)
    frame["value"] = [
        f"{F.fmt(m, stats.OUTCOMES[o][1])} [{F.fmt(lo, stats.OUTCOMES[o][1])}, {F.fmt(hi, stats.OUTCOMES[o][1])}]"
        for m, lo, hi, o in zip(frame["mean"], frame["ci_low"], frame["ci_high"], frame["outcome"], strict=True)
    ]
    frame["outcome"] = [stats.OUTCOMES[o][0] for o in frame["outcome"]]
    return frame.pivot_table(index="outcome", columns="condition", values="value", aggfunc="first", sort=False)


def _write(brief: Brief, exp: Experiment, sections, figures, table, command: str) -> None:
    esc = html.escape
    title = f"Brief: {exp.name}"
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{esc(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.45;color:#222}"
        "table{border-collapse:collapse;font-size:0.85em}td,th{border:1px solid #ccc;padding:0.3em 0.5em}"
        "figure{margin:1.5em 0}img{max-width:100%}pre{background:#f4f4f4;padding:0.8em;white-space:pre-wrap}"
        "</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ]
    md = [f"# {title}", ""]
    for heading, lines in sections:
        parts.append(f"<h2>{esc(heading)}</h2><ul>" + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>")
        md += [f"## {heading}", "", *[f"- {line}" for line in lines], ""]
    if figures:
        parts.append("<h2>Figures</h2>")
        md += ["## Figures", ""]
        for caption, png in figures:
            data = base64.b64encode(png.read_bytes()).decode()
            parts.append(
                f"<figure><img alt='{esc(caption)}' src='data:image/png;base64,{data}'>"
                f"<figcaption>{esc(caption)}</figcaption></figure>"
            )
            md += [f"![{caption}](figures/{png.name})", "", f"*{caption}*", ""]
    if table is not None:
        parts.append("<h2>Table: mean [95 % CI] across replications</h2>" + table.to_html(escape=True))
        md += [
            "## Table: mean [95 % CI] across replications",
            "",
            _markdown_table(table),
            "",
        ]
    parts.append(f"<h2>Reproduce</h2><pre>{esc(command)}</pre></body></html>")
    md += ["## Reproduce", "", "```", command, "```", ""]
    brief.html.write_text("".join(parts), encoding="utf-8")
    brief.markdown.write_text("\n".join(md), encoding="utf-8")


def _markdown_table(table: pd.DataFrame) -> str:
    """A pipe table: outcomes down, conditions across."""
    rows = ["| outcome | " + " | ".join(str(c) for c in table.columns) + " |", "|---" * (len(table.columns) + 1) + "|"]
    rows += ["| " + " | ".join([str(index), *[str(v) for v in row]]) + " |" for index, row in table.iterrows()]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the leader's brief for an experiment folder.")
    parser.add_argument("folder", type=Path, help="a sweep folder (multirun/<name>) or a single run's folder")
    parser.add_argument("--out", type=Path, default=None, help="where to write (default: <folder>/brief)")
    parser.add_argument(
        "--reference",
        type=Path,
        default=None,
        help="for a robustness ensemble: a policy comparison at the defaults to report beside it",
    )
    parser.add_argument("--svg", action="store_true", help="also save every figure as SVG")
    args = parser.parse_args(argv)
    try:
        brief = build_brief(args.folder, args.out, svg=args.svg, reference=args.reference)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"brief: {brief.html}")
    print(f"       {brief.markdown} (Markdown), figures in {brief.html.parent / 'figures'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
