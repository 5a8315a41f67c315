"""DuckDB reads the exports the way the README tells users to, without a network, and
gets the totals of the `totals` view (the totals `targets sum` gives).

DuckDB's own SQLite reader is an extension it downloads on first use, so the README
shows two ways that need nothing from the network: the CSV export with read_csv, and
the SQLite export read by Python's sqlite3 into pandas, which DuckDB queries directly.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb", reason="a test dependency: pip install '.[test]'")


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    from conftest import run_main

    folder = tmp_path_factory.mktemp("duck")
    for fmt, out in (("csv", "targets-csv"), ("sqlite", "targets.db")):
        ran = run_main(["export", "--format", fmt, str(folder / out)], env={"TARGETS_DATA": None})
        assert ran.code == 0, ran
    return folder


def view_totals(exports: Path) -> dict[tuple, float]:
    """(metric, city, period, unit) -> total, from the SQLite file's totals view."""
    db = sqlite3.connect(exports / "targets.db")
    try:
        rows = db.execute(
            "SELECT metric, city, period, unit, total FROM totals WHERE units > 0"
        ).fetchall()
    finally:
        db.close()
    return {tuple(r[:4]): r[4] for r in rows}


def test_the_csv_totals_file_in_duckdb(exports, monkeypatch):
    monkeypatch.chdir(exports)
    # README: SELECT metric, city, period, bound, total, unit FROM read_csv('targets-csv/totals.csv')
    rows = duckdb.sql(
        "SELECT metric, city, period, bound, total, unit "
        "FROM read_csv('targets-csv/totals.csv') WHERE metric = '超亿元项目'"
    ).fetchall()
    # 台山 60 + 开平 52 (以上) + 江海 50 (超) = more than 162
    assert rows == [("超亿元项目", "江门市", "2024", "more than", 162, "个")]
    every = duckdb.sql(
        "SELECT metric, city, period::VARCHAR, unit, total FROM read_csv('targets-csv/totals.csv') "
        "WHERE units > 0"
    ).fetchall()
    assert {tuple(r[:4]): r[4] for r in every} == view_totals(exports)


def test_adding_the_additive_rows_of_the_csv_gives_the_totals(exports, monkeypatch):
    monkeypatch.chdir(exports)
    # README: the rows marked additive add up to the tool's totals, in base units
    sums = duckdb.sql(
        "SELECT metric, city, period::VARCHAR, sum(base_value) AS total "
        "FROM read_csv('targets-csv/targets.csv') WHERE additive GROUP BY ALL"
    ).fetchall()
    factor = {
        symbol: factor
        for symbol, factor in duckdb.sql(
            "SELECT symbol, factor FROM read_csv('targets-csv/units.csv')"
        ).fetchall()
    }
    expected = {
        (metric, city, period): total * factor[unit]
        for (metric, city, period, unit), total in view_totals(exports).items()
    }
    assert {tuple(r[:3]): r[3] for r in sums} == pytest.approx(expected)
    assert expected[("超亿元项目", "江门市", "2024")] == 162
    assert expected[("工业投资", "江门市", "2024")] == 300 * 10**8  # 鹤山 200 + 恩平 100 亿元


def test_the_sqlite_file_in_duckdb_through_pandas(exports, monkeypatch):
    pandas = pytest.importorskip("pandas", reason="a test dependency: pip install '.[test]'")
    monkeypatch.chdir(exports)
    # README, Python, offline:
    totals = pandas.read_sql("SELECT * FROM totals", sqlite3.connect("targets.db"))
    rows = duckdb.sql(
        "SELECT metric, city, period, unit, total FROM totals WHERE units > 0"
    ).fetchall()
    del totals
    assert {tuple(r[:4]): r[4] for r in rows} == view_totals(exports)
