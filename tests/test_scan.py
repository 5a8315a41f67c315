"""`targets scan`: drafted records for a source, checked against a reading of the text.

Each expected record below was read off the source by hand (line numbers of
data/sources/jiangmen-2024-pledges.txt), not taken from the program's output.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import tomli

from targets_cli.__main__ import main
from targets_cli.answers.scanning import scan
from targets_cli.data.loading import bundled_data

BUNDLED = bundled_data()
SOURCE = BUNDLED.parent / "sources" / "jiangmen-2024-pledges.txt"
TEXT = SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def drafted() -> dict:
    """The drafts for the bundled source, with the catalogue but no claims left out."""
    return tomli.loads(scan(SOURCE, None, use_data=False, fmt="toml"))


def record_holding(drafted: dict, words: str) -> dict:
    """The drafted target whose quote lies inside the given words of the source."""
    found = [t for t in drafted["targets"] if t["quote"] in words or words in t["quote"]]
    assert len(found) == 1, (words, found)
    return found[0]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # 台山市委书记、市长郑劲龙 (line 35): 争取引进超亿元项目60个 (line 45)
        (
            "争取引进超亿元项目60个",
            {
                "org": "台山市",
                "metric": "超亿元项目",
                "value": 60,
                "unit": "个",
                "comparator": "=",
                "firmness": "争取",
                "period": "2024",
            },
        ),
        # 台山: 力促规上工业总产值超800亿元 (超: more than)
        (
            "规上工业总产值超800亿元",
            {
                "org": "台山市",
                "metric": "规上工业总产值",
                "value": 800,
                "unit": "亿元",
                "comparator": ">",
                "wording": "超",
                "firmness": "力促",
                "period": "2024",
            },
        ),
        # 开平 (line 53): 确保今年地区生产总值增长5.5%以上: 以上 is at least
        (
            "地区生产总值增长5.5%以上",
            {
                "org": "开平市",
                "metric": "地区生产总值增长",
                "value": 5.5,
                "unit": "%",
                "comparator": ">=",
                "wording": "以上",
                "firmness": "确保",
                "period": "2024",
            },
        ),
        # 开平: 争取再用6—8年实现GDP过千亿: from 2024, 2024+6 = 2030 to 2024+8 = 2032;
        # 千亿 is 1000亿元, 过 is more than
        (
            "再用6—8年实现GDP过千亿",
            {
                "org": "开平市",
                "metric": "地区生产总值",
                "value": 1000,
                "unit": "亿元",
                "comparator": ">",
                "wording": "过",
                "firmness": "争取",
                "period": "2030-2032",
            },
        ),
        # 开平: 力保到2025年该市所有行政村集体经营性收入均超过50万元
        (
            "到2025年该市所有行政村集体经营性收入均超过50万元",
            {
                "org": "开平市",
                "metric": "村级集体经营性收入",
                "value": 50,
                "unit": "万元",
                "comparator": ">",
                "wording": "超过",
                "firmness": "力保",
                "period": "2025",
            },
        ),
        # 鹤山 (line 67): “四上”企业超1000家
        (
            "“四上”企业超1000家",
            {
                "org": "鹤山市",
                "metric": "四上企业",
                "value": 1000,
                "unit": "家",
                "comparator": ">",
                "wording": "超",
            },
        ),
        # 市科技局 (line 93): 力争科技人才总量达到5.7万人
        (
            "科技人才总量达到5.7万人",
            {
                "org": "市科技局",
                "metric": "科技人才总量",
                "value": 5.7,
                "unit": "万人",
                "comparator": "=",
                "wording": "达到",
                "firmness": "力争",
            },
        ),
        # 市工信局 (line 107): 重点发展1—2个主导产业: a range, 1 to 2
        (
            "重点发展1—2个主导产业",
            {"org": "市工信局", "metric": "主导产业", "value": 1, "value_max": 2, "unit": "个"},
        ),
        # 市工信局 (line 113): 年度基础设施投资不少于100亿元: 不少于 is at least
        (
            "年度基础设施投资不少于100亿元",
            {
                "org": "市工信局",
                "metric": "基础设施投资",
                "value": 100,
                "unit": "亿元",
                "comparator": ">=",
                "wording": "不少于",
                "firmness": "力争",
            },
        ),
        # 江海 (line 127): 紧盯冲刺全国高新区50强目标: a rank, top 50
        (
            "冲刺全国高新区50强",
            {
                "org": "江海区",
                "value": 50,
                "unit": "强",
                "comparator": "<=",
                "wording": "强",
                "firmness": "冲刺",
            },
        ),
        # 新会 (line 139): 新增产值超百亿元企业2个: 超 belongs to the metric's name
        (
            "新增产值超百亿元企业2个",
            {
                "org": "新会区",
                "metric": "新增产值超百亿元企业",
                "value": 2,
                "unit": "个",
                "comparator": "=",
                "firmness": "力争",
            },
        ),
    ],
)
def test_drafted_records_match_a_reading_of_the_source(drafted, words, expected):
    record = record_holding(drafted, words)
    assert {key: record.get(key) for key in expected} == expected
    assert record["source"] == "jiangmen-2024-pledges"


def test_every_drafted_quote_is_one_the_checker_accepts(drafted):
    for record in drafted["targets"]:
        quote = record["quote"]
        assert TEXT.count(quote) == 1, quote  # occurs exactly once
        assert "\n" not in quote
        if isinstance(record.get("value"), int | float):
            digits = str(record["value"])
            assert digits in quote or re.search("[一二两三四五六七八九十百千万亿]", quote), quote
        if "wording" in record:
            assert record["wording"] in quote, record
        if "firmness" in record:
            start = TEXT.index(quote)
            sentence = re.split("[。；\n]", TEXT[:start])[-1] + TEXT[start:].split("。")[0]
            assert record["firmness"] in sentence, record


def test_a_figure_in_a_metric_name_is_quoted_with_its_target(drafted):
    # 工信局 (line 111): 产值超50亿元企业达12家: 50亿元 is the threshold of the metric's
    # name, so one record, 12家, quotes both
    record = record_holding(drafted, "产值超50亿元企业达12家")
    assert (record["metric"], record["value"], record["unit"]) == ("产值超50亿元企业", 12, "家")
    assert record["wording"] == "达"
    assert not [
        t
        for t in drafted["targets"]
        if t.get("value") == 50
        and t["unit"] == "亿元"
        and "产值超50亿元企业" in t["quote"]
        and t is not record
    ]


def test_slogans_are_drafted_as_dismissals_with_a_reason_to_write(drafted):
    entries = {entry["figure"]: entry for entry in drafted["not_targets"]}
    # 蓬江 (line 23): 围绕省委“1310”具体部署和市委“1+6+3”工作安排
    for slogan in ("1310", "1+6+3"):
        assert entries[slogan]["quote"] == f"“{slogan}”"
        assert entries[slogan]["reason"].startswith("TODO")
    # “百千万工程” is named 12 times (grep -o 百千万工程 | wc -l): one entry covers all
    assert entries["百千万工程"]["quote"] == "“百千万工程”"
    assert sum(1 for e in drafted["not_targets"] if "百千万" in e["figure"]) == 1
    # 开平将2024年确定为“改革攻坚年” (line 53): a date, not a target
    assert "2024年" in entries
    assert entries["2024年"]["reason"].startswith("TODO: a date")


def test_a_headline_repeated_in_its_speech_is_quoted_with_the_line_before(drafted):
    # 蓬江's headline 全力冲刺千亿GDP强区 (line 21) comes back word for word on line 23
    (entry,) = [e for e in drafted["not_targets"] if "全力冲刺千亿GDP强区" in e["quote"]]
    assert entry["quote"].endswith("：\n\n全力冲刺千亿GDP强区")
    assert TEXT.count(entry["quote"]) == 1
    assert entry["figure"] == "千亿"


def test_toml_gives_each_target_its_sentence_as_a_comment():
    text = scan(SOURCE, None, use_data=False, fmt="toml")
    at = text.index('quote = "争取引进超亿元项目60个"')
    block = text[text.rindex("\n\n", 0, at) : at]
    # the sentence runs from the 。 before 加大 to the 。 after 300亿元 (line 45)
    assert (
        "# line 45: 加大“敲门招商”力度，大力发展新质生产力，争取引进超亿元项目60个，总投资超300亿元。"
        in block
    )
    assert "[[targets]]" in block
    # the id from the org's pinyin and the metric's English name (Projects over ...)
    assert re.search(r'\nid = "taishan-projects-[a-z0-9-]+"\n', block), block


def test_unknown_fields_are_marked_todo():
    drafts = tomli.loads(scan(SOURCE, None, use_data=False, fmt="toml"))
    # 台山: 总投资超300亿元 names no metric of the catalogue
    record = record_holding(drafts, "总投资超300亿元")
    assert record["metric"] == "TODO"
    assert record["id"].startswith("todo-")
    assert (record["value"], record["unit"], record["comparator"]) == (300, "亿元", ">")


def copy_of_bundled(folder: Path, drop: str | None = None) -> Path:
    shutil.copytree(BUNDLED.parent / "sources", folder / "sources")
    text = BUNDLED.read_text(encoding="utf-8")
    if drop is not None:
        parts = re.split(r"(?m)^(?=\[\[)", text)
        parts = [p for p in parts if not (p.startswith("[[targets]]") and f'id = "{drop}"\n' in p)]
        text = "".join(parts)
    path = folder / "targets.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_with_data_claimed_figures_are_left_out(tmp_path):
    # the bundled data accounts for every figure: nothing is left to draft
    data = copy_of_bundled(tmp_path)
    drafts = tomli.loads(scan(tmp_path / "sources" / SOURCE.name, data, True, "toml"))
    assert drafts.get("targets", []) == []
    assert drafts.get("not_targets", []) == []


def test_with_data_only_the_missing_target_is_drafted(tmp_path):
    data = copy_of_bundled(tmp_path, drop="taishan-projects-100m")
    source = tmp_path / "sources" / SOURCE.name
    drafts = tomli.loads(scan(source, data, True, "toml"))
    assert drafts.get("not_targets", []) == []
    (record,) = drafts["targets"]
    assert (record["org"], record["metric"], record["value"], record["unit"]) == (
        "台山市",
        "超亿元项目",
        60,
        "个",
    )


def test_the_command_line_scans(tmp_path, capsys):
    data = copy_of_bundled(tmp_path, drop="keji-tech-talent")
    source = tmp_path / "sources" / SOURCE.name
    code = main(["scan", str(source), "--data", str(data)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    (record,) = tomli.loads(out)["targets"]
    assert (record["value"], record["unit"], record["wording"]) == (5.7, "万人", "达到")
    code = main(["scan", str(source), "--data", str(data), "--json"])
    out, _ = capsys.readouterr()
    answer = json.loads(out)
    assert code == 0
    (drafted,) = answer["targets"]
    assert drafted["record"]["metric"] == "科技人才总量"
    assert (drafted["figure"], drafted["line"]) == ("5.7万人", 93)
    assert answer["not_targets"] == []


def test_a_missing_source_is_a_usage_error(tmp_path, capsys):
    code = main(["scan", str(tmp_path / "nowhere.txt")])
    _, err = capsys.readouterr()
    assert code == 2
    assert "nowhere.txt does not exist" in err


def test_a_new_source_gets_a_drafted_source_entry(tmp_path):
    new = tmp_path / "heshan-2025.txt"
    new.write_text(
        "鹤山市委副书记、市长张华景：\n\n力争2025年规上工业总产值突破1100亿元。\n",
        encoding="utf-8",
    )
    drafts = tomli.loads(scan(new, None, use_data=False, fmt="toml"))
    (source,) = drafts["sources"]
    assert (source["id"], source["year"]) == ("heshan-2025", 2025)
    (record,) = drafts["targets"]
    # the speaker line names 张华景, 鹤山's speaker in the catalogue
    assert (record["org"], record["metric"], record["value"], record["period"]) == (
        "鹤山市",
        "规上工业总产值",
        1100,
        "2025",
    )
    assert (record["comparator"], record["wording"], record["firmness"]) == (">", "突破", "力争")
    assert record["quote"] == "力争2025年规上工业总产值突破1100亿元"


def test_drafts_pasted_into_the_catalogue_leave_only_todo_problems(tmp_path, capsys):
    """The loop of the curator's guide: the catalogue, scan's drafts, check. Every field
    the drafts guess is one the checker accepts; what is left is each TODO."""
    shutil.copytree(BUNDLED.parent / "sources", tmp_path / "sources")
    text = BUNDLED.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^(?=\[\[)", text)
    catalogue = "".join(
        p for p in parts if not p.startswith(("[[targets]]", "[[not_targets]]", "[[outcomes]]"))
    )
    data = tmp_path / "targets.toml"
    data.write_text(catalogue, encoding="utf-8")
    drafts = scan(tmp_path / "sources" / SOURCE.name, data, True, "toml")
    data.write_text(catalogue + "\n" + drafts, encoding="utf-8")
    code = main(["check", "--data", str(data)])
    _, err = capsys.readouterr()
    assert code == 1
    problems = [line for line in err.splitlines() if not re.fullmatch(r"\d+ problems? found", line)]
    assert problems
    # the ids of the drafts that carry a "# TODO: ..." comment
    marked = set()
    for block in drafts.split("\n\n"):
        found = re.search(r'\nid = "([^"]+)"', block)
        if "# TODO" in block and found:
            marked.add(found.group(1))
    for problem in problems:
        record = re.search(r": \[([^\]]+)\] ", problem)
        assert "TODO" in problem or (record and record.group(1) in marked), problem
    assert not [p for p in problems if "unclaimed figure" in p]
