"""Speaker lines as a curator reads them: a short line ending in a colon opens a part.
Hand-worked texts that pin what is read as one, blanks and half-width colons
included, and the bounds of its length."""

from __future__ import annotations

import json


def _speakers(run, tmp_path, text: str) -> dict[str, str | None]:
    source = tmp_path / "jiangmen-2024-speakers.txt"
    source.write_text(text, encoding="utf-8")
    ran = run("scan", str(source), "--format", "json")
    assert ran.code == 0, ran.stderr
    return {t["figure"]: t["speaker"] for t in json.loads(ran.stdout)["targets"]}


def test_speaker_lines_with_blanks_and_either_colon(run, tmp_path):
    text = (
        "\u3000\u3000市科技局党组书记、局长刘长虹：\u3000\n"  # full-width blanks both sides
        "今年力争新增高新技术企业60家。\n"
        "  台山市委书记郑劲龙:\t\n"  # a half-width colon, a tab after it
        "今年力争引进超亿元项目12个。\n"
    )
    speakers = _speakers(run, tmp_path, text)
    assert speakers == {"60家": "市科技局党组书记、局长刘长虹", "12个": "台山市委书记郑劲龙"}


def test_lines_that_open_no_part(run, tmp_path):
    text = (
        "鹤山市市长张华景：\n"
        "今年力争新增规上工业企业30家。\n"
        "报告提出，今年的目标是：\n"  # introduces a list: no speaker
        "力争引进超亿元项目15个。\n"
        "全年完成目标。我们的任务：\n"  # a full stop before the colon: a sentence, no speaker
        "力争新增专精特新企业8家。\n"
        "：\n"  # a colon alone names no one
        "力争新增5G基站20座。\n"
    )
    speakers = _speakers(run, tmp_path, text)
    assert set(speakers.values()) == {"鹤山市市长张华景"}
    assert speakers["8家"] == "鹤山市市长张华景"


def test_a_speaker_line_of_two_characters_and_one_too_long(run, tmp_path):
    long_line = "市" * 61 + "："  # 61 characters before the colon: a line of text, no speaker
    text = f"李华：\n今年力争新增企业10家。\n{long_line}\n力争新增项目20个。\n"
    speakers = _speakers(run, tmp_path, text)
    assert speakers == {"10家": "李华", "20个": "李华"}
