"""One job of a sweep: run its replicates, write their results into its own folder, mark it done last.

A job runs one replicate, or a block of them (``block``, ``block_size``), each with its own seed. Its
folder holds ``model.parquet``, ``units.parquet``, ``projects.parquet`` (every replicate, with a
``replicate`` column), ``summary.csv`` (one row per replicate: final-state and period-averaged
outcomes), ``config.yaml`` (resolved), ``provenance.json``
(seeds, package versions, git commit, timings) and, written last, ``DONE.json``: a folder without
it holds no result. Every file is written atomically. A job that raises writes its traceback to
``error.txt`` and returns ``"failed"``; it does not stop the other jobs. A job whose folder already
holds the same job's result is skipped (resume); one holding a different job's result is refused
unless ``rerun`` is set.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import time
import traceback
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from experiments.config import NOT_CONDITIONS, job_replicates, job_settings
from experiments.paths import ROOT
from experiments.store import atomic_write, write_frame, write_text

__all__ = [
    "DONE",
    "ERROR",
    "RESULT_FILES",
    "fingerprint",
    "job_status",
    "provenance",
    "run_job",
    "run_jobs",
    "warm_ups",
]

DONE = "DONE.json"
ERROR = "error.txt"
RESULT_FILES = ("model.parquet", "units.parquet", "projects.parquet", "summary.csv", "config.yaml", "provenance.json")
#: Config keys that change how a sweep runs or what it says, not what a job computes.
NOT_IN_FINGERPRINT = ("hydra", *(key for key, uses in NOT_CONDITIONS.items() if "fingerprint" not in uses))
PACKAGES = ("mesa", "numpy", "pandas", "pyarrow", "hydra-core", "omegaconf", "SALib")
#: PyYAML's safe dumper, in C where PyYAML was built with libyaml (the same text, about five times sooner).
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def fingerprint(cfg: Mapping[str, Any]) -> str:
    """Identity of a job: a hash of its resolved config (keys that change no result left out) and of the
    replicates and seeds it runs (so that a sweep extended with more replicates keeps its earlier blocks)."""
    content = {k: v for k, v in cfg.items() if k not in NOT_IN_FINGERPRINT}
    content["runs"] = job_replicates(cfg)
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:16]


def job_status(folder: Path, expected: str | None = None) -> str:
    """``completed`` (done, and the same job if ``expected`` is given), ``conflict``, ``failed`` or ``missing``."""
    done = folder / DONE
    if done.is_file():
        try:
            stored = json.loads(done.read_text())["fingerprint"]
        except (ValueError, KeyError):
            return "failed"
        return "completed" if expected is None or stored == expected else "conflict"
    if (folder / ERROR).is_file():
        return "failed"
    return "missing"


@lru_cache(maxsize=1)
def warm_ups():
    """This process's kept warm-ups (``simulation.WarmUps``): jobs run here that differ only in their
    levers, under the same seeds, start from one warm-up per seed instead of repeating it. The results
    are the same bits either way."""
    from simulation import WarmUps

    return WarmUps(size=16)


def run_jobs(calls: Sequence[tuple[Mapping[str, Any], Path, str, bool]]) -> list[str]:
    """Run several jobs in turn in this process, each given as (config, folder, run_id, rerun): one
    worker's share of a sweep. Returns their statuses."""
    return [run_job(cfg, folder, run_id=run_id, rerun=rerun) for cfg, folder, run_id, rerun in calls]


def run_job(cfg: Mapping[str, Any], folder: Path, *, run_id: str, rerun: bool = False) -> str:
    """Run the job of resolved config ``cfg`` into ``folder``; returns completed, skipped or failed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key = fingerprint(cfg)
    status = job_status(folder, key)
    if status == "completed" and not rerun:
        return "skipped"
    if status == "conflict" and not rerun:
        write_text(f"{folder} holds the result of a different job; rerun=true replaces it\n", folder / ERROR)
        return "failed"
    for name in (DONE, ERROR):
        (folder / name).unlink(missing_ok=True)
    for stale in folder.glob(".*.tmp-*"):  # half-written files of a run that was killed
        stale.unlink(missing_ok=True)
    started = time.time()
    try:
        # here, not above: planning a sweep needs this module but neither the model nor pandas
        import pandas as pd

        from analysis.summary import summarise
        from simulation import run_paired

        settings = job_settings(cfg)
        frames: dict[str, list[pd.DataFrame]] = {"model": [], "units": [], "projects": [], "summary": []}
        runs = job_replicates(cfg)
        paired = run_paired(
            {run_id: settings.params},
            dict(runs),
            n_steps=settings.n_steps,
            roster=settings.roster,
            warm_ups=warm_ups(),
            units=cfg.get("unit_frames", "all"),
            run_id=lambda _, replicate, seed: f"{run_id}#r{replicate}",
        )
        for one in paired:
            result = one.result
            for name, frame in (
                ("model", result.model),
                ("units", result.units),
                ("projects", result.projects),
                ("summary", summarise(result.model, result.units)),
            ):
                frame.insert(1, "replicate", one.replicate)
                frame.insert(0, "job", run_id)
                frames[name].append(frame)
        for name in ("model", "units", "projects"):
            write_frame(pd.concat(frames[name], ignore_index=True), folder / f"{name}.parquet")
        summary = pd.concat(frames["summary"], ignore_index=True)
        atomic_write(folder / "summary.csv", lambda tmp: summary.to_csv(tmp, index=False))
        write_text(yaml.dump(dict(cfg), Dumper=SAFE_DUMPER, sort_keys=True), folder / "config.yaml")
        info = provenance(cfg, [seed for _, seed in runs], started)
        write_text(json.dumps(info, indent=2, sort_keys=True), folder / "provenance.json")
        done = {
            "fingerprint": key,
            "job": run_id,
            "replicates": [r for r, _ in runs],
            "seconds": round(time.time() - started, 3),
        }
        write_text(json.dumps(done, indent=2), folder / DONE)
        return "completed"
    except Exception:
        write_text(traceback.format_exc(), folder / ERROR)
        return "failed"


@lru_cache(maxsize=1)
def _git_commit() -> dict[str, Any]:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "simulation", "experiments", "analysis", "hydra_plugins", "configs"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return {"commit": None}
    if commit.returncode != 0:
        return {"commit": None}
    return {"commit": commit.stdout.strip(), "uncommitted_changes": bool(dirty.stdout.strip())}


@lru_cache(maxsize=1)
def _versions() -> dict[str, str | None]:
    """The installed version of each of ``PACKAGES`` (None where it is not installed), read once per process."""
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return versions


def provenance(cfg: Mapping[str, Any], seeds: list[int], started: float) -> dict[str, Any]:
    """Where a result came from: seeds, versions, commit, machine, timing."""
    return {
        "seeds": seeds,
        "master_seed": cfg.get("master_seed"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": dict(_versions()),
        "git": _git_commit(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
        "seconds": round(time.time() - started, 3),
    }
