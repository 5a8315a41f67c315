"""Do the county-level pledges add up to the city's own goal? One answer per metric."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .model import MILESTONE, Dataset, Metric, Target
from .records import dataclass
from .totals import Subtotal, Total, add_up
from .units import convertible, to_base


@dataclass(frozen=True, slots=True)
class RateGap:
    """A county-level rate beside the city's: how many points above or below."""

    target: Target
    city: Target
    points: Decimal | None  # None when the units differ


@dataclass(frozen=True, slots=True)
class Coverage:
    metric: Metric
    total: Total | None  # additive metrics: the county-level sum beside the city figure
    gaps: tuple[RateGap, ...]  # other metrics: each unit against the city
    silent: tuple[str, ...]

    @property
    def subtotals_with_city(self) -> tuple[Subtotal, ...]:
        if self.total is None:
            return ()
        return tuple(s for s in self.total.subtotals if s.city)


def _whole_region(target: Target) -> bool:
    return target.kind != MILESTONE and not target.subject and target.value is not None


def coverage(dataset: Dataset, targets: Iterable[Target] | None = None) -> list[Coverage]:
    """Every metric with both a city-wide figure and county-level figures."""
    chosen = list(dataset.targets if targets is None else targets)
    by_metric: dict[str, list[Target]] = {}
    for target in chosen:
        by_metric.setdefault(target.metric, []).append(target)

    found = []
    for name, metric_targets in by_metric.items():
        whole = [t for t in metric_targets if _whole_region(t)]
        city = [t for t in whole if not dataset.orgs[t.region].is_county_level]
        county = [t for t in whole if dataset.orgs[t.region].is_county_level]
        if not city or not county:
            continue
        metric = dataset.metrics[name]
        stated = {t.region for t in metric_targets}
        silent = tuple(
            org.id for org in dataset.orgs.values() if org.is_county_level and org.id not in stated
        )
        if metric.additive:
            found.append(Coverage(metric, add_up(dataset, name, metric_targets), (), silent))
            continue
        gaps = []
        for target in county:
            for city_target in city:
                if city_target.period != target.period:
                    continue
                points = None
                if target.unit and city_target.unit and convertible(target.unit, city_target.unit):
                    assert target.value is not None and city_target.value is not None
                    points = to_base(target.value, target.unit) - to_base(
                        city_target.value, city_target.unit
                    )
                gaps.append(RateGap(target, city_target, points))
        found.append(Coverage(metric, None, tuple(gaps), silent))
    return found
