"""Hand-checked tests of analysis.dates.

Every expected window below is a literal computed by hand (calendar facts used: 2017-11-17
and 2017-12-08 are Fridays, 2017-12-09 a Saturday, 2018-01-01 a Monday; 2016 is a leap
year, 2017 is not). None is computed by the code under test.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.dates import DateExpressionError, DateWindow, format_window, resolve
from analysis.paths import RAW_ARTICLES


def win(earliest: str, latest: str | None = None, precision: str = "day") -> DateWindow:
    """A literal window from ISO strings (a single day when ``latest`` is omitted)."""
    return DateWindow(date.fromisoformat(earliest), date.fromisoformat(latest or earliest), precision)


# Publication windows of the three sources (data/sources.csv).
AFP = win("2017-12-09")  # a Saturday
REUTERS = win("2017-11-17", "2017-11-23", "range")  # Friday .. Thursday
LATE_NOV = win("2017-11-17", "2017-11-30", "range")  # a two-week window (000 was once dated so)
ITV = win("2017-11-17")  # article 000, ITV News
NOV17 = win("2017-11-17")  # a Friday


def check(text: str, reference: DateWindow, expected: DateWindow, anchor: DateWindow | None = None) -> None:
    """resolve() gives exactly the expected window and label."""
    got = resolve(text, reference, anchor)
    assert (got.earliest, got.latest, got.precision) == (
        expected.earliest,
        expected.latest,
        expected.precision,
    ), f"{text!r}: got {got}, expected {expected}"


def check_error(text: str, reference: DateWindow, anchor: DateWindow | None = None, match: str = "") -> None:
    """resolve() raises DateExpressionError naming the expression verbatim."""
    with pytest.raises(DateExpressionError) as info:
        resolve(text, reference, anchor)
    assert f'"{text}"' in str(info.value)
    assert match in str(info.value)


# --------------------------------------------------------------------------- DateWindow


def test_reversed_window_raises():
    with pytest.raises(ValueError, match="reversed"):
        DateWindow(date(2017, 11, 2), date(2017, 11, 1))


def test_unknown_precision_raises():
    with pytest.raises(ValueError, match="unknown precision"):
        DateWindow(date(2017, 11, 1), date(2017, 11, 1), "fortnight")


def test_days():
    assert win("2017-11-17").days == 1
    assert win("2016-02-01", "2016-02-29", "month").days == 29
    assert win("2017-02-01", "2017-02-28", "month").days == 28
    assert win("2017-01-01", "2017-12-31", "year").days == 365
    assert win("2016-01-01", "2016-12-31", "year").days == 366


def test_midpoint_rounds_down():
    assert win("2017-11-01", "2017-11-30", "month").midpoint == date(2017, 11, 15)  # 30 days: +14
    assert win("2017-11-17", "2017-11-23", "range").midpoint == date(2017, 11, 20)  # 7 days: +3
    assert win("2017-11-17").midpoint == date(2017, 11, 17)


def test_intersect():
    november = win("2017-11-01", "2017-11-30", "month")
    assert november.intersect(win("2017-11-17")) == win("2017-11-17")
    assert november.intersect(win("2017-10-01", "2017-10-31", "month")) is None
    # equal to the finer window: keeps its label
    assert win("2017-01-01", "2017-12-31", "year").intersect(november) == november
    # a part of the finer window: "range"
    october = win("2017-10-01", "2017-10-31", "month")
    assert october.intersect(win("2017-10-14", "2017-11-20", "range")) == win(
        "2017-10-14", "2017-10-31", "range"
    )
    # one shared day: "day"
    assert october.intersect(win("2017-10-31", "2017-11-30", "range")) == win("2017-10-31")


def test_hull():
    october = win("2017-10-01", "2017-10-31", "month")
    november = win("2017-11-01", "2017-11-30", "month")
    assert october.hull(november) == win("2017-10-01", "2017-11-30", "range")
    year = win("2017-01-01", "2017-12-31", "year")
    assert year.hull(november) == year
    assert november.hull(year) == year


def test_str():
    assert str(win("2017-11-17")) == "2017-11-17 (day)"
    assert str(win("2017-11-01", "2017-11-30", "month")) == "2017-11-01..2017-11-30 (month)"


# --------------------------------------------------------------------------- explicit days


@pytest.mark.parametrize(
    "text, expected",
    [
        ("October 14, 2017", "2017-10-14"),
        ("On October 14, 2017", "2017-10-14"),
        ("On November 23, 2017", "2017-11-23"),
        ("14 October 2017", "2017-10-14"),
        ("the 14th of October 2017", "2017-10-14"),
        ("October 14th, 2017", "2017-10-14"),
        ("october 14 , 2017", "2017-10-14"),  # Reuters tokenisation
        ("Oct. 14, 2017", "2017-10-14"),
        ("February 29, 2016", "2016-02-29"),
        ("December 31, 2016", "2016-12-31"),
        ("2017-12-09", "2017-12-09"),
        ("On December 9, 2017.", "2017-12-09"),
    ],
)
def test_explicit_day(text, expected):
    check(text, AFP, win(expected))


# --------------------------------------------------------------------------- days without a year


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        ("November 17", AFP, "2017-11-17"),
        ("On November 17", AFP, "2017-11-17"),
        ("On December 9", AFP, "2017-12-09"),  # the reference day itself
        ("On October 5", AFP, "2017-10-05"),
        ("On November 3", AFP, "2017-11-03"),
        ("December 10", AFP, "2016-12-10"),  # the day after publication: the year before
        ("17 November", AFP, "2017-11-17"),
        ("the 3rd of November", AFP, "2017-11-03"),
        ("February 29", AFP, "2016-02-29"),  # the latest Feb 29 on or before 2017-12-09
        ("July 9 this year", AFP, "2017-07-09"),
        ("on July 9 this year", AFP, "2017-07-09"),
        ("9 July this year", AFP, "2017-07-09"),
        ("November 17", REUTERS, "2017-11-17"),
    ],
)
def test_day_without_year(text, reference, expected):
    check(text, reference, win(expected))


def test_day_this_year_excludes_publication_days_before_it():
    # published 2017-12-25..2018-01-05: on the 2018 days "July 9 this year" would be in the future
    check("July 9 this year", win("2017-12-25", "2018-01-05", "range"), win("2017-07-09"))


def test_day_this_year_after_publication_is_an_error():
    check_error("July 9 this year", win("2017-03-01"), match="after the publication")


def test_day_over_a_multi_day_reference():
    # "November 20": on 17..19 Nov it is 2016-11-20, on 20..23 Nov it is 2017-11-20
    check("November 20", REUTERS, win("2016-11-20", "2017-11-20", "range"))


# --------------------------------------------------------------------------- months


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In October 2017", ("2017-10-01", "2017-10-31")),
        ("in February 2016", ("2016-02-01", "2016-02-29")),  # leap year
        ("In February 2017", ("2017-02-01", "2017-02-28")),
        ("August 2014", ("2014-08-01", "2014-08-31")),
        ("since August 2014", ("2014-08-01", "2014-08-31")),
        ("in April 2016", ("2016-04-01", "2016-04-30")),
        ("in June 2014", ("2014-06-01", "2014-06-30")),
        ("in September 2015", ("2015-09-01", "2015-09-30")),
        ("in November 2015", ("2015-11-01", "2015-11-30")),
        ("December 2016", ("2016-12-01", "2016-12-31")),
        ("in January 2014", ("2014-01-01", "2014-01-31")),
        ("during May 2015", ("2015-05-01", "2015-05-31")),
        ("In November 2017", ("2017-11-01", "2017-11-30")),
        ("IN  OCTOBER   2017 .", ("2017-10-01", "2017-10-31")),
    ],
)
def test_month_with_year(text, expected):
    check(text, AFP, win(*expected, "month"))


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        ("in October", AFP, ("2017-10-01", "2017-10-31")),
        ("in July", AFP, ("2017-07-01", "2017-07-31")),
        ("In July this year", AFP, ("2017-07-01", "2017-07-31")),
        ("in september", REUTERS, ("2017-09-01", "2017-09-30")),
        ("in October", LATE_NOV, ("2017-10-01", "2017-10-31")),
        ("in April", AFP, ("2017-04-01", "2017-04-30")),
        ("in February", AFP, ("2017-02-01", "2017-02-28")),
        # the month of publication, clipped at publication; still a "month"
        ("in November", NOV17, ("2017-11-01", "2017-11-17")),
        ("in December", AFP, ("2017-12-01", "2017-12-09")),
        # across a year boundary
        ("in December", win("2018-01-03"), ("2017-12-01", "2017-12-31")),
    ],
)
def test_month_without_year(text, reference, expected):
    check(text, reference, win(*expected, "month"))


def test_month_without_year_over_a_month_boundary():
    # on 25..31 Oct "November" is November 2016; on 1..5 Nov it is November 2017 (clipped)
    check("in November", win("2017-10-25", "2017-11-05", "range"), win("2016-11-01", "2017-11-05", "range"))


def test_month_this_year_after_publication_is_an_error():
    check_error("In December this year", NOV17, match="after the publication")


# --------------------------------------------------------------------------- seasons


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the summer of 2014", ("2014-06-01", "2014-08-31")),
        ("summer 2014", ("2014-06-01", "2014-08-31")),
        ("in the summer of 2014", ("2014-06-01", "2014-08-31")),
        ("spring 2015", ("2015-03-01", "2015-05-31")),
        ("the autumn of 2016", ("2016-09-01", "2016-11-30")),
        ("fall 2016", ("2016-09-01", "2016-11-30")),
        ("the winter of 2015", ("2015-12-01", "2016-02-29")),  # into a leap February
        ("winter 2016", ("2016-12-01", "2017-02-28")),
        ("the winter of 2017", ("2017-12-01", "2017-12-09")),  # clipped at publication
    ],
)
def test_season(text, expected):
    check(text, AFP, win(*expected, "season"))


# --------------------------------------------------------------------------- years


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        ("in 2014", AFP, ("2014-01-01", "2014-12-31")),
        ("2014", AFP, ("2014-01-01", "2014-12-31")),
        ("in 2016", AFP, ("2016-01-01", "2016-12-31")),
        ("in 2017", AFP, ("2017-01-01", "2017-12-09")),
        ("this year", AFP, ("2017-01-01", "2017-12-09")),
        ("this year", REUTERS, ("2017-01-01", "2017-11-23")),
        ("this year", LATE_NOV, ("2017-01-01", "2017-11-30")),
        ("last year", AFP, ("2016-01-01", "2016-12-31")),
        ("last year", win("2018-01-03"), ("2017-01-01", "2017-12-31")),
    ],
)
def test_year(text, reference, expected):
    check(text, reference, win(*expected, "year"))


def test_this_year_over_a_year_boundary():
    check("this year", win("2017-12-25", "2018-01-05", "range"), win("2017-01-01", "2018-01-05", "range"))


# --------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        ("on friday", AFP, "2017-12-08"),
        ("Friday", AFP, "2017-12-08"),
        ("saturday", AFP, "2017-12-09"),  # the reference day itself
        ("on Sunday", AFP, "2017-12-03"),
        ("monday", AFP, "2017-12-04"),
        ("tuesday", AFP, "2017-12-05"),
        ("wednesday", AFP, "2017-12-06"),
        ("thursday", AFP, "2017-12-07"),
        ("on friday", NOV17, "2017-11-17"),  # the reference day itself
        ("on friday ,", NOV17, "2017-11-17"),  # Reuters tokenisation
        ("on friday", REUTERS, "2017-11-17"),  # Fri 17 .. Thu 23: only one Friday
        ("wednesday", win("2018-01-03"), "2018-01-03"),
        ("thursday", win("2018-01-03"), "2017-12-28"),  # across a year boundary
    ],
)
def test_weekday(text, reference, expected):
    check(text, reference, win(expected))


def test_weekday_over_a_multi_day_reference():
    # published 17..30 Nov: the Friday is Nov 17 or Nov 24
    check("on friday", LATE_NOV, win("2017-11-17", "2017-11-24", "range"))
    # published Fri 17 .. Thu 23 Nov: the Monday is Nov 13 or Nov 20
    check("on monday", REUTERS, win("2017-11-13", "2017-11-20", "range"))


# --------------------------------------------------------------------------- weeks and months


@pytest.mark.parametrize(
    "reference, expected",
    [
        (win("2018-01-03"), ("2017-12-25", "2017-12-31")),  # across a year boundary
        (AFP, ("2017-11-27", "2017-12-03")),  # Saturday
        (win("2017-12-04"), ("2017-11-27", "2017-12-03")),  # Monday
        (win("2017-12-10"), ("2017-11-27", "2017-12-03")),  # Sunday
        (NOV17, ("2017-11-06", "2017-11-12")),
    ],
)
def test_last_week(reference, expected):
    check("last week", reference, win(*expected, "week"))


def test_last_week_over_a_multi_day_reference():
    # Fri 17 Nov -> week of Nov 6..12; Thu 23 Nov -> week of Nov 13..19
    check("last week", REUTERS, win("2017-11-06", "2017-11-19", "range"))


def test_this_month():
    check("this month", AFP, win("2017-12-01", "2017-12-09", "month"))
    check("this month", win("2017-12-01"), win("2017-12-01", "2017-12-01", "month"))
    check("this month", REUTERS, win("2017-11-01", "2017-11-23", "month"))


def test_earlier_this_month():
    check("earlier this month", AFP, win("2017-12-01", "2017-12-08", "range"))
    check("earlier this month", win("2017-12-02"), win("2017-12-01", "2017-12-01", "range"))
    check("earlier this month", REUTERS, win("2017-11-01", "2017-11-22", "range"))
    # published Mar 1..5: Mar 1 is left out, Mar 2 gives Mar 1, Mar 5 gives Mar 1..4
    check(
        "earlier this month",
        win("2016-03-01", "2016-03-05", "range"),
        win("2016-03-01", "2016-03-04", "range"),
    )


def test_earlier_this_month_on_the_first_is_an_error():
    check_error("earlier this month", win("2017-12-01"), match="no day of the month precedes")


def test_earlier_this_month_leaves_out_a_first_in_the_reference():
    # published Nov 30 or Dec 1: on Dec 1 nothing was "earlier this month"
    check(
        "earlier this month",
        win("2017-11-30", "2017-12-01", "range"),
        win("2017-11-01", "2017-11-29", "range"),
    )


def test_today_and_now():
    check("today", AFP, win("2017-12-09"))
    check("today", REUTERS, win("2017-11-17", "2017-11-23", "range"))
    check("now", AFP, win("2017-12-09", "2017-12-09", "publication"))
    check("now", LATE_NOV, win("2017-11-17", "2017-11-30", "publication"))


# --------------------------------------------------------------------------- anchored forms

NOVEMBER_2017 = win("2017-11-01", "2017-11-30", "month")
MARCH_2016 = win("2016-03-01", "2016-03-31", "month")


def test_later_the_same_month():
    check("later the same month", AFP, win("2017-11-01", "2017-11-30", "month"), NOVEMBER_2017)
    check("later that month", AFP, win("2017-11-01", "2017-11-30", "month"), NOVEMBER_2017)
    check("later that month", AFP, win("2017-10-14", "2017-10-31", "range"), win("2017-10-14"))
    check("later the same month", AFP, win("2016-02-10", "2016-02-29", "range"), win("2016-02-10"))
    # clipped at publication, still a month
    check("later the same month", NOV17, win("2017-11-01", "2017-11-17", "month"), NOVEMBER_2017)


def test_later_the_same_month_needs_a_single_month_anchor():
    check_error("later the same month", AFP, win("2017-10-20", "2017-11-10", "range"), match="more than one")


def test_by_the_end_of_that_year():
    check("by the end of that year", AFP, win("2016-03-01", "2016-12-31", "range"), MARCH_2016)
    check("by the end of the year", AFP, win("2016-03-27", "2016-12-31", "range"), win("2016-03-27"))
    check("By the end of that year.", AFP, win("2016-03-01", "2016-12-31", "range"), MARCH_2016)
    # anchor across two years: up to the end of the later one
    check(
        "by the end of that year",
        AFP,
        win("2015-12-01", "2016-12-31", "range"),
        win("2015-12-01", "2016-02-29", "season"),
    )
    # clipped at publication
    check(
        "by the end of that year",
        AFP,
        win("2017-03-01", "2017-12-09", "range"),
        win("2017-03-01", "2017-03-31", "month"),
    )


@pytest.mark.parametrize(
    "text",
    [
        "later the same month",
        "later that month",
        "by the end of that year",
        "by the end of the year",
        "a fierce nine-month offensive",
    ],
)
def test_anchored_forms_need_an_anchor(text):
    check_error(text, AFP, None, match="anchor")


# --------------------------------------------------------------------------- rounded durations

MOSUL_VICTORY = win("2017-07-09")


@pytest.mark.parametrize(
    "text",
    [
        "nine-month offensive",
        "a fierce nine-month offensive",
        "A Fierce Nine-Month Offensive",
        "9-month",
        "the 9-month siege",
        "nine month campaign",
    ],
)
def test_nine_month_mosul_offensive(text):
    # 2017-07-09 - 9 months = 2016-10-09; +-15 days -> 2016-09-24 .. 2016-10-24
    check(text, AFP, win("2016-09-24", "2016-10-24", "approximate"), MOSUL_VICTORY)


def test_four_month_battle_ending_in_a_month():
    # Kobane, January 2015: 2015-01-01 - 4 months = 2014-09-01, -15 d = 2014-08-17;
    # 2015-01-31 - 4 months = 2014-09-30 (clamped), +15 d = 2014-10-15
    january_2015 = win("2015-01-01", "2015-01-31", "month")
    check("four-month battle", AFP, win("2014-08-17", "2014-10-15", "approximate"), january_2015)


def test_one_and_twelve_month_durations():
    # 2016-03-31 - 1 month = 2016-02-29 (clamped, leap year); -15 d = Feb 14, +15 d = Mar 15
    check("one-month siege", AFP, win("2016-02-14", "2016-03-15", "approximate"), win("2016-03-31"))
    # 2017-07-09 - 12 months = 2016-07-09; +-15 d
    check("a twelve-month campaign", AFP, win("2016-06-24", "2016-07-24", "approximate"), MOSUL_VICTORY)
    check("12-month campaign", AFP, win("2016-06-24", "2016-07-24", "approximate"), MOSUL_VICTORY)


@pytest.mark.parametrize(
    "text",
    [
        "more than four months",
        "a battle of more than four months",
        "a nearly nine-month offensive",
        "0-month offensive",
    ],
)
def test_open_or_qualified_durations_are_errors(text):
    check_error(text, AFP, MOSUL_VICTORY)


# --------------------------------------------------------------------------- clipping and the future


def test_clipping_keeps_the_label():
    check("In November 2017", NOV17, win("2017-11-01", "2017-11-17", "month"))
    check("In November 2017", win("2017-11-01"), win("2017-11-01", "2017-11-01", "month"))
    check("in 2017", NOV17, win("2017-01-01", "2017-11-17", "year"))


@pytest.mark.parametrize(
    "text, reference",
    [
        ("December 10, 2017", AFP),
        ("in 2018", AFP),
        ("January 2018", AFP),
        ("the summer of 2018", AFP),
        ("November 24, 2017", REUTERS),
        ("2017-12-10", AFP),
    ],
)
def test_after_publication_is_an_error(text, reference):
    check_error(text, reference, match="after the publication")


def test_a_day_inside_a_multi_day_reference_is_kept():
    check("On November 23, 2017", REUTERS, win("2017-11-23"))
    check_error(
        "On November 23, 2017", win("2017-11-17", "2017-11-22", "range"), match="after the publication"
    )


def test_reference_longer_than_366_days_is_an_error():
    check("in 2014", win("2016-01-01", "2016-12-31", "year"), win("2014-01-01", "2014-12-31", "year"))
    check_error("in 2014", win("2016-01-01", "2017-01-01", "range"), match="366")


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "text",
    [
        "sometime",
        "recently",
        "in recent months",
        "next week",
        "February 30, 2016",
        "February 29, 2017",
        "September 31",
        "the 45th of May",
        "14st October 2017",
        "February 29 this year",
        "",
        "   ",
        "in",
        "the rainy season",
        "mid-2016 or so",
        "the summer of",
        "13/13/2017",
    ],
)
def test_unresolvable_expressions(text):
    check_error(text, AFP)


def test_impossible_dates_are_not_shifted():
    check_error("February 30, 2016", AFP, match="impossible calendar date")
    check_error("the 45th of May", AFP, match="impossible calendar date")


# --------------------------------------------------------------------------- the corpus

# Every date expression in the three articles, as written, with its hand-computed window.
CORPUS = [
    # 000 (ITV News), published 2017-11-17
    ("000", "now", ITV, None, win("2017-11-17", "2017-11-17", "publication")),
    ("000", "in the summer of 2014", ITV, None, win("2014-06-01", "2014-08-31", "season")),
    ("000", "in July", ITV, None, win("2017-07-01", "2017-07-31", "month")),
    ("000", "this year", ITV, None, win("2017-01-01", "2017-11-17", "year")),
    ("000", "in October", ITV, None, win("2017-10-01", "2017-10-31", "month")),
    # 001 (Reuters), published 2017-11-17..2017-11-23
    ("001", "on friday", REUTERS, None, win("2017-11-17")),
    ("001", "in 2014", REUTERS, None, win("2014-01-01", "2014-12-31", "year")),
    ("001", "last week", REUTERS, None, win("2017-11-06", "2017-11-19", "range")),
    ("001", "earlier this month", REUTERS, None, win("2017-11-01", "2017-11-22", "range")),
    ("001", "this year", REUTERS, None, win("2017-01-01", "2017-11-23", "year")),
    ("001", "in september", REUTERS, None, win("2017-09-01", "2017-09-30", "month")),
    ("001", "now", REUTERS, None, win("2017-11-17", "2017-11-23", "publication")),
    ("001", "today", REUTERS, None, win("2017-11-17", "2017-11-23", "range")),
    # 002 (AFP), published 2017-12-09
    ("002", "2017-12-09", AFP, None, win("2017-12-09")),
    ("002", "in 2014", AFP, None, win("2014-01-01", "2014-12-31", "year")),
    ("002", "in January 2015", AFP, None, win("2015-01-01", "2015-01-31", "month")),
    ("002", "in October 2016", AFP, None, win("2016-10-01", "2016-10-31", "month")),
    ("002", "since August 2014", AFP, None, win("2014-08-01", "2014-08-31", "month")),
    ("002", "In February 2017", AFP, None, win("2017-02-01", "2017-02-28", "month")),
    ("002", "in May 2015", AFP, None, win("2015-05-01", "2015-05-31", "month")),
    ("002", "in March 2016", AFP, None, win("2016-03-01", "2016-03-31", "month")),
    ("002", "by the end of that year", AFP, MARCH_2016, win("2016-03-01", "2016-12-31", "range")),
    ("002", "in March 2017", AFP, None, win("2017-03-01", "2017-03-31", "month")),
    ("002", "On October 14, 2017", AFP, None, win("2017-10-14")),
    ("002", "In October 2017", AFP, None, win("2017-10-01", "2017-10-31", "month")),
    ("002", "In November 2017", AFP, None, win("2017-11-01", "2017-11-30", "month")),
    ("002", "later the same month", AFP, NOVEMBER_2017, win("2017-11-01", "2017-11-30", "month")),
    ("002", "in June 2014", AFP, None, win("2014-06-01", "2014-06-30", "month")),
    ("002", "in March 2015", AFP, None, win("2015-03-01", "2015-03-31", "month")),
    ("002", "in November 2015", AFP, None, win("2015-11-01", "2015-11-30", "month")),
    ("002", "in February 2016", AFP, None, win("2016-02-01", "2016-02-29", "month")),
    ("002", "in January 2014", AFP, None, win("2014-01-01", "2014-01-31", "month")),
    ("002", "in June 2016", AFP, None, win("2016-06-01", "2016-06-30", "month")),
    ("002", "in August 2016", AFP, None, win("2016-08-01", "2016-08-31", "month")),
    ("002", "on July 9 this year", AFP, None, win("2017-07-09")),
    (
        "002",
        "a fierce nine-month offensive",
        AFP,
        MOSUL_VICTORY,
        win("2016-09-24", "2016-10-24", "approximate"),
    ),
    ("002", "On October 5", AFP, None, win("2017-10-05")),
    ("002", "On November 3", AFP, None, win("2017-11-03")),
    ("002", "On November 17", AFP, None, win("2017-11-17")),
    ("002", "On November 23, 2017", AFP, None, win("2017-11-23")),
    ("002", "On December 9", AFP, None, win("2017-12-09")),
]


def _article(prefix: str) -> str:
    (path,) = RAW_ARTICLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "prefix, text, reference, anchor, expected", CORPUS, ids=[f"{c[0]}:{c[1]}" for c in CORPUS]
)
def test_corpus_expressions(prefix, text, reference, anchor, expected):
    assert text in _article(prefix), f"{text!r} is not in article {prefix}"
    check(text, reference, expected, anchor)


def test_corpus_open_duration_is_reported_not_guessed():
    # KOBANE: "after a battle of more than four months" has no upper bound on its length
    assert "a battle of more than four months" in _article("002")
    check_error(
        "a battle of more than four months", AFP, win("2015-01-01", "2015-01-31", "month"), match="open-ended"
    )


@pytest.mark.parametrize(
    ("earliest", "latest", "words", "text"),
    [
        (date(2017, 7, 9), date(2017, 7, 9), False, "2017-07-09"),
        (date(2017, 7, 1), date(2017, 7, 31), False, "2017-07-01..2017-07-31"),
        (date(2017, 7, 9), date(2017, 7, 9), True, "9 Jul 2017"),
        (date(2015, 3, 1), date(2015, 3, 31), True, "Mar 2015"),
        (date(2014, 1, 1), date(2014, 12, 31), True, "2014"),
        (date(2014, 6, 1), date(2014, 8, 31), True, "summer 2014"),
        (date(2016, 12, 1), date(2017, 2, 28), True, "winter 2016"),
        (date(2015, 1, 1), date(2015, 3, 31), True, "Jan 2015 to Mar 2015"),  # whole months, not a season
        (date(2016, 9, 24), date(2016, 10, 24), True, "2016-09-24 to 2016-10-24"),
    ],
)
def test_format_window(earliest, latest, words, text):
    assert format_window(earliest, latest, words=words) == text


def test_the_one_midpoint_rule_rounds_down_on_dates_and_series():
    from analysis.dates import midpoint

    # 1..31 Oct: 30 days after the 1st, half is 15: the 16th; 1..30 Oct: 29 // 2 = 14: the 15th
    assert midpoint(date(2017, 10, 1), date(2017, 10, 31)) == date(2017, 10, 16)
    assert midpoint(date(2017, 10, 1), date(2017, 10, 30)) == date(2017, 10, 15)
    assert midpoint(date(2017, 7, 9), date(2017, 7, 9)) == date(2017, 7, 9)
    # across a year end: 28 Dec 2017 .. 3 Jan 2018 is 6 days long: 28 Dec + 3 = 31 Dec
    earliest = pd.Series(pd.to_datetime(["2017-12-28", "2015-12-20"]))
    latest = pd.Series(pd.to_datetime(["2018-01-03", "2016-01-10"]))
    assert list(midpoint(earliest, latest)) == [pd.Timestamp(2017, 12, 31), pd.Timestamp(2015, 12, 30)]
    assert DateWindow(date(2017, 10, 1), date(2017, 10, 30), "range").midpoint == date(2017, 10, 15)
