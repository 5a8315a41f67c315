"""Two cities, each with its own districts: every level-aware rule works per city.

甲市 has districts 甲一, 甲二, 甲三 and a bureau 甲局; 乙市 has district 乙一 and a bureau
乙局. A district's figure is set only beside its own city's, never the other's. Every
figure below is worked out by hand from the text written here.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from targets_cli.__main__ import main

TEXT = (
    "甲局：全市投资1000亿元，增长6%。"
    "甲一：投资超300亿元，增长7%。"
    "甲二：投资200亿元。"
    "乙局：全市投资500亿元，增长5%。"
    "乙一：投资超100亿元，增长4%。"
)

ORGS = """
[[orgs]]
id = "甲市"
kind = "city"
name_en = "Jia"

[[orgs]]
id = "甲一"
kind = "district"
parent = "甲市"
name_en = "Jia One"

[[orgs]]
id = "甲二"
kind = "district"
parent = "甲市"
name_en = "Jia Two"

[[orgs]]
id = "甲三"
kind = "district"
parent = "甲市"
name_en = "Jia Three"

[[orgs]]
id = "甲局"
kind = "department"
parent = "甲市"
name_en = "Jia bureau"

[[orgs]]
id = "乙市"
kind = "city"
name_en = "Yi"

[[orgs]]
id = "乙一"
kind = "district"
parent = "乙市"
name_en = "Yi One"

[[orgs]]
id = "乙局"
kind = "department"
parent = "乙市"
name_en = "Yi bureau"
"""

METRICS = """
[[metrics]]
name = "投资"
name_en = "Investment"
dimension = "amount"
additive = true
category = "investment"

[[metrics]]
name = "增长"
name_en = "Growth"
dimension = "rate"
additive = false
category = "economy"
"""


def _target(tid: str, org: str, metric: str, value, unit: str, comparator: str, quote: str) -> str:
    wording = 'wording = "超"\n' if comparator == ">" else ""
    return f"""
[[targets]]
id = "{tid}"
org = "{org}"
metric = "{metric}"
value = {value}
unit = "{unit}"
comparator = "{comparator}"
{wording}period = "2024"
source = "s"
quote = "{quote}"
"""


TARGETS = "".join(
    [
        _target("jia-investment", "甲局", "投资", 1000, "亿元", "=", "全市投资1000亿元"),
        _target("jia-growth", "甲局", "增长", 6, "%", "=", "增长6%"),
        _target("jia1-investment", "甲一", "投资", 300, "亿元", ">", "投资超300亿元"),
        _target("jia1-growth", "甲一", "增长", 7, "%", "=", "增长7%"),
        _target("jia2-investment", "甲二", "投资", 200, "亿元", "=", "投资200亿元"),
        _target("yi-investment", "乙局", "投资", 500, "亿元", "=", "全市投资500亿元"),
        _target("yi-growth", "乙局", "增长", 5, "%", "=", "增长5%"),
        _target("yi1-investment", "乙一", "投资", 100, "亿元", ">", "投资超100亿元"),
        _target("yi1-growth", "乙一", "增长", 4, "%", "=", "增长4%"),
    ]
)


@pytest.fixture
def two_cities(tmp_path, monkeypatch) -> str:
    monkeypatch.delenv("TARGETS_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "300")
    (tmp_path / "src.txt").write_text(TEXT, encoding="utf-8")
    path = tmp_path / "two.toml"
    source = '[[sources]]\nid = "s"\nfile = "src.txt"\ntitle = "two cities"\nyear = 2024\n'
    path.write_text(source + ORGS + METRICS + TARGETS, encoding="utf-8")
    return str(path)


def targets(capsys, *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def as_json(capsys, *args: str):
    return json.loads(targets(capsys, *args, "--json"))


def as_csv(capsys, *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(targets(capsys, *args, "--format", "csv"))))


def test_the_data_loads(two_cities, capsys):
    assert len(as_json(capsys, "list", "--data", two_cities)) == 9


# ---- sum ------------------------------------------------------------------------------


def test_sum_adds_each_city_s_units_beside_that_city_s_figure(two_cities, capsys):
    doc = as_json(capsys, "sum", "--metric", "投资", "--data", two_cities)
    by_city = {
        s["city_region"]: (
            s["total"],
            s["comparator"],
            [p["id"] for p in s["parts"]],
            [(c["id"], c["share"]) for c in s["city"]],
        )
        for s in doc["subtotals"]
    }
    assert by_city == {
        # 甲一 超300 + 甲二 200 = more than 500; 500 / 甲市's 1000 = 50%
        "甲市": (500, ">", ["jia1-investment", "jia2-investment"], [("jia-investment", 0.5)]),
        # 乙一 超100 = more than 100; 100 / 乙市's 500 = 20%
        "乙市": (100, ">", ["yi1-investment"], [("yi-investment", 0.2)]),
    }
    # two cities: no single total for the whole answer (600 would add 甲's units to 乙's)
    assert doc["total"] is None
    assert doc["silent"] == ["甲三"]


def test_sum_table_names_each_city(two_cities, capsys):
    out = targets(capsys, "sum", "--metric", "投资", "--data", two_cities, "--format", "table")
    assert (
        "合计（甲市，2024）：超过 500 亿元，2 个县级单位；全市目标 1000 亿元（甲局），县级合计为其 50.0%"
        in out
    )
    assert (
        "合计（乙市，2024）：超过 100 亿元，1 个县级单位；全市目标 500 亿元（乙局），县级合计为其 20.0%"
        in out
    )
    assert "未表态（甲市）：甲三" in out
    out = targets(
        capsys, "sum", "--metric", "投资", "--data", two_cities, "--format", "table", "--lang", "en"
    )
    assert (
        "Total 2024 in Jia: more than 500 亿元 from 2 county-level units; "
        "city target 1000 亿元 (Jia bureau), county-level pledges cover 50.0% of it"
    ) in out
    assert (
        "Total 2024 in Yi: more than 100 亿元 from 1 county-level units; "
        "city target 500 亿元 (Yi bureau), county-level pledges cover 20.0% of it"
    ) in out
    # never one city's goal beside the other's units
    assert "60.0%" not in out and "10.0%" not in out and "30.0%" not in out


def test_sum_rows_carry_their_city(two_cities, capsys):
    rows = as_csv(capsys, "sum", "--metric", "投资", "--data", two_cities)
    facts = [
        (r["role"], r["city_region"], r["id"] or r["region"], r["value"], r["share"]) for r in rows
    ]
    assert facts == [
        ("part", "甲市", "jia1-investment", "300", ""),
        ("part", "甲市", "jia2-investment", "200", ""),
        ("total", "甲市", "甲市", "500", ""),
        ("city", "甲市", "jia-investment", "1000", "0.5"),
        ("part", "乙市", "yi1-investment", "100", ""),
        ("total", "乙市", "乙市", "100", ""),
        ("city", "乙市", "yi-investment", "500", "0.2"),
        ("silent", "甲市", "甲三", "", ""),
    ]


def test_a_city_s_figure_alone_when_the_other_city_is_filtered_out(two_cities, capsys):
    doc = as_json(capsys, "sum", "--metric", "投资", "--data", two_cities, "--region", "乙一")
    (sub,) = doc["subtotals"]
    assert (sub["city_region"], sub["total"], sub["city"]) == ("乙市", 100, [])


# ---- coverage -------------------------------------------------------------------------


def test_coverage_is_per_city(two_cities, capsys):
    doc = as_json(capsys, "coverage", "--data", two_cities)
    by_metric = {m["metric"]: m for m in doc["coverage"]}
    investment = by_metric["投资"]
    assert investment["cities"] == ["甲市", "乙市"]
    shares = [
        (s["city_region"], s["total"], s["comparator"], s["city"][0]["id"], s["city"][0]["share"])
        for s in investment["subtotals"]
    ]
    assert shares == [
        ("甲市", 500, ">", "jia-investment", 0.5),
        ("乙市", 100, ">", "yi-investment", 0.2),
    ]
    assert investment["silent"] == ["甲三"]
    # a rate against its own city's only: 甲一 7% - 甲市 6% = +1; 乙一 4% - 乙市 5% = -1
    gaps = [(g["id"], g["city_id"], g["points"]) for g in by_metric["增长"]["gaps"]]
    assert gaps == [("jia1-growth", "jia-growth", 1), ("yi1-growth", "yi-growth", -1)]


def test_coverage_table_and_rows_per_city(two_cities, capsys):
    out = targets(capsys, "coverage", "--data", two_cities, "--format", "table", "--lang", "en")
    lines = [line for line in out.splitlines() if "Investment (2024)" in line]
    assert len(lines) == 2
    assert "Jia" in lines[0] and "more than 500 亿元" in lines[0] and "50.0%" in lines[0]
    assert "Yi" in lines[1] and "more than 100 亿元" in lines[1] and "20.0%" in lines[1]
    assert "Jia Three" in lines[0] and "Jia Three" not in lines[1]
    growth = [line for line in out.splitlines() if "Growth (2024)" in line]
    assert "+1 pt" in growth[0] and "-1 pt" in growth[1]
    rows = as_csv(capsys, "coverage", "--data", two_cities)
    gaps = [
        (r["id"], r["city_region"], r["city_id"], r["points"]) for r in rows if r["role"] == "gap"
    ]
    assert gaps == [
        ("jia1-growth", "甲市", "jia-growth", "1"),
        ("yi1-growth", "乙市", "yi-growth", "-1"),
    ]


# ---- compare --------------------------------------------------------------------------


def test_compare_ranks_the_districts_and_sets_each_city_beside(two_cities, capsys):
    doc = as_json(capsys, "compare", "--metric", "投资", "--data", two_cities)
    ranked = [(r["rank"], r["id"], r["city_region"]) for r in doc["ranking"]]
    # 甲一 超300, 甲二 200, 乙一 超100: districts among themselves, each city's on its own
    # (乙一 is 乙市's first), cities never ranked
    assert ranked == [
        (1, "jia1-investment", "甲市"),
        (2, "jia2-investment", "甲市"),
        (1, "yi1-investment", "乙市"),
    ]
    assert [(c["id"], c["city_region"]) for c in doc["city"]] == [
        ("jia-investment", "甲市"),
        ("yi-investment", "乙市"),
    ]
    out = targets(
        capsys,
        "compare",
        "--metric",
        "投资",
        "--data",
        two_cities,
        "--format",
        "table",
        "--lang",
        "en",
    )
    rows = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert [(row[0], row[1]) for row in rows] == [("1", "Jia"), ("2", "Jia"), ("1", "Yi")]
    assert "City-wide (not ranked):" in out
    assert "Jia 1000 亿元 (2024) [jia-investment]" in out
    assert "Yi 500 亿元 (2024) [yi-investment]" in out
