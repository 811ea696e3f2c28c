"""The wire and press forms of the date grammar, each against a window computed by hand.

Calendar facts used (checked against a printed 2017 calendar): 2017-11-22 is a Wednesday,
so its Monday-Sunday week is 2017-11-20..2017-11-26; the previous Friday is 2017-11-17;
2017-11-20 is a Monday; October has 31 days; 2015-04-02 is a Thursday.
"""

from __future__ import annotations

from datetime import date

import pytest

from analysis.dates import DateExpressionError, DateWindow, find_expressions, resolve

WEDNESDAY = DateWindow.day(date(2017, 11, 22))
ANCHOR = DateWindow.day(date(2017, 11, 3))


def window(first: str, last: str, precision: str) -> DateWindow:
    return DateWindow(date.fromisoformat(first), date.fromisoformat(last), precision)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", window("2017-11-21", "2017-11-21", "day")),
        ("late yesterday", window("2017-11-21", "2017-11-21", "day")),
        ("last month", window("2017-10-01", "2017-10-31", "month")),
        ("earlier this week", window("2017-11-20", "2017-11-21", "range")),
        ("last Friday", window("2017-11-17", "2017-11-17", "day")),
        ("late October", window("2017-10-21", "2017-10-31", "range")),
        ("in mid-October", window("2017-10-11", "2017-10-20", "range")),
        ("early November 2016", window("2016-11-01", "2016-11-10", "range")),
        ("since the beginning of January", window("2017-01-01", "2017-01-10", "range")),
        ("at the end of June", window("2017-06-21", "2017-06-30", "range")),
        # a season without a year: the latest one begun by publication (2017-11-22), like "in May"
        ("in the spring", window("2017-03-01", "2017-05-31", "season")),
        ("in the autumn", window("2017-09-01", "2017-11-22", "season")),  # cut at publication
        ("during the winter", window("2016-12-01", "2017-02-28", "season")),
        # "last summer": the latest one over by publication (2017-11-22)
        ("last summer", window("2017-06-01", "2017-08-31", "season")),
        ("last autumn", window("2016-09-01", "2016-11-30", "season")),
        ("the middle of March 2015", window("2015-03-11", "2015-03-20", "range")),
        ("on Friday morning", window("2017-11-17", "2017-11-17", "day")),
        ("on Tuesday night", window("2017-11-21", "2017-11-21", "day")),
        ("early on Wednesday", window("2017-11-22", "2017-11-22", "day")),
        ("three days ago", window("2017-11-19", "2017-11-19", "day")),
        # 14 days before 2017-11-22 is 2017-11-08; a rounded two weeks, +-3 days
        ("two weeks ago", window("2017-11-05", "2017-11-11", "approximate")),
        # the week is cut at publication; it stays a week
        ("this week", window("2017-11-20", "2017-11-22", "week")),
        ("this month", window("2017-11-01", "2017-11-22", "month")),
        ("last year", window("2016-01-01", "2016-12-31", "year")),
        ("between 3 and 5 November", window("2017-11-03", "2017-11-05", "range")),
        ("from 3 to 5 November", window("2017-11-03", "2017-11-05", "range")),
        ("between November 3 and 5, 2017", window("2017-11-03", "2017-11-05", "range")),
        ("last June", window("2017-06-01", "2017-06-30", "month")),
    ],
)
def test_wire_forms_against_a_wednesday(text: str, expected: DateWindow) -> None:
    assert resolve(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the previous day", window("2017-11-02", "2017-11-02", "day")),
        ("the following day", window("2017-11-04", "2017-11-04", "day")),
        ("The following day", window("2017-11-04", "2017-11-04", "day")),
        ("the same day", window("2017-11-03", "2017-11-03", "day")),
        ("earlier in the day", window("2017-11-03", "2017-11-03", "day")),
        ("two days later", window("2017-11-05", "2017-11-05", "day")),
        ("three days earlier", window("2017-10-31", "2017-10-31", "day")),
        # 14 days after 2017-11-03 is 2017-11-17; a rounded two weeks, +-3 days
        ("two weeks later", window("2017-11-14", "2017-11-20", "approximate")),
    ],
)
def test_anchored_days(text: str, expected: DateWindow) -> None:
    assert resolve(text, WEDNESDAY, ANCHOR) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # the last third of December, as "the end of March" is March 21-31, in the anchor's year
        (
            "at the end of that year",
            window("2015-03-01", "2015-05-31", "season"),
            window("2015-12-21", "2015-12-31", "range"),
        ),
        (
            "the beginning of the same year",
            window("2016-06-01", "2016-06-30", "month"),
            window("2016-01-01", "2016-01-10", "range"),
        ),
        # the calendar month after the anchor's, the year before it
        (
            "the following month",
            window("2014-11-11", "2014-11-20", "range"),
            window("2014-12-01", "2014-12-31", "month"),
        ),
        (
            "the previous year",
            window("2016-06-01", "2016-06-30", "month"),
            window("2015-01-01", "2015-12-31", "year"),
        ),
        # the season in the anchor's year (meteorological: summer = June-August)
        (
            "that summer",
            window("2014-01-01", "2014-01-31", "month"),
            window("2014-06-01", "2014-08-31", "season"),
        ),
        (
            "the same spring",
            window("2016-06-01", "2016-06-30", "month"),
            window("2016-03-01", "2016-05-31", "season"),
        ),
    ],
)
def test_the_end_or_beginning_or_season_of_that_year(
    text: str, anchor: DateWindow, expected: DateWindow
) -> None:
    assert resolve(text, WEDNESDAY, anchor) == expected


def test_the_end_of_that_year_after_publication_is_an_error() -> None:
    # anchor 2017-11-03, published 2017-11-22: December 21-31, 2017 has not come yet
    with pytest.raises(DateExpressionError, match="after the publication"):
        resolve("at the end of that year", WEDNESDAY, ANCHOR)


def test_anchored_day_of_a_month_anchor_is_a_range() -> None:
    october = window("2017-10-01", "2017-10-31", "month")
    assert resolve("the following day", WEDNESDAY, october) == window("2017-10-02", "2017-11-01", "range")


def test_last_june_in_april_is_the_previous_year() -> None:
    # published Thursday 2015-04-02: the latest June before April 2015 is June 2014
    assert resolve("last June", DateWindow.day(date(2015, 4, 2))) == window(
        "2014-06-01", "2014-06-30", "month"
    )


def test_last_friday_on_a_friday_is_the_week_before() -> None:
    friday = DateWindow.day(date(2017, 11, 17))
    assert resolve("last Friday", friday) == window("2017-11-10", "2017-11-10", "day")
    assert resolve("on Friday", friday) == window("2017-11-17", "2017-11-17", "day")


def test_over_a_publication_window_the_hull_is_a_range() -> None:
    # published 2017-11-17..2017-11-23: "yesterday" is any day from 11-16 to 11-22
    reference = window("2017-11-17", "2017-11-23", "range")
    assert resolve("yesterday", reference) == window("2017-11-16", "2017-11-22", "range")


@pytest.mark.parametrize(
    ("text", "reference", "anchor", "message"),
    [
        ("earlier this week", DateWindow.day(date(2017, 11, 20)), None, "no day of the week precedes"),
        ("mid-November", DateWindow.day(date(2017, 11, 5)), None, "after the publication"),
        ("between 5 and 3 November", WEDNESDAY, None, "backwards"),
        ("between 30 and 31 February 2017", WEDNESDAY, None, "impossible calendar date"),
        ("the previous day", WEDNESDAY, None, "no anchor"),
        ("in the rainy season", WEDNESDAY, None, "not a supported date expression"),
    ],
)
def test_errors_are_explained_not_guessed(text, reference, anchor, message) -> None:
    with pytest.raises(DateExpressionError, match=message):
        resolve(text, reference, anchor)


# Counted back from publication or from an anchor in months, years or a vague number of days
# (hand arithmetic: 2017-11-22 - 2 months = 2017-09-22, +-15 days = 09-07..10-07; - 3 years =
# 2014-11-22, +-182 days = 2014-05-24..2015-05-23; "some days ago" = 2 to 10 days before).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two months ago", window("2017-09-07", "2017-10-07", "approximate")),
        ("a month ago", window("2017-10-07", "2017-11-06", "approximate")),
        ("three years ago", window("2014-05-24", "2015-05-23", "approximate")),
        ("some days ago", window("2017-11-12", "2017-11-20", "approximate")),
        ("a few days ago", window("2017-11-12", "2017-11-20", "approximate")),
        ("several weeks ago", window("2017-09-27", "2017-11-08", "approximate")),
    ],
)
def test_months_years_and_vague_counts_ago(text: str, expected: DateWindow) -> None:
    assert resolve(text, WEDNESDAY) == expected


# Anchor 2017-11-03: + 1 month = 2017-12-03 (+-15: 11-18..12-18); - 1 month = 2017-10-03
# (09-18..10-18); + 1 year = 2018-11-03 is after publication, so "a year later" is an error;
# "some days later" = 11-05..11-13.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a month before", window("2017-09-18", "2017-10-18", "approximate")),
        ("some days later", window("2017-11-05", "2017-11-13", "approximate")),
    ],
)
def test_a_month_before_or_after_an_anchor(text: str, expected: DateWindow) -> None:
    assert resolve(text, WEDNESDAY, ANCHOR) == expected


def test_a_month_after_is_clipped_at_publication() -> None:
    # 2017-11-18..2017-12-18 cut at the publication day 2017-11-22
    assert resolve("a month after", WEDNESDAY, ANCHOR) == window("2017-11-18", "2017-11-22", "approximate")


def test_a_month_abbreviation_with_a_spaced_full_stop_is_found_and_read() -> None:
    # tokenised wire copy: "on oct . 1 ," is October 1 before publication (2017-11-22)
    text = "fighters seized the town on oct . 1 , after dark ."
    assert [text[s:e] for s, e in find_expressions(text)] == ["on oct . 1"]
    assert resolve("on oct . 1", WEDNESDAY) == window("2017-10-01", "2017-10-01", "day")


@pytest.mark.parametrize("text", ["some months ago", "several years later"])
def test_a_vague_count_of_months_or_years_is_not_dated(text: str) -> None:
    with pytest.raises(DateExpressionError, match="too vague"):
        resolve(text, WEDNESDAY, ANCHOR)


def test_expressions_are_found_in_running_text_and_may_the_verb_is_not() -> None:
    text = "troops may retake it. in may 2015, three months ago, and a month after the fall, on friday."
    found = [text[s:e] for s, e in find_expressions(text)]
    assert found == ["in may 2015", "three months ago", "a month after", "on friday"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("early August last year", window("2016-08-01", "2016-08-10", "range")),
        ("June of last year", window("2016-06-01", "2016-06-30", "month")),
        ("in November last year", window("2016-11-01", "2016-11-30", "month")),
        ("Aug. 24 last year", window("2016-08-24", "2016-08-24", "day")),
        ("earlier this year", window("2017-01-01", "2017-11-21", "range")),
    ],
)
def test_a_month_or_day_of_last_year(text: str, expected: DateWindow) -> None:
    assert resolve(text, WEDNESDAY) == expected


def test_a_capital_may_after_in_or_last_is_the_month() -> None:
    text = "Ramadi fell in May. Troops may retake it in may. Palmyra fell last May; the last may go."
    found = [text[s:e] for s, e in find_expressions(text.lower(), text)]
    assert found == ["in May", "last May"]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        (
            "that November",
            window("2015-08-01", "2015-08-31", "month"),
            window("2015-11-01", "2015-11-30", "month"),
        ),
        (
            "in March of that year",
            window("2016-04-01", "2016-04-30", "month"),
            window("2016-03-01", "2016-03-31", "month"),
        ),
        (  # "overran it in February last year (2015), freed in early March of the same year"
            "in early March of the same year",
            window("2015-02-01", "2015-02-28", "month"),
            window("2015-03-01", "2015-03-10", "range"),
        ),
        (
            "late June of that year",
            window("2014-06-10", "2014-06-10", "day"),
            window("2014-06-21", "2014-06-30", "range"),
        ),
    ],
)
def test_a_month_of_that_year_takes_the_year_of_the_date_before_it(text, anchor, expected) -> None:
    assert resolve(text, WEDNESDAY, anchor) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # published 2017-12-10: a month without a year is the latest one before publication
        ("in the first days of November", ("2017-11-01", "2017-11-10")),
        ("the opening days of November", ("2017-11-01", "2017-11-10")),
        ("in the last days of June 2014", ("2014-06-21", "2014-06-30")),
        ("the final few days of May", ("2017-05-21", "2017-05-31")),
    ],
)
def test_the_first_and_last_days_of_a_month_are_its_first_and_last_thirds(
    text: str, expected: tuple[str, str]
) -> None:
    found = resolve(text, DateWindow.day(date(2017, 12, 10)))
    assert (found.earliest.isoformat(), found.latest.isoformat()) == expected


def test_a_bare_month_abbreviation_is_no_month_but_with_a_full_stop_or_a_day_it_is() -> None:
    text = "the Mar Elian monastery fell in Mar. 2015; on Mar 3 and in Sept. too"
    found = [text[s:e] for s, e in find_expressions(text.lower(), text)]
    assert found == ["in Mar. 2015", "on Mar 3", "in Sept."]


def test_in_may_is_the_month_in_copy_without_capitals() -> None:
    text = "iraqi forces recaptured rutba in may , and troops may advance ."
    found = [text[s:e] for s, e in find_expressions(text.lower(), text)]
    assert found == ["in may"]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        (
            "within hours",
            window("2016-08-24", "2016-08-24", "day"),
            window("2016-08-24", "2016-08-25", "range"),
        ),
        (
            "a few hours later",
            window("2016-08-01", "2016-08-31", "month"),
            window("2016-08-01", "2016-09-01", "range"),
        ),
    ],
)
def test_within_hours_is_the_anchors_window_or_the_day_after(text, anchor, expected) -> None:
    assert resolve(text, WEDNESDAY, anchor) == expected
