"""--lang en on every command: English headers and labels; JSON the same in both languages."""

from __future__ import annotations

import re

import pytest

from targets_cli.data.index import load
from targets_cli.views.reports import show_report

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

# Every command that prints a table, with arguments that give it something to show.
TABLES = {
    "list": ["list", "--region", "台山"],
    "show": ["show", "kaiping-projects-100m"],
    "sum": ["sum", "--metric", "规上工业总产值"],
    "compare": ["compare", "台山", "开平", "恩平", "--category", "investment"],
    "ranking": ["compare", "--metric", "地区生产总值增长"],
    "coverage": ["coverage"],
    "metrics": ["metrics"],
    "regions": ["regions"],
}


def table(run, args: list[str], lang: str) -> list[str]:
    ran = run(*args, "--format", "table", "--lang", lang, env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert ran.code == 0, ran
    return ran.stdout.splitlines()


def header(lines: list[str]) -> str:
    """The line of column headers: the one above the rule."""
    rule = next(n for n, line in enumerate(lines) if line.strip() and set(line.strip()) == {"─"})
    return lines[rule - 1]


@pytest.mark.parametrize("name", [n for n in TABLES if n != "show"])
def test_english_headers_hold_no_chinese(run, name):
    head = header(table(run, TABLES[name], "en"))
    assert not CJK.search(head), head
    assert CJK.search(header(table(run, TABLES[name], "zh")))


def test_list_in_english(run):
    lines = table(run, TABLES["list"], "en")
    assert header(lines).split() == ["stated", "by", "metric", "target", "period", "firmness", "id"]
    text = "\n".join(lines)
    assert "Taishan" in text and "台山" not in text
    assert "Projects over 100 million" in text
    assert "10 targets  (◆ milestone)" in text
    # the figure keeps the unit as stated, and a note says what the unit means
    assert "60 个" in text
    assert "Units: 支 = teams, 个 = items, 亿元 = 100m yuan" in text


def test_show_labels_follow_the_language(run):
    dataset = load()
    target = next(t for t in dataset.targets if t.id == "kaiping-projects-100m")
    (english,) = show_report(dataset, target, "en").tables()
    labels = [row["field"] for row in english.rows]
    assert labels[:4] == ["id", "figure", "metric", "org"]
    assert "same sentence" in labels
    assert not any(CJK.search(label) for label in labels)
    values = {row["field"]: str(row["value"]) for row in english.rows}
    assert values["metric"] == "Projects over 100 million yuan introduced (超亿元项目; count)"
    assert values["org"] == "Kaiping (开平市)"
    assert values["region"] == "Kaiping"

    (chinese,) = show_report(dataset, target, "zh").tables()
    labels = [row["field"] for row in chinese.rows]
    assert labels[:4] == ["编号", "目标", "指标", "发言单位"]
    assert {"原文", "原句", "来源", "同句目标"} <= set(labels)
    assert all(CJK.search(label) for label in labels if label)


def test_show_table_in_english(run):
    text = "\n".join(table(run, TABLES["show"], "en"))
    assert "same sentence" in text and "同句目标" not in text
    assert "Units: 个 = items" in text


def test_sum_notes_in_english(run):
    text = "\n".join(table(run, TABLES["sum"], "en"))
    assert "Total 2024: more than 1800 亿元 from 2 county-level units" in text
    assert "Left out:" in text
    assert (
        "gongxin-cluster-industrial-output (Jiangmen): "
        "covers 江门大型产业集聚区, not the whole of Jiangmen"
    ) in text
    assert "Stated nothing: Pengjiang, Jianghai, Xinhui, Kaiping, Enping" in text
    assert "Units: 亿元 = 100m yuan" in text


def test_sum_notes_in_chinese(run):
    text = "\n".join(table(run, TABLES["sum"], "zh"))
    assert (
        "gongxin-cluster-industrial-output (江门): 只涵盖江门大型产业集聚区，不是江门全域" in text
    )
    assert "未表态：蓬江, 江海, 新会, 开平, 恩平" in text
    assert "Units:" not in text


def test_milestones_left_out_are_explained_in_either_language(run):
    args = ["sum", "--metric", "50亿元以上项目", "--format", "table"]
    assert "jianghai-projects-5bn (Jianghai): a milestone: it states no figure" in (
        run(*args, "--lang", "en").stdout
    )
    assert "jianghai-projects-5bn (江海): 定性目标，未给出数值" in run(*args).stdout


def test_ranking_shows_firmness_levels_in_english(run):
    lines = table(run, TABLES["ranking"], "en")
    rows = [line.split() for line in lines if line.strip()[:1].isdigit()]
    # 开平 ranks once, by its 确保 floor 5.5%, after 恩平's ≥6% and 江海's 6%
    assert [(row[1], row[-1]) for row in rows] == [
        ("Enping", "ensure"),
        ("Jianghai", "strive"),
        ("Kaiping", "ensure"),
    ]
    assert "GDP growth" in lines[0] or "GDP growth" in lines[1]


def test_compare_in_english(run):
    text = "\n".join(table(run, TABLES["compare"], "en"))
    assert header(text.splitlines()).split() == ["metric", "Taishan", "Kaiping", "Enping"]
    assert "Industrial investment" in text
    assert "— not stated" in text


def test_coverage_in_english(run):
    text = "\n".join(table(run, TABLES["coverage"], "en"))
    # (the table now has a parent column, 广东 above 江门: the name wraps before its year)
    assert "High-tech enterprises (stock)" in text
    assert "more than 1280 家" in text
    assert "Units: 亿元 = 100m yuan, 家 = firms" in text


def test_catalogues_in_english(run):
    metrics = "\n".join(table(run, TABLES["metrics"], "en"))
    assert "Projects over 100 million yuan introduced" in metrics
    assert " yes " in metrics and " no " in metrics
    regions = table(run, TABLES["regions"], "en")
    taishan = next(line for line in regions if "Taishan" in line and "county-city" in line)
    assert taishan.split()[:3] == ["Taishan", "county-city", "Jiangmen"]
    chinese = "\n".join(table(run, TABLES["metrics"], "zh"))
    assert " 是 " in chinese and " 否 " in chinese


def test_check_takes_lang(run, tmp_path):
    for lang in ("zh", "en"):
        ran = run("check", "--lang", lang)
        assert ran.code == 0, ran
        assert ran.stdout.startswith("ok: 121 targets")
    ran = run("check", "--lang", "en", "--json")
    # no problem; the 3 cited sources are named as not checked for completeness
    assert ran.code == 0
    assert [(r["role"], r["id"], r["problem"]) for r in ran.json()] == [
        ("cited", "guangdong-2024-report-nandu", None),
        ("cited", "guangdong-2024-report-dotdot", None),
        ("cited", "jiangmen-2024-report-kaiping", None),
    ]


@pytest.mark.parametrize("command", ["list", "show", "sum", "compare", "coverage", "check"])
def test_an_unknown_language_is_a_usage_error(run, command):
    args = {"show": ["show", "kaiping-projects-100m"], "sum": ["sum", "--metric", "工业投资"]}
    ran = run(*args.get(command, [command]), "--lang", "fr")
    assert ran.code == 2
    assert "--lang is 'fr'; choose zh or en" in ran.stderr


# ---- JSON keeps both names, whatever --lang says --------------------------------

JSON_COMMANDS = [
    ["list", "--region", "台山"],
    ["show", "kaiping-projects-100m"],
    ["sum", "--metric", "规上工业总产值"],
    ["compare", "台山", "开平", "--category", "investment"],
    ["compare", "--metric", "地区生产总值增长"],
    ["coverage"],
    ["metrics"],
    ["regions"],
]


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=lambda a: " ".join(a))
def test_json_is_the_same_in_both_languages(run, args):
    chinese = run(*args, "--json", "--lang", "zh")
    english = run(*args, "--json", "--lang", "en")
    assert chinese.code == english.code == 0
    assert chinese.json() == english.json()


def test_json_carries_both_names_on_every_command(run):
    row = run("list", "--region", "台山", "--json").json()[0]
    assert (row["org"], row["org_en"], row["region_en"]) == ("台山市", "Taishan", "Taishan")
    assert (row["metric"], row["metric_en"]) == ("人才队伍", "Talent teams")

    shown = run("show", "kaiping-projects-100m", "--json").json()
    assert (shown["org"], shown["org_en"]) == ("开平市", "Kaiping")
    assert shown["metric_en"] == "Projects over 100 million yuan introduced"

    total = run("sum", "--metric", "规上工业总产值", "--json").json()
    assert (total["metric"], total["metric_en"]) == (
        "规上工业总产值",
        "Gross output of above-size industry",
    )
    assert {(p["region"], p["region_en"]) for p in total["parts"]} == {
        ("台山市", "Taishan"),
        ("鹤山市", "Heshan"),
    }

    grid = run("compare", "台山", "开平", "--category", "investment", "--json").json()
    assert all(m["metric_en"] for m in grid["metrics"])
    ranked = run("compare", "--metric", "地区生产总值增长", "--json").json()
    assert ranked["metric_en"] == "GDP growth"
    assert [r["region_en"] for r in ranked["ranking"]] == ["Enping", "Jianghai", "Kaiping"]

    covered = run("coverage", "--json").json()["coverage"]
    assert {c["metric_en"] for c in covered} >= {
        "Industrial investment",
        "High-tech enterprises (stock)",
    }

    metrics = {m["metric"]: m["metric_en"] for m in run("metrics", "--json").json()}
    assert metrics["超亿元项目"] == "Projects over 100 million yuan introduced"
    orgs = {o["org"]: o["name_en"] for o in run("regions", "--json").json()}
    assert orgs["台山市"] == "Taishan"
    assert orgs["市科技局"] == "Jiangmen Science and Technology Bureau"


def test_one_target_is_counted_in_the_singular(run):
    # 江海's only 地区生产总值增长 figure is 江海区 "力争地区生产总值增长6%": one target
    result = run(
        "list",
        "--region",
        "江海",
        "--metric",
        "地区生产总值增长",
        "--lang",
        "en",
        "--format",
        "table",
    )
    assert result.code == 0
    assert result.stdout.splitlines()[-1].strip() == "1 target"
