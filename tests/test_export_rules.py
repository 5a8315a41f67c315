"""The export's `totals` and `coverage` tables are the commands' answers (issue 19, "One
implementation of each rule"): filled by the rules `sum` and `coverage` use, at every
level of the tree, on the bundled data and on tests/fixtures/full (a province above two
cities). Held equal to `sum --metric M --json` and `coverage --json` for every metric,
and a few figures checked by hand from the source texts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_export import (
    assert_coverage_is_the_commands,
    assert_totals_are_the_commands,
)

FULL = str(Path(__file__).parent / "fixtures" / "full")


def _export(run, tmp_path: Path, data: str | None) -> sqlite3.Connection:
    out = tmp_path / "t.db"
    ran = run("export", *(("--data", data) if data else ()), "--format", "sqlite", str(out))
    assert ran.code == 0, ran.stderr
    db = sqlite3.connect(out)
    db.row_factory = sqlite3.Row
    return db


def _with_data(run, data: str | None):
    extra = ("--data", data) if data else ()
    return lambda *args: run(*args, *extra)


@pytest.mark.parametrize("data", [None, FULL], ids=["bundled", "full"])
def test_totals_and_coverage_are_the_commands_for_every_metric(run, tmp_path, data) -> None:
    db = _export(run, tmp_path, data)
    ask = _with_data(run, data)
    metrics = ask("metrics", "--json").json()
    parents = {r["org"]: r.get("parent") for r in ask("regions", "--json").json()}
    additive = [m["metric"] for m in metrics if m["additive"]]
    assert additive
    assert_totals_are_the_commands(db, ask, additive, parents)
    # a metric that does not add up has no total
    others = {m["metric"] for m in metrics if not m["additive"]}
    assert not {r[0] for r in db.execute("SELECT metric FROM totals")} & others
    assert_coverage_is_the_commands(db, ask("coverage", "--json").json(), parents)


def test_the_readme_example_on_the_bundled_data(run, tmp_path) -> None:
    db = _export(run, tmp_path, None)
    rows = db.execute(
        "SELECT metric, city, period, bound, total, unit FROM totals WHERE metric = '超亿元项目'"
    ).fetchall()
    # 台山 60 + 开平 52 (以上) + 江海 50 (超) = 162, more than (one part says 超)
    assert [tuple(r) for r in rows] == [("超亿元项目", "江门市", "2024", "more than", 162, "个")]


def test_the_province_level_rows_of_the_full_fixture(run, tmp_path) -> None:
    db = _export(run, tmp_path, FULL)
    jobs = {
        (
            r["city"],
            r["level"],
            r["total"],
            r["comparator"],
            r["city_org"],
            r["city_value"],
            r["share"],
            r["pledge"],
            tuple(json.loads(r["silent"])),
        )
        for r in db.execute("SELECT * FROM totals WHERE metric = '城镇新增就业'")
    }
    # 城镇新增就业 (tests/test_levels_full.py works them out from the source texts):
    # 云岭: its cities' goals 金沙 ≥6 + 银河 ≥4 = ≥10 万人 beside its own ≥80: 10/80 = 0.125
    # 金沙: 金湖 2.5 + 金山 ≥1.5 = ≥4 beside its goal ≥6 (0.6667) and 发展改革局's pledge
    #   6.5 (4/6.5 = 0.6154); 金川 silent
    # 银河: 银滩 1.2 beside its goal ≥4 (0.3) and 人社局's pledge 4.5 (0.2667); 银峰 silent
    assert jobs == {
        ("云岭省", "province", 10, ">=", "云岭省", 80, 0.125, 0, ()),
        ("金沙市", "city", 4, ">=", "金沙市", 6, 0.6667, 0, ("金川市",)),
        ("金沙市", "city", 4, ">=", "金沙市发展改革局", 6.5, 0.6154, 1, ("金川市",)),
        ("银河市", "city", 1.2, "=", "银河市", 4, 0.3, 0, ("银峰市",)),
        ("银河市", "city", 1.2, "=", "银河市人社局", 4.5, 0.2667, 1, ("银峰市",)),
    }
    # 粮食产量: 金山 8000 吨 = 0.8 万吨 + 金川 45 万吨 = 45.8 万吨 beside 金沙's ≥100
    # (0.458); 金沙's ≥100 the one city figure beside 云岭's ≥1200 (100/1200 = 0.0833)
    grain = {
        (r["city"], r["county_value"], r["county_unit"], r["city_value"], r["share"])
        for r in db.execute("SELECT * FROM coverage WHERE metric = '粮食产量'")
    }
    assert grain == {("云岭省", 100, "万吨", 1200, 0.0833), ("金沙市", 45.8, "万吨", 100, 0.458)}
    # rates, each against its own parent's goal, in points: 金沙 5.5 - 云岭 5 = +0.5,
    # 银河 5 - 5 = 0; 金湖 6.5 - 金沙 5.5 = +1; 银峰's revised 5 - 银河 5 = 0
    gaps = {
        (r["city"], r["county_region"], r["points"])
        for r in db.execute("SELECT * FROM coverage WHERE metric = '地区生产总值增长'")
    }
    assert {("云岭省", "金沙市", 0.5), ("云岭省", "银河市", 0), ("金沙市", "金湖区", 1)} <= gaps
    assert ("银河市", "银峰市", 0) in gaps and len(gaps) == 7
    # 招商引资: 金湖 300 亿元 alone; 金山 stated 引进项目总投资 (another scope): related,
    # not silent; 金川 silent
    row = db.execute("SELECT * FROM totals WHERE metric = '招商引资'").fetchone()
    assert (row["city"], row["total"], row["unit"]) == ("金沙市", 300, "亿元")
    assert json.loads(row["related"]) == ["金山区"]
    assert json.loads(row["silent"]) == ["金川市"]


def test_where_each_target_stands_follows_the_tree(run, tmp_path) -> None:
    db = _export(run, tmp_path, FULL)
    stands = {
        r["id"]: (r["standing"], r["total_role"], r["additive"], r["left_out"])
        for r in db.execute("SELECT * FROM targets WHERE metric = '城镇新增就业'")
    }
    # 云岭's ≥80 万人 is a province's own goal, not a figure of another level; 金沙's ≥6 a
    # city's goal (and a part of 云岭's total, in `totals`), never added as a county part
    assert stands["yunling-jobs"] == ("city", "city", 0, None)
    assert stands["jinsha-jobs"] == ("city", "city", 0, None)
    assert stands["jinsha-drb-jobs"] == ("city", "city", 0, None)
    assert stands["jinhu-jobs"] == ("county", "part", 1, None)
    # the rows marked additive add up to each city's units' total: 金沙 金湖 2.5 + 金山
    # 1.5 万人 = 40000 人; 银河 银滩 1.2 万人 = 12000 人
    sums = dict(
        db.execute(
            "SELECT city, SUM(base_value) FROM targets WHERE additive = 1 "
            "AND metric = '城镇新增就业' GROUP BY city"
        ).fetchall()
    )
    assert sums == {"金沙市": 40000, "银河市": 12000}
