"""The JSON Schema shipped beside the data agrees with the loader's own field definitions."""

from __future__ import annotations

import json
import tomllib

import jsonschema
import pytest

from targets_cli.data.schema import SCHEMA_FILE, json_schema


@pytest.fixture(scope="session")
def shipped(data_file):
    return json.loads((data_file.parent / SCHEMA_FILE).read_text(encoding="utf-8"))


def test_shipped_schema_is_generated_from_the_field_definitions(shipped):
    assert shipped == json_schema(), "regenerate with: targets schema > data/targets.schema.json"


def test_the_data_file_points_editors_at_the_schema(data_file):
    first_line = data_file.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"#:schema ./{SCHEMA_FILE}"


def test_the_bundled_data_validates_against_the_schema(shipped, raw_data):
    jsonschema.validate(raw_data, shipped)


@pytest.mark.parametrize(
    ("table", "field", "bad"),
    [
        ("targets", "value", "60"),  # a string, not a number
        ("targets", "comparator", "≥"),  # not one of the comparators
        # (a unit the data's [[units]] lack is found by check alone: units are data)
        ("units", "factor", "10000"),  # a string, not a number
        ("targets", "period", "今年"),  # not a year or range
        ("metrics", "dimension", "money"),
        ("orgs", "kind", "prefecture"),  # province is a kind now (issue 19); this is not
    ],
)
def test_schema_and_loader_reject_the_same_mistakes(
    shipped, data_file, tmp_path, run, table, field, bad
):
    raw = tomllib.loads(data_file.read_text(encoding="utf-8"))
    raw[table][0][field] = bad
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(raw, shipped)
    text = data_file.read_text(encoding="utf-8")
    # the same mistake written by hand into a copy of the data file
    header = text.index(f"[[{table}]]")
    start = text.index(f"\n{field} = ", header) + 1
    end = text.index("\n", start)
    broken = text[:start] + f"{field} = {json.dumps(bad, ensure_ascii=False)}" + text[end:]
    (tmp_path / "sources").mkdir()
    source = data_file.parent / "sources" / "jiangmen-2024-pledges.txt"
    (tmp_path / "sources" / source.name).write_bytes(source.read_bytes())
    copy = tmp_path / "targets.toml"
    copy.write_text(broken, encoding="utf-8")
    ran = run("check", str(copy))
    assert ran.code == 1
    assert f"'{field}'" in ran.stderr
