"""The one table of the command line: every command, its options and arguments.

From this table app.py makes the Typer commands (their help, usage and errors),
fast.py reads the arguments of the read-only commands without importing Typer, and
completion_fast.py knows which words take a value and what completes it. Nothing
else declares an option: tests/test_spec.py holds the table equal to what
`typer.main.get_command(app)` declares.

An option takes no value (FLAG), one value (ONE: given twice is a usage error) or
any number (MANY: repeatable, each value kept). `choices` are checked by the command
line itself (running.py), so that a long value is quoted cut short; `complete` names
what completes a value: a function of completion.py ("regions", "orgs", "metrics",
"ids") or a tuple of the values themselves.

`read` splits a command's words as Click does, and says when they are not plain
(help, an unknown option, a missing value or argument): those are left to Click's
usage messages.
"""

from __future__ import annotations

from ..errors import UsageError, shown

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

FLAG, ONE, MANY = "flag", "one", "many"
OPTIONAL = "optional"  # an argument that may be left out
TEXT, PATH, NUMBER = "text", "path", "number"

# Values of options the command line owns (formats and languages are not the data's).
FORMATS = ("table", "tsv", "csv", "json", "jsonl")
LANGS = ("zh", "en")
SORT_KEYS = ("source", "region", "metric", "value", "period", "firmness", "id")
EXPORT_FORMATS = ("sqlite", "csv", "json", "datasette")
SCAN_FORMATS = ("toml", "table", "tsv", "csv", "json", "jsonl")
STATUSES = ("met", "missed", "unclear", "not-comparable", "unknown")
HELP_OPTIONS = ("-h", "--help")


class Option:
    """One option: its names, how many values it takes, its default and its help."""

    __slots__ = (
        "choices",
        "complete",
        "default",
        "help",
        "key",
        "kind",
        "metavar",
        "name",
        "negative",
        "required",
        "short",
        "show_default",
        "takes",
    )

    def __init__(
        self,
        name: str,
        key: str,
        *,
        short: str | None = None,
        takes: str = ONE,
        default: Any = None,
        metavar: str | None = None,
        help: str = "",
        kind: str = TEXT,
        choices: tuple[str, ...] | None = None,
        complete: str | tuple[str, ...] | None = None,
        negative: str | None = None,
        required: bool = False,
        show_default: bool = True,
    ):
        self.name, self.key, self.short, self.takes = name, key, short, takes
        self.default = False if takes == FLAG and default is None else default
        self.metavar = metavar or ("|".join(choices) if choices else None)
        self.help, self.kind, self.choices = help, kind, choices
        self.complete = choices if complete is None and choices else complete
        self.negative, self.required, self.show_default = negative, required, show_default

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.short) if self.short else (self.name,)

    def but(self, **changes: Any) -> Option:
        """The same option with some of its settings changed (for one command)."""
        settings = {slot: getattr(self, slot) for slot in self.__slots__}
        settings.update(changes)
        name, key = settings.pop("name"), settings.pop("key")
        return Option(name, key, **settings)

    def __repr__(self) -> str:
        return f"Option({self.name!r}, takes={self.takes!r})"


class Argument:
    """A positional argument: exactly one (ONE), at most one (OPTIONAL) or any (MANY)."""

    __slots__ = ("complete", "help", "key", "kind", "metavar", "takes")

    def __init__(
        self,
        key: str,
        *,
        takes: str = ONE,
        metavar: str | None = None,
        help: str = "",
        kind: str = TEXT,
        complete: str | tuple[str, ...] | None = None,
    ):
        self.key, self.takes, self.metavar, self.help = key, takes, metavar, help
        self.kind, self.complete = kind, complete

    @property
    def required(self) -> bool:
        return self.takes == ONE

    def __repr__(self) -> str:
        return f"Argument({self.key!r}, takes={self.takes!r})"


class Command:
    """A command: its help (summary line, text, examples), arguments and options.

    `fast` commands only read, and are answered without Typer when their arguments
    are plain.
    """

    __slots__ = ("_by_word", "arguments", "fast", "help", "name", "options")

    def __init__(
        self,
        name: str,
        help: str,
        *,
        options: Iterable[Option] = (),
        arguments: Iterable[Argument] = (),
        fast: bool = False,
    ):
        self.name, self.help, self.fast = name, help, fast
        self.options, self.arguments = tuple(options), tuple(arguments)
        self._by_word = {word: option for option in self.options for word in option.names}
        for option in self.options:
            if option.negative:
                self._by_word[option.negative] = option

    def option(self, word: str) -> Option | None:
        """The option a word names (its long or short name), if any."""
        return self._by_word.get(word)

    def without(self, *names: str) -> Command:
        """This command with some options taken out (tests use it)."""
        kept = [option for option in self.options if option.name not in names]
        return Command(self.name, self.help, options=kept, arguments=self.arguments, fast=self.fast)

    def __repr__(self) -> str:
        return f"Command({self.name!r})"


# ---- the options, as most commands share them ------------------------------------

DATA = Option(
    "--data",
    "data",
    kind=PATH,
    metavar="PATH",
    help="Data file, or folder of *.toml files. Default: $TARGETS_DATA, else the bundled data.",
    show_default=False,
)
NO_CACHE = Option(
    "--no-cache",
    "no_cache",
    takes=FLAG,
    help="Read every data file again; neither use nor write the cache (also: TARGETS_NO_CACHE=1).",
)
FORMAT = Option(
    "--format",
    "format",
    short="-f",
    choices=FORMATS,
    help="Output format. Default: table on a terminal, tsv when piped.",
    show_default=False,
)
JSON = Option("--json", "json", takes=FLAG, help="Shorthand for --format json.")
LANG = Option(
    "--lang",
    "lang",
    default="zh",
    choices=LANGS,
    help="Labels in zh (Chinese) or en (English).",
)
BOM = Option("--bom", "bom", takes=FLAG, help="Start CSV with a UTF-8 BOM, as Excel wants.")
OUTPUT = (DATA, NO_CACHE, FORMAT, JSON, LANG, BOM)

REGION = Option(
    "--region",
    "region",
    short="-r",
    takes=MANY,
    metavar="REGION",
    complete="regions",
    help="Region: 台山市, 台山 or Taishan; 江门市 for city-wide targets. Repeatable.",
    show_default=False,
)
ORG = Option(
    "--org",
    "org",
    takes=MANY,
    metavar="ORG",
    complete="orgs",
    help="Who stated it: a department (市科技局) or unit. Repeatable.",
    show_default=False,
)
METRIC = Option(
    "--metric",
    "metric",
    short="-m",
    takes=MANY,
    metavar="METRIC",
    complete="metrics",
    help="Metric: canonical name or any alias. Repeatable.",
    show_default=False,
)
CATEGORY = Option(
    "--category",
    "category",
    takes=MANY,
    metavar="CATEGORY",
    help="Metric category. Repeatable.",
    show_default=False,
)
PERIOD = Option(
    "--period",
    "period",
    takes=MANY,
    metavar="PERIOD",
    help="Period: a year (2030 matches 2030-2032), a span (2024..2025), or none. Repeatable.",
    show_default=False,
)
KIND = Option(
    "--kind",
    "kind",
    takes=MANY,
    metavar="KIND",
    complete=("target", "milestone"),
    help="target or milestone. Repeatable.",
    show_default=False,
)
FIRMNESS = Option(
    "--firmness",
    "firmness",
    takes=MANY,
    metavar="WORD",
    help="Firmness word (确保, 力争, ...), level (ensure, strive, try) or none. Repeatable.",
    show_default=False,
)
SEARCH = Option(
    "--search",
    "search",
    short="-s",
    metavar="TEXT",
    help="Words to find, all of them: in the quote, its sentence, the note or the metric's names.",
)
STATUS = Option(
    "--status",
    "status",
    takes=MANY,
    metavar="STATUS",
    complete=STATUSES,
    help="Outcome: met, missed, unclear, not-comparable or unknown. Repeatable.",
    show_default=False,
)
SORT = Option(
    "--sort",
    "sort",
    default="source",
    metavar="KEY",
    choices=SORT_KEYS,
    help=f"Order: {', '.join(SORT_KEYS)}.",
)

FILTERS = (REGION, ORG, METRIC, CATEGORY, PERIOD, KIND, FIRMNESS, SEARCH)

# ---- the commands -----------------------------------------------------------------

APP_HELP = (
    "Answer questions about the development targets officials state in public.\n\n"
    "Exit codes: 0 success (an empty result too), 1 data problems, 2 usage error or "
    "unknown name, 3 refused (adding growth rates, ranks or thresholds), "
    "4 cannot write output, 141 output closed early.\n\n"
    "\b\nExamples:\n"
    "  targets list --region 台山\n"
    "  targets sum --metric 超亿元项目\n"
    "  targets COMMAND --help"
)
APP_OPTIONS = (Option("--version", "version", takes=FLAG, help="Print the version and exit."),)

_COMMANDS = (
    Command(
        "list",
        """List targets, filtered by region, org, metric, period or words.

        Filters combine; a repeated filter matches any of its values.

        \b
        Examples:
          targets list --region 台山
          targets list --metric 超亿元项目 --sort value --lang en
          targets list --firmness ensure --kind target --json
          targets list --region 恩平 --restatements
        """,
        options=(
            *FILTERS,
            STATUS,
            SORT,
            Option(
                "--restatements",
                "restatements",
                takes=FLAG,
                help="Show every statement of a target said in several documents: its "
                "restatements (same_as) and the earlier figures a later one revised. "
                "Without it each target is listed once, as its newest figure.",
            ),
            *OUTPUT,
        ),
        fast=True,
    ),
    Command(
        "show",
        """One target in full: its words, speaker, source and neighbours.

        \b
        Examples:
          targets show taishan-projects-100m
          targets show kaiping-projects-100m --lang en
        """,
        arguments=(Argument("target_id", metavar="ID", help="A target id.", complete="ids"),),
        options=OUTPUT,
        fast=True,
    ),
    Command(
        "sum",
        """Total one metric over the county-level units.

        The total is set beside the city's own goal for the same metric.

        Converts units, keeps periods apart, carries the bound (at least ...), never adds
        a city-wide or area-scoped figure, and lists whatever it left out.

        \b
        Examples:
          targets sum --metric 超亿元项目
          targets sum --metric 工业投资 --json
          targets sum --metric 招商引资 --related
        """,
        options=(
            METRIC.but(
                takes=ONE,
                required=True,
                show_default=True,
                help="The metric to add up (canonical name or alias).",
            ),
            Option(
                "--related",
                "related",
                takes=FLAG,
                help="Show the figures of the metric and its related metrics side by side, "
                "with their scopes; a total only where the data says the scopes may be added.",
            ),
            REGION,
            ORG,
            CATEGORY,
            PERIOD,
            FIRMNESS,
            SEARCH,
            *OUTPUT,
        ),
        fast=True,
    ),
    Command(
        "compare",
        """Regions side by side, or one metric ranked.

        Metrics are rows and regions columns; with a single metric, the regions are
        ranked by it.

        \b
        Examples:
          targets compare 台山 开平 鹤山
          targets compare --metric 地区生产总值增长
        """,
        arguments=(
            Argument(
                "regions",
                takes=MANY,
                metavar="REGION",
                help="Regions to set side by side (default: all).",
                complete="regions",
            ),
        ),
        options=(METRIC, CATEGORY, PERIOD, STATUS, *OUTPUT),
        fast=True,
    ),
    Command(
        "coverage",
        """Do the county-level pledges add up to the city's own goal?

        One line per metric with both a city-wide and county-level figures: the
        county-level total and the share of the city's figure it covers.

        \b
        Examples:
          targets coverage
          targets coverage --category enterprises --lang en
        """,
        options=(METRIC, CATEGORY, PERIOD, *OUTPUT),
        fast=True,
    ),
    Command(
        "progress",
        """Were the targets met? A scorecard per unit and department.

        Each target's outcome as public reports give it: met, missed, unclear, not
        comparable or unknown, and for how many targets an outcome is known.

        \b
        Examples:
          targets progress
          targets progress --region 开平 --status missed
        """,
        options=(*FILTERS, STATUS, *OUTPUT),
        fast=True,
    ),
    Command(
        "cascade",
        """Follow one metric down the levels: who set how much more.

        For each level from the top down: its figure with comparator and firmness, the
        amplification against the goal above it (points for rates; for amounts, the
        children's total against it, bounds kept), the outcome and margin where known,
        and the other statements of each figure. A level with no figure says so, and
        the levels under it are set beside the nearest goal above. --region keeps that
        region's subtree, with the figures of the levels above it as context.

        \b
        Examples:
          targets cascade --metric 地区生产总值增长
          targets cascade --metric 地区生产总值增长 --period 2024 --region 江门 --lang en
        """,
        options=(
            METRIC.but(
                takes=ONE,
                required=True,
                show_default=True,
                help="The metric to follow down (canonical name or alias).",
            ),
            PERIOD,
            REGION.but(
                help="Keep this region's subtree (台山市, 台山 or Taishan), with the levels "
                "above it as context. Repeatable."
            ),
            *OUTPUT,
        ),
        fast=True,
    ),
    Command(
        "metrics",
        """The metric catalogue, with aliases and target counts.

        \b
        Examples:
          targets metrics
          targets metrics --lang en --format csv --bom > metrics.csv
        """,
        options=OUTPUT,
        fast=True,
    ),
    Command(
        "regions",
        """The org catalogue: city, county-level units and departments.

        \b
        Examples:
          targets regions
          targets regions --json
        """,
        options=OUTPUT,
        fast=True,
    ),
    Command(
        "check",
        """Check a data file or folder and list every problem.

        Reads the data as every command does and reports every problem at once, each
        with file, line and target id. Exits 1 when there is any problem. It answers
        from the index, where only the files changed since are checked again; --full
        reads and checks every file again, trusting nothing of the index.

        \b
        Examples:
          targets check data/targets.toml
          targets check my-data/ --json
          targets check --full
        """,
        arguments=(
            Argument(
                "path",
                takes=OPTIONAL,
                kind=PATH,
                metavar="PATH",
                help="Data file or folder (default: as --data).",
            ),
        ),
        options=(
            Option(
                "--full",
                "full",
                takes=FLAG,
                help="Read and check every data file and source text again, trusting "
                "nothing of the index (which is built again if it does not match them).",
            ),
            *OUTPUT,
        ),
        fast=True,
    ),
    Command(
        "scan",
        """Draft records for every figure in a source text.

        Lists each figure of SOURCE (a .txt file) with its sentence and a drafted
        target record, as TOML to paste into a data file and edit (the default, on a
        terminal and piped alike: redirect it into a file), or in any format of the
        other commands. jsonl, csv and tsv give a `source` row first (the source's id,
        title, year, file, path, in_data, figures, claimed), then one row a draft in
        the text's order, its role target or not_target. Columns, in this order: role,
        line, column, figure, id, org, metric, value, value_max, unit, comparator,
        wording, firmness, direction, period, source, quote, reason, sentence,
        speaker, todo, notes, period_assumed, names, title, year, file, path,
        in_data, figures, claimed. With --data, the figures that data already claims
        are left out.

        \b
        Examples:
          targets scan data/sources/jiangmen-2024-pledges.txt
          targets scan article.txt --data data/ --json
        """,
        arguments=(
            Argument("source", kind=PATH, metavar="SOURCE", help="The source text (.txt) to scan."),
        ),
        options=(
            DATA.but(help="Leave out the figures this data file or folder already claims."),
            Option(
                "--format",
                "format",
                short="-f",
                choices=SCAN_FORMATS,
                help=(
                    "toml (records to paste into a data file), table, tsv, csv, json or "
                    "jsonl. Default: toml, on a terminal or piped."
                ),
                show_default=False,
            ),
            JSON,
            BOM,
        ),
    ),
    Command(
        "export",
        """Write the whole dataset: SQLite, CSV, JSON or Datasette.

        For Datasette, DuckDB, pandas or a spreadsheet: sources, orgs, metrics, units,
        targets and outcomes, with Chinese and English names. csv writes a folder of
        ten files: sources.csv, orgs.csv, metrics.csv, units.csv, targets.csv,
        outcomes.csv, not_targets.csv, progress.csv, totals.csv and coverage.csv (for
        an OUT ending in .csv, the targets alone, in that file), UTF-8 with a BOM so
        that Excel reads the Chinese text; datasette a folder with targets.db and
        metadata.json. Files are written atomically; one that exists is replaced only
        with --force.

        \b
        Examples:
          targets export --format sqlite targets.db
          targets export --format csv targets-csv/
          targets export --format json targets.json --force
          targets export --format datasette site/
        """,
        arguments=(
            Argument(
                "out",
                kind=PATH,
                metavar="OUT",
                help="File to write; for csv or datasette, a folder to hold the files.",
            ),
        ),
        options=(
            Option(
                "--format",
                "format",
                short="-f",
                required=True,
                choices=EXPORT_FORMATS,
                help="sqlite (tables, keys, views), csv (a folder of files), json (one "
                "document) or datasette (a folder: the database and its metadata).",
                show_default=False,
            ),
            Option("--force", "force", takes=FLAG, help="Replace files that exist."),
            Option(
                "--bom",
                "bom",
                takes=FLAG,
                default=True,
                negative="--no-bom",
                help="Start CSV files with a UTF-8 BOM for Excel.",
            ),
            DATA,
            NO_CACHE,
        ),
    ),
    Command(
        "serve",
        """Browse the data in Datasette, on this machine.

        Exports the dataset for Datasette and serves it at http://HOST:PORT/; needs
        the optional extra: pip install 'targets[web]'.

        \b
        Examples:
          targets serve
          targets serve --port 8002 --data my-data/
        """,
        options=(
            DATA,
            NO_CACHE,
            Option(
                "--host", "host", default="127.0.0.1", metavar="HOST", help="Address to serve on."
            ),
            Option(
                "--port",
                "port",
                default=8001,
                kind=NUMBER,
                metavar="PORT",
                help="Port to serve on.",
            ),
        ),
    ),
    Command(
        "schema",
        """Print the JSON Schema of the data file.

        It is shipped as data/targets.schema.json, which editors use to check the
        data file as you type.

        \b
        Examples:
          targets schema > data/targets.schema.json
        """,
    ),
)
COMMANDS: dict[str, Command] = {command.name: command for command in _COMMANDS}


# ---- reading a command's words ------------------------------------------------------


class Read:
    """A command's words, split as Click splits them.

    `given` holds each option's values in order (True for each flag given), `arguments`
    the positional words; `problem` says why the words are not plain, when they are not.
    """

    __slots__ = ("arguments", "command", "given", "problem")

    def __init__(self, command: Command):
        self.command = command
        self.given: dict[str, list[Any]] = {}
        self.arguments: list[str] = []
        self.problem: str | None = None

    def values(self) -> dict[str, Any]:
        """Every option and argument by its key: what was given, else the default."""
        values: dict[str, Any] = {}
        for option in self.command.options:
            given = self.given.get(option.key)
            if option.takes == MANY:
                values[option.key] = tuple(given or ())
            elif given:
                values[option.key] = given[-1]
            else:
                values[option.key] = option.default
        words = iter(self.arguments)
        for argument in self.command.arguments:
            if argument.takes == MANY:
                values[argument.key] = tuple(words)
            else:
                values[argument.key] = next(words, None)
        return values

    def refuse_repeats(self) -> None:
        """A single-value option given twice is a usage error naming both values."""
        for option in self.command.options:
            given = self.given.get(option.key, ())
            if option.takes == ONE and len(given) > 1:
                values = [shown(value) for value in given]
                told = f"twice: {values[0]} and {values[1]}"
                if len(values) > 2:
                    told = f"{len(values)} times: {', '.join(values[:-1])} and {values[-1]}"
                raise UsageError(f"{option.name} takes one value, but is given {told}")


def read(command: Command, words: list[str]) -> Read:
    """Split a command's words as Click does: `--opt value`, `--opt=value`, `-o value`,
    `-ovalue`, flags, `--` and positional words; note the first thing that makes them
    other than plain."""
    found = Read(command)
    at = 0

    def refuse(problem: str) -> None:
        if found.problem is None:
            found.problem = problem

    def value_of(option: Option, word: str, attached: str | None) -> None:
        nonlocal at
        if option.takes == FLAG:
            if attached is not None:
                refuse(f"{word} takes no value")
                return
            found.given.setdefault(option.key, []).append(word != option.negative)
            return
        if attached is None:
            at += 1
            if at >= len(words):
                refuse(f"{word} needs a value")
                return
            attached = words[at]
        found.given.setdefault(option.key, []).append(attached)

    while at < len(words):
        word = words[at]
        if word == "--":
            found.arguments += words[at + 1 :]
            break
        if word[:1] != "-" or len(word) == 1:
            found.arguments.append(word)
        elif word in HELP_OPTIONS:
            refuse("help")
        else:
            name, equals, rest = word.partition("=")
            option = command.option(name)
            if option is not None and (name.startswith("--") or option.short != name):
                value_of(option, name, rest if equals else None)
            elif word[:2] != "--":
                _short_options(command, word, value_of, refuse)
            else:
                refuse(f"no such option {word}")
        at += 1
    _check_counts(found, refuse)
    return found


def _short_options(command: Command, word: str, value_of: Any, refuse: Any) -> None:
    """`-abc`: flags a and b then c; `-rTaishan`: -r with the value Taishan."""
    for place, letter in enumerate(word[1:], start=2):
        name = f"-{letter}"
        option = command.option(name)
        if option is None or option.short != name:
            refuse("help" if name == "-h" else f"no such option {name}")
            return
        if option.takes != FLAG:
            value_of(option, name, word[place:] or None)
            return
        value_of(option, name, None)


def _check_counts(found: Read, refuse: Any) -> None:
    for option in found.command.options:
        if option.required and option.key not in found.given:
            refuse(f"{option.name} is required")
    arguments = found.command.arguments
    needed = sum(1 for argument in arguments if argument.takes == ONE)
    if len(found.arguments) < needed:
        refuse("an argument is missing")
    if not any(argument.takes == MANY for argument in arguments):
        allowed = sum(1 for argument in arguments if argument.takes in (ONE, OPTIONAL))
        if len(found.arguments) > allowed:
            refuse("too many arguments")
