"""`targets list`: the targets that pass every filter, in the order asked."""

from __future__ import annotations

from ..data import query
from ..data.index import load
from ..views import targets as views
from .common import checked_lang, targets_of
from .empty import wider

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..views.report import Report


def list_report(
    data: str | None,
    filters: query.Filters,
    sort: str,
    lang: str,
    use_cache: bool = True,
    every_statement: bool = False,
) -> Report:
    """Each target once (its newest figure) unless `every_statement` asks for every
    statement: restatements and revised figures too."""
    lang = checked_lang(lang)
    dataset = load(data, use_cache=use_cache, metrics=targets_of(filters.metrics, filters.periods))
    chosen = query.select(dataset, filters)
    folded: dict[str, tuple[str, str]] = {}
    if not every_statement:
        from ..rules.statements import superseded

        folded = superseded(dataset, chosen)
        chosen = [t for t in chosen if t.id not in folded]
    ordered = query.sort_targets(dataset, chosen, sort)
    ranked, places = query.by_match(dataset, filters, ordered)
    if sort == "source":  # (an order asked for is kept; each row still says where)
        ordered = ranked
    note = None if ordered else views.list_empty_note(filters, wider(dataset, filters))
    return views.list_report(dataset, ordered, lang, note, matched=places, folded=len(folded))
