"""`targets coverage`: do each city's county-level pledges add up to its own goal?"""

from __future__ import annotations

from ..data import query
from ..data.index import load
from ..rules.coverage import coverage
from ..views import coverage as views
from .common import checked_lang

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ..views.report import Report


def coverage_report(
    data: Path | None, filters: query.Filters, lang: str, use_cache: bool = True
) -> Report:
    """`filters` give metrics, categories and periods."""
    lang = checked_lang(lang)
    dataset = load(data, use_cache=use_cache)
    chosen = query.select(dataset, filters)
    asked = tuple(sorted(query.resolve(dataset, filters).metrics)) if filters.metrics else ()
    answer = coverage(dataset, chosen, asked)
    note = views.coverage_empty_note(dataset, answer, filters)
    return views.coverage_report(dataset, answer, lang, note)
