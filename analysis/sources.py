"""The corpus: the manifest ``data/sources.csv`` and the verbatim article texts.

A source is in one of two evidence tiers (:data:`analysis.vocabulary.TIERS`):

- **quoted**: its text is stored unmodified under ``data/raw/articles/`` with its sha256 in
  the manifest (a changed file is an error), and every claim quotes it verbatim;
- **cited**: no text is kept, only the citation (``url``, publisher, title, publication date
  and its basis, ``licence`` of the original); its claims carry the date expression, place
  spelling and actor as written and a ``locator`` instead of a quote.

Sources of a retrospective group (Wikipedia, :data:`analysis.vocabulary.RETROSPECTIVE_GROUPS`)
were read in a copy made years after the events: that copy date is their ``published``, and it
cannot date a relative expression (see :mod:`analysis.claims`). A source's publication date is a window
(``published`` is an ISO date ``2017-12-09`` or an ISO interval ``2017-11-17/2017-11-30``,
``YYYY-MM-DD`` with ASCII digits only, in :data:`PUBLISHED_BOUNDS`, at most
:data:`MAX_PUBLICATION_WINDOW_DAYS` long) with the basis of that date written out in
``published_basis``.

Containment: ``original_file`` (relative to ``raw/articles/``) must resolve, after following
links, to a file inside the data folder's own ``raw/`` tree, of at most
:data:`MAX_ARTICLE_BYTES` (checked before reading), and no two rows may name the same file.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.containment import id_column_problems
from analysis.dates import DateWindow
from analysis.paths import DATA, data_files
from analysis.schema import columns
from analysis.validation import (
    LINE,
    Problem,
    display_path,
    duplicate_ids,
    not_in_vocabulary,
    raise_if_any,
    read_table,
    read_text_strict,
    records,
    require_nonempty,
    tier_problems,
)
from analysis.vocabulary import PRECISIONS, RETROSPECTIVE_GROUPS, SOURCE_GROUPS, TIERS

COLUMNS = columns("sources")
#: ``stated``: the text or the citation names the outlet; ``matched``: an identical text was found
#: published by the outlet (the basis says where); ``inferred``: from house style, a guess with reasons.
OUTLET_STATUSES = ("stated", "matched", "inferred")
#: Columns each tier must fill, and those it must leave empty.
TIER_REQUIRED = {"quoted": ("original_file", "sha256"), "cited": ("url",)}
TIER_EMPTY = {"quoted": (), "cited": ("original_file", "sha256")}
ELISION = " […] "  # joins two verbatim spans of one source, in order, inside a quote
MAX_ARTICLE_BYTES = 2_000_000  # one article file, in bytes (the seed articles are 2-5 kB)
# Publication dates accepted: the study period (2014-2017) with a margin before, and after it
# for sources written later (reports, encyclopaedia revisions).
PUBLISHED_BOUNDS = (date(2013, 1, 1), date(2030, 12, 31))
MAX_PUBLICATION_WINDOW_DAYS = 366  # a longer window cannot date "on Friday" or "last month"
_ISO_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_PUBLISHED_RE = re.compile(rf"({_ISO_DAY})(?:/({_ISO_DAY}))?")


def parse_published(value: str) -> DateWindow:
    """``2017-12-09`` -> that day; ``2017-11-17/2017-11-30`` -> that closed window.

    Raises ValueError for any other form (``20171209``, ``2017-W49-6``), a date outside
    :data:`PUBLISHED_BOUNDS`, or a window longer than :data:`MAX_PUBLICATION_WINDOW_DAYS`.
    """
    match = _PUBLISHED_RE.fullmatch(value)
    if match is None:
        raise ValueError("write YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD with ASCII digits")
    first = date.fromisoformat(match[1])
    last = date.fromisoformat(match[2]) if match[2] else first
    low, high = PUBLISHED_BOUNDS
    if not (low <= first <= high and low <= last <= high):
        raise ValueError(f"publication dates must lie in {low}..{high}")
    window = DateWindow(first, last, "day" if first == last else "range")
    if (last - first).days + 1 > MAX_PUBLICATION_WINDOW_DAYS:
        raise ValueError(
            f"the window is {(last - first).days + 1} days long; at most "
            f"{MAX_PUBLICATION_WINDOW_DAYS} are allowed, or claims cannot be dated from it"
        )
    return window


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
    optional = {"text_form", "url", "origin", *TIER_REQUIRED["quoted"]}
    problems += require_nonempty(table, shown, [c for c in COLUMNS if c not in optional])
    problems += duplicate_ids(table, shown, "source_id")
    problems += id_column_problems(table, shown, "source_id")
    problems += not_in_vocabulary(table, shown, "tier", TIERS)
    problems += not_in_vocabulary(table, shown, "source_group", SOURCE_GROUPS)
    problems += tier_problems(
        table, shown, TIER_REQUIRED, TIER_EMPTY, "a {tier} source keeps no text: leave {column} empty"
    )
    problems += not_in_vocabulary(table, shown, "outlet_status", OUTLET_STATUSES)
    problems += not_in_vocabulary(table, shown, "published_precision", PRECISIONS)
    windows, window_problems = _publication_windows(table, shown)
    texts, text_problems = _article_texts(table[table["tier"] == "quoted"], shown, files["articles"])
    problems += window_problems + text_problems
    table = table.assign(
        published_earliest=[w.earliest if w else None for w in windows],
        published_latest=[w.latest if w else None for w in windows],
    )
    return table, texts, problems


def is_retrospective(sources: pd.DataFrame) -> pd.Series:
    """Per source row: True when its group's ``published`` is a later copy date (Wikipedia)."""
    return sources["source_group"].isin(RETROSPECTIVE_GROUPS)


def _publication_windows(table: pd.DataFrame, shown: str) -> tuple[list[DateWindow | None], list[Problem]]:
    windows: list[DateWindow | None] = []
    problems: list[Problem] = []
    for row in records(table):
        try:
            windows.append(parse_published(row["published"]))
        except ValueError as exc:
            windows.append(None)
            problems.append(
                Problem(
                    shown,
                    int(row[LINE]),
                    "published",
                    f"{row['published']!r} is not a valid publication date or window: {exc}",
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
    raw_tree = articles.parent.resolve()
    first_line_of: dict[Path, int] = {}
    for row in records(table):
        if not row["original_file"]:
            continue  # reported as an empty required cell
        line = int(row[LINE])
        path, problem = contained_file(articles, row["original_file"], raw_tree)
        if problem is None and path in first_line_of:
            problem = f"names the same article file as line {first_line_of[path]}; one file is one source"
        if problem is not None:
            problems.append(Problem(shown, line, "original_file", problem))
            continue
        first_line_of[path] = line
        try:
            actual = sha256_of(path)
        except OSError as exc:
            problems.append(Problem(shown, line, "original_file", f"{display_path(path)}: {exc.strerror}"))
            continue
        if actual != row["sha256"].strip().lower():
            problems.append(
                Problem(
                    shown,
                    line,
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


def contained_file(articles: Path, name: str, raw_tree: Path) -> tuple[Path, str | None]:
    """``articles/name`` resolved (links followed), or the reason it may not be read.

    The file must exist inside ``raw_tree`` (the data folder's ``raw/``), be a regular file
    and hold at most :data:`MAX_ARTICLE_BYTES` bytes; its size is checked before reading.
    """
    path = (articles / name).resolve()
    if not path.is_relative_to(raw_tree):
        return path, (
            f"{name!r} resolves to {path}, outside the data folder's raw/ tree ({raw_tree}); "
            "article files must be stored inside it"
        )
    if path.is_dir():
        return path, f"article file {display_path(path)} is a folder, expected a file"
    if not path.is_file():
        return path, f"article file {display_path(path)} not found"
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        return (
            path,
            f"article file {display_path(path)} is {size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,}",
        )
    return path, None


def load_sources(data_dir: Path = DATA) -> pd.DataFrame:
    """The validated manifest, with ``published_earliest``/``published_latest`` dates; raises DataError."""
    table, _, problems = validate_sources(data_dir)
    raise_if_any(problems)
    return table.drop(columns=LINE)


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
