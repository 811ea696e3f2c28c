"""Towns against geography known independently of the data: which river each town stands on,
and which lie on the Iraq-Syria border."""

from __future__ import annotations

import pytest

from analysis.geography import town_geography

ON_EUPHRATES = ["raqqa", "deir-ez-zor", "al-mayadin", "albu-kamal", "al-qaim", "rawa", "ramadi", "fallujah"]
ON_TIGRIS = ["mosul", "qayyarah", "tikrit"]
ON_NEITHER = ["palmyra", "al-bab", "dabiq", "sinjar", "hawija"]


@pytest.fixture(scope="module")
def geo(corpus):
    return town_geography(corpus.places).set_index("place_id")


@pytest.mark.parametrize("place_id", ON_EUPHRATES)
def test_towns_on_the_euphrates(geo, place_id):
    assert geo.loc[place_id, "nearest_river"] == "Euphrates"


@pytest.mark.parametrize("place_id", ON_TIGRIS)
def test_towns_on_the_tigris(geo, place_id):
    assert geo.loc[place_id, "nearest_river"] == "Tigris"


@pytest.mark.parametrize("place_id", ON_NEITHER)
def test_towns_on_neither_river(geo, place_id):
    assert geo.loc[place_id, "nearest_river"] == ""


def test_border_towns(geo):
    # Albu Kamal and Al-Qaim face each other across the border; Mosul is ~100 km east of it.
    assert geo.loc["albu-kamal", "border_km"] < 10 and geo.loc["al-qaim", "border_km"] < 10
    assert geo.loc["al-qaim-crossing", "border_km"] < 5
    assert 80 < geo.loc["mosul", "border_km"] < 140
