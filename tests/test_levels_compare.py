"""`compare --metric`: falls ranked by what they promise, and each city's units ranked
among themselves, never with another city's as if one field.

Falls: tests/fixtures/falls/ (青河市, a report and a pledge meeting of my own writing).
Its county-level units on 单位地区生产总值能耗:
  东岸 确保...下降3%以上   a fall of at least 3: the most ambitious, #1
  北岸 力争...下降2%       a fall of 2: #2
  南岸 ...增幅控制在3.5%以内 a rise of at most 3.5: in a field of falls, the least, #3
(ranked by the written 3.5 it would have come first). 青河's own 下降2.5%以上 is set
beside the ranking, not in it.

Two cities: tests/fixtures/levels/ (南岭省 > 东江市, 西江市). 地区生产总值增长, by hand:
  东江: 东山 ≈6.5 #1, 东湖 ≥6 #2, 东平 ≥5 #3
  西江: 西林 5.5 #1, 西塘 ≥4.5 #2
(ranked as one field, 西林 would be #3 and 东平 #4: set against units of another city.)
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
FALLS = str(FIXTURES / "falls" / "targets.toml")
LEVELS = str(FIXTURES / "levels" / "targets.toml")
WIDE = {"COLUMNS": "120"}

FALL_NOTE_EN = "falls (下降) ranked by the size of the fall, the largest first"
FALL_NOTE_ZH = "下降目标按降幅排名，降幅最大的在前"
CITY_NOTE_EN = "ranked within each city: Dongjiang, Xijiang"
CITY_NOTE_ZH = "按所属市分别排名：东江、西江"


def _ok(ran):
    assert ran.code == 0, ran.stderr
    return ran


def _ranked_lines(stdout: str) -> list[list[str]]:
    return [line.split() for line in stdout.splitlines() if line.strip()[:1].isdigit()]


# ---- falls --------------------------------------------------------------------------------


def test_falls_rank_the_largest_fall_first_json(run) -> None:
    answer = _ok(
        run("compare", "--metric", "单位地区生产总值能耗", "--data", FALLS, "--json")
    ).json()
    ranked = [(r["id"], r["rank"], r["value"], r["direction"]) for r in answer["ranking"]]
    assert ranked == [
        ("dongan-energy", 1, 3, "down"),
        ("beian-energy", 2, 2, "down"),
        ("nanan-energy", 3, 3.5, None),
    ]
    assert answer["rank_note"] == FALL_NOTE_EN
    assert all(r["rank_note"] == FALL_NOTE_EN for r in answer["ranking"])
    assert [c["id"] for c in answer["city"]] == ["qinghe-energy"]


def test_falls_ranking_says_its_direction_in_the_table(run) -> None:
    zh = _ok(
        run(
            "compare", "--metric", "单位地区生产总值能耗", "--data", FALLS,
            "--format", "table", env=WIDE,
        )
    ).stdout  # fmt: skip
    rows = _ranked_lines(zh)
    assert [(row[0], row[1]) for row in rows] == [("1", "东岸"), ("2", "北岸"), ("3", "南岸")]
    assert "下降 ≥3 %" in zh and "下降 2 %" in zh and "≤3.5 %" in zh
    assert FALL_NOTE_ZH in zh.splitlines()
    assert "  青河 下降 ≥2.5 % (2024) [qinghe-energy]" in zh.splitlines()
    en = _ok(
        run(
            "compare", "--metric", "单位地区生产总值能耗", "--data", FALLS,
            "--format", "table", "--lang", "en", env=WIDE,
        )
    ).stdout  # fmt: skip
    assert [(row[0], row[1]) for row in _ranked_lines(en)] == [
        ("1", "Dong'an"),
        ("2", "Bei'an"),
        ("3", "Nan'an"),
    ]
    assert "Falls (下降) ranked by the size of the fall, the largest first" in en.splitlines()


def test_falls_ranking_in_flat_formats(run) -> None:
    for form, delimiter in (("csv", ","), ("tsv", "\t")):
        text = _ok(
            run("compare", "--metric", "单位地区生产总值能耗", "--data", FALLS, "--format", form)
        ).stdout
        rows = [r for r in csv.DictReader(io.StringIO(text), delimiter=delimiter)]
        ranked = [(r["id"], r["rank"], r["rank_note"]) for r in rows if r["role"] == "ranked"]
        assert ranked == [
            ("dongan-energy", "1", FALL_NOTE_EN),
            ("beian-energy", "2", FALL_NOTE_EN),
            ("nanan-energy", "3", FALL_NOTE_EN),
        ]


def test_a_field_of_rises_has_no_fall_note(run) -> None:
    # 固定资产投资增长: 东岸 6, 北岸 ≥5: highest first, as ever, and nothing to say
    answer = _ok(run("compare", "--metric", "固定资产投资增长", "--data", FALLS, "--json")).json()
    assert [(r["id"], r["rank"]) for r in answer["ranking"]] == [
        ("dongan-fai-growth", 1),
        ("beian-fai-growth", 2),
    ]
    assert answer["rank_note"] is None


# ---- units of two cities --------------------------------------------------------------------


def test_each_city_is_ranked_on_its_own_json(run) -> None:
    answer = _ok(run("compare", "--metric", "地区生产总值增长", "--data", LEVELS, "--json")).json()
    assert [(r["region"], r["rank"], r["city_region"]) for r in answer["ranking"]] == [
        ("东山区", 1, "东江市"),
        ("东湖区", 2, "东江市"),
        ("东平市", 3, "东江市"),
        ("西林区", 1, "西江市"),
        ("西塘市", 2, "西江市"),
    ]
    assert answer["rank_note"] == CITY_NOTE_EN


def test_each_city_is_ranked_on_its_own_table(run) -> None:
    zh = _ok(
        run(
            "compare", "--metric", "地区生产总值增长", "--data", LEVELS,
            "--format", "table", env=WIDE,
        )
    ).stdout  # fmt: skip
    # rank, unit, its city: each city's units under their own #1
    assert [tuple(row[:3]) for row in _ranked_lines(zh)] == [
        ("1", "东山", "东江"),
        ("2", "东湖", "东江"),
        ("3", "东平", "东江"),
        ("1", "西林", "西江"),
        ("2", "西塘", "西江"),
    ]
    assert CITY_NOTE_ZH in zh.splitlines()
    en = _ok(
        run(
            "compare", "--metric", "城镇新增就业", "--data", LEVELS,
            "--format", "table", "--lang", "en", env=WIDE,
        )
    ).stdout  # fmt: skip
    # 东湖 2.5万人 #1, 东山 ≥1.8万人 #2 (东江); 西林 ≥1.5万人 #1, 西塘 1.2万人 #2 (西江)
    assert [tuple(row[:3]) for row in _ranked_lines(en)] == [
        ("1", "Donghu", "Dongjiang"),
        ("2", "Dongshan", "Dongjiang"),
        ("1", "Xilin", "Xijiang"),
        ("2", "Xitang", "Xijiang"),
    ]
    assert "Ranked within each city: Dongjiang, Xijiang" in en.splitlines()


def test_each_city_is_ranked_on_its_own_jsonl(run) -> None:
    text = _ok(
        run("compare", "--metric", "地区生产总值增长", "--data", LEVELS, "--format", "jsonl")
    ).stdout
    rows = [json.loads(line) for line in text.splitlines()]
    ranked = [(r["region"], r["rank"], r["rank_note"]) for r in rows if r["role"] == "ranked"]
    assert [(region, rank) for region, rank, _ in ranked] == [
        ("东山区", 1),
        ("东湖区", 2),
        ("东平市", 3),
        ("西林区", 1),
        ("西塘市", 2),
    ]
    assert {note for _, _, note in ranked} == {CITY_NOTE_EN}


def test_one_city_keeps_its_ranking_and_says_nothing_more(run) -> None:
    # the bundled data: 恩平 ≥6 and 江海 6 share #1, 开平 ≥5.5 is #3; one city, one
    # year, no fall: no note
    answer = _ok(run("compare", "--metric", "地区生产总值增长", "--json")).json()
    assert [(r["region"], r["rank"]) for r in answer["ranking"]] == [
        ("恩平市", 1),
        ("江海区", 1),
        ("开平市", 3),
    ]
    assert answer["rank_note"] is None


def test_a_unit_with_a_floor_and_a_figure_to_strive_for_ranks_once(run):
    # The bundled GDP growth figures of the county-level units, read from the data by hand:
    #   恩平 确保 ≥6% (its headline restates it), 江海 力争 6%,
    #   开平 确保 ≥5.5% (the 江门 report restates it) and, from the same report,
    #   力争达到6%: a softer tier of the same target. 开平 ranks once, by its 确保 floor:
    #   6 and 6 share #1, 5.5 is #3; the 力争 6% is left out, naming the ranked one.
    ran = run("compare", "--metric", "地区生产总值增长", "--json")
    assert ran.code == 0, ran.stderr
    document = json.loads(ran.stdout)
    ranked = [(r["rank"], r["region"], r["id"]) for r in document["ranking"]]
    assert ranked == [
        (1, "恩平市", "enping-gdp-growth"),
        (1, "江海区", "jianghai-gdp-growth"),
        (3, "开平市", "kaiping-gdp-growth"),
    ]
    softer = [x for x in document["left_out"] if x["why"] == "softer"]
    assert [(x["id"], x["other"]) for x in softer] == [
        ("kaiping-gdp-growth-strive", "kaiping-gdp-growth")
    ]
    assert softer[0]["reason"] == (
        "a softer tier (力争) of its unit; the firmer kaiping-gdp-growth is ranked"
    )
