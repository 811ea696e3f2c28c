"""Date windows: resolve a verbatim date expression into a closed interval of days.

Every date in the project is a :class:`DateWindow` ``[earliest, latest]`` (both ends
inclusive, ``datetime.date``, proleptic Gregorian, no time zone) with a precision label.
A month is never turned into its first day: "In October 2017" is 2017-10-01..2017-10-31.

Precision labels: ``day``, ``week``, ``month``, ``season``, ``year``, ``range``
(a window bounded by an anchor, e.g. "by the end of that year"), ``approximate``
(a rounded duration, e.g. "a nine-month offensive"), ``publication`` (the statement
holds at the source's publication and gives no other date), ``before-publication`` (an
undated statement: some day from :data:`STUDY_START` to the last possible publication day).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from analysis.vocabulary import PRECISIONS

# The earliest day an undated statement can refer to: 1 January 2014, the start of the
# year in which IS seized Fallujah, the first seizure the corpus dates ("in January 2014").
STUDY_START: date = date(2014, 1, 1)


#: How an expression depends on its reference (see :func:`expression_form`).
FORMS: tuple[str, ...] = ("absolute", "calendar", "relative", "anchored")


class DateExpressionError(ValueError):
    """A date expression that cannot be resolved; the message names the expression."""


@dataclass(frozen=True, order=True)
class DateWindow:
    """A closed interval of calendar days ``[earliest, latest]`` with a precision label."""

    earliest: date
    latest: date
    precision: str = "range"

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise ValueError(f"reversed window: earliest {self.earliest} is after latest {self.latest}")
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}; expected one of {PRECISIONS}")

    @classmethod
    def day(cls, d: date) -> DateWindow:
        """A single day."""
        return cls(d, d, "day")

    @property
    def days(self) -> int:
        """Number of calendar days in the window (1 for a single day)."""
        return (self.latest - self.earliest).days + 1

    @property
    def midpoint(self) -> date:
        """The middle day (rounded down) — for ordering and colouring only, never as a fact (:func:`midpoint`)."""
        return midpoint(self.earliest, self.latest)

    def intersect(self, other: DateWindow) -> DateWindow | None:
        """The days in both windows, or None when they are disjoint. Precision: the finer one."""
        lo, hi = max(self.earliest, other.earliest), min(self.latest, other.latest)
        if lo > hi:
            return None
        finer = self if self.days <= other.days else other
        precision = finer.precision if (lo, hi) == (finer.earliest, finer.latest) else "range"
        return DateWindow(lo, hi, "day" if lo == hi else precision)

    def hull(self, other: DateWindow) -> DateWindow:
        """The smallest window containing both (their span)."""
        lo, hi = min(self.earliest, other.earliest), max(self.latest, other.latest)
        if (lo, hi) == (self.earliest, self.latest):
            return self
        if (lo, hi) == (other.earliest, other.latest):
            return other
        return DateWindow(lo, hi, "range")

    def __str__(self) -> str:
        return f"{format_window(self.earliest, self.latest)} ({self.precision})"


# --------------------------------------------------------------------------- formatting

_SEASON_NAMES: dict[int, str] = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}  # by first month


def _calendar_day(day: date) -> date:
    """The calendar day of a ``date`` or a datetime (a ``pd.Timestamp`` is a ``datetime``)."""
    return day.date() if isinstance(day, datetime) else day


def midpoint(earliest: Any, latest: Any) -> Any:
    """The middle day of the closed window ``earliest .. latest``, rounded down: ``earliest`` plus
    half the days from ``earliest`` to ``latest``, in whole days (9 Jul .. 9 Jul: 9 Jul; 1 .. 31 Oct:
    16 Oct; 1 .. 30 Oct: 15 Oct). The project's one midpoint rule, for ordering, colouring and
    placing a mark: never a fact. Works on ``datetime.date`` scalars and on pandas datetime Series.
    """
    if isinstance(earliest, date):
        return earliest + timedelta(days=(latest - earliest).days // 2)
    return earliest + ((latest - earliest) // 2).dt.floor("D")


def format_window(earliest: date, latest: date, words: bool = False) -> str:
    """A closed window as text: the one formatter of the project.

    ISO (default): ``2017-07-09`` for one day, else ``2017-07-01..2017-07-31``. In words
    (``words=True``, for labels and prose): ``9 Jul 2017``, ``Mar 2015`` (a whole month),
    ``2014`` (a whole year), ``summer 2014`` (a whole meteorological season; the winter of
    2016 starts in December 2016), ``Mar 2015 to May 2015`` (whole months), else
    ``2016-09-24 to 2016-10-24``. Datetimes (``pd.Timestamp``, as in the pace tables) count by
    their calendar day.
    """
    earliest, latest = _calendar_day(earliest), _calendar_day(latest)
    if not words:
        return earliest.isoformat() if earliest == latest else f"{earliest.isoformat()}..{latest.isoformat()}"
    if earliest == latest:
        return f"{earliest.day} {earliest:%b %Y}"
    if earliest.day == 1 and (latest + _ONE_DAY).day == 1:
        months = (latest.year - earliest.year) * 12 + latest.month - earliest.month + 1
        if months == 1:
            return f"{earliest:%b %Y}"
        if months == 12 and earliest.month == 1:
            return f"{earliest.year}"
        if months == 3 and earliest.month in _SEASON_NAMES:
            return f"{_SEASON_NAMES[earliest.month]} {earliest.year}"
        return f"{earliest:%b %Y} to {latest:%b %Y}"
    return f"{earliest} to {latest}"


# --------------------------------------------------------------------------- resolution
#
# Every supported expression is parsed (once per distinct text) into a _Rule: a function
# giving the *unclipped* window the expression denotes if the source was published on a
# given day d. resolve() evaluates it over the reference window:
#
# * A day d of the reference window is a *possible* publication day for the expression when
#   the rule gives a window for d that starts on or before d (statements are about the
#   past). Days that are not possible are left out; if no day is possible the expression
#   is an error ("falls after the publication", or e.g. "earlier this month" on the 1st).
# * Every rule is monotone in d (both ends never move backwards as d moves forwards), so
#   the hull over all possible days is [window(first).earliest, window(last).latest]
#   where first/last are the first and last possible days: the reference window is
#   scanned inwards from its two ends only until a possible day is met.
# * The hull is clipped so that it ends no later than the last possible publication day.
# * Precision: the rule's label when the first and last possible days give the same
#   (unclipped) window, otherwise "range" (e.g. "last week" over a week-long reference
#   window straddles two calendar weeks). Clipping keeps the label: a month cut short at
#   publication is still only known to month precision, even if one day is left.

_MAX_REFERENCE_DAYS = 366
_HALF_MONTH = timedelta(days=15)
_ONE_DAY = timedelta(days=1)

_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
    "sat": 5, "sun": 6,
}  # fmt: skip
_NUMBERS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Meteorological seasons, northern hemisphere: (first month, number of months).
_SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3),
}  # fmt: skip
# Words that would change the meaning of "N-month ..." (an open or shifted duration).
_DURATION_QUALIFIERS = frozenset(
    "more less over under nearly almost about around roughly approximately some than least "
    "most first last next another second past after before within".split()
)

_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_RE = r"(?P<day>\d{1,2})(?P<suffix>st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>\d{4})"
_THIS_YEAR_RE = r"(?P<this>\s+this\s+year)?"
_NUMBER_RE = r"(?P<n>\d{1,3}|" + "|".join(_NUMBERS) + r")"

_WHITESPACE = re.compile(r"\s+")
_SPACE_BEFORE_COMMA = re.compile(r"\s+,")
_SPACED_ABBREVIATION = re.compile(
    r"\b(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec) \."
)  # tokenised "oct . 1"
_TRAILING_PUNCT = re.compile(r"[\s.,;:!?]+$")
_LEADING_PREPOSITION = re.compile(r"^(?:in|on|since|during)\s+")


class _Unresolvable(Exception):
    """Internal: why an expression cannot be resolved (wrapped into DateExpressionError)."""


_WindowOn = Callable[[date, DateWindow | None], DateWindow | None]


@dataclass(frozen=True)
class _Rule:
    """A parsed expression: ``window_on(d, anchor)`` is its unclipped window if published on d.

    ``window_on`` returns None when the expression names nothing for that publication day
    (``impossible`` says why); ``fixed_precision`` overrides the hull's precision rule.
    """

    window_on: _WindowOn
    needs_anchor: bool = False
    impossible: str = "it names no day for any day of the reference window"
    fixed_precision: str | None = None
    form: str = "relative"  # one of FORMS


# --------------------------------------------------------------------------- calendar helpers


def _make_date(year: int, month: int, day: int) -> date:
    """A calendar date, or _Unresolvable for an impossible one (February 30 is never shifted)."""
    try:
        return date(year, month, day)
    except ValueError:
        raise _Unresolvable(f"impossible calendar date {year:04d}-{month:02d}-{day:02d}") from None


def _month_end(year: int, month: int) -> date:
    """The last day of a month."""
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - _ONE_DAY


def _month_window(year: int, month: int) -> DateWindow:
    """A whole calendar month."""
    return DateWindow(date(year, month, 1), _month_end(year, month), "month")


def _year_window(year: int) -> DateWindow:
    """A whole calendar year."""
    return DateWindow(date(year, 1, 1), date(year, 12, 31), "year")


def _add_months(d: date, months: int) -> date:
    """``d`` shifted by whole calendar months, the day clamped to the target month's end."""
    year, month = divmod(d.year * 12 + (d.month - 1) + months, 12)
    if not 1 <= year <= 9999:
        raise _Unresolvable("the result lies outside the supported calendar (years 1-9999)")
    return date(year, month + 1, min(d.day, _month_end(year, month + 1).day))


def _season_window(start: date, months: int) -> DateWindow:
    """The season that begins on ``start`` and lasts ``months`` calendar months (``season``)."""
    return DateWindow(start, _add_months(start, months) - _ONE_DAY, "season")


def _days_of_month(year: int, month: int, first: int = 1, last: int | None = None) -> tuple[date, date]:
    """Days ``first`` .. ``last`` of a month, ``last`` None for its end: a third of it or all of it."""
    return date(year, month, first), _month_end(year, month) if last is None else date(year, month, last)


def _check_ordinal(day: int, suffix: str | None) -> None:
    """Reject a wrong ordinal suffix ("14st"): it is a typo, not a date to guess at."""
    if suffix is None:
        return
    expected = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    if suffix != expected:
        raise _Unresolvable(f"wrong ordinal suffix {day}{suffix}")


def _month_day(match: re.Match[str]) -> tuple[int, int]:
    """Month and day of a match, checked to exist in some year (Feb 29 exists in leap years)."""
    month, day = _MONTHS[match["month"]], int(match["day"])
    _check_ordinal(day, match["suffix"])
    try:
        date(2000, month, day)  # 2000 is a leap year: only never-existing days fail
    except ValueError:
        raise _Unresolvable(f"impossible calendar date: day {day} of month {month}") from None
    return month, day


def _most_recent_day(d: date, month: int, day: int) -> DateWindow | None:
    """The latest `month`-`day` on or before `d` (8 years back at most: they always hold a February 29)."""
    for year in range(d.year, d.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= d:
            return DateWindow.day(candidate)
    return None


def _constant(window: DateWindow) -> _Rule:
    """A rule for an absolute expression: the same window whatever the publication day."""
    return _Rule(lambda d, anchor: window, form="absolute")


# --------------------------------------------------------------------------- rule builders


def _iso_day(m: re.Match[str]) -> _Rule:
    """``2017-12-09``."""
    return _constant(DateWindow.day(_make_date(int(m["year"]), int(m["month"]), int(m["day"]))))


def _explicit_day(m: re.Match[str]) -> _Rule:
    """``October 14, 2017`` / ``14 October 2017`` / ``the 14th of October 2017``."""
    month, day = _MONTHS[m["month"]], int(m["day"])
    _check_ordinal(day, m["suffix"])
    return _constant(DateWindow.day(_make_date(int(m["year"]), month, day)))


def _day_without_year(m: re.Match[str]) -> _Rule:
    """``November 17``: the latest such day on or before d; ``July 9 this year``: in d's year."""
    month, day = _month_day(m)
    if m["this"]:

        def this_year(d: date, anchor: DateWindow | None) -> DateWindow | None:
            try:
                return DateWindow.day(date(d.year, month, day))
            except ValueError:  # February 29 in a common year
                return None

        return _Rule(this_year, impossible="that day does not exist in the year of publication")

    def most_recent(d: date, anchor: DateWindow | None) -> DateWindow:
        found = _most_recent_day(d, month, day)
        if found is None:
            raise _Unresolvable("no such day on or before publication")  # only near year 1
        return found

    return _Rule(most_recent, form="calendar")


def _month_with_year(m: re.Match[str]) -> _Rule:
    """``October 2017``: the whole month."""
    year = int(m["year"])
    _make_date(year, 1, 1)
    return _constant(_month_window(year, _MONTHS[m["month"]]))


def _month_without_year(m: re.Match[str]) -> _Rule:
    """``October``: the latest such month starting on or before d; ``July this year``: d's year."""
    month, this_year = _MONTHS[m["month"]], bool(m["this"])

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        year = d.year if this_year or month <= d.month else d.year - 1
        return _month_window(year, month)

    return _Rule(window_on, form="relative" if this_year else "calendar")


def _season(m: re.Match[str]) -> _Rule:
    """``the summer of 2014``: a meteorological season (winter of Y = Dec Y .. Feb Y+1)."""
    first_month, length = _SEASONS[m["season"]]
    return _constant(_season_window(_make_date(int(m["year"]), first_month, 1), length))


def _that_season(m: re.Match[str]) -> _Rule:
    """``that summer``, ``the same spring``: the season in the year of the date it follows (the
    anchor's latest day): "took Raqqa in January 2014 ... proclaimed that summer" = summer 2014."""
    first_month, length = _SEASONS[m["season"]]

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        assert anchor is not None
        return _season_window(date(anchor.latest.year, first_month, 1), length)

    return _Rule(window_on, needs_anchor=True, form="anchored")


def _year(m: re.Match[str]) -> _Rule:
    """``2014``: the whole year."""
    year = int(m["year"])
    _make_date(year, 1, 1)
    return _constant(_year_window(year))


def _weekday(m: re.Match[str]) -> _Rule:
    """``friday``: the latest such weekday on or before d (d itself if it is one)."""
    weekday = _WEEKDAYS[m["weekday"]]

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        return DateWindow.day(d - timedelta(days=(d.weekday() - weekday) % 7))

    return _Rule(window_on)


def _duration(m: re.Match[str]) -> _Rule:
    """``a nine-month offensive`` ending at the anchor: when it started, to within half a month.

    "N months" is rounded: the start s lies within 15 days of (end - N calendar months),
    so the start window is [anchor.earliest - N months - 15 d, anchor.latest - N months + 15 d].
    """
    if m["adjective"] in _DURATION_QUALIFIERS:
        raise _Unresolvable(f"the qualifier {m['adjective']!r} makes the duration open or vague")
    n = _NUMBERS.get(m["n"]) or int(m["n"])
    if n < 1:
        raise _Unresolvable("a duration of zero months")

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        assert anchor is not None
        start = _add_months(anchor.earliest, -n) - _HALF_MONTH
        return DateWindow(start, _add_months(anchor.latest, -n) + _HALF_MONTH, "approximate")

    return _Rule(window_on, needs_anchor=True, form="anchored")


def _later_same_month(m: re.Match[str]) -> _Rule:
    """``later the same month``: anchor.earliest .. the end of the anchor's (single) month."""

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        assert anchor is not None
        start, end = anchor.earliest, anchor.latest
        if (start.year, start.month) != (end.year, end.month):
            raise _Unresolvable(f"its anchor {anchor} spans more than one calendar month")
        precision = "month" if start.day == 1 else "range"
        return DateWindow(start, _month_end(start.year, start.month), precision)

    return _Rule(window_on, needs_anchor=True, form="anchored")


def _by_end_of_year(m: re.Match[str]) -> _Rule:
    """``by the end of that year``: anchor.earliest .. December 31 of the anchor's last year."""

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        assert anchor is not None
        return DateWindow(anchor.earliest, date(anchor.latest.year, 12, 31), "range")

    return _Rule(window_on, needs_anchor=True, form="anchored")


def _end_of_that_year(m: re.Match[str]) -> _Rule:
    """``at the end of that year``: the last third of December of the anchor's (last) year, and
    ``the beginning of that year`` the first third of January, as "the end of March" is March's
    last third (``range``)."""
    first, last = _third(m["part"])
    month = 12 if m["part"] == "end" else 1

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        assert anchor is not None
        return DateWindow(*_days_of_month(anchor.latest.year, month, first, last), "range")

    return _Rule(window_on, needs_anchor=True, form="anchored")


def _open_duration(m: re.Match[str]) -> _Rule:
    """``more than four months``: a duration with no upper bound gives no closed window."""
    raise _Unresolvable("an open-ended duration ('more/less than ...') bounds only one side")


# --------------------------------------------------------------------------- forms met in the cited tier


def _day_range(m: re.Match[str]) -> _Rule:
    """``4–17 October 2017``, ``Sometime between 12 and 13 January``: those days (``range``); plain
    "between"/"from" spans are :func:`_day_span`'s."""
    month, last = _month_day(m)
    first = int(m["first"])
    if not 1 <= first < last:
        raise _Unresolvable(f"the range does not run forwards (day {first} to day {last})")
    if m["year"]:
        year = int(m["year"])
        return _constant(DateWindow(_make_date(year, month, first), _make_date(year, month, last), "range"))

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow | None:
        year = d.year if (month, first) <= (d.month, d.day) else d.year - 1
        try:
            return DateWindow(date(year, month, first), date(year, month, last), "range")
        except ValueError:  # February 29 in a common year
            return None

    return _Rule(window_on, form="calendar")


def _qualified(m: re.Match[str]) -> _Rule:
    """``Late on 15 June``, ``the evening of 11 June``, ``Wednesday morning``, ``Monday's``, ``ending in June
    2016``: a time of day, a possessive or "ending in" does not change the day or month named."""
    return _parse(_normalise(m["rest"]))


def _span(m: re.Match[str]) -> _Rule:
    """``from Friday night into Saturday``: from *a* to *b*, *a* read as of *b*'s last day (``range``)."""
    start_rule, end_rule = _parse(_normalise(m["a"])), _parse(_normalise(m["b"]))
    if start_rule.needs_anchor or end_rule.needs_anchor:
        raise _Unresolvable("a span whose ends refer back to an earlier date")

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow | None:
        end = end_rule.window_on(d, None)
        start = start_rule.window_on(end.latest, None) if end is not None else None
        if start is None or start.earliest > end.latest:
            return None
        return DateWindow(start.earliest, end.latest, "range")

    absolute = start_rule.form == end_rule.form == "absolute"
    return _Rule(window_on, form="absolute" if absolute else "relative")


def _by_following_month(m: re.Match[str]) -> _Rule:
    """``by the following month``: anchor.earliest .. the end of the month after the anchor's last month."""

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        assert anchor is not None
        following = _add_months(anchor.latest.replace(day=1), 1)
        return DateWindow(anchor.earliest, _month_end(following.year, following.month), "range")

    return _Rule(window_on, needs_anchor=True, form="anchored")


def _by(m: re.Match[str]) -> _Rule:
    """``by 31 August``: on or before the end of the expression's window; from the anchor's start when a
    claim is anchored, else from :data:`STUDY_START` (``range``)."""
    inner = _parse(_normalise(m["rest"]))
    if inner.needs_anchor:
        raise _Unresolvable("'by' before an expression that itself refers back to an earlier date")

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow | None:
        window = inner.window_on(d, None)
        if window is None:
            return None
        start = anchor.earliest if anchor is not None else min(STUDY_START, window.earliest)
        return DateWindow(start, window.latest, "range") if start <= window.latest else None

    return _Rule(window_on, form=inner.form, impossible="its anchor starts after the day it names")


def _phrase(window_on: _WindowOn, **kwargs: Any) -> Callable[[re.Match[str]], _Rule]:
    """A builder for a fixed phrase."""
    rule = _Rule(window_on, **kwargs)
    return lambda m: rule


def _last_week(d: date, anchor: DateWindow | None) -> DateWindow:
    """The Monday-Sunday week before d's week."""
    monday = d - timedelta(days=d.weekday() + 7)
    return DateWindow(monday, monday + timedelta(days=6), "week")


def _earlier_this_month(d: date, anchor: DateWindow | None) -> DateWindow | None:
    """The 1st of d's month .. the day before d (nothing when d is the 1st)."""
    if d.day == 1:
        return None
    return DateWindow(d.replace(day=1), d - _ONE_DAY, "range")


def _day_of_publication(d: date, anchor: DateWindow | None) -> DateWindow:
    """The publication day itself."""
    return DateWindow.day(d)


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Rule]], ...] = tuple(
    (re.compile(pattern, re.ASCII), builder)
    for pattern, builder in (
        (r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})", _iso_day),
        (rf"{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}", _explicit_day),
        (rf"(?:the\s+)?{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE},?\s+{_YEAR_RE}", _explicit_day),
        (rf"{_MONTH_RE}\s+{_DAY_RE}{_THIS_YEAR_RE}", _day_without_year),
        (rf"(?:the\s+)?{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}{_THIS_YEAR_RE}", _day_without_year),
        (rf"{_MONTH_RE}\s+(?:of\s+)?{_YEAR_RE}", _month_with_year),
        (rf"{_MONTH_RE}{_THIS_YEAR_RE}", _month_without_year),
        (rf"(?:the\s+)?(?P<season>{'|'.join(_SEASONS)})\s+(?:of\s+)?{_YEAR_RE}", _season),
        (_YEAR_RE, _year),
        (rf"(?P<weekday>{'|'.join(_WEEKDAYS)})", _weekday),
        (
            rf"(?:(?:an?|the)\s+)?(?:(?P<adjective>[a-z]+)\s+)?{_NUMBER_RE}[-\s]month(?:\s+[a-z]+)?",
            _duration,
        ),
        (r"(?:.*\s)?(?:more|less|fewer)\s+than\s.*", _open_duration),
        (r"later\s+(?:the\s+same|that)\s+month", _later_same_month),
        (r"by\s+the\s+end\s+of\s+(?:that|the)\s+year", _by_end_of_year),
        (
            r"(?:at\s+|towards?\s+)?the\s+(?P<part>beginning|start|end)\s+of\s+(?:that|the\s+same)\s+year",
            _end_of_that_year,
        ),
        ("now", _phrase(_day_of_publication, fixed_precision="publication")),
        ("today", _phrase(_day_of_publication)),
        ("this year", _phrase(lambda d, a: _year_window(d.year))),
        ("last year", _phrase(lambda d, a: _year_window(d.year - 1))),
        ("last week", _phrase(_last_week)),
        ("this month", _phrase(lambda d, a: _month_window(d.year, d.month))),
        (
            "earlier this month",
            _phrase(_earlier_this_month, impossible="no day of the month precedes publication"),
        ),
        # forms met in the cited tier
        (
            rf"(?:sometime\s+between\s+)?(?P<first>\d{{1,2}})\s*(?:to|and|–|-)\s*"
            rf"{_DAY_RE}\s+{_MONTH_RE}(?:,?\s+{_YEAR_RE})?",
            _day_range,
        ),
        (r"by\s+the\s+following\s+month", _by_following_month),
        (r"by\s+(?P<rest>.+)", _by),
        (
            r"(?:(?:early|late)\s+on|at\s+the\s+end\s+of(?=\s+\d)|the\s+(?:morning|afternoon|evening|night|dawn)\s+of)"
            r"\s+(?P<rest>.+)",
            _qualified,
        ),
        (r"(?:ending|ended)\s+in\s+(?P<rest>.+)", _qualified),
        (r"from\s+(?P<a>[a-z].*?)\s+(?:into|until|till)\s+(?P<b>[a-z].*)", _span),
        (r"(?P<rest>.+?)\s+(?:morning|afternoon|evening|night)", _qualified),
        (r"(?P<rest>.+?)(?:'s|’s)", _qualified),
    )
)


# --------------------------------------------------------------------------- wire and press forms
#
# Relative forms common in wire copy ("yesterday", "last Friday", "late October", "between 3
# and 5 November", "the following day"). Thirds of a month: early = days 1-10, mid = 11-20,
# late = 21 to the month's end. "N weeks ago" is a rounded duration: 7N days before
# publication, give or take 3 days (``approximate``).

_PART_OF_DAY_RE = r"(?:\s+(?:morning|afternoon|evening|night))?"
_THIRDS: dict[str, tuple[int, int | None]] = {"early": (1, 10), "mid": (11, 20), "late": (21, None)}
# "the beginning of January" reads as early January, "the middle of" as mid, "the end of" as late.
# "the first days of November" as early November, "the last days of" as late.
_THIRD_PHRASES = {
    "beginning": "early", "start": "early", "first": "early", "opening": "early",
    "middle": "mid", "end": "late", "last": "late", "final": "late", "closing": "late",
}  # fmt: skip
_THIRD_RE = (
    r"(?:at\s+|in\s+)?(?P<third>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of"
    r"|(?:the\s+)?(?:first|opening|last|final|closing)\s+(?:few\s+)?days\s+of)"
)


def _third(word: str) -> tuple[int, int | None]:
    """The days of a third of a month: ``early``, ``the beginning of`` or ``the first days of`` ->
    (1, 10); ``late`` -> (21, None)."""
    key = next(w for w in word.split() if w in _THIRDS or w in _THIRD_PHRASES)
    return _THIRDS[_THIRD_PHRASES.get(key, key)]


_HALF_WEEK = timedelta(days=3)


def _monday(d: date) -> date:
    """The Monday of d's (Monday-Sunday) week."""
    return d - timedelta(days=d.weekday())


def _month_for(month: int, year: str | None, d: date) -> tuple[int, int]:
    """(year, month): the stated year, else the latest such month starting on or before d."""
    if year:
        return _make_date(int(year), month, 1).year, month
    return (d.year if month <= d.month else d.year - 1), month


def _last_weekday(m: re.Match[str]) -> _Rule:
    """``last Friday``: the latest such weekday strictly before d."""
    weekday = _WEEKDAYS[m["weekday"]]

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        return DateWindow.day(d - timedelta(days=(d.weekday() - weekday - 1) % 7 + 1))

    return _Rule(window_on)


def _third_of_month(m: re.Match[str]) -> _Rule:
    """``late October [2017]``: days 1-10 (early), 11-20 (mid) or 21-end (late) of the month;
    ``the beginning of January`` is early January."""
    first, last = _third(m["third"])
    month = _MONTHS[m["month"]]
    if m["year"]:
        _make_date(int(m["year"]), month, 1)

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        year, _ = _month_for(month, m["year"], d)
        return DateWindow(*_days_of_month(year, month, first, last), "range")

    return _Rule(window_on, form="absolute" if m["year"] else "calendar")


def _day_span(m: re.Match[str]) -> _Rule:
    """``between 3 and 5 November [2017]``, ``from 3 to 5 November``: those days, both included."""
    month = _MONTHS[m["month"]]
    first, last = int(m["day1"]), int(m["day2"])
    if first >= last:
        raise _Unresolvable(f"the span runs backwards or is empty (day {first} to day {last})")

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        year, _ = _month_for(month, m["year"], d)
        return DateWindow(_make_date(year, month, first), _make_date(year, month, last), "range")

    return _Rule(window_on, form="absolute" if m["year"] else "calendar")


# A count said without a number: "some days ago", "a few weeks later" (days: 2-10; weeks: 2-8).
_VAGUE_COUNTS = ("some", "a few", "several")
_VAGUE_DAYS: dict[str, tuple[int, int]] = {"day": (2, 10), "week": (14, 56)}
_HALF_YEAR = timedelta(days=182)


def _count(m: re.Match[str]) -> int:
    """The N of "N days ago" ("a", "one" -> 1, "three" -> 3, "15" -> 15)."""
    return 1 if m["n"] in ("a", "an", "one") else _NUMBERS.get(m["n"]) or int(m["n"])


def _shift_window(base: DateWindow, sign: int, m: re.Match[str], single_day: bool) -> DateWindow:
    """``base`` moved by the count and unit of ``m`` ("three days", "two months", "some weeks").

    Days are exact (``day`` when ``single_day``, else ``range``); weeks 7N days ± 3, months N
    calendar months ± 15 days, years N years ± 182 days (``approximate``: a rounded duration);
    a vague count ("some days", "a few weeks") is 2-10 days or 14-56 days (``approximate``).
    """
    unit = m["unit"].rstrip("s")
    if m["n"] in _VAGUE_COUNTS:
        if unit not in _VAGUE_DAYS:
            raise _Unresolvable(f"'{m['n']} {m['unit']}' is too vague to date")
        low, high = _VAGUE_DAYS[unit]
        near, far = (low, high) if sign > 0 else (-high, -low)
        return DateWindow(
            base.earliest + timedelta(days=near), base.latest + timedelta(days=far), "approximate"
        )
    n = _count(m)
    if n < 1:
        raise _Unresolvable("a shift of zero")
    if unit == "day":
        shift = timedelta(days=sign * n)
        return DateWindow(base.earliest + shift, base.latest + shift, "day" if single_day else "range")
    if unit == "week":
        shift = timedelta(days=sign * 7 * n)
        return DateWindow(base.earliest + shift - _HALF_WEEK, base.latest + shift + _HALF_WEEK, "approximate")
    months = sign * n * (12 if unit == "year" else 1)
    slack = _HALF_YEAR if unit == "year" else _HALF_MONTH
    return DateWindow(
        _add_months(base.earliest, months) - slack, _add_months(base.latest, months) + slack, "approximate"
    )


def _days_ago(m: re.Match[str]) -> _Rule:
    """``three days ago``: d - N days (``day``); ``two weeks ago``: d - 7N days ± 3; ``two months
    ago``: d - N months ± 15 days; ``three years ago``: d - N years ± 182 days; ``some days ago``:
    2-10 days before d (all but days ``approximate``)."""
    if m["n"] not in _VAGUE_COUNTS and _count(m) < 1:
        raise _Unresolvable("zero days ago is today: write 'today'")
    return _Rule(lambda d, a: _shift_window(DateWindow.day(d), -1, m, True))


def _in_last_year(m: re.Match[str]) -> _Rule:
    """``August last year``, ``June of last year``, ``early August last year``, ``Aug. 24 last
    year``: the month (``month``), its third (``range``) or the day (``day``) in the year before d's."""
    month = _MONTHS[m["month"]]
    day = int(m["day"]) if m["day"] else None
    if day is not None:
        _month_day(m)

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow | None:
        year = d.year - 1
        if day is not None:
            try:
                return DateWindow.day(date(year, month, day))
            except ValueError:  # February 29 in a common year
                return None
        if m["third"]:
            first, last = _THIRDS[m["third"]]
            end = _month_end(year, month) if last is None else date(year, month, last)
            return DateWindow(date(year, month, first), end, "range")
        return _month_window(year, month)

    return _Rule(window_on, impossible="that day does not exist in the year before publication")


def _earlier_this_year(d: date, anchor: DateWindow | None) -> DateWindow | None:
    """1 January of d's year .. the day before d (nothing on 1 January)."""
    if (d.month, d.day) == (1, 1):
        return None
    return DateWindow(date(d.year, 1, 1), d - _ONE_DAY, "range")


def _shifted_anchor(days: int) -> Callable[[re.Match[str]], _Rule]:
    """``the previous day`` (-1) / ``the following day`` (+1): the anchor's window shifted."""

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        assert anchor is not None
        shift = timedelta(days=days)
        precision = "day" if anchor.earliest == anchor.latest else "range"
        return DateWindow(anchor.earliest + shift, anchor.latest + shift, precision)

    return _phrase(window_on, needs_anchor=True, form="anchored")


def _next_month_or_year(m: re.Match[str]) -> _Rule:
    """``the following month`` / ``the previous year``: the calendar month (or year) after or before
    the anchor's (its last day's for "following", its first day's for "previous")."""
    step = 1 if m["way"] in ("following", "next") else -1

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        assert anchor is not None
        base = anchor.latest if step == 1 else anchor.earliest
        if m["unit"] == "year":
            return _year_window(base.year + step)
        month = _add_months(date(base.year, base.month, 1), step)
        return _month_window(month.year, month.month)

    return _Rule(window_on, needs_anchor=True, form="anchored")


def _within_hours(d: date, anchor: DateWindow | None) -> DateWindow:
    """``within hours``, ``hours later``: the anchor's window and the day after it (``range``)."""
    assert anchor is not None
    return DateWindow(anchor.earliest, anchor.latest + _ONE_DAY, "range")


def _last_season(m: re.Match[str]) -> _Rule:
    """``last summer``: the latest such (meteorological) season that ended before d."""
    first_month, months = _SEASONS[m["season"]]

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        start = date(d.year, first_month, 1)
        while _add_months(start, months) > d:  # not yet over on d: a year earlier
            start = date(start.year - 1, first_month, 1)
        return _season_window(start, months)

    return _Rule(window_on, form="calendar")


def _that_month(m: re.Match[str]) -> _Rule:
    """``that November``, ``March of that year``, ``early March of the same year``: the month (or
    its third) in the year of the date it follows (the anchor's latest day): "in August 2015 ...
    that November" = November 2015; "retook it in April 2016, after recapturing Palmyra in March
    of that year" = March 2016."""
    month = _MONTHS[m["month"]]
    first, last = _third(m["third"]) if m.groupdict().get("third") else (1, None)

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        assert anchor is not None
        precision = "month" if (first, last) == (1, None) else "range"
        return DateWindow(*_days_of_month(anchor.latest.year, month, first, last), precision)

    return _Rule(window_on, needs_anchor=True, form="anchored")


def _anchor_plus(m: re.Match[str]) -> _Rule:
    """``two days later`` / ``three days earlier``: the anchor shifted by N days (``day`` when the
    anchor is a day); ``two weeks later``: 7N days ± 3; ``a month before``/``after``: N calendar
    months ± 15 days; ``a year later``: N years ± 182 days; ``some days later``: 2-10 days
    (``approximate``). "before"/"after" count from the anchor the caller gives: the date that
    follows ("a month after ... in June 2014") or precedes."""
    sign = 1 if m["way"] in ("later", "after") else -1
    _shift_window(DateWindow.day(date(2000, 6, 15)), sign, m, True)  # reject a bad count now

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        assert anchor is not None
        return _shift_window(anchor, sign, m, anchor.earliest == anchor.latest)

    return _Rule(window_on, needs_anchor=True, form="anchored")


def _last_month(d: date, anchor: DateWindow | None) -> DateWindow:
    """The calendar month before d's month."""
    previous = d.replace(day=1) - _ONE_DAY
    return _month_window(previous.year, previous.month)


def _earlier_this_week(d: date, anchor: DateWindow | None) -> DateWindow | None:
    """Monday of d's week .. the day before d (nothing when d is a Monday)."""
    if d.weekday() == 0:
        return None
    return DateWindow(_monday(d), d - _ONE_DAY, "range")


def _last_named_month(m: re.Match[str]) -> _Rule:
    """``last June``: the latest June before the publication month (never the current month)."""
    month = _MONTHS[m["month"]]

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        return _month_window(d.year if month < d.month else d.year - 1, month)

    return _Rule(window_on)


# "early on Wednesday", "late yesterday", "earlier on Friday": still that day.
_TIME_OF_DAY_RE = r"(?:(?:early|late|earlier|later)\s+(?:on\s+)?)?"
_OPTIONAL_YEAR_RE = rf"(?:,?\s+{_YEAR_RE})?"
_WEEKDAY_RE = rf"(?P<weekday>{'|'.join(_WEEKDAYS)})"
_COUNT_RE = rf"(?P<n>an?|\d{{1,3}}|{'|'.join(_NUMBERS)}|some|a\s+few|several)"
_UNIT_RE = r"days?|weeks?|months?|years?"
_WIRE_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Rule]], ...] = tuple(
    (re.compile(pattern, re.ASCII), builder)
    for pattern, builder in (
        ("yesterday", _phrase(lambda d, a: DateWindow.day(d - _ONE_DAY))),
        (
            rf"(?:(?P<third>early|mid|late)(?:-|\s+))?(?:in\s+)?{_MONTH_RE}(?:\s+{_DAY_RE})?,?\s+(?:of\s+)?last\s+year",
            _in_last_year,
        ),
        (
            "earlier this year",
            _phrase(_earlier_this_year, impossible="no day of the year precedes publication"),
        ),
        ("last month", _phrase(_last_month)),
        ("this week", _phrase(lambda d, a: DateWindow(_monday(d), _monday(d) + timedelta(days=6), "week"))),
        (
            "earlier this week",
            _phrase(_earlier_this_week, impossible="no day of the week precedes publication"),
        ),
        (rf"{_TIME_OF_DAY_RE}{_WEEKDAY_RE}{_PART_OF_DAY_RE}", _weekday),
        (rf"{_TIME_OF_DAY_RE}yesterday{_PART_OF_DAY_RE}", _phrase(lambda d, a: DateWindow.day(d - _ONE_DAY))),
        (rf"{_TIME_OF_DAY_RE}today", _phrase(_day_of_publication)),
        (rf"last\s+{_MONTH_RE}", _last_named_month),
        (rf"last\s+{_WEEKDAY_RE}{_PART_OF_DAY_RE}", _last_weekday),
        (rf"{_THIRD_RE}(?:-|\s+)(?:in\s+)?{_MONTH_RE}{_OPTIONAL_YEAR_RE}", _third_of_month),
        (
            rf"(?:between|from)\s+(?:the\s+)?(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:and|to|-)\s+"
            rf"(?:the\s+)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}{_OPTIONAL_YEAR_RE}",
            _day_span,
        ),
        (
            rf"(?:between|from)\s+{_MONTH_RE}\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:and|to|-)\s+"
            rf"(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?{_OPTIONAL_YEAR_RE}",
            _day_span,
        ),
        (rf"{_COUNT_RE}\s+(?P<unit>{_UNIT_RE})\s+ago", _days_ago),
        (
            r"(?:the\s+)?(?:previous|preceding)\s+(?:day|evening|night)|the\s+day\s+before",
            _shifted_anchor(-1),
        ),
        (
            r"(?:the\s+)?same\s+(?:day|morning|evening|night)|that\s+day|(?:earlier|later)\s+in\s+the\s+day|later\s+that\s+day",
            _shifted_anchor(0),
        ),
        (
            rf"{_COUNT_RE}\s+(?P<unit>{_UNIT_RE})\s+(?P<way>later|after|earlier|before)",
            _anchor_plus,
        ),
        (r"(?:the\s+)?(?:following|next)\s+day|the\s+day\s+after|a\s+day\s+later", _shifted_anchor(1)),
        (r"the\s+(?P<way>following|next|previous|preceding)\s+(?P<unit>month|year)", _next_month_or_year),
        (
            r"within\s+(?:(?:a\s+few|several|some)\s+)?hours|(?:(?:a\s+few|several|some)\s+)?hours\s+later",
            _phrase(_within_hours, needs_anchor=True, form="anchored"),
        ),
        (rf"that\s+{_MONTH_RE}", _that_month),
        (rf"(?:that|the\s+same)\s+(?P<season>{'|'.join(_SEASONS)})", _that_season),
        (rf"(?:{_THIRD_RE}(?:-|\s+))?(?:in\s+)?{_MONTH_RE}\s+of\s+(?:that|the\s+same)\s+year", _that_month),
    )
)


# --------------------------------------------------------------------------- finding expressions in text
#
# The forms above, as they are found in running text (lower case, no diacritics): one scanner,
# longest forms first. What it finds is then resolved by the rules above; a found expression
# that no rule accepts is reported, never guessed at.

_F_MONTH = (
    "(?:january|february|march|april|june|july|august|september|october|november|december|"
    "(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?: ?\\.(?= \\d)|\\.)?)"  # tokenised copy: "oct . 1"
)
_F_MONTH_ANY = rf"(?:{_F_MONTH}|may)"
#: A month's name in folded (lower-case) text, full or abbreviated ("august", "aug.", "may").
MONTH_NAME = rf"(?<![a-z]){_F_MONTH_ANY}(?![a-z])"
_F_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_F_NUMBER = r"(?:a|an|\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_F_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_F_YEAR = r"(?:19|20)\d{2}"
_F_UNIT = r"(?:days?|weeks?|months?|years?)"
_FOUND_FORMS = (
    rf"(?:(?:early|mid|late)(?:-| ))?(?:in )?{_F_MONTH_ANY}(?: {_F_DAY})?,? (?:of )?last year",
    r"earlier this year",
    rf"(?:between|from) (?:the )?{_F_DAY} (?:and|to|-) (?:the )?{_F_DAY} (?:of )?{_F_MONTH_ANY}(?:,? {_F_YEAR})?",
    rf"(?:between|from) {_F_MONTH_ANY} {_F_DAY} (?:and|to|-) {_F_DAY}(?:,? {_F_YEAR})?",
    rf"(?:(?:early|mid|late|(?:the )?(?:beginning|start|middle|end) of|(?:the )?(?:first|opening|last|final|"
    rf"closing) (?:few )?days of)(?:-| ))?(?:in )?{_F_MONTH_ANY} of (?:that|the same) year",
    rf"(?:early|mid|late|(?:the )?(?:beginning|start|middle|end) of|(?:the )?(?:first|opening|last|final|closing) "
    rf"(?:few )?days of)(?:-| )(?:in )?{_F_MONTH_ANY}(?:,? {_F_YEAR})?",
    rf"{_F_MONTH_ANY} {_F_DAY}(?:,? {_F_YEAR}| this year)?(?!\d)",
    rf"(?:the )?{_F_DAY} (?:of )?{_F_MONTH_ANY}(?:,? {_F_YEAR}| this year)?",
    rf"(?:the )?(?:spring|summer|autumn|fall|winter) (?:of )?{_F_YEAR}",
    r"(?:over )?the (?:spring|summer|autumn|winter)(?! (?:of )?\d)",
    r"last (?:spring|summer|autumn|fall|winter)",  # "the fall" is not read alone: "the fall of Mosul"
    rf"{_F_MONTH_ANY} (?:of )?{_F_YEAR}",
    rf"that {_F_MONTH_ANY}(?! \d)",
    r"(?:that|the same) (?:spring|summer|autumn|fall|winter)",
    # a month alone: its name, or an abbreviation with its full stop ("Mar Elian" is no month)
    rf"(?:last )?(?!(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?![a-z.])){_F_MONTH}(?: this year)?",
    rf"(?:(?:early|late|earlier|later) (?:on )?)?(?:last )?{_F_WEEKDAY}(?: (?:morning|afternoon|evening|night))?",
    r"(?:(?:early|late|earlier|later) (?:on )?)?(?:yesterday|today)",
    r"(?:earlier|later) this (?:week|month)|(?:this|last) (?:week|month|year)",
    r"later (?:the same|that) month|by the end of (?:that|the) year",
    r"(?:at |towards? )?the (?:beginning|start|end) of (?:that|the same) year",
    r"within (?:(?:a few|several|some) )?hours|(?:(?:a few|several|some) )?hours later",
    rf"(?:{_F_NUMBER}|some|a few|several) {_F_UNIT} (?:ago|later|earlier|before|after)",
    r"the (?:previous|preceding|following|next) (?:month|year)",
    r"(?:the )?(?:previous|preceding|following|next|same) (?:day|evening|night|morning)|the day (?:before|after)"
    r"|a day later|earlier in the day|that day",
    rf"{_F_YEAR}(?![\d-])",
    r"(?:last )?may",  # the month alone only as written "in May", "last May" (find_expressions checks the capital)
)
_FOUND_RE = re.compile(
    r"(?<![a-z0-9])(?:(?:in|on|since|during) )?(?:" + "|".join(_FOUND_FORMS) + r")(?![a-z0-9])"
)


def find_expressions(folded: str, text: str | None = None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every date expression in ``folded`` (lower-case text), in order.

    A leading "in"/"on"/"since"/"during" is part of the expression; "may" alone or after one
    word ("troops may", "in may") is the verb, not the month, unless ``text`` (the text before
    folding, offsets equal) writes it with a capital M after "in"/"since"/"during"/"last" ("fell
    in May"), or has no capital letter at all (lower-cased wire copy: "fell in may"); otherwise
    the month needs a day or a year.
    """
    lower_case_copy = text is not None and not any(c.isupper() for c in text)
    for match in _FOUND_RE.finditer(folded):
        words = match.group().split()
        if words[-1] == "may" and len(words) <= 2:
            # written "May", or in copy with no capitals at all ("recaptured rutba in may")
            capital = text is not None and (lower_case_copy or text[match.end() - 3 : match.end()] == "May")
            if not (capital and len(words) == 2 and words[0] in ("in", "since", "during", "last")):
                continue
        yield match.start(), match.end()


def refers_back(date_text: str) -> bool:
    """Whether the expression is counted from an earlier date ("two days later", "the following day")."""
    try:
        return _parse(_normalise(date_text)).needs_anchor
    except _Unresolvable:
        return False


# --------------------------------------------------------------------------- forms met at campaign scale
#
# Fragments of the cited tier's batches 2 and 3: a weekday checked against the day it names
# ("on Thursday (Oct 20)"), numeric dates (day first: "25.10.2016"; never guessed when the
# order is ambiguous), a verb or noun around the date ("retook on Friday", "the Saturday
# announcement"), and date words in Arabic, German, Dutch, Spanish, Portuguese, Italian, French
# and Indonesian, translated word by word (:data:`FOREIGN_WORDS`) before parsing.

#: Date words of other languages and their English reading (language in the comment). A word
#: not listed stays as it is, so an untranslated expression is an error, never a guess.
FOREIGN_WORDS: dict[str, str] = {
    # Spanish
    "ayer": "yesterday", "hoy": "today",
    "enero": "january", "febrero": "february", "marzo": "march", "abril": "april", "mayo": "may",
    "junio": "june", "julio": "july", "septiembre": "september", "octubre": "october",
    "noviembre": "november", "diciembre": "december",
    # Portuguese ("Em 13 de janeiro de 2014")
    "em": "on", "de": "", "janeiro": "january", "fevereiro": "february", "março": "march",
    "maio": "may", "junho": "june", "julho": "july", "setembro": "september", "outubro": "october",
    "novembro": "november", "dezembro": "december",
    # Spanish, Portuguese and Italian
    "agosto": "august",
    # German ("am Montag": "am" is read only before a weekday, see _GERMAN_ON)
    "montag": "monday", "dienstag": "tuesday", "mittwoch": "wednesday", "donnerstag": "thursday",
    "freitag": "friday", "samstag": "saturday", "sonntag": "sunday", "gestern": "yesterday",
    "heute": "today",
    # Dutch
    "maandag": "monday", "dinsdag": "tuesday", "woensdag": "wednesday", "donderdag": "thursday",
    "vrijdag": "friday", "zaterdag": "saturday", "zondag": "sunday", "gisteren": "yesterday",
    "vandaag": "today",
    # Italian ("la mattina del 16 ottobre", "stamane")
    "stamane": "this morning", "stamattina": "this morning", "ieri": "yesterday", "oggi": "today",
    "la": "the", "mattina": "morning", "del": "of", "gennaio": "january", "febbraio": "february",
    "aprile": "april", "maggio": "may", "giugno": "june", "luglio": "july", "settembre": "september",
    "ottobre": "october", "dicembre": "december",
    # French ("Le 11 février")
    "le": "on", "janvier": "january", "février": "february", "avril": "april", "juin": "june",
    "juillet": "july", "août": "august", "septembre": "september", "octobre": "october",
    "novembre": "november", "décembre": "december",
    # Indonesian ("pada tanggal 11 Agustus", "Jumat pagi (22/8)")
    "pada": "on", "tanggal": "", "pagi": "morning", "malam": "night", "senin": "monday",
    "selasa": "tuesday", "rabu": "wednesday", "kamis": "thursday", "jumat": "friday",
    "sabtu": "saturday", "minggu": "sunday", "januari": "january", "februari": "february",
    "maret": "march", "mei": "may", "juni": "june", "juli": "july", "agustus": "august",
    "oktober": "october", "desember": "december",
    # Arabic (Levantine and Maghrebi month names too); "الفائت"/"الماضي" ("past") are dropped: a
    # day named without a year is already read as the latest such day before publication
    "اليوم": "today", "أمس": "yesterday", "مساء": "the evening of", "صباح": "the morning of",
    "في": "on", "الفائت": "", "الماضي": "",
    "السبت": "saturday", "الأحد": "sunday", "الاثنين": "monday", "الإثنين": "monday",
    "الثلاثاء": "tuesday", "الأربعاء": "wednesday", "الخميس": "thursday", "الجمعة": "friday",
    "يناير": "january", "فبراير": "february", "مارس": "march", "أبريل": "april", "مايو": "may",
    "يونيو": "june", "يوليو": "july", "أغسطس": "august", "سبتمبر": "september", "أكتوبر": "october",
    "نوفمبر": "november", "ديسمبر": "december",
    "شباط": "february", "آذار": "march", "نيسان": "april", "أيار": "may", "حزيران": "june",
    "تموز": "july", "آب": "august", "أيلول": "september",
    "جانفي": "january", "فيفري": "february", "أفريل": "april", "ماي": "may", "جوان": "june",
    "جويلية": "july", "أوت": "august",
}  # fmt: skip
_GERMAN_ON = re.compile(r"\bam\s+(?=montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)")


def _translate(text: str) -> str:
    """``text`` (lower case) with the words of :data:`FOREIGN_WORDS` in English, word by word."""
    if text.isascii() and not any(word in FOREIGN_WORDS for word in text.split()):
        return text
    words = [FOREIGN_WORDS.get(word, word) for word in _GERMAN_ON.sub("on ", text).split()]
    return " ".join(word for word in words if word)


def _checked(m: re.Match[str]) -> _Rule:
    """An expression with a check: ``Thursday (Oct 20)``, ``Friday, May 20``, ``today Sunday 26
    February``, ``yesterday, May 3``, ``the same day of Tuesday``. The window of ``a``; where ``b``
    is given its window must be the same, and where a weekday is given the window must be that
    one weekday. A publication day on which they disagree is not possible."""
    first = _parse(_normalise(m["a"]))
    second = _parse(_normalise(m["b"])) if m.groupdict().get("b") else None
    weekday = _WEEKDAYS[m["weekday"]] if m.groupdict().get("weekday") else None

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow | None:
        window = first.window_on(d, anchor)
        if window is None:
            return None
        if second is not None:
            other = second.window_on(d, anchor)
            if other is None or (other.earliest, other.latest) != (window.earliest, window.latest):
                return None
        if weekday is not None and (window.earliest != window.latest or window.earliest.weekday() != weekday):
            return None
        return window

    forms = {first.form} | ({second.form} if second else set())
    form = next(f for f in ("absolute", "anchored", "calendar", "relative") if f in forms)
    return _Rule(
        window_on,
        needs_anchor=first.needs_anchor or bool(second and second.needs_anchor),
        impossible="its parts name different days (a weekday that does not fit the date)",
        form=form,
    )


def _numeric_day(m: re.Match[str]) -> _Rule:
    """``25.10.2016``, ``25/10/2014`` (day first), ``2014/12/18`` (year first), ``(22/8)`` (day/month,
    no year: the latest such day on or before publication). Day and month both 12 or less and
    different: the order is ambiguous, an error."""
    day, month = int(m["day"]), int(m["month"])
    if day <= 12 and month <= 12 and day != month and not m.groupdict().get("year_first"):
        raise _Unresolvable(f"day and month order ambiguous in {m.group(0)!r}")
    if m["year"]:
        return _constant(DateWindow.day(_make_date(int(m["year"]), month, day)))
    _make_date(2000, month, day)

    def most_recent(d: date, anchor: DateWindow | None) -> DateWindow | None:
        return _most_recent_day(d, month, day)

    return _Rule(most_recent, form="calendar")


def _iso_month(m: re.Match[str]) -> _Rule:
    """``2017-01``: the whole month."""
    month = int(m["month"])
    if not 1 <= month <= 12:
        raise _Unresolvable(f"impossible month {m.group(0)!r}")
    return _constant(_month_window(int(m["year"]), month))


_YEAR_THIRDS: dict[str, tuple[int, int]] = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


def _third_of_year(m: re.Match[str]) -> _Rule:
    """``early 2015``, ``mid-2014``, ``late 2016``: January-April, May-August, September-December."""
    first, last = _YEAR_THIRDS[m["third"]]
    year = int(m["year"])
    return _constant(DateWindow(date(year, first, 1), _month_end(year, last), "range"))


def _month_last_year(m: re.Match[str]) -> _Rule:
    """``May last year``: that month of the year before publication."""
    month = _MONTHS[m["month"]]
    return _Rule(lambda d, anchor: _month_window(d.year - 1, month))


def _season_without_year(m: re.Match[str]) -> _Rule:
    """``over the summer``, ``in the spring``: the latest such (meteorological) season starting
    on or before d."""
    first_month, months = _SEASONS[m["season"]]

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        return _season_window(date(d.year if first_month <= d.month else d.year - 1, first_month, 1), months)

    return _Rule(window_on, form="calendar")


def _day_of_month(m: re.Match[str]) -> _Rule:
    """``the 9th``: the latest 9th of a month on or before d."""
    day = int(m["day"])
    _check_ordinal(day, m["suffix"])
    if not 1 <= day <= 31:
        raise _Unresolvable(f"impossible day of the month {day}")

    def window_on(d: date, anchor: DateWindow | None) -> DateWindow:
        month_start = d.replace(day=1)
        while True:
            if day <= _month_end(month_start.year, month_start.month).day:
                candidate = month_start.replace(day=day)
                if candidate <= d:
                    return DateWindow.day(candidate)
            month_start = _add_months(month_start, -1)

    return _Rule(window_on, form="calendar")


def _weekend(d: date, anchor: DateWindow | None) -> DateWindow:
    """``over the weekend``: the latest Saturday-Sunday on or before d (cut at d)."""
    saturday = d - timedelta(days=(d.weekday() - 5) % 7)
    return DateWindow(saturday, min(saturday + _ONE_DAY, d), "range")


_NUMERIC_RE = r"\(?(?P<day>\d{1,2})[./](?P<month>\d{1,2})(?:[./](?P<year>\d{4}))?\)?"
_REPORT_VERBS_RE = r"(?:reported|announced|stated|said|retook|withdrew|launched|began)"
_CAMPAIGN_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Rule]], ...] = tuple(
    (re.compile(pattern, re.ASCII), builder)
    for pattern, builder in (
        (r"(?P<year>\d{4})-(?P<month>\d{2})", _iso_month),
        (_NUMERIC_RE, _numeric_day),
        (r"(?P<year_first>(?P<year>\d{4}))/(?P<month>\d{1,2})/(?P<day>\d{1,2})", _numeric_day),
        (rf"(?P<third>early|mid|late)(?:-|\s+){_YEAR_RE}", _third_of_year),
        (rf"{_MONTH_RE}\s+last\s+year", _month_last_year),
        (rf"(?:over\s+)?the\s+(?P<season>{'|'.join(_SEASONS)})", _season_without_year),
        (rf"last\s+(?P<season>{'|'.join(_SEASONS)})", _last_season),
        (rf"the\s+{_DAY_RE}", _day_of_month),
        (
            rf"{_MONTH_RE}\s+(?P<day1>\d{{1,2}})\s*(?:-|–|to)\s*(?P<day2>\d{{1,2}}){_OPTIONAL_YEAR_RE}",
            _day_span,
        ),
        ("overnight", _phrase(lambda d, a: DateWindow(d - _ONE_DAY, d, "range"))),
        (
            "earlier in the week",
            _phrase(_earlier_this_week, impossible="no day of the week precedes publication"),
        ),
        ("over the weekend", _phrase(_weekend)),
        (
            rf"{_TIME_OF_DAY_RE}{_WEEKDAY_RE}{_PART_OF_DAY_RE},?\s+\(?(?P<b>(?:\d|{_MONTH_RE})[^()]*?)\)?",
            lambda m: _checked_weekday_first(m),
        ),
        (rf"(?P<a>today|yesterday),?\s+{_WEEKDAY_RE}(?:,?\s+(?P<b>.+))?", _checked),
        (r"(?P<a>today|yesterday),\s+(?P<b>.+)", _checked),
        (rf"(?P<a>the\s+same\s+day)\s+of\s+{_WEEKDAY_RE}", _checked),
        (
            rf"(?P<n>a|one|\d{{1,3}}|{'|'.join(_NUMBERS)})\s+(?P<unit>days?)\s+(?P<way>after)\s+[a-z].*",
            _anchor_plus,
        ),
        (r"(?:at\s+dawn\s+on|the\s+early\s+hours\s+of)\s+(?P<rest>.+)", _qualified),
        (
            r"(?:at\s+)?\d{1,2}(?::\d{2}\s*(?:a\.m\.|p\.m\.)?|\s*(?:a\.m\.|p\.m\.))(?:\s*\[[^\]]*\])?\s+(?P<rest>[a-z].*)",
            _qualified,
        ),
        (
            rf"(?:.*\s)?{_REPORT_VERBS_RE}(?:\s+control|\s+a\s+dawn\s+assault)?\s+(?:on\s+)?(?P<rest>.+)",
            _qualified,
        ),
        (r"(?:the|an?)\s+(?P<rest>.+?)\s+(?:announcement|statement|takeover)(?:\s+of\s+.+)?", _qualified),
    )
)


# Tried before every other form: the general "<expression> morning" reading would misread these.
_FIRST_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Rule]], ...] = tuple(
    (re.compile(pattern, re.ASCII), builder)
    for pattern, builder in (
        ("this morning|moments ago|just after midnight", _phrase(_day_of_publication)),
        (r"(?P<a>[a-z]+\s+(?:night|evening))\s+into\s+(?P<b>.+)", lambda m: _span(_renamed(m))),
    )
)


def _checked_weekday_first(m: re.Match[str]) -> _Rule:
    """``Thursday (Oct 20)``, ``early Sunday morning, Feb. 19, 2017``: the date, checked to be that weekday."""
    return _checked(_Groups({"a": m["b"], "b": None, "weekday": m["weekday"]}))


def _renamed(m: re.Match[str]) -> _Groups:
    """``Tuesday night into Wednesday morning`` as the span ``from a into b``."""
    return _Groups({"a": m["a"], "b": m["b"]})


class _Groups(dict):
    """A dict read like a regex match (``m["a"]``, ``m.groupdict()``), for builders called on parts."""

    def groupdict(self) -> dict:
        return self

    def group(self, index: int = 0) -> str:
        return " ".join(str(v) for v in self.values() if v)


def _normalise(date_text: str) -> str:
    """Lower case, single spaces, foreign date words in English (:data:`FOREIGN_WORDS`), no trailing
    punctuation, no leading in/on/since/during."""
    text = _WHITESPACE.sub(" ", date_text.lower()).strip()
    text = _SPACED_ABBREVIATION.sub(r"\1.", _SPACE_BEFORE_COMMA.sub(",", _translate(text)))
    text = _TRAILING_PUNCT.sub("", text)
    return _LEADING_PREPOSITION.sub("", text, count=1)


def _parse(text: str) -> _Rule:
    """The rule of a normalised expression; _Unresolvable when no supported form matches."""
    for pattern, builder in _FIRST_PATTERNS + _PATTERNS + _WIRE_PATTERNS + _CAMPAIGN_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return builder(match)
    raise _Unresolvable("not a supported date expression")


def _first_possible(
    rule: _Rule, days: Iterable[date], anchor: DateWindow | None
) -> tuple[date, DateWindow] | None:
    """The first of ``days`` that is a possible publication day, with its window; None if none is."""
    for d in days:
        window = rule.window_on(d, anchor)
        if window is not None and window.earliest <= d:
            return d, window
    return None


def _days(start: date, stop: date, step: int) -> Iterator[date]:
    """The days from ``start`` towards ``stop`` (inclusive), forwards or backwards."""
    delta, d = timedelta(days=step), start
    while (d <= stop) if step > 0 else (d >= stop):
        yield d
        d += delta


def _resolve(date_text: str, reference: DateWindow, anchor: DateWindow | None) -> DateWindow:
    """resolve() without the error wrapping."""
    if not isinstance(date_text, str):
        raise _Unresolvable("a date expression must be a string")
    if reference.days > _MAX_REFERENCE_DAYS:
        raise _Unresolvable(f"the reference window {reference} is longer than {_MAX_REFERENCE_DAYS} days")
    rule = _parse(_normalise(date_text))
    if rule.needs_anchor and anchor is None:
        raise _Unresolvable("it refers back to an earlier date, but no anchor was given")
    first = _first_possible(rule, _days(reference.earliest, reference.latest, 1), anchor)
    if first is None:
        if any(rule.window_on(d, anchor) for d in _days(reference.earliest, reference.latest, 1)):
            raise _Unresolvable(f"it falls after the publication (reference window {reference})")
        raise _Unresolvable(f"{rule.impossible} (reference window {reference})")
    last = _first_possible(rule, _days(reference.latest, first[0], -1), anchor)
    assert last is not None  # the backward scan reaches ``first`` at the latest
    (_, first_window), (last_day, last_window) = first, last
    precision = rule.fixed_precision or (first_window.precision if first_window == last_window else "range")
    return DateWindow(first_window.earliest, min(last_window.latest, last_day), precision)


def resolve(
    date_text: str,
    reference: DateWindow,
    anchor: DateWindow | None = None,
) -> DateWindow:
    """Resolve ``date_text`` (verbatim, any case) against a reference window.

    ``reference`` is the source's publication window; ``anchor`` is the window of the
    earlier statement the text refers back to ("later the same month"). Raises
    :class:`DateExpressionError` for anything it does not understand: it never guesses.

    Supported forms (case-insensitive; one leading "in"/"on"/"since"/"during" and trailing
    punctuation are ignored; "by" is meaningful and kept):

    ==================================================  ==============================================
    "October 14, 2017", "14 October 2017", "2017-12-09" that day (``day``)
    "November 17", "On December 9"                      the latest such day on or before the
                                                        publication day (``day``)
    "July 9 this year"                                  that day in the publication year (``day``)
    "In October 2017", "August 2014"                    the whole month (``month``)
    "in October", "In July this year"                   the latest such month starting on or before
                                                        publication / in its year (``month``)
    "the summer of 2014", "summer 2014"                 a meteorological season (``season``)
    "2014", "this year", "last year"                    the whole year (``year``)
    "friday"                                            the latest Friday on or before publication,
                                                        publication day itself included (``day``)
    "last week"                                         the Monday-Sunday week before publication's
                                                        week (``week``)
    "this month"                                        the 1st .. publication (``month``)
    "earlier this month"                                the 1st .. the day before publication; an
                                                        error on the 1st (``range``)
    "today"                                             the publication day (``day``)
    "now"                                               the reference window itself (``publication``)
    "later the same month", "later that month"          anchor.earliest .. end of the anchor's month
                                                        (``month`` if that is the whole month, else
                                                        ``range``); needs an anchor within one month
    "by the end of that year", "by the end of the year" anchor.earliest .. Dec 31 of the anchor's
                                                        (last) year (``range``); needs an anchor
    "at the end of that year", "the beginning of that   Dec 21-31, Jan 1-10 of the anchor's (last)
    year"                                               year (``range``); needs an anchor
    "that summer", "the same spring"                    the season in the anchor's (last) year
                                                        (``season``); needs an anchor
    "the following month", "the next year",             the calendar month or year after (before)
    "the previous year"                                 the anchor's; needs an anchor
    "a fierce nine-month offensive", "9-month"          the *start* of an N-month span that ended in
                                                        the anchor, N rounded: anchor - N months
                                                        ± 15 days (``approximate``); needs an anchor
    ==================================================  ==============================================

    Wire and press forms (``_WIRE_PATTERNS``; each with an example in ``data/README.md``):
    "yesterday", "last month", "this week", "earlier this week", "last Friday", "on Friday
    morning", "early on Wednesday", "late October", "in mid-October", "early November 2016",
    "the beginning of April", "the first days of November" (thirds of a month: 1-10, 11-20,
    21-end; ``range``), "between 3 and 5 November", "from 3
    to 5 November" (``range``), "three days ago" (``day``), "two weeks ago" (7N days ± 3,
    ``approximate``), "June of last year", "early August last year", "Aug. 24 last year" (in
    the year before publication), "earlier this year" (1 January .. the day before
    publication), "two months ago" (N months ± 15 days), "three years ago" (N years ± 182
    days), "some days ago" / "a few days ago" (2-10 days; "several weeks": 14-56 days), "last June" (the latest June before the publication month), and with
    an anchor "the previous day", "the following day" (the anchor shifted by one day), "the
    same day", "earlier in the day" (the anchor's window), "two days later", "three days
    earlier" (shifted by N days), "two weeks later" (7N days ± 3, ``approximate``), "a month
    before/after", "a year later", "some days later" (as the "ago" forms, from the anchor),
    "within hours", "hours later" (the anchor's window and the day after it, ``range``).
    :func:`find_expressions` finds these forms in running text.

    Seasons are meteorological, northern hemisphere: spring = Mar 1-May 31, summer =
    Jun 1-Aug 31, autumn/fall = Sep 1-Nov 30, and the winter *of* YYYY = Dec 1 YYYY ..
    the end of February YYYY+1.

    Relative expressions are resolved for every possible publication day in ``reference``
    (at most 366 days) and the hull is returned; a day on which the expression would lie
    wholly in the future (or name nothing, like "earlier this month" on the 1st) is not a
    possible publication day, and if no day is possible the expression is an error. The
    result is clipped so that it never ends after the (last possible) publication day; a
    clipped window keeps its label (a month cut short at publication is still only known to
    month precision). When the reference window's days give different windows the label
    becomes ``range``. Impossible calendar dates (February 30) are errors, never shifted.
    """
    try:
        return _resolve(date_text, reference, anchor)
    except OverflowError:  # date arithmetic beyond year 1 or 9999
        raise DateExpressionError(
            f'cannot resolve the date expression "{date_text}": it leaves the supported calendar'
        ) from None
    except _Unresolvable as exc:
        raise DateExpressionError(f'cannot resolve the date expression "{date_text}": {exc}') from None


def expression_form(date_text: str) -> str:
    """How ``date_text`` depends on its reference, one of :data:`FORMS`.

    ``absolute``: it names its year ("On 9 July 2017"); ``calendar``: a day, part of a month or
    month without a year, read as the latest one on or before the reference ("On 26 January",
    "in late May"); ``relative``: counted from the publication day ("today", "last week", a
    weekday); ``anchored``: counted from an earlier date ("the next day", "later the same month").
    Raises :class:`DateExpressionError` for an unsupported expression.
    """
    try:
        return _parse(_normalise(date_text)).form
    except _Unresolvable as exc:
        raise DateExpressionError(f'cannot resolve the date expression "{date_text}": {exc}') from None


def resolve_in_year(date_text: str, year: int, anchor: DateWindow | None = None) -> DateWindow:
    """A ``calendar`` expression (a day or month named without a year) read in ``year``.

    "On 26 January" in 2015 is 2015-01-26; "by 5 October" in 2017 anchored on 2017-09-21..30 is
    2017-09-21..2017-10-05. This is how a retrospective source is read, whose publication date
    (a copy date years later) cannot date an expression without a year: the year comes from the
    page's context instead (its section heading or title). The expression is resolved as if
    published on 31 December of ``year``; any other form is an error.
    """
    form = expression_form(date_text)
    if form != "calendar":
        raise DateExpressionError(
            f'cannot read the date expression "{date_text}" in a context year: it is {form}; '
            "a context year only dates a day or month named without a year"
        )
    return resolve(date_text, DateWindow.day(date(year, 12, 31)), anchor)
