"""`targets show ID`: one target in full, read from the index by its id with only the
targets it prints beside it (those of its sentence, and its other statements)."""

from __future__ import annotations

from ..data.index import INDEX_ERRORS, glance_index, load
from ..data.names import target_index
from ..views import targets as views
from .common import checked_lang

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..data.index import Index
    from ..rules.model import Dataset, Target
    from ..views.report import Report


def show_report(data: str | None, target_id: str, lang: str, use_cache: bool = True) -> Report:
    lang = checked_lang(lang)
    if use_cache:
        report = _glanced(data, target_id, lang)
        if report is not None:
            return report
    dataset = load(data, use_cache=use_cache)
    search: Index | None = dataset.search
    if search is None:
        wanted = target_index(dataset).resolve(target_id)
        target = next(t for t in dataset.targets if t.id == wanted)
        return views.show_report(dataset, target, lang)
    found = search.targets("id = ?", (target_id,))
    if not found:  # typed another way (full-width, upper case), or unknown: every id
        found = search.targets("id = ?", (target_index(dataset).resolve(target_id),))
    target = found[0]
    return views.show_report(_around(dataset, search, target), target, lang)


def _glanced(data: str | None, target_id: str, lang: str) -> Report | None:
    """The answer from the index as it is, when no folder of the data changed and the
    files it comes from did not either (glance_index, Index.files_hold): at a million
    targets in 10,000 files, a stat of each is most of a warm run. None otherwise, and
    for an id the index does not hold as typed, or data with problems: the full way
    looks at every file, and says what it finds."""
    index = glance_index(data)
    if index is None:
        return None
    try:
        found = [] if index.problems() else index.targets("id = ?", (target_id,))
        if found:
            around = _around(index.dataset(), index, found[0])
            if index.files_hold([t.id for t in around.targets]):
                return views.show_report(around, found[0], lang)
    except (*INDEX_ERRORS, OSError):  # (OSError: its source's text gone)
        pass
    index.close()
    return None


def _around(dataset: Dataset, search: Index, target: Target) -> Dataset:
    """The dataset with only the targets `show` looks at: the target, those whose quotes
    lie in its sentence (as rules.provenance.context finds them), and its statements."""
    from ..rules.wording import sentence_around

    wanted = search.statement_ids(target.id)
    file = dataset.sources[target.source].file
    if file is not None:  # (a cited source has no text, and no sentence to share)
        with open(file, encoding="utf-8") as stream:
            text = stream.read()
        start = text.find(target.quote)
        first, last = sentence_around(text, start, start + len(target.quote))
        quotes = search.quotes(target.source)
        wanted.update(ident for ident, quote in quotes if first <= text.find(quote) < last)
    marks = ", ".join("?" * len(wanted))
    return dataset.with_targets(tuple(search.targets(f"id IN ({marks})", sorted(wanted))))
