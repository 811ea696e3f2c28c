"""The tables' metadata, one definition: ``analysis/schema.yaml``.

Per table (``sources``, ``places``, ``claims``, ``excluded_facts``, ``chronology``, ``milestones``,
``area_estimates``, and ``cited_facts``: ``raw/cited/facts.csv`` as received, not a resource of the data
package): its path under ``data/``, a description, and its fields in column order, each with
a name, a Frictionless type, the data dictionary's type (``dictionary_type``, words for readers), a
description and constraints (an enum may name a vocabulary of :mod:`analysis.vocabulary`, so its values
are defined there only); then the primary and foreign keys. From it come:

- the code's column lists (:func:`columns`: the header a table must have, in order);
- ``data/datapackage.json``'s ``resources`` (:func:`resources`, written by :mod:`analysis.metadata`);
- the column tables of the data dictionary in ``data/README.md`` (:func:`dictionary`, written between
  the markers ``<!-- generated: columns-TABLE -->`` by :mod:`analysis.metadata`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from analysis import vocabulary

SCHEMA = Path(__file__).with_name("schema.yaml")
#: Keys of a field that Frictionless reads, in the order datapackage.json writes them.
FRICTIONLESS_KEYS = ("name", "type", "description", "constraints")


#: How an ``enum`` names a vocabulary (:mod:`analysis.vocabulary`) instead of listing its values.
VOCABULARY_PREFIX = "vocabulary."


def _values(enum: str | list[str]) -> list[str]:
    """An ``enum`` as its values: ``vocabulary.NAME`` stands for the values of that vocabulary (the keys
    of a mapping), and a list joins its items, each a value or a vocabulary, in order."""
    if isinstance(enum, str):
        enum = [enum]
    values = []
    for item in enum:
        if item.startswith(VOCABULARY_PREFIX):
            values += list(getattr(vocabulary, item.removeprefix(VOCABULARY_PREFIX)))
        else:
            values.append(item)
    return values


def _with_values(field: dict[str, Any]) -> dict[str, Any]:
    """``field`` with its ``enum`` (if any) as a list of values (:func:`_values`)."""
    constraints = field.get("constraints") or {}
    if "enum" not in constraints:
        return field
    return {**field, "constraints": {**constraints, "enum": _values(constraints["enum"])}}


def read(text: str) -> dict[str, dict[str, Any]]:
    """The tables of a ``schema.yaml`` ``text`` by name, with ``fields_of`` resolved (a table with
    ``fields_of: OTHER`` has OTHER's fields, each updated by its entry in ``changed_fields``) and each
    enum's vocabularies replaced by their values."""
    raw = yaml.safe_load(text)
    resolved = {}
    for name, table in raw.items():
        table = dict(table)
        if "fields_of" in table:
            changed = table.pop("changed_fields", {})
            table["fields"] = [
                {**field, **changed.get(field["name"], {})} for field in raw[table.pop("fields_of")]["fields"]
            ]
        table["fields"] = [_with_values(field) for field in table["fields"]]
        resolved[name] = table
    return resolved


@cache
def tables() -> dict[str, dict[str, Any]]:
    """Every table's metadata by name (``analysis/schema.yaml``, read once)."""
    return read(SCHEMA.read_text(encoding="utf-8"))


def fields(table: str, meta: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The fields of ``table`` in column order (of :func:`tables`, or of ``meta`` when given)."""
    return (meta or tables())[table]["fields"]


def columns(table: str) -> tuple[str, ...]:
    """The column names of ``table``, in the order its CSV file has them."""
    return tuple(field["name"] for field in fields(table))


def resource(name: str, meta: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The Frictionless Data Package resource of table ``name`` (a CSV in UTF-8): a field has its name,
    type, description and constraints, the ones it gives (``dictionary_type`` is for readers only)."""
    table = (meta or tables())[name]
    schema: dict[str, Any] = {
        "fields": [{k: f[k] for k in FRICTIONLESS_KEYS if f.get(k)} for f in table["fields"]],
        "primaryKey": table["primary_key"],
    }
    if "foreign_keys" in table:
        schema["foreignKeys"] = table["foreign_keys"]
    return {
        "name": name,
        "path": table["path"],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table["description"],
        "schema": schema,
    }


def resources() -> list[dict[str, Any]]:
    """The resource of every table of the data package (not those marked ``datapackage: false``, the raw
    files kept as received), in the order of ``schema.yaml``."""
    return [resource(name) for name, table in tables().items() if table.get("datapackage", True)]


def _cell(text: str) -> str:
    """``text`` fit for a Markdown table cell (a pipe, even in a code span, is escaped)."""
    return text.replace("|", "\\|")


def dictionary(table: str, meta: dict[str, dict[str, Any]] | None = None) -> str:
    """The data dictionary's column table of ``table``: column, type (``dictionary_type``, else the
    Frictionless type), meaning; one row per column."""
    lines = ["| column | type | meaning |", "| --- | --- | --- |"]
    for f in fields(table, meta):
        kind = f.get("dictionary_type", f["type"])
        lines.append(f"| `{f['name']}` | {_cell(kind)} | {_cell(f['description'])} |")
    return "\n".join(lines)
