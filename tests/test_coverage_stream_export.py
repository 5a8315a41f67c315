"""`export` writes its cascade, totals and coverage tables a metric at a time: no insert
holds every metric's rows, so memory does not grow with the tables. Counted, not timed:
every row reaches the export through publish.database._insert."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_main

from targets_cli.publish import database

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "data"
    generate(folder, targets=3000, files=30)
    return folder


def test_rule_tables_are_inserted_a_metric_at_a_time(corpus, tmp_path, monkeypatch):
    batches: dict[str, list[set[str]]] = {}  # table -> the metrics of each insert
    real = database._insert

    def counted(db, table, rows):
        rows = list(rows)
        if rows and table in ("cascade", "totals", "coverage"):
            batches.setdefault(table, []).append({row["metric"] for row in rows})
        return real(db, table, rows)

    monkeypatch.setattr(database, "_insert", counted)
    out = tmp_path / "targets.db"
    ran = run_main(["export", "--format", "sqlite", "--data", str(corpus), str(out)])
    assert ran.code == 0, ran
    db = sqlite3.connect(out)
    try:
        for table in ("cascade", "totals", "coverage"):
            written = {name for (name,) in db.execute(f"SELECT DISTINCT metric FROM {table}")}
            assert len(written) > 1, table
            # each insert is one metric's rows; together they are the whole table
            assert all(len(metrics) == 1 for metrics in batches[table]), table
            assert set().union(*batches[table]) == written
    finally:
        db.close()
