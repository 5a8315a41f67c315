"""`targets sum --metric M`: one metric totalled over each city's county-level units."""

from __future__ import annotations

from ..data import query
from ..data.index import load
from ..data.names import metric_index
from ..errors import Refused
from ..rules.levels import restated
from ..rules.records import replace
from ..rules.related import addable, family, related_names, split_silent
from ..rules.totals import NotAdditive, add_up
from ..views import sum as views
from .common import checked_lang, targets_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..rules.model import Dataset, Target
    from ..views.report import Report


def sum_report(
    data: str | None,
    metric: str,
    filters: query.Filters,
    lang: str,
    use_cache: bool = True,
    related: bool = False,
) -> Report:
    """The total of one metric; `filters` narrow it (their metrics are ignored). With
    `related`, the figures of the metric's whole family side by side instead."""
    lang = checked_lang(lang)
    dataset = load(data, use_cache=use_cache, metrics=targets_of((metric,), filters.periods))
    name = metric_index(dataset).resolve(metric)
    if related:
        return _family_report(dataset, name, filters, lang)
    filters = replace(filters, metrics=(name,), kinds=())
    chosen = query.select(dataset, filters)
    scope = query.resolve(dataset, filters).regions or None
    try:
        total = add_up(dataset, name, chosen, scope)
    except NotAdditive as refused:
        raise Refused(views.refusal(refused.metric)) from None
    quiet, stated = split_silent(total.silent, related_targets(dataset, name, filters))
    total = replace(total, silent=quiet)
    note = None
    if not total.subtotals:
        from .empty import wider  # (only an empty answer suggests a wider question)

        loosened = None if chosen else wider(dataset, filters, _LOOSENED)
        note = views.sum_empty_note(total.metric, total, filters, loosened)
    return views.sum_report(dataset, total, lang, note, stated)


def related_targets(dataset: Dataset, name: str, filters: query.Filters) -> list[Target]:
    """The targets of the metrics related to `name` under the same filters, each once."""
    others = related_names(dataset, name)
    if not others:
        return []
    found = query.select(dataset, replace(filters, metrics=others, kinds=()))
    restates = restated(dataset, found)
    return [t for t in found if t.id not in restates]


def _family_report(dataset: Dataset, name: str, filters: query.Filters, lang: str) -> Report:
    """`sum --metric M --related`: every member's figures, a total only where the data
    says the scopes may be added."""
    members = family(dataset, name)
    chosen = query.select(dataset, replace(filters, metrics=members, kinds=()))
    restates = restated(dataset, chosen)
    figures = [t for t in chosen if t.id not in restates and t.has_figure]
    with_figures = [m for m in members if any(t.metric == m for t in figures)]
    totals = None
    if addable(dataset, with_figures):
        scope = query.resolve(dataset, filters).regions or None
        totals = [add_up(dataset, m, figures, scope) for m in with_figures]
    from ..views import family as family_views  # (only --related shows the family)

    return family_views.family_report(dataset, members, figures, totals, lang)


# every filter but the metric itself
_LOOSENED = ("firmness", "search", "periods", "categories", "orgs", "regions")
