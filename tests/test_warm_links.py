"""A warm `compare` or `list` finds the targets a statement link joins (same_as,
revises) by the indexes on those links, not by reading every target: at a million
targets that read cost a quarter of a second to find none. Counted by SQLite's EXPLAIN
QUERY PLAN of each statement the run makes, never timed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import REPO, generated_corpus, run_main

from targets_cli.data import index as index_module


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch) -> Path:
    return generated_corpus(tmp_path, monkeypatch, 400, 4)


# The partial indexes of the links: each holds only the targets that have one.
_LINK_INDEXES = ("INDEX targets_same_as ", "INDEX targets_revises ")


def _whole(step: str) -> bool:
    """A plan step that reads every target: a SCAN of the table or an index of it, or a
    SEARCH with no equality (`region IS NOT NULL` is the range region>?: every row) in
    an index other than a link's (`same_as>?` in the index of same_as reads the linked
    targets alone)."""
    words = step.split()
    if words[1:2] != ["targets"]:
        return False
    if words[0] == "SCAN":
        return True
    return words[0] == "SEARCH" and "=" not in step and not any(i in step for i in _LINK_INDEXES)


def _statements(monkeypatch, args: list[str]) -> tuple[object, list[str], sqlite3.Connection]:
    """Run `targets ARGS`; its SELECT statements, and the index they ran on."""
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
    (connection,) = connections
    connection.set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    return ran, selects, connection


def _whole_reads(statements: list[str], connection: sqlite3.Connection) -> list[str]:
    return [
        statement
        for statement in statements
        if any(_whole(row[-1]) for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}"))
    ]


@pytest.mark.parametrize(
    "words",
    [["compare", "--metric", "超亿元项目", "--json"], ["list", "--region", "海新", "--json"]],
    ids=["compare", "list"],
)
def test_a_warm_answer_finds_the_linked_targets_by_their_indexes(corpus, monkeypatch, words):
    args = [*words, "--data", str(corpus)]
    cold = run_main(args)  # (builds the index)
    assert cold.code == 0, cold
    warm, statements, connection = _statements(monkeypatch, args)
    assert (warm.code, warm.stdout) == (cold.code, cold.stdout)  # type: ignore[attr-defined]
    links = [s for s in statements if "same_as" in s and "revises" in s]
    assert links  # (the statement rules asked for the linked targets)
    assert _whole_reads(links, connection) == []


def test_the_linked_targets_are_those_the_data_links(monkeypatch, tmp_path):
    """The statements fixture (tests/fixtures/statements/targets.toml): of its eight
    targets, nanling-gdp-growth-report restates nanling-gdp-growth (same_as) and
    nanling-projects-100m-report revises nanling-projects-100m; the rest stand alone."""
    data = REPO / "tests" / "fixtures" / "statements" / "targets.toml"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for _ in ("built", "warm"):
        index = index_module.open_dataset(data)
        try:
            found = sorted(t.id for t in index.linked_targets())
        finally:
            index.close()
        assert found == [
            "nanling-gdp-growth",
            "nanling-gdp-growth-report",
            "nanling-projects-100m",
            "nanling-projects-100m-report",
        ]
