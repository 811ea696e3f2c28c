"""Date windows: resolve a verbatim date expression into a closed interval of days.

Every date in the project is a :class:`DateWindow` ``[earliest, latest]`` (both ends
inclusive, ``datetime.date``, proleptic Gregorian, no time zone) with a precision label.
A month is never turned into its first day: "In October 2017" is 2017-10-01..2017-10-31.

Precision labels: ``day``, ``week``, ``month``, ``season``, ``year``, ``range``
(a window bounded by an anchor, e.g. "by the end of that year"), ``approximate``
(a rounded duration, e.g. "a nine-month offensive"), ``publication`` (the statement
holds at the source's publication and gives no other date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

PRECISIONS: tuple[str, ...] = (
    "day", "week", "month", "season", "year", "range", "approximate", "publication",
)


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
        """The middle day (rounded down) — for ordering and colouring only, never as a fact."""
        return self.earliest + timedelta(days=(self.days - 1) // 2)

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
        if self.earliest == self.latest:
            return f"{self.earliest.isoformat()} ({self.precision})"
        return f"{self.earliest.isoformat()}..{self.latest.isoformat()} ({self.precision})"


def resolve(
    date_text: str,
    reference: DateWindow,
    anchor: DateWindow | None = None,
) -> DateWindow:
    """Resolve ``date_text`` (verbatim, any case) against a reference window.

    ``reference`` is the source's publication window; ``anchor`` is the window of the
    earlier statement the text refers back to ("later the same month"). Raises
    :class:`DateExpressionError` for anything it does not understand: it never guesses.
    """
    raise NotImplementedError
