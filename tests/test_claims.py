"""Claims and places: every quote, date, place and actor is backed by the source text."""

from __future__ import annotations

import csv
from datetime import date

import pandas as pd
import pytest

from analysis.places import spellings
from analysis.vocabulary import EVENTS


@pytest.fixture(scope="module")
def claims(corpus) -> pd.DataFrame:
    return corpus.claims


@pytest.fixture(scope="module")
def raw_claims(live) -> list[dict[str, str]]:
    with open(live.data_dir / "claims.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def raw_sources(live) -> dict[str, dict[str, str]]:
    with open(live.data_dir / "sources.csv", newline="", encoding="utf-8") as f:
        return {r["source_id"]: r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def raw_texts(live, raw_sources) -> dict[str, str]:
    articles = live.data_dir / "raw" / "articles"
    return {
        sid: (articles / r["original_file"]).read_text(encoding="utf-8")
        for sid, r in raw_sources.items()
        if r["tier"] == "quoted"
    }


def _quoted(raw_claims, raw_sources):
    return [r for r in raw_claims if raw_sources[r["source_id"]]["tier"] == "quoted"]


def _cited(raw_claims, raw_sources):
    return [r for r in raw_claims if raw_sources[r["source_id"]]["tier"] == "cited"]


def test_every_quote_is_verbatim_in_its_source(raw_claims, raw_sources, raw_texts):
    # Re-checked here with plain str.find on the raw file, independently of analysis.sources.
    for row in _quoted(raw_claims, raw_sources):
        text, position = raw_texts[row["source_id"]], 0
        for part in row["quote"].split(" […] "):
            found = text.find(part, position)
            assert found >= 0, f"{row['claim_id']}: {part!r} not in {row['source_id']}"
            position = found + len(part)


def test_every_date_text_actor_and_place_is_in_the_quote(raw_claims, raw_sources, live):
    places = live.places.set_index("place_id")
    for row in _quoted(raw_claims, raw_sources):
        quote = row["quote"].lower()
        for col in ("date_text", "actor", "supported_by"):
            assert row[col].lower() in quote, f"{row['claim_id']}: {col} {row[col]!r}"
        assert any(s.lower() in quote for s in spellings(places.loc[row["place_id"]])), row["claim_id"]


def test_cited_claims_carry_their_evidence_instead_of_a_quote(raw_claims, raw_sources, live):
    places = live.places.set_index("place_id")
    cited = _cited(raw_claims, raw_sources)
    assert cited, "the live data has a cited tier"
    referents = ("the", "his", "their", "its", "towns", "parts")
    for row in cited:
        assert row["quote"] == "" and row["locator"], row["claim_id"]
        names = {s.lower() for s in spellings(places.loc[row["place_id"]])}
        written = row["place_as_written"].lower()
        assert written.split(" ")[0] in referents or any(name in written for name in names), row["claim_id"]


def test_every_cited_claim_resolves_to_a_window(live):
    cited = live.claims[live.claims["tier"] == "cited"]
    assert cited["date_earliest"].notna().all() and (cited["date_earliest"] <= cited["date_latest"]).all()
    # a cited claim is undated only when its date_text is empty (dated by its page alone: an upper bound)
    assert ((cited["precision"] == "before-publication") == (cited["date_text"] == "")).all()
    assert (cited.loc[cited["precision"] == "publication", "date_text"].str.lower() == "now").all()


def test_no_row_is_dropped(live, raw_claims):
    assert len(live.claims) == len(raw_claims)
    assert list(live.claims["claim_id"]) == [r["claim_id"] for r in raw_claims]


def test_the_frozen_corpus_has_its_43_claims(claims):
    assert len(claims) == 43


def test_vocabulary_and_spellings_met_in_the_corpus(claims, corpus):
    assert set(claims["event"]) <= set(EVENTS)
    places = corpus.places.set_index("place_id")
    assert {"Raqqa", "Raqa"} <= set(spellings(places.loc["raqqa"]))
    assert {"Albu Kamal", "Boukamal"} <= set(spellings(places.loc["albu-kamal"]))
    assert "Deir Ezzor" in spellings(places.loc["deir-ez-zor"])


WINDOWS = [  # claim id, earliest, latest, precision: computed by hand from the quote and publication date
    ("afp-al-mayadin-retaken", date(2017, 10, 14), date(2017, 10, 14), "day"),
    ("afp-kobane-retaken", date(2015, 1, 1), date(2015, 1, 31), "month"),
    ("afp-ramadi-retaken", date(2016, 2, 1), date(2016, 2, 29), "month"),  # leap year
    ("afp-mosul-retaken", date(2017, 7, 9), date(2017, 7, 9), "day"),  # "July 9 this year", published 2017
    ("afp-rawa-retaken", date(2017, 11, 17), date(2017, 11, 17), "day"),
    (
        "reuters-rawa-captured",
        date(2017, 11, 17),
        date(2017, 11, 17),
        "day",
    ),  # the Friday on/before Nov 17-23
    ("afp-albu-kamal-retaken", date(2017, 11, 1), date(2017, 11, 30), "month"),  # later the same month (Nov)
    ("afp-palmyra-seized-2", date(2016, 3, 1), date(2016, 12, 31), "range"),  # by the end of that year (2016)
    ("itv-mosul-seized", date(2014, 6, 1), date(2014, 8, 31), "season"),
    ("itv-mosul-retaken", date(2017, 7, 1), date(2017, 7, 31), "month"),
    ("itv-rawa-liberated", date(2017, 11, 17), date(2017, 11, 17), "publication"),
    (
        "reuters-albu-kamal-reinfiltrated",
        date(2017, 11, 6),
        date(2017, 11, 19),
        "range",
    ),  # last week, for Nov 17..23
    ("reuters-border-crossing-lost", date(2017, 11, 1), date(2017, 11, 22), "range"),
    ("afp-manbij-seized", date(2014, 1, 1), date(2014, 12, 31), "year"),
    ("afp-war-over", date(2017, 12, 9), date(2017, 12, 9), "day"),
]


@pytest.mark.parametrize(("claim_id", "earliest", "latest", "precision"), WINDOWS)
def test_claim_windows_by_hand(claims, claim_id, earliest, latest, precision):
    row = claims.set_index("claim_id").loc[claim_id]
    assert (row["date_earliest"].date(), row["date_latest"].date(), row["precision"]) == (
        earliest,
        latest,
        precision,
    )


def test_undated_statements_are_bounded_by_publication(claims):
    undated = claims[claims["date_text"] == ""].set_index("claim_id")
    assert set(undated.index) == {
        "afp-mosul-ousted-undated",
        "afp-raqa-lost-undated",
        "reuters-rawa-liberated-undated",
        "reuters-albu-kamal-seized-by-army",
    }
    assert (undated["precision"] == "before-publication").all()
    assert undated.loc["afp-raqa-lost-undated", "date_latest"] == pd.Timestamp(2017, 12, 9)
    assert undated.loc["reuters-rawa-liberated-undated", "date_latest"] == pd.Timestamp(2017, 11, 23)


def test_places_have_points_inside_the_region_except_areas(corpus):
    places = corpus.places
    points = places[places["kind"].isin(["city", "town", "village", "border crossing"])]
    assert len(points) == 19 and points[["lat", "lon"]].notna().all().all()
    assert places.loc[~places.index.isin(points.index), "lat"].isna().all()
