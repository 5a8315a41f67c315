"""The published database: its tables, with a description of every column. The
tool's own answers (`totals`, `coverage`, `progress`, `cascade`) are tables, filled by
the same rules the commands use (publish/database.py), never re-implemented in SQL.

One table of columns feeds the DDL, the CSV and JSON exports and Datasette's metadata.
The data's own fields take their descriptions from data/fields.py.
"""

from __future__ import annotations

from ..data.fields import TABLES
from ..rules.levels import WHY_MILESTONE, WHY_NARROWER, WHY_NO_YEAR, WHY_OTHER_LEVEL, WHY_SAME_AS
from ..rules.model import ABOUT_READINGS, ORG_KINDS
from ..rules.statements import WHY_REVISED
from ..rules.wording import COMPARATOR_EN

EXPORT_VERSION = 2

_FIELD = {table: {f.name: f.description for f in fields} for table, fields in TABLES.items()}
_REQUIRED = {table: {f.name for f in fields if f.required} for table, fields in TABLES.items()}


def _declared(table: str, name: str, declaration: str) -> str:
    """A data column's declaration: NOT NULL when data/fields.py requires the field."""
    if name in _REQUIRED[table] and "PRIMARY KEY" not in declaration:
        return (
            declaration.replace(" ", " NOT NULL ", 1)
            if " " in declaration
            else (f"{declaration} NOT NULL")
        )
    return declaration


_KINDS = ", ".join(f"'{kind}'" for kind in ORG_KINDS)
# The bound a comparator sets, as the commands say it in English.
BOUND_OF = {comparator: words for comparator, words in COMPARATOR_EN.items()}
MIXED_BOUND = "mixed bounds"

# table -> ((column, declaration, description), ...), in the order the columns are written
COLUMNS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "units": (
        ("symbol", "TEXT PRIMARY KEY", "The unit as the sources write it: 亿元, 个, %."),
        ("quantity", "TEXT NOT NULL", "What it measures; only units of one quantity convert."),
        ("factor", "INTEGER NOT NULL", "How many base units one of it is (亿元: 100000000 元)."),
        ("base_unit", "TEXT NOT NULL", "The base unit of its quantity (factor 1): 元, 人, 个."),
        ("name_en", "TEXT NOT NULL", "English name."),
    ),
    "firmness_words": (
        ("word", "TEXT PRIMARY KEY", "A firmness word as the sources write it: 确保, 力争."),
        ("level", "TEXT NOT NULL", "How firm: ensure, strive or try."),
        ("strength", "INTEGER NOT NULL", "1 for the firmest level (ensure), 3 for the least."),
    ),
    "sources": (
        ("id", "TEXT PRIMARY KEY", _FIELD["sources"]["id"]),
        ("file", "TEXT", _FIELD["sources"]["file"]),
        ("title", "TEXT NOT NULL", _FIELD["sources"]["title"]),
        ("event", "TEXT", _FIELD["sources"]["event"]),
        ("year", "INTEGER NOT NULL", _FIELD["sources"]["year"]),
        ("bylines", "TEXT NOT NULL", _FIELD["sources"]["bylines"] + " (a JSON array)"),
        ("publisher", "TEXT", _FIELD["sources"]["publisher"]),
        ("published", "TEXT", _FIELD["sources"]["published"]),
        ("url", "TEXT", _FIELD["sources"]["url"]),
        ("citation", "TEXT NOT NULL", "How to cite it, from the fields above alone."),
        (
            "text",
            "TEXT",
            "The whole verbatim text, in which every quote occurs; null for a cited source.",
        ),
        ("retrieved", "TEXT", _FIELD["sources"]["retrieved"]),
    ),
    "orgs": (
        ("id", "TEXT PRIMARY KEY", _FIELD["orgs"]["id"]),
        (
            "kind",
            f"TEXT NOT NULL CHECK (kind IN ({_KINDS}))",
            "city, district, county-city "
            "(a county-level city) or department (a city department, speaking for its city).",
        ),
        ("label", "TEXT NOT NULL", "The name tables show: the short name, else the full one."),
        ("name_en", "TEXT NOT NULL", _FIELD["orgs"]["name_en"]),
        ("parent", "TEXT REFERENCES orgs (id)", _FIELD["orgs"]["parent"]),
        ("city", "TEXT REFERENCES orgs (id)", "The city it belongs to (a city: itself)."),
        ("short", "TEXT", _FIELD["orgs"]["short"]),
        ("pinyin", "TEXT", _FIELD["orgs"]["pinyin"]),
        ("aliases", "TEXT NOT NULL", _FIELD["orgs"]["aliases"] + " (a JSON array)"),
        ("speaker", "TEXT", _FIELD["orgs"]["speaker"]),
        ("speaker_title", "TEXT", _FIELD["orgs"]["speaker_title"]),
        ("on_behalf_of", "TEXT", _FIELD["orgs"]["on_behalf_of"]),
        ("position", "INTEGER NOT NULL UNIQUE", "Order in the data files."),
    ),
    "org_aliases": (
        ("org", "TEXT NOT NULL REFERENCES orgs (id)", "The org."),
        ("alias", "TEXT NOT NULL", "Another name users may type for it."),
    ),
    "metrics": (
        ("name", "TEXT PRIMARY KEY", _FIELD["metrics"]["name"]),
        ("name_en", "TEXT NOT NULL", _FIELD["metrics"]["name_en"]),
        (
            "dimension",
            "TEXT NOT NULL",
            "What kind of figure: amount, count, rate, share, rank, threshold or milestone.",
        ),
        (
            "additive",
            "INTEGER NOT NULL CHECK (additive IN (0, 1))",
            "1: its figures may be added across regions (amounts and counts); 0: never.",
        ),
        ("category", "TEXT NOT NULL", _FIELD["metrics"]["category"]),
        ("aliases", "TEXT NOT NULL", _FIELD["metrics"]["aliases"] + " (a JSON array)"),
        ("description", "TEXT", _FIELD["metrics"]["description"]),
        (
            "related",
            "TEXT NOT NULL",
            "The metrics of the same family with another scope, either way round (a JSON "
            "array): a unit that states one of them is not silent on this one.",
        ),
    ),
    "metric_aliases": (
        ("alias", "TEXT PRIMARY KEY", "Another wording the sources use for a metric."),
        ("metric", "TEXT NOT NULL REFERENCES metrics (name)", "The metric it names."),
    ),
    "targets": (
        ("id", "TEXT PRIMARY KEY", _FIELD["targets"]["id"]),
        ("org", "TEXT NOT NULL REFERENCES orgs (id)", "The org that stated it."),
        ("org_en", "TEXT NOT NULL", "The org's English name."),
        (
            "region",
            "TEXT NOT NULL REFERENCES orgs (id)",
            "The region the figure is for: the org itself, or the city a department speaks for.",
        ),
        ("region_en", "TEXT NOT NULL", "The region's English name."),
        (
            "city",
            "TEXT REFERENCES orgs (id)",
            "The city of the region: a county-level unit's own parent city, never another's.",
        ),
        (
            "level",
            "TEXT NOT NULL",
            "Whose figure it is: city, county (a county-level unit's), "
            "department (a city department's, speaking for the city) or area (an area or set "
            "narrower than the region, or a threshold each member of a set must meet).",
        ),
        (
            "standing",
            "TEXT NOT NULL",
            "Where the figure stands for totals and coverage (the rule the commands use): "
            "county (for a whole county-level unit), city (for a whole region above it: a "
            "city, a province), or why neither: milestone (no figure), narrower (an area "
            "narrower than its region), other_level.",
        ),
        ("subject", "TEXT", _FIELD["targets"]["subject"]),
        (
            "metric",
            "TEXT NOT NULL REFERENCES metrics (name)",
            "The metric, by its canonical name (the sources' other wordings: metric_aliases).",
        ),
        ("metric_en", "TEXT NOT NULL", "The metric's English name."),
        ("category", "TEXT NOT NULL", "The metric's topic."),
        ("dimension", "TEXT NOT NULL", "The metric's kind of figure (metrics.dimension)."),
        ("kind", "TEXT NOT NULL", "target, or milestone (a concrete outcome, no figure)."),
        ("value", "NUMERIC", "The figure as stated, a number, in the unit of the `unit` column."),
        ("value_max", "NUMERIC", "Upper end of a stated range (1—2个), in `unit`."),
        ("unit", "TEXT REFERENCES units (symbol)", "The unit of value and value_max."),
        ("unit_en", "TEXT", "The unit's English name."),
        ("comparator", "TEXT", "The bound as a symbol: >, >=, =, <=, about."),
        (
            "bound",
            "TEXT",
            "The bound in words: "
            + ", ".join(f"{words} ({symbol})" for symbol, words in BOUND_OF.items()),
        ),
        (
            "base_value",
            "NUMERIC",
            "value in the base unit of its quantity (`base_unit`): "
            "5.7 万人 is 57000 人, 1000 亿元 is 100000000000 元.",
        ),
        ("base_value_max", "NUMERIC", "value_max in `base_unit`."),
        ("base_unit", "TEXT REFERENCES units (symbol)", "The unit of base_value: 元, 人, 个."),
        ("wording", "TEXT", _FIELD["targets"]["wording"]),
        ("firmness", "TEXT", _FIELD["targets"]["firmness"]),
        ("firmness_level", "TEXT", "How firm the word is: ensure, strive or try."),
        ("period", "TEXT", _FIELD["targets"]["period"]),
        ("period_start", "INTEGER", "First year of the period (NULL: no year stated)."),
        ("period_end", "INTEGER", "Last year of the period (NULL: no year stated)."),
        (
            "additive",
            "INTEGER NOT NULL CHECK (additive IN (0, 1))",
            "1: this row is added into its parent region's total for its metric, period and "
            "quantity (`totals`): an additive metric, a whole county-level unit, a stated year, "
            "not a restatement; SUM(base_value) WHERE additive = 1 gives the tool's totals of "
            "each city's units. 0: not added as a part (a city's goal is added into its "
            "province's total only when the province states one: `totals` has those).",
        ),
        (
            "total_role",
            "TEXT",
            "For an additive metric: part (added into its parent region's "
            "total), city (a region's own figure, government goal or department pledge, set "
            "beside its parts' total) or NULL (left out of totals; left_out says why).",
        ),
        (
            "left_out",
            "TEXT",
            "Why totals leave it out: "
            f"{WHY_MILESTONE}, {WHY_NARROWER}, {WHY_NO_YEAR} (the text names no year), "
            f"{WHY_SAME_AS} (it restates another target, which is counted), "
            f"{WHY_REVISED} (a later statement changed its figure; that one is counted), "
            f"{WHY_OTHER_LEVEL}.",
        ),
        ("same_as", "TEXT", _FIELD["targets"]["same_as"]),
        ("outcome", "TEXT", _FIELD["targets"]["outcome"]),
        ("source", "TEXT NOT NULL REFERENCES sources (id)", "The source that states it."),
        ("quote", "TEXT NOT NULL", _FIELD["targets"]["quote"]),
        ("sentence", "TEXT", "The whole sentence of the source around the quote."),
        ("note", "TEXT", _FIELD["targets"]["note"]),
        (
            "direction",
            "TEXT",
            "down: the figure is the size of a fall (能耗下降2% is value 2, direction down); "
            "NULL: a rise or a level.",
        ),
        (
            "about",
            "TEXT",
            "How this target's 左右 (comparator about) is judged, when it says so over its "
            "metric's word: " + ", ".join(ABOUT_READINGS) + ".",
        ),
        (
            "speaker",
            "TEXT",
            "Who stated it in its document: the target's own speaker, else its org's "
            "(the document names no other).",
        ),
        ("speaker_title", "TEXT", "That speaker's title, as the document (or the org) gives it."),
        (
            "revises",
            "TEXT",
            "The id of an earlier target whose figure this one changes: the newest figure "
            f"counts, and the earlier one is left out of totals and progress ({WHY_REVISED}).",
        ),
        ("position", "INTEGER NOT NULL UNIQUE", "Order in the data files."),
    ),
    "outcomes": tuple(
        (name, _declared("outcomes", name, kind), description)
        for name, kind, description in (
            ("id", "TEXT PRIMARY KEY", _FIELD["outcomes"]["id"]),
            ("target", "TEXT REFERENCES targets (id)", _FIELD["outcomes"]["target"]),
            ("value", "NUMERIC", "The figure as reported, a number, in `unit`."),
            ("value_max", "NUMERIC", _FIELD["outcomes"]["value_max"]),
            ("unit", "TEXT REFERENCES units (symbol)", _FIELD["outcomes"]["unit"]),
            ("comparator", "TEXT", _FIELD["outcomes"]["comparator"]),
            ("wording", "TEXT", _FIELD["outcomes"]["wording"]),
            ("period", "TEXT", _FIELD["outcomes"]["period"]),
            ("preliminary", "INTEGER", "1: " + _FIELD["outcomes"]["preliminary"]),
            ("scope", "TEXT", _FIELD["outcomes"]["scope"]),
            ("publisher", "TEXT", _FIELD["outcomes"]["publisher"]),
            ("title", "TEXT", _FIELD["outcomes"]["title"]),
            ("published", "TEXT", _FIELD["outcomes"]["published"]),
            ("url", "TEXT", _FIELD["outcomes"]["url"]),
            ("note", "TEXT", _FIELD["outcomes"]["note"]),
        )
    ),
    "not_found": (
        ("org", "TEXT NOT NULL REFERENCES orgs (id)", _FIELD["not_found"]["org"]),
        ("period", "TEXT NOT NULL", _FIELD["not_found"]["period"]),
        ("metrics", "TEXT NOT NULL", _FIELD["not_found"]["metrics"] + " (a JSON array)"),
        (
            "what",
            "TEXT NOT NULL CHECK (what IN ('target', 'outcome'))",
            _FIELD["not_found"]["what"],
        ),
        ("note", "TEXT NOT NULL", _FIELD["not_found"]["note"]),
    ),
    "not_targets": (
        ("source", "TEXT NOT NULL REFERENCES sources (id)", _FIELD["not_targets"]["source"]),
        ("figure", "TEXT NOT NULL", _FIELD["not_targets"]["figure"]),
        ("quote", "TEXT NOT NULL", _FIELD["not_targets"]["quote"]),
        ("reason", "TEXT NOT NULL", _FIELD["not_targets"]["reason"]),
    ),
    "progress": (
        ("target", "TEXT PRIMARY KEY REFERENCES targets (id)", "The target."),
        (
            "status",
            "TEXT NOT NULL",
            "Worked out by the tool from the target's bound and the "
            "result's: met, missed, unclear, not-comparable, or unknown (no outcome recorded).",
        ),
        ("status_reason", "TEXT", "Why, when met or missed would not say it all."),
        ("outcome", "TEXT REFERENCES outcomes (id)", "The outcome the status rests on."),
        ("outcome_value", "NUMERIC", "Its figure, in outcome_unit."),
        ("outcome_unit", "TEXT REFERENCES units (symbol)", "The unit of outcome_value."),
        ("outcome_period", "TEXT", "The year the result is for."),
        (
            "margin",
            "NUMERIC",
            "By how much: points for rates and shares (+ beaten, - missed, for a ceiling "
            "or a fall too), else the result as a share of the target (margin_unit says which).",
        ),
        ("margin_unit", "TEXT", "points or share."),
    ),
    # filled by the rule `targets cascade` uses (rules/cascade.py), one row per comparison
    "cascade": (
        ("metric", "TEXT NOT NULL REFERENCES metrics (name)", "The metric followed down."),
        ("period", "TEXT NOT NULL", "The period of both figures."),
        (
            "kind",
            "TEXT NOT NULL",
            "points: a figure against the nearest goal above it (metrics that do not add "
            "up); total: a region's children's goals added, against the nearest goal at or "
            "above it (amounts and counts).",
        ),
        (
            "parent",
            "TEXT REFERENCES orgs (id)",
            "The region whose goal the child is set beside: its own government's figure, "
            "never a department's pledge.",
        ),
        ("parent_target", "TEXT REFERENCES targets (id)", "That goal."),
        ("parent_value", "NUMERIC", "Its figure, in parent_unit."),
        ("parent_unit", "TEXT REFERENCES units (symbol)", "Its unit."),
        ("parent_comparator", "TEXT", "Its bound (about for 左右)."),
        (
            "skipped",
            "TEXT",
            "The regions between child and parent that set no goal of their own (JSON), "
            "nearest first: the child is set beside the next goal up.",
        ),
        (
            "child",
            "TEXT NOT NULL REFERENCES orgs (id)",
            "points: the region of the figure; total: the region whose children are added.",
        ),
        ("child_target", "TEXT REFERENCES targets (id)", "points: the figure."),
        (
            "child_org",
            "TEXT REFERENCES orgs (id)",
            "points: who stated it (a department for a pledge).",
        ),
        (
            "pledge",
            "INTEGER NOT NULL",
            "1: a department's pledge, set beside its own region's goal, never the goal.",
        ),
        ("child_value", "NUMERIC", "points: its figure, in child_unit."),
        ("child_unit", "TEXT REFERENCES units (symbol)", "points: its unit."),
        ("child_comparator", "TEXT", "points: its bound."),
        (
            "points",
            "NUMERIC",
            "points: child minus parent, in base units (rates: percentage points).",
        ),
        (
            "points_comparator",
            "TEXT",
            "The bound of the difference: about when either figure is 左右; else the bound "
            "of a sum of the child and the parent taken away (NULL: no bound holds).",
        ),
        ("parts", "INTEGER", "total: how many children's goals were added."),
        ("total", "NUMERIC", "total: their sum, in parent_unit's quantity, in the largest unit."),
        ("total_max", "NUMERIC", "total: the sum of the upper ends, when a part is a range."),
        ("total_comparator", "TEXT", "total: its bound, as `totals` gives it."),
        ("share", "NUMERIC", "total: the total as a share of the parent's goal (4 places)."),
        (
            "skipped_not_found",
            "TEXT NOT NULL",
            "Of the skipped regions, those the data says were searched for a figure that "
            "was not found, each with the curator's note (a JSON object: region to note; "
            "the not_found table has the entries).",
        ),
    ),
    # filled by the rule `targets sum` uses (rules/totals.py, rules/related.py), a row per
    # total and figure beside it: what `sum --metric M --json` gives, at every level
    "totals": (
        ("metric", "TEXT NOT NULL REFERENCES metrics (name)", "The metric (additive only)."),
        ("metric_en", "TEXT NOT NULL", "The metric's English name."),
        (
            "city",
            "TEXT REFERENCES orgs (id)",
            "The region whose parts are added: a city (its county-level units) or a province "
            "(its cities' own goals); `level` says which (NULL: units with no parent).",
        ),
        ("city_en", "TEXT", "Its English name."),
        ("period", "TEXT NOT NULL", "The period of the figures added."),
        ("quantity", "TEXT NOT NULL", "What the figures measure (units.quantity)."),
        (
            "unit",
            "TEXT NOT NULL REFERENCES units (symbol)",
            "The unit of total and total_max: the largest stated.",
        ),
        (
            "units",
            "INTEGER NOT NULL",
            "How many figures are added (0: only the region stated one).",
        ),
        ("total", "NUMERIC", "The parts' total, in `unit` (a range: the sum of the lower ends)."),
        (
            "total_max",
            "NUMERIC",
            "The sum of the upper ends, when a part is a range and the bound allows.",
        ),
        (
            "comparator",
            "TEXT",
            "The total's bound: > when a part says more than, >= when all floors "
            "are inclusive, = only when every part is exact; NULL when floors and ceilings mix.",
        ),
        ("bound", "TEXT", "The total's bound in words."),
        (
            "city_target",
            "TEXT REFERENCES targets (id)",
            "The region's own figure for the same metric and period, set beside the total "
            "(one row per such figure; NULL when the region stated none).",
        ),
        (
            "city_org",
            "TEXT REFERENCES orgs (id)",
            "Who stated it (the government or a department).",
        ),
        ("city_value", "NUMERIC", "Its value, in city_unit."),
        ("city_unit", "TEXT REFERENCES units (symbol)", "Its unit, as stated."),
        ("city_comparator", "TEXT", "Its bound."),
        (
            "share",
            "NUMERIC",
            "The parts' total as a share of that figure (above 1: the parts pledge more), "
            "rounded to 4 places.",
        ),
        (
            "silent",
            "TEXT NOT NULL",
            "The region's parts that stated nothing for the metric nor a related one (JSON).",
        ),
        (
            "related",
            "TEXT NOT NULL",
            "The region's parts that stated a related metric only: not silent, and their "
            "figures never added (JSON).",
        ),
        ("level", "TEXT", "The kind of the region in `city`: city or province."),
        (
            "pledge",
            "INTEGER NOT NULL CHECK (pledge IN (0, 1))",
            "1: the figure beside the total is a department's pledge, set beside its "
            "government's goal (which has a row of its own), never the goal.",
        ),
    ),
    # filled by the rule `targets coverage` uses (rules/coverage.py), one row per comparison
    "coverage": (
        ("metric", "TEXT NOT NULL REFERENCES metrics (name)", "The metric."),
        ("metric_en", "TEXT NOT NULL", "The metric's English name."),
        (
            "additive",
            "INTEGER NOT NULL CHECK (additive IN (0, 1))",
            "1: the parts' figures are added and set beside the region's; 0: each "
            "part's figure is set beside the region's (rates, shares).",
        ),
        (
            "city",
            "TEXT NOT NULL REFERENCES orgs (id)",
            "The region whose goal it is: a city (its parts: county-level units) or a province "
            "(its parts: cities); each part is covered only by its own parent's goal.",
        ),
        ("period", "TEXT NOT NULL", "The period."),
        ("city_target", "TEXT NOT NULL REFERENCES targets (id)", "The region's figure."),
        ("city_value", "NUMERIC", "Its value, in city_unit."),
        ("city_unit", "TEXT REFERENCES units (symbol)", "Its unit."),
        ("city_comparator", "TEXT", "Its bound."),
        (
            "county_target",
            "TEXT REFERENCES targets (id)",
            "For a metric that does not add up: the part's figure.",
        ),
        (
            "county_region",
            "TEXT REFERENCES orgs (id)",
            "For a metric that does not add up: the part.",
        ),
        (
            "county_value",
            "NUMERIC",
            "The parts' total (additive) or the part's figure, in county_unit.",
        ),
        ("county_unit", "TEXT REFERENCES units (symbol)", "Its unit."),
        ("county_comparator", "TEXT", "Its bound."),
        ("units", "INTEGER", "How many figures were added (additive metrics)."),
        ("share", "NUMERIC", "The parts' total as a share of the region's figure (4 places)."),
        (
            "points",
            "NUMERIC",
            "The part's figure minus the region's, in base units (rates: points).",
        ),
        (
            "silent",
            "TEXT NOT NULL",
            "The region's parts that stated nothing for the metric (JSON).",
        ),
        ("level", "TEXT", "The kind of the region in `city`: city or province."),
        ("city_org", "TEXT REFERENCES orgs (id)", "Who stated the region's figure."),
        (
            "pledge",
            "INTEGER NOT NULL CHECK (pledge IN (0, 1))",
            "1: the figure is a department's pledge, set beside the total as such (its "
            "government's goal has a row of its own), never the goal.",
        ),
    ),
}

# Columns of the views, for the metadata (the views' SQL is below: names only).
VIEW_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "org_names": (
        ("name", "A name an org goes by: its id, short name, pinyin, English name or alias."),
        ("org", "The org."),
    ),
    "metric_names": (
        ("name", "A name a metric goes by: its own or an alias."),
        ("metric", "The metric."),
    ),
}


def _bound(comparator: str) -> str:
    cases = " ".join(f"WHEN '{symbol}' THEN '{words}'" for symbol, words in BOUND_OF.items())
    return f"(CASE {comparator} {cases} END)"


def table_ddl(table: str, schema: str = "main") -> str:
    body = ",\n    ".join(f'"{name}" {declaration}' for name, declaration, _ in COLUMNS[table])
    extra = ",\n    PRIMARY KEY (org, alias)" if table == "org_aliases" else ""
    return f'CREATE TABLE {schema}."{table}" (\n    {body}{extra}\n);'


INDEXES = (
    ("targets", ("metric",)),
    ("targets", ("region",)),
    ("targets", ("org",)),
    ("targets", ("source",)),
    ("targets", ("city",)),
    ("targets", ("level",)),
    ("targets", ("period",)),
    ("targets", ("firmness",)),
    ("targets", ("metric", "city", "period")),
    ("targets", ("metric", "region")),
    ("orgs", ("parent",)),
    ("orgs", ("city",)),
    ("metric_aliases", ("metric",)),
    ("outcomes", ("target",)),
)


def index_ddl(schema: str = "main") -> list[str]:
    return [
        f"CREATE INDEX {schema}.{table}_{'_'.join(columns)} ON {table} ({', '.join(columns)});"
        for table, columns in INDEXES
    ]


_NAMES = """
CREATE VIEW org_names AS
SELECT id AS name, id AS org FROM orgs
UNION SELECT short, id FROM orgs WHERE short IS NOT NULL
UNION SELECT pinyin, id FROM orgs WHERE pinyin IS NOT NULL
UNION SELECT name_en, id FROM orgs
UNION SELECT alias, org FROM org_aliases;

CREATE VIEW metric_names AS
SELECT name, name AS metric FROM metrics
UNION ALL
SELECT alias, metric FROM metric_aliases;
"""

VIEWS = _NAMES

# The tables in the order they are filled (each after the ones it refers to).
TABLE_ORDER = (
    "units",
    "firmness_words",
    "sources",
    "orgs",
    "org_aliases",
    "metrics",
    "metric_aliases",
    "targets",
    "outcomes",
    "not_targets",
    "progress",
    "cascade",
    "totals",
    "coverage",
    "not_found",
)

BOUND_SQL = _bound("comparator")
