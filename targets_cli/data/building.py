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
import sys
from pathlib import Path

from ..errors import DataError, Problem
from ..rules.model import Dataset, Source, Where
from .checking import SourceTexts, TextReads
from .cross import (
    KEYED,
    Lines,
    Settler,
    catalogue_problems,
    duplicates_of,
    recheck,
    restatements,
    revisions,
    store_problems,
)
from .fields import TABLES
from .loading import path_text
from .store import (
    DATA_COLUMNS,
    LIST_COLUMNS,
    RACY_NS,
    SETTLED_COLUMNS,
    FilePaths,
    catalogue_of,
    digest,
    drop_query_indexes,
    lazy_catalogue,
    listing,
    make_query_indexes,
    note,
    now_ns,
    row_digest,
    row_values,
    source_of,
    stamp_of,
    where_of,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from .loading import ParsedFile

# Bound for a NULL in the rows a build inserts: SQLite stores a NaN as NULL, and the
# sqlite3 module binds a float as it is, where each None first goes through its search
# for an adapter (a third of the cost of inserting a target's row). A NaN is never a
# value of a field: the bounds of every number refuse it.
NULL = float("nan")

# The tables whose change re-checks every target (a source re-checks only its own).
_CATALOGUE_MARKS = (b"[[orgs]]", b"[[metrics]]", b"[[units]]")


def _stale_files(
    connection: sqlite3.Connection, files: list[str]
) -> tuple[set[int], list[tuple[int, str, str | None, bool]]]:
    """Forget the files gone; (ids gone, [(id, path, SHA-256 known, known before)] of the
    files whose stamp is new or changed), by their stamps alone: no file is read here."""
    known = {
        path: (file_id, stamp, sha)
        for file_id, path, stamp, sha in connection.execute(
            "SELECT id, path, stamp, sha256 FROM _files"
        )
    }
    wanted = set(files)
    gone = set()
    for path, (file_id, *_) in known.items():
        if path not in wanted:
            _forget(connection, file_id)
            connection.execute("DELETE FROM _files WHERE id = ?", (file_id,))
            gone.add(file_id)
    settled = now_ns() - RACY_NS
    stale: list[tuple[int, str, str | None, bool]] = []
    new = []
    for path in files:
        entry = known.get(path)
        if entry is not None and _unchanged(path, entry[1], settled):
            continue
        if entry is None:
            new.append((path,))
            stale.append((0, path, None, False))
        else:
            stale.append((entry[0], path, entry[2], True))
    if new:  # (their stamps and digests are written once they are read)
        connection.executemany("INSERT INTO _files (path) VALUES (?)", new)
        ids = dict(connection.execute("SELECT path, id FROM _files"))
        stale = [(ids[path], path, sha, before) for _, path, sha, before in stale]
    return gone, _in_listing_order(connection, files, stale)


def _unchanged(path: str, stamp: str | None, settled: int) -> bool:
    """The file's stamp is `stamp`, taken well after its last write (store.trusted,
    from one stat: every file is asked this on every refresh)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False
    now = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
    return now == stamp and max(st.st_mtime_ns, st.st_ctime_ns) < settled


def _read_one(
    connection: sqlite3.Connection, item: tuple[int, str, str | None, bool]
) -> tuple[int, str, bytes | None, list[Problem]] | None:
    """Read one stale file and stamp it; None when its bytes did not change (touched)."""
    from .loading import read_bytes

    file_id, path, known_sha, known = item
    stamp = stamp_of(path)  # (before the read: a write meanwhile changes it again)
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
    files: list[str],
    to_parse: list[tuple[int, str, str | None, bool]],
) -> list[tuple[int, str, str | None, bool]]:
    """Number the files as the listing orders them: rows are read in the order of their
    file's number, so a file added before others (one split in two) must not come last,
    as it would not with --no-cache."""
    ids = dict(connection.execute("SELECT path, id FROM _files"))
    moved = {ids[path]: n for n, path in enumerate(files, 1) if ids[path] != n}
    if not moved:
        return to_parse
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS _renumber (old INTEGER PRIMARY KEY, new)")
    connection.execute("DELETE FROM _renumber")
    connection.executemany("INSERT INTO _renumber VALUES (?, ?)", moved.items())
    for table in (*TABLES, "_problems", "_cross"):
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


def _respell(connection: sqlite3.Connection, location: str) -> bool:
    """The same data named another way (a relative --data, then an absolute one: the
    index is one, as its name is made from the absolute path): the paths it holds are
    renamed to the new spelling, not every file parsed again."""
    now = str(location)
    row = connection.execute("SELECT value FROM _meta WHERE key = 'location'").fetchone()
    connection.execute("INSERT OR REPLACE INTO _meta VALUES ('location', ?)", (now,))
    if row is None or row[0] == now:
        return False
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
    return True  # (the problems across files, which name them too, are found again)


def _unaccount(connection: sqlite3.Connection, file_id: int) -> None:
    """Forget the completeness `check` worked out for every source a file's targets quote
    or its [[not_targets]] entries dismiss: a row of its, gone or new, may change it."""
    connection.execute(
        "DELETE FROM _complete WHERE source IN (SELECT source FROM targets WHERE _file = ? "
        "UNION SELECT source FROM not_targets WHERE _file = ?)",
        (file_id, file_id),
    )


def _forget(connection: sqlite3.Connection, file_id: int) -> None:
    _note_keys(connection, file_id, before=True)
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
    from .loading import field_problems, plain_entry

    rows: dict[str, list[tuple[Any, ...]]] = {}
    found: list[Problem] = []
    waiting = settler is None
    unsettled = (NULL,) * len(SETTLED_COLUMNS)
    for table, fields in TABLES.items():
        columns = DATA_COLUMNS[table]
        nulls = (NULL,) * len(columns)
        lists = [n for n, name in enumerate(columns) if name in LIST_COLUMNS[table]]
        made = rows.setdefault(table, [])
        plain = plain_entry(fields)  # (field_problems' own test, asked without a call)
        # (an entry that passed its check holds a bool only in a boolean field: with
        # none, its values are digested as they are, without digest()'s look at each)
        digested = digest if any(spec.type == "boolean" for spec in fields) else row_digest
        for ordinal, raw in enumerate(parsed.tables.get(table, [])):
            if not isinstance(raw, dict):
                parsed.problems.append(
                    parsed.problem(f"[[{table}]] entry is not a table", table, ordinal)
                )
                continue
            if not plain(raw):
                problems = field_problems(raw, fields)
                for key, message in problems:
                    parsed.problems.append(parsed.problem(message, table, ordinal, key))
                if problems:
                    continue
            if table == "targets":  # (a first build makes a row of every one: no lists)
                settled = None
                if settler is not None:
                    where = Where(parsed.path, table, ordinal)
                    # (the entry itself: after field_problems its keys are target fields
                    # only, and a field left out is None, as in its row)
                    settled, target_found = settler.settle(raw, where, final=False)
                    if target_found:
                        found += target_found
                waiting = waiting or settled is None
                # (digested with None, bound with NULL for each field left out)
                made.append(
                    (
                        file_id,
                        ordinal,
                        digested(tuple(map(raw.get, columns))),
                        *map(raw.get, columns, nulls),
                        *(settled or unsettled),
                    )
                )
                continue
            if lists:
                listed = list(map(raw.get, columns))
                for n in lists:  # (TOML has no null: a list given is never None)
                    if listed[n] is not None:
                        listed[n] = json.dumps(listed[n], ensure_ascii=False)
                values = tuple(listed)
            else:
                values = tuple(map(raw.get, columns))
            if table == "sources" and settler is not None:
                settler.add_source(_source(values, Where(parsed.path, table, ordinal)))
            made.append((file_id, ordinal, digested(values), *values))
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
    item: tuple[int, str, bytes | None, list[Problem]],
    settler: Settler | None,
    account: bool = True,
) -> bool:
    """Parse one file into the index; True when some of its targets wait to be settled.
    (account False: no completeness is known yet, none is forgotten.)"""
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
    if account:
        _unaccount(connection, file_id)
    return waiting


def _sources_changed(
    connection: sqlite3.Connection, reads: TextReads, held: set[str] | None
) -> set[str]:
    """The ids of the sources whose row or text changed since their targets were checked.

    Only the sources of the files parsed or forgotten (`held`; None: every source) and
    those whose text's stamp changed are looked at: every text is stat-ed, no source
    is built."""
    settled = now_ns() - RACY_NS
    texts = {path: (stamp, sha) for path, stamp, sha in connection.execute("SELECT * FROM _texts")}
    restamped = {
        path for path, (stamp, _sha) in texts.items() if not _unchanged(path, stamp, settled)
    }
    if held is None:
        candidates = {row[0] for row in connection.execute("SELECT id FROM sources")}
        candidates |= {row[0] for row in connection.execute("SELECT id FROM _sources")}
    else:
        candidates = set(held)
        query = "SELECT id FROM _sources WHERE path = ?"
        for path in sorted(restamped):
            candidates |= {row[0] for row in connection.execute(query, (path,))}
    first = (
        "SELECT s.file, f.path FROM sources s JOIN _files f ON f.id = s._file WHERE s.id = ? "
        "ORDER BY s._file, s._ordinal LIMIT 1"
    )
    # (of an id given twice, the state takes the digest of the row read last)
    last = "SELECT _digest FROM sources WHERE id = ? ORDER BY rowid DESC LIMIT 1"
    changed = set()
    paths_before = set()
    for ident in sorted(candidates):
        old = connection.execute("SELECT state, path FROM _sources WHERE id = ?", (ident,))
        before = old.fetchone()
        if before is not None and before[1] is not None:
            paths_before.add(before[1])
        row = connection.execute(first, (ident,)).fetchone()
        if row is None:  # gone
            if before is not None:
                connection.execute("DELETE FROM _sources WHERE id = ?", (ident,))
                changed.add(ident)
            continue
        file, data_file = row
        row_digest = connection.execute(last, (ident,)).fetchone()[0]
        path = None
        if file is None:  # cited: no text, its row is its state
            state = digest((row_digest, None))
        else:
            path = path_text(os.path.dirname(data_file), file)  # (as source_of places it)
            if path in texts and path not in restamped:
                sha = texts[path][1]
            else:
                stamp = stamp_of(path)  # (before the read: a write meanwhile changes it)
                sha = reads.sha(path)  # (read once a run, shared with the checks)
                connection.execute(
                    "INSERT OR REPLACE INTO _texts VALUES (?, ?, ?)", (path, stamp, sha)
                )
                texts[path] = (stamp, sha)
                restamped.discard(path)
            state = digest((row_digest, sha))
        if before is None or before[0] != state or before[1] != path:
            connection.execute(
                "INSERT OR REPLACE INTO _sources VALUES (?, ?, ?)", (ident, state, path)
            )
        if before is None or before[0] != state:
            changed.add(ident)
    # a text no source names any more is forgotten
    unused = "SELECT 1 FROM _sources WHERE path = ? LIMIT 1"
    for path in sorted(paths_before | restamped):
        if path in texts and connection.execute(unused, (path,)).fetchone() is None:
            connection.execute("DELETE FROM _texts WHERE path = ?", (path,))
    return changed


def _orgs_and_metrics(connection: sqlite3.Connection) -> str:
    """A digest of the catalogues every target's checks depend on."""
    return digest(
        row[0]
        for table in ("orgs", "metrics", "units")
        for row in connection.execute(f"SELECT _digest FROM {table} ORDER BY _file, _ordinal")
    )


def refresh(connection: sqlite3.Connection, location: str, files: list[str]) -> None:
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
        # Nothing known yet (no file, no completeness): no row is forgotten or looked up
        # by its file while the files are parsed, so the tables are filled without their
        # index on _file, made once the rows are in (a sort of rows already in order).
        bare = first_build and all(
            connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None
            for table in ("_files", "_complete")
        )
        if first_build:
            drop_query_indexes(connection)
        if bare:
            for table in TABLES:
                connection.execute(f"DROP INDEX IF EXISTS {table}_file")
        respelt = _respell(connection, location)
        # (the keys each file changed held before and holds now: what the checks across
        # files look at again)
        connection.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _keys (tbl TEXT, key TEXT, linked INT, was INT)"
        )
        connection.execute("DELETE FROM _keys")
        gone, stale = _stale_files(connection, files)
        _note_long_build(connection, sum(1 for item in stale if item[2] is None))
        root, lines, reads = _root(location), Lines(), TextReads()
        waiting: set[int] = set()
        settled_here: set[int] = set()
        parsed: list[int] = []
        settler: Settler | None = None
        defer = False  # (a catalogue came after settled targets: the rest wait too)
        for item in stale:
            read = _read_one(connection, item)
            if read is None:
                continue
            parsed.append(read[0])
            if _holds_catalogue(read[2]):
                _parse_into(connection, read, None, not bare)
                waiting.add(read[0])
                settler = None
                if settled_here:
                    waiting |= settled_here
                    settled_here.clear()
                    defer = True
                continue
            if settler is None and not defer:
                # The catalogues, without the sources: those come file by file as they
                # are parsed; a target of a source of another file waits, and is settled
                # once every file is in (so one file edited never builds every source).
                known = _catalogues(connection)
                lazy = SourceTexts(known.sources, root, reads)
                settler = Settler(known, lazy, lines, root, reads)
            if _parse_into(connection, read, None if defer else settler, not bare):
                waiting.add(read[0])
            else:
                settled_here.add(read[0])
            del read  # (its bytes: one file's at a time)
        if bare:
            for table in TABLES:
                connection.execute(f"CREATE INDEX IF NOT EXISTS {table}_file ON {table} (_file)")
        else:  # (a bare build looks at every key across files again: it notes none)
            for file_id in parsed:
                _note_keys(connection, file_id, before=False)
        held = None
        if not first_build and not respelt:
            query = "SELECT key FROM temp._keys WHERE tbl = 'sources'"
            held = {row[0] for row in connection.execute(query)}
        changed_sources = _sources_changed(connection, reads, held)
        before = connection.execute("SELECT value FROM _meta WHERE key = 'catalogue'").fetchone()
        catalogue_now = _orgs_and_metrics(connection)
        catalogue_changed = before is None or before[0] != catalogue_now
        if before is not None and before[0] != catalogue_now:
            dataset = catalogue_of(connection)
            recheck(connection, _settler(dataset, root, lines, reads), None)
            connection.execute("DELETE FROM _complete")  # (which targets settle may change)
        else:
            # (a bare build parsed every file: no other holds targets of these sources)
            others = set() if bare else _files_of(connection, changed_sources, parsed)
            rechecked = waiting | others
            # (the files that wait are often the catalogues alone, which hold no target:
            # then there is nothing to check again, and no catalogue to build for it)
            if rechecked and _hold_targets(connection, rechecked):
                dataset = catalogue_of(connection)
                recheck(connection, _settler(dataset, root, lines, reads), rechecked)
            for file_id in rechecked:
                _unaccount(connection, file_id)
        connection.executemany(
            "DELETE FROM _complete WHERE source = ?", [(i,) for i in sorted(changed_sources)]
        )
        if gone or parsed or changed_sources or catalogue_changed or respelt:
            full = first_build or catalogue_changed or respelt
            _across_files(connection, None if full else changed_sources, root, lines, reads)
        connection.execute("INSERT OR REPLACE INTO _meta VALUES ('catalogue', ?)", (catalogue_now,))
        connection.execute("INSERT OR REPLACE INTO _meta VALUES ('files', ?)", (listing(files),))
        if first_build:
            make_query_indexes(connection)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


# A build of this many files or more takes seconds (about 5 ms a file of 100 targets):
# on a terminal, the user is told what the wait is for.
LONG_BUILD_FILES = 200


def _note_long_build(connection: sqlite3.Connection, count: int) -> None:
    """On a terminal, a note before a build long enough to look like a hang: `count`
    files never read into the index (a file known before whose stamp changed is
    hashed first, and is seldom parsed). A script reading stderr through a pipe is
    told nothing."""
    if count < LONG_BUILD_FILES or not sys.stderr.isatty():
        return
    on_disk = any(row[2] for row in connection.execute("PRAGMA database_list"))
    later = (
        "later runs read only the files that change"
        if on_disk
        else "the index is kept in memory: every run reads them all"
    )
    note(f"reading {count:,} data files into the index ({later})")


def _catalogues(connection: sqlite3.Connection) -> Dataset:
    """The orgs, metrics and units, whole (every target is checked against them), and
    no source."""
    read = lambda query, params: connection.execute(query, params).fetchall()  # noqa: E731
    known = lazy_catalogue(read, FilePaths(lambda: connection))
    return Dataset({}, known.orgs, known.metrics, units=known.units)


def _settler(dataset: Dataset, root: Path, lines: Lines, reads: TextReads) -> Settler:
    return Settler(dataset, SourceTexts(dataset.sources, root, reads), lines, root, reads)


def _note_keys(connection: sqlite3.Connection, file_id: int, before: bool) -> None:
    """Note the keys a file's rows hold (before it is forgotten, or once it is parsed):
    the duplicates, statements and problems of those alone can change."""
    was = int(before)
    connection.execute(
        "INSERT INTO temp._keys SELECT 'targets', id, "
        "same_as IS NOT NULL OR revises IS NOT NULL, ? FROM targets WHERE _file = ?",
        (was, file_id),
    )
    for table, key, _what in KEYED:
        if table != "targets":
            connection.execute(
                f"INSERT INTO temp._keys SELECT ?, {key}, 0, ? FROM {table} WHERE _file = ?",
                (table, was, file_id),
            )
    for table in ("units", "not_found"):
        connection.execute(
            f"INSERT INTO temp._keys SELECT ?, NULL, 0, ? FROM {table} WHERE _file = ? LIMIT 1",
            (table, was, file_id),
        )


# The checks across files, in the order a full build lists their problems.
_CATALOGUE, _SOURCES, _DUPLICATES, _RESTATED, _REVISED, _OUTCOMES, _QUANTITIES = range(7)
_PHASES = {_CATALOGUE: "catalogue", _SOURCES: "catalogue", _OUTCOMES: "outcomes"}
# a problem stored in _cross: (key, group, file, ordinal, problem)
_Found = tuple[str | None, object, int, int, Problem]


def _across_files(
    connection: sqlite3.Connection,
    changed_sources: set[str] | None,
    root: Path,
    lines: Lines,
    reads: TextReads,
) -> None:
    """Find the problems across files again (changed_sources None: all of them, else
    only those the files just parsed or forgotten, and these sources' texts, can
    change), then list every one in _problems, in the order a full build gives."""
    full = changed_sources is None
    held: dict[str, set[str]] = {}
    ids: dict[int, list[str]] = {0: [], 1: []}
    linked = False
    if full:
        connection.execute("DELETE FROM _cross")
    else:
        for table, key, link, was in connection.execute("SELECT * FROM temp._keys"):
            held.setdefault(table, set()).add(key)
            if table == "targets":
                ids[was].append(key)
                linked = linked or bool(link)
    ids_changed = sorted(ids[0]) != sorted(ids[1])  # (a new id may be the one suggested)
    catalogue = full or any(t in held for t in ("orgs", "metrics", "units", "not_found"))
    target_ids = sorted(held.get("targets", ()))
    lazy = lazy_catalogue(
        lambda query, params: connection.execute(query, params).fetchall(),
        FilePaths(lambda: connection),
    )
    if catalogue:
        # the catalogues' own problems (orgs, metrics, units, not_found): no source's
        plain = Dataset({}, lazy.orgs, lazy.metrics, units=lazy.units, not_found=lazy.not_found)
        found = catalogue_problems(plain, root, lines, reads)[0]
        _store(connection, _CATALOGUE, None, [(None, 0, 0, 0, p) for p in found])
    sources = None if full else (changed_sources or set()) | held.get("sources", set())
    _store(connection, _SOURCES, sources, _source_problems(connection, sources, root, lines, reads))
    duplicated: list[_Found] = [
        (f"{n}{ident}", f"{n}{ident}", file_id, ordinal, problem)
        for table, ident, file_id, ordinal, problem in duplicates_of(
            connection, lines, None if full else held
        )
        for n in [next(i for i, keyed in enumerate(KEYED) if keyed[0] == table)]
    ]
    keys = None
    if not full:
        keys = {f"{n}{ident}" for n, keyed in enumerate(KEYED) for ident in held.get(keyed[0], ())}
    _store(connection, _DUPLICATES, keys, duplicated)
    if full or ids_changed or linked or _named(connection, target_ids, ("same_as", "revises")):
        for step, check in ((_RESTATED, restatements), (_REVISED, revisions)):
            connection.execute("DELETE FROM _cross WHERE step = ?", (step,))
            _store(connection, step, None, [(None, 0, 0, 0, p) for p in check(connection, lines)])
    if catalogue or ids_changed or "outcomes" in held or _named(connection, target_ids, ()):
        connection.execute("DELETE FROM _cross WHERE step = ?", (_OUTCOMES,))
        found = _outcome_problems(connection, lazy)
        _store(connection, _OUTCOMES, None, [(None, 0, 0, 0, p) for p in found])
    connection.execute("DELETE FROM _cross WHERE step = ?", (_QUANTITIES,))
    found = _quantity_problems(connection, lines)
    _store(connection, _QUANTITIES, None, [(None, 0, 0, 0, p) for p in found])
    connection.execute("DELETE FROM _problems WHERE phase IN ('catalogue', 'global', 'outcomes')")
    connection.execute(
        "INSERT INTO _problems SELECT NULL, phase, path, line, col, record, message FROM _cross "
        "ORDER BY step, grp, _file, _ordinal, seq"
    )


def _store(
    connection: sqlite3.Connection,
    step: int,
    keys: Iterable[str] | None,
    found: list[_Found],
) -> None:
    """Replace a check's problems of some keys (None: those found replace none)."""
    if keys is not None:
        connection.executemany(
            "DELETE FROM _cross WHERE step = ? AND key = ?", [(step, key) for key in keys]
        )
    elif step == _CATALOGUE:
        connection.execute("DELETE FROM _cross WHERE step = ?", (step,))
    phase = _PHASES.get(step, "global")
    connection.executemany(
        "INSERT INTO _cross VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (step, key, group, file_id, ordinal, seq, phase, *_columns(p))
            for seq, (key, group, file_id, ordinal, p) in enumerate(found)
        ],
    )


def _columns(problem: Problem) -> tuple[object, ...]:
    return (str(problem.file), problem.line, problem.column, problem.record, problem.message)


def _named(connection: sqlite3.Connection, ids: list[str], columns: tuple[str, ...]) -> bool:
    """Does a target's same_as or revises (columns), or else an outcome, name one of ids?"""
    tests = [("targets", column) for column in columns] or [("outcomes", "target")]
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ", ".join("?" * len(part))
        for table, column in tests:
            query = f"SELECT 1 FROM {table} WHERE {column} IN ({marks}) LIMIT 1"
            if connection.execute(query, part).fetchone() is not None:
                return True
    return False


def _source_problems(
    connection: sqlite3.Connection,
    ids: set[str] | None,
    root: Path,
    lines: Lines,
    reads: TextReads,
) -> list[_Found]:
    """Each source's own problems (its citation, its text), in the order of the data:
    of every source (ids None), or of these."""
    from .checking import _read_sources

    paths = FilePaths(lambda: connection)
    if ids is None:
        rows = connection.execute("SELECT * FROM sources ORDER BY _file, _ordinal").fetchall()
    else:
        query = "SELECT * FROM sources WHERE id = ? ORDER BY _file, _ordinal LIMIT 1"
        rows = [row for ident in sorted(ids) for row in connection.execute(query, (ident,))]
    chosen: dict[str, Source] = {}
    placed: dict[Where, tuple[str, int, int]] = {}
    for row in rows:
        source = source_of(row_values("sources", row), where_of(paths, "sources", row))
        if source.id not in chosen:  # (a duplicate id: the first one counts)
            chosen[source.id] = source
            assert source.where is not None
            placed[source.where] = (source.id, row[0], row[1])
    found: list[_Found] = []

    def locate(where: Where, key: str | None, message: str) -> Problem:
        ident, file_id, ordinal = placed[where]
        problem = lines.locate(where, key, message, ident)
        found.append((ident, 0, file_id, ordinal, problem))
        return problem

    _read_sources(chosen, locate, root, reads)
    return found


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

    additive = "metric_name IN (SELECT name FROM metrics WHERE additive)"
    # (only a metric given in units of two quantities has a problem: its rows are read)
    quantities: dict[str, set[str]] = {}
    for metric, unit in _metric_units(connection):
        if unit is not None and unit in UNITS:
            quantities.setdefault(metric, set()).add(UNITS[unit].quantity)
    mixed = sorted(metric for metric, found in quantities.items() if len(found) > 1)
    if not mixed:
        return []
    paths = FilePaths(lambda: connection)
    rows = connection.execute(
        "SELECT metric_name, unit, _file, _ordinal, id FROM targets "
        f"WHERE {additive} AND metric_name IN ({', '.join('?' * len(mixed))}) "
        "ORDER BY _file, _ordinal",
        mixed,
    ).fetchall()
    paths.read_all(row[2] for row in rows)
    found = [
        (metric, unit, Where(path, "targets", ordinal), ident)
        for metric, unit, file_id, ordinal, ident in rows
        if (path := paths.get(file_id)) is not None
    ]
    located = {(where.file, where.index): ident for _m, _u, where, ident in found}

    def locate(where: Where, key: str | None, message: str) -> Problem:
        return lines.locate(where, key, message, located.get((where.file, where.index)))

    return quantity_problems(found, locate)


def _metric_units(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """Each (metric, unit) of the targets of additive metrics: by the index on both, one
    seek a pair (a few), not a read of every target; a first build, whose query indexes
    are made last, reads them all once."""
    additive = [row[0] for row in connection.execute("SELECT name FROM metrics WHERE additive")]
    indexed = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'targets_metric_unit'"
    ).fetchone()
    if indexed is None:
        return connection.execute(
            "SELECT DISTINCT metric_name, unit FROM targets WHERE metric_name IN "
            "(SELECT name FROM metrics WHERE additive)"
        ).fetchall()
    pairs = []
    first = "SELECT MIN(unit) FROM targets WHERE metric_name = ?"
    after = "SELECT MIN(unit) FROM targets WHERE metric_name = ? AND unit > ?"
    for metric in sorted(set(additive)):
        unit = connection.execute(first, (metric,)).fetchone()[0]
        while unit is not None:
            pairs.append((metric, unit))
            unit = connection.execute(after, (metric, unit)).fetchone()[0]
    return pairs


def _files_of(connection: sqlite3.Connection, sources: set[str], parsed: list[int]) -> set[int]:
    """The files not parsed in this run that hold targets of these sources."""
    if not sources:
        return set()
    names = sorted(sources)
    query = f"SELECT DISTINCT _file FROM targets WHERE source IN ({', '.join('?' * len(names))})"
    just_parsed = set(parsed)
    return {row[0] for row in connection.execute(query, names)} - just_parsed


def _hold_targets(connection: sqlite3.Connection, files: set[int]) -> bool:
    """Does any of these files hold a target?"""
    ids = sorted(files)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        query = f"SELECT 1 FROM targets WHERE _file IN ({', '.join('?' * len(part))}) LIMIT 1"
        if connection.execute(query, part).fetchone() is not None:
            return True
    return False


def _holds_catalogue(raw: bytes | None) -> bool:
    return raw is not None and any(mark in raw for mark in _CATALOGUE_MARKS)


def _root(location: str) -> Path:
    path = Path(location)
    return path if path.is_dir() else path.parent
