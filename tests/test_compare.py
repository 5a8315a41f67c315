"""`compare` keeps levels apart, shows milestones as who pledged what, and compares a
per-member threshold as stated; figures checked against the source text by hand."""

from __future__ import annotations

import csv
import io
import json

import pytest

from targets_cli.__main__ import main


@pytest.fixture(autouse=True)
def _bundled(monkeypatch):
    monkeypatch.delenv("TARGETS_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


def targets(capsys, *args: str) -> tuple[str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out, err


def as_json(capsys, *args: str):
    return json.loads(targets(capsys, *args, "--json")[0])


def test_the_city_wide_figure_is_set_beside_the_ranking_never_in_it(capsys):
    # 鹤山 工业投资200亿元, 恩平 工业投资突破100亿元; 工信局 工业投资持续超千亿元 (the city)
    doc = as_json(capsys, "compare", "--metric", "工业投资")
    assert [(r["rank"], r["id"]) for r in doc["ranking"]] == [
        (1, "heshan-industrial-investment"),
        (2, "enping-industrial-investment"),
    ]
    assert [(c["id"], c["value"], c["comparator"]) for c in doc["city"]] == [
        ("gongxin-industrial-investment", 1000, ">")
    ]
    out, _ = targets(capsys, "compare", "--metric", "工业投资", "--format", "table")
    ranked = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert [row[:2] for row in ranked] == [["1", "鹤山"], ["2", "恩平"]]
    assert "全市目标（不参与排名）：" in out
    assert "江门 >1000 亿元 (2024) [gongxin-industrial-investment]" in out
    rows = list(
        csv.DictReader(
            io.StringIO(targets(capsys, "compare", "--metric", "工业投资", "--format", "csv")[0])
        )
    )
    assert [(r["role"], r["rank"], r["id"]) for r in rows] == [
        ("ranked", "1", "heshan-industrial-investment"),
        ("ranked", "2", "enping-industrial-investment"),
        ("city", "", "gongxin-industrial-investment"),
    ]


def test_figures_for_narrower_areas_are_beside_the_ranking(capsys):
    # 鹤山 规上工业总产值突破1000亿元, 台山 力促规上工业总产值超800亿元; the 集聚区's 超4000亿元
    # and the 主平台's 超850亿元 cover areas, not units
    doc = as_json(capsys, "compare", "--metric", "规上工业总产值")
    assert [(r["rank"], r["region"], r["value"]) for r in doc["ranking"]] == [
        (1, "鹤山市", 1000),
        (2, "台山市", 800),
    ]
    assert [(a["id"], a["subject"]) for a in doc["areas"]] == [
        ("gongxin-cluster-industrial-output", "江门大型产业集聚区"),
        ("gongxin-platform-industrial-output", "产业有序转移主平台"),
    ]
    out, _ = targets(
        capsys, "compare", "--metric", "规上工业总产值", "--format", "table", "--lang", "en"
    )
    assert "Narrower areas (not ranked):" in out
    assert (
        "Jiangmen · 江门大型产业集聚区 >4000 亿元 (2024) [gongxin-cluster-industrial-output]" in out
    )


def test_periods_and_no_year_are_ranked_apart(capsys):
    # 开平 再用6—8年实现GDP过千亿 (2030-2032); 蓬江 全力冲刺千亿GDP强区, no year: each first
    # of its own group, never one above the other
    doc = as_json(capsys, "compare", "--metric", "地区生产总值")
    assert [(r["rank"], r["id"], r["period"]) for r in doc["ranking"]] == [
        (1, "kaiping-gdp-level", "2030-2032"),
        (1, "pengjiang-gdp-level", None),
    ]
    assert [a["id"] for a in doc["areas"]] == ["xinhui-guifeng-gdp"]  # 圭峰会城 超500亿元
    out, _ = targets(capsys, "compare", "--metric", "地区生产总值", "--format", "table")
    assert "未注明年份" in out
    out, _ = targets(
        capsys, "compare", "--metric", "地区生产总值", "--format", "table", "--lang", "en"
    )
    assert "no year stated" in out


def test_milestones_are_a_grid_of_who_pledged_what(capsys):
    # the pointer of `sum --metric 创建称号` leads to a grid, not an empty table
    code = main(["sum", "--metric", "创建称号", "--json"])
    assert code == 3
    assert "targets compare --metric 创建称号" in capsys.readouterr().err
    doc = as_json(capsys, "compare", "--metric", "创建称号")
    assert doc["ranking"] == []
    pledged = {
        (entry["pledge"], region)
        for entry in doc["pledges"]["metrics"]
        for region, cell in entry["by_region"].items()
        if cell
    }
    # 台山 争创省级高新区、省级特色园区、省级外贸转型升级基地; 开平 国家乡村振兴示范镇 ...
    assert {
        ("省级高新区", "台山市"),
        ("省级特色园区", "台山市"),
        ("省级外贸转型升级基地", "台山市"),
        ("国家乡村振兴示范镇", "开平市"),
        ("国家生态文明建设示范区", "江海区"),
    } <= pledged
    assert len(pledged) == 14  # every 创建称号 target of the data, one cell each
    out, _ = targets(capsys, "compare", "--metric", "创建称号", "--format", "table")
    assert out.count("✓") == 14 + 1  # and the legend
    assert "✓ 已承诺" in out
    rows = list(
        csv.DictReader(
            io.StringIO(targets(capsys, "compare", "--metric", "创建称号", "--format", "csv")[0])
        )
    )
    assert {r["role"] for r in rows} == {"pledged"} and len(rows) == 14


def test_a_region_s_titles_by_category_are_not_empty(capsys):
    doc = as_json(capsys, "compare", "台山", "--category", "recognition")
    assert doc["regions"] == ["台山市"]
    assert [(m["pledge"], m["by_region"]["台山市"][0]["id"]) for m in doc["metrics"]] == [
        ("省级高新区", "taishan-provincial-hitech-zone"),
        ("省级特色园区", "taishan-provincial-featured-park"),
        ("省级外贸转型升级基地", "taishan-foreign-trade-base"),
        ("大湾区新的国家级平台", "taishan-guanghai-bay-national-platform"),
    ]
    out, err = targets(capsys, "compare", "台山", "--category", "recognition", "--format", "table")
    assert out.count("✓") == 4 + 1 and err == ""  # and the legend


def test_a_per_member_threshold_is_compared_as_stated_with_its_subject(capsys):
    # 开平 所有行政村...均超过50万元 (2025); 新会 所有行政村...20万元以上 (2024)
    doc = as_json(capsys, "compare", "--metric", "村级集体经营性收入")
    assert [(r["rank"], r["id"], r["subject"], r["period"]) for r in doc["ranking"]] == [
        (1, "xinhui-village-income", "所有行政村", "2024"),
        (1, "kaiping-village-income", "所有行政村", "2025"),
    ]
    assert doc["areas"] == [] and doc["left_out"] == []
    out, _ = targets(capsys, "compare", "--metric", "村级集体经营性收入", "--format", "table")
    assert "新会 · 所有行政村" in out and "开平 · 所有行政村" in out
    # two rank 1s of different years: the table says each year is ranked on its own
    assert "按年份分别排名：2024；2025" in out
