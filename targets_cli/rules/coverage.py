"""Do the county-level pledges add up to the city's own goal? One answer per metric, per city.

A county-level unit is covered only by its own city's figure: with several cities, each
city's units are added and set beside that city's figure alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .levels import CITY_WIDE, COUNTY, WHY_NO_YEAR, city_of, standing
from .model import Dataset, Metric, Target
from .records import dataclass
from .statements import superseded
from .totals import Left, Subtotal, Total, add_up
from .units import convertible, to_base

# Why a metric asked for has no coverage in a city (codes; the views phrase them).
NO_CITY_FIGURE = "no_city_figure"  # its units stated figures, the city none
NO_COUNTY_FIGURE = "no_county_figure"  # the city stated a figure, none of its units did
NO_FIGURE = "no_figure"  # no figure for a whole city or unit was chosen at all


@dataclass(frozen=True, slots=True)
class RateGap:
    """A county-level rate beside its own city's: how many points above or below."""

    target: Target
    city: Target
    points: Decimal | None  # None when the units differ


@dataclass(frozen=True, slots=True)
class Coverage:
    metric: Metric
    cities: tuple[str, ...]  # the cities with both a city-wide and county-level figures
    total: Total | None  # additive metrics: the county-level sums beside the city figures
    gaps: tuple[RateGap, ...]  # other metrics: each unit against its own city
    left_out: tuple[Left, ...]
    silent: tuple[str, ...]  # the covered cities' units that stated nothing for it

    @property
    def subtotals_with_city(self) -> tuple[Subtotal, ...]:
        if self.total is None:
            return ()
        return tuple(s for s in self.total.subtotals if s.city and s.city_region in self.cities)


@dataclass(frozen=True, slots=True)
class Uncovered:
    """A metric with no coverage in a city, and why (NO_CITY_FIGURE, ...)."""

    metric: Metric
    city_region: str | None
    why: str


@dataclass(frozen=True, slots=True)
class Coverages:
    found: tuple[Coverage, ...]
    uncovered: tuple[Uncovered, ...]  # of the metrics asked for by name


def coverage(
    dataset: Dataset, targets: Iterable[Target] | None = None, metrics: Iterable[str] = ()
) -> Coverages:
    """Every metric with, in some city, both a city-wide figure and county-level ones.

    `metrics` are the ones asked for by name: for them, and only them, each city (or the
    data as a whole) without coverage is reported as uncovered, with why.
    """
    chosen = list(dataset.targets if targets is None else targets)
    asked = set(metrics)
    by_metric: dict[str, list[Target]] = {name: [] for name in metrics}
    for target in chosen:
        by_metric.setdefault(target.metric, []).append(target)

    found: list[Coverage] = []
    uncovered: list[Uncovered] = []
    for name, metric_targets in by_metric.items():
        metric = dataset.metrics[name]
        whole: dict[str, tuple[list[Target], list[Target]]] = {}  # city -> (city, units)
        folded = superseded(dataset, metric_targets)  # a target said twice is one row
        for target in metric_targets:
            if target.id in folded:
                continue
            where = standing(dataset, target)
            if where in (COUNTY, CITY_WIDE) and target.period is not None:
                city = city_of(dataset, target.region)
                if city is not None:
                    whole.setdefault(city, ([], []))[where == COUNTY].append(target)
        cities = tuple(c for c, (city, county) in whole.items() if city and county)
        if name in asked:
            uncovered += [
                Uncovered(metric, c, NO_COUNTY_FIGURE if city else NO_CITY_FIGURE)
                for c, (city, county) in whole.items()
                if c not in cities
            ]
            if not whole:
                uncovered.append(Uncovered(metric, None, NO_FIGURE))
        if not cities:
            continue
        stated = {t.region for t in metric_targets}
        silent = tuple(
            org.id
            for org in dataset.orgs.values()
            if org.is_county_level and org.id not in stated and city_of(dataset, org.id) in cities
        )
        in_cities = [t for t in metric_targets if city_of(dataset, t.region) in cities]
        if metric.additive:
            total = add_up(dataset, name, in_cities)
            found.append(Coverage(metric, cities, total, (), total.left_out, silent))
            continue
        gaps = []
        left = []
        for target in in_cities:
            where = standing(dataset, target)
            if target.id in folded:
                left.append(Left(target, *folded[target.id]))
            elif where not in (COUNTY, CITY_WIDE):
                left.append(Left(target, where))
            elif target.period is None:
                left.append(Left(target, WHY_NO_YEAR))
            elif where == COUNTY:
                for city_target in whole[city_of(dataset, target.region) or ""][0]:
                    if city_target.period == target.period:
                        gaps.append(RateGap(target, city_target, _points(target, city_target)))
        found.append(Coverage(metric, cities, None, tuple(gaps), tuple(left), silent))
    return Coverages(tuple(found), tuple(uncovered))


def _points(target: Target, city: Target) -> Decimal | None:
    if not (target.unit and city.unit and convertible(target.unit, city.unit)):
        return None
    assert target.value is not None and city.value is not None
    return to_base(target.value, target.unit) - to_base(city.value, city.unit)
