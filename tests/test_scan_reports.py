"""`targets scan` on a government work report: a review of last year, then this year's
targets; figures with thousands separators, full-width digits and traditional script.

The documents below are written for these tests (after the layout of a work report, no
third-party text); each expected field was read off them by hand.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from targets_cli.rules.figures import find_figures

# A work report: the title, the date it was given, the review of 2023, then the targets.
REPORT = """\
溪桥市政府工作报告
——2024年1月10日在溪桥市第九届人民代表大会第四次会议上
一、2023年工作回顾
2023年，全市地区生产总值达到4,233.2亿元，增长4.8%。
全年新增规模以上工业企业59家，完成固定资产投资6,000亿元。
城镇新增就业５２００人。
二、2024年工作安排
报告提出，今年经济社会发展的主要预期目标是：
地区生产总值增长5%左右
规模以上工业增加值增长5.5%
限额以上社会消费品零售总额增长6%。
城镇新增就业3.5万人以上。
"""

# The same kind of report in traditional script, naming its target year outright.
TRADITIONAL = """\
澄江縣政府工作報告
2023年，全縣地區生產總值達到1,250.6億元，增長5.1%。
2024年主要預期目標：地區生產總值增長5.5%以上，城鎮新增就業1.2萬人。
"""


def scanned(run, tmp_path: Path, name: str, text: str) -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ran = run("scan", str(path))
    assert ran.code == 0, ran
    return tomllib.loads(ran.stdout)


def drafted_in(drafts: dict, words: str) -> dict:
    """The one drafted target whose quote lies inside the given words of the text."""
    found = [t for t in drafts["targets"] if t["quote"] in words]
    assert len(found) == 1, (words, found)
    return found[0]


@pytest.fixture
def report(run, tmp_path) -> dict:
    return scanned(run, tmp_path, "xiqiao-2024.txt", REPORT)


@pytest.fixture
def traditional(run, tmp_path) -> dict:
    return scanned(run, tmp_path, "chengjiang-2024.txt", TRADITIONAL)


# ---- figures in every form a report writes them ----------------------------------


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("达到4,233.2亿元，", "4,233.2亿元"),
        ("达到4,233.2億元，", "4,233.2億元"),
        ("投资6,000亿元。", "6,000亿元"),
        ("就业５２００人。", "５２００人"),
        ("就业3.5萬人以上", "3.5萬人"),
    ],
)
def test_a_figure_is_read_whole(text, figure):
    assert [f.text for f in find_figures(text)] == [figure]


# The report's review figures in the same forms, written as targets: a review sentence
# is one dismissal (tests/test_scan_results.py), so its figures are drafted here instead.
FORMS = """\
溪桥市2024年主要预期目标
全市地区生产总值达到4,233.2亿元，完成固定资产投资6,000亿元。
城镇新增就业５２００人。
全年新增规模以上工业企业59家。
全縣地區生產總值達到1,250.6億元。
"""


@pytest.fixture
def forms(run, tmp_path) -> dict:
    return scanned(run, tmp_path, "forms-2024.txt", FORMS)


def test_thousands_separators_give_one_value(forms):
    gdp = drafted_in(forms, "全市地区生产总值达到4,233.2亿元")
    assert (gdp["value"], gdp["unit"]) == (4233.2, "亿元")
    investment = drafted_in(forms, "完成固定资产投资6,000亿元")
    assert (investment["value"], investment["unit"]) == (6000, "亿元")
    values = [t["value"] for t in forms["targets"]]
    assert 233.2 not in values and 0 not in values


def test_full_width_digits_and_a_count_in_jia(forms):
    jobs = drafted_in(forms, "城镇新增就业５２００人。")
    assert (jobs["value"], jobs["unit"]) == (5200, "人")
    firms = drafted_in(forms, "全年新增规模以上工业企业59家")
    assert (firms["value"], firms["unit"]) == (59, "家")


def test_traditional_script_units(traditional, forms):
    gdp = drafted_in(forms, "全縣地區生產總值達到1,250.6億元")
    assert (gdp["value"], gdp["unit"]) == (1250.6, "亿元")
    jobs = drafted_in(traditional, "城鎮新增就業1.2萬人")
    assert (jobs["value"], jobs["unit"]) == (1.2, "万人")


# ---- 规模以上 and 限额以上 are names, not bounds ---------------------------------------


def test_yishang_in_a_name_is_no_bound(report, forms):
    industry = drafted_in(report, "规模以上工业增加值增长5.5%")
    assert (industry["value"], industry["comparator"]) == (5.5, "=")
    assert "wording" not in industry
    retail = drafted_in(report, "限额以上社会消费品零售总额增长6%")
    assert (retail["value"], retail["comparator"]) == (6, "=")
    firms = drafted_in(forms, "全年新增规模以上工业企业59家")
    assert firms["comparator"] == "=" and "wording" not in firms


def test_yishang_after_the_figure_is_still_a_bound(report):
    jobs = drafted_in(report, "城镇新增就业3.5万人以上")
    assert (jobs["value"], jobs["unit"], jobs["comparator"]) == (3.5, "万人", ">=")
    assert jobs["wording"] == "以上"


# ---- a heading ending in a colon is no speaker line -------------------------------


def test_colon_heading_is_not_a_speaker(report):
    """The short line after the heading is a target, not the headline of a speech."""
    gdp = drafted_in(report, "地区生产总值增长5%左右")
    assert (gdp["value"], gdp["comparator"], gdp["wording"]) == (5, "about", "左右")
    reasons = [entry["reason"] for entry in report.get("not_targets", [])]
    assert not any("headline" in reason for reason in reasons)


# ---- the year the report speaks of -----------------------------------------------


def test_year_of_a_report_is_its_own_not_the_year_reviewed(report):
    """Reviewed: 2023. Given on 2024年1月10日, speaking of 今年: 2024."""
    (source,) = report["sources"]
    assert source["year"] == 2024
    assert drafted_in(report, "地区生产总值增长5%左右")["period"] == "2024"
    assert drafted_in(report, "城镇新增就业3.5万人以上")["period"] == "2024"


def test_year_followed_by_its_targets(traditional):
    (source,) = traditional["sources"]
    assert source["year"] == 2024
    gdp = drafted_in(traditional, "地區生產總值增長5.5%以上")
    assert (gdp["value"], gdp["comparator"], gdp["period"]) == (5.5, ">=", "2024")


def test_a_review_of_targets_met_is_not_the_year_of_targets(run, tmp_path):
    text = "2023年，主要目标任务圆满完成。\n2024年力争地区生产总值增长5%。\n"
    drafts = scanned(run, tmp_path, "review.txt", text)
    assert drafts["sources"][0]["year"] == 2024


# ---- ranges and falls --------------------------------------------------------------

RANGES = """\
溪桥市2024年主要预期目标
单位地区生产总值能耗下降2%。
出口增长5%—6%。
城镇新增就业1—2万人。
全市固定资产投资增长−18.2%。
"""


@pytest.mark.parametrize(
    ("text", "figure"),
    [("出口增长5%—6%。", "5%—6%"), ("投资增长−18.2%。", "−18.2%"), ("投资增长-3.5%。", "-3.5%")],
)
def test_ranges_of_percents_and_signed_figures_are_read_whole(text, figure):
    assert [f.text for f in find_figures(text)] == [figure]


def test_ranges_and_falls_are_drafted(run, tmp_path):
    drafts = scanned(run, tmp_path, "ranges.txt", RANGES)
    energy = drafted_in(drafts, "单位地区生产总值能耗下降2%")
    assert (energy["value"], energy["unit"], energy["direction"]) == (2, "%", "down")
    exports = drafted_in(drafts, "出口增长5%—6%")
    assert (exports["value"], exports["value_max"], exports["unit"]) == (5, 6, "%")
    jobs = drafted_in(drafts, "城镇新增就业1—2万人")
    assert (jobs["value"], jobs["value_max"], jobs["unit"]) == (1, 2, "万人")
    assert "direction" not in exports and "direction" not in jobs
    investment = drafted_in(drafts, "全市固定资产投资增长−18.2%")
    assert (investment["value"], investment["unit"]) == (-18.2, "%")


def test_a_name_counts_the_figure_nearest_it(run, tmp_path):
    """力争三大产业新增专精特新企业59家: 59 专精特新企业; 三 (of 三大产业) is no count of them."""
    text = "2024年主要预期目标：\n力争三大产业新增专精特新企业59家。\n"
    drafts = scanned(run, tmp_path, "nearest.txt", text)
    firms = [t for t in drafts["targets"] if t["metric"] == "专精特新企业"]
    assert [(t["value"], t["unit"]) for t in firms] == [(59, "家")]
    assert firms[0]["quote"] == "专精特新企业59家"
