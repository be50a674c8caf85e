"""A sweep as a whole: its plan, the guard against overwriting, progress, manifest and aggregate.

The Hydra sweeper (``hydra_plugins/capacity_sweeper``) calls these around the launcher:
``check_plan`` before any job starts (every job validated; no earlier result of a different sweep
overwritten), ``Progress`` while jobs run, then ``write_manifest`` and ``aggregate``. Job folders
are the truth about what ran, whatever a launcher reports. ``python -m experiments.aggregate`` runs
the last two again on a finished sweep folder (for example after SLURM jobs ended).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.design import from_plan
from experiments.jobs import DONE, ERROR, job_status
from experiments.store import atomic_write, write_text

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "MANIFEST",
    "PLAN",
    "PlannedJob",
    "Progress",
    "SweepRefused",
    "aggregate",
    "check_plan",
    "finish",
    "load_plan",
    "write_manifest",
]

PLAN = "sweep.json"
MANIFEST = "manifest.csv"
AGGREGATE = "aggregate"
FRAMES = ("model", "units", "projects")


@dataclass(frozen=True)
class PlannedJob:
    """One job of a sweep: its folder (relative to the sweep folder), overrides, identity and condition."""

    folder: str
    overrides: tuple[str, ...]
    fingerprint: str
    condition: dict[str, Any]
    replicates: tuple[int, ...]
    seeds: tuple[int, ...]


class SweepRefused(RuntimeError):
    """The sweep would overwrite earlier results, or a job's settings are invalid."""


def check_plan(
    sweep_dir: Path,
    jobs: Sequence[PlannedJob],
    *,
    rerun: bool,
    sensitivity: dict | None = None,
    robustness: dict | None = None,
    vocabulary: dict | None = None,
) -> dict[str, int]:
    """Refuse a sweep that would overwrite results it does not own; otherwise record its plan.

    The same sweep again resumes (completed jobs are skipped); a sweep that extends an earlier one
    (all its jobs plus more) reuses the completed ones; any other sweep into a folder holding
    results is refused unless ``rerun`` is set. The plan (``sweep.json``) records the jobs, what the
    sweep compares (its ``design``, ``analysis.design``), the sensitivity or robustness design and the
    model's ``vocabulary`` (the names a brief needs). Returns counts of job states before the launch.
    """
    folders = [job.folder for job in jobs]
    if len(set(folders)) != len(folders):
        shared = next(f for f in folders if folders.count(f) > 1)
        raise SweepRefused(
            f"two jobs of this sweep would write to one folder ({shared}): they differ only in settings that do "
            "not name a job's folder (name, question, workers ...); sweep one of those alone"
        )
    root = Path(sweep_dir).resolve()
    outside = [f for f in folders if root not in (root / f).resolve().parents]
    if outside:
        raise SweepRefused(f"job folder {outside[0]!r} is not inside {sweep_dir}: a sweep writes into its own folder")
    plan_file = sweep_dir / PLAN
    if not plan_file.is_file() and not rerun and (sweep_dir / MANIFEST).exists() | (sweep_dir / AGGREGATE).exists():
        raise SweepRefused(
            f"{sweep_dir} holds a manifest or an aggregate but no {PLAN}: results of an unknown sweep. Write this one "
            "elsewhere (name=<new name>), or pass rerun=true to replace them."
        )
    if plan_file.is_file() and not rerun:
        earlier = {j["folder"]: j["fingerprint"] for j in json.loads(plan_file.read_text())["jobs"]}
        now = {j.folder: j.fingerprint for j in jobs}
        if not all(now.get(folder) == key for folder, key in earlier.items()):
            raise SweepRefused(
                f"{sweep_dir} holds the results of a different sweep. Write this one elsewhere "
                f"(name=<new name> or hydra.sweep.dir=<folder>), or pass rerun=true to replace those results."
            )
    states = {"completed": 0, "failed": 0, "missing": 0, "conflict": 0}
    conflicts = []
    for job in jobs:
        state = job_status(sweep_dir / job.folder, job.fingerprint)
        states[state] += 1
        if state == "conflict":
            conflicts.append(job.folder)
    if conflicts and not rerun:
        raise SweepRefused(
            f"{len(conflicts)} job folder(s) of {sweep_dir} hold results of different jobs (first: {conflicts[0]}); "
            "pass rerun=true to replace them, or write elsewhere with name=<new name>"
        )
    sweep_dir.mkdir(parents=True, exist_ok=True)
    planned = [asdict(j) for j in jobs]
    plan = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "design": from_plan(planned, {"sensitivity": sensitivity, "robustness": robustness}).to_dict(),
        "sensitivity": sensitivity,
        "robustness": robustness,
        "vocabulary": vocabulary,
        "jobs": planned,
    }
    write_text(json.dumps(plan, indent=2, default=str), plan_file)
    return states


def load_plan(sweep_dir: Path) -> list[PlannedJob]:
    data = json.loads((Path(sweep_dir) / PLAN).read_text())
    tuples = ("overrides", "replicates", "seeds")
    return [PlannedJob(**{**job, **{k: tuple(job[k]) for k in tuples}}) for job in data["jobs"]]


class Progress:
    """A progress line on stderr while jobs run: jobs finished, failures, elapsed time and an estimate."""

    def __init__(
        self, sweep_dir: Path, jobs: Sequence[PlannedJob], *, already_done: int, quiet: bool, interval: float = 2.0
    ):
        self.sweep_dir, self.jobs, self.quiet, self.interval = sweep_dir, list(jobs), quiet, interval
        self.already_done = already_done
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._last = None
        self.started = time.time()

    def __enter__(self) -> Progress:
        if not self.quiet:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        if not self.quiet:
            self.report(final=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.report()

    def counts(self) -> tuple[int, int]:
        done = failed = 0
        for job in self.jobs:
            folder = self.sweep_dir / job.folder
            if (folder / DONE).is_file():
                done += 1
            elif (folder / ERROR).is_file():
                failed += 1
        return done, failed

    def report(self, final: bool = False) -> None:
        done, failed = self.counts()
        if (done, failed) == self._last:
            return
        self._last = (done, failed)
        total, elapsed = len(self.jobs), time.time() - self.started
        fresh = done - self.already_done
        left = total - done - failed
        if left and fresh > 0:
            eta = f", about {elapsed / fresh * left:.0f} s left"
        else:
            eta = "" if left else ", finished"
        print(
            f"progress: {done}/{total} jobs done, {failed} failed, {elapsed:.0f} s elapsed{eta}",
            file=sys.stderr,
            flush=True,
        )


def write_manifest(sweep_dir: Path, jobs: Sequence[PlannedJob]) -> pd.DataFrame:
    """``manifest.csv``: every planned job with its status, from its own folder; the error's last line."""
    import pandas as pd  # here and below, not above: planning a sweep needs this module but no data library

    rows = []
    for job in jobs:
        folder = sweep_dir / job.folder
        status = job_status(folder, job.fingerprint)
        error = ""
        if status == "failed" and (folder / ERROR).is_file():
            lines = (folder / ERROR).read_text().strip().splitlines()
            error = lines[-1] if lines else ""
        rows.append(
            {
                "folder": job.folder,
                "status": status,
                "replicates": " ".join(map(str, job.replicates)),
                "seeds": " ".join(map(str, job.seeds)),
                **{f"condition.{k}": v for k, v in job.condition.items()},
                "error": error,
            }
        )
    manifest = pd.DataFrame(rows)
    atomic_write(sweep_dir / MANIFEST, lambda tmp: manifest.to_csv(tmp, index=False))
    return manifest


def _table_with_condition(table: pa.Table, job: PlannedJob) -> pa.Table:
    import pyarrow as pa

    extra = job.condition
    table = table.drop_columns([key for key in extra if key in table.column_names])
    for i, (key, value) in enumerate(extra.items()):
        kind = pa.scalar(value).type  # typed even when the job's frame has no rows
        table = table.add_column(i, key, pa.array([value] * table.num_rows, type=kind))
    return table


def aggregate(sweep_dir: Path, jobs: Sequence[PlannedJob], batch: int = 64) -> dict[str, Path]:
    """One tidy dataset per frame across the completed jobs, with condition columns, written ``batch``
    jobs at a time (memory stays bounded by that many jobs' frames of each file; the files are written
    side by side), in plan order (the same bits whatever the number of workers). Returns the files written."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    out = sweep_dir / AGGREGATE
    out.mkdir(parents=True, exist_ok=True)
    completed = [job for job in jobs if job_status(sweep_dir / job.folder, job.fingerprint) == "completed"]
    written: dict[str, Path] = {}
    if not completed:
        return written

    def frame(frame_name: str) -> Path:
        files = [sweep_dir / job.folder / f"{frame_name}.parquet" for job in completed]
        # one schema for all jobs (an empty frame's columns have no type of their own)
        schema = pa.unify_schemas([pq.read_schema(f).remove_metadata() for f in files], promote_options="permissive")

        def write(tmp: Path) -> None:
            writer = None
            try:
                for start in range(0, len(completed), batch):
                    part = zip(completed[start : start + batch], files[start : start + batch], strict=True)
                    read = [(job, pq.read_table(file, schema=schema, use_threads=False)) for job, file in part]
                    tables = [_table_with_condition(table.replace_schema_metadata(None), job) for job, table in read]
                    if writer is None:
                        writer = pq.ParquetWriter(tmp, tables[0].schema)
                    writer.write_table(pa.concat_tables([t.cast(writer.schema) for t in tables]))
            finally:
                if writer is not None:
                    writer.close()

        return atomic_write(out / f"{frame_name}.parquet", write)

    small = pa_csv.ReadOptions(use_threads=False)  # a job's summary is a few rows: threads cost more than they save

    def summary() -> Path:
        summaries = [
            _table_with_condition(pa_csv.read_csv(sweep_dir / job.folder / "summary.csv", small), job)
            for job in completed
        ]
        table = pa.concat_tables(summaries, promote_options="permissive").to_pandas()
        return atomic_write(out / "summary.csv", lambda tmp: table.to_csv(tmp, index=False))

    # Each file in a thread of its own: Arrow reads, encodes and writes without holding the interpreter.
    with ThreadPoolExecutor(max_workers=len(FRAMES) + 1) as threads:
        futures = {name: threads.submit(frame, name) for name in FRAMES}
        futures["summary"] = threads.submit(summary)
        written.update({name: future.result() for name, future in futures.items()})
    return written


def finish(
    sweep_dir: Path,
    jobs: Sequence[PlannedJob] | None = None,
    sensitivity: dict | None = None,
    robustness: dict | None = None,
) -> int:
    """Manifest, aggregate, and for a screening its Morris indices, for an ensemble its worlds
    (``aggregate/worlds.csv``: every world's sampled values); prints a summary; returns the exit status."""
    sweep_dir = Path(sweep_dir)
    jobs = load_plan(sweep_dir) if jobs is None else jobs
    plan = json.loads((sweep_dir / PLAN).read_text())
    sensitivity = plan.get("sensitivity") if sensitivity is None else sensitivity
    robustness = plan.get("robustness") if robustness is None else robustness
    manifest = write_manifest(sweep_dir, jobs)
    written = aggregate(sweep_dir, jobs)
    if robustness:
        from experiments.config import MODEL_TYPES
        from experiments.samples import worlds_table

        table = worlds_table(robustness, MODEL_TYPES)
        atomic_write(sweep_dir / AGGREGATE / "worlds.csv", lambda tmp: table.to_csv(tmp, index=False))
    counts = manifest["status"].value_counts().to_dict()
    if sensitivity and "summary" in written and counts.get("completed", 0) == len(jobs):
        import pandas as pd

        from experiments.samples import morris_indices

        summary = pd.read_csv(written["summary"])
        morris_indices(summary, sensitivity, sweep_dir / AGGREGATE / "sensitivity.csv")
    done = counts.get("completed", 0)
    print(
        f"sweep {sweep_dir}: {len(jobs)} jobs, {done} completed, {counts.get('failed', 0)} failed, "
        f"{counts.get('missing', 0)} missing; manifest {sweep_dir / MANIFEST}; aggregate {sweep_dir / AGGREGATE}"
    )
    for row in manifest[manifest["status"] != "completed"].head(5).itertuples():
        print(f"  {row.status}: {row.folder} {row.error}", file=sys.stderr)
    return 0 if done == len(jobs) else 1
