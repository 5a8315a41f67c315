"""The answers of `list`, `show` and `sum`, shared by the command line and its fast path.

cli.py parses the arguments with Typer; fastpath.py parses the common ones itself, to
answer without loading Typer. Both then call these functions, so that they cannot
answer differently.
"""

from __future__ import annotations

from ..data import query
from ..data.loading import load
from ..errors import UsageError
from ..views import reports as views

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ..views.report import Report


def checked_lang(lang: str) -> str:
    if lang not in views.LANGS:
        raise UsageError(f"--lang is {lang!r}; choose zh or en")
    return lang


def _targets_of(metrics: tuple[str, ...], periods: tuple[str, ...]) -> tuple[str, ...] | None:
    """The metrics whose targets are all an answer needs, when that is known up front.

    A period filter is resolved against every period in the data, so it needs them all.
    """
    return metrics if metrics and not periods else None


def list_report(
    data: Path | None, filters: query.Filters, sort: str, lang: str, use_cache: bool = True
) -> Report:
    dataset = load(data, use_cache=use_cache, metrics=_targets_of(filters.metrics, filters.periods))
    chosen = query.select(dataset, filters)
    ordered = query.sort_targets(dataset, chosen, sort)
    return views.list_report(dataset, ordered, checked_lang(lang))


def show_report(data: Path | None, target_id: str, lang: str, use_cache: bool = True) -> Report:
    from ..data.names import target_index

    dataset = load(data, use_cache=use_cache)
    wanted = target_index(dataset).resolve(target_id)
    target = next(t for t in dataset.targets if t.id == wanted)
    return views.show_report(dataset, target, checked_lang(lang))


def sum_report(
    data: Path | None, metric: str, filters: query.Filters, lang: str, use_cache: bool = True
) -> Report:
    """The total of one metric; `filters` narrow it (their metrics are ignored)."""
    from ..data.names import metric_index
    from ..rules.records import replace
    from ..rules.totals import add_up

    dataset = load(data, use_cache=use_cache, metrics=_targets_of((metric,), filters.periods))
    name = metric_index(dataset).resolve(metric)
    filters = replace(filters, metrics=(name,), kinds=())
    chosen = query.select(dataset, filters)
    scope = query.resolve(dataset, filters).regions or None
    total = add_up(dataset, name, chosen, scope)
    return views.sum_report(dataset, total, checked_lang(lang))
