"""`targets progress`: did they deliver? The scorecard of the targets that pass the filters."""

from __future__ import annotations

from ..data import query
from ..data.index import load
from ..data.names import Index
from ..rules.outcomes import NOT_COMPARABLE, STATUSES
from ..rules.records import replace
from ..views import progress as views
from .common import checked_lang

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..views.report import Report


def _status_names() -> Iterable[tuple[str, str]]:
    """Every name a status may be typed as: its code, its labels, not_comparable too."""
    for status in STATUSES:
        yield status, status
        for label in views.STATUS_LABELS[status]:
            yield label, status
    yield NOT_COMPARABLE.replace("-", "_"), NOT_COMPARABLE


def resolve_statuses(given: Iterable[str]) -> tuple[str, ...]:
    """The statuses asked for (--status, repeatable); an unknown one raises a UsageError
    naming the closest known statuses first."""
    index = Index("status", _status_names())
    return tuple(dict.fromkeys(index.resolve(name) for name in given))


def progress_report(
    data: str | None, filters: query.Filters, lang: str, use_cache: bool = True
) -> Report:
    lang = checked_lang(lang)
    statuses = resolve_statuses(filters.statuses)
    dataset = load(data, use_cache=use_cache)
    # every target the other filters keep: the scorecard says for how many of them an
    # outcome is known whatever --status then shows
    chosen = query.select(dataset, replace(filters, statuses=()))
    return views.progress_report(dataset, chosen, lang, statuses=statuses)
