"""IS control of each town at a given day (analysis.control), against states worked out by hand.

Every expected state below is derived from the article dates, not from the code: a month
("in March 2015") is the window 03-01..03-31, "the summer of 2014" is 06-01..08-31, "by the
end of that year" (2016, after "in March 2016") is 2016-03-01..2016-12-31, and an event has
certainly happened by the end of day D when its window's last day is <= D. A town is held
only between dated evidence of IS control (its seizure's last possible day) and the day
before its recapture window opens, or, without a recapture, its last dated evidence.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.control import (
    HELD,
    NOT_HELD,
    PARTLY_HELD,
    SNAPSHOT_DATES,
    STATES,
    UNKNOWN,
    control_at,
    counts,
    held_counts,
    snapshots,
    states_on,
    timeline,
)


@pytest.fixture(scope="module")
def chronology(corpus) -> pd.DataFrame:
    return corpus.chronology


@pytest.fixture(scope="module")
def places(corpus) -> pd.DataFrame:
    return corpus.places


def state(chronology, places, place_id: str, when: date) -> str:
    table = control_at(chronology, places, when).set_index("place_id")
    return table.loc[place_id, "state"]


HAND_CHECKED = [
    # Tikrit: seized June 2014 (06-01..06-30), retaken March 2015 (03-01..03-31), AFP.
    ("tikrit", date(2014, 5, 31), NOT_HELD),  # its seizure is dated later
    ("tikrit", date(2014, 6, 30), HELD),  # the June window's last day is 06-30 <= when
    ("tikrit", date(2014, 6, 29), UNKNOWN),  # June 30 still possible for the seizure
    ("tikrit", date(2014, 12, 31), HELD),
    ("tikrit", date(2015, 2, 28), HELD),  # the day before the recapture window opens
    ("tikrit", date(2015, 3, 15), UNKNOWN),  # inside the recapture month
    ("tikrit", date(2015, 6, 30), NOT_HELD),
    # Fallujah: seized January 2014, reclaimed June 2016 (AFP).
    ("fallujah", date(2015, 12, 31), HELD),
    ("fallujah", date(2016, 6, 29), UNKNOWN),
    ("fallujah", date(2016, 6, 30), NOT_HELD),  # the June window ends 06-30
    # Palmyra: seized May 2015, ousted March 2016, "won back control by the end of that year"
    # (2016-03-01..2016-12-31), "expelled a second time in March 2017" (AFP).
    ("palmyra", date(2014, 12, 31), NOT_HELD),  # its first seizure comes later
    ("palmyra", date(2015, 6, 30), HELD),
    ("palmyra", date(2016, 4, 15), UNKNOWN),  # retaken by 03-31, re-seizure window already open
    ("palmyra", date(2016, 6, 30), UNKNOWN),  # the re-seizure window straddles mid-2016
    ("palmyra", date(2016, 12, 31), HELD),  # ... and has closed by the end of the year
    ("palmyra", date(2017, 6, 30), NOT_HELD),
    # Mosul: seized in the summer of 2014 (ITV News: 06-01..08-31), victory declared July 9 2017.
    ("mosul", date(2014, 6, 30), UNKNOWN),
    ("mosul", date(2014, 8, 31), HELD),
    ("mosul", date(2017, 7, 8), HELD),
    ("mosul", date(2017, 7, 9), NOT_HELD),
    # Raqqa: retaken October 2017 (AFP, ITV News); the corpus never dates its seizure nor any
    # day IS held it: unknown until the recapture, never "held" on the strength of silence.
    ("raqqa", date(2014, 6, 30), UNKNOWN),
    ("raqqa", date(2016, 12, 31), UNKNOWN),
    ("raqqa", date(2017, 10, 15), UNKNOWN),
    ("raqqa", date(2017, 12, 31), NOT_HELD),
    # Rawa: captured on Friday 17 November 2017 (Reuters, AFP); seizure undated.
    ("rawa", date(2017, 11, 16), UNKNOWN),
    ("rawa", date(2017, 11, 17), NOT_HELD),
    # Manbij: seized "in 2014" (AFP), never reported retaken. IS certainly held it at the end of
    # 2014-12-31 (the year's last day), its only dated evidence; after that the corpus says
    # nothing: unknown ("last reported held on 2014-12-31"), not held to the end of time.
    ("manbij", date(2013, 12, 31), NOT_HELD),  # seized in 2014: not before
    ("manbij", date(2014, 6, 30), UNKNOWN),
    ("manbij", date(2014, 12, 31), HELD),
    ("manbij", date(2015, 1, 1), UNKNOWN),
    ("manbij", date(2017, 12, 31), UNKNOWN),
    # Dabiq: seized August 2014, retaken October 2016 (AFP).
    ("dabiq", date(2014, 6, 30), NOT_HELD),  # seizure known to come later
    ("dabiq", date(2016, 6, 30), HELD),
    # Albu Kamal: the Syrian army's capture is undated (Reuters: before 2017-11-23), then
    # militants re-infiltrated it "last week" and the army took full control in November 2017.
    ("albu-kamal", date(2017, 6, 30), UNKNOWN),
    ("albu-kamal", date(2017, 12, 31), NOT_HELD),
]


@pytest.mark.parametrize(("place_id", "when", "expected"), HAND_CHECKED)
def test_state_checked_by_hand(chronology, places, place_id, when, expected):
    assert state(chronology, places, place_id, when) == expected


def test_one_row_per_town_and_no_border_crossing(chronology, places):
    table = control_at(chronology, places, date(2016, 1, 1))
    towns = places.loc[places["kind"].isin(["city", "town", "village"]), "place_id"]
    assert list(table["place_id"]) == list(towns)
    assert "al-qaim-crossing" not in set(table["place_id"])
    assert set(table["state"]) <= set(STATES)
    assert (table["date"] == date(2016, 1, 1)).all()


def test_basis_names_the_windows(chronology, places):
    row = control_at(chronology, places, date(2016, 6, 30)).set_index("place_id").loc["palmyra"]
    assert row["episode"] == 2
    assert row["event_ids"] == "palmyra:retaken:2|palmyra:seized:2"
    assert "2016-03-01..2016-12-31" in row["basis"]


def test_manbij_says_when_it_was_last_reported_held(chronology, places):
    row = control_at(chronology, places, date(2017, 12, 31)).set_index("place_id").loc["manbij"]
    assert row["state"] == UNKNOWN and row["last_held"] == pd.Timestamp(2014, 12, 31)
    assert "last reported held on 2014-12-31" in row["basis"]


def test_states_on_a_dataset_is_the_public_table(corpus):
    table = states_on(corpus, date(2016, 6, 30))
    assert list(table.columns) == [
        "place_id",
        "place",
        "country",
        "state",
        "episode",
        "event_ids",
        "last_held",
        "basis",
    ]
    assert table.set_index("place_id").loc["dabiq", "state"] == HELD


def test_default_snapshots_are_eight_half_year_ends(chronology, places):
    assert SNAPSHOT_DATES[0] == date(2014, 6, 30) and SNAPSHOT_DATES[-1] == date(2017, 12, 31)
    assert len(SNAPSHOT_DATES) == 8
    table = snapshots(chronology, places)
    assert len(table) == 8 * 18
    assert list(dict.fromkeys(table["date"])) == list(SNAPSHOT_DATES)


def test_counts_at_the_end_of_2017(chronology, places):
    """Every town but Manbij retaken by 2017-12-31 (the last, Rawa, on 11-17; Albu Kamal in
    November); Manbij, never reported retaken, is unknown, not held."""
    tally = counts(snapshots(chronology, places, [date(2017, 12, 31)]))
    assert tally.loc[date(2017, 12, 31)].to_dict() == {HELD: 0, PARTLY_HELD: 0, UNKNOWN: 1, NOT_HELD: 17}


def test_counts_at_mid_2014(chronology, places):
    """At 2014-06-30: held Tikrit (June) and Fallujah (January); unknown Manbij (2014) and Mosul
    (summer 2014) inside their seizure windows, and the 12 towns whose seizure is never dated;
    not held Palmyra (May 2015) and Dabiq (August 2014), seized later."""
    tally = counts(snapshots(chronology, places, [date(2014, 6, 30)]))
    assert tally.loc[date(2014, 6, 30)].to_dict() == {HELD: 2, PARTLY_HELD: 0, UNKNOWN: 14, NOT_HELD: 2}


# --- rules on made-up chronologies -----------------------------------------------------------


def _places(*ids: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"place_id": ids, "name": [i.title() for i in ids], "country": "IRQ", "kind": "town"}
    ).assign(lat=34.0, lon=42.0)


def _events(*rows: tuple[str, str, int, str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["place_id", "event", "episode", "date_earliest", "date_latest"])
    frame["event_id"] = frame["place_id"] + ":" + frame["event"] + ":" + frame["episode"].astype(str)
    frame["precision"] = "range"
    for col in ("date_earliest", "date_latest"):
        frame[col] = pd.to_datetime(frame[col]).dt.date
    return frame


def test_a_town_without_any_control_event_is_unknown():
    chronology = _events(("a", "caliphate_proclaimed", 1, "2016-01-01", "2016-01-31"))
    table = control_at(chronology, _places("a", "b"), date(2016, 6, 30)).set_index("place_id")
    assert table.loc["a", "state"] == UNKNOWN and table.loc["b", "state"] == UNKNOWN
    assert "no dated evidence of IS control" in table.loc["b", "basis"]


def test_an_undated_later_seizure_is_unknown_between_the_two_recaptures():
    chronology = _events(
        ("a", "seized", 1, "2014-06-01", "2014-06-30"),
        ("a", "retaken", 1, "2015-03-01", "2015-03-31"),
        ("a", "retaken", 2, "2016-05-01", "2016-05-31"),
    )
    places = _places("a")
    assert control_at(chronology, places, date(2015, 1, 1))["state"].item() == HELD
    assert control_at(chronology, places, date(2015, 3, 10))["state"].item() == UNKNOWN
    # after the first recapture, IS took it again on a day the corpus does not give
    assert control_at(chronology, places, date(2015, 12, 31))["state"].item() == UNKNOWN
    assert control_at(chronology, places, date(2016, 5, 31))["state"].item() == NOT_HELD


def test_window_ends_are_inclusive():
    chronology = _events(
        ("a", "seized", 1, "2015-05-01", "2015-05-31"), ("a", "retaken", 1, "2016-03-05", "2016-03-05")
    )
    places = _places("a")
    states = [
        control_at(chronology, places, d)["state"].item() for d in ("2015-04-30", "2015-05-01", "2015-05-31")
    ]
    assert states == [NOT_HELD, UNKNOWN, HELD]
    assert control_at(chronology, places, date(2016, 3, 4))["state"].item() == HELD
    assert control_at(chronology, places, date(2016, 3, 5))["state"].item() == NOT_HELD


def _on(chronology: pd.DataFrame, day: str) -> str:
    return control_at(chronology, _places("a"), date.fromisoformat(day))["state"].item()


def test_held_only_through_the_last_dated_evidence_without_a_recapture():
    """Seized 2015-05-13, an offensive against it launched in 2016-03-01..03-31: certainly held
    through 2016-03-01 (IS held it on a day of March, continuously since the seizure), then unknown."""
    chronology = _events(
        ("a", "seized", 1, "2015-05-13", "2015-05-13"),
        ("a", "offensive_launched", 1, "2016-03-01", "2016-03-31"),
    )
    assert [_on(chronology, d) for d in ("2015-05-12", "2015-05-13", "2016-03-01", "2016-03-02")] == [
        NOT_HELD,
        HELD,
        HELD,
        UNKNOWN,
    ]
    row = control_at(chronology, _places("a"), date(2017, 12, 31)).iloc[0]
    assert (row["state"], row["last_held"]) == (UNKNOWN, pd.Timestamp(2016, 3, 1))
    assert "last reported held on 2016-03-01" in row["basis"]


def test_an_undated_seizure_is_unknown_before_the_first_dated_evidence():
    """No seizure; an offensive on 2016-11-06; retaken 2017-02-26: unknown, held from the
    offensive to the day before the recapture, then not held."""
    chronology = _events(
        ("a", "offensive_launched", 1, "2016-11-06", "2016-11-06"),
        ("a", "retaken", 1, "2017-02-26", "2017-02-26"),
    )
    assert [_on(chronology, d) for d in ("2016-11-05", "2016-11-06", "2017-02-25", "2017-02-26")] == [
        UNKNOWN,
        HELD,
        HELD,
        NOT_HELD,
    ]


def test_a_siege_by_is_is_partly_held_until_the_recapture():
    """Deir ez-Zor-like: besieged by IS from 2014-07-14, the siege broken 2017-09-10, retaken
    2017-11-03: not held before the siege (IS did not hold it), partly held through 2017-11-02."""
    chronology = _events(
        ("a", "siege_began", 1, "2014-07-14", "2014-07-14"),
        ("a", "siege_broken", 1, "2017-09-10", "2017-09-10"),
        ("a", "retaken", 1, "2017-11-03", "2017-11-03"),
    ).assign(actor_family=["islamic-state", "syrian-government", "syrian-government"])
    assert [
        _on(chronology, d) for d in ("2014-07-13", "2014-07-14", "2017-09-30", "2017-11-02", "2017-11-03")
    ] == [
        NOT_HELD,
        PARTLY_HELD,
        PARTLY_HELD,
        PARTLY_HELD,
        NOT_HELD,
    ]


def test_a_siege_by_another_force_is_evidence_of_is_control_and_an_unnamed_besieger_is_none():
    rows = [
        ("a", "siege_began", 1, "2017-06-24", "2017-06-24"),
        ("a", "retaken", 1, "2017-10-17", "2017-10-17"),
    ]
    by_sdf = _events(*rows).assign(actor_family=["sdf", "sdf"])
    assert _on(by_sdf, "2017-07-01") == HELD
    unnamed = _events(*rows).assign(actor_family=["unknown", "sdf"])
    assert _on(unnamed, "2017-07-01") == UNKNOWN


def test_partial_milestones_are_partly_held():
    """Ramadi-like: part seized 2014-01-01..10, the whole in May 2015; part retaken 2015-12-28,
    the whole 2016-02-04 (milestone rows, as analysis.load gives them)."""
    rows = _events(
        ("a", "seized", 1, "2014-01-01", "2014-01-10"),
        ("a", "seized", 1, "2015-05-01", "2015-05-31"),
        ("a", "retaken", 1, "2015-12-28", "2015-12-28"),
        ("a", "retaken", 1, "2016-02-04", "2016-02-04"),
    ).assign(milestone=["partial", "control", "partial", "control"])
    chronology = rows[rows["milestone"] == "control"]

    def on(day: str) -> str:
        return control_at(chronology, _places("a"), date.fromisoformat(day), rows)["state"].item()

    assert [on(d) for d in ("2013-12-31", "2014-01-05", "2014-06-30", "2015-05-15", "2015-06-30")] == [
        NOT_HELD,
        UNKNOWN,
        PARTLY_HELD,
        PARTLY_HELD,
        HELD,
    ]
    assert [on(d) for d in ("2015-12-28", "2016-02-03", "2016-02-04")] == [PARTLY_HELD, PARTLY_HELD, NOT_HELD]


def test_timeline_stretches_cover_every_day_once():
    chronology = _events(
        ("a", "seized", 1, "2015-05-01", "2015-05-31"), ("a", "retaken", 1, "2016-03-05", "2016-03-05")
    )
    table = timeline(chronology, _places("a"))
    assert list(zip(table["from"].dt.date.astype(str), table["state"], strict=True)) == [
        ("1900-01-01", NOT_HELD),
        ("2015-05-01", UNKNOWN),
        ("2015-05-31", HELD),
        ("2016-03-05", NOT_HELD),
    ]
    assert (
        table["from"].iloc[1:].to_numpy() == (table["to"].iloc[:-1] + pd.Timedelta(days=1)).to_numpy()
    ).all()
    assert pd.isna(table["to"].iloc[-1])


def test_held_counts_count_partly_held_as_certainly_held():
    chronology = _events(
        ("a", "siege_began", 1, "2014-07-14", "2014-07-14"), ("b", "seized", 1, "2014-08-01", "2014-08-01")
    ).assign(actor_family="islamic-state")
    table = held_counts(chronology, _places("a", "b"), date(2014, 7, 1), date(2014, 12, 31))
    rows = [
        (str(r["date"].date()), r[HELD], r[PARTLY_HELD], r[UNKNOWN], r["certainly_held"])
        for _, r in table.iterrows()
    ]
    # a: no recapture, so partly held on its only evidence day, then unknown; b likewise held on 08-01
    assert rows == [
        ("2014-07-01", 0, 0, 0, 0),
        ("2014-07-14", 0, 1, 0, 1),
        ("2014-07-15", 0, 0, 1, 0),
        ("2014-08-01", 1, 0, 1, 1),
        ("2014-08-02", 0, 0, 2, 0),
    ]


def test_live_no_town_is_held_without_dated_evidence_that_day(live):
    """Invariant on any data: a town held (wholly or partly) at the end of a day lies between the first and
    the last day dated evidence shows IS holding it in the deciding episode; never before, never after."""
    from analysis.control import evidence_days, snapshots

    table = snapshots(live.chronology, live.places, SNAPSHOT_DATES, live.milestones)
    held = table[table["state"].isin([HELD, PARTLY_HELD])]
    days = evidence_days(live.chronology, live.places, live.milestones).set_index(["place_id", "episode"])
    for _, row in held.iterrows():
        evidence = days.loc[(row["place_id"], int(row["episode"]))]
        assert evidence["first_held"] <= pd.Timestamp(row["date"]) <= evidence["last_held"], row["basis"]
