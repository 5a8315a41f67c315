"""`check`'s completeness answer, worked out once and kept in the index.

A module of its own so that a warm `check` loads neither the figure rules nor the
completeness checks: it reads the answer it kept, keyed by the SHA-256 of every data
file and source text it came from, and works it out again only when one has changed.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3

    from ..rules.model import Dataset

_REMEMBERED = "completeness"


def remembered_problems(dataset: Dataset, *, partial: bool = False) -> list[Problem]:
    """`completeness_problems`, worked out once for the files as they are and kept in
    the index beside the SHA-256 of every data file and source text they came from: a
    warm `check` of a large folder then reads no text and builds no target."""
    import sqlite3

    connection = getattr(dataset.search, "connection", None)
    if not isinstance(connection, sqlite3.Connection):
        return _worked_out(dataset, partial)
    import json

    try:
        key = _inputs_key(connection, partial)
        row = connection.execute("SELECT value FROM _meta WHERE key = ?", (_REMEMBERED,)).fetchone()
        if row is not None:
            kept = json.loads(row[0])
            if kept.get("key") == key:
                return [
                    Problem(Path(p), m, line, col, rec) for p, m, line, col, rec in kept["found"]
                ]
    except (sqlite3.Error, ValueError, TypeError, KeyError):
        pass  # not there, or not readable: worked out again below
    problems = _worked_out(dataset, partial)
    found = [[str(p.file), p.message, p.line, p.column, p.record] for p in problems]
    value = json.dumps({"key": key, "found": found}, ensure_ascii=False)
    try:
        with connection:
            connection.execute(
                "INSERT OR REPLACE INTO _meta (key, value) VALUES (?, ?)", (_REMEMBERED, value)
            )
    except sqlite3.Error:
        pass  # a read-only or busy index: the next run works it out again
    return problems


def _worked_out(dataset: Dataset, partial: bool) -> list[Problem]:
    from .completeness import completeness_problems  # loaded only when not remembered

    return completeness_problems(dataset, partial=partial)


def _inputs_key(connection: sqlite3.Connection, partial: bool) -> str:
    """What the answer depends on: every data file's and source text's content."""
    import hashlib

    sha = hashlib.sha256(b"partial" if partial else b"whole")
    for table in ("_files", "_texts"):
        for path, content in connection.execute(f"SELECT path, sha256 FROM {table} ORDER BY path"):
            sha.update(f"\0{table}\0{path}\0{content}".encode("utf-8", "surrogateescape"))
    return sha.hexdigest()
