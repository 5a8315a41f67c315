"""`targets sum --metric M`: one metric totalled over each city's county-level units."""

from __future__ import annotations

from ..data import query
from ..data.index import load
from ..data.names import metric_index
from ..errors import Refused
from ..rules.records import replace
from ..rules.totals import NotAdditive, add_up
from ..views import sum as views
from .common import checked_lang, targets_of
from .empty import wider

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ..views.report import Report


def sum_report(
    data: Path | None, metric: str, filters: query.Filters, lang: str, use_cache: bool = True
) -> Report:
    """The total of one metric; `filters` narrow it (their metrics are ignored)."""
    lang = checked_lang(lang)
    dataset = load(data, use_cache=use_cache, metrics=targets_of((metric,), filters.periods))
    name = metric_index(dataset).resolve(metric)
    filters = replace(filters, metrics=(name,), kinds=())
    chosen = query.select(dataset, filters)
    scope = query.resolve(dataset, filters).regions or None
    try:
        total = add_up(dataset, name, chosen, scope)
    except NotAdditive as refused:
        raise Refused(views.refusal(refused.metric)) from None
    note = None
    if not total.subtotals:
        loosened = None if chosen else wider(dataset, filters, _LOOSENED)
        note = views.sum_empty_note(total.metric, total, filters, loosened)
    return views.sum_report(dataset, total, lang, note)


# every filter but the metric itself
_LOOSENED = ("firmness", "search", "periods", "categories", "orgs", "regions")
