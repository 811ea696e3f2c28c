"""Reconciliation of claims into events, checked against facts read off the articles by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.chronology import COLUMNS, conflicts, load_chronology, reconcile


@pytest.fixture(scope="module")
def events(corpus) -> pd.DataFrame:
    return corpus.chronology.set_index("event_id")


@pytest.fixture(scope="module")
def places(corpus) -> pd.DataFrame:
    return corpus.places


def test_rawa_reuters_friday_and_afp_november_17_agree(events):
    rawa = events.loc["rawa:retaken:1"]
    assert (rawa["date_earliest"], rawa["date_latest"], rawa["precision"]) == (
        pd.Timestamp(2017, 11, 17),
    ) * 2 + ("day",)
    assert rawa["agreement"] == "agreed"
    assert rawa["source_ids"] == "afp-timeline|itv-rawa|reuters-rawa"
    assert rawa["n_claims"] == 4


def test_mosul_itv_july_and_afp_july_9_agree(events):
    mosul = events.loc["mosul:retaken:1"]
    assert (mosul["date_earliest"], mosul["date_latest"]) == (
        pd.Timestamp(2017, 7, 9),
        pd.Timestamp(2017, 7, 9),
    )
    assert mosul["agreement"] == "agreed" and mosul["n_sources"] == 3


def test_palmyra_changed_hands_four_times_in_order(events):
    palmyra = events[events["place_id"] == "palmyra"].sort_values("date_earliest")
    assert list(zip(palmyra["event"], palmyra["episode"], strict=True)) == [
        ("seized", 1),
        ("retaken", 1),
        ("seized", 2),
        ("retaken", 2),
    ]
    assert list(palmyra["date_earliest"]) == [
        pd.Timestamp(2015, 5, 1),
        pd.Timestamp(2016, 3, 1),
        pd.Timestamp(2016, 3, 1),
        pd.Timestamp(2017, 3, 1),
    ]
    assert list(palmyra["date_latest"]) == [
        pd.Timestamp(2015, 5, 31),
        pd.Timestamp(2016, 3, 31),
        pd.Timestamp(2016, 12, 31),
        pd.Timestamp(2017, 3, 31),
    ]


def test_caliphate_summer_2014_from_three_sources(events):
    caliphate = events.loc["iraq-and-syria:caliphate_proclaimed:1"]
    assert (caliphate["date_earliest"], caliphate["date_latest"]) == (
        pd.Timestamp(2014, 6, 1),
        pd.Timestamp(2014, 8, 31),
    )
    assert caliphate["precision"] == "season" and caliphate["n_sources"] == 3


def test_raqqa_three_sources_narrow_to_october_2017(events):
    raqqa = events.loc["raqqa:retaken:1"]
    assert (raqqa["date_earliest"], raqqa["date_latest"], raqqa["precision"]) == (
        pd.Timestamp(2017, 10, 1),
        pd.Timestamp(2017, 10, 31),
        "month",
    )


def test_every_claimed_event_is_in_the_chronology(live):
    claims, events = live.claims, live.chronology
    keys = set(zip(claims["place_id"], claims["event"], claims["episode"], strict=True))
    assert len(events) == len(keys)
    assert set(zip(events["place_id"], events["event"], events["episode"], strict=True)) == keys


def test_committed_chronology_is_up_to_date(live):
    """data/processed/chronology.csv must be regenerated (make figures) after any data change."""
    committed = load_chronology(live.data_dir).astype(str)
    fresh = live.chronology.astype(str)
    pd.testing.assert_frame_equal(committed, fresh)


def _claim(claim_id, source_id, earliest, latest, precision="month"):
    return {
        "claim_id": claim_id,
        "source_id": source_id,
        "place_id": "raqqa",
        "event": "retaken",
        "episode": 1,
        "actor": "",
        "date_text": "",
        "quote": "",
        "date_earliest": earliest,
        "date_latest": latest,
        "precision": precision,
    }


def test_disjoint_windows_are_a_conflict_spanning_both(places):
    claims = pd.DataFrame(
        [
            _claim("a", "s1", pd.Timestamp(2017, 10, 1), pd.Timestamp(2017, 10, 31)),
            _claim("b", "s2", pd.Timestamp(2017, 12, 1), pd.Timestamp(2017, 12, 31)),
        ]
    )
    event = reconcile(claims, places).iloc[0]
    assert event["agreement"] == "conflict"
    assert (event["date_earliest"], event["date_latest"]) == (
        pd.Timestamp(2017, 10, 1),
        pd.Timestamp(2017, 12, 31),
    )
    listed = conflicts(reconcile(claims, places), claims)
    assert list(listed["claim_id"]) == ["a", "b"]


def test_overlapping_windows_narrow_to_the_intersection(places):
    claims = pd.DataFrame(
        [
            _claim("a", "s1", pd.Timestamp(2017, 10, 1), pd.Timestamp(2017, 10, 31)),
            _claim("b", "s2", pd.Timestamp(2017, 10, 20), pd.Timestamp(2017, 11, 5), "range"),
        ]
    )
    event = reconcile(claims, places).iloc[0]
    assert (event["date_earliest"], event["date_latest"]) == (
        pd.Timestamp(2017, 10, 20),
        pd.Timestamp(2017, 10, 31),
    )
    assert event["agreement"] == "agreed" and event["precision"] == "range"


def test_two_claims_from_one_source_are_single_source(places):
    claims = pd.DataFrame(
        [
            _claim("a", "s1", pd.Timestamp(2017, 10, 1), pd.Timestamp(2017, 10, 31)),
            _claim("b", "s1", pd.Timestamp(2017, 10, 5), pd.Timestamp(2017, 10, 5), "day"),
        ]
    )
    event = reconcile(claims, places).iloc[0]
    assert event["agreement"] == "single-source" and event["precision"] == "day"


def test_a_claim_without_a_key_is_an_error_not_dropped(places):
    claims = pd.DataFrame(
        [
            _claim("a", "s1", pd.Timestamp(2017, 10, 1), pd.Timestamp(2017, 10, 31)),
            _claim("b", "s2", pd.Timestamp(2017, 10, 1), pd.Timestamp(2017, 10, 31)),
        ]
    )
    claims.loc[1, "place_id"] = None
    with pytest.raises(ValueError, match=r"\['b'\]"):
        reconcile(claims, places)


def test_reconcile_matches_a_plain_groupby_reference(places):
    rng = np.random.default_rng(3)
    n = 400
    ids = places["place_id"].to_numpy()
    start = np.datetime64("2014-01-01") + rng.integers(0, 1400, n)
    claims = pd.DataFrame(
        {
            "claim_id": [f"c{i:x}" for i in rng.permutation(n)],
            "source_id": rng.choice(["s1", "s2", "s3", "s4"], n),
            "place_id": rng.choice(ids, n),
            "event": rng.choice(["seized", "retaken"], n),
            "episode": rng.integers(1, 3, n),
            "actor": rng.choice(["", "IS", "SDF", "Z", "é"], n),
            "actor_family": rng.choice(["unknown", "sdf", "islamic-state", "iraqi-government"], n),
            "date_earliest": pd.to_datetime(start).date,
            "date_latest": pd.to_datetime(start + rng.choice([0, 0, 30, 200], n)).date,
            "precision": rng.choice(["day", "month", "range"], n),
            "milestone": rng.choice(["control", "control", "declared", "cleared", "partial"], n),
        }
    )
    source_group = {"s1": "news", "s2": "wikipedia", "s3": "us-government", "s4": "news"}
    tier = {"s1": "quoted", "s2": "cited", "s3": "cited", "s4": "cited"}
    origin = {
        "s1": "wire A",
        "s2": "Wikipedia",
        "s3": "ministry",
        "s4": "wire A",
    }  # s4 copies s1's wire story
    claims["source_group"] = claims["source_id"].map(source_group)
    claims["tier"] = claims["source_id"].map(tier)
    claims["origin"] = claims["source_id"].map(origin)
    pd.testing.assert_frame_equal(reconcile(claims, places), _reference_reconcile(claims, places))


@pytest.mark.parametrize("optional_columns", ["per claim", "per event", "absent"])
def test_reconcile_matches_the_reference_with_many_values_and_defaults(places, optional_columns):
    # 3000 claims on few places: long runs of claim ids, 80 sources and 70 actors (more than a
    # bit mask holds), empty tiers; milestones varying within events or one per event (then
    # every event is one milestone row); or, without the optional columns, their defaults.
    rng = np.random.default_rng(11)
    n = 3000
    start = np.datetime64("2014-01-01") + rng.integers(0, 60, n)
    sources = np.array([f"s{i}" for i in range(80)])
    claims = pd.DataFrame(
        {
            "claim_id": rng.permutation([f"c{i}" for i in range(n)]),
            "source_id": rng.choice(sources, n),
            "place_id": rng.choice(places["place_id"].to_numpy()[:6], n),
            "event": rng.choice(["seized", "retaken"], n),
            "episode": rng.integers(1, 3, n),
            "actor": rng.choice(["", *(f"actor {i}" for i in range(70))], n),
            "actor_family": rng.choice(["unknown", "sdf", "islamic-state"], n),
            "date_earliest": pd.to_datetime(start).date,
            "date_latest": pd.to_datetime(start + rng.choice([0, 3, 40], n)).date,
            "precision": rng.choice(["day", "month", "range"], n),
        }
    )
    filled = {"milestone": "control", "tier": "quoted", "source_group": "", "origin": claims["source_id"]}
    if optional_columns != "absent":
        filled = {
            "milestone": rng.choice(["control", "declared", "partial"], n),
            "tier": rng.choice(["quoted", "cited", ""], n),
            "source_group": rng.choice(["news", "wikipedia"], n),
            "origin": rng.choice(["wire A", "wire B", "ministry"], n),
        }
        if optional_columns == "per event":
            by_event = claims["place_id"].str.len() + claims["episode"] + (claims["event"] == "seized")
            filled["milestone"] = np.array(["control", "declared", "partial"])[by_event % 3]
        claims = claims.assign(**filled)
    expected = _reference_reconcile(claims.assign(**filled), places)
    pd.testing.assert_frame_equal(reconcile(claims, places), expected)


def _reference_reconcile(claims: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The groupby + per-group Python implementation reconcile replaced (slow, obviously right).

    Per (place, event, episode, milestone): windows intersected (span on conflict); Wikipedia
    never counts towards agreement, nor does an undated or true-at-publication claim; each event keeps its first milestone of control, declared,
    cleared, partial; ``milestones`` and ``tiers`` cover all of the event's claims.
    """
    key = ["place_id", "event", "episode", "milestone"]
    c = claims.assign(
        date_earliest=pd.to_datetime(claims["date_earliest"]).astype("datetime64[ns]"),
        date_latest=pd.to_datetime(claims["date_latest"]).astype("datetime64[ns]"),
        independent=claims["origin"].where(
            (claims["source_group"] != "wikipedia")
            & ~claims["precision"].isin(["publication", "before-publication"])
        ),
    )

    def join(values: pd.Series) -> str:
        return "|".join(sorted({v for v in values if v}))

    events = (
        c.groupby(key, sort=False)
        .agg(
            lo=("date_earliest", "max"),
            hi=("date_latest", "min"),
            span_lo=("date_earliest", "min"),
            span_hi=("date_latest", "max"),
            n_claims=("claim_id", "size"),
            n_sources=("source_id", "nunique"),
            n_independent=("independent", "nunique"),
            source_ids=("source_id", join),
            claim_ids=("claim_id", join),
            actors=("actor", join),
        )
        .reset_index()
    )
    conflict = events["lo"] > events["hi"]
    events["date_earliest"] = events["lo"].where(~conflict, events["span_lo"])
    events["date_latest"] = events["hi"].where(~conflict, events["span_hi"])
    events["agreement"] = "agreed"
    events.loc[events["n_independent"] < 2, "agreement"] = "single-source"
    events.loc[conflict, "agreement"] = "conflict"
    merged = c.merge(events[[*key, "date_earliest", "date_latest"]], on=key, suffixes=("", "_event"))
    exact = merged[
        (merged["date_earliest"] == merged["date_earliest_event"])
        & (merged["date_latest"] == merged["date_latest_event"])
    ]
    finest = exact.sort_values("claim_id").drop_duplicates(key).set_index(key)["precision"]
    events["precision"] = events.join(finest, on=key)["precision"].fillna("range")
    events.loc[events["date_earliest"] == events["date_latest"], "precision"] = "day"
    names = places.set_index("place_id")[["name", "country"]].rename(columns={"name": "place"})
    events = events.join(names, on="place_id")

    def top_family(families: pd.Series) -> str:  # most votes, ties alphabetical; unknown does not vote
        named = sorted(f for f in families if f != "unknown")
        return max(sorted(set(named)), key=named.count) if named else "unknown"

    families = c.groupby(key)["actor_family"].agg(top_family).rename("actor_family")
    events = events.join(families, on=key)
    events["event_id"] = events["place_id"] + ":" + events["event"] + ":" + events["episode"].astype(str)
    events = events.sort_values(
        ["date_earliest", "date_latest", "place_id", "event", "episode", "milestone"], kind="stable"
    )
    order = {"control": 0, "declared": 1, "cleared": 2, "partial": 3}
    by_event = events.assign(rank=events["milestone"].map(order)).groupby("event_id")
    present = by_event.apply(lambda g: "|".join(g.sort_values("rank")["milestone"]), include_groups=False)
    best = by_event["rank"].transform("min") == events["milestone"].map(order)
    claim_events = c["place_id"] + ":" + c["event"] + ":" + c["episode"].astype(str)
    tiers = c.groupby(claim_events)["tier"].agg(lambda t: "|".join(sorted(set(t))))
    events = events[best].assign(
        milestones=lambda e: e["event_id"].map(present), tiers=lambda e: e["event_id"].map(tiers)
    )
    return events[COLUMNS].reset_index(drop=True).astype({"milestones": "str", "tiers": "str"})


def test_date_columns_are_datetime64_and_filter_by_iso_strings(corpus):
    chronology, claims = corpus.chronology, corpus.claims
    for table in (chronology, claims):
        assert all(str(table[c].dtype).startswith("datetime64") for c in ("date_earliest", "date_latest"))
    in_2017 = chronology[chronology["date_earliest"] >= "2017-01-01"]
    # 2017 in the frozen corpus: events whose window starts on or after 1 January 2017
    assert len(in_2017) == int((chronology["date_earliest"].dt.year >= 2017).sum()) > 0


def test_one_reconciliation_gives_the_chronology_and_its_milestone_rows(corpus):
    from analysis.chronology import reconcile_milestones, reconcile_with_milestones

    chronology, milestones = reconcile_with_milestones(corpus.claims, corpus.places)
    pd.testing.assert_frame_equal(milestones, reconcile_milestones(corpus.claims, corpus.places))
    pd.testing.assert_frame_equal(chronology, corpus.chronology)
    # every event of the chronology is one of its milestone rows
    assert set(chronology["event_id"]) <= set(milestones["event_id"])


# --- confirmation needs dates -------------------------------------------------------------------


def test_an_undated_statement_never_confirms_a_date(places):
    """One source dates the recapture (October 2017), another says only that it happened before its
    publication: the event happened (two sources), but only one dates it, so it is not agreed."""
    claims = pd.DataFrame(
        [
            _claim("a", "s1", pd.Timestamp(2017, 10, 1), pd.Timestamp(2017, 10, 31)),
            _claim("b", "s2", pd.Timestamp(2014, 1, 1), pd.Timestamp(2017, 12, 9), "before-publication"),
        ]
    )
    event = reconcile(claims, places).iloc[0]
    assert (event["n_sources"], event["n_independent"], event["agreement"]) == (2, 1, "single-source")
    # the undated window still takes part in the intersection (here it changes nothing)
    assert (event["date_earliest"], event["date_latest"]) == (
        pd.Timestamp(2017, 10, 1),
        pd.Timestamp(2017, 10, 31),
    )


def test_a_true_at_publication_statement_never_confirms_a_date(places):
    """'have now liberated' (precision publication) on the very day another source dates: still one dating source."""
    claims = pd.DataFrame(
        [
            _claim("a", "s1", pd.Timestamp(2017, 11, 17), pd.Timestamp(2017, 11, 17), "day"),
            _claim("b", "s2", pd.Timestamp(2017, 11, 17), pd.Timestamp(2017, 11, 17), "publication"),
        ]
    )
    assert reconcile(claims, places).iloc[0]["agreement"] == "single-source"


def test_two_dated_statements_from_independent_sources_agree_beside_an_undated_one(places):
    claims = pd.DataFrame(
        [
            _claim("a", "s1", pd.Timestamp(2017, 10, 1), pd.Timestamp(2017, 10, 31)),
            _claim("b", "s2", pd.Timestamp(2017, 10, 17), pd.Timestamp(2017, 10, 17), "day"),
            _claim("c", "s3", pd.Timestamp(2014, 1, 1), pd.Timestamp(2017, 12, 9), "before-publication"),
        ]
    )
    event = reconcile(claims, places).iloc[0]
    assert (event["n_independent"], event["agreement"]) == (2, "agreed")
