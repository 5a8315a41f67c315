"""`targets coverage`: do the county-level pledges add up to the city's own goal?"""

from __future__ import annotations

from ..data import query
from ..data.loading import load
from ..rules.coverage import coverage
from ..views import reports as views
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
    return views.coverage_report(dataset, coverage(dataset, chosen), lang)
