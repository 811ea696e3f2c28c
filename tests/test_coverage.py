"""The coverage report on a hand-built corpus: every expected count worked out by hand."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd

from analysis.chronology import reconcile
from analysis.coverage import coverage, place_sides, report_lines, wikipedia_alone

PLACES = pd.DataFrame(
    {
        "place_id": ["a", "b", "c", "d-airbase", "e"],
        "name": ["A", "B", "C", "D airbase", "E"],
        "kind": ["town", "town", "village", "airbase", "town"],
        "country": ["IRQ"] * 5,
    }
)


def _claim(claim_id, place, event, source, group, origin, day, precision="day", milestone="control"):
    when = date.fromisoformat(day)
    return {
        "claim_id": claim_id,
        "source_id": source,
        "source_group": group,
        "origin": origin,
        "tier": "cited",
        "place_id": place,
        "event": event,
        "episode": 1,
        "milestone": milestone,
        "actor": "",
        "date_earliest": date(2014, 1, 1) if precision == "before-publication" else when,
        "date_latest": when,
        "precision": precision,
    }


CLAIMS = pd.DataFrame(
    [
        # A: seizure by Reuters and AP (2 independent), recapture by AFP and an AFP copy (1)
        _claim("a1", "a", "seized", "r1", "news", "Reuters", "2014-06-10"),
        _claim("a2", "a", "seized", "ap1", "news", "AP", "2014-06-10"),
        _claim("a3", "a", "retaken", "afp1", "news", "AFP", "2016-05-01"),
        _claim("a4", "a", "retaken", "afp2", "news", "AFP", "2016-05-01"),
        # B: seizure dated by Wikipedia alone; recapture only undated (does not date it)
        _claim("b1", "b", "seized", "wp", "wikipedia", "Wikipedia", "2014-08-01"),
        _claim("b2", "b", "retaken", "n1", "news", "N1", "2017-01-01", precision="before-publication"),
        # C: recapture dated, and a disputed seizure claim (never dates a side)
        _claim("c1", "c", "retaken", "n2", "news", "N2", "2015-03-03"),
        _claim("c2", "c", "seized", "n3", "news", "N3", "2014-07-07", milestone="disputed"),
        # D airbase: both sides dated (a site: a place, not a town)
        _claim("d1", "d-airbase", "seized", "n4", "news", "N4", "2014-08-24"),
        _claim("d2", "d-airbase", "retaken", "n5", "news", "N5", "2017-03-26"),
        # E: an offensive only (no control event: not among the places)
        _claim("e1", "e", "offensive_launched", "n6", "news", "N6", "2017-06-10"),
    ]
)


def _data():
    facts = pd.DataFrame({"fact_id": ["a1", "b1", "x"]})
    excluded = pd.DataFrame({"fact_id": ["x"], "reason": ["vague: 'soon' names no window"]})
    return SimpleNamespace(
        places=PLACES,
        claims=CLAIMS,
        chronology=reconcile(CLAIMS, PLACES),
        facts=facts,
        excluded_facts=excluded,
    )


def test_sides_of_each_place():
    sides = place_sides(_data()).set_index("place_id")
    assert list(sides.index) == ["a", "b", "c", "d-airbase"]  # E has no seizure or recapture event
    assert sides["seizure_dated"].to_dict() == {"a": True, "b": True, "c": False, "d-airbase": True}
    assert sides["recapture_dated"].to_dict() == {"a": True, "b": False, "c": True, "d-airbase": True}


def test_coverage_counts():
    c = coverage(_data())
    assert (c.places_both, c.places_seizure_only, c.places_recapture_only) == (2, 1, 1)  # A, D; B; C
    assert (c.towns_both, c.towns) == (1, 3)  # A of A, B, C (the airbase is not a town)
    # 9 events: A seized (2 origins), A retaken (AFP twice: 1), B seized (Wikipedia: 0), B retaken
    # (undated: 0), C retaken (1), C seized (disputed only: 1), D seized (1), D retaken (1), E offensive (1)
    assert c.events == 9
    assert c.by_independent == {"0": 2, "1": 6, "2": 1, "3+": 0}
    assert c.two_or_more == 1
    assert c.wikipedia_alone == 1 and list(wikipedia_alone(_data())) == ["b:seized:1"]
    assert (c.facts, c.facts_used, c.excluded) == (3, 2, (("x", "vague: 'soon' names no window"),))


def test_report_states_each_number():
    text = "\n".join(report_lines(coverage(_data())))
    assert "dated recapture: 2 (1 of 3 towns)" in text
    assert "two or more independent sources: 1 (11%) of 9" in text
    assert "Wikipedia alone: 1 (11%)" in text
    assert "x: vague: 'soon' names no window" in text


def test_batches_are_told_apart_by_their_keys():
    from analysis.cited import batch_of

    assert [
        batch_of(k) for k in ("01_voa_fallujah", "N07_aljazeera", "W44_dailymail", "E01_bbc", "S37_x")
    ] == [
        1,
        2,
        2,
        2,
        2,
    ]
    assert [batch_of(k) for k in ("A10_sputnikfr", "B08_haaretz", "C38_fna", "afp-timeline", "Nimrud")] == [
        3,
        3,
        3,
        0,
        0,
    ]
