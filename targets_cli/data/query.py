"""Selecting and ordering targets by what a user asks for."""

from __future__ import annotations

from ..errors import UsageError
from ..rules.model import CATEGORIES, TARGET_KINDS, Dataset, Target
from ..rules.records import dataclass
from ..rules.units import to_base
from ..rules.wording import FIRMNESS_LEVEL, FIRMNESS_ORDER, firmness_level
from .names import choice_index, metric_index, normalise, org_index, region_index

SORT_KEYS = ("source", "region", "metric", "value", "period", "firmness", "id")


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user typed; every list means 'any of these'."""

    regions: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    firmness: tuple[str, ...] = ()
    search: str | None = None  # words, all of which must match
    statuses: tuple[str, ...] = ()  # outcome status: met, missed, unclear, ...


@dataclass(frozen=True, slots=True)
class Selection:
    """Filters resolved against a dataset: canonical ids, ready to match targets."""

    regions: frozenset[str]
    orgs: frozenset[str]
    metrics: frozenset[str]
    categories: frozenset[str]
    periods: frozenset[str]
    kinds: frozenset[str]
    firmness: frozenset[str]  # firmness words, a level expanded to its words
    search: str | None

    def matches(self, target: Target, dataset: Dataset) -> bool:
        metric = dataset.metrics[target.metric]
        return (
            (not self.regions or target.region in self.regions)
            and (not self.orgs or target.org in self.orgs)
            and (not self.metrics or target.metric in self.metrics)
            and (not self.categories or metric.category in self.categories)
            and (not self.periods or target.period in self.periods)
            and (not self.kinds or target.kind in self.kinds)
            and (not self.firmness or (target.firmness or "none") in self.firmness)
            and (not self.search or self._found(target, dataset))
        )

    def _found(self, target: Target, dataset: Dataset) -> bool:
        metric = dataset.metrics[target.metric]
        haystack = (
            target.quote,
            metric.name,
            metric.name_en,
            *metric.aliases,
            target.subject or "",
            target.outcome or "",
        )
        return any(self.search in normalise(text) for text in haystack if text)


def _periods(dataset: Dataset, given: tuple[str, ...]) -> frozenset[str]:
    known = {target.period for target in dataset.targets}
    index = choice_index("period", sorted(known))
    return frozenset(index.resolve(period) for period in given)


def _firmness(given: tuple[str, ...]) -> frozenset[str]:
    index = choice_index("firmness", (*FIRMNESS_LEVEL, *FIRMNESS_ORDER, "none"))
    words: set[str] = set()
    for item in given:
        chosen = index.resolve(item)
        if chosen in FIRMNESS_ORDER:
            words |= {word for word, level in FIRMNESS_LEVEL.items() if level == chosen}
        else:
            words.add(chosen)
    return frozenset(words)


def resolve(dataset: Dataset, filters: Filters) -> Selection:
    """Check every name the user typed; unknown ones raise with the closest known names."""
    regions, orgs, metrics = region_index(dataset), org_index(dataset), metric_index(dataset)
    search = normalise(filters.search) if filters.search is not None else None
    if search == "":
        raise UsageError("--search is empty; give some text to look for")
    return Selection(
        regions=frozenset(regions.resolve(r) for r in filters.regions),
        orgs=frozenset(orgs.resolve(o) for o in filters.orgs),
        metrics=frozenset(metrics.resolve(m) for m in filters.metrics),
        categories=frozenset(
            choice_index("category", CATEGORIES).resolve(c) for c in filters.categories
        ),
        periods=_periods(dataset, filters.periods),
        kinds=frozenset(choice_index("kind", TARGET_KINDS).resolve(k) for k in filters.kinds),
        firmness=_firmness(filters.firmness),
        search=search,
    )


def select(dataset: Dataset, filters: Filters) -> list[Target]:
    """The targets that satisfy every filter, in the order of the data."""
    selection = resolve(dataset, filters)
    return [t for t in dataset.targets if selection.matches(t, dataset)]


def sort_targets(dataset: Dataset, targets: list[Target], key: str) -> list[Target]:
    """Targets ordered by one of SORT_KEYS (value: largest first, within a unit's quantity)."""
    if key not in SORT_KEYS:
        raise UsageError(f"cannot sort by {key!r}; choose one of {', '.join(SORT_KEYS)}")
    order = {org_id: n for n, org_id in enumerate(dataset.orgs)}
    if key == "source":
        return list(targets)
    if key == "region":
        return sorted(targets, key=lambda t: (order.get(t.region, 0), order.get(t.org, 0)))
    if key == "metric":
        return sorted(targets, key=lambda t: t.metric)
    if key == "period":
        return sorted(targets, key=lambda t: t.period)
    if key == "id":
        return sorted(targets, key=lambda t: t.id)
    if key == "firmness":
        rank = {level: n for n, level in enumerate(FIRMNESS_ORDER)}
        return sorted(targets, key=lambda t: rank.get(firmness_level(t.firmness) or "", 9))
    return sorted(
        targets,
        key=lambda t: (t.unit is None, -(to_base(t.value, t.unit) if t.unit else 0)),
    )
