"""`targets scan` drafts a new source's title from its title line, not from a site's
banner, a photo's caption, a dateline or the lead sentence above it.

Each text below is written for these tests, after the layouts of pages carrying a
government work report or a news story; the title expected was picked out by hand.
"""

from __future__ import annotations

import tomllib

import pytest

BODY = "今年主要预期目标：地区生产总值增长5%左右。\n"


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        (  # a site's banner, then a caption, then the title
            "首页 > 要闻\n图为会议现场\n溪桥市政府工作报告\n",
            "溪桥市政府工作报告",
        ),
        (  # a breadcrumb with its own marks, the title, then the dateline
            "当前位置：首页 » 政务公开 » 政府工作报告\n"
            "澄江县政府工作报告\n——2024年1月9日在澄江县第十七届人民代表大会第四次会议上\n",
            "澄江县政府工作报告",
        ),
        (  # a caption in brackets, then a headline
            "（图：代表们认真审议报告。记者 李明 摄）\n奋力冲刺 全年经济增长5%左右\n",
            "奋力冲刺 全年经济增长5%左右",
        ),
        (  # the date of the page, the source, then a headline
            "2024-01-12 09:30 来源：溪桥日报\n来源：溪桥日报\n溪桥市两会召开 定下今年目标\n",
            "溪桥市两会召开 定下今年目标",
        ),
        (  # a lead sentence before the headline is no title; the line after it is
            "本报讯 记者王芳报道，溪桥市第九届人民代表大会第四次会议昨日开幕。\n"
            "市长作政府工作报告\n",
            "市长作政府工作报告",
        ),
    ],
)
def test_title_is_the_title_line(run, tmp_path, opening, title):
    path = tmp_path / "report-2024.txt"
    path.write_text(opening + BODY, encoding="utf-8")
    ran = run("scan", str(path))
    assert (ran.code, ran.stderr) == (0, ""), ran
    (source,) = tomllib.loads(ran.stdout)["sources"]
    assert source["title"] == title


def test_no_line_reads_like_a_title_gives_the_first_line(run, tmp_path):
    """Every line a sentence: the first is drafted, for the curator to correct."""
    path = tmp_path / "notice-2024.txt"
    path.write_text("【示例】本文为虚构。\n今年地区生产总值增长5%左右。\n", encoding="utf-8")
    ran = run("scan", str(path))
    (source,) = tomllib.loads(ran.stdout)["sources"]
    assert source["title"] == "【示例】本文为虚构。"
