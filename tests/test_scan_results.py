"""A work report's review of last year: one drafted dismissal per sentence of results.

The report (tests/fixtures/reports/xiqiao-2024.txt, written for these tests after the
layout of a government work report) reviews 2023 in four sentences holding 15 figures,
then gives two targets for 2024. Each expected entry below was read off it by hand.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from conftest import REPO

REPORT = Path(__file__).parent / "fixtures" / "reports" / "xiqiao-2024.txt"
HEADER = "#:schema ./targets.schema.json\nformat = 1\n\n"

# The four sentences of results (without their 。) and the figures each holds, by hand.
RESULTS = [
    (
        "过去一年，全市地区生产总值达到1,286.4亿元，增长5.2%，规模以上工业增加值增长6.8%，"
        "固定资产投资增长3.1%",
        "一年, 1,286.4亿元, 5.2%, 6.8%, 3.1%",
    ),
    (
        "全年新增规模以上工业企业59家，高新技术企业达到812家，完成技改投资126.5亿元",
        "59家, 812家, 126.5亿元",
    ),
    (
        "城镇新增就业2.1万人，城镇调查失业率控制在5.1%以内，居民人均可支配收入增长6.3%",
        "2.1万人, 5.1%, 6.3%",
    ),
    (
        "2023年，全市新开工重点项目136个，完成投资418亿元，实际利用外资下降12.4%",
        "2023年, 136个, 418亿元, 12.4%",
    ),
]

# What the curator writes by hand besides: the two targets, and the lines that are no
# result (a caption, the date line, the two headings).
HAND_WRITTEN = """
[[sources]]
id = "xiqiao-2024"
file = "sources/xiqiao-2024.txt"
title = "溪桥市政府工作报告"
year = 2024

[[targets]]
id = "xiqiao-gdp-growth"
org = "恩平市"
metric = "地区生产总值增长"
value = 5.5
unit = "%"
comparator = "about"
wording = "左右"
period = "2024"
source = "xiqiao-2024"
quote = "地区生产总值增长5.5%左右"

[[targets]]
id = "xiqiao-investment-growth"
org = "恩平市"
metric = "固定资产投资增长"
value = 6
unit = "%"
comparator = "="
period = "2024"
source = "xiqiao-2024"
quote = "固定资产投资增长6%"

[[not_targets]]
source = "xiqiao-2024"
figure = "第九届, 第四次"
quote = "图为溪桥市第九届人民代表大会第四次会议开幕现场"
reason = "a photo caption: the congress's session"

[[not_targets]]
source = "xiqiao-2024"
figure = "2024年1月12日, 第九届, 第四次"
quote = "——2024年1月12日在溪桥市第九届人民代表大会第四次会议上"
reason = "the date and session the report was given at"

[[not_targets]]
source = "xiqiao-2024"
figure = "2023年"
quote = "一、2023年工作回顾"
reason = "heading of the review of 2023"

[[not_targets]]
source = "xiqiao-2024"
figure = "2024年"
quote = "二、2024年工作安排"
reason = "heading of the work for 2024"
"""


def scanned(run, path: Path, *data: str) -> tuple[str, dict]:
    ran = run("scan", str(path), *data)
    assert (ran.code, ran.stderr) == (0, ""), ran
    return ran.stdout, tomllib.loads(ran.stdout)


def test_one_dismissal_per_sentence_of_results(run):
    _, drafts = scanned(run, REPORT)
    reviewed = [e for e in drafts["not_targets"] if e["reason"] == "2023 result reviewed"]
    assert [(e["quote"], e["figure"]) for e in reviewed] == RESULTS
    # 15 figures of results, 4 entries, none left for the curator to write
    assert sum(len(figures.split(", ")) for _, figures in RESULTS) == 15
    assert len(reviewed) == 4
    drafted_values = [t.get("value") for t in drafts["targets"]]
    for results_only in (1286.4, 5.2, 6.8, 3.1, 59, 812, 126.5, 2.1, 6.3, 136, 418, 12.4):
        assert results_only not in drafted_values
    # the targets of 2024 are still drafted
    quotes = [t["quote"] for t in drafts["targets"]]
    assert "地区生产总值增长5.5%左右" in quotes and "固定资产投资增长6%" in quotes


def test_check_passes_when_the_curator_keeps_the_drafted_dismissals(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "my-data"
    shutil.copytree(REPO / "data", folder)
    shutil.copy(REPORT, folder / "sources" / REPORT.name)
    data_file = folder / "xiqiao-2024.toml"
    data_file.write_text(HEADER + HAND_WRITTEN, encoding="utf-8")
    stdout, _ = scanned(run, folder / "sources" / REPORT.name, "--data", str(folder))
    kept = [
        block
        for block in stdout.split("\n\n")
        if "[[not_targets]]" in block and 'reason = "2023 result reviewed"' in block
    ]
    assert len(kept) == 4
    data_file.write_text(HEADER + HAND_WRITTEN + "\n" + "\n\n".join(kept) + "\n", encoding="utf-8")
    ran = run("check", "my-data")
    assert (ran.code, ran.stderr) == (0, ""), ran


def test_a_listed_figure_not_in_the_quote_is_named(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "my-data"
    shutil.copytree(REPO / "data", folder)
    shutil.copy(REPORT, folder / "sources" / REPORT.name)
    wrong = HAND_WRITTEN.replace('figure = "第九届, 第四次"', 'figure = "第九届, 第五次"')
    (folder / "xiqiao-2024.toml").write_text(HEADER + wrong, encoding="utf-8")
    ran = run("check", "my-data")
    assert ran.code == 1
    assert (
        "not_targets entry: figure '第九届, 第五次' lists '第五次', not in its quote "
        "'图为溪桥市第九届人民代表大会第四次会议开幕现场'; list the figures as the quote "
        "writes them, separated by ', '"
    ) in ran.stderr
