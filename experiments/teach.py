"""The teaching presets: run one with its figures and short brief in one command, or open it in the app.

    python -m experiments.teach --list
    python -m experiments.teach matthew_effect          # -> multirun/teach_matthew_effect/brief/brief.html
    python -m experiments.teach --all                   # every preset in turn, one start-up for all six
    python -m experiments.teach --benchmark             # each preset end to end, fresh interpreters

Each preset (configs/experiment/teaching/) is small and fast: a small organisation, two to four
conditions, four paired replications. Its brief opens with the preset's question, what it changes,
what to look for and two discussion prompts, and draws only the figures the preset names. See
docs/teaching.md for the session plan.

The command composes the preset's sweep with Hydra's compose API in this process and calls what
Hydra's launcher would (the sweeper's ``prepare``, the job function ``run_job`` for each job, then
``finish``): no launcher and no interpreter start-up per job. It first starts two worker processes'
fork server, which loads the model (about 0.75 s) while this process composes and plans the sweep
(about 0.5 s: planning needs neither the model nor pandas), then loads the brief's plotting while the
server finishes and the workers run the jobs.
``session`` gives the app the same preset as two scenarios (the first and the last of its
conditions) on the same organisation.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["PRESETS", "Session", "benchmark", "main", "run_preset", "session", "session_title"]

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "configs"
PRESETS = {p.stem: p for p in sorted((CONFIGS / "experiment" / "teaching").glob("*.yaml"))}
_HYDRA = threading.Lock()  # Hydra's global state holds one composition at a time


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


@contextmanager
def _sweeper(preset: str, *overrides: str) -> Iterator[tuple[Any, list[str]]]:
    """The project's sweeper on the master config of ``python -m experiments.run experiment=teaching/<preset>
    <overrides>``, composed in this process, and the task overrides it sweeps."""
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.core.plugins import Plugins
    from hydra.types import HydraContext, RunMode
    from omegaconf import OmegaConf

    from experiments.run import main as task_function  # registers the schema and resolvers

    _check(preset)
    with _HYDRA, initialize_config_dir(version_base="1.3", config_dir=str(CONFIGS)):
        loader = GlobalHydra.instance().config_loader()
        words = [f"experiment=teaching/{preset}", "quiet=true", *overrides]
        config = loader.load_configuration("config", words, run_mode=RunMode.MULTIRUN)
        context = HydraContext(config_loader=loader, callbacks=None)  # callbacks: only a launch uses them
        instance = Plugins.instance().instantiate_sweeper(
            config=config, hydra_context=context, task_function=task_function
        )
        yield instance, list(OmegaConf.to_container(config.hydra.overrides.task))


def run_preset(
    preset: str, where: Path, overrides: Sequence[str] = (), workers: int | None = 1, pool: Executor | None = None
) -> int:
    """Run the sweep of teaching preset ``preset`` into ``where``, then write its manifest and aggregate;
    returns the exit status the command line would give. The jobs run in ``pool`` (of ``workers``
    processes) when given, else in ``workers`` worker processes started here (None for two; 1 runs
    them in this process)."""
    from experiments.workers import JOB_PRELOAD, worker_count, worker_pool

    count = worker_count(workers)
    if pool is not None:
        return _run_sweep(preset, where, overrides, pool, count)
    pool = worker_pool(count, preload=JOB_PRELOAD)  # its fork server loads the model while the sweep is composed
    if pool is None:
        return _run_sweep(preset, where, overrides, None, 1)
    with pool:
        return _run_sweep(preset, where, overrides, pool, count)


def _run_sweep(preset: str, where: Path, overrides: Sequence[str], pool: Executor | None, workers: int) -> int:
    from experiments.jobs import run_jobs
    from experiments.sweep import finish

    with _sweeper(preset, f"hydra.sweep.dir={where}", *overrides) as (instance, arguments):
        folder, planned, _ = instance.prepare(arguments)
        sensitivity = instance.sensitivity()
    jobs = [job for job, _ in planned]  # the plan's order, which the aggregate keeps
    # One task per block of replicates, holding every condition's job for those seeds: a worker then warms
    # each organisation up once for all the conditions that share its warm-up (simulation.WarmUps).
    blocks: dict[tuple, list] = {}
    for job, resolved in planned:
        blocks.setdefault(job.replicates, []).append(
            (resolved, folder / job.folder, job.folder, bool(resolved["rerun"]))
        )
    tasks = list(blocks.values())
    if len(tasks) < workers:  # too few blocks to keep every worker busy: a task per job
        tasks = [[call] for task in tasks for call in task]
    if pool is None:
        for task in tasks:
            run_jobs(task)
    else:
        runs = {job.folder: len(job.replicates) for job in jobs}
        longest_first = sorted(tasks, key=lambda task: -sum(runs[run_id] for _, _, run_id, _ in task))
        # The first submission waits for the fork server to finish loading the model. A thread waits for
        # it while this one loads the brief's plotting, and pandas with it (planning needed neither).
        with ThreadPoolExecutor(max_workers=1) as submitter:
            submitted = submitter.submit(lambda: [pool.submit(run_jobs, task) for task in longest_first])
            import analysis.report  # noqa: F401

            futures = submitted.result()
        for future in futures:
            future.result()
    return finish(folder, jobs, sensitivity)


@dataclass(frozen=True)
class Session:
    """A teaching preset as the app opens it: what it tells the room, and its first and last conditions
    as scenarios A and B on the preset's organisation, replications, months and master seed."""

    name: str
    question: str
    teaching: dict[str, Any]
    a: Any  # experiments.explore.Scenario
    b: Any
    organisation: Any  # experiments.explore.Organisation
    replications: int
    n_steps: int
    master_seed: int


@cache
def session(preset: str) -> Session:
    """The app's view of teaching preset ``preset``, composed as its sweep composes its jobs."""
    from experiments import explore
    from experiments.config import job_settings

    with _sweeper(preset) as (instance, arguments):
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


def benchmark(repeats: int = 2) -> int:
    """Time every preset end to end as a teacher runs it (a fresh interpreter each time, the brief
    included), with the default worker pool and in one process (best of ``repeats``), and the
    explorer's comparison at its default replications on the medium organisation (its Run, without
    drawing); prints the load average beside them, as ``experiments.benchmark`` does.

    The timed commands find Python's bytecode cached, as on any machine after a preset's first run:
    an untimed first run writes it to a temporary cache (``PYTHONPYCACHEPREFIX``; the working tree is
    left alone), even where the environment sets ``PYTHONDONTWRITEBYTECODE``."""
    from experiments import explore

    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as cache:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache

        def seconds(preset: str, workers: str) -> float:
            with tempfile.TemporaryDirectory() as folder:
                command = [sys.executable, "-m", "experiments.teach", preset, "--sweep-dir", folder]
                started = time.perf_counter()
                subprocess.run([*command, "--workers", workers], check=True, capture_output=True, cwd=ROOT, env=env)
                return time.perf_counter() - started

        first = seconds(next(iter(PRESETS)), "2")  # untimed: it writes the bytecode every preset reads
        print(f"(untimed first run, filling an empty bytecode cache, standard library included: {first:.1f} s)")
        for preset in PRESETS:
            best = {workers: min(seconds(preset, workers) for _ in range(repeats)) for workers in ("2", "1")}
            print(f"{preset:22s} {best['2']:.1f} s with 2 workers, {best['1']:.1f} s in one process")
    where, a, b = explore.organisation("medium"), explore.Scenario("silos"), explore.Scenario("active_nurturing")
    result = min(
        (explore.compare(a, b, where, replications=explore.EXPLORER_REPLICATIONS) for _ in range(repeats)),
        key=lambda comparison: comparison.seconds,
    )
    print(f"explorer comparison, {result.replications} replications, medium organisation: {result.seconds:.2f} s")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("preset", nargs="?", help="one of the teaching presets (--list)")
    parser.add_argument("overrides", nargs="*", help="extra key=value overrides, e.g. replicates=8")
    parser.add_argument("--all", action="store_true", help="every preset in turn, one start-up for all six")
    parser.add_argument("--list", action="store_true", help="list the presets and their questions")
    parser.add_argument(
        "--sweep-dir", type=Path, default=None, help="where to write (default multirun/<name>; with --all, its parent)"
    )
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default 2; 1: this one only)")
    parser.add_argument("--svg", action="store_true", help="write every figure as SVG too, beside its PNG")
    parser.add_argument("--benchmark", action="store_true", help="time every preset end to end, and the explorer")
    args = parser.parse_args(argv)
    if args.benchmark:
        return benchmark()
    overrides = list(args.overrides)
    if args.all and args.preset is not None:  # every word after --all is an override
        overrides.insert(0, args.preset)
    if args.list or (args.preset is None and not args.all):
        for name in PRESETS:
            preset = _read(name)
            print(f"{name:22s} {preset['teaching']['title']}: {preset['question']}")
        return 0
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
    try:
        status = run_preset(preset, where, overrides, workers, pool=pool)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if status != 0:
        return status
    from analysis.report import build_brief

    brief = build_brief(where, svg=args.svg)
    print(f"brief: {brief.html}")
    print(f"figures: {', '.join(str(p) for p in brief.figures)}")
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    from experiments.workers import end_fork_server

    end_fork_server()  # the workers are done; the server would otherwise hold our output open while it unloads
    # Every file is written and closed, and the workers have stopped: skip the interpreter's teardown of
    # the model, Hydra, pandas and matplotlib (about 0.3 s of a teaching preset's 3 s).
    os._exit(status)
