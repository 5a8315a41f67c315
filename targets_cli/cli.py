"""The command line: parse arguments, ask the domain, hand the answer to a renderer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
import typer.core

from . import completion, query, views
from .errors import ExitCode, TargetsError, UsageError
from .loading import load, read_dataset
from .renderers import Format, default_format, render
from .report import Report


class _Commands(typer.core.TyperGroup):
    """Turns the domain's errors into a message on stderr and a documented exit code."""

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except TargetsError as error:
            print(f"targets: error: {error}", file=sys.stderr)
            ctx.exit(int(error.exit_code))


app = typer.Typer(
    cls=_Commands,
    name="targets",
    help=(
        "Answer questions about the development targets officials state in public.\n\n"
        "Exit codes: 0 success (an empty result too), 1 data problems, 2 usage error or "
        "unknown name, 3 refused (adding growth rates, ranks or thresholds), "
        "4 cannot write output, 141 output closed early."
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
        autocompletion=completion.regions,
        show_default=False,
    ),
]
OrgOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--org",
        help="Who stated it: a department (市科技局) or unit. Repeatable.",
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
        autocompletion=completion.metrics,
        show_default=False,
    ),
]
CategoryOpt = Annotated[
    list[str] | None,
    typer.Option("--category", help="Metric category. Repeatable.", show_default=False),
]
PeriodOpt = Annotated[
    list[str] | None,
    typer.Option("--period", help="Period: 2024, 2025, 2030-2032. Repeatable.", show_default=False),
]
KindOpt = Annotated[
    list[str] | None,
    typer.Option("--kind", help="target or milestone. Repeatable.", show_default=False),
]
FirmnessOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--firmness",
        help="Firmness word (确保, 力争, ...), level (ensure, strive, try) or none. Repeatable.",
        show_default=False,
    ),
]
SearchOpt = Annotated[
    str | None,
    typer.Option("--search", "-s", help="Text to find in metric names and quotes."),
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
    if lang not in views.LANGS:
        raise UsageError(f"--lang is {lang!r}; choose zh or en")
    return lang


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
        str, typer.Option("--sort", help=f"Order: {', '.join(query.SORT_KEYS)}.")
    ] = "source",
    data: DataOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """List targets, filtered.

    Example: targets list --region 台山
    """
    dataset = load(data)
    chosen = query.select(
        dataset, _filters(region, org, metric, category, period, kind, firmness, search)
    )
    ordered = query.sort_targets(dataset, chosen, sort)
    emit(views.list_report(dataset, ordered, _lang(lang)), fmt, as_json, bom)


@app.command("show")
def show(
    target_id: Annotated[
        str, typer.Argument(metavar="ID", help="A target id.", autocompletion=completion.ids)
    ],
    data: DataOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """Everything about one target: its quote, speaker, source and neighbours.

    Example: targets show taishan-projects-100m
    """
    from .names import target_index

    dataset = load(data)
    wanted = target_index(dataset).resolve(target_id)
    target = next(t for t in dataset.targets if t.id == wanted)
    emit(views.show_report(dataset, target, _lang(lang)), fmt, as_json, bom)


@app.command("sum")
def sum_targets(
    metric: Annotated[
        str,
        typer.Option(
            "--metric",
            "-m",
            help="The metric to add up (canonical name or alias).",
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
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """Total one metric over the county-level units, beside the city's own goal.

    Converts units, keeps periods apart, carries the bound (at least ...), never adds
    a city-wide or area-scoped figure, and lists whatever it left out.

    Example: targets sum --metric 超亿元项目
    """
    from .names import metric_index
    from .totals import add_up

    dataset = load(data)
    name = metric_index(dataset).resolve(metric)
    filters = _filters(region, org, [name], category, period, None, firmness, search)
    chosen = query.select(dataset, filters)
    scope = query.resolve(dataset, filters).regions or None
    total = add_up(dataset, name, chosen, scope)
    emit(views.sum_report(dataset, total, _lang(lang)), fmt, as_json, bom)


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
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """Regions side by side: metrics as rows, regions as columns; one metric is ranked.

    Example: targets compare 台山 开平 鹤山 ; targets compare --metric 地区生产总值增长
    """
    from .comparison import grid, rank
    from .names import region_index

    dataset = load(data)
    index = region_index(dataset)
    chosen_regions = list(dict.fromkeys(index.resolve(r) for r in regions or ()))
    filters = _filters(chosen_regions, None, metric, category, period, ["target"])
    chosen = query.select(dataset, filters)
    metrics = query.resolve(dataset, filters).metrics
    lang = _lang(lang)
    if len(metrics) == 1:
        report = views.ranking_report(dataset, rank(dataset, next(iter(metrics)), chosen), lang)
    else:
        report = views.compare_report(dataset, grid(dataset, chosen, chosen_regions), lang)
    emit(report, fmt, as_json, bom)


@app.command("coverage")
def coverage(
    metric: MetricOpt = None,
    category: CategoryOpt = None,
    period: PeriodOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """Do the county-level pledges add up to the city's own goal? Per metric.

    Example: targets coverage
    """
    from .coverage import coverage as find_coverage

    dataset = load(data)
    chosen = query.select(dataset, _filters(None, None, metric, category, period))
    found = find_coverage(dataset, chosen)
    emit(views.coverage_report(dataset, found, _lang(lang)), fmt, as_json, bom)


@app.command("metrics")
def metrics(
    data: DataOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """The metric catalogue: names, aliases, dimension, and how many targets each has.

    Example: targets metrics --json
    """
    emit(views.metrics_report(load(data), _lang(lang)), fmt, as_json, bom)


@app.command("regions")
def regions(
    data: DataOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "zh",
    bom: BomOpt = False,
) -> None:
    """The org catalogue: the city, its county-level units and departments, with aliases.

    Example: targets regions
    """
    emit(views.regions_report(load(data), _lang(lang)), fmt, as_json, bom)


@app.command("check")
def check(
    path: Annotated[
        Path | None,
        typer.Argument(help="Data file or folder (default: as --data).", show_default=False),
    ] = None,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check a data file: every problem at once, with file, line and target id.

    Exits 1 when there is any problem.

    Example: targets check data/targets.toml
    """
    dataset, problems = read_dataset(path or data)
    if as_json or fmt not in (None, Format.table):
        emit(views.check_report(problems), fmt, as_json)
    else:
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            files = ", ".join(str(f) for f in dataset.files)
            print(
                f"ok: {len(dataset.targets)} targets, {len(dataset.orgs)} orgs, "
                f"{len(dataset.metrics)} metrics, {len(dataset.sources)} sources in {files}"
            )
        else:
            count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
            print(f"{count} found", file=sys.stderr)
    if problems:
        raise typer.Exit(ExitCode.DATA)


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the data file (shipped as data/targets.schema.json).

    Example: targets schema > data/targets.schema.json
    """
    import json

    from .schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
