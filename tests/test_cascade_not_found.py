"""`targets cascade` says "searched, not found" where the data records the search.

On a copy of tests/fixtures/cascade (the tree is in tests/test_cascade.py) with three
[[not_found]] entries added by hand:
  西江市, 2024, 地区生产总值增长, target: 西江 sets no GDP growth of its own, so its row
    says 已检索未找到 / not found (searched), with the note; its units 西林 and 西塘,
    set beside 南岭 with 西江 skipped, carry the note of the skipped level.
  东山区, 2024, 地区生产总值增长, outcome: 东山's 6.5%左右 has no result recorded, so its
    result says 已检索未找到 / not found (searched).
  西江市, 2023, 规上工业增加值增长, target: another year, so in 2024 西江 has a plain
    "no figure" for that metric.
Nothing else changes: 东江's GDP figure has no outcome and no entry, so its result stays
empty; 东湖's result (6.3%, met) and 东平's (5.2%, missed) stay as they are.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "cascade"
GDP = "地区生产总值增长"
INDUSTRY = "规上工业增加值增长"
XIJIANG_NOTE = "Xijiang's 2024 report was read in full: it sets no GDP growth target"
DONGSHAN_NOTE = "No report of Dongshan's 2024 GDP growth was found"
ENTRIES = f'''
[[not_found]]
org = "西江市"
period = "2024"
metrics = ["{GDP}"]
what = "target"
note = "{XIJIANG_NOTE}"

[[not_found]]
org = "东山区"
period = "2024"
metrics = ["{GDP}"]
what = "outcome"
note = "{DONGSHAN_NOTE}"

[[not_found]]
org = "西江市"
period = "2023"
metrics = ["{INDUSTRY}"]
what = "target"
note = "another year"
'''


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    path = folder / "targets.toml"
    path.write_text(path.read_text(encoding="utf-8") + ENTRIES, encoding="utf-8")
    return path


def _levels(document) -> dict[str, dict]:
    return {lv["region"]: lv for tree in document["trees"] for lv in tree["levels"]}


def _figures(document) -> dict[str, dict]:
    return {f["id"]: f for lv in _levels(document).values() for f in lv["figures"]}


def test_json_says_which_level_and_which_outcome_were_searched_for(run, data):
    ran = run("cascade", "--data", str(data), "--metric", GDP, "--json")
    assert ran.code == 0, ran
    document = ran.json()
    levels = _levels(document)
    assert levels["西江市"]["no_figure"] is True
    assert levels["西江市"]["not_found"] == XIJIANG_NOTE
    assert levels["东江市"]["not_found"] is None  # it has a figure
    figures = _figures(document)
    assert figures["dongshan-gdp-growth"]["outcome_not_found"] == DONGSHAN_NOTE
    assert figures["dongshan-gdp-growth"]["status"] == "unknown"
    assert figures["dongjiang-gdp-growth"]["outcome_not_found"] is None  # no entry
    assert figures["donghu-gdp-growth"]["outcome_not_found"] is None  # 6.3%: found
    assert figures["donghu-gdp-growth"]["status"] == "met"
    # the amplification of 西林 (5.5 - 5 = +0.5, about) and 西塘 (4.5 - 5 = -0.5, about)
    # skip 西江, whose search the note says
    rows = {r["child_target"]: r for r in document["amplification"]}
    assert rows["xilin-gdp-growth"]["skipped"] == ["西江市"]
    assert rows["xilin-gdp-growth"]["skipped_not_found"] == {"西江市": XIJIANG_NOTE}
    assert rows["xitang-gdp-growth"]["points"] == -0.5
    assert rows["xitang-gdp-growth"]["skipped_not_found"] == {"西江市": XIJIANG_NOTE}
    assert rows["donghu-gdp-growth"]["skipped_not_found"] == {}


def test_an_entry_for_another_year_says_nothing(run, data):
    document = run("cascade", "--data", str(data), "--metric", INDUSTRY, "--json").json()
    levels = _levels(document)
    assert levels["西江市"]["no_figure"] is True and levels["西江市"]["not_found"] is None
    table = run("cascade", "--data", str(data), "--metric", INDUSTRY, "--format", "table")
    assert "已检索未找到" not in table.stdout and "未定目标" in table.stdout


def _flat(text: str, fmt: str) -> tuple[list[str], list[dict[str, str]]]:
    if fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        return list(rows[0]), [{k: "" if v is None else str(v) for k, v in r.items()} for r in rows]
    reader = csv.DictReader(
        io.StringIO(text.lstrip("\ufeff")), delimiter="," if fmt == "csv" else "\t"
    )
    rows = list(reader)
    return list(reader.fieldnames or ()), rows


@pytest.mark.parametrize("fmt", ["tsv", "csv", "jsonl"])
def test_flat_rows_carry_the_notes_in_fields_added_at_the_end(run, data, fmt):
    ran = run("cascade", "--data", str(data), "--metric", GDP, "--format", fmt)
    assert ran.code == 0, ran
    header, rows = _flat(ran.stdout, fmt)
    # the columns before stay where they were: the outcome's last, then the new ones
    # (JSONL: each row's own keys, checked below)
    if fmt != "jsonl":
        assert header[:5] == ["metric", "role", "period", "depth", "region"]
        assert header[-5:] == [
            "outcome_direction",
            "not_found",
            "outcome_not_found",
            "source",
            "source_url",
        ]
    xijiang = [r for r in rows if r["role"] == "no_figure"]
    assert [(r["region"], r["not_found"]) for r in xijiang] == [("西江市", XIJIANG_NOTE)]
    by_id = {r["id"]: r for r in rows if r.get("id")}
    assert by_id["dongshan-gdp-growth"]["outcome_not_found"] == DONGSHAN_NOTE
    assert by_id["dongjiang-gdp-growth"]["outcome_not_found"] == ""
    assert by_id["dongshan-gdp-growth"]["source"] == "dongjiang-2024-pledges"


def _line(table: str, *words: str) -> str:
    found = [line for line in table.splitlines() if all(w in line for w in words)]
    assert found, (words, table)
    return found[0]


def test_table_says_searched_not_found_with_the_notes(run, data):
    ran = run("cascade", "--data", str(data), "--metric", GDP, "--format", "table")
    assert ran.code == 0, ran
    table = ran.stdout
    assert _line(table, "西江", "已检索未找到").startswith("    西江 ")
    assert "已检索未找到" in _line(table, "dongshan-gdp-growth")
    assert "已检索未找到" not in _line(table, "dongjiang-gdp-growth")
    assert "6.3 %" in _line(table, "donghu-gdp-growth")
    flat = " ".join(table.split())  # (notes wrap at the terminal's width)
    assert "已检索而未找到：" in flat
    assert f"西江 (目标): [英文] {XIJIANG_NOTE}" in flat
    assert f"东山 (结果): [英文] {DONGSHAN_NOTE}" in flat


def test_table_in_english(run, data):
    wide = {"COLUMNS": "200"}  # (at 100 the English cells wrap)
    args = ("--metric", GDP, "--format", "table", "--lang", "en")
    table = run("cascade", "--data", str(data), *args, env=wide).stdout
    assert "not found (searched)" in _line(table, "Xijiang")
    assert "not found (searched)" in _line(table, "dongshan-gdp-growth")
    assert "not found" not in _line(table, "dongjiang-gdp-growth")
    flat = " ".join(table.split())
    assert "Searched for and not found:" in flat
    assert f"Xijiang (target): {XIJIANG_NOTE}" in flat
    assert f"Dongshan (outcome): {DONGSHAN_NOTE}" in flat


def test_the_exports_cascade_table_carries_the_skipped_levels_note(run, data, tmp_path):
    out = tmp_path / "targets.db"
    ran = run("export", "--format", "sqlite", str(out), "--data", str(data))
    assert ran.code == 0, ran
    db = sqlite3.connect(out)
    found = dict(
        db.execute(
            "SELECT child_target, skipped_not_found FROM cascade WHERE metric = ?", (GDP,)
        ).fetchall()
    )
    assert json.loads(found["xilin-gdp-growth"]) == {"西江市": XIJIANG_NOTE}
    assert json.loads(found["xitang-gdp-growth"]) == {"西江市": XIJIANG_NOTE}
    assert json.loads(found["dongshan-gdp-growth"]) == {}
