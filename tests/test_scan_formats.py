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
