"""Invariants of the live data: true of any corpus, so adding a source never breaks them.

(Expectations worked out by hand live in the other test modules and run on the frozen
corpus in tests/fixtures/.)
"""

from __future__ import annotations

from analysis import findings
from analysis.vocabulary import ACTOR_FAMILIES, PRECISIONS, event_id


def test_every_source_has_its_verified_text(live):
    assert set(live.texts) == set(live.sources["source_id"])


def test_every_claim_resolves_to_a_window_and_one_event(live):
    claims, chronology = live.claims, live.chronology
    assert claims["date_earliest"].notna().all() and (claims["date_earliest"] <= claims["date_latest"]).all()
    assert set(claims["precision"]) <= set(PRECISIONS)
    listed = [cid for ids in chronology["claim_ids"] for cid in ids.split("|")]
    assert sorted(listed) == sorted(claims["claim_id"]) and chronology["n_claims"].sum() == len(claims)
    assert set(event_id(claims["place_id"], claims["event"], claims["episode"])) == set(
        chronology["event_id"]
    )


def test_every_event_is_a_gazetteer_place_with_a_consistent_agreement(live):
    chronology = live.chronology
    assert (
        chronology["place"].notna().all() and (chronology["date_earliest"] <= chronology["date_latest"]).all()
    )
    single = chronology["n_sources"] == 1
    conflict = chronology["agreement"] == "conflict"
    assert ((chronology["agreement"] == "single-source") == (single & ~conflict)).all()
    assert ((chronology["agreement"] == "agreed") == (~single & ~conflict)).all()
    assert set(chronology["actor_family"]) <= set(ACTOR_FAMILIES)


def test_findings_are_consistent_counts(live):
    e = findings.evidence(live)
    assert e.single_source + e.multi_source == e.events == len(live.chronology)
    assert e.first_published <= e.last_published
    for share in (findings.recaptures_in_year(live, 2017), findings.recaptures_in_last_quarter(live)[0]):
        assert 0 <= share.count <= share.total == len(findings.dated_recaptures(live))
    last = findings.last_towns_on_euphrates(live)
    assert 0 <= last.on_euphrates <= last.retaken <= findings.n_towns(live)
    longest = findings.longest_closed_span(live)
    assert 0 <= longest.min_days <= longest.max_days
