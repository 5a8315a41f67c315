"""`targets compare`: regions side by side, or one metric ranked."""

from __future__ import annotations

from ..data import query
from ..data.loading import load
from ..data.names import region_index
from ..rules.comparison import grid, rank
from ..views import reports as views
from .common import checked_lang

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ..views.report import Report


def compare_report(
    data: Path | None,
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
        kinds=("target",),
    )
    chosen = query.select(dataset, filters)
    metrics = query.resolve(dataset, filters).metrics
    if len(metrics) == 1:
        return views.ranking_report(dataset, rank(dataset, next(iter(metrics)), chosen), lang)
    return views.compare_report(dataset, grid(dataset, chosen, chosen_regions), lang)
