"""Speed benchmark: practitioner-months per second, against a Mesa baseline measured in the same run.

    python -m tools.benchmark              # the model against the baseline
    python -m tools.benchmark --quick      # fewer repeats
    python -m tools.benchmark --sweep      # also the policy_comparison sweep with 1 and 2 workers
    python -m tools.benchmark --robustness # also the main job's ensemble (200 worlds) and its brief
    python -m tools.benchmark --teaching   # every teaching preset end to end, and the explorer's Run

The baseline is the space-free Boltzmann wealth model written the idiomatic Mesa way: 10,000 agents,
each step every agent with wealth gives one unit to a random other agent, activated by
``shuffle_do`` (other agents drawn from a cached list: indexing an AgentSet in a loop is O(N)). It
does far less per agent than the organisation model does per practitioner. Timings are the best of
several repeats of a complete ``run()``, the warm-up, DataCollector and tidy frames included, and a
practitioner-month counts every simulated month (warm-up months too). The baseline and the large
organisation are timed in interleaved repeats, and the load average is printed beside the figures:
on a busy machine the pure-Python baseline slows more than the numpy-heavy model, which inflates the
ratio, so read it from a quiet machine (load average under about 0.5).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time

import mesa
import numpy as np

from experiments.paths import ROOT
from simulation import run

__all__ = ["BoltzmannModel", "baseline_agent_steps_per_second", "organisation_speed"]


class WealthAgent(mesa.Agent):
    def __init__(self, model: BoltzmannModel):
        super().__init__(model)
        self.wealth = 1

    def step(self) -> None:
        if self.wealth > 0:
            other = self.random.choice(self.model.agent_list)
            other.wealth += 1
            self.wealth -= 1


class BoltzmannModel(mesa.Model):
    def __init__(self, n: int = 10_000, rng=None):
        super().__init__(rng=rng)
        for _ in range(n):
            WealthAgent(self)
        self.agent_list = list(self.agents)

    def step(self) -> None:
        self.agents.shuffle_do("step")


def _best(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def baseline_agent_steps_per_second(n_agents: int = 10_000, steps: int = 30, repeats: int = 3) -> float:
    def go():
        model = BoltzmannModel(n_agents, rng=1)
        for _ in range(steps):
            model.step()

    return n_agents * steps / _best(go, repeats)


def organisation_speed(n_units: int, n_steps: int = 120, repeats: int = 3) -> tuple[float, float, int]:
    """(seconds for one run, practitioner-months per second, staff) for an organisation of ``n_units``;
    the months counted include the warm-up."""
    first = run(seed=0, n_steps=0, n_units=n_units)
    staff, months = int(first.model["headcount"].iloc[0]), n_steps + first.params.warmup_months
    seconds = _best(lambda: run(seed=1, n_steps=n_steps, n_units=n_units), repeats)
    return seconds, staff * months / seconds, staff


def load_average() -> str:
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def _timed(*words: str) -> float:
    """Wall seconds of ``python -m <words>`` from the project's root (it must succeed)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", *words], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def _sweep(folder: str, *overrides: str) -> float:
    quiet = ("quiet=true", "hydra/hydra_logging=disabled")
    return _timed("experiments.run", *overrides, f"hydra.sweep.dir={folder}/sweep", *quiet)


def sweep_seconds(workers: int) -> float:
    """Wall time of the full policy_comparison sweep (100 runs, aggregate included) in a fresh folder."""
    with tempfile.TemporaryDirectory() as folder:
        return _sweep(folder, "experiment=policy_comparison", f"workers={workers}")


def robustness_seconds(worlds: int = 200) -> tuple[float, float]:
    """(wall seconds of the main job's ensemble, experiment=robustness at ``worlds`` worlds, and its brief;
    the brief alone)."""
    with tempfile.TemporaryDirectory() as folder:
        sweep = _sweep(folder, "experiment=robustness", f"robustness.worlds={worlds}")
        brief = _timed("analysis.report", f"{folder}/sweep")
        return sweep + brief, brief


def teaching(repeats: int = 2) -> None:
    """Every teaching preset end to end as a teacher runs it (``python -m teaching <preset>``: a fresh
    interpreter each time, the brief included), with the default two workers and in one process (best of
    ``repeats``), and the explorer's comparison at its default replications on the medium organisation
    (its Run, without drawing).

    The timed commands find Python's bytecode cached, as on any machine after a preset's first run:
    an untimed first run writes it to a temporary cache (``PYTHONPYCACHEPREFIX``; the working tree is
    left alone), even where the environment sets ``PYTHONDONTWRITEBYTECODE``."""
    from teaching import explore
    from teaching.presets import PRESETS

    with tempfile.TemporaryDirectory() as cache:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache

        def seconds(preset: str, workers: str) -> float:
            with tempfile.TemporaryDirectory() as folder:
                command = [sys.executable, "-m", "teaching", preset, "--sweep-dir", folder, "--workers", workers]
                started = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
                return time.perf_counter() - started

        first = seconds(next(iter(PRESETS)), "2")  # untimed: it writes the bytecode every preset reads
        print(f"teaching  (untimed first run, filling an empty bytecode cache: {first:.1f} s)")
        for preset in PRESETS:
            best = {workers: min(seconds(preset, workers) for _ in range(repeats)) for workers in ("2", "1")}
            print(f"teaching  {preset:22s} {best['2']:.1f} s with 2 workers, {best['1']:.1f} s in one process")
    where, a, b = explore.organisation("medium"), explore.Scenario("silos"), explore.Scenario("active_nurturing")
    result = min(
        (explore.compare(a, b, where, replications=explore.EXPLORER_REPLICATIONS) for _ in range(repeats)),
        key=lambda comparison: comparison.seconds,
    )
    print(f"explorer  comparison, {result.replications} replications, medium organisation: {result.seconds:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.benchmark", description="Benchmark the organisation model against a Mesa baseline."
    )
    parser.add_argument("--quick", action="store_true", help="one repeat each (noisier)")
    parser.add_argument("--sweep", action="store_true", help="also time the policy_comparison sweep")
    parser.add_argument("--robustness", action="store_true", help="also time the main job's ensemble and its brief")
    parser.add_argument("--teaching", action="store_true", help="also time every teaching preset and the explorer")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else 3
    print(f"python {platform.python_version()}, mesa {mesa.__version__}, numpy {np.__version__}, one process")
    print(f"before    {load_average()}")
    baseline, large = 0.0, (float("inf"), 0.0, 0)
    for _ in range(repeats):  # interleaved: both see the same machine
        baseline = max(baseline, baseline_agent_steps_per_second(repeats=1))
        large = min(large, organisation_speed(400, repeats=1))
    print(f"baseline  Boltzmann wealth, 10,000 agents, shuffle_do: {baseline / 1e6:.2f} M agent-steps/s")
    seconds, _, staff = organisation_speed(40, repeats=max(repeats, 5))
    print(f"default   40 units, {staff:,} staff, warm-up + 120 months: {seconds:.3f} s per run")
    seconds, rate, staff = large
    print(
        f"large     400 units, {staff:,} staff, warm-up + 120 months: {seconds:.2f} s per run, "
        f"{rate / 1e6:.2f} M practitioner-months/s"
    )
    print(f"ratio     large organisation / baseline: {rate / baseline:.2f}")
    for n_units in (100, 800):
        seconds, rate, staff = organisation_speed(n_units, n_steps=60, repeats=1)
        print(f"scaling   {n_units} units, {staff:,} staff, 60 months: {rate / 1e6:.2f} M practitioner-months/s")
    if args.sweep:
        one, two = sweep_seconds(1), sweep_seconds(2)
        print(
            f"sweep     policy_comparison (100 runs + aggregate): {one:.1f} s with 1 worker, {two:.1f} s with 2; "
            f"parallel efficiency {one / (2 * two):.0%}"
        )
    if args.robustness:
        total, brief = robustness_seconds()
        print(
            f"ensemble  the main job's, 200 worlds x 5 policies, and its brief: {total:.0f} s; "
            f"the brief alone {brief:.1f} s"
        )
    if args.teaching:
        teaching(repeats=2 if args.quick else 3)
    print(f"after     {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
