"""`show ID` reads only what it prints: once a run has found the index holding the
folders' listing, `show` looks at the folders' stamps and at the files its answer comes
from, not at every file. Every edit that changes its answer is still seen: the target's
own file, its source's text, the catalogue, an outcome written for it, a file added.

The data is written here: a catalogue (conftest's 嘉川市 and 海新区), two reports each
with its text, and a file of outcomes. Figures are read off these files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import HAIXIN_CATALOGUE, run_main, write_tree

from targets_cli.data import store

REPORT_A = """\
format = 1

[[sources]]
id = "haixin-2024"
file = "a.txt"
title = "海新区2024年工作报告"
year = 2024

[[targets]]
id = "haixin-investment"
org = "海新区"
metric = "固定资产投资"
value = 120
unit = "亿元"
comparator = "="
period = "2024"
source = "haixin-2024"
quote = "完成固定资产投资120亿元"
"""
TEXT_A = "海新区2024年工作报告\n\n今年，全区完成固定资产投资120亿元。\n"

REPORT_B = """\
format = 1

[[sources]]
id = "jiachuan-2024"
file = "b.txt"
title = "嘉川市2024年工作报告"
year = 2024

[[targets]]
id = "jiachuan-investment"
org = "嘉川市"
metric = "固定资产投资"
value = 800
unit = "亿元"
comparator = "="
period = "2024"
source = "jiachuan-2024"
quote = "完成固定资产投资800亿元"
"""
TEXT_B = "嘉川市2024年工作报告\n\n全市完成固定资产投资800亿元。\n"

OUTCOME = """
[[outcomes]]
id = "{target}-result"
target = "{target}"
value = {value}
unit = "亿元"
period = "2024"
publisher = "嘉川日报"
title = "{title}"
published = "2025-02-01"
url = "https://example.org/{target}"
"""
OUTCOMES = "format = 1\n" + OUTCOME.format(
    target="jiachuan-investment", value=810, title="嘉川市2024年经济运行情况"
)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder, every file and folder written well in the past, its index warm."""
    # (every stamp taken is then old enough to trust: a test needs no wait)
    monkeypatch.setattr(store, "now_ns", lambda: time.time_ns() + 10 * store.RACY_NS)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = write_tree(
        tmp_path / "data",
        {
            "catalogue.toml": HAIXIN_CATALOGUE,
            "docs/a.toml": REPORT_A,
            "docs/a.txt": TEXT_A,
            "docs/b.toml": REPORT_B,
            "docs/b.txt": TEXT_B,
            "outcomes.toml": OUTCOMES,
        },
    )
    assert run_main(["list", "--data", str(folder), "--json"]).code == 0
    return folder


def show(folder: Path, ident: str = "haixin-investment") -> dict:
    ran = run_main(["show", ident, "--data", str(folder), "--json"])
    assert ran.code == 0, ran.stderr
    return ran.json()


def rewrite(path: Path, old: str, new: str) -> None:
    """Write the file in place (as an editor that keeps the file does): its folder's
    entries are unchanged."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    with open(path, "r+", encoding="utf-8") as stream:
        stream.write(text.replace(old, new))
        stream.truncate()


def watched(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The paths the run stats, and the folders it lists, from here on."""
    stats: list[str] = []
    listed: list[str] = []
    real_stat, real_scandir = os.stat, os.scandir

    def stat(path, *args, **kwargs):
        stats.append(str(path))
        return real_stat(path, *args, **kwargs)

    def scandir(path=".", *args, **kwargs):
        listed.append(str(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "scandir", scandir)
    return stats, listed


def test_show_looks_only_at_the_files_its_answer_comes_from(data, monkeypatch):
    stats, listed = watched(monkeypatch)
    found = show(data)
    assert (found["value"], found["unit"], found["org"]) == (120, "亿元", "海新区")
    assert found["sentence"] == "今年，全区完成固定资产投资120亿元"
    under = [p for p in stats if str(data) in p]
    # the report of its target and its text, the catalogue, the outcomes; the folders
    assert str(data / "docs" / "a.toml") in under
    assert str(data / "docs" / "a.txt") in under
    assert str(data / "catalogue.toml") in under
    assert str(data / "outcomes.toml") in under
    # not the other report, and no folder listed
    assert str(data / "docs" / "b.toml") not in under
    assert str(data / "docs" / "b.txt") not in under
    assert not [p for p in listed if str(data) in p]


def test_its_own_file_written_in_place_is_seen(data):
    assert show(data)["value"] == 120
    rewrite(data / "docs" / "a.toml", "value = 120", "value = 125")
    rewrite(data / "docs" / "a.toml", "投资120亿元", "投资125亿元")
    rewrite(data / "docs" / "a.txt", "投资120亿元", "投资125亿元")
    found = show(data)
    assert (found["value"], found["quote"]) == (125, "完成固定资产投资125亿元")


def test_its_source_text_written_in_place_is_seen(data):
    assert show(data)["sentence"] == "今年，全区完成固定资产投资120亿元"
    rewrite(data / "docs" / "a.txt", "今年，全区", "2024年，海新区")
    assert show(data)["sentence"] == "2024年，海新区完成固定资产投资120亿元"


def test_the_catalogue_written_in_place_is_seen(data):
    assert show(data)["org_en"] == "Haixin"
    rewrite(data / "catalogue.toml", 'name_en = "Haixin"', 'name_en = "Haixin District"')
    assert show(data)["org_en"] == "Haixin District"


def test_an_outcome_written_in_place_into_the_outcomes_file_is_seen(data):
    assert show(data)["outcome_value"] is None
    with open(data / "outcomes.toml", "a", encoding="utf-8") as stream:
        stream.write(
            OUTCOME.format(target="haixin-investment", value=131, title="海新区2024年统计公报")
        )
    found = show(data)
    assert (found["outcome_id"], found["outcome_value"]) == ("haixin-investment-result", 131)


def test_a_file_added_is_seen(data):
    assert show(data)["value"] == 120
    # the same id again, in a new file: the answer is no longer one target's
    (data / "docs" / "c.toml").write_text(
        REPORT_B.replace("jiachuan-investment", "haixin-investment")
        .replace("b.txt", "a.txt")
        .replace('id = "jiachuan-2024"', 'id = "haixin-2024-again"')
        .replace('source = "jiachuan-2024"', 'source = "haixin-2024-again"'),
        encoding="utf-8",
    )
    ran = run_main(["show", "haixin-investment", "--data", str(data), "--json"])
    assert ran.code == 1, ran.stdout
    assert "c.toml" in ran.stderr and "haixin-investment" in ran.stderr


def test_a_file_removed_is_seen(data):
    assert show(data, "jiachuan-investment")["value"] == 800
    (data / "docs" / "b.toml").unlink()
    ran = run_main(["show", "jiachuan-investment", "--data", str(data), "--json"])
    assert ran.code == 1
    assert "jiachuan-investment" in ran.stderr


def test_another_report_written_in_place_waits_for_a_command_that_reads_it(data):
    """The rule, stated: a file that holds nothing of the answer is not looked at by
    `show`; the next command that reads every file sees it."""
    assert show(data)["value"] == 120
    rewrite(data / "docs" / "b.toml", "value = 800", "value = 0.5.5")  # (not TOML)
    assert show(data)["value"] == 120
    ran = run_main(["list", "--data", str(data), "--json"])
    assert ran.code == 1
    assert "b.toml" in ran.stderr


def test_a_warm_run_of_another_command_lists_no_folder_none_changed(data, monkeypatch):
    """With no folder changed, `list` (as every command) stats each file once and
    lists no folder; a file written in place is still seen."""
    stats, listed = watched(monkeypatch)
    ran = run_main(["list", "--data", str(data), "--json"])
    assert ran.code == 0, ran
    assert [row["id"] for row in ran.json()] == ["haixin-investment", "jiachuan-investment"]
    assert not [p for p in listed if str(data) in p]
    files = [p for p in stats if p.startswith(str(data)) and os.path.splitext(p)[1]]
    names = ["catalogue.toml", "outcomes.toml", "docs/a.toml", "docs/a.txt", "docs/b.toml"]
    assert sorted(files) == sorted(str(data / name) for name in [*names, "docs/b.txt"])
    rewrite(data / "docs" / "b.toml", "value = 800", "value = 900")
    rewrite(data / "docs" / "b.toml", "投资800亿元", "投资900亿元")
    rewrite(data / "docs" / "b.txt", "投资800亿元", "投资900亿元")
    ran = run_main(["list", "--data", str(data), "--json"])
    assert ran.code == 0, ran
    assert [row["value"] for row in ran.json()] == [120, 900]
