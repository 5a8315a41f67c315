"""The JSON Schema of a data file, generated from the field definitions the loader checks."""

from __future__ import annotations

from typing import Any

from .fields import FORMAT_VERSION, TABLES, Field

SCHEMA_FILE = "targets.schema.json"

_TITLES = {
    "sources": "A document quoted by targets: bundled as a text (file), or cited (url).",
    "orgs": "A city, county-level unit or department that states targets.",
    "metrics": "A thing measured, with every wording the sources use for it.",
    "targets": "One target as stated, traceable to the exact words.",
    "outcomes": "A result reported for a target, with the public report that gives it.",
    "not_targets": "A figure of a source that states no target, and why.",
    "units": "A unit the sources write, what it measures and its factor to the base unit.",
    "not_found": "A figure searched for and not found: an org's target or outcome.",
}


def _property(spec: Field) -> dict[str, Any]:
    shape: dict[str, Any] = {"description": spec.description}
    if spec.type == "strings":
        shape |= {"type": "array", "items": {"type": "string"}}
    else:
        shape["type"] = spec.type
    if spec.choices:
        shape["enum"] = list(spec.choices)
    if spec.pattern:
        shape["pattern"] = spec.pattern
    if spec.bounds:
        shape["minimum"], shape["maximum"] = spec.bounds
    return shape


def _table(name: str, fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {
            "type": "object",
            "description": _TITLES[name],
            "properties": {spec.name: _property(spec) for spec in fields},
            "required": [spec.name for spec in fields if spec.required],
            "additionalProperties": False,
        },
    }


def json_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "targets data file",
        "description": "Targets stated in public by local governments, with their sources.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT_VERSION, "description": "Version of this file format."},
            **{name: _table(name, fields) for name, fields in TABLES.items()},
        },
        "additionalProperties": False,
    }
