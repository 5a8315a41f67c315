"""Checks across the records of every file, run by the index when something changed.

Each target's checks depend on the catalogues (its org, its metric, its source and
that source's text), so a changed catalogue or text re-checks every target and a
changed target file only its own. What each target's row settles (its region, city,
level, whether it may be added) is written beside it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import Problem
from ..rules.model import CITY, Dataset, Target, Where, region_of
from ..rules.wording import sentence_around
from .checking import check_catalogue, target_problems
from .index import DATA_COLUMNS, additive_of, level_of, target_of
from .locating import Locator

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

# Rows checked and settled at a time: memory stays flat however large the data.
CHUNK = 20_000


class _Lines:
    """Finds the line of a record or key, reading each file at most once a run."""

    def __init__(self) -> None:
        self._locators: dict[Path, Locator | None] = {}

    def locate(self, where: Where, key: str | None, message: str, record: str | None) -> Problem:
        locator = self._locators.get(where.file, ...)
        if locator is ...:
            try:
                text = where.file.read_text(encoding="utf-8").removeprefix("\ufeff")
                locator = Locator(text)
            except (OSError, UnicodeDecodeError, ValueError):
                locator = None
            self._locators[where.file] = locator
        line = locator.line(where.table, where.index, key) if locator else None
        return Problem(where.file, message, line=line, record=record)


def _city_of(region: str, dataset: Dataset) -> str | None:
    """The city a region belongs to: itself for a city, its parent for a county-level unit."""
    org = dataset.orgs.get(region)
    while org is not None and org.kind != CITY:
        org = dataset.orgs.get(org.parent) if org.parent else None
    return org.id if org is not None else None


def _years(period: str | None) -> tuple[int | None, int | None]:
    if period is None:
        return None, None
    first, _, last = period.partition("-")
    return int(first), int(last or first)


def recheck(
    connection: sqlite3.Connection, dataset: Dataset, files: Iterable[int] | None, root: Path
) -> None:
    """Check the catalogues and the targets of `files` (None: every target) again."""
    lines = _Lines()

    def locate_record(where: Where, key: str | None, message: str) -> Problem:
        return lines.locate(where, key, message, _record_id(connection, where))

    connection.execute("DELETE FROM _problems WHERE phase IN ('catalogue', 'duplicates')")
    catalogue_problems, texts = check_catalogue(dataset, locate_record, root)
    _store(connection, None, "catalogue", catalogue_problems)

    paths = {i: Path(p) for i, p in connection.execute("SELECT id, path FROM _files")}
    aliases = {
        name: metric.name
        for metric in dataset.metrics.values()
        for name in (metric.name, *metric.aliases)
    }
    condition, params = "", ()
    if files is not None:
        ids = tuple(sorted(set(files))) or (-1,)
        condition, params = f" WHERE _file IN ({', '.join('?' * len(ids))})", ids
    connection.execute(
        "DELETE FROM _problems WHERE phase = 'targets'" + condition.replace("WHERE", "AND"), params
    )
    metric_by_name = {name: dataset.metrics[canonical] for name, canonical in aliases.items()}
    cursor = connection.execute(f"SELECT rowid, * FROM targets{condition}", params)
    while True:
        rows = cursor.fetchmany(CHUNK)
        if not rows:
            break
        updates = []
        found: list[tuple[int, Problem]] = []
        for row in rows:
            rowid, data = row[0], row[1:]
            target = target_of(data, paths, {})
            for key, message in target_problems(
                target, dataset.orgs, metric_by_name, dataset.sources, texts
            ):
                assert target.where is not None
                found.append((data[0], lines.locate(target.where, key, message, target.id)))
            sentence = _sentence(texts.get(target.source), target.quote)
            updates.append((*_settled(target, dataset, aliases), sentence, rowid))
        connection.executemany(
            "UPDATE targets SET metric_name = ?, region = ?, city = ?, level = ?, additive = ?, "
            "period_start = ?, period_end = ?, sentence = ? WHERE rowid = ?",
            updates,
        )
        connection.executemany(
            "INSERT INTO _problems VALUES (?, 'targets', ?, ?, ?, ?, ?)",
            [(f, str(p.file), p.line, p.column, p.record, p.message) for f, p in found],
        )
    _store(connection, None, "duplicates", _duplicates(connection, paths, lines))


def _settled(target: Target, dataset: Dataset, aliases: dict[str, str]) -> tuple[object, ...]:
    org = dataset.orgs.get(target.org)
    metric_name = aliases.get(target.metric)
    if org is None or metric_name is None:
        return (None,) * 7  # unsettled: the target's problems say why
    region = region_of(org)
    level = level_of(target, org)
    additive = additive_of(target, dataset.metrics[metric_name], level)
    start, end = _years(target.period) if _period_ok(target.period) else (None, None)
    return (metric_name, region, _city_of(region, dataset), level, int(additive), start, end)


def _sentence(text: str | None, quote: str) -> str | None:
    if not text or not quote:
        return None
    start = text.find(quote)
    if start < 0:
        return None
    first, last = sentence_around(text, start, start + len(quote))
    return text[first:last]


def _period_ok(period: str | None) -> bool:
    if period is None:
        return True
    first, _, last = period.partition("-")
    return first.isdigit() and (not last or last.isdigit())


def _record_id(connection: sqlite3.Connection, where: Where) -> str | None:
    key = "name" if where.table == "metrics" else "id"
    if where.table not in DATA_COLUMNS or key not in DATA_COLUMNS[where.table]:
        return None
    row = connection.execute(
        f"SELECT {key} FROM {where.table} WHERE _file = "
        "(SELECT id FROM _files WHERE path = ?) AND _ordinal = ?",
        (str(where.file), where.index),
    ).fetchone()
    return row[0] if row else None


def _duplicates(
    connection: sqlite3.Connection, paths: dict[int, Path], lines: _Lines
) -> list[Problem]:
    """Ids defined twice anywhere in the data: each later one, with where the first is."""
    from ..errors import shown

    problems = []
    for table, key, what in (
        ("sources", "id", "source id"),
        ("orgs", "id", "org id"),
        ("metrics", "name", "metric name"),
        ("targets", "id", "target id"),
        ("outcomes", "id", "outcome id"),
    ):
        query = (
            f"SELECT {key}, _file, _ordinal FROM {table} WHERE {key} IN "
            f"(SELECT {key} FROM {table} GROUP BY 1 HAVING COUNT(*) > 1) "
            "ORDER BY 1, _file, _ordinal"
        )
        first: dict[str, Problem] = {}
        for ident, file_id, ordinal in connection.execute(query):
            where = Where(paths[file_id], table, ordinal)
            if ident not in first:
                first[ident] = lines.locate(where, None, "", ident)
                continue
            earlier = first[ident]
            message = (
                f"duplicate {what} {shown(ident)}; first defined at {earlier.file}:{earlier.line}"
            )
            problems.append(lines.locate(where, None, message, ident))
    return problems


def _store(
    connection: sqlite3.Connection, file_id: int | None, phase: str, problems: list[Problem]
) -> None:
    connection.executemany(
        "INSERT INTO _problems VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(file_id, phase, str(p.file), p.line, p.column, p.record, p.message) for p in problems],
    )
