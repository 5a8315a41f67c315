"""Levels of government: the city a region belongs to, and where a target stands.

Every level-aware rule (sum, coverage, compare) sets a county-level unit's figure only
beside its own city's: `city_of` finds that city, for any number of cities.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import CITY, MILESTONE, Dataset, Target

# Where a target stands for a rule that adds or ranks figures of whole regions.
COUNTY = "county"  # a figure for the whole of a county-level unit: a part
CITY_WIDE = "city"  # a figure for the whole of a city: set beside the parts, never added

# Why a target is not a part (codes; the views phrase them in either language).
WHY_MILESTONE = "milestone"  # no figure: a title to win, a rank to climb
WHY_NARROWER = "narrower"  # a figure for an area narrower than its region (its subject)
WHY_NO_YEAR = "no_year"  # the text names no year: never in a dated total
WHY_SAME_AS = "same_as"  # it restates another target, which is counted
WHY_OTHER_LEVEL = "other_level"  # a region that is neither a city nor a county-level unit


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
    if region.kind == CITY:
        return CITY_WIDE
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
