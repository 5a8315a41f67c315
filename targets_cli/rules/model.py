"""The records of a dataset: sources, orgs, metrics and targets."""

from __future__ import annotations

from pathlib import Path

from .records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

Number = int | float

CITY = "city"
DEPARTMENT = "department"
COUNTY_LEVEL_KINDS = ("district", "county-city")
ORG_KINDS = (CITY, *COUNTY_LEVEL_KINDS, DEPARTMENT)

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

    file: Path
    table: str
    index: int


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    file: Path
    title: str
    year: int
    event: str | None = None
    bylines: tuple[str, ...] = ()
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    where: Where | None = field(default=None, compare=False, repr=False)


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
        """A city or county-level unit is a region; a department speaks for its parent."""
        return self.kind != DEPARTMENT

    @property
    def is_county_level(self) -> bool:
        return self.kind in COUNTY_LEVEL_KINDS

    @property
    def label(self) -> str:
        """The name people use in tables: 台山 rather than 台山市."""
        return self.short or self.id


def region_of(org: Org) -> str:
    """A city or county-level unit is its own region; a department's is its parent."""
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


@dataclass(frozen=True, slots=True)
class NotTarget:
    """A figure of a source that states no target, and why (a slogan, a date, a result)."""

    source: str
    figure: str  # as written: 1310, 1+6+3, 千亿
    quote: str  # a verbatim span of the source that holds the figure
    reason: str
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
        "not_targets",
        "orgs",
        "outcomes",
        "search",
        "sources",
    )

    def __init__(
        self,
        sources: dict[str, Source],
        orgs: dict[str, Org],
        metrics: dict[str, Metric],
        targets: tuple[Target, ...] | None = None,
        files: tuple[Path, ...] = (),
        outcomes: tuple[Outcome, ...] = (),
        not_targets: tuple[NotTarget, ...] = (),
        load_targets: Callable[[], tuple[Target, ...]] | None = None,
        search: Any = None,
    ):
        self.sources, self.orgs, self.metrics = sources, orgs, metrics
        self._targets = targets
        self.files, self.outcomes, self.not_targets = files, outcomes, not_targets
        self.load_targets = load_targets
        # data.index.Index when the targets can be queried there; None for a plain dataset
        self.search = search

    @property
    def targets(self) -> tuple[Target, ...]:
        if self._targets is None:
            self._targets = self.load_targets() if self.load_targets else ()
        return self._targets

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
        )

    def metric_of(self, target: Target) -> Metric:
        return self.metrics[target.metric]

    def org_of(self, target: Target) -> Org:
        return self.orgs[target.org]
