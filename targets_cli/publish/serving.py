"""`targets serve`: the dataset in Datasette, on this machine, while the command runs.

Datasette runs in this process (uvicorn on a socket bound here first), over an
in-memory copy of the published database: nothing of it outlives the process, whatever
signal ends it, and no page can reveal a path of this machine. The copy is built in a
private temporary folder that is removed before the server starts (a run killed while
building leaves it; the next run removes the folders of processes that are gone).

Every query is bounded: Datasette's time limit, SQLite's limits on the length of a value
and the columns of a row, a ceiling on SQLite's heap, and a ceiling on the bytes of the
rows handed to a page. The server only reads: any method but GET and HEAD is answered
405. Datasette is an optional extra: without it the command says how to install it.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import re
import shutil
import signal
import socket
import sqlite3
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from ..errors import ExitCode, UsageError, clip, shown, visible
from .writing import alive

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import FrameType
    from typing import Any

INSTALL_HINT = "pip install 'targets[web]'"
DATABASE = "targets"  # the name in every URL: /targets/targets, /targets/totals
SCRATCH_PREFIX = "targets-serve-"
_SCRATCH = re.compile(rf"^{SCRATCH_PREFIX}(\d+)-")

# Bounds on one query. Datasette stops a query after the time limit and returns at most
# max_returned_rows rows; SQLite refuses a value longer than the longest the data holds
# (at least VALUE_BYTES) or a row of more than MAX_COLUMNS columns, and the rows given to
# one page may hold at most RESULT_BYTES.
TIME_LIMIT_MS = 1000
MAX_ROWS = 1000
VALUE_BYTES = 1 << 20
MAX_COLUMNS = 128
RESULT_BYTES = 64 << 20
HEAP_BYTES = 256 << 20
# Signals that stop the server cleanly; a second one stops it without waiting.
# (Windows has no SIGHUP)
STOPPING = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def datasette_installed() -> bool:
    from importlib.util import find_spec

    return find_spec("datasette") is not None


# ---- where to serve ------------------------------------------------------------------


def url(host: str, port: int) -> str:
    shown_host = f"[{host}]" if ":" in host else host
    return f"http://{shown_host}:{port}/"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket at host:port (port 0: a free port), or a UsageError that says
    what is wrong with the address and what would do."""
    if not 0 <= port <= 65535:
        raise UsageError(f"--port is {shown(port)}; give a number from 1 to 65535 (0: any free)")
    if not host or len(host) > 253 or not host.isprintable() or any(c.isspace() for c in host):
        raise UsageError(
            f"--host {shown(host)} is not an address; give an IP address of this machine, "
            "such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface), or its name"
        )
    if re.fullmatch(r"[0-9.]+", host):  # meant as an IPv4 address: not a name to look up
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise UsageError(
                f"--host {shown(host)} is not an IP address: it is four numbers from 0 to 255, "
                "such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)"
            ) from None
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise UsageError(
            f"--host {shown(host)} is not an IP address nor a name this machine can resolve "
            f"({clip(reason)}); give an address such as 127.0.0.1 (this machine only) or "
            "0.0.0.0 (every interface)"
        ) from None
    family, kind, proto, _, address = found[0]
    where = url(host, port)
    listening = socket.socket(family, kind, proto)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(2048)
    except OSError as error:
        listening.close()
        if error.errno == errno.EADDRINUSE:
            why = "the port is in use by another program; choose another --port (0: any free)"
        elif error.errno == errno.EACCES:
            why = "ports below 1024 need administrator rights; choose a --port from 1024 to 65535"
        elif error.errno == errno.EADDRNOTAVAIL:
            why = (
                f"{shown(host)} is not an address of this machine; give one of its own, "
                "such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)"
            )
        else:
            why = f"{error.strerror or error}; choose another --host or --port"
        raise UsageError(f"cannot serve at {visible_url(where)}: {why}") from None
    return listening


def visible_url(where: str) -> str:
    return clip(where, 120)


# ---- the data, in memory -------------------------------------------------------------


def sweep(folder: Path | None = None) -> None:
    """Remove the scratch folders of `targets serve` runs that were killed while building."""
    folder = Path(folder or tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            matched = _SCRATCH.match(entry.name)
            if matched is None or int(matched.group(1)) == os.getpid():
                continue
            with contextlib.suppress(OSError):
                mine = entry.is_dir(follow_symlinks=False) and entry.stat().st_uid == os.getuid()
                if mine and not alive(int(matched.group(1))):
                    shutil.rmtree(entry.path, ignore_errors=True)


def load(data: Path | str | None, use_cache: bool, name: str) -> tuple[sqlite3.Connection, str]:
    """The published database, built from the data, as the shared in-memory database
    `name`: the connection that keeps it alive, and where the data is."""
    from ..data.index import open_dataset
    from .database import build

    index = open_dataset(None if data is None else str(data), use_cache=use_cache)
    scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
    try:
        path = scratch / "targets.db"
        build(index, path)
        keeper = sqlite3.connect(
            f"file:{name}?mode=memory&cache=shared", uri=True, check_same_thread=False
        )
        source = sqlite3.connect(path)
        try:
            source.backup(keeper)
        finally:
            source.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return keeper, str(index.location)


def longest_value(db: sqlite3.Connection) -> int:
    """The length in bytes of the longest text or blob the published database holds."""
    longest = 0
    tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    for (table,) in tables:
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
        for column in columns:
            (found,) = db.execute(
                f'SELECT max(length(CAST("{column}" AS BLOB))) FROM "{table}"'
            ).fetchone()
            longest = max(longest, found or 0)
    return longest


# ---- Datasette -----------------------------------------------------------------------


class _BoundedCursor(sqlite3.Cursor):
    """A cursor that stops handing out rows once they hold RESULT_BYTES."""

    def fetchmany(self, size: int | None = None) -> list[Any]:
        wanted = self.arraysize if size is None else size
        rows: list[Any] = []
        held = 0
        while len(rows) < wanted:
            row = self.fetchone()
            if row is None:
                break
            held += sum(len(v) if isinstance(v, str | bytes) else 8 for v in row)
            if held > RESULT_BYTES:
                raise sqlite3.OperationalError(
                    f"the rows of this query hold more than {RESULT_BYTES >> 20} MB; "
                    "ask for fewer rows or shorter values"
                )
            rows.append(row)
        return rows

    def fetchall(self) -> list[Any]:
        return self.fetchmany(sys.maxsize)


class _BoundedConnection(sqlite3.Connection):
    def cursor(self, factory: Any = _BoundedCursor) -> Any:
        return super().cursor(factory)


def _plugin(value_bytes: int) -> ModuleType:
    """A Datasette plugin: SQLite's limits on every connection to the data, and one line,
    not a traceback, for an error in the log."""
    from datasette import hookimpl  # type: ignore[import-untyped]
    from datasette.utils.asgi import Base400  # type: ignore[import-untyped]

    @hookimpl
    def prepare_connection(conn: sqlite3.Connection) -> None:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, value_bytes)
        conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, MAX_COLUMNS)
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)

    @hookimpl(tryfirst=True)
    def handle_exception(request: Any, exception: BaseException) -> None:
        if not isinstance(exception, Base400):
            print(
                f"targets serve: {request.method} {clip(request.path)}: "
                f"{type(exception).__name__}: {clip(str(exception))}",
                file=sys.stderr,
                flush=True,
            )

    plugin = ModuleType("targets_serve_limits")
    plugin.prepare_connection = prepare_connection  # type: ignore[attr-defined]
    plugin.handle_exception = handle_exception  # type: ignore[attr-defined]
    return plugin


# The columns a reader needs, shown by default on the targets table's page (the id comes
# with them); "show all columns" there, or `_nocol=`, gives the others.
READER_COLUMNS = (
    "region",
    "org",
    "metric",
    "comparator",
    "value",
    "value_max",
    "unit",
    "period",
    "firmness",
    "quote",
    "position",  # the order of the source: Datasette pages by it, so it must be shown
)
TARGETS_PAGE = f"/{DATABASE}/targets"


def _narrow(scope: dict[str, Any]) -> str | None:
    """Where to send a request for the targets table's page that names no columns: the
    same page with the reader's columns."""
    from urllib.parse import parse_qsl, urlencode

    if scope["path"] != TARGETS_PAGE:
        return None
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if any(key in ("_col", "_nocol") for key, _ in query):
        return None
    query += [("_col", column) for column in READER_COLUMNS]
    return f"{TARGETS_PAGE}?{urlencode(query)}"


def _read_only(app: Any) -> Any:
    """The ASGI app, answering 405 to any method but GET and HEAD, and showing the
    targets table's page with the columns a reader needs."""

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        narrow = _narrow(scope) if scope["type"] == "http" else None
        if narrow is not None and scope["method"] in ("GET", "HEAD"):
            await send(
                {
                    "type": "http.response.start",
                    "status": 302,
                    "headers": [(b"location", narrow.encode("latin-1")), (b"content-length", b"0")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD"):
            body = f"targets serve is read-only: {scope['method']} is not allowed\n".encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 405,
                    "headers": [
                        (b"allow", b"GET, HEAD"),
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return guarded


def datasette(name: str, keeper: sqlite3.Connection) -> Any:
    """Datasette over the in-memory database `name`, with the project's metadata."""
    from datasette.app import Datasette  # type: ignore[import-untyped]
    from datasette.database import Database  # type: ignore[import-untyped]

    from .datasette import metadata

    class Memory(Database):  # type: ignore[misc]
        def connect(self, write: bool = False) -> sqlite3.Connection:
            conn = sqlite3.connect(
                f"file:{name}?mode=memory&cache=shared",
                uri=True,
                check_same_thread=False,
                factory=_BoundedConnection,
            )
            conn.execute("PRAGMA query_only = 1")
            return conn

    ds = Datasette(
        [],
        metadata=metadata(keeper),
        settings={
            "sql_time_limit_ms": TIME_LIMIT_MS,
            "max_returned_rows": MAX_ROWS,
            "allow_download": False,
            "suggest_facets": False,  # a long list of links above the rows
        },
    )
    if "_memory" in ds.databases:
        ds.remove_database("_memory")  # an empty scratch database, for any SQL
    ds.add_database(Memory(ds, memory_name=name, is_mutable=False), name=DATABASE)
    return ds


@contextlib.contextmanager
def _stopping_raises() -> Iterator[None]:
    """While the data is built, SIGTERM and SIGHUP stop the command as Ctrl-C does, so
    that the scratch folder is removed."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, stop) for sig in STOPPING if sig != signal.SIGINT}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve(data: Path | str | None, host: str, port: int, use_cache: bool = True) -> int:
    """Serve the data in Datasette at host:port until a signal stops it (exit 0).

    Without Datasette installed, or at an address it cannot serve at, raises a
    UsageError (exit 2) that says what would do; a dataset with problems is a DataError
    (exit 1), as for export.
    """
    if not datasette_installed():
        raise UsageError(f"targets serve needs Datasette, an optional extra: {INSTALL_HINT}")
    listening = bind(host, port)
    try:
        with _stopping_raises():
            sweep()
            name = f"targets-serve-{os.getpid()}-{os.urandom(4).hex()}"
            keeper, location = load(data, use_cache, name)
        try:
            return _run(name, keeper, listening, host, location)
        finally:
            keeper.close()
    finally:
        listening.close()


def _run(
    name: str, keeper: sqlite3.Connection, listening: socket.socket, host: str, location: str
) -> int:
    import asyncio
    import importlib

    import uvicorn
    from datasette.plugins import pm  # type: ignore[import-untyped]

    # (after datasette.plugins, which registers it as a plugin: imported first, it is
    # registered half-loaded, without its hook)
    handle_exception = importlib.import_module("datasette.handle_exception")

    value_bytes = max(VALUE_BYTES, 2 * longest_value(keeper))
    (pages,) = keeper.execute("PRAGMA page_count").fetchone()
    (page_size,) = keeper.execute("PRAGMA page_size").fetchone()
    heap = max(HEAP_BYTES, 4 * pages * page_size)
    keeper.execute(f"PRAGMA hard_heap_limit = {heap}")
    plugin = _plugin(value_bytes)
    pm.register(plugin, name="targets-serve-limits")
    # Datasette prints every error, a missing page's too, as a long traceback; the
    # plugin logs one line instead.
    printer = getattr(handle_exception, "rich", None)
    tracer = getattr(handle_exception, "traceback", None)
    quiet = ModuleType("quiet_traceback")
    quiet.print_exc = lambda *args, **kwargs: None  # type: ignore[attr-defined]
    setattr(handle_exception, "rich", None)  # noqa: B010
    setattr(handle_exception, "traceback", quiet)  # noqa: B010
    try:
        ds = datasette(name, keeper)

        class Server(uvicorn.Server):
            @contextlib.contextmanager
            def capture_signals(self) -> Iterator[None]:
                with _stopping(self):
                    yield

        config = uvicorn.Config(
            _read_only(ds.app()),
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=5,
        )
        server = Server(config)

        async def main() -> None:
            await ds.invoke_startup()
            await server.serve(sockets=[listening])

        port = listening.getsockname()[1]
        print(f"serving {visible(location)} at {url(host, port)} (Ctrl-C stops)", flush=True)
        asyncio.run(main())
    finally:
        setattr(handle_exception, "rich", printer)  # noqa: B010
        setattr(handle_exception, "traceback", tracer)  # noqa: B010
        pm.unregister(plugin)
        keeper.execute("PRAGMA hard_heap_limit = 0")
    return int(ExitCode.OK)


@contextlib.contextmanager
def _stopping(server: Any) -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP stop the server; a second one, without waiting."""

    def stop(signum: int, frame: FrameType | None) -> None:
        if server.should_exit:
            server.force_exit = True
        server.should_exit = True

    previous = {sig: signal.signal(sig, stop) for sig in STOPPING}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
