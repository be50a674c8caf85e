"""``hydra/sweeper=capacity``: Hydra's basic grid sweeper, made safe for research sweeps.

Before the first job starts it composes and validates every job of the sweep (a bad value anywhere
refuses the whole sweep, naming the parameter and the job) and refuses to overwrite the results of a
different sweep. Jobs then run through whichever launcher is configured (joblib locally, submitit on
SLURM); each writes its own folder, skips itself if that folder already holds its result (resume)
and records its own failure. Afterwards the sweeper writes the manifest and the aggregate, and exits
with status 1 if any job has no result. The logic lives in ``experiments.sweep``; this is the adapter.
"""

# No "from __future__ import annotations": Hydra executes plugin modules outside sys.modules,
# where dataclasses cannot resolve string annotations.
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from hydra._internal.config_loader_impl import get_overrides_dirname
from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import OverrideType
from omegaconf import OmegaConf, ValidationError

from experiments.schema import job_folder, task_config
from experiments.settings import job_replicates, job_settings
from experiments.sweep import PlannedJob, Progress, SweepRefused, check_plan, finish

DEFAULT_SUBDIR = "${job_folder:${hydra.job.override_dirname}}"
SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
#: Task overrides that say how a sweep runs rather than what a job is.
NOT_CONDITIONS = (
    "experiment",
    "name",
    "workers",
    "quiet",
    "rerun",
    "replicates",
    "replicate",
    "seed",
    "block",
    "block_size",
)


@dataclass
class CapacitySweeperConf:
    _target_: str = "hydra_plugins.capacity_sweeper.capacity_sweeper.CapacitySweeper"
    max_batch_size: Any = None
    params: Any = None


ConfigStore.instance().store(group="hydra/sweeper", name="capacity", node=CapacitySweeperConf, provider="capacity")


class CapacitySweeper(BasicSweeper):
    """Basic sweeper plus validation, overwrite guard, progress, manifest and aggregate."""

    def __init__(self, max_batch_size: Any = None, params: Any = None) -> None:
        super().__init__(max_batch_size=max_batch_size, params=params)
        self._composed: dict = {}

    def sweep(self, arguments: list[str]) -> Any:
        assert self.config is not None and self.launcher is not None and self.hydra_context is not None
        parser = OverridesParser.create(config_loader=self.hydra_context.config_loader)
        overrides = parser.parse_overrides([*self._parse_config(), *arguments])
        job_overrides = [job for batch in self.split_arguments(overrides, None) for job in batch]
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        if not SAFE_NAME.fullmatch(str(self.config.name)):
            print(
                f"error: name={self.config.name!r} is not allowed: letters, digits, '.', '_' and '-' only, "
                "not starting with '.' (it names a folder under multirun/)",
                file=sys.stderr,
            )
            sys.exit(2)
        try:
            jobs = [self._plan(parser, list(job)) for job in job_overrides]
            states = check_plan(sweep_dir, jobs, rerun=bool(self.config.rerun), sensitivity=self._sensitivity())
        except (ValueError, ValidationError, SweepRefused) as error:
            print(f"error: {error}", file=sys.stderr)
            sys.exit(2)
        OmegaConf.save(self.config, sweep_dir / "multirun.yaml")
        reused = 0 if self.config.rerun else states["completed"]
        print(f"sweep {sweep_dir}: {len(jobs)} jobs ({reused} already done)", file=sys.stderr)
        size = self.max_batch_size or len(job_overrides)
        with Progress(sweep_dir, jobs, already_done=reused, quiet=bool(self.config.quiet)):
            for start in range(0, len(job_overrides), size):
                self.launcher.launch(job_overrides[start : start + size], initial_job_idx=start)
        status = finish(sweep_dir, jobs, self._sensitivity())
        if status:
            sys.exit(status)
        return []

    def _sensitivity(self) -> Optional[dict]:
        node = self.config.get("sensitivity")
        return None if node is None else OmegaConf.to_container(node, resolve=True)

    def _plan(self, parser: OverridesParser, overrides: list) -> PlannedJob:
        """Compose one job's config, validate it, and say where its result will be.

        Composing is slow (a fifth of a second here), so jobs that differ only in plain values share
        one composition per combination of config-group choices; the values are then set through the
        typed schema, as Hydra would. Anything else is composed in full."""
        from experiments.jobs import fingerprint

        parsed = parser.parse_overrides(overrides)
        choices = self.config.hydra.runtime.choices
        groups = tuple(o.input_line for o in parsed if o.key_or_group in choices)
        values = [o for o in parsed if o.key_or_group not in choices]
        subdir_setting = OmegaConf.to_container(self.config.hydra.sweep, resolve=False)["subdir"]
        fast = subdir_setting == DEFAULT_SUBDIR and all(
            o.type == OverrideType.CHANGE and not o.key_or_group.startswith("hydra") for o in values
        )
        where = " ".join(overrides)
        if fast:
            if groups not in self._composed:
                self._composed[groups] = self.hydra_context.config_loader.load_sweep_config(self.config, list(groups))
            base = self._composed[groups]
            task = OmegaConf.masked_copy(base, [key for key in base if key != "hydra"])
            for override in values:
                OmegaConf.update(task, override.key_or_group, override.value(), merge=True)
            resolved = OmegaConf.to_container(task, resolve=True)
            job_choices = base.hydra.runtime.choices
            dirname_cfg = self.config.hydra.job.config.override_dirname
            subdir = job_folder(
                get_overrides_dirname(parsed, list(dirname_cfg.exclude_keys), dirname_cfg.item_sep, dirname_cfg.kv_sep)
            )
        else:
            cfg = self.hydra_context.config_loader.load_sweep_config(self.config, overrides)
            resolved = task_config(cfg)
            job_choices = cfg.hydra.runtime.choices
            subdir = str(OmegaConf.select(cfg, "hydra.sweep.subdir"))
        try:
            job_settings(resolved)
            runs = job_replicates(resolved)
        except ValueError as error:
            raise ValueError(f"job [{where}]: {error}") from None
        condition = {}
        for override in parsed:
            key = override.key_or_group
            if key in NOT_CONDITIONS or key.startswith("hydra"):
                continue
            condition[key] = resolved[key] if key in resolved else str(job_choices.get(key))
        return PlannedJob(
            subdir,
            tuple(overrides),
            fingerprint(resolved),
            condition,
            tuple(r for r, _ in runs),
            tuple(seed for _, seed in runs),
        )
