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
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.ordering import LIMIT, groups, stable_order
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
    m = _reconcile_milestones(claims, places)
    rows, n_events = m.rows, int(m.event_of_row.max(initial=-1)) + 1
    if n_events == len(rows):  # one milestone row per event: the event's lists are its row's ...
        if "" not in m.tier[2]:  # ... except that an empty tier is listed for the event
            return rows[COLUMNS], rows
        tiers = _joined_list(m.event_of_row[m.row_of_claim], m.tier, n_events, skip_empty=False)
        return rows.assign(tiers=tiers.take(m.event_of_row))[COLUMNS], rows
    _, _, milestone_names = m.milestone
    priority = _priority_ranks(milestone_names)
    row_priority = priority[m.row_milestone]
    best = np.full(n_events, len(priority), dtype=np.int64)
    np.minimum.at(best, m.event_of_row, row_priority)
    principal = np.flatnonzero(row_priority == best[m.event_of_row])
    present = _joined_list(m.event_of_row, (m.row_milestone, priority, milestone_names), n_events)
    tiers = _joined_list(m.event_of_row[m.row_of_claim], m.tier, n_events, skip_empty=False)
    event = m.event_of_row[principal]
    chronology = rows.take(principal).reset_index(drop=True)
    chronology = chronology.assign(milestones=present.take(event), tiers=tiers.take(event))
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

    ``milestones`` and ``tiers`` describe the row's own claims. Vectorised: every text column
    is factorized once into integer codes, each claim gets its row's number once (rows
    numbered in output order: :func:`_row_codes`, :func:`_windows`), dates are compared as
    int64, and every column is computed on those numbers with numpy; no Python code runs per
    claim or per row.
    """
    return _reconcile_milestones(claims, places).rows


Ranked = tuple[np.ndarray, np.ndarray, np.ndarray]  # see _ranks


class _Milestones(NamedTuple):
    """:func:`reconcile_milestones`' table and the numbers behind it."""

    rows: pd.DataFrame
    row_of_claim: np.ndarray  # each claim's row
    event_of_row: np.ndarray  # each row's event (place, event, episode), numbered 0..n-1
    row_milestone: np.ndarray  # each row's milestone, as a code of ``milestone``
    milestone: Ranked  # the claims' milestones
    tier: Ranked  # the claims' tiers


def _reconcile_milestones(claims: pd.DataFrame, places: pd.DataFrame) -> _Milestones:
    """:func:`reconcile_milestones` and the numbers :func:`reconcile_with_milestones` builds on."""
    keys = [_column_ranks(claims, column) for column in MILESTONE_KEY]
    missing = np.logical_or.reduce([codes < 0 for codes, _, _ in keys])
    if missing.any():  # never drop a claim silently
        raise ValueError(
            "claims without place_id, event, episode or milestone: "
            f"{list(claims['claim_id'].to_numpy(dtype=object)[missing])}"
        )
    row_key, first = _row_codes(keys)
    instants = _instants(claims["date_earliest"]), _instants(claims["date_latest"])
    windows = _windows(row_key, *instants)
    order = _window_order(windows)  # rows in output order: by window, ties in KEY order
    codes, first = np.argsort(order)[row_key.claim], first[order]
    windows = {name: values[order] for name, values in windows.items()}
    event_of_row = row_key.event[order]
    n = len(first)
    n_claims = np.bincount(codes, minlength=n)
    sources = _column_ranks(claims, "source_id")
    independent = _column_ranks(claims, "origin")[0] if "origin" in claims else sources[0]
    if "source_group" in claims:  # copies of one newsroom's reporting count once
        group, _, group_names = _column_ranks(claims, "source_group")
        not_independent = np.isin(group_names, NOT_INDEPENDENT_GROUPS)
        independent = np.where((group >= 0) & not_independent[group], -1, independent)
    n_independent = _n_distinct(codes, independent, n)
    agreement = np.where(windows["conflict"], 0, np.where(n_independent >= 2, 1, 2))
    milestone, tier = keys[len(KEY)], _column_ranks(claims, "tier")
    claim_ids = _claim_ids(claims["claim_id"].to_numpy(dtype=object), codes, n_claims)
    if "milestone" in claims:
        milestone_column = _shared(claims["milestone"], milestone, first)
    else:
        milestone_column = pd.array(np.full(n, CLAIM_DEFAULTS["milestone"], dtype=object), "str")
    where = _gazetteer_rows(places, keys[0], first)
    events = {
        "event_id": _event_ids(keys[0], keys[1], keys[2], first),
        "place_id": _shared(claims["place_id"], keys[0], first),
        "place": places["name"].array.take(where, allow_fill=True),
        "country": places["country"].array.take(where, allow_fill=True),
        "event": _shared(claims["event"], keys[1], first),
        "episode": claims["episode"].array.take(first),
        "date_earliest": windows["date_earliest"].view("datetime64[ns]"),
        "date_latest": windows["date_latest"].view("datetime64[ns]"),
        "precision": _event_precision(codes, instants, windows, claims, claim_ids.rank),
        "actors": _joined_list(codes, _column_ranks(claims, "actor"), n),
        "n_claims": n_claims,
        "n_sources": _n_distinct(codes, sources[0], n),
        "source_ids": _joined_list(codes, sources, n),
        "claim_ids": claim_ids.joined,
        "agreement": pd.array(
            np.array(["conflict", "agreed", "single-source"], dtype=object)[agreement], "str"
        ),
        "actor_family": _actor_family(codes, claims, n),
        "milestone": milestone_column,
        "milestones": milestone_column,
        "tiers": _joined_list(codes, tier, n),
        "n_independent": n_independent,
    }
    rows = pd.DataFrame(events, columns=COLUMNS, copy=False)
    return _Milestones(rows, codes, event_of_row, milestone[0][first], milestone, tier)


def _column_ranks(claims: pd.DataFrame, column: str) -> Ranked:
    """:func:`_ranks` of a claim column; a missing optional column is its :data:`CLAIM_DEFAULTS` value."""
    if column not in claims:
        return (
            np.zeros(len(claims), dtype=np.int64),
            np.zeros(1, dtype=np.int64),
            np.array([CLAIM_DEFAULTS[column]], dtype=object),
        )
    values = claims[column]
    return _ranks(
        values.to_numpy(dtype=object)
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype)
        else values.to_numpy()
    )


def _ranks(values: np.ndarray) -> Ranked:
    """``(codes, ranks, uniques)``: each value's code (-1 when missing), each code's rank in sort order.

    Strings rank in code point order (Python's ``sorted``, pandas' ``sort_values``); only the
    distinct values are sorted, as fixed-width unicode in C.
    """
    codes, uniques = pd.factorize(values)
    uniques = np.asarray(uniques, dtype=object if uniques.dtype.kind in "OUT" else None)
    keys = uniques.astype(str) if uniques.dtype == object else uniques
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[np.argsort(keys, kind="stable")] = np.arange(len(keys))
    return codes.astype(np.int64, copy=False), ranks, uniques


class _RowKey(NamedTuple):
    """Rows numbered in sorted :data:`MILESTONE_KEY` order: each claim's row, each row's event."""

    claim: np.ndarray
    event: np.ndarray


def _row_codes(keys: list[Ranked]) -> tuple[_RowKey, np.ndarray]:
    """Each claim's row (0..n-1, in sorted :data:`MILESTONE_KEY` order), each row's event, and
    each row's first claim. ``keys``: :func:`_ranks` of the claims' MILESTONE_KEY columns."""
    combined = np.zeros(len(keys[0][0]), dtype=np.int64)
    for codes, ranks, _ in keys:
        if len(combined) and (int(combined.max()) + 1) * len(ranks) >= LIMIT:  # keep the number in int64
            combined = groups(combined)[0]
        combined = combined * len(ranks) + ranks[codes]
    row, first = groups(combined)
    event_key = combined[first] // len(keys[-1][1])  # the row's key without its milestone
    return _RowKey(row, groups(event_key)[0]), first


NAT = np.iinfo(np.int64).min  # NaT as int64
LAST = np.iinfo(np.int64).max  # sorts after every date
DAY_SECONDS = 86_400


def _instants(dates: pd.Series) -> np.ndarray:
    """Dates as int64 nanoseconds since 1970-01-01 (:data:`NAT` when missing)."""
    return pd.to_datetime(dates).to_numpy().astype("datetime64[ns]").view(np.int64)


def _windows(row_key: _RowKey, earliest: np.ndarray, latest: np.ndarray) -> dict[str, np.ndarray]:
    """Per row: the intersection of its claims' windows, or their span when they do not intersect.

    ``date_earliest``, ``date_latest`` (int64 ns, :data:`NAT` when no claim gives one) and
    ``conflict``; missing dates are ignored, as pandas' ``max`` and ``min`` do.
    """
    n = int(row_key.claim.max(initial=-1)) + 1
    top = np.iinfo(np.int64).max
    lo_max, lo_min = np.full(n, NAT), np.full(n, top)
    hi_min, hi_max = np.full(n, top), np.full(n, NAT)
    np.maximum.at(lo_max, row_key.claim, earliest)
    np.minimum.at(lo_min, row_key.claim, np.where(earliest == NAT, top, earliest))
    np.minimum.at(hi_min, row_key.claim, np.where(latest == NAT, top, latest))
    np.maximum.at(hi_max, row_key.claim, latest)
    lo_min[lo_min == top], hi_min[hi_min == top] = NAT, NAT
    conflict = (lo_max > hi_min) & (hi_min != NAT)
    return {
        "date_earliest": np.where(conflict, lo_min, lo_max),
        "date_latest": np.where(conflict, hi_max, hi_min),
        "conflict": conflict,
    }


def _window_order(windows: dict[str, np.ndarray]) -> np.ndarray:
    """The rows sorted by (earliest, latest) to the second, missing last, ties in row order (stable)."""
    lo, hi = _sort_key(windows["date_earliest"]), _sort_key(windows["date_latest"])
    known = (lo != LAST) & (hi != LAST)
    if not ((lo[known] % DAY_SECONDS).any() or (hi[known] % DAY_SECONDS).any()):  # whole days: smaller keys
        lo, hi = np.where(lo == LAST, LAST, lo // DAY_SECONDS), np.where(hi == LAST, LAST, hi // DAY_SECONDS)
    return stable_order(_offsets(lo), _offsets(hi))


def _sort_key(instants: np.ndarray) -> np.ndarray:
    """int64 nanoseconds (:data:`NAT` missing) as whole seconds for sorting, missing last (as ``sort_values``)."""
    seconds = instants.view("datetime64[ns]").astype("datetime64[s]").view(np.int64)
    return np.where(instants == NAT, LAST, seconds)


def _offsets(keys: np.ndarray) -> np.ndarray:
    """int64 sort keys as 0, 1, ... from the smallest, in the same order (:data:`LAST` stays last)."""
    present = keys[keys != LAST]
    if not len(present):
        return np.zeros(len(keys), dtype=np.int64)
    low = int(present.min())
    return np.where(keys == LAST, int(present.max()) - low + 1, keys - low)


def _shared(values: pd.Series, ranked: Ranked, first: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``values`` at the rows' ``first`` claims, each distinct value taken from one claim (so one
    object per distinct string: later comparisons stay in cache); the column's dtype is kept."""
    code = ranked[0][first]
    occurrence = np.empty(len(ranked[2]), dtype=np.int64)
    occurrence[code[::-1]] = first[::-1]  # the first row naming each value
    return values.array.take(occurrence[code])


def _gazetteer_rows(places: pd.DataFrame, place_ids: Ranked, first: np.ndarray) -> np.ndarray:
    """Each row's position in ``places`` (-1 when its place is not in the gazetteer); one lookup per place."""
    codes, _, uniques = place_ids
    return pd.Index(places["place_id"]).get_indexer(uniques)[codes[first]]


def _event_ids(place: Ranked, event: Ranked, episode: Ranked, first: np.ndarray) -> pd.arrays.StringArray:
    """Each row's event id (:func:`analysis.vocabulary.event_id`), from its first claim.

    The id is the place id followed by a suffix built once per (event, episode) value pair.
    """
    events, episodes = event[2], episode[2]
    suffixes = event_id("", np.repeat(events, len(episodes)), np.tile(episodes, len(events)))
    suffix = suffixes[event[0][first] * len(episodes) + episode[0][first]]
    return pd.array(place[2][place[0][first]] + suffix, dtype="str")


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
    """
    return pd.array(_joined_values(codes, ranked, n_events, skip_empty), dtype="str")


def _joined_values(codes: np.ndarray, ranked: Ranked, n_events: int, skip_empty: bool = True) -> np.ndarray:
    """:func:`_joined_list` as an object array.

    Sorted in code point order, as Python's ``sorted``. Vectorised: the distinct (event, rank
    of value) pairs come from one sort of int64 keys ``event * n_values + rank``. An event with
    one value takes it as it is; the others are joined once per distinct set of values (a bit
    mask, for up to 62 distinct values) or by ``np.add.reduceat`` over their runs.
    """
    value, ranks, uniques = ranked
    plain = np.empty(len(ranks), dtype=object)
    plain[ranks] = uniques  # the distinct values in sort order
    keep = value >= 0
    if skip_empty:
        keep[keep] = (uniques != "")[value[keep]]
    joined = np.full(n_events, "", dtype=object)
    if not keep.any():
        return joined
    if len(ranks) == 1 and keep.all():  # one value (a default column, say): every event's
        listed = np.zeros(n_events, dtype=bool)
        listed[codes] = True
        joined[listed] = plain[0]
        return joined
    pairs = np.sort(codes[keep] * len(ranks) + ranks[value[keep]])
    event, rank = np.divmod(pairs[np.r_[True, pairs[1:] != pairs[:-1]]], len(ranks))
    starts = np.flatnonzero(np.r_[True, event[1:] != event[:-1]])
    several = np.diff(np.r_[starts, len(event)]) > 1
    joined[event[starts]] = plain[rank[starts]]
    if several.any():
        joined[event[starts[several]]] = _joined_runs(rank, starts, several, plain)
    return joined


def _joined_runs(rank: np.ndarray, starts: np.ndarray, several: np.ndarray, plain: np.ndarray) -> np.ndarray:
    """The runs of ``rank`` beginning at ``starts[several]``, as ``plain`` values joined by '|'."""
    if len(plain) <= 62:  # one bit per value: join each distinct set once
        masks = np.bitwise_or.reduceat(np.left_shift(1, rank), starts)[several]
        sets, which = np.unique(masks, return_inverse=True)
        bits = np.arange(len(plain))
        texts = ["|".join(plain[(int(s) >> bits) & 1 == 1]) for s in sets]
        return np.array(texts, dtype=object)[which.ravel()]
    first = np.zeros(len(rank), dtype=bool)
    first[starts] = True
    inside = np.repeat(several, np.diff(np.r_[starts, len(rank)]))
    pieces, first = plain[rank[inside]], first[inside]
    pieces[~first] = "|" + pieces[~first]
    return np.add.reduceat(pieces, np.flatnonzero(first))


class _ClaimIds(NamedTuple):
    """The claim ids: each claim's rank among its row's claims, and each row's ``claim_ids``."""

    rank: np.ndarray
    joined: pd.arrays.StringArray


def _claim_ids(claim_ids: np.ndarray, codes: np.ndarray, n_claims: np.ndarray) -> _ClaimIds:
    """Rank and join the claim ids of the rows with several claims only; a single claim's id is its row's.

    A claim id ranks in code point order; a missing one ranks last (and is not listed).
    """
    several = n_claims[codes] > 1
    sub = np.flatnonzero(several)
    ranked = _ranks(claim_ids[sub])
    rank = np.zeros(len(codes), dtype=np.int64)
    rank[sub] = np.where(ranked[0] >= 0, ranked[1][ranked[0]], len(ranked[1]))
    joined = _joined_values(codes[sub], ranked, len(n_claims))
    single = np.flatnonzero(~several)
    ids = claim_ids[single]
    joined[codes[single]] = np.where(pd.isna(ids), "", ids)
    return _ClaimIds(rank, pd.array(joined, dtype="str"))


def _event_precision(
    codes: np.ndarray,
    instants: tuple[np.ndarray, np.ndarray],
    windows: dict[str, np.ndarray],
    claims: pd.DataFrame,
    claim_rank: np.ndarray,
) -> pd.arrays.StringArray:
    """``day`` for one day; else the precision of a claim whose window is exactly the event's; else ``range``.

    Among several such claims, the one with the smallest ``claim_id`` decides (then the first).
    """
    earliest, latest = instants
    lo, hi = windows["date_earliest"], windows["date_latest"]
    exact = np.flatnonzero(
        (earliest == lo[codes]) & (latest == hi[codes]) & (earliest != NAT) & (latest != NAT)
    )
    order = stable_order(codes[exact], claim_rank[exact])
    event, chosen = codes[exact][order], exact[order]
    first = np.r_[True, event[1:] != event[:-1]] if len(event) else np.zeros(0, dtype=bool)
    result = np.full(len(lo), "range", dtype=object)
    result[event[first]] = claims["precision"].iloc[chosen[first]].to_numpy(dtype=object)
    result[(lo == hi) & (lo != NAT)] = "day"
    return pd.array(result, dtype="str")


def _actor_family(codes: np.ndarray, claims: pd.DataFrame, n_events: int) -> pd.arrays.StringArray:
    """Per event: the actor family its claims name most often (ties: the first in code point order).

    Claims whose family is ``unknown`` (or missing) do not vote; an event no claim names a family
    for (or claims without an ``actor_family`` column) gets ``unknown``. Vectorised: the
    (event, family) votes are counted from one sort of int64 keys.
    """
    family = np.full(n_events, UNKNOWN_ACTOR, dtype=object)
    if "actor_family" not in claims:
        return pd.array(family, dtype="str")
    value, ranks, names = _column_ranks(claims, "actor_family")
    votes = np.flatnonzero((value >= 0) & (names != UNKNOWN_ACTOR)[value])
    if len(votes):
        key = np.sort(codes[votes] * len(ranks) + ranks[value[votes]])
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        count = np.diff(np.r_[starts, len(key)])
        event, rank = np.divmod(key[starts], len(ranks))
        order = stable_order(event, count.max() - count, rank)  # most votes first, then code point order
        event, rank = event[order], rank[order]
        top = np.r_[True, event[1:] != event[:-1]]
        plain = np.empty(len(ranks), dtype=object)
        plain[ranks] = names
        family[event[top]] = plain[rank[top]]
    return pd.array(family, dtype="str")


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
