"""``hydra/sweeper=capacity``: Hydra's basic grid sweeper, made safe for research sweeps.

Before the first job starts it composes and validates every job of the sweep (a bad value or an
unknown key anywhere refuses the whole sweep, naming the parameter and the job) and refuses to
overwrite the results of a different sweep (``prepare``). Jobs then run through whichever launcher
is configured (the project's pool launcher locally, joblib, submitit on SLURM); each writes its own
folder, skips itself if that folder already holds its result (resume) and records its own failure.
Afterwards the sweeper writes the manifest and the aggregate, and exits with status 1 if any job has
no result. The logic lives in ``experiments``; this is the adapter.
"""

# No "from __future__ import annotations": Hydra executes plugin modules outside sys.modules,
# where dataclasses cannot resolve string annotations.
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

# Hydra's own override_dirname function: a job's folder name exists only after a full composition,
# and Hydra offers no public way to compute it alone; the fast path below names folders with it.
from hydra._internal.config_loader_impl import get_overrides_dirname

# Hydra's grid sweeper (parsing hydra.sweeper.params, expanding a sweep into jobs, batches) has no
# public import path: sweepers that extend it import it from here.
from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import OverrideType
from hydra.errors import HydraException
from omegaconf import OmegaConf, ValidationError

from experiments.config import (
    MAX_JOBS,
    NOT_CONDITIONS,
    check_name,
    job_folder,
    job_replicates,
    job_settings,
    register,
    task_config,
)
from experiments.config import vocabulary as model_vocabulary
from experiments.jobs import fingerprint
from experiments.sweep import PlannedJob, Progress, SweepRefused, check_plan, finish

__all__ = ["CapacitySweeper", "CapacitySweeperConf"]

DEFAULT_SUBDIR = "${job_folder:${hydra.job.override_dirname}}"


@dataclass
class CapacitySweeperConf:
    _target_: str = "hydra_plugins.capacity_sweeper.capacity_sweeper.CapacitySweeper"
    max_batch_size: Any = None
    params: Any = None


ConfigStore.instance().store(group="hydra/sweeper", name="capacity", node=CapacitySweeperConf, provider="capacity")
# Hydra imports every plugin before it composes anything: the project's schema and resolvers are then
# there for any composition (a notebook's compose API included), not only those made through experiments.run.
register()


class CapacitySweeper(BasicSweeper):
    """Basic sweeper plus validation, overwrite guard, progress, manifest and aggregate."""

    def __init__(self, max_batch_size: Any = None, params: Any = None) -> None:
        super().__init__(max_batch_size=max_batch_size, params=params)
        self._composed: Dict[Tuple[str, ...], Any] = {}
        self.fast = True  # share one composition among jobs that differ only in plain values

    def sweep(self, arguments: List[str]) -> Any:
        assert self.config is not None and self.launcher is not None
        try:
            sweep_dir, planned, reused = self.prepare(arguments)
        except (ValueError, ValidationError, SweepRefused) as error:
            print(f"error: {error}", file=sys.stderr)
            sys.exit(2)
        jobs = [job for job, _ in planned]
        if hasattr(self.launcher, "hand_over"):  # the project's pool launcher: no second composition per job
            self.launcher.hand_over(planned)
        print(f"sweep {sweep_dir}: {len(jobs)} jobs ({reused} already done)", file=sys.stderr)
        size = self.max_batch_size or len(jobs)
        with Progress(sweep_dir, jobs, already_done=reused, quiet=bool(self.config.quiet)):
            for start in range(0, len(jobs), size):
                batch = [list(job.overrides) for job in jobs[start : start + size]]
                self.launcher.launch(batch, initial_job_idx=start)
        status = finish(sweep_dir, jobs, self.sensitivity(), self.design("robustness"))
        if status:
            sys.exit(status)
        return []

    def prepare(self, arguments: List[str]) -> Tuple[Path, List[Tuple[PlannedJob, dict]], int]:
        """Everything before the first job starts: check the name, plan and validate every job, refuse
        to overwrite another sweep's results, record the plan and ``multirun.yaml``. Returns the sweep
        folder, the planned jobs with their resolved configs, and how many are already done."""
        assert self.config is not None
        check_name(self.config.name)
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        planned = self.plan(arguments)
        rerun = bool(self.config.rerun)
        jobs = [job for job, _ in planned]
        states = check_plan(
            sweep_dir,
            jobs,
            rerun=rerun,
            sensitivity=self.sensitivity(),
            robustness=self.design("robustness"),
            vocabulary=model_vocabulary(),
        )
        OmegaConf.save(self.config, sweep_dir / "multirun.yaml")
        return sweep_dir, planned, 0 if rerun else states["completed"]

    def plan(self, arguments: List[str]) -> List[Tuple[PlannedJob, dict]]:
        """Every job of the sweep, composed and validated, with its resolved config (nothing written)."""
        assert self.hydra_context is not None
        parser = OverridesParser.create(config_loader=self.hydra_context.config_loader)
        overrides = parser.parse_overrides([*self._parse_config(), *arguments])
        sizes = [len(list(o.sweep_string_iterator())) for o in overrides if o.is_sweep_override()]
        jobs = math.prod(sizes)
        if jobs > MAX_JOBS:  # refused before Hydra expands the grid (it could not be planned, let alone run)
            raise ValueError(f"this sweep is {jobs:,} jobs ({' x '.join(map(str, sizes))}): at most {MAX_JOBS:,}")
        return [self.plan_job(list(job)) for batch in self.split_arguments(overrides, None) for job in batch]

    def sensitivity(self) -> Optional[dict]:
        return self.design("sensitivity")

    def design(self, key: str) -> Optional[dict]:
        """The sweep's ``sensitivity`` or ``robustness`` design, as plain values (None when it has none)."""
        node = self.config.get(key)
        return None if node is None else OmegaConf.to_container(node, resolve=True)

    def _compose(self, parser: OverridesParser, overrides: List[str]) -> Tuple[dict, Any, str]:
        """(resolved task config, config-group choices, folder) of one job.

        A full composition takes a tenth of a second, so when ``fast`` is set, jobs that differ only
        in plain values share one composition per combination of config-group choices (the master config
        itself for the command line's own choices); the values are
        then set through the typed schema and the folder named with Hydra's own function, as Hydra
        would (tests/test_sweeper.py checks that both ways agree on every job of every preset)."""
        parsed = parser.parse_overrides(overrides)
        choices = self.config.hydra.runtime.choices
        groups = tuple(o.input_line for o in parsed if o.key_or_group in choices)
        values = [o for o in parsed if o.key_or_group not in choices]
        subdir_setting = OmegaConf.to_container(self.config.hydra.sweep, resolve=False)["subdir"]
        fast = (
            self.fast
            and subdir_setting == DEFAULT_SUBDIR
            and all(o.type == OverrideType.CHANGE and not o.key_or_group.startswith("hydra") for o in values)
        )
        loader = self.hydra_context.config_loader
        if not fast:
            cfg = loader.load_sweep_config(self.config, overrides)
            return task_config(cfg), cfg.hydra.runtime.choices, str(OmegaConf.select(cfg, "hydra.sweep.subdir"))
        if groups not in self._composed:
            # the master config already holds the command line's own choices: a job that sweeps no config
            # group shares its composition instead of paying for one more
            own = parser.parse_overrides(list(self.config.hydra.overrides.task))
            same = set(groups) == {o.input_line for o in own if o.key_or_group in choices}
            self._composed[groups] = self.config if same else loader.load_sweep_config(self.config, list(groups))
        base = self._composed[groups]
        task = OmegaConf.masked_copy(base, [key for key in base if key != "hydra"])
        for override in values:
            OmegaConf.update(task, override.key_or_group, override.value(), merge=True)
        dirname = self.config.hydra.job.config.override_dirname
        folder = job_folder(get_overrides_dirname(parsed, list(dirname.exclude_keys), dirname.item_sep, dirname.kv_sep))
        return OmegaConf.to_container(task, resolve=True), base.hydra.runtime.choices, folder

    def plan_job(self, overrides: List[str]) -> Tuple[PlannedJob, dict]:
        """Compose one job's config from its overrides, validate it, and say where its result will be."""
        assert self.hydra_context is not None
        parser = OverridesParser.create(config_loader=self.hydra_context.config_loader)
        where = " ".join(overrides)
        try:
            resolved, choices, folder = self._compose(parser, overrides)
            job_settings(resolved)
            runs = job_replicates(resolved)
        except (ValueError, ValidationError, HydraException) as error:
            raise ValueError(f"job [{where}]: {error}") from None
        condition = {}
        for override in parser.parse_overrides(overrides):
            key = override.key_or_group
            if key in NOT_CONDITIONS or key.startswith("hydra"):
                continue
            condition[key] = _condition_value(resolved, key, choices)
        job = PlannedJob(
            folder,
            tuple(overrides),
            fingerprint(resolved),
            condition,
            tuple(r for r, _ in runs),
            tuple(seed for _, seed in runs),
        )
        return job, resolved


def _condition_value(resolved: dict, key: str, choices: Any) -> Any:
    """A swept key's value in a job's resolved config (a dotted key such as ``sensitivity.trajectories``
    looked up in its nested node), or the config group's choice (``org=small``); a value that is not a
    scalar is recorded as its text."""
    node: Any = resolved
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return str(choices.get(key))
        node = node[part]
    return node if isinstance(node, bool | int | float | str) or node is None else str(node)
