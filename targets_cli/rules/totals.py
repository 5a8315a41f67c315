"""Adding one metric's targets across regions, and only where adding means something."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..errors import Refused
from .model import MILESTONE, Dataset, Metric, Target
from .records import dataclass
from .units import UNITS, from_base, largest, to_base

FLOOR = (">", ">=")


@dataclass(frozen=True, slots=True)
class Part:
    target: Target
    amount: Decimal  # in the base unit of its quantity

    @property
    def comparator(self) -> str:
        # a range (1—2个) adds its lower end, so the sum is a floor
        return ">=" if self.target.value_max is not None else self.target.comparator or "="


@dataclass(frozen=True, slots=True)
class Left:
    """A target a total did not add, and why."""

    target: Target
    reason: str
    # why, for labels in either language: "milestone", "narrower" (a subject
    # narrower than the region) or "counted" (the region already counted by `other`)
    why: str = ""
    other: str | None = None


@dataclass(frozen=True, slots=True)
class Subtotal:
    """The county-level sum for one period and one kind of unit, beside the city's own goal."""

    period: str
    unit: str
    parts: tuple[Part, ...]
    city: tuple[Target, ...]

    @property
    def base_total(self) -> Decimal:
        return sum((part.amount for part in self.parts), Decimal(0))

    @property
    def total(self) -> Decimal:
        return from_base(self.base_total, self.unit)

    @property
    def comparator(self) -> str | None:
        return combined_bound(part.comparator for part in self.parts)

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


def combined_bound(comparators: Iterable[str]) -> str | None:
    """The bound a sum carries: floors give a floor, ceilings a ceiling; mixed, none."""
    kinds = set(comparators)
    if not kinds or kinds == {"="}:
        return "="
    if kinds <= {">", ">=", "="}:
        return ">" if kinds == {">"} else ">="
    if kinds <= {"<=", "="}:
        return "<="
    if kinds <= {"about", "="}:
        return "about"
    return None


def refusal(metric: Metric) -> str:
    """Why a metric's values may not be added, and what to ask instead."""
    why = {
        "rate": "growth rates do not add up (6% here and 6% there is not 12%)",
        "share": "shares do not add up",
        "rank": "ranks do not add up",
        "threshold": "each figure holds for every member of a set; it is not a part of a total",
        "milestone": "milestones have no figure",
    }.get(metric.dimension, "its curator marked it as not additive")
    return (
        f"cannot add {metric.name} ({metric.dimension}): {why}. "
        f"Compare them instead: targets compare --metric {metric.name}"
    )


def add_up(
    dataset: Dataset,
    metric_name: str,
    targets: Iterable[Target],
    regions_in_scope: Iterable[str] | None = None,
) -> Total:
    """The county-level total of one metric, per period and unit, with what it left out."""
    metric = dataset.metrics[metric_name]
    if not metric.additive:
        raise Refused(refusal(metric))

    candidates: list[Target] = []
    city: list[Target] = []
    left: list[Left] = []
    counted: dict[tuple[str, str], Target] = {}
    stated: set[str] = set()
    for target in targets:
        if target.metric != metric.name:
            continue
        stated.add(target.region)
        region = dataset.orgs[target.region]
        if target.kind == MILESTONE:
            left.append(Left(target, "a milestone: it states no figure", "milestone"))
        elif target.subject:
            reason = f"covers {target.subject}, not the whole of {region.label}"
            left.append(Left(target, reason, "narrower"))
        elif not region.is_county_level:
            city.append(target)
        elif (region.id, target.period) in counted:
            other = counted[(region.id, target.period)]
            reason = f"{region.label} is already counted for {target.period} by {other.id}"
            left.append(Left(target, reason, "counted", other.id))
        else:
            counted[(region.id, target.period)] = target
            candidates.append(target)

    groups: dict[tuple[str, str], tuple[list[Part], list[Target]]] = {}
    for target in candidates:
        assert target.value is not None and target.unit is not None
        key = (target.period, UNITS[target.unit].quantity)
        part = Part(target, to_base(target.value, target.unit))
        groups.setdefault(key, ([], []))[0].append(part)
    for target in city:
        assert target.unit is not None
        key = (target.period, UNITS[target.unit].quantity)
        groups.setdefault(key, ([], []))[1].append(target)

    subtotals = []
    for (period, _quantity), (parts, city_targets) in sorted(groups.items()):
        units = {p.target.unit for p in parts} or {t.unit for t in city_targets}
        unit = largest({u for u in units if u})
        subtotals.append(Subtotal(period, unit, tuple(parts), tuple(city_targets)))

    scope = set(regions_in_scope) if regions_in_scope is not None else set(dataset.orgs)
    silent = tuple(
        org.id
        for org in dataset.orgs.values()
        if org.is_county_level and org.id in scope and org.id not in stated
    )
    return Total(metric, tuple(subtotals), tuple(left), silent)
