"""The index: one SQLite database of a data location's records and problems.

It lives in the user's cache folder (`$XDG_CACHE_HOME/targets`, else
`~/.cache/targets`), one file per data location (store.py). A changed file's rows are
replaced in one transaction and only that file is parsed again; a changed catalogue or
source text re-checks what depends on it (building.py, cross.py).

`--no-cache`, `TARGETS_NO_CACHE=1` or a cache folder that cannot be written give an
in-memory database built by the same code: there is one path for every run.

The index is never trusted over the data: every row carries a digest of its values,
checked when the row is read, and a row changed or deleted by another program leaves a
mark (store.py's triggers) that the next run sees before it reads a row; a mismatch,
a mark, a foreign or truncated file rebuilds the index with a one-line note on stderr.
SQLite's own locking keeps concurrent runs apart: a run that must write takes the
write lock, then looks again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import DataError, Problem
from ..rules.model import Dataset, Target
from .loading import data_files, data_location
from .store import (
    IndexDamaged,
    catalogue_of,
    discard,
    edited,
    enabled,
    file_paths,
    fresh,
    index_file,
    note,
    open_database,
    target_of,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any


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
        self._paths = file_paths(connection)
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
        discard(path)
        note(f"the index {path} did not match the data ({error}); it has been built again")
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
        connection = open_database(location, use_cache)
        try:
            if edited(connection):
                raise IndexDamaged("its rows were changed by another program")
            if not fresh(connection, files):
                from .building import refresh  # (a warm run needs none of the checks)

                refresh(connection, location, files)
            return Index(connection, location, catalogue_of(connection), files, use_cache)
        except (IndexDamaged, sqlite3.DatabaseError) as error:
            connection.close()
            path = index_file(location) if enabled(not use_cache) else None
            if attempt == 2 or path is None:
                raise
            discard(path)
            note(f"the index {path} did not match the data ({error}); it has been built again")
    raise AssertionError("unreachable")


# ---- the entry points: the data at a location, read through its index --------------


def read_dataset(
    location: Path | str | None = None, *, use_cache: bool = True
) -> tuple[Dataset, list[Problem]]:
    """Read and check a dataset; return it with every problem found (none when clean)."""
    index = open_dataset(location, use_cache=use_cache)
    return index.dataset(), index.problems()


def load(
    location: Path | str | None = None,
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


def open_dataset(location: Path | str | None = None, *, use_cache: bool = True) -> Index:
    """The up-to-date index of the data at `location` (see data_location)."""
    where = data_location(location)
    return open_index(where, data_files(where), use_cache=use_cache)
