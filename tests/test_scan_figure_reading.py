"""find_figures reads a short text with str methods and a long one (or a run's texts
past the first 20,000 characters) with the compiled figure pattern (issue 21: a scan of
one text compiles no pattern). These sentences pin what a person reads in each, and
both readers must read it so."""

from __future__ import annotations

import pytest

from targets_cli.rules import figures
from targets_cli.rules.figures import find_figures

SENTENCES = [
    # a fall's minus after a word is a sign; thousands and decimals; 亿 then 元
    ("今年增长−18.2%，完成投资1,234.5亿元。", ["−18.2%", "1,234.5亿元"]),
    # a dash after a letter is no sign: the model A-3 is the number 3
    ("推广A-3型号设备。", ["3"]),
    # a range of percents, a range with blanks around its dash
    ("增长2%—3%，再用6 — 8年。", ["2%—3%", "6 — 8年"]),
    # 2百分点: 百 of 百分点 is no magnitude
    ("提高2百分点。", ["2百分点"]),
    # an ordinal in Chinese numerals, with its measure word
    ("召开第十五届会议。", ["第十五届"]),
    # enumeration, a word holding 一, a magnitude with no numeral before 元: none
    ("一是进一步引进超亿元项目。", []),
    # full-width digits are digits
    ("新增１２个基地。", ["１２个"]),
    # a comma that opens no group of three digits ends the number
    ("12,3456个", ["12", "3456个"]),
    # compounds, and a plus with nothing after it
    ("构建“1+4+7+9+N”体系和“3+2”格局，1+再议。", ["1+4+7+9+N", "3+2", "1"]),
    # 千亿 and 50强: magnitude words and a rank
    ("冲刺千亿GDP，争创50强。", ["千亿", "50强"]),
]


@pytest.fixture(params=["str methods", "pattern"])
def reader(request, monkeypatch):
    # the characters a run has read decide the reader: none read, or past the bound
    read = 0 if request.param == "str methods" else figures._READ_BEFORE_COMPILING + 1
    monkeypatch.setattr(figures, "_READ", [read])
    return request.param


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_each_reader_reads_the_figures_a_person_reads(reader, sentence, expected):
    assert [f.text for f in find_figures(sentence)] == expected


def test_the_figures_of_a_whole_text_are_where_a_person_finds_them(reader):
    text = "江门市2024年工作目标\n一、新增高企60家。\n二、研发投入增长8%以上。\n"
    found = [(f.text, f.line, f.start) for f in find_figures(text)]
    assert found == [("2024年", 1, 3), ("60家", 2, 19), ("8%", 3, 32)]
