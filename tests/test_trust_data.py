"""Issue 18, Data: readings of the bundled source pinned against its own words.

Every figure here was read off data/sources/jiangmen-2024-pledges.txt by a person; the
commands are run as a user runs them.
"""

from __future__ import annotations

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
    # 116 target tables, 3 of them restatements: 113 targets
    check = run("check")
    assert check.stdout.startswith("ok: 116 targets"), check.stdout
    doc = run("progress", "--json").json()
    assert doc["targets"] == 113
    assert sorted(doc["restatements"]) == sorted(again for again, *_ in RESTATED)


def test_the_pengjiang_headline_is_left_out_of_gdp_totals_as_a_restatement(run):
    doc = run("sum", "--metric", "地区生产总值", "--json").json()
    left_out = {item["id"]: item["why"] for item in doc["left_out"]}
    assert left_out["pengjiang-gdp-level"] == "no_year"
    assert left_out["pengjiang-gdp-level-headline"] == "same_as"
