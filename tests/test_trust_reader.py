"""What a reader sees (issue 18): ids never broken, figures never parted from their units,
Chinese labels under --lang zh, and the small things help, legends and counts say.

The ids are the ones data/targets.toml holds (read with tomllib, not through the tool);
the figures are the ones the source text states.
"""

from __future__ import annotations

import re

import pytest

ID_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
UNITS = ("亿元", "万元", "万人", "元", "人", "名", "家", "个", "项", "支", "%", "强")
# a unit at the start of a cell's line: the figure it belongs to is on the line above
ORPHAN_UNIT = re.compile(r"(?:^|\s{2,})(?:" + "|".join(map(re.escape, UNITS)) + r")(?=\s|$|；)")
# a figure at the end of a cell's line whose unit went to the next line
COMMANDS = [
    ("list",),
    ("list", "--region", "台山"),
    ("list", "--period", "none"),
    ("progress",),
    ("coverage",),
    ("sum", "--metric", "超亿元项目"),
    ("sum", "--metric", "规上工业总产值"),
    ("sum", "--metric", "工业投资"),
    ("compare", "--metric", "工业投资"),
    ("compare", "--metric", "地区生产总值增长"),
    ("compare", "台山", "开平", "恩平", "--category", "investment"),
]


@pytest.fixture(scope="module")
def known_ids(raw_data) -> set[str]:
    return {t["id"] for t in raw_data["targets"]}


@pytest.mark.parametrize("width", ["100", "80"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_id_printed_is_whole_on_one_line(run, known_ids, args, width):
    ran = run(*args, "--format", "table", env={"COLUMNS": width, "NO_COLOR": "1"})
    assert ran.code == 0, ran
    shown = ID_SHAPE.findall(ran.stdout)
    # a broken id leaves a head that is no id (taishan-provincial-hitech-zo)
    assert [word for word in shown if word not in known_ids] == []
    # ... and a tail without a hyphen (ne): every id the JSON answer names is in the table
    if args[0] == "list":
        listed = {t["id"] for t in run(*args, "--json").json()}
        assert set(shown) == listed


@pytest.mark.parametrize("width", ["100", "80"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_figure_is_parted_from_its_unit(run, args, width):
    ran = run(*args, "--format", "table", env={"COLUMNS": width, "NO_COLOR": "1"})
    assert ran.code == 0, ran
    lines = ran.stdout.splitlines()
    assert [line for line in lines if ORPHAN_UNIT.search(line)] == []


@pytest.mark.parametrize("width", ["100", "80"])
def test_coverage_keeps_each_county_figure_on_one_line(run, width):
    # 鹤山 pledged 工业投资 200亿元 and 恩平 超100亿元 (data/sources: 鹤山 "工业投资200亿元",
    # 恩平 "工业投资超100亿元"); each part is one unbroken run of the table.
    ran = run("coverage", "--format", "table", env={"COLUMNS": width, "NO_COLOR": "1"})
    assert "鹤山 200 亿元" in ran.stdout
    assert "恩平 >100 亿元" in ran.stdout
    assert "江海 >730 家" in ran.stdout
    assert "新会 >550 家" in ran.stdout


def test_list_of_taishan_at_100_columns_exactly(run):
    # 发言单位 8+2; 目标 ">300 亿元" 9+2; 年份 4+2; 力度 4+2; 编号, whole,
    # "taishan-guanghai-bay-national-platform" 38+2 = 40: 10+11+6+6+40 = 73, with
    # 2 edges and 5 dividers 80; 指标 gets the 20 left (18 inside) and breaks at spaces.
    ran = run("list", "--region", "台山", "--format", "table", env={"NO_COLOR": "1"})
    blank = " " * 100
    assert ran.stdout.splitlines() == [
        blank,
        "  发言单位   指标                      目标   年份   力度   编号" + " " * 36,
        " " + "─" * 98 + " ",
        "  台山       人才队伍                 13 支   2024          taishan-talent-teams                    ",
        "  台山       专业产业园                3 个   2024          taishan-parks-guanghai-bay              ",
        "  台山       专业产业园                3 个   2024          taishan-parks-industrial-new-town       ",
        "  台山       创建称号 ·                   ◆   2024   争创   taishan-provincial-hitech-zone          ",
        "             省级高新区                                                                             ",
        "  台山       创建称号 ·                   ◆   2024   争创   taishan-provincial-featured-park        ",
        "             省级特色园区                                                                           ",
        "  台山       创建称号 ·                   ◆   2024   争创   taishan-foreign-trade-base              ",
        "             省级外贸转型升级基                                                                     ",
        "             地                                                                                     ",
        "  台山       创建称号 ·                   ◆   2024          taishan-guanghai-bay-national-platform  ",
        "             大广海湾经济区 ·                                                                       ",
        "             大湾区新的国家级平                                                                     ",
        "             台                                                                                     ",
        "  台山       超亿元项目               60 个   2024   争取   taishan-projects-100m                   ",
        "  台山       超亿元项目总投资     >300 亿元   2024   争取   taishan-project-investment              ",
        "  台山       规上工业总产值       >800 亿元   2024   力促   taishan-industrial-output               ",
        blank,
        "共 10 条  (◆ 定性目标)",
    ]
