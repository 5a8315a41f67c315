"""A text that names no year: scan leaves every period to the curator (TODO), never 0.

The text is written for this test, after the opening of a government work report that
gives its targets without naming the year (今年 only, and a sentence with no time word).
"""

from __future__ import annotations

import tomllib

TEXT = (
    "某市政府工作报告\n"
    "报告提出，今年主要预期目标是：\n"
    "地区生产总值增长5%—6%，新增规上工业企业三十家。\n"
)


def test_no_year_anywhere_leaves_every_period_to_fill_in(run, tmp_path):
    source = tmp_path / "noyear.txt"
    source.write_text(TEXT, encoding="utf-8")
    ran = run("scan", str(source), "--format", "toml")
    assert ran.code == 0, ran.stderr
    drafted = tomllib.loads(ran.stdout.replace('year = "TODO"', "year = 0"))
    # two figures: 5%—6% (a range) and 三十家; neither sentence names a year and the
    # source's year is unknown, so neither period can be worked out
    assert [(t["value"], t["period"]) for t in drafted["targets"]] == [(5, "TODO"), (30, "TODO")]
    assert 'period = "0"' not in ran.stdout
    assert ran.stdout.count("the source's year is unknown: set the source's year") == 2

    document = run("scan", str(source), "--json").json()
    records = [t["record"] for t in document["targets"]]
    assert [r["period"] for r in records] == ["TODO", "TODO"]
    assert all("period" in t["todo"] for t in document["targets"])
