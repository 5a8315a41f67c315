"""One metric followed down the tree of levels (层层加码): what each level set, and by how
much it amplified the level above.

For each period, the regions from the top down: each region's own goal (its
government's figure; a department's figure is a pledge set beside it, never the goal),
set beside the nearest region above it that has a goal (its parent's, or, when the
parent stated none, the next one up, with the regions skipped named). Rates (metrics
that do not add up) are compared figure by figure, in points; amounts are added as
`totals.add_up` adds them (bounds kept, units converted within one quantity, what was
left out said) and the children's total is set beside the region's goal. Each figure
is given once, with its other statements (restatements, earlier figures a revision
changed) and its assessment against the recorded outcomes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .levels import (
    CITY_WIDE,
    COUNTY,
    WHY_NO_YEAR,
    is_government,
    level_of,
    parent_region_of,
    standing,
)
from .model import Dataset, Metric, NotFound, Target
from .outcomes import Assessment, assess_all
from .records import dataclass, replace
from .statements import chain_of, superseded
from .totals import Left, Part, Subtotal, add_up, combined_bound
from .units import UNITS, convertible, plain, to_base, whole_from_base

# A bound read the other way round: the parent's figure is taken away.
_FLIPPED = {">": "<", ">=": "<=", "=": "=", "<=": ">=", "about": "about"}


@dataclass(frozen=True, slots=True)
class Versus:
    """A figure set beside the nearest goal above it (rates: by how many points)."""

    above: Target  # the goal it is set beside
    skipped: tuple[str, ...]  # regions in between that set no goal, nearest first
    points: Decimal | None  # child minus parent, in the base unit (rates: points)
    comparator: str | None  # the bound of `points` (None: no bound holds)


@dataclass(frozen=True, slots=True)
class Figure:
    """One target of one level, given once, with every statement of it."""

    target: Target
    pledge: bool  # a department's pledge for its region, set beside the region's goal
    versus: Versus | None  # rates only: against the nearest goal above (a pledge: its own
    # region's goal when there is one)
    statements: tuple[tuple[Target, ...], ...]  # chain_of: oldest figure first
    assessment: Assessment
    # no outcome recorded, and the data says one was searched for and not found
    outcome_not_found: NotFound | None = None

    @property
    def restatements(self) -> tuple[Target, ...]:
        """The other statements of the figure that counts (its last)."""
        return tuple(t for t in self.statements[-1] if t.id != self.target.id)

    @property
    def revised(self) -> tuple[Target, ...]:
        """The earlier figures a later statement changed (each its first statement)."""
        return tuple(figure[0] for figure in self.statements[:-1])


@dataclass(frozen=True, slots=True)
class Children:
    """Amounts: a region's children's total, set beside the nearest goal at or above it."""

    subtotal: Subtotal
    above: Target | None  # the goal the total is set beside (None: none at or above)
    skipped: tuple[str, ...]  # the region itself and others up to `above` with no goal
    share: Decimal | None


@dataclass(frozen=True, slots=True)
class Level:
    region: str
    depth: int  # 0 at the top of the tree
    figures: tuple[Figure, ...]  # its goals, then its departments' pledges; () no figure
    children: tuple[Children, ...] = ()  # amounts: its children's totals (per quantity)
    # no goal of its own, and the data says one was searched for and not found
    not_found: NotFound | None = None

    @property
    def goals(self) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if not f.pledge)


@dataclass(frozen=True, slots=True)
class Tree:
    period: str
    levels: tuple[Level, ...]  # top down, each region followed by its subtree


@dataclass(frozen=True, slots=True)
class Cascade:
    metric: Metric
    trees: tuple[Tree, ...]  # one per period, earliest first
    left_out: tuple[Left, ...]  # what no tree shows: milestones, narrower areas, no year


def difference_bound(child: Target, parent: Target) -> str | None:
    """The bound of child minus parent: 左右 on either side makes it about; otherwise the
    bound of a sum (totals.combined_bound) of the child and the parent taken away (≥6
    against 5 is ≥ +1; 6 against ≥5 is ≤ +1; ≥6 against ≥5: no bound holds)."""
    if "about" in (child.comparator, parent.comparator):
        return "about"
    flipped = replace(parent, comparator=_FLIPPED[parent.comparator or "="])
    parts = (Part(child, Decimal(0)), Part(flipped, Decimal(0)))
    return combined_bound(parts).comparator


def _versus(dataset: Dataset, target: Target, above: Target, skipped: tuple[str, ...]) -> Versus:
    if not (target.unit and above.unit and convertible(target.unit, above.unit)):
        return Versus(above, skipped, None, None)
    assert target.value is not None and above.value is not None
    points = to_base(target.value, target.unit) - to_base(above.value, above.unit)
    return Versus(above, skipped, points, difference_bound(target, above))


def _quantity(target: Target) -> str | None:
    unit = UNITS.get(target.unit or "")
    return unit.quantity if unit is not None else None


def cascade(
    dataset: Dataset, metric_name: str, targets: Iterable[Target], regions: Iterable[str] = ()
) -> Cascade:
    """The metric's figures down the tree, one tree per period. `regions` (none: all)
    keep each one's subtree and the regions above it (as context: their figures, and
    their children's totals over every child)."""
    metric = dataset.metrics[metric_name]
    chosen = [t for t in targets if t.metric == metric.name]
    folded = superseded(dataset, chosen)
    left: list[Left] = []
    kept: list[Target] = []
    for target in chosen:
        if target.id in folded:
            continue  # shown as a statement of the figure that counts
        where = standing(dataset, target)
        if where not in (COUNTY, CITY_WIDE):
            left.append(Left(target, where))
        elif target.period is None:
            left.append(Left(target, WHY_NO_YEAR))
        else:
            kept.append(target)

    order = {org_id: n for n, org_id in enumerate(dataset.orgs)}
    wanted = set(regions)
    context: set[str] = set()  # the regions above those asked for
    for region in wanted:
        step = parent_region_of(dataset, region)
        while step is not None and step not in context:
            context.add(step)
            step = parent_region_of(dataset, step)

    def inside(region: str) -> bool:
        """Is the region one asked for, or under one?"""
        step: str | None = region
        seen: set[str] = set()
        while step is not None and step not in seen:
            if step in wanted:
                return True
            seen.add(step)
            step = parent_region_of(dataset, step)
        return False

    grouped = {t.id: a for t, a in zip(kept, assess_all(dataset, kept), strict=True)}
    trees = []
    for period in sorted({t.period for t in kept if t.period}, key=_period_key):
        figures = [t for t in kept if t.period == period]
        shown = [t for t in figures if not wanted or inside(t.region) or t.region in context]
        if wanted and not any(inside(t.region) for t in figures):
            continue
        if not shown:
            continue
        trees.append(
            _tree(dataset, metric, period, figures, shown, grouped, order, wanted, context)
        )
    return Cascade(metric, tuple(trees), tuple(left))


def _period_key(period: str) -> tuple[int, str]:
    first = period.partition("-")[0]
    return (int(first) if first.isdigit() else 0, period)


def _tree(
    dataset: Dataset,
    metric: Metric,
    period: str,
    figures: list[Target],
    shown: list[Target],
    assessed: dict[str, Assessment],
    order: dict[str, int],
    wanted: set[str],
    context: set[str],
) -> Tree:
    by_region: dict[str, list[Target]] = {}
    for target in figures:
        by_region.setdefault(target.region, []).append(target)
    goals = {
        region: [t for t in found if is_government(dataset.orgs[t.org], region)]
        for region, found in by_region.items()
    }

    # the regions shown: every region with a figure and those above it
    present: set[str] = set()
    for target in shown:
        step: str | None = target.region
        while step is not None and step not in present:
            present.add(step)
            step = parent_region_of(dataset, step)
    children: dict[str | None, list[str]] = {}
    for org in dataset.orgs.values():
        if not org.is_region:
            continue
        parent = parent_region_of(dataset, org.id)
        if org.id in present or parent in present:
            # a region that stated nothing is shown under a parent in the tree, as such;
            # with --region, the regions above it are shown without their other branches
            if wanted and org.id not in context and parent in context and org.id not in wanted:
                continue
            children.setdefault(parent, []).append(org.id)
    for found in children.values():
        found.sort(key=lambda region: order[region])

    def goal_above(region: str) -> tuple[Target | None, tuple[str, ...]]:
        """The nearest goal strictly above a region, and the regions skipped for it."""
        skipped: list[str] = []
        step = parent_region_of(dataset, region)
        while step is not None:
            if goals.get(step):
                return goals[step][0], tuple(skipped)
            skipped.append(step)
            step = parent_region_of(dataset, step)
        return None, tuple(skipped)

    totals: dict[str | None, list[Subtotal]] = {}
    if metric.additive:
        # a department's pledge is no level's goal: the totals add the goals alone
        total = add_up(dataset, metric.name, [t for r in goals.values() for t in r])
        for sub in total.subtotals:
            if sub.parts:
                totals.setdefault(sub.city_region, []).append(sub)

    def figure_of(target: Target, pledge: bool) -> Figure:
        versus = None
        if not metric.additive:
            own = goals.get(target.region) if pledge else None
            if own:
                versus = _versus(dataset, target, own[0], ())
            else:
                above, skipped = goal_above(target.region)
                if pledge:  # its own region set no goal: that level is skipped too
                    skipped = (target.region, *skipped)
                if above is not None:
                    versus = _versus(dataset, target, above, skipped)
        chain = tuple(tuple(figure) for figure in chain_of(dataset, target))
        assessment = assessed[target.id]
        missing = None
        if assessment.outcome is None:
            missing = searched(dataset, target.org, metric.name, period, "outcome")
        return Figure(target, pledge, versus, chain, assessment, missing)

    def children_of(region: str) -> tuple[Children, ...]:
        found = []
        for sub in totals.get(region, ()):
            own = [t for t in goals.get(region, ()) if _quantity(t) == _quantity_of(sub)]
            above: Target | None
            skipped: tuple[str, ...]
            if own:
                above, skipped = own[0], ()
            else:
                above, rest = goal_above(region)
                skipped = (region, *rest)
                if above is not None and _quantity(above) != _quantity_of(sub):
                    above = None
            share = sub.share_of(above) if above is not None else None
            found.append(Children(sub, above, skipped, share))
        return tuple(found)

    levels: list[Level] = []

    def walk(region: str, depth: int) -> None:
        found = by_region.get(region, [])
        own = goals.get(region, [])
        own_ids = {t.id for t in own}
        pledges = [t for t in found if t.id not in own_ids]
        items = tuple(figure_of(t, False) for t in own) + tuple(figure_of(t, True) for t in pledges)
        missing = None if own else searched(dataset, region, metric.name, period, "target")
        levels.append(Level(region, depth, items, children_of(region), missing))
        if region not in present:
            return  # stated nothing, and nothing under it did
        for child in children.get(region, ()):
            walk(child, depth + 1)

    roots = [
        r
        for r in sorted(present, key=lambda region: (_depth(dataset, region), order[region]))
        if parent_region_of(dataset, r) is None
    ]
    for root in roots:
        walk(root, 0)
    return Tree(period, tuple(levels))


def searched(dataset: Dataset, org: str, metric: str, period: str, what: str) -> NotFound | None:
    """The data's [[not_found]] entry for the figure, if it records the search (the one
    lookup every answer uses: rules/not_found.py)."""
    if not dataset.not_found:
        return None
    from .not_found import not_found

    return not_found(dataset, org, metric, period, what)


def _quantity_of(sub: Subtotal) -> str | None:
    unit = UNITS.get(sub.unit)
    return unit.quantity if unit is not None else None


def _depth(dataset: Dataset, region: str) -> int:
    found = level_of(dataset.orgs[region].kind)
    return len(dataset.orgs) if found is None else found


def total_of(sub: Subtotal) -> tuple[Decimal | int, Decimal | int | None]:
    """A subtotal's total and upper end, in its unit."""
    high = sub.bound.high
    return sub.total, None if high is None else whole_from_base(high, sub.unit)


# The amplification rows: the same in the command's JSON and the published database.
AMPLIFICATION_COLUMNS = (
    "metric",
    "period",
    "kind",  # points (a figure against the goal above) or total (children's total)
    "parent",
    "parent_target",
    "parent_value",
    "parent_unit",
    "parent_comparator",
    "skipped",
    "child",
    "child_target",
    "child_org",
    "pledge",
    "child_value",
    "child_unit",
    "child_comparator",
    "points",
    "points_comparator",
    "parts",
    "total",
    "total_max",
    "total_comparator",
    "share",
    "skipped_not_found",  # {region: note} of the skipped regions searched and not found
)
POINTS_ROW = "points"
TOTAL_ROW = "total"


def _plain(number: Decimal | int | None) -> int | float | None:
    # (a total of whole figures is an int: totals.whole_from_base)
    return None if number is None else plain(number)


def _share(share: Decimal | None) -> float | None:
    return None if share is None else round(float(share), 4)


def _searched_in(notes: dict[str, str], skipped: tuple[str, ...]) -> dict[str, str]:
    """The notes of the skipped regions the data says were searched for a figure."""
    return {region: notes[region] for region in skipped if region in notes}


def amplifications(answer: Cascade) -> list[dict[str, Any]]:
    """Each figure against the goal above it (rates, in points) and each region's
    children's total against the nearest goal at or above it (amounts, with the share),
    in the order of the trees."""
    rows: list[dict[str, Any]] = []
    for tree in answer.trees:
        notes = {lv.region: lv.not_found.note for lv in tree.levels if lv.not_found}
        for level in tree.levels:
            for item in level.figures:
                versus = item.versus
                if versus is None:
                    continue
                t, above = item.target, versus.above
                rows.append(
                    {
                        "metric": answer.metric.name,
                        "period": tree.period,
                        "kind": POINTS_ROW,
                        "parent": above.region,
                        "parent_target": above.id,
                        "parent_value": above.value,
                        "parent_unit": above.unit,
                        "parent_comparator": above.comparator,
                        "skipped": list(versus.skipped),
                        "child": t.region,
                        "child_target": t.id,
                        "child_org": t.org,
                        "pledge": item.pledge,
                        "child_value": t.value,
                        "child_unit": t.unit,
                        "child_comparator": t.comparator,
                        "points": _plain(versus.points),
                        "points_comparator": versus.comparator,
                        "parts": None,
                        "total": None,
                        "total_max": None,
                        "total_comparator": None,
                        "share": None,
                        "skipped_not_found": _searched_in(notes, versus.skipped),
                    }
                )
            for children in level.children:
                sub, goal = children.subtotal, children.above
                if goal is None:
                    continue  # no goal at or above it: nothing is amplified
                low, high = total_of(sub)
                rows.append(
                    {
                        "metric": answer.metric.name,
                        "period": tree.period,
                        "kind": TOTAL_ROW,
                        "parent": goal.region,
                        "parent_target": goal.id,
                        "parent_value": goal.value,
                        "parent_unit": goal.unit,
                        "parent_comparator": goal.comparator,
                        "skipped": list(children.skipped),
                        "child": level.region,
                        "child_target": None,
                        "child_org": None,
                        "pledge": False,
                        "child_value": None,
                        "child_unit": None,
                        "child_comparator": None,
                        "points": None,
                        "points_comparator": None,
                        "parts": len(sub.parts),
                        "total": _plain(low),
                        "total_max": _plain(high) if sub.comparator not in (">", ">=") else None,
                        "total_comparator": sub.comparator,
                        "share": _share(children.share),
                        "skipped_not_found": _searched_in(notes, children.skipped),
                    }
                )
    return rows
