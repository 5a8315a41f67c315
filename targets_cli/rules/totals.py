"""Adding one metric's targets across county-level units, and only where adding means something.

A total is made per parent region, period and kind of unit: a region's figure is added
only to those of its siblings and set beside its own parent's figure, never another
branch's. A county-level unit is a part of its city; a city's goal is a part of its
province's, and the city's own figure is the whole of its units'. Nothing here is
phrased for people: reasons are codes (levels.WHY_*), and the views word them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .levels import (
    CITY_WIDE,
    COUNTY,
    WHY_NO_YEAR,
    goals_and_pledges,
    level_of,
    parent_region_of,
    standing,
)
from .model import Dataset, Metric, Target
from .records import dataclass, field
from .statements import superseded
from .units import UNITS, largest, to_base, whole_from_base, whole_to_base

TYPE_CHECKING = False
if TYPE_CHECKING:
    from decimal import Decimal

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
    # the figure (a range: its lower end), in the base unit of its quantity: an int when
    # the figure and its unit's factor are ints (units.whole_to_base), else a Decimal
    amount: Decimal | int
    amount_max: Decimal | int | None = None  # a range's upper end (1—2个), in base units

    @property
    def comparator(self) -> str:
        return self.target.comparator or "="


@dataclass(frozen=True, slots=True)
class Bound:
    """What a sum of parts may say: a comparator over the sum of the lower ends and, when a
    part is a range and the sum has an upper end, the sum of the upper ends."""

    comparator: str | None  # None: floors and ceilings mixed, no bound holds
    low: Decimal | int
    high: Decimal | int | None = None


def _added(amounts: Iterable[Decimal | int]) -> Decimal | int:
    """The sum, exact: of ints an int (decimal is not imported), else a Decimal."""
    chosen = list(amounts)
    if chosen and all(type(amount) is int for amount in chosen):
        return sum(chosen)  # (all ints, checked above)
    from decimal import Decimal

    return sum(chosen, Decimal(0))


def combined_bound(parts: Iterable[Part]) -> Bound:
    """As strong as the parts allow.

    More than (>) when any part is more than and the rest exact or floors; at least (>=)
    when the floors are all inclusive; exact only when every part is. A range adds both
    ends: exact parts with a range give a range; floors give no upper end.
    """
    chosen = list(parts)
    kinds = {part.target.comparator or "=" for part in chosen}  # (Part.comparator)
    amounts = [part.amount for part in chosen]
    low = _added(amounts)
    highs = [part.amount_max for part in chosen]
    ranged = any(high is not None for high in highs)
    high = (
        _added(a if h is None else h for a, h in zip(amounts, highs, strict=True))
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
    """The sum of one region's parts (a city's county-level units, a province's cities) for
    one period and one kind of unit, beside the region's own goals for the same."""

    # the region whose parts these are: a city, a province (None: a unit with no parent)
    city_region: str | None
    period: str
    unit: str
    parts: tuple[Part, ...]
    city: tuple[Target, ...]  # the region's own goals (its government's, else departments')
    pledges: tuple[Target, ...] = ()  # its departments' pledges beside a government goal
    # the bound of the parts, worked out at its first use: the total, its upper end, its
    # comparator and each share ask for it, and it reads every part (set only by `bound`)
    _bound: Bound | None = field(default=None, compare=False, repr=False)

    @property
    def bound(self) -> Bound:
        found = self._bound
        if found is None:
            found = combined_bound(self.parts)
            object.__setattr__(self, "_bound", found)  # (a cache: the record stays equal)
        return found

    @property
    def base_total(self) -> Decimal | int:
        return self.bound.low

    @property
    def total(self) -> Decimal | int:
        return whole_from_base(self.bound.low, self.unit)

    @property
    def total_max(self) -> Decimal | int | None:
        high = self.bound.high
        return None if high is None else whole_from_base(high, self.unit)

    @property
    def comparator(self) -> str | None:
        return self.bound.comparator

    def share_of(self, city_target: Target) -> Decimal | None:
        """The county-level total as a share of a city-wide figure (above 1: it amplifies)."""
        value, unit = city_target.value, city_target.unit
        if not self.parts or not value or unit is None:
            return None
        factor = UNITS[unit].factor
        if type(value) is int and type(factor) is int and abs(value * factor) < _EXACT:
            from decimal import Decimal

            # (to_base's own product, made of the ints at once: exact below 10**28)
            return self.base_total / Decimal(value * factor)
        return self.base_total / to_base(value, unit)


# Ints below this are a Decimal's product exactly (its 28 digits of precision).
_EXACT = 10**28


@dataclass(frozen=True, slots=True)
class Total:
    metric: Metric
    subtotals: tuple[Subtotal, ...]
    left_out: tuple[Left, ...]
    silent: tuple[str, ...]  # county-level units in scope that state nothing for the metric


def part_of(target: Target) -> Part:
    value, unit, high = target.value, target.unit, target.value_max
    assert value is not None and unit is not None
    factor = UNITS[unit].factor
    if type(factor) is int and type(value) is int and high is None:  # (most parts)
        return Part(target, value * factor)  # (whole_to_base, written out)
    return Part(
        target,
        whole_to_base(value, unit),
        None if high is None else whole_to_base(high, unit),
    )


def _lifted(
    dataset: Dataset,
    region: str,
    period: str,
    quantity: str,
    wholes: dict[tuple[str, str, str], list[Target]],
) -> bool:
    """Whether a region's own goal is a part of its parent's total: only when the parent
    states a figure of its own for the metric, period and quantity. A province that
    states nothing leaves its city's answer as it was (its goal beside its units')."""
    parent = parent_region_of(dataset, region)
    return parent is not None and (parent, period, quantity) in wholes


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
    Key = tuple[str | None, str, str]
    groups: dict[Key, tuple[list[Part], list[Target], list[Target]]] = {}
    wholes: dict[tuple[str, str, str], list[Target]] = {}  # a region's own figures
    parents: dict[str, str | None] = {}  # (each region's parent, looked up once)
    for target in chosen:
        place = target.region
        stated.add(place)
        if folded and target.id in folded:
            left.append(Left(target, *folded[target.id]))
            continue
        where = standing(dataset, target)
        if where != COUNTY and where != CITY_WIDE:
            left.append(Left(target, where))
            continue
        year = target.period
        if year is None:
            left.append(Left(target, WHY_NO_YEAR))
            continue
        assert target.unit is not None
        quantity = UNITS[target.unit].quantity
        if where == COUNTY:
            if place in parents:
                parent = parents[place]
            else:
                parent = parents[place] = parent_region_of(dataset, place)
            found = groups.get((parent, year, quantity))
            if found is None:
                found = groups[(parent, year, quantity)] = ([], [], [])
            found[0].append(part_of(target))
        else:
            wholes.setdefault((place, year, quantity), []).append(target)
    for (whole, period, quantity), figures in wholes.items():
        goals, pledges = goals_and_pledges(dataset, figures)
        own = groups.setdefault((whole, period, quantity), ([], [], []))
        own[1].extend(goals)
        own[2].extend(pledges)
        if _lifted(dataset, whole, period, quantity, wholes):  # a part of its province's
            above = groups.setdefault(
                (parent_region_of(dataset, whole), period, quantity), ([], [], [])
            )
            above[0].extend(part_of(goal) for goal in goals)

    order = {org_id: n for n, org_id in enumerate(dataset.orgs)}

    def depth(region: str | None) -> int:
        org = dataset.orgs.get(region or "")
        found = level_of(org.kind) if org is not None else None
        return len(order) if found is None else found

    subtotals = []
    for (region, period, _quantity), (parts, city, pledges) in sorted(
        groups.items(),
        key=lambda item: (
            depth(item[0][0]),
            order.get(item[0][0] or "", len(order)),
            item[0][1],
            item[0][2],
        ),
    ):
        if not parts and not pledges and _lifted(dataset, region or "", period, _quantity, wholes):
            continue  # its goal stands as a part of its parent's total
        units = {p.target.unit for p in parts} or {t.unit for t in (*city, *pledges)}
        unit = largest({u for u in units if u})
        subtotals.append(Subtotal(region, period, unit, tuple(parts), tuple(city), tuple(pledges)))

    scope = set(regions_in_scope) if regions_in_scope is not None else None
    totalled = {sub.city_region for sub in subtotals}
    silent = tuple(
        org.id
        for org in dataset.orgs.values()
        if org.is_region
        and (org.is_county_level or parent_region_of(dataset, org.id) in totalled)
        and parent_region_of(dataset, org.id) is not None
        and (scope is None or org.id in scope)
        and org.id not in stated
    )
    return Total(metric, tuple(subtotals), tuple(left), silent)
