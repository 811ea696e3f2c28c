"""Containment: every path a command reads or writes stays inside its folder, and ids that
become file names are safe file names.

Rules:

- **Ids** (``source_id``, ``claim_id``, ``place_id``; ``add --source-id``, ``accept SOURCE_ID``)
  are 1 to :data:`MAX_ID_CHARS` characters of ASCII letters, digits, ``.``, ``_`` and ``-``,
  starting with a letter or a digit (:data:`SAFE_ID`): never a path (``../x``, ``/tmp/x``),
  never the ``:`` of an event id or the ``|`` that joins ids in the chronology.
- **The data folder**: each table, ``raw/`` and its sub-folders, ``processed/`` and ``review/``
  must resolve (links followed) inside the data folder itself; a link pointing outside is
  refused (``path: message``), so nothing is read from or written to a place the folder does
  not hold.
- **Output folders** (``figures --out``, ``export -o``, the default ``figures/`` and
  ``exports/``): a folder, or nothing yet; a file, a device or a symbolic link is refused
  before any work.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import pandas as pd

from analysis.output import BuildError
from analysis.paths import data_files
from analysis.validation import LINE, Problem, display_path, printable

MAX_ID_CHARS = 100
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# The folders of a data folder that a command reads or writes, besides data_files().
DATA_FOLDERS = ("raw", "raw/articles", "raw/cited", "processed", "review")


def id_problem(value: str) -> str | None:
    """Why ``value`` may not be an id (see the module rules), or None."""
    if not value:
        return "empty; an id is required"
    if len(value) > MAX_ID_CHARS:
        return f"id is {len(value):,} characters long; the limit is {MAX_ID_CHARS}"
    if not SAFE_ID.fullmatch(value):
        bad = sorted({c for c in value if not SAFE_ID.fullmatch("a" + c)})
        shown = ", ".join(repr(c) for c in bad) if bad else repr(value[0])
        return (
            f"id {value!r} may hold only ASCII letters, digits, '.', '_' and '-', starting with a "
            f"letter or a digit (not {shown})"
        )
    return None


def outside(path: Path, folder: Path) -> str | None:
    """Why ``path`` (links followed) is not inside ``folder``, or None. ``path`` need not exist."""
    resolved, root = Path(path).resolve(), Path(folder).resolve()
    if resolved == root or resolved.is_relative_to(root):
        return None
    return f"resolves to {resolved}, outside {root}; links out of the folder are refused"


def data_folder_problems(data_dir: Path) -> list[Problem]:
    """A problem for every table or folder of ``data_dir`` that leads outside it (see the rules)."""
    data_dir = Path(data_dir)
    paths = [*data_files(data_dir).values(), *(data_dir / name for name in DATA_FOLDERS)]
    problems = []
    for path in sorted(set(paths)):
        if not os.path.lexists(path):
            continue
        reason = outside(path, data_dir)
        if reason is not None:
            problems.append(Problem(display_path(path), 0, "-", reason))
    return problems


def check_output_folder(folder: Path) -> Path:
    """``folder`` as given, when it may receive a command's outputs; else BuildError, before any work.

    A folder (or a path where nothing exists yet) is fine; a file, a device, a symbolic link,
    or a path whose nearest existing ancestor is not a folder is refused.
    """
    folder = Path(folder)
    if folder.is_symlink():
        raise BuildError(
            errno.ELOOP,
            f"{printable(str(folder))}: is a symbolic link (to {printable(os.readlink(folder))}); "
            "give the folder itself; nothing was written",
        )
    if folder.exists() and not folder.is_dir():
        kind = "a device or special file" if not stat.S_ISREG(folder.stat().st_mode) else "a file"
        raise BuildError(
            errno.ENOTDIR, f"{printable(str(folder))}: is {kind}, not a folder; nothing was written"
        )
    ancestor = folder.absolute().parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise BuildError(
            errno.ENOTDIR,
            f"{printable(str(ancestor))}: is not a folder, cannot hold {folder}; nothing was written",
        )
    return folder


def id_column_problems(table: pd.DataFrame, shown: str, column: str) -> list[Problem]:
    """A problem for every non-empty cell of id column ``column`` that is not a safe id (empty cells
    are reported as required elsewhere)."""
    values = table[column].tolist()
    lines = table[LINE].tolist()
    return [
        Problem(shown, int(line), column, reason)
        for value, line in zip(values, lines, strict=True)
        if value and (reason := id_problem(value)) is not None
    ]
