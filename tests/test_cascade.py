"""`targets cascade --metric M`: one metric down the tree of levels, on a fixture.

tests/fixtures/cascade/ is a made-up province (南岭省) with two cities: 东江市 (units 东湖,
东山, 东平 and its 发展改革局) and 西江市 (units 西林, 西塘 and its 人社局). Every figure
below is read from the fixture's source texts, and every amplification and margin is
worked out by hand in the comments.

地区生产总值增长, 2024 (a rate: child minus the goal above, in points):
  南岭省  5%左右 (work report; the plenum says it again: one target, restated)
    东江市  5.5%左右            5.5 - 5   = +0.5, about (左右 on both sides)
      东江市发展改革局 6%        a pledge beside 东江's goal: 6 - 5.5 = +0.5, about
      东湖区  ≥6% 确保           6 - 5.5   = +0.5, about; result 6.3%: met, 6.3 - 6 = +0.3
      东山区  6.5%左右 力争       6.5 - 5.5 = +1, about
      东平市  ≥5.5% 确保         (the mid-year meeting revised ≥5%) 5.5 - 5.5 = 0, about;
                                result 5.2%: missed, 5.2 - 5.5 = -0.3
    西江市  no figure (its work report states none)
      西林区  5.5%               against 南岭, 西江 skipped: 5.5 - 5 = +0.5, about
      西塘市  ≥4.5% 确保         against 南岭, 西江 skipped: 4.5 - 5 = -0.5, about

规上工业增加值增长, 2024 (bounds other than about):
  南岭省 6%左右; 东江市 7%: 7 - 6 = +1, about; 东湖区 ≥8%: 8 - 7 = +1, at least
  (a floor against an exact figure); 东山区 7.5%: 7.5 - 7 = +0.5, exact.

城镇新增就业, 2024 (an amount: the children's goals added, as coverage adds them):
  南岭省 ≥110万人: its cities 东江 ≥6 + 西江 4 = at least 10万人, 10/110 = 0.0909;
    result 115万人: met, 115/110 = 1.0455 (104.5% of the target)
  东江市 ≥6万人: 东湖 2.5 + 东山 ≥1.8 = at least 4.3万人, 4.3/6 = 0.7167; 东湖高新区's
    0.5万人 is left out (a narrower area); 东平 no figure; 发展改革局 6.5万人 a pledge
  西江市 4万人: 西林 ≥1.5万人 + 西塘 12000人 (= 1.2万人) = at least 2.7万人,
    2.7/4 = 0.675; 人社局 ≥4.2万人 a pledge
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "cascade" / "targets.toml"
GDP = "地区生产总值增长"
INDUSTRY = "规上工业增加值增长"
JOBS = "城镇新增就业"


def cascade(run, *args: str):
    return run("cascade", "--data", str(FIXTURE), *args)


def figures(document) -> dict[str, dict]:
    """Every figure of the answer by id, with its level's region and depth."""
    found = {}
    for tree in document["trees"]:
        for level in tree["levels"]:
            for item in level["figures"]:
                found[item["id"]] = item | {"depth": level["depth"], "region": level["region"]}
    return found


def levels(document) -> list[tuple[int, str]]:
    return [(lv["depth"], lv["region"]) for tree in document["trees"] for lv in tree["levels"]]


# ---- JSON --------------------------------------------------------------------------


def test_three_levels_of_a_rate_from_the_top_down(run):
    ran = cascade(run, "--metric", GDP, "--json")
    assert ran.code == 0, ran
    document = ran.json()
    assert document["metric"] == GDP and document["additive"] is False
    assert [tree["period"] for tree in document["trees"]] == ["2024"]
    # the tree in the order of the data, each region under its parent
    assert levels(document) == [
        (0, "南岭省"),
        (1, "东江市"),
        (2, "东湖区"),
        (2, "东山区"),
        (2, "东平市"),
        (1, "西江市"),
        (2, "西林区"),
        (2, "西塘市"),
    ]
    found = figures(document)
    expected = {
        # id: (against, points, bound, skipped)
        "dongjiang-gdp-growth": ("nanling-gdp-growth", 0.5, "about", []),
        "dongjiang-drb-gdp-growth": ("dongjiang-gdp-growth", 0.5, "about", []),
        "donghu-gdp-growth": ("dongjiang-gdp-growth", 0.5, "about", []),
        "dongshan-gdp-growth": ("dongjiang-gdp-growth", 1, "about", []),
        "dongping-gdp-growth-midyear": ("dongjiang-gdp-growth", 0, "about", []),
        "xilin-gdp-growth": ("nanling-gdp-growth", 0.5, "about", ["西江市"]),
        "xitang-gdp-growth": ("nanling-gdp-growth", -0.5, "about", ["西江市"]),
    }
    for ident, (against, points, bound, skipped) in expected.items():
        item = found[ident]
        assert (item["against"], item["points"], item["points_comparator"]) == (
            against,
            points,
            bound,
        ), ident
        assert item["skipped"] == skipped, ident
    top = found["nanling-gdp-growth"]
    assert top["against"] is None and top["points"] is None  # nothing above the province
    # figure, comparator and firmness as stated
    assert (found["donghu-gdp-growth"]["comparator"], found["donghu-gdp-growth"]["firmness"]) == (
        ">=",
        "确保",
    )
    assert (found["dongshan-gdp-growth"]["value"], found["dongshan-gdp-growth"]["comparator"]) == (
        6.5,
        "about",
    )


def test_a_level_with_no_figure_says_so_and_its_units_are_set_beside_the_province(run):
    document = cascade(run, "--metric", GDP, "--json").json()
    xijiang = next(lv for lv in document["trees"][0]["levels"] if lv["region"] == "西江市")
    assert xijiang["figures"] == [] and xijiang["depth"] == 1
    found = figures(document)
    assert found["xilin-gdp-growth"]["against_region"] == "南岭省"
    assert found["xilin-gdp-growth"]["skipped"] == ["西江市"]


def test_outcomes_and_margins_as_progress_gives_them(run):
    found = figures(cascade(run, "--metric", GDP, "--json").json())
    donghu, dongping = found["donghu-gdp-growth"], found["dongping-gdp-growth-midyear"]
    # 6.3% against at least 6%: met by 0.3 points
    assert (donghu["status"], donghu["margin"], donghu["margin_unit"]) == ("met", 0.3, "points")
    assert donghu["outcome_url"] == "https://example.org/donghu/2024-bulletin"
    # 5.2% against at least 5.5% (the revised figure): missed by 0.3 points
    assert (dongping["status"], dongping["margin"]) == ("missed", -0.3)
    assert found["dongshan-gdp-growth"]["status"] == "unknown"


def test_a_restated_figure_is_shown_once_with_its_restatement_listed(run):
    document = cascade(run, "--metric", GDP, "--json").json()
    ids = [
        item["id"] for tree in document["trees"] for lv in tree["levels"] for item in lv["figures"]
    ]
    assert ids.count("nanling-gdp-growth") == 1
    assert "nanling-gdp-growth-plenum" not in ids  # never counted twice
    province = figures(document)["nanling-gdp-growth"]
    assert province["restatements"] == ["nanling-gdp-growth-plenum"]
    assert [s["id"] for s in province["statements"]] == [
        "nanling-gdp-growth",
        "nanling-gdp-growth-plenum",
    ]


def test_a_revision_shows_the_later_figure_and_the_earlier_one(run):
    document = cascade(run, "--metric", GDP, "--json").json()
    found = figures(document)
    assert "dongping-gdp-growth" not in found  # the earlier figure is not a row of its own
    dongping = found["dongping-gdp-growth-midyear"]
    assert dongping["value"] == 5.5
    assert dongping["revised"] == [
        {
            "id": "dongping-gdp-growth",
            "value": 5,
            "unit": "%",
            "comparator": ">=",
            "source": "dongjiang-2024-pledges",
            "source_url": None,  # a bundled text, with no address
        }
    ]


def test_the_department_pledge_is_a_pledge_beside_the_city_not_its_goal(run):
    document = cascade(run, "--metric", GDP, "--json").json()
    dongjiang = next(lv for lv in document["trees"][0]["levels"] if lv["region"] == "东江市")
    assert [(f["id"], f["pledge"]) for f in dongjiang["figures"]] == [
        ("dongjiang-gdp-growth", False),
        ("dongjiang-drb-gdp-growth", True),
    ]
    # the units are set beside the city's own goal, never the department's
    assert figures(document)["donghu-gdp-growth"]["against"] == "dongjiang-gdp-growth"


def test_bounds_other_than_about(run):
    found = figures(cascade(run, "--metric", INDUSTRY, "--json").json())
    assert (
        found["dongjiang-industry-growth"]["points"],
        found["dongjiang-industry-growth"]["points_comparator"],
    ) == (1, "about")
    # at least 8% against exactly 7%: at least one point more
    assert (
        found["donghu-industry-growth"]["points"],
        found["donghu-industry-growth"]["points_comparator"],
    ) == (1, ">=")
    # 7.5% against 7%: exactly half a point more
    assert (
        found["dongshan-industry-growth"]["points"],
        found["dongshan-industry-growth"]["points_comparator"],
    ) == (0.5, "=")


def test_amounts_add_the_childrens_goals_with_their_bounds(run):
    document = cascade(run, "--metric", JOBS, "--json").json()
    assert document["additive"] is True
    by_region = {lv["region"]: lv for lv in document["trees"][0]["levels"]}
    province = by_region["南岭省"]["children"]
    assert province == [
        {
            "unit": "万人",
            "total": 10,
            "total_max": None,
            "comparator": ">=",
            "parts": ["dongjiang-jobs", "xijiang-jobs"],
            "against": "nanling-jobs",
            "against_region": "南岭省",
            "skipped": [],
            "share": 0.0909,
        }
    ]
    dongjiang = by_region["东江市"]["children"][0]
    assert (dongjiang["total"], dongjiang["comparator"], dongjiang["share"]) == (4.3, ">=", 0.7167)
    assert dongjiang["parts"] == ["donghu-jobs", "dongshan-jobs"]  # not the pledge, not 东湖高新区
    xijiang = by_region["西江市"]["children"][0]
    # 1.5万人 and 12000人 are one quantity: converted, shown in the larger unit
    assert (xijiang["total"], xijiang["unit"], xijiang["share"]) == (2.7, "万人", 0.675)
    assert by_region["东平市"]["figures"] == []
    # the narrower area is left out, with why
    assert [(left["id"], left["why"]) for left in document["left_out"]] == [
        ("donghu-hitech-jobs", "narrower")
    ]
    # the province's result: 115 of at least 110 万人 is 104.5%
    top = by_region["南岭省"]["figures"][0]
    assert (top["status"], top["margin"], top["margin_unit"]) == ("met", 1.0455, "share")
    pledges = [f["id"] for lv in by_region.values() for f in lv["figures"] if f["pledge"]]
    assert pledges == ["dongjiang-drb-jobs", "xijiang-hrss-jobs"]


def test_amounts_with_a_missing_middle_level_are_set_beside_the_province(run, tmp_path):
    """西江 without its own goal: its units' at least 2.7万人 against 南岭's 110 is
    2.7/110 = 0.0245, saying 西江 was skipped; the province's cities' total is then 东江's
    at least 6万人 alone, 6/110 = 0.0545."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE.parent, folder)
    text = (folder / "targets.toml").read_text(encoding="utf-8")
    start = text.index('[[targets]]\nid = "xijiang-jobs"')
    end = text.index("[[targets]]", start + 5)
    (folder / "targets.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    # (its report's figure is then claimed by nothing: say it is no target)
    report = folder / "sources" / "xijiang-2024-report.txt"
    report.write_text(
        report.read_text(encoding="utf-8").replace("城镇新增就业4万人", "就业稳定"),
        encoding="utf-8",
    )
    ran = run("cascade", "--data", str(folder / "targets.toml"), "--metric", JOBS, "--json")
    assert ran.code == 0, ran
    by_region = {lv["region"]: lv for lv in ran.json()["trees"][0]["levels"]}
    assert by_region["南岭省"]["children"][0]["total"] == 6
    assert by_region["南岭省"]["children"][0]["share"] == 0.0545
    xijiang = by_region["西江市"]
    assert [f["id"] for f in xijiang["figures"]] == ["xijiang-hrss-jobs"]  # a pledge only
    assert xijiang["figures"][0]["pledge"] is True
    child = xijiang["children"][0]
    assert (child["total"], child["against"], child["skipped"], child["share"]) == (
        2.7,
        "nanling-jobs",
        ["西江市"],
        0.0245,
    )


def test_region_keeps_its_subtree_and_the_levels_above_as_context(run):
    document = cascade(run, "--metric", GDP, "--region", "西江", "--json").json()
    assert document["regions"] == ["西江市"]
    assert levels(document) == [(0, "南岭省"), (1, "西江市"), (2, "西林区"), (2, "西塘市")]
    assert figures(document)["xitang-gdp-growth"]["points"] == -0.5


# ---- the flat formats ----------------------------------------------------------------


def _rows(text: str, delimiter: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))


@pytest.mark.parametrize("fmt", ["tsv", "csv", "jsonl"])
def test_every_flat_format_holds_the_whole_answer(run, fmt):
    ran = cascade(run, "--metric", GDP, "--format", fmt)
    assert ran.code == 0, ran
    if fmt == "jsonl":
        rows = [
            {k: "" if v is None else str(v) for k, v in json.loads(line).items()}
            for line in ran.stdout.splitlines()
        ]
    else:
        rows = _rows(ran.stdout, "\t" if fmt == "tsv" else ",")
    by_id = {row["id"]: row for row in rows if row.get("id")}
    assert [r["region"] for r in rows if r["role"] == "no_figure"] == ["西江市"]
    assert by_id["dongjiang-drb-gdp-growth"]["role"] == "pledge"
    assert by_id["dongjiang-gdp-growth"]["role"] == "goal"
    for ident, points in {
        "dongjiang-gdp-growth": "0.5",
        "donghu-gdp-growth": "0.5",
        "dongshan-gdp-growth": "1",
        "dongping-gdp-growth-midyear": "0",
        "xilin-gdp-growth": "0.5",
        "xitang-gdp-growth": "-0.5",
    }.items():
        assert (by_id[ident]["points"], by_id[ident]["points_comparator"]) == (points, "about")
    assert by_id["xilin-gdp-growth"]["skipped"] in ("西江市", "['西江市']")
    assert by_id["xilin-gdp-growth"]["against"] == "nanling-gdp-growth"
    assert (by_id["donghu-gdp-growth"]["status"], by_id["donghu-gdp-growth"]["margin"]) == (
        "met",
        "0.3",
    )
    assert by_id["dongping-gdp-growth-midyear"]["margin"] == "-0.3"
    assert by_id["nanling-gdp-growth"]["restatements"] == "nanling-gdp-growth-plenum"
    assert by_id["dongping-gdp-growth-midyear"]["revised"] == "dongping-gdp-growth"
    assert "nanling-gdp-growth-plenum" not in by_id and "dongping-gdp-growth" not in by_id


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
def test_flat_totals_of_an_amount(run, fmt):
    ran = cascade(run, "--metric", JOBS, "--format", fmt)
    rows = _rows(ran.stdout, "\t" if fmt == "tsv" else ",")
    totals = {r["region"]: r for r in rows if r["role"] == "total"}
    assert (totals["南岭省"]["total"], totals["南岭省"]["total_comparator"]) == ("10", ">=")
    assert totals["南岭省"]["share"] == "0.0909"
    assert (totals["东江市"]["total"], totals["东江市"]["share"]) == ("4.3", "0.7167")
    assert (totals["西江市"]["total"], totals["西江市"]["unit"]) == ("2.7", "万人")
    assert [r["id"] for r in rows if r["role"] == "left_out"] == ["donghu-hitech-jobs"]


# ---- the table -----------------------------------------------------------------------


def _line(table: str, *words: str) -> str:
    found = [line for line in table.splitlines() if all(w in line for w in words)]
    assert found, (words, table)
    return found[0]


def test_table_is_an_indented_tree_with_every_amplification(run):
    ran = cascade(run, "--metric", GDP, "--format", "table")
    assert ran.code == 0, ran
    table = ran.stdout
    assert "地区生产总值增长 (2024)" in table
    # indented by depth: the province at 2 spaces, cities at 4, units at 6
    assert _line(table, "nanling-gdp-growth").startswith("  南岭 ")
    assert _line(table, "dongjiang-gdp-growth").startswith("    东江 ")
    assert _line(table, "donghu-gdp-growth").startswith("      东湖 ")
    assert "≈+0.5 个百分点" in _line(table, "dongjiang-gdp-growth")
    assert "≈+1 个百分点" in _line(table, "dongshan-gdp-growth")
    assert "≈+0 个百分点" in _line(table, "dongping-gdp-growth-midyear")
    assert "≈-0.5 个百分点" in _line(table, "xitang-gdp-growth")
    donghu = _line(table, "donghu-gdp-growth")
    assert "≥6 %" in donghu and "确保" in donghu and "6.3 %" in donghu and "完成" in donghu
    assert "+0.3 个百分点" in table
    assert "未完成" in _line(table, "dongping-gdp-growth-midyear")
    assert "-0.3 个百分点" in table
    assert _line(table, "西江", "未定目标").startswith("    西江 ")
    assert "部门承诺" in _line(table, "dongjiang-drb-gdp-growth")
    assert "* 西江未定目标，改与南岭的目标（≈5 %）对比" in table
    assert "nanling-gdp-growth: 重复表述 nanling-gdp-growth-plenum" in table
    assert "dongping-gdp-growth-midyear: 修订前 ≥5 % [dongping-gdp-growth]" in table
    assert "https://example.org/dongping/2024-bulletin" in table


def test_table_of_an_amount(run):
    table = cascade(run, "--metric", JOBS, "--format", "table").stdout
    top = _line(table, "nanling-jobs")
    assert "≥110 万人" in top and "至少 10 万人" in top and "9.1%" in top
    assert "104.5%" in table
    assert "71.7%" in _line(table, "dongjiang-jobs") and "至少 4.3 万人" in table
    assert "67.5%" in _line(table, "xijiang-jobs") and "至少 2.7 万人" in table
    assert "donghu-hitech-jobs" in table and "东湖高新区" in table  # left out, with why


def test_lang_en(run):
    table = cascade(run, "--metric", GDP, "--format", "table", "--lang", "en").stdout
    assert "GDP growth (2024)" in table
    assert "≈+0.5 pt" in _line(table, "dongjiang-gdp-growth")
    assert "met" in _line(table, "donghu-gdp-growth") and "+0.3 points" in table
    assert "no figure" in _line(table, "Xijiang")
    assert "* Xijiang: no figure; set beside Nanling's (≈5 %) instead" in table
    assert "pledge:" in table
    assert "restated as nanling-gdp-growth-plenum" in table
    assert "revised from ≥5 % [dongping-gdp-growth]" in table
    # the JSON answer is the same in both languages
    assert cascade(run, "--metric", GDP, "--json", "--lang", "en").json() == (
        cascade(run, "--metric", GDP, "--json").json()
    )


# ---- empty answers -------------------------------------------------------------------


def test_an_unknown_metric_is_a_usage_error_with_the_closest_names(run):
    ran = cascade(run, "--metric", "地区生产总", "--json")
    assert ran.code == 2 and ran.stdout == ""
    assert "unknown metric '地区生产总'" in ran.stderr and "地区生产总值增长" in ran.stderr


def test_no_figure_for_the_period_says_so(run):
    ran = cascade(run, "--metric", GDP, "--period", "2026", "--json")
    assert ran.code == 0
    assert ran.json()["trees"] == []
    assert ran.stderr == (
        f"targets: no target of {GDP} matches --period 2026; try: targets cascade --metric {GDP}\n"
    )


def test_no_figure_in_the_region_says_so(run):
    ran = cascade(run, "--metric", INDUSTRY, "--region", "西江", "--format", "tsv")
    assert ran.code == 0
    assert ran.stdout.count("\n") == 1  # the header alone
    assert ran.stderr == (
        f"targets: no level in or under --region 西江 has a figure for {INDUSTRY}; "
        f"try: targets cascade --metric {INDUSTRY}\n"
    )


def test_a_metric_is_required(run):
    ran = cascade(run)
    assert ran.code == 2 and "--metric" in ran.stderr


# ---- the real entry point, as a user runs it ------------------------------------------


def test_python_m_targets_cli(tmp_path):
    ran = subprocess.run(
        [sys.executable, "-m", "targets_cli", "cascade", "--data", str(FIXTURE), "--metric", GDP],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path), "HOME": str(tmp_path)},
    )
    assert ran.returncode == 0, ran.stderr
    # piped: tab-separated lines
    rows = {row["id"]: row for row in _rows(ran.stdout, "\t") if row["id"]}
    assert rows["xilin-gdp-growth"]["points"] == "0.5"
    assert rows["dongping-gdp-growth-midyear"]["margin"] == "-0.3"


def test_any_depth_a_nation_above_the_province(run, tmp_path):
    """A fourth level: a made-up nation (中华国) above 南岭省, with GDP growth of 5%左右.
    南岭's 5%左右 against it is 5 - 5 = 0, about; the rest of the tree is as before."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE.parent, folder)
    (folder / "sources" / "nation-2024-report.txt").write_text(
        "中华国政府工作报告（摘要）\n\n今年主要预期目标\n"
        "今年发展主要预期目标是：地区生产总值增长5%左右。\n",
        encoding="utf-8",
    )
    text = (folder / "targets.toml").read_text(encoding="utf-8")
    text = text.replace(
        '[[orgs]]\nid = "南岭省"\nkind = "province"\n',
        '[[orgs]]\nid = "中华国"\nkind = "nation"\nname_en = "Zhonghua"\n\n'
        '[[orgs]]\nid = "南岭省"\nkind = "province"\nparent = "中华国"\n',
    )
    text += (
        '\n[[sources]]\nid = "nation-2024-report"\nfile = "sources/nation-2024-report.txt"\n'
        'title = "中华国政府工作报告（摘要）"\nyear = 2024\n\n'
        '[[targets]]\nid = "nation-gdp-growth"\norg = "中华国"\nmetric = "地区生产总值增长"\n'
        'value = 5\nunit = "%"\ncomparator = "about"\nwording = "左右"\nperiod = "2024"\n'
        'source = "nation-2024-report"\nquote = "地区生产总值增长5%左右"\n'
    )
    (folder / "targets.toml").write_text(text, encoding="utf-8")
    ran = run("cascade", "--data", str(folder / "targets.toml"), "--metric", GDP, "--json")
    assert ran.code == 0, ran
    document = ran.json()
    assert levels(document)[:3] == [(0, "中华国"), (1, "南岭省"), (2, "东江市")]
    found = figures(document)
    assert (found["nanling-gdp-growth"]["against"], found["nanling-gdp-growth"]["points"]) == (
        "nation-gdp-growth",
        0,
    )
    assert found["xitang-gdp-growth"]["depth"] == 3
    assert found["xitang-gdp-growth"]["points"] == -0.5  # still against 南岭, 西江 skipped


def test_on_the_bundled_data_kaiping_missed_its_ensured_growth(run):
    """开平 pledged to ensure (确保) GDP growth of 5.5% or more; its work report gives 2.5%:
    missed by 2.5 - 5.5 = -3.0 points."""
    found = figures(run("cascade", "--metric", GDP, "--json").json())
    kaiping = found["kaiping-gdp-growth"]
    assert (kaiping["value"], kaiping["comparator"], kaiping["firmness"]) == (5.5, ">=", "确保")
    assert (kaiping["status"], kaiping["margin"], kaiping["margin_unit"]) == (
        "missed",
        -3.0,
        "points",
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--metric", GDP, "--json"],
        ["--metric", GDP, "--format", "table", "--lang", "en"],
        ["--metric", JOBS, "--format", "csv", "--bom"],
        ["--metric", GDP, "-r", "西江", "--period", "2024", "--format", "jsonl"],
        ["--metric", GDP, "--period", "2026", "--format", "tsv"],  # empty: a note
        ["--metric", "没有这个指标", "--json"],  # exit 2
        ["--json"],  # --metric missing: Click's usage message
        ["--metric", GDP, "--metric", JOBS],  # given twice
    ],
)
def test_the_fast_path_and_typer_answer_alike(argv, monkeypatch):
    """The fast path (no Typer) and Typer's command give the same bytes and exit code."""
    from targets_cli.__main__ import main
    from targets_cli.cli import fast

    monkeypatch.setenv("COLUMNS", "100")
    words = ["cascade", "--data", str(FIXTURE), *argv]

    def ran() -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(words))
        return code, out.getvalue(), err.getvalue()

    either = ran()
    monkeypatch.setattr(fast, "answer", lambda argv: None)
    assert ran() == either
    assert either[0] in (0, 2)
