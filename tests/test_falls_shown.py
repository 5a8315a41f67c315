"""A 下降 target shows as a fall in every view that shows a target's figure.

The data is tests/units_fixture.py: 甲市's 单位地区生产总值能耗下降2%以上 is recorded as
value = 2, comparator >=, direction = "down". Printed as "≥2 %" it would read as a rise
of at least 2%; it is a fall of at least 2%: "下降 ≥2 %" in Chinese, "fall ≥2 %" in
English. For coverage and a ranking, 乙区 is given a fall of its own here
(单位地区生产总值能耗下降3%以上, written for this test).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from units_fixture import DATA, SOURCE

YI_ENERGY = """
[[targets]]
id = "yi-energy"
org = "乙区"
metric = "单位地区生产总值能耗"
value = 3
unit = "%"
comparator = ">="
wording = "以上"
direction = "down"
period = "2024"
source = "demo"
quote = "单位地区生产总值能耗下降3%以上"

"""
YI_SOURCE = "乙区单位地区生产总值能耗下降3%以上。\n"


@pytest.fixture
def data(tmp_path: Path) -> str:
    (tmp_path / "demo.txt").write_text(SOURCE, encoding="utf-8")
    path = tmp_path / "targets.toml"
    path.write_text(DATA, encoding="utf-8")
    return str(path)


@pytest.fixture
def two_falls(tmp_path: Path) -> str:
    (tmp_path / "demo.txt").write_text(SOURCE + YI_SOURCE, encoding="utf-8")
    at = DATA.index("[[outcomes]]")
    path = tmp_path / "targets.toml"
    path.write_text(DATA[:at] + YI_ENERGY + DATA[at:], encoding="utf-8")
    return str(path)


def _row(stdout: str, needle: str) -> str:
    lines = [line for line in stdout.splitlines() if needle in line]
    assert lines, stdout
    return lines[0]


def test_list_shows_the_fall(run, data: str) -> None:
    zh = run("list", "--data", data, "--format", "table")
    assert zh.code == 0, zh.stderr
    assert "下降 ≥2 %" in _row(zh.stdout, "jia-energy")
    # a rise stays as it was: 固定资产投资增长5%以上 is "≥5 %"
    fai = _row(zh.stdout, "jia-fai-growth")
    assert "≥5 %" in fai and "下降" not in fai
    en = run("list", "--data", data, "--format", "table", "--lang", "en")
    assert "fall ≥2 %" in _row(en.stdout, "jia-energy")
    assert "fall" not in _row(en.stdout, "jia-fai-growth")


def test_list_json_and_csv_carry_direction_and_about(run, data: str) -> None:
    ran = run("list", "--data", data, "--json")
    assert ran.code == 0, ran.stderr
    records = {r["id"]: r for r in json.loads(ran.stdout)}
    # the figure stays the size of the fall (2), its direction says it is a fall
    energy = records["jia-energy"]
    assert (energy["value"], energy["comparator"], energy["direction"]) == (2, ">=", "down")
    assert records["jia-fai-growth"]["direction"] is None
    # 居民消费价格涨幅3%左右: the metric judges 左右 as a ceiling; the target says nothing
    # of its own, so its `about` is empty
    assert records["jia-cpi"]["about"] is None
    rows = list(csv.DictReader(io.StringIO(run("list", "--data", data, "--format", "csv").stdout)))
    assert {r["id"]: r["direction"] for r in rows}["jia-energy"] == "down"


def test_show_shows_the_fall(run, data: str) -> None:
    zh = run("show", "jia-energy", "--data", data, "--format", "table")
    assert zh.code == 0, zh.stderr
    assert "下降 ≥2 %" in _row(zh.stdout, "目标")
    en = run("show", "jia-energy", "--data", data, "--format", "table", "--lang", "en")
    assert "fall ≥2 %" in _row(en.stdout, "figure")
    record = json.loads(run("show", "jia-energy", "--data", data, "--json").stdout)
    record = record[0] if isinstance(record, list) else record
    assert record["direction"] == "down"


def test_compare_grid_and_ranking_show_the_fall(run, two_falls: str) -> None:
    grid = run("compare", "甲市", "乙区", "--data", two_falls, "--format", "table")
    assert grid.code == 0, grid.stderr
    # 甲市 下降2%以上, 乙区 下降3%以上: one row, both falls
    row = _row(grid.stdout, "单位地区生产总值能耗")
    assert "下降 ≥2 %" in row and "下降 ≥3 %" in row
    ranked = run(
        "compare", "--metric", "单位地区生产总值能耗", "--data", two_falls,
        "--format", "table", "--lang", "en",
    )  # fmt: skip
    assert ranked.code == 0, ranked.stderr
    assert "fall ≥3 %" in _row(ranked.stdout, "Yi")
    # the city's own figure is shown beside the ranking, not ranked
    assert "Jia fall ≥2 % (2024) [jia-energy]" in ranked.stdout


def test_coverage_shows_the_falls(run, two_falls: str) -> None:
    zh = run(
        "coverage", "--metric", "单位地区生产总值能耗", "--data", two_falls, "--format", "table"
    )
    assert zh.code == 0, zh.stderr
    # the city's goal a fall of 2%, 乙区's a fall of 3%; 丙市 said nothing
    assert "下降 ≥2 %" in zh.stdout and "乙区 下降 ≥3 %" in zh.stdout
    en = run(
        "coverage", "--metric", "单位地区生产总值能耗", "--data", two_falls,
        "--format", "table", "--lang", "en",
    )  # fmt: skip
    assert "fall ≥2 %" in _row(en.stdout, "city target")
    assert "Yi fall ≥3 %" in _row(en.stdout, "county-level total")


def test_progress_shows_the_fall(run, data: str) -> None:
    # the 2024 result: 能耗 fell 3.1% (direction down), a fall of at least 2% was the goal
    zh = run("progress", "--data", data, "--format", "table")
    assert zh.code == 0, zh.stderr
    block = zh.stdout[zh.stdout.index("jia-energy") :]
    assert "下降 ≥2 %" in _row(block, "目标")
    en = run("progress", "--data", data, "--format", "table", "--lang", "en")
    block = en.stdout[en.stdout.index("jia-energy") :]
    assert "fall ≥2 %" in _row(block, "target")
