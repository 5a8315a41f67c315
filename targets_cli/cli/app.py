"""The command line: parse arguments, ask the domain, hand the answer to a renderer."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
import typer.core

from ..answers import catalogue, checking, common, comparing, covering, listing, showing, summing
from ..data import query
from ..data.loading import data_location, load
from ..errors import ExitCode, TargetsError, UsageError
from ..renderers import Format, default_format, render
from ..views.report import Report
from . import completion


class _Commands(typer.core.TyperGroup):
    """Turns the domain's errors into a message on stderr and a documented exit code."""

    def make_context(self, *args, **kwargs) -> typer.Context:
        with _stdout_errors():  # `targets --help` writes while its options are parsed
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: typer.Context) -> object:
        try:
            with _stdout_errors():
                result = super().invoke(ctx)
                # Flushed here, not at exit, so that a reader who left is seen in time.
                sys.stdout.flush()
            return result
        except TargetsError as error:
            print(f"targets: error: {error}", file=sys.stderr)
            ctx.exit(int(error.exit_code))


@contextlib.contextmanager
def _stdout_errors() -> Iterator[None]:
    """A reader that left ends the run with 141 (Click would say 1), a stdout that
    refuses text (`> /dev/full`) with 4 and a message; neither with a traceback."""
    try:
        yield
    except BrokenPipeError:
        quiet_stdout()
        raise typer.Exit(int(ExitCode.BROKEN_PIPE)) from None
    except OSError as error:
        if error.filename is not None:
            raise  # about a file the command read, not about where it writes
        print(f"targets: error: cannot write the output: {error.strerror}", file=sys.stderr)
        quiet_stdout()
        raise typer.Exit(int(ExitCode.OUTPUT)) from None


def quiet_stdout() -> None:
    """Send what is left for stdout nowhere, so the final flush cannot fail again."""
    import os

    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (as under CliRunner): nothing to flush
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


app = typer.Typer(
    cls=_Commands,
    name="targets",
    help=(
        "Answer questions about the development targets officials state in public.\n\n"
        "Exit codes: 0 success (an empty result too), 1 data problems, 2 usage error or "
        "unknown name, 3 refused (adding growth rates, ranks or thresholds), "
        "4 cannot write output, 141 output closed early.\n\n"
        "\b\nExamples:\n"
        "  targets list --region 台山\n"
        "  targets sum --metric 超亿元项目\n"
        "  targets COMMAND --help"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# ---- options shared by every query command --------------------------------

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Data file, or folder of *.toml files. Default: $TARGETS_DATA, else the bundled data.",
        metavar="PATH",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, tsv when piped.",
        show_default=False,
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every data file again; neither use nor write the cache "
        "(also: TARGETS_NO_CACHE=1).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
LangOpt = Annotated[
    str, typer.Option("--lang", help="Labels in zh (Chinese) or en (English).", metavar="zh|en")
]
BomOpt = Annotated[bool, typer.Option("--bom", help="Start CSV with a UTF-8 BOM, as Excel wants.")]
RegionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        "-r",
        help="Region: 台山市, 台山 or Taishan; 江门市 for city-wide targets. Repeatable.",
        metavar="REGION",
        autocompletion=completion.regions,
        show_default=False,
    ),
]
OrgOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--org",
        help="Who stated it: a department (市科技局) or unit. Repeatable.",
        metavar="ORG",
        autocompletion=completion.orgs,
        show_default=False,
    ),
]
MetricOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--metric",
        "-m",
        help="Metric: canonical name or any alias. Repeatable.",
        metavar="METRIC",
        autocompletion=completion.metrics,
        show_default=False,
    ),
]
CategoryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--category", help="Metric category. Repeatable.", metavar="CATEGORY", show_default=False
    ),
]
PeriodOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--period",
        help="Period: 2024, 2025, 2030-2032. Repeatable.",
        metavar="PERIOD",
        show_default=False,
    ),
]
KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind", help="target or milestone. Repeatable.", metavar="KIND", show_default=False
    ),
]
FirmnessOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--firmness",
        help="Firmness word (确保, 力争, ...), level (ensure, strive, try) or none. Repeatable.",
        metavar="WORD",
        show_default=False,
    ),
]
SearchOpt = Annotated[
    str | None,
    typer.Option("--search", "-s", help="Text to find in metric names and quotes.", metavar="TEXT"),
]


def _filters(
    region: list[str] | None = None,
    org: list[str] | None = None,
    metric: list[str] | None = None,
    category: list[str] | None = None,
    period: list[str] | None = None,
    kind: list[str] | None = None,
    firmness: list[str] | None = None,
    search: str | None = None,
) -> query.Filters:
    return query.Filters(
        regions=tuple(region or ()),
        orgs=tuple(org or ()),
        metrics=tuple(metric or ()),
        categories=tuple(category or ()),
        periods=tuple(period or ()),
        kinds=tuple(kind or ()),
        firmness=tuple(firmness or ()),
        search=search,
    )


def _format(fmt: Format | None, as_json: bool) -> Format:
    if as_json and fmt not in (None, Format.json):
        raise UsageError(f"--json conflicts with --format {fmt.value}; give one of them")
    if as_json:
        return Format.json
    return fmt or default_format(sys.stdout)


def _lang(lang: str) -> str:
    return common.checked_lang(lang)


def emit(report: Report, fmt: Format | None, as_json: bool, bom: bool = False) -> None:
    render(report, _format(fmt, as_json), bom=bom)


# ---- commands ---------------------------------------------------------------


@app.command("list")
def list_targets(
    region: RegionOpt = None,
    org: OrgOpt = None,
    metric: MetricOpt = None,
    category: CategoryOpt = None,
    period: PeriodOpt = None,
    kind: KindOpt = None,
    firmness: FirmnessOpt = None,
    search: SearchOpt = None,
    sort: Annotated[
        str, typer.Option("--sort", help=f"Order: {', '.join(query.SORT_KEYS)}.", metavar="KEY")
    ] = "source",
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """List targets, filtered by region, org, metric, period or words.

    Filters combine; a repeated filter matches any of its values.

    \b
    Examples:
      targets list --region 台山
      targets list --metric 超亿元项目 --sort value --lang en
      targets list --firmness ensure --kind target --json
    """
    filters = _filters(region, org, metric, category, period, kind, firmness, search)
    report = listing.list_report(data, filters, sort, lang, use_cache=not no_cache)
    emit(report, fmt, as_json, bom)


@app.command("show")
def show(
    target_id: Annotated[
        str, typer.Argument(metavar="ID", help="A target id.", autocompletion=completion.ids)
    ],
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """One target in full: its words, speaker, source and neighbours.

    \b
    Examples:
      targets show taishan-projects-100m
      targets show kaiping-projects-100m --lang en
    """
    report = showing.show_report(data, target_id, lang, use_cache=not no_cache)
    emit(report, fmt, as_json, bom)


@app.command("sum")
def sum_targets(
    metric: Annotated[
        str,
        typer.Option(
            "--metric",
            "-m",
            help="The metric to add up (canonical name or alias).",
            metavar="METRIC",
            autocompletion=completion.metrics,
        ),
    ],
    region: RegionOpt = None,
    org: OrgOpt = None,
    category: CategoryOpt = None,
    period: PeriodOpt = None,
    firmness: FirmnessOpt = None,
    search: SearchOpt = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """Total one metric over the county-level units.

    The total is set beside the city's own goal for the same metric.

    Converts units, keeps periods apart, carries the bound (at least ...), never adds
    a city-wide or area-scoped figure, and lists whatever it left out.

    \b
    Examples:
      targets sum --metric 超亿元项目
      targets sum --metric 工业投资 --json
    """
    filters = _filters(region, org, None, category, period, None, firmness, search)
    report = summing.sum_report(data, metric, filters, lang, use_cache=not no_cache)
    emit(report, fmt, as_json, bom)


@app.command("compare")
def compare(
    regions: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REGION]...",
            help="Regions to set side by side (default: all).",
            autocompletion=completion.regions,
            show_default=False,
        ),
    ] = None,
    metric: MetricOpt = None,
    category: CategoryOpt = None,
    period: PeriodOpt = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """Regions side by side, or one metric ranked.

    Metrics are rows and regions columns; with a single metric, the regions are
    ranked by it.

    \b
    Examples:
      targets compare 台山 开平 鹤山
      targets compare --metric 地区生产总值增长
    """
    filters = _filters(None, None, metric, category, period)
    report = comparing.compare_report(data, tuple(regions or ()), filters, lang, not no_cache)
    emit(report, fmt, as_json, bom)


@app.command("coverage")
def coverage(
    metric: MetricOpt = None,
    category: CategoryOpt = None,
    period: PeriodOpt = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """Do the county-level pledges add up to the city's own goal?

    One line per metric with both a city-wide and county-level figures: the
    county-level total and the share of the city's figure it covers.

    \b
    Examples:
      targets coverage
      targets coverage --category enterprises --lang en
    """
    filters = _filters(None, None, metric, category, period)
    emit(covering.coverage_report(data, filters, lang, not no_cache), fmt, as_json, bom)


@app.command("metrics")
def metrics(
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """The metric catalogue, with aliases and target counts.

    \b
    Examples:
      targets metrics
      targets metrics --lang en --format csv --bom > metrics.csv
    """
    emit(catalogue.metrics_report(data, lang, not no_cache), fmt, as_json, bom)


@app.command("regions")
def regions(
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """The org catalogue: city, county-level units and departments.

    \b
    Examples:
      targets regions
      targets regions --json
    """
    emit(catalogue.regions_report(data, lang, not no_cache), fmt, as_json, bom)


@app.command("check")
def check(
    path: Annotated[
        Path | None,
        typer.Argument(help="Data file or folder (default: as --data).", show_default=False),
    ] = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """Check a data file or folder and list every problem.

    Reads the data as every command does and reports every problem at once, each
    with file, line and target id. Exits 1 when there is any problem.

    \b
    Examples:
      targets check data/targets.toml
      targets check my-data/ --json
    """
    answer = checking.check_answer(path or data, lang, not no_cache)
    dataset, problems = answer.dataset, answer.problems
    if as_json or fmt not in (None, Format.table):
        emit(answer.report, fmt, as_json, bom)
    else:
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            files = ", ".join(str(f) for f in dataset.files)
            if len(dataset.files) > 3:  # a folder of many: say how many, not each one
                files = f"{len(dataset.files)} files under {path or data_location(data)}"
            print(
                f"ok: {len(dataset.targets)} targets, {len(dataset.orgs)} orgs, "
                f"{len(dataset.metrics)} metrics, {len(dataset.sources)} sources in {files}"
            )
        else:
            count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
            print(f"{count} found", file=sys.stderr)
    if problems:
        raise typer.Exit(ExitCode.DATA)


@app.command("export")
def export(
    out: Annotated[
        Path,
        typer.Argument(
            metavar="OUT",
            help="File to write; for csv, a folder to hold the CSV files.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="sqlite (tables, keys, views), csv (a folder of files) or json (one document).",
            metavar="sqlite|csv|json",
            show_default=False,
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace files that exist.")] = False,
    bom: Annotated[
        bool, typer.Option("--bom/--no-bom", help="Start CSV files with a UTF-8 BOM for Excel.")
    ] = True,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write the whole dataset as SQLite, CSV or JSON.

    For Datasette, DuckDB, pandas or a spreadsheet: sources, orgs, metrics, units
    and targets, with Chinese and English names. csv writes a folder of files
    (sources, orgs, metrics, units, targets), UTF-8 with a BOM so that Excel reads
    the Chinese text.
    Files are written atomically; one that exists is replaced only with --force.

    \b
    Examples:
      targets export --format sqlite targets.db
      targets export --format csv targets-csv/
      targets export --format json targets.json --force
    """
    from ..publish import export as exporting

    try:
        chosen = exporting.ExportFormat(fmt)
    except ValueError:
        raise UsageError(f"--format is {fmt!r}; choose sqlite, csv or json") from None
    dataset = load(data, use_cache=not no_cache)
    written = exporting.export(dataset, chosen, out, force=force, bom=bom)
    where = f"{out}/ ({', '.join(p.name for p in written)})" if chosen == "csv" else str(out)
    print(f"wrote {where}: {exporting.summary(dataset)}")


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the data file.

    It is shipped as data/targets.schema.json, which editors use to check the
    data file as you type.

    \b
    Examples:
      targets schema > data/targets.schema.json
    """
    import json

    from ..data.schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
