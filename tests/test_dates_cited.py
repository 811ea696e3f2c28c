"""Hand-checked tests of the date forms met in the cited tier, and of reading a day or month
without a year in a context year (how retrospective sources are read).

Calendar facts used (checked on a printed calendar): 2014-01-03 was a Friday and 2014-01-04 a
Saturday; 2015-12-28 a Monday and 2015-12-29 a Tuesday; 2016-08-24 a Wednesday; 2016 is a
leap year. Every expected window is a literal; none is computed by the code under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from analysis.dates import DateExpressionError, DateWindow, expression_form, resolve, resolve_in_year


def win(earliest: str, latest: str | None = None, precision: str = "day") -> DateWindow:
    return DateWindow(date.fromisoformat(earliest), date.fromisoformat(latest or earliest), precision)


def same(got: DateWindow, expected: DateWindow) -> bool:
    return (got.earliest, got.latest, got.precision) == (
        expected.earliest,
        expected.latest,
        expected.precision,
    )


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("In early January 2014", win("2023-06-30"), win("2014-01-01", "2014-01-10", "range")),
        ("In mid-October 2014", win("2023-06-30"), win("2014-10-11", "2014-10-20", "range")),
        ("late February 2016", win("2016-12-31"), win("2016-02-21", "2016-02-29", "range")),  # leap year
        ("in late May", win("2015-12-29"), win("2015-05-21", "2015-05-31", "range")),
        ("4–17 October 2017", win("2023-09-23"), win("2017-10-04", "2017-10-17", "range")),
        ("from 8 to 11 December", win("2016-12-31"), win("2016-12-08", "2016-12-11", "range")),
        ("Sometime between 12 and 13 January", win("2017-06-01"), win("2017-01-12", "2017-01-13", "range")),
        ("last June", win("2015-04-01"), win("2014-06-01", "2014-06-30", "month")),
        ("last June", win("2015-07-01"), win("2015-06-01", "2015-06-30", "month")),
        ("Monday’s", win("2015-12-29"), win("2015-12-28")),
        ("Monday's", win("2015-12-29"), win("2015-12-28")),
        ("early on Wednesday morning", win("2016-08-24"), win("2016-08-24")),
        ("Earlier today", win("2016-10-17"), win("2016-10-17")),
        ("from Friday night into Saturday", win("2014-01-04"), win("2014-01-03", "2014-01-04", "range")),
        ("ending in June 2016", win("2023-07-15"), win("2016-06-01", "2016-06-30", "month")),
        ("Late on 15 June 2014", win("2023-06-30"), win("2014-06-15")),
        ("by November 2017", win("2017-12-09"), win("2014-01-01", "2017-11-30", "range")),
    ],
)
def test_cited_forms(text, reference, expected):
    got = resolve(text, reference)
    assert same(got, expected), f"{text!r}: got {got}"


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("The next day", win("2016-10-15"), win("2016-10-16")),
        ("On the next day", win("2017-02-25"), win("2017-02-26")),
        ("The following day", win("2017-05-09"), win("2017-05-10")),
        ("During the same day", win("2017-10-20"), win("2017-10-20")),
        (
            "by the following month",
            win("2014-11-11", "2014-11-20", "range"),
            win("2014-11-11", "2014-12-31", "range"),
        ),
        ("by 31 December 2016", win("2016-12-08"), win("2016-12-08", "2016-12-31", "range")),
    ],
)
def test_anchored_forms(text, anchor, expected):
    got = resolve(text, win("2023-08-26"), anchor)
    assert same(got, expected), f"{text!r}: got {got}"


@pytest.mark.parametrize(
    ("text", "year", "anchor", "expected"),
    [
        ("On 26 January", 2015, None, win("2015-01-26")),
        ("On December 28", 2015, None, win("2015-12-28")),
        ("At the end of 10 June", 2014, None, win("2014-06-10")),
        ("on the evening of 11 June", 2014, None, win("2014-06-11")),
        ("On the dawn of July 13", 2015, None, win("2015-07-13")),
        ("In late June", 2014, None, win("2014-06-21", "2014-06-30", "range")),
        ("in September", 2016, None, win("2016-09-01", "2016-09-30", "month")),
        ("by 31 August", 2017, None, win("2014-01-01", "2017-08-31", "range")),
        (
            "by 5 October",
            2017,
            win("2017-09-21", "2017-09-30", "range"),
            win("2017-09-21", "2017-10-05", "range"),
        ),
    ],
)
def test_a_day_or_month_without_a_year_read_in_its_context_year(text, year, anchor, expected):
    got = resolve_in_year(text, year, anchor)
    assert same(got, expected), f"{text!r} in {year}: got {got}"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("On 9 July 2017", "absolute"),
        ("In early January 2014", "absolute"),
        ("on 17 November", "calendar"),
        ("in late May", "calendar"),
        ("by 31 August", "calendar"),
        ("today", "relative"),
        ("on Sunday", "relative"),
        ("earlier this month", "relative"),
        ("The next day", "anchored"),
        ("later the same month", "anchored"),
    ],
)
def test_expression_forms(text, form):
    assert expression_form(text) == form


@pytest.mark.parametrize("text", ["today", "on Sunday", "On 9 July 2017", "The next day"])
def test_a_context_year_dates_only_a_day_or_month_without_a_year(text):
    with pytest.raises(DateExpressionError, match="context year"):
        resolve_in_year(text, 2017)


@pytest.mark.parametrize(
    "text", ["soon", "nine months after", "from 11 to 8 December", "by the next day", "the 30 to 31 February"]
)
def test_unsupported_or_impossible_forms_are_errors(text):
    with pytest.raises(DateExpressionError, match="cannot resolve"):
        resolve(text, win("2016-12-11"), win("2016-12-01"))
