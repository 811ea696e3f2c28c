"""The committed basemap layers (data/external/*.geojson) and analysis.basemap.

Rebuilding the layers needs npm and the registry, so no test here rebuilds them
(``scripts/build_basemap.py --check`` does that byte for byte). Instead the tests check the
committed files against independently known geography, and that they are in the exact
canonical form the build script writes.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Geod
from shapely.geometry import Point, shape

from analysis import basemap
from analysis.paths import ROOT, data_files

LOADERS = {
    "countries": basemap.countries,
    "provinces": basemap.provinces,
    "rivers": basemap.rivers,
    "lakes": basemap.lakes,
}
# Property names, in file order, declared in data/external/README.md.
DECLARED = {
    "countries": ["iso3", "name", "iso_n3"],
    "provinces": ["iso3", "adm1_code", "hasc", "name", "name_norm", "is_province"],
    "rivers": ["name"],
    "lakes": ["name"],
}

# Independently known positions (lat, lon), general reference.
BAGHDAD = (33.315, 44.366)
DAMASCUS = (33.513, 36.292)
RAQQA = (35.95, 39.01)
MOSUL = (36.34, 43.13)
DEIR_EZ_ZOR = (35.336, 40.140)
RAMADI = (33.42, 43.30)


def _point(lat_lon: tuple[float, float]) -> Point:
    lat, lon = lat_lon
    return Point(lon, lat)


def _metres_to(frame: gpd.GeoDataFrame, lat_lon: tuple[float, float]) -> float:
    """Shortest distance in metres from a point to the frame's geometries, measured in an
    azimuthal equidistant projection centred on the point (exact for distances from it)."""
    lat, lon = lat_lon
    local = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs"
    return float(frame.to_crs(local).distance(Point(0.0, 0.0)).min())


@pytest.fixture(scope="module")
def build_script() -> ModuleType:
    """scripts/build_basemap.py as a module (importing it fetches nothing and needs no npm)."""
    path = ROOT / "scripts" / "build_basemap.py"
    spec = importlib.util.spec_from_file_location("build_basemap", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_basemap"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- files and loaders


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_layer_loads_in_wgs84_with_valid_geometry(name: str) -> None:
    frame = LOADERS[name]()
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert len(frame) > 0
    assert frame.geometry.notna().all() and frame.is_valid.all() and not frame.is_empty.any()
    west, south, east, north = frame.total_bounds
    assert west >= 35.0 and south >= 28.5 and east <= 49.0 and north <= 38.0  # the clipping box


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_committed_file_parses_and_has_the_declared_properties(name: str) -> None:
    path = basemap.LAYER_FILES[name]
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and collection["name"] == name
    assert "crs" not in collection  # RFC 7946: WGS84 lon/lat, no crs member
    for feature in collection["features"]:
        assert list(feature["properties"]) == DECLARED[name]
        assert all(value is not None for value in feature["properties"].values())
        assert shape(feature["geometry"]).is_valid
    assert list(LOADERS[name]().columns) == [*DECLARED[name], "geometry"]


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_committed_file_is_in_the_build_scripts_canonical_form(name: str, build_script: ModuleType) -> None:
    """Re-serialising the committed features with the build script's writer gives the same
    bytes: coordinates rounded, rings oriented, key order and layout as the script writes."""
    path = basemap.LAYER_FILES[name]
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    records = [(feature["properties"], shape(feature["geometry"])) for feature in features]
    assert build_script.dump_layer(name, records) == path.read_bytes()


def test_total_size_is_small() -> None:
    assert sum(path.stat().st_size for path in basemap.LAYER_FILES.values()) < 1_000_000


def test_loaders_return_copies_of_the_cache() -> None:
    first = basemap.countries()
    first.loc[:, "name"] = "changed"
    first.loc[first.index[0], "geometry"] = Point(0.0, 0.0)
    again = basemap.countries()
    assert "changed" not in set(again["name"]) and not again.geometry.iloc[0].equals(Point(0.0, 0.0))


def test_missing_layer_names_the_file_and_the_fix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "rivers.geojson"
    monkeypatch.setitem(basemap.LAYER_FILES, "rivers", missing)
    basemap._load.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="make basemap") as raised:
            basemap.rivers()
        assert str(missing) in str(raised.value)
    finally:
        basemap._load.cache_clear()


# ---------------------------------------------------------------- countries and provinces


def test_iraq_syria_and_neighbours_present() -> None:
    frame = basemap.countries()
    assert frame["iso3"].is_unique
    assert {"IRQ", "SYR", "TUR", "IRN", "JOR", "SAU", "KWT", "LBN"} <= set(frame["iso3"])
    names = dict(zip(frame["iso3"], frame["name"], strict=True))
    assert names["IRQ"] == "Iraq" and names["SYR"] == "Syria"


def test_province_counts() -> None:
    frame = basemap.provinces()
    assert frame["adm1_code"].is_unique
    governorates = frame[frame["is_province"]]
    counts = governorates.groupby("iso3").size().to_dict()
    # Iraq: 18 governorates in this Natural Earth edition (Halabja, made a governorate in 2014,
    # is still part of As-Sulaymaniyah). Syria: 14 governorates.
    assert counts == {"IRQ": 18, "SYR": 14}
    # Natural Earth also has a 15th admin-1 polygon for Syria, the UNDOF zone on the Golan,
    # kept in the layer (no hole in the map) but flagged as not a province.
    others = frame[~frame["is_province"]]
    assert others["iso3"].tolist() == ["SYR"] and others["name"].tolist() == ["UNDOF"]


@pytest.mark.parametrize(
    ("place", "lat_lon", "iso3"),
    [
        ("Baghdad", BAGHDAD, "IRQ"),
        ("Mosul", MOSUL, "IRQ"),
        ("Damascus", DAMASCUS, "SYR"),
        ("Raqqa", RAQQA, "SYR"),
    ],
)
def test_cities_fall_in_their_country(place: str, lat_lon: tuple[float, float], iso3: str) -> None:
    frame = basemap.countries()
    assert frame[frame.contains(_point(lat_lon))]["iso3"].tolist() == [iso3], place


@pytest.mark.parametrize(
    ("place", "lat_lon", "iso3", "ne_name", "name_norm"),
    [
        ("Baghdad", BAGHDAD, "IRQ", "Baghdad", "Baghdad"),
        ("Mosul", MOSUL, "IRQ", "Ninawa", "Nineveh"),
        ("Raqqa", RAQQA, "SYR", "Ar Raqqah", "Raqqa"),
        ("Damascus", DAMASCUS, "SYR", "Damascus", "Damascus"),
        ("Deir ez-Zor", DEIR_EZ_ZOR, "SYR", "Dayr Az Zawr", "Deir ez-Zor"),
        ("Ramadi", RAMADI, "IRQ", "Al-Anbar", "Anbar"),
    ],
)
def test_cities_fall_in_their_province(
    place: str, lat_lon: tuple[float, float], iso3: str, ne_name: str, name_norm: str
) -> None:
    frame = basemap.provinces()
    hits = frame[frame.contains(_point(lat_lon))]
    assert hits[["iso3", "name", "name_norm"]].values.tolist() == [[iso3, ne_name, name_norm]], place


def test_gazetteer_points_fall_in_the_province_they_name() -> None:
    """Each point of data/places.csv with a province lies in (or, for a town on the border,
    within 1 km of) the provinces-layer polygon whose ``name_norm`` is that province, and that
    polygon is the nearest one. Kobane, right on the Turkish border, is 0.5 km outside Syria in
    Natural Earth's generalised 1:10m border."""
    places = pd.read_csv(data_files()["places"])  # read plainly: the loader's checks are tested elsewhere
    named = places[places["admin1"].notna() & places["lat"].notna()]
    assert len(named) > 0
    frame = basemap.to_map_crs(basemap.provinces())
    points = basemap.to_map_crs(
        gpd.GeoDataFrame(geometry=gpd.points_from_xy(named["lon"], named["lat"]), crs=4326)
    )
    for row, point in zip(named.itertuples(index=False), points.geometry, strict=True):
        distances = frame.distance(point)
        nearest = frame.loc[distances.idxmin()]
        assert (nearest["name_norm"], nearest["iso3"]) == (row.admin1, row.country), row.place_id
        assert distances.min() <= 1_000.0, row.place_id


# ---------------------------------------------------------------- rivers and lakes


@pytest.mark.parametrize(
    ("river", "place", "lat_lon"),
    [
        ("Euphrates", "Deir ez-Zor", DEIR_EZ_ZOR),
        ("Euphrates", "Ramadi", RAMADI),
        ("Tigris", "Mosul", MOSUL),
        ("Tigris", "Baghdad", BAGHDAD),
    ],
)
def test_river_passes_near_its_towns(river: str, place: str, lat_lon: tuple[float, float]) -> None:
    frame = basemap.rivers()
    assert _metres_to(frame[frame["name"] == river], lat_lon) <= 5_000.0, f"{river} at {place}"


@pytest.mark.parametrize(
    ("river", "place", "lat_lon"),
    [
        ("Euphrates", "Mosul", MOSUL),
        ("Euphrates", "Baghdad", BAGHDAD),
        ("Tigris", "Deir ez-Zor", DEIR_EZ_ZOR),
    ],
)
def test_river_names_are_not_swapped(river: str, place: str, lat_lon: tuple[float, float]) -> None:
    frame = basemap.rivers()
    assert _metres_to(frame[frame["name"] == river], lat_lon) > 25_000.0, f"{river} at {place}"


def test_named_rivers_are_one_feature_each() -> None:
    frame = basemap.rivers()
    counts = frame["name"].value_counts().to_dict()
    assert counts.pop("Euphrates") == 1 and counts.pop("Tigris") == 1 and counts.pop("Shatt al-Arab") == 1
    assert set(counts) <= {"unnamed"}
    assert set(frame.geom_type) <= {"LineString", "MultiLineString"}


def test_lakes_include_tharthar_and_razazah() -> None:
    frame = basemap.lakes()
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    named = frame[frame["name"] != "unnamed"]
    assert named["name"].is_unique
    assert {"Lake Tharthar", "Lake Razazah"} <= set(named["name"])
    iraq = basemap.countries().query("iso3 == 'IRQ'").geometry.iloc[0]
    for lake in ("Lake Tharthar", "Lake Razazah"):
        assert frame[frame["name"] == lake].geometry.iloc[0].representative_point().within(iraq), lake


# ---------------------------------------------------------------- projection


def test_map_crs_is_metric_and_keeps_distances() -> None:
    assert basemap.MAP_CRS.is_projected
    assert basemap.MAP_CRS.axis_info[0].unit_name == "metre"
    points = gpd.GeoDataFrame(geometry=[_point(BAGHDAD), _point(DAMASCUS)], crs="EPSG:4326")
    projected = basemap.to_map_crs(points)
    assert projected.crs == basemap.MAP_CRS and points.crs.to_epsg() == 4326  # input untouched
    on_map = projected.geometry.iloc[0].distance(projected.geometry.iloc[1])
    _, _, geodesic = Geod(ellps="WGS84").inv(BAGHDAD[1], BAGHDAD[0], DAMASCUS[1], DAMASCUS[0])
    assert on_map == pytest.approx(geodesic, rel=0.005)


def test_to_map_crs_refuses_a_frame_without_crs() -> None:
    with pytest.raises(ValueError, match="no CRS"):
        basemap.to_map_crs(gpd.GeoDataFrame(geometry=[Point(44.0, 33.0)]))
