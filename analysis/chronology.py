"""Reconcile claims into events: one row per (place, event, episode).

The windows of all claims about one event are intersected. When they do not intersect
the event is marked ``conflict``, its window is the span of the claims' windows, and the
conflict is listed by :func:`conflicts` — never resolved by preferring one source.
``agreement`` is ``agreed`` (two or more sources, windows intersect), ``single-source``
or ``conflict``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.claims import load_claims
from analysis.output import write_csv_atomic
from analysis.paths import DATA, data_files
from analysis.places import load_places

KEY = ["place_id", "event", "episode"]
COLUMNS = [
    "event_id",
    "place_id",
    "place",
    "country",
    "event",
    "episode",
    "date_earliest",
    "date_latest",
    "precision",
    "actors",
    "n_claims",
    "n_sources",
    "source_ids",
    "claim_ids",
    "agreement",
]


def reconcile(claims: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Events from claims (columns of DESIGN.md §4), sorted by date, then place.

    ``claims`` needs ``claim_id, source_id, place_id, event, episode, actor, date_earliest,
    date_latest, precision``. Vectorised: one groupby, no per-row Python.
    """
    c = claims.assign(
        date_earliest=pd.to_datetime(claims["date_earliest"]),
        date_latest=pd.to_datetime(claims["date_latest"]),
    )
    grouped = c.groupby(KEY, sort=False)
    events = grouped.agg(
        lo=("date_earliest", "max"),
        hi=("date_latest", "min"),
        span_lo=("date_earliest", "min"),
        span_hi=("date_latest", "max"),
        n_claims=("claim_id", "size"),
        n_sources=("source_id", "nunique"),
    ).reset_index()
    events = events.join(_joined_lists(c), on=KEY)
    conflict = events["lo"] > events["hi"]
    events["date_earliest"] = events["lo"].where(~conflict, events["span_lo"])
    events["date_latest"] = events["hi"].where(~conflict, events["span_hi"])
    events["agreement"] = "agreed"
    events.loc[events["n_sources"] == 1, "agreement"] = "single-source"
    events.loc[conflict, "agreement"] = "conflict"
    events["precision"] = _event_precision(c, events)
    return _finish(events, places)


def _joined_lists(c: pd.DataFrame) -> pd.DataFrame:
    """Sorted, '|'-joined source ids, claim ids and actors (non-empty) per event."""

    def join(values: pd.Series) -> str:
        return "|".join(sorted({v for v in values if v}))

    return c.groupby(KEY, sort=False).agg(
        source_ids=("source_id", join), claim_ids=("claim_id", join), actors=("actor", join)
    )


def _event_precision(c: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """``day`` for one day; else the precision of a claim whose window is exactly the event's; else ``range``."""
    merged = c.merge(events[[*KEY, "date_earliest", "date_latest"]], on=KEY, suffixes=("", "_event"))
    exact = merged[
        (merged["date_earliest"] == merged["date_earliest_event"])
        & (merged["date_latest"] == merged["date_latest_event"])
    ]
    finest = exact.sort_values("claim_id").drop_duplicates(KEY).set_index(KEY)["precision"]
    precision = events.join(finest, on=KEY)["precision"].fillna("range")
    precision[events["date_earliest"] == events["date_latest"]] = "day"
    return precision


def _finish(events: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    names = places.set_index("place_id")[["name", "country"]].rename(columns={"name": "place"})
    events = events.join(names, on="place_id")
    events["event_id"] = events["place_id"] + ":" + events["event"] + ":" + events["episode"].astype(str)
    events["date_earliest"] = events["date_earliest"].dt.date
    events["date_latest"] = events["date_latest"].dt.date
    events = events.sort_values(
        ["date_earliest", "date_latest", "place_id", "event", "episode"], kind="stable"
    )
    return events[COLUMNS].reset_index(drop=True)


def conflicts(chronology: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims behind every conflicting event, one row per claim, with its window and quote."""
    keys = chronology.loc[chronology["agreement"] == "conflict", KEY]
    cols = [*KEY, "claim_id", "source_id", "date_text", "date_earliest", "date_latest", "precision", "quote"]
    return (
        claims.merge(keys, on=KEY)[cols]
        .sort_values([*KEY, "date_earliest", "claim_id"])
        .reset_index(drop=True)
    )


def build_chronology(data_dir: Path = DATA) -> pd.DataFrame:
    """Load and validate the data folder and reconcile it (raises DataError on bad data)."""
    return reconcile(load_claims(data_dir), load_places(data_dir))


def load_chronology(data_dir: Path = DATA) -> pd.DataFrame:
    """The committed ``data/processed/chronology.csv`` with dates parsed."""
    table = pd.read_csv(data_files(data_dir)["chronology"], dtype=str, keep_default_na=False)
    for col in ("date_earliest", "date_latest"):
        table[col] = pd.to_datetime(table[col]).dt.date
    return table.astype({"episode": int, "n_claims": int, "n_sources": int})


def write_chronology(data_dir: Path = DATA) -> Path:
    """Rebuild ``data/processed/chronology.csv`` atomically; returns its path."""
    path = data_files(data_dir)["chronology"]
    write_csv_atomic(build_chronology(data_dir), path)
    return path
