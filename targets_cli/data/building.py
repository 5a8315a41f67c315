"""Bringing the index up to date with the files, in one transaction.

A file whose stamp (size, times, inode) is unchanged and old enough to be trusted is
not read; one whose stamp changed is hashed, and parsed only when its bytes changed.
Files that hold catalogues are parsed first, so that every target file's rows are
checked and settled as they are inserted; a changed catalogue or source text then
re-checks the targets that were not parsed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from ..errors import DataError, Problem
from ..rules.model import Dataset, Source, Where
from .checking import SourceTexts, TextReads
from .cross import (
    Lines,
    Settler,
    catalogue_problems,
    duplicates,
    recheck,
    restatements,
    revisions,
    store_problems,
)
from .fields import TABLES
from .store import (
    DATA_COLUMNS,
    LIST_COLUMNS,
    SETTLED_COLUMNS,
    catalogue_of,
    digest,
    drop_query_indexes,
    listing,
    make_query_indexes,
    now_ns,
    source_of,
    stamp_of,
    trusted,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .loading import ParsedFile

# The tables whose change re-checks every target (a source re-checks only its own).
_CATALOGUE_MARKS = (b"[[orgs]]", b"[[metrics]]", b"[[units]]")


def _stale_files(
    connection: sqlite3.Connection, files: list[Path]
) -> tuple[set[int], list[tuple[int, Path, str | None, bool]]]:
    """Forget the files gone; (ids gone, [(id, path, SHA-256 known, known before)] of the
    files whose stamp is new or changed), by their stamps alone: no file is read here."""
    known = {
        path: (file_id, stamp, sha)
        for file_id, path, stamp, sha in connection.execute(
            "SELECT id, path, stamp, sha256 FROM _files"
        )
    }
    wanted = {str(path) for path in files}
    gone = set()
    for path, (file_id, *_) in known.items():
        if path not in wanted:
            _forget(connection, file_id)
            connection.execute("DELETE FROM _files WHERE id = ?", (file_id,))
            gone.add(file_id)
    now = now_ns()
    stale: list[tuple[int, Path, str | None, bool]] = []
    new = []
    for path in files:
        name = str(path)
        stamp = stamp_of(name)
        entry = known.get(name)
        if entry is not None and stamp is not None and entry[1] == stamp and trusted(stamp, now):
            continue
        if entry is None:
            new.append((name,))
            stale.append((0, path, None, False))
        else:
            stale.append((entry[0], path, entry[2], True))
    if new:  # (their stamps and digests are written once they are read)
        connection.executemany("INSERT INTO _files (path) VALUES (?)", new)
        ids = dict(connection.execute("SELECT path, id FROM _files"))
        stale = [(ids[str(path)], path, sha, before) for _, path, sha, before in stale]
    return gone, _in_listing_order(connection, files, stale)


def _read_one(
    connection: sqlite3.Connection, item: tuple[int, Path, str | None, bool]
) -> tuple[int, Path, bytes | None, list[Problem]] | None:
    """Read one stale file and stamp it; None when its bytes did not change (touched)."""
    from .loading import read_bytes

    file_id, path, known_sha, known = item
    stamp = stamp_of(str(path))  # (before the read: a write meanwhile changes it again)
    raw: bytes | None = None
    problems: list[Problem] = []
    try:
        raw = read_bytes(path)
    except DataError as error:
        problems = error.problems
    sha = hashlib.sha256(raw).hexdigest() if raw is not None else None
    connection.execute(
        "UPDATE _files SET stamp = ?, sha256 = ? WHERE id = ?", (stamp, sha, file_id)
    )
    if known_sha is not None and sha == known_sha:
        return None  # touched, not changed
    if known:  # (a file new to the index has nothing to forget)
        _forget(connection, file_id)
    return file_id, path, raw, problems


def _in_listing_order(
    connection: sqlite3.Connection,
    files: list[Path],
    to_parse: list[tuple[int, Path, str | None, bool]],
) -> list[tuple[int, Path, str | None, bool]]:
    """Number the files as the listing orders them: rows are read in the order of their
    file's number, so a file added before others (one split in two) must not come last,
    as it would not with --no-cache."""
    ids = dict(connection.execute("SELECT path, id FROM _files"))
    moved = {ids[str(path)]: n for n, path in enumerate(files, 1) if ids[str(path)] != n}
    if not moved:
        return to_parse
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS _renumber (old INTEGER PRIMARY KEY, new)")
    connection.execute("DELETE FROM _renumber")
    connection.executemany("INSERT INTO _renumber VALUES (?, ?)", moved.items())
    for table in (*TABLES, "_problems"):
        connection.execute(
            f"UPDATE {table} SET _file = (SELECT new FROM _renumber WHERE old = _file) "
            "WHERE _file IN (SELECT old FROM _renumber)"
        )
    # (through negative numbers: no two files ever hold the same one)
    connection.execute(
        "UPDATE _files SET id = -(SELECT new FROM _renumber WHERE old = id) "
        "WHERE id IN (SELECT old FROM _renumber)"
    )
    connection.execute("UPDATE _files SET id = -id WHERE id < 0")
    return [(moved.get(item[0], item[0]), *item[1:]) for item in to_parse]


def _respell(connection: sqlite3.Connection, location: Path) -> None:
    """The same data named another way (a relative --data, then an absolute one: the
    index is one, as its name is made from the absolute path): the paths it holds are
    renamed to the new spelling, not every file parsed again."""
    now = str(location)
    row = connection.execute("SELECT value FROM _meta WHERE key = 'location'").fetchone()
    connection.execute("INSERT OR REPLACE INTO _meta VALUES ('location', ?)", (now,))
    if row is None or row[0] == now:
        return
    connection.execute("DELETE FROM _complete")  # (its problems name the files)
    before = row[0]
    under = before.rstrip(os.sep) + os.sep

    def respelt(path: str) -> str | None:
        if path == before or path.startswith(under):
            return now + path[len(before) :]
        return None

    for table in ("_files", "_texts"):
        renames = [
            (new, old)
            for (old,) in connection.execute(f"SELECT path FROM {table}").fetchall()
            if (new := respelt(old)) is not None
        ]
        connection.executemany(f"UPDATE {table} SET path = ? WHERE path = ?", renames)
        connection.executemany("UPDATE _problems SET path = ? WHERE path = ?", renames)
        # (a message names other files too: "first defined at FILE:LINE")
        connection.executemany(
            "UPDATE _problems SET message = replace(message, ?, ?) WHERE instr(message, ?) > 0",
            [(old, new, old) for new, old in renames],
        )


def _unaccount(connection: sqlite3.Connection, file_id: int) -> None:
    """Forget the completeness `check` worked out for every source a file's targets quote
    or its [[not_targets]] entries dismiss: a row of its, gone or new, may change it."""
    connection.execute(
        "DELETE FROM _complete WHERE source IN (SELECT source FROM targets WHERE _file = ? "
        "UNION SELECT source FROM not_targets WHERE _file = ?)",
        (file_id, file_id),
    )


def _forget(connection: sqlite3.Connection, file_id: int) -> None:
    _unaccount(connection, file_id)
    for table in (*TABLES, "_problems"):
        connection.execute(f"DELETE FROM {table} WHERE _file = ?", (file_id,))


def _rows_of(
    parsed: ParsedFile, file_id: int, settler: Settler | None
) -> tuple[dict[str, list[tuple[Any, ...]]], list[Problem], bool]:
    """The rows of one parsed file's tables, and the problems of its targets.

    An entry with field problems is left out; with a settler, each target's row is
    checked and settled as it is made.
    """
    from .loading import field_problems

    rows: dict[str, list[tuple[Any, ...]]] = {}
    found: list[Problem] = []
    waiting = settler is None
    unsettled = (None,) * len(SETTLED_COLUMNS)
    for table, fields in TABLES.items():
        columns = DATA_COLUMNS[table]
        lists = [n for n, name in enumerate(columns) if name in LIST_COLUMNS[table]]
        made = rows.setdefault(table, [])
        for ordinal, raw in enumerate(parsed.tables.get(table, [])):
            if not isinstance(raw, dict):
                parsed.problems.append(
                    parsed.problem(f"[[{table}]] entry is not a table", table, ordinal)
                )
                continue
            problems = field_problems(raw, fields)
            for key, message in problems:
                parsed.problems.append(parsed.problem(message, table, ordinal, key))
            if problems:
                continue
            get = raw.get
            listed = [get(name) for name in columns]
            for n in lists:  # (TOML has no null: a list given is never None)
                if listed[n] is not None:
                    listed[n] = json.dumps(listed[n], ensure_ascii=False)
            values = tuple(listed)
            if table == "sources" and settler is not None:
                settler.add_source(_source(values, Where(parsed.path, table, ordinal)))
            if table != "targets":
                made.append((file_id, ordinal, digest(values), *values))
                continue
            settled = None
            if settler is not None:
                where = Where(parsed.path, table, ordinal)
                named = dict(zip(columns, values, strict=True))
                settled, target_found = settler.settle(named, where, final=False)
                found += target_found
            waiting = waiting or settled is None
            made.append((file_id, ordinal, digest(values), *values, *(settled or unsettled)))
    return rows, found, waiting


def _source(values: tuple[Any, ...], where: Where) -> Source:
    named = dict(zip(DATA_COLUMNS["sources"], values, strict=True))
    named["bylines"] = ()
    return source_of(named, where)


def _insert(connection: sqlite3.Connection, table: str, rows: list[tuple[Any, ...]]) -> None:
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _parse_into(
    connection: sqlite3.Connection,
    item: tuple[int, Path, bytes | None, list[Problem]],
    settler: Settler | None,
) -> bool:
    """Parse one file into the index; True when some of its targets wait to be settled."""
    from .loading import parse_file

    file_id, path, raw, problems = item
    if raw is None:
        store_problems(connection, "file", [(file_id, p) for p in problems])
        return False
    try:
        parsed = parse_file(path, raw)
    except DataError as error:
        store_problems(connection, "file", [(file_id, p) for p in error.problems])
        return False
    rows, target_problems, waiting = _rows_of(parsed, file_id, settler)
    for table, made in rows.items():
        _insert(connection, table, made)
    store_problems(connection, "file", [(file_id, p) for p in parsed.problems])
    store_problems(connection, "targets", [(file_id, p) for p in target_problems])
    _unaccount(connection, file_id)
    return waiting


def _sources_changed(
    connection: sqlite3.Connection, dataset: Dataset, reads: TextReads
) -> set[str]:
    """The ids of the sources whose row or text changed since their targets were checked."""
    digests = dict(connection.execute("SELECT id, _digest FROM sources"))
    texts = {path: (stamp, sha) for path, stamp, sha in connection.execute("SELECT * FROM _texts")}
    now = now_ns()
    states = {}
    for source in dataset.sources.values():
        if source.file is None:  # cited: no text, its row is its state
            states[source.id] = digest((digests.get(source.id), None))
            continue
        path = str(source.file)
        stamp = stamp_of(path)
        old = texts.get(path)
        if old is not None and stamp is not None and old[0] == stamp and trusted(stamp, now):
            sha = old[1]
        else:
            sha = reads.sha(source.file)  # (read once a run, shared with the checks)
            connection.execute("INSERT OR REPLACE INTO _texts VALUES (?, ?, ?)", (path, stamp, sha))
        states[source.id] = digest((digests.get(source.id), sha))
    kept = {str(source.file) for source in dataset.sources.values() if source.file is not None}
    connection.executemany("DELETE FROM _texts WHERE path = ?", [(p,) for p in set(texts) - kept])
    before = dict(connection.execute("SELECT id, state FROM _sources"))
    changed = {i for i in set(before) | set(states) if before.get(i) != states.get(i)}
    connection.execute("DELETE FROM _sources")
    connection.executemany("INSERT INTO _sources VALUES (?, ?)", states.items())
    return changed


def _orgs_and_metrics(connection: sqlite3.Connection) -> str:
    """A digest of the catalogues every target's checks depend on."""
    return digest(
        row[0]
        for table in ("orgs", "metrics", "units")
        for row in connection.execute(f"SELECT _digest FROM {table} ORDER BY _file, _ordinal")
    )


def refresh(connection: sqlite3.Connection, location: Path, files: list[Path]) -> None:
    """Bring the index up to date with the files, in one transaction.

    One pass over the files that changed: each is read, parsed, checked, inserted and
    let go before the next is read, so memory does not grow with the data. Its targets
    are checked and settled as they are inserted, against the catalogues known so far;
    a file that holds catalogues ([[orgs]], [[metrics]], [[units]]) found after some
    targets were settled makes those, and every later file's, wait to be checked once
    every file is in (data usually lists its catalogue first: then nothing waits).
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        first_build = connection.execute("SELECT 1 FROM targets LIMIT 1").fetchone() is None
        if first_build:
            drop_query_indexes(connection)
        _respell(connection, location)
        gone, stale = _stale_files(connection, files)
        root, lines, reads = _root(location), Lines(), TextReads()
        waiting: set[int] = set()
        settled_here: set[int] = set()
        parsed: list[int] = []
        settler: Settler | None = None
        defer = False  # (a catalogue came after settled targets: the rest wait too)
        for n, item in enumerate(stale):
            read = _read_one(connection, item)
            if read is None:
                continue
            parsed.append(read[0])
            if _holds_catalogue(read[2]):
                _parse_into(connection, read, None)
                waiting.add(read[0])
                settler = None
                if settled_here:
                    waiting |= settled_here
                    settled_here.clear()
                    defer = True
                continue
            if settler is None and not defer:
                known = catalogue_of(connection)
                lazy = SourceTexts(known.sources, root, reads)
                settler = Settler(known, lazy, lines, root, reads)
                # (a source of a file not read yet may be about to change: its targets wait)
                later = {str(item[1]) for item in stale[n + 1 :]}
                for ident, source in known.sources.items():
                    if source.where is not None and str(source.where.file) in later:
                        del settler.sources[ident]
            if _parse_into(connection, read, None if defer else settler):
                waiting.add(read[0])
            else:
                settled_here.add(read[0])
            del read  # (its bytes: one file's at a time)
        dataset = catalogue_of(connection)
        problems, texts = catalogue_problems(dataset, root, lines, reads)
        settler = Settler(dataset, texts, lines, root, reads)
        changed_sources = _sources_changed(connection, dataset, reads)
        before = connection.execute("SELECT value FROM _meta WHERE key = 'catalogue'").fetchone()
        catalogue_now = _orgs_and_metrics(connection)
        if before is not None and before[0] != catalogue_now:
            recheck(connection, settler, None)
            connection.execute("DELETE FROM _complete")  # (which targets settle may change)
        else:
            rechecked = waiting | _files_of(connection, changed_sources, parsed)
            recheck(connection, settler, rechecked)
            for file_id in rechecked:
                _unaccount(connection, file_id)
        connection.executemany(
            "DELETE FROM _complete WHERE source = ?", [(i,) for i in sorted(changed_sources)]
        )
        if gone or parsed or changed_sources or before is None or before[0] != catalogue_now:
            connection.execute(
                "DELETE FROM _problems WHERE phase IN ('catalogue', 'global', 'outcomes')"
            )
            store_problems(connection, "catalogue", [(None, p) for p in problems])
            store_problems(connection, "global", [(None, p) for p in duplicates(connection, lines)])
            store_problems(
                connection, "global", [(None, p) for p in restatements(connection, lines)]
            )
            store_problems(connection, "global", [(None, p) for p in revisions(connection, lines)])
            store_problems(
                connection, "outcomes", [(None, p) for p in _outcome_problems(connection, dataset)]
            )
            store_problems(
                connection, "global", [(None, p) for p in _quantity_problems(connection, lines)]
            )
        connection.execute("INSERT OR REPLACE INTO _meta VALUES ('catalogue', ?)", (catalogue_now,))
        connection.execute("INSERT OR REPLACE INTO _meta VALUES ('files', ?)", (listing(files),))
        if first_build:
            make_query_indexes(connection)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _outcome_problems(connection: sqlite3.Connection, dataset: Dataset) -> list[Problem]:
    """The outcomes' problems: each needs only the targets it names."""
    from .outcome_checks import outcome_problems
    from .store import targets_by_id

    named = targets_by_id(connection, {outcome.target for outcome in dataset.outcomes})
    every_id = lambda: [row[0] for row in connection.execute("SELECT id FROM targets")]  # noqa: E731
    return outcome_problems(dataset, targets=named, known_ids=every_id)


def _quantity_problems(connection: sqlite3.Connection, lines: Lines) -> list[Problem]:
    """Targets of one metric whose units measure different quantities."""
    from ..rules.units import UNITS
    from .checking import quantity_problems
    from .store import file_paths

    additive = "metric_name IN (SELECT name FROM metrics WHERE additive)"
    # (only a metric given in units of two quantities has a problem: its rows are read)
    quantities: dict[str, set[str]] = {}
    pairs = f"SELECT DISTINCT metric_name, unit FROM targets WHERE {additive}"
    for metric, unit in connection.execute(pairs):
        if unit is not None and unit in UNITS:
            quantities.setdefault(metric, set()).add(UNITS[unit].quantity)
    mixed = sorted(metric for metric, found in quantities.items() if len(found) > 1)
    if not mixed:
        return []
    paths = file_paths(connection)
    rows = connection.execute(
        "SELECT metric_name, unit, _file, _ordinal, id FROM targets "
        f"WHERE {additive} AND metric_name IN ({', '.join('?' * len(mixed))}) "
        "ORDER BY _file, _ordinal",
        mixed,
    )
    found = [
        (metric, unit, Where(paths[file_id], "targets", ordinal), ident)
        for metric, unit, file_id, ordinal, ident in rows
        if file_id in paths
    ]
    located = {(where.file, where.index): ident for _m, _u, where, ident in found}

    def locate(where: Where, key: str | None, message: str) -> Problem:
        return lines.locate(where, key, message, located.get((where.file, where.index)))

    return quantity_problems(found, locate)


def _files_of(connection: sqlite3.Connection, sources: set[str], parsed: list[int]) -> set[int]:
    """The files not parsed in this run that hold targets of these sources."""
    if not sources:
        return set()
    names = sorted(sources)
    query = f"SELECT DISTINCT _file FROM targets WHERE source IN ({', '.join('?' * len(names))})"
    just_parsed = set(parsed)
    return {row[0] for row in connection.execute(query, names)} - just_parsed


def _holds_catalogue(raw: bytes | None) -> bool:
    return raw is not None and any(mark in raw for mark in _CATALOGUE_MARKS)


def _root(location: Path) -> Path:
    return location if location.is_dir() else location.parent
