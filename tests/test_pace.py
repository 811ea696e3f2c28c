"""Pace metrics, checked against numbers worked out by hand from the three articles.

Every expected number below is written literally, with the calendar arithmetic that gives
it. Windows are inclusive; "a - b" between two dates is the number of days from b to a.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis import pace, uncertainty
from analysis.chronology import load_chronology


@pytest.fixture(scope="module")
def places(corpus) -> pd.DataFrame:
    return corpus.places


@pytest.fixture(scope="module")
def chronology(corpus) -> pd.DataFrame:
    return corpus.chronology


@pytest.fixture(scope="module")
def spans(chronology, places) -> pd.DataFrame:
    return pace.occupation_spans(chronology, places).set_index(["place_id", "episode"])


@pytest.fixture(scope="module")
def retaken(chronology, places) -> pd.DataFrame:
    return pace.recaptures(chronology, places)


# --- occupation spans -------------------------------------------------------------------------


def _span(spans, place_id, episode=1):
    row = spans.loc[(place_id, episode)]
    return row["status"], row["min_days"], row["max_days"]


def test_tikrit_held_244_to_303_days(spans):
    # AFP: fell "in June 2014" (2014-06-01..06-30), retaken "in March 2015" (2015-03-01..03-31).
    # min = 2015-03-01 - 2014-06-30 = 1 (to Jul 1) + 31+31+30+31+30+31 (Jul..Dec) + 31+28 (Jan, Feb) = 244
    # max = 2015-03-31 - 2014-06-01 = 29 (to Jun 30) + 184 (Jul..Dec) + 59 (Jan, Feb) + 31 (to Mar 31) = 303
    assert _span(spans, "tikrit") == ("closed", 244, 303)
    tikrit = spans.loc[("tikrit", 1)]
    assert (tikrit["start_earliest"], tikrit["start_latest"]) == (
        pd.Timestamp(2014, 6, 1),
        pd.Timestamp(2014, 6, 30),
    )
    assert (tikrit["end_earliest"], tikrit["end_latest"]) == (
        pd.Timestamp(2015, 3, 1),
        pd.Timestamp(2015, 3, 31),
    )
    assert tikrit["start_event"] == "seized"


def test_dabiq_held_762_to_822_days(spans):
    # AFP: "Under IS control since August 2014", captured "in October 2016".
    # min = 2016-10-01 - 2014-08-31 = 365 (to 2015-08-31) + 366 (to 2016-08-31, Feb 29) + 30 + 1 = 762
    # max = 2016-10-31 - 2014-08-01 = 731 (to 2016-08-01) + 31 + 30 (to Oct 1) + 30 = 822
    assert _span(spans, "dabiq") == ("closed", 762, 822)


def test_mosul_held_1043_to_1134_days(spans):
    # BBC: seized "in the summer of 2014" (2014-06-01..08-31); AFP+BBC: retaken 2017-07-09.
    # min = 2017-07-09 - 2014-08-31 = 1096 (to 2017-08-31, three years with Feb 29 2016) - 53 = 1043
    #       (2017-07-09 is 22 + 31 = 53 days before 2017-08-31)
    # max = 2017-07-09 - 2014-06-01 = 1096 (to 2017-06-01) + 30 (to Jul 1) + 8 = 1134
    assert _span(spans, "mosul") == ("closed", 1043, 1134)


def test_palmyra_two_closed_spans(spans):
    # Episode 1: seized May 2015, retaken March 2016.
    # min = 2016-03-01 - 2015-05-31 = 30+31+31+30+31+30+31+31+29 (to Feb 29 2016) + 1 = 275
    # max = 2016-03-31 - 2015-05-01 = 31+30+31+31+30+31+30+31+31+29 (to Mar 1) + 30 = 335
    assert _span(spans, "palmyra", 1) == ("closed", 275, 335)
    # Episode 2: won back "by the end of that year" (2016-03-01..12-31), expelled March 2017.
    # min = 2017-03-01 - 2016-12-31 = 31 + 28 + 1 = 60
    # max = 2017-03-31 - 2016-03-01 = 365 (to 2017-03-01, Feb 29 2016 already past) + 30 = 395
    assert _span(spans, "palmyra", 2) == ("closed", 60, 395)


def test_fallujah_held_852_to_911_days(spans):
    # Seized January 2014, reclaimed June 2016.
    # min = 2016-06-01 - 2014-01-31 = 730 (to 2016-01-31) + 29+31+30+31 (Feb..May 2016) + 1 = 852
    # max = 2016-06-30 - 2014-01-01 = 730 (to 2016-01-01) + 31+29+31+30+31+29 (to Jun 30) = 911
    assert _span(spans, "fallujah") == ("closed", 852, 911)


def test_albu_kamal_reinfiltration_episode_overlaps_its_recapture(spans):
    # Reuters: re-infiltrated "last week" (2017-11-06..11-19); AFP: full control later in November.
    # min = max(0, 2017-11-01 - 2017-11-19) = 0; max = 2017-11-30 - 2017-11-06 = 24
    assert _span(spans, "albu-kamal", 2) == ("closed", 0, 24)
    assert spans.loc[("albu-kamal", 2), "start_event"] == "reinfiltrated"
    status, lo, hi = _span(spans, "albu-kamal", 1)  # the undated first capture by the Syrian army
    assert status == "open-start" and pd.isna(lo) and pd.isna(hi)


def test_manbij_is_open_end(spans):
    manbij = spans.loc[("manbij", 1)]
    assert manbij["status"] == "open-end"
    assert (manbij["start_earliest"], manbij["start_latest"]) == (
        pd.Timestamp(2014, 1, 1),
        pd.Timestamp(2014, 12, 31),
    )
    assert pd.isna(manbij["end_earliest"]) and pd.isna(manbij["min_days"]) and pd.isna(manbij["max_days"])


@pytest.mark.parametrize("place_id", ["raqqa", "rawa", "kobane", "hawija", "al-qaim", "sinjar", "ramadi"])
def test_recaptures_without_a_dated_seizure_are_open_start(spans, place_id):
    row = spans.loc[(place_id, 1)]
    assert row["status"] == "open-start"
    assert pd.isna(row["start_earliest"]) and pd.isna(row["start_latest"])  # never invented
    assert pd.isna(row["min_days"]) and pd.isna(row["max_days"])
    assert pd.notna(row["end_earliest"])


def test_span_table_shape_and_types(spans):
    # 18 towns; Palmyra and Albu Kamal have two episodes -> 20 spans:
    # closed: Tikrit, Dabiq, Mosul, Palmyra x2, Fallujah, Albu Kamal 2 = 7; open-end: Manbij = 1
    assert len(spans) == 20
    assert spans["status"].value_counts().to_dict() == {"open-start": 12, "closed": 7, "open-end": 1}
    assert str(spans["min_days"].dtype) == "Int64" and str(spans["max_days"].dtype) == "Int64"
    assert set(spans["kind"]) <= {"city", "town", "village"}
    assert "al-qaim-crossing" not in spans.index.get_level_values("place_id")  # a border crossing
    closed = spans[spans["status"] == "closed"]
    assert (closed["min_days"] <= closed["max_days"]).all()


def test_two_start_events_in_one_episode_are_refused(places):
    events = _synthetic(
        [
            ("rawa", "seized", 1, "2014-06-01", "2014-06-30"),
            ("rawa", "reinfiltrated", 1, "2014-07-01", "2014-07-05"),
        ]
    )
    with pytest.raises(ValueError, match="two start events"):
        pace.occupation_spans(events, places)


# --- recaptures, gaps, cumulative, quarters ------------------------------------------------------


def test_recaptures_are_the_19_town_recapture_events(retaken):
    # 17 towns retaken once + Palmyra twice (2016, 2017) + Albu Kamal twice (undated, Nov 2017)
    # = 19 events; Manbij has none; the Al-Qaim border crossing is not a town.
    assert len(retaken) == 19
    assert list(retaken["order"]) == list(range(1, 20))
    assert retaken["place_id"].value_counts()[["palmyra", "albu-kamal"]].tolist() == [2, 2]
    assert "manbij" not in set(retaken["place_id"]) and "al-qaim-crossing" not in set(retaken["place_id"])
    final = retaken.set_index("event_id")["final"]
    assert not final["palmyra:retaken:1"] and final["palmyra:retaken:2"]
    assert not final["albu-kamal:retaken:1"] and final["albu-kamal:retaken:2"]
    assert final.sum() == 17


def test_a_chronology_edited_in_place_is_looked_up_afresh(chronology, places):
    # The pace functions reuse the last town lookup only for equal place ids: moving Mosul's
    # recapture to the Al-Qaim border crossing (not a town) in place leaves 19 - 1 = 18 recaptures.
    edited = chronology.copy()
    assert len(pace.recaptures(edited, places)) == 19
    edited.loc[edited["event_id"] == "mosul:retaken:1", "place_id"] = "al-qaim-crossing"
    assert len(pace.recaptures(edited, places)) == 18
    assert len(pace.recaptures(chronology, places)) == 19


def test_recaptures_in_midpoint_order(retaken):
    assert retaken["place"].iloc[0] == "Kobane"  # January 2015
    # From Mosul on: Mosul Jul 9, Hawija Oct 5, Al-Mayadin Oct 14, Raqqa (Oct 1..31, midpoint
    # Oct 1 + 30 // 2 = Oct 16), Al-Qaim Nov 3, Albu Kamal and Deir ez-Zor (Nov 1..30, midpoint
    # Nov 15, tie broken by name), Rawa Nov 17.
    assert list(retaken["place"].iloc[-8:]) == [
        "Mosul",
        "Hawija",
        "Al-Mayadin",
        "Raqqa",
        "Al-Qaim",
        "Albu Kamal",
        "Deir ez-Zor",
        "Rawa",
    ]
    raqqa = retaken.set_index("event_id").loc["raqqa:retaken:1"]
    assert raqqa["midpoint"] == pd.Timestamp(2017, 10, 16) and raqqa["window_days"] == 31


def test_undated_albu_kamal_capture_keeps_its_whole_window(retaken):
    # "before publication": 2014-01-01 .. 2017-11-23 = 365 + 365 + 366 + 326 + 1 = 1423 days;
    # midpoint 2014-01-01 + 1422 // 2 = + 711 days = 2015-12-13.
    first = retaken.set_index("event_id").loc["albu-kamal:retaken:1"]
    assert (first["date_earliest"], first["date_latest"]) == (
        pd.Timestamp(2014, 1, 1),
        pd.Timestamp(2017, 11, 23),
    )
    assert first["window_days"] == 1423 and first["midpoint"] == pd.Timestamp(2015, 12, 13)


def test_gaps_between_successive_recaptures(retaken):
    gap = pace.gaps(retaken).set_index(["from_event_id", "to_event_id"])
    # Kobane (Jan 2015) -> Tikrit (Mar 2015): min = Mar 1 - Jan 31 = 29, max = Mar 31 - Jan 1 = 89
    assert tuple(gap.loc[("kobane:retaken:1", "tikrit:retaken:1")]) == (1, "Kobane", 2, "Tikrit", 29, 89)
    # Mosul (Jul 9) -> Hawija (Oct 5), both single days: 22 + 31 + 30 + 5 = 88
    assert tuple(gap.loc[("mosul:retaken:1", "hawija:retaken:1"), ["gap_min_days", "gap_max_days"]]) == (
        88,
        88,
    )
    # Al-Qaim (Nov 3) -> Albu Kamal (Nov 1..30): overlapping, min 0; max = max(30 - 3, 3 - 1) = 27
    assert tuple(
        gap.loc[("al-qaim:retaken:1", "albu-kamal:retaken:2"), ["gap_min_days", "gap_max_days"]]
    ) == (0, 27)
    assert len(gap) == 18 and (gap["gap_min_days"] <= gap["gap_max_days"]).all()


def test_gaps_in_iraq_al_qaim_to_rawa_is_14_days(retaken):
    iraq = retaken[retaken["country"] == "IRQ"]
    gap = pace.gaps(iraq).set_index(["from_place", "to_place"])[["gap_min_days", "gap_max_days"]]
    # Hawija Oct 5 -> Al-Qaim Nov 3: 26 + 3 = 29; Al-Qaim Nov 3 -> Rawa Nov 17: 14 (all day precision)
    assert tuple(gap.loc[("Hawija", "Al-Qaim")]) == (29, 29)
    assert tuple(gap.loc[("Al-Qaim", "Rawa")]) == (14, 14)


def test_cumulative_envelope(retaken):
    curve = pace.cumulative(retaken)
    # From the first window day (Albu Kamal's undated capture, 2014-01-01) to the last
    # (Albu Kamal / Deir ez-Zor, 2017-11-30): 365 + 365 + 366 + 334 = 1430 days.
    assert (curve.index[0], curve.index[-1], len(curve)) == (
        pd.Timestamp("2014-01-01"),
        pd.Timestamp("2017-11-30"),
        1430,
    )
    assert (curve["lower"] <= curve["upper"]).all()
    assert curve["upper"].is_monotonic_increasing and curve["lower"].is_monotonic_increasing
    assert tuple(curve.iloc[-1]) == (19, 19)  # events: Palmyra and Albu Kamal count twice
    assert tuple(curve.iloc[0]) == (1, 0)
    # End of 2016: 8 windows closed (Kobane, Tikrit, Sinjar, Ramadi, Palmyra 1, Fallujah,
    # Qayyarah, Dabiq); the undated Albu Kamal window has opened but not closed.
    assert tuple(curve.loc["2016-12-31"]) == (9, 8)
    monthly = pace.cumulative(retaken, freq="MS")
    assert monthly.index[0] == pd.Timestamp("2014-01-01") and tuple(monthly.iloc[-1]) == (19, 19)


def test_per_quarter_counts(retaken):
    quarters = pace.per_quarter(retaken).set_index(["quarter", "country"])
    # 2014Q1 .. 2017Q4 = 16 quarters x 2 countries, zeros included
    assert len(quarters) == 32
    # Iraq 2017Q4: Hawija (Oct 5), Al-Qaim (Nov 3), Rawa (Nov 17); Mosul is Q3; the Al-Qaim
    # border crossing (Nov 1..22) is not a town.
    assert tuple(quarters.loc[("2017Q4", "IRQ")]) == (3, 3)
    assert tuple(quarters.loc[("2017Q3", "IRQ")]) == (1, 1)
    # Syria 2017Q4: Raqqa (Oct), Al-Mayadin (Oct 14), Albu Kamal 2 and Deir ez-Zor (Nov) = 4 certain;
    # the undated first Albu Kamal capture (to Nov 23) may fall in any quarter: max 5.
    assert tuple(quarters.loc[("2017Q4", "SYR")]) == (4, 5)
    assert tuple(quarters.loc[("2014Q3", "IRQ")]) == (0, 0)
    assert tuple(quarters.loc[("2015Q2", "SYR")]) == (0, 1)
    assert tuple(quarters.loc[("2016Q1", "SYR")]) == (1, 2)  # Palmyra, March 2016 (+ Albu Kamal 1)
    # every window but the undated Albu Kamal one lies inside a single quarter: 19 - 1 = 18
    assert quarters["min"].sum() == 18 and (quarters["min"] <= quarters["max"]).all()


def test_committed_chronology_gives_the_same_pace(live):
    places, built, committed = live.places, live.chronology, load_chronology(live.data_dir)
    pd.testing.assert_frame_equal(
        pace.occupation_spans(built, places), pace.occupation_spans(committed, places)
    )
    pd.testing.assert_frame_equal(pace.recaptures(built, places), pace.recaptures(committed, places))


# --- sampling and uncertainty --------------------------------------------------------------------


def test_sampling_is_reproducible_and_stays_inside_windows(retaken):
    first = uncertainty.sample_dates(retaken, 500, seed=7)
    assert first.shape == (19, 500) and np.issubdtype(first.dtype, np.integer)
    np.testing.assert_array_equal(first, uncertainty.sample_dates(retaken, 500, seed=7))
    assert not np.array_equal(first, uncertainty.sample_dates(retaken, 500, seed=8))
    lo, hi = pace.day_numbers(retaken["date_earliest"]), pace.day_numbers(retaken["date_latest"])
    assert ((first >= lo[:, None]) & (first <= hi[:, None])).all()
    single = (lo == hi).nonzero()[0]  # Mosul, Hawija, Al-Mayadin, Al-Qaim, Rawa
    assert len(single) == 5 and (first[single] == lo[single, None]).all()
    assert pace.EPOCH + int(first[retaken["place_id"] == "rawa"][0, 0]) == np.datetime64("2017-11-17")


def test_sampling_reaches_both_ends_of_a_window():
    window = pd.DataFrame({"date_earliest": [date(2017, 10, 30)], "date_latest": [date(2017, 10, 31)]})
    draws = uncertainty.sample_dates(window, 200, seed=1)
    assert set(np.unique(draws) + pace.EPOCH) == {np.datetime64("2017-10-30"), np.datetime64("2017-10-31")}


def test_uncertainty_on_the_corpus(chronology, places):
    summary = uncertainty.uncertainty_summary(chronology, places).set_index("statistic")
    assert list(summary.columns) == ["median", "p05", "p95", "unit", "draws", "description"]
    # Last 60 days = 2017-10-11 .. 2017-12-09. Certain: Al-Mayadin (Oct 14), Al-Qaim (Nov 3),
    # Albu Kamal (Nov), Deir ez-Zor (Nov), Rawa (Nov 17) = 5 towns; Raqqa (October) falls in
    # with probability 21/31 (Oct 11..31); Hawija (Oct 5) and Mosul do not.
    # So 5 or 6, 6 about two times in three: median 6, p05 5, p95 6.
    towns = summary.loc["towns_retaken_last_60_days"]
    assert (towns["median"], towns["p05"], towns["p95"], towns["unit"]) == (6.0, 5.0, 6.0, "towns")
    # The pace quickened: even the slowest plausible 2017 median gap is shorter than the
    # fastest plausible 2015-2016 one.
    assert summary.loc["median_gap_2017", "p95"] < summary.loc["median_gap_2015_2016", "p05"]
    assert (summary["p05"] <= summary["median"]).all() and (summary["median"] <= summary["p95"]).all()
    assert (summary["draws"] == 4000).all()
    again = uncertainty.uncertainty_summary(chronology, places)
    pd.testing.assert_frame_equal(summary.reset_index(), again)  # same seed, same numbers


def test_uncertainty_of_exact_days_is_exact(places):
    chron = _synthetic(
        [
            ("kobane", "retaken", 1, "2015-01-10", "2015-01-10"),
            ("tikrit", "retaken", 1, "2015-02-09", "2015-02-09"),
            ("sinjar", "retaken", 1, "2015-04-10", "2015-04-10"),
            ("mosul", "retaken", 1, "2017-10-10", "2017-10-10"),
            ("hawija", "retaken", 1, "2017-10-11", "2017-10-11"),
            ("rawa", "retaken", 1, "2017-12-09", "2017-12-09"),
            ("iraq", "war_declared_over", 1, "2017-12-09", "2017-12-09"),
        ]
    )
    summary = uncertainty.uncertainty_summary(chron, places, n_draws=50).set_index("statistic")
    exact = summary[["median", "p05", "p95"]]
    # 2015: Jan 10 -> Feb 9 = 21 + 9 = 30; Feb 9 -> Apr 10 = 19 + 31 + 10 = 60; median (30 + 60) / 2 = 45
    assert tuple(exact.loc["median_gap_2015_2016"]) == (45.0, 45.0, 45.0)
    # 2017: Oct 10 -> Oct 11 = 1; Oct 11 -> Dec 9 = 20 + 30 + 9 = 59; median 30
    assert tuple(exact.loc["median_gap_2017"]) == (30.0, 30.0, 30.0)
    # 60 days ending 2017-12-09 start 2017-12-09 - 59 = 2017-10-11 (21 + 30 + 9 = 60 days):
    # Hawija (Oct 11) and Rawa (Dec 9) are in, Mosul (Oct 10) is one day too early.
    assert tuple(exact.loc["towns_retaken_last_60_days"]) == (2.0, 2.0, 2.0)


def test_uncertainty_of_a_window_spans_its_days(places):
    chron = _synthetic(
        [
            ("mosul", "retaken", 1, "2017-01-01", "2017-01-01"),
            ("hawija", "retaken", 1, "2017-01-11", "2017-01-20"),  # 10 days
            ("iraq", "war_declared_over", 1, "2017-12-09", "2017-12-09"),
        ]
    )
    summary = uncertainty.uncertainty_summary(chron, places).set_index("statistic")
    gap = summary.loc["median_gap_2017"]
    # one gap, uniform on 10 .. 19 days (Jan 1 -> Jan 11 .. Jan 20): each value ~10% of 4000 draws
    assert (gap["p05"], gap["p95"]) == (10.0, 19.0) and gap["median"] in (14.0, 14.5, 15.0)
    # no recapture in 2015-2016: undefined in every draw, reported as NaN, never as 0
    assert summary.loc["median_gap_2015_2016", "draws"] == 0 and np.isnan(
        summary.loc["median_gap_2015_2016", "median"]
    )
    assert tuple(summary.loc["towns_retaken_last_60_days", ["median", "p05", "p95"]]) == (0.0, 0.0, 0.0)


def test_median_gaps_counts_repeated_days_as_zero_gaps():
    days = np.array([[5, 5], [5, 9], [9, 9]])  # draw 1: 5, 5, 9 -> gaps 0, 4; draw 2: 5, 9, 9 -> 4, 0
    np.testing.assert_array_equal(uncertainty.median_gaps(days, 5, 9), [2.0, 2.0])
    days = np.array([[5, 20], [5, 30], [9, 9]])  # days 5..9 only: draw 2 has one day inside (9)
    result = uncertainty.median_gaps(days, 5, 9)
    assert result[0] == 2.0 and np.isnan(result[1])


def test_median_gaps_of_unsorted_days_with_days_outside():
    # draw 1: 30, 2, 11, 7, 50 -> inside 0..40: 2, 7, 11, 30 -> gaps 5, 4, 19 -> median 5
    # draw 2: 1, 1, 41, 3, 0 -> inside: 0, 1, 1, 3 -> gaps 1, 0, 2 -> median 1
    days = np.array([[30, 1], [2, 1], [11, 41], [7, 3], [50, 0]])
    np.testing.assert_array_equal(uncertainty.median_gaps(days, 0, 40), [5.0, 1.0])


def test_no_war_declared_over_means_no_campaign_end(places):
    chron = _synthetic([("rawa", "retaken", 1, "2017-11-17", "2017-11-17")])
    with pytest.raises(ValueError, match="war_declared_over"):
        uncertainty.uncertainty_summary(chron, places, n_draws=10)


# --- reconcile: the vectorised version agrees with the straightforward one ------------------------


# --- helpers ---------------------------------------------------------------------------------------


def _synthetic(rows: list[tuple[str, str, int, str, str]]) -> pd.DataFrame:
    """A chronology of (place_id, event, episode, earliest, latest) rows about real gazetteer places."""
    table = pd.DataFrame(rows, columns=["place_id", "event", "episode", "date_earliest", "date_latest"])
    return table.assign(
        event_id=table["place_id"] + ":" + table["event"] + ":" + table["episode"].astype(str),
        date_earliest=pd.to_datetime(table["date_earliest"]).dt.date,
        date_latest=pd.to_datetime(table["date_latest"]).dt.date,
        precision="day",
        actors="",
        agreement="single-source",
    )


def test_per_year_counts_by_hand(chronology, places):
    years = pace.per_year(pace.recaptures(chronology, places)).set_index(["year", "country"])
    # 2017, Iraq: Mosul (Jul 9), Hawija (Oct 5), Al-Qaim (Nov 3), Rawa (Nov 17)
    assert tuple(years.loc[(2017, "IRQ")]) == (4, 4)
    # 2017, Syria: Al-Bab, Palmyra (2nd), Al-Mayadin, Raqqa, Albu Kamal (2nd), Deir ez-Zor; at most also
    # the undated first Albu Kamal capture (2014-01-01..2017-11-23)
    assert tuple(years.loc[(2017, "SYR")]) == (6, 7)
    # 2015: Tikrit (Mar) and Sinjar (Nov) in Iraq; Kobane (Jan) in Syria, plus possibly the undated one
    assert tuple(years.loc[(2015, "IRQ")]) == (2, 2) and tuple(years.loc[(2015, "SYR")]) == (1, 2)
    assert tuple(years.loc[(2014, "SYR")]) == (0, 1) and tuple(years.loc[(2014, "IRQ")]) == (0, 0)


def test_dated_leaves_out_only_the_undated_first_albu_kamal_capture(chronology, places):
    every = pace.recaptures(chronology, places)
    kept = pace.dated(every)
    # Reuters: "whose army seized ... albu kamal" gives no date; every other recapture has one
    assert set(every["event_id"]) - set(kept["event_id"]) == {"albu-kamal:retaken:1"}
    assert list(kept.index) == list(range(len(kept)))


# --- date columns are datetime64: string filters work ------------------------------------------


def _on_or_after(days: pd.Series, day: date) -> list[bool]:
    """The rule a string filter must follow, written per row with ``datetime.date``: NaT never passes."""
    return [not pd.isna(d) and d.date() >= day for d in days]


def test_spans_filter_by_a_date_string(spans):
    later = spans[spans.end_earliest >= "2017-01-01"]
    assert list(later.index) == list(spans.index[_on_or_after(spans["end_earliest"], date(2017, 1, 1))])
    ids = {place_id for place_id, _ in later.index}
    assert "mosul" in ids and "tikrit" not in ids  # Mosul retaken 2017-07-09, Tikrit in March 2015
    assert "manbij" not in ids  # open-end: no end date, never in a date filter
    assert str(spans["start_earliest"].dtype) == "datetime64[ns]"


def test_recaptures_filter_by_a_date_string(retaken):
    later = retaken[retaken.date_earliest >= "2017-01-01"]
    assert list(later.index) == list(retaken.index[_on_or_after(retaken["date_earliest"], date(2017, 1, 1))])
    towns = set(later["place_id"])
    assert {"mosul", "hawija", "raqqa", "rawa"} <= towns and "tikrit" not in towns  # 2017; March 2015
    assert (retaken[retaken.midpoint < "2015-02-01"]["place"] == "Kobane").any()  # Kobane: January 2015


def test_gaps_of_a_date_string_filtered_subset(retaken):
    # Mosul (Jul 9) -> Hawija (Oct 5), both single days: 22 + 31 + 30 + 5 = 88, as in the full table
    later = pace.gaps(retaken[retaken.date_earliest >= "2017-07-01"])
    assert (
        later.set_index(["from_event_id", "to_event_id"]).loc[
            ("mosul:retaken:1", "hawija:retaken:1"), "gap_min_days"
        ]
        == 88
    )


def test_cumulative_filter_by_a_date_string(retaken):
    curve = pace.cumulative(retaken)
    later = curve[curve.index >= "2017-01-01"]
    assert later.index[0] == pd.Timestamp(2017, 1, 1) and later.index[-1] == curve.index[-1]
    assert len(later) == len(curve.loc["2017-01-01":])


def test_per_year_reads_both_ends_of_windows_that_straddle_a_year_end():
    retaken = pd.DataFrame(
        {
            "date_earliest": pd.to_datetime(["2015-12-20", "2016-03-01", "2017-12-28"]),
            "date_latest": pd.to_datetime(["2016-01-10", "2016-03-31", "2018-01-03"]),
            "country": ["IRQ", "IRQ", "SYR"],
        }
    )
    years = pace.per_year(retaken).set_index(["year", "country"])
    # (min, max): a straddling window is certain in neither year and possible in both
    assert tuple(years.loc[(2015, "IRQ")]) == (0, 1) and tuple(years.loc[(2016, "IRQ")]) == (1, 2)
    assert tuple(years.loc[(2017, "SYR")]) == (0, 1) and tuple(years.loc[(2018, "SYR")]) == (0, 1)
    assert tuple(years.loc[(2017, "IRQ")]) == (0, 0) and tuple(years.loc[(2015, "SYR")]) == (0, 0)
    quarters = pace.per_quarter(retaken).set_index(["quarter", "country"])
    assert tuple(quarters.loc[("2015Q4", "IRQ")]) == (0, 1) and tuple(quarters.loc[("2016Q1", "IRQ")]) == (
        1,
        2,
    )
    assert tuple(quarters.loc[("2018Q1", "SYR")]) == (0, 1)
