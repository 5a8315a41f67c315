"""The first build, nothing cached: what it writes is what the data says.

A build binds each field a target leaves out as SQL NULL (a NaN, which SQLite stores as
NULL, not None, which the sqlite3 module binds slowly), fills its tables before their
index on the file a row came from is made, and checks each target without making a
Target of it. Each test checks the index and the answers against figures read from the
data written here.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import HAIXIN_CATALOGUE, write_tree

# 海新区 states two targets: 120 亿元 in 2015 (不少于, 争取), and 300 亿元 in 2016, with no
# wording or firmness; and one of 2017 that leaves out its unit (a problem).
DOCUMENT = """\
format = 1

[[sources]]
id = "hx"
file = "hx.txt"
title = "海新区工作报告"
year = 2015

[[targets]]
id = "hx-1"
org = "海新区"
metric = "固定资产投资"
value = 120
unit = "亿元"
comparator = ">="
wording = "不少于"
firmness = "争取"
period = "2015"
source = "hx"
quote = "固定资产投资不少于120亿元"

[[targets]]
id = "hx-2"
org = "海新区"
metric = "固定资产投资"
value = 300
unit = "亿元"
comparator = "="
period = "2016"
source = "hx"
quote = "明年固定资产投资300亿元"
"""

UNITLESS = """
[[targets]]
id = "hx-3"
org = "海新区"
metric = "固定资产投资"
value = 500
comparator = "="
period = "2017"
source = "hx"
quote = "后年固定资产投资500亿元"
"""

TEXT = (
    "海新区工作报告\n\n争取今年固定资产投资不少于120亿元。明年固定资产投资300亿元。"
    "后年固定资产投资500亿元。\n"
)


@pytest.fixture
def cache(monkeypatch, tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def corpus(folder: Path, catalogue: str = "catalogue.toml", document: str = DOCUMENT) -> Path:
    files = {catalogue: HAIXIN_CATALOGUE, "docs/hx.toml": document, "docs/hx.txt": TEXT}
    return write_tree(folder, files)


def index_of(cache: Path) -> sqlite3.Connection:
    (path,) = (cache / "targets").glob("index-*.sqlite3")
    return sqlite3.connect(path)


def test_a_field_left_out_is_null_in_the_index_and_read_back_as_none(run, cache, tmp_path):
    data = corpus(tmp_path / "data")
    first = run("show", "hx-2", "--json", "--data", str(data))
    assert first.code == 0, first.stderr
    index = index_of(cache)
    kinds = index.execute(
        "SELECT typeof(value), typeof(unit), typeof(wording), typeof(firmness), "
        "typeof(value_max), typeof(note) FROM targets WHERE id = 'hx-2'"
    ).fetchone()
    assert kinds == ("integer", "text", "null", "null", "null", "null")
    # (no NaN is stored anywhere: a NaN would be a real number, never equal to itself)
    assert index.execute("SELECT COUNT(*) FROM targets WHERE value != value").fetchone() == (0,)
    index.close()
    shown = first.json()
    target = shown.get("target", shown)
    assert target["value"] == 300
    assert target["unit"] == "亿元"
    assert target.get("wording") is None
    assert target.get("firmness") is None
    # read back from the index: its rows' digests hold (no note of a rebuild), same answer
    warm = run("show", "hx-2", "--json", "--data", str(data))
    assert warm.code == 0
    assert warm.stderr == ""
    assert warm.stdout == first.stdout


def test_a_first_build_leaves_every_table_indexed_by_file(run, cache, tmp_path):
    data = corpus(tmp_path / "data")
    assert run("sum", "--metric", "固定资产投资", "--json", "--data", str(data)).code == 0
    index = index_of(cache)
    names = {row[0] for row in index.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    tables = [
        row[0]
        for row in index.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row[0].startswith("_")
    ]
    assert "targets" in tables
    assert {f"{table}_file" for table in tables} <= names
    index.close()


def test_an_edit_after_a_first_build_replaces_that_files_rows(run, cache, tmp_path):
    data = corpus(tmp_path / "data")
    before = run(
        "sum", "--metric", "固定资产投资", "--period", "2015", "--json", "--data", str(data)
    )
    assert before.code == 0
    assert "120" in before.stdout
    edited = DOCUMENT.replace("不少于120亿元", "不少于150亿元").replace(
        "value = 120", "value = 150"
    )
    write_tree(
        data, {"docs/hx.toml": edited, "docs/hx.txt": TEXT.replace("120", "150")}, 1_700_000_000
    )
    after = run(
        "sum", "--metric", "固定资产投资", "--period", "2015", "--json", "--data", str(data)
    )
    assert after.code == 0, after.stderr
    assert "150" in after.stdout and "120" not in after.stdout
    index = index_of(cache)
    values = index.execute("SELECT id, value FROM targets ORDER BY id").fetchall()
    assert values == [("hx-1", 150), ("hx-2", 300)]
    index.close()


@pytest.mark.parametrize("catalogue", ["catalogue.toml", "zz-catalogue.toml"])
def test_a_target_without_its_unit_is_reported_whether_checked_first_or_after(
    run, cache, tmp_path, catalogue
):
    """Listed before the documents, the catalogue settles each target as its file is
    parsed; listed after, every target waits and is checked from its row (each field
    left out read back as None): the problem is the same."""
    data = corpus(tmp_path / "data", catalogue, DOCUMENT + UNITLESS)
    ran = run("check", "--data", str(data))
    assert ran.code == 1
    # the [[targets]] of hx-3 is on line 33 of docs/hx.toml (DOCUMENT's 31 lines, a blank)
    where = f"{data / 'docs' / 'hx.toml'}:33: [hx-3]"
    expected = f"{where} missing 'unit' (a milestone would say kind = 'milestone')"
    assert expected in ran.stderr.splitlines()
    # and the two good targets are settled either way: 2015's 120 and 2016's 300 亿元
    index = index_of(cache)
    settled = index.execute(
        "SELECT id, metric_name, region, period_start FROM targets WHERE id != 'hx-3' ORDER BY id"
    ).fetchall()
    assert settled == [
        ("hx-1", "固定资产投资", "海新区", 2015),
        ("hx-2", "固定资产投资", "海新区", 2016),
    ]
    index.close()


def test_a_first_build_interrupted_midway_leaves_nothing_a_later_run_trusts(
    run, cache, tmp_path, monkeypatch
):
    """A first build drops the tables' index on _file while it fills them: interrupted
    after one file's rows are in (Ctrl-C), its transaction is rolled back, and the next
    run builds the whole index, indexed by file, and answers from every file."""
    from targets_cli.data import building

    files = {"catalogue.toml": HAIXIN_CATALOGUE, "docs/hx.toml": DOCUMENT, "docs/hx.txt": TEXT}
    # a second document of 海新区: 80 亿元 in 2015
    files["docs/hy.toml"] = (
        DOCUMENT.replace('"hx', '"hy').replace("hx.txt", "hy.txt").replace("120", "80")
    )
    files["docs/hy.txt"] = TEXT.replace("120", "80")
    data = write_tree(tmp_path / "data", files)
    parse_into = building._parse_into
    parsed: list[object] = []

    def interrupted(*args, **kwargs):
        if len(parsed) == 2:  # (the catalogue and one document are in)
            raise KeyboardInterrupt
        parsed.append(args[1])
        return parse_into(*args, **kwargs)

    monkeypatch.setattr(building, "_parse_into", interrupted)
    stopped = run(
        "sum", "--metric", "固定资产投资", "--period", "2015", "--json", "--data", str(data)
    )
    assert stopped.code == 130
    assert len(parsed) == 2
    monkeypatch.setattr(building, "_parse_into", parse_into)
    ran = run("sum", "--metric", "固定资产投资", "--period", "2015", "--json", "--data", str(data))
    assert ran.code == 0, ran.stderr
    # 2015: 120 亿元 (hx-1) and 80 亿元 (hy-1), 200 亿元 in all
    assert '"hx-1"' in ran.stdout and '"hy-1"' in ran.stdout
    assert '"total": 200,' in ran.stdout
    index = index_of(cache)
    assert index.execute("SELECT COUNT(*) FROM targets").fetchone() == (4,)
    names = {row[0] for row in index.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"targets_file", "sources_file", "orgs_file", "targets_id"} <= names
    index.close()
