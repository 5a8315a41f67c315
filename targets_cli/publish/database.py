"""The published database, written from the index without holding the dataset in memory.

The output file is attached to the index's connection and filled with INSERT ... SELECT:
the targets never become Python objects, whatever their number. The catalogues (orgs,
metrics, sources, outcomes) are small and come from the index's catalogue. What needs the
tool's own rules in Python (a target that restates another, a target's status against its
outcomes) is worked out for just the rows it concerns.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from ..errors import DataError, OutputError, Problem
from ..rules.levels import city_of
from ..rules.model import Dataset, Source, Target
from ..rules.outcomes import NO_OUTCOME, UNKNOWN
from ..rules.related import related_names
from ..rules.units import catalogue
from ..rules.wording import FIRMNESS_LEVEL, FIRMNESS_ORDER
from .schema import (
    BOUND_OF,
    BOUND_SQL,
    COLUMNS,
    EXPORT_VERSION,
    MIXED_BOUND,
    TABLE_ORDER,
    VIEWS,
    index_ddl,
    table_ddl,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..data.index import Index

SCHEMA = "published"


def _columns(table: str) -> list[str]:
    return [name for name, _, _ in COLUMNS[table]]


def _insert(db: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    names = _columns(table)
    marks = ", ".join(f":{name}" for name in names)
    db.executemany(f"INSERT INTO {SCHEMA}.{table} VALUES ({marks})", rows)


def _json(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def citation(source: Source) -> str:
    """How to cite a source, from what the data gives of it (nothing made up)."""
    parts = [f"“{source.title}”"]
    if source.event:
        parts.append(source.event)
    if source.publisher:
        parts.append(source.publisher)
    parts.append(source.published or str(source.year))
    text = ", ".join(parts)
    if source.bylines:
        text += f"; by {'、'.join(source.bylines)}"
    if source.url:
        text += f"; {source.url}"
    return text


def _source_text(index: Index, source: Source) -> str | None:
    """The source's text, read as the checks read it, and only if it is what they read
    (None: a cited source, whose text is not bundled)."""
    from ..data.loading import decode, read_bytes

    if source.file is None:
        return None
    raw = read_bytes(source.file)
    known = index.connection.execute(
        "SELECT sha256 FROM main._texts WHERE path = ?", (str(source.file),)
    ).fetchone()
    if known is None or known[0] != hashlib.sha256(raw).hexdigest():
        message = "changed since the data was checked; run the export again"
        raise DataError([Problem(source.file, message)])
    return decode(source.file, raw)


def _file_of(source: Source) -> str | None:
    """The source's path as the data file writes it: relative to that file."""
    import os

    if source.file is None:
        return None
    if source.where is None:
        return os.path.basename(source.file)
    folder = os.path.dirname(source.where.file) or "."  # (Path('x.toml').parent is '.')
    return Path(os.path.relpath(source.file, folder)).as_posix()


def _catalogue_rows(index: Index) -> dict[str, list[dict[str, Any]]]:
    dataset: Dataset = index.catalogue
    units = list(dataset.units) or catalogue()
    base: dict[str, str | None] = {}
    for unit in units:
        base.setdefault(unit.quantity, unit.symbol if unit.factor == 1 else None)
        if base[unit.quantity] is None and unit.factor == 1:
            base[unit.quantity] = unit.symbol
    strength = {level: n for n, level in enumerate(FIRMNESS_ORDER, 1)}
    return {
        "units": [
            # an alias (億元) has a row of its own, so that figures given in it join
            {
                "symbol": symbol,
                "quantity": u.quantity,
                "factor": u.factor,
                "base_unit": base[u.quantity],
                "name_en": u.name_en,
            }
            for u in units
            for symbol in (u.symbol, *u.aliases)
        ],
        "firmness_words": [
            {"word": word, "level": level, "strength": strength[level]}
            for word, level in FIRMNESS_LEVEL.items()
        ],
        "sources": [
            {
                "id": s.id,
                "file": _file_of(s),
                "title": s.title,
                "event": s.event,
                "year": s.year,
                "bylines": _json(s.bylines),
                "publisher": s.publisher,
                "published": s.published,
                "url": s.url,
                "citation": citation(s),
                "text": _source_text(index, s),
                "retrieved": s.retrieved,
            }
            for s in dataset.sources.values()
        ],
        "orgs": [
            {
                "id": o.id,
                "kind": o.kind,
                "label": o.label,
                "name_en": o.name_en,
                "parent": o.parent,
                "city": city_of(dataset, o.id),
                "short": o.short,
                "pinyin": o.pinyin,
                "aliases": _json(o.aliases),
                "speaker": o.speaker,
                "speaker_title": o.speaker_title,
                "on_behalf_of": o.on_behalf_of,
                "position": n,
            }
            for n, o in enumerate(dataset.orgs.values(), 1)
        ],
        "org_aliases": [
            {"org": o.id, "alias": alias}
            for o in dataset.orgs.values()
            for alias in dict.fromkeys(o.aliases)
        ],
        "metrics": [
            {
                "name": m.name,
                "name_en": m.name_en,
                "dimension": m.dimension,
                "additive": int(m.additive),
                "category": m.category,
                "aliases": _json(m.aliases),
                "description": m.description,
                "related": _json(related_names(dataset, m.name)),
            }
            for m in dataset.metrics.values()
        ],
        "metric_aliases": [
            {"alias": alias, "metric": m.name}
            for m in dataset.metrics.values()
            for alias in dict.fromkeys(m.aliases)
        ],
        "outcomes": [
            {
                "id": o.id,
                "target": o.target,
                "value": o.value,
                "value_max": o.value_max,
                "unit": o.unit,
                "comparator": o.comparator,
                "wording": o.wording,
                "period": o.period,
                "preliminary": int(o.preliminary),
                "scope": o.scope,
                "publisher": o.publisher,
                "title": o.title,
                "published": o.published,
                "url": o.url,
                "note": o.note,
            }
            for o in dataset.outcomes
        ],
        "not_targets": [
            {"source": n.source, "figure": n.figure, "quote": n.quote, "reason": n.reason}
            for n in dataset.not_targets
        ],
        "not_found": [
            {
                "org": n.org,
                "period": n.period,
                "metrics": _json(n.metrics),
                "what": n.what,
                "note": n.note,
            }
            for n in dataset.not_found
        ],
    }


# (standing, total_role, left_out and additive are the rules' to say: _totals_and_coverage)
_RULED = {"standing": "''", "total_role": "NULL", "left_out": "NULL", "additive": "0"}
_TARGETS = f"""
INSERT INTO {SCHEMA}.targets ({", ".join(_columns("targets"))})
SELECT {", ".join(_RULED.get(c, c) for c in _columns("targets"))}
FROM (
    SELECT *, {BOUND_SQL} AS bound, ROW_NUMBER() OVER (ORDER BY _file, _ordinal) AS position
    FROM (
        SELECT t.id, t.org, o.name_en AS org_en, t.region, r.name_en AS region_en,
                t.city, t.level, t.subject, t.metric_name AS metric, m.name_en AS metric_en,
                m.category, m.dimension,
                COALESCE(t.kind, 'target') AS kind, t.value, t.value_max, t.unit,
                u.name_en AS unit_en, t.comparator,
                ROUND(t.value * u.factor, 6) AS base_value,
                ROUND(t.value_max * u.factor, 6) AS base_value_max, u.base_unit,
                t.wording, t.firmness, f.level AS firmness_level,
                t.period, t.period_start, t.period_end,
                t.same_as, t.outcome, t.source, t.quote, t.sentence, t.note,
                t.direction, t.about,
                -- who spoke in the document: the target's own, else its org's (speaker_of)
                CASE WHEN t.speaker IS NOT NULL OR t.speaker_title IS NOT NULL THEN t.speaker
                    ELSE o.speaker END AS speaker,
                CASE WHEN t.speaker IS NOT NULL OR t.speaker_title IS NOT NULL
                    THEN t.speaker_title ELSE o.speaker_title END AS speaker_title,
                t.revises,
                t._file, t._ordinal
            FROM main.targets AS t
            JOIN {SCHEMA}.orgs AS o ON o.id = t.org
            JOIN {SCHEMA}.orgs AS r ON r.id = t.region
            JOIN {SCHEMA}.metrics AS m ON m.name = t.metric_name
            LEFT JOIN {SCHEMA}.units AS u ON u.symbol = t.unit
            LEFT JOIN {SCHEMA}.firmness_words AS f ON f.word = t.firmness
            WHERE t.region IS NOT NULL
    )
)
"""


# The targets said in several documents: those with a link and those a link names (every
# statement of each such target: the rule below needs no other target built).
_LINKED = (
    "same_as IS NOT NULL OR revises IS NOT NULL OR id IN (SELECT same_as FROM main.targets) "
    "OR id IN (SELECT revises FROM main.targets)"
)


def _statements(db: sqlite3.Connection, index: Index) -> set[str]:
    """The targets said in several documents that are not the one counted, by the rule the
    commands use (rules.statements.superseded): a restatement or a revised figure."""
    from ..rules.statements import superseded

    linked = tuple(index.targets(_LINKED))
    catalogue = index.catalogue
    dataset = Dataset(catalogue.sources, catalogue.orgs, catalogue.metrics, linked)
    # (their left_out in the targets table is the totals rule's to say, which folds them
    # by the same rule: _totals_and_coverage)
    return set(superseded(dataset, linked))


def _progress(db: sqlite3.Connection, index: Index, left: set[str]) -> None:
    """Each target's status, worked out by the tool's rules (rules/outcomes.py); a target
    said in several documents once, as `targets progress` counts it (`left`: the others)."""
    skip = ", ".join("?" * len(left))
    db.execute(
        f"INSERT INTO {SCHEMA}.progress (target, status, status_reason) "
        f"SELECT id, '{UNKNOWN}', '{NO_OUTCOME}' FROM {SCHEMA}.targets "
        f"WHERE id NOT IN (SELECT target FROM {SCHEMA}.outcomes) AND (same_as IS NULL "
        f"OR same_as NOT IN (SELECT target FROM {SCHEMA}.outcomes)) AND id NOT IN ({skip}) "
        f"ORDER BY position",
        tuple(left),
    )
    if not index.catalogue.outcomes:
        return
    from ..rules.outcomes import assess_all, by_target

    chosen = [
        t
        for t in index.targets(
            "id IN (SELECT target FROM main.outcomes) "
            "OR same_as IN (SELECT target FROM main.outcomes)"
        )
        if t.id not in left
    ]
    grouped = by_target(index.catalogue.outcomes)
    rows = []
    for found in assess_all(index.catalogue, chosen, grouped):
        outcome = found.outcome
        rows.append(
            {
                "target": found.target.id,
                "status": found.status,
                "status_reason": found.reason,
                "outcome": outcome.id if outcome else None,
                "outcome_value": outcome.value if outcome else None,
                "outcome_unit": outcome.unit if outcome else None,
                "outcome_period": outcome.period if outcome else None,
                "margin": None if found.margin is None else round(float(found.margin), 4),
                "margin_unit": found.margin_unit,
            }
        )
    _insert(db, "progress", rows)


_REGIONS_IN_ONE_QUERY = 500


def _cascade(db: sqlite3.Connection, index: Index) -> None:
    """Each metric's amplification down the levels, by the rule `targets cascade` uses
    (rules/cascade.py): its `amplification` rows, for every period and region.

    Only the targets that can give a row are built, a metric at a time: those of a region
    whose own government set a goal for the metric, or under such a region."""
    from ..rules.cascade import amplifications, cascade
    from ..rules.levels import is_government

    dataset = index.dataset()
    orgs = dataset.orgs
    under: dict[str, list[str]] = {}
    for org in orgs.values():
        if org.is_region and org.parent:
            under.setdefault(org.parent, []).append(org.id)
    stated: dict[str, set[str]] = {}  # metric -> regions with a figure
    goals: dict[str, set[str]] = {}  # metric -> regions whose government set a figure
    pledged: dict[str, set[str]] = {}  # metric -> regions with a department's figure
    for metric, region, org in db.execute(
        "SELECT DISTINCT metric_name, region, org FROM main.targets "
        "WHERE region IS NOT NULL AND value IS NOT NULL"
    ):
        stated.setdefault(metric, set()).add(region)
        own = org in orgs and is_government(orgs[org], region)
        (goals if own else pledged).setdefault(metric, set()).add(region)
    rows: list[dict[str, Any]] = []
    order = {name: n for n, name in enumerate(dataset.metrics)}
    for metric in sorted(goals, key=lambda name: order.get(name, len(order))):
        regions: set[str] = set()
        for goal in goals[metric]:
            below: set[str] = set()
            todo = list(under.get(goal, ()))
            while todo:
                region = todo.pop()
                if region not in below:
                    below.add(region)
                    todo += under.get(region, ())
            found_below = below & stated[metric]
            if found_below or goal in pledged.get(metric, ()):  # something to set beside it
                regions |= {goal, *found_below}
        if not regions:
            continue
        chosen = sorted(regions & stated[metric])
        if len(chosen) <= _REGIONS_IN_ONE_QUERY:
            marks = ", ".join("?" * len(chosen))
            found = index.targets(f"metric_name = ? AND region IN ({marks})", (metric, *chosen))
        else:  # more than one statement may name: the metric's, kept by region here
            found = [t for t in index.targets("metric_name = ?", (metric,)) if t.region in regions]
        for row in amplifications(cascade(dataset, metric, found)):
            rows.append(
                row
                | {
                    "skipped": _json(tuple(row["skipped"])),
                    "pledge": int(row["pledge"]),
                    "skipped_not_found": json.dumps(row["skipped_not_found"], ensure_ascii=False),
                }
            )
        _insert(db, "cascade", rows)  # (a metric's rows at a time: memory holds one's)
        rows.clear()


def _figure_metrics(db: sqlite3.Connection) -> list[tuple[str, set[str]]]:
    """Every metric with a target, each with the regions that stated a figure for it
    (from the index: nothing built)."""
    stated: dict[str, set[str]] = {}
    for metric, region, value in db.execute(
        "SELECT DISTINCT metric_name, region, value IS NOT NULL FROM main.targets "
        "WHERE region IS NOT NULL"
    ):
        regions = stated.setdefault(metric, set())
        if value:
            regions.add(region)
    return list(stated.items())


def _number(value: Any) -> Any:
    """A figure as SQLite stores it (a Decimal as an int or a float)."""
    from decimal import Decimal

    from ..rules.units import plain

    return plain(value) if isinstance(value, Decimal) else value


def _totals_and_coverage(db: sqlite3.Connection, index: Index) -> None:
    """The `totals` and `coverage` tables, and where each target stands in them (the
    targets' standing, total_role, left_out and additive), by the rules `targets sum` and
    `targets coverage` use (rules/levels.py, rules/totals.py, rules/coverage.py,
    rules/related.py), a metric at a time: only one metric's targets (and its related
    metrics') are built at once."""
    from ..rules.coverage import coverage
    from ..rules.levels import parent_region_of, restated, standing
    from ..rules.related import related_names, split_silent
    from ..rules.totals import add_up
    from ..rules.units import UNITS
    from ..views.labels import share_value
    from ..views.sum import part_record, subtotal_record

    dataset = index.dataset()
    orgs = dataset.orgs
    order = {name: n for n, name in enumerate(dataset.metrics)}
    totals: list[dict[str, Any]] = []
    covered: list[dict[str, Any]] = []

    def parent(region: str) -> str | None:
        return parent_region_of(dataset, region)

    def under(regions: tuple[str, ...] | list[str], whole: str | None) -> str:
        return _json(tuple(r for r in dict.fromkeys(regions) if parent(r) == whole))

    def kind(region: str | None) -> str | None:
        org = orgs.get(region or "")
        return org.kind if org is not None else None

    figures = sorted(_figure_metrics(db), key=lambda item: order.get(item[0], len(order)))
    for name, regions in figures:
        metric = dataset.metrics.get(name)
        if metric is None:
            continue
        # each metric's rows are written before the next is built (the same rows in the
        # same order as all at once): memory holds one metric's, not the whole tables'
        _insert(db, "totals", totals)
        _insert(db, "coverage", covered)
        totals.clear()
        covered.clear()
        # coverage needs a region and its parent both with a figure; a total, an additive
        # metric (anything else has no row: nothing is built for it)
        nested = any(parent(r) in regions for r in regions)
        found = index.targets("metric_name = ?", (name,))
        roles: dict[str, tuple[str | None, str | None]] = {}  # id -> (total_role, left_out)
        if metric.additive:
            total = add_up(dataset, name, found)
            roles |= {left.target.id: (None, left.why) for left in total.left_out}
            for sub in total.subtotals:
                # a region's own figure is said as such, even where it is also a part of
                # its province's total (so that additive = 1 marks the county-level parts)
                roles |= {t.id: ("city", None) for t in (*sub.city, *sub.pledges)}
                roles |= {
                    p.target.id: ("part" if orgs[p.target.region].is_county_level else "city", None)
                    for p in sub.parts
                }
            others = related_names(dataset, name)
            related = []
            if others:
                marks = ", ".join("?" * len(others))
                near = index.targets(f"metric_name IN ({marks})", tuple(others))
                restates = restated(dataset, near)
                related = [t for t in near if t.id not in restates]
            quiet, stated = split_silent(total.silent, related)
            for sub in total.subtotals:
                record = subtotal_record(dataset, sub)
                where = {
                    "metric": name,
                    "metric_en": metric.name_en,
                    "city": sub.city_region,
                    "city_en": orgs[sub.city_region].name_en if sub.city_region in orgs else None,
                    "period": sub.period,
                    "quantity": UNITS[sub.unit].quantity,
                    "unit": sub.unit,
                    "units": len(sub.parts),
                    "total": record["total"],
                    "total_max": record["total_max"],
                    "comparator": record["comparator"],
                    "bound": None
                    if not sub.parts
                    else BOUND_OF.get(record["comparator"] or "", MIXED_BOUND),
                    "silent": under(quiet, sub.city_region),
                    "related": under([r.target.region for r in stated], sub.city_region),
                    "level": kind(sub.city_region),
                }
                beside: list[tuple[Target | None, int]] = [(c, 0) for c in sub.city]
                beside += [(p, 1) for p in sub.pledges]
                for goal, pledge in beside or [(None, 0)]:
                    figure = {} if goal is None else part_record(dataset, goal)
                    totals.append(
                        where
                        | {
                            "city_target": figure.get("id"),
                            "city_org": figure.get("org"),
                            "city_value": _number(figure.get("value")),
                            "city_unit": figure.get("unit"),
                            "city_comparator": figure.get("comparator"),
                            "share": None if goal is None else share_value(sub.share_of(goal)),
                            "pledge": pledge,
                        }
                    )
        db.executemany(
            f"UPDATE {SCHEMA}.targets SET standing = ?, total_role = ?, left_out = ?, "
            "additive = ? WHERE id = ?",
            [
                (
                    standing(dataset, t),
                    *roles.get(t.id, (None, None)),
                    int(roles.get(t.id, (None,))[0] == "part"),
                    t.id,
                )
                for t in found
            ],
        )
        if not nested:
            continue
        for item in coverage(dataset, found).found:
            if item.total is not None:
                for sub in item.subtotals_with_city:
                    record = subtotal_record(dataset, sub)
                    goals = [(c, 0) for c in sub.city] + [(p, 1) for p in sub.pledges]
                    for goal, pledge in goals:
                        covered.append(
                            {
                                "metric": name,
                                "metric_en": metric.name_en,
                                "additive": 1,
                                "city": sub.city_region,
                                "period": sub.period,
                                "city_target": goal.id,
                                "city_value": _number(goal.value),
                                "city_unit": goal.unit,
                                "city_comparator": goal.comparator,
                                "county_target": None,
                                "county_region": None,
                                "county_value": record["total"],
                                "county_unit": sub.unit,
                                "county_comparator": record["comparator"],
                                "units": len(sub.parts),
                                "share": share_value(sub.share_of(goal)),
                                "points": None,
                                "silent": under(item.silent, sub.city_region),
                                "level": kind(sub.city_region),
                                "city_org": goal.org,
                                "pledge": pledge,
                            }
                        )
                continue
            for gap in item.gaps:
                whole = parent(gap.target.region)
                covered.append(
                    {
                        "metric": name,
                        "metric_en": metric.name_en,
                        "additive": 0,
                        "city": whole,
                        "period": gap.target.period,
                        "city_target": gap.city.id,
                        "city_value": _number(gap.city.value),
                        "city_unit": gap.city.unit,
                        "city_comparator": gap.city.comparator,
                        "county_target": gap.target.id,
                        "county_region": gap.target.region,
                        "county_value": _number(gap.target.value),
                        "county_unit": gap.target.unit,
                        "county_comparator": gap.target.comparator,
                        "units": None,
                        "share": None,
                        "points": None if gap.points is None else _number(gap.points),
                        "silent": under(item.silent, whole),
                        "level": kind(whole),
                        "city_org": gap.city.org,
                        "pledge": 0,
                    }
                )
    _insert(db, "totals", totals)
    _insert(db, "coverage", covered)


def build(index: Index, path: Path) -> None:
    """Write the published database to `path` (an empty or new file)."""
    db = index.connection
    problems = index.problems()
    if problems:
        raise DataError(problems)
    rows = _catalogue_rows(index)  # (reads the source texts: before anything is written)
    left: set[str] = set()
    db.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(path),))
    try:
        db.execute(f"PRAGMA {SCHEMA}.journal_mode = OFF")  # a new file: all or nothing anyway
        db.execute(f"PRAGMA {SCHEMA}.synchronous = OFF")  # (synced once, when it is whole)
        db.execute("BEGIN")
        try:
            for table in TABLE_ORDER:
                db.execute(table_ddl(table, SCHEMA))
            for table in TABLE_ORDER:
                if table in rows:
                    _insert(db, table, rows.pop(table))  # (then freed: texts are large)
                if table == "targets":
                    db.execute(_TARGETS)
                    left = _statements(db, index)
            _progress(db, index, left)
            _cascade(db, index)
            _totals_and_coverage(db, index)
            for statement in index_ddl(SCHEMA):
                db.execute(statement)
            for statement in VIEWS.split(";"):
                if statement.strip():
                    db.execute(statement.replace("CREATE VIEW ", f"CREATE VIEW {SCHEMA}.", 1))
            db.execute(f"PRAGMA {SCHEMA}.user_version = {EXPORT_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    except sqlite3.Error as error:
        raise OutputError(f"cannot write the export: {error}") from None
    finally:
        db.execute(f"DETACH DATABASE {SCHEMA}")
