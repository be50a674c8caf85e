"""The command line's guard: configurations and overrides are data, never code.

Hydra can run code a configuration names: it instantiates the ``_target_`` of every entry under
``hydra.callbacks`` when a run starts, unpickles a stored configuration for ``--experimental-rerun``,
and reads configuration from any folder a ``--config-path``, ``--config-dir`` or ``hydra.searchpath``
names. Nothing in this project instantiates a class a configuration names, so ``refusal`` turns away,
before Hydra starts, every way in: the rerun flag; a config path other than the project's own
``configs/``; any search-path or callbacks override; any override that names ``_target_``,
``callbacks`` or an environment variable (``oc.env``, which would copy the environment into the
record and the brief); and a config folder any of whose YAML files, once parsed (so that escapes such
as ``callb\\x61cks`` are read as what they spell), holds such a key or is not plain data. It also
keeps results where they belong: a single run's ``hydra.run.dir`` must be new or empty, and a sweep's
job folders are its own to name (no ``hydra.sweep.subdir``).
``python -m experiments.run`` and ``python -m teaching`` call it first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from experiments.paths import CONFIGS

__all__ = ["CODE_WORDS", "refusal", "run_guarded", "said"]

#: Keys that name code Hydra would run; refused wherever they appear.
CODE_WORDS = ("_target_", "callbacks")
#: Override text that reads the environment.
ENVIRONMENT = ("oc.env", "oc.decode")
#: Overrides of Hydra's own settings that change where configuration is read from.
SEARCH_KEYS = ("hydra.searchpath", "hydra/searchpath")
CONFIG_DIR = ("-cd", "--config-dir")
CONFIG_PATH = ("-cp", "--config-path")
RERUN = "--experimental-rerun"


def _flag_value(argv: Sequence[str], i: int, flags: Sequence[str]) -> str | None:
    """The value of flag ``argv[i]`` when it is one of ``flags`` (``-cd x`` or ``-cd=x``), else None."""
    word = argv[i]
    for flag in flags:
        if word == flag:
            return argv[i + 1] if i + 1 < len(argv) else ""
        if word.startswith(f"{flag}="):
            return word.split("=", 1)[1]
    return None


def _keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keys(value)
            if isinstance(value, str):  # a defaults-list entry such as 'hydra/callbacks: x'
                yield value


def _folder_refusal(folder: Path) -> str | None:
    if not folder.is_dir():
        return None  # Hydra says it does not exist
    for path in sorted(folder.rglob("*.yaml")) + sorted(folder.rglob("*.yml")):
        try:
            content = yaml.safe_load(path.read_text(errors="replace"))
        except yaml.YAMLError as error:
            return f"config {path} is not plain data ({type(error).__name__}); configs here are data only"
        for key in _keys(content):
            if any(word in key for word in (*CODE_WORDS, "searchpath")):
                return f"config {path} names code to run ({key!r}); configs here are data only"
    return None


def refusal(argv: Sequence[str]) -> str | None:
    """The reason to refuse this command line (``sys.argv[1:]``), or None when it is data only."""
    argv = list(argv)
    multirun = any(word in ("-m", "--multirun") for word in argv)
    for i, word in enumerate(argv):
        if word == RERUN or word.startswith(f"{RERUN}="):
            return f"{RERUN} unpickles a stored configuration, which can run code: give the same overrides again"
        path = _flag_value(argv, i, CONFIG_PATH)
        if path is not None and Path(path).resolve() != CONFIGS.resolve():
            return f"--config-path {path!r} is not allowed: configs are read from {CONFIGS} (or a -cd folder of data)"
        folder = _flag_value(argv, i, CONFIG_DIR)
        if folder is not None:
            reason = _folder_refusal(Path(folder))
            if reason:
                return reason
            continue
        if word.startswith("-") or "=" not in word:
            continue
        key = word.split("=", 1)[0].lstrip("+~")
        group = CONFIGS / key
        if group.is_dir() and word.split("=", 1)[1].strip() in ("null", "None", "~", ""):
            options = sorted(p.stem for p in group.glob("*.yaml"))
            return f"{key}={word.split('=', 1)[1]!r} is not allowed: choose one of {', '.join(options)}"
        if any(code in word for code in CODE_WORDS):
            return f"override {word!r} names code to run; configs here are data only ({', '.join(CODE_WORDS)})"
        if key.startswith(SEARCH_KEYS):
            return f"override {word!r} is not allowed: configuration is read from {CONFIGS} only"
        if key == "hydra.run.dir" and not multirun:
            folder = Path(word.split("=", 1)[1])
            if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
                return (
                    f"hydra.run.dir={folder} already holds files: a run writes into a new or empty folder, "
                    "so that nothing there is overwritten"
                )
        if key == "hydra.sweep.subdir":
            return f"override {word!r} is not allowed: a sweep names its job folders itself (inside hydra.sweep.dir)"
        if any(name in word for name in ENVIRONMENT):
            return f"override {word!r} reads the environment; give the value itself"
    return None


def said(error: BaseException) -> str:
    """An input error and its causes in one line (Hydra and OmegaConf wrap the reason in layers)."""
    text = str(error)
    unknown = re.search(r"Could not override '([^']+)'", text)
    if unknown:
        from experiments.config import unknown_key

        return unknown_key(unknown.group(1))
    missing = re.search(r"Could not find '([\w/]+)/([^']*)'", text)
    if missing and (CONFIGS / missing.group(1)).is_dir():
        options = sorted(p.stem for p in (CONFIGS / missing.group(1)).glob("*.yaml"))
        return f"{missing.group(1)}={missing.group(2)!r} is not allowed: choose one of {', '.join(options)}"
    parts: list[str] = []
    while error is not None:
        text = re.sub(r"^\w+ raised while resolving interpolation: ", "", str(error).strip())
        for line in text.splitlines():
            line = line.strip()
            if line.startswith(("object_type=", "reference_type=", "Set the environment")) or "$VALUE" in line:
                continue
            if line and line not in parts:
                parts.append(line)
        error = error.__cause__ or error.__context__
    return "; ".join(parts)


def run_guarded(main: Callable[[], Any], argv: Sequence[str]) -> None:
    """Run a Hydra ``main`` on ``argv`` as a user's command: refused (exit 2, one line on stderr, before
    Hydra starts) when ``refusal`` says so, and an input error Hydra meets while composing the
    configuration (a value of the wrong type, a bound a resolver checks) reported the same way
    rather than as Hydra's traceback. Any other exception is a bug and keeps its traceback."""
    import os
    import sys

    reason = refusal(argv)
    if reason is not None:
        print(f"error: {reason}", file=sys.stderr)
        sys.exit(2)
    if os.environ.get("HYDRA_FULL_ERROR") == "1":  # the user asked for Hydra's traceback
        main()
        return
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException

    os.environ["HYDRA_FULL_ERROR"] = "1"  # Hydra re-raises, so the input error reaches us whole
    try:
        main()
    except (HydraException, OmegaConfBaseException) as error:
        print(f"error: {said(error)}", file=sys.stderr)
        sys.exit(2)
