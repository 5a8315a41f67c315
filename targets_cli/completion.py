"""Shell completion of names, read straight from the data files (no checking, no rich)."""

from __future__ import annotations

from collections.abc import Iterator

import typer


def _records(table: str, ctx: typer.Context | None) -> Iterator[dict]:
    from .errors import DataError
    from .loading import data_files, data_location, parse_file

    given = ctx.params.get("data") if ctx is not None else None
    try:
        for path in data_files(data_location(given)):
            yield from (r for r in parse_file(path).tables.get(table, []) if isinstance(r, dict))
    except DataError:
        return


def _matching(names: Iterator[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    wanted = incomplete.casefold()
    seen: dict[str, str] = {}
    for name, help_text in names:
        if name and name.casefold().startswith(wanted):
            seen.setdefault(name, help_text)
    return list(seen.items())


def _org_names(ctx: typer.Context | None, regions_only: bool) -> Iterator[tuple[str, str]]:
    for org in _records("orgs", ctx):
        if regions_only and org.get("kind") == "department":
            continue
        label = str(org.get("id", ""))
        for key in ("id", "short", "pinyin"):
            if isinstance(org.get(key), str):
                yield org[key], label


def regions(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _matching(_org_names(ctx, regions_only=True), incomplete)


def orgs(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _matching(_org_names(ctx, regions_only=False), incomplete)


def metrics(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    def names() -> Iterator[tuple[str, str]]:
        for metric in _records("metrics", ctx):
            label = str(metric.get("name_en", ""))
            yield str(metric.get("name", "")), label
            for alias in metric.get("aliases", []) or []:
                yield str(alias), label

    return _matching(names(), incomplete)


def ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _matching(
        ((str(t.get("id", "")), str(t.get("metric", ""))) for t in _records("targets", ctx)),
        incomplete,
    )
