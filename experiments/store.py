"""Writing results to disk: atomic (write to a temporary name, then rename) and never overwriting.

A result file either exists complete or not at all; a folder that already holds results is refused
rather than overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["atomic_write", "refuse_existing", "write_frame", "write_text"]


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def write_frame(frame: pd.DataFrame, path: Path) -> Path:
    return atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False))


def write_text(text: str, path: Path) -> Path:
    return atomic_write(path, lambda tmp: tmp.write_text(text))


def refuse_existing(folder: Path, names: list[str]) -> None:
    """Raise ``FileExistsError`` if ``folder`` already holds any of ``names``."""
    present = [name for name in names if (Path(folder) / name).exists()]
    if present:
        raise FileExistsError(f"{folder} already holds results {present}; refusing to overwrite them")
