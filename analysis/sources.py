"""The corpus: the manifest ``data/sources.csv`` and the verbatim article texts.

Each article is stored unmodified under ``data/raw/articles/`` with its sha256 in the
manifest; a changed file is an error. A source's publication date is a window
(``published`` is an ISO date ``2017-12-09`` or an ISO interval ``2017-11-17/2017-11-30``)
with the basis of that date written out in ``published_basis``.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.dates import DateWindow
from analysis.paths import DATA, data_files
from analysis.validation import (
    LINE,
    Problem,
    display_path,
    duplicate_ids,
    not_in_vocabulary,
    raise_if_any,
    read_table,
    read_text_strict,
    require_nonempty,
)
from analysis.vocabulary import PRECISIONS

COLUMNS = (
    "source_id",
    "outlet",
    "outlet_status",
    "outlet_basis",
    "title",
    "published",
    "published_precision",
    "published_basis",
    "original_file",
    "sha256",
    "text_form",
    "rights",
)
OUTLET_STATUSES = ("stated", "inferred")
ELISION = " […] "  # joins two verbatim spans of one source, in order, inside a quote


def parse_published(value: str) -> DateWindow:
    """``2017-12-09`` -> that day; ``2017-11-17/2017-11-30`` -> that closed window."""
    start, _, end = value.strip().partition("/")
    first = date.fromisoformat(start)
    last = date.fromisoformat(end) if end else first
    return DateWindow(first, last, "day" if first == last else "range")


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def validate_sources(data_dir: Path = DATA) -> tuple[pd.DataFrame | None, dict[str, str], list[Problem]]:
    """Check the manifest and the article files; return the table, the texts by source id, problems."""
    files = data_files(data_dir)
    table, problems = read_table(files["sources"], COLUMNS)
    if table is None:
        return None, {}, problems
    shown = display_path(files["sources"])
    problems += require_nonempty(table, shown, [c for c in COLUMNS if c != "text_form"])
    problems += duplicate_ids(table, shown, "source_id")
    problems += not_in_vocabulary(table, shown, "outlet_status", OUTLET_STATUSES)
    problems += not_in_vocabulary(table, shown, "published_precision", PRECISIONS)
    windows, window_problems = _publication_windows(table, shown)
    texts, text_problems = _article_texts(table, shown, files["articles"])
    problems += window_problems + text_problems
    table = table.assign(
        published_earliest=[w.earliest if w else None for w in windows],
        published_latest=[w.latest if w else None for w in windows],
    )
    return table, texts, problems


def _publication_windows(table: pd.DataFrame, shown: str) -> tuple[list[DateWindow | None], list[Problem]]:
    windows: list[DateWindow | None] = []
    problems: list[Problem] = []
    for row in table.to_dict("records"):
        try:
            windows.append(parse_published(row["published"]))
        except ValueError as exc:
            windows.append(None)
            problems.append(
                Problem(
                    shown,
                    int(row[LINE]),
                    "published",
                    f"{row['published']!r} is not an ISO date or date/date interval ({exc})",
                )
            )
            continue
        single_day = windows[-1].earliest == windows[-1].latest
        if single_day != (row["published_precision"] == "day"):
            problems.append(
                Problem(
                    shown,
                    int(row[LINE]),
                    "published_precision",
                    f"{row['published_precision']!r} does not match published {row['published']!r} "
                    "(a single day is 'day'; a window is not)",
                )
            )
    return windows, problems


def _article_texts(table: pd.DataFrame, shown: str, articles: Path) -> tuple[dict[str, str], list[Problem]]:
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for row in table.to_dict("records"):
        path = articles / row["original_file"]
        if not row["original_file"] or not path.is_file():
            problems.append(
                Problem(
                    shown, int(row[LINE]), "original_file", f"article file {display_path(path)} not found"
                )
            )
            continue
        actual = sha256_of(path)
        if actual != row["sha256"].strip().lower():
            problems.append(
                Problem(
                    shown,
                    int(row[LINE]),
                    "sha256",
                    f"{display_path(path)} has sha256 {actual}, manifest says {row['sha256']}: "
                    "the raw article was changed (raw data is immutable)",
                )
            )
        text, text_problems = read_text_strict(path)
        problems += [
            p for p in text_problems if "carriage return" not in p.message
        ]  # verbatim seeds may use CR
        if text is not None:
            texts[row["source_id"]] = text
    return texts, problems


def load_sources(data_dir: Path = DATA) -> pd.DataFrame:
    """The validated manifest, with ``published_earliest``/``published_latest`` dates; raises DataError."""
    table, _, problems = validate_sources(data_dir)
    raise_if_any(problems)
    return table.drop(columns=LINE)


def load_texts(data_dir: Path = DATA) -> dict[str, str]:
    """Article texts by source id, verbatim (after their sha256 was checked); raises DataError."""
    _, texts, problems = validate_sources(data_dir)
    raise_if_any(problems)
    return texts


def publication_window(sources: pd.DataFrame, source_id: str) -> DateWindow:
    """The publication window of one source, labelled with its recorded precision."""
    row = sources.set_index("source_id").loc[source_id]
    return DateWindow(row["published_earliest"], row["published_latest"], row["published_precision"])


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Character span of ``quote`` in ``text`` (parts joined by `` […] `` must appear in order).

    Matching is exact: case, spacing and punctuation as stored. Returns None when absent.
    """
    start = position = None
    for part in quote.split(ELISION):
        found = text.find(part, 0 if position is None else position)
        if not part or found < 0:
            return None
        start = found if start is None else start
        position = found + len(part)
    return (start, position) if start is not None else None
