"""data/area_estimates.csv: as-of windows, published values and km², and path:line: column errors.

Expected windows and conversions are worked out by hand in the comments; expected line
numbers are found by searching the damaged file, not by the code under test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analysis.__main__ import main
from analysis.area import (
    ESTIMATOR_GROUPS,
    SCOPES,
    as_of_window,
    load_area_estimates,
    published_value,
    to_km2,
    validate_area_estimates,
)
from analysis.dataset import Dataset
from analysis.validation import DataError


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2016-07-04", date(2016, 7, 4), date(2016, 7, 4), "day"),
        ("2014-08", date(2014, 8, 1), date(2014, 8, 31), "month"),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29), "month"),  # leap year
        ("2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
        ("2014-09/2014-12", date(2014, 9, 1), date(2014, 12, 31), "range"),
        ("2017-10/2018-03", date(2017, 10, 1), date(2018, 3, 31), "range"),
        ("2014-06-01/2014-08-28", date(2014, 6, 1), date(2014, 8, 28), "range"),
    ],
)
def test_as_of_window(text: str, earliest: date, latest: date, precision: str) -> None:
    window = as_of_window(text)
    assert (window.earliest, window.latest, window.precision) == (earliest, latest, precision)


@pytest.mark.parametrize(
    "text", ["", "mid-2014", "2014-13", "2014-02-30", "2015/2014", "2014/2015/2016", "14-08"]
)
def test_as_of_window_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        as_of_window(text)


def test_published_value() -> None:
    assert published_value("12,000") == (12000.0, False)
    assert published_value("300") == (300.0, False)
    assert published_value("more than 100,000") == (100000.0, True)
    for bad in ("12.000", "about 5,000", "1,00", "12000 km2"):
        with pytest.raises(ValueError):
            published_value(bad)


def test_to_km2() -> None:
    assert to_km2(12000, "sq mi") == 31080  # 12000 x 2.589988 = 31079.856
    assert to_km2(1900, "sq mi") == 4921  # 4920.977
    assert to_km2(55000, "km2") == 55000


def test_live_table_invariants(live: Dataset) -> None:
    table = live.area_estimates
    assert table["estimate_id"].is_unique
    assert (table["km2"] > 0).all()
    assert (table["as_of_earliest"] <= table["as_of_latest"]).all()
    assert set(table["estimator_group"]) <= set(ESTIMATOR_GROUPS)
    assert set(table["scope"]) <= set(SCOPES)
    for _, row in table.iterrows():
        value, lower = published_value(row["value_as_published"])
        assert row["km2"] == to_km2(value, row["unit_as_published"])
        assert row["lower_bound"] == lower


def _damage(data_copy: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in the copy's area table; return the 1-based line changed."""
    path = data_copy / "area_estimates.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "column", "fragment"),
    [
        ("ihs-2016-07-04,2016-07-04,", "ihs-2016-07-04,2016-07-34,", "as_of", "not a valid as-of date"),
        ("ihs-2016-07-04,2016-07-04,68300,", "ihs-2016-07-04,2016-07-04,68400,", "km2", "expected 68300"),
        (
            'press-2014-06-01,2014-06-01/2014-08-28,31080,"12,000",sq mi',
            'press-2014-06-01,2014-06-01/2014-08-28,31080,"12,000",km2',
            "km2",
            "expected 12000",
        ),
        (
            'press-2014-06-01,2014-06-01/2014-08-28,31080,"12,000",sq mi',
            'press-2014-06-01,2014-06-01/2014-08-28,31080,"12,000",square miles',
            "unit_as_published",
            "unknown value 'square miles'",
        ),
        ('"more than 100,000"', '"over 100,000"', "value_as_published", "'over 100,000'"),
        ("ihs-2016-10-03,", "ihs-2016-07-04,", "estimate_id", "duplicate id 'ihs-2016-07-04'"),
        (
            ",ihs,IHS Markit press release of 2017-01-18",
            ",IHS,IHS Markit press release of 2017-01-18",
            "estimator_group",
            "unknown value 'IHS'",
        ),
        (",iraq,Iraq only,", ",iraq-only,Iraq only,", "scope", "unknown value 'iraq-only'"),
        (
            ",low,https://www.islamicinvitationturkey.com",
            ",,https://www.islamicinvitationturkey.com",
            "confidence",
            "empty",
        ),
    ],
)
def test_faults_name_file_line_and_column(
    data_copy: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, column: str, fragment: str
) -> None:
    line = _damage(data_copy, old, new)
    with pytest.raises(DataError) as raised:
        load_area_estimates(data_copy)
    assert any(
        p.path.endswith("area_estimates.csv")
        and p.line == line
        and p.column == column
        and fragment in p.message
        for p in raised.value.problems
    ), raised.value.problems
    assert main(["check", "--data", str(data_copy)]) == 1
    assert f"area_estimates.csv:{line}: {column}: " in capsys.readouterr().out


def test_missing_column_is_reported(data_copy: Path) -> None:
    _damage(data_copy, "estimate_id,as_of,km2,", "estimate_id,as_of,area,")
    table, problems = validate_area_estimates(data_copy)
    assert table is None
    assert [(p.line, p.column, p.message) for p in problems if p.column == "km2"] == [
        (1, "km2", "missing column")
    ]


def test_typed_columns(corpus: Dataset) -> None:
    table = corpus.area_estimates
    row = table.set_index("estimate_id").loc["rand-2014-09"]
    assert (row["as_of_earliest"], row["as_of_latest"]) == (
        pd.Timestamp("2014-09-01"),
        pd.Timestamp("2014-12-31"),
    )
    assert row["as_of_precision"] == "range"
    assert bool(row["lower_bound"]) is True
