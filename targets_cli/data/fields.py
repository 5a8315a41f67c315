"""The fields of each table of a data file: one definition for the loader and the schema."""

from __future__ import annotations

from ..errors import shown
from ..rules.model import (
    ABOUT_READINGS,
    CATEGORIES,
    CITY,
    COMPARATORS,
    COUNTY_LEVEL_KINDS,
    DEPARTMENT,
    DIMENSIONS,
    DIRECTIONS,
    GOVERNMENT,
    NATION,
    NOT_FOUND_WHAT,
    ORG_KINDS,
    OUTCOME_COMPARATORS,
    OUTCOME_SCOPES,
    PROVINCE,
    TARGET_KINDS,
)
from ..rules.records import dataclass
from ..rules.wording import COMPARATOR_OF_WORDING, FIRMNESS_LEVEL

FORMAT_VERSION = 1
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
PERIOD_PATTERN = r"^[0-9]{4}(-[0-9]{4})?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
# Bounds of the figures a field may hold: 10^15 is more than any budget in yuan.
FIGURE_BOUNDS = (0, 10**15)
# A figure's bounds as a field checks them: it may be negative (a growth of -18.2%);
# whether its metric allows a sign is checked with the metric (data.checking).
SIGNED_BOUNDS = (-(10**15), 10**15)
YEAR_BOUNDS = (1900, 2100)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: str  # "string", "integer", "number", "boolean" or "strings"
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    bounds: tuple[int, int] | None = None  # lowest and highest value, for numbers

    def __init__(
        self,
        name: str,
        type: str,
        description: str,
        required: bool = False,
        choices: tuple[str, ...] = (),
        pattern: str | None = None,
        bounds: tuple[int, int] | None = None,
    ) -> None:
        # (written out: a hundred fields are made as every run starts, each by the
        # records' general __init__ several times slower; a field added above goes here too)
        put = object.__setattr__
        put(self, "name", name)
        put(self, "type", type)
        put(self, "description", description)
        put(self, "required", required)
        put(self, "choices", choices)
        put(self, "pattern", pattern)
        put(self, "bounds", bounds)

    @property
    def type_label(self) -> str:
        return {
            "string": "a string",
            "integer": "an integer",
            "number": "a number",
            "boolean": "true or false",
            "strings": "a list of strings",
        }[self.type]


def _text(name: str, description: str, **kw: object) -> Field:
    return Field(name, "string", description, **kw)  # type: ignore[arg-type]


SOURCE_FIELDS = (
    _text("id", "Stable ASCII slug, referenced by targets.", required=True, pattern=ID_PATTERN),
    _text(
        "file",
        "Path of the verbatim source text, relative to this file. Left out for a cited "
        "source (its text is not bundled): it then gives url, publisher and title.",
    ),
    _text(
        "title", "The title as the text (or, for a cited source, its page) gives it.", required=True
    ),
    Field("year", "integer", "The year the text calls 今年.", required=True, bounds=YEAR_BOUNDS),
    _text("event", "The occasion the text reports."),
    Field("bylines", "strings", "Reporters named in the text."),
    _text(
        "publisher",
        "Who published it: as the text names it; required for a cited source.",
    ),
    _text("published", "Date published, YYYY-MM-DD, only when the text or its page shows it."),
    _text(
        "url",
        "Where the text was found, http(s)://..., whether or not the text itself gives it; "
        "required for a cited source.",
    ),
    _text(
        "retrieved",
        "When the curator found it at url, YYYY-MM-DD.",
        pattern=DATE_PATTERN,
    ),
)

ORG_FIELDS = (
    _text("id", "Full Chinese name: 江门市, 台山市, 市发展改革委.", required=True),
    _text("kind", "What sort of org this is.", required=True, choices=ORG_KINDS),
    _text("name_en", "English label.", required=True),
    _text(
        "parent",
        "The org this one belongs to: a unit's city, a city's province, a department's region; "
        "only the top region has none.",
    ),
    _text("short", "Short name users type: 台山."),
    _text("pinyin", "Pinyin name: Taishan."),
    Field("aliases", "strings", "Other names users may type."),
    _text("speaker", "Who spoke for it."),
    _text("speaker_title", "The speaker's title as the text gives it."),
    _text("on_behalf_of", "Whom the speaker stood in for."),
)

METRIC_FIELDS = (
    _text("name", "Canonical Chinese name, unique.", required=True),
    _text("name_en", "English label.", required=True),
    _text("dimension", "What kind of figure it is.", required=True, choices=DIMENSIONS),
    Field("additive", "boolean", "May values be added across regions?", required=True),
    _text("category", "Topic used to group metrics.", required=True, choices=CATEGORIES),
    Field("aliases", "strings", "Every other wording the sources use for it."),
    _text("description", "What exactly is measured."),
    Field(
        "related",
        "strings",
        "Metrics of the same family with another scope (招商引资 and 引进项目总投资): a unit "
        "that states one is not silent on the other, but their figures are never added. "
        "One direction is enough.",
    ),
    Field(
        "adds_with",
        "strings",
        "Related metrics whose scopes do not overlap this one's, so that a family total "
        "(sum --related) may add their figures; left out, it never does.",
    ),
    Field(
        "signed",
        "boolean",
        "May a figure be negative (a fall)? Default: true for a rate, false otherwise.",
    ),
    _text(
        "about",
        "How a target of about a figure (左右) is judged: floor (the default: met when "
        "reached), ceiling (prices: 3%左右 is met by 0.2%), level (within 5% of the figure) "
        "or unjudged (status unclear).",
        choices=ABOUT_READINGS,
    ),
)

TARGET_FIELDS = (
    _text("id", "Stable ASCII slug, unique across the dataset.", required=True, pattern=ID_PATTERN),
    _text("org", "The org that stated it.", required=True),
    _text("metric", "A metric name or alias.", required=True),
    _text("kind", "target (default) or milestone.", choices=TARGET_KINDS),
    Field("value", "number", "The figure as stated, in unit.", bounds=SIGNED_BOUNDS),
    Field("value_max", "number", "Upper end of a stated range.", bounds=SIGNED_BOUNDS),
    _text("unit", "Unit as stated: a symbol or alias of [[units]]."),
    _text("comparator", "Derived from the wording.", choices=COMPARATORS),
    _text("wording", "The comparator word as written.", choices=tuple(COMPARATOR_OF_WORDING)),
    _text("firmness", "The firmness word as written.", choices=tuple(FIRMNESS_LEVEL)),
    _text(
        "period",
        "2024, or a stated year or range; left out when the text names no year.",
        pattern=PERIOD_PATTERN,
    ),
    _text("subject", "Area or set the figure covers when narrower than the region."),
    _text("outcome", "For a milestone: the concrete outcome promised."),
    _text(
        "same_as",
        "The id of a target this one restates (the same target said twice); totals count it once.",
        pattern=ID_PATTERN,
    ),
    _text("source", "A source id.", required=True),
    _text("quote", "Shortest verbatim span of the source stating it.", required=True),
    _text("note", "Curator's reason for a reading that is not obvious."),
    _text(
        "direction",
        "down: value is the size of a fall (能耗下降2%: value = 2); left out for a rise.",
        choices=DIRECTIONS,
    ),
    _text(
        "about", "How this target's 左右 is judged, over its metric's word.", choices=ABOUT_READINGS
    ),
    _text("speaker", "Who stated it in this document, when not the org's speaker."),
    _text("speaker_title", "That speaker's title as this document gives it."),
    _text(
        "revises",
        "The id of an earlier target (same org and metric) whose figure this one changes; "
        "the newest figure counts.",
        pattern=ID_PATTERN,
    ),
)

OUTCOME_FIELDS = (
    _text(
        "id", "Stable ASCII slug, unique across the outcomes.", required=True, pattern=ID_PATTERN
    ),
    _text("target", "The id of the target this result answers.", required=True, pattern=ID_PATTERN),
    Field(
        "value", "number", "The figure as reported, in unit.", required=True, bounds=SIGNED_BOUNDS
    ),
    Field("value_max", "number", "Upper end of a reported range.", bounds=SIGNED_BOUNDS),
    _text("unit", "Unit as reported: a symbol or alias of [[units]].", required=True),
    _text(
        "comparator",
        "The bound as reported: 超1000亿元 is >, 近1000 is about; default =.",
        choices=OUTCOME_COMPARATORS,
    ),
    _text("wording", "The bounding word as reported (超, 近, 达)."),
    _text("period", "The year the result is for.", required=True, pattern=PERIOD_PATTERN),
    Field("preliminary", "boolean", "A preliminary figure (初步核算数)."),
    _text(
        "scope",
        "broader: the result counts more than the pledge names (all projects, for a pledge "
        "of industrial projects); left out when it counts the same thing.",
        choices=OUTCOME_SCOPES,
    ),
    _text("publisher", "Who published the report.", required=True),
    _text("title", "The report's title, when the stored report shows it."),
    _text("published", "Date of the report, YYYY-MM-DD, when it shows one.", pattern=DATE_PATTERN),
    _text("url", "Where the report is public: http(s)://...", required=True, pattern=URL_PATTERN),
    _text("note", "The curator's note, in their own words: never a copied passage."),
    _text(
        "direction",
        "down: value is the size of a reported fall (下降3.1%: value = 3.1); a signed value "
        "(-3.1) says the same without it.",
        choices=DIRECTIONS,
    ),
)

UNIT_FIELDS = (
    _text("symbol", "The unit as the sources write it: 万吨, 亿元.", required=True),
    _text(
        "quantity",
        "What it measures (money, people, weight); only units of one quantity convert.",
        required=True,
    ),
    Field(
        "factor",
        "number",
        "How many of the quantity's base unit (factor 1) one of this is: 万吨 is 10000 (吨).",
        required=True,
        bounds=FIGURE_BOUNDS,
    ),
    _text("name_en", "English label.", required=True),
    Field("aliases", "strings", "Other spellings of the same unit: 億元 for 亿元."),
)

NOT_TARGET_FIELDS = (
    _text("source", "A source id.", required=True),
    _text(
        "figure",
        "The figure as written: 1310, 1+6+3, 千亿; or several of its quote, separated by "
        "', ' (a sentence of last year's results: 4,233.2亿元, 4.8%).",
        required=True,
    ),
    _text("quote", "A verbatim span of the source that holds the figure.", required=True),
    _text(
        "reason",
        "Why it states no target: a slogan, a date, a result already achieved.",
        required=True,
    ),
)

NOT_FOUND_FIELDS = (
    _text("org", "The org whose figure was searched for (an [[orgs]] id).", required=True),
    _text("period", "The year (or years) searched for.", required=True, pattern=PERIOD_PATTERN),
    Field("metrics", "strings", "The metrics searched for (names or aliases).", required=True),
    _text(
        "what",
        "target: the org's own target was searched for; outcome: its reported result.",
        required=True,
        choices=NOT_FOUND_WHAT,
    ),
    _text(
        "note",
        "In your own words: what was searched, and where the record of the search is "
        "(docs/levels-searched.md).",
        required=True,
    ),
)

TABLES: dict[str, tuple[Field, ...]] = {
    "sources": SOURCE_FIELDS,
    "orgs": ORG_FIELDS,
    "metrics": METRIC_FIELDS,
    "targets": TARGET_FIELDS,
    "outcomes": OUTCOME_FIELDS,
    "not_targets": NOT_TARGET_FIELDS,
    "units": UNIT_FIELDS,
    "not_found": NOT_FOUND_FIELDS,
}


# What each kind of org is for, from the top level down (every kind of ORG_KINDS).
KIND_USES = {
    NATION: "the country",
    PROVINCE: "a province: 广东省",
    CITY: "a city, a prefecture-level one too: 江门市",
    COUNTY_LEVEL_KINDS[0]: "a city's district: 蓬江区",
    COUNTY_LEVEL_KINDS[1]: "a county-level city: 台山市",
    GOVERNMENT: "a region's government, speaking as its region: 江门市人民政府",
    DEPARTMENT: "a region's department or bureau: 市科技局",
}


def kind_message(value: object) -> str:
    """An org's unknown kind: every kind and what it is for, and how a new one is added."""
    kinds = [*KIND_USES, *(k for k in ORG_KINDS if k not in KIND_USES)]
    listed = ", ".join(f"{k} ({KIND_USES[k]})" if k in KIND_USES else k for k in kinds)
    return (
        f"'kind' is {shown(value)}; expected one of: {listed}. The kinds are fixed because "
        "the rules of levels depend on them (a region's parent is of the level above); a new "
        "level is added in the code: ORG_KINDS and LEVEL_KINDS in targets_cli/rules/model.py, "
        "its rules in targets_cli/data/checking.py"
    )
