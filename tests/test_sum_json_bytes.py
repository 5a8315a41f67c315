"""The JSON of `sum --metric M --json`, byte for byte, and the writer's fast paths for
lists of flat records: the bytes stay those of json.dumps(..., ensure_ascii=False,
indent=2), the answer's figures those a person added up from data/targets.toml."""

from __future__ import annotations

import io
import json
from typing import NamedTuple

from targets_cli.renderers import document
from targets_cli.renderers.document import write_json
from targets_cli.rules.totals import Bound, Part, Subtotal

# data/targets.toml: taishan-projects-100m = 60 个 (=), kaiping-projects-100m 52 (>=),
# jianghai-projects-100m 50 (>), all 2024, all units of 江门市: 60 + 52 + 50 = 162, more
# than (>) since one part is; the city states no goal of its own; the other four of its
# county-level units state nothing.
PROJECTS = (
    "{\n"
    '  "metric": "超亿元项目",\n'
    '  "metric_en": "Projects over 100 million yuan introduced",\n'
    '  "dimension": "count",\n'
    '  "period": "2024",\n'
    '  "unit": "个",\n'
    '  "total": 162,\n'
    '  "total_max": null,\n'
    '  "comparator": ">",\n'
    '  "parts": [\n'
    "    {\n"
    '      "id": "taishan-projects-100m",\n'
    '      "org": "台山市",\n'
    '      "region": "台山市",\n'
    '      "region_en": "Taishan",\n'
    '      "value": 60,\n'
    '      "value_max": null,\n'
    '      "unit": "个",\n'
    '      "comparator": "=",\n'
    '      "period": "2024"\n'
    "    },\n"
    "    {\n"
    '      "id": "kaiping-projects-100m",\n'
    '      "org": "开平市",\n'
    '      "region": "开平市",\n'
    '      "region_en": "Kaiping",\n'
    '      "value": 52,\n'
    '      "value_max": null,\n'
    '      "unit": "个",\n'
    '      "comparator": ">=",\n'
    '      "period": "2024"\n'
    "    },\n"
    "    {\n"
    '      "id": "jianghai-projects-100m",\n'
    '      "org": "江海区",\n'
    '      "region": "江海区",\n'
    '      "region_en": "Jianghai",\n'
    '      "value": 50,\n'
    '      "value_max": null,\n'
    '      "unit": "个",\n'
    '      "comparator": ">",\n'
    '      "period": "2024"\n'
    "    }\n"
    "  ],\n"
    '  "subtotals": [\n'
    "    {\n"
    '      "city_region": "江门市",\n'
    '      "period": "2024",\n'
    '      "unit": "个",\n'
    '      "total": 162,\n'
    '      "total_max": null,\n'
    '      "comparator": ">",\n'
    '      "parts": [\n'
    "        {\n"
    '          "id": "taishan-projects-100m",\n'
    '          "org": "台山市",\n'
    '          "region": "台山市",\n'
    '          "region_en": "Taishan",\n'
    '          "value": 60,\n'
    '          "value_max": null,\n'
    '          "unit": "个",\n'
    '          "comparator": "=",\n'
    '          "period": "2024"\n'
    "        },\n"
    "        {\n"
    '          "id": "kaiping-projects-100m",\n'
    '          "org": "开平市",\n'
    '          "region": "开平市",\n'
    '          "region_en": "Kaiping",\n'
    '          "value": 52,\n'
    '          "value_max": null,\n'
    '          "unit": "个",\n'
    '          "comparator": ">=",\n'
    '          "period": "2024"\n'
    "        },\n"
    "        {\n"
    '          "id": "jianghai-projects-100m",\n'
    '          "org": "江海区",\n'
    '          "region": "江海区",\n'
    '          "region_en": "Jianghai",\n'
    '          "value": 50,\n'
    '          "value_max": null,\n'
    '          "unit": "个",\n'
    '          "comparator": ">",\n'
    '          "period": "2024"\n'
    "        }\n"
    "      ],\n"
    '      "city": [],\n'
    '      "parent": "江门市",\n'
    '      "level": "city",\n'
    '      "pledges": []\n'
    "    }\n"
    "  ],\n"
    '  "left_out": [],\n'
    '  "silent": [\n'
    '    "蓬江区",\n'
    '    "新会区",\n'
    '    "鹤山市",\n'
    '    "恩平市"\n'
    "  ],\n"
    '  "related": []\n'
    "}\n"
)


def test_the_sum_of_projects_over_100_million_byte_for_byte(run):
    ran = run("sum", "--metric", "超亿元项目", "--json")
    assert ran.code == 0, ran
    assert ran.stdout_bytes.decode("utf-8").replace("\r\n", "\n") == "".join(PROJECTS)


def _written(document_value: object) -> str:
    out = io.StringIO()
    write_json(document_value, out)
    return out.getvalue()


def test_a_list_of_flat_records_written_by_hand():
    records = [
        {"id": "a", "text": "},\n    {", "empty": {}},
        {"n": 1, "list": [], "last": {}},
        (),
    ]
    assert _written({"rows": records[:2], "mixed": records}) == (
        "{\n"
        '  "rows": [\n'
        "    {\n"
        '      "id": "a",\n'
        '      "text": "},\\n    {",\n'
        '      "empty": {}\n'
        "    },\n"
        "    {\n"
        '      "n": 1,\n'
        '      "list": [],\n'
        '      "last": {}\n'
        "    }\n"
        "  ],\n"
        '  "mixed": [\n'
        "    {\n"
        '      "id": "a",\n'
        '      "text": "},\\n    {",\n'
        '      "empty": {}\n'
        "    },\n"
        "    {\n"
        '      "n": 1,\n'
        '      "list": [],\n'
        '      "last": {}\n'
        "    },\n"
        "    []\n"
        "  ]\n"
        "}\n"
    )


def test_one_flat_record_and_an_empty_one_in_a_list():
    assert _written([{"a": None}]) == '[\n  {\n    "a": null\n  }\n]\n'
    assert _written([{"a": True}, {}]) == '[\n  {\n    "a": true\n  },\n  {}\n]\n'


def test_a_long_list_of_flat_records_is_json_dumps_and_written_in_pieces():
    records = [{"id": f"t-{n}", "value": n, "unit": "个", "x": None} for n in range(1300)]
    answer = {"parts": records, "tuple": tuple(records[:3])}
    writes: list[int] = []

    class Out(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(len(text))
            return super().write(text)

    out = Out()
    write_json(answer, out)
    assert out.getvalue() == json.dumps(answer, ensure_ascii=False, indent=2) + "\n"
    # a slice of records a write, never the whole list at once
    assert len(writes) >= -(-1300 // document.RECORDS)
    assert max(writes) < len(out.getvalue()) // 2


class _Stated(NamedTuple):
    comparator: str


def _parts() -> tuple[Part, ...]:
    # (a bound reads only a part's amounts and its target's comparator)
    exact, floor = _Stated("="), _Stated(">=")
    return (Part(exact, 60), Part(floor, 52, 55))  # type: ignore[arg-type]


def test_a_subtotal_s_bound_is_worked_out_once_and_leaves_it_equal():
    first = Subtotal("江门市", "2024", "个", _parts(), ())
    second = Subtotal("江门市", "2024", "个", _parts(), ())
    assert first.bound is first.bound  # (kept, not worked out at each use)
    assert first.bound == Bound(">=", 112)  # (a floor: no upper end)
    assert first == second and hash(first) == hash(second)
    assert repr(first) == repr(second)


def test_a_long_text_has_its_unsafe_characters_escaped_as_a_short_one():
    # DEL, a C1 control (U+009B: some terminals take it for an escape) and RLO
    long = "项" * document.LONG
    assert _written([long + "\x7f", "\x9b\u202e"]) == (
        '[\n  "' + long + '\\u007f",\n  "\\u009b\\u202e"\n]\n'
    )
    assert _written(long + "“—”") == '"' + long + '“—”"\n'
