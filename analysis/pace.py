"""Pace of the campaign: how long IS held each town, and how fast it lost them.

Conventions used by every function here:

- A date is a closed window ``[earliest, latest]``: both ends inclusive, whole calendar
  days (``datetime.date`` in the returned tables), exactly as in the chronology.
- A duration between two windows is itself an interval of whole **days**
  ``[min_days, max_days]``: the shortest and the longest difference between a day of the
  first window and a day of the second. Never a single number derived from midpoints.
- What is not in the corpus stays empty (``None`` for dates, ``<NA>`` for day counts, in
  pandas' nullable ``Int64``): a missing seizure date is never invented.
- "Towns" are the places of kind ``city``, ``town`` or ``village`` (:data:`TOWN_KINDS`).
  Border crossings, regions and countries are left out: IS did not govern a crossing as a
  town (the Al-Qaim crossing's loss is a separate event from the town of Al-Qaim's), and a
  region or a country has no single moment of loss.
- Counts of recaptures count **events**: a town retaken twice (Palmyra, 2016 and 2017)
  counts twice. Statistics that count towns say so.

The functions take the chronology (:func:`analysis.chronology.build_chronology` or
:func:`analysis.chronology.load_chronology`) and the gazetteer
(:func:`analysis.places.load_places`); date columns may hold ``datetime.date`` objects or
numpy/pandas datetimes. They are vectorised: no Python loop runs per row.
"""

from __future__ import annotations

import warnings
from datetime import date

import numpy as np
import pandas as pd

from analysis.claims import ENDS_IS_CONTROL, STARTS_IS_CONTROL

TOWN_KINDS: tuple[str, ...] = ("city", "town", "village")
EPOCH = np.datetime64("1970-01-01", "D")
# The periods compared by uncertainty_summary (inclusive, by a recapture's sampled day).
PERIODS: dict[str, tuple[date, date]] = {
    "2015-2016": (date(2015, 1, 1), date(2016, 12, 31)),
    "2017": (date(2017, 1, 1), date(2017, 12, 31)),
}
LAST_DAYS = 60  # "the last 60 days of the campaign": the 60 days ending on its last day, inclusive
SPAN_COLUMNS = [
    "place_id",
    "place",
    "country",
    "kind",
    "episode",
    "start_event",
    "start_event_id",
    "start_earliest",
    "start_latest",
    "start_precision",
    "end_event_id",
    "end_earliest",
    "end_latest",
    "end_precision",
    "min_days",
    "max_days",
    "status",
]
RECAPTURE_COLUMNS = [
    "order",
    "event_id",
    "place_id",
    "place",
    "country",
    "kind",
    "episode",
    "date_earliest",
    "date_latest",
    "midpoint",
    "window_days",
    "precision",
    "actors",
    "agreement",
    "final",
]


# --- small helpers -------------------------------------------------------------------


def _datetimes(values: pd.Series) -> pd.Series:
    """A date column (``datetime.date``, strings or datetimes; None allowed) as datetime64, NaT for empty."""
    return pd.to_datetime(values)


def day_numbers(values: pd.Series) -> np.ndarray:
    """Whole days since 1970-01-01 (int64) of a date column without gaps; view as dates with ``EPOCH + n``."""
    return (_datetimes(values).to_numpy().astype("datetime64[D]") - EPOCH).astype(np.int64)


def _dates(values: pd.Series) -> pd.Series:
    """A datetime64 column as ``datetime.date`` objects, ``None`` where empty (the chronology's convention)."""
    values = _datetimes(values)
    return values.dt.date.astype(object).where(values.notna(), None)


def _days_between(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """``later - earlier`` in whole days as nullable Int64 (``<NA>`` when either side is empty)."""
    return (_datetimes(later) - _datetimes(earlier)).dt.days.astype("Int64")


def _towns(places: pd.DataFrame) -> pd.DataFrame:
    """The towns of the gazetteer: ``place_id, place, country, kind``."""
    towns = places.loc[places["kind"].isin(TOWN_KINDS), ["place_id", "name", "country", "kind"]]
    return towns.rename(columns={"name": "place"})


def _town_events(chronology: pd.DataFrame, places: pd.DataFrame, events: tuple[str, ...]) -> pd.DataFrame:
    """The chronology rows of ``events`` about towns, with the place's name, country and kind."""
    rows = chronology.loc[chronology["event"].isin(events)].drop(
        columns=["place", "country"], errors="ignore"
    )
    return rows.merge(_towns(places), on="place_id", how="inner")


# --- occupation spans ----------------------------------------------------------------


def occupation_spans(chronology: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """How long IS held each town, one row per (town, episode of IS control).

    The start window is the episode's ``seized`` or ``reinfiltrated`` event, the end window
    its ``retaken`` event. Durations are in days, as an interval over the inclusive windows:
    ``min_days = max(0, end_earliest - start_latest)`` and ``max_days = end_latest -
    start_earliest`` (nullable ``Int64``). ``status`` is ``closed`` (both ends dated),
    ``open-start`` (the corpus does not date the seizure: start columns and day counts are
    empty) or ``open-end`` (the corpus reports no recapture). Sorted by place id, episode.
    Raises ValueError when one episode has two start events (seized *and* reinfiltrated).
    """
    keys = ["place_id", "episode"]
    starts = _town_events(chronology, places, STARTS_IS_CONTROL)
    doubled = starts[starts.duplicated(keys, keep=False)]
    if len(doubled):
        raise ValueError(f"an episode has two start events: {sorted(doubled['event_id'])}")
    ends = _town_events(chronology, places, ENDS_IS_CONTROL)
    spans = _start_columns(starts).merge(_end_columns(ends), on=keys, how="outer")
    spans = spans.merge(_towns(places), on="place_id", how="left")
    spans["min_days"] = _days_between(spans["end_earliest"], spans["start_latest"]).clip(lower=0)
    spans["max_days"] = _days_between(spans["end_latest"], spans["start_earliest"])
    spans["status"] = np.select(
        [spans["start_earliest"].isna(), spans["end_earliest"].isna()], ["open-start", "open-end"], "closed"
    )
    for col in ("start_earliest", "start_latest", "end_earliest", "end_latest"):
        spans[col] = _dates(spans[col])
    spans = spans.sort_values(keys, kind="stable").reset_index(drop=True)
    return spans[SPAN_COLUMNS]


def _start_columns(starts: pd.DataFrame) -> pd.DataFrame:
    """The start events renamed to start_* columns, keyed by place_id and episode."""
    return starts[
        ["place_id", "episode", "event", "event_id", "date_earliest", "date_latest", "precision"]
    ].rename(
        columns={
            "event": "start_event",
            "event_id": "start_event_id",
            "date_earliest": "start_earliest",
            "date_latest": "start_latest",
            "precision": "start_precision",
        }
    )


def _end_columns(ends: pd.DataFrame) -> pd.DataFrame:
    """The end events renamed to end_* columns, keyed by place_id and episode."""
    return ends[["place_id", "episode", "event_id", "date_earliest", "date_latest", "precision"]].rename(
        columns={
            "event_id": "end_event_id",
            "date_earliest": "end_earliest",
            "date_latest": "end_latest",
            "precision": "end_precision",
        }
    )


# --- recaptures and the gaps between them ----------------------------------------------


def recaptures(chronology: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Every ``retaken`` event of a town, in campaign order.

    Ordered by window midpoint (``earliest + (latest - earliest) // 2`` days, the
    :attr:`analysis.dates.DateWindow.midpoint` rule: for ordering only, never a fact), then
    earliest day, then place name and episode. ``order`` runs 1..n; ``final`` is True for the
    last retaken episode of each place; ``window_days`` is the window's length in days
    (1 for a single day). Dates are ``datetime.date``; both window ends are inclusive.
    """
    rows = _town_events(chronology, places, ENDS_IS_CONTROL)
    earliest, latest = _datetimes(rows["date_earliest"]), _datetimes(rows["date_latest"])
    span = (latest - earliest).dt.days
    rows = rows.assign(
        date_earliest=earliest,
        date_latest=latest,
        midpoint=earliest + pd.to_timedelta(span // 2, unit="D"),
        window_days=span + 1,
        final=rows["episode"].eq(rows.groupby("place_id")["episode"].transform("max")),
    )
    rows = rows.sort_values(["midpoint", "date_earliest", "place", "place_id", "episode"], kind="stable")
    rows = rows.reset_index(drop=True)
    rows["order"] = np.arange(1, len(rows) + 1)
    for col in ("date_earliest", "date_latest", "midpoint"):
        rows[col] = _dates(rows[col])
    return rows.reindex(columns=RECAPTURE_COLUMNS)


def gaps(recaptures: pd.DataFrame) -> pd.DataFrame:
    """The gap in days between each recapture and the next one, in the rows' order.

    For successive windows a = [a.earliest, a.latest] and b = [b.earliest, b.latest]
    (inclusive): ``gap_min_days = max(0, b.earliest - a.latest, a.earliest - b.latest)``
    (0 when the windows overlap) and ``gap_max_days = max(b.latest - a.earliest, a.latest -
    b.earliest)``. Works on any subset of :func:`recaptures` (e.g. one country's rows), taking
    its rows as they come. One row per pair, naming both events.
    """
    lo, hi = day_numbers(recaptures["date_earliest"]), day_numbers(recaptures["date_latest"])
    a_lo, a_hi, b_lo, b_hi = lo[:-1], hi[:-1], lo[1:], hi[1:]
    a, b = recaptures.iloc[:-1], recaptures.iloc[1:]
    return pd.DataFrame(
        {
            "from_order": a["order"].to_numpy(),
            "from_event_id": a["event_id"].to_numpy(),
            "from_place": a["place"].to_numpy(),
            "to_order": b["order"].to_numpy(),
            "to_event_id": b["event_id"].to_numpy(),
            "to_place": b["place"].to_numpy(),
            "gap_min_days": pd.array(
                np.maximum.reduce([np.zeros_like(a_lo), b_lo - a_hi, a_lo - b_hi]), "Int64"
            ),
            "gap_max_days": pd.array(np.maximum(b_hi - a_lo, a_hi - b_lo), "Int64"),
        }
    )


# --- curves and counts ---------------------------------------------------------------------


def cumulative(recaptures: pd.DataFrame, freq: str = "D") -> pd.DataFrame:
    """Recapture events counted up to each day t, as an envelope of two curves.

    ``upper`` counts events whose window has started (earliest <= t: every event as early as
    it could have been); ``lower`` counts events whose window is over (latest <= t: as late
    as it could have been). Events, not towns: Palmyra's two recaptures count twice. Indexed
    by date (``DatetimeIndex`` named ``date``) from the first window's first day to the last
    window's last day, both included, at ``freq`` (a pandas frequency, daily by default).
    """
    lo, hi = (
        np.sort(day_numbers(recaptures["date_earliest"])),
        np.sort(day_numbers(recaptures["date_latest"])),
    )
    if not len(lo):
        return pd.DataFrame(
            {"upper": [], "lower": []}, index=pd.DatetimeIndex([], name="date"), dtype=np.int64
        )
    first, last = EPOCH + lo[0], EPOCH + hi[-1]
    steps = pd.date_range(first, last, freq=freq)
    index = pd.DatetimeIndex([first]).append(steps).append(pd.DatetimeIndex([last])).unique().sort_values()
    t = (index.to_numpy().astype("datetime64[D]") - EPOCH).astype(np.int64)
    return pd.DataFrame(
        {"upper": np.searchsorted(lo, t, side="right"), "lower": np.searchsorted(hi, t, side="right")},
        index=index.rename("date"),
    )


def per_quarter(recaptures: pd.DataFrame) -> pd.DataFrame:
    """Recapture events per calendar quarter and country, as a range of counts.

    ``min`` counts events whose window lies entirely inside the quarter (they certainly
    happened in it); ``max`` counts events whose window overlaps the quarter (they may have).
    Every quarter from the first window's to the last window's is listed for every country,
    zeros included; quarters are labelled like ``2016Q3``. Events, not towns.
    """
    lo, hi = _datetimes(recaptures["date_earliest"]), _datetimes(recaptures["date_latest"])
    q_lo = (lo.dt.year * 4 + (lo.dt.month - 1) // 3).to_numpy()
    q_hi = (hi.dt.year * 4 + (hi.dt.month - 1) // 3).to_numpy()
    codes, countries = pd.factorize(recaptures["country"], sort=True)
    if not len(codes):
        return pd.DataFrame({"quarter": [], "country": [], "min": [], "max": []})
    first, n_q, n_c = q_lo.min(), q_hi.max() - q_lo.min() + 1, len(countries)
    start, stop = codes * (n_q + 1) + (q_lo - first), codes * (n_q + 1) + (q_hi - first) + 1
    inside = q_lo == q_hi
    certain = np.bincount(start[inside], minlength=n_c * (n_q + 1)).reshape(n_c, n_q + 1)[:, :n_q]
    change = np.bincount(start, minlength=n_c * (n_q + 1)) - np.bincount(stop, minlength=n_c * (n_q + 1))
    possible = change.reshape(n_c, n_q + 1).cumsum(axis=1)[:, :n_q]
    labels = pd.period_range(
        pd.Period(year=int(first // 4), quarter=int(first % 4 + 1), freq="Q"), periods=n_q, freq="Q"
    ).astype(str)
    return pd.DataFrame(
        {
            "quarter": np.tile(np.asarray(labels), n_c),
            "country": np.repeat(np.asarray(countries), n_q),
            "min": certain.ravel(),
            "max": possible.ravel(),
        }
    ).sort_values(["quarter", "country"], kind="stable", ignore_index=True)


# --- uncertainty -----------------------------------------------------------------------------


def sample_dates(windows: pd.DataFrame, n_draws: int, seed: int) -> np.ndarray:
    """Days drawn uniformly inside each window: an (n_events x n_draws) int64 array.

    Values are whole days since 1970-01-01 (``EPOCH + value`` is the date); each is drawn
    from ``date_earliest .. date_latest`` with both ends included, with
    ``numpy.random.default_rng(seed)``, so a single-day window always gives its day and the
    same seed gives the same draws.
    """
    lo, hi = day_numbers(windows["date_earliest"]), day_numbers(windows["date_latest"])
    rng = np.random.default_rng(seed)
    return rng.integers(lo[:, None], hi[:, None], size=(len(lo), n_draws), endpoint=True)


def median_gaps(days: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """Per draw (column): the median gap in days between successive sampled days where ``inside``.

    NaN for a draw with fewer than two days inside.
    """
    kept = np.where(inside, days, np.nan)
    kept.sort(axis=0)  # NaN sort last, so only differences between kept days are finite
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "All-NaN slice": a draw with < 2 days
        return np.nanmedian(np.diff(kept, axis=0), axis=0)


def towns_between(days: np.ndarray, place_ids: pd.Series, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Per draw: how many distinct places have a sampled day in ``first .. last`` (inclusive, per draw)."""
    inside = (days >= first) & (days <= last)
    codes, _ = pd.factorize(place_ids)
    by_place = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(codes[by_place]) != 0])
    if not len(starts):
        return np.zeros(days.shape[1], dtype=np.int64)
    return np.logical_or.reduceat(inside[by_place], starts, axis=0).sum(axis=0)


def campaign_end(chronology: pd.DataFrame) -> pd.DataFrame:
    """The window of the campaign's last day: the (latest) ``war_declared_over`` event, as a one-row frame."""
    over = chronology[chronology["event"] == "war_declared_over"]
    if over.empty:
        raise ValueError("the chronology has no war_declared_over event: the campaign has no end date")
    return over.assign(_latest=_datetimes(over["date_latest"])).sort_values("_latest").tail(1)


def uncertainty_summary(
    chronology: pd.DataFrame, places: pd.DataFrame, n_draws: int = 4000, seed: int = 20171209
) -> pd.DataFrame:
    """Pace statistics with their uncertainty from the date windows, by Monte Carlo.

    Each draw picks one day uniformly inside every town recapture's window and inside the
    campaign end's window (:func:`sample_dates`, one generator for all); each statistic is
    computed per draw and summarised by the median and the 5th and 95th percentiles over
    the draws (numpy's linear interpolation). A recapture belongs to a period by its
    sampled day. Statistics:

    - ``median_gap_2015_2016`` / ``median_gap_2017`` (days): the median gap between
      successive recaptures whose sampled day falls in 2015-2016 / in 2017;
    - ``towns_retaken_last_60_days`` (towns): distinct towns with a recapture in the 60
      days ending on the campaign's last day (the ``war_declared_over`` event), inclusive.

    ``draws`` is the number of draws in which the statistic is defined.
    """
    events = recaptures(chronology, places)
    sampled = sample_dates(pd.concat([events, campaign_end(chronology)]), n_draws, seed)
    days, end = sampled[:-1], sampled[-1]
    rows = [_gap_row(days, label, span) for label, span in PERIODS.items()]
    towns = towns_between(days, events["place_id"], end - (LAST_DAYS - 1), end).astype(float)
    rows.append(
        _summary_row(
            "towns_retaken_last_60_days",
            towns,
            "towns",
            f"Distinct towns with a recapture in the {LAST_DAYS} days ending on the day the war was "
            "declared over (both ends included)",
        )
    )
    return pd.DataFrame(rows)


def _gap_row(days: np.ndarray, label: str, span: tuple[date, date]) -> dict[str, object]:
    """The median-gap statistic for recaptures sampled inside one period."""
    first, last = (int((np.datetime64(d, "D") - EPOCH).astype(np.int64)) for d in span)
    values = median_gaps(days, (days >= first) & (days <= last))
    return _summary_row(
        f"median_gap_{label.replace('-', '_')}",
        values,
        "days",
        f"Median gap between successive town recaptures (events) sampled in {span[0]} .. {span[1]}",
    )


def _summary_row(statistic: str, values: np.ndarray, unit: str, description: str) -> dict[str, object]:
    """Median, 5th and 95th percentiles of one statistic over the draws where it is defined."""
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
