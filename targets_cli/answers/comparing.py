"""`targets compare`: regions side by side, or one metric ranked."""

from __future__ import annotations

from ..data import query
from ..data.index import load
from ..data.names import region_index
from ..rules.comparison import grid, rank
from ..rules.related import split_silent, unstated
from ..views import compare as views
from .common import checked_lang

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..views.report import Report

# Filters left out, one at a time, to find what an empty comparison could show instead.
_LOOSENED = ("statuses", "periods", "regions", "categories", "metrics")


def compare_report(
    data: str | None,
    regions: tuple[str, ...],
    filters: query.Filters,
    lang: str,
    use_cache: bool = True,
) -> Report:
    """`filters` give metrics, categories and periods; their regions are `regions`."""
    lang = checked_lang(lang)
    dataset = load(data, use_cache=use_cache)
    index = region_index(dataset)
    chosen_regions = tuple(dict.fromkeys(index.resolve(r) for r in regions))
    filters = query.Filters(
        regions=chosen_regions,
        metrics=filters.metrics,
        categories=filters.categories,
        periods=filters.periods,
        statuses=filters.statuses,
    )
    chosen = query.select(dataset, filters)
    note = None
    if not chosen:
        typed = query.Filters(
            regions=tuple(regions),
            metrics=filters.metrics,
            categories=filters.categories,
            periods=filters.periods,
            statuses=filters.statuses,
        )
        from .empty import wider  # (only an empty comparison looks wider)

        loosened = wider(dataset, filters, _LOOSENED)
        note = views.compare_empty_note(dataset, chosen_regions, typed, loosened)
    metrics = query.resolve(dataset, filters).metrics
    if len(metrics) == 1:
        name = next(iter(metrics))
        ranking = rank(dataset, name, chosen)
        quiet = unstated(dataset, chosen, chosen_regions)
        from .summing import related_targets  # (a ranking's family, as sum finds it)

        _, related = split_silent(quiet, related_targets(dataset, name, filters))
        return views.ranking_report(dataset, ranking, lang, note, related)
    return views.compare_report(dataset, grid(dataset, chosen, chosen_regions), lang, note)
