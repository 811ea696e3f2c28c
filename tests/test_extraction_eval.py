"""Integrity of the extraction evaluation set in ``tests/extraction_eval/`` (no extractor needed).

The set is hand-made gold: these tests check that it is internally consistent — every evidence
span is verbatim in its article and names the place, every gold place is in the set's gazetteer,
every window is an ISO closed interval ending on or before publication — so that a scorer can
trust it. They do not check the gold against any extractor output.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.dates import STUDY_START
from analysis.places import COLUMNS as PLACE_COLUMNS
from analysis.places import spellings, validate_places
from analysis.vocabulary import EVENTS

EVAL = Path(__file__).parent / "extraction_eval"
ARTICLES = EVAL / "articles"
ARTICLE_COLUMNS = ["article", "published", "style", "note"]
GOLD_COLUMNS = [
    "article",
    "place",
    "event",
    "episode",
    "date_earliest",
    "date_latest",
    "evidence",
    "note",
]
FILE_NAME = re.compile(r"^\d{2}_[a-z0-9_]+\.txt$")
WORDS = (120, 500)
MIN_ARTICLES = 14


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(EVAL / name, dtype=str, keep_default_na=False)


def _text(article: str) -> str:
    return (ARTICLES / article).read_bytes().decode("utf-8")


def _day(value: str) -> dt.date:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), f"{value!r} is not an ISO date YYYY-MM-DD"
    return dt.date.fromisoformat(value)


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return _read("articles.csv")


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return _read("gold.csv")


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    return _read("places.csv")


def test_tables_have_the_agreed_columns(articles, gold, places):
    assert list(articles.columns) == ARTICLE_COLUMNS
    assert list(gold.columns) == GOLD_COLUMNS
    assert list(places.columns) == list(PLACE_COLUMNS)


def test_articles_csv_lists_exactly_the_article_files(articles):
    on_disk = sorted(p.name for p in ARTICLES.glob("*"))
    assert sorted(articles["article"]) == on_disk
    assert len(on_disk) >= MIN_ARTICLES
    assert all(FILE_NAME.match(name) for name in on_disk), on_disk


def test_article_files_are_utf8_lf_and_of_wire_length(articles):
    for name in articles["article"]:
        raw = (ARTICLES / name).read_bytes()
        text = raw.decode("utf-8")  # raises on a non-UTF-8 file
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{name}: byte-order mark"
        assert b"\r" not in raw, f"{name}: CR line ends"
        assert text.endswith("\n"), f"{name}: no final newline"
        words = len(text.split())
        assert WORDS[0] <= words <= WORDS[1], f"{name}: {words} words"


def test_published_dates_are_iso_days_in_the_study_period(articles):
    for _, row in articles.iterrows():
        day = _day(row["published"])
        assert STUDY_START <= day <= dt.date(2017, 12, 31), row["article"]
        assert row["style"] and row["note"], row["article"]


def test_every_article_has_gold(articles, gold):
    assert set(gold["article"]) == set(articles["article"])


def test_gold_events_and_episodes_are_in_the_vocabulary(gold):
    assert set(gold["event"]) <= set(EVENTS), set(gold["event"]) - set(EVENTS)
    assert gold["episode"].str.fullmatch(r"[1-9]\d*").all(), gold.loc[~gold["episode"].str.isdigit()]


def test_gold_rows_are_unique_per_article_place_event_episode(gold):
    key = ["article", "place", "event", "episode"]
    assert not gold.duplicated(key).any(), gold.loc[gold.duplicated(key, keep=False), key]


def test_gold_windows_are_ordered_and_end_by_publication(articles, gold):
    published = dict(zip(articles["article"], articles["published"], strict=True))
    for line, row in gold.iterrows():
        earliest, latest = _day(row["date_earliest"]), _day(row["date_latest"])
        where = f"gold.csv line {line + 2}"
        assert STUDY_START <= earliest <= latest, where
        assert latest <= _day(published[row["article"]]), where


def test_gold_evidence_is_verbatim_in_its_article(gold):
    for line, row in gold.iterrows():
        assert row["evidence"].strip(), f"gold.csv line {line + 2}: empty evidence"
        assert row["evidence"] in _text(row["article"]), f"gold.csv line {line + 2}: not verbatim"


def test_gold_places_are_in_the_gazetteer_and_named_in_the_evidence(gold, places):
    by_name = {place["name"]: place for _, place in places.iterrows()}
    for line, row in gold.iterrows():
        assert row["place"] in by_name, f"gold.csv line {line + 2}: {row['place']!r} unknown"
        evidence = row["evidence"].casefold()
        names = spellings(by_name[row["place"]])
        assert any(s.casefold() in evidence for s in names), f"gold.csv line {line + 2}"


def test_every_gazetteer_spelling_is_used_in_some_article(places, articles):
    corpus = "\n".join(_text(a) for a in articles["article"]).casefold()
    for _, place in places.iterrows():
        for spelling in spellings(place):
            if spelling != place["name"]:
                assert spelling.casefold() in corpus, f"{place['place_id']}: alias {spelling!r} unused"
        assert any(s.casefold() in corpus for s in spellings(place)), place["place_id"]


def test_gazetteer_passes_the_project_gazetteer_validation(places, tmp_path):
    shutil.copy(EVAL / "places.csv", tmp_path / "places.csv")
    table, problems = validate_places(tmp_path)
    assert problems == []
    assert table is not None and len(table) == len(places)
