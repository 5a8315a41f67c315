"""The index: one SQLite database of a data location's records and problems.

It lives in the user's cache folder (`$XDG_CACHE_HOME/targets`, else
`~/.cache/targets`), one file per data location (store.py). A changed file's rows are
replaced in one transaction and only that file is parsed again; a changed catalogue or
source text re-checks what depends on it (building.py, cross.py).

`--no-cache`, `TARGETS_NO_CACHE=1` or a cache folder that cannot be written give an
in-memory database built by the same code: there is one path for every run.

What the index is trusted with, and what `check` verifies, is set out at the top of
store.py. A damaged index found while it is read is built again once (then kept in
memory), with a one-line note on stderr. SQLite's own locking keeps concurrent runs
apart: a run that must write takes the write lock, then looks again.
"""

from __future__ import annotations

import _sqlite3 as sqlite3  # (sqlite3 itself loads datetime for its date adapters)
import os

from ..errors import DataError, Problem
from ..rules.model import Dataset, NotTarget, Target, region_of
from .paths import data_files, data_location, data_names, in_listing_order
from .store import (
    DATA_COLUMNS,
    CacheRefused,
    FilePaths,
    IndexDamaged,
    code_stamp,
    connect,
    contents,
    discard,
    edited,
    enabled,
    every_file_holds,
    folders_hold,
    fresh,
    fresh_files,
    index_file,
    inputs,
    inspect,
    lazy_catalogue,
    lone_file_holds,
    made_anew,
    memory_note,
    note,
    note_folders,
    open_database,
    open_quietly,
    reason,
    rebuilt_note,
    row_values,
    schema_ok,
    stamps_hold,
    target_of,
    unwritable,
    where_of,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, TypeVar

    T = TypeVar("T")

# What reading a damaged index can raise: SQLite's errors, text that is not UTF-8
# (sqlite3 raises it as an OperationalError, JSON as a ValueError), a row whose digest
# or names do not hold. The index is then built again; in memory, it is a bug.
INDEX_ERRORS = (IndexDamaged, sqlite3.Error, ValueError, TypeError, KeyError, IndexError)
# What a target is built from (store.target_of): its row up to the metric and region
# settled for it, not the sentence and the rest, which only the export reads.
_DATA = (f'"{name}"' for name in DATA_COLUMNS["targets"])
# Bases looked up in one query at most (two parameters each: a bounded statement).
_BASES_A_QUERY = 200
TARGET_COLUMNS = ", ".join(("_file", "_ordinal", "_digest", *_DATA, "metric_name", "region"))


class Index:
    """An open, up-to-date index: the catalogues whole, the targets by query."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        location: str,
        catalogue: Dataset | None,
        files: list[str] | None,
        path: str | None,
        glance: bool = False,
    ):
        self.connection = connection
        self.location = location
        self.path = path  # the index's file; None when it is kept in memory
        self._files = files
        # (glance_index's: not known to be up to date, so a failed read is raised to
        # its caller, who opens the data the full way, not built again here)
        self._glance = glance
        self._rebuilt = False
        self._paths = FilePaths(lambda: self.connection)
        self._region_of: dict[str, str] | None = None
        # (while it opens, a damaged index is open_index's to build again)
        self._opening = True
        if catalogue is None:
            catalogue = lazy_catalogue(self._query, self._paths)
        self.catalogue: Dataset = catalogue
        self._opening = False
        self._aliases = {
            name: metric.name
            for metric in catalogue.metrics.values()
            for name in (metric.name, *metric.aliases)
        }

    def _read(self, read: Callable[[], T]) -> T:
        """`read()` of this index; of the index built again when this one fails it."""
        while True:
            try:
                return read()
            except INDEX_ERRORS as error:
                if self.path is None or self._opening or self._glance:
                    raise  # (in memory: an index that does not match itself is a bug)
                self._rebuild(error)

    def _query(self, query: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return self._read(lambda: self.connection.execute(query, params).fetchall())

    def _rebuild(self, error: Exception) -> None:
        """Discard a database that does not hold what the data says, and build it again."""
        assert self.path is not None
        self.connection.close()
        # (built again once; should that fail too, the index is kept in memory)
        use_cache = not unwritable(error) and not self._rebuilt
        self._rebuilt = True
        if use_cache:
            discard(self.path)
            rebuilt_note(self.path, error)
        else:
            memory_note(self.path, error)
        assert self._files is not None  # (glance_index's are never built again)
        again = open_index(self.location, self._files, use_cache=use_cache)
        self.connection, self.catalogue, self.path = again.connection, again.catalogue, again.path
        self._paths, self._aliases = again._paths, again._aliases
        self._region_of = None

    def targets(self, where: str = "", params: Iterable[Any] = ()) -> list[Target]:
        """The settled targets (those whose org and metric are known) matching `where`."""
        condition = "region IS NOT NULL" + (f" AND ({where})" if where else "")
        query = f"SELECT {TARGET_COLUMNS} FROM targets WHERE {condition}"
        # (every target: in the order of the file index; some: sorted here, by their
        # file and ordinal alone, not as whole rows in SQLite's sorter)
        query += "" if where else " ORDER BY _file, _ordinal"
        params = tuple(params)

        def read() -> list[Target]:
            rows = self.connection.execute(query, params).fetchall()
            if where:
                from operator import itemgetter

                rows.sort(key=itemgetter(0, 1))  # (file, ordinal: one row each)
            paths = self._paths
            paths.read_all({row[0] for row in rows})
            aliases = self._aliases
            found = [target_of(row, paths, aliases) for row in rows]
            regions, metrics = self._regions(), self.catalogue.metrics
            for t in found:  # (what the index settled, against the catalogues)
                if t.region != regions.get(t.org) or t.metric not in metrics:
                    raise IndexDamaged(f"target {t.id!r} is not settled as its org and metric say")
            return found

        return self._read(read)

    def _regions(self) -> dict[str, str]:
        """Each org's region, by its id (worked out once an index, not once a target)."""
        if self._region_of is None:
            orgs = self.catalogue.orgs
            self._region_of = {ident: region_of(org) for ident, org in orgs.items()}
        return self._region_of

    def linked_targets(self) -> list[Target]:
        """The targets that restate or revise another, or that another restates or
        revises: all that the statement rules (rules.statements) need, by the query
        indexes on same_as and revises, without building every target. (Each kind of
        link found by its own index, the rows joined by rowid: the four tests ORed in
        one WHERE made SQLite read every target, a quarter of a second at a million
        targets, to find none.)"""
        return self.targets(
            "rowid IN (SELECT rowid FROM targets WHERE same_as IS NOT NULL "
            "UNION SELECT rowid FROM targets WHERE revises IS NOT NULL "
            "UNION SELECT rowid FROM targets WHERE id IN "
            "(SELECT same_as FROM targets WHERE same_as IS NOT NULL) "
            "UNION SELECT rowid FROM targets WHERE id IN "
            "(SELECT revises FROM targets WHERE revises IS NOT NULL))"
        )

    def ids_of(self, bases: Iterable[str]) -> set[str]:
        """The settled targets' ids that are one of `bases`, or one of them and a dash and
        more (a draft's id and its suffixes): each base looked up in the index of ids,
        not every id of the data read."""
        found: set[str] = set()
        ordered = sorted(set(bases))
        for at in range(0, len(ordered), _BASES_A_QUERY):
            chunk = ordered[at : at + _BASES_A_QUERY]
            # One range of the id index a base, from the base up to base + "." (the
            # character after "-"), read in one join with the bases as a VALUES table:
            # cheaper to prepare than a SELECT a base, and read the same way.
            pairs = ", ".join(["(?, ?)"] * len(chunk))
            query = (
                f"WITH bases(low, high) AS (VALUES {pairs}) SELECT bases.low, targets.id "
                "FROM bases JOIN targets ON targets.id >= bases.low AND targets.id < bases.high "
                "WHERE targets.region IS NOT NULL"
            )
            params = tuple(value for base in chunk for value in (base, f"{base}."))
            for base, ident in self._query(query, params):
                # (the range also holds the base and a character before "-": "base,")
                if len(ident) == len(base) or ident[len(base)] == "-":
                    found.add(ident)
        return found

    def values(self, column: str, where: str = "", params: Iterable[Any] = ()) -> list[Any]:
        condition = "region IS NOT NULL" + (f" AND ({where})" if where else "")
        query = f"SELECT DISTINCT {column} FROM targets WHERE {condition}"
        params = tuple(params)
        return self._read(lambda: [row[0] for row in self.connection.execute(query, params)])

    def counts(self, column: str) -> dict[str, int]:
        query = f"SELECT {column}, COUNT(*) FROM targets WHERE region IS NOT NULL GROUP BY 1"
        return self._read(lambda: dict(self.connection.execute(query)))

    def org_region_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Targets per org and per region, from one GROUP BY that the (org, region)
        index alone answers: `regions` reads the million index rows once, not twice."""
        query = "SELECT org, region, COUNT(*) FROM targets WHERE region IS NOT NULL GROUP BY 1, 2"
        pairs = self._read(lambda: list(self.connection.execute(query)))
        by_org: dict[str, int] = {}
        by_region: dict[str, int] = {}
        for org, region, count in pairs:
            by_org[org] = by_org.get(org, 0) + count
            by_region[region] = by_region.get(region, 0) + count
        return by_org, by_region

    def quotes(self, source: str) -> list[tuple[str, str]]:
        """(id, quote) of the settled targets of one source, in the order of the data:
        enough to find which share a sentence without building them."""
        query = (
            "SELECT id, quote FROM targets WHERE region IS NOT NULL AND source = ? "
            "ORDER BY _file, _ordinal"
        )
        return self._read(lambda: [(i, q) for i, q in self.connection.execute(query, (source,))])

    def not_targets_of(self, source: str) -> list[NotTarget]:
        """The [[not_targets]] entries of one source, in the order of the data: those
        alone built, not every dismissal of the data."""
        query = "SELECT * FROM not_targets WHERE source = ? ORDER BY _file, _ordinal"
        rows = self._query(query, (source,))
        paths = self._paths
        return [
            NotTarget(**row_values("not_targets", row), where=where_of(paths, "not_targets", row))
            for row in rows
        ]

    def statement_ids(self, ident: str) -> set[str]:
        """`ident` and every id linked to it by same_as or revises, either way, however
        far (the statements rules.statements chains together), by keyed queries."""
        found = {ident}
        frontier = [ident]
        while frontier:
            marks = ", ".join("?" * len(frontier))
            query = (
                "SELECT id, same_as, revises FROM targets WHERE region IS NOT NULL AND "
                f"(id IN ({marks}) OR same_as IN ({marks}) OR revises IN ({marks}))"
            )
            rows = self._rows(query, frontier * 3)
            new = {value for row in rows for value in row if value} - found
            found |= new
            frontier = sorted(new)
        return found

    def _rows(self, query: str, params: list[Any]) -> list[tuple[Any, ...]]:
        return self._read(lambda: [tuple(row) for row in self.connection.execute(query, params)])

    def up_to_date(self, files: list[str]) -> None:
        """A glance_index's index, every file of which was found as it read it: one
        like open_index's, built again when a read finds it damaged."""
        self._files, self._glance = files, False

    def files_hold(self, ids: list[str]) -> bool:
        """True when the files an answer about these targets comes from, or that an edit
        in place could add to it, are as the index read them: the data files of the
        targets and of every target of their sources (a sentence's neighbours), of those
        sources, of any outcome and of any restatement or revision (an outcome or a link
        that names them), of the catalogues (orgs, metrics, units), and the sources'
        texts. (Not looked at: a file that held none of these, written in place since.)"""
        marks = ", ".join("?" * len(ids))
        sources = f"SELECT source FROM targets WHERE id IN ({marks})"
        query = (
            f"SELECT _file FROM targets WHERE id IN ({marks}) "
            f"UNION SELECT _file FROM targets WHERE source IN ({sources}) "
            f"UNION SELECT _file FROM sources WHERE id IN ({sources}) "
            "UNION SELECT _file FROM targets WHERE same_as IS NOT NULL "
            "UNION SELECT _file FROM targets WHERE revises IS NOT NULL "
            "UNION SELECT _file FROM outcomes UNION SELECT _file FROM orgs "
            "UNION SELECT _file FROM metrics UNION SELECT _file FROM units"
        )
        files = [row[0] for row in self._rows(query, ids * 3)]
        texts_query = f"SELECT path FROM _sources WHERE path IS NOT NULL AND id IN ({sources})"
        texts = [row[0] for row in self._rows(texts_query, ids)]
        return self._read(lambda: stamps_hold(self.connection, files, texts))

    def problems(self) -> list[Problem]:
        """Every problem, in the order of the files (as listed), then of the checks
        made across them."""
        query = (
            "SELECT path, message, line, col, record FROM _problems ORDER BY _file IS NULL, "
            "_file, phase = 'targets', rowid"
        )

        def read() -> list[Problem]:
            return [
                Problem(path, message, line, col, record)
                for path, message, line, col, record in self.connection.execute(query)
            ]

        return self._read(read)

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
            not_found=catalogue.not_found,
        )

    def close(self) -> None:
        self.connection.close()


def open_index(
    location: str,
    files: list[str],
    *,
    use_cache: bool = True,
    ordered: bool = True,
    folders: list[tuple[str, os.stat_result]] | None = None,
) -> Index:
    """The index of `location`, brought up to date with `files` (as data_names names
    them): from the cache when it can be, else built again once, else in
    memory (with a note saying why). With `ordered` False, `files` are names in any
    order (data_names(ordered=False)): sorted only when the index does not hold them.
    `folders`: the stamps of the folders as `files` were listed, kept in the index
    (for glance_index) once it holds them."""
    for attempt in (1, 2, 3):
        connection, path = open_database(location, use_cache and attempt < 3)
        try:
            if edited(connection):
                raise IndexDamaged("its rows were changed by another program")
            known = False
            if not ordered:
                found, known = fresh_files(connection, files)
                if found is not None:
                    if folders is not None and path is not None:
                        note_folders(connection, folders)
                    return Index(connection, location, None, found, path)
                files, ordered = in_listing_order(files), True
            # (known: these are the index's files, and one changed: no need to ask again)
            if known or not fresh(connection, files):
                from .building import refresh  # (a warm run needs none of the checks)

                refresh(connection, location, files)
            if folders is not None and path is not None:
                note_folders(connection, folders)
            return Index(connection, location, None, files, path)
        except INDEX_ERRORS as error:
            connection.close()
            if path is None:
                raise
            if unwritable(error):
                memory_note(path, error)
                use_cache = False
            else:
                discard(path)
                rebuilt_note(path, error)
    raise AssertionError("unreachable")


# ---- the entry points: the data at a location, read through its index --------------


def read_dataset(
    location: str | None = None, *, use_cache: bool = True
) -> tuple[Dataset, list[Problem]]:
    """Read and check a dataset; return it with every problem found (none when clean)."""
    index = open_dataset(location, use_cache=use_cache)
    return index.dataset(), index.problems()


def load(
    location: str | None = None,
    *,
    use_cache: bool = True,
    metrics: Iterable[str] | None = None,
) -> Dataset:
    """The checked dataset; a DataError carrying every problem when there is any.

    Its targets are read from the index when first asked for, and `query.select`
    asks the index for only the targets it wants. (`metrics` is accepted for callers
    that know the metrics up front; the index needs no such hint.)
    """
    del metrics
    index = open_dataset(location, use_cache=use_cache)
    problems = index.problems()
    if problems:
        raise DataError(problems)
    return index.dataset()


def checked_index(
    location: str | None = None,
    *,
    use_cache: bool = True,
    before_verify: Callable[[Index], object] | None = None,
) -> Index:
    """The data at `location` read afresh into memory, trusting nothing of the cache
    (`targets check`). The cached index is then made the same: one that claims to be
    built from these very files (their SHA-256) but says otherwise was edited or
    damaged, and is replaced with a note; one built from older files, without a word."""
    where = data_location(location)
    files = data_files(where)
    index = open_index(where, files, use_cache=False)
    if before_verify is not None:  # (what it works out into the index is verified too)
        before_verify(index)
    if use_cache and enabled():
        _verify_cache(where, index.connection)
    return index


def _verify_cache(location: str, truth: sqlite3.Connection) -> None:
    path = index_file(location)
    if path is None:
        return
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        state, inode = inspect(path)
        if state == "new":
            made_anew(path, code_stamp())
            state, inode = inspect(path)
    except (OSError, sqlite3.Error, CacheRefused):
        return  # (the other commands say so, and keep it in memory)
    if state != "ours":
        return  # not ours: the next command moves it aside, or makes it anew
    try:
        connection = connect(path, state, inode)
    except CacheRefused:
        return
    except INDEX_ERRORS as error:
        if not unwritable(error):
            discard(path)
            note(f"the index {path} was damaged ({reason(error)}); it will be built again")
        return
    try:
        same_files = schema_ok(connection, code_stamp()) and inputs(connection) == inputs(truth)
        if same_files and not edited(connection) and contents(connection) == contents(truth):
            _remember_completeness(connection, truth)
            return
        truth.backup(connection)
        if same_files:
            note(
                f"the index {path} did not hold what the data files say (it was edited, "
                "or damaged); it has been built again from them"
            )
    except INDEX_ERRORS as error:
        if not unwritable(error):
            connection.close()
            discard(path)
            note(f"the index {path} was damaged ({reason(error)}); it will be built again")
    finally:
        connection.close()


def _remember_completeness(cache: sqlite3.Connection, truth: sqlite3.Connection) -> None:
    """The completeness `check --full` worked out, in place of what the cache remembered
    (which another program may have edited: no digest covers it)."""
    rows = truth.execute("SELECT source, problems FROM _complete").fetchall()
    try:
        cache.execute("BEGIN IMMEDIATE")
        cache.execute("DELETE FROM _complete")
        cache.executemany("INSERT INTO _complete VALUES (?, ?)", rows)
        cache.execute("COMMIT")
    except sqlite3.Error:  # (locked, or read-only: the next `check --full` tries again)
        if cache.in_transaction:
            cache.execute("ROLLBACK")


def open_dataset(location: str | None = None, *, use_cache: bool = True) -> Index:
    """The up-to-date index of the data at `location` (see data_location)."""
    where = data_location(location)
    if use_cache:  # (no folder changed: no listing, only each file's stamp)
        index = glance_index(where)
        if index is not None:
            try:
                paths = every_file_holds(index.connection)
            except INDEX_ERRORS:
                paths = None
            if paths is not None:
                index.up_to_date(paths)
                return index
            index.close()
    # (the files' names as the folders list them: a warm run finds them all in the
    # index, in its order, and sorts nothing)
    folders: list[tuple[str, os.stat_result]] = []
    names = data_names(where, ordered=False, folders=folders)
    return open_index(where, names, use_cache=use_cache, ordered=False, folders=folders)


def glance_index(location: str | None = None) -> Index | None:
    """The cached index of the data at `location` as it is, when no folder of the data
    changed since a run found the index holding their listing (store.folders_hold):
    no file is listed or stat-ed. It answers only after checking, with
    Index.files_hold, the files its answer comes from; None when there is no such
    index (the caller opens the data with open_dataset, which looks at every file)."""
    where = data_location(location)
    opened = open_quietly(where)
    if opened is None:
        return None
    connection, path = opened
    try:
        if not edited(connection) and (
            folders_hold(connection) or lone_file_holds(connection, where)
        ):
            return Index(connection, where, None, None, path, glance=True)
    except INDEX_ERRORS:
        pass
    connection.close()
    return None
