"""fig08 and the towns-held series, against counts worked out by hand on small frozen inputs.

The tiny chronology: town A seized on 2015-01-10 and retaken in March 2016 (2016-03-01..31);
town B retaken on 2015-06-15, its seizure undated; town C with no seizure or recapture
(an offensive on 2015-02-01 only); region D is not a town.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from analysis.control import HELD, NOT_HELD, PARTLY_HELD, UNKNOWN, held_counts
from analysis.figures import REGISTRY
from analysis.findings import area_fall
from analysis.plots.style import AXIS_START
from analysis.plots.territory import LAST_DAY, area_marks, finding, plot_territory, town_steps


def _event(place: str, event: str, earliest: str, latest: str, precision: str) -> dict:
    return {
        "event_id": f"{place}:{event}:1",
        "place_id": place,
        "event": event,
        "episode": 1,
        "date_earliest": date.fromisoformat(earliest),
        "date_latest": date.fromisoformat(latest),
        "precision": precision,
    }


@pytest.fixture
def tiny() -> tuple[pd.DataFrame, pd.DataFrame]:
    chronology = pd.DataFrame(
        [
            _event("a", "seized", "2015-01-10", "2015-01-10", "day"),
            _event("a", "retaken", "2016-03-01", "2016-03-31", "month"),
            _event("b", "retaken", "2015-06-15", "2015-06-15", "day"),
            _event("c", "offensive_launched", "2015-02-01", "2015-02-01", "day"),
            _event("d", "retaken", "2015-04-01", "2015-04-01", "day"),
        ]
    )
    places = pd.DataFrame(
        {
            "place_id": ["a", "b", "c", "d"],
            "name": ["A", "B", "C", "D"],
            "country": ["IRQ", "IRQ", "SYR", "SYR"],
            "kind": ["town", "city", "village", "region"],
            "lat": [33.0, 34.0, 35.0, None],
            "lon": [43.0, 44.0, 40.0, None],
        }
    )
    return chronology, places


def test_held_counts_by_hand(tiny) -> None:
    chronology, places = tiny
    table = held_counts(chronology, places, date(2015, 1, 1), date(2016, 12, 31))
    rows = [
        (str(r["date"].date()), r[HELD], r[PARTLY_HELD], r[UNKNOWN], r[NOT_HELD], r["possibly_held"])
        for _, r in table.iterrows()
    ]
    assert rows == [
        ("2015-01-01", 0, 0, 2, 1, 2),  # A to come; B and C: no dated evidence of IS control yet
        ("2015-01-10", 1, 0, 2, 0, 3),  # A seized that day
        ("2015-02-01", 2, 0, 1, 0, 3),  # the offensive on C: IS held C that day
        ("2015-02-02", 1, 0, 2, 0, 3),  # ... and nothing later: C unknown again (last reported 02-01)
        ("2015-06-15", 1, 0, 1, 1, 2),  # B retaken
        ("2016-03-01", 0, 0, 2, 1, 2),  # A's recapture window opens
        ("2016-03-31", 0, 0, 1, 2, 1),  # and closes
    ]
    assert (table["certainly_held"] == table[HELD] + table[PARTLY_HELD]).all()


def test_town_steps_cover_the_axis_without_gaps(tiny) -> None:
    steps = town_steps(held_counts(*tiny, AXIS_START.date(), LAST_DAY))
    assert steps["date_earliest"].iloc[0] == pd.Timestamp("2014-01-01")
    assert steps["date_latest"].iloc[-1] == pd.Timestamp("2017-12-31")
    assert (
        steps["date_earliest"].iloc[1:].to_numpy()
        == (steps["date_latest"].iloc[:-1] + pd.Timedelta(days=1)).to_numpy()
    ).all()
    # 2014-01-01..2015-01-09: B and C unknown (no dated evidence), A to come: 0 certain, 2 possible
    assert list(steps.iloc[0][["towns_certainly_held", "towns_possibly_held"]]) == [0, 2]
    assert steps["date_latest"].iloc[0] == pd.Timestamp("2015-01-09")


def _area(rows: list[tuple]) -> pd.DataFrame:
    columns = ["estimate_id", "as_of_earliest", "as_of_latest", "as_of_precision", "km2", "lower_bound"]
    columns += ["estimator", "estimator_group", "scope", "confidence"]
    table = pd.DataFrame(rows, columns=columns).assign(reported_by="test", url="https://example.org/")
    table["as_of_earliest"] = pd.to_datetime(table["as_of_earliest"])
    table["as_of_latest"] = pd.to_datetime(table["as_of_latest"])
    return table


AREA = [
    ("ihs-2015-01", "2015-01-01", "2015-01-31", "month", 90800, False, "IHS", "ihs", "iraq-syria", "normal"),
    ("ihs-2017-06-26", "2017-06-26", "2017-06-26", "day", 36200, False, "IHS", "ihs", "iraq-syria", "normal"),
    (
        "rand-2014-09",
        "2014-09-01",
        "2014-12-31",
        "range",
        100000,
        True,
        "RAND",
        "rand",
        "iraq-syria",
        "normal",
    ),
    (
        "rand-2017-01",
        "2017-01-01",
        "2017-04-20",
        "range",
        45377,
        False,
        "RAND",
        "rand",
        "iraq-syria",
        "normal",
    ),
    (
        "us-military-2014-08",
        "2014-08-01",
        "2014-08-31",
        "month",
        55000,
        False,
        "DoD",
        "us-military",
        "iraq",
        "normal",
    ),
    (
        "us-military-2018-07-24",
        "2018-07-24",
        "2018-07-24",
        "day",
        300,
        False,
        "CJTF",
        "us-military",
        "syria-pocket",
        "normal",
    ),
]


def test_area_marks_by_hand() -> None:
    marks = area_marks(_area(AREA)).set_index("estimate_id")
    # 2014-09-01..2014-12-31 spans 121 days: the mark sits 60 days in, on 2014-10-31
    assert marks.loc["rand-2014-09", "mark_day"] == pd.Timestamp("2014-10-31")
    assert marks.loc["ihs-2015-01", "mark_day"] == pd.Timestamp("2015-01-16")
    assert marks.loc["ihs-2017-06-26", "mark_day"] == pd.Timestamp("2017-06-26")
    assert not marks.loc["us-military-2018-07-24", "drawn"]
    assert marks.drop(index="us-military-2018-07-24")["drawn"].all()


def test_finding_by_hand(tiny, corpus) -> None:
    # IHS has 2 point estimates of all IS territory, RAND 1 (its other is a lower bound): IHS leads.
    # 1 - 36200/90800 = 0.601 -> 60%. At the end of 2015-01-31: A certainly held (seized 01-10),
    # B and C unknown (no dated evidence yet); on 2017-06-26: C unknown (last reported 2015-02-01).
    chronology, places = tiny
    data = replace(corpus, chronology=chronology, places=places, area_estimates=_area(AREA))
    fall = area_fall(data)
    assert (fall.estimator_group, fall.first["estimate_id"], fall.last["estimate_id"]) == (
        "ihs",
        "ihs-2015-01",
        "ihs-2017-06-26",
    )
    assert (fall.fall_percent, fall.towns, fall.towns_possibly_held_first, fall.towns_possibly_held_last) == (
        60,
        3,
        3,
        1,
    )
    assert (
        fall.towns_held_first,
        fall.towns_unknown_first,
        fall.towns_held_last,
        fall.towns_unknown_last,
    ) == (
        1,
        2,
        0,
        1,
    )
    assert finding(fall, town_steps(held_counts(chronology, places, AXIS_START.date(), LAST_DAY))) == (
        "IHS Conflict Monitor put IS's territory at 90,800 km² in January 2015 and 36,200 km² on "
        "26 June 2017, 60% less; of the 3 towns in the chronology, IS certainly held 1 (2 unknown), then 0 (1 unknown)"
    )


def test_fig08_is_registered_and_plots_every_estimate_in_range(corpus, corpus_figures) -> None:
    assert [(s.slug, s.build) for s in REGISTRY if s.figure_id == "fig08"] == [
        ("area-and-towns", plot_territory)
    ]
    fig, data = corpus_figures["fig08"]
    area = data[data["series"] == "area"]
    assert len(area) == len(corpus.area_estimates) == 17
    # the frozen table has one estimate after 2017 (2018-07-24): 16 drawn, one named in the note
    assert int(area["drawn"].sum()) == 16
    assert "2018-07-24, 300 km²" in fig._supxlabel.get_text().replace("\n", " ")
    towns = data[data["series"] == "towns"]
    assert (towns["towns_certainly_held"] <= towns["towns_possibly_held"]).all()
    assert "90,800 km²" in fig._suptitle.get_text() and "36,200 km²" in fig._suptitle.get_text()


def test_without_an_estimate_of_all_territory_the_title_states_the_towns(tiny, corpus) -> None:
    chronology, places = tiny
    pocket_only = _area([row for row in AREA if row[8] == "syria-pocket"])
    data = replace(corpus, chronology=chronology, places=places, area_estimates=pocket_only)
    assert area_fall(data) is None
    # 2014-01-01: A to come, B and C unknown (no dated evidence yet); end of 2017: C unknown
    assert finding(None, town_steps(held_counts(chronology, places, AXIS_START.date(), LAST_DAY))) == (
        "No published estimate covers all IS territory in 2014-2017; IS certainly held 0 towns of the "
        "chronology on 2014-01-01 (2 unknown) and 0 at the end of 2017 (1 unknown)"
    )
    fig, _ = plot_territory(data)
    assert fig._suptitle.get_text().startswith("No published estimate")
