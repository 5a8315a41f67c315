"""`targets sum --metric M`: one metric totalled over the county-level units."""

from __future__ import annotations

from ..data import query
from ..data.loading import load
from ..data.names import metric_index
from ..rules.records import replace
from ..rules.totals import add_up
from ..views import reports as views
from .common import checked_lang, targets_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ..views.report import Report


def sum_report(
    data: Path | None, metric: str, filters: query.Filters, lang: str, use_cache: bool = True
) -> Report:
    """The total of one metric; `filters` narrow it (their metrics are ignored)."""
    dataset = load(data, use_cache=use_cache, metrics=targets_of((metric,), filters.periods))
    name = metric_index(dataset).resolve(metric)
    filters = replace(filters, metrics=(name,), kinds=())
    chosen = query.select(dataset, filters)
    scope = query.resolve(dataset, filters).regions or None
    total = add_up(dataset, name, chosen, scope)
    return views.sum_report(dataset, total, checked_lang(lang))
