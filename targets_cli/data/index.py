"""The index: one SQLite database of a data location's records and problems.

It lives in the user's cache folder (`$XDG_CACHE_HOME/targets`, else
`~/.cache/targets`), one file per data location. A data file is known by its stamp
(size, times, inode) and, when the stamp changed, by the SHA-256 of its bytes; a
changed file's rows are replaced in one transaction and only that file is parsed
again. A change to the catalogues (sources, orgs, metrics) or to a source text
re-checks every target, since each target's checks depend on them.

`--no-cache`, `TARGETS_NO_CACHE=1` or a cache folder that cannot be written give an
in-memory database built by the same code: there is one path for every run.

The index is never trusted over the data: every row carries a digest of its values,
checked when the row is read; a mismatch, a foreign or truncated file rebuilds the
index with a one-line note on stderr. SQLite's own locking keeps concurrent runs
apart: a run that must write takes the write lock first and looks again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import sys
from pathlib import Path

from ..errors import DataError, Problem
from ..rules.model import (
    CITY,
    DEPARTMENT,
    MILESTONE,
    TARGET,
    Dataset,
    Metric,
    NotTarget,
    Org,
    Outcome,
    Source,
    Target,
    Where,
)
from .fields import TABLES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any

    from .loading import ParsedFile

SCHEMA_VERSION = 1
NO_CACHE_ENV = "TARGETS_NO_CACHE"
# A file written less than this before it was read may change again unseen by its times.
RACY_NS = 2_000_000_000
# How long a run waits for another run that is writing the index.
BUSY_TIMEOUT_S = 600.0

# The columns of each table as the data writes them (lists are stored as JSON text).
DATA_COLUMNS = {table: tuple(spec.name for spec in fields) for table, fields in TABLES.items()}
_LIST_COLUMNS = {
    table: frozenset(spec.name for spec in fields if spec.type == "strings")
    for table, fields in TABLES.items()
}
# What the index settles for each target once the catalogues are known.
SETTLED_COLUMNS = (
    "metric_name",
    "region",
    "city",
    "level",
    "additive",
    "period_start",
    "period_end",
    "sentence",
)
# Level of a target, for totals and for the export: whose figure it is.
LEVELS = ("city", "county", "department", "area")

_KEY_OF = {"sources": "id", "orgs": "id", "metrics": "name", "targets": "id", "outcomes": "id"}


def _ddl() -> str:
    tables = []
    for table, columns in DATA_COLUMNS.items():
        extra = SETTLED_COLUMNS if table == "targets" else ()
        names = [*columns, *extra]
        body = ", ".join(f'"{name}"' for name in names)
        tables.append(
            f"CREATE TABLE {table} (_file INTEGER NOT NULL, _ordinal INTEGER NOT NULL, "
            f"_digest TEXT NOT NULL, {body});"
            f"CREATE INDEX {table}_file ON {table} (_file);"
        )
    return "\n".join(
        [
            "CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT);",
            "CREATE TABLE _files (id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, "
            "stamp TEXT, sha256 TEXT);",
            "CREATE TABLE _texts (path TEXT PRIMARY KEY, stamp TEXT, sha256 TEXT);",
            "CREATE TABLE _problems (_file INTEGER, phase TEXT NOT NULL, path TEXT NOT NULL, "
            "line INTEGER, col INTEGER, record TEXT, message TEXT NOT NULL);",
            *tables,
            *(
                f"CREATE INDEX targets_{column} ON targets ({column});"
                for column in ("id", "metric", "region", "org", "period", "kind", "firmness")
            ),
            "CREATE INDEX targets_years ON targets (period_start, period_end);",
        ]
    )


def _code_stamp() -> str:
    """Changes whenever the tool's own code does: a new version or an edited module."""
    import zlib

    from .. import __version__

    package = Path(__file__).resolve().parent.parent
    parts = [__version__, str(SCHEMA_VERSION)]
    for path in sorted(package.glob("*/*.py")):
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path.parent.name}/{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return f"{SCHEMA_VERSION}/{__version__}/{zlib.crc32('|'.join(parts).encode()):08x}"


def enabled(no_cache: bool = False) -> bool:
    """False with --no-cache, or with $TARGETS_NO_CACHE set to anything but 0."""
    return not no_cache and os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_folder() -> str | None:
    """$XDG_CACHE_HOME/targets, else ~/.cache/targets; None when there is no home."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home) or not os.path.isdir(home):
            return None  # never create a home folder that is not there
        base = os.path.join(home, ".cache")
    return os.path.join(base, "targets")


def index_file(location: Path) -> str | None:
    folder = cache_folder()
    if folder is None:
        return None
    key = hashlib.sha256(os.fsencode(os.path.abspath(location))).hexdigest()[:20]
    return os.path.join(folder, f"index-{key}.sqlite3")


def _stamp(path: str) -> str | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def _trusted(stamp: str, now_ns: int) -> bool:
    """A stamp taken well after the file's last write: equal stamps mean equal bytes."""
    _size, mtime, ctime, _ino = (int(part) for part in stamp.split(":"))
    return max(mtime, ctime) < now_ns - RACY_NS


def _digest(values: Iterable[Any]) -> str:
    # (a bool comes back from SQLite as 0 or 1: digest it as that)
    text = "\x1f".join(
        "\x00" if v is None else str(int(v) if v is True or v is False else v) for v in values
    )
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


class IndexDamaged(Exception):
    """The database is not what this code wrote: rebuild it."""


def _note(message: str) -> None:
    print(f"targets: note: {message}", file=sys.stderr)


# ---- opening -----------------------------------------------------------------


def _connect(path: str | None) -> sqlite3.Connection:
    if path is None:
        return sqlite3.connect(":memory:", isolation_level=None)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


def _schema_ok(connection: sqlite3.Connection, stamp: str) -> bool:
    try:
        row = connection.execute("SELECT value FROM _meta WHERE key = 'code'").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == stamp


def _create(connection: sqlite3.Connection, stamp: str) -> None:
    connection.execute("BEGIN IMMEDIATE")
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for name in names:
        kind = connection.execute(
            "SELECT type FROM sqlite_master WHERE name = ?", (name,)
        ).fetchone()
        if kind is not None:
            connection.execute(f'DROP {kind[0].upper()} IF EXISTS "{name}"')
    for statement in _ddl().split(";"):
        if statement.strip():
            connection.execute(statement)
    connection.execute("INSERT INTO _meta VALUES ('code', ?)", (stamp,))
    connection.execute("COMMIT")


def _open(location: Path, use_cache: bool) -> sqlite3.Connection:
    """The index of `location`, opened (and made anew when it is not ours)."""
    stamp = _code_stamp()
    path = index_file(location) if enabled(not use_cache) else None
    if path is not None:
        try:
            connection = _connect(path)
            if _schema_ok(connection, stamp):
                return connection
            connection.execute("BEGIN IMMEDIATE")  # another run may be making it now
            ours = _schema_ok(connection, stamp)
            connection.execute("COMMIT")
            if not ours:
                _create(connection, stamp)
            return connection
        except sqlite3.DatabaseError:
            _discard(path)
            try:
                connection = _connect(path)
                _create(connection, stamp)
                _note(f"the index {path} was damaged; it has been built again")
                return connection
            except (sqlite3.Error, OSError):
                pass  # a folder we cannot write: the in-memory index answers the same
        except (sqlite3.Error, OSError):
            pass
    connection = _connect(None)
    _create(connection, stamp)
    return connection


def _discard(path: str) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(path + suffix)


# ---- building ----------------------------------------------------------------


def _rows_of(parsed: ParsedFile, file_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of one parsed file's tables; entries with field problems are left out."""
    import json

    from .loading import field_problems

    rows: dict[str, list[tuple[Any, ...]]] = {}
    for table, fields in TABLES.items():
        columns = DATA_COLUMNS[table]
        lists = _LIST_COLUMNS[table]
        extra = (None,) * len(SETTLED_COLUMNS) if table == "targets" else ()
        found = rows.setdefault(table, [])
        for ordinal, raw in enumerate(parsed.tables.get(table, [])):
            if not isinstance(raw, dict):
                parsed.problems.append(parsed.problem(f"[[{table}]] entry is not a table"))
                continue
            problems = field_problems(raw, fields)
            for key, message in problems:
                parsed.problems.append(parsed.problem(message, table, ordinal, key))
            if problems:
                continue
            values = tuple(
                json.dumps(raw[name], ensure_ascii=False)
                if name in lists and name in raw
                else raw.get(name)
                for name in columns
            )
            found.append((file_id, ordinal, _digest(values), *values, *extra))
    return rows


def _insert(connection: sqlite3.Connection, table: str, rows: list[tuple[Any, ...]]) -> None:
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _store_problems(
    connection: sqlite3.Connection, file_id: int | None, phase: str, problems: Iterable[Problem]
) -> None:
    connection.executemany(
        "INSERT INTO _problems VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(file_id, phase, str(p.file), p.line, p.column, p.record, p.message) for p in problems],
    )


def _refresh_files(connection: sqlite3.Connection, files: list[Path]) -> set[int]:
    """Parse the files that changed since they were indexed; the ids of those files."""
    from .loading import parse_file, read_bytes

    known = {
        path: (file_id, stamp, sha)
        for file_id, path, stamp, sha in connection.execute(
            "SELECT id, path, stamp, sha256 FROM _files"
        )
    }
    wanted = {str(path) for path in files}
    changed: set[int] = set()
    for path, (file_id, *_) in known.items():
        if path not in wanted:
            _forget_file(connection, file_id)
            connection.execute("DELETE FROM _files WHERE id = ?", (file_id,))
            changed.add(file_id)
    now = _now_ns()
    for path in files:
        name = str(path)
        stamp = _stamp(name)
        entry = known.get(name)
        if entry is not None and stamp is not None and entry[1] == stamp and _trusted(stamp, now):
            continue
        try:
            raw = read_bytes(path)
            sha = hashlib.sha256(raw).hexdigest()
        except DataError as error:
            raw, sha = None, None
            problems = error.problems
        if entry is None:
            file_id = connection.execute(
                "INSERT INTO _files (path, stamp, sha256) VALUES (?, ?, ?)", (name, stamp, sha)
            ).lastrowid
            assert file_id is not None
        else:
            file_id = entry[0]
            connection.execute(
                "UPDATE _files SET stamp = ?, sha256 = ? WHERE id = ?", (stamp, sha, file_id)
            )
            if sha is not None and sha == entry[2]:
                continue  # touched, not changed
            _forget_file(connection, file_id)
        changed.add(file_id)
        if raw is None:
            _store_problems(connection, file_id, "file", problems)
            continue
        try:
            parsed = parse_file(path, raw)
        except DataError as error:
            _store_problems(connection, file_id, "file", error.problems)
            continue
        for table, rows in _rows_of(parsed, file_id).items():
            _insert(connection, table, rows)
        _store_problems(connection, file_id, "file", parsed.problems)
    return changed


def _now_ns() -> int:
    import time

    return time.time_ns()


def _forget_file(connection: sqlite3.Connection, file_id: int) -> None:
    for table in (*TABLES, "_problems"):
        connection.execute(f"DELETE FROM {table} WHERE _file = ?", (file_id,))


def _texts_changed(connection: sqlite3.Connection, sources: Iterable[Source]) -> bool:
    """Whether any source text changed since the targets were last checked against it."""
    known = dict(connection.execute("SELECT path, stamp FROM _texts"))
    now = _now_ns()
    paths = {str(source.file) for source in sources}
    changed = set(known) != paths
    for path in paths:
        stamp = _stamp(path)
        if known.get(path) != stamp or stamp is None or not _trusted(stamp, now):
            sha = _file_sha(path)
            old = connection.execute("SELECT sha256 FROM _texts WHERE path = ?", (path,))
            row = old.fetchone()
            if row is None or row[0] != sha:
                changed = True
            connection.execute("INSERT OR REPLACE INTO _texts VALUES (?, ?, ?)", (path, stamp, sha))
    if set(known) - paths:
        connection.executemany(
            "DELETE FROM _texts WHERE path = ?", [(p,) for p in set(known) - paths]
        )
    return changed


def _file_sha(path: str) -> str | None:
    try:
        with open(path, "rb") as stream:
            return hashlib.sha256(stream.read()).hexdigest()
    except (OSError, ValueError):
        return None


def _catalogue_digest(connection: sqlite3.Connection) -> str:
    parts = [
        row[0]
        for table in ("sources", "orgs", "metrics")
        for row in connection.execute(f"SELECT _digest FROM {table} ORDER BY _file, _ordinal")
    ]
    return _digest(parts)


def _refresh(connection: sqlite3.Connection, location: Path, files: list[Path]) -> None:
    """Bring the index up to date with the files, in one transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        changed = _refresh_files(connection, files)
        catalogue = _catalogue(connection, location)
        texts_changed = _texts_changed(connection, catalogue.sources.values())
        digest = _catalogue_digest(connection)
        old = connection.execute("SELECT value FROM _meta WHERE key = 'catalogue'").fetchone()
        everything = texts_changed or old is None or old[0] != digest
        if everything or changed:
            from .cross import recheck

            root = location if location.is_dir() else location.parent
            recheck(connection, catalogue, None if everything else changed, root)
            connection.execute("INSERT OR REPLACE INTO _meta VALUES ('catalogue', ?)", (digest,))
        connection.execute("INSERT OR REPLACE INTO _meta VALUES ('files', ?)", (_listing(files),))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _listing(files: list[Path]) -> str:
    return _digest(str(path) for path in files)


def _fresh(connection: sqlite3.Connection, files: list[Path]) -> bool:
    """True when no file changed since the index was written (no write lock needed)."""
    row = connection.execute("SELECT value FROM _meta WHERE key = 'files'").fetchone()
    if row is None or row[0] != _listing(files):
        return False
    stamps = dict(connection.execute("SELECT path, stamp FROM _files"))
    now = _now_ns()
    for path in files:
        stamp = stamps.get(str(path))
        if stamp is None or stamp != _stamp(str(path)) or not _trusted(stamp, now):
            return False
    for path, stamp in connection.execute("SELECT path, stamp FROM _texts"):
        if stamp is None or stamp != _stamp(path) or not _trusted(stamp, now):
            return False
    return True


# ---- records from rows -------------------------------------------------------


def _values(table: str, row: tuple[Any, ...]) -> dict[str, Any]:
    """A row's data values by name, after checking them against the row's digest."""
    import json

    columns = DATA_COLUMNS[table]
    values = row[3 : 3 + len(columns)]
    if _digest(values) != row[2]:
        raise IndexDamaged(f"a row of {table} does not match its digest")
    found = dict(zip(columns, values, strict=True))
    for name in _LIST_COLUMNS[table]:
        found[name] = tuple(json.loads(found[name])) if found[name] is not None else ()
    return found


def _where(paths: dict[int, Path], table: str, row: tuple[Any, ...]) -> Where:
    return Where(paths[row[0]], table, row[1])


def _catalogue(connection: sqlite3.Connection, location: Path) -> Dataset:
    """Sources, orgs and metrics (small: always whole) and the outcomes and dismissals."""
    paths = {
        file_id: Path(path) for file_id, path in connection.execute("SELECT id, path FROM _files")
    }

    def rows(table: str) -> Iterator[tuple[dict[str, Any], Where]]:
        query = f"SELECT * FROM {table} ORDER BY _file, _ordinal"
        for row in connection.execute(query):
            yield _values(table, row), _where(paths, table, row)

    sources = [
        Source(
            **{k: v for k, v in values.items() if k != "file"},
            file=where.file.parent / values["file"],
            where=where,
        )
        for values, where in rows("sources")
    ]
    orgs = [Org(**values, where=where) for values, where in rows("orgs")]
    metrics = [Metric(**values, where=where) for values, where in rows("metrics")]
    outcomes = [
        Outcome(**_defaults(values, {"comparator": "=", "preliminary": False}), where=where)
        for values, where in rows("outcomes")
    ]
    not_targets = [NotTarget(**values, where=where) for values, where in rows("not_targets")]
    return Dataset(
        sources=_first(sources, lambda s: s.id),
        orgs=_first(orgs, lambda o: o.id),
        metrics=_first(metrics, lambda m: m.name),
        targets=(),
        files=tuple(paths.values()),
        outcomes=tuple(outcomes),
        not_targets=tuple(not_targets),
    )


def _defaults(values: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    return {k: (defaults[k] if v is None and k in defaults else v) for k, v in values.items()}


def _first(records: list[Any], key: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for record in records:
        found.setdefault(key(record), record)
    return found


def target_of(row: tuple[Any, ...], paths: dict[int, Path], aliases: dict[str, str]) -> Target:
    """A settled target from its row: the canonical metric name, its region."""
    values = _values("targets", row)
    values["kind"] = values["kind"] or TARGET
    settled = 3 + len(DATA_COLUMNS["targets"])
    values["metric"] = row[settled] or aliases.get(values["metric"], values["metric"])
    region = row[settled + 1]
    return Target(**values, region=region or "", where=_where(paths, "targets", row))


# ---- the public face ---------------------------------------------------------


class Index:
    """An open, up-to-date index: the catalogues whole, the targets by query."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        location: Path,
        catalogue: Dataset,
        files: list[Path],
        use_cache: bool,
    ):
        self.connection = connection
        self.location = location
        self.catalogue = catalogue
        self._files, self._use_cache = files, use_cache
        self._paths = {i: Path(p) for i, p in connection.execute("SELECT id, path FROM _files")}
        self._aliases = {
            name: metric.name
            for metric in catalogue.metrics.values()
            for name in (metric.name, *metric.aliases)
        }

    def targets(self, where: str = "", params: Iterable[Any] = ()) -> list[Target]:
        """The settled targets (those whose org and metric are known) matching `where`."""
        condition = "region IS NOT NULL" + (f" AND ({where})" if where else "")
        query = f"SELECT * FROM targets WHERE {condition} ORDER BY _file, _ordinal"
        params = tuple(params)
        try:
            return [
                target_of(row, self._paths, self._aliases)
                for row in self.connection.execute(query, params)
            ]
        except IndexDamaged as error:
            self._rebuild(error)
            return self.targets(where, params)

    def _rebuild(self, error: Exception) -> None:
        """Discard a database that does not hold what the data says, and build it again."""
        path = index_file(self.location) if self._use_cache and enabled() else None
        self.connection.close()
        if path is None:
            raise error  # an in-memory index that does not match itself: a bug
        _discard(path)
        _note(f"the index {path} did not match the data ({error}); it has been built again")
        fresh = open_index(self.location, self._files, use_cache=self._use_cache)
        self.connection, self.catalogue = fresh.connection, fresh.catalogue
        self._paths = fresh._paths

    def values(self, column: str, where: str = "", params: Iterable[Any] = ()) -> list[Any]:
        condition = "region IS NOT NULL" + (f" AND ({where})" if where else "")
        query = f"SELECT DISTINCT {column} FROM targets WHERE {condition}"
        return [row[0] for row in self.connection.execute(query, tuple(params))]

    def counts(self, column: str) -> dict[str, int]:
        query = f"SELECT {column}, COUNT(*) FROM targets WHERE region IS NOT NULL GROUP BY 1"
        return dict(self.connection.execute(query))

    def problems(self) -> list[Problem]:
        query = "SELECT path, message, line, col, record FROM _problems ORDER BY rowid"
        return [
            Problem(Path(path), message, line, col, record)
            for path, message, line, col, record in self.connection.execute(query)
        ]

    def dataset(self) -> Dataset:
        """The catalogues, with every target read when first asked for."""
        catalogue = self.catalogue
        return Dataset(
            catalogue.sources,
            catalogue.orgs,
            catalogue.metrics,
            None,
            catalogue.files,
            catalogue.outcomes,
            catalogue.not_targets,
            load_targets=lambda: tuple(self.targets()),
            search=self,
        )

    def close(self) -> None:
        self.connection.close()


def open_index(location: Path, files: list[Path], *, use_cache: bool = True) -> Index:
    """The index of `location`, brought up to date with `files`."""
    for attempt in (1, 2):
        connection = _open(location, use_cache)
        try:
            if not _fresh(connection, files):
                _refresh(connection, location, files)
            return Index(connection, location, _catalogue(connection, location), files, use_cache)
        except (IndexDamaged, sqlite3.DatabaseError) as error:
            connection.close()
            path = index_file(location) if enabled(not use_cache) else None
            if attempt == 2 or path is None:
                raise
            _discard(path)
            _note(f"the index {path} did not match the data ({error}); it has been built again")
    raise AssertionError("unreachable")


def level_of(target: Target, org: Org | None) -> str | None:
    """Whose figure a target is: the city's, a county-level unit's, a department's
    (speaking for the city), or one for an area or set narrower than its region."""
    if org is None:
        return None
    if target.subject:
        return "area"
    if org.kind == CITY:
        return "city"
    if org.kind == DEPARTMENT:
        return "department"
    return "county"


def additive_of(target: Target, metric: Metric | None, level: str | None) -> bool:
    """May this row be added across regions: an additive metric's county-level figure."""
    return (
        metric is not None
        and metric.additive
        and level == "county"
        and target.kind != MILESTONE
        and target.value is not None
    )
