"""Answering the usual `list`, `show` and `sum` without loading Typer.

Typer, Click and rich take longer to import than the whole answer to a JSON query,
and `targets` runs inside shell loops. So `main` first hands the arguments to
`answer`, which understands a narrow, fully specified set of them: the options of
those three commands, written `--option value`, `--option=value` or `-o value`.
Anything else (help, completion, an unknown or repeated option, a value that starts
with a dash, a missing argument) returns None, and Typer takes over as if this module
did not exist; so does any error while answering, so that every message comes from
Typer's path. The answer itself is computed by answers.py and rendered by the same
renderers as Typer's commands use: tests/test_fastpath.py runs both on many argument
lists and requires the same bytes and exit codes.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FORMATS = ("table", "tsv", "csv", "json", "jsonl")
LANGS = ("zh", "en")

_COMMON = {
    "--data": ("data", "one"),
    "--format": ("format", "one"),
    "-f": ("format", "one"),
    "--json": ("json", "flag"),
    "--lang": ("lang", "one"),
    "--bom": ("bom", "flag"),
    "--no-cache": ("no_cache", "flag"),
}
_FILTERS = {
    "--region": ("regions", "many"),
    "-r": ("regions", "many"),
    "--org": ("orgs", "many"),
    "--category": ("categories", "many"),
    "--period": ("periods", "many"),
    "--firmness": ("firmness", "many"),
    "--search": ("search", "one"),
    "-s": ("search", "one"),
}
# The options of each command this module answers (as cli.py declares them), and how
# many positional arguments it takes.
COMMANDS: dict[str, tuple[dict[str, tuple[str, str]], int]] = {
    "list": (
        _COMMON
        | _FILTERS
        | {
            "--metric": ("metrics", "many"),
            "-m": ("metrics", "many"),
            "--kind": ("kinds", "many"),
            "--sort": ("sort", "one"),
        },
        0,
    ),
    "sum": (_COMMON | _FILTERS | {"--metric": ("metric", "one"), "-m": ("metric", "one")}, 0),
    "show": (_COMMON, 1),
}


def parse(argv: list[str]) -> tuple[str, dict[str, Any], list[str]] | None:
    """(command, options, arguments) when every word is understood, else None."""
    if not argv or argv[0] not in COMMANDS:
        return None
    command = argv[0]
    spec, positional = COMMANDS[command]
    options: dict[str, Any] = {}
    arguments: list[str] = []
    words = iter(argv[1:])
    for word in words:
        if not word.startswith("-"):
            arguments.append(word)
            continue
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        known = spec.get(name)
        if known is None:
            return None
        key, kind = known
        if kind == "flag":
            if equals:
                return None
            options[key] = True
            continue
        if not equals:
            value = next(words, None)  # type: ignore[arg-type]
            if value is None:
                return None
        if not value or value.startswith("-"):
            return None  # Click's reading of these is left to Click
        if kind == "many":
            options.setdefault(key, []).append(value)
        elif key in options:
            return None  # (Click keeps the last; rare enough to leave to it)
        else:
            options[key] = value
    if len(arguments) != positional:
        return None
    if command == "sum" and "metric" not in options:
        return None
    return command, options, arguments


def answer(argv: list[str]) -> int | None:
    """Print the answer and return the exit code; None to leave the arguments to Typer."""
    request = parse(argv)
    if request is None:
        return None
    command, options, arguments = request
    fmt, lang = options.get("format"), options.get("lang", "zh")
    if fmt is not None and fmt not in FORMATS:
        return None
    if options.get("json") and fmt not in (None, "json"):
        return None
    if lang not in LANGS:
        return None
    try:
        report = _report(command, options, arguments, lang)
    except Exception:  # an error is Typer's to report, in its words
        return None
    from ..renderers import Format, default_format, render

    chosen = Format.json if options.get("json") else Format(fmt) if fmt else None
    try:
        render(report, chosen or default_format(sys.stdout), bom=bool(options.get("bom")))
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # main() ends quietly with 141, as after Typer
    except OSError as error:
        if error.filename is not None:
            raise
        # as cli._stdout_errors says it
        print(f"targets: error: cannot write the output: {error.strerror}", file=sys.stderr)
        _quiet_stdout()
        return 4
    return 0


def _report(command: str, options: dict[str, Any], arguments: list[str], lang: str) -> Any:
    from pathlib import Path

    from ..answers import listing, showing, summing
    from ..data import query

    data = Path(options["data"]) if "data" in options else None
    use_cache = not options.get("no_cache")
    if command == "show":
        return showing.show_report(data, arguments[0], lang, use_cache)
    filters = query.Filters(
        regions=tuple(options.get("regions", ())),
        orgs=tuple(options.get("orgs", ())),
        metrics=tuple(options.get("metrics", ())),
        categories=tuple(options.get("categories", ())),
        periods=tuple(options.get("periods", ())),
        kinds=tuple(options.get("kinds", ())),
        firmness=tuple(options.get("firmness", ())),
        search=options.get("search"),
    )
    if command == "list":
        return listing.list_report(data, filters, options.get("sort", "source"), lang, use_cache)
    return summing.sum_report(data, options["metric"], filters, lang, use_cache)


def _quiet_stdout() -> None:
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)
