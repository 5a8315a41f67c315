"""The curator's guide, followed as a newcomer would: a second source document, checked and queried.

Also holds the guide to the code: its field tables and wording rules are those the
checker uses, and its worked example passes `targets check`.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import REPO

from targets_cli.data.fields import TABLES
from targets_cli.rules.wording import COMPARATOR_OF_WORDING, FIRMNESS_LEVEL

GUIDE = REPO / "docs" / "curating.md"

# ---- a second source document, added as the guide says ----------------------------

# TEST FIXTURE: invented text, not a real document. It exists only so that this test
# can add a second source the way the curator's guide describes.
FIXTURE_TEXT = """\
【测试夹具】以下文字为自动化测试虚构，并非真实文件，请勿引用。
开平市：争取2025年引进超亿元项目60个以上。
恩平市：力争2025年规上工业总产值突破200亿元。
市商务局：确保2025年实际利用外资超过10亿元。
"""

# Step 2 to 5 of the guide: a file of its own, with its [[sources]], the org and the
# metric the catalogue lacks, and one [[targets]] table per stated target.
FIXTURE_TOML = """\
#:schema ./targets.schema.json
format = 1

[[sources]]
id = "test-fixture-2025"
file = "sources/test-fixture-2025.txt"
title = "测试夹具（虚构文本）"
year = 2025

[[orgs]]
id = "市商务局"
kind = "department"
parent = "江门市"
name_en = "Jiangmen Bureau of Commerce"
aliases = ["商务局"]

[[metrics]]
name = "实际利用外资"
name_en = "Foreign direct investment actually used"
aliases = ["实际使用外资"]
dimension = "amount"
additive = true
category = "investment"

[[targets]]
id = "fixture-kaiping-projects-100m"
org = "开平市"
metric = "亿元以上项目"
value = 60
unit = "个"
comparator = ">="
wording = "以上"
firmness = "争取"
period = "2025"
source = "test-fixture-2025"
quote = "2025年引进超亿元项目60个以上"

[[targets]]
id = "fixture-enping-industrial-output"
org = "恩平市"
metric = "规上工业总产值"
value = 200
unit = "亿元"
comparator = ">"
wording = "突破"
firmness = "力争"
period = "2025"
source = "test-fixture-2025"
quote = "2025年规上工业总产值突破200亿元"

[[targets]]
id = "fixture-commerce-fdi"
org = "市商务局"
metric = "实际利用外资"
value = 10
unit = "亿元"
comparator = ">"
wording = "超过"
firmness = "确保"
period = "2025"
source = "test-fixture-2025"
quote = "2025年实际利用外资超过10亿元"
"""

FIXTURE_IDS = {
    "fixture-kaiping-projects-100m",
    "fixture-enping-industrial-output",
    "fixture-commerce-fdi",
}


def bundled_copy(tmp_path: Path) -> Path:
    """A folder holding a copy of the bundled data: `cp -r data my-data`."""
    folder = tmp_path / "my-data"
    shutil.copytree(REPO / "data", folder)
    return folder


@pytest.fixture
def two_sources(tmp_path) -> Path:
    folder = bundled_copy(tmp_path)
    (folder / "sources" / "test-fixture-2025.txt").write_text(FIXTURE_TEXT, encoding="utf-8")
    (folder / "test-fixture-2025.toml").write_text(FIXTURE_TOML, encoding="utf-8")
    return folder


def test_the_second_source_passes_the_check(run, two_sources):
    ran = run("check", str(two_sources))
    assert ran.code == 0, ran
    # the bundled 121 targets, 12 orgs, 71 metrics and 4 sources (3 of them cited), and
    # the fixture's 3 targets, 1 org, 1 metric and 1 source
    assert ran.stdout.startswith("ok: 124 targets, 13 orgs, 72 metrics, 5 sources in ")
    assert "test-fixture-2025.toml" in ran.stdout


def test_the_new_targets_are_listed(run, two_sources):
    rows = run("list", "--data", str(two_sources), "--period", "2025", "--json").json()
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == FIXTURE_IDS | {"kaiping-village-income"}
    fdi = by_id["fixture-commerce-fdi"]
    # a department's target is its city's; the new catalogue entries carry both names
    assert (fdi["org"], fdi["org_en"], fdi["region"]) == (
        "市商务局",
        "Jiangmen Bureau of Commerce",
        "江门市",
    )
    assert (fdi["metric"], fdi["metric_en"]) == (
        "实际利用外资",
        "Foreign direct investment actually used",
    )
    # the alias in the new file resolves to the canonical metric
    assert by_id["fixture-kaiping-projects-100m"]["metric"] == "超亿元项目"
    assert [
        r["id"] for r in run("list", "--data", str(two_sources), "--org", "商务局", "--json").json()
    ] == ["fixture-commerce-fdi"]


def test_the_new_targets_are_added_up_by_period(run, two_sources):
    args = ("sum", "--data", str(two_sources), "--json")
    doc = run(*args, "--metric", "超亿元项目").json()
    by_period = {s["period"]: (s["total"], s["comparator"]) for s in doc["subtotals"]}
    # 2024: 台山 60 + 开平 ≥52 + 江海 >50 = more than 162; 2025 (the fixture): 开平 60以上
    assert by_period == {"2024": (162, ">"), "2025": (60, ">=")}
    assert doc["total"] is None  # two periods are never added together
    doc = run(*args, "--metric", "规上工业总产值", "--period", "2025").json()
    assert (doc["total"], doc["unit"], doc["comparator"]) == (200, "亿元", ">")
    assert [p["id"] for p in doc["parts"]] == ["fixture-enping-industrial-output"]
    doc = run(*args, "--metric", "实际使用外资").json()
    (sub,) = doc["subtotals"]
    assert [c["id"] for c in sub["city"]] == ["fixture-commerce-fdi"]


def test_a_new_target_shows_its_sentence_from_the_new_text(run, two_sources):
    doc = run("show", "fixture-commerce-fdi", "--data", str(two_sources), "--json").json()
    assert doc["sentence"] == "市商务局：确保2025年实际利用外资超过10亿元"
    assert doc["source_title"] == "测试夹具（虚构文本）"
    assert doc["firmness_level"] == "ensure"


def test_the_export_holds_both_sources(run, two_sources, tmp_path):
    out = tmp_path / "both.db"
    ran = run("export", "--format", "sqlite", str(out), "--data", str(two_sources))
    assert ran.code == 0, ran
    db = sqlite3.connect(out)
    sources = dict(db.execute("SELECT id, text FROM sources").fetchall())
    assert sources["test-fixture-2025"] == FIXTURE_TEXT
    # the pledges, the fixture, and the 3 cited sources, which have no text
    assert len(sources) == 5
    assert [i for i, text in sources.items() if text is None] == [
        "guangdong-2024-report-nandu",
        "guangdong-2024-report-dotdot",
        "jiangmen-2024-report-kaiping",
    ]
    (title,) = db.execute(
        "SELECT sources.title FROM targets JOIN sources ON sources.id = targets.source "
        "WHERE targets.id = 'fixture-commerce-fdi'"
    ).fetchone()
    assert title == "测试夹具（虚构文本）"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


def test_a_mistake_in_the_second_source_is_reported_where_it_is(run, two_sources):
    toml = two_sources / "test-fixture-2025.toml"
    wrong = 'quote = "2025年实际利用外资超过20亿元"'
    text = FIXTURE_TOML.replace('quote = "2025年实际利用外资超过10亿元"', wrong)
    toml.write_text(text, encoding="utf-8")
    ran = run("check", str(two_sources))
    assert ran.code == 1
    line = text.splitlines().index(wrong) + 1
    assert f"{toml}:{line}: [fixture-commerce-fdi] quote not found verbatim" in ran.stderr
    # the figures the wrong quote no longer holds: 市商务局：确保2025年实际利用外资超过10亿元。
    # (line 4 of the text; 2025年 starts at column 8, 10亿元 at column 21)
    text_file = two_sources / "sources" / "test-fixture-2025.txt"
    assert f"{text_file}:4:8: unclaimed figure '2025年'" in ran.stderr
    assert f"{text_file}:4:21: unclaimed figure '10亿元'" in ran.stderr
    # those three problems and the count: the rest is clean
    assert len(ran.stderr.splitlines()) == 4


# ---- the guide's own worked example ------------------------------------------------

EXAMPLE_FILE = re.compile(r"<!-- example-file: (?P<path>\S+) -->\n```\w*\n(?P<body>.*?)```\n", re.S)


def test_the_worked_example_in_the_guide_passes_the_check(run, tmp_path):
    guide = GUIDE.read_text(encoding="utf-8")
    files = {m["path"]: m["body"] for m in EXAMPLE_FILE.finditer(guide)}
    assert set(files) == {"sources/example-enping-2025.txt", "example-enping-2025.toml"}
    folder = bundled_copy(tmp_path)
    for path, body in files.items():
        (folder / path).write_text(body, encoding="utf-8")
    ran = run("check", str(folder))
    assert ran.code == 0, ran
    # the count the guide quotes: the bundled 121 targets, 71 metrics and 4 sources (3 of
    # them cited), plus the example's 3 targets, 1 metric and 1 source
    assert "ok: 124 targets, 12 orgs, 72 metrics, 5 sources in " in ran.stdout
    assert "# ok: 124 targets, 12 orgs, 72 metrics, 5 sources in ..." in guide
    rows = run("list", "--data", str(folder), "--period", "2025", "--region", "恩平", "--json")
    assert [r["id"] for r in rows.json()] == [
        "example-enping-gdp-growth",
        "example-enping-new-firms",
        "example-enping-jobs",
    ]
    doc = run("sum", "--data", str(folder), "--metric", "城镇新增就业", "--json").json()
    assert (doc["total"], doc["unit"]) == (5000, "人")


# ---- the guide describes the code as it is ----------------------------------------


def guide_table(heading: str) -> list[list[str]]:
    """The rows of the first table under a heading, as cell texts."""
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide.split(f"\n{heading}\n", 1)[1]
    rows = []
    for line in section.splitlines()[1:]:
        if line.startswith("#"):
            break
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:]  # without the header


@pytest.mark.parametrize("table", list(TABLES))
def test_the_field_tables_list_every_field_of_the_code(table):
    rows = guide_table(f"### `[[{table}]]`")
    named = [name.strip("` ") for row in rows for name in row[0].split(",")]
    assert sorted(named) == sorted(spec.name for spec in TABLES[table])
    required = {spec.name for spec in TABLES[table] if spec.required}
    said_required = {
        name.strip("` ") for row in rows if row[1] == "yes" for name in row[0].split(",")
    }
    assert said_required == required


def test_the_wording_rules_are_the_checker_rules():
    symbols = {"`>`": ">", "`>=`": ">=", "`=`": "=", "`<=`": "<=", "`about`": "about"}
    table: dict[str, str] = {}
    for words, comparator in guide_table("## Wording rules (checked)"):
        if words.startswith("("):
            continue  # (none)
        word_list = re.sub(r"\(.*?\)", "", words)
        for word in word_list.split(","):
            table[word.strip()] = symbols[comparator.split()[0]]
    assert table == COMPARATOR_OF_WORDING


def test_the_firmness_words_are_the_checker_words():
    guide = GUIDE.read_text(encoding="utf-8")
    line = next(line for line in guide.splitlines() if "| `firmness` |" in line)
    assert re.findall(r"`([^`a-z]+)`", line) == list(FIRMNESS_LEVEL)


def test_the_schema_beside_the_data_is_the_one_the_guide_names():
    first = (REPO / "data" / "targets.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./targets.schema.json"
    assert "#:schema ./targets.schema.json" in GUIDE.read_text(encoding="utf-8")
    schema = json.loads((REPO / "data" / "targets.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) == {"format", *TABLES}
