"""`targets metrics` and `targets regions`: the catalogues, with target counts."""

from __future__ import annotations

from ..data.index import load
from ..views import catalogue as views
from .common import checked_lang

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..views.report import Report


def metrics_report(data: str | None, lang: str, use_cache: bool = True) -> Report:
    lang = checked_lang(lang)
    return views.metrics_report(load(data, use_cache=use_cache), lang)


def regions_report(data: str | None, lang: str, use_cache: bool = True) -> Report:
    lang = checked_lang(lang)
    return views.regions_report(load(data, use_cache=use_cache), lang)
