"""A warm `scan` pays only for what its text needs: no module it does not use, no
pattern its text cannot match (issue 21: `scan --format json` on the bundled data was
2.7x a bare tomli parse, the budget 1.8x).

Counted, never timed: the modules a run imports, and the regular expressions it
compiles (each compile is a call of re._compiler.compile; re's own cache answers the
rest). The bundled pledges text has no dateline, no section heading (一、…), no photo
caption and no traditional character, so none of those patterns is compiled for it;
the texts that have them are drafted as before (tests/test_scan_captions.py,
tests/test_scan_accuracy.py, tests/test_scan_traditional_words.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import REPO

from targets_cli.rules import drafting, figures, script

SOURCE = "data/sources/jiangmen-2024-pledges.txt"

# main() as the installed `targets` script calls it, every compile and every SQLite
# connection counted; then the patterns compiled, the modules imported and the
# databases opened, as JSON on stderr's last line.
_SCRIPT = """
import json, sys
import re._compiler as compiler

compiled = []
real = compiler.compile


def counting(pattern, flags=0):
    compiled.append(pattern if isinstance(pattern, str) else repr(pattern))
    return real(pattern, flags)


compiler.compile = counting
import _sqlite3 as sqlite3  # (what the index connects with)

opened = []
real_connect = sqlite3.connect


def connecting(*args, **kwargs):
    opened.append(str(args[0]) if args else "")
    return real_connect(*args, **kwargs)


sqlite3.connect = connecting
from targets_cli.__main__ import main

code = main(sys.argv[1:])
sys.stdout.flush()
seen = {"compiled": compiled, "modules": sorted(sys.modules), "connections": opened}
print(json.dumps(seen), file=sys.stderr)
sys.exit(code)
"""

# Patterns compiled by a warm `scan SOURCE --format json` at most: 25 before issue 21
# (the sentence ends, the traditional characters, the words in which a numeral is no
# number, the dateline, heading and caption patterns among them), 16 after, 7 once
# the checker's list separator (data.completeness, no longer imported), the line
# breaks, the speaker lines, a period's years and words for this year, a date's years,
# a range's dash and an amount's parts (all read with str methods) were left out, 6
# once 再用N年 was read with str methods too, 5 once the figures of a text shorter than
# 20,000 characters were (figures._figure_at), none once the lines that list things
# (目标是：), a headline, a counted label (1镇) and the ids' slugs were.
MOST_PATTERNS = 0

# Never on the path of a warm scan of the bundled text: what it needs no part of.
NOT_SCANNING = {
    "pathlib": "the source's path is a str, read with os.path (pathlib brings urllib, ipaddress)",
    "urllib.parse": "(pulled in by pathlib)",
    "ipaddress": "(pulled in by pathlib)",
    "targets_cli.data.building": "a warm scan reads the index, never builds it",
    "typer": "the fast path parses scan's arguments itself",
    "rich": "no table is drawn",
    "targets_cli.data.completeness": "the checker: a scan without --data claims no figure "
    "(its sentences and placeholder ids are rules.sentences')",
}


def _scan(*args: str) -> tuple[dict[str, list[str]], str]:
    """What a warm `targets scan ARGS` compiled and imported, and what it printed."""
    env = {k: v for k, v in os.environ.items() if k not in ("TARGETS_DATA", "TARGETS_NO_CACHE")}
    command = [sys.executable, "-c", _SCRIPT, "scan", *args]
    subprocess.run(command, capture_output=True, cwd=REPO, env=env, check=True)  # the index
    ran = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env)
    assert ran.returncode == 0, ran.stderr[-2000:]
    return json.loads(ran.stderr.splitlines()[-1]), ran.stdout


def test_a_warm_scan_compiles_no_pattern_its_text_cannot_match():
    seen, out = _scan(SOURCE, "--format", "json")
    compiled = seen["compiled"]
    assert len(compiled) <= MOST_PATTERNS, compiled
    never = {
        "a dateline (——2025年1月16日在…)": drafting._DATELINE,
        "a section heading (一、…)": drafting._SECTION_HEADING,
        "a photo caption (图为…)": drafting._CAPTION,
        "the marks that end a sentence": r"[。；！？\n]",
        "the traditional characters": f"[{script.TRADITIONAL}]",
        "the words in which a numeral is no number (进一步)": "|".join(
            re.escape(word) for word in sorted(figures.LEXICAL, key=len, reverse=True)
        ),
    }
    assert {what for what, pattern in never.items() if pattern in compiled} == set()
    # the figure pattern holds no unit: the unit after a figure is looked up (平方公里
    # and 个百分点 are units only; no other pattern names them)
    assert [p for p in compiled if "平方公里" in p or "个百分点" in p] == []
    assert "\n" not in compiled  # (the lines of the text are found with str.find)
    assert [p for p in compiled if "[：:]" in p] == []  # (nor the speaker lines)
    assert [p for p in compiled if "到|至|在" in p or "今年|" in p] == []  # (nor the periods)
    assert [p for p in compiled if "再用" in p] == []  # (nor the years ahead: 再用6—8年)
    assert figures._pattern().pattern not in compiled  # (nor the figures: _figure_at)
    kinds = {  # (nor a date's years, a range's dash, an amount's parts, a plain number)
        r"(\d{4})(?:\s*[—–~～\-至]\s*(\d{4}))?年$",
        rf"[−-]?({figures._NUMBER})[%％]?{figures._DASH}({figures._NUMBER})",
        drafting._AMOUNT,
        figures._NUMBER,
    }
    assert kinds & set(compiled) == set()
    # the answer is still drafted from the text: 全力推动市重点项目完成1300亿元投资
    answer = json.loads(out)
    assert answer["source_id"] == "jiangmen-2024-pledges"
    drafted = {t["figure"]: t["record"] for t in answer["targets"]}
    assert drafted["1300亿元"]["value"] == 1300
    assert drafted["1300亿元"]["unit"] == "亿元"


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_a_warm_scan_loads_nothing_it_does_not_need(fmt):
    seen, _ = _scan(SOURCE, "--format", fmt)
    loaded = set(seen["modules"])
    assert {name: why for name, why in NOT_SCANNING.items() if name in loaded} == {}


def test_a_text_with_a_dateline_heading_and_caption_compiles_their_patterns(tmp_path):
    # the patterns left out above are compiled, and used, where the text needs them
    text = (
        "江门市政府工作报告\n"
        "——2025年1月16日在江门市第十六届人民代表大会第五次会议上\n"
        "图为第五次会议开幕现场\n"
        "一、2025年主要预期目标\n"
        "地区生产总值增长5%左右。\n"
    )
    source = tmp_path / "jiangmen-2025-report.txt"
    source.write_text(text, encoding="utf-8")
    seen, out = _scan(str(source), "--format", "json")
    compiled = seen["compiled"]
    assert {drafting._DATELINE, drafting._SECTION_HEADING, drafting._CAPTION} <= set(compiled)
    reasons = {e["record"]["quote"]: e["record"]["reason"] for e in json.loads(out)["not_targets"]}
    assert reasons["——2025年1月16日在江门市第十六届人民代表大会第五次会议上"] == (
        "the date and session the report was delivered at"
    )
    assert reasons["一、2025年主要预期目标"] == "a section heading"
    assert reasons["图为第五次会议开幕现场"] == "a photo caption"


def test_a_warm_scan_of_one_data_file_opens_its_index_once():
    # the bundled data is one file, data/targets.toml: no folder's listing can change
    # what it holds, so a warm run trusts the index once the file's stamp holds, as it
    # does for data in folders whose listing held (before: opened, refused, opened again)
    seen, out = _scan(SOURCE, "--format", "json")
    assert len(seen["connections"]) == 1, seen["connections"]
    assert json.loads(out)["in_data"] is True


def test_an_edited_data_file_is_read_again_after_a_warm_scan(tmp_path):
    # the one data file trusted by its stamp: written again, it is indexed again
    data = tmp_path / "targets.toml"
    data.write_text((REPO / "data" / "targets.toml").read_text(encoding="utf-8"), encoding="utf-8")
    sources = tmp_path / "sources"
    sources.mkdir()
    source = sources / "jiangmen-2024-pledges.txt"
    source.write_text((REPO / SOURCE).read_text(encoding="utf-8"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("TARGETS_DATA", "TARGETS_NO_CACHE")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    command = [sys.executable, "-m", "targets_cli", "scan", str(source), "--format", "json"]
    command += ["--data", str(data)]

    def scanned() -> dict:
        ran = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env)
        assert ran.returncode == 0, ran.stderr[-2000:]
        return json.loads(ran.stdout)

    assert scanned()["claimed"] == 172  # every figure of the pledges is the data's
    assert scanned()["claimed"] == 172  # (warm)
    # the data less its [[targets]] and [[not_targets]] (they come last): none is claimed
    kept = data.read_text(encoding="utf-8").split("\n[[targets]]")[0]
    data.write_text(kept + "\n", encoding="utf-8")
    assert scanned()["claimed"] == 0
