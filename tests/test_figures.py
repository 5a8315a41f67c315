"""find_figures: every figure of a sentence, as a person reads it, and nothing else.

Each expected list is read off the sentence by eye (the sentences are the source's own).
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from targets_cli.rules.figures import (
    COMPOUND,
    DATE,
    NUMBER,
    ORDINAL,
    PERCENT,
    RANGE,
    RANK,
    Figure,
    find_figures,
)


def texts(text: str) -> list[str]:
    return [figure.text for figure in find_figures(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 台山: a count and an amount; 超 and 亿元 of 超亿元项目 are wording and unit
        ("争取引进超亿元项目60个，总投资超300亿元。", ["60个", "300亿元"]),
        # 开平: a percentage, a range of years, a magnitude word
        (
            "确保今年地区生产总值增长5.5%以上，争取再用6—8年实现GDP过千亿，",
            ["5.5%", "6—8年", "千亿"],
        ),
        # 开平: a date, then a count
        ("确保2024年新引入超亿元项目52个以上，总投资超220亿元。", ["2024年", "52个", "220亿元"]),
        ("力保到2025年该市所有行政村集体经营性收入均超过50万元。", ["2025年", "50万元"]),
        # 蓬江: the two slogans are figures (dismissed later), 千亿 a magnitude word
        (
            "围绕省委“1310”具体部署和市委“1+6+3”工作安排，锚定全力冲刺千亿GDP强区的目标，",
            ["1310", "1+6+3", "千亿"],
        ),
        # 台山: a count with the measure word 大
        ("重点建设临港装备、新材料、生物医药3大专业产业园，", ["3大"]),
        # 科技局: decimals before a magnitude, people
        ("力争科技人才总量达到5.7万人。", ["5.7万人"]),
        ("争取引进2个国际一流水平的科学家团队和20名重点领域领军人才，", ["2个", "20名"]),
        # 工信局: ranges
        ("指导各县（市、区）重点发展1—2个主导产业，建好1—2个特色园区。", ["1—2个", "1—2个"]),
        # 江海: a rank
        ("紧盯冲刺全国高新区50强目标，深入实施高企成长树标提质计划", ["50强"]),
        # 新会: Chinese numerals with a measure word, and the magnitude words of a label
        ("一是全力以赴打造三大“万亩千亿”园区。", ["三大", "万亩", "千亿"]),
        ("深化打造“2+2+N”现代化产业体系，力争规上工业企业超800家，", ["2+2+N", "800家"]),
        ("新增产值超百亿元企业2个。", ["百亿元", "2个"]),
        ("重点推进省级“1镇8村”和市镇级“3镇20村”的典型培育工作。", ["1镇", "8村", "3镇", "20村"]),
        # 台山: a slogan of Chinese numerals, each numeral a figure
        (
            "“三线并进”推进“六位一体”海洋牧场，全面落实“1+4+7+9+N”要求，",
            ["三", "六位", "1+4+7+9+N"],
        ),
        # 开平: an ordinal
        ("高标准建设省第一批碳达峰碳中和试点城市；", ["第一批"]),
        # 恩平: a decimal with 小时, Chinese magnitude words of a slogan
        ("加速融入大湾区1.5小时经济生活圈。", ["1.5小时"]),
        ("完成县镇村植树“万千百”任务。", ["万千百"]),
        # 江海: 亿元以上 names a class of projects; its count is the figure
        ("力争引进亿元以上项目超50个、10亿元以上项目超10个、", ["50个", "10亿元", "10个"]),
        # 工信局: a percentage, then a magnitude before its unit
        ("全力实现规上工业增加值增长6%、工业投资持续超千亿元。", ["6%", "千亿元"]),
    ],
)
def test_figures_of_source_sentences(sentence, expected):
    assert texts(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # enumeration markers open the points of a speech
        "一是加快打造大湾区国际科技创新中心重要承载区。",
        "\n\n二是凝心聚力推动产业科技互促双强。",
        "（三）强化科技体制改革。",
        # words in which a numeral character is no number
        "将进一步强化科技赋能",
        "加快高端装备、新一代信息技术、激光增材等新兴产业发展。",
        "落实招商引资“一把手”工程，",
        "做实“区镇经济一体化”发展改革。",
        "建好汽车零部件、金属新材料",
        "值得一提的是，",
    ],
)
def test_no_figure_in_markers_and_words(sentence):
    assert texts(sentence) == []


def test_a_figure_is_a_span_with_its_line():
    text = "首行没有数。\n工业投资200亿元、固投300亿元。\n"
    # 工 is at 7 (six characters and a line break before it), 200亿元 at 7 + 4 = 11 and
    # five characters long; then 、固投 (16, 17, 18) and 300亿元 at 19
    assert find_figures(text) == [
        Figure(11, 16, "200亿元", 2),
        Figure(19, 24, "300亿元", 2),
    ]
    for figure in find_figures(text):
        assert text[figure.start : figure.end] == figure.text
    start, end, written, line = find_figures(text)[0]  # a plain tuple, too
    assert (start, end, written, line) == (11, 16, "200亿元", 2)


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("2024年", DATE),
        ("2025年", DATE),
        ("5.5%", PERCENT),
        ("6—8年", RANGE),
        ("1—2个", RANGE),
        ("50强", RANK),
        ("千强", RANK),
        ("第一批", ORDINAL),
        ("1+6+3", COMPOUND),
        ("60个", NUMBER),
        ("1310", NUMBER),
        ("三年", NUMBER),
    ],
)
def test_kinds(written, kind):
    (figure,) = find_figures(f"，{written}，")
    assert figure.text == written
    assert figure.kind == kind


def test_every_figure_of_the_bundled_source_is_a_span(source_text):
    figures = find_figures(source_text)
    for figure in figures:
        assert source_text[figure.start : figure.end] == figure.text
        assert source_text.count("\n", 0, figure.start) + 1 == figure.line
    starts = [f.start for f in figures]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in pairwise(figures))
    written = [f.text for f in figures]
    # the figures a reader of the source finds first: 发改委's 1300亿元, then 蓬江's
    # headline 千亿, its 1310 and 1+6+3 (line 23 of the file)
    assert written[:4] == ["1300亿元", "千亿", "1310", "1+6+3"]
    # 百千万工程 is named 12 times (grep -o 百千万工程 | wc -l), each a figure 百千万
    assert written.count("百千万") == 12
