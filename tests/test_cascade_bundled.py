"""`targets cascade` on the bundled data: 广东省 above 江门市 above its seven units.

Worked out by hand from data/targets.toml (the [[targets]], [[outcomes]] and
[[not_found]] tables; the searches are in docs/levels-searched.md):

地区生产总值增长, 2024 (a rate: child minus the goal above, in points)
  广东省  guangdong-gdp-growth: 增长5%, a bare figure (comparator =, no 左右, no
          firmness word); source guangdong-2024-report-nandu, url
          https://epaper.oeeee.com/epaper/A/html/2024-01/24/content_1982.htm.
          Outcome guangdong-gdp-growth-2024: 3.5% -> missed, 3.5 - 5 = -1.5 points.
    江门市  no figure: the [[not_found]] entry (江门市, 2024, target) lists 地区生产总值增长,
          so "searched, not found", with its note. Every unit below is set beside 广东,
          江门 skipped.
      蓬江区, 新会区, 台山市, 鹤山市: no figure (and no [[not_found]] entry: plain).
      江海区  jianghai-gdp-growth: 力争 6% (=) -> 6 - 5 = +1 point, exact (both bare).
              No outcome; [[not_found]] (江海区, 2024, outcome) -> said.
      开平市  kaiping-gdp-growth: 确保 5.5%以上 (>=) -> 5.5 - 5 = at least +0.5.
              Restated by kaiping-gdp-growth-city-report (江门's report, same_as).
              Outcome kaiping-gdp-growth-2024: 2.5% -> missed, 2.5 - 5.5 = -3.0 points.
      开平市  kaiping-gdp-growth-strive: 力争达到6% (=), its own row -> 6 - 5 = +1;
              source jiangmen-2024-report-kaiping (a cited source, url
              https://rajayuj.com/home/sqdt/kpzx/content/post_3029558.html).
              Outcome kaiping-gdp-growth-strive-2024: 2.5% -> missed, 2.5 - 6 = -3.5.
      恩平市  enping-gdp-growth: 确保 6%以上 (>=) -> 6 - 5 = at least +1.
              Restated by enping-gdp-growth-headline. No outcome; [[not_found]]
              (恩平市, 2024, outcome) -> said.

规上工业增加值增长, 2024
  广东省  guangdong-industry-value-added-growth: 5% (=), source
          guangdong-2024-report-dotdot, url
          https://dotdotnews.com/a/202401/23/AP65af301fe4b07371379eba23.html.
          Outcome 4.2% -> missed, 4.2 - 5 = -0.8 points.
    江门市  no goal: searched, not found (the same [[not_found]] entry lists the metric);
          市工信局's pledge 全力 实现 6% (=) is set beside 广东 (its own region 江门 has
          no goal: 江门 skipped, as for the units): 6 - 5 = +1.
      江海区  jianghai-industry-va-growth: 力争 6% -> +1 against 广东, 江门 skipped.
      蓬江, 新会, 台山, 开平, 鹤山, 恩平: no figure. No unit outcome is recorded, and no
      [[not_found]] entry is for this metric's outcomes: the result cells stay empty.
"""

from __future__ import annotations

import csv
import io

import pytest

GDP = "地区生产总值增长"
INDUSTRY = "规上工业增加值增长"
WIDE = {"COLUMNS": "200"}  # every row on one line
NANDU = "https://epaper.oeeee.com/epaper/A/html/2024-01/24/content_1982.htm"
RAJAYUJ = "https://rajayuj.com/home/sqdt/kpzx/content/post_3029558.html"
DOTDOT = "https://dotdotnews.com/a/202401/23/AP65af301fe4b07371379eba23.html"
NO_FIGURE = ["蓬江区", "新会区", "台山市", "鹤山市"]
UNITS = ["蓬江区", "江海区", "新会区", "台山市", "开平市", "鹤山市", "恩平市"]


def _levels(document) -> list[dict]:
    (tree,) = document["trees"]
    assert tree["period"] == "2024"
    return tree["levels"]


def _figures(document) -> dict[str, dict]:
    return {f["id"]: f for lv in _levels(document) for f in lv["figures"]}


def _line(table: str, *words: str) -> str:
    found = [line for line in table.splitlines() if all(w in line for w in words)]
    assert found, (words, table)
    return found[0]


# ---- 地区生产总值增长 ---------------------------------------------------------------


def test_gdp_json(run):
    ran = run("cascade", "--metric", GDP, "--json")
    assert ran.code == 0, ran
    document = ran.json()
    levels = _levels(document)
    assert [(lv["depth"], lv["region"]) for lv in levels] == [
        (0, "广东省"),
        (1, "江门市"),
        *[(2, unit) for unit in UNITS],
    ]
    by_region = {lv["region"]: lv for lv in levels}
    jiangmen = by_region["江门市"]
    assert jiangmen["no_figure"] is True and jiangmen["figures"] == []
    assert jiangmen["not_found"].startswith("Jiangmen's own 2024 targets")
    for region in NO_FIGURE:
        assert by_region[region]["no_figure"] is True
        assert by_region[region]["not_found"] is None

    found = _figures(document)
    assert set(found) == {
        "guangdong-gdp-growth",
        "jianghai-gdp-growth",
        "kaiping-gdp-growth",
        "kaiping-gdp-growth-strive",
        "enping-gdp-growth",
    }
    gd = found["guangdong-gdp-growth"]
    assert (gd["value"], gd["comparator"], gd["firmness"]) == (5, "=", None)
    assert (gd["outcome_value"], gd["status"], gd["margin"]) == (3.5, "missed", -1.5)
    assert (gd["source"], gd["source_url"]) == ("guangdong-2024-report-nandu", NANDU)
    assert gd["against"] is None

    def versus(ident: str) -> tuple:
        f = found[ident]
        return (f["value"], f["comparator"], f["firmness"], f["points"], f["points_comparator"])

    for ident in found:
        if ident != "guangdong-gdp-growth":
            assert found[ident]["against"] == "guangdong-gdp-growth", ident
            assert found[ident]["skipped"] == ["江门市"], ident
    assert versus("jianghai-gdp-growth") == (6, "=", "力争", 1, "=")
    assert versus("kaiping-gdp-growth") == (5.5, ">=", "确保", 0.5, ">=")
    assert versus("kaiping-gdp-growth-strive") == (6, "=", "力争", 1, "=")
    assert versus("enping-gdp-growth") == (6, ">=", "确保", 1, ">=")

    kaiping = found["kaiping-gdp-growth"]
    assert (kaiping["outcome_value"], kaiping["status"], kaiping["margin"]) == (
        2.5,
        "missed",
        -3.0,
    )
    assert kaiping["restatements"] == ["kaiping-gdp-growth-city-report"]
    strive = found["kaiping-gdp-growth-strive"]
    assert (strive["outcome_value"], strive["status"], strive["margin"]) == (2.5, "missed", -3.5)
    assert strive["source_url"] == RAJAYUJ
    enping = found["enping-gdp-growth"]
    assert enping["restatements"] == ["enping-gdp-growth-headline"]
    assert enping["status"] == "unknown"
    assert enping["outcome_not_found"].startswith("No report of Enping's 2024 GDP growth")
    assert found["jianghai-gdp-growth"]["outcome_not_found"].startswith(
        "No report of Jianghai's 2024 GDP growth"
    )
    assert kaiping["outcome_not_found"] is None and gd["outcome_not_found"] is None
    # the restatement, stated in 江门's report (a cited source), carries its address
    city_report = [s for s in kaiping["statements"] if s["id"] == "kaiping-gdp-growth-city-report"]
    assert city_report[0]["source_url"] == RAJAYUJ

    rows = {r["child_target"]: r for r in document["amplification"]}
    assert set(rows) == set(found) - {"guangdong-gdp-growth"}
    for row in rows.values():
        assert row["skipped_not_found"]["江门市"].startswith("Jiangmen's own 2024 targets")


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_gdp_flat(run, fmt):
    ran = run("cascade", "--metric", GDP, "--format", fmt)
    assert ran.code == 0, ran
    text = ran.stdout.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
    no_figure = {r["region"]: r["not_found"] for r in rows if r["role"] == "no_figure"}
    assert list(no_figure) == ["江门市", *NO_FIGURE]
    assert no_figure["江门市"].startswith("Jiangmen's own 2024 targets")
    assert all(no_figure[r] == "" for r in NO_FIGURE)
    by_id = {r["id"]: r for r in rows if r["role"] == "goal"}

    def cells(ident: str, *keys: str) -> tuple[str, ...]:
        return tuple(by_id[ident][k] for k in keys)

    keys = ("points", "points_comparator", "status", "margin")
    assert cells("guangdong-gdp-growth", "value", "comparator", "outcome_value", *keys[2:]) == (
        "5",
        "=",
        "3.5",
        "missed",
        "-1.5",
    )
    assert cells("guangdong-gdp-growth", "source_url") == (NANDU,)
    assert cells("jianghai-gdp-growth", *keys) == ("1", "=", "unknown", "")
    assert cells("kaiping-gdp-growth", *keys) == ("0.5", ">=", "missed", "-3.0")
    assert cells("kaiping-gdp-growth-strive", *keys) == ("1", "=", "missed", "-3.5")
    assert cells("enping-gdp-growth", *keys) == ("1", ">=", "unknown", "")
    assert by_id["kaiping-gdp-growth"]["skipped"] == "江门市"
    assert by_id["kaiping-gdp-growth"]["restatements"] == "kaiping-gdp-growth-city-report"
    assert by_id["enping-gdp-growth"]["restatements"] == "enping-gdp-growth-headline"
    assert by_id["enping-gdp-growth"]["outcome_not_found"].startswith("No report of Enping")
    assert by_id["jianghai-gdp-growth"]["outcome_not_found"].startswith("No report of Jianghai")
    assert by_id["kaiping-gdp-growth-strive"]["source_url"] == RAJAYUJ


def test_gdp_table(run):
    ran = run("cascade", "--metric", GDP, "--format", "table", env=WIDE)
    assert ran.code == 0, ran
    table = ran.stdout
    gd = _line(table, "guangdong-gdp-growth")
    assert gd.startswith("  广东 ") and "5 %" in gd and "3.5 % · 未完成 · -1.5 个百分点" in gd
    assert _line(table, "江门").startswith("    江门 ") and "已检索未找到" in _line(table, "江门")
    for unit in ("蓬江", "新会", "台山", "鹤山"):
        assert "未定目标" in _line(table, f"      {unit} ")
    jianghai = _line(table, "jianghai-gdp-growth")
    assert "力争" in jianghai and "+1 个百分点*" in jianghai
    assert "已检索未找到" in jianghai
    kaiping = _line(table, "kaiping-gdp-growth ")
    assert "≥5.5 %" in kaiping and "确保" in kaiping
    assert "≥+0.5 个百分点*" in kaiping
    assert "2.5 % · 未完成 · -3.0 个百分点" in kaiping
    strive = _line(table, "kaiping-gdp-growth-strive")
    assert "+1 个百分点" in strive and "2.5 % · 未完成 · -3.5 个百分点" in strive
    enping = _line(table, "enping-gdp-growth")
    assert "≥6 %" in enping and "≥+1 个百分点*" in enping
    assert "已检索未找到" in enping
    assert "* 江门未定目标，改与广东的目标（5 %）对比" in table
    assert "kaiping-gdp-growth: 重复表述 kaiping-gdp-growth-city-report" in table
    assert "enping-gdp-growth: 重复表述 enping-gdp-growth-headline" in table
    assert "已检索而未找到：" in table
    assert "江门 (目标): [英文] Jiangmen's own 2024 targets" in table
    assert "江海 (结果): [英文] No report of Jianghai's" in table
    assert "恩平 (结果): [英文] No report of Enping's" in table


def test_gdp_table_in_english(run):
    table = run("cascade", "--metric", GDP, "--format", "table", "--lang", "en", env=WIDE).stdout
    assert "not found (searched)" in _line(table, "  Jiangmen ")
    assert "≥+0.5 pt*" in _line(table, "kaiping-gdp-growth ")
    assert "2.5 % · missed · -3.0 points" in _line(table, "kaiping-gdp-growth ")
    assert "not found (searched)" in _line(table, "enping-gdp-growth")
    assert "Jiangmen (target): Jiangmen's own 2024 targets" in table


# ---- 规上工业增加值增长 --------------------------------------------------------------


def test_industry_json_and_table(run):
    document = run("cascade", "--metric", INDUSTRY, "--json").json()
    by_region = {lv["region"]: lv for lv in _levels(document)}
    assert list(by_region) == ["广东省", "江门市", *UNITS]
    gd = by_region["广东省"]["figures"][0]
    assert (gd["id"], gd["value"], gd["comparator"]) == (
        "guangdong-industry-value-added-growth",
        5,
        "=",
    )
    assert (gd["outcome_value"], gd["status"], gd["margin"]) == (4.2, "missed", -0.8)
    assert gd["source_url"] == DOTDOT
    jiangmen = by_region["江门市"]
    assert jiangmen["no_figure"] is True  # the department's pledge is not its goal
    assert jiangmen["not_found"].startswith("Jiangmen's own 2024 targets")
    (pledge,) = jiangmen["figures"]
    assert (pledge["id"], pledge["org"], pledge["pledge"]) == (
        "gongxin-industry-va-growth",
        "市工信局",
        True,
    )
    assert (pledge["points"], pledge["points_comparator"], pledge["skipped"]) == (
        1,
        "=",
        ["江门市"],
    )
    (jianghai,) = by_region["江海区"]["figures"]
    assert (jianghai["id"], jianghai["points"], jianghai["skipped"]) == (
        "jianghai-industry-va-growth",
        1,
        ["江门市"],
    )
    for unit in UNITS:
        if unit != "江海区":
            assert by_region[unit]["figures"] == [] and by_region[unit]["not_found"] is None
    assert pledge["outcome_not_found"] is None and jianghai["outcome_not_found"] is None

    table = run("cascade", "--metric", INDUSTRY, "--format", "table", env=WIDE).stdout
    assert "4.2 % · 未完成 · -0.8 个百分点" in _line(table, "guangdong-industry-value-added")
    assert "已检索未找到" in _line(table, "    江门 ")
    assert "+1 个百分点*" in _line(table, "gongxin-industry-va-growth")
    assert "+1 个百分点*" in _line(table, "jianghai-industry-va-growth")
