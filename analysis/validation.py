"""Strict CSV reading and the problem reports every loader and ``python -m analysis check`` share.

A problem names the file, the line in that file (1-based, the header is line 1) and the
column, so that ``path:line: column: message`` points an editor at the exact cell.
Nothing is dropped: a table with any problem is rejected whole.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

LINE = "_line"  # column added to every loaded table: the file line where the record starts

# Longest cell allowed, in characters, by column name (the same name means the same thing in
# every table); any other column allows MAX_CHARS_DEFAULT. Checked before anything else.
MAX_CHARS_DEFAULT = 2000
MAX_CHARS = {
    "claim_id": 100,
    "source_id": 100,
    "place_id": 100,
    "date_anchor": 100,
    "episode": 20,
    "name": 60,
    "aliases": 300,
    "country": 7,
    "admin1": 100,
    "lat": 20,
    "lon": 20,
    "outlet": 100,
    "title": 300,
    "published": 21,
    "original_file": 200,
    "sha256": 64,
    "actor": 200,
    "supported_by": 200,
    "date_text": 100,
}
# Characters no cell may hold: C0/C1 controls other than LF (which a quoted cell may hold) and
# the invisible bidirectional marks and overrides that can make text display out of order.
FORBIDDEN_CHARS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable(text: str) -> str:
    """``text`` with control, line-separator and bidi characters written as escapes (``\\n``, ``\\x1b``).

    Every value a message echoes goes through this, so one problem is always one line and
    no data can drive the terminal.
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def char_name(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE`` for one character."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


@dataclass(frozen=True, order=True)
class Problem:
    """One fault in one cell (or line, or file) of the data."""

    path: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return printable(f"{self.path}:{self.line}: {self.column}: {self.message}")


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


def read_text_strict(path: Path, spreadsheet: bool = False) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file with LF line ends and no BOM; report anything else.

    ``spreadsheet``: a file a person saved from a spreadsheet (a review file): a leading BOM is
    dropped and CRLF line ends read as LF, as such programs write them; a lone CR is still an error.
    """
    if Path(path).is_dir():
        return None, [Problem(display_path(path), 0, "-", "is a folder, expected a file")]
    if not Path(path).is_file():
        return None, [Problem(display_path(path), 0, "-", "file not found")]
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [Problem(display_path(path), 0, "-", f"cannot be read: {exc.strerror}")]
    problems: list[Problem] = []
    if spreadsheet:
        raw = raw.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                display_path(path),
                1,
                "-",
                "starts with a UTF-8 byte-order mark (BOM); save as UTF-8 without BOM",
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                display_path(path),
                line,
                "-",
                f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}",
            )
        )
        return None, problems
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.append(
            Problem(display_path(path), line, "-", "carriage return (CRLF or CR line ends); use LF line ends")
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(
            Problem(display_path(path), line, "-", "NUL byte (\\x00): the file is binary or damaged")
        )
    return text.lstrip("\ufeff"), problems


def text_problems(text: str, shown: str) -> list[Problem]:
    """Forbidden characters (see :data:`FORBIDDEN_CHARS`) and text not in Unicode NFC form.

    One scan of the whole text; the line of each fault is computed only when there is one.
    """
    problems = [
        Problem(shown, text.count("\n", 0, m.start()) + 1, "-", f"forbidden character {char_name(m.group())}")
        for m in FORBIDDEN_CHARS.finditer(text)
        if m.group() not in "\x00\r"  # reported by read_text_strict
    ]
    if not unicodedata.is_normalized("NFC", text):
        for number, line in enumerate(text.split("\n"), start=1):
            if not unicodedata.is_normalized("NFC", line):
                problems.append(
                    Problem(shown, number, "-", "text is not in Unicode NFC form; save it NFC-normalised")
                )
    return problems


def read_table(
    path: Path, columns: Sequence[str], crlf_allowed: bool = False, spreadsheet: bool = False
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV whose header must be exactly ``columns``; every cell is a string.

    Returns the table (with a ``_line`` column) or None when it cannot be read, and the
    problems found. Empty cells are empty strings, never NaN. ``crlf_allowed``: CRLF line
    ends are accepted (raw files kept exactly as received). ``spreadsheet``: a BOM and CRLF line
    ends, as a spreadsheet saves a file, are read as UTF-8 without BOM and LF (:func:`read_text_strict`).
    """
    shown = display_path(path)
    text, problems = read_text_strict(path, spreadsheet)
    if crlf_allowed:
        problems = [p for p in problems if "carriage return" not in p.message]
    if text is None:
        return None, problems
    if not text.strip():
        return None, problems + [Problem(shown, 1, "-", "empty file: expected a header and at least one row")]
    problems += text_problems(text, shown)
    table = None if problems or crlf_allowed else _well_formed_table(text, columns)
    if table is not None:  # the common case, parsed in C; anything unusual takes the strict path below
        length_problems = too_long(table, shown)
        return (None if length_problems else table), length_problems
    csv.field_size_limit(sys.maxsize)  # cell lengths are checked per column below, with a clear message
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        first_line = reader.line_num + 1
        rows = list(reader)
    except csv.Error as exc:
        return None, problems + [Problem(shown, reader.line_num, "-", f"malformed CSV: {exc}")]
    problems += _header_problems(shown, header, columns)
    lines = _record_lines(text, len(rows), first_line)
    width = len(header)
    problems += [
        Problem(shown, line, "-", f"{len(fields)} fields, expected {width} (as in the header)")
        if len(fields) != width
        else Problem(shown, line, "-", "blank row")
        for fields, line in zip(rows, lines, strict=True)
        if len(fields) != width or not "".join(fields).strip()
    ]
    if any(
        p.column == "-" or p.message.startswith(("missing column", "unexpected column", "duplicated column"))
        for p in problems
    ):
        return None, problems
    if not rows:
        return None, problems + [Problem(shown, 2, "-", "no data rows")]
    table = pd.DataFrame(rows, columns=header)  # every row has the header's width (checked above)
    table[LINE] = lines
    length_problems = too_long(table, shown)
    return (None if length_problems else table), problems + length_problems


def _well_formed_table(text: str, columns: Sequence[str]) -> pd.DataFrame | None:
    """The table (with ``_line``) when ``text`` is plain RFC 4180 CSV, else None.

    Plain: the header is exactly ``columns``, unquoted; every record has the header's width and
    is not blank; the text ends with LF; every ``"`` opens a field (after a comma or a line end),
    doubles a quote inside one, or closes one before a comma, a line end or the end. Such text
    reads the same in Python's strict ``csv`` and pandas' C parser, which is used. Anything
    else (None) is read by :func:`read_table`'s strict path, which names each fault.
    """
    if not text.startswith(",".join(columns) + "\n") or not text.endswith("\n"):
        return None
    raw = text.encode("utf-8")
    data = np.frombuffer(raw, dtype=np.uint8)
    quotes = np.flatnonzero(data == ord('"'))
    if len(quotes) % 2:
        return None
    before = data[np.maximum(quotes[0::2] - 1, 0)]
    after = data[quotes[1::2] + 1]  # a closing quote is never the last byte (the text ends with LF)
    if not (
        np.isin(before, (ord(","), ord("\n"), ord('"'))).all()
        and np.isin(after, (ord(","), ord("\n"), ord('"'))).all()
    ):
        return None
    newlines = np.flatnonzero(data == ord("\n"))
    commas = np.flatnonzero(data == ord(","))
    ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]  # record ends: line ends outside quotes
    commas = commas[np.searchsorted(quotes, commas) % 2 == 0]
    fields = np.bincount(np.searchsorted(ends, commas), minlength=len(ends)) + 1
    if len(ends) < 2 or (fields != len(columns)).any():
        return None
    try:
        table = pd.read_csv(
            io.BytesIO(raw), dtype=str, na_filter=False, skip_blank_lines=False, encoding="utf-8", engine="c"
        )
    except (pd.errors.ParserError, ValueError):
        return None
    if list(table.columns) != list(columns) or len(table) != len(ends) - 1:
        return None
    first = table.iloc[:, 0]
    maybe_blank = np.flatnonzero(first.str.strip().eq("").to_numpy())
    if any(not "".join(table.iloc[i].tolist()).strip() for i in maybe_blank.tolist()):
        return None
    table[LINE] = np.searchsorted(newlines, ends[:-1] + 1) + 1  # the line on which each record starts
    return table


def _record_lines(text: str, n_records: int, first_line: int) -> list[int]:
    """The file line on which each CSV record starts (records may span lines inside quotes)."""
    physical = text.count("\n") + (0 if text.endswith("\n") else 1)
    if physical - (first_line - 1) == n_records:  # no record spans two lines: count them
        return list(range(first_line, first_line + n_records))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(reader)
    lines, line = [], first_line
    for _ in reader:
        lines.append(line)
        line = reader.line_num + 1
    return lines


def too_long(table: pd.DataFrame, shown: str) -> list[Problem]:
    """A problem for every cell longer than its column's limit (:data:`MAX_CHARS`)."""
    problems = []
    for column in table.columns.drop(LINE):
        limit = MAX_CHARS.get(column, MAX_CHARS_DEFAULT)
        values = table[column].tolist()
        if max(map(len, values), default=0) <= limit:
            continue
        lengths = table[column].str.len()
        for line, length in zip(table.loc[lengths > limit, LINE], lengths[lengths > limit], strict=True):
            problems.append(
                Problem(
                    shown, int(line), column, f"cell is {length:,} characters long; the limit is {limit:,}"
                )
            )
    return problems


def _header_problems(shown: str, header: list[str], columns: Sequence[str]) -> list[Problem]:
    problems = [Problem(shown, 1, c, "missing column") for c in columns if c not in header]
    problems += [Problem(shown, 1, c or "(empty)", "unexpected column") for c in header if c not in columns]
    duplicated = {c for c in header if header.count(c) > 1}
    problems += [Problem(shown, 1, c, "duplicated column") for c in sorted(duplicated)]
    if not problems and list(header) != list(columns):
        problems.append(Problem(shown, 1, "-", f"columns out of order; expected {', '.join(columns)}"))
    return problems


def records(table: pd.DataFrame) -> Iterator[dict]:
    """The rows of ``table`` as plain dicts (column -> value), in order; fast, unlike ``iterrows``."""
    columns = list(table.columns)
    for values in zip(*(table[c].tolist() for c in columns), strict=True):
        yield dict(zip(columns, values, strict=True))


def require_nonempty(table: pd.DataFrame, shown: str, columns: Iterable[str]) -> list[Problem]:
    """A problem for every empty cell in ``columns``."""
    lines = table[LINE].tolist()
    return [
        Problem(shown, int(line), col, "empty; a value is required")
        for col in columns
        for value, line in zip(table[col].tolist(), lines, strict=True)
        if not value.strip()
    ]


def tier_problems(
    table: pd.DataFrame,
    shown: str,
    required: dict[str, tuple[str, ...]],
    left_empty: dict[str, tuple[str, ...]],
    message: str,
) -> list[Problem]:
    """Per evidence tier (the ``tier`` column): ``required[tier]`` filled, ``left_empty[tier]`` empty.

    ``message`` words a cell that must be empty; it is formatted with ``tier`` and ``column``.
    A cell of spaces counts as filled.
    """
    problems: list[Problem] = []
    for tier, columns in required.items():
        rows = table[table["tier"] == tier]
        problems += require_nonempty(rows, shown, columns)
        problems += [
            Problem(shown, int(r[LINE]), col, message.format(tier=tier, column=col))
            for col in left_empty[tier]
            for r in records(rows[rows[col] != ""])
        ]
    return problems


def duplicate_ids(table: pd.DataFrame, shown: str, column: str) -> list[Problem]:
    """A problem for every repeat of an id (the first occurrence is named)."""
    repeats = table[table[column].duplicated(keep="first") & (table[column] != "")]
    first_line = table.drop_duplicates(column).set_index(column)[LINE]
    return [
        Problem(
            shown, int(r[LINE]), column, f"duplicate id {r[column]!r} (first on line {first_line[r[column]]})"
        )
        for r in records(repeats)
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
        for r in records(bad)
    ]
