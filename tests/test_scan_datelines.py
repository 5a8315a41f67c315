"""A work report's dateline and section headings: each one drafted dismissal, reason written.

The two reports below were written for these tests after the layout of a government
work report: a dateline (——2024年2月3日在…会议上, or in brackets), numbered section
headings (一、2023年工作回顾), a sentence of results and one target. Every expected
entry was read off the text by hand.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from conftest import REPO

HEADER = "#:schema ./targets.schema.json\nformat = 1\n\n"

SONGGANG = """松岗市政府工作报告
——2024年2月3日在松岗市第十届人民代表大会第三次会议上
一、2023年工作回顾
2023年，全市地区生产总值增长4.5%。
二、2024年主要预期目标
今年全市地区生产总值增长5%左右。
"""

# (figure, quote, reason) of each dismissal, by hand; the dateline's date is one figure
SONGGANG_DISMISSALS = [
    (
        "2024年2月3日, 第十届, 第三次",
        "——2024年2月3日在松岗市第十届人民代表大会第三次会议上",
        "the date and session the report was delivered at",
    ),
    ("2023年", "一、2023年工作回顾", "a section heading"),
    ("2023年, 4.5%", "2023年，全市地区生产总值增长4.5%", "2023 result reviewed"),
    ("2024年", "二、2024年主要预期目标", "a section heading"),
]

LIU_AN = """柳岸县政府工作报告
（2025年1月10日在柳岸县第七届人民代表大会第二次会议上）
一、过去一年工作回顾
过去一年，全县地区生产总值增长3.9%。
二、今年主要预期目标
今年全县地区生产总值增长6%。
"""

LIU_AN_DISMISSALS = [
    (
        "2025年1月10日, 第七届, 第二次",
        "（2025年1月10日在柳岸县第七届人民代表大会第二次会议上）",
        "the date and session the report was delivered at",
    ),
    ("一年", "一、过去一年工作回顾", "a section heading"),
    ("一年, 3.9%", "过去一年，全县地区生产总值增长3.9%", "2024 result reviewed"),
]


def scanned(run, path: Path, *data: str) -> tuple[str, dict]:
    ran = run("scan", str(path), *data)
    assert (ran.code, ran.stderr) == (0, ""), ran
    return ran.stdout, tomllib.loads(ran.stdout)


def test_a_dateline_and_headings_are_one_dismissal_each(run, tmp_path):
    for name, text, expected, target in (
        ("songgang-2024.txt", SONGGANG, SONGGANG_DISMISSALS, (5, "%", "about", "2024")),
        ("liuan-2025.txt", LIU_AN, LIU_AN_DISMISSALS, (6, "%", "=", "2025")),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        stdout, drafts = scanned(run, path)
        got = [(e["figure"], e["quote"], e["reason"]) for e in drafts["not_targets"]]
        assert got == expected, name
        # the one target is the only target drafted: no month or day of the dateline
        assert [
            (t["value"], t["unit"], t["comparator"], t["period"]) for t in drafts["targets"]
        ] == [target], name
        assert 'reason = "TODO' not in stdout


def test_a_heading_without_a_figure_needs_no_entry(run, tmp_path):
    path = tmp_path / "liuan-2025.txt"
    path.write_text(LIU_AN, encoding="utf-8")
    _, drafts = scanned(run, path)
    assert not any("今年主要预期目标" in e["quote"] for e in drafts["not_targets"])


def test_the_bundled_work_report_dateline(run):
    """tests/fixtures/reports/meixi-2025.txt: its dateline once, not two targets (1, 16)."""
    report = Path(__file__).parent / "fixtures" / "reports" / "meixi-2025.txt"
    _, drafts = scanned(run, report)
    dated = [e for e in drafts["not_targets"] if e["quote"].startswith("——")]
    assert [(e["figure"], e["quote"]) for e in dated] == [
        ("2025年1月16日, 第八届, 第五次", "——2025年1月16日在梅溪市第八届人民代表大会第五次会议上")
    ]
    assert not any(t["quote"].startswith("——") for t in drafts["targets"])


def test_check_passes_when_the_curator_keeps_the_drafts(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "my-data"
    shutil.copytree(REPO / "data", folder)
    (folder / "sources" / "songgang-2024.txt").write_text(SONGGANG, encoding="utf-8")
    hand_written = """[[sources]]
id = "songgang-2024"
file = "sources/songgang-2024.txt"
title = "松岗市政府工作报告"
year = 2024

[[targets]]
id = "songgang-gdp-growth"
org = "恩平市"
metric = "地区生产总值增长"
value = 5
unit = "%"
comparator = "about"
wording = "左右"
period = "2024"
source = "songgang-2024"
quote = "地区生产总值增长5%左右"
"""
    data_file = folder / "songgang-2024.toml"
    data_file.write_text(HEADER + hand_written, encoding="utf-8")
    ran = run("check", "my-data")
    assert ran.code == 1  # the dateline, headings and results are not yet accounted for
    stdout, drafts = scanned(run, folder / "sources" / "songgang-2024.txt", "--data", str(folder))
    assert drafts.get("targets", []) == []
    kept = [block for block in stdout.split("\n\n") if "[[not_targets]]" in block]
    assert len(kept) == len(SONGGANG_DISMISSALS)
    data_file.write_text(HEADER + hand_written + "\n" + "\n\n".join(kept) + "\n", encoding="utf-8")
    ran = run("check", "my-data")
    assert (ran.code, ran.stderr) == (0, ""), ran
