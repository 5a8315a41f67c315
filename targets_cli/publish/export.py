"""The whole dataset as files for other tools: SQLite, a folder of CSV files, or JSON.

Every export holds the catalogues (orgs, metrics, units), the sources and the
targets, with both Chinese and English names. Files are written atomically (a
temporary file in the same folder, then renamed over the target), and a file that
exists is replaced only when asked. Nothing here prints: the CLI reports.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..errors import OutputError, UsageError
from ..renderers.delimited import write_delimited
from ..rules.model import ORG_KINDS, Dataset, Source
from ..rules.units import UNITS
from ..views.reports import TARGET_FIELDS, target_record

EXPORT_VERSION = 1


class ExportFormat(StrEnum):
    sqlite = "sqlite"
    csv = "csv"
    json = "json"


SOURCE_FIELDS = (
    "id",
    "file",
    "title",
    "event",
    "year",
    "bylines",
    "publisher",
    "published",
    "url",
    "text",
)
ORG_FIELDS = (
    "id",
    "kind",
    "name_en",
    "parent",
    "short",
    "pinyin",
    "aliases",
    "speaker",
    "speaker_title",
    "on_behalf_of",
)
METRIC_FIELDS = ("name", "name_en", "aliases", "dimension", "additive", "category", "description")
UNIT_FIELDS = ("symbol", "quantity", "factor", "name_en")

# The files of a CSV export, in the order they are written. A source's whole text
# stays out of sources.csv: Excel cuts a cell at 32,767 characters.
CSV_FILES = {
    "sources.csv": tuple(f for f in SOURCE_FIELDS if f != "text"),
    "orgs.csv": ORG_FIELDS,
    "metrics.csv": METRIC_FIELDS,
    "units.csv": UNIT_FIELDS,
    "targets.csv": TARGET_FIELDS,
}


# ---- records shared by every format -------------------------------------


def _source_file(source: Source) -> str:
    """The source's path as the data file writes it: relative to that file."""
    if source.where is None:
        return source.file.name
    return Path(os.path.relpath(source.file, source.where.file.parent)).as_posix()


def records(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Every record of the dataset as plain values; lists stay lists."""
    return {
        "sources": [
            {
                "id": s.id,
                "file": _source_file(s),
                "title": s.title,
                "event": s.event,
                "year": s.year,
                "bylines": list(s.bylines),
                "publisher": s.publisher,
                "published": s.published,
                "url": s.url,
                "text": s.file.read_text(encoding="utf-8"),
            }
            for s in dataset.sources.values()
        ],
        "orgs": [
            {
                "id": o.id,
                "kind": o.kind,
                "name_en": o.name_en,
                "parent": o.parent,
                "short": o.short,
                "pinyin": o.pinyin,
                "aliases": list(o.aliases),
                "speaker": o.speaker,
                "speaker_title": o.speaker_title,
                "on_behalf_of": o.on_behalf_of,
            }
            for o in dataset.orgs.values()
        ],
        "metrics": [
            {
                "name": m.name,
                "name_en": m.name_en,
                "aliases": list(m.aliases),
                "dimension": m.dimension,
                "additive": m.additive,
                "category": m.category,
                "description": m.description,
            }
            for m in dataset.metrics.values()
        ],
        "units": [
            {"symbol": u.symbol, "quantity": u.quantity, "factor": u.factor, "name_en": u.name_en}
            for u in UNITS.values()
        ],
        "targets": [target_record(dataset, t) for t in dataset.targets],
    }


# ---- JSON ------------------------------------------------------------------


def json_bytes(dataset: Dataset) -> bytes:
    """One document: {format, sources, orgs, metrics, units, targets}."""
    document = {"format": EXPORT_VERSION, **records(dataset)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---- CSV -------------------------------------------------------------------


def csv_files(dataset: Dataset, *, bom: bool = True) -> dict[str, bytes]:
    """File name -> CSV bytes: UTF-8 (with a BOM for Excel), CRLF, lists joined by ';'."""
    tables = records(dataset)
    files = {}
    for name, fields in CSV_FILES.items():
        rows = [
            {k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()}
            for row in tables[name.removesuffix(".csv")]
        ]
        out = io.StringIO(newline="")
        write_delimited(rows, fields, out, bom=bom)
        files[name] = out.getvalue().encode("utf-8")
    return files


# ---- SQLite ----------------------------------------------------------------

_KINDS = ", ".join(f"'{kind}'" for kind in ORG_KINDS)

SCHEMA = f"""
CREATE TABLE units (
    symbol TEXT PRIMARY KEY,
    quantity TEXT NOT NULL,
    factor INTEGER NOT NULL,
    name_en TEXT NOT NULL
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    title TEXT NOT NULL,
    event TEXT,
    year INTEGER NOT NULL,
    bylines TEXT NOT NULL,  -- JSON array
    publisher TEXT,
    published TEXT,
    url TEXT,
    text TEXT NOT NULL
);
CREATE TABLE orgs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ({_KINDS})),
    name_en TEXT NOT NULL,
    parent TEXT REFERENCES orgs (id),
    short TEXT,
    pinyin TEXT,
    speaker TEXT,
    speaker_title TEXT,
    on_behalf_of TEXT
);
CREATE TABLE org_aliases (
    org TEXT NOT NULL REFERENCES orgs (id),
    alias TEXT NOT NULL,
    PRIMARY KEY (org, alias)
);
CREATE TABLE metrics (
    name TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    dimension TEXT NOT NULL,
    additive INTEGER NOT NULL CHECK (additive IN (0, 1)),
    category TEXT NOT NULL,
    description TEXT
);
CREATE TABLE metric_aliases (
    alias TEXT PRIMARY KEY,
    metric TEXT NOT NULL REFERENCES metrics (name)
);
CREATE TABLE targets (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL REFERENCES orgs (id),
    region TEXT NOT NULL REFERENCES orgs (id),
    metric TEXT NOT NULL REFERENCES metrics (name),
    kind TEXT NOT NULL,
    value NUMERIC,
    value_max NUMERIC,
    unit TEXT REFERENCES units (symbol),
    comparator TEXT,
    wording TEXT,
    firmness TEXT,
    firmness_level TEXT,
    period TEXT NOT NULL,
    subject TEXT,
    outcome TEXT,
    source TEXT NOT NULL REFERENCES sources (id),
    quote TEXT NOT NULL,
    note TEXT,
    position INTEGER NOT NULL UNIQUE  -- order in the data files
);
CREATE INDEX targets_metric ON targets (metric);
CREATE INDEX targets_region ON targets (region);
CREATE INDEX targets_org ON targets (org);
CREATE INDEX targets_source ON targets (source);
CREATE INDEX metric_aliases_metric ON metric_aliases (metric);
CREATE INDEX orgs_parent ON orgs (parent);

-- every target with the names of its org, region, metric and source
CREATE VIEW targets_named AS
SELECT
    t.id,
    t.org, o.short AS org_short, o.name_en AS org_en,
    t.region, r.short AS region_short, r.name_en AS region_en, r.kind AS region_kind,
    t.subject,
    t.metric, m.name_en AS metric_en, m.category, m.dimension, m.additive,
    t.kind, t.value, t.value_max, t.unit, u.name_en AS unit_en,
    t.value * u.factor AS base_value,  -- in yuan, people, ... (units.factor)
    t.comparator, t.wording, t.firmness, t.firmness_level,
    t.period, t.outcome,
    t.source, s.title AS source_title,
    t.quote, t.note
FROM targets AS t
JOIN orgs AS o ON o.id = t.org
JOIN orgs AS r ON r.id = t.region
JOIN metrics AS m ON m.name = t.metric
JOIN sources AS s ON s.id = t.source
LEFT JOIN units AS u ON u.symbol = t.unit
ORDER BY t.position;

-- every name a metric goes by (its own and its aliases) -> the metric
CREATE VIEW metric_names AS
SELECT name, name AS metric FROM metrics
UNION ALL
SELECT alias, metric FROM metric_aliases;
"""


def sqlite_bytes(dataset: Dataset) -> bytes:
    """A SQLite database: one table per record kind, keys, indexes and two views."""
    tables = records(dataset)
    db = sqlite3.connect(":memory:")
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(SCHEMA)
        db.execute(f"PRAGMA user_version = {EXPORT_VERSION}")
        with db:  # one transaction, each record after the ones it refers to
            db.executemany(
                "INSERT INTO units VALUES (:symbol, :quantity, :factor, :name_en)",
                tables["units"],
            )
            db.executemany(
                "INSERT INTO sources VALUES (:id, :file, :title, :event, :year, :bylines,"
                " :publisher, :published, :url, :text)",
                [
                    s | {"bylines": json.dumps(s["bylines"], ensure_ascii=False)}
                    for s in tables["sources"]
                ],
            )
            db.executemany(
                "INSERT INTO orgs VALUES (:id, :kind, :name_en, :parent, :short, :pinyin,"
                " :speaker, :speaker_title, :on_behalf_of)",
                sorted(tables["orgs"], key=lambda o: _depth(dataset, o["id"])),
            )
            db.executemany(
                "INSERT INTO org_aliases VALUES (?, ?)",
                [(o["id"], a) for o in tables["orgs"] for a in dict.fromkeys(o["aliases"])],
            )
            db.executemany(
                "INSERT INTO metrics VALUES (:name, :name_en, :dimension, :additive,"
                " :category, :description)",
                tables["metrics"],
            )
            db.executemany(
                "INSERT INTO metric_aliases VALUES (?, ?)",
                [(a, m["name"]) for m in tables["metrics"] for a in m["aliases"]],
            )
            columns = [f for f in TARGET_FIELDS if not f.endswith("_en")]
            columns = [f for f in columns if f not in ("category", "dimension")]
            db.executemany(
                f"INSERT INTO targets ({', '.join(columns)}, position)"
                f" VALUES ({', '.join(':' + c for c in columns)}, :position)",
                [t | {"position": n} for n, t in enumerate(tables["targets"], 1)],
            )
        return _database_bytes(db)
    finally:
        db.close()


def _database_bytes(db: sqlite3.Connection) -> bytes:
    """The database file's bytes, to be written atomically like any other export."""
    if hasattr(db, "serialize"):
        return db.serialize()
    # an SQLite built without sqlite3_serialize: copy it to a scratch file and read that
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "export.db"
        copy = sqlite3.connect(path)
        try:
            db.backup(copy)
        finally:
            copy.close()
        return path.read_bytes()


def _depth(dataset: Dataset, org_id: str) -> int:
    """How many parents above an org: parents are inserted before their children."""
    depth, seen = 0, {org_id}
    parent = dataset.orgs[org_id].parent
    while parent is not None and parent in dataset.orgs and parent not in seen:
        seen.add(parent)
        depth += 1
        parent = dataset.orgs[parent].parent
    return depth


# ---- writing ---------------------------------------------------------------


def _write(path: Path, data: bytes, force: bool) -> None:
    from .writing import write_atomically

    write_atomically(path, lambda f: f.write(data), binary=True, overwrite=force)


def export(
    dataset: Dataset, fmt: ExportFormat, out: Path, *, force: bool = False, bom: bool = True
) -> list[Path]:
    """Write the dataset to OUT (a file; for csv, a folder) and return the files written.

    An existing file is replaced only with force; without it nothing is written.
    """
    fmt = ExportFormat(fmt)
    if fmt is ExportFormat.json:
        _write(out, json_bytes(dataset), force)
        return [out]
    if fmt is ExportFormat.sqlite:
        _write(out, sqlite_bytes(dataset), force)
        return [out]
    return _export_csv(dataset, out, force=force, bom=bom)


def _export_csv(dataset: Dataset, folder: Path, *, force: bool, bom: bool) -> list[Path]:
    if folder.suffix.lower() == ".csv" and not folder.is_dir():
        raise UsageError(
            f"a csv export is a folder of files ({', '.join(CSV_FILES)}); "
            f"give a folder name, not {folder}"
        )
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} exists and is not a folder")
    paths = [folder / name for name in CSV_FILES]
    present = [p for p in paths if p.exists() or p.is_symlink()]
    if present and not force:
        names = ", ".join(p.name for p in present)
        raise OutputError(f"{folder} already holds {names}; pass --force to overwrite them")
    files = csv_files(dataset, bom=bom)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create folder {folder}: {error.strerror}") from None
    for path in paths:
        _write(path, files[path.name], force)
    return paths


def summary(dataset: Dataset) -> str:
    return (
        f"{len(dataset.targets)} targets, {len(dataset.orgs)} orgs, "
        f"{len(dataset.metrics)} metrics, {len(dataset.sources)} sources"
    )
