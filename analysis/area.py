"""Published estimates of the area IS held: ``data/area_estimates.csv``.

Each row is one published figure, cited (no source text): the value and unit as published,
its conversion to square kilometres, the time it describes (``as_of``), who estimated it and
who reported it, what it covers (``scope``) and a confidence flag.

Rules
-----
- ``as_of`` is an ISO 8601 day (``2016-07-04``), month (``2014-08``) or year (``2014``), or an
  interval ``start/end`` of such values (``2014-09/2014-12``: 1 Sep to 31 Dec 2014). It is read
  as a closed window of whole days with a precision: ``day``, ``month``, ``year``, or ``range``
  for an interval. A month is never turned into its first day.
- ``value_as_published`` is the number as printed, thousands separated by commas, optionally
  preceded by ``more than`` (the estimate is then a lower bound: ``lower_bound`` is True).
- ``km2`` is a whole number of square kilometres: the published value itself when
  ``unit_as_published`` is ``km2``; when it is ``sq mi``, the value times
  :data:`KM2_PER_SQ_MI` rounded to the nearest km².
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.dates import DateWindow
from analysis.paths import DATA, data_files
from analysis.schema import columns
from analysis.sources import PUBLISHED_BOUNDS
from analysis.validation import (
    LINE,
    Problem,
    display_path,
    duplicate_ids,
    not_in_vocabulary,
    raise_if_any,
    read_table,
    require_nonempty,
)

COLUMNS = columns("area_estimates")
KM2_PER_SQ_MI = 2.589988  # international square mile in square kilometres
UNITS = ("km2", "sq mi")
#: Who made the estimate, grouped for one mark style per group (label for legends).
ESTIMATOR_GROUPS: dict[str, str] = {
    "ihs": "IHS Conflict Monitor",
    "us-military": "US military / coalition",
    "rand": "RAND Corporation",
    "press": "press (method not given)",
    "not-stated": "estimator not stated",
}
#: What the estimate covers (label for legends).
SCOPES: dict[str, str] = {
    "iraq-syria": "Iraq and Syria",
    "iraq": "Iraq only",
    "syria-pocket": "one pocket in Syria",
}
CONFIDENCES = ("normal", "low")
LOWER_BOUND_PREFIX = "more than "
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_NUMBER = re.compile(r"[0-9]{1,3}(,[0-9]{3})*")  # ASCII digits only, like every number in data/
_AS_OF_PART = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def as_of_window(value: str) -> DateWindow:
    """``2016-07-04`` -> that day; ``2014-08`` -> August 2014; ``2014`` -> 2014; ``a/b`` -> a's first to b's last day.

    Digits are ASCII. Raises ValueError on anything else, on an interval that ends before it
    starts, or on a window outside :data:`analysis.sources.PUBLISHED_BOUNDS` (2013 to 2030).
    """
    parts = value.split("/")
    if len(parts) > 2:
        raise ValueError("more than one '/'")
    windows = [_part_window(p) for p in parts]
    if len(windows) == 1:
        return _in_bounds(windows[0])
    first, last = windows
    if last.latest < first.earliest:
        raise ValueError("the interval ends before it starts")
    return _in_bounds(DateWindow(first.earliest, last.latest, "range"))


def _in_bounds(window: DateWindow) -> DateWindow:
    low, high = PUBLISHED_BOUNDS
    if window.earliest < low or window.latest > high:
        raise ValueError(
            f"outside {low.isoformat()} to {high.isoformat()} (the dates a source of this corpus can have)"
        )
    return window


def _part_window(text: str) -> DateWindow:
    match = _AS_OF_PART.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if day:
        return DateWindow.day(date(int(year), int(month), int(day)))
    if month:
        first = date(int(year), int(month), 1)
        last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
        return DateWindow(first, last, "month")
    return DateWindow(date(int(year), 1, 1), date(int(year), 12, 31), "year")


def published_value(text: str) -> tuple[float, bool]:
    """``'12,000'`` -> (12000, False); ``'more than 100,000'`` -> (100000, True); else ValueError."""
    lower_bound = text.startswith(LOWER_BOUND_PREFIX)
    number = text.removeprefix(LOWER_BOUND_PREFIX)
    if not _NUMBER.fullmatch(number):
        raise ValueError("expected a number with comma thousands separators, optionally after 'more than '")
    return float(number.replace(",", "")), lower_bound


def to_km2(value: float, unit: str) -> int:
    """A published value in ``unit`` (``km2`` or ``sq mi``) as whole square kilometres."""
    return round(value * (KM2_PER_SQ_MI if unit == "sq mi" else 1.0))


def validate_area_estimates(data_dir: Path = DATA) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check ``area_estimates.csv``; return the typed table (or None) and every problem found.

    The table gains ``as_of_earliest``, ``as_of_latest`` (datetime64, whole days), ``as_of_precision`` and
    ``lower_bound``; ``km2`` becomes an integer.
    """
    path = data_files(data_dir)["area_estimates"]
    table, problems = read_table(path, COLUMNS)
    if table is None:
        return None, problems
    shown = display_path(path)
    problems += require_nonempty(table, shown, [c for c in COLUMNS if c != "note"])
    problems += duplicate_ids(table, shown, "estimate_id")
    problems += [
        Problem(shown, int(r[LINE]), "estimate_id", f"{r['estimate_id']!r} is not a lower-case slug")
        for _, r in table.iterrows()
        if r["estimate_id"] and not _ID.fullmatch(r["estimate_id"])
    ]
    for column, allowed in (
        ("unit_as_published", UNITS),
        ("estimator_group", ESTIMATOR_GROUPS),
        ("scope", SCOPES),
        ("confidence", CONFIDENCES),
    ):
        problems += not_in_vocabulary(table[table[column] != ""], shown, column, allowed)
    problems += [
        Problem(shown, int(r[LINE]), "url", f"{r['url']!r} is not an http(s) URL")
        for _, r in table.iterrows()
        if r["url"] and not r["url"].startswith(("http://", "https://"))
    ]
    windows, lower_bounds, row_problems = _typed_rows(table, shown)
    problems += row_problems
    table = table.assign(
        km2=pd.to_numeric(table["km2"], errors="coerce").astype("Int64"),
        as_of_earliest=pd.to_datetime([w.earliest if w else None for w in windows]),
        as_of_latest=pd.to_datetime([w.latest if w else None for w in windows]),
        as_of_precision=[w.precision if w else None for w in windows],
        lower_bound=lower_bounds,
    )
    return table, problems


def _typed_rows(table: pd.DataFrame, shown: str) -> tuple[list[DateWindow | None], list[bool], list[Problem]]:
    """Each row's as-of window and lower-bound flag, and the problems with as_of, the value and km2."""
    windows: list[DateWindow | None] = []
    lower_bounds: list[bool] = []
    problems: list[Problem] = []
    for _, row in table.iterrows():
        line = int(row[LINE])
        try:
            windows.append(as_of_window(row["as_of"]))
        except ValueError as exc:
            windows.append(None)
            problems.append(
                Problem(shown, line, "as_of", f"{row['as_of']!r} is not a valid as-of date: {exc}")
            )
        try:
            value, lower_bound = published_value(row["value_as_published"])
        except ValueError as exc:
            lower_bounds.append(False)
            problems.append(
                Problem(shown, line, "value_as_published", f"{row['value_as_published']!r}: {exc}")
            )
            continue
        lower_bounds.append(lower_bound)
        problems += _km2_problems(row, value, shown, line)
    return windows, lower_bounds, problems


def _km2_problems(row: pd.Series, value: float, shown: str, line: int) -> list[Problem]:
    if not re.fullmatch(r"[0-9]+", row["km2"]) or int(row["km2"]) <= 0:
        return [
            Problem(
                shown,
                line,
                "km2",
                f"{row['km2']!r} is not a positive whole number of km² in ASCII digits (0-9)",
            )
        ]
    if row["unit_as_published"] not in UNITS:
        return []  # reported as a vocabulary problem
    expected = to_km2(value, row["unit_as_published"])
    if int(row["km2"]) != expected:
        return [
            Problem(
                shown,
                line,
                "km2",
                f"{row['km2']} does not match {row['value_as_published']} {row['unit_as_published']} "
                f"(expected {expected}; 1 sq mi = {KM2_PER_SQ_MI} km²)",
            )
        ]
    return []


def load_area_estimates(data_dir: Path = DATA) -> pd.DataFrame:
    """The validated area estimates (typed as in :func:`validate_area_estimates`); raises DataError."""
    table, problems = validate_area_estimates(data_dir)
    raise_if_any(problems)
    return table.drop(columns=LINE)
