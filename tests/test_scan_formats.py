"""`targets scan` prints its drafts through the renderers: TOML by renderers.toml, JSON
by the JSON renderer every command uses, which writes a terminal's control characters
in a source text as \\u escapes (the same JSON value), never raw.

The texts are written for these tests; the drafts expected were read off them by hand.
"""

from __future__ import annotations

import json

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
