"""The whole dataset as files for other tools: SQLite, CSV, JSON, or a Datasette folder.

Every export is made from the published database (publish/database.py), which is
written from the index without holding the dataset in memory; JSON and CSV stream its
rows. Files are written whole or not at all (publish/writing.py), a file that exists is
replaced only when asked, and nothing the dataset reads is ever written over. Nothing
here prints: the command line reports.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from enum import StrEnum
from pathlib import Path

from .schema import COLUMNS, EXPORT_VERSION, VIEW_COLUMNS
from .writing import Protected, check_name, replace_folder, write_atomically

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import IO, Any

    from ..data.index import Index
    from ..rules.model import Dataset


class ExportFormat(StrEnum):
    sqlite = "sqlite"
    csv = "csv"
    json = "json"
    datasette = "datasette"


# The tables of a JSON document, in order.
JSON_TABLES = ("sources", "orgs", "metrics", "units", "targets", "outcomes", "not_targets")
# The files of a CSV folder: every table, the tool's answers (totals, coverage) too. A
# source's whole text stays out of sources.csv: Excel cuts a cell at 32,767 characters.
CSV_TABLES = (
    "sources",
    "orgs",
    "metrics",
    "units",
    "targets",
    "outcomes",
    "not_targets",
    "progress",
    "totals",
    "coverage",
)
CSV_FILES = tuple(f"{table}.csv" for table in CSV_TABLES)
DATASETTE_FILES = ("targets.db", "metadata.json")
# Columns held as JSON arrays in SQLite: lists in JSON, joined by ';' in CSV.
LIST_COLUMNS = frozenset({"bylines", "aliases", "silent", "related"})
# Columns holding 0 or 1 in SQLite: true or false in JSON and CSV.
BOOLEAN_COLUMNS = {
    ("metrics", "additive"),
    ("targets", "additive"),
    ("outcomes", "preliminary"),
    ("coverage", "additive"),
    ("totals", "pledge"),
    ("coverage", "pledge"),
}
BATCH = 5000


def index_of(data: Dataset | Index) -> Index:
    """The index behind a dataset that `data.index.load` gave (or the index itself)."""
    from ..data.index import Index

    if isinstance(data, Index):
        return data
    found = getattr(data, "search", None)
    if not isinstance(found, Index):
        raise TypeError("export needs the index of the data (data.index.load gives it)")
    return found


def protected(index: Index) -> Protected:
    """What an export must never write over or into: the data folder, files and texts."""
    location = Path(index.location)
    files = [Path(file) for file in index.catalogue.files]
    files += [Path(s.file) for s in index.catalogue.sources.values() if s.file is not None]
    folders = (location,) if location.is_dir() else ()
    if not folders:
        files.append(location)
    return Protected(folders, tuple(files))


# ---- reading the published database ---------------------------------------------


def columns_of(table: str) -> tuple[str, ...]:
    if table in COLUMNS:
        return tuple(name for name, _, _ in COLUMNS[table])
    return tuple(name for name, _ in VIEW_COLUMNS[table])


def rows(
    db: sqlite3.Connection, table: str, *, lists: str = "json", skip: tuple[str, ...] = ()
) -> Iterator[dict[str, Any]]:
    """The rows of a table or view as plain values, a batch at a time.

    lists="json" gives lists as lists (for JSON); lists="joined" joins them with ';'.
    """
    names = [c for c in columns_of(table) if c not in skip]
    order = {
        "targets": "position",
        "orgs": "position",
        "progress": "rowid",
        "totals": "metric, city, period, quantity, city_target",
        "coverage": "metric, city, period, city_target, county_target",
    }.get(table, "rowid")
    quoted = ", ".join(f'"{name}"' for name in names)
    cursor = db.execute(f"SELECT {quoted} FROM {table} ORDER BY {order}")
    listed = [n for n in names if n in LIST_COLUMNS]
    booleans = [n for n in names if (table, n) in BOOLEAN_COLUMNS]
    while batch := cursor.fetchmany(BATCH):
        for values in batch:
            record = dict(zip(names, values, strict=True))
            for name in listed:
                items = json.loads(record[name]) if record[name] is not None else []
                record[name] = items if lists == "json" else ";".join(items)
            for name in booleans:
                if record[name] is not None:
                    record[name] = bool(record[name])
            yield record


@contextlib.contextmanager
def _published(index: Index, beside: Path) -> Iterator[sqlite3.Connection]:
    """The published database in a scratch file beside the output, removed afterwards
    (its name is known to the cleanup before the file exists: see writing.scratch)."""
    from .database import build
    from .writing import _new_temporary, scratch

    with scratch() as made:
        temporary = _new_temporary(made, beside.parent, beside.name)
        build(index, temporary)
        db = sqlite3.connect(temporary)
        try:
            yield db
        finally:
            db.close()


# ---- the formats -------------------------------------------------------------------


def _write_json(db: sqlite3.Connection, out: IO[str]) -> None:
    """One document, {format, sources, orgs, metrics, units, targets, outcomes,
    not_targets}, written a record at a time."""
    out.write(f'{{\n  "format": {EXPORT_VERSION}')
    for table in JSON_TABLES:
        out.write(f',\n  "{table}": [')
        first = True
        for record in rows(db, table):
            out.write(("\n    " if first else ",\n    ") + json.dumps(record, ensure_ascii=False))
            first = False
        out.write("]" if first else "\n  ]")
    out.write("\n}\n")


def _write_csv(db: sqlite3.Connection, table: str, out: IO[str], bom: bool) -> None:
    from ..renderers.delimited import write_delimited

    skip = ("text",) if table == "sources" else ()
    fields = tuple(c for c in columns_of(table) if c not in skip)
    write_delimited(rows(db, table, lists="joined", skip=skip), fields, out, bom=bom)  # type: ignore[arg-type]


def _single_csv(out: Path | str) -> bool:
    """FILE.csv is one file of the targets; a folder, or a path ending in /, every table."""
    text = os.fspath(out)
    path = Path(text)
    try:
        folder = path.is_dir()
    except OSError:  # (a folder that cannot be entered: the writing says so)
        folder = False
    return path.suffix.lower() == ".csv" and not text.endswith(("/", os.sep)) and not folder


def export(
    data: Dataset | Index,
    fmt: ExportFormat | str,
    out: Path | str,
    *,
    force: bool = False,
    bom: bool = True,
) -> list[Path]:
    """Write the dataset to OUT and return the files written.

    sqlite and json write a file; csv a file of the targets when OUT ends in .csv, else a
    folder of every table; datasette a folder with targets.db and metadata.json. An
    existing file is replaced only with force, never one the dataset reads (OutputError,
    exit 4), and a dataset with problems is not exported (DataError, exit 1).
    """
    fmt = ExportFormat(fmt)
    check_name(Path(out))
    index = index_of(data)
    guard = protected(index)
    single = fmt is ExportFormat.csv and _single_csv(out)
    path = Path(out)
    if fmt is ExportFormat.sqlite:
        from .database import build
        from .writing import replacing

        with replacing(path, overwrite=force, protect=guard) as temporary:
            build(index, temporary)
        return [path]
    if fmt is ExportFormat.json or single:

        def write(file: IO[str]) -> None:
            with _published(index, path) as db:
                if single:
                    _write_csv(db, "targets", file, bom)
                else:
                    _write_json(db, file)

        write_atomically(path, write, overwrite=force, protect=guard)
        return [path]
    if fmt is ExportFormat.csv:

        def fill(folder: Path) -> list[str]:
            with _published(index, folder / "scratch") as db:
                for table, name in zip(CSV_TABLES, CSV_FILES, strict=True):
                    with open(folder / name, "w", encoding="utf-8", newline="") as file:
                        _write_csv(db, table, file, bom)
            return list(CSV_FILES)

        return replace_folder(path, fill, ours=CSV_FILES, overwrite=force, protect=guard)

    def fill_datasette(folder: Path) -> list[str]:
        from .database import build
        from .datasette import metadata_text

        build(index, folder / "targets.db")
        db = sqlite3.connect(folder / "targets.db")
        try:
            text = metadata_text(db)
        finally:
            db.close()
        (folder / "metadata.json").write_text(text, encoding="utf-8")
        return list(DATASETTE_FILES)

    return replace_folder(
        path, fill_datasette, ours=DATASETTE_FILES, overwrite=force, protect=guard
    )


def summary(data: Dataset | Index) -> str:
    """What an export holds, counted in the index (the targets are never loaded for it)."""
    try:
        index = index_of(data)
    except TypeError:
        dataset: Any = data
        targets = len(dataset.targets)
        catalogue = dataset
    else:
        query = "SELECT count(*) FROM targets WHERE region IS NOT NULL"
        targets = index.connection.execute(query).fetchone()[0]
        catalogue = index.catalogue
    from ..views.labels import counted

    counts = (
        (targets, "target"),
        (len(catalogue.orgs), "org"),
        (len(catalogue.metrics), "metric"),
        (len(catalogue.sources), "source"),
    )
    return ", ".join(counted(n, noun) for n, noun in counts)
