"""`targets show ID`: one target in full."""

from __future__ import annotations

from ..data.index import load
from ..data.names import target_index
from ..views import targets as views
from .common import checked_lang

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ..views.report import Report


def show_report(data: Path | None, target_id: str, lang: str, use_cache: bool = True) -> Report:
    lang = checked_lang(lang)
    dataset = load(data, use_cache=use_cache)
    wanted = target_index(dataset).resolve(target_id)
    target = next(t for t in dataset.targets if t.id == wanted)
    return views.show_report(dataset, target, lang)
