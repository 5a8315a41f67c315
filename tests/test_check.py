"""`targets check` finds each kind of problem, all at once, with file, line and id."""

from __future__ import annotations

import pytest

SOURCE = (
    "甲市今年力争引进超亿元项目60个，确保地区生产总值增长6%以上。乙区实现工业投资突破100亿元。\n"
)

GOOD = """\
format = 1

[[sources]]
id = "demo"
file = "demo.txt"
title = "demo"
year = 2024

[[orgs]]
id = "甲市"
kind = "city"
name_en = "Jia"

[[orgs]]
id = "乙区"
kind = "district"
parent = "甲市"
name_en = "Yi"

[[metrics]]
name = "超亿元项目"
name_en = "Projects over 100m yuan"
aliases = ["亿元以上项目"]
dimension = "count"
additive = true
category = "investment"

[[metrics]]
name = "地区生产总值增长"
name_en = "GDP growth"
dimension = "rate"
additive = false
category = "economy"

[[metrics]]
name = "工业投资"
name_en = "Industrial investment"
dimension = "amount"
additive = true
category = "investment"

[[targets]]
id = "jia-projects"
org = "甲市"
metric = "超亿元项目"
value = 60
unit = "个"
comparator = "="
firmness = "力争"
period = "2024"
source = "demo"
quote = "引进超亿元项目60个"

[[targets]]
id = "jia-gdp-growth"
org = "甲市"
metric = "地区生产总值增长"
value = 6
unit = "%"
comparator = ">="
wording = "以上"
firmness = "确保"
period = "2024"
source = "demo"
quote = "地区生产总值增长6%以上"

[[targets]]
id = "yi-investment"
org = "乙区"
metric = "工业投资"
value = 100
unit = "亿元"
comparator = ">"
wording = "突破"
period = "2024"
source = "demo"
quote = "工业投资突破100亿元"
"""


@pytest.fixture
def write(tmp_path):
    def write_data(text: str) -> str:
        (tmp_path / "demo.txt").write_text(SOURCE, encoding="utf-8")
        path = tmp_path / "targets.toml"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write_data


def line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def test_a_clean_file_passes(run, write):
    ran = run("check", write(GOOD))
    assert ran.code == 0, ran
    assert ran.stdout.startswith("ok: 3 targets, 2 orgs, 3 metrics, 1 source in ")


def test_the_bundled_data_passes(run):
    ran = run("check")
    assert ran.code == 0, ran
    # 116 pledges and 5 cited figures (广东's three 2024 targets, 开平's two in the city's
    # report); 广东省 is the 12th org, 固定资产投资增长 the 71st metric
    assert ran.stdout.startswith("ok: 121 targets, 12 orgs")


def test_malformed_toml_gives_line_and_column(run, write):
    broken = GOOD.replace('unit = "%"', 'unit = "%')
    path = write(broken)
    ran = run("check", path)
    assert ran.code == 1
    line = line_of(broken, 'unit = "%')
    assert f"{path}:{line}:" in ran.stderr
    assert "malformed TOML" in ran.stderr


CASES = [
    # (what is broken, replace this, with this, the id, the key on whose line, message part)
    (
        "missing field",
        'period = "2024"\nsource = "demo"\nquote = "工业投资',
        'period = "2024"\nquote = "工业投资',
        "yi-investment",
        "[[targets]]",
        "missing required field 'source'",
    ),
    (
        "mistyped field",
        "value = 60",
        'value = "60"',
        "jia-projects",
        "value",
        "'value' must be a number",
    ),
    (
        "unknown field",
        'firmness = "力争"',
        'firmnes = "力争"',
        "jia-projects",
        "firmnes",
        "did you mean 'firmness'",
    ),
    (
        "unknown org",
        'org = "乙区"\nmetric = "工业投资"',
        'org = "丙区"\nmetric = "工业投资"',
        "yi-investment",
        "org",
        "unknown org '丙区'",
    ),
    (
        "unknown metric",
        'metric = "工业投资"\nvalue',
        'metric = "工业投入"\nvalue',
        "yi-investment",
        "metric",
        "unknown metric '工业投入'; did you mean 工业投资",
    ),
    # units are data: the message names the unit and how to add one ([[units]])
    ("unknown unit", 'unit = "亿元"', 'unit = "亿"', "yi-investment", "unit", "unknown unit '亿'"),
    (
        "quote not verbatim",
        'quote = "工业投资突破100亿元"',
        'quote = "工业投资突破一百亿元"',
        "yi-investment",
        "quote",
        "quote not found verbatim",
    ),
    (
        "value not in quote",
        "value = 100",
        "value = 120",
        "yi-investment",
        "value",
        "value 120 does not appear in the quote",
    ),
    (
        "comparator contradicts wording",
        'comparator = ">"\nwording = "突破"',
        'comparator = ">="\nwording = "突破"',
        "yi-investment",
        "comparator",
        "contradicts wording '突破'",
    ),
    (
        "firmness not in sentence",
        'wording = "突破"\nperiod',
        'wording = "突破"\nfirmness = "确保"\nperiod',
        "yi-investment",
        "firmness",
        "firmness '确保' is not in the quote's sentence",
    ),
    (
        "unknown source",
        'source = "demo"\nquote = "工业投资',
        'source = "dem"\nquote = "工业投资',
        "yi-investment",
        "source",
        "unknown source 'dem'",
    ),
]


@pytest.mark.parametrize(
    ("case", "old", "new", "target", "key", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_each_kind_of_problem_is_reported_at_its_line(
    run, write, case, old, new, target, key, message
):
    assert GOOD.count(old) == 1, case
    broken = GOOD.replace(old, new)
    path = write(broken)
    ran = run("check", path)
    assert ran.code == 1, ran
    header = f'id = "{target}"'
    if key == "[[targets]]":  # a missing field is reported at its record's header
        line = broken[: broken.index(header)].rindex("[[targets]]")
        line = broken[:line].count("\n") + 1
    else:
        line = line_of(broken, f"{key} =", after=header)
    expected = f"{path}:{line}: [{target}] "
    matching = [row for row in ran.stderr.splitlines() if row.startswith(expected)]
    assert matching, ran.stderr
    assert message in matching[0], matching[0]


def test_duplicate_ids_name_both_places(run, write):
    broken = GOOD.replace('id = "yi-investment"', 'id = "jia-projects"')
    path = write(broken)
    ran = run("check", path)
    assert ran.code == 1
    first = line_of(broken, "[[targets]]")
    assert f"duplicate target id 'jia-projects'; first defined at {path}:{first}" in ran.stderr


def test_every_problem_is_reported_in_one_run(run, write):
    broken = GOOD.replace("value = 60", "value = 61").replace(
        'org = "乙区"\nmetric', 'org = "丙区"\nmetric'
    )
    broken = broken.replace('comparator = ">="', 'comparator = "="')
    ran = run("check", write(broken))
    assert ran.code == 1
    problems = [row for row in ran.stderr.splitlines() if ": [" in row]
    assert len(problems) == 3, ran.stderr
    assert ran.stderr.rstrip().endswith("3 problems found")


def test_check_json_lists_problems_for_scripts(run, write):
    ran = run("check", write(GOOD.replace("value = 60", "value = 61")), "--json")
    assert ran.code == 1
    (problem,) = ran.json()
    assert problem["id"] == "jia-projects"
    assert problem["line"] == line_of(GOOD, "value = 60")
    assert "value 61 does not appear" in problem["problem"]


def test_queries_refuse_bad_data_with_the_same_report(run, write):
    ran = run("list", "--data", write(GOOD.replace("value = 60", "value = 61")), "--json")
    assert ran.code == 1
    assert "[jia-projects] value 61 does not appear in the quote" in ran.stderr
    assert ran.stdout == ""
