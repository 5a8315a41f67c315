"""Related metrics: scopes of one family (招商引资, 引进项目总投资, 超亿元项目总投资 ...).

A unit that states a related metric is not silent on the one asked about, yet its
figure is never added to that metric's total: the scopes differ. The data names a
relation in one direction; here it holds both ways. It is not transitive: the family
of a metric is the metric and the ones it is directly related to.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Dataset, Target
from .records import dataclass
from .totals import Part, Subtotal, Total
from .units import UNITS, largest

WHY_OTHER_SCOPE = "other_scope"  # why a related metric's figure is not added


@dataclass(frozen=True, slots=True)
class Related:
    """A target of a related metric, stated by a unit that states nothing for the one asked."""

    target: Target
    why: str = WHY_OTHER_SCOPE


def _canonical(dataset: Dataset) -> dict[str, str]:
    return {n: m.name for m in dataset.metrics.values() for n in (m.name, *m.aliases)}


def _links(dataset: Dataset, table: str) -> set[frozenset[str]]:
    names = _canonical(dataset)
    found = set()
    for metric in dataset.metrics.values():
        for other in getattr(metric, table):
            name = names.get(other)
            if name is not None and name != metric.name:
                found.add(frozenset((metric.name, name)))
    return found


def related_names(dataset: Dataset, name: str) -> tuple[str, ...]:
    """The metrics related to `name`, either way round, in the data's order."""
    links = _links(dataset, "related") | _links(dataset, "adds_with")
    return tuple(m for m in dataset.metrics if m != name and frozenset((m, name)) in links)


def family(dataset: Dataset, name: str) -> tuple[str, ...]:
    """The metric asked about, then its related metrics."""
    return (name, *related_names(dataset, name))


def addable(dataset: Dataset, names: Iterable[str]) -> bool:
    """True when the data says these scopes may be added: every one additive, and each
    pair named in an `adds_with` (either way round). Never for a single metric."""
    chosen = list(dict.fromkeys(names))
    if len(chosen) < 2 or not all(dataset.metrics[n].additive for n in chosen):
        return False
    links = _links(dataset, "adds_with")
    return all(frozenset((a, b)) in links for i, a in enumerate(chosen) for b in chosen[i + 1 :])


def split_silent(
    silent: Iterable[str], related: Iterable[Target]
) -> tuple[tuple[str, ...], tuple[Related, ...]]:
    """The units that stated nothing for a metric, split into those that stated nothing
    related either, and the related targets of the others (in the units' order)."""
    by_region: dict[str, list[Target]] = {}
    for target in related:
        by_region.setdefault(target.region, []).append(target)
    quiet = tuple(r for r in silent if r not in by_region)
    stated = tuple(Related(t) for r in silent for t in by_region.get(r, ()))
    return quiet, stated


def family_subtotals(totals: Iterable[Total]) -> tuple[Subtotal, ...]:
    """The county-level parts of several metrics' totals added per city, period and
    kind of unit: only for metrics `addable` says may be added."""
    groups: dict[tuple[str | None, str, str], list[Part]] = {}
    for total in totals:
        for sub in total.subtotals:
            key = (sub.city_region, sub.period, UNITS[sub.unit].quantity)
            groups.setdefault(key, []).extend(sub.parts)
    found = []
    for (city, period, _quantity), parts in groups.items():
        if parts:
            unit = largest({p.target.unit for p in parts if p.target.unit})
            found.append(Subtotal(city, period, unit, tuple(parts), ()))
    return tuple(found)


def unstated(
    dataset: Dataset, targets: Iterable[Target], regions: Iterable[str] = ()
) -> tuple[str, ...]:
    """The county-level units (of `regions`, or all) that state none of `targets`."""
    stated = {t.region for t in targets}
    scope = set(regions)
    return tuple(
        org.id
        for org in dataset.orgs.values()
        if org.is_county_level and (not scope or org.id in scope) and org.id not in stated
    )
