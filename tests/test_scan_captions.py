"""A photo caption is one dismissal with its reason written; traditional ordinals and
measure words (第七屆, 12個, 0.5個百分點) are read whole, as their simplified forms are.

The texts below were written for these tests after the layout of a government work
report (a caption above the title, often with the photographer's credit, and a
dateline naming the session); every expected figure and record was read off the text
by hand.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import REPO

HEADER = "#:schema ./targets.schema.json\nformat = 1\n\n"
CAPTION = "a photo caption"

QINGSHUI = """图为清水市第九届人民代表大会第四次会议开幕现场。（记者 王明 摄）
清水市政府工作报告
——2024年1月15日在清水市第九届人民代表大会第四次会议上
一、2023年工作回顾
2023年，全市地区生产总值增长4.2%。
二、2024年工作安排
市第九届人民代表大会第四次会议确定，今年全市地区生产总值增长6%左右。
图书馆新建分馆12个。
"""

# Traditional script: the caption, the dateline's 第十四屆 and 會議.
CHISHUI = """圖為赤水市第十四屆人民代表大會第二次會議開幕現場（記者 陳文 攝）
赤水市政府工作報告
——2025年1月22日在赤水市第十四屆人民代表大會第二次會議上
一、2024年工作回顧
2024年，全市地區生產總值增長3.8%。
二、2025年工作安排
今年全市地區生產總值增長5%左右。
"""


def scanned(run, path: Path, *more: str) -> tuple[str, dict]:
    ran = run("scan", str(path), *more)
    assert (ran.code, ran.stderr) == (0, ""), ran
    return ran.stdout, tomllib.loads(ran.stdout)


def written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_caption_is_one_dismissal_with_its_reason(run, tmp_path):
    _, drafts = scanned(run, written(tmp_path, "qingshui-2024.txt", QINGSHUI))
    captions = [e for e in drafts["not_targets"] if e["reason"] == CAPTION]
    assert [(e["figure"], e["quote"]) for e in captions] == [
        ("第九届, 第四次", "图为清水市第九届人民代表大会第四次会议开幕现场。（记者 王明 摄）")
    ]
    caption_line = QINGSHUI.splitlines()[0]
    assert not any(
        e["reason"].startswith("TODO") and e["quote"] in caption_line for e in drafts["not_targets"]
    )


def test_a_sentence_naming_a_session_is_still_a_target(run, tmp_path):
    """市第九届人民代表大会第四次会议确定，…增长6%左右 is no caption: its 6% is drafted, and
    so is 12个 on a line opening 图书馆 (图 there is no caption's 图:)."""
    _, drafts = scanned(run, written(tmp_path, "qingshui-2024.txt", QINGSHUI))
    got = [
        (t["value"], t["unit"], t["comparator"], t.get("wording"), t["period"], t["quote"])
        for t in drafts["targets"]
    ]
    assert got == [
        (6, "%", "about", "左右", "2024", "今年全市地区生产总值增长6%左右"),
        (12, "个", "=", None, "2024", "图书馆新建分馆12个"),
    ]
    # that sentence's own 第九届, 第四次 are left to the curator, not called a caption
    assert not any(e["reason"] == CAPTION and "确定" in e["quote"] for e in drafts["not_targets"])


def test_a_caption_in_traditional_script(run, tmp_path):
    _, drafts = scanned(run, written(tmp_path, "chishui-2025.txt", CHISHUI))
    got = [(e["figure"], e["quote"], e["reason"]) for e in drafts["not_targets"]]
    assert got == [
        (
            "第十四屆, 第二次",
            "圖為赤水市第十四屆人民代表大會第二次會議開幕現場（記者 陳文 攝）",
            CAPTION,
        ),
        (
            "2025年1月22日, 第十四屆, 第二次",
            "——2025年1月22日在赤水市第十四屆人民代表大會第二次會議上",
            "the date and session the report was delivered at",
        ),
        ("2024年", "一、2024年工作回顧", "a section heading"),
        ("2024年, 3.8%", "2024年，全市地區生產總值增長3.8%", "2024 result reviewed"),
        ("2025年", "二、2025年工作安排", "a section heading"),
    ]
    assert drafts["sources"][0]["title"] == "赤水市政府工作報告"
    assert [(t["value"], t["comparator"], t["period"]) for t in drafts["targets"]] == [
        (5, "about", "2025")
    ]


@pytest.mark.parametrize(
    ("simplified", "traditional", "figures"),
    [
        ("第七届", "第七屆", "2025年1月20日, 第七屆, 第三次"),
        ("第十四届", "第十四屆", "2025年1月20日, 第十四屆, 第三次"),
        ("第二十届", "第二十屆", "2025年1月20日, 第二十屆, 第三次"),
    ],
)
def test_a_traditional_session_ordinal_is_read_whole(
    run, tmp_path, simplified, traditional, figures
):
    """第七屆 is one figure, as 第七届 is (not 第七 and a stray 屆); 會議 and 次 as 会议."""
    for ordinal, session, expected in (
        (simplified, "人民代表大会第三次会议", figures.replace(traditional, simplified)),
        (traditional, "人民代表大會第三次會議", figures),
    ):
        text = f"嵐江市政府工作報告\n——2025年1月20日在嵐江市{ordinal}{session}上\n今年全市地區生產總值增長5%左右。\n"
        _, drafts = scanned(run, written(tmp_path, "lanjiang.txt", text))
        assert [e["figure"] for e in drafts["not_targets"]] == [expected], ordinal


def test_the_traditional_report_fixture_dateline(run):
    """tests/fixtures/reports/lanjiang-2025.txt: 第七屆 whole in its dateline's entry."""
    _, drafts = scanned(run, REPO / "tests" / "fixtures" / "reports" / "lanjiang-2025.txt")
    dated = [e for e in drafts["not_targets"] if e["quote"].startswith("——")]
    assert [e["figure"] for e in dated] == ["2025年1月20日, 第七屆, 第三次"]


# Each traditional measure word beside its simplified form: the figure as written, its
# value and unit (None: no unit of the catalogue), read by hand.
MEASURES = [
    ("12个", "12個", 12, "个"),
    ("3项", "3項", 3, "项"),
    ("0.5个百分点", "0.5個百分點", 0.5, "%"),
    ("5条", "5條", 5, "个"),
    ("4类", "4類", 4, "个"),
    ("6种", "6種", 6, "个"),
    ("8镇", "8鎮", 8, "个"),
    ("2万吨", "2萬噸", 2, None),
    ("300辆", "300輛", 300, None),
    ("500户", "500戶", 500, None),
    ("3万亩", "3萬畝", 3, None),
    ("24小时", "24小時", 24, None),
]


@pytest.mark.parametrize(("simplified", "traditional", "value", "unit"), MEASURES)
def test_a_traditional_measure_word_is_read_as_the_simplified(
    run, tmp_path, simplified, traditional, value, unit
):
    lines = [f"今年全市新增示范点{simplified}。", f"今年全市新增示範點{traditional}。"]
    path = written(tmp_path, "measures-2025.txt", "\n".join(lines) + "\n")
    ran = run("scan", str(path), "--json")
    assert ran.code == 0, ran
    drafts = json.loads(ran.stdout)["targets"]
    got = [(d["figure"], d["record"]["value"], d["record"].get("unit")) for d in drafts]
    assert got == [(simplified, value, unit), (traditional, value, unit)]


def test_a_traditional_ordinal_of_rounds_and_numbers(run, tmp_path):
    """第二輪 and 第3號 are ordinals (one figure each, dismissed), as 第二轮 and 第3号."""
    text = "今年開展第二輪督查，發布第3號通告。\n"
    ran = run("scan", str(written(tmp_path, "rounds.txt", text)), "--json")
    assert ran.code == 0, ran
    out = json.loads(ran.stdout)
    assert out["targets"] == []
    assert sorted(e["record"]["figure"] for e in out["not_targets"]) == ["第3號", "第二輪"]


def test_check_passes_with_the_caption_kept(run, tmp_path, monkeypatch):
    """The caption's entry, kept as drafted, accounts for both of its figures."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "my-data"
    shutil.copytree(REPO / "data", folder)
    (folder / "sources" / "chishui-2025.txt").write_text(CHISHUI, encoding="utf-8")
    hand_written = """[[sources]]
id = "chishui-2025"
file = "sources/chishui-2025.txt"
title = "赤水市政府工作報告"
year = 2025

[[targets]]
id = "chishui-gdp-growth"
org = "恩平市"
metric = "地区生产总值增长"
value = 5
unit = "%"
comparator = "about"
wording = "左右"
period = "2025"
source = "chishui-2025"
quote = "今年全市地區生產總值增長5%左右"
"""
    data_file = folder / "chishui-2025.toml"
    data_file.write_text(HEADER + hand_written, encoding="utf-8")
    ran = run("check", "my-data")
    assert ran.code == 1  # the caption, dateline, headings and result not yet accounted for
    stdout, drafts = scanned(run, folder / "sources" / "chishui-2025.txt", "--data", str(folder))
    assert drafts.get("targets", []) == []
    kept = [block for block in stdout.split("\n\n") if "[[not_targets]]" in block]
    assert len(kept) == 5
    data_file.write_text(HEADER + hand_written + "\n" + "\n\n".join(kept) + "\n", encoding="utf-8")
    ran = run("check", "my-data")
    assert (ran.code, ran.stderr) == (0, ""), ran
