"""Shell completion of names: regions, orgs, metrics and target ids, from the dataset.

The names come from the dataset as every command reads it (from the cache when it is
there), so completing is as quick as a JSON answer; a dataset that cannot be read
completes nothing. Typer calls these functions with its context; completion_fast.py
calls them without Typer, for the same answers. (Their `ctx` has no annotation, so
that this module need not import Typer: Typer finds it by its name.)
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path
    from typing import Any

    from ..rules.model import Dataset


def _dataset(ctx: Any, with_targets: bool = False) -> Dataset | None:
    """The dataset as the command would read it; None when it cannot be read."""
    from ..data.index import load, read_dataset
    from ..errors import DataError

    data: Path | str | None = ctx.params.get("data") if ctx is not None else None
    given = None if data is None else str(data)
    use_cache = not (ctx is not None and ctx.params.get("no_cache"))
    try:
        if not with_targets:
            try:  # the catalogues alone, when the data is sound
                return load(given, use_cache=use_cache, metrics=())
            except DataError:
                pass
        dataset, _ = read_dataset(given, use_cache=use_cache)  # with what is wrong in it
    except (DataError, OSError):
        return None
    return dataset


def _matching(names: Iterable[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    wanted = incomplete.casefold()
    seen: dict[str, str] = {}
    for name, help_text in names:
        if name and name.casefold().startswith(wanted):
            seen.setdefault(name, help_text)
    return list(seen.items())


def _org_names(ctx: Any, regions_only: bool) -> Iterator[tuple[str, str]]:
    dataset = _dataset(ctx)
    for org in dataset.orgs.values() if dataset else ():
        if regions_only and not org.is_region:
            continue
        for name in (org.id, org.short, org.pinyin):
            if name:
                yield name, org.id


def regions(ctx, incomplete: str) -> list[tuple[str, str]]:
    return _matching(_org_names(ctx, regions_only=True), incomplete)


def orgs(ctx, incomplete: str) -> list[tuple[str, str]]:
    return _matching(_org_names(ctx, regions_only=False), incomplete)


def metrics(ctx, incomplete: str) -> list[tuple[str, str]]:
    def names() -> Iterator[tuple[str, str]]:
        dataset = _dataset(ctx)
        for metric in dataset.metrics.values() if dataset else ():
            for name in (metric.name, *metric.aliases):
                yield name, metric.name_en

    return _matching(names(), incomplete)


def ids(ctx, incomplete: str) -> list[tuple[str, str]]:
    dataset = _dataset(ctx, with_targets=True)
    targets = dataset.targets if dataset else ()
    return _matching(((t.id, t.metric) for t in targets), incomplete)
