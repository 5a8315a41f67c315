"""Datasette's metadata for the published database: the title, the source with its
citation, the licence, a description for every column, facets, labels that follow the
foreign keys, and saved queries for the questions users ask.

Everything said of the data comes from the database itself (the sources table, the
column table of schema.py); nothing here is made up about it.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any
from urllib.parse import quote

from .schema import COLUMNS, VIEW_COLUMNS

TITLE = "Development targets stated by Chinese local governments"
DESCRIPTION = (
    "Every target stated in the sources below, each with the verbatim words that state it. "
    "A county-level unit's figure may be added only to its own city's other units' "
    "(targets.additive = 1); the `totals` and `coverage` tables give the sums the "
    "`targets` command gives, worked out by its own rules, with their bounds, beside each "
    "region's own goal, at every level (a city's units, a province's cities)."
)
LICENSE = (
    "The curated records: MIT, as the targets project. The source texts are quoted "
    "verbatim for reference and remain their authors'."
)

TABLE_DESCRIPTIONS = {
    "targets": "One row per target: the figure as stated, its bound, whose figure it is "
    "(level), whether it may be added (additive), and the quote that states it.",
    "sources": "The texts the targets are read from: bundled ones whole (text), cited ones "
    "(file and text NULL) by their address (url) and the day the curator found them there "
    "(retrieved).",
    "orgs": "The regions (provinces, cities, county-level units) and their departments, "
    "each with its parent.",
    "org_aliases": "Other names of the orgs.",
    "metrics": "What is measured, and whether its figures add up.",
    "metric_aliases": "Every other wording the sources use for a metric.",
    "units": "Units as the sources write them, and how they convert.",
    "firmness_words": "The words that say how firm a target is, strongest first.",
    "outcomes": "Results reported for targets, with the public report that gives each.",
    "not_targets": "Figures of a source that state no target, and why.",
    "not_found": "Figures searched for and not found: an org's target or outcome for the "
    "listed metrics in a period, with the curator's note on the search (the record of it "
    "is in docs/levels-searched.md); `targets cascade` says them as 'searched, not found'.",
    "progress": "Each target's status against its outcomes, worked out by the tool; a "
    "target said in several documents has one row, as `targets progress` counts it (a "
    "restatement, same_as, or an earlier figure revised later has none: targets.left_out "
    "says why). The query `target_progress` gives what "
    "`targets progress` gives: each target once, with its figure and result.",
    "totals": "Per metric, region, period and unit: the parts' total with its bound (a "
    "city's county-level units, a province's cities), the number of parts added, and the "
    "region's own figure beside it with the share; filled by the rule `targets sum` uses. "
    "The query `metric_total` gives what `targets sum` gives: the parts added and the "
    "figures left out too.",
    "coverage": "Do the parts' pledges add up to their region's own goal? One row per "
    "comparison, at every level; a part is set only beside its own parent's figure. Filled "
    "by the rule `targets coverage` uses.",
    "cascade": "Each metric down the levels of government (层层加码): a figure against the "
    "nearest goal above it, in points, for rates; a region's children's goals added and set "
    "beside the nearest goal at or above it, with the bound and share, for amounts. Worked "
    "out by the rule `targets cascade` uses; the query `metric_cascade` gives one metric's.",
    "org_names": "Every name an org goes by.",
    "metric_names": "Every name a metric goes by.",
}

# The column descriptions stay on a table's page, in a short box that scrolls, so that
# the rows are on the first screen; a long text cell is kept narrow.
CSS = (
    "dl.column-descriptions{max-height:4.5em;overflow-y:auto;font-size:.85em;"
    "border:1px solid #ccc;padding:.2em .5em}"
    "dl.column-descriptions dd{margin-bottom:.2em}"
    "td.col-quote,td.col-sentence,td.col-note{min-width:12em;max-width:28em}"
    ".facet-info ul{max-height:4.4em;overflow-y:auto}.facet-info h3{margin:.2em 0}"
)

LABELS = {
    "orgs": "label",
    "metrics": "name",
    "sources": "title",
    "units": "symbol",
    "targets": "quote",  # a link to a target shows what it says, not only its id
    "outcomes": "id",
}

QUERIES: dict[str, dict[str, str]] = {
    "region_targets": {
        "title": "What did a region commit to?",
        "description": "Every target of a region or org, by any of its names "
        "(台山, 台山市, Taishan), in the order of the source.",
        "sql": """SELECT t.id, r.label AS region, o.label AS org, t.metric, t.subject,
    t.kind, t.comparator, t.value, t.value_max, t.unit, t.firmness, t.period, t.quote
FROM targets AS t
JOIN orgs AS r ON r.id = t.region
JOIN orgs AS o ON o.id = t.org
WHERE t.region IN (SELECT org FROM org_names WHERE name = :region)
   OR t.org IN (SELECT org FROM org_names WHERE name = :region)
ORDER BY t.position""",
    },
    "metric_total": {
        "title": "The total of a metric",
        "description": "The county-level units' total of a metric (by name or alias), with "
        "its bound, the parts added, the units that stated no figure, those that stated "
        "a related metric only (another scope: never added) and the figures left "
        "out (with why), beside the city's own figure: what `targets sum --metric M` gives.",
        "sql": """SELECT metric, city, period, units, bound, total, total_max, unit,
    (SELECT group_concat(part, '; ') FROM (
        SELECT p.region || ' ' || CASE p.comparator WHEN '=' THEN '' ELSE p.comparator END
            || p.value || coalesce('-' || p.value_max, '') || p.unit || ' (' || p.id || ')'
            AS part
        FROM targets AS p
        WHERE p.metric = totals.metric AND p.total_role = 'part'
          AND p.city IS totals.city AND p.period IS totals.period
        ORDER BY p.position)) AS parts,
    city_target, city_value, city_unit, share,
    (SELECT group_concat(value, '、') FROM json_each(totals.silent)) AS silent,
    (SELECT group_concat(figure, '; ') FROM (
        SELECT r.region || ' ' || r.metric || ' '
            || CASE r.comparator WHEN '=' THEN '' ELSE coalesce(r.comparator, '') END
            || coalesce(r.value || r.unit, r.wording, '') || ' (' || r.id || ')' AS figure
        FROM targets AS r
        WHERE r.region IN (SELECT value FROM json_each(totals.related))
          AND r.metric IN (SELECT value FROM metrics AS m, json_each(m.related)
                           WHERE m.name = totals.metric)
        ORDER BY r.position)) AS related,
    (SELECT group_concat(figure, '; ') FROM (
        SELECT coalesce(l.subject, l.region) || ' ' || coalesce(l.value || l.unit, l.wording)
            || ' (' || l.id
            || ': ' || l.left_out || ')' AS figure
        FROM targets AS l
        WHERE l.metric = totals.metric AND l.left_out IS NOT NULL AND l.city IS totals.city
          AND (l.period IS totals.period OR l.left_out = 'no_year')
        ORDER BY l.position)) AS left_out
FROM totals
WHERE metric IN (SELECT metric FROM metric_names WHERE name = :metric)
ORDER BY city, period""",
    },
    "target_progress": {
        "title": "Progress: each target's result",
        "description": "Each target once (a restatement, same_as, is left out and named "
        "beside the target it restates), with its figure, its status against the reported "
        "outcomes and the margin: what `targets progress` gives.",
        "sql": """SELECT t.id, r.label AS region, t.metric, p.status, t.comparator, t.value,
    t.value_max, t.unit, t.period, p.outcome_value, p.outcome_unit, p.outcome_period,
    p.margin, p.margin_unit, p.status_reason, t.firmness, t.quote,
    (SELECT group_concat(s.id, ' ') FROM targets AS s WHERE s.same_as = t.id) AS restated_by
FROM progress AS p
JOIN targets AS t ON t.id = p.target
JOIN orgs AS r ON r.id = t.region
WHERE t.same_as IS NULL OR t.same_as NOT IN (SELECT id FROM targets)
ORDER BY t.position""",
    },
    "metric_cascade": {
        "title": "Cascade: one metric down the levels",
        "description": "What `targets cascade --metric M` gives as its amplification: each "
        "figure against the nearest goal above it (points), each region's children's total "
        "against the nearest goal at or above it (share), a level with no goal skipped.",
        "sql": """SELECT c.period, c.kind, c.parent, c.parent_value, c.parent_unit,
    c.parent_comparator, c.skipped, c.child, c.child_org, c.pledge, c.child_value,
    c.child_unit, c.child_comparator, c.points, c.points_comparator, c.parts, c.total,
    c.total_max, c.total_comparator, c.share, c.parent_target, c.child_target
FROM cascade AS c
WHERE c.metric IN (SELECT metric FROM metric_names WHERE name = :metric)
ORDER BY c.rowid""",
    },
    "city_coverage": {
        "title": "Coverage of the city's goals",
        "description": "For every metric where a city and its county-level units both "
        "stated figures: the units' total (or each unit's rate) beside the city's goal.",
        "sql": """SELECT metric, city, period, city_value, city_unit, county_region,
    county_comparator, county_value, county_unit, units, share, points, silent
FROM coverage
ORDER BY metric, city, period""",
    },
    "targets_by_firmness": {
        "title": "Targets by firmness",
        "description": "How many targets each firmness word (确保, 力争, 争取...) and level "
        "(ensure, strive, try) carries, firmest first; give a word or level to list them.",
        "sql": """SELECT f.strength, f.level, f.word, count(t.id) AS targets,
    group_concat(t.id, ' ') AS ids
FROM firmness_words AS f
LEFT JOIN targets AS t ON t.firmness = f.word
WHERE :firmness = '' OR f.word = :firmness OR f.level = :firmness
GROUP BY f.word
ORDER BY f.strength, targets DESC""",
    },
}


def _columns(table: str) -> dict[str, str]:
    if table in COLUMNS:
        return {name: description for name, _, description in COLUMNS[table]}
    return dict(VIEW_COLUMNS[table])


def _source_line(db: sqlite3.Connection) -> str:
    citations = [row[0] for row in db.execute("SELECT citation FROM sources ORDER BY rowid")]
    return "; ".join(citations)


def metadata(db: sqlite3.Connection) -> dict[str, Any]:
    """Datasette's metadata.json for the published database open in `db`."""
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
        )
    ]
    tables: dict[str, dict[str, Any]] = {}
    for name in names:
        entry: dict[str, Any] = {
            "description": TABLE_DESCRIPTIONS.get(name, ""),
            "columns": _columns(name),
        }
        if name in LABELS:
            entry["label_column"] = LABELS[name]
        tables[name] = entry
    tables["targets"]["facets"] = ["region", "metric", "category", "firmness", "level"]
    tables["targets"]["sort"] = "position"
    tables["orgs"]["sort"] = "position"
    urls = [row[0] for row in db.execute("SELECT url FROM sources WHERE url IS NOT NULL")]
    # the answer on the first screen; "Show SQL" gives the SQL
    queries = {name: {**query, "hide_sql": True} for name, query in QUERIES.items()}
    document: dict[str, Any] = {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": LICENSE,
        "source": _source_line(db),
        "extra_css_urls": ["data:text/css," + quote(CSS)],
        "databases": {"targets": {"tables": tables, "queries": queries}},
    }
    if len(urls) == 1:
        document["source_url"] = urls[0]
    return document


def metadata_text(db: sqlite3.Connection) -> str:
    return json.dumps(metadata(db), ensure_ascii=False, indent=2) + "\n"
