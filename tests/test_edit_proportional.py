"""A refresh after one file is edited reads no table of every target or every source:
each statement it runs is looked at with SQLite's EXPLAIN QUERY PLAN, and none may scan
`targets` or `sources` whole (a scan of a table or of one of its indexes; one that
stops at the first row, asking whether there is any, reads one). Counted by the plan,
not timed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import generated_corpus, run_main

from targets_cli.data import building

TARGETS, FILES = 2000, 20


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch) -> Path:
    return generated_corpus(tmp_path, monkeypatch, TARGETS, FILES)


@pytest.fixture
def scans(monkeypatch) -> list[str]:
    """The statements of each refresh that scan targets or sources whole, with the plan
    step that does."""
    found: list[str] = []
    refresh = building.refresh

    def traced(connection: sqlite3.Connection, *args, **kwargs):
        statements: list[str] = []
        connection.set_trace_callback(statements.append)
        try:
            refresh(connection, *args, **kwargs)
        finally:
            connection.set_trace_callback(None)
        for statement in statements:
            if not statement.lstrip().upper().startswith(("SELECT", "INSERT", "DELETE", "UPDATE")):
                continue
            if statement in ("SELECT 1 FROM targets LIMIT 1", "SELECT 1 FROM sources LIMIT 1"):
                continue  # (is there any row: one row read)
            try:
                plan = connection.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall()
            except sqlite3.Error:
                continue  # (a temporary table dropped since)
            for row in plan:
                words = row[-1].split()
                if words[:1] == ["SCAN"] and words[1] in ("targets", "sources"):
                    found.append(f"{row[-1]}: {statement[:200]}")

    monkeypatch.setattr(building, "refresh", traced)
    return found


def _sum(corpus: Path):
    return run_main(["sum", "--metric", "地区生产总值", "--json", "--data", str(corpus)])


def test_a_refresh_after_one_edit_scans_no_table_of_every_target(corpus, scans):
    first = _sum(corpus)
    assert first.code == 0, first
    assert scans  # (the first build reads the rows it made: scans are seen)
    scans.clear()
    path = sorted(corpus.glob("docs/*/*.toml"))[7]
    text = path.read_text(encoding="utf-8")
    assert "[[targets]]\n" in text
    path.write_text(text.replace("[[targets]]\n", '[[targets]]\nnote = "edited"\n', 1), "utf-8")
    again = _sum(corpus)
    assert (again.code, again.stdout) == (first.code, first.stdout)
    assert scans == []


def test_a_refresh_after_a_file_is_removed_scans_no_table_of_every_target(corpus, scans):
    assert _sum(corpus).code == 0
    scans.clear()
    sorted(corpus.glob("docs/*/*.toml"))[3].unlink()
    assert _sum(corpus).code == 0
    assert scans == []
