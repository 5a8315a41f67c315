"""`targets cascade --metric M`: one metric followed down the tree of levels."""

from __future__ import annotations

from ..data import query
from ..data.index import load
from ..data.names import metric_index
from ..rules.cascade import cascade
from ..rules.records import replace
from ..views import cascade as views
from .common import checked_lang, targets_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..views.report import Report


def cascade_report(
    data: str | None, metric: str, filters: query.Filters, lang: str, use_cache: bool = True
) -> Report:
    """The metric's figures from the top of the tree down; `filters` give the periods and
    the regions (each one's subtree, and the regions above it as context)."""
    lang = checked_lang(lang)
    dataset = load(data, use_cache=use_cache, metrics=targets_of((metric,), filters.periods))
    name = metric_index(dataset).resolve(metric)
    regions = tuple(sorted(query.resolve(dataset, filters).regions))
    # every region's figures: the regions above those asked for are shown as context
    chosen = query.select(dataset, replace(filters, metrics=(name,), regions=(), kinds=()))
    answer = cascade(dataset, name, chosen, regions)
    note = None
    if not answer.trees:
        note = views.cascade_empty_note(dataset, answer, filters, bool(chosen))
    return views.cascade_report(dataset, answer, regions, lang, note)
