"""`targets scan` prints its drafts through the renderers: TOML by renderers.toml, JSON
by the JSON renderer every command uses, which writes a terminal's control characters
in a source text as \\u escapes (the same JSON value), never raw.

The texts are written for these tests; the drafts expected were read off them by hand.
"""

from __future__ import annotations

import json

import pytest

XIQIAO = "溪桥市政府工作报告\n2024年主要预期目标：地区生产总值增长5%左右。\n"

# Two figures (2024年, 5%); the year is 2024 (its sentence names 预期目标); no speaker
# line, so no org; 2024年 is a date, 5%左右 a target about 5%.
XIQIAO_TOML = """\
# Drafted by targets scan from {path}: 2 figures, 0 already claimed by the data, \
1 drafted targets, 1 drafted not_targets entries.
# Read each draft against its sentence, fill in every TODO, delete what states no \
target, then run: targets check

# TODO: the source is not in the data: add it (file relative to the data file)
[[sources]]
id = "xiqiao"
file = "sources/xiqiao.txt"
title = "溪桥市政府工作报告"
year = 2024

# ---- before the first speaker (TODO) ----

# line 2: 2024年主要预期目标：地区生产总值增长5%左右。
[[not_targets]]
source = "xiqiao"
figure = "2024年"
quote = "2024年主要预期目标"
reason = "TODO: a date; say what it dates (a target's year belongs in its period)"

# line 2: 2024年主要预期目标：地区生产总值增长5%左右。
# TODO: org: no speaker line before it names a known org
[[targets]]
id = "todo-1"
org = "TODO"
metric = "地区生产总值增长"
value = 5
unit = "%"
comparator = "about"
wording = "左右"
period = "2024"
source = "xiqiao"
quote = "地区生产总值增长5%左右"
"""


def test_toml_is_the_drafts_of_the_text_to_the_byte(run, tmp_path):
    source = tmp_path / "xiqiao.txt"
    source.write_text(XIQIAO, encoding="utf-8")
    ran = run("scan", str(source))
    assert ran.code == 0, ran.stderr
    assert ran.stdout_bytes.decode("utf-8") == XIQIAO_TOML.format(path=source)
    assert ran.stdout_bytes == run("scan", str(source), "--format", "toml").stdout_bytes


def test_json_writes_a_terminal_control_of_the_source_as_an_escape(run, tmp_path):
    # U+009B (CSI, an escape on some terminals) and U+202E (right-to-left override)
    text = "2024年主要预期目标：地区生产总值增长5%\u009b左右，\u202e引进项目60个。\n"
    source = tmp_path / "controls.txt"
    source.write_text(text, encoding="utf-8")
    ran = run("scan", str(source), "--json")
    assert ran.code == 0, ran.stderr
    assert "\u009b".encode() not in ran.stdout_bytes
    assert "\u202e".encode() not in ran.stdout_bytes
    assert b"\\u009b" in ran.stdout_bytes and b"\\u202e" in ran.stdout_bytes
    answer = json.loads(ran.stdout_bytes)
    sentence = "2024年主要预期目标：地区生产总值增长5%\u009b左右，\u202e引进项目60个。"
    assert {t["sentence"] for t in answer["targets"]} == {sentence}
    assert [t["figure"] for t in answer["targets"]] == ["5%", "60个"]


# ---- every format of the other commands: the same drafts, source facts included ---------

# A work report written for these tests. Worked by hand: 7 figures. Line 2 is last
# year's results (2023年, 4.8%, 40个): one dismissal naming all three, its reason
# written. Line 3: 2024年 opens the targets (a date: one dismissal, reason TODO) and
# 5%—6% is one range, a target of 5 to 6 %. Line 4: 60个以上 (确保) is a target of at
# least 60 个; 下降2% a target of a 2% fall (direction down). So 3 targets and 2
# dismissals; the year is 2024 (预期目标), the title the first line; no speaker line.
QINGWAN = (
    "青湾市政府工作报告\n"
    "2023年，全市地区生产总值增长4.8%，引进项目40个。\n"
    "2024年主要预期目标：地区生产总值增长5%—6%。\n"
    "确保引进超亿元项目60个以上，单位地区生产总值能耗下降2%。\n"
)
TARGETS = [  # (id, value, value_max, unit, comparator, firmness, direction, quote)
    ("todo-1", 5, 6, "%", "=", None, None, "地区生产总值增长5%—6%"),
    ("todo-2", 60, None, "个", ">=", "确保", None, "确保引进超亿元项目60个以上"),
    ("todo-3", 2, None, "%", "=", "确保", "down", "单位地区生产总值能耗下降2%"),
]
NOT_TARGETS = [  # (line, figure, quote, reason written or not)
    (2, "2023年, 4.8%, 40个", "2023年，全市地区生产总值增长4.8%，引进项目40个", True),
    (3, "2024年", "2024年主要预期目标", False),
]
# The flat columns, in the order scan's --help and views/scan.py document.
# fmt: off
FIELDS = [
    "role", "line", "column", "figure", "id", "org", "metric", "value", "value_max", "unit",
    "comparator", "wording", "firmness", "direction", "period", "source", "quote", "reason",
    "sentence", "speaker", "todo", "notes", "period_assumed", "names", "title", "year",
    "file", "path", "in_data", "figures", "claimed",
]
# fmt: on


def _qingwan(tmp_path):
    source = tmp_path / "qingwan.txt"
    source.write_text(QINGWAN, encoding="utf-8")
    return source


def _flat(run, source, fmt: str) -> list[dict]:
    import csv
    import io

    ran = run("scan", str(source), "--format", fmt)
    assert ran.code == 0, ran.stderr
    if fmt == "jsonl":
        return [json.loads(line) for line in ran.stdout.splitlines()]
    rows = list(csv.reader(io.StringIO(ran.stdout), delimiter="\t" if fmt == "tsv" else ","))
    assert rows[0] == FIELDS
    assert all(len(row) == len(FIELDS) for row in rows)
    return [dict(zip(FIELDS, row, strict=True)) for row in rows[1:]]


def _cell(value) -> str:
    """A value as a CSV or TSV cell writes it."""
    return "" if value is None else str(value)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv"])
def test_flat_formats_hold_every_draft_of_the_toml_and_the_source(run, tmp_path, fmt):
    import tomllib

    source = _qingwan(tmp_path)
    drafted = tomllib.loads(run("scan", str(source)).stdout)
    assert len(drafted["targets"]) == 3 and len(drafted["not_targets"]) == 2
    rows = _flat(run, source, fmt)
    text = _cell if fmt != "jsonl" else (lambda value: value)
    assert [row["role"] for row in rows] == [  # the source, then the text's order
        "source", "not_target", "not_target", "target", "target", "target"
    ]  # fmt: skip
    (head,) = [row for row in rows if row["role"] == "source"]
    assert head["id"] == "qingwan" and head["title"] == "青湾市政府工作报告"
    assert head["year"] == text(2024) and head["file"] == "sources/qingwan.txt"
    assert (head["figures"], head["claimed"]) == (text(7), text(0))
    assert head["in_data"] == (False if fmt == "jsonl" else "false")
    # every [[targets]] and [[not_targets]] table of the TOML, each field, is a row
    for role, tables in (("target", drafted["targets"]), ("not_target", drafted["not_targets"])):
        found = [row for row in rows if row["role"] == role]
        assert len(found) == len(tables)
        for table, row in zip(tables, found, strict=True):
            assert {key: row[key] for key in table} == {k: text(v) for k, v in table.items()}
    # and the drafts are those worked out by hand
    targets = [row for row in rows if row["role"] == "target"]
    keys = ("id", "value", "value_max", "unit", "comparator", "firmness", "direction", "quote")
    got = [tuple(row.get(key) for key in keys) for row in targets]
    assert got == [tuple(text(v) for v in t) for t in TARGETS]
    assert {row["period"] for row in targets} == {"2024"}
    dismissed = [row for row in rows if row["role"] == "not_target"]
    assert [(r["line"], r["figure"], r["quote"]) for r in dismissed] == [
        (text(line), figure, quote) for line, figure, quote, _ in NOT_TARGETS
    ]
    assert [not r["reason"].startswith("TODO") for r in dismissed] == [w for *_, w in NOT_TARGETS]
    names = [json.loads(r["names"]) if fmt != "jsonl" else r["names"] for r in dismissed]
    assert [[n["figure"] for n in named] for named in names] == [
        ["2023年", "4.8%", "40个"],
        ["2024年"],
    ]


def test_json_holds_the_source_title_and_its_drafted_table(run, tmp_path):
    source = _qingwan(tmp_path)
    answer = run("scan", str(source), "--json").json()
    assert (answer["title"], answer["year"], answer["figures"]) == ("青湾市政府工作报告", 2024, 7)
    assert answer["source_record"] == {
        "id": "qingwan",
        "file": "sources/qingwan.txt",
        "title": "青湾市政府工作报告",
        "year": 2024,
    }
    assert (len(answer["targets"]), len(answer["not_targets"])) == (3, 2)


def test_json_of_a_source_in_the_data_has_the_datas_title_and_no_table_to_add(run):
    answer = run(
        "scan", "data/sources/jiangmen-2024-pledges.txt", "--data", "data/targets.toml", "--json"
    ).json()
    assert answer["in_data"] is True and answer["source_record"] is None
    # the bundled [[sources]] entry's title and year
    assert answer["title"].startswith("市直部门及各县(市、区)在全市高质量发展推进会上作表态发言")
    assert answer["year"] == 2024


def test_piped_scan_stays_toml_not_tsv(run, tmp_path):
    # (every other command writes TSV to a pipe; a curator redirects scan into a file)
    source = _qingwan(tmp_path)
    ran = run("scan", str(source))
    assert ran.stdout.startswith("# Drafted by targets scan from ")
    assert "[[targets]]" in ran.stdout and "\t" not in ran.stdout


def test_table_shows_each_draft_within_120_columns(run, tmp_path):
    from rich.cells import cell_len

    source = _qingwan(tmp_path)
    ran = run("scan", str(source), "--format", "table", env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert ran.code == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 120
    assert "青湾市政府工作报告 (qingwan, 2024;" in lines[0]
    header = next(line for line in lines if "firmness" in line)
    for word in ("role", "line", "id", "quote", "value", "unit", "comparator", "period"):
        assert word in header
    rows = [" ".join(line.split()) for line in lines]  # (cells apart by one space)
    # each target on a line of its own: role, line, id, quote, value, unit, comparator,
    # period, firmness (a fall's direction beside its comparator)
    assert "target 3 todo-1 地区生产总值增长5%—6% 5—6 % = 2024" in rows
    assert "target 4 todo-2 确保引进超亿元项目60个以上 60 个 >= 2024 确保" in rows
    assert "target 4 todo-3 单位地区生产总值能耗下降2% 2 % =, down 2024 确保" in rows
    assert "→ 2023 result reviewed" in rows  # a dismissal's reason, under its quote
    assert "not_target" in ran.stdout
    words = " ".join(ran.stdout.split())  # (the notes under the table wrap at 120)
    assert "7 figures, 0 already claimed by the data, 3 drafted targets, 2 drafted" in words


def test_flat_formats_and_table_are_usage_checked_as_the_others(run, tmp_path):
    source = _qingwan(tmp_path)
    ran = run("scan", str(source), "--json", "--format", "csv")
    assert ran.code == 2 and "--json conflicts with --format csv" in ran.stderr
    ran = run("scan", str(source), "--format", "xml")
    assert ran.code == 2 and "--format" in ran.stderr and ran.stdout == ""
    # the columns and their order, as --help documents them
    helped = " ".join(run("scan", "--help", env={"COLUMNS": "100"}).stdout.split())
    assert "Columns, in this order: " + ", ".join(FIELDS) + ". " in helped
    bom = run("scan", str(source), "--format", "csv", "--bom")
    assert bom.stdout_bytes.startswith("\ufeffrole,line,".encode())


# ---- TOML: the bidirectional controls of a source as escapes ---------------------------

# U+202E (right-to-left override) in a sentence of results; U+200F (RLM), U+2066 and
# U+2069 (isolates), U+202A/U+202C (embedding, pop) and U+200E (LRM) around targets;
# DEL, which TOML forbids raw, in one more.
BIDI = (
    "青湾市政府工作报告\n"
    "2023年，全市\u202e地区生产总值增长4.8%。\n"
    "2024年主要预期目标：确保\u200f引进\u2066超亿元项目\u206960个以上，"
    "力争\u202a规上工业总产值\u202c突破\u200e800亿元，新增就业\x7f5万人。\n"
)


def test_toml_writes_bidi_controls_as_escapes_and_reads_back_the_same_text(run, tmp_path):
    import tomllib

    source = tmp_path / "bidi.txt"
    source.write_text(BIDI, encoding="utf-8")
    ran = run("scan", str(source))
    assert ran.code == 0, ran.stderr
    for code in (0x7F, 0x200E, 0x200F, 0x202A, 0x202C, 0x202E, 0x2066, 0x2069):
        assert chr(code).encode() not in ran.stdout_bytes, hex(code)
    assert b"\\u202e" in ran.stdout_bytes and b"\\u2069" in ran.stdout_bytes
    drafted = tomllib.loads(ran.stdout_bytes.decode("utf-8"))
    # the quotes are spans of the text, controls and all (read off the text by hand)
    assert [t["quote"] for t in drafted["targets"]] == [
        "超亿元项目\u206960个以上",
        "力争\u202a规上工业总产值\u202c突破\u200e800亿元",
        "新增就业\x7f5万人",
    ]
    results = [e for e in drafted["not_targets"] if e["reason"] == "2023 result reviewed"]
    assert [e["quote"] for e in results] == ["2023年，全市\u202e地区生产总值增长4.8%"]
