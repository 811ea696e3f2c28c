"""Pace of the campaign: how long IS held each town, and how fast it lost them.

Conventions used by every function here:

- A date is a closed window ``[earliest, latest]``: both ends inclusive, whole calendar
  days (``datetime64[ns]`` at midnight in the returned tables), exactly as in the chronology.
- A duration between two windows is itself an interval of whole **days**
  ``[min_days, max_days]``: the shortest and the longest difference between a day of the
  first window and a day of the second. Never one number read off midpoints.
- What is not in the corpus stays empty (``NaT`` for dates, ``<NA>`` for day counts, in
  pandas' nullable ``Int64``): a missing seizure date is never invented.
- "Towns" are the places of kind ``city``, ``town`` or ``village`` (:data:`analysis.vocabulary.TOWN_KINDS`).
  Border crossings, regions and countries are left out: a crossing is a checkpoint, not a
  town IS governed (the Al-Qaim crossing's loss is a separate event from the town of
  Al-Qaim's), and a region or a country has no single moment of loss.
- Counts of recaptures count **events**: a town retaken twice (Palmyra, 2016 and 2017)
  counts twice. Statistics that count towns instead say so.

The functions take the chronology and the gazetteer (``analysis.load()``'s ``chronology``
and ``places``); date columns may hold ``datetime.date`` objects or numpy/pandas datetimes.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis.dates import midpoint
from analysis.places import towns
from analysis.vocabulary import ENDS_IS_CONTROL, STARTS_IS_CONTROL, WAR_DECLARED_OVER, is_undated

EPOCH = np.datetime64("1970-01-01", "D")  # day numbers in this module count days since this day
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


def day_numbers(values: pd.Series) -> np.ndarray:
    """A column of dates (``datetime.date``, datetimes or ISO strings) as whole days since 1970-01-01.

    int64; the date of day number ``n`` is ``EPOCH + n``. The column must have no gaps.
    """
    return (pd.to_datetime(values).to_numpy().astype("datetime64[D]") - EPOCH).astype(np.int64)


def day_of(day: date) -> int:
    """One ``datetime.date`` as a day number."""
    return int((np.datetime64(day, "D") - EPOCH).astype(np.int64))


def _days(values: pd.Series) -> pd.Series:
    """A column of dates as ``datetime64[ns]`` at midnight (the day of each value)."""
    return pd.Series(
        pd.to_datetime(values).to_numpy().astype("datetime64[D]").astype("datetime64[ns]"), values.index
    )


def _town_events(chronology: pd.DataFrame, places: pd.DataFrame, events: tuple[str, ...]) -> pd.DataFrame:
    """The chronology's ``events`` about towns, in chronology order, with the town's ``place``,
    ``country``, ``kind`` and ``gazetteer_row`` from the gazetteer and whole-day windows."""
    town = towns(places)[["place_id", "name", "country", "kind"]].rename(columns={"name": "place"})
    town = town.assign(gazetteer_row=np.arange(len(town)))
    rows = chronology[chronology["event"].isin(events)]
    rows = rows.drop(columns=[c for c in ("place", "country", "kind") if c in rows])
    rows = rows.merge(town, on="place_id", how="inner", sort=False)
    return rows.assign(
        episode=rows["episode"].astype(np.int64),
        date_earliest=_days(rows["date_earliest"]),
        date_latest=_days(rows["date_latest"]),
    )


# --- occupation spans ------------------------------------------------------------------------


def occupation_spans(chronology: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """How long IS held each town: one row per (town, episode of IS control), sorted by place id, episode.

    The start window is the episode's ``seized`` or ``reinfiltrated`` event, the end window
    its ``retaken`` event (both inclusive). Durations in days, as an interval:
    ``min_days = max(0, end_earliest - start_latest)`` and ``max_days = end_latest -
    start_earliest`` (nullable ``Int64``). ``status`` is ``closed`` (both ends dated),
    ``open-start`` (the corpus does not date the start: start columns and day counts are
    empty) or ``open-end`` (the corpus reports no recapture: end columns and day counts are
    empty). Raises ValueError when one episode has two start events (seized and reinfiltrated).
    """
    key = ["place_id", "episode"]
    events = _town_events(chronology, places, STARTS_IS_CONTROL + ENDS_IS_CONTROL)
    starts = events[events["event"].isin(STARTS_IS_CONTROL)]
    doubled = starts[starts.duplicated(key, keep=False)]
    if len(doubled):
        raise ValueError(f"an episode has two start events: {sorted(doubled['event_id'])}")
    window = ["date_earliest", "date_latest"]
    renamed = {"date_earliest": "earliest", "date_latest": "latest"}
    start = starts.set_index(key)[["event", "event_id", *window, "precision"]].rename(columns=renamed)
    ends = events[events["event"].isin(ENDS_IS_CONTROL)].set_index(key)
    end = ends[["event_id", *window, "precision"]].rename(columns=renamed)
    spans = start.add_prefix("start_").join(end.add_prefix("end_"), how="outer")
    town = events.drop_duplicates("place_id").set_index("place_id")[["place", "country", "kind"]]
    spans = spans.reset_index().sort_values(key, kind="stable").join(town, on="place_id")
    spans["min_days"] = (spans["end_earliest"] - spans["start_latest"]).dt.days.clip(lower=0).astype("Int64")
    spans["max_days"] = (spans["end_latest"] - spans["start_earliest"]).dt.days.astype("Int64")
    spans["status"] = np.where(
        spans["start_event_id"].isna(),
        "open-start",
        np.where(spans["end_event_id"].isna(), "open-end", "closed"),
    )
    return spans[SPAN_COLUMNS].reset_index(drop=True)


# --- recaptures and the gaps between them ---------------------------------------------------


def recaptures(chronology: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Every ``retaken`` event of a town, in campaign order.

    Ordered by window midpoint (:func:`analysis.dates.midpoint`: for ordering only, never a
    fact), then earliest day, then place name (towns of one name in gazetteer order), then
    episode. ``order`` runs 1..n; ``final`` is True for the last retaken episode of each
    place; ``window_days`` is the window's length in days (1 for a single day). Dates are
    ``datetime64[ns]`` (midnight); both window ends inclusive.
    """
    events = _town_events(chronology, places, ENDS_IS_CONTROL)
    events = events.assign(
        midpoint=midpoint(events["date_earliest"], events["date_latest"]),
        window_days=(events["date_latest"] - events["date_earliest"]).dt.days.astype(np.int64) + 1,
        final=events["episode"] == events.groupby("place_id")["episode"].transform("max"),
    )
    order = ["midpoint", "date_earliest", "place", "gazetteer_row", "episode"]
    events = events.sort_values(order, kind="stable").reset_index(drop=True)
    events["order"] = np.arange(1, len(events) + 1)
    return events[RECAPTURE_COLUMNS]


def dated(recaptures: pd.DataFrame) -> pd.DataFrame:
    """The recaptures the corpus dates: all but undated statements (precision ``before-publication``,
    whose window reaches back to the study start), renumbered from 0 in the same order."""
    return recaptures[~is_undated(recaptures["precision"])].reset_index(drop=True)


def gaps(recaptures: pd.DataFrame) -> pd.DataFrame:
    """The gap in days between each recapture and the next, in the rows' order.

    For successive windows a and b (inclusive): ``gap_min_days = max(0, b.earliest -
    a.latest, a.earliest - b.latest)`` (0 when they overlap) and ``gap_max_days =
    max(b.latest - a.earliest, a.latest - b.earliest)``. Works on any subset of
    :func:`recaptures` (one country's rows, say), taking the rows as they come. One row per
    pair, naming both events.
    """
    lo, hi = day_numbers(recaptures["date_earliest"]), day_numbers(recaptures["date_latest"])
    a, b = recaptures.iloc[:-1], recaptures.iloc[1:]
    return pd.DataFrame(
        {
            "from_order": a["order"].to_numpy(),
            "from_event_id": a["event_id"].to_numpy(),
            "from_place": a["place"].to_numpy(),
            "to_order": b["order"].to_numpy(),
            "to_event_id": b["event_id"].to_numpy(),
            "to_place": b["place"].to_numpy(),
            "gap_min_days": pd.array(np.maximum(0, np.maximum(lo[1:] - hi[:-1], lo[:-1] - hi[1:])), "Int64"),
            "gap_max_days": pd.array(np.maximum(hi[1:] - lo[:-1], hi[:-1] - lo[1:]), "Int64"),
        }
    )


# --- curves and counts ------------------------------------------------------------------------


def cumulative(recaptures: pd.DataFrame, freq: str = "D") -> pd.DataFrame:
    """Recapture events counted up to each day t, as an envelope of two curves.

    ``upper`` counts events whose window has started (earliest <= t: each as early as it
    could have been); ``lower`` counts events whose window is over (latest <= t: each as
    late as it could have been), so lower <= upper. Events, not towns: Palmyra's two
    recaptures count twice. Indexed by date (``DatetimeIndex`` named ``date``) from the first
    window's first day to the last window's last day, both included, at ``freq`` (a pandas
    frequency; daily by default).
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
    index = pd.DatetimeIndex([first, last]).append(pd.date_range(first, last, freq=freq))
    index = index.unique().sort_values().rename("date")
    t = (index.to_numpy().astype("datetime64[D]") - EPOCH).astype(np.int64)
    return pd.DataFrame(
        {"upper": np.searchsorted(lo, t, side="right"), "lower": np.searchsorted(hi, t, side="right")},
        index=index,
    )


def per_quarter(recaptures: pd.DataFrame) -> pd.DataFrame:
    """Recapture events per calendar quarter and country, as a range of counts.

    ``min`` counts events whose window lies entirely inside the quarter (they certainly
    happened in it); ``max`` counts events whose window overlaps the quarter (they may
    have). Every quarter from the first window's to the last window's is listed for every
    country, zeros included, labelled like ``2016Q3``. Events, not towns.
    """
    first, last = (_quarter_number(recaptures[column]) for column in ("date_earliest", "date_latest"))
    counts = _per_period(first, last, recaptures["country"], "quarter")
    counts["quarter"] = [f"{q // 4}Q{q % 4 + 1}" for q in counts["quarter"]]
    return counts


def per_year(recaptures: pd.DataFrame) -> pd.DataFrame:
    """Recapture events per calendar year and country, as a range of counts.

    ``min`` counts events whose window lies entirely inside the year; ``max`` counts events
    whose window overlaps it (an undated recapture overlaps every year up to publication).
    Every year from the first window's to the last window's, for every country, zeros
    included. Events, not towns. (Summing :func:`per_quarter`'s ``max`` over a year would
    count a multi-quarter window more than once; this does not.)
    """
    first, last = (pd.to_datetime(recaptures[column]).dt.year for column in ("date_earliest", "date_latest"))
    return _per_period(first.to_numpy(), last.to_numpy(), recaptures["country"], "year")


def _per_period(first: np.ndarray, last: np.ndarray, country: pd.Series, name: str) -> pd.DataFrame:
    """Per period number from ``first.min()`` to ``last.max()`` and country (in sort order): the
    events whose periods ``first .. last`` are that one period (``min``) or include it (``max``)."""
    countries = np.sort(country.unique())
    if not len(countries):
        return pd.DataFrame({name: [], "country": [], "min": [], "max": []})
    periods = np.arange(first.min(), last.max() + 1)
    inside = (first[:, None] == periods) & (last[:, None] == periods)  # events x periods
    overlap = (first[:, None] <= periods) & (last[:, None] >= periods)
    by_country = (country.to_numpy()[:, None] == countries).astype(np.int64)  # events x countries
    return pd.DataFrame(
        {
            name: np.repeat(periods, len(countries)),
            "country": np.tile(countries, len(periods)),
            "min": (inside.T.astype(np.int64) @ by_country).ravel(),
            "max": (overlap.T.astype(np.int64) @ by_country).ravel(),
        }
    )


def _quarter_number(values: pd.Series) -> np.ndarray:
    """Dates as quarter numbers ``4 * year + (quarter - 1)``."""
    dates = pd.to_datetime(values).dt
    return (dates.year * 4 + dates.quarter - 1).to_numpy()


# --- the campaign's end ------------------------------------------------------------------------


def campaign_end(chronology: pd.DataFrame) -> pd.DataFrame:
    """The campaign's last day as a one-row frame: the (latest) ``war_declared_over`` event."""
    over = chronology[chronology["event"] == WAR_DECLARED_OVER]
    if over.empty:
        raise ValueError("the chronology has no war_declared_over event, so the campaign has no end")
    return over.iloc[[int(np.argmax(day_numbers(over["date_latest"])))]]
