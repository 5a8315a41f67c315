"""The records of a dataset: sources, orgs, metrics and targets."""

from __future__ import annotations

from .records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

Number = int | float

CITY = "city"
DEPARTMENT = "department"
COUNTY_LEVEL_KINDS = ("district", "county-city")
PROVINCE = "province"
NATION = "nation"
# A government (江门市人民政府) speaks as its region: its figures are the region's goals,
# where a department's are its pledges.
GOVERNMENT = "government"
ORG_KINDS = (CITY, *COUNTY_LEVEL_KINDS, DEPARTMENT, PROVINCE, NATION, GOVERNMENT)
# Regions from the top down: a region's parent is of a level above its own.
LEVEL_KINDS: tuple[tuple[str, ...], ...] = ((NATION,), (PROVINCE,), (CITY,), COUNTY_LEVEL_KINDS)
# Orgs that speak for a region rather than being one.
SPEAKER_KINDS = (DEPARTMENT, GOVERNMENT)

TARGET = "target"
MILESTONE = "milestone"
TARGET_KINDS = (TARGET, MILESTONE)

COMPARATORS = (">", ">=", "=", "<=", "about")

DIMENSIONS = ("amount", "count", "rate", "share", "rank", "threshold", "milestone")
ADDITIVE_DIMENSIONS = ("amount", "count")

CATEGORIES = (
    "economy",
    "investment",
    "industry",
    "enterprises",
    "innovation",
    "talent",
    "rural",
    "platforms",
    "social",
    "recognition",
)


@dataclass(frozen=True, slots=True)
class Where:
    """Where a record was written: a data file and the record's ordinal in its table."""

    file: str  # the data file's path, as str(Path) writes it
    table: str
    index: int


@dataclass(frozen=True, slots=True)
class Source:
    """A document quoted: bundled as a text (`file`), or cited (no file: url, publisher)."""

    id: str
    file: str | None  # None: a cited source, whose text is not bundled
    title: str
    year: int
    event: str | None = None
    bylines: tuple[str, ...] = ()
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    where: Where | None = field(default=None, compare=False, repr=False)
    retrieved: str | None = None  # YYYY-MM-DD: when the curator found it at url

    @property
    def cited(self) -> bool:
        """Cited rather than bundled: its quotes cannot be held to a text."""
        return self.file is None


@dataclass(frozen=True, slots=True)
class Org:
    id: str
    kind: str
    name_en: str
    parent: str | None = None
    short: str | None = None
    pinyin: str | None = None
    aliases: tuple[str, ...] = ()
    speaker: str | None = None
    speaker_title: str | None = None
    on_behalf_of: str | None = None
    where: Where | None = field(default=None, compare=False, repr=False)

    @property
    def is_region(self) -> bool:
        """A nation, province, city or county-level unit is a region; a department or a
        government speaks for its parent."""
        return self.kind not in SPEAKER_KINDS

    @property
    def is_county_level(self) -> bool:
        return self.kind in COUNTY_LEVEL_KINDS

    @property
    def label(self) -> str:
        """The name people use in tables: 台山 rather than 台山市."""
        return self.short or self.id


def region_of(org: Org) -> str:
    """A region is its own; a department's or government's is its parent."""
    return org.id if org.is_region else (org.parent or org.id)


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    name_en: str
    dimension: str
    additive: bool
    category: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    where: Where | None = field(default=None, compare=False, repr=False)
    # Metrics of the same family with another scope (rules.related makes it symmetric)
    related: tuple[str, ...] = ()
    # Related metrics whose scopes do not overlap this one's: a family total may add them
    adds_with: tuple[str, ...] = ()
    signed: bool | None = None  # may a figure be negative? None: as its dimension says
    about: str | None = None  # how "about" (左右) is judged: ABOUT_READINGS


@dataclass(frozen=True, slots=True)
class Target:
    id: str
    org: str
    region: str
    metric: str
    kind: str
    period: str | None  # None: the text names no year ("no year stated")
    source: str
    quote: str
    value: Number | None = None
    value_max: Number | None = None
    unit: str | None = None
    comparator: str | None = None
    wording: str | None = None
    firmness: str | None = None
    subject: str | None = None
    outcome: str | None = None
    same_as: str | None = None  # the id of a target this one restates
    note: str | None = None
    where: Where | None = field(default=None, compare=False, repr=False)
    direction: str | None = None  # "down": a fall of value (能耗下降2%); None or "up": a rise
    about: str | None = None  # how "about" (左右) is judged, over the metric's reading
    # who stated it in its document; None: the org's speaker (the document names no other)
    speaker: str | None = None
    speaker_title: str | None = None
    revises: str | None = None  # the id of an earlier target whose figure this one changes

    @property
    def has_figure(self) -> bool:
        return self.value is not None


OUTCOME_COMPARATORS = (">", ">=", "=", "<", "<=", "about")
# What a result covers against the pledge, when not the same thing: "broader" counts
# more than the pledge names (all projects attracted, for a pledge of industrial ones).
OUTCOME_SCOPES = ("broader",)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A result reported for a target, with the public report that gives it."""

    id: str
    target: str
    value: Number
    unit: str
    period: str
    url: str
    publisher: str
    title: str | None = None  # None: the stored report does not show it
    published: str | None = None  # YYYY-MM-DD; None: the report shows no date
    value_max: Number | None = None
    comparator: str = "="  # as reported: 超1000亿元 is ">", 近1000 is "about"
    wording: str | None = None
    preliminary: bool = False  # 初步核算数 and the like
    scope: str | None = None  # "broader": the result counts more than the pledge names
    note: str | None = None  # the curator's own words, never a copied passage
    where: Where | None = field(default=None, compare=False, repr=False)
    direction: str | None = None  # "down": value is the size of a fall (下降3.1%)


@dataclass(frozen=True, slots=True)
class NotTarget:
    """A figure of a source that states no target, and why (a slogan, a date, a result)."""

    source: str
    figure: str  # as written: 1310, 1+6+3, 千亿
    quote: str  # a verbatim span of the source that holds the figure
    reason: str
    where: Where | None = field(default=None, compare=False, repr=False)


NOT_FOUND_WHAT = ("target", "outcome")


@dataclass(frozen=True, slots=True)
class NotFound:
    """A figure searched for and not found: an org's target or outcome for some metrics
    in a period (the search itself is recorded in docs/levels-searched.md)."""

    org: str
    period: str
    metrics: tuple[str, ...]
    what: str  # "target" or "outcome"
    note: str  # the curator's own words: what was searched, where the record is
    where: Where | None = field(default=None, compare=False, repr=False)


class Dataset:
    """Everything read from one data file or folder, cross-checked.

    The catalogues are whole; the targets come from `load_targets` when first asked
    for, so that an answer that needs a few (data.query.select asks the index for
    them) never builds them all.
    """

    __slots__ = (
        "_targets",
        "files",
        "load_targets",
        "metrics",
        "not_found",
        "not_targets",
        "orgs",
        "outcomes",
        "search",
        "sources",
        "units",
    )

    def __init__(
        self,
        sources: dict[str, Source],
        orgs: dict[str, Org],
        metrics: dict[str, Metric],
        targets: tuple[Target, ...] | None = None,
        files: tuple[str, ...] = (),
        outcomes: tuple[Outcome, ...] = (),
        not_targets: tuple[NotTarget, ...] = (),
        load_targets: Callable[[], tuple[Target, ...]] | None = None,
        search: Any = None,
        units: tuple[Any, ...] = (),
        not_found: tuple[NotFound, ...] = (),
    ):
        self.sources, self.orgs, self.metrics = sources, orgs, metrics
        self._targets = targets
        self.files, self.outcomes, self.not_targets = files, outcomes, not_targets
        self.load_targets = load_targets
        # data.index.Index when the targets can be queried there; None for a plain dataset
        self.search = search
        # the unit catalogue (rules.units.Unit) the data gives, or the bundled one
        self.units = units
        # figures searched for and not found ([[not_found]]): data.not_found asks them
        self.not_found = not_found

    @property
    def targets(self) -> tuple[Target, ...]:
        if self._targets is None:
            self._targets = self.load_targets() if self.load_targets else ()
        return self._targets

    def linked_targets(self) -> tuple[Target, ...]:
        """The targets a statement link (same_as, revises) joins: asked of the index when
        the targets are not built yet, so a rule that only follows the links never builds
        them all; a plain dataset gives every target (the rules skip the unlinked)."""
        if self._targets is None and self.search is not None:
            return tuple(self.search.linked_targets())
        return self.targets

    def with_targets(self, targets: tuple[Target, ...]) -> Dataset:
        """The same catalogues with other targets (a selection of these)."""
        return Dataset(
            self.sources,
            self.orgs,
            self.metrics,
            targets,
            self.files,
            self.outcomes,
            self.not_targets,
            units=self.units,
            not_found=self.not_found,
        )

    def metric_of(self, target: Target) -> Metric:
        return self.metrics[target.metric]

    def org_of(self, target: Target) -> Org:
        return self.orgs[target.org]


# Which way a target's figure goes: 下降 / 降低 2% is a fall of 2.
UP = "up"
DOWN = "down"
DIRECTIONS = (UP, DOWN)
# How a target of comparator "about" (左右) is judged: a floor (met when reached: the
# default), a ceiling (prices: 3%左右 is met by 0.2%), a level (met within
# ABOUT_TOLERANCE either side) or not at all (the status stays unclear).
ABOUT_FLOOR = "floor"
ABOUT_CEILING = "ceiling"
ABOUT_LEVEL = "level"
ABOUT_UNJUDGED = "unjudged"
ABOUT_READINGS = (ABOUT_FLOOR, ABOUT_CEILING, ABOUT_LEVEL, ABOUT_UNJUDGED)
# Dimensions whose figures may be negative unless the metric says otherwise: a growth
# rate can be a fall (固定资产投资 −18.2%); an amount, count or share cannot.
SIGNED_DIMENSIONS = ("rate",)


def signed(metric: Metric) -> bool:
    """May this metric's figures be negative?"""
    return metric.signed if metric.signed is not None else metric.dimension in SIGNED_DIMENSIONS


def about_reading(target: Target, metric: Metric | None) -> str:
    """How the target's "about" is judged: the target's word, else its metric's, else a floor."""
    return target.about or (metric.about if metric is not None else None) or ABOUT_FLOOR
