"""Deterministic, atomic file output: write to a temporary file beside the target, then rename.

A build that fails half-way leaves the previous file intact; the same table always gives
the same bytes (UTF-8, LF line ends, ISO dates, no index).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` then move the result onto ``path`` in one rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_csv_atomic(table: pd.DataFrame, path: Path) -> Path:
    """Write ``table`` as CSV (no index, LF, UTF-8) atomically."""
    return write_atomic(
        path, lambda tmp: table.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
    )
