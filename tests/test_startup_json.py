"""A warm JSON answer loads no `json` package: its decoder (json.decoder, json.scanner)
is needed by no answer, and the encoder is used through the C module `_json` directly.

The bytes written stay those of json.dumps(..., ensure_ascii=False, indent=2): the
bundled answers below are compared with figures read off data/targets.toml.
"""

from __future__ import annotations

import json

import pytest
from test_startup import _imported, _imported_by_the_script


@pytest.mark.parametrize(
    "args",
    [
        ["sum", "--metric", "超亿元项目", "--json"],
        ["compare", "--metric", "地区生产总值增长", "--json"],
        ["coverage", "--json"],
        ["progress", "--json"],
        ["list", "--region", "台山", "--json"],
        ["list", "--metric", "超亿元项目", "--format", "jsonl"],
        ["show", "kaiping-projects-100m", "--json"],
        ["metrics", "--json"],
        ["regions", "--json"],
        ["check", "--json"],
    ],
    ids=" ".join,
)
def test_a_warm_json_answer_imports_no_json_package(args):
    _imported(*args)  # the first run fills the index
    loaded = _imported_by_the_script(*args)
    assert "targets_cli.renderers.document" in loaded or "jsonl" in args
    assert {name for name in loaded if name == "json" or name.startswith("json.")} == set()


def test_the_json_written_is_what_json_dumps_writes(run):
    # data/targets.toml: kaiping-projects-100m, 开平市, 超亿元项目, 52 个 (>=), 2024
    result = run("show", "kaiping-projects-100m", "--json")
    assert result.code == 0, result.stdout
    document = json.loads(result.stdout)
    assert result.stdout == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert (document["org"], document["metric"], document["value"]) == ("开平市", "超亿元项目", 52)
    assert (document["unit"], document["comparator"], document["period"]) == ("个", ">=", "2024")
