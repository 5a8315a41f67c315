"""What each command does with its values, for Typer's path and the fast path alike.

Both paths call `run` with the command's values (keyed as spec.py names them), so an
answer, an error message and an exit code are the same whichever path reads the
arguments. Nothing here imports Typer: the answers live in answers/, and a report is
printed by the renderers.
"""

from __future__ import annotations

import os
import sys

from ..errors import ExitCode, TargetsError, UsageError, shown, visible
from . import spec

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from ..data.query import Filters
    from ..views.report import Report

    Values = dict[str, Any]


def run(name: str, values: Values) -> int:
    """Do the command; print its answer, or its error on stderr; return the exit code."""
    try:
        code = HANDLERS[name](values)
        sys.stdout.flush()  # here, not at exit, so that a reader who left is seen in time
        return code
    except TargetsError as error:
        say_error(error)
        return int(error.exit_code)
    except BrokenPipeError:
        quiet_stdout()
        return int(ExitCode.BROKEN_PIPE)
    except OSError as error:
        if error.filename is not None:
            raise  # about a file the command read, not about where it writes
        print(f"targets: error: cannot write the output: {error.strerror}", file=sys.stderr)
        quiet_stdout()
        return int(ExitCode.OUTPUT)
    except KeyboardInterrupt:
        print("targets: interrupted", file=sys.stderr)
        return 130


def say_error(error: BaseException) -> None:
    """An error as the user sees it: one message on stderr, control characters shown."""
    print(f"targets: error: {visible(str(error))}", file=sys.stderr)


def quiet_stdout() -> None:
    """Send what is left for stdout nowhere, so the final flush cannot fail again."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (a test's capture): nothing to flush
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


# ---- what the values mean -----------------------------------------------------------


def _data(values: Values, key: str = "data") -> str | None:
    """A data file or folder given, written as the data layer names it (a str, as
    str(Path) writes it: no pathlib on the way to a warm answer)."""
    from ..data.paths import path_text

    given = values.get(key)
    return None if given is None else path_text(str(given))


def _path(values: Values, key: str) -> Path | None:
    """A file a command writes or scans (no warm answer reads one: a Path)."""
    from pathlib import Path

    given = values.get(key)
    return None if given is None else Path(given)


def _choice(values: Values, name: str, key: str, command: str) -> str | None:
    """An option's value, when it is one of its choices (spec.py lists them)."""
    given = values.get(key)
    option = spec.COMMANDS[command].option(name)
    if given is None or option is None or option.choices is None or given in option.choices:
        return given
    if name == "--sort":
        raise UsageError(
            f"cannot sort by {shown(given)}; choose one of {', '.join(option.choices)}"
        )
    *first, last = option.choices
    raise UsageError(f"{name} is {shown(given)}; choose {', '.join(first)} or {last}")


def _filters(values: Values, **fixed: Any) -> Filters:
    from ..data.query import Filters

    def many(key: str) -> tuple[str, ...]:
        return tuple(values.get(key) or ())

    statuses = many("status")
    if statuses:  # typed as a code or a label of either language: the rules take codes
        from ..answers.progressing import resolve_statuses

        statuses = resolve_statuses(statuses)

    return Filters(
        regions=many("region"),
        orgs=many("org"),
        metrics=many("metric"),
        categories=many("category"),
        periods=many("period"),
        kinds=many("kind"),
        firmness=many("firmness"),
        search=values.get("search"),
        statuses=statuses,
        **fixed,
    )


class _Output:
    """The output options every query command takes, checked before any work is done."""

    def __init__(self, command: str, values: Values):
        self.data = _data(values)
        self.use_cache = not values.get("no_cache")
        self.lang = _choice(values, "--lang", "lang", command) or "zh"
        self.format = _choice(values, "--format", "format", command)
        self.json = bool(values.get("json"))
        self.bom = bool(values.get("bom"))
        if self.json and self.format not in (None, "json"):
            raise UsageError(f"--json conflicts with --format {self.format}; give one of them")

    def emit(self, report: Report) -> None:
        from ..renderers import Format, default_format, render

        chosen = Format.json if self.json else self.format
        render(report, chosen or default_format(sys.stdout), bom=self.bom)  # note included


def _answers(name: str) -> Any:
    """A module of answers/ (or publish/), imported when its command runs: one that is
    missing leaves its command unavailable, the others as they are."""
    module = f"targets_cli.{name}"
    try:  # (__import__, not importlib.import_module: importlib costs a warm answer 0.5 ms)
        answers = __import__(module, fromlist=["_"])
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        raise TargetsError(f"this installation has no {module}; reinstall targets") from None
    from . import start_collector

    start_collector()  # (started up: what the answer makes is collected as before)
    return answers


# ---- the commands -------------------------------------------------------------------


def _list(values: Values) -> int:
    out = _Output("list", values)
    sort = _choice(values, "--sort", "sort", "list") or "source"
    listing = _answers("answers.listing")
    every = bool(values.get("restatements"))
    report = listing.list_report(
        out.data, _filters(values), sort, out.lang, out.use_cache, every_statement=every
    )
    out.emit(report)
    return 0


def _show(values: Values) -> int:
    out = _Output("show", values)
    showing = _answers("answers.showing")
    out.emit(showing.show_report(out.data, values["target_id"], out.lang, out.use_cache))
    return 0


def _sum(values: Values) -> int:
    out = _Output("sum", values)
    summing = _answers("answers.summing")
    filters = _filters({**values, "metric": ()})
    related = bool(values.get("related"))
    with _answers("answers.common").Uncollected():
        report = summing.sum_report(
            out.data, values["metric"], filters, out.lang, out.use_cache, related
        )
        out.emit(report)
    return 0


def _compare(values: Values) -> int:
    out = _Output("compare", values)
    comparing = _answers("answers.comparing")
    regions = tuple(values.get("regions") or ())
    report = comparing.compare_report(out.data, regions, _filters(values), out.lang, out.use_cache)
    out.emit(report)
    return 0


def _coverage(values: Values) -> int:
    out = _Output("coverage", values)
    covering = _answers("answers.covering")
    with _answers("answers.common").Uncollected():  # (what it keeps: the targets)
        report = covering.coverage_report(out.data, _filters(values), out.lang, out.use_cache)
        out.emit(report)
    return 0


def _progress(values: Values) -> int:
    out = _Output("progress", values)
    progressing = _answers("answers.progressing")
    out.emit(progressing.progress_report(out.data, _filters(values), out.lang, out.use_cache))
    return 0


def _cascade(values: Values) -> int:
    out = _Output("cascade", values)
    cascading = _answers("answers.cascading")
    filters = _filters({**values, "metric": ()})
    out.emit(cascading.cascade_report(out.data, values["metric"], filters, out.lang, out.use_cache))
    return 0


def _metrics(values: Values) -> int:
    out = _Output("metrics", values)
    out.emit(_answers("answers.catalogue").metrics_report(out.data, out.lang, out.use_cache))
    return 0


def _regions(values: Values) -> int:
    out = _Output("regions", values)
    out.emit(_answers("answers.catalogue").regions_report(out.data, out.lang, out.use_cache))
    return 0


def _check(values: Values) -> int:
    out = _Output("check", values)
    location = _data(values, "path") or out.data
    answer = _answers("answers.checking").check_answer(
        location, out.lang, out.use_cache, full=bool(values.get("full"))
    )
    dataset, problems = answer.dataset, answer.problems
    if out.json or out.format not in (None, "table"):
        out.emit(answer.report)
    else:
        for problem in problems:
            print(visible(str(problem)), file=sys.stderr)
        if not problems:
            from ..data.paths import data_location

            files = ", ".join(str(f) for f in dataset.files)
            if len(dataset.files) > 3:  # a folder of many: say how many, not each one
                files = f"{len(dataset.files)} files under {location or data_location(None)}"
            from ..views.labels import counted

            counts = (
                (_target_count(dataset), "target"),
                (len(dataset.orgs), "org"),
                (len(dataset.metrics), "metric"),
                (len(dataset.sources), "source"),
            )
            print(f"ok: {', '.join(counted(n, noun) for n, noun in counts)} in " + visible(files))
        else:
            count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
            print(f"{count} found", file=sys.stderr)
        from ..views.check import cited_line

        cited = cited_line(answer.cited)
        if cited:  # (part of the answer, problems or not: what the check did not check)
            print(visible(cited))
    return int(ExitCode.DATA) if problems else 0


def _target_count(dataset: Any) -> int:
    """How many targets, counted in the index where there is one (none built)."""
    search = dataset.search
    if search is not None and hasattr(search, "counts"):
        return sum(search.counts("region").values())
    return len(dataset.targets)


def _scan(values: Values) -> int:
    fmt = _choice(values, "--format", "format", "scan")
    if values.get("json") and fmt not in (None, "json"):
        raise UsageError(f"--json conflicts with --format {fmt}; give one of them")
    data = _data(values)
    source = values.get("source")  # (a str: scanning reads it with os.path, no pathlib)
    scanning = _answers("answers.scanning")
    # TOML by default on a terminal and piped alike (not the other commands' TSV when
    # piped): a curator redirects it into a file to edit
    chosen = "json" if values.get("json") else fmt or "toml"
    report = scanning.scan_report(source, data, use_data=data is not None)
    if chosen == "toml":  # (a format of scan alone: records to paste into a data file)
        from ..renderers.toml import write_toml

        write_toml(report.toml, sys.stdout)
    else:
        from ..renderers import render

        render(report.report, chosen, bom=bool(values.get("bom")))
    return 0


def _export(values: Values) -> int:
    from ..data.index import load

    fmt = _choice(values, "--format", "format", "export")
    out = _path(values, "out")
    exporting = _answers("publish.export")
    try:
        chosen = exporting.ExportFormat(fmt)
    except ValueError:
        known = ", ".join(exporting.ExportFormat)
        raise UsageError(f"--format {fmt} is not in this installation; it has {known}") from None
    dataset = load(_data(values), use_cache=not values.get("no_cache"))
    written = exporting.export(dataset, chosen, out, force=values["force"], bom=values["bom"])
    several = chosen in ("csv", "datasette") and out is not None and out.is_dir()
    where = f"{out}/ ({', '.join(p.name for p in written)})" if several else str(out)
    print(f"wrote {visible(where)}: {exporting.summary(dataset)}")
    return 0


def _serve(values: Values) -> int:
    port = values.get("port")
    try:
        number = int(str(port), 10)
    except ValueError:
        number = -1
    if not 0 <= number < 65536:  # 0: a free port, which serve prints
        raise UsageError(f"--port is {shown(port)}; give a number from 1 to 65535 (0: any free)")
    serving = _answers("publish.serving")
    return int(serving.serve(_data(values), values["host"], number, not values.get("no_cache")))


def _schema(values: Values) -> int:
    import json

    from ..data.schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


HANDLERS: dict[str, Callable[[Values], int]] = {
    "list": _list,
    "show": _show,
    "sum": _sum,
    "compare": _compare,
    "coverage": _coverage,
    "progress": _progress,
    "cascade": _cascade,
    "metrics": _metrics,
    "regions": _regions,
    "check": _check,
    "scan": _scan,
    "export": _export,
    "serve": _serve,
    "schema": _schema,
}
