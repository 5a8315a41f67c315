"""Every empty answer says why on stderr, in one line, with the next useful command; it
exits 0 in every format (an empty result is not an error)."""

from __future__ import annotations

import pytest

from targets_cli.__main__ import main

FORMATS = (["--json"], ["--format", "csv"], ["--format", "tsv"], ["--format", "jsonl"])
FORMATS += (["--format", "table"],)

CASES = [
    (
        # 江门市 (its departments) states no 超亿元项目; its units do: 台山, 开平, 江海
        ["coverage", "--metric", "超亿元项目"],
        "江门市 stated no figure for 超亿元项目; coverage needs a city-wide figure; "
        "try: targets sum --metric 超亿元项目",
    ),
    (
        # 台山 争取引进...人才队伍13支: no department states it
        ["coverage", "--metric", "人才队伍"],
        "江门市 stated no figure for 人才队伍; coverage needs a city-wide figure; "
        "try: targets sum --metric 人才队伍",
    ),
    (
        # 科技局 力争新增1家国家级孵化器: no county-level unit states it, and 广东 (the level
        # above 江门) states no figure to set 江门's beside
        ["coverage", "--metric", "新增国家级孵化器"],
        "no county-level unit of 江门市 stated a figure for 新增国家级孵化器; "
        "coverage needs county-level figures; try: targets list --metric 新增国家级孵化器; "
        "广东省 stated no figure for 新增国家级孵化器; coverage needs a figure for the whole "
        "province; try: targets sum --metric 新增国家级孵化器",
    ),
    (
        # every 创建称号 target is a title to win: no figure to cover
        ["coverage", "--metric", "创建称号"],
        "创建称号 has no dated figure for a whole city or county-level unit (only milestones, "
        "narrower areas or no year stated); coverage needs both; "
        "try: targets compare --metric 创建称号",
    ),
    (
        # recognition: titles to win and ranks to climb, none with a city-wide figure
        ["coverage", "--category", "recognition"],
        "no metric has both a city-wide and a county-level figure for --category recognition; "
        "try: targets coverage",
    ),
    (
        # 恩平 states no 超亿元项目; 台山, 开平 and 江海 do (3 targets)
        ["compare", "恩平", "--metric", "超亿元项目"],
        "恩平 stated nothing for --metric 超亿元项目; without those regions there are 3; "
        "try: targets compare --metric 超亿元项目",
    ),
    (
        ["sum", "--metric", "超亿元项目", "--region", "恩平"],
        "no target of 超亿元项目 matches --region 恩平; without --region there are 3; "
        "try: targets sum --metric 超亿元项目",
    ),
    (
        # 江海 50亿元以上项目再突破: a milestone, nothing to add
        ["sum", "--metric", "50亿元以上项目"],
        "nothing to add for 50亿元以上项目: every figure was left out (1 milestone); "
        "try: targets compare --metric 50亿元以上项目",
    ),
    (
        # 恩平's six targets: GDP growth (twice), investment, park output, tree planting
        ["list", "--region", "恩平", "--category", "recognition"],
        "no target matches --region 恩平 --category recognition; without --category there "
        "are 6; try: targets list --region 恩平",
    ),
]


@pytest.fixture(autouse=True)
def _bundled(monkeypatch):
    monkeypatch.delenv("TARGETS_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f[-1])
@pytest.mark.parametrize(("args", "note"), CASES, ids=lambda a: " ".join(a)[:40])
def test_an_empty_answer_says_why_and_what_to_try(capsys, args, note, fmt):
    code = main([*args, *fmt])
    _, err = capsys.readouterr()
    assert code == 0
    assert err == f"targets: {note}\n"


def test_what_the_note_points_to_answers(capsys):
    for _, note in CASES:
        command = note.rsplit("try: targets ", 1)[1].split()
        assert main([*command, "--json"]) == 0, note
        out, err = capsys.readouterr()
        assert out.strip() not in ("[]", "{}") and err == "", (command, err)


def test_an_empty_coverage_table_is_not_drawn_over_nothing(capsys):
    # the reason goes to stderr once; stdout held a bare header and the same reason again
    code = main(["coverage", "--metric", "超亿元项目", "--format", "table"])
    out, err = capsys.readouterr()
    assert code == 0
    assert out == ""
    assert err.count("江门市 stated no figure for 超亿元项目") == 1
