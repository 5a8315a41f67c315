"""The period scan drafts from the time words before a figure: the years written
before it, and 今年/全年/本年/年度/明年. Hand-worked sentences that pin what is read,
whatever reads it."""

from __future__ import annotations

import json


def _periods(run, tmp_path, text: str) -> dict[str, tuple[str, bool]]:
    source = tmp_path / "jiangmen-2024-periods.txt"
    source.write_text(text, encoding="utf-8")
    ran = run("scan", str(source), "--format", "json")
    assert ran.code == 0, ran.stderr
    return {
        t["figure"]: (t["record"]["period"], t["period_assumed"])
        for t in json.loads(ran.stdout)["targets"]
    }


def test_the_nearest_time_words_before_a_figure_give_its_period(run, tmp_path):
    text = (
        "江门市2024年工作目标\n"
        "到2025年底，新增高新技术企业60家。\n"  # 到…年底: 2025
        "2024—2026年，引进超亿元项目30个。\n"  # a span of years: 2024-2026
        "今年，新增专精特新企业12家。\n"  # 今年: the source's year
        "明年，新增规上工业企业40家。\n"  # 明年: the year after
        "力争比2020年新增孵化器8个。\n"  # 比2020年 is a base, not the period
        "2024年至2025年，新建充电站20座。\n"  # two years: the nearer one
    )
    periods = _periods(run, tmp_path, text)
    assert periods["60家"] == ("2025", False)
    assert periods["30个"] == ("2024-2026", False)
    assert periods["12家"] == ("2024", False)
    assert periods["40家"] == ("2025", False)
    assert periods["8个"] == ("2024", True)  # no period in the sentence: the year assumed
    assert periods["20座"] == ("2025", False)


def test_a_year_of_five_digits_or_a_year_after_the_figure_gives_no_period(run, tmp_path):
    text = (
        "江门市2024年工作目标\n"
        "在12025年，新增企业16家。\n"  # 2025年 inside 12025年: still four digits and 年
        "新增项目9个，2025年完成。\n"  # the year after the figure: none before it
    )
    periods = _periods(run, tmp_path, text)
    assert periods["16家"] == ("2025", False)
    assert periods["9个"] == ("2024", True)


# 再用N年 (in N more years): a period counted from the source's year (再用6—8年 from
# 2024 is 2030-2032), read with str methods, no pattern compiled.


def test_years_ahead_count_from_the_source_year(run, tmp_path):
    text = (
        "江门市2024年工作目标\n"
        "今年力争再用6—8年，新增高新技术企业20家。\n"  # 2024+6 to 2024+8
        "再用三年，新增专精特新企业12家。\n"  # Chinese numerals: 2024+3
        "再用5年，建成口袋公园9座。\n"  # 2024+5
        "再用十年，新增规上工业企业70家。\n"  # 十: 2024+10
        "再用两年半，新增孵化器4个。\n"  # 两 then 年: 2024+2 (半 comes after)
    )
    periods = _periods(run, tmp_path, text)
    assert periods["20家"] == ("2030-2032", False)
    assert periods["12家"] == ("2027", False)
    assert periods["9座"] == ("2029", False)
    assert periods["70家"] == ("2034", False)
    assert periods["4个"] == ("2026", False)


def test_what_is_no_count_of_years_ahead(run, tmp_path):
    text = (
        "江门市2024年工作目标\n"
        "再用几年时间，新增企业16家。\n"  # 几 is no numeral: no period, the year assumed
        "再用6个月，新增项目5个。\n"  # months, not years
        "再用6—年，新增基地3个。\n"  # a dash with no second number: no 年 after 6
    )
    periods = _periods(run, tmp_path, text)
    assert periods["16家"] == ("2024", True)
    assert periods["5个"] == ("2024", True)
    assert periods["3个"] == ("2024", True)
