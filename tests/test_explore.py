"""The explorer page's data (analysis.explore), without a browser: hand-computed expectations on the
frozen corpus, escaping, and the page's static contract (one element per event, no outside resource).
The page in Chromium: tests/test_explore_browser.py."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import pytest

from analysis import explore
from analysis.control import snapshots
from analysis.dates import STUDY_START


def test_agreement_reasons_say_why():
    agreed = explore.agreement_reason("agreed", "control", 4, 3, 4)
    assert agreed.startswith("Agreed: 3 independent sources") and "intersect" in agreed
    single = explore.agreement_reason("single-source", "declared", 2, 1, 2)
    assert (
        single.startswith("Single source: 2 sources (1 independent)") and "Wikipedia never counts" in single
    )
    conflict = explore.agreement_reason("conflict", "partial", 2, 1, 3)
    assert conflict.startswith(
        "In conflict: the partial windows of its 3 claims (2 sources) do not intersect"
    )


def test_mosul_recapture_row_and_csv_line(corpus):
    events = explore.event_table(corpus).set_index("event_id")
    mosul = events.loc["mosul:retaken:1"]
    assert (mosul["earliest"], mosul["latest"], mosul["window"]) == ("2017-07-09", "2017-07-09", "9 Jul 2017")
    assert mosul["agreement"] == "agreed" and mosul["mark"] == "point" and mosul["row"] == "Mosul"
    assert mosul["why"].startswith("Agreed: 3 independent sources")
    assert mosul["csv"] == (
        "mosul:retaken:1,Mosul,IRQ,retaken,1,2017-07-09,2017-07-09,day,control,iraqi-government,agreed,quoted,3,3,"
        "afp-timeline|itv-rawa|reuters-rawa"
    )
    assert len(events) == 32  # every event of the frozen chronology


def test_csv_cells_are_quoted_and_neutralised():
    assert explore._csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert explore._csv_cell('Al "Qaim", west') == '"Al ""Qaim"", west"'
    assert explore._csv_cell(3) == "3"


def test_evidence_of_mosul_lists_its_four_claims_with_quotes(corpus):
    evidence = explore.evidence_table(corpus)
    mosul = evidence[evidence["event_id"] == "mosul:retaken:1"]
    assert sorted(mosul["claim_id"]) == [
        "afp-mosul-ousted-undated",
        "afp-mosul-retaken",
        "itv-mosul-retaken",
        "reuters-mosul-driven-out",
    ]
    row = mosul.set_index("claim_id").loc["afp-mosul-retaken"]
    assert (
        row["quote"] == "MOSUL: Prime Minister Haider al-Abadi declares victory in Mosul on July 9 this year"
    )
    assert (row["date_text"], row["window"], row["published"]) == (
        "on July 9 this year",
        "9 Jul 2017",
        "2017-12-09",
    )
    assert row["outlet"] == "AFP (outlet inferred)" and row["tier"] == "quoted"
    undated = mosul.set_index("claim_id").loc["afp-mosul-ousted-undated"]
    assert undated["date_text"] == "" and undated["earliest"] == "2014-01-01"
    assert set(evidence["event_id"]) == set(corpus.chronology["event_id"])  # every claim belongs to an event


def test_palmyra_states_worked_out_by_hand(corpus):
    """Palmyra: seized May 2015, retaken Mar 2016, seized again some day of Mar-Dec 2016, retaken Mar 2017
    (analysis.control: a window straddling the day -> unknown; held from the seizure's last day to the
    day before the recapture's window opens)."""
    states = explore.state_changes(corpus)
    rows = states[states["place_id"] == "palmyra"][["date", "state"]].values.tolist()
    palmyra = [r for i, r in enumerate(rows) if i == 0 or r[1] != rows[i - 1][1]]  # a new basis, same state
    assert palmyra == [
        ["2014-01-01", "not held"],
        ["2015-05-01", "unknown"],
        ["2015-05-31", "held"],
        ["2016-03-01", "unknown"],
        ["2016-12-31", "held"],
        ["2017-03-01", "unknown"],
        ["2017-03-31", "not held"],
    ]


def test_state_changes_agree_with_control_on_every_day(corpus):
    """The map's runs give, on every day of the study, the state analysis.control gives (fig07's)."""
    states = explore.state_changes(corpus)
    days = pd.date_range(STUDY_START, explore.LAST_DAY, freq="D").date
    truth = snapshots(corpus.chronology, corpus.places, days, corpus.milestones)
    truth["date"] = pd.to_datetime(truth["date"]).dt.strftime("%Y-%m-%d")
    runs = {p: list(zip(g["date"], g["state"], strict=True)) for p, g in states.groupby("place_id")}

    def state_on(place: str, day: str) -> str:
        return [s for d, s in runs[place] if d <= day][-1]

    got = [state_on(p, d) for p, d in zip(truth["place_id"], truth["date"], strict=True)]
    assert got == truth["state"].tolist()


def test_towns_carry_fig06_recapture_colours(corpus):
    towns = explore.town_table(corpus)[0].set_index("place_id")
    assert towns.loc["manbij", "recapture_id"] == "" and towns.loc["manbij", "recapture_colour"] == "#ffffff"
    assert towns.loc["rawa", "recapture"] == "17 Nov 2017"
    assert re.fullmatch(r"#[0-9a-f]{6}", towns.loc["rawa", "recapture_colour"])
    assert towns.loc["rawa", "recapture_colour"] != towns.loc["kobane", "recapture_colour"]


def test_script_json_cannot_close_its_element():
    text = explore.script_json({"q": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text


def test_row_names_tell_apart_places_that_share_a_name():
    events = pd.DataFrame({"place_id": ["a", "b", "c"], "place": ["Hit", "Hit", "Rawa"]})
    assert explore.row_names(events).tolist() == ["Hit (a)", "Hit (b)", "Rawa"]


def hostile(corpus):
    """The frozen corpus with markup in a place name, a quote and a URL: the page must show it as text."""
    from analysis.chronology import reconcile_with_milestones

    places = corpus.places.copy()
    places.loc[places["place_id"] == "mosul", "name"] = 'Mosul<img src=x onerror="alert(1)">'
    claims = corpus.claims.copy()
    claims.loc[claims["claim_id"] == "afp-mosul-retaken", "quote"] = "</script><script>alert(2)</script>"
    sources = corpus.sources.copy()
    sources.loc[sources["source_id"] == "afp-timeline", "url"] = "javascript:alert(3)"
    chronology, milestones = reconcile_with_milestones(claims, places)
    return replace(
        corpus, places=places, claims=claims, sources=sources, chronology=chronology, milestones=milestones
    )


@pytest.fixture(scope="module")
def hostile_page(corpus, tmp_path_factory) -> str:
    path = explore.write_page(hostile(corpus), tmp_path_factory.mktemp("explore"))
    return path.read_text(encoding="utf-8")


def test_markup_in_the_data_reaches_the_page_as_text(hostile_page):
    assert "<img src=x" not in hostile_page
    assert "<script>alert(2)" not in hostile_page
    assert "Mosul&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in hostile_page  # the event list, escaped


def test_page_has_one_element_per_event_and_no_outside_resource(corpus, tmp_path):
    page = explore.write_page(corpus, tmp_path).read_text(encoding="utf-8")
    ids = re.findall(r'data-event-id="([^"]+)"', page)
    assert sorted(ids) == sorted(corpus.chronology["event_id"])
    assert 'data-role="evidence"' in page
    markup = re.sub(r"(?s)(<script[^>]*>).*?</script>", r"\1</script>", page)  # the page's own tags only
    assert not re.search(r"<(script|img|iframe)[^>]+src=", markup, re.I)
    assert not re.search(r"<link[^>]+href=", markup, re.I)
    assert "default-src 'none'" in markup  # and the browser refuses any fetch (Content-Security-Policy)
    assert "Version 0." in page or "v0." in page  # the page names the dataset version


def test_timeline_marks_a_day_a_month_and_an_undated_window(corpus):
    """fig01's rules in the page's timeline: a day is a mark without a bar, at the day's middle; a month
    a bar over the whole month; an undated window a hatched bar with the mark on its last day."""
    from analysis.plots.explorer import ONE_DAY_MS, timeline_source

    events = explore.event_table(corpus)
    source = timeline_source(events)
    row = {e: i for i, e in enumerate(source["event_id"])}
    day = pd.Timestamp("2017-07-09").value // 1_000_000
    mosul = row["mosul:retaken:1"]  # 9 Jul 2017
    assert (source["left"][mosul], source["right"][mosul]) == (day, day + ONE_DAY_MS)
    assert source["mid"][mosul] == day + ONE_DAY_MS / 2 and source["bar_alpha"][mosul] == 0.0
    raqqa = row["raqqa:retaken:1"]  # Oct 2017
    october = pd.Timestamp("2017-10-01").value // 1_000_000
    assert (source["left"][raqqa], source["right"][raqqa]) == (october, october + 31 * ONE_DAY_MS)
    assert source["bar_alpha"][raqqa] > 0 and source["hatch"][raqqa] == " "
    undated = row["albu-kamal:retaken:1"]  # 2014-01-01 to 2017-11-23, known only to precede publication
    assert source["hatch"][undated] == "/" and source["bar_alpha"][undated] == 0.0
    assert source["mid"][undated] == pd.Timestamp("2017-11-23").value // 1_000_000 + ONE_DAY_MS / 2
    assert source["y"][mosul] == ["Iraq", "Mosul"] and source["marker"][mosul] == "circle"
