"""Regions side by side: a grid of what each region stated, or one metric ranked.

A ranking keeps levels apart: only county-level units are ranked, among themselves,
within their own city (units of two cities are two fields, each with its own #1) and
within one period and kind of unit; a city-wide figure and a figure for a narrower area
are set beside the ranking, never in it. Falls (下降) are ranked the way they are
written: where most of a field promises a fall, the largest fall is the most ambitious
and ranks first. Milestones (titles to win, ranks to climb) have no figure to rank: they
make a grid of who pledged what.
"""

from __future__ import annotations

from collections.abc import Iterable

from .levels import (
    CITY_WIDE,
    COUNTY,
    WHY_MILESTONE,
    WHY_NARROWER,
    branch_of,
    standing,
)
from .model import DOWN, MILESTONE, Dataset, Target
from .records import dataclass
from .statements import superseded
from .totals import Left
from .units import UNITS, to_base
from .wording import firmness_rank

TYPE_CHECKING = False  # (decimal is loaded where a figure is converted: units.to_base)
if TYPE_CHECKING:
    from decimal import Decimal

# a softer figure of a unit that also gave a firmer one for the same year and area
WHY_SOFTER = "softer"


@dataclass(frozen=True, slots=True)
class Row:
    """A row of a grid: a metric's figures, or one pledge (a milestone's outcome)."""

    metric: str
    pledge: str | None = None  # None: the row holds figures


@dataclass(frozen=True, slots=True)
class Grid:
    regions: tuple[str, ...]
    rows: tuple[Row, ...]
    cells: dict[tuple[Row, str], tuple[Target, ...]]  # (row, region) -> targets
    # statements of a target shown once: a restatement, or a figure revised later
    left_out: tuple[Left, ...] = ()

    def cell(self, row: Row, region: str) -> tuple[Target, ...]:
        return self.cells.get((row, region), ())


@dataclass(frozen=True, slots=True)
class Ranked:
    target: Target
    amount: Decimal  # base units, the more ambitious the larger (a fall's size)
    share_of_top: float  # 0..1 of the group's top, the bar's length
    rank: int  # ties share a rank (1, 1, 3), within the unit's own city
    city_region: str | None  # the unit's city (its parent region): ranked within it
    falls_first: bool = False  # its field is ranked by the size of a fall, largest first


@dataclass(frozen=True, slots=True)
class Ranking:
    metric: str
    rows: tuple[Ranked, ...]  # county-level units, grouped by city, period and kind of unit
    city: tuple[Target, ...]  # city-wide figures, beside the ranking
    areas: tuple[Target, ...]  # figures for an area narrower than a region, beside it
    pledges: Grid  # the metric's milestones: who pledged what
    left_out: tuple[Left, ...]

    @property
    def empty(self) -> bool:
        return not (self.rows or self.city or self.areas or self.pledges.rows or self.left_out)


def pledge_of(target: Target) -> str | None:
    """What a milestone promises (its outcome, else its words); None for a figure."""
    if target.kind != MILESTONE and target.value is not None:
        return None
    return target.outcome or target.quote


def grid(dataset: Dataset, targets: Iterable[Target], regions: Iterable[str] = ()) -> Grid:
    """Every metric stated by the chosen regions (all regions when none are chosen); each
    milestone's pledge is a row of its own, so a cell says who pledged it."""
    chosen = list(targets)
    # a target stated in several documents is one cell entry: the newest figure
    folded = superseded(dataset, chosen)
    left = tuple(Left(t, *folded[t.id]) for t in chosen if t.id in folded)
    chosen = [t for t in chosen if t.id not in folded]
    wanted = tuple(regions) or tuple(
        org.id for org in dataset.orgs.values() if org.is_region and _states_any(org.id, chosen)
    )
    cells: dict[tuple[Row, str], list[Target]] = {}
    for target in chosen:
        if target.region in wanted:
            row = Row(target.metric, pledge_of(target))
            cells.setdefault((row, target.region), []).append(target)
    metric_order = {name: n for n, name in enumerate(dataset.metrics)}
    first_seen = {row: n for n, (row, _) in enumerate(cells)}
    rows = tuple(
        sorted(
            {row for row, _ in cells},
            # a metric's figures first, then its pledges in the order of the data
            key=lambda row: (metric_order[row.metric], row.pledge is not None, first_seen[row]),
        )
    )
    shown = tuple(item for item in left if item.target.region in wanted)
    return Grid(wanted, rows, {k: tuple(v) for k, v in cells.items()}, shown)


def _states_any(region: str, targets: list[Target]) -> bool:
    return any(t.region == region for t in targets)


Group = tuple[int, bool, str, str]


def _group(dataset: Dataset, order: dict[str, int], target: Target) -> Group:
    """Rankings are kept apart by city (the unit's parent region, in the order of the
    data), period (no year stated last) and kind of unit."""
    branch = branch_of(dataset, target.region)
    return (
        order.get(branch or "", len(order)),
        target.period is None,
        target.period or "",
        UNITS[target.unit or "个"].quantity,
    )


def _signed(target: Target) -> Decimal:
    """The target's figure in its unit's base, a fall below zero (下降2%: -2)."""
    assert target.value is not None and target.unit is not None
    amount = to_base(target.value, target.unit)
    return -amount if target.direction == DOWN else amount


def _firmest_only(rows: list[Target]) -> tuple[list[Target], list[Left]]:
    """A unit ranks once: where it gave a floor and a figure to strive for (5.5%以上、
    力争达到6%) for one period and area, the firmer figure is ranked and the softer one
    is set aside, naming it; figures of equal firmness are distinct targets and stay."""
    firmest: dict[tuple[str, str | None, str | None], Target] = {}
    for target in rows:
        key = (target.region, target.period, target.subject)
        best = firmest.get(key)
        if best is None or firmness_rank(target.firmness) < firmness_rank(best.firmness):
            firmest[key] = target
    kept: list[Target] = []
    softer: list[Left] = []
    for target in rows:
        best = firmest[(target.region, target.period, target.subject)]
        if firmness_rank(target.firmness) > firmness_rank(best.firmness):
            softer.append(Left(target, WHY_SOFTER, best.id))
        else:
            kept.append(target)
    return kept, softer


def rank(dataset: Dataset, metric: str, targets: Iterable[Target]) -> Ranking:
    """One metric's county-level figures, best first (highest; for ranks, the best place;
    for falls, the largest), each city's units ranked among themselves, with the cities'
    and narrower areas' figures beside them and milestones in a grid."""
    chosen = [t for t in targets if t.metric == metric]
    folded = superseded(dataset, chosen)
    rows: list[Target] = []
    city: list[Target] = []
    areas: list[Target] = []
    pledged: list[Target] = []
    left: list[Left] = []
    for target in chosen:
        if target.id in folded:
            left.append(Left(target, *folded[target.id]))
            continue
        where = standing(dataset, target)
        if where == COUNTY:
            rows.append(target)
        elif where == CITY_WIDE:
            city.append(target)
        elif where == WHY_NARROWER:
            areas.append(target)
        elif where == WHY_MILESTONE:
            pledged.append(target)
        else:
            left.append(Left(target, where))
    lower_is_better = dataset.metrics[metric].dimension == "rank"
    order = {org_id: n for n, org_id in enumerate(dataset.orgs)}
    groups: dict[Group, list[Target]] = {}
    rows, softer = _firmest_only(rows)
    left += softer
    for target in rows:
        groups.setdefault(_group(dataset, order, target), []).append(target)
    ranked: list[Ranked] = []
    for group in sorted(groups):
        members = groups[group]
        # a field where most promise a fall is ranked by the size of the fall
        falls = sum(t.direction == DOWN for t in members)
        falls_first = falls * 2 > len(members)
        scored = [(t, -_signed(t) if falls_first else _signed(t)) for t in members]
        scored.sort(key=lambda row: row[1], reverse=not lower_is_better)
        top = max(amount for _, amount in scored)
        for placed, (target, amount) in enumerate(scored):
            before = ranked[-1] if placed else None
            # a tie shares the place; the next one takes the place after all of them
            place = before.rank if before and before.amount == amount else placed + 1
            share = float(amount / top) if top > 0 and amount > 0 else 0.0
            parent = branch_of(dataset, target.region)
            ranked.append(Ranked(target, amount, share, place, parent, falls_first))
    return Ranking(
        metric,
        tuple(ranked),
        tuple(city),
        tuple(areas),
        grid(dataset, pledged),
        tuple(left),
    )
