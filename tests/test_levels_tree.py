"""Levels as a tree (issue 19): a province above its cities, each city above its units.

The fixture tests/fixtures/levels/ was written for these tests. Its five texts, laid out
as government work reports (主要预期目标) and pledge meetings, give:

    南岭省 (province, its government report)   GDP 5%左右 (≈5)      jobs 110万人以上 (≥110)
    ├ 东江市 (city, its government report)     GDP 5.5%左右 (≈5.5)  jobs 6万人以上 (≥6)
    │ ├ 东江市发展改革局 (department, pledge)  GDP 6% (=6)           jobs 6.5万人 (=6.5)
    │ ├ 东湖区                                 GDP 6%以上 (≥6)       jobs 2.5万人 (=2.5)
    │ ├ 东山区                                 GDP 6.5%左右 (≈6.5)   jobs 1.8万人以上 (≥1.8)
    │ └ 东平市 (county-level city)             GDP 5%以上 (≥5)       jobs: nothing
    └ 西江市 (city, its government report)     GDP 5%左右 (≈5)      jobs 4万人 (=4)
      ├ 西江市人社局 (department, pledge)      -                     jobs 4.2万人以上 (≥4.2)
      ├ 西林区                                 GDP 5.5% (=5.5)       jobs 1.5万人以上 (≥1.5)
      └ 西塘市 (county-level city)             GDP 4.5%以上 (≥4.5)   jobs 1.2万人 (=1.2)

and 南岭省's 规模以上工业增加值增长6%左右, which nobody below it states. Every figure below
is worked out by hand from that table.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from targets_cli.data.loading import bundled_data

FIXTURE = Path(__file__).parent / "fixtures" / "levels"
DATA = ("--data", str(FIXTURE), "--no-cache")
WIDE = {"COLUMNS": "250", "NO_COLOR": "1"}


def ok(ran):
    assert ran.code == 0, ran
    assert "Traceback" not in ran.stderr
    return ran


def flat(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_the_fixture_passes_check(run):
    ran = ok(run("check", *DATA))
    assert "19 targets, 10 orgs, 3 metrics, 5 sources" in ran.stdout + ran.stderr


# ---- sum --------------------------------------------------------------------------------
#
# 城镇新增就业, per parent:
#   南岭省: its parts are its cities' goals, their governments' own figures:
#           东江 ≥6 + 西江 =4 = at least 10 万人 (a floor among the parts: ≥); the province's
#           goal ≥110, so the cities' figures cover 10/110 = 9.09% (0.0909).
#           The departments' pledges (6.5, ≥4.2) are not parts: the goal of each city is its
#           government's figure.
#   东江市: 东湖 =2.5 + 东山 ≥1.8 = at least 4.3 万人; beside the city's goal ≥6: 4.3/6 =
#           71.67% (0.7167); beside 东江市发展改革局's pledge 6.5: 4.3/6.5 = 66.15% (0.6615).
#           东平 stated nothing: silent, under 东江.
#   西江市: 西林 ≥1.5 + 西塘 =1.2 = at least 2.7 万人; goal 4: 2.7/4 = 67.5% (0.675);
#           西江市人社局's pledge ≥4.2: 2.7/4.2 = 64.29% (0.6429).
# No unit of one city is listed under the other city or under the province.


def test_sum_json_per_parent(run):
    answer = ok(run("sum", "--metric", "城镇新增就业", *DATA, "--format", "json")).json()
    subs = answer["subtotals"]
    assert [s["city_region"] for s in subs] == ["南岭省", "东江市", "西江市"]
    assert [s["level"] for s in subs] == ["province", "city", "city"]
    assert [s["parent"] for s in subs] == ["南岭省", "东江市", "西江市"]
    assert [(s["total"], s["comparator"], s["unit"]) for s in subs] == [
        (10, ">=", "万人"),
        (4.3, ">=", "万人"),
        (2.7, ">=", "万人"),
    ]
    assert [[p["region"] for p in s["parts"]] for s in subs] == [
        ["东江市", "西江市"],
        ["东湖区", "东山区"],
        ["西林区", "西塘市"],
    ]
    assert [p["id"] for p in subs[0]["parts"]] == ["dongjiang-jobs", "xijiang-jobs"]
    assert [[(c["id"], c["share"]) for c in s["city"]] for s in subs] == [
        [("nanling-jobs", 0.0909)],
        [("dongjiang-jobs", 0.7167)],
        [("xijiang-jobs", 0.675)],
    ]
    assert [[(p["id"], p["org"], p["share"]) for p in s["pledges"]] for s in subs] == [
        [],
        [("dongjiang-drb-jobs", "东江市发展改革局", 0.6615)],
        [("xijiang-hrss-jobs", "西江市人社局", 0.6429)],
    ]
    assert answer["silent"] == ["东平市"]
    assert answer["left_out"] == []


def test_sum_csv_rows(run):
    text = ok(run("sum", "--metric", "城镇新增就业", *DATA, "--format", "csv")).stdout
    rows = [(r["role"], r["city_region"], r["region"], r["value"], r["share"]) for r in flat(text)]
    assert rows == [
        ("part", "南岭省", "东江市", "6", ""),
        ("part", "南岭省", "西江市", "4", ""),
        ("total", "南岭省", "南岭省", "10", ""),
        ("city", "南岭省", "南岭省", "110", "0.0909"),
        ("part", "东江市", "东湖区", "2.5", ""),
        ("part", "东江市", "东山区", "1.8", ""),
        ("total", "东江市", "东江市", "4.3", ""),
        ("city", "东江市", "东江市", "6", "0.7167"),
        ("pledge", "东江市", "东江市", "6.5", "0.6615"),
        ("part", "西江市", "西林区", "1.5", ""),
        ("part", "西江市", "西塘市", "1.2", ""),
        ("total", "西江市", "西江市", "2.7", ""),
        ("city", "西江市", "西江市", "4", "0.675"),
        ("pledge", "西江市", "西江市", "4.2", "0.6429"),
        ("silent", "东江市", "东平市", "", ""),
    ]


def test_sum_table_says_province_and_city_by_kind(run):
    ran = ok(run("sum", "--metric", "城镇新增就业", *DATA, "--format", "table", env=WIDE))
    lines = ran.stdout.splitlines()
    assert (
        "合计（南岭，2024）：至少 10 万人，2 个市；全省目标 ≥110 万人（南岭），市级合计为其 9.1%"
    ) in lines
    assert (
        "合计（东江，2024）：至少 4.3 万人，2 个县级单位；全市目标 ≥6 万人（东江），"
        "县级合计为其 71.7%；部门承诺 6.5 万人（东江市发展改革局），县级合计为其 66.2%"
    ) in lines
    assert (
        "合计（西江，2024）：至少 2.7 万人，2 个县级单位；全市目标 4 万人（西江），"
        "县级合计为其 67.5%；部门承诺 ≥4.2 万人（西江市人社局），县级合计为其 64.3%"
    ) in lines
    assert "未表态（东江）：东平" in lines
    # the parent column is called 上级 when a province stands among the parents
    assert "上级" in ran.stdout and "所属市" not in ran.stdout


def test_sum_table_in_english(run):
    args = ("sum", "--metric", "城镇新增就业", *DATA, "--lang", "en", "--format", "table")
    text = " ".join(ok(run(*args, env={"COLUMNS": "400"})).stdout.split())
    assert (
        "Total 2024 in Nanling: at least 10 万人 from 2 cities; province target ≥110 万人 "
        "(Nanling), city figures cover 9.1% of it"
    ) in text
    assert (
        "Total 2024 in Dongjiang: at least 4.3 万人 from 2 county-level units; city target "
        "≥6 万人 (Dongjiang), county-level pledges cover 71.7% of it; department pledge 6.5 万人 "
        "(Dongjiang Development and Reform Bureau), county-level pledges cover 66.2% of it"
    ) in text
    assert "Stated nothing in Dongjiang: Dongping" in text


def test_sum_of_one_city_sets_its_units_beside_its_goal_only(run):
    # --region 西江 narrows to 西江市 and its units: 2.7 beside 西江's 4, nothing of 东江's
    args = ("sum", "--metric", "城镇新增就业", "--region", "西江", *DATA, "--format", "json")
    answer = ok(run(*args)).json()
    regions = {p["region"] for s in answer["subtotals"] for p in s["parts"]}
    assert not regions & {"东湖区", "东山区", "东平市", "东江市"}
    assert "东平市" not in answer["silent"]


# ---- compare ----------------------------------------------------------------------------
#
# 地区生产总值增长 ranks the county-level units, highest first (rates are not added),
# each city's units among themselves (two cities are two fields, each with its #1):
#   东江: 东山 ≈6.5 (#1), 东湖 ≥6 (#2), 东平 ≥5 (#3); 西江: 西林 5.5 (#1), 西塘 ≥4.5 (#2). Beside them, not ranked: 南岭's ≈5 under 全省目标, then under
# 全市目标 东江 ≈5.5, 西江 ≈5, and 东江市发展改革局's 6, named as a department's pledge
# (东江's government states its own goal, ≈5.5).


def test_compare_json(run):
    answer = ok(run("compare", "--metric", "地区生产总值增长", *DATA, "--format", "json")).json()
    assert [(r["region"], r["value"], r["rank"], r["city_region"]) for r in answer["ranking"]] == [
        ("东山区", 6.5, 1, "东江市"),
        ("东湖区", 6, 2, "东江市"),
        ("东平市", 5, 3, "东江市"),
        ("西林区", 5.5, 1, "西江市"),
        ("西塘市", 4.5, 2, "西江市"),
    ]
    assert [(c["id"], c["city_region"]) for c in answer["city"]] == [
        ("nanling-gdp-growth", "南岭省"),
        ("dongjiang-gdp-growth", "东江市"),
        ("xijiang-gdp-growth", "西江市"),
        ("dongjiang-drb-gdp-growth", "东江市"),
    ]


def test_compare_tsv_and_table(run):
    text = ok(run("compare", "--metric", "地区生产总值增长", *DATA, "--format", "tsv")).stdout
    rows = [(r["role"], r["region"], r["rank"], r["city_region"]) for r in flat(text, "\t")]
    assert rows == [
        ("ranked", "东山区", "1", "东江市"),
        ("ranked", "东湖区", "2", "东江市"),
        ("ranked", "东平市", "3", "东江市"),
        ("ranked", "西林区", "1", "西江市"),
        ("ranked", "西塘市", "2", "西江市"),
        ("city", "南岭省", "", "南岭省"),
        ("city", "东江市", "", "东江市"),
        ("city", "西江市", "", "西江市"),
        ("city", "东江市", "", "东江市"),
    ]
    table = ok(
        run("compare", "--metric", "地区生产总值增长", *DATA, "--format", "table", env=WIDE)
    ).stdout.splitlines()
    start = table.index("全省目标（不参与排名）：")
    assert table[start : start + 6] == [
        "全省目标（不参与排名）：",
        "  南岭 ≈5 % (2024) [nanling-gdp-growth]",
        "全市目标（不参与排名）：",
        "  东江 ≈5.5 % (2024) [dongjiang-gdp-growth]",
        "  西江 ≈5 % (2024) [xijiang-gdp-growth]",
        "  东江 6 % (2024) [dongjiang-drb-gdp-growth] — 部门承诺（东江市发展改革局）",
    ]


# ---- coverage ---------------------------------------------------------------------------
#
# 地区生产总值增长 (a rate: each part against its own parent's goal, in points):
#   东江 ≈5.5 against 南岭 ≈5: +0.5      西江 ≈5 against 南岭 ≈5: +0
#   东湖 ≥6 against 东江 ≈5.5: +0.5      东山 ≈6.5: +1      东平 ≥5: −0.5
#   西林 5.5 against 西江 ≈5: +0.5       西塘 ≥4.5: −0.5
# The goal of 东江 is its government's ≈5.5, not 东江市发展改革局's 6, which is shown as a
# pledge and is no part of 南岭's. 城镇新增就业: the three totals of `sum` above, each
# beside its own parent's goal; 东平 silent under 东江. 规上工业增加值增长 has no parts
# (only 南岭 states it): no coverage.


def test_coverage_json(run):
    answer = ok(run("coverage", *DATA, "--format", "json")).json()
    assert [e["metric"] for e in answer["coverage"]] == ["地区生产总值增长", "城镇新增就业"]
    gdp, jobs = answer["coverage"]
    assert gdp["cities"] == ["南岭省", "东江市", "西江市"]
    gaps = [(g["region"], g["city_region"], g["city_id"], g["points"]) for g in gdp["gaps"]]
    assert gaps == [
        ("东江市", "南岭省", "nanling-gdp-growth", 0.5),
        ("西江市", "南岭省", "nanling-gdp-growth", 0),
        ("东湖区", "东江市", "dongjiang-gdp-growth", 0.5),
        ("东山区", "东江市", "dongjiang-gdp-growth", 1),
        ("东平市", "东江市", "dongjiang-gdp-growth", -0.5),
        ("西林区", "西江市", "xijiang-gdp-growth", 0.5),
        ("西塘市", "西江市", "xijiang-gdp-growth", -0.5),
    ]
    assert [(p["id"], p["org"], p["city_region"]) for p in gdp["pledges"]] == [
        ("dongjiang-drb-gdp-growth", "东江市发展改革局", "东江市")
    ]
    assert gdp["silent"] == []
    assert jobs["cities"] == ["南岭省", "东江市", "西江市"]
    subs = jobs["subtotals"]
    assert [(s["city_region"], s["total"], [c["share"] for c in s["city"]]) for s in subs] == [
        ("南岭省", 10, [0.0909]),
        ("东江市", 4.3, [0.7167]),
        ("西江市", 2.7, [0.675]),
    ]
    assert [[p["id"] for p in s["pledges"]] for s in subs] == [
        [],
        ["dongjiang-drb-jobs"],
        ["xijiang-hrss-jobs"],
    ]
    assert jobs["silent"] == ["东平市"]
    assert answer["uncovered"] == []


def test_coverage_csv(run):
    text = ok(run("coverage", *DATA, "--format", "csv")).stdout
    gaps = [(r["region"], r["city_region"], r["points"]) for r in flat(text) if r["role"] == "gap"]
    assert gaps == [
        ("东江市", "南岭省", "0.5"),
        ("西江市", "南岭省", "0"),
        ("东湖区", "东江市", "0.5"),
        ("东山区", "东江市", "1"),
        ("东平市", "东江市", "-0.5"),
        ("西林区", "西江市", "0.5"),
        ("西塘市", "西江市", "-0.5"),
    ]
    pledges = [(r["metric"], r["id"], r["value"]) for r in flat(text) if r["role"] == "pledge"]
    assert pledges == [
        ("地区生产总值增长", "dongjiang-drb-gdp-growth", "6"),
        ("城镇新增就业", "dongjiang-drb-jobs", "6.5"),
        ("城镇新增就业", "xijiang-hrss-jobs", "4.2"),
    ]
    silent = [(r["region"], r["city_region"]) for r in flat(text) if r["role"] == "silent"]
    assert silent == [("东平市", "东江市")]


def test_coverage_table(run):
    ran = ok(run("coverage", *DATA, "--format", "table", env=WIDE))
    rows = [line.split() for line in ran.stdout.splitlines() if "(2024)" in line]
    assert rows == [
        ["地区生产总值增长", "(2024)", "南岭", "≈5", "%", "东江", "≈5.5", "%", "+0.5", "个百分点"],
        ["地区生产总值增长", "(2024)", "南岭", "≈5", "%", "西江", "≈5", "%", "+0", "个百分点"],
        ["地区生产总值增长", "(2024)", "东江", "≈5.5", "%", "东湖", "≥6", "%", "+0.5", "个百分点"],
        ["地区生产总值增长", "(2024)", "东江", "≈5.5", "%", "东山", "≈6.5", "%", "+1", "个百分点"],
        ["地区生产总值增长", "(2024)", "东江", "≈5.5", "%", "东平", "≥5", "%", "-0.5", "个百分点"],
        ["地区生产总值增长", "(2024)", "西江", "≈5", "%", "西林", "5.5", "%", "+0.5", "个百分点"],
        ["地区生产总值增长", "(2024)", "西江", "≈5", "%", "西塘", "≥4.5", "%", "-0.5", "个百分点"],
        ["地区生产总值增长", "(2024)", "东江", "部门承诺", "6", "%", "东江市发展改革局"],
        ["城镇新增就业", "(2024)", "南岭", "≥110", "万人", "至少", "10", "万人", "9.1%",
         "东江", "≥6", "万人；", "西江", "4", "万人"],
        ["城镇新增就业", "(2024)", "东江", "≥6", "万人", "至少", "4.3", "万人", "71.7%",
         "东湖", "2.5", "万人；", "东山", "≥1.8", "万人", "东平"],
        ["城镇新增就业", "(2024)", "东江", "部门承诺", "6.5", "万人", "至少", "4.3", "万人",
         "66.2%", "东江市发展改革局"],
        ["城镇新增就业", "(2024)", "西江", "4", "万人", "至少", "2.7", "万人", "67.5%",
         "西林", "≥1.5", "万人；", "西塘", "1.2", "万人"],
        ["城镇新增就业", "(2024)", "西江", "部门承诺", "≥4.2", "万人", "至少", "2.7", "万人",
         "64.3%", "西江市人社局"],
    ]  # fmt: skip
    header = next(line for line in ran.stdout.splitlines() if "指标" in line).split()
    assert header == ["指标", "上级", "上级目标", "下级合计", "覆盖", "下级目标", "未表态"]


def test_coverage_of_a_province_without_cities_says_cities(run, tmp_path):
    # 规上工业增加值增长 is stated by 南岭 alone: no city of it states a figure
    ran = run("coverage", "--metric", "规上工业增加值增长", *DATA)
    assert ran.code != 0 or ran.stderr
    said = " ".join((ran.stdout + ran.stderr).split())
    assert "no city of 南岭省 stated a figure for 规上工业增加值增长" in said
    assert "county-level unit of 南岭省" not in said


# ---- progress ---------------------------------------------------------------------------
#
# No outcome is recorded: 19 targets, 0 with a result. Per org: 南岭省 3 (GDP, industry,
# jobs), 东江市 2, 东江市发展改革局 2, 东湖区 2, 东山区 2, 东平市 1, 西江市 2, 西江市人社局 1,
# 西林区 2, 西塘市 2 (= 19).


def test_progress_counts(run):
    answer = ok(run("progress", *DATA, "--format", "json")).json()
    assert answer["targets"] == 19 and answer["outcomes_known"] == 0
    counts = {row["org"]: (row["kind"], row["targets"]) for row in answer["scorecard"]}
    assert counts == {
        "南岭省": ("province", 3),
        "东江市": ("city", 2),
        "东江市发展改革局": ("department", 2),
        "东湖区": ("district", 2),
        "东山区": ("district", 2),
        "东平市": ("county-city", 1),
        "西江市": ("city", 2),
        "西江市人社局": ("department", 1),
        "西林区": ("district", 2),
        "西塘市": ("county-city", 2),
    }


# ---- the bundled data under a province ----------------------------------------------------


def copied(tmp_path, old: str, new: str, folder: Path = FIXTURE) -> tuple[Path, Path]:
    """A copy of a data folder with `old` (found exactly once) replaced by `new`."""
    target = tmp_path / "data"
    shutil.copytree(folder, target)
    path = target / "targets.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return target, path


def _paragraphs_without(text: str, unwanted) -> str:
    """The data file's text without the [[...]] tables (paragraphs) `unwanted` picks."""
    return "\n\n".join(part for part in text.split("\n\n") if not unwanted(part))


def _guangdong_figure(part: str) -> bool:
    # (a table may follow comment lines in its paragraph)
    return ("[[targets]]" in part and 'org = "广东省"' in part) or (
        "[[outcomes]]" in part and 'target = "guangdong-' in part
    )


def _guangdong(part: str) -> bool:
    named = ('id = "广东省"', 'org = "广东省"')
    return _guangdong_figure(part) or (
        ("[[orgs]]" in part or "[[not_found]]" in part) and any(n in part for n in named)
    )


def _variant(tmp_path: Path, name: str, unwanted, parent: bool) -> Path:
    """A copy of the bundled data without the parts `unwanted` picks (and without
    江门's parent line when `parent` is false)."""
    target = tmp_path / name
    shutil.copytree(bundled_data().parent, target)
    path = target / "targets.toml"
    text = _paragraphs_without(path.read_text(encoding="utf-8"), unwanted)
    if not parent:
        text = text.replace('kind = "city"\nparent = "广东省"\n', 'kind = "city"\n', 1)
    path.write_text(text, encoding="utf-8")
    return target


def test_a_province_above_jiangmen_changes_no_answer_of_its_units(run, tmp_path):
    # 广东省 (the bundled province) with its own figures taken out states nothing: 江门's
    # totals and its silent units stay as they are without the province, and none of them
    # is listed under 广东
    without = _variant(tmp_path, "without", _guangdong, parent=False)
    silent = _variant(tmp_path, "silent", _guangdong_figure, parent=True)
    for folder in (without, silent):
        ok(run("check", "--data", str(folder), "--no-cache"))
    for args in (
        ("sum", "--metric", "超亿元项目", "--format", "table"),
        ("sum", "--metric", "超亿元项目", "--format", "tsv"),
        ("sum", "--metric", "市重点项目投资", "--format", "table"),
        ("coverage", "--format", "table"),
        ("compare", "--metric", "地区生产总值增长", "--format", "table"),
    ):
        before = ok(run(*args, "--data", str(without), "--no-cache"))
        after = ok(run(*args, "--data", str(silent), "--no-cache"))
        assert after.stdout == before.stdout, args
        assert "广东" not in after.stdout


def test_a_city_goal_stays_beside_its_units_when_the_province_states_nothing(run):
    # 市重点项目投资: only 江门 (its 市发展改革委) states it, 1300亿元; 广东 states none, so
    # the city's goal is set beside its units' total (none), never added into a
    # provincial total of one city
    doc = ok(run("sum", "--metric", "市重点项目投资", "--json")).json()
    # (no total: no county-level unit stated a figure)
    assert [(s["city_region"], s["total"]) for s in doc["subtotals"]] == [("江门市", None)]
    assert [c["value"] for c in doc["subtotals"][0]["city"]] == [1300]


def test_a_province_goal_on_the_bundled_data(run):
    # 广东省 above 江门市, with its own GDP growth goal (增长5%, from its cited 2024 report).
    # 江门's units stated GDP growth, 江门 itself did not: the province's parts are its
    # cities, so there is nothing to cover it with, and it says so in terms of cities;
    # 江门's units are never set beside (or listed under) 广东.
    ran = run("coverage", "--metric", "地区生产总值增长")
    said = " ".join((ran.stdout + ran.stderr).split())
    assert "no city of 广东省 stated a figure for 地区生产总值增长" in said
    assert "county-level unit of 广东省" not in said
    table = ok(
        run("compare", "--metric", "地区生产总值增长", "--format", "table", env=WIDE)
    ).stdout.splitlines()
    start = table.index("全省目标（不参与排名）：")
    assert table[start + 1] == "  广东 5 % (2024) [guangdong-gdp-growth]"
    assert "全市目标（不参与排名）：" not in table


# ---- check: the level order --------------------------------------------------------------


def problem_at(run, folder: Path, path: Path, needle: str, after: str) -> str:
    ran = run("check", "--data", str(folder), "--no-cache")
    assert ran.code == 1, ran
    assert "Traceback" not in ran.stderr
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if after in line)
    line = next(n for n in range(start, len(lines)) if needle in lines[n]) + 1
    return next(p for p in ran.stderr.splitlines() if f"targets.toml:{line}:" in p)


def test_check_a_city_under_a_county_level_unit(run, tmp_path):
    old = 'id = "西江市"\nkind = "city"\nparent = "南岭省"'
    folder, path = copied(tmp_path, old, old.replace('"南岭省"', '"东湖区"'))
    problem = problem_at(run, folder, path, 'parent = "东湖区"', 'id = "西江市"')
    assert "[西江市]" in problem
    assert "parent '东湖区' is a district, no level above this city" in problem
    assert "a city's parent is a province, or none at the top" in problem
    assert "such as '南岭省'" in problem


def test_check_a_province_under_a_city(run, tmp_path):
    old = 'id = "南岭省"\nkind = "province"\n'
    folder, _ = copied(tmp_path, old, old + 'parent = "东江市"\n')
    ran = run("check", "--data", str(folder), "--no-cache")
    assert ran.code == 1 and "Traceback" not in ran.stderr
    # 东江市's parent is 南岭省: a circle, reported at both ends of it
    assert "parents go round in a circle: '南岭省' → '东江市' → '南岭省'" in ran.stderr


def test_check_a_province_under_another_city(run, tmp_path):
    # a second province under 西江市: not a circle, a province below a city
    old = '[[orgs]]\nid = "东江市"'
    new = '[[orgs]]\nid = "北岭省"\nkind = "province"\nparent = "西江市"\nname_en = "Beiling"\n\n'
    folder, path = copied(tmp_path, old, new + old)
    problem = problem_at(run, folder, path, 'parent = "西江市"', 'id = "北岭省"')
    assert "[北岭省]" in problem
    assert "parent '西江市' is a city, no level above this province" in problem
    assert "a province's parent is a nation, or none at the top" in problem


def test_check_a_department_under_a_department(run, tmp_path):
    old = 'id = "西江市人社局"\nkind = "department"\nparent = "西江市"'
    folder, path = copied(tmp_path, old, old.replace('"西江市"', '"东江市发展改革局"'))
    problem = problem_at(run, folder, path, 'parent = "东江市发展改革局"', 'id = "西江市人社局"')
    assert "[西江市人社局]" in problem
    assert "parent '东江市发展改革局' is a department" in problem
    assert "the region it speaks for (a province, city or county-level unit)" in problem
    assert "never a department" in problem


@pytest.mark.parametrize("kind", ["district", "county-city"])
def test_check_a_county_level_unit_needs_a_parent(run, tmp_path, kind):
    old = 'id = "西塘市"\nkind = "county-city"\nparent = "西江市"\n'
    folder, _ = copied(tmp_path, old, f'id = "西塘市"\nkind = "{kind}"\n')
    ran = run("check", "--data", str(folder), "--no-cache")
    assert ran.code == 1 and f"a {kind} needs a parent" in ran.stderr
