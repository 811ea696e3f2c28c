"""The tables' metadata is defined once (analysis/schema.yaml): the code's column lists, datapackage.json's
resources and the data dictionary's column tables are made from it (their drift is caught by
tests/test_metadata_generated.py, the header of each data file by tests/test_metadata.py)."""

from __future__ import annotations

from analysis import area, chronology, cited, claims, places, schema, sources
from analysis.metadata import DICTIONARY_TABLES

TINY = """
events:
  path: events.csv
  description: One row per event.
  fields:
  - name: event_id
    type: string
    dictionary_type: string, key
    description: "`place:event`"
    constraints: {required: true, unique: true}
  - name: tiers
    type: string
    description: "`quoted`, `cited` or `cited|quoted`"
  primary_key: [event_id]
rows:
  path: rows.csv
  description: One row per milestone.
  fields_of: events
  changed_fields:
    event_id: {constraints: {required: true}}
  primary_key: [event_id, tiers]
  foreign_keys:
  - fields: [event_id]
    reference: {resource: events, fields: [event_id]}
"""


def test_a_table_with_fields_of_takes_the_other_tables_fields_with_its_changes():
    meta = schema.read(TINY)
    assert [f["name"] for f in meta["rows"]["fields"]] == ["event_id", "tiers"]
    assert meta["rows"]["fields"][0]["constraints"] == {"required": True}
    assert meta["rows"]["fields"][0]["description"] == "`place:event`"
    assert meta["events"]["fields"][0]["constraints"] == {"required": True, "unique": True}


def test_a_resource_has_frictionless_keys_only_and_its_foreign_keys():
    meta = schema.read(TINY)
    rows = schema.resource("rows", meta)
    assert rows["path"] == "rows.csv" and rows["format"] == "csv" and rows["encoding"] == "utf-8"
    assert rows["schema"]["fields"][0] == {
        "name": "event_id",
        "type": "string",
        "description": "`place:event`",
        "constraints": {"required": True},
    }
    assert rows["schema"]["fields"][1] == {
        "name": "tiers",
        "type": "string",
        "description": "`quoted`, `cited` or `cited|quoted`",
    }
    assert rows["schema"]["primaryKey"] == ["event_id", "tiers"]
    assert rows["schema"]["foreignKeys"] == [
        {"fields": ["event_id"], "reference": {"resource": "events", "fields": ["event_id"]}}
    ]
    assert "foreignKeys" not in schema.resource("events", meta)["schema"]


def test_the_dictionary_has_a_row_per_column_and_escapes_pipes():
    assert schema.dictionary("events", schema.read(TINY)).splitlines() == [
        "| column | type | meaning |",
        "| --- | --- | --- |",
        "| `event_id` | string, key | `place:event` |",
        "| `tiers` | string | `quoted`, `cited` or `cited\\|quoted` |",
    ]


def test_the_code_reads_its_column_lists_from_the_schema():
    assert claims.COLUMNS[:3] == ("claim_id", "source_id", "place_id")
    assert (sources.COLUMNS, places.COLUMNS, area.COLUMNS, cited.EXCLUDED_COLUMNS) == tuple(
        schema.columns(t) for t in ("sources", "places", "area_estimates", "excluded_facts")
    )
    assert chronology.COLUMNS == list(schema.columns("chronology")) == list(schema.columns("milestones"))


def test_every_column_is_described_and_every_key_is_a_column():
    for name, table in schema.tables().items():
        names = schema.columns(name)
        assert len(set(names)) == len(names), name
        for field in table["fields"]:
            assert field["description"].strip(), f"{name}.{field['name']}: no description"
        assert set(table["primary_key"]) <= set(names), name
        for key in table.get("foreign_keys", []):
            assert set(key["fields"]) <= set(names), name
            target = key["reference"]["resource"] or name
            assert set(key["reference"]["fields"]) <= set(schema.columns(target)), name


def test_the_data_dictionary_shows_every_table_but_the_milestones():
    assert set(DICTIONARY_TABLES) == set(schema.tables()) - {"milestones"}


def test_the_raw_facts_are_described_but_not_a_resource_of_the_package():
    assert cited.FACT_COLUMNS[:2] == ("fact_id", "source_key")
    assert schema.tables()["cited_facts"]["datapackage"] is False
    assert "cited_facts" not in {r["name"] for r in schema.resources()}
    assert {r["name"] for r in schema.resources()} == set(schema.tables()) - {"cited_facts"}


def test_an_enum_may_name_vocabularies_and_values():
    meta = schema.read(
        """
t:
  fields:
  - {name: a, type: string, description: x, constraints: {enum: vocabulary.TIERS}}
  - {name: b, type: string, description: x, constraints: {required: true, enum: [vocabulary.TIERS, cited|quoted]}}
  - {name: c, type: string, description: x, constraints: {enum: [vocabulary.COUNTRIES, other]}}
"""
    )
    assert [f["constraints"] for f in meta["t"]["fields"]] == [
        {"enum": ["quoted", "cited"]},
        {"required": True, "enum": ["quoted", "cited", "cited|quoted"]},
        {"enum": ["IRQ", "SYR", "other"]},
    ]


def _enum(table: str, column: str) -> tuple[str, ...]:
    field = next(f for f in schema.fields(table) if f["name"] == column)
    return tuple(field["constraints"]["enum"])


def test_the_enums_not_in_the_vocabulary_are_the_checkers_values():
    assert _enum("sources", "outlet_status") == sources.OUTLET_STATUSES
    assert _enum("area_estimates", "unit_as_published") == area.UNITS
    assert _enum("area_estimates", "estimator_group") == tuple(area.ESTIMATOR_GROUPS)
    assert _enum("area_estimates", "scope") == tuple(area.SCOPES)
    assert _enum("area_estimates", "confidence") == area.CONFIDENCES
