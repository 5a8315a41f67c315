"""Levels of government as a tree, and where a target stands in it.

Regions run nation > province > city > county-level unit, each under its parent. Every
level-aware rule (sum, coverage, compare, progress) sets a region's figure only beside its
own parent's: a county-level unit is a part of its city, a city a part of its province.
`parent_region_of` and `children_of` walk the tree; `city_of` stays for callers that want
the nearest city.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import CITY, GOVERNMENT, LEVEL_KINDS, MILESTONE, Dataset, Org, Target

# Where a target stands for a rule that adds or ranks figures of whole regions.
COUNTY = "county"  # a figure for the whole of a county-level unit: a part
# a figure for the whole of a region above the county level (a city, a province): set
# beside its own parts, and itself a part of its parent's (a city's, of its province)
CITY_WIDE = "city"

# Why a target is not a part (codes; the views phrase them in either language).
WHY_MILESTONE = "milestone"  # no figure: a title to win, a rank to climb
WHY_NARROWER = "narrower"  # a figure for an area narrower than its region (its subject)
WHY_NO_YEAR = "no_year"  # the text names no year: never in a dated total
WHY_SAME_AS = "same_as"  # it restates another target, which is counted
WHY_OTHER_LEVEL = "other_level"  # a region that is neither a city nor a county-level unit


def level_of(kind: str) -> int | None:
    """A region kind's depth: nation 0, province 1, city 2, county-level 3; None for others."""
    for depth, kinds in enumerate(LEVEL_KINDS):
        if kind in kinds:
            return depth
    return None


def parent_region_of(dataset: Dataset, region: str) -> str | None:
    """The region a region is a part of (a city's province, a unit's city); None at the top."""
    org = dataset.orgs.get(region)
    if org is None or not org.parent:
        return None
    parent = dataset.orgs.get(org.parent)
    return parent.id if parent is not None and parent.is_region else None


def children_of(dataset: Dataset, region: str) -> tuple[str, ...]:
    """The regions directly under a region, in the order of the data."""
    return tuple(org.id for org in dataset.orgs.values() if org.is_region and org.parent == region)


def branch_of(dataset: Dataset, region: str) -> str | None:
    """The region whose figure a region's is set beside: a county-level unit's parent, and
    for a region above it (a city, a province) the region itself."""
    org = dataset.orgs.get(region)
    if org is not None and org.is_region and not org.is_county_level:
        return org.id
    return parent_region_of(dataset, region) if org is not None else None


def is_government(org: Org, region: str) -> bool:
    """Does this org speak as the region itself (its goal), rather than as a department?"""
    return org.id == region or org.kind == GOVERNMENT


def goals_and_pledges(
    dataset: Dataset, figures: Iterable[Target]
) -> tuple[list[Target], list[Target]]:
    """A region's own figures split into its goals and its departments' pledges.

    When the region's government states a figure, that is the goal and a department's
    figure for the same is a pledge set beside it; with no government figure, the
    departments' figures stand for the region, as they always have.
    """
    chosen = list(figures)
    goals = [t for t in chosen if is_government(dataset.orgs[t.org], t.region)]
    if not goals:
        return chosen, []
    ids = {t.id for t in goals}  # told apart by id: linear in the region's figures
    return goals, [t for t in chosen if t.id not in ids]


def city_of(dataset: Dataset, region: str) -> str | None:
    """The city a region belongs to: a city is its own, a county-level unit its parent's."""
    seen: set[str] = set()
    org = dataset.orgs.get(region)
    while org is not None and org.id not in seen:
        if org.kind == CITY:
            return org.id
        seen.add(org.id)
        org = dataset.orgs.get(org.parent) if org.parent else None
    return None


def per_member(dataset: Dataset, target: Target) -> bool:
    """A threshold holds for every member of its subject (所有行政村): not a narrower area."""
    return dataset.metrics[target.metric].dimension == "threshold"


def standing(dataset: Dataset, target: Target) -> str:
    """COUNTY, CITY_WIDE, or why the target is neither (WHY_MILESTONE, ...).

    The period is not looked at here: each rule decides what a target without a year
    does (a sum leaves it out, a ranking gives it a group of its own).
    """
    if target.kind == MILESTONE or target.value is None or target.unit is None:
        return WHY_MILESTONE
    if target.subject and not per_member(dataset, target):
        return WHY_NARROWER
    region = dataset.orgs[target.region]
    if region.is_county_level:
        return COUNTY
    if level_of(region.kind) is not None:
        return CITY_WIDE  # a whole region above the county level: a city, a province
    return WHY_OTHER_LEVEL


def restated(dataset: Dataset, targets: Iterable[Target]) -> dict[str, str]:
    """Targets that restate another chosen one (`same_as`), with the id they restate.

    Only what the data says counts: a record is dropped when a target its `same_as`
    chain leads to is itself among the chosen; two records of one region and period
    without `same_as` are two different things, and both count.
    """
    chosen = {t.id: t for t in targets}
    if not any(t.same_as for t in chosen.values()):
        return {}
    by_id: dict[str, Target] | None = None
    found: dict[str, str] = {}
    for target in chosen.values():
        seen = {target.id}
        other = target.same_as
        while other and other not in seen:
            if other in chosen:
                found[target.id] = other
                break
            seen.add(other)
            if by_id is None:  # a chain through a target not chosen: rare, look it up
                by_id = {t.id: t for t in dataset.targets}
            step = by_id.get(other)
            other = step.same_as if step is not None else None
    # a cycle (A restates B, B restates A) is the checker's to report; one of it counts
    for first in list(found):
        seen, other = {first}, found.get(first)
        while other in found and other not in seen:
            seen.add(other)
            other = found[other]
        if other in seen:
            del found[first]
    return found
