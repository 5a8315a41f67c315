"""Every level, every document (issue 19), on one fixture of my own making.

The data is tests/fixtures/full/: 云岭省 (a province) above 金沙市 (金湖区, 金山区, 金川市,
金沙市发展改革局) and 银河市 (银滩区, 银峰市, 银河市人社局). Each level has a government
work report (the governor or mayor speaks) and a pledge meeting (party secretaries and
department heads speak). Every figure below is worked out by hand from the source
texts under tests/fixtures/full/sources/ and the invented [[outcomes]]; each command's
figures are required in JSON, and the same hand figures in the table, CSV, TSV and JSONL.

The statements, by document (≥ for 以上, ≈ for 左右, = for a bare figure):

- 云岭省's report (省长 赵岭): GDP growth ≈5 %, new urban jobs ≥80 万人, CPI ≈3 % (a
  ceiling: the metric says about = ceiling), energy per unit of GDP 下降 2 %, grain
  ≥1200 万吨.
- 云岭省's meeting: 金沙 (市委书记 钱金) 力争 fixed-asset investment growth 5 %; 银河
  (市委书记 周河) 确保 ≥6 %.
- 金沙市's report (市长 孙沙): GDP ≈5.5 %, jobs ≥6 万人, grain ≥100 万吨.
- 金沙市's meeting: 发展改革局 jobs 6.5 万人; 金湖 GDP ≥6.5 %, jobs 2.5 万人, 招商引资
  300 亿元; 金山 GDP 6 %, jobs ≥1.5 万人, 引进项目总投资 200 亿元, grain 8000 吨; 金川
  GDP ≥5 %, grain 45 万吨.
- 金湖区's report (区长 冯湖): GDP ≥6.5 % again: a restatement (same_as), counted once.
- 银河市's report (市长 吴银): GDP ≥5 %, jobs ≥4 万人.
- 银河市's meeting: 人社局 jobs ≥4.5 万人; 银滩 GDP 5.5 %, jobs 1.2 万人; 银峰 GDP ≥4.5 %.
- 银峰市's later report (市长 韩峰): GDP ≥5 %: a revision; the newer 5 counts.

Outcomes (invented): CPI 0.2 %, energy 下降 3.1 %, 金沙's investment -3.5 %, 金湖's
GDP 6.8 %, 银峰's GDP 4.8 %.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

DATA = str(Path(__file__).parent / "fixtures" / "full")
FLAT = ("csv", "tsv", "jsonl")


def _json(run, *args: str) -> Any:
    ran = run(*args, "--data", DATA, "--json")
    assert ran.code == 0, ran.stderr
    return json.loads(ran.stdout)


def _rows(run, fmt: str, *args: str) -> list[dict[str, Any]]:
    """Each record of a flat format, its empty cells as None."""
    ran = run(*args, "--data", DATA, "--format", fmt)
    assert ran.code == 0, ran.stderr
    if fmt == "jsonl":
        return [json.loads(line) for line in ran.stdout.splitlines()]
    reader = csv.DictReader(io.StringIO(ran.stdout), delimiter="," if fmt == "csv" else "\t")
    return [{k: (v if v != "" else None) for k, v in row.items()} for row in reader]


def _of(rows: list[dict[str, Any]], *roles: str, metric: str | None = None) -> list[dict]:
    """The rows of these roles (and of this metric, when given)."""
    return [r for r in rows if r["role"] in roles and metric in (None, r.get("metric"))]


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _pick(rows: list[dict[str, Any]], keys: tuple[str, ...], numbers: tuple[str, ...]) -> set:
    """The given fields of each row, numbers as floats (CSV's "6" is JSON's 6)."""
    return {tuple(_num(row.get(k)) if k in numbers else row.get(k) for k in keys) for row in rows}


def _table(run, *args: str, lang: str = "zh", width: str = "220") -> list[str]:
    """The table's lines, each with its runs of spaces made one (wide: no row wraps; at 80
    columns coverage and progress give one block of lines per record instead)."""
    ran = run(*args, "--data", DATA, "--format", "table", "--lang", lang, env={"COLUMNS": width})
    assert ran.code == 0, ran.stderr
    return [" ".join(line.split()) for line in ran.stdout.splitlines()]


def _blocks(lines: list[str]) -> list[list[str]]:
    """The table's blank-line separated blocks (coverage and progress outcomes)."""
    found: list[list[str]] = [[]]
    for line in lines:
        if line:
            found[-1].append(line)
        elif found[-1]:
            found.append([])
    return [block for block in found if block]


def test_check_accepts_the_fixture(run) -> None:
    ran = run("check", "--data", DATA)
    assert ran.code == 0, ran.stderr
    # 5 + 2 + 3 + 10 + 1 + 2 + 4 + 1 targets, document by document
    assert ran.stdout.startswith("ok: 28 targets, 10 orgs, 8 metrics, 8 sources")


# ---------------------------------------------------------------- sum

# 城镇新增就业, each figure against the goal of its own parent:
# - 云岭: its cities 金沙 ≥6 + 银河 ≥4 = at least 10 万人, against the province's ≥80:
#   10 / 80 = 0.125
# - 金沙: 金湖 2.5 (=) + 金山 ≥1.5 = at least 4 万人; the city's own goal ≥6: 4 / 6 =
#   0.6667; its 发展改革局's pledge 6.5 set beside as a pledge: 4 / 6.5 = 0.6154
# - 银河: 银滩 1.2 (=) = 1.2 万人; goal ≥4: 1.2 / 4 = 0.3; 人社局 ≥4.5: 1.2 / 4.5 = 0.2667
# - silent: 金川 (in 金沙) and 银峰 (in 银河); never a unit of one city under the other
JOBS_TOTALS = {
    ("云岭省", "province", 10.0, ">=", "万人"),
    ("金沙市", "city", 4.0, ">=", "万人"),
    ("银河市", "city", 1.2, "=", "万人"),
}
JOBS_PARTS = {
    ("云岭省", "jinsha-jobs", 6.0),
    ("云岭省", "yinhe-jobs", 4.0),
    ("金沙市", "jinhu-jobs", 2.5),
    ("金沙市", "jinshan-jobs", 1.5),
    ("银河市", "yintan-jobs", 1.2),
}
JOBS_GOALS = {
    ("云岭省", "city", "yunling-jobs", 80.0, 0.125),
    ("金沙市", "city", "jinsha-jobs", 6.0, 0.6667),
    ("金沙市", "pledge", "jinsha-drb-jobs", 6.5, 0.6154),
    ("银河市", "city", "yinhe-jobs", 4.0, 0.3),
    ("银河市", "pledge", "yinhe-hrss-jobs", 4.5, 0.2667),
}
JOBS_SILENT = {("金沙市", "金川市"), ("银河市", "银峰市")}


def test_sum_jobs_json_sets_each_total_beside_its_own_parents_goal(run) -> None:
    found = _json(run, "sum", "--metric", "城镇新增就业")
    subtotals = found["subtotals"]
    assert {
        (s["city_region"], s["level"], s["total"], s["comparator"], s["unit"]) for s in subtotals
    } == JOBS_TOTALS
    assert {(s["city_region"], p["id"], p["value"]) for s in subtotals for p in s["parts"]} == (
        JOBS_PARTS
    )
    goals = {
        (s["city_region"], "city", c["id"], c["value"], c["share"])
        for s in subtotals
        for c in s["city"]
    }
    goals |= {
        (s["city_region"], "pledge", p["id"], p["value"], p["share"])
        for s in subtotals
        for p in s["pledges"]
    }
    assert goals == JOBS_GOALS
    assert found["silent"] == ["金川市", "银峰市"]
    assert found["related"] == [] and found["left_out"] == []


@pytest.mark.parametrize("fmt", FLAT)
def test_sum_jobs_flat_formats_hold_the_same_figures(run, fmt) -> None:
    rows = _rows(run, fmt, "sum", "--metric", "城镇新增就业")
    assert _pick(
        _of(rows, "total"), ("city_region", "value", "comparator", "unit"), ("value",)
    ) == {(city, total, comparator, unit) for city, _, total, comparator, unit in JOBS_TOTALS}
    assert _pick(_of(rows, "part"), ("city_region", "id", "value"), ("value",)) == JOBS_PARTS
    goals = _pick(
        _of(rows, "city") + _of(rows, "pledge"),
        ("city_region", "role", "id", "value", "share"),
        ("value", "share"),
    )
    assert goals == JOBS_GOALS
    assert _pick(_of(rows, "silent"), ("city_region", "region"), ()) == JOBS_SILENT


def test_sum_jobs_table_holds_the_same_figures(run) -> None:
    lines = _table(run, "sum", "--metric", "城镇新增就业")
    for expected in (
        "合计（云岭，2024）：至少 10 万人，2 个市；全省目标 ≥80 万人（云岭），市级合计为其 12.5%",
        "合计（金沙，2024）：至少 4 万人，2 个县级单位；全市目标 ≥6 万人（金沙），县级合计为其 66.7%；"
        "部门承诺 6.5 万人（金沙市发展改革局），县级合计为其 61.5%",
        "合计（银河，2024）：1.2 万人，1 个县级单位；全市目标 ≥4 万人（银河），县级合计为其 30.0%；"
        "部门承诺 ≥4.5 万人（银河市人社局），县级合计为其 26.7%",
        "未表态（金沙）：金川",
        "未表态（银河）：银峰",
        "金湖 金沙 2.5 万人 2024 jinhu-jobs",
        "银滩 银河 1.2 万人 2024 yintan-jobs",
    ):
        assert expected in lines, expected


# 粮食产量: 金山 8000 吨 = 0.8 万吨, plus 金川 45 万吨 = 45.8 万吨 (both "=", so "="), in
# the largest unit stated; 金沙's goal ≥100 万吨: 45.8 / 100 = 0.458. Above it, 金沙's
# ≥100 万吨 is the one city figure against 云岭's ≥1200: 100 / 1200 = 0.0833, and 银河
# is silent under 云岭; 金湖 under 金沙; 银滩 and 银峰 under 银河.
GRAIN_TOTALS = {("云岭省", 100.0, ">=", "万吨"), ("金沙市", 45.8, "=", "万吨")}
GRAIN_PARTS = {
    ("云岭省", "jinsha-grain", 100.0, "万吨"),
    ("金沙市", "jinshan-grain", 8000.0, "吨"),
    ("金沙市", "jinchuan-grain", 45.0, "万吨"),
}
GRAIN_GOALS = {
    ("云岭省", "yunling-grain", 1200.0, 0.0833),
    ("金沙市", "jinsha-grain", 100.0, 0.458),
}
GRAIN_SILENT = {
    ("金沙市", "金湖区"),
    ("云岭省", "银河市"),
    ("银河市", "银滩区"),
    ("银河市", "银峰市"),
}


def test_sum_converts_tonnes_to_ten_thousand_tonnes(run) -> None:
    found = _json(run, "sum", "--metric", "粮食产量")
    subtotals = found["subtotals"]
    assert {(s["city_region"], s["total"], s["comparator"], s["unit"]) for s in subtotals} == (
        GRAIN_TOTALS
    )
    assert {
        (s["city_region"], p["id"], p["value"], p["unit"]) for s in subtotals for p in s["parts"]
    } == GRAIN_PARTS
    assert {
        (s["city_region"], c["id"], c["value"], c["share"]) for s in subtotals for c in s["city"]
    } == GRAIN_GOALS
    assert sorted(found["silent"]) == sorted(region for _, region in GRAIN_SILENT)
    for fmt in FLAT:
        rows = _rows(run, fmt, "sum", "--metric", "粮食产量")
        assert _pick(
            _of(rows, "total"), ("city_region", "value", "comparator", "unit"), ("value",)
        ) == (GRAIN_TOTALS), fmt
        assert _pick(_of(rows, "part"), ("city_region", "id", "value", "unit"), ("value",)) == (
            GRAIN_PARTS
        ), fmt
        assert _pick(
            _of(rows, "city"), ("city_region", "id", "value", "share"), ("value", "share")
        ) == (GRAIN_GOALS), fmt
        assert _pick(_of(rows, "silent"), ("city_region", "region"), ()) == GRAIN_SILENT, fmt
    lines = _table(run, "sum", "--metric", "粮食产量")
    for expected in (
        "合计（金沙，2024）：45.8 万吨，2 个县级单位；全市目标 ≥100 万吨（金沙），县级合计为其 45.8%",
        "合计（云岭，2024）：至少 100 万吨，1 个市；全省目标 ≥1200 万吨（云岭），市级合计为其 8.3%",
        "金山 金沙 8000 吨 2024 jinshan-grain",
        "金川 金沙 45 万吨 2024 jinchuan-grain",
        "未表态（金沙）：金湖",
        "未表态（云岭）：银河",
        "未表态（银河）：银滩, 银峰",
    ):
        assert expected in lines, expected


# 招商引资: only 金湖 states it (300 亿元 = 300 亿元, one part). 金山 stated 引进项目总投资
# 200 亿元, a related metric of another scope: listed as related, never added, never
# silent. Silent: 金川 (金沙), 银滩 and 银峰 (银河).
def test_sum_lists_a_related_metrics_unit_as_related_not_silent(run) -> None:
    found = _json(run, "sum", "--metric", "招商引资")
    assert [(s["city_region"], s["total"], s["unit"]) for s in found["subtotals"]] == [
        ("金沙市", 300, "亿元")
    ]
    assert [p["id"] for p in found["parts"]] == ["jinhu-investment"]
    assert [
        (r["id"], r["region"], r["metric"], r["value"], r["unit"], r["why"])
        for r in found["related"]
    ] == [("jinshan-projects", "金山区", "引进项目总投资", 200, "亿元", "other_scope")]
    assert found["silent"] == ["金川市", "银滩区", "银峰市"]
    for fmt in FLAT:
        rows = _rows(run, fmt, "sum", "--metric", "招商引资")
        assert _pick(_of(rows, "total"), ("city_region", "value", "unit"), ("value",)) == {
            ("金沙市", 300.0, "亿元")
        }, fmt
        assert _pick(
            _of(rows, "related"), ("city_region", "id", "region", "value", "unit"), ("value",)
        ) == {("金沙市", "jinshan-projects", "金山区", 200.0, "亿元")}, fmt
        assert _pick(_of(rows, "silent"), ("city_region", "region"), ()) == {
            ("金沙市", "金川市"),
            ("银河市", "银滩区"),
            ("银河市", "银峰市"),
        }, fmt
    lines = _table(run, "sum", "--metric", "招商引资")
    for expected in (
        "合计（金沙，2024）：300 亿元，1 个县级单位",
        "未表态（金沙）：金川",
        "未表态（银河）：银滩, 银峰",
        "表态了相关指标（口径不同，未计入）：",
        "金山: 引进项目总投资 200 亿元 (2024) [jinshan-projects]",
    ):
        assert expected in lines, expected
    assert not any(line.startswith("未表态") and "金山" in line for line in lines)


@pytest.mark.parametrize("fmt", ("table", "json", *FLAT))
def test_sum_refuses_a_growth_rate(run, fmt) -> None:
    ran = run("sum", "--metric", "地区生产总值增长", "--data", DATA, "--format", fmt)
    assert ran.code == 3
    assert ran.stdout == ""
    assert "cannot add 地区生产总值增长 (rate)" in ran.stderr
    assert "targets compare --metric 地区生产总值增长" in ran.stderr


# ---------------------------------------------------------------- compare

# GDP growth ranked within each city, highest first:
# - 金沙: 金湖 ≥6.5 (#1; its report's restatement not ranked again), 金山 6 (#2), 金川 ≥5 (#3)
# - 银河: 银滩 5.5 (#1), 银峰 ≥5 (#2: the report's revised figure, not the pledge's 4.5)
# Goals beside, never ranked: 云岭 ≈5, 金沙 ≈5.5, 银河 ≥5. 金湖's 6.8 against ≥6.5 is met
# by +0.3; 银峰's 4.8 against the revised ≥5 is missed by -0.2 (against 4.5 it would be met).
RANKED = {
    ("金沙市", 1.0, "jinhu-gdp-growth", 6.5, ">="),
    ("金沙市", 2.0, "jinshan-gdp-growth", 6.0, "="),
    ("金沙市", 3.0, "jinchuan-gdp-growth", 5.0, ">="),
    ("银河市", 1.0, "yintan-gdp-growth", 5.5, "="),
    ("银河市", 2.0, "yinfeng-gdp-growth-report", 5.0, ">="),
}
GOALS = {
    ("云岭省", "yunling-gdp-growth", 5.0, "about"),
    ("金沙市", "jinsha-gdp-growth", 5.5, "about"),
    ("银河市", "yinhe-gdp-growth", 5.0, ">="),
}
LEFT_OUT = {
    ("jinhu-gdp-growth-report", "same_as", "jinhu-gdp-growth"),
    ("yinfeng-gdp-growth", "revised", "yinfeng-gdp-growth-report"),
}
STATUSES = {
    ("jinhu-gdp-growth", "met", 0.3),
    ("jinshan-gdp-growth", "unknown", None),
    ("jinchuan-gdp-growth", "unknown", None),
    ("yintan-gdp-growth", "unknown", None),
    ("yinfeng-gdp-growth-report", "missed", -0.2),
}


def test_compare_ranks_each_citys_units_within_their_city(run) -> None:
    found = _json(run, "compare", "--metric", "地区生产总值增长")
    ranking = found["ranking"]
    assert [r["region"] for r in ranking].count("金湖区") == 1
    assert {
        (r["city_region"], r["rank"], r["id"], r["value"], r["comparator"]) for r in ranking
    } == (RANKED)
    assert {(r["id"], r["status"], r["margin"]) for r in ranking} == STATUSES
    assert {
        (c["city_region"], c["id"], c["value"], c["comparator"]) for c in found["city"]
    } == GOALS
    assert {(r["id"], r["why"], r["other"]) for r in found["left_out"]} == LEFT_OUT
    assert found["related"] == []


@pytest.mark.parametrize("fmt", FLAT)
def test_compare_flat_formats_hold_the_same_ranking(run, fmt) -> None:
    rows = _rows(run, fmt, "compare", "--metric", "地区生产总值增长")
    keys = ("city_region", "rank", "id", "value", "comparator")
    assert _pick(_of(rows, "ranked"), keys, ("rank", "value")) == RANKED
    assert _pick(_of(rows, "ranked"), ("id", "status", "margin"), ("margin",)) == STATUSES
    assert (
        _pick(_of(rows, "city"), ("city_region", "id", "value", "comparator"), ("value",)) == GOALS
    )
    assert _pick(_of(rows, "left_out"), ("id", "why", "other"), ()) == LEFT_OUT
    assert len(rows) == len(RANKED) + len(GOALS) + len(LEFT_OUT)


def test_compare_table_holds_the_same_ranking(run) -> None:
    lines = _table(run, "compare", "--metric", "地区生产总值增长")
    ranked = [line.split()[:5] for line in lines if line[:1].isdigit()]
    assert ranked == [
        ["1", "金湖", "金沙", "≥6.5", "%"],
        ["2", "金山", "金沙", "6", "%"],
        ["3", "金川", "金沙", "≥5", "%"],
        ["1", "银滩", "银河", "5.5", "%"],
        ["2", "银峰", "银河", "≥5", "%"],
    ]
    for expected in (
        "按所属市分别排名：金沙、银河",
        "云岭 ≈5 % (2024) [yunling-gdp-growth]",
        "金沙 ≈5.5 % (2024) [jinsha-gdp-growth]",
        "银河 ≥5 % (2024) [yinhe-gdp-growth]",
        "jinhu-gdp-growth-report (金湖): 与 jinhu-gdp-growth 为同一目标，已计入",
        "yinfeng-gdp-growth (银峰): 已被 yinfeng-gdp-growth-report 修订，计入修订后的数值",
    ):
        assert expected in lines, expected


# ---------------------------------------------------------------- coverage

# Rates: each figure against its own parent's goal, in points:
#   金沙 5.5 - 云岭 5 = +0.5; 银河 5 - 云岭 5 = 0;
#   金湖 6.5 - 金沙 5.5 = +1; 金山 6 - 5.5 = +0.5; 金川 5 - 5.5 = -0.5;
#   银滩 5.5 - 银河 5 = +0.5; 银峰 (revised) 5 - 5 = 0.
GAPS = {
    ("云岭省", "jinsha-gdp-growth", 5.5, "yunling-gdp-growth", 5.0, 0.5),
    ("云岭省", "yinhe-gdp-growth", 5.0, "yunling-gdp-growth", 5.0, 0.0),
    ("金沙市", "jinhu-gdp-growth", 6.5, "jinsha-gdp-growth", 5.5, 1.0),
    ("金沙市", "jinshan-gdp-growth", 6.0, "jinsha-gdp-growth", 5.5, 0.5),
    ("金沙市", "jinchuan-gdp-growth", 5.0, "jinsha-gdp-growth", 5.5, -0.5),
    ("银河市", "yintan-gdp-growth", 5.5, "yinhe-gdp-growth", 5.0, 0.5),
    ("银河市", "yinfeng-gdp-growth-report", 5.0, "yinhe-gdp-growth", 5.0, 0.0),
}
GAP_KEYS = ("city_region", "id", "value", "city_id", "city_value", "points")
GAP_NUMBERS = ("value", "city_value", "points")


def test_coverage_json_sets_units_beside_their_city_and_cities_beside_the_province(run) -> None:
    found = _json(run, "coverage")
    entries = {entry["metric"]: entry for entry in found["coverage"]}
    assert sorted(entries) == sorted(["地区生产总值增长", "城镇新增就业", "粮食产量"])
    gaps = entries["地区生产总值增长"]["gaps"]
    assert {tuple(g[k] for k in GAP_KEYS) for g in gaps} == GAPS
    assert {
        (r["id"], r["why"], r["other"]) for r in entries["地区生产总值增长"]["left_out"]
    } == LEFT_OUT
    # the additive metrics: the same totals and shares as sum (worked above)
    jobs = entries["城镇新增就业"]["subtotals"]
    assert {
        (s["city_region"], s["level"], s["total"], s["comparator"], s["unit"]) for s in jobs
    } == (JOBS_TOTALS)
    assert {
        (s["city_region"], "city", c["id"], c["value"], c["share"]) for s in jobs for c in s["city"]
    } | {
        (s["city_region"], "pledge", p["id"], p["value"], p["share"])
        for s in jobs
        for p in s["pledges"]
    } == JOBS_GOALS
    assert entries["城镇新增就业"]["silent"] == ["金川市", "银峰市"]
    grain = entries["粮食产量"]["subtotals"]
    assert {
        (s["city_region"], s["total"], s["comparator"], s["unit"]) for s in grain
    } == GRAIN_TOTALS
    assert {
        (s["city_region"], c["id"], c["value"], c["share"]) for s in grain for c in s["city"]
    } == (GRAIN_GOALS)
    # 银河 has no grain goal and none of its units states one: no subtotal to be silent in
    assert entries["粮食产量"]["silent"] == ["金湖区", "银河市"]
    assert found["uncovered"] == []


@pytest.mark.parametrize("fmt", FLAT)
def test_coverage_flat_formats_hold_the_same_figures(run, fmt) -> None:
    rows = _rows(run, fmt, "coverage")

    def of(metric: str, *roles: str) -> list[dict]:
        return _of(rows, *roles, metric=metric)

    assert _pick(of("地区生产总值增长", "gap"), GAP_KEYS, GAP_NUMBERS) == GAPS
    assert _pick(of("地区生产总值增长", "left_out"), ("id", "why", "other"), ()) == LEFT_OUT
    assert _pick(
        of("城镇新增就业", "total"), ("city_region", "value", "comparator", "unit"), ("value",)
    ) == {(city, total, comparator, unit) for city, _, total, comparator, unit in JOBS_TOTALS}
    assert (
        _pick(of("城镇新增就业", "part"), ("city_region", "id", "value"), ("value",)) == JOBS_PARTS
    )
    goals = of("城镇新增就业", "city", "pledge")
    assert (
        _pick(goals, ("city_region", "role", "id", "value", "share"), ("value", "share"))
        == JOBS_GOALS
    )
    assert _pick(of("城镇新增就业", "silent"), ("city_region", "region"), ()) == JOBS_SILENT
    assert _pick(
        of("粮食产量", "total"), ("city_region", "value", "comparator", "unit"), ("value",)
    ) == (GRAIN_TOTALS)
    assert (
        _pick(of("粮食产量", "part"), ("city_region", "id", "value", "unit"), ("value",))
        == GRAIN_PARTS
    )
    assert _pick(
        of("粮食产量", "city"), ("city_region", "id", "value", "share"), ("value", "share")
    ) == (GRAIN_GOALS)
    assert _pick(of("粮食产量", "silent"), ("city_region", "region"), ()) == {
        ("金沙市", "金湖区"),
        ("云岭省", "银河市"),
    }


def test_coverage_table_holds_the_same_figures(run) -> None:
    blocks = [" | ".join(block) for block in _blocks(_table(run, "coverage", width="80"))]
    for expected in (
        # rates: unit (or city) against the goal of its own parent, in points
        "指标 地区生产总值增长 (2024) | 上级 云岭 | 上级目标 ≈5 % | 下级合计 金沙 ≈5.5 % | 覆盖 +0.5 个百分点",
        "指标 地区生产总值增长 (2024) | 上级 云岭 | 上级目标 ≈5 % | 下级合计 银河 ≥5 % | 覆盖 +0 个百分点",
        "指标 地区生产总值增长 (2024) | 上级 金沙 | 上级目标 ≈5.5 % | 下级合计 金湖 ≥6.5 % | 覆盖 +1 个百分点",
        "指标 地区生产总值增长 (2024) | 上级 金沙 | 上级目标 ≈5.5 % | 下级合计 金山 6 % | 覆盖 +0.5 个百分点",
        "指标 地区生产总值增长 (2024) | 上级 金沙 | 上级目标 ≈5.5 % | 下级合计 金川 ≥5 % | 覆盖 -0.5 个百分点",
        "指标 地区生产总值增长 (2024) | 上级 银河 | 上级目标 ≥5 % | 下级合计 银滩 5.5 % | 覆盖 +0.5 个百分点",
        "指标 地区生产总值增长 (2024) | 上级 银河 | 上级目标 ≥5 % | 下级合计 银峰 ≥5 % | 覆盖 +0 个百分点",
        # amounts: the children's total and the share of the parent's goal
        "指标 城镇新增就业 (2024) | 上级 云岭 | 上级目标 ≥80 万人 | 下级合计 至少 10 万人 | 覆盖 12.5% "
        "| 下级目标 金沙 ≥6 万人； 银河 ≥4 万人",
        "指标 城镇新增就业 (2024) | 上级 金沙 | 上级目标 ≥6 万人 | 下级合计 至少 4 万人 | 覆盖 66.7% "
        "| 下级目标 金湖 2.5 万人； 金山 ≥1.5 万人 | 未表态 金川",
        "指标 城镇新增就业 (2024) | 上级 银河 | 上级目标 ≥4 万人 | 下级合计 1.2 万人 | 覆盖 30.0% "
        "| 下级目标 银滩 1.2 万人 | 未表态 银峰",
        "指标 粮食产量 (2024) | 上级 金沙 | 上级目标 ≥100 万吨 | 下级合计 45.8 万吨 | 覆盖 45.8% "
        "| 下级目标 金山 8000 吨； 金川 45 万吨 | 未表态 金湖",
        "指标 粮食产量 (2024) | 上级 云岭 | 上级目标 ≥1200 万吨 | 下级合计 至少 100 万吨 | 覆盖 8.3% "
        "| 下级目标 金沙 ≥100 万吨 | 未表态 银河",
    ):
        # a block is one record; the notes after the last one follow it without a blank
        assert any(block == expected or block.startswith(expected + " | ") for block in blocks), (
            expected
        )
    text = "\n".join(blocks)
    # the departments' pledges are set beside as pledges, with their shares
    assert "上级目标 部门承诺 6.5 万人 | 下级合计 至少 4 万人 | 覆盖 61.5%" in text
    assert "上级目标 部门承诺 ≥4.5 万人 | 下级合计 1.2 万人 | 覆盖 26.7%" in text


# ---------------------------------------------------------------- progress

# 28 targets, less 金湖's restatement and 银峰's revised pledge: 26 counted.
# Outcomes, margin in points (positive: better than the target):
# - yunling-cpi: ≈3 % read as a ceiling, 0.2 % came: met, 3 - 0.2 = +2.8
# - yunling-energy: 下降 2 %, 下降 3.1 % came: met, 3.1 - 2 = +1.1
# - jinsha-fai-growth: 5 %, -3.5 % came (a fall, shown with its sign): missed, -3.5 - 5 = -8.5
# - jinhu-gdp-growth: ≥6.5 %, 6.8 % came: met, +0.3
# - yinfeng-gdp-growth-report: ≥5 % (revised), 4.8 % came: missed, -0.2
OUTCOMES = {
    ("yunling-cpi", "met", 2.8, 0.2, None),
    ("yunling-energy", "met", 1.1, 3.1, "down"),
    ("jinsha-fai-growth", "missed", -8.5, -3.5, None),
    ("jinhu-gdp-growth", "met", 0.3, 6.8, None),
    ("yinfeng-gdp-growth-report", "missed", -0.2, 4.8, None),
}
OUTCOME_KEYS = ("id", "status", "margin", "outcome_value", "outcome_direction")
# org: targets counted, known, met, missed, unclear, not comparable, unknown
SCORECARD = {
    ("云岭省", 5, 2, 2, 0, 0, 0, 3),  # gdp, jobs, cpi, energy, grain; cpi and energy met
    ("金沙市", 4, 1, 0, 1, 0, 0, 3),  # investment (missed), gdp, jobs, grain
    ("金湖区", 3, 1, 1, 0, 0, 0, 2),  # gdp (once, met), jobs, 招商引资
    ("金山区", 4, 0, 0, 0, 0, 0, 4),
    ("金川市", 2, 0, 0, 0, 0, 0, 2),
    ("金沙市发展改革局", 1, 0, 0, 0, 0, 0, 1),
    ("银河市", 3, 0, 0, 0, 0, 0, 3),  # investment, gdp, jobs
    ("银滩区", 2, 0, 0, 0, 0, 0, 2),
    ("银峰市", 1, 1, 0, 1, 0, 0, 0),  # gdp, the revised figure only: missed
    ("银河市人社局", 1, 0, 0, 0, 0, 0, 1),
}
CARD_KEYS = ("org", "targets", "known", "met", "missed", "unclear", "not_comparable", "unknown")
TOTAL = (26, 5, 3, 2, 0, 0, 21)


def test_progress_json_gives_each_status_and_signed_margin(run) -> None:
    found = _json(run, "progress")
    assert (found["targets"], found["outcomes_known"]) == (26, 5)
    assert found["restatements"] == ["jinhu-gdp-growth-report"]
    assert found["revised_as"] == {"yinfeng-gdp-growth": "yinfeng-gdp-growth-report"}
    assert {tuple(o[k] for k in OUTCOME_KEYS) for o in found["outcomes"]} == OUTCOMES
    energy = next(o for o in found["outcomes"] if o["id"] == "yunling-energy")
    assert (energy["target_direction"], energy["target_value"]) == ("down", 2)
    assert {tuple(c[k] for k in CARD_KEYS) for c in found["scorecard"]} == SCORECARD
    assert tuple(found["total"][k] for k in CARD_KEYS[1:]) == TOTAL
    # missed, firmest word first: 金沙's 力争 before 银峰's report (no word)
    assert [(m["id"], m["margin"]) for m in found["missed"]] == [
        ("jinsha-fai-growth", -8.5),
        ("yinfeng-gdp-growth-report", -0.2),
    ]


@pytest.mark.parametrize("fmt", FLAT)
def test_progress_flat_formats_hold_the_same_figures(run, fmt) -> None:
    rows = _rows(run, fmt, "progress")
    assert _pick(_of(rows, "outcome"), OUTCOME_KEYS, ("margin", "outcome_value")) == OUTCOMES
    numbers = CARD_KEYS[1:]
    assert _pick(_of(rows, "scorecard"), CARD_KEYS, numbers) == {
        (org, *map(float, counts)) for org, *counts in SCORECARD
    }
    assert _pick(_of(rows, "total"), numbers, numbers) == {tuple(map(float, TOTAL))}
    assert [(r["id"], _num(r["margin"])) for r in _of(rows, "missed")] == [
        ("jinsha-fai-growth", -8.5),
        ("yinfeng-gdp-growth-report", -0.2),
    ]
    assert _pick(_of(rows, "restatement"), ("id", "same_as"), ()) == {
        ("jinhu-gdp-growth-report", "jinhu-gdp-growth")
    }
    assert [r["id"] for r in _of(rows, "revised")] == ["yinfeng-gdp-growth"]


def test_progress_table_holds_the_same_figures(run) -> None:
    lines = _table(run, "progress")
    short = {"云岭省": "云岭", "金沙市": "金沙", "金湖区": "金湖", "金山区": "金山", "金川市": "金川",
             "银河市": "银河", "银滩区": "银滩", "银峰市": "银峰"}  # fmt: skip
    for org, *counts in SCORECARD:
        assert " ".join([short.get(org, org), *map(str, counts)]) in lines, org
    assert " ".join(["合计", *map(str, TOTAL)]) in lines
    assert "已知结果的目标：26 个中 5 个" in lines
    blocks = [" | ".join(block) for block in _blocks(_table(run, "progress", width="80"))]
    for expected in (
        "编号 yunling-cpi | 发言单位 云岭 | 指标 居民消费价格涨幅 | 目标 ≈3 % | 结果 0.2 % | 年份 2024 "
        "| 状态 完成 | 差距 +2.8 个百分点",
        "编号 yunling-energy | 发言单位 云岭 | 指标 单位地区生产总值能耗 | 目标 下降 2 % "
        "| 结果 下降 3.1 % | 年份 2024 | 状态 完成 | 差距 +1.1 个百分点",
        "编号 jinsha-fai-growth | 发言单位 金沙 | 指标 固定资产投资增长 | 目标 5 % | 结果 -3.5 % "
        "| 年份 2024 | 状态 未完成 | 差距 -8.5 个百分点",
        "编号 jinhu-gdp-growth | 发言单位 金湖 | 指标 地区生产总值增长 | 目标 ≥6.5 % | 结果 6.8 % "
        "| 年份 2024 | 状态 完成 | 差距 +0.3 个百分点",
        "编号 yinfeng-gdp-growth-report | 发言单位 银峰 | 指标 地区生产总值增长 | 目标 ≥5 % "
        "| 结果 4.8 % | 年份 2024 | 状态 未完成 | 差距 -0.2 个百分点",
    ):
        assert any(expected in block for block in blocks), expected
    english = [
        " | ".join(block) for block in _blocks(_table(run, "progress", lang="en", width="80"))
    ]
    fall = (
        "id jinsha-fai-growth | stated by Jinsha | metric Fixed-asset investment growth "
        "| target 5 % | result -3.5 % | period 2024 | status missed | margin -8.5 points"
    )
    assert any(fall in block for block in english)
    assert any("target fall 2 % | result fall 3.1 %" in block for block in english)


# ---------------------------------------------------------------- show

# 金湖's GDP growth, said at 金沙's pledge meeting (金湖区委书记 郑湖, the org's speaker) and
# again in 金湖's own report (金湖区区长 冯湖, the statement's own speaker): one target,
# two statements, each with the speaker of its document; the first is counted.
JINHU_HISTORY = [
    ("jinhu-gdp-growth", "first", True, "jinsha-2024-pledges", "2024-02-18", "郑湖", "金湖区委书记", 6.5),
    ("jinhu-gdp-growth-report", "restatement", False, "jinhu-2024-report", "2024-03-01", "冯湖",
     "金湖区区长", 6.5),
]  # fmt: skip
# 银峰's pledge (银峰市委书记 沈峰, ≥4.5) revised by its later report (银峰市市长 韩峰, ≥5)
YINFENG_HISTORY = [
    ("yinfeng-gdp-growth", "first", False, "yinhe-2024-pledges", "2024-02-20", "沈峰", "银峰市委书记", 4.5),
    ("yinfeng-gdp-growth-report", "revision", True, "yinfeng-2024-report", "2024-03-06", "韩峰",
     "银峰市市长", 5),
]  # fmt: skip
HISTORY_KEYS = ("id", "role", "counted", "source", "published", "speaker", "speaker_title", "value")


def _history(record: dict[str, Any]) -> list[tuple]:
    history = record["history"]
    if isinstance(history, str):  # CSV and TSV carry it as JSON text
        history = json.loads(history)
    return [tuple(h[k] for k in HISTORY_KEYS) for h in history]


@pytest.mark.parametrize(
    ("target_id", "speaker", "history"),
    [
        ("jinhu-gdp-growth", ("郑湖", "金湖区委书记"), JINHU_HISTORY),
        ("jinhu-gdp-growth-report", ("冯湖", "金湖区区长"), JINHU_HISTORY),
        ("yinfeng-gdp-growth", ("沈峰", "银峰市委书记"), YINFENG_HISTORY),
        ("yinfeng-gdp-growth-report", ("韩峰", "银峰市市长"), YINFENG_HISTORY),
    ],
)
def test_show_names_the_speaker_of_each_document(run, target_id, speaker, history) -> None:
    records = [_json(run, "show", target_id)]
    records += [_rows(run, fmt, "show", target_id)[0] for fmt in FLAT]
    for record in records:
        assert record["id"] == target_id
        assert (record["speaker"], record["speaker_title"]) == speaker
        assert [(*row[:-1], _num(row[-1])) for row in _history(record)] == [
            (*row[:-1], float(row[-1])) for row in history
        ]


def test_show_table_gives_each_statement_with_its_speaker(run) -> None:
    lines = _table(run, "show", "jinhu-gdp-growth")
    assert "发言人 金湖区委书记 郑湖" in lines
    assert "另见 jinhu-gdp-growth-report" in lines
    assert (
        "历次表述 jinhu-gdp-growth: ≥6.5 %, jinsha-2024-pledges 2024-02-18, 金湖区委书记 郑湖（计入）"
        in lines
    )
    assert "jinhu-gdp-growth-report: ≥6.5 %, jinhu-2024-report 2024-03-01, 金湖区区长 冯湖" in lines
    assert "状态 完成，+0.3 个百分点" in lines
    lines = _table(run, "show", "yinfeng-gdp-growth-report", lang="en")
    assert "speaker 银峰市市长 韩峰" in lines
    assert (
        "statements yinfeng-gdp-growth: ≥4.5 %, yinhe-2024-pledges 2024-02-20, 银峰市委书记 沈峰"
        in lines
    )
    assert (
        "yinfeng-gdp-growth-report: ≥5 %, yinfeng-2024-report 2024-03-06, 银峰市市长 韩峰 (counted)"
        in lines
    )
    assert "status missed, -0.2 points" in lines


def test_coverage_of_a_rate_with_no_goal_above_suggests_compare_not_sum(run):
    # 固定资产投资增长 is a growth rate (additive = false): 云岭省 states no figure for it,
    # and `sum` refuses to add rates (exit 3), so the next command to try is compare
    ran = run("coverage", "--metric", "固定资产投资增长", "--data", DATA, "--json")
    assert ran.code == 0, ran.stderr
    assert "try: targets compare --metric 固定资产投资增长" in ran.stderr
    assert "targets sum --metric 固定资产投资增长" not in ran.stderr
