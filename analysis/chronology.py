"""Reconcile claims into events: one row per (place, event, episode).

Claims are compared only with claims of the same **milestone** (control, declared, cleared,
partial: :data:`analysis.vocabulary.MILESTONES`): :func:`reconcile_milestones` gives one row per
(place, event, episode, milestone). The windows of its claims are intersected; when they do
not intersect the row is marked ``conflict``, its window is the span of the claims' windows,
and the conflict is listed by :func:`conflicts` — never resolved by preferring one source. The
span is that of the claims that date the event: an undated one (``before-publication``, bounded
only by its page) does not stretch it back to the study start.

:func:`reconcile` gives the chronology: one row per event, dated by its first milestone in
:data:`analysis.vocabulary.MILESTONE_PRIORITY` order (column ``milestone`` says which; column
``milestones`` lists every milestone the event has; the others stay in the milestone table).

``agreement`` is ``agreed`` (two or more independent sources, windows intersect),
``single-source`` (fewer than two independent sources) or ``conflict``. Sources are
independent when they carry different newsrooms' reporting (``origin`` in the manifest: two
copies of one Reuters story count once). Wikipedia is a secondary, retrospective source: it is
never counted as an independent confirmation (``n_independent`` counts the other origins), but
a disagreement it voices is a conflict. **Confirmation needs dates**: only claims that date the
event count towards ``n_independent`` (:func:`analysis.vocabulary.dates_the_event`); an
undated or true-at-publication statement supports that the event happened, and its window
still takes part in the intersection, but it never makes an event ``agreed``.
``tiers`` says which evidence tiers support the event (``cited``, ``quoted`` or ``cited|quoted``).

Dates are ``datetime64[ns]`` (midnight of each day); a window is inclusive at both ends. A
missing date (NaT) is ignored when windows are intersected, as pandas' ``max`` and ``min`` do.
Lists (``actors``, ``source_ids``, ``claim_ids``, ``tiers``) hold distinct non-empty values in
code point order, joined by '|'. Rows are sorted by window (earliest, then latest; missing
last), ties by place, event, episode and milestone.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.output import read_generated_csv
from analysis.paths import DATA, data_files
from analysis.schema import columns
from analysis.vocabulary import (
    AGREED,
    CONFLICT,
    MILESTONE_PRIORITY,
    NOT_INDEPENDENT_GROUPS,
    SINGLE_SOURCE,
    UNKNOWN_ACTOR,
    dates_the_event,
    event_id,
)

KEY = ["place_id", "event", "episode"]
MILESTONE_KEY = [*KEY, "milestone"]
# Claim columns that older callers may omit, with the value they stand for.
CLAIM_DEFAULTS = {"milestone": "control", "tier": "quoted", "source_group": ""}
COLUMNS = list(columns("chronology"))
WINDOW = ["date_earliest", "date_latest"]


def reconcile(claims: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The chronology: one row per event (place, event, episode); see :func:`reconcile_with_milestones`."""
    return reconcile_with_milestones(claims, places)[0]


def reconcile_with_milestones(
    claims: pd.DataFrame, places: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chronology and its milestone rows (:func:`reconcile_milestones`), reconciled once.

    Chronology: one row per event (place, event, episode), in the milestone rows' order.
    Each event is its milestone row that comes first in :data:`MILESTONE_PRIORITY` order (a
    milestone outside it comes after, in code point order); ``milestones`` lists all of the
    event's milestones in that order and ``tiers`` the distinct tiers of all of its claims, an
    empty tier included (it sorts first), both joined by '|'.
    """
    claims = _prepared(claims)
    rows = _milestone_rows(claims, places)
    rank = {milestone: i for i, milestone in enumerate(MILESTONE_PRIORITY)}
    ranked = rows.assign(rank=rows["milestone"].map(rank).fillna(len(rank)))
    ranked = ranked.sort_values(["rank", "milestone"], kind="stable")
    milestones = _concatenated(ranked["milestone"], ranked[KEY])
    tiers = _joined(claims, KEY, "tier", keep_empty=True)
    chronology = rows[rows.index.isin(ranked.drop_duplicates(KEY).index)].reset_index(drop=True)
    by_event = pd.MultiIndex.from_frame(chronology[KEY])
    chronology["milestones"] = pd.array(milestones.reindex(by_event).to_numpy(), dtype="str")
    chronology["tiers"] = pd.array(tiers.reindex(by_event, fill_value="").to_numpy(), dtype="str")
    return chronology, rows


def reconcile_milestones(claims: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """One row per (place, event, episode, milestone); columns as the chronology's.

    ``claims`` needs ``claim_id, source_id, place_id, event, episode, actor, date_earliest,
    date_latest, precision``, and may carry ``milestone``, ``tier``, ``source_group``
    (defaults: :data:`CLAIM_DEFAULTS`), ``origin`` (default: the claim's source) and
    ``actor_family``. ``milestones`` and ``tiers`` describe the row's own claims.
    """
    return _milestone_rows(_prepared(claims), places)


def _prepared(claims: pd.DataFrame) -> pd.DataFrame:
    """``claims`` with defaults filled in, dates as ``datetime64[ns]`` and an ``independent``
    column: the claim's origin, or missing when its source group never confirms (Wikipedia) or
    the claim does not date its event (:func:`analysis.vocabulary.dates_the_event`: undated or
    true at publication; confirmation needs dates).
    Raises ValueError naming the claims without a key: no claim is dropped silently."""
    missing = claims[list(KEY)].isna().any(axis=1)
    if "milestone" in claims:
        missing |= claims["milestone"].isna()
    if missing.any():
        raise ValueError(
            f"claims without place_id, event, episode or milestone: {list(claims.loc[missing, 'claim_id'])}"
        )
    defaults = {column: value for column, value in CLAIM_DEFAULTS.items() if column not in claims}
    claims = claims.assign(**defaults)
    origin = claims["origin"] if "origin" in claims else claims["source_id"]
    return claims.assign(
        date_earliest=pd.to_datetime(claims["date_earliest"]).astype("datetime64[ns]"),
        date_latest=pd.to_datetime(claims["date_latest"]).astype("datetime64[ns]"),
        independent=origin.where(
            ~claims["source_group"].isin(NOT_INDEPENDENT_GROUPS) & dates_the_event(claims["precision"])
        ),
    )


def _milestone_rows(claims: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """:func:`reconcile_milestones` on :func:`_prepared` claims."""
    key = MILESTONE_KEY
    undated = ~dates_the_event(claims["precision"])
    claims = claims.assign(
        dated_lo=claims["date_earliest"].where(~undated), dated_hi=claims["date_latest"].where(~undated)
    )
    rows = claims.groupby(key).agg(
        lo=("date_earliest", "max"),
        hi=("date_latest", "min"),
        span_lo=("dated_lo", "min"),
        span_hi=("dated_hi", "max"),
        all_lo=("date_earliest", "min"),
        all_hi=("date_latest", "max"),
        n_claims=("claim_id", "size"),
        n_sources=("source_id", "nunique"),
        n_independent=("independent", "nunique"),
    )
    # The span of a conflict: of the dated claims (an undated one, bounded only by publication,
    # would stretch it back to the study start); of all claims when none is dated.
    rows["span_lo"] = rows["span_lo"].fillna(rows["all_lo"])
    rows["span_hi"] = rows["span_hi"].fillna(rows["all_hi"])
    conflict = rows["lo"] > rows["hi"]  # False when either is missing
    rows["date_earliest"] = rows["lo"].where(~conflict, rows["span_lo"])
    rows["date_latest"] = rows["hi"].where(~conflict, rows["span_hi"])
    rows["agreement"] = SINGLE_SOURCE
    rows.loc[rows["n_independent"] >= 2, "agreement"] = AGREED
    rows.loc[conflict, "agreement"] = CONFLICT
    rows["precision"] = _precision(claims, rows)
    for column, name in [
        ("actor", "actors"),
        ("source_id", "source_ids"),
        ("claim_id", "claim_ids"),
        ("tier", "tiers"),
    ]:
        rows[name] = _joined(claims, key, column).reindex(rows.index, fill_value="")
    rows["actor_family"] = _actor_family(claims, key).reindex(rows.index, fill_value=UNKNOWN_ACTOR)
    rows = rows.reset_index().sort_values(WINDOW, kind="stable").reset_index(drop=True)
    names = places.set_index("place_id")[["name", "country"]].rename(columns={"name": "place"})
    rows = rows.join(names, on="place_id")
    rows["event_id"] = event_id(rows["place_id"], rows["event"], rows["episode"])
    rows["milestones"] = rows["milestone"]
    text = [
        "event_id",
        "precision",
        "actors",
        "source_ids",
        "claim_ids",
        "agreement",
        "actor_family",
        "tiers",
    ]
    return rows[COLUMNS].astype({column: "str" for column in text})


def _joined(claims: pd.DataFrame, key: list[str], column: str, keep_empty: bool = False) -> pd.Series:
    """Per group of ``key``: the distinct non-missing values of ``column``, in code point order,
    joined by '|'; an empty value is left out unless ``keep_empty``."""
    values = claims[[*key, column]].dropna()
    if not keep_empty:
        values = values[values[column] != ""]
    values = values.drop_duplicates().sort_values(column, kind="stable")
    return _concatenated(values[column], values[key])


def _concatenated(values: pd.Series, by: pd.DataFrame | list[pd.Series]) -> pd.Series:
    """Per group of ``by``: its ``values`` (strings) in their order, joined by '|' (a groupby sum)."""
    return ("|" + values).groupby(by if isinstance(by, list) else [by[c] for c in by]).sum().str[1:]


def _precision(claims: pd.DataFrame, rows: pd.DataFrame) -> pd.Series:
    """Per row: ``day`` for a one-day window; else the precision of a claim whose window is
    exactly the row's (the smallest ``claim_id`` among several, then the first); else ``range``."""
    window = claims.join(rows[WINDOW].add_suffix("_row"), on=MILESTONE_KEY)
    exact = window[
        (window["date_earliest"] == window["date_earliest_row"])
        & (window["date_latest"] == window["date_latest_row"])
    ]
    exact = exact.sort_values("claim_id", kind="stable", na_position="last").drop_duplicates(MILESTONE_KEY)
    precision = exact.set_index(MILESTONE_KEY)["precision"].reindex(rows.index).fillna("range")
    return precision.where(rows["date_earliest"] != rows["date_latest"], "day")


def _actor_family(claims: pd.DataFrame, key: list[str]) -> pd.Series:
    """Per group: the actor family its claims name most often (ties: the first in code point
    order). Claims whose family is ``unknown`` or missing do not vote (groups without a vote
    are left out: they are ``unknown``)."""
    if "actor_family" not in claims:
        return pd.Series(dtype="str")
    votes = claims[claims["actor_family"].notna() & (claims["actor_family"] != UNKNOWN_ACTOR)]
    counts = votes.groupby([*key, "actor_family"]).size().rename("votes").reset_index()
    counts = counts.sort_values(["votes", "actor_family"], ascending=[False, True], kind="stable")
    return counts.drop_duplicates(key).set_index(key)["actor_family"]


def conflicts(milestones: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims behind every conflicting row of ``milestones`` (:func:`reconcile_milestones`; the
    chronology works too), one row per claim, with its window, quote or locator."""
    missing = {column: value for column, value in CLAIM_DEFAULTS.items() if column not in claims}
    claims = claims.assign(**missing)
    key = MILESTONE_KEY if "milestone" in milestones else KEY
    keys = milestones.loc[milestones["agreement"] == CONFLICT, key]
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
    for col in WINDOW:
        table[col] = pd.to_datetime(table[col])
    return table.astype({"episode": int, "n_claims": int, "n_sources": int, "n_independent": int})
