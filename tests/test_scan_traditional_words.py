"""`targets scan` reads a report in traditional script as it reads one in simplified.

Each case is one target sentence written in both scripts (by hand, after the bundled
catalogue: data/targets.toml names 地区生产总值增长, 固定资产投资…). The drafted value, unit,
comparator, wording, firmness, direction and metric are the ones a curator reads off the
sentence, the same in both scripts; the quote is the source's words as written, so the
traditional draft quotes traditional script. Then the drafts of a traditional report,
curated (org and source filled in), pass `targets check`: a wording or firmness word of
the catalogue's list is found in a quote written in traditional script.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import REPO, Ran, run_main


def scan_json(path: Path) -> dict:
    ran = run_main(["scan", str(path), "--json"], {"COLUMNS": "100", "TARGETS_DATA": None})
    assert ran.code == 0, ran
    return json.loads(ran.stdout)


# The quote of the traditional draft is its whole clause as written (今年 too: the quote
# grows to a clause's edge when it is near).
WHOLE = None
# (simplified sentence, traditional sentence, the figure in each, the expected draft
# fields; then the traditional quote as written). Period: 今年 in a text naming 2025年.
CASES = [
    (
        "今年地区生产总值增长5%以内。",
        "今年地區生產總值增長5%以內。",
        ("5%", "5%"),
        {"metric": "地区生产总值增长", "value": 5, "unit": "%", "comparator": "<="},
        {"wording": "以内"},
        WHOLE,
    ),
    (
        "今年固定资产投资超过1000亿元。",
        "今年固定資產投資超過1000億元。",
        ("1000亿元", "1000億元"),
        {"metric": "固定资产投资", "value": 1000, "unit": "亿元", "comparator": ">"},
        {"wording": "超过"},
        WHOLE,
    ),
    (
        "今年研发经费投入达到50亿元。",
        "今年研發經費投入達到50億元。",
        ("50亿元", "50億元"),
        {"metric": "研发经费投入", "value": 50, "unit": "亿元", "comparator": "="},
        {"wording": "达到"},
        WHOLE,
    ),
    (
        "今年研发经费投入强度不低于3%。",
        "今年研發經費投入強度不低於3%。",
        ("3%", "3%"),
        {"metric": "研发经费投入强度", "value": 3, "unit": "%", "comparator": ">="},
        {"wording": "不低于"},
        WHOLE,
    ),
    (
        "今年新增专精特新企业不少于50家。",
        "今年新增專精特新企業不少於50家。",
        ("50家", "50家"),
        {"metric": "专精特新企业", "value": 50, "unit": "家", "comparator": ">="},
        {"wording": "不少于"},
        WHOLE,
    ),
    (
        "今年固定资产投资不超过800亿元。",
        "今年固定資產投資不超過800億元。",
        ("800亿元", "800億元"),
        {"metric": "固定资产投资", "value": 800, "unit": "亿元", "comparator": "<="},
        {"wording": "不超过"},
        WHOLE,
    ),
    (
        "今年固定资产投资增长控制在8%以内。",
        "今年固定資產投資增長控制在8%以內。",
        ("8%", "8%"),
        {"metric": "固定资产投资增长", "value": 8, "unit": "%", "comparator": "<="},
        {"wording": "以内"},
        WHOLE,
    ),
    (
        "今年规上工业总产值突破1000亿元。",
        "今年規上工業總產值突破1000億元。",
        ("1000亿元", "1000億元"),
        {"metric": "规上工业总产值", "value": 1000, "unit": "亿元", "comparator": ">"},
        {"wording": "突破"},
        WHOLE,
    ),
    (
        "今年实现新增高新技术企业100家。",
        "今年實現新增高新技術企業100家。",
        ("100家", "100家"),
        {"metric": "高企存量", "value": 100, "unit": "家", "comparator": "="},
        {"wording": "实现"},
        WHOLE,
    ),
    (
        "今年确保地区生产总值增长6%。",
        "今年確保地區生產總值增長6%。",
        ("6%", "6%"),
        {"metric": "地区生产总值增长", "value": 6, "unit": "%", "comparator": "="},
        {"firmness": "确保"},
        WHOLE,
    ),
    (
        "今年力争新增专精特新企业50家。",
        "今年力爭新增專精特新企業50家。",
        ("50家", "50家"),
        {"metric": "专精特新企业", "value": 50, "unit": "家", "comparator": "="},
        {"firmness": "力争"},
        "專精特新企業50家",  # (力争 is in its sentence, as check asks of a firmness)
    ),
    (
        "今年争取固定资产投资增长10%。",
        "今年爭取固定資產投資增長10%。",
        ("10%", "10%"),
        {"metric": "固定资产投资增长", "value": 10, "unit": "%", "comparator": "="},
        {"firmness": "争取"},
        WHOLE,
    ),
    (
        "今年冲刺地区生产总值1000亿元。",
        "今年衝刺地區生產總值1000億元。",
        ("1000亿元", "1000億元"),
        {"metric": "地区生产总值", "value": 1000, "unit": "亿元", "comparator": "="},
        {"firmness": "冲刺"},
        WHOLE,
    ),
    (
        "今年单位地区生产总值能耗下降2.5%。",
        "今年單位地區生產總值能耗下降2.5%。",
        ("2.5%", "2.5%"),
        {"value": 2.5, "unit": "%", "comparator": "=", "direction": "down"},
        {},
        WHOLE,
    ),
    (
        "今年主要污染物排放减少3%。",
        "今年主要污染物排放減少3%。",
        ("3%", "3%"),
        {"value": 3, "unit": "%", "comparator": "=", "direction": "down"},
        {},
        WHOLE,
    ),
    (
        "今年落后产能压减5%。",
        "今年落後產能壓減5%。",
        ("5%", "5%"),
        {"value": 5, "unit": "%", "comparator": "=", "direction": "down"},
        {},
        WHOLE,
    ),
    # 50强 is a rank (强: a place among the top 50), in either script
    (
        "今年进入全国50强。",
        "今年進入全國50強。",
        ("50强", "50強"),
        {"value": 50, "unit": "强", "comparator": "<="},
        {"wording": "强"},
        WHOLE,
    ),
    # 2百分点: 2 percentage points, not 2百 (百 no magnitude before 分点)
    (
        "今年研发经费投入增长2百分点。",
        "今年研發經費投入增長2百分點。",
        ("2百分点", "2百分點"),
        {"metric": "研发经费投入增长", "value": 2, "unit": "%", "comparator": "="},
        {},
        WHOLE,
    ),
]
FIELDS = ("metric", "value", "unit", "comparator", "wording", "firmness", "direction")


def drafted(tmp_path: Path, name: str, sentence: str, figure: str) -> dict:
    """The record scan drafts for `figure` of a short report holding the sentence."""
    path = tmp_path / f"{name}.txt"
    path.write_text(f"2025年主要预期目标\n{sentence}\n", encoding="utf-8")
    found = [d for d in scan_json(path)["targets"] if d["figure"] == figure]
    assert len(found) == 1, (figure, scan_json(path))
    return found[0]["record"]


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{n}-{case[1].removeprefix('今年')[:8]}" for n, case in enumerate(CASES)]
)
def test_both_scripts_draft_the_same_target(case, tmp_path: Path) -> None:
    simple, traditional, (figure_s, figure_t), fields, words, quote = case
    want = {"metric": "TODO", "wording": None, "firmness": None, "direction": None}
    want |= {**fields, **words, "period": "2025"}
    for name, sentence, figure in (("s", simple, figure_s), ("t", traditional, figure_t)):
        record = drafted(tmp_path, name, sentence, figure)
        got = {field: record.get(field) for field in (*FIELDS, "period")}
        assert got == want, (name, sentence)
        assert record["quote"] in sentence
    written = traditional.removesuffix("。") if quote is WHOLE else quote
    assert drafted(tmp_path, "t", traditional, figure_t)["quote"] == written


def test_a_percentage_point_figure_is_read_whole(tmp_path: Path) -> None:
    """2百分点 is one figure (2 percentage points), as 2个百分点 is: no 2百 with 分点 left."""
    path = tmp_path / "points.txt"
    path.write_text("2025年目标：研发经费投入增长2百分点，增长1个百分点。\n", encoding="utf-8")
    out = scan_json(path)
    assert [d["figure"] for d in out["targets"]] == ["2百分点", "1个百分点"]
    assert [(d["record"]["value"], d["record"]["unit"]) for d in out["targets"]] == [
        (2, "%"),
        (1, "%"),
    ]


def test_a_simplified_text_is_unchanged_by_the_table() -> None:
    """The table maps no character a simplified text writes: every bundled source and
    every simplified fixture reads the same through it."""
    from targets_cli.rules.script import simplified

    texts = [*(REPO / "data" / "sources").glob("*.txt")]
    texts += [
        p
        for p in (REPO / "tests" / "fixtures").rglob("*.txt")
        if p.name not in ("lanjiang-2025.txt", "chenghu-2024.txt")
    ]
    assert len(texts) > 10
    for path in texts:
        text = path.read_text(encoding="utf-8")
        if any(c in text for c in "億萬"):
            continue  # (a fixture of mixed script: 億元 in a simplified report)
        assert simplified(text) == text, path


# A report in traditional script, its drafts curated as the guide says: org and source
# filled in, nothing else changed. Every figure is a target, so check has nothing to add.
REPORT = "嵐溪市政府工作報告\n2025年主要預期目標\n今年確保地區生產總值增長5%以內，力爭固定資產投資不低於800億元。\n"


def test_curated_drafts_of_a_traditional_report_pass_check(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    source = data / "sources" / "lanxi-2025.txt"
    source.write_text(REPORT, encoding="utf-8")
    ran = run_main(["scan", str(source)], {"COLUMNS": "100", "TARGETS_DATA": None})
    assert ran.code == 0, ran
    drafts = tomllib.loads(ran.stdout)
    targets = drafts["targets"]
    assert [(t["wording"], t["firmness"], t["quote"]) for t in targets] == [
        ("以内", "确保", "今年確保地區生產總值增長5%以內"),
        ("不低于", "力争", "力爭固定資產投資不低於800億元"),
    ]
    lines = [
        "[[sources]]",
        'id = "lanxi-2025"',
        'file = "sources/lanxi-2025.txt"',
        'title = "嵐溪市政府工作報告"',
        "year = 2025",
    ]
    for n, target in enumerate(targets, 1):
        target |= {"id": f"lanxi-target-{n}", "org": "江门市", "source": "lanxi-2025"}
        lines += ["", "[[targets]]"]
        lines += [
            f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in target.items()
        ]
    for entry in drafts.get("not_targets", []):
        assert entry["figure"] == "2025年", entry  # the heading's year, dismissed
        entry |= {"source": "lanxi-2025", "reason": "the year of the targets below"}
        lines += ["", "[[not_targets]]"]
        lines += [
            f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in entry.items()
        ]
    (data / "lanxi-2025.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked: Ran = run_main(["check", "--data", str(data)], {"COLUMNS": "100"})
    assert checked.code == 0, checked


@pytest.mark.parametrize(
    "heading",
    ["2025年主要预期目标为：", "2025年主要預期目標為："],
    ids=["simplified", "traditional"],
)
def test_a_colon_heading_in_either_script_is_no_speaker(heading: str, tmp_path: Path) -> None:
    """目標為： introduces a list, as 目标为： does: the line after it is a target, not the
    headline of a speech."""
    path = tmp_path / "heading.txt"
    body = (
        "地区生产总值增长5%左右"
        if heading.startswith("2025年主要预期")
        else "地區生產總值增長5%左右"
    )
    path.write_text(f"嵐溪市政府工作報告\n{heading}\n{body}\n", encoding="utf-8")
    out = scan_json(path)
    assert [(d["figure"], d["record"]["metric"]) for d in out["targets"]] == [
        ("5%", "地区生产总值增长")
    ]
    assert [d["record"]["reason"] for d in out["not_targets"]] == [
        "TODO: a date; say what it dates (a target's year belongs in its period)"
    ]


@pytest.mark.parametrize(
    "speech",
    [
        "鹤山市委书记、市长：\n今年力争规上工业总产值突破1000亿元。\n",
        "鶴山市委書記、市長：\n今年力爭規上工業總產值突破1000億元。\n",
    ],
    ids=["simplified", "traditional"],
)
def test_a_speaker_line_in_either_script_names_its_org(speech: str, tmp_path: Path) -> None:
    """鶴山市 in a speaker line is the catalogue's org 鹤山市 (data/targets.toml), so the
    draft has its org and an id made of it and its metric."""
    path = tmp_path / "speech.txt"
    path.write_text(speech, encoding="utf-8")
    (draft,) = scan_json(path)["targets"]
    record = draft["record"]
    assert (record["id"], record["org"], record["metric"]) == (
        "heshan-gross-output-above",
        "鹤山市",
        "规上工业总产值",
    )
    assert (record["value"], record["unit"], record["comparator"]) == (1000, "亿元", ">")
    assert (record["wording"], record["firmness"]) == ("突破", "力争")
