"""A warm `regions` reads the targets table (or one of its indexes) whole once: the
targets per org and per region come from one GROUP BY, not one for each. Counted by
SQLite's EXPLAIN QUERY PLAN of each statement the run makes, never timed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import generated_corpus, run_main

from targets_cli.data import index as index_module


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch) -> Path:
    return generated_corpus(tmp_path, monkeypatch, 400, 4)


def _whole(step: str) -> bool:
    """A plan step that reads every target: a SCAN of the table or an index of it, or a
    SEARCH with no equality (`region IS NOT NULL` is the range region>?: every row)."""
    words = step.split()
    if words[1:2] != ["targets"]:
        return False
    return words[0] == "SCAN" or (words[0] == "SEARCH" and "=" not in step)


def _whole_reads(monkeypatch, corpus: Path, args: list[str]) -> tuple[object, list[str]]:
    """Run `targets ARGS` and give each statement it made that scans the targets table
    or an index of it whole."""
    statements: list[str] = []
    connections: list[sqlite3.Connection] = []
    opened = index_module.open_index

    def traced(*a, **k):
        index = opened(*a, **k)
        index.connection.set_trace_callback(statements.append)
        connections.append(index.connection)
        return index

    monkeypatch.setattr(index_module, "open_index", traced)
    ran = run_main(args)
    monkeypatch.setattr(index_module, "open_index", opened)
    assert len(connections) == 1
    (cache,) = (corpus.parent / "cache" / "targets").glob("index-*.sqlite3")
    planner = sqlite3.connect(f"file:{cache}?mode=ro", uri=True)
    found = []
    for statement in statements:
        if not statement.lstrip().upper().startswith("SELECT"):
            continue
        plan = planner.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall()
        if any(_whole(row[-1]) for row in plan):
            found.append(statement)
    planner.close()
    return ran, found


def test_a_warm_regions_reads_the_targets_once(corpus, monkeypatch):
    args = ["regions", "--json", "--data", str(corpus)]
    cold = run_main(args)  # (builds the index)
    assert cold.code == 0, cold
    warm, scans = _whole_reads(monkeypatch, corpus, args)
    assert (warm.code, warm.stdout) == (cold.code, cold.stdout)  # type: ignore[attr-defined]
    assert len(scans) == 1, scans


def test_regions_counts_each_org_and_region_once(corpus):
    """Every target is counted under its org, and under its region when the org is one;
    the counts add up to the number of targets the corpus was written with (400)."""
    ran = run_main(["regions", "--json", "--data", str(corpus)])
    assert ran.code == 0, ran
    rows = json.loads(ran.stdout)
    assert sum(row["targets"] for row in rows) == 400
