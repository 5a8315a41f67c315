"""Do the parts' pledges add up to the whole's own goal? One answer per metric, per region.

A region is covered only by its own parent's goal: a county-level unit by its city's, a
city by its province's. With several branches, each parent's parts are added and set
beside that parent's goal alone; a department's pledge is set beside it as such. A rate's
parts are each set beside one goal of their parent for the year (the firmest, then the
first stated); its other goals of that year are left out, naming it, so the answer grows
with the targets, not with parts times goals.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice

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
from .records import dataclass
from .statements import superseded
from .totals import Left, Subtotal, Total, add_up
from .units import convertible, to_base
from .wording import firmness_rank

TYPE_CHECKING = False  # (decimal is loaded where a figure is converted: units.to_base)
if TYPE_CHECKING:
    from decimal import Decimal

# Why a metric asked for has no coverage in a city (codes; the views phrase them).
NO_CITY_FIGURE = "no_city_figure"  # its units stated figures, the city none
NO_COUNTY_FIGURE = "no_county_figure"  # the city stated a figure, none of its units did
NO_FIGURE = "no_figure"  # no figure for a whole city or unit was chosen at all

# A region's other goal for the same metric and year: its parts are set beside one goal
# (the firmest, then the first stated), so that each part is one row, not one per goal.
WHY_OTHER_GOAL = "other_goal"


@dataclass(frozen=True, slots=True)
class RateGap:
    """A part's rate beside its own parent's goal: how many points above or below."""

    target: Target
    city: Target
    points: Decimal | None  # None when the units differ


@dataclass(frozen=True, slots=True)
class Coverage:
    metric: Metric
    # the regions (cities, provinces) with both a figure of their own and their parts'
    cities: tuple[str, ...]
    total: Total | None  # additive metrics: the county-level sums beside the city figures
    gaps: tuple[RateGap, ...]  # other metrics: each unit against its own city
    left_out: tuple[Left, ...]
    silent: tuple[str, ...]  # the covered regions' parts that stated nothing for it
    pledges: tuple[Target, ...] = ()  # rates: departments' pledges beside their region's goal

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
    by_metric: dict[str, list[Target]] = {name: [] for name in metrics}
    for target in chosen:
        by_metric.setdefault(target.metric, []).append(target)
    stream = CoverageStream(dataset, by_metric.items(), by_metric.keys() & set(metrics))
    found = tuple(stream.found)
    return Coverages(found, tuple(stream.uncovered))


class CoverageStream:
    """The coverages of metrics given one at a time (name, its chosen targets), each
    worked out as `found` is read: only one metric's targets and answer are held at once.
    `found` is read once; `uncovered` is whole when it has been."""

    def __init__(
        self,
        dataset: Dataset,
        groups: Iterable[tuple[str, list[Target]]],
        metrics: Iterable[str] = (),
    ) -> None:
        self.uncovered: list[Uncovered] = []
        self._made = self._make(dataset, groups, set(metrics))
        self._ahead: list[Coverage] = []

    def _make(
        self, dataset: Dataset, groups: Iterable[tuple[str, list[Target]]], asked: set[str]
    ) -> Iterator[Coverage]:
        order = {org_id: n for n, org_id in enumerate(dataset.orgs)}
        for name, metric_targets in groups:
            found, uncovered = _coverage_of(dataset, name, metric_targets, name in asked, order)
            self.uncovered += uncovered
            if found is not None:
                yield found

    def any_found(self) -> bool:
        """Whether some metric is covered: read up to the first that is (and kept)."""
        if not self._ahead:
            self._ahead = list(islice(self._made, 1))
        return bool(self._ahead)

    @property
    def found(self) -> Iterator[Coverage]:
        ahead, self._ahead = self._ahead, []
        return chain(ahead, self._made)


def _coverage_of(
    dataset: Dataset, name: str, metric_targets: list[Target], asked: bool, order: dict[str, int]
) -> tuple[Coverage | None, list[Uncovered]]:
    """One metric's coverage (None without any), and, for a metric asked for, each city
    (or the data as a whole) it has none in, with why."""
    metric = dataset.metrics[name]
    uncovered: list[Uncovered] = []
    whole: dict[str, tuple[list[Target], list[Target]]] = {}  # region -> (own, parts)
    folded = superseded(dataset, metric_targets)  # a target said twice is one row
    for target in metric_targets:
        if target.id in folded:
            continue
        where = standing(dataset, target)
        if where not in (COUNTY, CITY_WIDE) or target.period is None:
            continue
        if where == CITY_WIDE:
            whole.setdefault(target.region, ([], []))[0].append(target)
        parent = parent_region_of(dataset, target.region)
        if parent is not None:
            whole.setdefault(parent, ([], []))[1].append(target)
    cities = tuple(
        sorted(
            (c for c, (own, parts) in whole.items() if own and parts),
            key=lambda region: (level_of(dataset.orgs[region].kind) or 0, order[region]),
        )
    )
    if asked:
        uncovered += [
            Uncovered(metric, c, NO_COUNTY_FIGURE if own else NO_CITY_FIGURE)
            for c, (own, parts) in whole.items()
            if c not in cities
            # a city's own figure with no parts is covered, or not, by its province
            and not (own and not parts and parent_region_of(dataset, c) in cities)
        ]
        if not whole:
            uncovered.append(Uncovered(metric, None, NO_FIGURE))
    if not cities:
        return None, uncovered
    stated = {t.region for t in metric_targets}
    silent = tuple(
        org.id
        for org in dataset.orgs.values()
        if org.is_region and org.id not in stated and parent_region_of(dataset, org.id) in cities
    )
    in_cities = [
        t
        for t in metric_targets
        if t.region in cities or parent_region_of(dataset, t.region) in cities
    ]
    if metric.additive:
        total = add_up(dataset, name, in_cities)
        return Coverage(metric, cities, total, (), total.left_out, silent), uncovered
    gaps: list[RateGap] = []
    left: list[Left] = []
    # one goal per region and period: a part is set beside it once (linear in targets)
    goal_of: dict[tuple[str, str | None], Target] = {}
    goal_ids: set[str] = set()
    other_goals: dict[str, str] = {}  # a goal set aside -> the one that stands
    pledges: list[Target] = []
    split = {region: goals_and_pledges(dataset, own) for region, (own, _) in whole.items()}
    for own, _ in split.values():
        goal_ids.update(t.id for t in own)
    for region in cities:
        own, pledged = split[region]
        pledges += pledged
        for goal in own:
            best = goal_of.get((region, goal.period))
            if best is None or firmness_rank(goal.firmness) < firmness_rank(best.firmness):
                goal_of[(region, goal.period)] = goal
        for goal in own:
            best = goal_of[(region, goal.period)]
            if best.id != goal.id:
                other_goals[goal.id] = best.id
    for target in in_cities:
        where = standing(dataset, target)
        if target.id in folded:
            left.append(Left(target, *folded[target.id]))
        elif where not in (COUNTY, CITY_WIDE):
            left.append(Left(target, where))
        elif target.period is None:
            left.append(Left(target, WHY_NO_YEAR))
        elif target.id in other_goals:
            left.append(Left(target, WHY_OTHER_GOAL, other_goals[target.id]))
        else:
            parent = parent_region_of(dataset, target.region)
            if parent not in cities:
                continue  # a covered region's own figure: the goal beside its parts
            # a region is a part of its parent's only by its goal, not a pledge
            if where == CITY_WIDE and target.id not in goal_ids:
                continue
            city_target = goal_of.get((parent or "", target.period))
            if city_target is not None:
                gaps.append(RateGap(target, city_target, _points(target, city_target)))
    found = Coverage(metric, cities, None, tuple(gaps), tuple(left), silent, tuple(pledges))
    return found, uncovered


def _points(target: Target, city: Target) -> Decimal | None:
    if not (target.unit and city.unit and convertible(target.unit, city.unit)):
        return None
    assert target.value is not None and city.value is not None
    return to_base(target.value, target.unit) - to_base(city.value, city.unit)
