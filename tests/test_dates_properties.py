"""Property-based tests of analysis.dates.resolve (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.dates import DateExpressionError, DateWindow, resolve
from analysis.vocabulary import PRECISIONS

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def references(draw: st.DrawFn, max_days: int = 40) -> DateWindow:
    """A publication window of 1..max_days days."""
    start = draw(days)
    return DateWindow(start, start + timedelta(days=draw(st.integers(0, max_days - 1))), "range")


@st.composite
def nested_references(draw: st.DrawFn) -> tuple[DateWindow, DateWindow]:
    """A reference window and a narrower one inside it."""
    wide = draw(references(max_days=60))
    lo = draw(st.integers(0, wide.days - 1))
    hi = draw(st.integers(lo, wide.days - 1))
    narrow = DateWindow(wide.earliest + timedelta(days=lo), wide.earliest + timedelta(days=hi), "range")
    return wide, narrow


@st.composite
def absolute_expressions(draw: st.DrawFn) -> str:
    """Explicit days, months with a year, seasons and years."""
    d = draw(days)
    month = MONTHS[d.month - 1]
    return draw(
        st.sampled_from(
            [
                f"{month} {d.day}, {d.year}",
                f"On {d.day} {month} {d.year}",
                d.isoformat(),
                f"in {month} {d.year}",
                f"{d.year}",
                f"the {draw(st.sampled_from(['spring', 'summer', 'autumn', 'fall', 'winter']))} of {d.year}",
            ]
        )
    )


@st.composite
def relative_expressions(draw: st.DrawFn) -> str:
    """Expressions whose window depends on the publication day."""
    d = draw(days)
    month = MONTHS[d.month - 1]
    return draw(
        st.sampled_from(
            [
                f"on {month} {d.day}",
                f"{month} {d.day} this year",
                f"in {month}",
                f"In {month} this year",
                f"on {draw(st.sampled_from(WEEKDAYS))}",
                "last week",
                "this month",
                "earlier this month",
                "this year",
                "last year",
                "today",
                "now",
            ]
        )
    )


expressions = st.one_of(absolute_expressions(), relative_expressions())


def resolve_or_none(text: str, reference: DateWindow) -> DateWindow | None:
    """The window, or None when the expression is (legitimately) an error for this reference."""
    try:
        return resolve(text, reference)
    except DateExpressionError:
        return None


@settings(deadline=None)
@given(text=expressions, reference=references())
def test_result_is_a_past_window(text: str, reference: DateWindow) -> None:
    window = resolve_or_none(text, reference)
    assume(window is not None)
    assert window.earliest <= window.latest
    assert window.latest <= reference.latest
    assert window.precision in PRECISIONS


@settings(deadline=None)
@given(text=expressions, refs=nested_references())
def test_wider_reference_contains_narrower_result(text: str, refs: tuple[DateWindow, DateWindow]) -> None:
    wide, narrow = refs
    inner = resolve_or_none(text, narrow)
    assume(inner is not None)
    outer = resolve(text, wide)  # must not raise: a possible day of `narrow` is one of `wide`
    assert outer.earliest <= inner.earliest and inner.latest <= outer.latest


@settings(deadline=None)
@given(text=relative_expressions(), reference=references(max_days=21))
def test_scan_from_the_ends_equals_the_hull_over_every_day(text: str, reference: DateWindow) -> None:
    """The monotone shortcut gives the same window as resolving on each day and taking the hull."""
    per_day = [
        resolve_or_none(text, DateWindow.day(reference.earliest + timedelta(days=i)))
        for i in range(reference.days)
    ]
    found = [w for w in per_day if w is not None]
    window = resolve_or_none(text, reference)
    if not found:
        assert window is None
        return
    assert window is not None
    assert (window.earliest, window.latest) == (
        min(w.earliest for w in found),
        max(w.latest for w in found),
    )


@settings(deadline=None)
@given(d=days, reference=references())
def test_explicit_day_is_that_day_or_after_publication(d: date, reference: DateWindow) -> None:
    text = f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if d <= reference.latest:
        assert resolve(text, reference) == DateWindow.day(d)
    else:
        try:
            resolve(text, reference)
        except DateExpressionError as exc:
            assert text in str(exc) and "after the publication" in str(exc)
        else:
            raise AssertionError(f"{text!r} after {reference} did not raise")


@settings(deadline=None)
@given(text=expressions, reference=references())
def test_case_and_spacing_do_not_matter(text: str, reference: DateWindow) -> None:
    window = resolve_or_none(text, reference)
    assert resolve_or_none("  " + text.upper().replace(" ", "   ") + " .", reference) == window


@settings(deadline=None)
@given(text=st.text(max_size=30), reference=references())
def test_anything_else_raises_the_expression_error_naming_it(text: str, reference: DateWindow) -> None:
    """Arbitrary text either resolves or raises DateExpressionError quoting it verbatim."""
    try:
        window = resolve(text, reference)
    except DateExpressionError as exc:
        assert text in str(exc)
    else:
        assert window.latest <= reference.latest
