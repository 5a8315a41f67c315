"""The index's storage: its tables, digests and file stamps, opening and damage.

What the index is trusted with (the threat model). The data files are what a user
trusts; the index is a cache of them in the user's own cache folder, and:

- It never writes a file it did not make. A link at its path or beside it (its
  journal), a device, a file of another user or with other names (hard links) is
  refused: the index is kept in memory for the run, with a note. A regular file
  without the index's mark (PRAGMA application_id "TGTS", user_version the schema)
  is moved aside, under a name that says so, never cleared or overwritten.
- It guards against accident: a row changed or damaged is found by its digest when
  it is read; triggers on every table but _meta leave a mark for any change made
  after the index last wrote its listing of files (a row deleted, or edited out of
  what a query selects), and a run that finds the mark builds the index again; pages
  SQLite finds malformed, text that is not UTF-8 and names the catalogues lack do the
  same. Each rebuild is one note on stderr; a cache that cannot be written (read-only,
  full) keeps the index in memory for the run, with a note.
- It does not guard the ordinary commands against forgery: a program that can write
  the cache folder can recompute digests and clear the mark, as it could edit the data
  files or the tool itself. `targets check` is the guard: it trusts nothing of the
  index, reads every data file and source text again, checks them in memory and
  answers from that; an index that claims to be built from these very files (their
  SHA-256) but holds anything else is replaced, with a note, so the other commands
  stop answering from it.

Every table of the data has one column per field (lists as JSON text) and three of
the index's own: the file a row came from (numbered in the order the files are
listed), its ordinal there, and a digest of its values.
"""

from __future__ import annotations

import _sqlite3 as sqlite3  # (sqlite3 itself loads datetime for its date adapters)
import marshal
import os
import sys
import zlib
from collections.abc import Mapping, Sequence

from ..errors import DataError
from ..rules.model import (
    TARGET,
    Dataset,
    Metric,
    NotFound,
    NotTarget,
    Org,
    Outcome,
    Source,
    Target,
    Where,
)
from ..rules.units import Unit, use
from .fields import TABLES
from .paths import path_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

SCHEMA_VERSION = 8
NO_CACHE_ENV = "TARGETS_NO_CACHE"
# A file written less than this before it was read may change again unseen by its times.
RACY_NS = 2_000_000_000
# How long a run waits for another run that is writing the index.
BUSY_TIMEOUT_S = 600.0

# The columns of each table as the data writes them (lists are stored as JSON text).
DATA_COLUMNS = {table: tuple(spec.name for spec in fields) for table, fields in TABLES.items()}
LIST_COLUMNS = {
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


# The mark a change to the index's rows leaves in _meta (its triggers set it).
EDITED = "edited"


def _tables_ddl() -> list[str]:
    statements = [
        "CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT)",
        "CREATE TABLE _files (id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, "
        "stamp TEXT, sha256 TEXT)",
        "CREATE TABLE _texts (path TEXT PRIMARY KEY, stamp TEXT, sha256 TEXT)",
        # each folder of the data, in the order listed, with its stamp as it was listed
        # by a run that found the index holding that listing (loading.folder_stamp)
        "CREATE TABLE _folders (path TEXT NOT NULL, stamp TEXT)",
        # each source as its targets were last checked against it: its row and its text
        # (and the path of its text, so that a text changed finds its sources)
        "CREATE TABLE _sources (id TEXT PRIMARY KEY, state TEXT, path TEXT)",
        "CREATE INDEX _sources_path ON _sources (path)",
        "CREATE TABLE _problems (_file INTEGER, phase TEXT NOT NULL, path TEXT NOT NULL, "
        "line INTEGER, col INTEGER, record TEXT, message TEXT NOT NULL)",
        # each bundled source's completeness problems as `check` last worked them out
        # (JSON); a refresh deletes the row of every source whose text, row, quotes or
        # dismissals it touches, so a missing row is one to work out again
        "CREATE TABLE _complete (source TEXT PRIMARY KEY, problems TEXT NOT NULL)",
        # each problem found across files (phase catalogue, global, outcomes), with what
        # orders it and the key it belongs to: a refresh works out again only the keys an
        # edit can change, and writes the problems to _problems in this order
        "CREATE TABLE _cross (step INTEGER NOT NULL, key TEXT, grp, _file INTEGER, "
        "_ordinal INTEGER, seq INTEGER, phase TEXT NOT NULL, path TEXT NOT NULL, "
        "line INTEGER, col INTEGER, record TEXT, message TEXT NOT NULL)",
        "CREATE INDEX _cross_key ON _cross (step, key)",
    ]
    for table, columns in DATA_COLUMNS.items():
        extra = SETTLED_COLUMNS if table == "targets" else ()
        body = ", ".join(f'"{name}"' for name in (*columns, *extra))
        statements.append(
            f"CREATE TABLE {table} (_file INTEGER NOT NULL, _ordinal INTEGER NOT NULL, "
            f"_digest TEXT NOT NULL, {body})"
        )
        statements.append(f"CREATE INDEX {table}_file ON {table} (_file)")
    # the keys a refresh checks for duplicates one by one (targets' is a query index)
    for table, key in (("sources", "id"), ("orgs", "id"), ("metrics", "name"), ("outcomes", "id")):
        statements.append(f"CREATE INDEX {table}_{key} ON {table} ({key})")
    statements.append("CREATE INDEX outcomes_target ON outcomes (target)")
    for table in ("_files", "_texts", "_sources", "_problems", "_cross", *DATA_COLUMNS):
        for change in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {table}_{change.lower()} AFTER {change} ON {table} "
                f"WHEN NOT EXISTS (SELECT 1 FROM _meta WHERE key = '{EDITED}') "
                f"BEGIN INSERT INTO _meta VALUES ('{EDITED}', '1'); END"
            )
    # Every refresh ends its transaction by writing the files' listing: what it changed
    # before that is the index's own doing; a change after it is not.
    statements.append(
        "CREATE TRIGGER _meta_files AFTER INSERT ON _meta WHEN NEW.key = 'files' "
        f"BEGIN DELETE FROM _meta WHERE key = '{EDITED}'; END"
    )
    return statements


def edited(connection: sqlite3.Connection) -> bool:
    """True when a row was changed or deleted since the index last wrote its listing:
    by another program (`sqlite3`, say), whose change the digests may not see (a row
    deleted, or moved out of what a query selects)."""
    found = connection.execute("SELECT 1 FROM _meta WHERE key = ?", (EDITED,)).fetchone()
    return found is not None


# The targets' columns that queries filter on. A first build makes these after the
# rows are in: one sort per index instead of an update per row.
QUERY_INDEXES = tuple(
    f"CREATE INDEX IF NOT EXISTS targets_{name} ON targets ({columns})"
    # (a link is on few targets: its index holds those alone, and a query for every
    # target that has one reads it, not every target)
    + (f" WHERE {columns} IS NOT NULL" if name in ("same_as", "revises") else "")
    for name, columns in (
        ("id", "id"),
        # (with the region: `metrics` and `regions` count by GROUP BYs an index alone answers)
        ("metric", "metric_name, region"),
        # (the units of a metric, each found by one seek: a refresh's check of quantities)
        ("metric_unit", "metric_name, unit"),
        ("region", "region"),
        ("org", "org, region"),
        # (none on kind or firmness: a filter on them reads COALESCE(kind, 'target') and
        # COALESCE(firmness, 'none'), which an index of the column does not answer, and a
        # first build would sort every target for each)
        ("years", "period_start, period_end"),
        # `show`: the targets of its source, and its statements (restated, revised)
        ("source", "source"),
        ("same_as", "same_as"),
        ("revises", "revises"),
    )
)


def drop_query_indexes(connection: sqlite3.Connection) -> None:
    for statement in QUERY_INDEXES:
        name = statement.split(" ON ")[0].rsplit(" ", 1)[1]
        connection.execute(f"DROP INDEX IF EXISTS {name}")


def make_query_indexes(connection: sqlite3.Connection) -> None:
    for statement in QUERY_INDEXES:
        connection.execute(statement)


def code_stamp() -> str:
    """Changes whenever the tool's own code does: a new version or an edited module."""
    from .. import __version__

    # (os, not pathlib's glob: this runs on every warm start) each module one folder down
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    parts = [__version__, str(SCHEMA_VERSION)]
    for folder, name, size, mtime_ns in sorted(_modules(package)):
        parts.append(f"{folder}/{name}:{size}:{mtime_ns}")
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


def _modules(package: str) -> list[tuple[str, str, int, int]]:
    """(folder, name, size, mtime_ns) of every *.py in a folder of the package, as
    glob("*/*.py") finds them: any folder, hidden ones too; an unreadable one, or a
    module that cannot be stat-ed, is skipped. (Each stat-ed from its folder's listing:
    no path joined a module.)"""
    found = []
    try:
        folders = [entry.name for entry in os.scandir(package) if entry.is_dir()]
    except OSError:
        return []
    for folder in folders:
        try:
            with os.scandir(os.path.join(package, folder)) as listing:
                for entry in listing:
                    if entry.name.endswith(".py"):
                        try:
                            st = entry.stat()  # (links followed, as os.stat)
                        except OSError:
                            continue
                        found.append((folder, entry.name, st.st_size, st.st_mtime_ns))
        except OSError:
            continue
    return found


def index_file(location: str) -> str | None:
    folder = cache_folder()
    if folder is None:
        return None
    where = os.fsencode(os.path.abspath(location))
    key = f"{zlib.crc32(where):08x}{zlib.adler32(where):08x}"
    return os.path.join(folder, f"index-{key}.sqlite3")


def stamp_of(path: str) -> str | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def trusted(stamp: str, now_ns: int) -> bool:
    """A stamp taken well after the file's last write: equal stamps mean equal bytes."""
    _size, mtime, ctime, _ino = (int(part) for part in stamp.split(":"))
    return max(mtime, ctime) < now_ns - RACY_NS


def digest(values: Iterable[Any]) -> str:
    """A 64-bit check of some values, cheap to compute and to import (zlib, not hashlib).

    It guards against rows edited or damaged in the database, not against forgery:
    the data files, not the index, are what a user trusts."""
    # (a bool comes back from SQLite as 0 or 1: digest it as that)
    return row_digest(tuple([int(v) if v.__class__ is bool else v for v in values]))


def row_digest(values: tuple[Any, ...]) -> str:
    """digest() of values as SQLite gives them back (never a bool): every row a warm run
    reads is checked, so these are the tuple's bytes as marshal writes them (in C, a
    third of the cost of its repr). Format 2: equal values give equal bytes whichever
    objects hold them (format 3 and later refer back to a str written before, and
    mark an interned one)."""
    if values.__class__ is not tuple:  # (a list's bytes are not a tuple's)
        values = tuple(values)
    data = marshal.dumps(values, 2)
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


class IndexDamaged(Exception):
    """The database is not what this code wrote: rebuild it."""


def note(message: str) -> None:
    print(f"targets: note: {message}", file=sys.stderr)


# ---- opening -----------------------------------------------------------------

# The mark in every index's header (PRAGMA application_id): "TGTS". A file at the
# index's path without it was not made by this tool, and is never written.
APPLICATION_ID = 0x54475453
_HEADER = b"SQLite format 3\x00"
# The files SQLite keeps beside a database, and writes into when it writes it.
_BESIDE = ("-journal", "-wal", "-shm")


class CacheRefused(Exception):
    """The file at the index's path, or beside it, is not one this tool may write."""


def _own_regular_file(path: str, info: os.stat_result) -> str | None:
    """Why the file at `path` is not one of ours to write, or None when it may be."""
    import stat

    if stat.S_ISLNK(info.st_mode):
        return f"{path} is a link; a link is never followed"
    if not stat.S_ISREG(info.st_mode):
        return f"{path} is not a regular file"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return f"{path} belongs to another user"
    if info.st_nlink > 1:
        return f"{path} has other names (hard links) that this tool did not make"
    return None


def inspect(path: str) -> tuple[str, int]:
    """What is at the index's path: ("new", 0), ("ours", inode), ("older", inode) for an
    index an earlier version wrote, or ("foreign", inode); CacheRefused for a link, a
    device, a file of another user or with other names, there or beside it."""
    for suffix in _BESIDE:
        try:
            beside = os.lstat(path + suffix)
        except FileNotFoundError:
            continue
        why = _own_regular_file(path + suffix, beside)
        if why is not None:
            raise CacheRefused(why)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        if os.path.islink(path):
            raise CacheRefused(f"{path} is a link; a link is never followed") from None
        return "new", 0
    except OSError as error:
        if os.path.islink(path):
            raise CacheRefused(f"{path} is a link; a link is never followed") from None
        raise CacheRefused(f"{path} cannot be read ({error.strerror or error})") from None
    try:
        info = os.fstat(descriptor)
        why = _own_regular_file(path, info)
        if why is not None:
            raise CacheRefused(why)
        header = os.read(descriptor, 100)
    finally:
        os.close(descriptor)
    if len(header) < 100 or not header.startswith(_HEADER):
        return "foreign", info.st_ino
    if int.from_bytes(header[68:72], "big") == APPLICATION_ID:
        return "ours", info.st_ino
    if int.from_bytes(header[68:72], "big") == 0 and _older_index(path):
        return "older", info.st_ino
    return "foreign", info.st_ino


def _older_index(path: str) -> bool:
    """An index an earlier version wrote (before the application_id): it has our _meta."""
    import contextlib
    from urllib.parse import quote

    try:
        uri = f"file:{quote(path)}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as other:
            row = other.execute("SELECT value FROM _meta WHERE key = 'code'").fetchone()
            names = {r[0] for r in other.execute("SELECT name FROM sqlite_master")}
    except (sqlite3.Error, ValueError):
        return False
    return (
        row is not None
        and isinstance(row[0], str)
        and row[0].split("/", 1)[0].isdigit()
        and {"_files", "_problems", "targets"} <= names
    )


def move_aside(path: str) -> str:
    """Give a file that is not an index another name beside it (never over another file)."""
    for n in range(1, 100):
        aside = f"{path}.not-a-targets-index{'' if n == 1 else f'-{n}'}"
        try:
            os.link(path, aside)  # fails rather than replace a file of that name
        except FileExistsError:
            continue
        os.unlink(path)
        return aside
    raise CacheRefused(f"{path} is not a targets index, and it could not be moved aside")


def connect(path: str | None, state: str = "ours", inode: int = 0) -> sqlite3.Connection:
    """A connection to the index at `path` (None: in memory). The file opened must be
    the one inspect() looked at, not a link put there since: checked before a write."""
    if path is None:
        return sqlite3.connect("", isolation_level=None)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        now = os.lstat(path)
        why = _own_regular_file(path, now)
        if why is not None or (state != "new" and now.st_ino != inode):
            raise CacheRefused(why or f"{path} changed while it was opened")
        connection.execute("PRAGMA journal_mode=DELETE")
        # The index is a cache of the data: a crash that damages it means a rebuild,
        # which the digests and the schema check already arrange.
        connection.execute("PRAGMA synchronous=OFF")
    except BaseException:  # (a damaged file's message may not even decode as UTF-8)
        connection.close()
        raise
    return connection


def schema_ok(connection: sqlite3.Connection, stamp: str) -> bool:
    try:
        row = connection.execute("SELECT value FROM _meta WHERE key = 'code'").fetchone()
        mark = connection.execute("PRAGMA application_id").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == stamp and mark == (APPLICATION_ID,)


def create(connection: sqlite3.Connection, stamp: str) -> None:
    """Make the index's tables anew, in a database known to be ours (or new)."""
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
    for statement in (*_tables_ddl(), *QUERY_INDEXES):
        connection.execute(statement)
    connection.execute("INSERT INTO _meta VALUES ('code', ?)", (stamp,))
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    connection.execute("COMMIT")


# What SQLite says when it cannot write the file, as against finding it damaged.
_UNWRITABLE = (
    "readonly",
    "read-only",
    "disk is full",
    "unable to open",
    "disk i/o error",
    "locked",
    "permission",
    "out of memory",
)


def unwritable(error: BaseException) -> bool:
    """The cache cannot be written (a read-only or full disk, a lock never let go): no
    fault of the index, which is then kept in memory."""
    if isinstance(error, (OSError, CacheRefused)):
        return True
    text = str(error).lower()
    return isinstance(error, sqlite3.Error) and any(words in text for words in _UNWRITABLE)


def reason(error: BaseException) -> str:
    """An error in a few words on one line (never the damaged text it quotes)."""
    if isinstance(error, UnicodeError) or "decode to utf-8" in str(error).lower():
        return "it holds text that is not UTF-8"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 100 else text[:99] + "…"


def rebuilt_note(path: str, error: BaseException) -> None:
    note(f"the index {path} did not match the data ({reason(error)}); it has been built again")


def memory_note(path: str, error: BaseException) -> None:
    note(f"cannot write the index {path} ({reason(error)}); it is kept in memory for this run")


def in_memory(stamp: str) -> sqlite3.Connection:
    connection = connect(None)
    create(connection, stamp)
    return connection


def made_anew(path: str, stamp: str) -> None:
    """A new, empty index put at `path` whole: made under a name of its own, then linked
    in, so that no run ever sees a file there without the mark (and none is replaced)."""
    import contextlib
    import tempfile

    folder, name = os.path.split(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f"{name}.", suffix=".new", dir=folder)
    os.close(descriptor)
    try:
        with contextlib.closing(sqlite3.connect(temporary, isolation_level=None)) as made:
            made.execute("PRAGMA journal_mode=DELETE")
            create(made, stamp)
        with contextlib.suppress(FileExistsError):  # (another run made it meanwhile)
            os.link(temporary, path)
    finally:
        discard(temporary)


def _open_file(path: str, stamp: str) -> sqlite3.Connection:
    """The index at `path`, made there when it is new or ours; a foreign file is moved
    aside first and never written."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    state, inode = inspect(path)
    if state == "foreign":
        aside = move_aside(path)
        note(f"{path} was not a targets index: it was moved, untouched, to {aside}")
    if state in ("new", "foreign"):
        made_anew(path, stamp)
        state, inode = inspect(path)
        if state not in ("ours", "older"):
            raise CacheRefused(f"{path} was replaced by a file that is not an index")
    connection = connect(path, state, inode)
    try:
        if schema_ok(connection, stamp):
            return connection
        connection.execute("BEGIN IMMEDIATE")  # another run may be making it now
        ours = schema_ok(connection, stamp)
        connection.execute("COMMIT")
        if not ours:
            create(connection, stamp)
        return connection
    except BaseException:
        connection.close()
        raise


def open_database(location: str, use_cache: bool) -> tuple[sqlite3.Connection, str | None]:
    """The index of `location` and its file (None: in memory), opened, made anew when it
    is ours but out of date or damaged, and kept in memory when it cannot be written."""
    stamp = code_stamp()
    path = index_file(location) if enabled(not use_cache) else None
    if path is None:
        return in_memory(stamp), None
    try:
        return _open_file(path, stamp), path
    except CacheRefused as error:
        note(f"the index is kept in memory for this run: {error}")
    except (sqlite3.Error, OSError, ValueError) as error:
        if unwritable(error):
            memory_note(path, error)
        else:
            discard(path)
            try:
                connection = _open_file(path, stamp)
                note(f"the index {path} was damaged; it has been built again")
                return connection, path
            except (sqlite3.Error, OSError, ValueError, CacheRefused) as again:
                memory_note(path, again)
    return in_memory(stamp), None


def open_quietly(location: str) -> tuple[sqlite3.Connection, str] | None:
    """The cached index of `location` and its file, when it is there, ours and written by
    this code; else None, with no note, and nothing made, moved or removed (the caller
    then opens it with open_database, which says what it finds)."""
    path = index_file(location) if enabled() else None
    if path is None:
        return None
    try:
        state, inode = inspect(path)
        if state != "ours":
            return None
        connection = connect(path, state, inode)
    except (CacheRefused, OSError, sqlite3.Error, ValueError):
        return None
    if schema_ok(connection, code_stamp()):
        return connection, path
    connection.close()
    return None


def discard(path: str) -> None:
    """Remove a damaged index of ours (never a link: inspect() refused those)."""
    import contextlib

    for suffix in ("", *_BESIDE):
        with contextlib.suppress(OSError):
            if not os.path.islink(path + suffix):
                os.unlink(path + suffix)


# ---- building ----------------------------------------------------------------


def now_ns() -> int:
    import time

    return time.time_ns()


def row_values(table: str, row: tuple[Any, ...]) -> dict[str, Any]:
    """A row's data values by name, after checking them against the row's digest."""
    columns = DATA_COLUMNS[table]
    values = row[3 : 3 + len(columns)]
    if row_digest(values) != row[2]:
        raise IndexDamaged(f"a row of {table} does not match its digest")
    found = dict(zip(columns, values, strict=True))
    for name in LIST_COLUMNS[table]:
        found[name] = tuple(json_value(found[name])) if found[name] is not None else ()
    return found


def file_paths(connection: sqlite3.Connection) -> dict[int, str]:
    return dict(connection.execute("SELECT id, path FROM _files"))


class FilePaths:
    """The index's data files by id, each read (by its key) when a row first names it:
    a warm run that builds a few targets reads a few of the files' names, not all."""

    def __init__(self, connection: Callable[[], sqlite3.Connection]) -> None:
        self._connection = connection
        self._found: dict[int, str | None] = {}

    def get(self, file_id: int) -> str | None:
        try:
            return self._found[file_id]
        except KeyError:
            pass
        row = (
            self._connection()
            .execute("SELECT path FROM _files WHERE id = ?", (file_id,))
            .fetchone()
        )
        found = self._found[file_id] = row[0] if row is not None else None
        return found

    def read_all(self, file_ids: Iterable[int]) -> None:
        """Read the names of these files at once (a few queries, not one a file): the
        targets of one metric or region name hundreds of files."""
        missing = sorted(set(file_ids) - self._found.keys())
        connection = self._connection()
        for start in range(0, len(missing), _IDS_A_QUERY):
            chosen = missing[start : start + _IDS_A_QUERY]
            query = f"SELECT id, path FROM _files WHERE id IN ({', '.join('?' * len(chosen))})"
            for file_id, path in connection.execute(query, chosen):
                self._found[file_id] = path
        for file_id in missing:  # (a row naming no file is found out by where_of)
            self._found.setdefault(file_id, None)


_IDS_A_QUERY = 500  # (SQLite takes up to 32,766 parameters; fewer keep a query short)


def where_of(paths: Mapping[int, str] | FilePaths, table: str, row: tuple[Any, ...]) -> Where:
    path = paths.get(row[0])
    if path is None:
        raise IndexDamaged(f"a row of {table} names no file of the index")
    return Where(path, table, row[1])


def catalogue_of(connection: sqlite3.Connection) -> Dataset:
    """Sources, orgs and metrics (small: always whole) and the outcomes and dismissals."""
    paths = file_paths(connection)

    def rows(table: str) -> Iterator[tuple[dict[str, Any], Where]]:
        query = f"SELECT * FROM {table} ORDER BY _file, _ordinal"
        for row in connection.execute(query):
            yield row_values(table, row), where_of(paths, table, row)

    sources = [source_of(values, where) for values, where in rows("sources")]
    orgs = [Org(**values, where=where) for values, where in rows("orgs")]
    metrics = [Metric(**values, where=where) for values, where in rows("metrics")]
    outcomes = [outcome_of(values, where) for values, where in rows("outcomes")]
    not_targets = [NotTarget(**values, where=where) for values, where in rows("not_targets")]
    not_found = [NotFound(**values, where=where) for values, where in rows("not_found")]
    units = [Unit(**values, where=where) for values, where in rows("units")] or bundled_units()
    use(units)
    return Dataset(
        sources=_first(sources, lambda s: s.id),
        orgs=_first(orgs, lambda o: o.id),
        metrics=_first(metrics, lambda m: m.name),
        targets=(),
        files=tuple(paths.values()),
        outcomes=tuple(outcomes),
        not_targets=tuple(not_targets),
        units=tuple(units),
        not_found=tuple(not_found),
    )


def source_of(values: dict[str, Any], where: Where) -> Source:
    """A source from its values: its file (when bundled) relative to the data file's."""
    file = values.get("file")
    return Source(
        **{k: v for k, v in values.items() if k != "file"},
        file=path_text(os.path.dirname(where.file), file) if file is not None else None,
        where=where,
    )


def outcome_of(values: dict[str, Any], where: Where) -> Outcome:
    return Outcome(**_defaults(values, {"comparator": "=", "preliminary": False}), where=where)


class LazySources(Mapping[str, Source]):
    """The sources by id, each read by its key when first asked for; all of them only
    when they are listed. (A warm `show` reads its target's source, not ten thousand.)"""

    def __init__(
        self, read: Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]], paths: FilePaths
    ) -> None:
        self._read, self._paths = read, paths
        self._found: dict[str, Source | None] = {}
        self._all: dict[str, Source] | None = None

    def _source(self, row: tuple[Any, ...]) -> Source:
        return source_of(row_values("sources", row), where_of(self._paths, "sources", row))

    def __getitem__(self, key: str) -> Source:
        if self._all is not None:
            return self._all[key]
        if key not in self._found:
            query = "SELECT * FROM sources WHERE id = ? ORDER BY _file, _ordinal LIMIT 1"
            rows = self._read(query, (key,))
            self._found[key] = self._source(rows[0]) if rows else None
        found = self._found[key]
        if found is None:
            raise KeyError(key)
        return found

    def _every(self) -> dict[str, Source]:
        if self._all is None:
            rows = self._read("SELECT * FROM sources ORDER BY _file, _ordinal", ())
            self._all = _first([self._source(row) for row in rows], lambda s: s.id)
        return self._all

    def files(self) -> Iterator[tuple[str, str]]:
        """(id, path) of each bundled source, the first of an id given twice, in the
        order of the data: its file placed as source_of places it, and no Source built
        (a scan looks for its text among ten thousand)."""
        if self._all is not None:
            yield from ((i, s.file) for i, s in self._all.items() if s.file is not None)
            return
        seen: set[str] = set()
        query = "SELECT id, file, _file FROM sources ORDER BY _file, _ordinal"
        for ident, file, file_id in self._read(query, ()):
            if ident in seen:
                continue
            seen.add(ident)
            data_file = self._paths.get(file_id)
            if file is not None and data_file is not None:
                yield ident, path_text(os.path.dirname(data_file), file)

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        if self._all is None:  # (counted, not built: `check` says how many there are)
            return int(self._read("SELECT COUNT(DISTINCT id) FROM sources", ())[0][0])
        return len(self._all)


class LazyRows(Sequence["Any"]):
    """Records of the index read whole, but only when first used."""

    def __init__(self, make: Callable[[], list[Any]]) -> None:
        self._make = make
        self._rows: list[Any] | None = None

    def _every(self) -> list[Any]:
        if self._rows is None:
            self._rows = self._make()
        return self._rows

    def __getitem__(self, index: Any) -> Any:
        return self._every()[index]

    def __len__(self) -> int:
        return len(self._every())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._every())

    def __bool__(self) -> bool:
        return bool(self._every())


def lazy_catalogue(
    read: Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]], paths: FilePaths
) -> Dataset:
    """The catalogue of an up-to-date index, for a warm run: orgs, metrics and units
    whole (the targets are settled against them); the sources, outcomes, dismissals and
    the list of files read only when an answer uses them, so that a run costs what it
    prints, not the number of files."""

    def records(table: str, make: Callable[[dict[str, Any], Where], Any]) -> list[Any]:
        rows = read(f"SELECT * FROM {table} ORDER BY _file, _ordinal", ())
        return [make(row_values(table, row), where_of(paths, table, row)) for row in rows]

    orgs = records("orgs", lambda values, where: Org(**values, where=where))
    metrics = records("metrics", lambda values, where: Metric(**values, where=where))
    units = records("units", lambda values, where: Unit(**values, where=where))
    units = units or bundled_units()
    use(units)

    def files() -> list[str]:
        return [row[0] for row in read("SELECT path FROM _files ORDER BY id", ())]

    catalogue = Dataset(
        sources=LazySources(read, paths),  # type: ignore[arg-type]
        orgs=_first(orgs, lambda o: o.id),
        metrics=_first(metrics, lambda m: m.name),
        targets=(),
        files=LazyRows(files),  # type: ignore[arg-type]
        outcomes=LazyRows(lambda: records("outcomes", outcome_of)),  # type: ignore[arg-type]
        not_targets=LazyRows(  # type: ignore[arg-type]
            lambda: records("not_targets", lambda values, where: NotTarget(**values, where=where))
        ),
        units=tuple(units),
        not_found=LazyRows(  # type: ignore[arg-type]
            lambda: records("not_found", lambda values, where: NotFound(**values, where=where))
        ),
    )
    return catalogue


_BUNDLED_UNITS: list[Unit] = []


def bundled_units() -> list[Unit]:
    """The [[units]] of the bundled data: the catalogue of data that gives none of its
    own, so a data folder made before units were data reads as it did."""
    if not _BUNDLED_UNITS:
        import re

        from .fields import UNIT_FIELDS
        from .loading import bundled_location, field_problems, read_text

        path = bundled_location()
        try:
            text = read_text(path)
        except DataError:
            return []
        # only the [[units]] tables: a run should not pay for parsing every target
        blocks = re.findall(r"^\[\[units\]\]\n(?:(?!\[|#).*\n|\n)*", text, re.MULTILINE)
        tables = _plain_tables(blocks)
        if tables is None:
            import tomli

            try:
                tables = tomli.loads("".join(blocks)).get("units", [])
            except tomli.TOMLDecodeError:
                return []
        for n, raw in enumerate(tables):
            if isinstance(raw, dict) and not field_problems(raw, UNIT_FIELDS):
                values = {"aliases": (), **raw}
                values["aliases"] = tuple(values["aliases"])
                _BUNDLED_UNITS.append(Unit(**values, where=Where(path, "units", n)))
    return list(_BUNDLED_UNITS)


def _plain_tables(blocks: list[str]) -> list[dict[str, Any]] | None:
    """[[units]] tables written plainly (`key = "text"`, `key = 10_000`, `key = 0.5`, a
    one-line array of such strings) read without importing tomli, which costs a warm run
    more than the rest of its catalogue; None for anything else, which tomli reads."""
    import re

    line = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*) = (.*)")
    integer = re.compile(r"[+-]?(?:0|[1-9](?:_?[0-9])*)")
    tables = []
    for block in blocks:
        table: dict[str, Any] = {}
        for text in block.splitlines()[1:]:
            if not text:
                continue
            found = line.fullmatch(text)
            if found is None or found[1] in table or not _plain(found[2]):
                return None
            written = found[2]
            if integer.fullmatch(written):
                table[found[1]] = int(written.replace("_", ""))
                continue
            try:
                value = json_value(written, _refused)
            except ValueError:
                return None
            strings = isinstance(value, list) and all(isinstance(v, str) for v in value)
            if type(value) not in (str, float) and not strings:
                return None
            table[found[1]] = value
        tables.append(table)
    return tables


def _plain(written: str) -> bool:
    """No escape and no control character: JSON and TOML read such a value alike."""
    return "\\" not in written and not any(c < " " or c == "\x7f" for c in written)


class _Decoding:
    """What the C scanner reads of a json.JSONDecoder: its defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int

    def __init__(self, parse_constant: Callable[[str], Any]) -> None:
        self.parse_constant = parse_constant


_CONSTANTS = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}
_SCANNERS: dict[Any, Callable[[str, int], tuple[Any, int]]] = {}
_BLANK = " \t\n\r"


def json_value(text: str, parse_constant: Callable[[str], Any] | None = None) -> Any:
    """json.loads(text, parse_constant=...) by the C scanner alone: `import json` would
    load the encoder and the pure-Python decoder too, at the start of every warm run."""
    scan = _SCANNERS.get(parse_constant)
    if scan is None:
        from _json import make_scanner

        context = _Decoding(parse_constant or _CONSTANTS.__getitem__)
        scan = make_scanner(context)  # type: ignore[arg-type]  # (typeshed names its own type)
        _SCANNERS[parse_constant] = scan
    start = len(text) - len(text.lstrip(_BLANK))
    try:
        value, end = scan(text, start)
    except StopIteration:
        raise ValueError(f"Expecting value: {text[:40]!r}") from None
    if end != len(text.rstrip(_BLANK)):
        raise ValueError(f"Extra data: {text[:40]!r}")
    return value


def _refused(constant: str) -> Any:
    raise ValueError(constant)  # (NaN, Infinity: JSON's spellings, not TOML's)


def _defaults(values: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    return {k: (defaults[k] if v is None and k in defaults else v) for k, v in values.items()}


def _first(records: list[Any], key: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for record in records:
        found.setdefault(key(record), record)
    return found


# Where a target's row holds what the index settled: after its file, ordinal, digest
# and data columns.
_SETTLED = 3 + len(DATA_COLUMNS["targets"])

_MAKERS: list[Callable[[tuple[Any, ...], Any, dict[str, str]], Target] | None] = []
# How many rows a run makes into targets by names before it writes target_of's function
# for its columns (written, it is used for every row after).
_PLAIN_ROWS = [256]


def _filled(record: type, values: dict[str, str], names: dict[str, Any]) -> str | None:
    """Code that makes a record (rules.records) of each field's value given as code, by
    setting its slots one by one: a million-target answer builds its targets at a third
    of the cost of calling the class. None for a class that does more when it is made
    (an __init__ of its own, a __post_init__), or whose fields are not these."""
    fields = getattr(record, "__record_fields__", None)
    init = getattr(getattr(record, "__init__", None), "__code__", None)
    made_by_records = init is not None and (  # (rules.records wrote its __init__)
        init.co_filename.startswith("<record ")
        or os.path.basename(init.co_filename) == "records.py"
    )
    if (
        fields is None
        or set(fields) != set(values)
        or not made_by_records
        or hasattr(record, "__post_init__")
        or set(getattr(record, "__slots__", ())) != set(fields)
    ):
        return None
    kind = record.__name__
    names[f"new_{kind}"] = record.__new__
    names[kind] = record
    lines = [f"_{kind} = new_{kind}({kind})"]
    for name in fields:
        names[f"set_{kind}_{name}"] = record.__dict__[name].__set__
        lines.append(f"set_{kind}_{name}(_{kind}, {values[name]})")
    return "\n    ".join(lines)


def _target_maker() -> Callable[[tuple[Any, ...], Any, dict[str, str]], Target] | None:
    """target_of() for rows whose columns hold Target's fields as they are (no list, no
    field that is not a column), written out once for these columns: each field taken
    from its place in the row, the row's digest checked as row_digest() does; None when
    a target is not made from its columns alone."""
    if not _MAKERS:
        fields = Target.__match_args__
        columns = DATA_COLUMNS["targets"]
        maker = where = target = None
        names: dict[str, Any] = {
            "crc32": zlib.crc32,
            "adler32": zlib.adler32,
            "dumps": marshal.dumps,
            "IndexDamaged": IndexDamaged,
            "TARGET": TARGET,
        }
        if not LIST_COLUMNS["targets"] and set(fields) == {*columns, "region", "where"}:
            at = {name: f"row[{3 + n}]" for n, name in enumerate(columns)}
            special = {
                "kind": f"{at['kind']} or TARGET",
                "metric": f"row[{_SETTLED}] or aliases.get({at['metric']}, {at['metric']})",
                "region": f"row[{_SETTLED + 1}] or ''",
                "where": "_Where",
            }
            where = _filled(Where, {"file": "path", "table": "'targets'", "index": "row[1]"}, names)
            target = _filled(
                Target, {name: special.get(name) or at[name] for name in fields}, names
            )
        if where is not None and target is not None:
            source = (
                "def target_of(row, paths, aliases):\n"
                f"    data = dumps(row[3:{_SETTLED}], 2)\n"
                "    if f'{crc32(data):08x}{adler32(data):08x}' != row[2]:\n"
                "        raise IndexDamaged('a row of targets does not match its digest')\n"
                "    path = paths.get(row[0])\n"
                "    if path is None:\n"
                "        raise IndexDamaged('a row of targets names no file of the index')\n"
                f"    {where}\n"
                f"    {target}\n"
                "    return _Target\n"
            )
            exec(
                compile(source, f"<{__name__}.target_of>", "exec"), names
            )  # (a function written for these columns)
            maker = names["target_of"]
        _MAKERS.append(maker)
    return _MAKERS[0]


def target_of(
    row: tuple[Any, ...], paths: Mapping[int, str] | FilePaths, aliases: dict[str, str]
) -> Target:
    """A settled target from its row: the canonical metric name, its region."""
    if _MAKERS:
        make = _MAKERS[0]
    elif _PLAIN_ROWS[0] > 0:  # (a few rows: not worth writing the function, ~2 ms)
        _PLAIN_ROWS[0] -= 1
        make = None
    else:
        make = _target_maker()
    if make is not None:  # (many rows: by position, no dict of names for each row)
        return make(row, paths, aliases)
    values = row_values("targets", row)
    values["kind"] = values["kind"] or TARGET
    settled = 3 + len(DATA_COLUMNS["targets"])
    values["metric"] = row[settled] or aliases.get(values["metric"], values["metric"])
    region = row[settled + 1]
    return Target(**values, region=region or "", where=where_of(paths, "targets", row))


# ---- the public face ---------------------------------------------------------


def listing(files: list[str]) -> str:
    return digest(files)


def fresh(connection: sqlite3.Connection, files: list[str]) -> bool:
    """True when no file changed since the index was written (no write lock needed).

    One pass: the listing of the files is the one the index was built from (a digest),
    then each data file and source text the index holds is stat-ed once and its stamp
    compared, in the order of one query; nothing is built for a file."""
    row = connection.execute("SELECT value FROM _meta WHERE key = 'files'").fetchone()
    if row is None or row[0] != listing(files):
        return False
    if connection.execute("SELECT COUNT(*) FROM _files").fetchone()[0] != len(files):
        return False
    query = "SELECT path, stamp FROM _files UNION ALL SELECT path, stamp FROM _texts"
    return _stamps_hold(connection.execute(query))


def fresh_files(connection: sqlite3.Connection, names: list[str]) -> tuple[list[str] | None, bool]:
    """fresh() for the data files' names in any order (as the folders list them), so that
    a warm run sorts none: (their names in the listing's order, True) when no file
    changed; (None, True) when they are the files the index was built from, in the
    order of the index's own listing, but one of them or a source text changed since;
    (None, False) when they are other files (one added, one removed, or renamed).

    The index numbers its files in the listing's order (building._in_listing_order) and
    keeps a digest of that listing: its files read by number, found to be that listing
    and to be these names, are these names sorted."""
    row = connection.execute("SELECT value FROM _meta WHERE key = 'files'").fetchone()
    if row is None:
        return None, False
    rows = connection.execute("SELECT path, stamp FROM _files ORDER BY id").fetchall()
    if len(rows) != len(names):
        return None, False
    paths = [path for path, _ in rows]
    if listing(paths) != row[0]:
        return None, False
    # (as many names, none twice, each of them the index's: the same names; one set made)
    listed = set(names)
    if len(listed) != len(paths) or not listed.issuperset(paths):
        return None, False
    if not _stamps_hold(rows):
        return None, True
    if not _stamps_hold(connection.execute("SELECT path, stamp FROM _texts")):
        return None, True
    return paths, True


def folder_stamp(st: os.stat_result, settled: int) -> str | None:
    """What a folder's times say of its entries: a name added, removed or renamed in it
    changes them. None when they are not older than `settled` (as for a file's stamp,
    a change within the same tick may leave them as they were)."""
    mtime, ctime = st.st_mtime_ns, st.st_ctime_ns
    if mtime >= settled or ctime >= settled:
        return None
    return f"{mtime}:{ctime}:{st.st_ino}"


def note_folders(connection: sqlite3.Connection, folders: list[tuple[str, os.stat_result]]) -> None:
    """Keep the folders' stamps, taken as this run listed them, once the index is found
    to hold that listing: while each stamp holds, no name was added, removed or renamed
    in them since (see folders_hold). Written only when they differ from those kept,
    and never waited for: another run writing the index has the next word."""
    settled = now_ns() - RACY_NS
    stamps = [(path, folder_stamp(st, settled)) for path, st in folders]
    kept = connection.execute("SELECT path, stamp FROM _folders ORDER BY rowid").fetchall()
    if kept == stamps:
        return
    try:
        connection.execute("PRAGMA busy_timeout = 0")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("DELETE FROM _folders")
        connection.executemany("INSERT INTO _folders VALUES (?, ?)", stamps)
        connection.execute("COMMIT")
    except sqlite3.Error:  # (locked, or read-only: a run after this one tries again)
        if connection.in_transaction:
            connection.execute("ROLLBACK")
    finally:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")


def folders_hold(connection: sqlite3.Connection) -> bool:
    """True when every folder the index last listed has the stamp it had then (and there
    was one): the data files are the ones the index holds, though one may have been
    written in place since (a stamp of its own says so, not its folder's)."""
    kept = connection.execute("SELECT path, stamp FROM _folders").fetchall()
    if not kept or connection.execute("SELECT 1 FROM _meta WHERE key = 'files'").fetchone() is None:
        return False
    settled = now_ns() - RACY_NS
    for path, stamp in kept:
        try:
            if stamp is None or folder_stamp(os.stat(path), settled) != stamp:
                return False
        except (OSError, ValueError):
            return False
    return True


def lone_file_holds(connection: sqlite3.Connection, location: str) -> bool:
    """True when the data is the one file `location` (the bundled data is) and the index
    was built from it alone: no folder's listing can add a file to it, so the stamps
    that every_file_holds checks say all (folders_hold's part for data in folders)."""
    row = connection.execute("SELECT value FROM _meta WHERE key = 'files'").fetchone()
    if row is None:
        return False
    rows = connection.execute("SELECT path FROM _files LIMIT 2").fetchall()
    return rows == [(location,)] and listing([location]) == row[0]


def every_file_holds(connection: sqlite3.Connection) -> list[str] | None:
    """The index's data files, in its order, when each of them and each source text is
    as it read them; None when one changed. (Once folders_hold: the files are the ones
    the index holds, and need not be listed.)"""
    rows = connection.execute("SELECT path, stamp FROM _files ORDER BY id").fetchall()
    if not _stamps_hold(rows):
        return None
    if not _stamps_hold(connection.execute("SELECT path, stamp FROM _texts")):
        return None
    return [path for path, _ in rows]


def stamps_hold(connection: sqlite3.Connection, files: list[int], texts: list[str]) -> bool:
    """True when these data files (by id) and source texts (by path) are as the index
    read them."""
    marks = ", ".join("?" * len(files))
    rows = connection.execute(f"SELECT path, stamp FROM _files WHERE id IN ({marks})", files)
    found = rows.fetchall()
    marks = ", ".join("?" * len(texts))
    rows = connection.execute(f"SELECT path, stamp FROM _texts WHERE path IN ({marks})", texts)
    read = rows.fetchall()
    if len(found) != len(set(files)) or len(read) != len(set(texts)):
        return False
    return _stamps_hold(found) and _stamps_hold(read)


def _stamps_hold(rows: Iterable[tuple[str, str | None]]) -> bool:
    """Each file of (path, stamp) stat-ed once, its stamp the one given and taken well
    after its last write (a file written since may change again unseen)."""
    settled = now_ns() - RACY_NS
    stat = os.stat
    for path, stamp in rows:
        try:
            st = stat(path)
        except (OSError, ValueError, TypeError):
            return False
        # (20,000 files at a million targets: no call but the stat's in this loop)
        mtime, ctime = st.st_mtime_ns, st.st_ctime_ns
        if mtime >= settled or ctime >= settled:
            return False
        if stamp != f"{st.st_size}:{mtime}:{ctime}:{st.st_ino}":
            return False
    return True


def inputs(connection: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """The data files and source texts an index says it was built from, by SHA-256."""
    return [
        *connection.execute("SELECT 'file', path, sha256 FROM _files ORDER BY path"),
        *connection.execute("SELECT 'text', path, sha256 FROM _texts ORDER BY path"),
    ]


def contents(connection: sqlite3.Connection) -> str:
    """A digest of everything an index says about the data: its files and texts, every
    row with what was settled for it, and every problem (whatever order they were found
    in). Two indexes of the same files agree, whichever was built bit by bit."""
    import hashlib

    sha = hashlib.sha256()

    def add(rows: Iterable[tuple[Any, ...]]) -> None:
        for row in rows:
            sha.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))

    add(connection.execute("SELECT path, sha256 FROM _files ORDER BY path"))
    add(connection.execute("SELECT path, sha256 FROM _texts ORDER BY path"))
    for table, columns in DATA_COLUMNS.items():
        named = (*columns, *(SETTLED_COLUMNS if table == "targets" else ()))
        body = ", ".join(f't."{name}"' for name in named)
        add(
            connection.execute(
                f"SELECT f.path, t._ordinal, t._digest, {body} FROM {table} t "
                "LEFT JOIN _files f ON f.id = t._file ORDER BY f.path, t._ordinal, t._digest"
            )
        )
    problems = "SELECT phase, path, line, col, record, message FROM _problems"
    add(sorted(connection.execute(problems), key=repr))
    return sha.hexdigest()


def targets_by_id(connection: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Target]:
    """The settled targets of some ids (few: read by the id index)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    paths = file_paths(connection)
    aliases: dict[str, str] = {}
    query = (
        f"SELECT * FROM targets WHERE region IS NOT NULL AND id IN ({', '.join('?' * len(wanted))})"
    )
    found = [target_of(row, paths, aliases) for row in connection.execute(query, wanted)]
    return {target.id: target for target in found}
