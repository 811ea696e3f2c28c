"""The corpus: verbatim articles, the manifest, publication windows, quote lookup."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from analysis.paths import RAW_ARTICLES
from analysis.sources import find_quote, load_sources, parse_published, publication_window
from analysis.validation import DataError

# The three seed articles as received, identified by the sha256 of their bytes (recorded when
# the seeds were first copied in): the stored copies must never change, whatever the manifest says.
SEED_SHA256 = {
    "000_58cdcb6888a59ea3.txt": "fd49166f270e78227f5823b3bb8c33219a5cbc4d32bbe7edb2ae793bd68300c6",
    "001_105e1d0498ccfcde.txt": "1c16e1afd07ba5b35dce0ecb68ecb0acf8ec5b83cc534fea5d5e3cd14790c92d",
    "002_2919c99625a57b1f.txt": "b42bdcb770c38dec54521c29f6b8cc3b2c0c2cca07534bc9fe34f3cad68946c8",
}


def test_three_sources_with_outlet_status(corpus):
    sources = corpus.sources.set_index("source_id")
    assert set(sources.index) == {"afp-timeline", "reuters-rawa", "itv-rawa"}
    assert sources.loc["reuters-rawa", "outlet_status"] == "stated"
    assert sources.loc["afp-timeline", "outlet_status"] == "inferred"
    assert "not stated" in sources.loc["afp-timeline", "outlet_basis"]
    itv = sources.loc["itv-rawa"]
    assert (itv["outlet"], itv["outlet_status"]) == ("ITV News", "matched")
    assert "identical text" in itv["outlet_basis"] and itv["url"].startswith(
        "https://www.itv.com/news/2017-11-17/"
    )


def test_raw_articles_are_byte_identical_to_the_seeds():
    for name, digest in SEED_SHA256.items():
        assert hashlib.sha256((RAW_ARTICLES / name).read_bytes()).hexdigest() == digest


def test_manifest_sha256_is_the_files_sha256(live):
    articles = live.data_dir / "raw" / "articles"
    for _, row in live.sources[live.sources["tier"] == "quoted"].iterrows():
        assert hashlib.sha256((articles / row["original_file"]).read_bytes()).hexdigest() == row["sha256"]


def test_afp_publication_day_is_its_dateline(corpus):
    texts = corpus.texts
    assert texts["afp-timeline"].startswith(" date 2017-12-09")
    window = publication_window(corpus.sources, "afp-timeline")
    assert (window.earliest, window.latest, window.precision) == (date(2017, 12, 9), date(2017, 12, 9), "day")


def test_reuters_window_starts_on_the_friday_of_the_capture(corpus):
    window = publication_window(corpus.sources, "reuters-rawa")
    assert window.earliest == date(2017, 11, 17) and window.earliest.weekday() == 4  # a Friday
    assert window.latest == date(2017, 11, 23)  # six days later: the weekday name still points back to it
    assert "on friday" in corpus.texts["reuters-rawa"]


def test_itv_day_is_the_matched_pages_date(corpus):
    window = publication_window(corpus.sources, "itv-rawa")
    assert (window.earliest, window.latest, window.precision) == (
        date(2017, 11, 17),
        date(2017, 11, 17),
        "day",
    )


def test_parse_published():
    assert parse_published("2017-12-09").days == 1
    assert parse_published("2017-11-17/2017-11-30").days == 14
    with pytest.raises(ValueError):
        parse_published("2017-11-31")
    with pytest.raises(ValueError):
        parse_published("2017-11-30/2017-11-17")


def test_find_quote_exact_and_elided():
    text = "PALMYRA: seized in May 2015.\n\nRegime forces ousted them in March 2016."
    assert find_quote(text, "seized in May 2015") == (9, 27)
    assert find_quote(text, "PALMYRA: […] ousted them in March 2016") == (0, len(text) - 1)
    assert find_quote(text, "ousted them in March 2016 […] PALMYRA:") is None  # parts must be in order
    assert find_quote(text, "palmyra: seized") is None  # exact case


def test_tampered_article_is_an_error_naming_the_manifest_row(data_copy):
    article = next((data_copy / "raw" / "articles").glob("001_*.txt"))
    article.write_bytes(article.read_bytes().replace(b"rawa", b"rava", 1))
    with pytest.raises(DataError) as err:
        load_sources(data_copy)
    assert "sources.csv:3: sha256:" in str(err.value)
    assert "raw article was changed" in str(err.value)
