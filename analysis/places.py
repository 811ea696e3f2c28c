"""The gazetteer ``data/places.csv``: canonical names, every spelling met in the corpus and usual
romanisations and local names, country (ISO 3166-1 alpha-3; ``IRQ|SYR`` for a place on or across the border), province,
kind, and WGS84 coordinates (decimal degrees, ASCII digits, e.g. ``36.340``) with their
source. Regions and countries have no point. A country list is written in the order of
:data:`COUNTRIES`, each code once. No spelling may be a look-alike (confusable) of another
place's id or spelling, nor mix Latin with Cyrillic, Greek or Armenian letters, nor hold an invisible format character.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import geopandas as gpd
import pandas as pd

from analysis.containment import id_column_problems
from analysis.paths import DATA, data_files
from analysis.schema import columns
from analysis.validation import (
    LINE,
    Problem,
    char_name,
    display_path,
    duplicate_ids,
    not_in_vocabulary,
    raise_if_any,
    read_table,
    records,
    require_nonempty,
)
from analysis.vocabulary import AREA_KINDS, COUNTRIES, POINT_KINDS, SHARED_SPELLINGS, TOWN_KINDS

COLUMNS = columns("places")
__all__ = ["AREA_KINDS", "POINT_KINDS", "TOWN_KINDS"]  # defined in analysis.vocabulary
# The study region: Iraq and Syria with a margin (degrees). A point outside is an error.
REGION_LAT = (29.0, 37.5)
REGION_LON = (35.5, 48.7)
_DECIMAL_DEGREES = re.compile(r"-?[0-9]{1,3}(\.[0-9]{1,8})?")
# Cyrillic and Greek letters drawn like Latin ones (after lower-casing), for the look-alike check.
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁһӏкмнтвαεορτυνικχօսհոցզա",
    "aeopcyxijsdhlkmhtbaeoptuvikxouhngqw",
)  # Cyrillic, Greek and Armenian letters that look Latin
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN")
_SEPARATORS = re.compile(r"[\s_\-]")


def validate_places(data_dir: Path = DATA) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check the gazetteer; return the table (``lat``/``lon`` as floats, NaN for areas) and problems."""
    path = data_files(data_dir)["places"]
    table, problems = read_table(path, COLUMNS)
    if table is None:
        return None, problems
    shown = display_path(path)
    problems += require_nonempty(table, shown, ("place_id", "name", "country", "kind", "coord_source"))
    problems += duplicate_ids(table, shown, "place_id")
    problems += id_column_problems(table, shown, "place_id")
    problems += not_in_vocabulary(table, shown, "kind", POINT_KINDS + AREA_KINDS)
    problems += _country_problems(table, shown)
    problems += _lookalike_problems(table, shown)
    problems += _shared_spelling_problems(table, shown)
    coords, coord_problems = _coordinates(table, shown)
    return table.assign(lat=coords["lat"], lon=coords["lon"]), problems + coord_problems


def _country_problems(table: pd.DataFrame, shown: str) -> list[Problem]:
    filled = table.loc[table["country"] != "", ["country", LINE]]
    message_of = {value: _country_message(value) for value in filled["country"].unique().tolist()}
    return [
        Problem(shown, int(line), "country", message_of[value])
        for value, line in zip(filled["country"].tolist(), filled[LINE].tolist(), strict=True)
        if message_of[value] is not None
    ]


def _country_message(value: str) -> str | None:
    """What is wrong with one ``country`` cell, or None."""
    codes = value.split("|")
    unknown = [c for c in codes if c not in COUNTRIES]
    canonical = "|".join(c for c in COUNTRIES if c in codes)
    if unknown:
        return f"unknown country code {unknown[0]!r}; expected {' or '.join(COUNTRIES)} (ISO alpha-3)"
    if value != canonical:
        return f"{value!r}: write each country once, in the order {'|'.join(COUNTRIES)}: {canonical!r}"
    return None


def skeleton(text: str) -> str:
    """A spelling reduced for look-alike comparison: compatibility-decomposed, accents, case and
    invisible format characters (zero-width joiner, soft hyphen) dropped, Cyrillic/Greek/Armenian
    look-alike letters mapped to Latin, hyphens and spaces removed."""
    if text.isascii():
        return _SEPARATORS.sub("", text.casefold())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c) and not _invisible(c))
    return _SEPARATORS.sub("", letters.translate(_LOOKALIKES))


def _invisible(char: str) -> bool:
    """A format character (Unicode category Cf: zero-width joiner and space, soft hyphen, word joiner)."""
    return unicodedata.category(char) == "Cf"


def mixed_script(text: str) -> bool:
    """True when ``text`` mixes letters of two of Latin, Cyrillic, Greek and Armenian."""
    if text.isascii():
        return False
    scripts = {
        script
        for c in text
        if c.isalpha()
        for script in _SCRIPTS
        if unicodedata.name(c, "").startswith(script)
    }
    return len(scripts) > 1


def _shared_skeletons() -> dict[str, tuple[str, ...]]:
    """:data:`SHARED_SPELLINGS` by skeleton: those places may share a spelling and its look-alikes."""
    return {skeleton(spelling): places for spelling, places in SHARED_SPELLINGS.items()}


def _lookalike_problems(table: pd.DataFrame, shown: str) -> list[Problem]:
    """Spellings that mix scripts, or look like another place's id or spelling without being it."""
    problems, seen = [], {}  # skeleton -> (spelling, place_id, line) of its first owner
    shared_skeletons = _shared_skeletons()
    for r in records(table[["place_id", "name", "aliases", LINE]]):
        line = int(r[LINE])
        for column, value in [("place_id", r["place_id"]), ("name", r["name"])] + [
            ("aliases", a) for a in r["aliases"].split("|") if a
        ]:
            if mixed_script(value):
                problems.append(
                    Problem(
                        shown, line, column, f"{value!r} mixes Latin with Cyrillic, Greek or Armenian letters"
                    )
                )
            hidden = sorted({char_name(c) for c in value if _invisible(c)})
            if hidden:
                problems.append(
                    Problem(
                        shown, line, column, f"{value!r} holds an invisible character ({', '.join(hidden)})"
                    )
                )
            first = seen.setdefault(skeleton(value), (value, r["place_id"], line))
            shared = shared_skeletons.get(skeleton(value), ())
            if (
                first[1] != r["place_id"]
                and first[0] != value
                and not {first[1], r["place_id"]} <= set(shared)
            ):
                problems.append(
                    Problem(
                        shown,
                        line,
                        column,
                        f"{value!r} looks like {first[0]!r} of place {first[1]!r} (line {first[2]}); "
                        "a confusable duplicate",
                    )
                )
    return problems


def _shared_spelling_problems(table: pd.DataFrame, shown: str) -> list[Problem]:
    """A spelling (name or alias, ignoring case) of two places that :data:`SHARED_SPELLINGS` does not list."""
    owners: dict[str, list[tuple[str, int]]] = {}
    for r in records(table[["place_id", "name", "aliases", LINE]]):
        for value in {r["name"].casefold(), *(a.casefold() for a in r["aliases"].split("|") if a)}:
            owners.setdefault(value, []).append((r["place_id"], int(r[LINE])))
    allowed = {k.casefold(): set(v) for k, v in SHARED_SPELLINGS.items()}
    return [
        Problem(
            shown,
            line,
            "aliases",
            f"{value!r} also names place {places[0][0]!r} (line {places[0][1]}): a spelling of two places "
            "must be listed in analysis.vocabulary.SHARED_SPELLINGS",
        )
        for value, places in owners.items()
        if len(places) > 1 and not {p for p, _ in places} <= allowed.get(value, set())
        for place_id, line in places[1:]
    ]


def _coordinates(table: pd.DataFrame, shown: str) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    lats, lons = [], []
    for r in records(table[["kind", "lat", "lon", LINE]]):
        lat, lon, found = _point(r, shown)
        problems += found
        lats.append(lat)
        lons.append(lon)
    return pd.DataFrame({"lat": lats, "lon": lons}, index=table.index), problems


def _point(row: dict, shown: str) -> tuple[float, float, list[Problem]]:
    line, nan = int(row[LINE]), math.nan
    has_point = row["kind"] in POINT_KINDS
    if not has_point:
        if row["lat"] or row["lon"]:
            return (
                nan,
                nan,
                [Problem(shown, line, "lat", f"a {row['kind']} has no point: leave lat and lon empty")],
            )
        return nan, nan, []
    values, problems = {}, []
    for col in ("lat", "lon"):
        if row[col].lower() in ("nan", "inf", "-inf", "+inf", "infinity"):
            problems.append(Problem(shown, line, col, f"{row[col]!r} is not a finite number"))
        elif not _DECIMAL_DEGREES.fullmatch(row[col]):
            problems.append(
                Problem(
                    shown,
                    line,
                    col,
                    f"{row[col]!r} is not a number in decimal degrees written with ASCII digits (e.g. 36.34)",
                )
            )
        else:
            values[col] = float(row[col])
    if problems:
        return nan, nan, problems
    lat, lon = values["lat"], values["lon"]
    if not _in_region(lat, lon):
        hint = " (lat and lon look swapped)" if _in_region(lon, lat) else ""
        problems.append(
            Problem(
                shown,
                line,
                "lat",
                f"({lat}, {lon}) lies outside the Iraq/Syria region "
                f"lat {REGION_LAT[0]}..{REGION_LAT[1]}, lon {REGION_LON[0]}..{REGION_LON[1]}{hint}",
            )
        )
    return lat, lon, problems


def _in_region(lat: float, lon: float) -> bool:
    return REGION_LAT[0] <= lat <= REGION_LAT[1] and REGION_LON[0] <= lon <= REGION_LON[1]


def load_places(data_dir: Path = DATA) -> pd.DataFrame:
    """The validated gazetteer; raises DataError naming file, line and column."""
    table, problems = validate_places(data_dir)
    raise_if_any(problems)
    return table.drop(columns=LINE)


def spellings(place: pd.Series) -> list[str]:
    """The canonical name and every alias of one place row."""
    return [place["name"], *[a for a in place["aliases"].split("|") if a]]


def names_place(quote: str, place: pd.Series) -> bool:
    """True when ``quote`` contains the place's name or an alias (case-insensitive)."""
    return names_any(quote, lowered_spellings(spellings(place)))


def lowered_spellings(names: list[str]) -> list[str]:
    """Spellings prepared for :func:`names_any` (computed once per place when checking many quotes)."""
    return [name.lower() for name in names]


def names_any(quote: str, lowered: list[str]) -> bool:
    """True when ``quote`` contains one of the ``lowered`` spellings, ignoring case."""
    text = quote.lower()
    return any(name in text for name in lowered)


def towns(places: pd.DataFrame) -> pd.DataFrame:
    """The gazetteer rows whose kind is in :data:`TOWN_KINDS`, in gazetteer order."""
    return places[places["kind"].isin(TOWN_KINDS)]


def as_gdf(places: pd.DataFrame) -> gpd.GeoDataFrame:
    """The rows of a gazetteer table that have a point, as a GeoDataFrame in EPSG:4326 (lon/lat)."""
    points = places.dropna(subset=["lat", "lon"]).reset_index(drop=True)
    return gpd.GeoDataFrame(
        points, geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs="EPSG:4326"
    )
