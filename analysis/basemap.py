"""Basemap layers for the maps: Natural Earth countries, Iraq and Syria provinces, rivers and
lakes, clipped to the region and committed as GeoJSON in ``data/external/`` (see its README;
``make basemap`` rebuilds them, which is the only step that needs npm).

Every loader returns a fresh copy of a cached GeoDataFrame in EPSG:4326 (lon/lat degrees);
draw them in :data:`MAP_CRS` with :func:`to_map_crs`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
from pyproj import CRS

from analysis.paths import EXTERNAL

#: Albers equal-area conic fitted to Iraq and Syria (29-37.5 N, 35.5-48.7 E): centred on
#: 42 E, 33.5 N, standard parallels 30 N and 36.5 N (about 1/7 in from the southern and northern
#: edges of the 28.5-38 N clipping box). Areas (of provinces, of ground held) are true anywhere
#: on the map, and scale along meridians and parallels is within 0.2% of true over the whole
#: box. Metres.
MAP_PROJ4 = (
    "+proj=aea +lat_0=33.5 +lon_0=42 +lat_1=30 +lat_2=36.5 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
)
MAP_CRS: CRS = CRS.from_proj4(MAP_PROJ4)

#: The CRS of the layers as stored and returned.
LAYER_CRS = "EPSG:4326"

LAYER_FILES: dict[str, Path] = {
    name: EXTERNAL / f"{name}.geojson" for name in ("countries", "provinces", "rivers", "lakes")
}


@lru_cache(maxsize=8)  # one entry per layer
def _load(name: str) -> gpd.GeoDataFrame:
    path = LAYER_FILES[name]
    if not path.is_file():
        raise FileNotFoundError(
            f"basemap layer {path} is missing: run `make basemap` "
            "(.venv/bin/python scripts/build_basemap.py, needs npm) to rebuild data/external/"
        )
    frame = gpd.read_file(path, engine="pyogrio")
    return frame.set_crs(LAYER_CRS, allow_override=True)  # GeoJSON is WGS84 lon/lat by definition


def countries() -> gpd.GeoDataFrame:
    """Countries clipped to the region (Iraq, Syria and neighbours): ``iso3``, ``name``, ``iso_n3``."""
    return _load("countries").copy()


def provinces() -> gpd.GeoDataFrame:
    """Iraq and Syria admin-1: ``iso3``, ``adm1_code``, ``hasc``, ``name`` (Natural Earth),
    ``name_norm`` (the English form used in ``places.csv``) and ``is_province`` (False only for
    Syria's UNDOF zone on the Golan)."""
    return _load("provinces").copy()


def rivers() -> gpd.GeoDataFrame:
    """River lines with ``name``: one feature each for the Euphrates, the Tigris and the
    Shatt al-Arab, other lines ``"unnamed"``."""
    return _load("rivers").copy()


def lakes() -> gpd.GeoDataFrame:
    """Lake polygons with ``name`` (``"unnamed"`` when no reference point named them)."""
    return _load("lakes").copy()


def to_map_crs(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``gdf`` reprojected to :data:`MAP_CRS` (a new frame; the input is left as it is)."""
    if gdf.crs is None:
        raise ValueError("the GeoDataFrame has no CRS; set it (EPSG:4326 for lon/lat) before projecting")
    return gdf.to_crs(MAP_CRS)
