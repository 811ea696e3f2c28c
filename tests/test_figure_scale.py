"""Figures at the wide corpus' scale: evidence tiers and source groups, on small frozen inputs
whose expected counts are worked out by hand; and fig04's labelled late gaps on the frozen corpus."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from analysis import findings
from analysis.findings import towns_retaken_repeatedly
from analysis.plots.coverage import coverage_data, source_classes
from analysis.plots.pace_charts import OCCUPATION_LABEL_PT, _counted_more_than_once, plot_occupation
from analysis.plots.style import source_note
from analysis.plots.timeline import _columns, event_tiers, plot_timeline, timeline_data

SOURCES = pd.DataFrame(
    {
        "source_id": ["afp", "dod", "wiki", "voa"],
        "outlet": ["AFP", "US DoD", "Wikipedia", "VOA"],
        "outlet_status": ["inferred", "stated", "stated", "stated"],
        "published": ["2017-12-09", "2017-11-03", "2023-05-01", "2016-08-12"],
        "tier": ["quoted", "cited", "cited", "cited"],
        "source_group": ["news", "us-government", "wikipedia", "news"],
    }
)
# Manbij: seized (AFP alone), retaken (DoD and VOA, both cited); Raqqa retaken (AFP twice, one of them
# undated; Wikipedia undated: it mentions the recapture without dating it).
CLAIMS = pd.DataFrame(
    {
        "claim_id": ["c1", "c2", "c3", "c4", "c5", "c6"],
        "source_id": ["afp", "dod", "voa", "afp", "afp", "wiki"],
        "place_id": ["manbij", "manbij", "manbij", "raqqa", "raqqa", "raqqa"],
        "event": ["seized", "retaken", "retaken", "retaken", "retaken", "retaken"],
        "episode": [1, 1, 1, 1, 1, 1],
        "actor_family": ["islamic-state", "sdf", "sdf", "sdf", "sdf", "unknown"],
        "precision": ["month", "day", "day", "day", "before-publication", "before-publication"],
    }
)


def _event(place, event, day, claim_ids, tiers, agreement, family, n_independent):
    return {
        "event_id": f"{place}:{event}:1",
        "place_id": place,
        "place": place.title(),
        "country": "SYR",
        "event": event,
        "episode": 1,
        "date_earliest": day,
        "date_latest": day,
        "precision": "day",
        "actors": "",
        "agreement": agreement,
        "n_independent": n_independent,
        "actor_family": family,
        "claim_ids": claim_ids,
        "tiers": tiers,
    }


CHRONOLOGY = pd.DataFrame(
    [
        _event("manbij", "seized", date(2014, 1, 20), "c1", "quoted", "single-source", "islamic-state", 1),
        _event("manbij", "retaken", date(2016, 8, 12), "c2|c3", "cited", "agreed", "sdf", 2),
        _event(
            "raqqa", "retaken", date(2017, 10, 17), "c4|c5|c6", "cited|quoted", "agreed", "sdf", 1
        ),  # AFP alone dates it
    ]
)


def test_missing_tiers_and_groups_default_to_quoted_news() -> None:
    assert list(event_tiers(CHRONOLOGY.drop(columns="tiers"))) == ["quoted"] * 3
    classes = source_classes(SOURCES.drop(columns=["tier", "source_group"]))
    assert set(classes["tier"]) == {"quoted"} and set(classes["source_group"]) == {"news"}


def test_timeline_marks_cited_only_events_and_gives_each_place_one_row() -> None:
    data = timeline_data(CHRONOLOGY).set_index("event_id")
    assert list(data["cited_only"]) == [False, True, False]  # only Manbij's recapture lacks a quoted source
    assert list(data.index) == ["manbij:seized:1", "manbij:retaken:1", "raqqa:retaken:1"]  # Manbij fell first


def test_timeline_draws_the_cited_only_event_hollow(corpus) -> None:
    fig, _ = plot_timeline(replace(corpus, chronology=CHRONOLOGY, claims=CLAIMS, sources=SOURCES))
    ax, key = fig.axes  # one lane (Syria), one column, and the key under it
    assert not key.axison
    white = mcolors.to_rgba("white")
    faces = [tuple(f) for c in ax.collections for f in c.get_facecolors()]
    assert len(faces) == 3 and faces.count(white) == 1
    assert len(ax.get_yticks()) == 1 + 2  # the Syria header, Manbij, Raqqa


def test_coverage_has_a_column_per_quoted_source_and_per_cited_group() -> None:
    data = coverage_data(CHRONOLOGY, CLAIMS, SOURCES).set_index("event_id")
    dating = ["afp", "cited_news", "cited_us-government", "cited_wikipedia"]  # no UN source
    assert list(data.columns[4:]) == [c for key in dating for c in (key, f"{key}_mentions")]
    assert tuple(data.loc["manbij:retaken:1", dating]) == (0, 1, 1, 0)  # VOA; DoD
    # AFP's 2 statements (one dated) = 1 source dating it; Wikipedia's undated one only mentions it
    assert tuple(data.loc["raqqa:retaken:1", dating]) == (1, 0, 0, 0)
    mentions = [f"{key}_mentions" for key in dating]
    assert tuple(data.loc["raqqa:retaken:1", mentions]) == (0, 0, 0, 1)


def test_coverage_without_tier_columns_keeps_one_column_per_source(corpus) -> None:
    data = coverage_data(corpus.chronology, corpus.claims, corpus.sources)
    assert list(data.columns[5::2]) == ["afp-timeline", "itv-rawa", "reuters-rawa"]


def test_coverage_separates_dating_a_recapture_from_mentioning_it(corpus) -> None:
    """Rawa: AFP ("November 17") and Reuters ("on friday") date it; ITV's "have now fully liberated"
    is true at publication: it mentions the recapture, never dates it."""
    row = (
        coverage_data(corpus.chronology, corpus.claims, corpus.sources)
        .set_index("event_id")
        .loc["rawa:retaken:1"]
    )
    assert (row["afp-timeline"], row["reuters-rawa"], row["itv-rawa"], row["itv-rawa_mentions"]) == (
        1,
        1,
        0,
        1,
    )


def test_source_note_names_quoted_sources_and_counts_cited_ones() -> None:
    assert source_note(SOURCES) == (
        "Sources: AFP (outlet inferred), published 2017-12-09; and 3 cited sources (1 news, "
        "1 US government, 1 Wikipedia), listed in data/sources.csv. Dates are windows, not points."
    )


@pytest.fixture(scope="module")
def gaps_figure(corpus_figures):
    return corpus_figures["fig04"]  # fig04 (plot_gaps) of the frozen corpus, built once


def test_fig04_labels_the_late_gaps_its_title_counts(gaps_figure) -> None:
    fig, table = gaps_figure
    counted = table[table["counted_in_title"]]
    # from the article dates: Hawija 10-05 -> Al-Mayadin 10-14 (9 days); Al-Mayadin -> Raqqa 10-17..31 (0-17);
    # Al-Qaim 11-03 -> Albu Kamal (2) November (0-27); -> Deir ez-Zor November (0-29); -> Rawa 11-17 (0-16).
    # Raqqa -> Al-Qaim can be 33 days: not counted.
    assert list(counted["to_place"]) == ["Al-Mayadin", "Raqqa", "Albu Kamal", "Deir ez-Zor", "Rawa"]
    assert "5 of the 8 recaptures from July 2017 came within a month" in fig._suptitle.get_text().replace(
        "\n", " "
    )
    late_axis = fig.axes[1]
    labels = [t.get_text() for t in late_axis.get_yticklabels()]
    assert "Hawija \u2192 Al-Mayadin" in labels and "Raqqa \u2192 Al-Qaim" in labels
    assert len(labels) == int((pd.to_datetime(table["to_midpoint"]) >= "2017-07-01").sum())


def test_towns_retaken_repeatedly_counts_dated_recaptures(corpus) -> None:
    """Palmyra is retaken in March 2016 and March 2017, both dated; Albu Kamal's first recapture
    is undated, so among the dated recaptures it counts once."""
    assert towns_retaken_repeatedly(corpus).to_dict() == {"Palmyra": 2}


def test_fig02_names_the_towns_that_count_more_than_once(corpus_figures) -> None:
    fig, _ = corpus_figures["fig02"]
    assert "happened; Palmyra counts twice. Not drawn: 1 undated (Albu Kamal)." in " ".join(
        fig.get_supxlabel().split()
    )
    repeated = pd.Series({"Albu Kamal": 2, "Baiji": 2, "Mosul": 3, "Palmyra": 2})
    assert (
        _counted_more_than_once(repeated)
        == "; Albu Kamal, Baiji and Palmyra count twice; Mosul counts three times"
    )
    assert _counted_more_than_once(pd.Series(dtype=int)) == ""


# fig05's counts, on a per-event table written by hand: 5 events in two lanes
PER_EVENT = pd.DataFrame(
    {
        "event_id": ["a", "b", "c", "d", "e"],
        "lane": ["IRQ", "IRQ", "SYR", "SYR", "SYR"],
        "agreement": ["agreed", "single-source", "conflict", "single-source", "agreed"],
        "n_independent": [4, 0, 2, 1, 2],
        "afp": [1, 0, 1, 0, 1],
        "afp_mentions": [0, 1, 0, 0, 1],  # b: mentioned only; e: dated too, so not "mentions only"
        "cited_news": [3, 0, 1, 1, 1],
        "cited_news_mentions": [0, 0, 0, 0, 0],
    }
)


def test_events_by_dating_counts_each_lane_bucket_and_agreement() -> None:
    table = findings.events_by_dating(PER_EVENT, ("SYR", "IRQ", "IRQ|SYR")).set_index(
        ["lane", "sources_dating", "agreement"]
    )["events"]
    assert list(dict.fromkeys(table.index.get_level_values("lane"))) == ["SYR", "IRQ"]  # no empty lane
    assert len(table) == 2 * 4 * 3 and table.sum() == 5
    assert table[("IRQ", "3+", "agreed")] == 1  # a: 4 sources
    assert table[("IRQ", "0", "single-source")] == 1  # b
    assert table[("SYR", "2", "conflict")] == 1 and table[("SYR", "2", "agreed")] == 1  # c, e
    assert table[("SYR", "1", "single-source")] == 1  # d
    assert table[("SYR", "3+", "agreed")] == 0


def test_events_by_source_splits_dating_by_agreement_and_counts_mentions_only() -> None:
    table = findings.events_by_source(PER_EVENT, ["afp", "cited_news"]).set_index("key")
    # afp dates a (agreed), c (conflict), e (agreed); mentions b only (e it also dates)
    assert tuple(table.loc["afp"]) == (2, 0, 1, 1)
    # the news group dates a, e (agreed), c (conflict), d (single-source): an event once, however many sources
    assert tuple(table.loc["cited_news"]) == (2, 1, 1, 0)


def test_fig05_counts_on_the_frozen_corpus(corpus) -> None:
    """Rawa: dated by AFP and Reuters (2), ITV only mentions it; Mosul's recapture dated by all three (3+);
    Albu Kamal's first recapture only mentioned, undated, by Reuters (0). ITV dates Mosul's fall, its
    recapture, Raqqa's recapture and the caliphate's proclamation."""
    data = coverage_data(corpus.chronology, corpus.claims, corpus.sources)
    table = findings.events_by_dating(data, ("SYR", "IRQ", "IRQ|SYR")).set_index(
        ["lane", "sources_dating", "agreement"]
    )["events"]
    assert table.sum() == len(corpus.chronology) == 32
    assert table[("IRQ", "2", "agreed")] == 1  # Rawa
    assert table[("IRQ", "3+", "agreed")] == 1  # Mosul
    assert table[("SYR", "0", "single-source")] == 1  # Albu Kamal (1)
    itv = findings.events_by_source(data, ["itv-rawa"]).set_index("key").loc["itv-rawa"]
    assert (itv["agreed"], itv["single-source"], itv["conflict"], itv["mentions_only"]) == (3, 1, 0, 1)


def test_occupation_puts_each_country_in_its_own_panel_on_one_page(corpus) -> None:
    """fig03 at campaign scale: Iraq | Syria side by side, the same row pitch in both, names >= 6.5 pt."""
    mosul = [
        {**_event("mosul", "seized", date(2014, 6, 10), "c1", "quoted", "single-source", "islamic-state", 1)},
        {
            **_event(
                "mosul", "retaken", date(2017, 7, 9), "c1", "quoted", "single-source", "iraqi-government", 1
            )
        },
    ]
    chronology = pd.concat([CHRONOLOGY, pd.DataFrame(mosul).assign(country="IRQ")], ignore_index=True)
    fig, data = plot_occupation(replace(corpus, chronology=chronology, claims=CLAIMS, sources=SOURCES))
    iraq, syria = fig.axes[:2]
    assert (iraq.get_title("left"), syria.get_title("left")) == ("Iraq", "Syria")
    assert [t.get_text() for t in iraq.get_yticklabels()] == ["Mosul"]
    # by earliest end: Manbij retaken 2016-08-12 (by cited sources only: †), then Raqqa 2017-10-17
    assert [t.get_text() for t in syria.get_yticklabels()] == ["Manbij †", "Raqqa"]
    assert iraq.get_ylim() == syria.get_ylim()  # one row pitch: Iraq's one row level with Manbij's
    assert all(t.get_fontsize() >= OCCUPATION_LABEL_PT == 6.5 for t in syria.get_yticklabels())
    assert len(data) == 3
    width, height = fig.get_size_inches() * 200
    assert width <= 2400 and height <= 2400


def test_timeline_lanes_go_whole_to_the_shorter_column() -> None:
    """Syria (header + 2 places = 3 rows), Iraq (header + 4 = 5), both countries (header + 1 = 2):
    Syria to column 1, Iraq to the then emptier column 2, both countries to column 1 (3 < 5 rows)."""
    rows = pd.DataFrame(
        {
            "label": [
                "Syria",
                "Manbij",
                "Raqqa",
                "Iraq",
                "Mosul",
                "Tikrit",
                "Hit",
                "Rawa",
                "Iraq and Syria",
                "Al-Tanf",
            ],
            "place_id": [None, "manbij", "raqqa", None, "mosul", "tikrit", "hit", "rawa", None, "tanf"],
        }
    )
    left, right = _columns(rows)
    assert list(left["label"]) == ["Syria", "Manbij", "Raqqa", "Iraq and Syria", "Al-Tanf"]
    assert list(right["label"]) == ["Iraq", "Mosul", "Tikrit", "Hit", "Rawa"]
    assert [list(c["label"]) for c in _columns(rows.iloc[:3])] == [["Syria", "Manbij", "Raqqa"]]
