"""Every rule of `targets sum`, each with figures a person added up from the source."""

from __future__ import annotations

import pytest


def sum_json(run, *args: str) -> dict:
    ran = run("sum", *args, "--json")
    assert ran.code == 0, ran
    return ran.json()


def test_the_design_example_counts_every_unit_under_any_wording(run):
    # 台山 争取引进超亿元项目60个; 开平 新引入超亿元项目52个以上; 江海 引进亿元以上项目超50个
    doc = sum_json(run, "--metric", "超亿元项目")
    assert (doc["total"], doc["unit"], doc["comparator"]) == (162, "个", ">=")
    assert {p["region"]: p["value"] for p in doc["parts"]} == {
        "台山市": 60,
        "开平市": 52,
        "江海区": 50,
    }
    assert doc["silent"] == ["蓬江区", "新会区", "鹤山市", "恩平市"]
    assert doc["left_out"] == []


def test_an_alias_gives_the_same_total(run):
    assert sum_json(run, "--metric", "亿元以上项目") == sum_json(run, "--metric", "超亿元项目")


def test_the_table_says_the_total_is_a_floor(run):
    ran = run("sum", "--metric", "超亿元项目", "--format", "table", "--lang", "en")
    assert "Total 2024: at least 162 个 from 3 county-level units" in ran.stdout
    ran = run("sum", "--metric", "超亿元项目", "--format", "table")
    assert "合计（2024）：至少 162 个，3 个县级单位" in ran.stdout


def test_strict_floors_make_a_strict_total(run):
    # 台山 力促规上工业总产值超800亿元 + 鹤山 规上工业总产值突破1000亿元
    doc = sum_json(run, "--metric", "规上工业总产值")
    assert (doc["total"], doc["unit"], doc["comparator"]) == (1800, "亿元", ">")


def test_figures_for_narrower_areas_are_left_out_with_the_reason(run):
    doc = sum_json(run, "--metric", "规上工业总产值")
    left = {item["id"]: item["reason"] for item in doc["left_out"]}
    assert set(left) == {"gongxin-cluster-industrial-output", "gongxin-platform-industrial-output"}
    assert "江门大型产业集聚区" in left["gongxin-cluster-industrial-output"]
    assert "产业有序转移主平台" in left["gongxin-platform-industrial-output"]


def test_the_city_target_is_set_beside_the_county_total_not_added(run):
    # 工信局 工业投资持续超千亿元; 鹤山 工业投资200亿元 + 恩平 工业投资突破100亿元
    doc = sum_json(run, "--metric", "工业投资")
    assert (doc["total"], doc["unit"], doc["comparator"]) == (300, "亿元", ">=")
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


def test_periods_are_never_added_together(run):
    # 蓬江 千亿GDP强区 (2024) and 开平 再用6—8年实现GDP过千亿 (2030-2032)
    doc = sum_json(run, "--metric", "地区生产总值")
    assert doc["total"] is None and doc["period"] is None
    by_period = {s["period"]: (s["total"], s["comparator"]) for s in doc["subtotals"]}
    assert by_period == {"2024": (1000, ">="), "2030-2032": (1000, ">")}
    assert [item["id"] for item in doc["left_out"]] == ["xinhui-guifeng-gdp"]


@pytest.mark.parametrize(
    ("metric", "dimension"),
    [
        ("地区生产总值增长", "rate"),
        ("规上工业增加值增长", "rate"),
        ("全国高新区排名", "rank"),
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
    doc = sum_json(run, "--metric", "50亿元以上项目")
    assert doc["total"] is None
    assert doc["left_out"] == [
        {
            "id": "jianghai-projects-5bn",
            "region": "江海区",
            "reason": "a milestone: it states no figure",
        }
    ]


def test_filters_narrow_the_parts_and_the_silent_list(run):
    doc = sum_json(run, "--metric", "引进项目总投资", "--region", "台山", "--region", "Kaiping")
    # 台山 总投资超300亿元 + 开平 总投资超220亿元
    assert (doc["total"], doc["comparator"]) == (520, ">")
    assert doc["silent"] == []


def test_every_county_total_of_investment_attracted(run):
    # 台山 >300, 开平 >220, 鹤山 招商引资300, 恩平 >200, 新会 >600
    doc = sum_json(run, "--metric", "引进项目总投资")
    assert (doc["total"], doc["unit"], doc["comparator"]) == (1620, "亿元", ">=")


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


def test_a_region_stating_a_metric_twice_is_counted_once(run, tmp_path):
    text = "乙区人才100人。乙区再引进人才120人。丙县人才50人。"
    data = _dataset(
        tmp_path,
        _target("yi-a", "乙区", "人才", 100, "人", "乙区人才100人")
        + _target("yi-b", "乙区", "人才", 120, "人", "乙区再引进人才120人")
        + _target("bing", "丙县", "人才", 50, "人", "丙县人才50人"),
        text,
    )
    doc = sum_json(run, "--metric", "人才", "--data", data)
    assert doc["total"] == 150
    assert doc["left_out"][0]["id"] == "yi-b"
    assert "already counted for 2024 by yi-a" in doc["left_out"][0]["reason"]


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
