"""Hand-checked tests of the date forms met in the cited tier's batches 2 and 3: a weekday checked
against the day it names, numeric days, verbs and nouns around a date, parts of a year, and date
words of other languages (``analysis.dates.FOREIGN_WORDS``).

Calendar facts used (checked with ``date -d``, not with the code under test): 2014-08-22 was a
Friday, 2014-10-04 a Saturday, 2015-05-20 a Wednesday, 2016-05-03 a Tuesday, 2016-06-06 a Monday,
2016-06-17 a Friday, 2016-10-20 a Thursday, 2016-10-25 a Tuesday, 2017-02-26 a Sunday, 2017-06-03
a Saturday, 2017-12-09 a Saturday. Every expected window is a literal.
"""

from __future__ import annotations

from datetime import date

import pytest

from analysis.dates import DateExpressionError, DateWindow, resolve


def win(earliest: str, latest: str | None = None, precision: str = "day") -> DateWindow:
    return DateWindow(date.fromisoformat(earliest), date.fromisoformat(latest or earliest), precision)


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # a weekday checked against the day it names
        ("on Thursday (Oct 20)", win("2016-10-20"), win("2016-10-20")),
        ("Friday, May 20", win("2016-05-20"), win("2016-05-20")),
        ("Wed 20th May 2015", win("2015-05-22"), win("2015-05-20")),
        ("early Sunday morning, Feb. 19, 2017", win("2017-02-19"), win("2017-02-19")),
        ("On Saturday (27th December)", win("2014-12-28", "2014-12-31", "range"), win("2014-12-27")),
        ("yesterday, May 3", win("2016-05-04"), win("2016-05-03")),
        # numeric days: day first; year first with slashes; day/month without a year
        ("25.10.2016", win("2016-10-25"), win("2016-10-25")),
        ("25/10/2014", win("2014-10-25"), win("2014-10-25")),
        ("13/10/2017", win("2017-12-09"), win("2017-10-13")),
        ("2014/12/18", win("2014-12-18"), win("2014-12-18")),
        ("pada Selasa (25/10)", win("2016-10-25", "2016-10-26", "range"), win("2016-10-25")),
        ("2017-01", win("2017-01-31"), win("2017-01-01", "2017-01-31", "month")),
        # verbs and nouns around the date
        ("retook on Friday", win("2017-11-17"), win("2017-11-17")),
        ("launched a dawn assault Tuesday", win("2017-09-19"), win("2017-09-19")),
        ("Iraqi forces withdrew yesterday", win("2014-12-18"), win("2014-12-17")),
        ("The Saturday announcement", win("2014-02-22"), win("2014-02-22")),
        ("The May 17 takeover of Ramadi", win("2015-05-23"), win("2015-05-17")),
        ("At 02:00 today", win("2015-07-13"), win("2015-07-13")),
        ("Since 5 p.m. [14:00 GMT] yesterday", win("2016-11-08"), win("2016-11-07")),
        ("in the early hours of Friday", win("2017-05-12"), win("2017-05-12")),
        ("on the evening of the 9th", win("2014-06-10"), win("2014-06-09")),
        ("Tuesday night into Wednesday morning", win("2017-03-22"), win("2017-03-21", "2017-03-22", "range")),
        # parts of a year, seasons and years without a year named
        ("in mid-2014", win("2016-10-20"), win("2014-05-01", "2014-08-31", "range")),
        ("since early 2015", win("2017-08-06"), win("2015-01-01", "2015-04-30", "range")),
        ("over the summer", win("2014-10-02"), win("2014-06-01", "2014-08-31", "season")),
        ("in May last year", win("2016-12-11"), win("2015-05-01", "2015-05-31", "month")),
        ("over the weekend", win("2016-06-06"), win("2016-06-04", "2016-06-05", "range")),
        ("earlier in the week", win("2015-05-23"), win("2015-05-18", "2015-05-22", "range")),
        ("August 12-18, 2016", win("2016-08-31"), win("2016-08-12", "2016-08-18", "range")),
        ("overnight", win("2014-08-07"), win("2014-08-06", "2014-08-07", "range")),
        ("this morning", win("2014-06-22"), win("2014-06-22")),
        # other languages
        ("اليوم الأحد 26 فبراير", win("2017-02-26"), win("2017-02-26")),
        ("في 26 شباط الفائت", win("2017-03-01"), win("2017-02-26")),
        ("مساء اليوم الجمعة 17 جوان", win("2016-06-17"), win("2016-06-17")),
        ("أمس الجمعة", win("2017-06-03"), win("2017-06-02")),
        ("am Montag", win("2014-08-11"), win("2014-08-11")),
        ("zaterdag", win("2016-11-05"), win("2016-11-05")),
        ("ayer", win("2014-09-02"), win("2014-09-01")),
        ("hoy", win("2017-06-14"), win("2017-06-14")),
        ("Em 13 de janeiro de 2014", win("2017-06-29"), win("2014-01-13")),
        ("la mattina del 16 ottobre", win("2016-10-16"), win("2016-10-16")),
        ("Le 11 février", win("2017-02-11"), win("2017-02-11")),
        ("27 Juillet 2015", win("2015-07-27"), win("2015-07-27")),
        ("pada tanggal 11 Agustus", win("2014-08-22"), win("2014-08-11")),
        ("Jumat pagi (22/8)", win("2014-08-22"), win("2014-08-22")),
        ("stamane", win("2014-10-04"), win("2014-10-04")),
    ],
)
def test_campaign_forms(text, reference, expected):
    got = resolve(text, reference)
    assert (got.earliest, got.latest, got.precision) == (
        expected.earliest,
        expected.latest,
        expected.precision,
    )


@pytest.mark.parametrize(
    ("text", "reference", "match"),
    [
        ("on Friday (Oct 20)", win("2016-10-20"), "different days"),  # 20 Oct 2016 was a Thursday
        ("today Friday", win("2017-12-09"), "different days"),  # a Saturday
        ("05/06/2017", win("2017-12-09"), "ambiguous"),  # 5 June or 6 May
        ("mercredi", win("2017-12-09"), "not a supported"),  # French weekdays are not in the table
        ("in the past several days", win("2015-02-14"), "not a supported"),
        ("the same day of Tuesday", win("2016-05-04"), "anchor"),
    ],
)
def test_campaign_errors(text, reference, match):
    with pytest.raises(DateExpressionError, match=match):
        resolve(text, reference)


def test_the_same_day_of_a_weekday_is_checked_against_its_anchor():
    assert resolve("the same day of Tuesday", win("2016-05-04"), win("2016-05-03")) == win("2016-05-03")
    with pytest.raises(DateExpressionError):
        resolve("the same day of Monday", win("2016-05-04"), win("2016-05-03"))


def test_a_publication_interval_propagates_into_a_weekday():
    # "on Tuesday" in a page published some day of June 2016: any Tuesday from 31 May to 28 June
    got = resolve("on Tuesday", win("2016-06-01", "2016-06-30", "range"))
    assert (got.earliest, got.latest, got.precision) == (date(2016, 5, 31), date(2016, 6, 28), "range")
