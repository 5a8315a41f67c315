"""After an edit, the checks across files answer as a full build would: a problem one
file's edit creates against another file appears, one it fixes goes, and every message
and its order are what the files say. The index is warm throughout (the first `check`
builds it; each later one refreshes it from the files edited), and each answer is the
one a person reads off the files: the fixture tests/fixtures/statements (targets.toml,
listed first) and a second file z.toml written here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_main

FIXTURE = REPO / "tests" / "fixtures" / "statements"

# Targets of targets.toml written again in z.toml (at lines 108 and 74 there).
XIHE_PROJECTS = """
[[targets]]
id = "xihe-projects-100m"
org = "西河区"
metric = "超亿元项目"
value = 30
unit = "个"
comparator = "="
period = "2024"
source = "dongchuan-2024-pledges"
quote = "引进超亿元项目30个"
"""
FGJ_GDP = """
[[targets]]
id = "fgj-gdp-growth"
org = "市发展改革局"
metric = "地区生产总值增长"
value = 5
unit = "%"
comparator = "="
period = "2024"
source = "dongchuan-2024-pledges"
quote = "全市地区生产总值增长5%"
"""
# A restatement in z.toml of 南岭's GDP growth pledge (targets.toml's nanling-gdp-growth).
AGAIN = """
[[targets]]
id = "nanling-gdp-growth-again"
org = "南岭市"
metric = "地区生产总值增长"
value = 5.5
unit = "%"
comparator = ">="
wording = "以上"
period = "2024"
same_as = "nanling-gdp-growth"
source = "nanling-2024-report"
quote = "地区生产总值增长5.5%以上"
"""
# A count of projects given in money, from a cited source.
IN_MONEY = """
[[sources]]
id = "xihe-news"
url = "https://example.org/xihe"
publisher = "西河日报"
title = "西河区投资"
year = 2024

[[targets]]
id = "xihe-projects-money"
org = "西河区"
metric = "超亿元项目"
value = 30
unit = "亿元"
comparator = "="
period = "2024"
source = "xihe-news"
quote = "超亿元项目投资30亿元"
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    (folder / "z.toml").write_text("format = 1\n", encoding="utf-8")
    return folder


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    """The problem lines of a warm `check`, after checking that `check --full` (which
    trusts nothing of the index) agrees."""
    warm = run_main(["check", str(folder)], {"COLUMNS": "100"})
    full = run_main(["check", "--full", str(folder)], {"COLUMNS": "100"})
    assert (warm.code, warm.stdout, warm.stderr) == (full.code, full.stdout, full.stderr)
    lines = warm.stderr.splitlines()
    assert warm.code == (1 if lines else 0), warm
    return [line for line in lines if line.startswith(str(folder))]


def test_a_duplicate_id_created_in_one_file_against_another_then_removed(data):
    a, z = data / "targets.toml", data / "z.toml"
    assert _problems(data) == []
    # two ids of targets.toml written again in z.toml, the later id first: listed by id
    _write(z, "format = 1\n" + XIHE_PROJECTS + FGJ_GDP)
    assert _problems(data) == [
        f"{z}:14: [fgj-gdp-growth] duplicate target id 'fgj-gdp-growth'; first defined at {a}:74",
        f"{z}:3: [xihe-projects-100m] duplicate target id 'xihe-projects-100m'; "
        f"first defined at {a}:108",
    ]
    # targets.toml edited alone (a line above everything): where the first ones are moves
    original = a.read_text(encoding="utf-8")
    _write(a, "# edited\n" + original)
    assert _problems(data) == [
        f"{z}:14: [fgj-gdp-growth] duplicate target id 'fgj-gdp-growth'; first defined at {a}:75",
        f"{z}:3: [xihe-projects-100m] duplicate target id 'xihe-projects-100m'; "
        f"first defined at {a}:109",
    ]
    # one taken out of z.toml: its duplicate goes, the other's stays
    _write(z, "format = 1\n" + FGJ_GDP)
    assert _problems(data) == [
        f"{z}:3: [fgj-gdp-growth] duplicate target id 'fgj-gdp-growth'; first defined at {a}:75",
    ]
    # the first definition taken out of targets.toml: z.toml's is the only one left
    _write(a, original.replace('id = "fgj-gdp-growth"', 'id = "fgj-gdp-growth-2024"'))
    assert _problems(data) == []
    _write(a, original)
    assert len(_problems(data)) == 1
    z.unlink()  # a file removed: its duplicates go with it
    assert _problems(data) == []


def test_a_same_as_chain_broken_by_an_edit_in_another_file(data):
    a, z = data / "targets.toml", data / "z.toml"
    _write(z, "format = 1\n" + AGAIN)
    assert _problems(data) == []
    # targets.toml's nanling-gdp-growth now restates another: both restatements of it,
    # one in each file, name a target that is not first stated
    original = a.read_text(encoding="utf-8")
    broken = original.replace(
        'id = "nanling-gdp-growth"\n', 'id = "nanling-gdp-growth"\nsame_as = "xihe-gdp-growth"\n'
    )
    _write(a, broken)
    in_turn = (
        "same_as 'nanling-gdp-growth' restates 'xihe-gdp-growth' in turn; "
        "name the target first stated: same_as = 'xihe-gdp-growth'"
    )
    assert _problems(data) == [
        f"{a}:157: [nanling-gdp-growth-report] {in_turn}",
        f"{z}:12: [nanling-gdp-growth-again] {in_turn}",
    ]
    # z.toml's restatement made to name the first stated: only targets.toml's is left
    _write(z, "format = 1\n" + AGAIN.replace('"nanling-gdp-growth"', '"xihe-gdp-growth"'))
    assert _problems(data) == [f"{a}:157: [nanling-gdp-growth-report] {in_turn}"]
    # and targets.toml put back: z.toml's restates 西河's target, which is first stated
    _write(a, original)
    assert _problems(data) == []


def test_a_restated_target_renamed_in_another_file(data):
    a, z = data / "targets.toml", data / "z.toml"
    _write(z, "format = 1\n" + AGAIN)
    assert _problems(data) == []
    original = a.read_text(encoding="utf-8")
    # the pledge's id changed in targets.toml (and its own restatement follows it)
    renamed = original.replace('"nanling-gdp-growth"', '"nanling-gdp-growth-pledge"')
    _write(a, renamed)
    # (the closest ids by difflib's ratio: the two that hold the whole name, 36/43 each,
    # a tie listed greater string first; then fgj-gdp-growth, 24/32, before
    # xihe-gdp-growth, 24/33)
    assert _problems(data) == [
        f"{z}:12: [nanling-gdp-growth-again] same_as 'nanling-gdp-growth' is not a target "
        "id; did you mean nanling-gdp-growth-report, nanling-gdp-growth-pledge, "
        "fgj-gdp-growth?"
    ]
    _write(a, original)
    assert _problems(data) == []


def test_a_unit_of_another_quantity_created_and_removed(data):
    a, z = data / "targets.toml", data / "z.toml"
    assert _problems(data) == []
    _write(z, "format = 1\n" + IN_MONEY)
    in_money = (
        "unit measures money, but metric '超亿元项目' is given in items elsewhere "
        "(as at {a}:{line}); use a unit of items (个), or another metric"
    )
    does_not_fit = (
        f"{z}:15: [xihe-projects-money] unit '亿元' does not fit a count: a count is given "
        "in a unit of what is counted (万人, 个, 人, 名, 家, 支, 项), never in money, percent, "
        "rank; a growth rate or a share is a metric of its own"
    )
    assert _problems(data) == [
        does_not_fit,
        f"{z}:15: [xihe-projects-money] " + in_money.format(a=a, line=85),
    ]
    # targets.toml edited alone: the first target in items (fgj-projects-100m) moves down
    original = a.read_text(encoding="utf-8")
    _write(a, "# edited\n\n" + original)
    assert _problems(data) == [
        does_not_fit,
        f"{z}:15: [xihe-projects-money] " + in_money.format(a=a, line=87),
    ]
    # the unit put right in z.toml (and its quote): both problems go
    fixed = IN_MONEY.replace('unit = "亿元"', 'unit = "个"').replace("投资30亿元", "30个")
    _write(z, "format = 1\n" + fixed)
    assert _problems(data) == []


def test_a_file_added_before_the_others_holds_the_first_definition(data):
    a, first = data / "targets.toml", data / "a.toml"
    assert _problems(data) == []
    # a.toml is listed before targets.toml: its target is the first, targets.toml's the
    # duplicate (the files are numbered again, the problems across files follow them)
    _write(first, "format = 1\n" + XIHE_PROJECTS)
    assert _problems(data) == [
        f"{a}:108: [xihe-projects-100m] duplicate target id 'xihe-projects-100m'; "
        f"first defined at {first}:3",
    ]
    first.unlink()
    assert _problems(data) == []
