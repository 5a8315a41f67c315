"""The cascade in the published database: the `cascade` table and the saved query
`metric_cascade` give what `targets cascade --metric M` gives as its `amplification`.

Figures by hand, from tests/fixtures/cascade (see tests/test_cascade.py for the tree):
地区生产总值增长: 东江 5.5%左右 against 南岭 5%左右 is about +0.5; 东平's revised ≥5.5%
against 东江 5.5%左右 about 0; 西林 5.5% and 西塘 ≥4.5% against 南岭 (西江 set no goal)
about +0.5 and -0.5. 规上工业增加值增长: 东湖 ≥8% against 东江 7% at least +1.
城镇新增就业: 南岭's cities add to at least 10万人, 10/110 = 0.0909 of its goal.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "cascade" / "targets.toml"
METRICS = ("地区生产总值增长", "规上工业增加值增长", "城镇新增就业")


@pytest.fixture
def database(run, tmp_path) -> sqlite3.Connection:
    out = tmp_path / "targets.db"
    ran = run("export", "--format", "sqlite", str(out), "--data", str(FIXTURE))
    assert ran.code == 0, ran
    db = sqlite3.connect(out)
    db.row_factory = sqlite3.Row
    return db


def _exported(db: sqlite3.Connection, metric: str) -> list[dict]:
    rows = []
    for row in db.execute("SELECT * FROM cascade WHERE metric = ? ORDER BY rowid", (metric,)):
        record = dict(row)
        record["skipped"] = json.loads(record["skipped"])
        record["pledge"] = bool(record["pledge"])
        record["skipped_not_found"] = json.loads(record["skipped_not_found"])
        rows.append(record)
    return rows


@pytest.mark.parametrize("metric", METRICS)
def test_the_export_rows_are_the_commands(run, database, metric):
    answer = run("cascade", "--data", str(FIXTURE), "--metric", metric, "--json").json()
    assert answer["amplification"], metric
    assert _exported(database, metric) == answer["amplification"]


def test_the_exported_figures_by_hand(database):
    rows = {
        (r["child_target"] or r["child"]): r
        for metric in METRICS
        for r in _exported(database, metric)
    }
    assert (rows["dongjiang-gdp-growth"]["points"], rows["dongjiang-gdp-growth"]["parent"]) == (
        0.5,
        "南岭省",
    )
    assert rows["dongjiang-gdp-growth"]["points_comparator"] == "about"
    assert rows["dongping-gdp-growth-midyear"]["points"] == 0
    assert "dongping-gdp-growth" not in rows  # the revised figure once, as its newest
    xilin, xitang = rows["xilin-gdp-growth"], rows["xitang-gdp-growth"]
    assert (xilin["points"], xilin["parent"], xilin["skipped"]) == (0.5, "南岭省", ["西江市"])
    assert (xitang["points"], xitang["skipped"]) == (-0.5, ["西江市"])
    assert (
        rows["donghu-industry-growth"]["points"],
        rows["donghu-industry-growth"]["points_comparator"],
    ) == (1, ">=")
    assert rows["dongjiang-drb-gdp-growth"]["pledge"] is True
    province = rows["南岭省"]  # the province's cities' total (kind total)
    assert (province["kind"], province["total"], province["total_comparator"]) == (
        "total",
        10,
        ">=",
    )
    assert (province["parts"], province["share"], province["parent_target"]) == (
        2,
        0.0909,
        "nanling-jobs",
    )


def test_datasette_describes_the_table_and_saves_the_query(run, tmp_path):
    out = tmp_path / "site"
    ran = run("export", "--format", "datasette", str(out), "--data", str(FIXTURE))
    assert ran.code == 0, ran
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    database = metadata["databases"]["targets"]
    assert database["tables"]["cascade"]["description"]
    assert set(database["tables"]["cascade"]["columns"]) >= {"points", "share", "skipped"}
    query = database["queries"]["metric_cascade"]
    db = sqlite3.connect(out / "targets.db")
    found = db.execute(query["sql"], {"metric": "地区生产总值增长"}).fetchall()
    names = [d[0] for d in db.execute(query["sql"], {"metric": "x"}).description]
    by_child = {
        dict(zip(names, row, strict=True))["child_target"]: dict(zip(names, row, strict=True))
        for row in found
    }
    assert by_child["xitang-gdp-growth"]["points"] == -0.5
    assert by_child["xitang-gdp-growth"]["skipped"] == '["西江市"]'
    assert len(found) == 7  # 东江, the pledge, 东湖, 东山, 东平, 西林, 西塘
