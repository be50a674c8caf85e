"""The leader's brief of an experiment folder: one self-contained HTML page, a Markdown twin, its figures.

    python -m analysis.report multirun/policy_comparison        # writes multirun/policy_comparison/brief/

The brief is built from sections (``analysis.sections``; ``analysis.ensemble_sections`` for a
robustness ensemble), chosen by the experiment's design as its plan records it (``analysis.design``):
the question; for an ensemble, what holds across plausible worlds, what depends on which assumption
and what is noise; a teaching preset's notes; the set-up; the findings at one set of assumptions;
what is missing (failed or absent jobs); the figures; the table; the commands that reproduce it.
Sections compute and word; ``analysis.render`` lays them out; this module writes the files: the
figures (PNG, and SVG with ``--svg``), the numbers behind the findings as CSV, the page and its twin.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from analysis import plots, render
from analysis import wording as W
from analysis.design import Design, from_plan
from analysis.ensemble_sections import ensemble_sections
from analysis.load import Experiment, load_experiment
from analysis.sections import Section, findings_section, missing_section, setup_lines

__all__ = ["Brief", "build_brief", "main"]


@dataclass
class Brief:
    """The files a brief wrote, and its findings (the sentences a leader reads first)."""

    html: Path
    markdown: Path
    figures: list[Path] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)


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
        if frame is None or "world" not in frame.columns:
            return None
        return frame[frame["world"] == 0].reset_index(drop=True)

    summary = only(exp.summary)
    central = exp.jobs_at_world(0)
    jobs = [{"condition": {k: v for k, v in job["condition"].items() if k != "world"}} for job in central]
    folders = {job["folder"] for job in central}
    return replace(
        exp,
        planned=len(central),
        missing=exp.missing[exp.missing["folder"].isin(folders)].reset_index(drop=True),
        model=only(exp.model),
        units=only(exp.units),
        summary=summary if summary is not None and len(summary) else None,
        conditions=[c for c in exp.conditions if c != "world"],
        worlds=None,
        design=from_plan(jobs) if jobs else Design("replicates"),
    )


def build_brief(
    folder: str | Path, out: str | Path | None = None, *, svg: bool = False, reference: str | Path | None = None
) -> Brief:
    """Compute the statistics of the experiment in ``folder``, draw its figures and write the brief.

    For a robustness ensemble the brief opens with what holds across worlds, what depends on which
    assumption and what is noise, then reports the policies at the defaults: from the ``reference``
    experiment (a policy comparison at the defaults, with more replications) when given, else from the
    ensemble's world 0. ``svg``: every figure as SVG too, beside its PNG."""
    exp = load_experiment(folder, unit_columns=None)
    out = Path(out) if out is not None else exp.folder / "brief"
    out.mkdir(parents=True, exist_ok=True)
    ensemble = exp.design.kind == "ensemble" and exp.worlds is not None and exp.summary is not None
    base = exp
    sections = [Section("The question", [exp.question or W.default_question(exp.name)])]
    setup: list[str] = []
    findings: list[str] = []
    if ensemble:
        base = load_experiment(reference, unit_columns=None) if reference is not None else _world_zero(exp)
        order = exp.order("policy", exp.summary["policy"])
        found = ensemble_sections(
            exp.summary,
            exp.worlds,
            order=order,
            parameters=exp.vocabulary.get("parameters"),
            palette=plots.colours(order),
        )
        sections += found.sections
        findings += found.findings
        setup += [*found.setup, *([f"At the defaults: {base.folder}."] if reference is not None else [])]
    teaching = exp.config.get("teaching")
    if teaching:
        sections.append(Section("For the session", W.teaching_lines(teaching)))
    heading = "At the default assumptions (seed noise only)" if ensemble else "Key findings"
    defaults = findings_section(base, base.design, heading)
    sections += [Section("Set-up", [*setup, *setup_lines(base, base.design)]), defaults]
    findings += defaults.sentences
    missing = missing_section(exp)
    if missing is not None:
        sections.append(missing)

    figures: list[tuple[str, Path]] = []
    for section in sections:
        for spec in section.figures:
            figures.append((spec.caption, plots.save(spec.draw(), out / "figures", spec.name, svg)[0]))
        for name, frame in section.data.items():
            frame.to_csv(out / name, index=False)
    commands = _reproduce(exp) + (f" --reference {reference}" if reference is not None else "")
    if ensemble and reference is not None:
        commands = _reproduce(base).split("\n")[0] + "\n" + commands
    tables = [table for section in sections for table in section.tables]
    layout = render.Layout(f"Brief: {exp.name}", sections, figures, tables, commands)
    brief = Brief(out / "brief.html", out / "brief.md", [png for _, png in figures], findings)
    brief.html.write_text(render.to_html(layout), encoding="utf-8")
    brief.markdown.write_text(render.to_markdown(layout), encoding="utf-8")
    return brief


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
