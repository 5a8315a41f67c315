"""Adding one metric's targets across county-level units, and only where adding means something.

A total is made per city, period and kind of unit: a county-level unit's figure is
added only to those of its city's other units and set beside its own city's figure,
never another city's. Nothing here is phrased for people: reasons are codes
(levels.WHY_*), and the views word them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .levels import (
    CITY_WIDE,
    COUNTY,
    WHY_NO_YEAR,
    city_of,
    standing,
)
from .model import Dataset, Metric, Target
from .records import dataclass
from .statements import superseded
from .units import UNITS, from_base, largest, to_base

FLOORS = (">", ">=")


class NotAdditive(Exception):
    """A metric whose figures do not add up (rates, shares, ranks, thresholds, milestones)."""

    def __init__(self, metric: Metric):
        super().__init__(metric.name)
        self.metric = metric

    @property
    def dimension(self) -> str:
        return self.metric.dimension


@dataclass(frozen=True, slots=True)
class Part:
    target: Target
    amount: Decimal  # the figure (a range: its lower end), in the base unit of its quantity
    amount_max: Decimal | None = None  # a range's upper end (1—2个), in base units

    @property
    def comparator(self) -> str:
        return self.target.comparator or "="


@dataclass(frozen=True, slots=True)
class Bound:
    """What a sum of parts may say: a comparator over the sum of the lower ends and, when a
    part is a range and the sum has an upper end, the sum of the upper ends."""

    comparator: str | None  # None: floors and ceilings mixed, no bound holds
    low: Decimal
    high: Decimal | None = None


def combined_bound(parts: Iterable[Part]) -> Bound:
    """As strong as the parts allow.

    More than (>) when any part is more than and the rest exact or floors; at least (>=)
    when the floors are all inclusive; exact only when every part is. A range adds both
    ends: exact parts with a range give a range; floors give no upper end.
    """
    chosen = list(parts)
    kinds = {part.comparator for part in chosen}
    low = sum((part.amount for part in chosen), Decimal(0))
    ranged = any(part.amount_max is not None for part in chosen)
    high = (
        sum(
            (part.amount if part.amount_max is None else part.amount_max for part in chosen),
            Decimal(0),
        )
        if ranged
        else None
    )
    if kinds <= {"="}:
        return Bound("=", low, high)
    if kinds <= {*FLOORS, "="}:
        return Bound(">" if ">" in kinds else ">=", low)
    if kinds <= {"<=", "="}:
        return Bound("<=", low, high)
    if kinds <= {"about", "="}:
        return Bound("about", low, high)
    return Bound(None, low, high)


@dataclass(frozen=True, slots=True)
class Left:
    """A target a total (or a ranking) did not use, and why (a levels.WHY_* code)."""

    target: Target
    why: str
    other: str | None = None  # for WHY_SAME_AS / WHY_REVISED: the id of the one counted


@dataclass(frozen=True, slots=True)
class Subtotal:
    """The county-level sum of one city for one period and one kind of unit, beside the
    city's own figures for the same."""

    city_region: str | None  # the city whose units these are (None: a unit with no city)
    period: str
    unit: str
    parts: tuple[Part, ...]
    city: tuple[Target, ...]

    @property
    def bound(self) -> Bound:
        return combined_bound(self.parts)

    @property
    def base_total(self) -> Decimal:
        return self.bound.low

    @property
    def total(self) -> Decimal:
        return from_base(self.bound.low, self.unit)

    @property
    def total_max(self) -> Decimal | None:
        high = self.bound.high
        return None if high is None else from_base(high, self.unit)

    @property
    def comparator(self) -> str | None:
        return self.bound.comparator

    def share_of(self, city_target: Target) -> Decimal | None:
        """The county-level total as a share of a city-wide figure (above 1: it amplifies)."""
        if not self.parts or not city_target.value or city_target.unit is None:
            return None
        return self.base_total / to_base(city_target.value, city_target.unit)


@dataclass(frozen=True, slots=True)
class Total:
    metric: Metric
    subtotals: tuple[Subtotal, ...]
    left_out: tuple[Left, ...]
    silent: tuple[str, ...]  # county-level units in scope that state nothing for the metric


def part_of(target: Target) -> Part:
    assert target.value is not None and target.unit is not None
    high = None if target.value_max is None else to_base(target.value_max, target.unit)
    return Part(target, to_base(target.value, target.unit), high)


def add_up(
    dataset: Dataset,
    metric_name: str,
    targets: Iterable[Target],
    regions_in_scope: Iterable[str] | None = None,
) -> Total:
    """The county-level totals of one metric, per city, period and unit, with what they
    left out. Raises NotAdditive for a metric whose figures do not add up."""
    metric = dataset.metrics[metric_name]
    if not metric.additive:
        raise NotAdditive(metric)

    chosen = [t for t in targets if t.metric == metric.name]
    folded = superseded(dataset, chosen)  # restatements and revised figures count once
    left: list[Left] = []
    stated: set[str] = set()
    groups: dict[tuple[str | None, str, str], tuple[list[Part], list[Target]]] = {}
    for target in chosen:
        stated.add(target.region)
        if target.id in folded:
            left.append(Left(target, *folded[target.id]))
            continue
        where = standing(dataset, target)
        if where not in (COUNTY, CITY_WIDE):
            left.append(Left(target, where))
            continue
        if target.period is None:
            left.append(Left(target, WHY_NO_YEAR))
            continue
        assert target.unit is not None
        key = (city_of(dataset, target.region), target.period, UNITS[target.unit].quantity)
        parts, city = groups.setdefault(key, ([], []))
        if where == COUNTY:
            parts.append(part_of(target))
        else:
            city.append(target)

    order = {org_id: n for n, org_id in enumerate(dataset.orgs)}
    subtotals = []
    for (city_region, period, _quantity), (parts, city) in sorted(
        groups.items(),
        key=lambda item: (order.get(item[0][0] or "", len(order)), item[0][1], item[0][2]),
    ):
        units = {p.target.unit for p in parts} or {t.unit for t in city}
        unit = largest({u for u in units if u})
        subtotals.append(Subtotal(city_region, period, unit, tuple(parts), tuple(city)))

    scope = set(regions_in_scope) if regions_in_scope is not None else None
    silent = tuple(
        org.id
        for org in dataset.orgs.values()
        if org.is_county_level and (scope is None or org.id in scope) and org.id not in stated
    )
    return Total(metric, tuple(subtotals), tuple(left), silent)
