"""Negative figures, 下降 targets, 左右 and 以内: status and margin worked out by hand.

The data is tests/units_fixture.py: 甲市's 主要预期目标 and a statistics bulletin's
results for 2024 (figures of my own making).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from units_fixture import DATA, SOURCE


@pytest.fixture
def write(tmp_path):
    def write_data(text: str = DATA, source: str = SOURCE) -> Path:
        (tmp_path / "demo.txt").write_text(source, encoding="utf-8")
        path = tmp_path / "targets.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write_data


def line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def judged(run, path: Path) -> dict[str, tuple[str, str | None, float | None]]:
    ran = run("progress", "--json", "--data", str(path))
    assert ran.code == 0, ran.stderr
    return {
        row["id"]: (row["status"], row["status_reason"], row["margin"])
        for row in json.loads(ran.stdout)["outcomes"]
    }


def test_each_reading_gives_its_status_and_margin(run, write):
    found = judged(run, write())
    # 居民消费价格涨幅3%左右, a ceiling by its metric (about = "ceiling"); result 0.2%:
    # 0.2 <= 3, met; margin 3 - 0.2 = +2.8 points under the ceiling (+ is beaten)
    assert found["jia-cpi"] == ("met", None, 2.8)
    # 能耗下降2%以上: a fall of at least 2, a change of at most -2; result 下降3.1%
    # (value 3.1, direction down): -3.1 <= -2, met; it fell 3.1 - 2 = 1.1 points more
    # than promised: margin +1.1 (beaten)
    assert found["jia-energy"] == ("met", None, 1.1)
    # 城镇调查失业率控制在5.5%以内: a ceiling (<=); result 4.9%: met, 5.5 - 4.9 = +0.6
    assert found["jia-unemployment"] == ("met", None, 0.6)
    # 地区生产总值增长5%左右, read by the target as a level: 5 ± 5% of 5 = 4.75 to 5.25;
    # result 5.2%: met, margin 5.2 - 5 = +0.2
    assert found["jia-gdp-growth"] == ("met", None, 0.2)
    # 固定资产投资增长5%以上; result -18.2% (a fall): missed, -18.2 - 5 = -23.2 points
    assert found["jia-fai-growth"] == ("missed", None, -23.2)


def test_a_fall_reported_with_a_sign_is_the_same_fall(run, write):
    # 下降3.1% written as value = -3.1, no direction: the same -3.1 on the signed scale
    text = DATA.replace(
        'value = 3.1\nunit = "%"\ndirection = "down"\n', 'value = -3.1\nunit = "%"\n'
    )
    assert text != DATA
    assert judged(run, write(text))["jia-energy"] == ("met", None, 1.1)


def test_a_fall_short_of_the_target_is_missed(run, write):
    # 下降1.5% against 下降2%以上: -1.5 > -2, missed; it fell 2 - 1.5 = 0.5 points less
    # than promised: margin -0.5 (missed)
    text = DATA.replace("value = 3.1\n", "value = 1.5\n")
    assert judged(run, write(text))["jia-energy"] == ("missed", None, -0.5)


def test_about_is_a_floor_when_the_data_says_nothing(run, write):
    # without the metric's about = "ceiling", 3%左右 is a level to reach (as before):
    # 0.2 < 3, missed by 2.8 points
    text = DATA.replace('category = "economy"\nabout = "ceiling"\n', 'category = "economy"\n')
    assert text != DATA
    assert judged(run, write(text))["jia-cpi"] == ("missed", None, -2.8)


def test_a_target_overrides_its_metrics_reading(run, write):
    # the target says unjudged: unclear, with the reason, whatever the metric says
    text = DATA.replace(
        'wording = "左右"\nperiod', 'wording = "左右"\nabout = "unjudged"\nperiod', 1
    )
    assert text != DATA
    assert judged(run, write(text))["jia-cpi"] == ("unclear", "about", -2.8)
    ran = run("progress", "--data", str(write(text)), "--format", "table")
    assert "无法判定 (“左右”按数据不作判定)" in ran.stdout


def test_a_level_is_missed_beyond_its_tolerance(run, write):
    # 5%左右 as a level is 4.75 to 5.25: a result of 5.3% is missed, margin +0.3
    text = DATA.replace("value = 5.2\n", "value = 5.3\n")
    assert judged(run, write(text))["jia-gdp-growth"] == ("missed", None, 0.3)


def test_a_negative_growth_is_recorded_on_a_rate(run, write):
    # 固定资产投资增长 is a rate: -18.2 is a figure it may take (check passes)
    ran = run("check", str(write()))
    assert ran.code == 0, ran.stderr


def test_a_negative_figure_is_refused_where_the_metric_cannot_fall(run, write):
    # grain output is an amount: it cannot be -30; signed = true on the metric allows it
    text = DATA.replace("value = 30\n", "value = -30\n")
    path = write(text)
    ran = run("check", str(path))
    assert ran.code == 1
    line = line_of(text, "value = -30", 'id = "yi-grain"')
    assert (
        f"{path}:{line}: [yi-grain] 'value' is -30, but an amount of metric '粮食产量' cannot "
        "be negative"
    ) in ran.stderr
    assert "set signed = true on its [[metrics]] entry" in ran.stderr


def test_a_fall_needs_a_metric_that_can_fall(run, write):
    text = DATA.replace('wording = "以内"\n', 'wording = "以内"\ndirection = "down"\n')
    path = write(text)
    ran = run("check", str(path))
    assert ran.code == 1
    line = line_of(text, 'direction = "down"', 'id = "jia-unemployment"')
    assert (
        f"{path}:{line}: [jia-unemployment] direction = 'down' (a fall), but a share of "
        "metric '城镇调查失业率' cannot be negative"
    ) in ran.stderr
    # and the quote (控制在5.5%以内) says no fall
    assert "direction is 'down' but the quote says no 下降, 降低, 减少" in ran.stderr


def test_a_fall_written_in_the_quote_but_not_recorded(run, write):
    # 能耗下降2%以上 without direction = "down" would read as a rise of 2
    text = DATA.replace('wording = "以上"\ndirection = "down"\n', 'wording = "以上"\n')
    path = write(text)
    ran = run("check", str(path))
    assert ran.code == 1
    # (direction is not written: the problem is at the target's [[targets]] line)
    line = line_of(text, 'id = "jia-energy"') - 1
    assert (
        f"{path}:{line}: [jia-energy] the quote says 下降2: a fall; set direction = 'down'"
    ) in ran.stderr


def test_a_fall_with_a_signed_value_is_refused(run, write):
    text = DATA.replace(
        'value = 2\nunit = "%"\ncomparator = ">="', 'value = -2\nunit = "%"\ncomparator = ">="'
    )
    assert text != DATA
    ran = run("check", str(write(text)))
    assert ran.code == 1
    assert "'value' is -2 with direction = 'down': write the size of the fall, 2" in ran.stderr


def test_about_on_a_target_without_左右_is_refused(run, write):
    text = DATA.replace('wording = "以内"\n', 'wording = "以内"\nabout = "ceiling"\n')
    ran = run("check", str(write(text)))
    assert ran.code == 1
    assert (
        "about = 'ceiling' says how a 左右 target is judged, but comparator is '<='" in ran.stderr
    )


def test_a_negative_result_on_a_count_is_refused(run, write, tmp_path):
    # an outcome of -5 for 乙区's grain (an amount) cannot be
    text = DATA + (
        '\n[[outcomes]]\nid = "yi-grain-2024"\ntarget = "yi-grain"\nvalue = -5\nunit = "万吨"\n'
        'period = "2024"\npublisher = "乙区统计局"\ntitle = "乙区2024年统计公报"\n'
        'url = "https://example.org/yi-2024"\n'
    )
    ran = run("check", str(write(text)))
    assert ran.code == 1
    assert "[yi-grain-2024] 'value' is -5, but an amount of metric '粮食产量'" in ran.stderr
