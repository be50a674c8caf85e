"""The teaching presets: run one with its figures and short brief in one command, or open it in the app.

    python -m teaching --list
    python -m teaching matthew_effect          # -> multirun/teach_matthew_effect/brief/brief.html
    python -m teaching --all                   # every preset in turn, one start-up for all six

Each preset (configs/experiment/teaching/) is small and fast: a small organisation, two to four
conditions, four paired replications. Its brief opens with the preset's question, what it changes,
what to look for and two discussion prompts, and draws only the figures the preset names. See
docs/teaching.md for the session plan.

The command runs the preset's sweep in this process with the project's in-process driver
(``experiments.driver``: the sweeper's own plan, the job function for each job, then the manifest
and aggregate; no launcher and no interpreter start-up per job). It first starts two worker
processes' fork server, which loads the model while this process composes and plans the sweep
(planning needs neither the model nor pandas), then loads the brief's plotting while the server
finishes and the workers run the jobs (``python -m tools.benchmark --teaching`` times each preset).
``session`` gives the app the same preset as two scenarios (the first and the last of its
conditions) on the same organisation.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from experiments.paths import CONFIGS

__all__ = ["PRESETS", "Session", "main", "run_preset", "session", "session_title"]

PRESETS = {p.stem: p for p in sorted((CONFIGS / "experiment" / "teaching").glob("*.yaml"))}


def session_title(preset: str) -> str:
    """The title a preset gives its session (read from its file alone)."""
    return str(_read(preset)["teaching"]["title"])


def _check(preset: str) -> None:
    if preset not in PRESETS:
        raise ValueError(f"preset={preset!r} is not a teaching preset: one of {', '.join(PRESETS)}")


def _read(preset: str) -> dict[str, Any]:
    """Preset ``preset``'s file as written (without composing it)."""
    _check(preset)
    return yaml.safe_load(PRESETS[preset].read_text())


def _words(preset: str, overrides: Sequence[str] = ()) -> list[str]:
    """The command line of the preset's sweep: ``python -m experiments.run <these words>``."""
    _check(preset)
    return [f"experiment=teaching/{preset}", "quiet=true", *overrides]


def _load_the_brief() -> None:
    import analysis.report  # noqa: F401  (the brief's plotting, and pandas with it: planning needed neither)


def run_preset(
    preset: str, where: Path, overrides: Sequence[str] = (), workers: int | None = 1, pool: Executor | None = None
) -> int:
    """Run the sweep of teaching preset ``preset`` into ``where``, then write its manifest and aggregate;
    returns the exit status the command line would give. The jobs run in ``pool`` (of ``workers``
    processes) when given, else in ``workers`` worker processes started here (None for two; 1 runs
    them in this process)."""
    from experiments.driver import run_sweep
    from experiments.workers import JOB_PRELOAD, worker_count, worker_pool

    count = worker_count(workers)
    words = _words(preset, overrides)
    if pool is None:
        pool = worker_pool(count, preload=JOB_PRELOAD)  # its fork server loads the model while the sweep is composed
        if pool is not None:
            with pool:
                return run_sweep(where, *words, pool=pool, workers=count, while_waiting=_load_the_brief)
    return run_sweep(where, *words, pool=pool, workers=count if pool is not None else 1, while_waiting=_load_the_brief)


@dataclass(frozen=True)
class Session:
    """A teaching preset as the app opens it: what it tells the room, and its first and last conditions
    as scenarios A and B on the preset's organisation, replications, months and master seed."""

    name: str
    question: str
    teaching: dict[str, Any]
    a: Any  # teaching.explore.Scenario
    b: Any
    organisation: Any  # teaching.explore.Organisation
    replications: int
    n_steps: int
    master_seed: int


@cache
def session(preset: str) -> Session:
    """The app's view of teaching preset ``preset``, planned as its sweep plans its jobs."""
    from experiments.config import job_settings
    from experiments.driver import sweeper
    from teaching import explore

    with sweeper(None, *_words(preset)) as (instance, arguments):
        planned = instance.plan(arguments)
        choices = instance.config.hydra.runtime.choices
        where = explore.organisation(str(choices["org"]))
    scenarios = []
    for _, resolved in (planned[0], planned[-1]):  # the first and the last value of every swept setting
        params = job_settings(resolved).params
        scenario = explore.Scenario(params.policy)
        for name in explore.SCENARIO_FIELDS:
            scenario = scenario.change(name, getattr(params, name))
        if scenario.params(where).replace(policy=params.policy) != params:
            raise ValueError(f"preset {preset} sets more than a scenario of the explorer can hold")
        scenarios.append(scenario)
    config = planned[0][1]
    return Session(
        preset,
        config["question"],
        dict(config["teaching"]),
        scenarios[0],
        scenarios[1],
        where,
        int(config["replicates"]),
        int(config["n_steps"]),
        int(config["master_seed"]),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m teaching", description=__doc__.splitlines()[0])
    parser.add_argument("preset", nargs="?", help="one of the teaching presets (--list)")
    parser.add_argument("overrides", nargs="*", help="extra key=value overrides, e.g. replicates=8")
    parser.add_argument("--all", action="store_true", help="every preset in turn, one start-up for all six")
    parser.add_argument("--list", action="store_true", help="list the presets and their questions")
    parser.add_argument(
        "--sweep-dir", type=Path, default=None, help="where to write (default multirun/<name>; with --all, its parent)"
    )
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default 2; 1: this one only)")
    parser.add_argument("--svg", action="store_true", help="write every figure as SVG too, beside its PNG")
    args = parser.parse_args(argv)
    overrides = list(args.overrides)
    if args.all and args.preset is not None:  # every word after --all is an override
        overrides.insert(0, args.preset)
    if args.list or (args.preset is None and not args.all):
        for name in PRESETS:
            preset = _read(name)
            print(f"{name:22s} {preset['teaching']['title']}: {preset['question']}")
        return 0
    from experiments.guard import refusal

    reason = refusal(overrides)
    if reason is not None:
        print(f"error: {reason}", file=sys.stderr)
        return 2
    names = list(PRESETS) if args.all else [args.preset]
    if names[0] not in PRESETS:
        print(f"error: preset={names[0]!r} is not a teaching preset: one of {', '.join(PRESETS)}", file=sys.stderr)
        return 2
    from experiments.workers import JOB_PRELOAD, worker_count, worker_pool

    count = worker_count(args.workers)
    pool = worker_pool(count, preload=JOB_PRELOAD)  # its fork server loads the model while the first sweep is composed
    try:
        for preset in names:
            status = _teach(preset, args, overrides, pool, count)
            if status != 0:
                return status
    finally:
        if pool is not None:
            pool.shutdown()
    return 0


def _teach(preset: str, args: argparse.Namespace, overrides: list[str], pool: Executor | None, workers: int) -> int:
    """One preset of the command line: its sweep, its brief, and what it printed."""
    started = time.perf_counter()
    name = _read(preset)["name"]
    where = (
        args.sweep_dir / name if args.all and args.sweep_dir else args.sweep_dir or Path("multirun") / name
    ).resolve()
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException

    from experiments.guard import said

    try:
        status = run_preset(preset, where, overrides, workers, pool=pool)
    except (ValueError, HydraException, OmegaConfBaseException) as error:
        print(f"error: {said(error)}", file=sys.stderr)
        return 2
    if status != 0:
        return status
    from analysis.report import build_brief

    brief = build_brief(where, svg=args.svg)
    print(f"brief: {brief.html}")
    print(f"figures: {', '.join(str(p) for p in brief.figures)}")
    print(f"{time.perf_counter() - started:.1f} s")
    return 0
