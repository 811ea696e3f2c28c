"""The cited tier: every compiled fact accounted for, its windows recomputed, its faults reported,
and the reconciliation by milestone (Wikipedia never confirms).

Hand-computed expectations use small literal tables or the compiled facts file, which is raw
and frozen; tests of the live data check invariants only.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import tiers
from analysis.chronology import conflicts, reconcile, reconcile_milestones
from analysis.cited import coverage, window_differences
from analysis.validation import DataError


def test_every_compiled_fact_is_a_claim_or_left_out_with_a_reason(live):
    table = coverage(live.facts, live.excluded_facts, live.claims)
    assert len(table) == len(live.facts)
    used, left_out = table["event_id"] != "", table["reason_left_out"] != ""
    assert (used ^ left_out).all()
    assert set(table.loc[used, "event_id"]) <= set(live.milestones["event_id"])


def test_compiler_windows_that_the_resolver_reads_differently(live):
    # Worked out by hand from the date texts and the rules of analysis.dates: "early" is days 1-10
    # (the compiler stretched it to the 20th), "late June" days 21-30 (the compiler shifted it a
    # day), "by 31 August" with no anchor starts at the study start, and "4–17 October 2017" is the
    # whole range (the compiler kept its first day).
    expected = {
        "04_wp_northern_iraq_offensive_june_2014-sinjar-seized": (0, -10),
        "05_wp_war_in_iraq_2013-2017-al-qaim-seized": (1, 1),
        "05_wp_war_in_iraq_2013-2017-tal-afar-retaken": (
            (date(2014, 1, 1) - date(2017, 8, 20)).days,
            0,
        ),
        "33_wp_2017_mayadin_offensive-al-mayadin-offensive_launched": (0, 13),
    }
    differences = window_differences(live.facts, live.claims).set_index("fact_id")
    got = {f: (int(r["earliest_shift_days"]), int(r["latest_shift_days"])) for f, r in differences.iterrows()}
    assert {f: got.get(f) for f in expected} == expected
    # batch 1 has no other difference; every difference of any batch says why
    assert not [f for f in got if f not in expected and not f[:1].isalpha()]
    assert (differences["reason"] != "").all()


def test_a_window_unlike_the_compilers_must_say_why(live_copy):
    _edit(live_copy / "claims.csv", "Window: 'early' is days 1-10", "'early' is days 1-10")
    with pytest.raises(DataError) as err:
        analysis.load(live_copy)
    assert [p.column for p in err.value.problems] == ["note"]
    assert "sinjar-seized" in err.value.problems[0].message and "say why" in err.value.problems[0].message


@pytest.fixture
def live_copy(tmp_path, live) -> Path:
    target = tmp_path / "data"
    shutil.copytree(live.data_dir, target, ignore=shutil.ignore_patterns("processed", "external"))
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _drop_line(path: Path, startswith: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(startswith)]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")


WIKI_ROW = "05_wp_war_in_iraq_2013-2017-al-qaim-retaken,05_wp_war_in_iraq_2013-2017,al-qaim,retaken,1,Iraq,"
DOD_ROW = (
    "35_dod_qaim_liberated_2017-11-03-al-qaim-retaken,35_dod_qaim_liberated_2017-11-03,al-qaim,retaken,1,"
)
FAULTS = [  # (name, edit, column, message fragment)
    (
        "an event dated only by disputed claims",
        lambda d: _edit(d / "claims.csv", ",control,Qabasin,,para 3", ",disputed,Qabasin,,para 3"),
        "milestone",
        "is disputed",
    ),
    (
        "fact neither used nor excluded",
        lambda d: _drop_line(
            d / "excluded_facts.csv", "02_ap_chronology_raqqa_mosul_caliphate_2015-06-19-tikrit"
        ),
        "fact_id",
        "neither a claim in claims.csv nor listed with a reason",
    ),
    (
        "excluded fact also used",
        lambda d: _edit(
            d / "excluded_facts.csv",
            "06_wp_siege_of_kobani-kobane-reinfiltrated,",
            "05_wp_war_in_iraq_2013-2017-al-qaim-retaken,",
        ),
        "fact_id",
        "is both a claim and an excluded fact",
    ),
    (
        "place not a spelling",
        lambda d: _edit(d / "claims.csv", ",control,Al-Qa'im,2017,", ",control,Al-Kaim,2017,"),
        "place_as_written",
        "is not a spelling of place 'al-qaim'",
    ),
    (
        "Wikipedia dated from its copy date",
        lambda d: _edit(
            d / "claims.csv",
            "iraqi-government,,on 17 November,,,Conflicts",
            "iraqi-government,,today,,,Conflicts",
        ),
        "date_text",
        "counts from publication",
    ),
    (
        "no context year",
        lambda d: _edit(d / "claims.csv", ",control,Al-Qa'im,2017,", ",control,Al-Qa'im,,"),
        "date_context",
        "names no year",
    ),
    (
        "context on a dated source",
        lambda d: _edit(d / "claims.csv", ",declared,Qaim,,para 4", ",declared,Qaim,2017,para 4"),
        "date_context",
        "only a retrospective source",
    ),
    (
        "cited claim with a quote",
        lambda d: _edit(
            d / "claims.csv",
            ",iraqi-government,,today,,,Day of the coalition",
            ",iraqi-government,,today,,Qaim today,Day of the coalition",
        ),
        "quote",
        "a claim of a cited source has no quote",
    ),
    (
        "cited claim without locator",
        lambda d: _edit(d / "claims.csv", ",declared,Qaim,,para 4", ",declared,Qaim,,"),
        "locator",
        "empty; a value is required",
    ),
    (
        "cited source with a text file",
        lambda d: _edit(
            d / "sources.csv",
            ",,,No text stored (cited tier).",
            ",000_58cdcb6888a59ea3.txt,,No text stored (cited tier).",
        ),
        "original_file",
        "keeps no text",
    ),
    (
        "unknown milestone",
        lambda d: _edit(d / "claims.csv", ",declared,Qaim,,para 4", ",announced,Qaim,,para 4"),
        "milestone",
        "unknown value 'announced'",
    ),
]


@pytest.mark.parametrize(("name", "edit", "column", "fragment"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_cited_tier_fault_is_reported_by_file_line_and_column(live_copy, name, edit, column, fragment):
    edit(live_copy)
    with pytest.raises(DataError) as err:
        analysis.load(live_copy)
    assert any(p.column == column and fragment in p.message for p in err.value.problems), str(err.value)
    assert all(p.line >= 1 for p in err.value.problems)


# --------------------------------------------------------------------------- milestones, by hand


def _claim(claim_id, source_id, group, tier, milestone, earliest, latest, event="retaken"):
    return {
        "claim_id": claim_id,
        "source_id": source_id,
        "source_group": group,
        "tier": tier,
        "place_id": "raqqa",
        "event": event,
        "episode": 1,
        "milestone": milestone,
        "actor": "",
        "date_earliest": date.fromisoformat(earliest),
        "date_latest": date.fromisoformat(latest or earliest),
        "precision": "day" if not latest else "month",
    }


@pytest.fixture(scope="module")
def raqqa_places(corpus) -> pd.DataFrame:
    return corpus.places


def test_a_declaration_days_after_control_is_a_milestone_not_a_conflict(raqqa_places):
    claims = pd.DataFrame(
        [
            _claim("a", "wiki", "wikipedia", "cited", "control", "2017-10-17", None),
            _claim("b", "afp", "news", "quoted", "control", "2017-10-01", "2017-10-31"),
            _claim("c", "wiki", "wikipedia", "cited", "declared", "2017-10-20", None),
            _claim("d", "army", "us-government", "cited", "declared", "2017-10-20", None),
        ]
    )
    [event] = reconcile(claims, raqqa_places).to_dict("records")
    assert (event["date_earliest"], event["date_latest"]) == (
        pd.Timestamp(2017, 10, 17),
        pd.Timestamp(2017, 10, 17),
    )
    assert event["milestone"] == "control" and event["milestones"] == "control|declared"
    assert event["agreement"] == "single-source"  # AFP alone: Wikipedia does not confirm
    assert event["n_sources"] == 2 and event["n_independent"] == 1
    assert event["tiers"] == "cited|quoted" and event["claim_ids"] == "a|b"
    rows = reconcile_milestones(claims, raqqa_places).set_index("milestone")
    assert rows.loc["declared", "agreement"] == "single-source" and rows.loc["declared", "n_independent"] == 1
    assert conflicts(reconcile_milestones(claims, raqqa_places), claims).empty


def test_two_independent_sources_agree_and_disjoint_days_of_one_milestone_conflict(raqqa_places):
    claims = pd.DataFrame(
        [
            _claim("a", "dod", "us-government", "cited", "control", "2017-11-03", None),
            _claim("b", "afp", "news", "quoted", "control", "2017-11-01", "2017-11-30"),
            _claim("c", "wiki", "wikipedia", "cited", "control", "2017-11-17", None),
        ]
    )
    [event] = reconcile(claims, raqqa_places).to_dict("records")
    assert event["agreement"] == "conflict"  # Wikipedia's 17 November against the DoD's 3 November
    assert (event["date_earliest"], event["date_latest"]) == (
        pd.Timestamp(2017, 11, 1),
        pd.Timestamp(2017, 11, 30),
    )
    assert list(conflicts(reconcile_milestones(claims, raqqa_places), claims)["claim_id"]) == ["b", "a", "c"]
    agreed = reconcile(claims[claims["claim_id"] != "c"], raqqa_places).iloc[0]
    assert agreed["agreement"] == "agreed" and agreed["date_earliest"] == pd.Timestamp(2017, 11, 3)


def test_two_copies_of_one_wire_story_are_one_confirmation(raqqa_places):
    claims = pd.DataFrame(
        [
            _claim("a", "reuters", "news", "quoted", "control", "2017-11-01", "2017-11-30"),
            _claim("b", "abc", "news", "cited", "control", "2017-11-17", None),
        ]
    ).assign(origin=["Reuters", "Reuters"])
    [event] = reconcile(claims, raqqa_places).to_dict("records")
    assert (event["n_sources"], event["n_independent"], event["agreement"]) == (2, 1, "single-source")
    [other] = reconcile(claims.assign(origin=["Reuters", "ABC"]), raqqa_places).to_dict("records")
    assert (other["n_independent"], other["agreement"]) == (2, "agreed")


def test_an_event_with_no_control_claim_is_dated_by_its_declaration(raqqa_places):
    claims = pd.DataFrame(
        [
            _claim("a", "afp", "news", "quoted", "declared", "2017-02-01", "2017-02-28"),
            _claim("b", "wiki", "wikipedia", "cited", "partial", "2017-02-23", None),
        ]
    )
    [event] = reconcile(claims, raqqa_places).to_dict("records")
    assert event["milestone"] == "declared" and event["milestones"] == "declared|partial"
    assert (event["date_earliest"], event["date_latest"]) == (
        pd.Timestamp(2017, 2, 1),
        pd.Timestamp(2017, 2, 28),
    )


# --------------------------------------------------------------------------- the live chronology


@pytest.mark.parametrize(
    "town", ["mosul", "raqqa", "ramadi", "palmyra", "fallujah", "tikrit", "sinjar", "tal-afar"]
)
def test_seizures_the_issue_names_are_dated_with_their_sources(live, town):
    event = live.chronology.set_index("event_id").loc[f"{town}:seized:1"]
    assert event["precision"] != "before-publication" and event["source_ids"]
    assert (event["date_latest"] - event["date_earliest"]).days < 366


def test_manbij_is_retaken_and_article_000_is_itv_news(live):
    assert "manbij:retaken:1" in set(live.chronology["event_id"])
    itv = live.sources.set_index("source_id").loc["itv-rawa"]
    assert (itv["outlet"], itv["outlet_status"], itv["published"]) == ("ITV News", "matched", "2017-11-17")
    assert not live.sources["source_id"].str.startswith("bbc").any()


def test_wire_copies_share_their_origin(live):
    sources = live.sources.set_index("source_id")
    assert sources.loc["36_abc_reuters_rawa_2017-11-17", "origin"] == sources.loc["reuters-rawa", "origin"]
    assert (
        sources.loc["18_afp_qayyarah_retaken_2016-08-25", "origin"] == sources.loc["afp-timeline", "origin"]
    )


def test_every_event_names_its_tiers_and_conflicts_compare_one_milestone(live):
    assert set(live.chronology["tiers"]) <= {"quoted", "cited", "cited|quoted"}
    for _, row in live.milestones[live.milestones["agreement"] == "conflict"].iterrows():
        claims = live.claims[live.claims["claim_id"].isin(row["claim_ids"].split("|"))]
        assert set(claims["milestone"]) == {row["milestone"]}
        assert claims["date_earliest"].max() > claims["date_latest"].min()  # the windows really are disjoint


# --------------------------------------------------------------------------- tiers compared


def test_restricting_the_frozen_corpus_to_its_own_tier_changes_nothing(corpus):
    same = corpus.restrict(("quoted",))
    pd.testing.assert_frame_equal(same.chronology, corpus.chronology)
    assert corpus.restrict(("cited",)).claims.empty


def test_the_tiers_cut_the_live_data_into_two_parts(live):
    quoted, cited = live.restrict(("quoted",)), live.restrict(("cited",))
    assert len(quoted.claims) + len(cited.claims) == len(live.claims)
    assert set(quoted.chronology["event_id"]) | set(cited.chronology["event_id"]) == set(
        live.chronology["event_id"]
    )
    support = tiers.support(live.chronology)
    assert support["quoted tier only"] == len(
        set(quoted.chronology["event_id"]) - set(cited.chronology["event_id"])
    )
    assert support.sum() == len(live.chronology)
