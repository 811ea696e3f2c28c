"""Pace of the campaign: how long IS held each town, and how fast it lost them.

Conventions used by every function here:

- A date is a closed window ``[earliest, latest]``: both ends inclusive, whole calendar
  days (``datetime64[ns]`` at midnight in the returned tables), exactly as in the chronology.
- A duration between two windows is itself an interval of whole **days**
  ``[min_days, max_days]``: the shortest and the longest difference between a day of the
  first window and a day of the second. Never one number read off midpoints.
- What is not in the corpus stays empty (``NaT`` for dates, ``<NA>`` for day counts, in
  pandas' nullable ``Int64``): a missing seizure date is never invented.
- "Towns" are the places of kind ``city``, ``town`` or ``village`` (:data:`analysis.places.TOWN_KINDS`).
  Border crossings, regions and countries are left out: a crossing is a checkpoint, not a
  town IS governed (the Al-Qaim crossing's loss is a separate event from the town of
  Al-Qaim's), and a region or a country has no single moment of loss.
- Counts of recaptures count **events**: a town retaken twice (Palmyra, 2016 and 2017)
  counts twice. Statistics that count towns instead say so.

The functions take the chronology and the gazetteer (``analysis.load()``'s ``chronology``
and ``places``); date columns may hold ``datetime.date`` objects or
numpy/pandas datetimes. They are vectorised: no Python code runs per row.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis.memo import LastResult
from analysis.ordering import groups, stable_order
from analysis.places import towns as town_rows
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
STATUSES = np.array(["open-start", "open-end", "closed"], dtype=object)  # of an occupation span
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


# --- day numbers ---------------------------------------------------------------------------


def day_numbers(values: pd.Series) -> np.ndarray:
    """A column of dates (``datetime.date``, datetimes or ISO strings) as whole days since 1970-01-01.

    int64; the date of day number ``n`` is ``EPOCH + n``. The column must have no gaps.
    """
    return (pd.to_datetime(values).to_numpy().astype("datetime64[D]") - EPOCH).astype(np.int64)


def _as_dates(days: np.ndarray, known: np.ndarray | None = None) -> np.ndarray:
    """Day numbers as ``datetime64[ns]`` (midnight of each day); ``NaT`` where ``known`` is False."""
    dates = (EPOCH + np.asarray(days, dtype=np.int64)).astype("datetime64[ns]")
    if known is not None:
        dates[~known] = np.datetime64("NaT")
    return dates


def _day_counts(days: np.ndarray, known: np.ndarray) -> pd.arrays.IntegerArray:
    """Day counts as nullable ``Int64``, ``<NA>`` where ``known`` is False."""
    return pd.arrays.IntegerArray(np.where(known, days, 0).astype(np.int64), ~known)


def day_of(day: date) -> int:
    """One ``datetime.date`` as a day number."""
    return int((np.datetime64(day, "D") - EPOCH).astype(np.int64))


# --- towns ---------------------------------------------------------------------------------


TOWN_COLUMNS = ["place_id", "name", "country", "kind"]
_last_towns: LastResult[pd.DataFrame] = LastResult()


def town_table(places: pd.DataFrame) -> pd.DataFrame:
    """The towns of the gazetteer (``place_id, place, country, kind``) with sort ranks of id and name.

    The pace functions ask for the same gazetteer's towns one after another, so the last
    table is kept and reused (as a copy) while the gazetteer's four columns are equal to
    those it was made from (:class:`analysis.memo.LastResult`).
    """
    columns = [places[column].to_numpy(dtype=object) for column in TOWN_COLUMNS]
    dtypes = np.array([str(places[column].dtype) for column in TOWN_COLUMNS], dtype=object)
    return _last_towns.get([*columns, dtypes], lambda: _town_table(places)).copy(deep=False)


def _town_table(places: pd.DataFrame) -> pd.DataFrame:
    towns = town_rows(places)[TOWN_COLUMNS]
    towns = towns.rename(columns={"name": "place"}).reset_index(drop=True)
    return towns.assign(id_rank=_sort_ranks(towns["place_id"]), name_rank=_sort_ranks(towns["place"]))


def _sort_ranks(values: pd.Series) -> np.ndarray:
    """Each string's rank in code point order (ties broken by position), computed in C."""
    order = np.argsort(np.asarray(values.to_numpy(dtype=object), dtype=str), kind="stable")
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[order] = np.arange(len(values))
    return ranks


def _town_events(chronology: pd.DataFrame, towns: pd.DataFrame, events: tuple[str, ...]) -> pd.DataFrame:
    """The chronology's ``events`` about towns as integer columns, in chronology order.

    ``row`` (position in the chronology), ``town`` (position in :func:`town_table`), ``episode``,
    the window as day numbers ``lo`` .. ``hi`` (inclusive), and ``starts`` (the event starts
    IS control).
    """
    is_event = _event_masks(chronology, events)
    rows = np.flatnonzero(np.logical_or.reduce([is_event[e] for e in events], axis=0, initial=False))
    town = town_positions(chronology["place_id"].to_numpy(dtype=object), towns)[rows]
    rows, town = rows[town >= 0], town[town >= 0]
    starts = [is_event[e][rows] for e in STARTS_IS_CONTROL if e in is_event]
    return pd.DataFrame(
        {
            "row": rows,
            "town": town,
            "episode": chronology["episode"].to_numpy(dtype=np.int64)[rows],
            "lo": day_numbers(chronology["date_earliest"].iloc[rows]),
            "hi": day_numbers(chronology["date_latest"].iloc[rows]),
            "starts": np.logical_or.reduce(starts, axis=0, initial=False) if starts else False,
        },
        copy=False,
    )


_last_lookup: LastResult[np.ndarray] = LastResult()


def town_positions(place_ids: np.ndarray, towns: pd.DataFrame) -> np.ndarray:
    """Each of ``place_ids``' row in ``towns`` (:func:`town_table`), -1 when it is not a town.

    The pace functions look up the same chronology's place ids one after another, so the last
    lookup is kept and reused while the place ids and the towns' ids are equal to those it
    was made for (:class:`analysis.memo.LastResult`; a check much cheaper than the hashing it
    saves, and exact: an edited chronology or gazetteer is looked up afresh).
    """
    town_ids = towns["place_id"].to_numpy(dtype=object)
    return _last_lookup.get([place_ids, town_ids], lambda: _lookup(place_ids, town_ids))


def _lookup(place_ids: np.ndarray, town_ids: np.ndarray) -> np.ndarray:
    positions = pd.Index(town_ids, dtype=object).get_indexer(place_ids)
    positions.setflags(write=False)
    return positions


def _event_masks(chronology: pd.DataFrame, events: tuple[str, ...]) -> dict[str, np.ndarray]:
    """For each of ``events``: where the chronology's ``event`` is that event (numpy compares, cheaper than isin)."""
    names = chronology["event"].to_numpy(dtype=object)
    return {event: names == event for event in events}


def _take(table: pd.DataFrame, column: str, positions: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``table[column]`` at ``positions`` (-1 gives a missing value), keeping the column's dtype."""
    return table[column].array.take(positions, allow_fill=bool((positions < 0).any()))


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
    towns = town_table(places)
    ev = _town_events(chronology, towns, STARTS_IS_CONTROL + ENDS_IS_CONTROL)
    episode, is_start = ev["episode"].to_numpy(), ev["starts"].to_numpy()
    id_rank = towns["id_rank"].to_numpy()[ev["town"].to_numpy()]
    # span number: rank of (place id, episode); spans come out sorted by place id, then episode
    span, first = groups(id_rank * (int(episode.max(initial=0)) + 1) + episode)
    doubled = is_start & (np.bincount(span[is_start], minlength=len(first)) > 1)[span]
    if doubled.any():
        ids = sorted(_take(chronology, "event_id", ev["row"].to_numpy()[doubled]))
        raise ValueError(f"an episode has two start events: {ids}")
    start, end = _by_span(ev, span, is_start, len(first)), _by_span(ev, span, ~is_start, len(first))
    closed, town = (start["row"] >= 0) & (end["row"] >= 0), ev["town"].to_numpy()[first]
    spans = {column: _take(towns, column, town) for column in ("place_id", "place", "country", "kind")}
    spans["episode"] = episode[first]
    for prefix, side, columns in (("start_", start, ("event", "event_id")), ("end_", end, ("event_id",))):
        spans |= {prefix + column: _take(chronology, column, side["row"]) for column in columns}
        spans[prefix + "earliest"] = _as_dates(side["lo"], side["row"] >= 0)
        spans[prefix + "latest"] = _as_dates(side["hi"], side["row"] >= 0)
        spans[prefix + "precision"] = _take(chronology, "precision", side["row"])
    spans |= {
        "min_days": _day_counts(np.maximum(0, end["lo"] - start["hi"]), closed),
        "max_days": _day_counts(end["hi"] - start["lo"], closed),
        "status": STATUSES[np.where(closed, 2, np.where(start["row"] >= 0, 1, 0))],
    }
    return pd.DataFrame(spans, columns=SPAN_COLUMNS, copy=False)


def _by_span(ev: pd.DataFrame, span: np.ndarray, mask: np.ndarray, n_spans: int) -> dict[str, np.ndarray]:
    """The ``mask`` events' chronology ``row`` and days ``lo``, ``hi`` by span number (row -1: none)."""
    out = {"row": np.full(n_spans, -1, dtype=np.int64)}
    out |= {column: np.zeros(n_spans, dtype=np.int64) for column in ("lo", "hi")}
    for column in out:
        out[column][span[mask]] = ev[column].to_numpy()[mask]
    return out


# --- recaptures and the gaps between them ---------------------------------------------------


def recaptures(chronology: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Every ``retaken`` event of a town, in campaign order.

    Ordered by window midpoint (``earliest + (latest - earliest) // 2`` days, the rule of
    :attr:`analysis.dates.DateWindow.midpoint`: for ordering only, never a fact), then
    earliest day, then place name (towns of one name in gazetteer order), then episode.
    ``order`` runs 1..n; ``final`` is True for the last retaken episode of each place;
    ``window_days`` is the window's length in days (1 for a single day). Dates are
    ``datetime64[ns]`` (midnight); both window ends inclusive.
    """
    towns = town_table(places)
    ev = recapture_events(chronology, towns)
    rows, town = ev["row"].to_numpy(), ev["town"].to_numpy()
    table = {"order": np.arange(1, len(ev) + 1), "event_id": _take(chronology, "event_id", rows)}
    table |= {column: _take(towns, column, town) for column in ("place_id", "place", "country", "kind")}
    table |= {
        "episode": ev["episode"].to_numpy(),
        "date_earliest": _as_dates(ev["lo"].to_numpy()),
        "date_latest": _as_dates(ev["hi"].to_numpy()),
        "midpoint": _as_dates(ev["mid"].to_numpy()),
        "window_days": (ev["hi"] - ev["lo"] + 1).to_numpy(),
    }
    table |= {column: _take(chronology, column, rows) for column in ("precision", "actors", "agreement")}
    return pd.DataFrame(table | {"final": ev["final"].to_numpy()}, columns=RECAPTURE_COLUMNS, copy=False)


def dated(recaptures: pd.DataFrame) -> pd.DataFrame:
    """The recaptures the corpus dates: all but undated statements (precision ``before-publication``,
    whose window reaches back to the study start), renumbered from 0 in the same order."""
    return recaptures[~is_undated(recaptures["precision"])].reset_index(drop=True)


def recapture_events(chronology: pd.DataFrame, towns: pd.DataFrame) -> pd.DataFrame:
    """:func:`_town_events` of ``retaken``, in the order of :func:`recaptures`, with ``mid`` and ``final``."""
    ev = _town_events(chronology, towns, ENDS_IS_CONTROL)
    town, episode, lo, hi = (ev[column].to_numpy() for column in ("town", "episode", "lo", "hi"))
    mid = lo + (hi - lo) // 2
    last_episode = np.zeros(len(towns), dtype=np.int64)
    np.maximum.at(last_episode, town, episode)
    ev = ev.assign(mid=mid, final=episode == last_episode[town])
    # name_rank numbers the towns (ties of name in gazetteer order), so a place id never decides
    order = stable_order(mid, lo, towns["name_rank"].to_numpy()[town], episode)
    return ev.take(order).reset_index(drop=True)


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
    q_lo, q_hi = _quarter_numbers(recaptures["date_earliest"]), _quarter_numbers(recaptures["date_latest"])
    country, countries = pd.factorize(recaptures["country"], sort=True)
    if not len(country):
        return pd.DataFrame({"quarter": [], "country": [], "min": [], "max": []})
    first, n_q = q_lo.min(), q_hi.max() - q_lo.min() + 1
    width = n_q + 1  # one spare column per country for the decrements after the last quarter
    start, stop = country * width + (q_lo - first), country * width + (q_hi - first) + 1
    cells = len(countries) * width
    certain = np.bincount(start[q_lo == q_hi], minlength=cells).reshape(-1, width)[:, :n_q]
    possible = (np.bincount(start, minlength=cells) - np.bincount(stop, minlength=cells)).reshape(-1, width)
    labels = pd.period_range(
        pd.Period(year=int(first // 4), quarter=int(first % 4) + 1, freq="Q"), periods=n_q
    )
    return pd.DataFrame(
        {
            "quarter": np.repeat(np.asarray(labels.astype(str)), len(countries)),
            "country": np.tile(np.asarray(countries, dtype=object), n_q),
            "min": certain.T.ravel(),
            "max": possible.cumsum(axis=1)[:, :n_q].T.ravel(),
        }
    )


def per_year(recaptures: pd.DataFrame) -> pd.DataFrame:
    """Recapture events per calendar year and country, as a range of counts.

    ``min`` counts events whose window lies entirely inside the year; ``max`` counts events
    whose window overlaps it (an undated recapture overlaps every year up to publication).
    Every year from the first window's to the last window's, for every country, zeros
    included. Events, not towns. (Summing :func:`per_quarter`'s ``max`` over a year would
    count a multi-quarter window more than once; this does not.)
    """
    y_lo = pd.to_datetime(recaptures["date_earliest"]).dt.year.to_numpy()
    y_hi = pd.to_datetime(recaptures["date_latest"]).dt.year.to_numpy()
    country, countries = pd.factorize(recaptures["country"], sort=True)
    if not len(country):
        return pd.DataFrame({"year": [], "country": [], "min": [], "max": []})
    years = np.arange(y_lo.min(), y_hi.max() + 1)
    inside = (y_lo[:, None] == years) & (y_hi[:, None] == years)  # events x years
    overlap = (y_lo[:, None] <= years) & (y_hi[:, None] >= years)
    by_country = np.eye(len(countries), dtype=np.int64)[country]  # events x countries
    return pd.DataFrame(
        {
            "year": np.repeat(years, len(countries)),
            "country": np.tile(np.asarray(countries, dtype=object), len(years)),
            "min": (inside.T.astype(np.int64) @ by_country).ravel(),
            "max": (overlap.T.astype(np.int64) @ by_country).ravel(),
        }
    )


def _quarter_numbers(values: pd.Series) -> np.ndarray:
    """Dates as quarter numbers ``4 * year + (quarter - 1)``."""
    months = (
        pd.to_datetime(values).to_numpy().astype("datetime64[M]").astype(np.int64)
    )  # months since 1970-01
    return (months + 1970 * 12) // 3


# --- the campaign's end ------------------------------------------------------------------------


def campaign_end(chronology: pd.DataFrame) -> pd.DataFrame:
    """The campaign's last day as a one-row frame: the (latest) ``war_declared_over`` event."""
    over = chronology[_event_masks(chronology, (WAR_DECLARED_OVER,))[WAR_DECLARED_OVER]]
    if over.empty:
        raise ValueError("the chronology has no war_declared_over event, so the campaign has no end")
    return over.iloc[[int(np.argmax(day_numbers(over["date_latest"])))]]
