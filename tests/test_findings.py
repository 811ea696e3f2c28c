"""The headline findings (analysis.findings) on a small chronology written by hand.

Sixteen statements about the frozen corpus's towns, chosen so that two recapture windows
straddle a year end (Ramadi: 20 Dec 2015 - 10 Jan 2016; Al-Qaim: 28 Dec 2017 - 3 Jan 2018),
one recapture is undated (Albu Kamal), Mosul is dated by two sources that agree and Kobane's
seizure by two that do not. Every expected value below is worked out from these rows by hand.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from analysis import findings
from analysis.chronology import reconcile_with_milestones
from analysis.vocabulary import UNDATED

S1, S2 = "s1", "s2"  # s1: a quoted news text published 2017-11-23; s2: a cited source of February 2018
CLAIMS = [  # claim, source, place, event, episode, earliest, latest, precision
    ("c1", S1, "ramadi", "seized", 1, "2015-05-17", "2015-05-17", "day"),
    ("c2", S1, "ramadi", "retaken", 1, "2015-12-20", "2016-01-10", "range"),
    ("c3", S1, "tikrit", "retaken", 1, "2015-03-01", "2015-03-31", "month"),
    ("c4", S1, "mosul", "seized", 1, "2014-06-10", "2014-06-10", "day"),
    ("c5", S1, "mosul", "retaken", 1, "2017-07-09", "2017-07-09", "day"),
    ("c6", S2, "mosul", "retaken", 1, "2017-07-09", "2017-07-09", "day"),
    ("c7", S1, "rawa", "retaken", 1, "2017-11-17", "2017-11-17", "day"),
    ("c8", S2, "raqqa", "retaken", 1, "2017-10-17", "2017-10-20", "range"),
    ("c9", S2, "al-qaim", "retaken", 1, "2017-12-28", "2018-01-03", "range"),
    ("c10", S2, "palmyra", "retaken", 1, "2016-03-27", "2016-03-27", "day"),
    ("c11", S2, "palmyra", "seized", 2, "2016-12-11", "2016-12-11", "day"),
    ("c12", S2, "palmyra", "retaken", 2, "2017-03-02", "2017-03-02", "day"),
    ("c13", S1, "albu-kamal", "retaken", 1, "2014-01-01", "2017-11-23", UNDATED),
    ("c14", S2, "iraq", "war_declared_over", 1, "2017-12-09", "2017-12-09", "day"),
    ("c15", S1, "kobane", "seized", 1, "2014-10-01", "2014-10-31", "month"),
    ("c16", S2, "kobane", "seized", 1, "2014-12-01", "2014-12-31", "month"),
]


@pytest.fixture(scope="module")
def toy(corpus):
    """The corpus's gazetteer (18 towns: 9 in Iraq, 9 in Syria) with the chronology of :data:`CLAIMS`."""
    columns = [
        "claim_id",
        "source_id",
        "place_id",
        "event",
        "episode",
        "date_earliest",
        "date_latest",
        "precision",
    ]
    claims = pd.DataFrame(CLAIMS, columns=columns)
    tier = claims["source_id"].map({S1: "quoted", S2: "cited"})
    claims = claims.assign(
        date_earliest=pd.to_datetime(claims["date_earliest"]),
        date_latest=pd.to_datetime(claims["date_latest"]),
        actor="",
        actor_family="unknown",
        milestone="control",
        tier=tier,
        source_group="news",
        origin=claims["source_id"],
        date_text=claims["precision"].where(claims["precision"] == UNDATED, "dated").replace(UNDATED, ""),
    )
    sources = pd.DataFrame(
        {
            "source_id": [S1, S2],
            "tier": ["quoted", "cited"],
            "source_group": ["news", "news"],
            "published_earliest": [date(2017, 11, 23), date(2018, 2, 1)],
            "published_latest": [date(2017, 11, 23), date(2018, 2, 28)],
        }
    )
    chronology, milestones = reconcile_with_milestones(claims, corpus.places)
    return replace(
        corpus, sources=sources, texts={}, claims=claims, chronology=chronology, milestones=milestones
    )


def test_evidence_counts(toy):
    e = findings.evidence(toy)
    assert (e.sources, e.claims, e.places, e.events) == (2, 16, 10, 14)
    assert (e.multi_source, e.conflicts, e.single_source, e.milestone_conflicts) == (
        1,
        1,
        12,
        1,
    )  # Mosul; Kobane
    assert (e.dated_claims, e.undated_claims) == (15, 1)  # Albu Kamal's statement is undated
    assert (e.quoted_sources, e.cited_sources, e.quoted_claims, e.cited_claims) == (1, 1, 8, 8)
    assert (e.first_published, e.last_published) == (date(2017, 11, 23), date(2018, 2, 28))


def test_dated_recaptures_leave_out_the_undated_one_in_midpoint_order(toy):
    # midpoints: Tikrit 16 Mar 2015, Ramadi 30 Dec 2015 (20 Dec + 21 // 2), Palmyra 27 Mar 2016 and
    # 2 Mar 2017, Mosul 9 Jul, Raqqa 18 Oct (17 + 3 // 2), Rawa 17 Nov, Al-Qaim 31 Dec 2017 (28 + 6 // 2)
    events = findings.dated_recaptures(toy)
    assert list(events["place_id"]) == [
        "tikrit", "ramadi", "palmyra", "palmyra", "mosul", "raqqa", "rawa", "al-qaim"
    ]  # fmt: skip
    assert events.loc[1, "midpoint"] == pd.Timestamp(2015, 12, 30)


@pytest.mark.parametrize(
    "year, inside",
    [(2015, 1), (2016, 1), (2017, 4), (2018, 0)],  # Ramadi and Al-Qaim straddle a year end: in no year
)
def test_recaptures_in_year_count_only_windows_inside_the_year(toy, year, inside):
    assert findings.recaptures_in_year(toy, year) == findings.Share(inside, 8)


def test_towns_retaken_repeatedly(toy):
    assert findings.towns_retaken_repeatedly(toy).to_dict() == {"Palmyra": 2}


def test_the_last_quarter_is_that_of_the_last_day_and_counts_windows_starting_in_it(toy):
    # the last dated day is Al-Qaim's 3 Jan 2018: 2018Q1; Al-Qaim's window starts in 2017Q4
    assert findings.last_quarter(toy) == pd.Period("2018Q1")
    assert findings.recaptures_in_last_quarter(toy) == (findings.Share(0, 8), pd.Period("2018Q1"))


def test_late_gaps_and_quick_recaptures(toy):
    late = findings.late_gaps(toy, after=date(2017, 7, 1), within_days=31)
    # gaps before Mosul (2 Mar -> 9 Jul: 29 + 30 + 31 + 30 + 9 = 129), Raqqa (9 Jul -> 17..20 Oct:
    # 100..103), Rawa (17..20 Oct -> 17 Nov: 28..31) and Al-Qaim (17 Nov -> 28 Dec..3 Jan: 41..47)
    assert list(late.index) == [3, 4, 5, 6]
    assert list(late["gap_min_days"]) == [129, 100, 28, 41]
    assert list(late["gap_max_days"]) == [129, 103, 31, 47]
    assert list(late["within"]) == [False, False, True, False]
    assert findings.quick_recaptures_after(toy, after=date(2017, 7, 1), within_days=31) == 1
    assert findings.quick_recaptures_after(toy, after=date(2017, 7, 1), within_days=30) == 0


def test_longest_closed_span(toy):
    # Mosul 10 Jun 2014 -> 9 Jul 2017: 3 * 365 + 1 (2016) + 29 = 1125 days; Ramadi 217..238, Palmyra (2) 81
    span = findings.longest_closed_span(toy)
    assert (span.place, span.episode, span.min_days, span.max_days) == ("Mosul", 1, 1125, 1125)
    assert span.start == (date(2014, 6, 10), date(2014, 6, 10)) and span.end == (date(2017, 7, 9),) * 2
    assert span.longest_by_both


def test_campaign_end_day(toy):
    assert findings.campaign_end_day(toy) == date(2017, 12, 9)


def test_pace_uncertainty_counts_towns_in_the_last_60_days(toy):
    # 60 days ending 9 Dec 2017 start 11 Oct: Raqqa and Rawa always; Al-Qaim (from 28 Dec) never;
    # undated Albu Kamal (1,423 days) falls in them in about 3% of draws, below the 95th percentile
    towns = findings.pace_uncertainty(toy).loc["towns_retaken_last_60_days"]
    assert (towns["median"], towns["p05"], towns["p95"]) == (2.0, 2.0, 2.0)


def test_last_recapture_by_town(toy):
    table = findings.last_recapture_by_town(toy).set_index("place_id")
    assert len(table) == 18
    assert table.loc["palmyra", "date_latest"] == pd.Timestamp(2017, 3, 2)  # the second recapture
    assert table.loc["al-qaim", ["date_earliest", "date_latest"]].tolist() == [
        pd.Timestamp(2017, 12, 28),
        pd.Timestamp(2018, 1, 3),
    ]
    assert pd.isna(table.loc["manbij", "date_latest"])  # never retaken in this chronology
    assert table.loc["rawa", "euphrates_km"] < 1  # Rawa is on the Euphrates


def test_last_towns_on_euphrates_take_the_quarter_of_the_last_day(toy):
    # the latest last recapture ends 3 Jan 2018 (2018Q1); Al-Qaim's window starts in 2017: none inside
    assert findings.last_towns_on_euphrates(toy) == findings.LastTowns(
        0, 0, date(2018, 1, 1), date(2018, 3, 31)
    )


def test_towns_retaken_before(toy):
    # before 2017: Tikrit (by 31 Mar 2015) and Ramadi (by 10 Jan 2016) of 9 Iraqi towns; no Syrian
    # town (Palmyra's last recapture is 2017, Albu Kamal's undated window ends 23 Nov 2017)
    shares = findings.towns_retaken_before(toy, date(2017, 1, 1))
    assert shares == {"Iraq": findings.Share(2, 9), "Syria": findings.Share(0, 9)}
    # by 10 Jan 2016 Ramadi is not yet certainly retaken: its window ends that day
    assert findings.towns_retaken_before(toy, date(2016, 1, 10))["Iraq"] == findings.Share(1, 9)


def test_n_towns(toy):
    assert findings.n_towns(toy) == 18


@pytest.mark.parametrize(
    "day, words",
    [
        (date(2017, 12, 31), "the end of 2017"),
        (date(2016, 6, 30), "mid-2016"),
        (date(2017, 7, 9), "9 July 2017"),
    ],
)
def test_period_words(day, words):
    assert findings.period_words(day) == words


def test_names_words():
    assert findings.names_words(["A"]) == "A"
    assert findings.names_words(("A", "B")) == "A and B"
    assert findings.names_words(["A", "B", "C"]) == "A, B and C"


def test_years_words_read_both_ends_of_a_window():
    assert findings._years_words((date(2016, 3, 1), date(2016, 9, 1))) == "in 2016"
    assert findings._years_words((date(2015, 12, 20), date(2016, 1, 10))) == "in 2015-2016"


def test_recaptures_by_a_day(toy):
    # by 10 Jan 2016: Tikrit and Ramadi certainly (Ramadi's window ends that day); by 9 Jan, Ramadi only possibly
    assert findings.recaptures_by(toy, date(2016, 1, 10)) == (2, 2)
    assert findings.recaptures_by(toy, date(2016, 1, 9)) == (1, 2)
    assert findings.recaptures_by(toy, date(2015, 12, 19)) == (1, 1)


def test_events_only_the_cited_tier_dates(toy):
    from analysis.tiers import cited_only

    # s2 alone dates Raqqa, Al-Qaim, Palmyra (retaken 1, seized 2, retaken 2) and the war's end;
    # Mosul's recapture and Kobane's seizure are dated by both tiers
    only = cited_only(toy)
    assert (only.events, only.on_wikipedia_alone) == (6, 0)
    assert only.by_event.to_dict() == {"retaken": 4, "seized": 1, "war_declared_over": 1}
    as_wikipedia = replace(toy, sources=toy.sources.assign(source_group=["news", "wikipedia"]))
    assert cited_only(as_wikipedia).on_wikipedia_alone == 6
