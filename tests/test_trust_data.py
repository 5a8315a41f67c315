"""Issue 18, Data: readings of the bundled source pinned against its own words.

Every figure here was read off data/sources/jiangmen-2024-pledges.txt by a person; the
commands are run as a user runs them.
"""

from __future__ import annotations

import csv
import json

import pytest


def show(run, target_id: str) -> dict:
    ran = run("show", target_id, "--json")
    assert ran.code == 0, ran.stderr
    return json.loads(ran.stdout)


def test_kaiping_digital_pilot_city_is_pledged_with_quan_li(run, source_text):
    # 开平: 全力争创省级数字化转型试点示范城市. 争创 is the verb of winning the title, as
    # 创建 is in the same speaker's 全力创建国家乡村振兴示范镇: the firmness word is 全力
    assert "全力争创省级数字化转型试点示范城市" in source_text
    assert "全力创建国家乡村振兴示范镇" in source_text
    for target_id in ("kaiping-digital-pilot-city", "kaiping-rural-revitalization-town"):
        found = show(run, target_id)
        assert (found["firmness"], found["firmness_level"]) == ("全力", "strive"), target_id
    # where no firmness word comes before it, 争创 stays the word: 台山 争创省级高新区
    assert "争创省级高新区" in source_text
    assert show(run, "taishan-provincial-hitech-zone")["firmness"] == "争创"


def test_the_high_tech_zone_rank_names_the_zone_as_its_subject(run, source_text):
    # 江海: 紧盯冲刺全国高新区50强目标: what is ranked is 江门高新区, not the district
    assert "紧盯冲刺全国高新区50强目标" in source_text
    found = show(run, "jianghai-hitech-zone-rank")
    assert found["subject"] == "江门高新区"
    assert (found["value"], found["unit"], found["comparator"]) == (50, "强", "<=")
    assert "江门高新区" in found["note"]
    # a subject is what a reader sees beside the metric in the list
    ran = run("list", "--region", "江海", "--metric", "排名进位", "--json")
    assert [t["subject"] for t in ran.json()] == ["江门高新区"]


# The three restated figures of the source, each said first in the body (or the
# opening pledge) and again in a headline or a naming sentence; each states its figure.
RESTATED = [
    # 蓬江's headline, line 21, and its body, line 23: 千亿 = 1000亿元 of GDP, no year
    (
        "pengjiang-gdp-level-headline",
        "pengjiang-gdp-level",
        "劳茂昌：\n\n全力冲刺千亿GDP强区\n",
        "锚定全力冲刺千亿GDP强区的目标",
        (1000, "亿元", ">=", None),
    ),
    # 恩平's headline and its body: GDP growth of 6% or more in 2024
    (
        "enping-gdp-growth-headline",
        "enping-gdp-growth",
        "今年完成GDP增长6%以上目标\n",
        "确保今年完成GDP增长6%以上的目标",
        (6, "%", ">=", "2024"),
    ),
    # 新会's opening pledge and the sentence that names its three parks
    (
        "xinhui-wanmu-parks-named",
        "xinhui-wanmu-parks",
        "银湖湾滨海新区三大“万亩千亿”产业园区",
        "一是全力以赴打造三大“万亩千亿”园区",
        (3, "个", "=", "2024"),
    ),
]


# Every restatement of the bundled data: the three of the pledges' text, and 开平's floor
# said again in the 江门 city's report (a cited source: see tests/test_cited_sources.py).
ALL_RESTATED = {
    **{again: first for again, first, *_ in RESTATED},
    "kaiping-gdp-growth-city-report": "kaiping-gdp-growth",
}


@pytest.mark.parametrize(("again", "first", "said_again", "said_first", "figure"), RESTATED)
def test_a_restated_figure_is_a_target_said_twice(
    run, source_text, again, first, said_again, said_first, figure
):
    assert said_again in source_text and said_first in source_text
    restated, original = show(run, again), show(run, first)
    assert restated["same_as"] == first
    assert original["same_as"] is None
    for found in (restated, original):
        assert (found["value"], found["unit"], found["comparator"], found["period"]) == figure


def test_progress_counts_each_restated_target_once_and_names_the_three(run):
    # 121 target tables, 4 of them restatements: 117 targets
    check = run("check")
    assert check.stdout.startswith("ok: 121 targets"), check.stdout
    doc = run("progress", "--json").json()
    assert doc["targets"] == 117
    assert sorted(doc["restatements"]) == sorted(ALL_RESTATED)


def test_the_pengjiang_headline_is_left_out_of_gdp_totals_as_a_restatement(run):
    doc = run("sum", "--metric", "地区生产总值", "--json").json()
    left_out = {item["id"]: item["why"] for item in doc["left_out"]}
    assert left_out["pengjiang-gdp-level"] == "no_year"
    assert left_out["pengjiang-gdp-level-headline"] == "same_as"


# ---- outcome scope: a result that counts more than the pledge names -------------------
# 恩平 pledged 引进产业项目投资超200亿元 (industrial projects only). The recorded report
# gives 245亿元 for every project brought in during 2024: the industrial part is at most
# 245, which may be above or below 200, so the status cannot be "met".


def test_enping_result_of_a_broader_scope_is_unclear_with_the_reason(run, source_text):
    assert "力争今年引进产业项目投资超200亿元" in source_text
    doc = run("progress", "--json", "--region", "恩平").json()
    (row,) = [r for r in doc["outcomes"] if r["id"] == "enping-project-investment"]
    assert (row["status"], row["status_reason"]) == ("unclear", "scope")
    assert (row["outcome_value"], row["outcome_unit"], row["outcome_scope"]) == (
        245,
        "亿元",
        "broader",
    )
    assert row["margin"] is None  # 245 / 200 would set all projects against industrial ones
    # 恩平's card: 5 targets, 1 known, and that one unclear, not met
    (card,) = doc["scorecard"]
    assert (card["targets"], card["known"], card["met"], card["unclear"]) == (5, 1, 0, 1)


def test_the_whole_scorecard_after_the_scope_fix(run):
    # 7 outcomes: 开平 2.5% against 5.5% missed; 鹤山 ≥301.8 against 300 met; 新会 ≥558.4
    # against >600 unclear; 恩平 broader 245 against >200 unclear; and the cited figures:
    # 开平 2.5% against its 力争 6% missed, 广东 3.5% against 5% and 4.2% against 5% missed
    total = run("progress", "--json").json()["total"]
    assert (total["known"], total["met"], total["missed"], total["unclear"]) == (7, 1, 4, 2)


def test_the_caveat_is_on_screen_in_csv_and_in_show(run):
    table = run(
        "progress", "--region", "恩平", "--format", "table", "--lang", "en", env={"COLUMNS": "200"}
    )
    flat = " ".join(table.stdout.split())
    assert "unclear (result covers a broader scope than the pledge)" in flat
    zh = run("progress", "--region", "恩平", "--format", "table", env={"COLUMNS": "200"})
    assert "结果涵盖的范围比目标宽" in " ".join(zh.stdout.split())
    rows = list(csv.DictReader(run("progress", "--format", "csv").stdout.splitlines()))
    (row,) = [r for r in rows if r["role"] == "outcome" and r["id"] == "enping-project-investment"]
    assert (row["status"], row["status_reason"], row["outcome_scope"]) == (
        "unclear",
        "scope",
        "broader",
    )
    shown = run(
        "show",
        "enping-project-investment",
        "--format",
        "table",
        "--lang",
        "en",
        env={"COLUMNS": "200"},
    )
    lines = [" ".join(line.split()) for line in shown.stdout.splitlines()]
    assert "status unclear (result covers a broader scope than the pledge)" in lines


def test_progress_shows_every_outcome_note_under_its_table(run, raw_data):
    table = run("progress", "--format", "table", "--lang", "en", env={"COLUMNS": "100"})
    flat = " ".join(table.stdout.split())
    assert "Notes on the results:" in flat
    for outcome in raw_data["outcomes"]:
        assert f"{outcome['id']}: " in flat, outcome["id"]
        # the note's words, however the table wraps them
        assert " ".join(outcome["note"].split()[:8]) in flat, outcome["id"]


def test_progress_csv_and_json_name_the_restatements_left_out(run):
    rows = list(csv.DictReader(run("progress", "--format", "csv").stdout.splitlines()))
    left_out = {r["id"]: r["same_as"] for r in rows if r["role"] == "restatement"}
    expected = ALL_RESTATED
    assert left_out == expected
    doc = run("progress", "--json").json()
    assert doc["restated_as"] == expected
    table = run("progress", "--format", "table", "--lang", "en", env={"COLUMNS": "300"})
    assert "4 targets stated twice are counted once (same_as), left out: " in table.stdout
    for again in expected:
        assert again in table.stdout


OUTCOME_DATA = """
format = 1

[[sources]]
id = "s"
file = "sources/s.txt"
title = "t"
year = 2024

[[orgs]]
id = "江门市"
kind = "city"
name_en = "Jiangmen"

[[orgs]]
id = "恩平市"
kind = "county-city"
parent = "江门市"
short = "恩平"
name_en = "Enping"

[[metrics]]
name = "引进产业项目投资"
name_en = "Investment of industrial projects introduced"
dimension = "amount"
additive = true
category = "investment"

[[metrics]]
name = "地区生产总值增长"
name_en = "GDP growth"
dimension = "rate"
additive = false
category = "economy"

[[targets]]
id = "floor"
org = "恩平市"
metric = "引进产业项目投资"
value = 200
unit = "亿元"
comparator = ">"
wording = "超"
period = "2024"
source = "s"
quote = "引进产业项目投资超200亿元"

[[targets]]
id = "ceiling"
org = "恩平市"
metric = "引进产业项目投资"
value = 300
unit = "亿元"
comparator = "<="
wording = "不超过"
period = "2024"
source = "s"
quote = "投资不超过300亿元"

[[targets]]
id = "rate"
org = "恩平市"
metric = "地区生产总值增长"
value = 6
unit = "%"
comparator = ">="
wording = "以上"
period = "2024"
source = "s"
quote = "增长6%以上"
"""

SOURCE = "恩平市：引进产业项目投资超200亿元，投资不超过300亿元，增长6%以上。\n"


def outcome(ident: str, target: str, value: str, unit: str, extra: str = "") -> str:
    return (
        f'\n[[outcomes]]\nid = "{ident}"\ntarget = "{target}"\nvalue = {value}\nunit = "{unit}"\n'
        f'period = "2024"\npublisher = "p"\ntitle = "t"\nurl = "https://example.org/a"\n{extra}'
    )


def folder_with(tmp_path, outcomes: str):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "s.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "targets.toml").write_text(OUTCOME_DATA + outcomes, encoding="utf-8")
    return tmp_path


BROADER = 'scope = "broader"\nnote = "counts every project, not industrial ones only"\n'


@pytest.mark.parametrize(
    ("target", "value", "unit", "status"),
    [
        # all projects 150 < 200: the industrial part is at most 150, so >200 is missed
        ("floor", "150", "亿元", "missed"),
        # all projects 245: the part is at most 245, above or below 200: unclear
        ("floor", "245", "亿元", "unclear"),
        # exactly 200 for all: the part is at most 200, never more than 200: missed
        ("floor", "200", "亿元", "missed"),
        # ceiling of 300: a whole of 250 keeps the part under 300: met
        ("ceiling", "250", "亿元", "met"),
        # a whole of 350 may or may not leave the part under 300: unclear
        ("ceiling", "350", "亿元", "unclear"),
        # a growth rate of a broader area says nothing of the part's rate
        ("rate", "7", "%", "unclear"),
        ("rate", "3", "%", "unclear"),
    ],
)
def test_a_broader_result_is_a_ceiling_of_the_pledges_part(
    run, tmp_path, target, value, unit, status
):
    folder = folder_with(tmp_path, outcome("o", target, value, unit, BROADER))
    assert run("check", str(folder)).code == 0
    doc = run("progress", "--data", str(folder), "--json").json()
    (row,) = [r for r in doc["outcomes"] if r["id"] == target]
    assert (row["status"], row["status_reason"], row["margin"]) == (status, "scope", None)


def test_without_scope_the_same_figure_would_be_met(run, tmp_path):
    # the control: 245 against >200, same scope, is met with 122.5% of the target
    folder = folder_with(tmp_path, outcome("o", "floor", "245", "亿元"))
    doc = run("progress", "--data", str(folder), "--json").json()
    (row,) = doc["outcomes"]
    assert (row["status"], row["status_reason"], row["margin"]) == ("met", None, 1.225)


def test_a_scope_needs_a_note_and_a_known_word(run, tmp_path):
    first = tmp_path / "no-note"
    first.mkdir()
    folder = folder_with(first, outcome("o", "floor", "245", "亿元", 'scope = "broader"\n'))
    text = (folder / "targets.toml").read_text(encoding="utf-8").splitlines()
    line = text.index('scope = "broader"') + 1
    ran = run("check", str(folder))
    assert ran.code == 1
    assert f"targets.toml:{line}:" in ran.stderr, ran.stderr
    assert "scope 'broader' needs a note" in ran.stderr
    second = tmp_path / "wider"
    second.mkdir()
    folder = folder_with(
        second, outcome("o", "floor", "245", "亿元", 'scope = "wider"\nnote = "n"\n')
    )
    ran = run("check", str(folder))
    assert ran.code == 1
    assert "wider" in ran.stderr and "broader" in ran.stderr, ran.stderr
