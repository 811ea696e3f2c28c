"""Deterministic, atomic file output: write to a temporary file beside the target, then rename.

A build that fails half-way leaves the previous file intact; the same table always gives
the same bytes (UTF-8, LF line ends, ISO dates, no index).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


class Stage:
    """Files written to a staging folder, to be moved onto their targets together."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.moves: list[tuple[Path, Path]] = []
        self.written: list[Path] = []

    def add(self, staged: Path, target: Path) -> None:
        """Move ``staged`` onto ``target`` when the stage commits."""
        self.moves.append((staged, Path(target)))

    def table(self, table: pd.DataFrame, target: Path) -> None:
        """Stage a CSV for ``target``."""
        staged = self.folder / f"table-{len(self.moves)}-{Path(target).name}"
        table.to_csv(staged, index=False, lineterminator="\n", encoding="utf-8")
        self.add(staged, target)


@contextmanager
def staged_outputs() -> Iterator[Stage]:
    """Stage outputs in a temporary folder; on success move each onto its target, else leave all as they were.

    Each move is an ``os.replace`` (atomic per file); files are staged on the same file
    system as their targets' parent when they are moved, via a copy-then-rename.
    """
    with tempfile.TemporaryDirectory(prefix="campaign-chronology-") as tmp:
        stage = Stage(Path(tmp))
        yield stage
        for staged, target in stage.moves:
            write_atomic(target, lambda t, s=staged: shutil.copyfile(s, t))
            stage.written.append(target)
