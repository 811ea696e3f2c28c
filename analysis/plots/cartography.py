"""Shared cartography for the map figures: the extent of Iraq and Syria, the basemap, country and
river labels, a scale bar, and the displacement of crowded town symbols.

Everything is drawn in :data:`analysis.basemap.MAP_CRS` (an equal-area Albers conic, metres)
on the committed Natural Earth layers, deterministically (fixed order, no random placement).
Towns closer together than a marker's width are pushed apart symmetrically along the line
joining them (:func:`displace`); :func:`town_points` keeps the true coordinates (``x``, ``y``)
beside the drawn ones (``x_drawn``, ``y_drawn``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects as pe
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from shapely.geometry import LineString, MultiLineString, Point

from analysis import basemap
from analysis.places import towns as town_rows
from analysis.vocabulary import COUNTRIES

FOCUS = tuple(COUNTRIES)
FOCUS_FILL, NEIGHBOUR_FILL, SEA = "#fbfaf5", "#e8e8e8", "#e4eef5"
BORDER, PROVINCE_LINE = "#4d4d4d", "#c2c2c2"
RIVER, LAKE = "#3f88c5", "#c6dcef"
MARGIN_M = 20_000  # around the Iraq + Syria bounding box
MIN_SEPARATION_M = 22_000  # fig06: drawn town centres at least this far apart
MIN_SEPARATION_SMALL_M = 34_000  # fig07: the panels are about 3 times smaller
SCALE_BAR_KM = 200
HALO = [pe.withStroke(linewidth=2.4, foreground=FOCUS_FILL)]  # keeps labels legible over lines

#: Country names (lon, lat of the label centre); only those inside the map are drawn.
COUNTRY_LABELS: dict[str, tuple[float, float]] = {
    "IRQ": (45.0, 31.5),
    "SYR": (37.55, 33.85),
    "TUR": (40.0, 37.62),
    "JOR": (37.2, 31.0),
    "SAU": (41.0, 29.6),
    "IRN": (47.45, 34.2),
}
#: River labels: where (lon, lat) along the river the label is centred.
RIVER_LABELS: dict[str, tuple[float, float]] = {"Euphrates": (44.45, 32.45), "Tigris": (45.3, 32.9)}


def map_extent(margin: float = MARGIN_M) -> tuple[float, float, float, float]:
    """(xmin, xmax, ymin, ymax) of Iraq and Syria in MAP_CRS, with a margin in metres."""
    focus = basemap.to_map_crs(basemap.countries().query("iso3 in @FOCUS"))
    xmin, ymin, xmax, ymax = focus.total_bounds
    return xmin - margin, xmax + margin, ymin - margin, ymax + margin


#: Tolerance (metres) of the basemap's simplification (shapely's topology-preserving
#: Douglas-Peucker), by ``detail``. No outline then moves by half a pixel of the 200 dpi PNG
#: (fig06 about 650 m a pixel, fig07's panels about 1,900 m; the largest shift is about 1.45x
#: the tolerance, and ``tests/test_maps.py`` measures it), so the eye cannot tell; fig07's SVG is
#: a third of its size with Natural Earth's full vertices.
SIMPLIFY_M = {True: 200.0, False: 500.0}  # by ``detail``: fig06's large map, fig07's small panels


@dataclass(frozen=True)
class BasemapShapes:
    """The basemap in map metres as matplotlib paths and line segments, ready for collections."""

    neighbours: tuple[Path, ...]  # filled polygons of the countries around Iraq and Syria
    focus: tuple[Path, ...]  # Iraq and Syria, filled
    focus_borders: tuple[np.ndarray, ...]
    province_lines: tuple[np.ndarray, ...]
    lakes: tuple[Path, ...]
    rivers: tuple[np.ndarray, ...]  # the unnamed rivers
    main_rivers: tuple[np.ndarray, ...]  # the labelled rivers (:data:`RIVER_LABELS`)


@lru_cache(maxsize=2)
def basemap_layers(detail: bool) -> dict[str, np.ndarray]:
    """The committed layers projected to MAP_CRS and simplified by :data:`SIMPLIFY_M`, as arrays of
    shapely geometries: ``neighbours`` and ``focus`` (countries), ``provinces``, ``lakes``,
    ``rivers`` (unnamed) and ``main_rivers`` (:data:`RIVER_LABELS`). Shared by the figures and
    the explorer page (:mod:`analysis.plots.explorer`), so both draw the same lines."""
    tolerance = SIMPLIFY_M[detail]

    def simplified(layer: gpd.GeoDataFrame) -> np.ndarray:
        return shapely.simplify(layer.geometry.to_numpy(), tolerance, preserve_topology=True)

    countries = basemap.to_map_crs(basemap.countries()).sort_values("iso3")
    focus = countries["iso3"].isin(FOCUS).to_numpy()
    country_shapes = simplified(countries)
    rivers = basemap.to_map_crs(basemap.rivers())
    main = rivers["name"].isin(RIVER_LABELS).to_numpy()
    river_shapes = simplified(rivers)
    return {
        "neighbours": country_shapes[~focus],
        "focus": country_shapes[focus],
        "provinces": simplified(basemap.to_map_crs(basemap.provinces()).sort_values("adm1_code")),
        "lakes": simplified(basemap.to_map_crs(basemap.lakes())),
        "rivers": river_shapes[~main],
        "main_rivers": river_shapes[main],
    }


@lru_cache(maxsize=2)
def basemap_shapes(detail: bool) -> BasemapShapes:
    """The layers of :func:`basemap_layers` turned into matplotlib paths and segments once per process."""
    layers = basemap_layers(detail)
    return BasemapShapes(
        neighbours=_polygon_paths(layers["neighbours"]),
        focus=_polygon_paths(layers["focus"]),
        focus_borders=_line_segments(shapely.boundary(layers["focus"])),
        province_lines=_line_segments(shapely.boundary(layers["provinces"])),
        lakes=_polygon_paths(layers["lakes"]),
        rivers=_line_segments(layers["rivers"]),
        main_rivers=_line_segments(layers["main_rivers"]),
    )


def _polygon_paths(shapes: np.ndarray) -> tuple[Path, ...]:
    """One compound path per (multi)polygon: every exterior and interior ring, closed."""
    paths = []
    for shape in shapes:
        rings = [
            Path(np.asarray(ring.coords)[:, :2], closed=True)
            for part in shapely.get_parts(shape)
            for ring in (part.exterior, *part.interiors)
        ]
        paths.append(Path.make_compound_path(*rings))
    return tuple(paths)


def _line_segments(lines: np.ndarray) -> tuple[np.ndarray, ...]:
    """Every part of every (multi)line as an (n, 2) array of vertices."""
    return tuple(np.asarray(part.coords)[:, :2] for part in shapely.get_parts(lines))


def draw_basemap(ax: Axes, extent: tuple[float, float, float, float], detail: bool = True) -> None:
    """Sea, countries (Iraq and Syria emphasised), provinces, lakes and rivers, in map metres.

    ``detail``: the large map's line widths and simplification; False for small panels.
    """
    shapes = basemap_shapes(detail)
    ax.set_facecolor(SEA)
    ax.add_collection(
        PathCollection(
            shapes.neighbours, facecolor=NEIGHBOUR_FILL, edgecolor="white", linewidth=0.6, zorder=1
        ),
        autolim=False,
    )
    ax.add_collection(
        PathCollection(shapes.focus, facecolor=FOCUS_FILL, edgecolor="none", zorder=1), autolim=False
    )
    lines = (
        (shapes.province_lines, PROVINCE_LINE, 0.4 if detail else 0.3, 2),
        (shapes.rivers, RIVER, 0.5 if detail else 0.35, 3),
        (shapes.main_rivers, RIVER, 1.2 if detail else 0.7, 3),
        (shapes.focus_borders, BORDER, 0.9 if detail else 0.6, 4),
    )
    ax.add_collection(PathCollection(shapes.lakes, facecolor=LAKE, edgecolor="none", zorder=3), autolim=False)
    for segments, colour, width, zorder in lines:
        ax.add_collection(
            LineCollection(segments, color=colour, linewidth=width, zorder=zorder), autolim=False
        )
    xmin, xmax, ymin, ymax = extent
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#999999")
        spine.set_linewidth(0.6)


def lonlat_to_map(lon: float, lat: float) -> tuple[float, float]:
    point = gpd.GeoSeries([Point(lon, lat)], crs=basemap.LAYER_CRS).to_crs(basemap.MAP_CRS).iloc[0]
    return point.x, point.y


def draw_country_labels(ax: Axes, extent: tuple[float, float, float, float], fontsize: float) -> None:
    names = basemap.countries().set_index("iso3")["name"]
    xmin, xmax, ymin, ymax = extent
    for iso3, (lon, lat) in COUNTRY_LABELS.items():
        x, y = lonlat_to_map(lon, lat)
        if not (xmin < x < xmax and ymin < y < ymax):
            continue
        ax.text(
            x,
            y,
            names[iso3].upper(),
            ha="center",
            va="center",
            fontsize=fontsize * (1.0 if iso3 in FOCUS else 0.75),
            color="#8c8c8c" if iso3 in FOCUS else "#a6a6a6",
            fontweight="bold" if iso3 in FOCUS else "normal",
            zorder=5,
            gid=f"label-country-{iso3}",
        )


def draw_river_labels(ax: Axes, fontsize: float) -> None:
    """Each named river labelled along its own course, on its upper side."""
    rivers = basemap.to_map_crs(basemap.rivers()).set_index("name")
    for name, (lon, lat) in RIVER_LABELS.items():
        anchor = Point(lonlat_to_map(lon, lat))
        geom = rivers.loc[name, "geometry"]
        parts = list(geom.geoms) if isinstance(geom, MultiLineString) else [geom]
        line: LineString = min(parts, key=anchor.distance)
        at = line.project(anchor)
        p0, p1 = line.interpolate(max(at - 40_000, 0)), line.interpolate(min(at + 40_000, line.length))
        mid = line.interpolate(at)
        angle = math.degrees(math.atan2(p1.y - p0.y, p1.x - p0.x))
        if angle > 90:
            angle -= 180
        elif angle <= -90:
            angle += 180
        normal = math.radians(angle + 90)
        ax.text(
            mid.x + 9_000 * math.cos(normal),
            mid.y + 9_000 * math.sin(normal),
            name,
            rotation=angle,
            rotation_mode="anchor",
            ha="center",
            va="bottom",
            fontsize=fontsize,
            fontstyle="italic",
            color=RIVER,
            path_effects=HALO,
            zorder=5,
            gid=f"label-river-{name}",
        )


def draw_scale_bar(
    ax: Axes, extent: tuple[float, float, float, float], km: int = SCALE_BAR_KM, segments: int = 2
) -> None:
    """A bar of ``km`` kilometres in ``segments`` alternating parts, in the lower left corner.

    MAP_CRS is equal-area with a scale error under 0.2% over the map, so map metres are
    ground metres to the drawing's precision.
    """
    xmin, xmax, ymin, ymax = extent
    x0, y0, height = xmin + 0.04 * (xmax - xmin), ymin + 0.05 * (ymax - ymin), 0.009 * (ymax - ymin)
    part = km * 1000 / segments
    for i in range(segments):
        ax.add_patch(
            Rectangle(
                (x0 + i * part, y0),
                part,
                height,
                facecolor="#333333" if i % 2 == 0 else "white",
                edgecolor="#333333",
                linewidth=0.6,
                zorder=6,
                gid=f"scale-bar-{i}",
            )
        )
    for value in [km * i // segments for i in range(segments + 1)]:
        ax.text(
            x0 + value * 1000,
            y0 - 0.6 * height,
            f"{value} km" if value == km else f"{value}",
            ha="center",
            va="top",
            fontsize=7,
            color="#333333",
            zorder=6,
            gid="scale-bar-label" if value == km else None,
        )


def displace(x: np.ndarray, y: np.ndarray, min_distance: float) -> tuple[np.ndarray, np.ndarray]:
    """Push apart points closer than ``min_distance`` (symmetrically, along the line joining them).

    Deterministic: pairs are visited in index order, 50 passes at most.
    """
    x, y = x.astype(float).copy(), y.astype(float).copy()
    for _ in range(50):
        moved = False
        for i in range(len(x)):
            for j in range(i + 1, len(x)):
                dx, dy = x[j] - x[i], y[j] - y[i]
                d = math.hypot(dx, dy)
                if d >= min_distance - 1e-6:
                    continue
                ux, uy = (dx / d, dy / d) if d > 0 else (1.0, 0.0)
                push = (min_distance - d) / 2
                x[i], y[i], x[j], y[j] = (
                    x[i] - ux * push,
                    y[i] - uy * push,
                    x[j] + ux * push,
                    y[j] + uy * push,
                )
                moved = True
        if not moved:
            break
    return x, y


def town_points(places: pd.DataFrame, min_distance: float) -> pd.DataFrame:
    """The towns with their map coordinates, true (``x``, ``y``) and as drawn (``x_drawn``, ``y_drawn``)."""
    t = town_rows(places)[["place_id", "name", "country", "kind", "lat", "lon"]]
    t = t.rename(columns={"name": "place"}).reset_index(drop=True)
    points = gpd.GeoSeries(gpd.points_from_xy(t["lon"], t["lat"]), crs=basemap.LAYER_CRS).to_crs(
        basemap.MAP_CRS
    )
    t["x"], t["y"] = points.x.to_numpy().round(1), points.y.to_numpy().round(1)  # to 10 cm
    x_drawn, y_drawn = displace(t["x"].to_numpy(), t["y"].to_numpy(), min_distance)
    t["x_drawn"], t["y_drawn"] = x_drawn.round(1), y_drawn.round(1)
    return t
