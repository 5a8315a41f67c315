"""Selecting and ordering targets by what a user asks for."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import UsageError, shown
from ..rules.model import CATEGORIES, TARGET_KINDS, Dataset, Target
from ..rules.records import dataclass
from ..rules.units import to_base
from ..rules.wording import FIRMNESS_LEVEL, FIRMNESS_ORDER, firmness_level
from .names import Index, choice_index, metric_index, normalise, org_index, region_index

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


# A span of years a user asks about; None in place of a span: "no year stated".
Span = tuple[int, int] | None
NO_YEAR = "none"


@dataclass(frozen=True, slots=True)
class Selection:
    """Filters resolved against a dataset: canonical ids, ready to match targets."""

    regions: frozenset[str]
    orgs: frozenset[str]
    metrics: frozenset[str]
    categories: frozenset[str]
    periods: tuple[Span, ...]
    kinds: frozenset[str]
    firmness: frozenset[str]  # firmness words, a level expanded to its words
    words: tuple[str, ...]  # every one must be found
    word_metrics: tuple[frozenset[str], ...]  # for each word, the metrics whose names hold it
    statuses: frozenset[str] = frozenset()  # outcome statuses; tested by `select`, not here
    word_orgs: tuple[frozenset[str], ...] = ()  # for each word, the orgs whose names hold it

    def matches(self, target: Target, dataset: Dataset) -> bool:
        metric = dataset.metrics[target.metric]
        return (
            (not self.regions or target.region in self.regions)
            and (not self.orgs or target.org in self.orgs)
            and (not self.metrics or target.metric in self.metrics)
            and (not self.categories or metric.category in self.categories)
            and (not self.periods or any(_covers(target.period, s) for s in self.periods))
            and (not self.kinds or target.kind in self.kinds)
            and (not self.firmness or (target.firmness or "none") in self.firmness)
            and all(self._place(n, target, dataset) is not None for n in range(len(self.words)))
        )

    def _place(self, n: int, target: Target, dataset: Dataset) -> int | None:
        """Where the n-th word is found for a target (an index of MATCH_PLACES), or None."""
        word = self.words[n]
        if target.quote and word in normalise(target.quote):
            return 0
        orgs = self.word_orgs[n] if self.word_orgs else frozenset()
        if target.metric in self.word_metrics[n] or target.region in orgs or target.org in orgs:
            return 1
        texts = (target.note, target.subject, target.outcome)
        if any(text and word in normalise(text) for text in texts):
            return 2
        from ..rules.provenance import sentence_of

        sentence = sentence_of(dataset, target)
        return 3 if sentence is not None and word in normalise(sentence) else None

    def matched_in(self, target: Target, dataset: Dataset) -> str | None:
        """The weakest place a word was found in: 'sentence' when one word is only in the
        sentence the target shares with others (None without --search, or no match)."""
        places = [self._place(n, target, dataset) for n in range(len(self.words))]
        if not places or None in places:
            return None
        return MATCH_PLACES[max(p for p in places if p is not None)]

    def sql(self, dataset: Dataset) -> tuple[str, list[object]]:
        """The same test as `matches`, as a condition on the index's targets table."""
        parts: list[str] = []
        params: list[object] = []

        def among(column: str, values: Iterable[str]) -> None:
            chosen = sorted(values)
            parts.append(f"{column} IN ({', '.join('?' * len(chosen))})")
            params.extend(chosen)

        if self.regions:
            among("region", self.regions)
        if self.orgs:
            among("org", self.orgs)
        metrics = set(self.metrics) if self.metrics else None
        if self.categories:
            in_category = {
                m.name for m in dataset.metrics.values() if m.category in self.categories
            }
            metrics = in_category if metrics is None else metrics & in_category
        if metrics is not None:
            among("metric_name", metrics)
        if self.periods:
            spans = []
            for span in self.periods:
                if span is None:
                    spans.append("period IS NULL")
                else:
                    spans.append("(period_start <= ? AND period_end >= ?)")
                    params.extend((span[1], span[0]))
            parts.append(f"({' OR '.join(spans)})")
        if self.kinds:
            among("COALESCE(kind, 'target')", self.kinds)
        if self.firmness:
            among("COALESCE(firmness, 'none')", self.firmness)
        for n, (word, named) in enumerate(zip(self.words, self.word_metrics, strict=True)):
            tests = [f"instr(lower(COALESCE({c}, '')), ?) > 0" for c in _SEARCHED]
            params.extend([word] * len(_SEARCHED))
            if named:
                tests.append(f"metric_name IN ({', '.join('?' * len(named))})")
                params.extend(sorted(named))
            orgs = sorted(self.word_orgs[n]) if self.word_orgs else []
            if orgs:
                marks = ", ".join("?" * len(orgs))
                tests.append(f"region IN ({marks}) OR org IN ({marks})")
                params.extend([*orgs, *orgs])
            parts.append(f"({' OR '.join(tests)})")
        return " AND ".join(parts), params


# More words and spans than this are tested here, target by target, not in SQL: SQLite
# refuses an expression deeper than 1000 terms, and a long question is rare.
_SQL_TERMS = 64
_SQL_PARAMETERS = 30_000  # (SQLite's limit is 32,766; a word may name many orgs)

# Where --search found a target's words, the best first: its quote; its metric's,
# region's or org's names; its note, subject or outcome; only the sentence around it,
# which it may share with other targets (one word's weakest place names the match).
MATCH_PLACES = ("quote", "name", "note", "sentence")

# The columns of a target that --search looks in, besides the metric's and org's names.
_SEARCHED = ("quote", "sentence", "note", "subject", "outcome")


def _covers(period: str | None, span: Span) -> bool:
    if period is None or span is None:
        return period is None and span is None
    first, _, last = period.partition("-")
    return int(first) <= span[1] and int(last or first) >= span[0]


def _span(given: str) -> Span:
    """2030, 2024..2025 (or 2024-2025) or none, as a span of years."""
    from .fields import YEAR_BOUNDS

    typed = normalise(given)
    if typed in (NO_YEAR, "无", "未注明"):
        return None
    if any(c.isdigit() and c not in _YEAR_DIGITS for c in given):
        typed = ""  # (NFKC would make ²⁰²⁴ a year, and int() reads ٢٠٢٤ as one)
    first, sep, last = typed.replace("..", "-").partition("-")
    low, high = YEAR_BOUNDS
    if _digits(first) and (not sep or _digits(last)) and len(first) + len(last) <= 8:
        span = (int(first), int(last or first))
        if low <= span[0] <= span[1] <= high:
            return span
    raise UsageError(
        f"--period is {shown(given)}; give a year ({low}–{high}) such as 2024, "
        f"a span such as 2024..2025, or {NO_YEAR} for targets that name no year "
        "(years in digits 0-9)"
    )


# The digits a year may be typed in: ASCII, or full-width as a Chinese keyboard gives.
_YEAR_DIGITS = frozenset("0123456789０１２３４５６７８９")


def _digits(text: str) -> bool:
    """0-9 only (full-width ones are made these by `normalise`): other scripts' digits,
    which int() would take or choke on, are not a year."""
    return text.isascii() and text.isdigit()


def _firmness(given: tuple[str, ...]) -> frozenset[str]:
    if not given:
        return frozenset()
    index = choice_index("firmness", (*FIRMNESS_LEVEL, *FIRMNESS_ORDER, "none"))
    words: set[str] = set()
    for item in given:
        chosen = index.resolve(item)
        if chosen in FIRMNESS_ORDER:
            words |= {word for word, level in FIRMNESS_LEVEL.items() if level == chosen}
        else:
            words.add(chosen)
    return frozenset(words)


def _metrics_named(dataset: Dataset, word: str) -> frozenset[str]:
    return frozenset(
        metric.name
        for metric in dataset.metrics.values()
        if any(word in normalise(name) for name in (metric.name, metric.name_en, *metric.aliases))
    )


def _orgs_named(dataset: Dataset, word: str) -> frozenset[str]:
    """The orgs (regions among them) one of whose names holds the word: 江海 is 江海区."""
    return frozenset(
        org.id
        for org in dataset.orgs.values()
        if any(
            name and word in normalise(name)
            for name in (org.id, org.short, org.pinyin, org.name_en, *org.aliases)
        )
    )


def resolve(dataset: Dataset, filters: Filters) -> Selection:
    """Check every name the user typed; unknown ones raise with the closest known names."""
    words: tuple[str, ...] = ()
    if filters.search is not None:
        words = tuple(dict.fromkeys(normalise(filters.search).split()))
        if not words:
            raise UsageError("--search is empty; give some words to look for")
    # (an index of names is made only when a name of its kind is given)
    return Selection(
        regions=frozenset(region_index(dataset).resolve(r) for r in filters.regions),
        orgs=frozenset(org_index(dataset).resolve(o) for o in filters.orgs),
        metrics=frozenset(metric_index(dataset).resolve(m) for m in filters.metrics),
        categories=frozenset(
            choice_index("category", CATEGORIES).resolve(c) for c in filters.categories
        ),
        periods=tuple(dict.fromkeys(_span(period) for period in filters.periods)),
        kinds=frozenset(choice_index("kind", TARGET_KINDS).resolve(k) for k in filters.kinds),
        firmness=_firmness(filters.firmness),
        words=words,
        word_metrics=tuple(_metrics_named(dataset, word) for word in words),
        statuses=_statuses(filters.statuses),
        word_orgs=tuple(_orgs_named(dataset, word) for word in words),
    )


def select(dataset: Dataset, filters: Filters) -> list[Target]:
    """The targets that satisfy every filter, in the order of the data.

    From an index only the matching rows are read; a plain dataset is filtered here.
    A status is worked out from the outcomes, so it is tested on the rows found.
    """
    selection = resolve(dataset, filters)
    found: list[Target] | None = None
    if dataset.search is not None and len(selection.words) + len(selection.periods) <= _SQL_TERMS:
        where, params = selection.sql(dataset)
        if len(params) <= _SQL_PARAMETERS:
            found = dataset.search.targets(where, params)
    if found is None:  # no index, or a question too long for one SQL statement
        found = [t for t in dataset.targets if selection.matches(t, dataset)]
    if selection.statuses:
        from ..rules.outcomes import assess_all, by_target

        judged = assess_all(dataset, found, by_target(dataset.outcomes))
        found = [item.target for item in judged if item.status in selection.statuses]
    return found


def _statuses(given: tuple[str, ...]) -> frozenset[str]:
    """The statuses asked for, as the rules name them (the command line resolves what a
    user types, labels included); an unknown one is a usage error naming the closest."""
    if not given:  # (most questions: no outcome rules to load)
        return frozenset()
    from ..rules.outcomes import STATUSES

    index = Index("status", [(status, status) for status in STATUSES])
    return frozenset(index.resolve(name) for name in given)


def by_match(
    dataset: Dataset, filters: Filters, targets: list[Target]
) -> tuple[list[Target], dict[str, str]]:
    """Targets found by --search, those found in their own words first (MATCH_PLACES
    order, the data's order within each), and where each was found, by id."""
    if filters.search is None:
        return targets, {}
    selection = resolve(dataset, filters)
    places = {t.id: selection.matched_in(t, dataset) or MATCH_PLACES[-1] for t in targets}
    rank = {place: n for n, place in enumerate(MATCH_PLACES)}
    return sorted(targets, key=lambda t: rank[places[t.id]]), places


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
        return sorted(targets, key=lambda t: (t.period is None, t.period or ""))
    if key == "id":
        return sorted(targets, key=lambda t: t.id)
    if key == "firmness":
        rank = {level: n for n, level in enumerate(FIRMNESS_ORDER)}
        return sorted(targets, key=lambda t: rank.get(firmness_level(t.firmness) or "", 9))
    return sorted(
        targets,
        key=lambda t: (
            t.unit is None or t.value is None,
            -(to_base(t.value, t.unit) if t.unit and t.value is not None else 0),
        ),
    )
