"""`targets coverage`: do each city's county-level pledges add up to its own goal?"""

from __future__ import annotations

from ..data import query
from ..data.index import load
from ..rules.coverage import CoverageStream
from ..views import coverage as views
from .common import checked_lang

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..rules.model import Dataset, Target
    from ..views.report import Report


def coverage_report(
    data: str | None, filters: query.Filters, lang: str, use_cache: bool = True
) -> Report:
    """`filters` give metrics, categories and periods."""
    lang = checked_lang(lang)
    dataset = load(data, use_cache=use_cache)
    asked = tuple(sorted(query.resolve(dataset, filters).metrics)) if filters.metrics else ()
    answer = CoverageStream(dataset, _by_metric(dataset, filters, asked), asked)
    # (reads up to the first metric covered: the note is only for an answer with none)
    note = views.coverage_empty_note(dataset, answer, filters)
    return views.coverage_report(dataset, answer, lang, note)


# Chosen targets read in one query when there are no more than these (a metric at a time
# above: memory then holds one metric's targets, not every target).
_AT_ONCE = 2000


def _by_metric(
    dataset: Dataset, filters: query.Filters, asked: tuple[str, ...]
) -> Iterator[tuple[str, list[Target]]]:
    """Each metric with its chosen targets, in the order of the data (those asked for by
    name first), a metric read from the index only when the one before it is done with:
    memory holds one metric's targets, not every target."""
    selection = query.resolve(dataset, filters)
    search = dataset.search
    where, params = selection.sql(dataset) if search is not None else ("", [])
    if (
        search is None
        or selection.statuses
        or len(selection.words) + len(selection.periods) > query._SQL_TERMS
        or len(params) >= query._SQL_PARAMETERS
    ):  # no index, or a question too long for SQL: every chosen target, grouped here
        grouped: dict[str, list[Target]] = {name: [] for name in asked}
        for target in query.select(dataset, filters):
            grouped.setdefault(target.metric, []).append(target)
        yield from grouped.items()
        return
    condition = f" AND ({where})" if where else ""
    # each metric by where its first chosen target is in the data (file, then place)
    names = search._query(
        f"SELECT metric_name, COUNT(*) FROM targets WHERE region IS NOT NULL{condition} "
        "GROUP BY metric_name ORDER BY MIN(_file * 4294967296 + _ordinal)",
        tuple(params),
    )
    order = dict.fromkeys((*asked, *(name for name, _ in names)))
    if sum(count for _, count in names) <= _AT_ONCE:  # (few: one query, not one a metric)
        grouped = {name: [] for name in order}
        for target in search.targets(where, params):
            group = grouped.get(target.metric)
            if group is not None:  # (as the query of its metric_name would find it)
                group.append(target)
        yield from grouped.items()
        return
    for name in order:
        yield name, search.targets(f"metric_name = ?{condition}", (name, *params))
