"""Reconciliation of claims into events, checked against facts read off the articles by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.chronology import build_chronology, conflicts, load_chronology, reconcile
from analysis.claims import load_claims
from analysis.places import load_places


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return build_chronology().set_index("event_id")


def test_rawa_reuters_friday_and_afp_november_17_agree(events):
    rawa = events.loc["rawa:retaken:1"]
    assert (rawa["date_earliest"], rawa["date_latest"], rawa["precision"]) == (date(2017, 11, 17),) * 2 + (
        "day",
    )
    assert rawa["agreement"] == "agreed"
    assert rawa["source_ids"] == "afp-timeline|bbc-rawa|reuters-rawa"
    assert rawa["n_claims"] == 4


def test_mosul_bbc_july_and_afp_july_9_agree(events):
    mosul = events.loc["mosul:retaken:1"]
    assert (mosul["date_earliest"], mosul["date_latest"]) == (date(2017, 7, 9), date(2017, 7, 9))
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
        date(2015, 5, 1),
        date(2016, 3, 1),
        date(2016, 3, 1),
        date(2017, 3, 1),
    ]
    assert list(palmyra["date_latest"]) == [
        date(2015, 5, 31),
        date(2016, 3, 31),
        date(2016, 12, 31),
        date(2017, 3, 31),
    ]


def test_caliphate_summer_2014_from_three_sources(events):
    caliphate = events.loc["iraq-and-syria:caliphate_proclaimed:1"]
    assert (caliphate["date_earliest"], caliphate["date_latest"]) == (date(2014, 6, 1), date(2014, 8, 31))
    assert caliphate["precision"] == "season" and caliphate["n_sources"] == 3


def test_raqqa_three_sources_narrow_to_october_2017(events):
    raqqa = events.loc["raqqa:retaken:1"]
    assert (raqqa["date_earliest"], raqqa["date_latest"], raqqa["precision"]) == (
        date(2017, 10, 1),
        date(2017, 10, 31),
        "month",
    )


def test_every_claimed_event_is_in_the_chronology(events):
    claims = load_claims()
    keys = set(zip(claims["place_id"], claims["event"], claims["episode"], strict=True))
    assert len(events) == len(keys)
    assert set(zip(events["place_id"], events["event"], events["episode"], strict=True)) == keys


def test_committed_chronology_is_up_to_date():
    """data/processed/chronology.csv must be regenerated (make figures) after any data change."""
    committed = load_chronology().astype(str)
    fresh = build_chronology().astype(str)
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


def test_disjoint_windows_are_a_conflict_spanning_both():
    claims = pd.DataFrame(
        [
            _claim("a", "s1", date(2017, 10, 1), date(2017, 10, 31)),
            _claim("b", "s2", date(2017, 12, 1), date(2017, 12, 31)),
        ]
    )
    event = reconcile(claims, load_places()).iloc[0]
    assert event["agreement"] == "conflict"
    assert (event["date_earliest"], event["date_latest"]) == (date(2017, 10, 1), date(2017, 12, 31))
    listed = conflicts(reconcile(claims, load_places()), claims)
    assert list(listed["claim_id"]) == ["a", "b"]


def test_overlapping_windows_narrow_to_the_intersection():
    claims = pd.DataFrame(
        [
            _claim("a", "s1", date(2017, 10, 1), date(2017, 10, 31)),
            _claim("b", "s2", date(2017, 10, 20), date(2017, 11, 5), "range"),
        ]
    )
    event = reconcile(claims, load_places()).iloc[0]
    assert (event["date_earliest"], event["date_latest"]) == (date(2017, 10, 20), date(2017, 10, 31))
    assert event["agreement"] == "agreed" and event["precision"] == "range"


def test_two_claims_from_one_source_are_single_source():
    claims = pd.DataFrame(
        [
            _claim("a", "s1", date(2017, 10, 1), date(2017, 10, 31)),
            _claim("b", "s1", date(2017, 10, 5), date(2017, 10, 5), "day"),
        ]
    )
    event = reconcile(claims, load_places()).iloc[0]
    assert event["agreement"] == "single-source" and event["precision"] == "day"


def test_a_claim_without_a_key_is_an_error_not_dropped():
    claims = pd.DataFrame(
        [
            _claim("a", "s1", date(2017, 10, 1), date(2017, 10, 31)),
            _claim("b", "s2", date(2017, 10, 1), date(2017, 10, 31)),
        ]
    )
    claims.loc[1, "place_id"] = None
    with pytest.raises(ValueError, match=r"\['b'\]"):
        reconcile(claims, load_places())
