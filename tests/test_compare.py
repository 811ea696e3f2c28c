"""The sources compared, against counts made by hand in the article texts (grep -o -i)."""

from __future__ import annotations

import pytest

from analysis.compare import shared_events, source_profile, spelling_variants


@pytest.fixture(scope="module")
def variants(corpus):
    return spelling_variants(corpus.places, corpus.texts).set_index(["place_id", "spelling"])


def test_albu_kamal_spellings_by_source(variants):
    assert variants.loc[("albu-kamal", "Albu Kamal")].to_dict() == {
        "afp-timeline": 2,
        "itv-rawa": 0,
        "reuters-rawa": 3,
    }
    assert variants.loc[("albu-kamal", "Boukamal")].to_dict() == {
        "afp-timeline": 0,
        "itv-rawa": 1,
        "reuters-rawa": 0,
    }


def test_raqqa_spellings_by_source(variants):
    assert variants.loc[("raqqa", "Raqqa")].to_dict() == {"afp-timeline": 0, "itv-rawa": 2, "reuters-rawa": 1}
    assert variants.loc[("raqqa", "Raqa")].to_dict() == {"afp-timeline": 3, "itv-rawa": 0, "reuters-rawa": 0}


def test_source_profile(corpus):
    claims, chronology = corpus.claims, corpus.chronology
    profile = source_profile(claims, chronology).set_index("source_id")
    # claims.csv rows per source prefix: afp-* 30, reuters-* 8, itv-* 5
    assert profile["claims"].to_dict() == {"afp-timeline": 30, "itv-rawa": 5, "reuters-rawa": 8}
    # ITV News alone dates Mosul's fall in 2014; Reuters alone the first Albu Kamal capture, the
    # re-infiltration and the border crossing
    assert profile.loc["itv-rawa", "only_this_source"] == 1
    assert profile.loc["reuters-rawa", "only_this_source"] == 3
    assert profile["only_this_source"].sum() == (chronology["n_sources"] == 1).sum()


def test_shared_events_are_the_four_multi_source_events(corpus):
    shared = shared_events(corpus.chronology, corpus.claims)
    assert sorted(shared["event_id"].unique()) == [
        "iraq-and-syria:caliphate_proclaimed:1",
        "mosul:retaken:1",
        "raqqa:retaken:1",
        "rawa:retaken:1",
    ]
    rawa = shared[shared["event_id"] == "rawa:retaken:1"].set_index("date_text")
    assert rawa.loc["on friday", "source_id"] == "reuters-rawa"
    assert rawa.loc["On November 17", "source_id"] == "afp-timeline"
