"""Where the towns lie: distance to the Euphrates, the Tigris and the Iraq-Syria border.

Distances are in kilometres, measured in :data:`analysis.basemap.MAP_CRS` (an equal-area
projection whose scale is within 0.2% of true over the region) from the gazetteer point to
the Natural Earth lines (rivers 1:50m, borders 1:10m), so a few km of error is expected.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from analysis import basemap
from analysis.places import as_gdf, load_places
from analysis.vocabulary import ON_RIVER_KM

RIVERS = ("Euphrates", "Tigris")


def iraq_syria_border() -> gpd.GeoSeries:
    """The Iraq-Syria border as a line, in MAP_CRS."""
    countries = basemap.to_map_crs(basemap.countries()).set_index("iso3")
    border = countries.loc["IRQ", "geometry"].boundary.intersection(countries.loc["SYR", "geometry"].boundary)
    return gpd.GeoSeries([border], crs=basemap.MAP_CRS)


def town_geography(places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per point place: ``euphrates_km``, ``tigris_km``, ``nearest_river`` (within ON_RIVER_KM, else
    empty) and ``border_km`` (to the Iraq-Syria border), rounded to 0.1 km."""
    points = as_gdf(load_places() if places is None else places)
    projected = basemap.to_map_crs(points)
    rivers = basemap.to_map_crs(basemap.rivers()).set_index("name")
    table = pd.DataFrame(
        {"place_id": points["place_id"], "name": points["name"], "country": points["country"]}
    )
    for river in RIVERS:
        table[f"{river.lower()}_km"] = (
            (projected.distance(rivers.loc[river, "geometry"]) / 1000).round(1).to_numpy()
        )
    table["border_km"] = (projected.distance(iraq_syria_border().iloc[0]) / 1000).round(1).to_numpy()
    nearest = table[["euphrates_km", "tigris_km"]].idxmin(axis=1).str.replace("_km", "").str.capitalize()
    table["nearest_river"] = nearest.where(
        table[["euphrates_km", "tigris_km"]].min(axis=1) <= ON_RIVER_KM, ""
    )
    return table.reset_index(drop=True)
