"""What a warm `sum --metric M --json` does for each row it reads, counted rather than
timed: every row of targets is still checked against its digest (a damaged one is
refused whatever column it is in), and the JSON writer encodes each part once though
the answer prints it twice (in the list of all parts and in its subtotal's).

Figures from data/targets.toml: taishan-projects-100m states 60 个 (=),
kaiping-projects-100m 52 (>=), jianghai-projects-100m 50 (>), all 2024, all units of
江门市: 60 + 52 + 50 = 162, more than (>) since one part is."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import zlib

import pytest
from conftest import REPO, run_main

from targets_cli.renderers import document
from targets_cli.renderers.document import write_json
from targets_cli.views.sum import Joined

PROJECTS = ("taishan-projects-100m", "kaiping-projects-100m", "jianghai-projects-100m")


def _settled(monkeypatch) -> None:
    """Files written just now count as settled, so the index is used at once."""
    from targets_cli.data import store

    monkeypatch.setattr(store, "RACY_NS", 0)


def _index_of(cache, data) -> str:
    where = bytes(str(data), "utf-8")
    return str(
        cache / "targets" / f"index-{zlib.crc32(where):08x}{zlib.adler32(where):08x}.sqlite3"
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("value", 999),  # a figure sum prints
        ("quote", "引进超亿元项目999个"),  # a column sum never prints
        ("_digest", "0000000000000000"),  # the digest itself
    ],
)
@pytest.mark.parametrize("plain_rows", [0, 10_000])  # (rows made by the written function, by names)
def test_a_damaged_target_row_is_refused_by_a_warm_sum(
    tmp_path, monkeypatch, column, value, plain_rows
):
    """A row of targets changed after the index wrote it, the triggers' mark cleared as
    another program could: sum finds the row does not match its digest, builds the
    index again from the data and answers 162 from 60 + 52 + 50; whether the row is made
    into a target by the function written for the columns or by the columns' names."""
    from targets_cli.data import store

    monkeypatch.setattr(store, "_PLAIN_ROWS", [plain_rows])
    monkeypatch.setattr(store, "_MAKERS", [])
    shutil.copytree(REPO / "data", tmp_path / "data")
    data = tmp_path / "data" / "targets.toml"
    cache = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache), "TARGETS_DATA": None}
    _settled(monkeypatch)
    words = ["sum", "--metric", "超亿元项目", "--json", "--data", str(data)]
    assert run_main(words, env).json()["total"] == 162  # built
    path = _index_of(cache, data)
    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE targets SET {column} = ? WHERE id = 'taishan-projects-100m'", (value,))
        db.execute("DELETE FROM _meta WHERE key = 'edited'")  # (the triggers' mark, cleared)
    ran = run_main(words, env)
    assert ran.code == 0
    answer = ran.json()
    assert answer["total"] == 162 and answer["comparator"] == ">"
    assert [part["value"] for part in answer["parts"]] == [60, 52, 50]
    assert ran.stderr == (
        f"targets: note: the index {path} did not match the data (a row of targets does not "
        "match its digest); it has been built again\n"
    )


def test_each_part_is_encoded_once_though_printed_twice(run, monkeypatch):
    """The three parts are printed in `parts` and again in their subtotal's `parts`; the
    C encoder is handed each of them once (the second time, their text is copied)."""
    encoded: list[str] = []
    real = document._c_encoder

    def counting(separator: str):
        encode = real(separator)

        def counted(value):
            if isinstance(value, list):
                encoded.extend(item["id"] for item in value if isinstance(item, dict))
            return encode(value)

        return counted

    monkeypatch.setattr(document, "_c_encoder", counting)
    monkeypatch.setattr(document, "_FLAT", {})
    ran = run("sum", "--metric", "超亿元项目", "--json")
    assert ran.code == 0
    answer = ran.json()
    assert [part["id"] for part in answer["parts"]] == list(PROJECTS)
    assert [part["id"] for part in answer["subtotals"][0]["parts"]] == list(PROJECTS)
    assert sorted(encoded) == sorted(PROJECTS)


def _written(value: object) -> str:
    out = io.StringIO()
    write_json(value, out)
    return out.getvalue()


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _records(name: str, count: int) -> list[dict[str, object]]:
    return [{"id": f"{name}-{n}", "value": n, "unit": "个", "note": None} for n in range(count)]


def test_a_joined_list_is_written_as_json_dumps_writes_it_at_any_depth():
    """A list made of others, each written again shallower or deeper (or not at all):
    the bytes of json.dumps, whatever depth the copied text lands at."""
    first, second, empty = _records("a", 3), _records("b", 600), []
    doc = {
        "all": [[Joined([first, empty, second])]],  # written at depth 2
        "first": first,  # shallower
        "deep": {"in": {"deeper": [second]}},  # deeper
        "again": first,  # a third time: encoded again
    }
    assert _written(doc) == _dumps(doc)
    assert _written({"none": Joined([]), "empties": Joined([[], []])}) == _dumps(
        {"none": [], "empties": []}
    )


def test_a_joined_list_that_is_not_its_pieces_is_written_as_its_items():
    """A joined list changed after it was made (its items no longer its pieces'), or
    whose pieces are not flat records, is written item by item, as any list."""
    pieces = [_records("a", 2), _records("b", 2)]
    changed = Joined(pieces)
    changed[0] = {"id": "other", "value": 1}
    assert _written({"x": changed, "y": pieces[0]}) == _dumps({"x": changed, "y": pieces[0]})
    nested = Joined([[{"id": "n", "list": [1, 2]}], _records("c", 2)])
    assert _written({"x": nested}) == _dumps({"x": nested})


def test_a_joined_list_s_unsafe_characters_are_escaped_in_both_copies():
    """A C1 control (U+009B, an escape to some terminals) and a bidirectional override
    (U+202E) in a part are written as \\u escapes where the part is first written and
    where its text is copied."""
    parts = [{"id": "a\u009bb", "region_en": "x\u202ey", "value": 1}]
    doc = {"parts": Joined([parts]), "subtotals": [{"parts": parts}]}
    written = _written(doc)
    assert "\u009b" not in written and "\u202e" not in written
    assert written.count('"a\\u009bb"') == 2 and written.count('"x\\u202ey"') == 2
    assert json.loads(written) == json.loads(_dumps(doc))


def test_the_collector_is_paused_while_sum_makes_and_writes_its_answer(run, monkeypatch):
    """The cyclic collector would walk every target and record a warm sum keeps: it is
    off while the total is added up and while the JSON is written, and on again after."""
    import gc

    from targets_cli.answers import summing

    seen: dict[str, bool] = {}
    add_up, write = summing.add_up, document.write_json

    def adding(*args, **kwargs):
        seen["adding"] = gc.isenabled()
        return add_up(*args, **kwargs)

    def writing(*args, **kwargs):
        seen["writing"] = gc.isenabled()
        return write(*args, **kwargs)

    monkeypatch.setattr(summing, "add_up", adding)
    monkeypatch.setattr(document, "write_json", writing)
    assert gc.isenabled()
    ran = run("sum", "--metric", "超亿元项目", "--json")
    assert ran.code == 0 and ran.json()["total"] == 162
    assert seen == {"adding": False, "writing": False}
    assert gc.isenabled()
    refused = run("sum", "--metric", "地区生产总值增长")  # a rate: refused
    assert refused.code != 0 and "cannot add" in refused.stderr
    assert gc.isenabled()
