"""翻一番 and 倍增: a target of twice a base year's figure, drafted as ×2 with a note that
the base year's figure is needed; 倍增 naming a programme (倍增计划) is no target.

The text is written for these tests; each expected field was read off it by hand.
"""

from __future__ import annotations

import tomllib

TEXT = """\
溪桥市2024年主要预期目标
到2027年，全市地区生产总值比2020年翻一番。
实施高新技术企业倍增计划，固定资产投资实现倍增。
到2030年，城乡居民收入比2020年翻两番。
"""


def test_doubling_is_twice_a_base_to_fill_in(run, tmp_path):
    path = tmp_path / "doubling-2024.txt"
    path.write_text(TEXT, encoding="utf-8")
    ran = run("scan", str(path))
    assert (ran.code, ran.stderr) == (0, ""), ran
    targets = {t["quote"]: t for t in tomllib.loads(ran.stdout)["targets"]}
    gdp = targets["全市地区生产总值比2020年翻一番"]
    assert (gdp["value"], gdp["metric"], gdp["period"]) == (2, "地区生产总值", "2027")
    assert "unit" not in gdp  # the unit of a figure the text does not give
    investment = targets["固定资产投资实现倍增"]
    assert (investment["value"], investment["metric"]) == (2, "固定资产投资")
    income = [t for quote, t in targets.items() if "翻两番" in quote]
    assert [(t["value"], t["period"]) for t in income] == [(4, "2030")]
    # the programme 高新技术企业倍增计划 is no target
    assert not any("倍增计划" in quote for quote in targets)
    assert (
        "# value: 翻一番 is ×2 of 2020年's figure, which the text does not give: the base "
        "year's figure is needed; write value = 2 × it, in the metric's unit"
    ) in ran.stdout
    assert (
        "# value: 倍增 is ×2 of the base year's figure, which the text does not give: the "
        "base year's figure is needed; write value = 2 × it, in the metric's unit"
    ) in ran.stdout
