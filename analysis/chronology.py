"""Reconcile claims into events: one row per (place, event, episode).

Claims are compared only with claims of the same **milestone** (control, declared, cleared,
partial: :data:`analysis.vocabulary.MILESTONES`): :func:`reconcile_milestones` gives one row per
(place, event, episode, milestone). The windows of its claims are intersected; when they do
not intersect the row is marked ``conflict``, its window is the span of the claims' windows,
and the conflict is listed by :func:`conflicts` — never resolved by preferring one source.

:func:`reconcile` gives the chronology: one row per event, dated by its first milestone in
:data:`analysis.vocabulary.MILESTONE_PRIORITY` order (column ``milestone`` says which; column
``milestones`` lists every milestone the event has; the others stay in the milestone table).

``agreement`` is ``agreed`` (two or more independent sources, windows intersect),
``single-source`` (fewer than two independent sources) or ``conflict``. Sources are
independent when they carry different newsrooms' reporting (``origin`` in the manifest: two
copies of one Reuters story count once). Wikipedia is a secondary, retrospective source: it is
never counted as an independent confirmation (``n_independent`` counts the other origins), but
a disagreement it voices is a conflict.
``tiers`` says which evidence tiers support the event (``cited``, ``quoted`` or ``cited|quoted``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.output import read_generated_csv, staged_outputs
from analysis.paths import DATA, data_files
from analysis.vocabulary import MILESTONE_PRIORITY, NOT_INDEPENDENT_GROUPS, UNKNOWN_ACTOR, event_id

KEY = ["place_id", "event", "episode"]
MILESTONE_KEY = [*KEY, "milestone"]
# Claim columns that older callers may omit, with the value they stand for.
CLAIM_DEFAULTS = {"milestone": "control", "tier": "quoted", "source_group": ""}
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
    "actor_family",
    "milestone",
    "milestones",
    "tiers",
    "n_independent",
]


def reconcile(claims: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The chronology: one row per event (place, event, episode); see :func:`reconcile_with_milestones`."""
    return reconcile_with_milestones(claims, places)[0]


def reconcile_with_milestones(
    claims: pd.DataFrame, places: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chronology and its milestone rows (:func:`reconcile_milestones`), reconciled once.

    Chronology: one row per event (place, event, episode), sorted by date, then place.

    Each event is dated by its first milestone in :data:`MILESTONE_PRIORITY` order; ``milestones``
    lists all of its milestones (in that order) and ``tiers`` the distinct tiers of all of its
    claims (in code point order), both joined by '|'. ``claims`` needs ``claim_id, source_id,
    place_id, event, episode, actor, date_earliest, date_latest, precision``, and may carry
    ``milestone``, ``tier``, ``source_group`` (defaults: :data:`CLAIM_DEFAULTS`). Vectorised
    on the milestone rows' numbers, as :func:`reconcile_milestones`.
    """
    c = _with_defaults(claims)
    rows, row_of_claim, keys = _reconcile_milestones(c, places)
    event_of_claim = _event_codes(keys[: len(KEY)])[0]
    n_events = int(event_of_claim.max(initial=-1)) + 1
    event_of_row = np.zeros(len(rows), dtype=np.int64)
    event_of_row[row_of_claim] = event_of_claim  # all claims of a row belong to one event
    milestone_code, _, milestone_names = keys[len(KEY)]
    priority = _priority_ranks(milestone_names)
    row_milestone = np.zeros(len(rows), dtype=np.int64)
    row_milestone[row_of_claim] = milestone_code
    row_priority = priority[row_milestone]
    best = np.full(n_events, len(priority), dtype=np.int64)
    np.minimum.at(best, event_of_row, row_priority)
    principal = np.flatnonzero(row_priority == best[event_of_row])
    present = _joined_list(event_of_row, (row_milestone, priority, milestone_names), n_events)
    tiers = _joined_list(event_of_claim, keys[-1], n_events, skip_empty=False)
    chronology = rows.take(principal).reset_index(drop=True)
    chronology["milestones"] = present.take(event_of_row[principal])
    chronology["tiers"] = tiers.take(event_of_row[principal])
    return chronology[COLUMNS], rows


def _priority_ranks(milestones: np.ndarray) -> np.ndarray:
    """Each milestone's rank in :data:`MILESTONE_PRIORITY` order (others after, in code point order)."""
    priority = {m: i for i, m in enumerate(MILESTONE_PRIORITY)}
    known = np.array([priority.get(m, len(priority)) for m in milestones], dtype=np.int64)
    ranks = np.empty(len(milestones), dtype=np.int64)
    ranks[np.lexsort((np.asarray(milestones, dtype=str), known))] = np.arange(len(milestones))
    return ranks


def _with_defaults(claims: pd.DataFrame) -> pd.DataFrame:
    """``claims`` with the optional columns of :data:`CLAIM_DEFAULTS` filled in where missing
    (and ``origin``, where missing, the claim's own source)."""
    missing = {col: value for col, value in CLAIM_DEFAULTS.items() if col not in claims}
    if "origin" not in claims:
        missing["origin"] = claims["source_id"]
    return claims.assign(**missing) if missing else claims


def reconcile_milestones(claims: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """One row per (place, event, episode, milestone), sorted by date, then place; columns as the chronology's.

    ``milestones`` and ``tiers`` describe the row's own claims. Vectorised: each claim gets its
    row's number once, with the rows numbered in output order (:func:`_event_codes`,
    :func:`_windows`), and every column is then computed on those numbers with numpy or a
    cython groupby; no Python code runs per claim or per row.
    """
    return _reconcile_milestones(_with_defaults(claims), places)[0]


def _reconcile_milestones(
    c: pd.DataFrame, places: pd.DataFrame
) -> tuple[pd.DataFrame, np.ndarray, list[Ranked]]:
    """:func:`reconcile_milestones` of claims with defaults, each claim's row number, and the
    :func:`_ranks` of the claims' :data:`MILESTONE_KEY` columns and ``tier``, in that order."""
    missing = c[MILESTONE_KEY].isna().any(axis=1)
    if missing.any():  # never drop a claim silently
        raise ValueError(
            f"claims without place_id, event, episode or milestone: {list(c.loc[missing, 'claim_id'])}"
        )
    earliest, latest = pd.to_datetime(c["date_earliest"]), pd.to_datetime(c["date_latest"])
    keys = [_ranks(c[column]) for column in (*MILESTONE_KEY, "tier")]
    codes, first = _event_codes(keys[: len(MILESTONE_KEY)])
    windows = _windows(codes, earliest, latest)
    # number the events in output order: by window, ties in KEY order (lexsort is stable)
    order = np.lexsort((_sort_key(windows["date_latest"]), _sort_key(windows["date_earliest"])))
    codes, first = np.argsort(order)[codes], first[order]
    windows = windows.iloc[order].reset_index(drop=True)
    n = len(first)
    sources, claim_ids = _ranks(c["source_id"]), _ranks(c["claim_id"])
    n_sources = _n_distinct(codes, sources[0], n)
    origins = _ranks(c["origin"])[0]  # copies of one newsroom's reporting count once
    independent = np.where(c["source_group"].isin(NOT_INDEPENDENT_GROUPS).to_numpy(), -1, origins)
    n_independent = _n_distinct(codes, independent, n)
    agreement = np.where(
        windows["conflict"], "conflict", np.where(n_independent >= 2, "agreed", "single-source")
    )
    milestone = c["milestone"].array.take(first)
    where = _gazetteer_rows(places, keys[0], first)
    events = {
        "event_id": _event_ids(c, first),
        "place_id": c["place_id"].array.take(first),
        "place": places["name"].array.take(where, allow_fill=True),
        "country": places["country"].array.take(where, allow_fill=True),
        "event": c["event"].array.take(first),
        "episode": c["episode"].array.take(first),
        "date_earliest": windows["date_earliest"].to_numpy(dtype="datetime64[ns]"),
        "date_latest": windows["date_latest"].to_numpy(dtype="datetime64[ns]"),
        "precision": _event_precision(codes, earliest, latest, windows, c["precision"], claim_ids),
        "actors": _joined_list(codes, _ranks(c["actor"]), n),
        "n_claims": np.bincount(codes, minlength=n),
        "n_sources": n_sources,
        "source_ids": _joined_list(codes, sources, n),
        "claim_ids": _joined_list(codes, claim_ids, n),
        "agreement": pd.array(agreement, dtype="str"),
        "actor_family": _actor_family(codes, c, n),
        "milestone": milestone,
        "milestones": milestone,
        "tiers": _joined_list(codes, keys[-1], n),
        "n_independent": n_independent,
    }
    return pd.DataFrame(events, columns=COLUMNS), codes, keys


Ranked = tuple[np.ndarray, np.ndarray, np.ndarray]  # see _ranks


def _ranks(values: pd.Series) -> Ranked:
    """``(codes, ranks, uniques)``: each value's code (-1 when missing), each code's rank in sort order.

    Strings rank in code point order (Python's ``sorted``, pandas' ``sort_values``); only the
    distinct values are sorted, as fixed-width unicode in C.
    """
    codes, uniques = pd.factorize(values)
    uniques = np.asarray(uniques, dtype=object if uniques.dtype.kind in "OUT" else None)
    keys = uniques.astype(str) if uniques.dtype == object else uniques
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[np.argsort(keys, kind="stable")] = np.arange(len(keys))
    return codes, ranks, uniques


def _event_codes(keys: list[Ranked]) -> tuple[np.ndarray, np.ndarray]:
    """Each claim's event number (0..n-1, in sorted KEY order) and each event's first claim."""
    combined = np.zeros(len(keys[0][0]), dtype=np.int64)
    for codes, ranks, _ in keys:
        if len(combined) and (int(combined.max()) + 1) * len(ranks) >= 2**63:  # keep the number in int64
            combined = np.unique(combined, return_inverse=True)[1].ravel()
        combined = combined * len(ranks) + ranks[codes]
    _, first, event = np.unique(combined, return_index=True, return_inverse=True)
    return event.ravel(), first


def _windows(codes: np.ndarray, earliest: pd.Series, latest: pd.Series) -> pd.DataFrame:
    """Per event: the intersection of its claims' windows, or their span when they do not intersect.

    Columns ``date_earliest``, ``date_latest`` (datetime64) and ``conflict``.
    """
    by_event = pd.DataFrame({"earliest": earliest.to_numpy(), "latest": latest.to_numpy()}).groupby(codes)
    lo, hi = by_event["earliest"].agg(["max", "min"]), by_event["latest"].agg(["min", "max"])
    conflict = (lo["max"] > hi["min"]).to_numpy()
    return pd.DataFrame(
        {
            "date_earliest": lo["max"].where(~conflict, lo["min"]).to_numpy(),
            "date_latest": hi["min"].where(~conflict, hi["max"]).to_numpy(),
            "conflict": conflict,
        }
    )


def _gazetteer_rows(places: pd.DataFrame, place_ids: Ranked, first: np.ndarray) -> np.ndarray:
    """Each event's row in ``places`` (-1 when its place is not in the gazetteer); one lookup per place."""
    codes, _, uniques = place_ids
    return pd.Index(places["place_id"]).get_indexer(uniques)[codes[first]]


def _event_ids(c: pd.DataFrame, first: np.ndarray) -> pd.arrays.StringArray:
    """Each event's id (:func:`analysis.vocabulary.event_id`), from its first claim.

    The id is the place id followed by a suffix built once per distinct (event, episode).
    """
    place = c["place_id"].to_numpy(dtype=object)[first]
    event, events = pd.factorize(c["event"].to_numpy(dtype=object)[first])
    episode, episodes = pd.factorize(c["episode"].to_numpy()[first])
    suffixes = event_id(
        "", np.repeat(np.asarray(events, dtype=object), len(episodes)), np.tile(episodes, len(events))
    )
    return pd.array(place + suffixes[event * len(episodes) + episode], dtype="str")


def _n_distinct(codes: np.ndarray, value: np.ndarray, n_events: int) -> np.ndarray:
    """Per event: the number of distinct non-missing values (``value``: their codes, -1 missing), as ``nunique``."""
    known = value >= 0
    size = int(value.max(initial=0)) + 1
    pairs = np.sort(codes[known] * size + value[known])
    distinct = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
    return np.bincount(distinct // size, minlength=n_events)


def _joined_list(
    codes: np.ndarray, ranked: Ranked, n_events: int, skip_empty: bool = True
) -> pd.arrays.StringArray:
    """Per event: its claims' distinct non-empty values (``ranked`` by :func:`_ranks`), sorted, joined by '|'.

    With ``skip_empty=False`` an empty value is kept (and sorts first), as ``"|".join(sorted(set(...)))``.

    Sorted in code point order, as Python's ``sorted``. Vectorised: the distinct (event, rank
    of value) pairs come from one sort of int64 keys ``event * n_values + rank``, then
    ``np.add.reduceat`` concatenates each event's run of strings (a single string, without
    concatenation, for most events).
    """
    value, ranks, uniques = ranked
    plain = np.empty(len(ranks), dtype=object)
    plain[ranks] = uniques  # the distinct values in sort order
    keep = value >= 0
    if skip_empty:
        keep[keep] = (uniques != "")[value[keep]]
    event, rank = codes[keep], ranks[value[keep]]
    joined = np.full(n_events, "", dtype=object)
    if len(rank):
        pairs = np.sort(event * len(ranks) + rank)
        event, rank = np.divmod(pairs[np.r_[True, pairs[1:] != pairs[:-1]]], len(ranks))
        first = np.r_[True, event[1:] != event[:-1]]
        pieces = plain[rank]
        pieces[~first] = "|" + pieces[~first]
        joined[event[first]] = np.add.reduceat(pieces, np.flatnonzero(first))
    return pd.array(joined, dtype="str")


def _event_precision(
    codes: np.ndarray,
    earliest: pd.Series,
    latest: pd.Series,
    windows: pd.DataFrame,
    precision: pd.Series,
    claim_ids: Ranked,
) -> pd.arrays.StringArray:
    """``day`` for one day; else the precision of a claim whose window is exactly the event's; else ``range``.

    Among several such claims, the one with the smallest ``claim_id`` decides.
    """
    exact = np.flatnonzero(
        (earliest.to_numpy() == windows["date_earliest"].to_numpy()[codes])
        & (latest.to_numpy() == windows["date_latest"].to_numpy()[codes])
    )
    value, ranks, _ = claim_ids
    order = np.lexsort((np.where(value[exact] >= 0, ranks[value[exact]], len(ranks)), codes[exact]))
    event, chosen = codes[exact][order], precision.to_numpy(dtype=object)[exact][order]
    first = np.r_[True, event[1:] != event[:-1]] if len(event) else np.zeros(0, dtype=bool)
    result = np.full(len(windows), "range", dtype=object)
    result[event[first]] = chosen[first]
    result[(windows["date_earliest"] == windows["date_latest"]).to_numpy()] = "day"
    return pd.array(result, dtype="str")


def _actor_family(codes: np.ndarray, claims: pd.DataFrame, n_events: int) -> pd.arrays.StringArray:
    """Per event: the actor family its claims name most often (ties: the first in code point order).

    Claims whose family is ``unknown`` do not vote; an event no claim names a family for (or
    claims without an ``actor_family`` column) gets ``unknown``.
    """
    family = np.full(n_events, UNKNOWN_ACTOR, dtype=object)
    if "actor_family" in claims:
        named = (claims["actor_family"] != UNKNOWN_ACTOR).to_numpy()
        votes = pd.DataFrame(
            {"event": codes[named], "family": claims["actor_family"].to_numpy(dtype=object)[named]}
        )
        counts = votes.value_counts().rename("n").reset_index()
        top = counts.sort_values(["n", "family"], ascending=[False, True], kind="stable").drop_duplicates(
            "event"
        )
        family[top["event"].to_numpy()] = top["family"].to_numpy()
    return pd.array(family, dtype="str")


def _sort_key(dates: pd.Series) -> np.ndarray:
    """Dates as int64 for sorting, missing last (as ``sort_values``)."""
    values = dates.to_numpy().astype("datetime64[s]").astype(np.int64)
    return np.where(dates.isna().to_numpy(), np.iinfo(np.int64).max, values)


def conflicts(milestones: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims behind every conflicting row of ``milestones`` (:func:`reconcile_milestones`; the
    chronology works too), one row per claim, with its window, quote or locator."""
    claims = _with_defaults(claims)
    key = MILESTONE_KEY if "milestone" in milestones else KEY
    keys = milestones.loc[milestones["agreement"] == "conflict", key]
    wanted = ["claim_id", "source_id", "tier", "date_text", "date_earliest", "date_latest", "precision"]
    cols = [*MILESTONE_KEY, *(c for c in [*wanted, "quote", "locator"] if c in claims)]
    return (
        claims.merge(keys, on=key)[cols]
        .sort_values([*MILESTONE_KEY, "date_earliest", "claim_id"])
        .reset_index(drop=True)
    )


def load_chronology(data_dir: Path = DATA) -> pd.DataFrame:
    """The committed ``data/processed/chronology.csv`` with dates parsed (``datetime64``, midnight of each day)."""
    table = read_generated_csv(data_files(data_dir)["chronology"])
    for col in ("date_earliest", "date_latest"):
        table[col] = pd.to_datetime(table[col])
    return table.astype({"episode": int, "n_claims": int, "n_sources": int, "n_independent": int})


def write_chronology(data_dir: Path = DATA) -> list[Path]:
    """Rebuild ``data/processed/chronology.csv`` and ``milestones.csv`` atomically; returns their paths."""
    from analysis.dataset import load  # the dataset module builds on this one

    files, data = data_files(data_dir), load(data_dir)
    with staged_outputs(files["chronology"].parent) as stage:
        stage.table(data.chronology, files["chronology"])
        stage.table(data.milestones, files["milestones"])
    return [files["chronology"], files["milestones"]]
