"""Strict CSV reading and the problem reports every loader and ``python -m analysis check`` share.

A problem names the file, the line in that file (1-based, the header is line 1) and the
column, so that ``path:line: column: message`` points an editor at the exact cell.
Nothing is dropped: a table with any problem is rejected whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

LINE = "_line"  # column added to every loaded table: the file line where the record starts


@dataclass(frozen=True, order=True)
class Problem:
    """One fault in one cell (or line, or file) of the data."""

    path: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.column}: {self.message}"


class DataError(ValueError):
    """Raised by the loaders; carries every problem found, each naming file, line and column."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n{lines}")


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Raise :class:`DataError` when ``problems`` is not empty."""
    problems = list(problems)
    if problems:
        raise DataError(problems)


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working directory when possible."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text_strict(path: Path) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file with LF line ends and no BOM; report anything else."""
    shown = display_path(path)
    if not Path(path).is_file():
        return None, [Problem(shown, 0, "-", "file not found")]
    raw = Path(path).read_bytes()
    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(shown, 1, "-", "starts with a UTF-8 byte-order mark (BOM); save as UTF-8 without BOM")
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(shown, line, "-", f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}")
        )
        return None, problems
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.append(Problem(shown, line, "-", "carriage return (CRLF or CR line ends); use LF line ends"))
    return text.lstrip("\ufeff"), problems


def read_table(path: Path, columns: Sequence[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV whose header must be exactly ``columns``; every cell is a string.

    Returns the table (with a ``_line`` column) or None when it cannot be read, and the
    problems found. Empty cells are empty strings, never NaN.
    """
    shown = display_path(path)
    text, problems = read_text_strict(path)
    if text is None:
        return None, problems
    if not text.strip():
        return None, problems + [Problem(shown, 1, "-", "empty file: expected a header and at least one row")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        problems += _header_problems(shown, header, columns)
        records, line = [], reader.line_num + 1
        for fields in reader:
            if len(fields) != len(header):
                problems.append(
                    Problem(
                        shown, line, "-", f"{len(fields)} fields, expected {len(header)} (as in the header)"
                    )
                )
            elif any(f.strip() for f in fields):
                records.append([*fields, line])
            else:
                problems.append(Problem(shown, line, "-", "blank row"))
            line = reader.line_num + 1
    except csv.Error as exc:
        return None, problems + [Problem(shown, reader.line_num, "-", f"malformed CSV: {exc}")]
    if any(
        p.column == "-" or p.message.startswith(("missing column", "unexpected column")) for p in problems
    ):
        return None, problems
    if not records:
        return None, problems + [Problem(shown, 2, "-", "no data rows")]
    return pd.DataFrame(records, columns=[*header, LINE]), problems


def _header_problems(shown: str, header: list[str], columns: Sequence[str]) -> list[Problem]:
    problems = [Problem(shown, 1, c, "missing column") for c in columns if c not in header]
    problems += [Problem(shown, 1, c or "(empty)", "unexpected column") for c in header if c not in columns]
    duplicated = {c for c in header if header.count(c) > 1}
    problems += [Problem(shown, 1, c, "duplicated column") for c in sorted(duplicated)]
    if not problems and list(header) != list(columns):
        problems.append(Problem(shown, 1, "-", f"columns out of order; expected {', '.join(columns)}"))
    return problems


def require_nonempty(table: pd.DataFrame, shown: str, columns: Iterable[str]) -> list[Problem]:
    """A problem for every empty cell in ``columns``."""
    lines = table[LINE].to_numpy()
    return [
        Problem(shown, int(line), col, "empty; a value is required")
        for col in columns
        for line in lines[[not value.strip() for value in table[col]]]
    ]


def duplicate_ids(table: pd.DataFrame, shown: str, column: str) -> list[Problem]:
    """A problem for every repeat of an id (the first occurrence is named)."""
    repeats = table[table[column].duplicated(keep="first") & (table[column] != "")]
    first_line = table.drop_duplicates(column).set_index(column)[LINE]
    return [
        Problem(
            shown, int(r[LINE]), column, f"duplicate id {r[column]!r} (first on line {first_line[r[column]]})"
        )
        for r in repeats.to_dict("records")
    ]


def not_in_vocabulary(table: pd.DataFrame, shown: str, column: str, allowed: Iterable[str]) -> list[Problem]:
    """A problem for every value of ``column`` outside ``allowed``."""
    allowed = set(allowed)
    bad = table[~table[column].isin(allowed)]
    return [
        Problem(
            shown,
            int(r[LINE]),
            column,
            f"unknown value {r[column]!r}; expected one of {', '.join(sorted(allowed))}",
        )
        for r in bad.to_dict("records")
    ]
