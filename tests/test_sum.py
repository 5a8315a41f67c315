"""Every rule of `targets sum`, each with figures a person added up from the source."""

from __future__ import annotations

import csv
import io

import pytest


def sum_json(run, *args: str) -> dict:
    ran = run("sum", *args, "--json")
    assert ran.code == 0, ran
    return ran.json()


def test_the_design_example_counts_every_unit_under_any_wording(run):
    # 台山 争取引进超亿元项目60个; 开平 新引入超亿元项目52个以上; 江海 引进亿元以上项目超50个
    # 60 + (at least 52) + (more than 50) is more than 162
    doc = sum_json(run, "--metric", "超亿元项目")
    assert (doc["total"], doc["unit"], doc["comparator"]) == (162, "个", ">")
    assert {p["region"]: p["value"] for p in doc["parts"]} == {
        "台山市": 60,
        "开平市": 52,
        "江海区": 50,
    }
    assert doc["silent"] == ["蓬江区", "新会区", "鹤山市", "恩平市"]
    assert doc["left_out"] == []
    (sub,) = doc["subtotals"]
    assert sub["city_region"] == "江门市"
    assert sub["city"] == []  # the city stated no figure for it


def test_an_alias_gives_the_same_total(run):
    assert sum_json(run, "--metric", "亿元以上项目") == sum_json(run, "--metric", "超亿元项目")


def test_the_table_says_the_total_is_more_than(run):
    ran = run("sum", "--metric", "超亿元项目", "--format", "table", "--lang", "en")
    assert "Total 2024: more than 162 个 from 3 county-level units" in ran.stdout
    ran = run("sum", "--metric", "超亿元项目", "--format", "table")
    assert "合计（2024）：超过 162 个，3 个县级单位" in ran.stdout


def test_strict_floors_make_a_strict_total(run):
    # 台山 力促规上工业总产值超800亿元 + 鹤山 规上工业总产值突破1000亿元
    doc = sum_json(run, "--metric", "规上工业总产值")
    assert (doc["total"], doc["unit"], doc["comparator"]) == (1800, "亿元", ">")


def test_figures_for_narrower_areas_are_left_out_with_the_reason(run):
    doc = sum_json(run, "--metric", "规上工业总产值")
    left = {item["id"]: item for item in doc["left_out"]}
    assert set(left) == {"gongxin-cluster-industrial-output", "gongxin-platform-industrial-output"}
    assert {item["why"] for item in left.values()} == {"narrower"}
    assert "江门大型产业集聚区" in left["gongxin-cluster-industrial-output"]["reason"]
    assert "产业有序转移主平台" in left["gongxin-platform-industrial-output"]["reason"]
    # 实现规上工业总产值超4000亿元 (集聚区), 超850亿元 (主平台): what they state is kept
    assert (
        left["gongxin-cluster-industrial-output"]["value"],
        left["gongxin-cluster-industrial-output"]["comparator"],
    ) == (4000, ">")
    assert left["gongxin-platform-industrial-output"]["subject"] == "产业有序转移主平台"


def test_the_city_target_is_set_beside_the_county_total_not_added(run):
    # 工信局 工业投资持续超千亿元; 鹤山 工业投资200亿元 + 恩平 工业投资突破100亿元:
    # 200 + (more than 100) is more than 300, 300 / 1000 = 30% of the city's
    doc = sum_json(run, "--metric", "工业投资")
    assert (doc["total"], doc["unit"], doc["comparator"]) == (300, "亿元", ">")
    (sub,) = doc["subtotals"]
    (city,) = sub["city"]
    assert (city["id"], city["value"], city["comparator"]) == (
        "gongxin-industrial-investment",
        1000,
        ">",
    )
    assert city["share"] == 0.3
    assert "gongxin-industrial-investment" not in {p["id"] for p in doc["parts"]}


def test_share_of_the_city_goal_in_the_table(run):
    ran = run("sum", "--metric", "高企存量", "--format", "table", "--lang", "en")
    # 江海 高企超730家 + 新会 高企存量超550家 = more than 1280, of 科技局's 3000
    assert "Total 2024: more than 1280 家 from 2 county-level units" in ran.stdout
    assert "county-level pledges cover 42.7% of it" in ran.stdout


def test_a_target_with_no_year_is_never_added_into_a_dated_total(run):
    # 蓬江 锚定全力冲刺千亿GDP强区的目标 names no year; 开平 再用6—8年实现GDP过千亿 from
    # 2024 is 2030-2032; 新会's 圭峰会城 超500亿元 covers part of 新会
    doc = sum_json(run, "--metric", "地区生产总值")
    by_period = {s["period"]: (s["total"], s["comparator"]) for s in doc["subtotals"]}
    assert by_period == {"2030-2032": (1000, ">")}
    assert [(item["id"], item["why"]) for item in doc["left_out"]] == [
        ("pengjiang-gdp-level", "no_year"),
        # its headline 全力冲刺千亿GDP强区 says it again: a restatement, counted once
        ("pengjiang-gdp-level-headline", "same_as"),
        ("xinhui-guifeng-gdp", "narrower"),
    ]
    assert doc["left_out"][0]["period"] is None
    ran = run("sum", "--metric", "地区生产总值", "--format", "table", "--lang", "en")
    assert "pengjiang-gdp-level (Pengjiang): no year stated" in ran.stdout
    assert "Total 2024" not in ran.stdout
    ran = run("sum", "--metric", "地区生产总值", "--format", "table")
    assert "pengjiang-gdp-level (蓬江): 未注明年份" in ran.stdout


@pytest.mark.parametrize(
    ("metric", "dimension"),
    [
        ("地区生产总值增长", "rate"),
        ("规上工业增加值增长", "rate"),
        ("排名进位", "rank"),
        ("村级集体经营性收入", "threshold"),
        ("创建称号", "milestone"),
    ],
)
def test_metrics_that_cannot_be_added_are_refused_with_a_pointer(run, metric, dimension):
    ran = run("sum", "--metric", metric, "--json")
    assert ran.code == 3
    assert ran.stdout == ""
    assert f"cannot add {metric} ({dimension})" in ran.stderr
    assert f"targets compare --metric {metric}" in ran.stderr


def test_milestones_are_left_out_with_the_reason(run):
    # 江海 50亿元以上项目再突破 states no figure
    ran = run("sum", "--metric", "50亿元以上项目", "--json")
    assert ran.code == 0
    doc = ran.json()
    assert doc["total"] is None
    assert doc["left_out"] == [
        {
            "id": "jianghai-projects-5bn",
            "region": "江海区",
            "period": "2024",
            "value": None,
            "value_max": None,
            "unit": None,
            "comparator": None,
            "subject": None,
            "why": "milestone",
            "reason": "a milestone: it states no figure",
            "other": None,
        }
    ]
    # nothing to add: the note says why, and where the milestone can be seen
    assert ran.stderr == (
        "targets: nothing to add for 50亿元以上项目: every figure was left out (1 milestone); "
        "try: targets compare --metric 50亿元以上项目\n"
    )


def test_filters_narrow_the_parts_and_the_silent_list(run):
    doc = sum_json(run, "--metric", "超亿元项目总投资", "--region", "台山", "--region", "Kaiping")
    # 台山 总投资超300亿元 + 开平 总投资超220亿元 (of their 超亿元 projects)
    assert (doc["total"], doc["comparator"]) == (520, ">")
    assert doc["silent"] == []


def test_investment_of_different_scope_is_never_added(run):
    # 超亿元项目总投资 (台山 >300, 开平 >220), 引进产业项目投资 (恩平 >200, industry only),
    # 引进项目总投资 (新会 >600, all projects) and 招商引资 (鹤山 300) are four metrics
    assert sum_json(run, "--metric", "超亿元项目总投资")["total"] == 520
    assert sum_json(run, "--metric", "引进产业项目投资")["total"] == 200
    assert sum_json(run, "--metric", "引进项目总投资")["total"] == 600
    assert sum_json(run, "--metric", "招商引资")["total"] == 300


def test_two_records_of_one_region_are_both_counted_unless_one_restates_the_other(run):
    # 台山 重点建设临港装备、新材料、生物医药3大专业产业园 and 建好汽车零部件、金属新材料、
    # 智慧农机3大专业产业园: six different parks, 3 + 3 = 6
    doc = sum_json(run, "--metric", "专业产业园")
    assert (doc["total"], doc["comparator"]) == (6, "=")
    assert [p["id"] for p in doc["parts"]] == [
        "taishan-parks-guanghai-bay",
        "taishan-parks-industrial-new-town",
    ]
    assert doc["left_out"] == []
    # 新会 打造三大“万亩千亿”园区, then names them: one target said twice (same_as), 3;
    # 蓬江's “万亩千亿”大平台 states no figure
    doc = sum_json(run, "--metric", "万亩千亿平台")
    assert (doc["total"], [p["id"] for p in doc["parts"]]) == (3, ["xinhui-wanmu-parks"])
    left = {item["id"]: (item["why"], item["other"]) for item in doc["left_out"]}
    assert left == {
        "pengjiang-wanmu-platform": ("milestone", None),
        "xinhui-wanmu-parks-named": ("same_as", "xinhui-wanmu-parks"),
    }


def test_every_row_of_the_answer_in_csv(run):
    ran = run("sum", "--metric", "工业投资", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(ran.stdout)))
    roles = [(r["role"], r["id"] or r["region"]) for r in rows]
    assert roles == [
        ("part", "heshan-industrial-investment"),
        ("part", "enping-industrial-investment"),
        ("total", "江门市"),
        ("city", "gongxin-industrial-investment"),
        ("silent", "蓬江区"),
        ("silent", "江海区"),
        ("silent", "新会区"),
        ("silent", "台山市"),
        ("silent", "开平市"),
    ]
    total = rows[2]
    assert (total["value"], total["unit"], total["comparator"], total["parts"]) == (
        "300",
        "亿元",
        ">",
        "2",
    )
    assert rows[3]["share"] == "0.3"


# ---- rules that the bundled data does not exercise: a small dataset of our own


def _dataset(tmp_path, targets: str, text: str) -> str:
    (tmp_path / "src.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "t.toml"
    path.write_text(
        f"""\
[[sources]]
id = "s"
file = "src.txt"
title = "t"
year = 2024

[[orgs]]
id = "甲市"
kind = "city"
name_en = "Jia"

[[orgs]]
id = "乙区"
kind = "district"
parent = "甲市"
name_en = "Yi"

[[orgs]]
id = "丙县"
kind = "county-city"
parent = "甲市"
name_en = "Bing"

[[orgs]]
id = "甲局"
kind = "department"
parent = "甲市"
name_en = "Jia bureau"

[[metrics]]
name = "研发投入"
name_en = "R&D"
dimension = "amount"
additive = true
category = "innovation"

[[metrics]]
name = "人才"
name_en = "talent"
dimension = "count"
additive = true
category = "talent"
{targets}""",
        encoding="utf-8",
    )
    return str(path)


def _target(tid: str, org: str, metric: str, value, unit: str, quote: str, extra: str = "") -> str:
    return f"""
[[targets]]
id = "{tid}"
org = "{org}"
metric = "{metric}"
value = {value}
unit = "{unit}"
comparator = "="
period = "2024"
source = "s"
quote = "{quote}"
{extra}"""


def test_units_of_one_quantity_are_converted_to_the_largest(run, tmp_path):
    text = "乙区研发投入5000万元。丙县研发投入1.5亿元。乙区人才8000人。丙县人才1.2万人。甲局研发投入4亿元。"
    data = _dataset(
        tmp_path,
        _target("yi-rd", "乙区", "研发投入", 5000, "万元", "乙区研发投入5000万元")
        + _target("bing-rd", "丙县", "研发投入", 1.5, "亿元", "丙县研发投入1.5亿元")
        + _target("yi-talent", "乙区", "人才", 8000, "人", "乙区人才8000人")
        + _target("bing-talent", "丙县", "人才", 1.2, "万人", "丙县人才1.2万人")
        + _target("city-rd", "甲局", "研发投入", 4, "亿元", "甲局研发投入4亿元"),
        text,
    )
    doc = sum_json(run, "--metric", "研发投入", "--data", data)
    # 5000万元 = 0.5亿元; 0.5 + 1.5 = 2亿元, half of the city's 4亿元
    assert (doc["total"], doc["unit"], doc["comparator"]) == (2, "亿元", "=")
    assert doc["subtotals"][0]["city"][0]["share"] == 0.5
    doc = sum_json(run, "--metric", "人才", "--data", data)
    # 8000人 + 1.2万人 = 2万人
    assert (doc["total"], doc["unit"]) == (2, "万人")


def test_a_record_that_restates_another_is_counted_once(run, tmp_path):
    text = "乙区人才100人。乙区人才一百人，即人才100人。丙县人才50人。"
    data = _dataset(
        tmp_path,
        _target("yi-a", "乙区", "人才", 100, "人", "乙区人才100人")
        + _target("yi-b", "乙区", "人才", 100, "人", "即人才100人", 'same_as = "yi-a"')
        + _target("bing", "丙县", "人才", 50, "人", "丙县人才50人"),
        text,
    )
    doc = sum_json(run, "--metric", "人才", "--data", data)
    # 100 + 50: yi-b says yi-a again
    assert doc["total"] == 150
    (left,) = doc["left_out"]
    assert (left["id"], left["why"], left["other"]) == ("yi-b", "same_as", "yi-a")
    assert left["reason"] == "restates yi-a, which is counted"
    ran = run("sum", "--metric", "人才", "--data", data, "--format", "table")
    assert "yi-b (乙区): 与 yi-a 为同一目标，已计入" in ran.stdout


def test_two_records_of_one_region_without_same_as_both_count(run, tmp_path):
    text = "乙区人才100人。乙区再引进人才120人。丙县人才50人。"
    data = _dataset(
        tmp_path,
        _target("yi-a", "乙区", "人才", 100, "人", "乙区人才100人")
        + _target("yi-b", "乙区", "人才", 120, "人", "乙区再引进人才120人")
        + _target("bing", "丙县", "人才", 50, "人", "丙县人才50人"),
        text,
    )
    doc = sum_json(run, "--metric", "人才", "--data", data)
    # never guessed from region and period: 100 + 120 + 50
    assert doc["total"] == 270
    assert doc["left_out"] == []


def test_a_target_with_no_year_is_left_out_in_every_form(run, tmp_path):
    text = "乙区人才100人。丙县人才50人。丙县人才再增30人。"
    undated = _target("bing-undated", "丙县", "人才", 30, "人", "丙县人才再增30人")
    data = _dataset(
        tmp_path,
        _target("yi", "乙区", "人才", 100, "人", "乙区人才100人")
        + _target("bing", "丙县", "人才", 50, "人", "丙县人才50人")
        + undated.replace('period = "2024"\n', ""),
        text,
    )
    doc = sum_json(run, "--metric", "人才", "--data", data)
    # 2024: 100 + 50; the 30 with no year is in no dated total
    assert [(s["period"], s["total"]) for s in doc["subtotals"]] == [("2024", 150)]
    (left,) = doc["left_out"]
    assert (left["id"], left["why"], left["period"]) == ("bing-undated", "no_year", None)
    ran = run("sum", "--metric", "人才", "--data", data, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(ran.stdout)))
    assert [(r["role"], r["period"]) for r in rows if r["id"] == "bing-undated"] == [
        ("left_out", "")
    ]
    ran = run("list", "--data", data, "--format", "table", "--lang", "en")
    assert "no year stated" in ran.stdout
    ran = run("list", "--data", data, "--format", "table")
    assert "未注明年份" in ran.stdout


def test_a_part_stated_as_a_ceiling_with_a_floor_gives_no_bound(run, tmp_path):
    text = "乙区人才超过100人。丙县人才不超过50人。"
    data = _dataset(
        tmp_path,
        _target("yi", "乙区", "人才", 100, "人", "乙区人才超过100人").replace(
            'comparator = "="', 'comparator = ">"\nwording = "超过"'
        )
        + _target("bing", "丙县", "人才", 50, "人", "丙县人才不超过50人").replace(
            'comparator = "="', 'comparator = "<="\nwording = "不超过"'
        ),
        text,
    )
    doc = sum_json(run, "--metric", "人才", "--data", data)
    assert (doc["total"], doc["comparator"]) == (150, None)
    ran = run("sum", "--metric", "人才", "--data", data, "--format", "table", "--lang", "en")
    assert "150 人 (mixed bounds)" in ran.stdout
