"""Uncertainty of the pace from the date windows, by Monte Carlo.

Every recapture window (and the campaign end's window) is sampled uniformly, day by day,
both ends included (:func:`sample_dates`); each statistic is computed per draw and
summarised by its median and 5th-95th percentiles (:func:`uncertainty_summary`). Day numbers
count days since 1970-01-01 (:data:`analysis.pace.EPOCH`), as in :mod:`analysis.pace`.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.pace import campaign_end, day_numbers, day_of, recapture_events, town_table

# The periods compared by uncertainty_summary (inclusive; a recapture belongs by its sampled day).
PERIODS: dict[str, tuple[date, date]] = {
    "2015_2016": (date(2015, 1, 1), date(2016, 12, 31)),
    "2017": (date(2017, 1, 1), date(2017, 12, 31)),
}
PERIODS_FIRST = min(day_of(first) for first, _ in PERIODS.values())  # day numbers
PERIODS_LAST = max(day_of(last) for _, last in PERIODS.values())
BLOCK_CELLS = 2**18  # days drawn per block (2 MiB of int64): small enough to stay in cache
LAST_DAYS = 60  # "the last 60 days of the campaign": the 60 days ending on its last day, inclusive


def sample_dates(windows: pd.DataFrame, n_draws: int, seed: int) -> np.ndarray:
    """Days drawn uniformly inside each window: an (n_windows x n_draws) int64 array of day numbers.

    ``windows`` has ``date_earliest`` and ``date_latest``; each value is drawn from
    earliest..latest with both ends included, by ``numpy.random.default_rng(seed)``, so a
    single-day window always gives its day and the same seed gives the same draws. Values
    are days since 1970-01-01 (``EPOCH + value`` is the date).
    """
    return _sample(day_numbers(windows["date_earliest"]), day_numbers(windows["date_latest"]), n_draws, seed)


def _sample(lo: np.ndarray, hi: np.ndarray, n_draws: int, seed: int) -> np.ndarray:
    """:func:`sample_dates` on day numbers."""
    return _draw(np.random.default_rng(seed), lo, hi, n_draws)


def _draw(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray, n_draws: int) -> np.ndarray:
    """The next (len(lo) x n_draws) days of ``rng`` inside the windows ``lo .. hi`` (inclusive).

    The generator fills the array row by row, so drawing the rows in consecutive blocks gives
    the same days as drawing them at once.
    """
    return rng.integers(lo[:, None], hi[:, None], size=(len(lo), n_draws), endpoint=True)


def day_counts(days: np.ndarray, first: int, last: int) -> np.ndarray:
    """Per draw (column of ``days``) and day ``first .. last`` (day numbers, both included): how
    many rows drew that day. An (n_draws x days) int64 array; one pass over ``days``."""
    n_draws, width = days.shape[1], last - first + 3  # a spare column each side for the days outside
    cell = np.clip(days, first - 1, last + 1)
    cell += np.arange(n_draws) * width - (first - 1)  # draw * width + (day - first + 1)
    return np.bincount(cell.ravel(), minlength=n_draws * width).reshape(n_draws, width)[:, 1:-1]


def gaps_median(per_day: np.ndarray) -> np.ndarray:
    """Per draw (row of ``per_day``, the number of rows on each successive day): the median gap in
    days between successive rows' days; float, NaN for a draw with fewer than two rows.

    The table's non-empty cells are the distinct days in order; the gaps between them, plus a
    zero gap for every repeat of a day, are counted into a (draw x gap) table whose cumulative
    sums locate the middle gap(s).
    """
    n_draws, width = per_day.shape
    count = per_day.sum(axis=1)
    n_gaps = count - 1
    if not (n_gaps >= 1).any():
        return np.full(n_draws, np.nan)
    occupied_draw, occupied_day = np.divmod(np.flatnonzero(per_day), width)  # by draw, then day
    same = occupied_draw[1:] == occupied_draw[:-1]
    gap = occupied_day[1:][same] - occupied_day[:-1][same]
    per_gap = np.bincount(occupied_draw[1:][same] * width + gap, minlength=n_draws * width)
    per_gap = per_gap.reshape(n_draws, width)
    per_gap[:, 0] += count - (per_day > 0).sum(axis=1)  # repeated days
    below = per_gap.cumsum(axis=1)  # below[d, g]: gaps of at most g days
    low = (below <= ((n_gaps - 1) // 2)[:, None]).sum(axis=1)  # the gap at 0-based rank (n-1)//2
    high = (below <= (n_gaps // 2)[:, None]).sum(axis=1)  # ... and at rank n//2
    return np.where(n_gaps >= 1, (low + high) / 2, np.nan)


def towns_between(days: np.ndarray, places: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Per draw: the number of distinct ``places`` (one label per row of ``days``) with a day in ``first .. last``.

    ``first`` and ``last`` are day numbers, one per draw (or one for all); both included.
    """
    if not len(days):
        return np.zeros(days.shape[1], dtype=np.int64)
    inside = (days >= first) & (days <= last)
    codes, _ = pd.factorize(np.asarray(places))
    by_place = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(codes[by_place]) != 0])
    return np.logical_or.reduceat(inside[by_place], starts, axis=0).sum(axis=0)


def uncertainty_summary(
    chronology: pd.DataFrame, places: pd.DataFrame, n_draws: int = 4000, seed: int = 20171209
) -> pd.DataFrame:
    """Pace statistics with their uncertainty from the date windows, by Monte Carlo.

    One generator (``seed``) draws a day uniformly inside every town recapture's window and
    inside the campaign end's window (:func:`sample_dates`), ``n_draws`` times; each
    statistic is computed per draw and summarised by the median and the 5th and 95th
    percentiles over the draws (numpy's linear interpolation). A recapture belongs to a
    period by its sampled day. Statistics:

    - ``median_gap_2015_2016``, ``median_gap_2017`` (days): the median gap between
      successive recaptures (events) whose sampled days fall in 2015-2016 / in 2017;
    - ``towns_retaken_last_60_days`` (towns): distinct towns with a recapture in the 60 days
      ending on the campaign's last day (the ``war_declared_over`` event), both ends included.

    ``draws`` is the number of draws in which the statistic is defined (a median gap needs
    two recaptures in the period).
    """
    events = recapture_events(chronology, town_table(places))
    end = campaign_end(chronology)
    end_window = day_numbers(end["date_earliest"]), day_numbers(end["date_latest"])
    draws = _draws(events["lo"].to_numpy(), events["hi"].to_numpy(), end_window, n_draws, seed)
    rows = [_gap_statistic(draws.counts, label, span) for label, span in PERIODS.items()]
    last = draws.last
    towns = towns_between(
        draws.near_end_days, events["town"].to_numpy()[draws.near_end], last - (LAST_DAYS - 1), last
    )
    description = (
        f"Distinct towns with a recapture in the {LAST_DAYS} days ending on the day the war was declared "
        "over (both ends included)"
    )
    rows.append(_summary("towns_retaken_last_60_days", towns.astype(float), "towns", description))
    return pd.DataFrame(rows)


class _Draws(NamedTuple):
    """What :func:`uncertainty_summary` keeps of the recaptures' draws and the campaign end's."""

    counts: np.ndarray  # :func:`day_counts` of the recaptures' days, PERIODS_FIRST .. PERIODS_LAST
    near_end: np.ndarray  # the recaptures whose window reaches the last LAST_DAYS days' possible span
    near_end_days: np.ndarray  # their days (rows x draws)
    last: np.ndarray  # the campaign end's day, per draw


def _draws(
    lo: np.ndarray, hi: np.ndarray, end: tuple[np.ndarray, np.ndarray], n_draws: int, seed: int
) -> _Draws:
    """One generator (``seed``) draws the recaptures' days, then the end's: as :func:`_sample` of
    all the windows at once, but block by block (:data:`BLOCK_CELLS`), so that no array of
    windows x draws is ever made. A block's days are counted for the periods, and kept only for
    the recaptures that may fall in the last days; rows outside both are never looked at again."""
    in_periods = (hi >= PERIODS_FIRST) & (lo <= PERIODS_LAST)
    near_end = (hi >= int(end[0][0]) - (LAST_DAYS - 1)) & (lo <= int(end[1][0]))
    rng = np.random.default_rng(seed)
    counts = day_counts(np.zeros((0, n_draws), dtype=np.int64), PERIODS_FIRST, PERIODS_LAST)
    kept = [np.zeros((0, n_draws), dtype=np.int64)]
    step = max(1, BLOCK_CELLS // max(n_draws, 1))
    for start in range(0, len(lo), step):
        block = slice(start, start + step)
        days = _draw(rng, lo[block], hi[block], n_draws)
        counts += day_counts(days[in_periods[block]], PERIODS_FIRST, PERIODS_LAST)
        kept.append(days[near_end[block]])
    return _Draws(counts, near_end, np.concatenate(kept), _draw(rng, *end, n_draws)[0])


def _gap_statistic(counts: np.ndarray, label: str, span: tuple[date, date]) -> dict[str, object]:
    """The median-gap statistic for the recaptures sampled inside one period (``counts``: the
    :func:`day_counts` of their days from PERIODS_FIRST on)."""
    first, last = day_of(span[0]) - PERIODS_FIRST, day_of(span[1]) - PERIODS_FIRST
    description = f"Median gap between successive town recaptures (events) sampled in {span[0]} .. {span[1]}"
    return _summary(f"median_gap_{label}", gaps_median(counts[:, first : last + 1]), "days", description)


def _summary(statistic: str, values: np.ndarray, unit: str, description: str) -> dict[str, object]:
    """Median, 5th and 95th percentiles of one statistic over the draws in which it is defined."""
    defined = values[~np.isnan(values)]
    median, p05, p95 = np.percentile(defined, [50, 5, 95]) if len(defined) else (np.nan,) * 3
    return {
        "statistic": statistic,
        "median": float(median),
        "p05": float(p05),
        "p95": float(p95),
        "unit": unit,
        "draws": len(defined),
        "description": description,
    }
