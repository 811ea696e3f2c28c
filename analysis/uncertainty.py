"""Uncertainty of the pace from the date windows, by Monte Carlo.

Every recapture window (and the campaign end's window) is sampled uniformly, day by day,
both ends included (:func:`sample_dates`); each statistic is computed per draw and
summarised by its median and 5th-95th percentiles (:func:`uncertainty_summary`). Day numbers
count days since 1970-01-01 (:data:`analysis.pace.EPOCH`), as in :mod:`analysis.pace`.
"""

from __future__ import annotations

import warnings
from datetime import date

import numpy as np
import pandas as pd

from analysis.pace import campaign_end, day_numbers, day_of, recaptures

# The periods compared by uncertainty_summary (inclusive; a recapture belongs by its sampled day).
PERIODS: dict[str, tuple[date, date]] = {
    "2015_2016": (date(2015, 1, 1), date(2016, 12, 31)),
    "2017": (date(2017, 1, 1), date(2017, 12, 31)),
}
LAST_DAYS = 60  # "the last 60 days of the campaign": the 60 days ending on its last day, inclusive


def sample_dates(windows: pd.DataFrame, n_draws: int, seed: int) -> np.ndarray:
    """Days drawn uniformly inside each window: an (n_windows x n_draws) int64 array of day numbers.

    ``windows`` has ``date_earliest`` and ``date_latest``; each value is drawn from
    earliest..latest with both ends included, by ``numpy.random.default_rng(seed)``, so a
    single-day window always gives its day and the same seed gives the same draws. Values
    are days since 1970-01-01 (``EPOCH + value`` is the date).
    """
    return _draw(np.random.default_rng(seed), windows, n_draws)


def _draw(rng: np.random.Generator, windows: pd.DataFrame, n_draws: int) -> np.ndarray:
    """The next (len(windows) x n_draws) days of ``rng`` inside the windows (both ends included)."""
    lo, hi = day_numbers(windows["date_earliest"]), day_numbers(windows["date_latest"])
    return rng.integers(lo[:, None], hi[:, None], size=(len(lo), n_draws), endpoint=True)


def median_gaps(days: np.ndarray, first: int, last: int) -> np.ndarray:
    """Per draw (column of ``days``): the median gap in days between the successive days that fall
    in ``first .. last`` (day numbers, both included); float, NaN for a draw with fewer than two."""
    inside = np.sort(np.where((days >= first) & (days <= last), days, np.nan), axis=0)  # NaN last
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a draw without a gap: NaN, as documented
        return np.nanmedian(np.diff(inside, axis=0), axis=0)


def towns_between(days: np.ndarray, places: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Per draw: the number of distinct ``places`` (one label per row of ``days``) with a day in ``first .. last``.

    ``first`` and ``last`` are day numbers, one per draw (or one for all); both included.
    """
    inside = pd.DataFrame((days >= first) & (days <= last))
    return inside.groupby(np.asarray(places)).any().sum().to_numpy(dtype=np.int64)


def uncertainty_summary(
    chronology: pd.DataFrame, places: pd.DataFrame, n_draws: int = 4000, seed: int = 20171209
) -> pd.DataFrame:
    """Pace statistics with their uncertainty from the date windows, by Monte Carlo.

    One generator (``seed``) draws a day uniformly inside every town recapture's window (in
    :func:`analysis.pace.recaptures` order), then inside the campaign end's window
    (:func:`sample_dates`), ``n_draws`` times; each statistic is computed per draw and
    summarised by the median and the 5th and 95th percentiles over the draws (numpy's linear
    interpolation). A recapture belongs to a period by its sampled day. Statistics:

    - ``median_gap_2015_2016``, ``median_gap_2017`` (days): the median gap between
      successive recaptures (events) whose sampled days fall in 2015-2016 / in 2017;
    - ``towns_retaken_last_60_days`` (towns): distinct towns with a recapture in the 60 days
      ending on the campaign's last day (the ``war_declared_over`` event), both ends included.

    ``draws`` is the number of draws in which the statistic is defined (a median gap needs
    two recaptures in the period).
    """
    events = recaptures(chronology, places)
    rng = np.random.default_rng(seed)
    days = _draw(rng, events, n_draws)
    last = _draw(rng, campaign_end(chronology), n_draws)[0]
    rows = []
    for label, (first_day, last_day) in PERIODS.items():
        description = (
            f"Median gap between successive town recaptures (events) sampled in {first_day} .. {last_day}"
        )
        gaps = median_gaps(days, day_of(first_day), day_of(last_day))
        rows.append(_summary(f"median_gap_{label}", gaps, "days", description))
    towns = towns_between(days, events["place_id"].to_numpy(), last - (LAST_DAYS - 1), last)
    description = (
        f"Distinct towns with a recapture in the {LAST_DAYS} days ending on the day the war was declared "
        "over (both ends included)"
    )
    rows.append(_summary("towns_retaken_last_60_days", towns.astype(float), "towns", description))
    return pd.DataFrame(rows)


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
