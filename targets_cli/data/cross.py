"""Checks across records: each target against the catalogues and its source's text.

A target's checks depend on its org, its metric, its source and that source's text,
so they run when the target's file is parsed and again, for every target, when a
catalogue or a source text changes. Beside each target its settled columns are
written: the canonical metric, its region and city, its level, whether it may be
added across regions, its years and the sentence of the source that holds it.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

from ..errors import Problem, shown
from ..rules.levels import city_of
from ..rules.model import (
    CITY,
    DEPARTMENT,
    GOVERNMENT,
    MILESTONE,
    NATION,
    PROVINCE,
    TARGET,
    Dataset,
    Metric,
    Org,
    Source,
    Target,
    Where,
    region_of,
)
from .checking import (
    NOT_SOUGHT,
    Sought,
    SourceTexts,
    TextReads,
    check_catalogue,
    closest_names,
    quote_place,
    source_text,
    target_problems,
)
from .locating import Locator
from .store import FilePaths, row_values, where_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

# Rows checked and settled at a time: memory stays flat however large the data.
CHUNK = 20_000


def level_of(target: Target, org: Org) -> str:
    """Whose figure a target is: a province's (or nation's), the city's, a county-level
    unit's, a department's (speaking for its region), or one for an area or set narrower
    than its region. A government (江门市人民政府) speaks as its region: pass the region."""
    if target.subject:
        return "area"
    if org.kind == CITY:
        return "city"
    if org.kind in (PROVINCE, NATION):
        return org.kind
    if org.kind == DEPARTMENT:
        return "department"
    return "county"


def additive_of(target: Target, metric: Metric, level: str) -> bool:
    """May this row be added across regions: an additive metric's county-level figure."""
    return (
        metric.additive
        and level == "county"
        and target.kind != MILESTONE
        and target.value is not None
    )


class Lines:
    """Finds the line of a record or key, reading each file at most once a run."""

    def __init__(self) -> None:
        self._locators: dict[str, Locator | None] = {}

    def locate(self, where: Where, key: str | None, message: str, record: str | None) -> Problem:
        if where.file not in self._locators:
            try:
                with open(where.file, encoding="utf-8") as stream:
                    text = stream.read().removeprefix("\ufeff")
                self._locators[where.file] = Locator(text)
            except (OSError, UnicodeDecodeError, ValueError):
                self._locators[where.file] = None
        locator = self._locators[where.file]
        line = locator.line(where.table, where.index, key) if locator else None
        return Problem(where.file, message, line=line, record=record)


# What `settle` gives for a target whose source is not known yet: settled later.
DEFERRED = None


class _Entry:
    """A target's values read as its Target's fields, for the checks and the settled
    columns: the values' own dict (copied) is its attributes, and a field left out takes
    Target's default from the class. Made for every target a build checks, it costs a
    dict's copy, where a frozen Target sets each of its fields one by one."""


def _entry_defaults() -> None:
    blank = Target(
        id="", org="", region="", metric="", kind=TARGET, period=None, source="", quote=""
    )
    for name in Target.__match_args__:
        setattr(_Entry, name, getattr(blank, name))


_entry_defaults()


class Settler:
    """Checks targets against one state of the catalogues and settles their columns.

    Sources may come file by file (`add_source`): a target whose source is not known
    yet is deferred, and checked once every file is in.
    """

    def __init__(
        self,
        dataset: Dataset,
        texts: Mapping[str, str],
        lines: Lines,
        root: Path,
        reads: TextReads | None = None,
    ):
        self.dataset, self.lines, self.root = dataset, lines, root
        self.reads = reads
        self.sources = dict(dataset.sources)
        # (texts read as asked for follow the sources as they come, file by file)
        self.texts = texts.over(self.sources) if isinstance(texts, SourceTexts) else dict(texts)
        self.aliases = {
            name: metric.name
            for metric in dataset.metrics.values()
            for name in (metric.name, *metric.aliases)
        }
        self.metric_by_name = {name: dataset.metrics[m] for name, m in self.aliases.items()}
        self._cities: dict[str, str | None] = {}
        self._places: dict[str, tuple[Org, tuple[str, str | None, Org]]] = {}

    def add_source(self, source: Source) -> None:
        if source.id in self.sources:
            return  # (a duplicate id: the first one counts, and the duplicate is reported)
        self.sources[source.id] = source
        if isinstance(self.texts, dict):
            text, _why = source_text(source, self.root, self.reads)
            if text is not None:
                self.texts[source.id] = text

    def settle(
        self, values: dict[str, Any], where: Where, final: bool = True
    ) -> tuple[tuple[Any, ...] | None, list[Problem]]:
        """The settled columns of one target's values (a row's, or a file's entry whose
        fields were checked: a field left out is None), and its problems.

        Not final: a target whose source is not known yet gives DEFERRED.
        """
        if not final and values["source"] not in self.sources:
            return DEFERRED, []
        # (every other field left out of an entry takes Target's own default)
        fields = dict(values)
        if not fields.get("kind"):
            fields["kind"] = TARGET
        fields["where"] = where
        entry = _Entry()
        entry.__dict__ = fields
        # (read as a Target, never made one)
        target: Target = entry  # type: ignore[assignment]
        found = target_problems(
            target, self.dataset.orgs, self.metric_by_name, self.sources, self.texts
        )
        problems = (
            [self.lines.locate(where, key, message, target.id) for key, message in found]
            if found
            else []
        )
        org = self.dataset.orgs.get(target.org)
        metric_name = self.aliases.get(target.metric)
        if org is None or metric_name is None:
            return (None,) * 8, problems  # unsettled: its problems say why
        region, city, speaks_as = self._place(org)
        level = level_of(target, speaks_as)
        additive = additive_of(target, self.dataset.metrics[metric_name], level)
        start, end = _years(target.period)
        sentence = _sentence(self.texts.get(target.source), target.quote)
        return (metric_name, region, city, level, int(additive), start, end, sentence), problems

    def _place(self, org: Org) -> tuple[str, str | None, Org]:
        """An org's region, its region's city and whom it speaks as: worked out once a
        run for each org (an org's targets come many to a file)."""
        known = self._places.get(org.id)
        if known is not None and known[0] is org:
            return known[1]
        region = region_of(org)
        speaks_as = self.dataset.orgs.get(region) if org.kind == GOVERNMENT else org
        city = self._cities.get(region, "")
        if city == "":  # (a region's city, worked out once a run)
            city = self._cities[region] = city_of(self.dataset, region)
        place = (region, city, speaks_as or org)
        self._places[org.id] = (org, place)
        return place


@lru_cache(maxsize=256)
def _years(period: str | None) -> tuple[int | None, int | None]:
    if period is None:
        return None, None
    first, _, last = period.partition("-")
    if not first.isdigit() or (last and not last.isdigit()):
        return None, None
    return int(first), int(last or first)


def _sentence(text: str | None, quote: str) -> str | None:
    if not text or not quote:
        return None
    start, sentence = quote_place(text, quote)
    return sentence if start >= 0 else None


def catalogue_problems(
    dataset: Dataset, root: Path, lines: Lines, reads: TextReads | None = None
) -> tuple[list[Problem], Mapping[str, str]]:
    """The catalogues' own problems, and each readable source's text."""

    idents: dict[Where, str] = {}

    def locate(where: Where, key: str | None, message: str) -> Problem:
        if not idents:
            idents.update(_idents(dataset))
        return lines.locate(where, key, message, idents.get(where))

    return check_catalogue(dataset, locate, root, reads)


def _idents(dataset: Dataset) -> dict[Where, str]:
    """The key of each catalogue record by its place (the first, should two share one),
    made once a check, not once a problem."""
    found: dict[Where, str] = {}
    tables: tuple[tuple[str, Iterable[tuple[str, Any]]], ...] = (
        ("sources", dataset.sources.items()),
        ("orgs", dataset.orgs.items()),
        ("metrics", dataset.metrics.items()),
        ("units", ((unit.symbol, unit) for unit in dataset.units)),
    )
    for table, records in tables:
        for key, record in records:
            if record.where is not None and record.where.table == table:
                found.setdefault(record.where, key)
    return found


def recheck(
    connection: sqlite3.Connection,
    settler: Settler,
    files: Iterable[int] | None = None,
    sources: Iterable[str] = (),
) -> None:
    """Check and settle again the targets of `files` and of `sources` (files None: all)."""
    paths = FilePaths(lambda: connection)
    condition, params = "", ()  # type: tuple[str, tuple[object, ...]]
    if files is not None:
        ids = tuple(sorted(set(files)))
        names = tuple(sorted(set(sources)))
        if not ids and not names:
            return
        tests = []
        if ids:
            tests.append(f"_file IN ({', '.join('?' * len(ids))})")
        if names:
            tests.append(f"source IN ({', '.join('?' * len(names))})")
        condition, params = f" WHERE {' OR '.join(tests)}", (*ids, *names)
        # a target's problems are stored under its file: replace those of the targets seen
        connection.execute(
            "DELETE FROM _problems WHERE phase = 'targets' AND _file IN "
            f"(SELECT DISTINCT _file FROM targets{condition})",
            params,
        )
        if names:  # (their files' other targets are checked again too: their problems went)
            condition = " WHERE _file IN (SELECT DISTINCT _file FROM targets" + condition + ")"
    else:
        connection.execute("DELETE FROM _problems WHERE phase = 'targets'")
    cursor = connection.execute(f"SELECT rowid, * FROM targets{condition}", params)
    while rows := cursor.fetchmany(CHUNK):
        updates = []
        found = []
        for row in rows:
            data = row[1:]
            where = where_of(paths, "targets", data)
            settled, problems = settler.settle(row_values("targets", data), where)
            assert settled is not None
            updates.append((*settled, row[0]))
            found += [(data[0], p) for p in problems]
        connection.executemany(
            "UPDATE targets SET metric_name = ?, region = ?, city = ?, level = ?, additive = ?, "
            "period_start = ?, period_end = ?, sentence = ? WHERE rowid = ?",
            updates,
        )
        store_problems(connection, "targets", found)


def store_problems(
    connection: sqlite3.Connection, phase: str, found: Iterable[tuple[int | None, Problem]]
) -> None:
    connection.executemany(
        "INSERT INTO _problems VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(f, phase, str(p.file), p.line, p.column, p.record, p.message) for f, p in found],
    )


# The tables whose records are known by a key, and what a duplicate of it is called.
KEYED = (
    ("sources", "id", "source id"),
    ("orgs", "id", "org id"),
    ("metrics", "name", "metric name"),
    ("targets", "id", "target id"),
    ("outcomes", "id", "outcome id"),
)


def duplicates(connection: sqlite3.Connection, lines: Lines) -> list[Problem]:
    """Ids defined twice anywhere in the data: each later one, with where the first is."""
    return [found[-1] for found in duplicates_of(connection, lines)]


def duplicates_of(
    connection: sqlite3.Connection,
    lines: Lines,
    keys: Mapping[str, Iterable[str]] | None = None,
) -> list[tuple[str, str, int, int, Problem]]:
    """(table, id, file, ordinal, problem) of each later definition of an id defined
    twice: of every id (keys None), or only of the ids given for each table, each read
    by its index (an edit can change the duplicates of the ids its file holds alone)."""
    paths = FilePaths(lambda: connection)
    problems = []
    for table, key, what in KEYED:
        rows: list[tuple[Any, ...]]
        if keys is None:
            query = (
                f"SELECT {key}, _file, _ordinal FROM {table} WHERE {key} IN "
                f"(SELECT {key} FROM {table} GROUP BY 1 HAVING COUNT(*) > 1) "
                "ORDER BY 1, _file, _ordinal"
            )
            rows = connection.execute(query).fetchall()
        else:
            query = f"SELECT {key}, _file, _ordinal FROM {table} WHERE {key} = ? "
            query += "ORDER BY _file, _ordinal"
            rows = []
            for ident in sorted(set(keys.get(table, ()))):
                found = connection.execute(query, (ident,)).fetchall()
                if len(found) > 1:
                    rows += found
        first: dict[str, Problem] = {}
        for ident, file_id, ordinal in rows:
            where = where_of(paths, table, (file_id, ordinal))
            if ident not in first:
                first[ident] = lines.locate(where, None, "", ident)
                continue
            earlier = first[ident]
            message = (
                f"duplicate {what} {shown(ident)}; first defined at {earlier.file}:{earlier.line}"
            )
            problems.append(
                (table, ident, file_id, ordinal, lines.locate(where, None, message, ident))
            )
    return problems


def _targets_by_id(
    connection: sqlite3.Connection, ids: Iterable[str], columns: str
) -> list[tuple[Any, ...]]:
    """Columns of the targets with these ids, asked 500 at a time (SQLite bounds how many
    parameters a statement takes)."""
    wanted = sorted(set(ids))
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        query = f"SELECT {columns} FROM targets WHERE id IN ({', '.join('?' * len(part))})"
        found += connection.execute(query, part).fetchall()
    return found


def restatements(connection: sqlite3.Connection, lines: Lines) -> list[Problem]:
    """Each `same_as` that does not name another target first stated: itself, an id no
    target has, a target that restates another in turn, or a circle of them."""
    paths = FilePaths(lambda: connection)
    # (sorted here: an ORDER BY would have SQLite read every target by the file index,
    # not these few by the index on same_as)
    rows = connection.execute(
        "SELECT id, same_as, _file, _ordinal FROM targets WHERE same_as IS NOT NULL"
    ).fetchall()
    rows.sort(key=lambda row: (row[2], row[3]))
    if not rows:
        return []
    onward = {ident: other for ident, other, _file, _ordinal in rows}
    known = {row[0] for row in _targets_by_id(connection, onward.values(), "id")}
    problems = []
    sought = Sought()  # (the first wrong ids in the order of the data get hints)
    for ident, other, file_id, ordinal in rows:
        message = _restatement_problem(ident, other, onward, known, connection, sought)
        if message is not None:
            where = where_of(paths, "targets", (file_id, ordinal))
            problems.append(lines.locate(where, "same_as", message, ident))
    return problems


def _restatement_problem(
    ident: str,
    other: str,
    onward: dict[str, str],
    known: set[str],
    connection: sqlite3.Connection,
    sought: Sought,
) -> str | None:
    if other == ident:
        return (
            f"same_as is {shown(ident)}, this target itself; name the target it restates, "
            "or remove same_as"
        )
    if other not in known:
        hint = _closest_ids(other, ident, connection, sought)
        return f"same_as {shown(other)} is not a target id{hint}"
    if other not in onward:
        return None  # the one it names is first stated: right
    chain = [ident, other]
    while chain[-1] in onward and onward[chain[-1]] not in chain:
        chain.append(onward[chain[-1]])
    if chain[-1] in onward:  # it leads back into the chain: a circle
        steps = " → ".join(shown(i) for i in (*chain, onward[chain[-1]]))
        return (
            f"same_as goes round in a circle: {steps}; the target first stated has no "
            "same_as, and each restatement names it"
        )
    return (
        f"same_as {shown(other)} restates {shown(onward[other])} in turn; "
        f"name the target first stated: same_as = {shown(chain[-1])}"
    )


def revisions(connection: sqlite3.Connection, lines: Lines) -> list[Problem]:
    """Each `revises` that does not name an earlier figure of the same target: itself, an id
    no target has, another org's or another metric's target, a circle, a figure revised
    twice, or a target that says both that it repeats a figure and that it changes one."""
    paths = FilePaths(lambda: connection)
    rows = connection.execute(
        "SELECT id, revises, same_as, org, COALESCE(metric_name, metric), _file, _ordinal "
        "FROM targets WHERE revises IS NOT NULL"
    ).fetchall()
    rows.sort(key=lambda row: (row[5], row[6]))  # (as restatements: by the index on revises)
    if not rows:
        return []
    onward = {row[0]: row[1] for row in rows}
    columns = "id, org, COALESCE(metric_name, metric)"
    # id -> (org, metric) of each target revised
    named = {i: (o, m) for i, o, m in _targets_by_id(connection, onward.values(), columns)}
    first_reviser: dict[str, str] = {}
    problems = []
    sought = Sought()  # (the first wrong ids in the order of the data get hints)
    for ident, other, same_as, org, metric, file_id, ordinal in rows:
        message = _revision_problem(
            ident, other, same_as, org, metric, onward, named, connection, sought
        )
        if message is None and other in first_reviser:
            message = (
                f"revises {shown(other)}, which {shown(first_reviser[other])} revises already; "
                f"a figure has one next figure: revises = {shown(first_reviser[other])}"
            )
        first_reviser.setdefault(other, ident)
        if message is not None:
            where = where_of(paths, "targets", (file_id, ordinal))
            problems.append(lines.locate(where, "revises", message, ident))
    return problems


def _revision_problem(
    ident: str,
    other: str,
    same_as: str | None,
    org: str,
    metric: str,
    onward: dict[str, str],
    named: dict[str, tuple[str, str]],
    connection: sqlite3.Connection,
    sought: Sought,
) -> str | None:
    if same_as is not None:
        return (
            f"both same_as {shown(same_as)} and revises {shown(other)} are set; a "
            "restatement repeats a figure (same_as), a revision changes it (revises): keep one"
        )
    if other == ident:
        return (
            f"revises is {shown(ident)}, this target itself; name the earlier target whose "
            "figure it changes, or remove revises"
        )
    if other not in named:
        hint = _closest_ids(other, ident, connection, sought)
        return f"revises {shown(other)} is not a target id{hint}"
    their_org, their_metric = named[other]
    if their_org != org:
        return (
            f"revises {shown(other)}, a target of {their_org}, but this target is {org}'s; "
            f"a revision changes its own org's figure: name an earlier target of {org}"
        )
    if their_metric != metric:
        return (
            f"revises {shown(other)}, a target of metric {their_metric}, but this target is "
            f"of {metric}; a revision changes the figure of the same metric"
        )
    chain = [ident, other]
    while chain[-1] in onward and onward[chain[-1]] not in chain:
        chain.append(onward[chain[-1]])
    if chain[-1] in onward:  # it leads back into the chain: a circle
        steps = " → ".join(shown(i) for i in (*chain, onward[chain[-1]]))
        return (
            f"revises goes round in a circle: {steps}; the first figure has no revises, "
            "and each later one names the one before it"
        )
    return None


def _closest_ids(given: str, own: str, connection: sqlite3.Connection, sought: Sought) -> str:
    """'; did you mean a, b?' with the known target ids closest to one typed (not its own),
    for the first HINTED distinct ids `sought` is asked about; after those, says so."""
    if not sought.allows(given[:100]):
        return NOT_SOUGHT.format(what="ids")
    close = [i for i in _ids_close_to(given[:100], connection) if i != own][:3]
    return f"; did you mean {', '.join(close)}?" if close else ""


class _TargetIds:
    """Every target id of one state of the table, and each typed id's close ones in it."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.changes = connection.total_changes
        self.ids = [row[0] for row in connection.execute("SELECT id FROM targets")]
        self.close: dict[str, list[str]] = {}


_IDS: list[_TargetIds] = []  # (the last table read: one a run, however many wrong ids)


def _ids_close_to(given: str, connection: sqlite3.Connection) -> list[str]:
    """The four ids most like `given` and at least half like it, closest first (ties:
    the later id first): difflib's order, so dropping a target's own id from them leaves
    the three difflib gives without it. The ids are read once while the table is
    unchanged, not once a wrong id."""
    if not _IDS or _IDS[0].connection is not connection:
        _IDS[:] = [_TargetIds(connection)]
    elif _IDS[0].changes != connection.total_changes:
        _IDS[0] = _TargetIds(connection)
    table = _IDS[0]
    close = table.close.get(given)
    if close is None:
        close = table.close[given] = closest_names(given, table.ids, 4, 0.5)
    return close
