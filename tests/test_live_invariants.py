"""Invariants of the live data: true of any corpus, so adding a source never breaks them.

(Expectations worked out by hand live in the other test modules and run on the frozen
corpus in tests/fixtures/.)
"""

from __future__ import annotations

from analysis import findings
from analysis.vocabulary import ACTOR_FAMILIES, PRECISIONS, event_id


def test_every_quoted_source_has_its_verified_text_and_no_cited_one_has(live):
    quoted = live.sources["tier"] == "quoted"
    assert set(live.texts) == set(live.sources.loc[quoted, "source_id"])
    assert (live.sources.loc[~quoted, ["original_file", "sha256"]] == "").all().all()


def test_every_claim_resolves_to_a_window_and_one_event(live):
    claims, chronology, milestones = live.claims, live.chronology, live.milestones
    assert claims["date_earliest"].notna().all() and (claims["date_earliest"] <= claims["date_latest"]).all()
    assert set(claims["precision"]) <= set(PRECISIONS)
    listed = [cid for ids in milestones["claim_ids"] for cid in ids.split("|")]
    assert sorted(listed) == sorted(claims["claim_id"]) and milestones["n_claims"].sum() == len(claims)
    assert set(milestones["event_id"]) == set(chronology["event_id"]) and chronology["event_id"].is_unique
    assert set(event_id(claims["place_id"], claims["event"], claims["episode"])) == set(
        chronology["event_id"]
    )


def test_every_event_is_a_gazetteer_place_with_a_consistent_agreement(live):
    chronology = live.chronology
    assert (
        chronology["place"].notna().all() and (chronology["date_earliest"] <= chronology["date_latest"]).all()
    )
    single = chronology["n_independent"] < 2  # Wikipedia never confirms
    conflict = chronology["agreement"] == "conflict"
    assert (chronology["n_independent"] <= chronology["n_sources"]).all()
    assert ((chronology["agreement"] == "single-source") == (single & ~conflict)).all()
    assert ((chronology["agreement"] == "agreed") == (~single & ~conflict)).all()
    assert set(chronology["actor_family"]) <= set(ACTOR_FAMILIES)


def test_findings_are_consistent_counts(live):
    e = findings.evidence(live)
    assert e.single_source + e.multi_source + e.conflicts == e.events == len(live.chronology)
    assert e.dated_claims + e.undated_claims == e.claims == e.quoted_claims + e.cited_claims
    assert e.first_published <= e.last_published
    for share in (findings.recaptures_in_year(live, 2017), findings.recaptures_in_last_quarter(live)[0]):
        assert 0 <= share.count <= share.total == len(findings.dated_recaptures(live))
    last = findings.last_towns_on_euphrates(live)
    assert 0 <= last.on_euphrates <= last.retaken <= findings.n_towns(live)
    longest = findings.longest_closed_span(live)
    assert 0 <= longest.min_days <= longest.max_days
