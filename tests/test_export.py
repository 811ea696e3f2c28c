"""Exports: hand-computed mappings on a small hand-written chronology; every export of the live
data validates against a schema written from the format's documentation and reads back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas as gpd
import jsonschema
import pandas as pd
import pytest
from frictionless import Resource, Schema

from analysis.__main__ import main
from analysis.chronology import COLUMNS
from analysis.dataset import Dataset, load
from analysis.export import FILE_NAMES, FORMATS, write_export
from analysis.paths import DATA, ROOT

SCHEMAS = ROOT / "tests" / "schemas"


def _event(
    event_id: str, earliest: str, latest: str, precision: str, source_ids: str, claim_ids: str
) -> dict:
    place_id, event, episode = event_id.split(":")
    return {
        "event_id": event_id,
        "place_id": place_id,
        "place": {
            "mosul": "Mosul",
            "fallujah": "Fallujah",
            "raqqa": "Raqqa",
            "desert": "Desert",
            "hit": "Hit",
        }[place_id],
        "country": "SYR" if place_id == "raqqa" else "IRQ",
        "event": event,
        "episode": int(episode),
        "date_earliest": pd.Timestamp(earliest).date(),
        "date_latest": pd.Timestamp(latest).date(),
        "precision": precision,
        "actors": "",
        "n_claims": len(claim_ids.split("|")),
        "n_sources": len(source_ids.split("|")),
        "source_ids": source_ids,
        "claim_ids": claim_ids,
        "agreement": "agreed" if "|" in source_ids else "single-source",
        "actor_family": "unknown",  # the exports read each claim's family instead (all of them, not the majority)
        "milestone": "control",
        "milestones": "control",
        "tiers": "quoted",
        "n_independent": len(source_ids.split("|")),
    }


@pytest.fixture
def small() -> Dataset:
    """Five events typed by hand; each expected value below is worked out from these rows."""
    chronology = pd.DataFrame(
        [
            _event("fallujah:seized:1", "2014-01-01", "2014-01-31", "month", "a", "c1"),
            _event("mosul:retaken:1", "2017-07-09", "2017-07-09", "day", "a|b", "c2|c3"),
            _event("raqqa:retaken:1", "2017-11-17", "2017-11-23", "range", "b", "c4"),
            _event("hit:retaken:1", "2016-04-10", "2016-04-14", "range", "a", "c5"),
            _event("desert:offensive_launched:1", "2015-01-01", "2015-12-31", "year", "a", "c6"),
        ],
        columns=COLUMNS,
    )
    claims = pd.DataFrame(
        {
            "claim_id": ["c1", "c2", "c3", "c4", "c5", "c6"],
            "actor_family": [
                "islamic-state",
                "iraqi-government",
                "unknown",
                "sdf",
                "unknown",
                "iraqi-government",
            ],
        }
    )
    places = pd.DataFrame(
        {
            "place_id": ["fallujah", "mosul", "raqqa", "desert", "hit"],
            "admin1": ["Anbar", "Nineveh", "Raqqa", "", "Anbar"],
            "kind": ["city", "city", "city", "region", "town"],
            "lat": [33.35, 36.34, 35.95, float("nan"), 33.64],
            "lon": [43.78, 43.13, 39.01, float("nan"), 42.83],
        }
    )
    sources = pd.DataFrame(
        {
            "source_id": ["a", "b"],
            "outlet": ["AFP", "Reuters"],
            "outlet_status": ["inferred", "stated"],
            "title": ["A timeline", "Rawa falls"],
            "published": ["2017-12-09", "2017-11-17/2017-11-23"],
        }
    )
    return Dataset(sources, {}, places, claims, chronology, area_estimates=pd.DataFrame())


def _json(schema_file: str) -> dict:
    return json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))


def _validate_table(path: Path, schema: str):
    """Frictionless report of a CSV against one of tests/schemas/*.tableschema.json."""
    resource = Resource(
        path.name,
        basepath=str(path.parent),
        schema=Schema.from_descriptor(_json(f"{schema}.tableschema.json")),
    )
    return resource.validate()


def _by_id(table: pd.DataFrame, column: str) -> pd.DataFrame:
    return table.set_index(column)


def test_acled_dates_precision_and_types(small, tmp_path):
    acled = _by_id(
        pd.read_csv(write_export("acled", small, tmp_path, version="9.9.9"), keep_default_na=False),
        "event_id_cnty",
    )
    # a 31-day month: the middle day is the 16th; a 7-day window (17..23): the 20th
    assert acled.loc["fallujah:seized:1", ["event_date", "time_precision"]].tolist() == ["2014-01-16", 3]
    assert acled.loc["mosul:retaken:1", ["event_date", "time_precision"]].tolist() == ["2017-07-09", 1]
    assert acled.loc["raqqa:retaken:1", ["event_date", "time_precision"]].tolist() == ["2017-11-20", 2]
    assert acled.loc["hit:retaken:1", "event_date"] == "2016-04-12"
    assert acled.loc["fallujah:seized:1", "sub_event_type"] == "Non-state actor overtakes territory"
    assert (
        acled.loc["mosul:retaken:1", "sub_event_type"] == "Government regains territory"
    )  # one source names Iraqi forces
    assert acled.loc["raqqa:retaken:1", "sub_event_type"] == "Non-state actor overtakes territory"  # SDF
    assert acled.loc["hit:retaken:1", ["event_type", "sub_event_type"]].tolist() == [
        "Strategic developments",
        "Other",
    ]
    assert acled.loc["mosul:retaken:1", ["actor1", "actor2"]].tolist() == [
        "Iraqi government forces",
        "Islamic State",
    ]
    assert acled.loc["raqqa:retaken:1", "country"] == "Syria"
    assert acled.loc["mosul:retaken:1", "source"] == "AFP; Reuters"
    assert "2014-01-01..2014-01-31 (month)" in acled.loc["fallujah:seized:1", "notes"]
    assert "v9.9.9" in acled.loc["fallujah:seized:1", "notes"]
    assert acled.loc["desert:offensive_launched:1", ["latitude", "geo_precision"]].tolist() == ["", 3]


def test_ucdp_date_and_place_precision(small, tmp_path):
    ged = _by_id(pd.read_csv(write_export("ucdp", small, tmp_path), keep_default_na=False), "id")
    assert ged["date_prec"].to_dict() == {
        "fallujah:seized:1": 4,  # a month
        "mosul:retaken:1": 1,  # a day
        "raqqa:retaken:1": 3,  # seven days
        "hit:retaken:1": 2,  # five days
        "desert:offensive_launched:1": 5,  # a year
    }
    assert ged.loc["raqqa:retaken:1", ["date_start", "date_end"]].tolist() == ["2017-11-17", "2017-11-23"]
    assert ged.loc["desert:offensive_launched:1", ["where_prec", "geom_wkt"]].tolist() == [5, ""]
    assert ged.loc["hit:retaken:1", ["where_prec", "geom_wkt"]].tolist() == [1, "POINT (42.83 33.64)"]
    assert ged.loc["mosul:retaken:1", ["number_of_sources", "source_office"]].tolist() == [2, "AFP; Reuters"]
    assert ged.loc["raqqa:retaken:1", "source_date"] == "2017-11-17..2017-11-23"


def test_timelinejs_dates_keep_their_precision(small, tmp_path):
    doc = json.loads(write_export("timelinejs", small, tmp_path).read_text(encoding="utf-8"))
    slides = {e["unique_id"]: e for e in doc["events"]}
    month = slides["fallujah-seized-1"]
    assert {k: month["start_date"][k] for k in ("year", "month")} == {"year": 2014, "month": 1}
    assert "day" not in month["start_date"] and "end_date" not in month
    assert "day" not in slides["desert-offensive_launched-1"]["start_date"]
    week = slides["raqqa-retaken-1"]
    assert (week["start_date"]["day"], week["end_date"]["day"]) == (17, 23)
    assert slides["mosul-retaken-1"]["start_date"]["day"] == 9 and "end_date" not in slides["mosul-retaken-1"]
    assert (
        "Reuters" in slides["mosul-retaken-1"]["text"]["text"]
        and "AFP" in slides["mosul-retaken-1"]["text"]["text"]
    )


def test_geojson_points_are_lon_lat_and_regions_unlocated(small, tmp_path):
    doc = json.loads(write_export("geojson", small, tmp_path).read_text(encoding="utf-8"))
    features = {f["id"]: f for f in doc["features"]}
    assert features["mosul:retaken:1"]["geometry"]["coordinates"] == [43.13, 36.34]
    assert features["desert:offensive_launched:1"]["geometry"] is None
    assert features["raqqa:retaken:1"]["properties"]["date_latest"] == "2017-11-23"


# ---- the live data: schema and read-back (invariants only)


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> tuple[Dataset, Path]:
    inputs = load(DATA)
    folder = tmp_path_factory.mktemp("exports")
    for fmt in FORMATS:
        write_export(fmt, inputs, folder)
    return inputs, folder


@pytest.mark.parametrize("fmt, schema", [("acled", "acled"), ("ucdp", "ucdp-ged")])
def test_table_exports_validate_and_read_back(live, fmt, schema):
    inputs, folder = live
    path = folder / FILE_NAMES[fmt]
    report = _validate_table(path, schema)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    table = pd.read_csv(path, keep_default_na=False)
    assert list(table.iloc[:, 0]) == list(inputs.chronology["event_id"])


def test_ucdp_windows_are_the_chronology_windows(live):
    inputs, folder = live
    ged = pd.read_csv(folder / FILE_NAMES["ucdp"], keep_default_na=False)
    for ged_column, column in (("date_start", "date_earliest"), ("date_end", "date_latest")):
        assert list(ged[ged_column]) == list(
            pd.to_datetime(inputs.chronology[column]).dt.strftime("%Y-%m-%d")
        )


def test_geojson_validates_and_reads_back_with_geopandas(live):
    inputs, folder = live
    path = folder / FILE_NAMES["geojson"]
    schema = _json("geojson-featurecollection.schema.json")
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)
    frame = gpd.read_file(path)
    assert frame.crs.to_epsg() == 4326
    assert list(frame["event_id"]) == list(inputs.chronology["event_id"])
    located = inputs.chronology["place_id"].isin(inputs.places.dropna(subset=["lat"])["place_id"])
    assert list(frame.geometry.notna()) == list(located)


def test_timelinejs_validates_and_has_every_event(live):
    inputs, folder = live
    doc = json.loads((folder / FILE_NAMES["timelinejs"]).read_text(encoding="utf-8"))
    schema = _json("timelinejs3.schema.json")
    jsonschema.validate(doc, schema)
    assert len(pd.json_normalize(doc["events"])) == len(inputs.chronology)


def test_csv_export_is_the_chronology_plus_places(live):
    inputs, folder = live
    table = pd.read_csv(folder / FILE_NAMES["csv"], keep_default_na=False)
    assert list(table.columns[: len(COLUMNS)]) == COLUMNS
    assert list(table["event_id"]) == list(inputs.chronology["event_id"])


def test_the_schemas_reject_what_the_formats_forbid(live, tmp_path):
    _, folder = live
    acled = pd.read_csv(folder / FILE_NAMES["acled"], keep_default_na=False)
    acled.loc[0, "time_precision"] = 4  # ACLED knows 1-3 only
    broken = tmp_path / "acled.csv"
    acled.to_csv(broken, index=False)
    report = _validate_table(broken, "acled")
    assert not report.valid
    doc = json.loads((folder / FILE_NAMES["timelinejs"]).read_text(encoding="utf-8"))
    del doc["events"][0]["start_date"]["year"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, _json("timelinejs3.schema.json"))


def test_cli_export_writes_inside_the_data_folder_unless_told(data_copy, tmp_path, capsys):
    assert main(["export", "--data", str(data_copy), "--format", "geojson"]) == 0
    assert (data_copy / "exports" / FILE_NAMES["geojson"]).exists()
    out = tmp_path / "elsewhere"
    assert (
        main(["export", "--data", str(data_copy), "--format", "acled", "--format", "csv", "-o", str(out)])
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == sorted([FILE_NAMES["acled"], FILE_NAMES["csv"]])


def test_cli_export_into_a_folder_that_holds_other_things_keeps_them(data_copy, tmp_path):
    out = tmp_path / "Desktop"
    (out / "project").mkdir(parents=True)
    (out / "project" / "notes.txt").write_text("mine\n")
    (out / ".settings-v2").write_text("mine\n")
    (out / "photo.jpg").write_bytes(b"\xff\xd8")
    assert main(["export", "--data", str(data_copy), "--format", "csv", "-o", str(out)]) == 0
    assert (out / "project" / "notes.txt").read_text() == "mine\n"
    assert (out / ".settings-v2").read_text() == "mine\n"
    assert (out / "photo.jpg").read_bytes() == b"\xff\xd8"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".settings-v2", "photo.jpg", "project", FILE_NAMES["csv"]]
    )


@pytest.mark.parametrize("fmt", ["acled", "ucdp", "csv"])
def test_formula_like_text_in_a_csv_export_is_neutralised(small, tmp_path, fmt):
    """An outlet, a place name and an admin1 that look like spreadsheet formulas: in every CSV
    export each such cell is written with a leading quote (analysis.output.csv_safe), never bare."""
    formula = '=HYPERLINK("http://example.org","x")'
    small.sources.loc[0, "outlet"] = formula
    small.places.loc[0, "admin1"] = "@SUM(A1)"
    small.chronology.loc[small.chronology["place_id"] == "fallujah", "place"] = "+Fallujah"
    path = write_export(fmt, small, tmp_path)
    cells = [cell for row in csv.reader(path.read_text(encoding="utf-8").splitlines()) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    quoted = [c for c in cells if c.startswith(("'=", "'+", "'@"))]
    assert any(c.startswith("'@SUM(A1)") for c in quoted) or any("'+Fallujah" == c for c in quoted)
    if fmt == "acled":  # the outlet opens the ACLED source cell of events that source a dates
        assert any(c.startswith("'" + formula) for c in quoted)
