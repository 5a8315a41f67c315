"""Reading data files: find them, parse the TOML, check each field, build records."""

from __future__ import annotations

import math
import os
from pathlib import Path

from ..errors import DataError, Problem, clip, shown
from ..rules.model import TARGET, Dataset, Metric, NotTarget, Org, Outcome, Source, Target, Where
from ..rules.records import dataclass, field
from .fields import FIGURE_BOUNDS, FORMAT_VERSION, TABLES, Field
from .locating import Locator

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

DATA_ENV = "TARGETS_DATA"
_PACKAGE = Path(__file__).resolve().parent.parent  # targets_cli/
# Largest figure a target may state (fields.FIGURE_BOUNDS, checked with every field).
MAX_VALUE = FIGURE_BOUNDS[1]


def bundled_data() -> Path:
    """The dataset shipped with the package (in a wheel) or beside it (in a checkout)."""
    inside = _PACKAGE / "_data" / "targets.toml"
    return inside if inside.exists() else _PACKAGE.parent / "data" / "targets.toml"


def data_location(given: Path | str | None = None) -> Path:
    """--data, else $TARGETS_DATA, else the bundled dataset."""
    if given:
        return Path(given)
    from_env = os.environ.get(DATA_ENV)
    return Path(from_env) if from_env else bundled_data()


def data_files(location: Path) -> list[Path]:
    """The TOML files of a dataset: the file itself, or every *.toml under a folder."""
    if location.is_dir():
        files = sorted(p for p in location.rglob("*.toml") if p.is_file() or p.is_symlink())
        if not files:
            raise DataError([Problem(location, "folder holds no *.toml data files")])
        return files
    if not location.exists():
        hint = f" (set by ${DATA_ENV})" if os.environ.get(DATA_ENV) == str(location) else ""
        raise DataError([Problem(location, f"no such data file or folder{hint}")])
    return [location]


@dataclass
class ParsedFile:
    """One data file's tables, as plain TOML values, with a way to find lines."""

    path: Path
    tables: dict[str, list[Any]]
    locator: Locator
    problems: list[Problem] = field(default_factory=list)

    def problem(
        self, message: str, table: str | None = None, index: int = 0, key: str | None = None
    ) -> Problem:
        line = self.locator.line(table, index, key) if table else self.locator.key_line(key or "")
        record = None
        if table is not None:
            rows = self.tables.get(table, [])
            if index < len(rows) and isinstance(rows[index], dict):
                ident = rows[index].get("name" if table == "metrics" else "id")
                record = ident if isinstance(ident, str) else None
        return Problem(self.path, message, line=line, record=record)


def read_text(path: Path) -> str:
    """A data file's text; a BOM is dropped and every failure is a DataError."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise DataError([Problem(path, "is a folder, expected a TOML file")]) from None
    except FileNotFoundError:
        if path.is_symlink():
            message = f"is a link to {os.readlink(path)}, which does not exist"
            raise DataError([Problem(path, message)]) from None
        raise DataError([Problem(path, "no such file")]) from None
    except OSError as error:
        raise DataError([Problem(path, f"cannot read: {error.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        raise DataError([Problem(path, message, line=line)]) from None
    return text.removeprefix("\ufeff")


def parse_file(path: Path) -> ParsedFile:
    """Parse one data file; malformed TOML is a DataError with line and column."""
    import tomli

    text = read_text(path)
    try:
        document = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = f"malformed TOML: {error.msg}"
        raise DataError([Problem(path, message, line=error.lineno, column=error.colno)]) from None
    except RecursionError as error:  # tomli's limit on [[[[...]]]] nested hundreds deep
        raise DataError([Problem(path, f"malformed TOML: {error}")]) from None
    parsed = ParsedFile(path, {}, Locator(text))
    if not document:
        tables = ", ".join(f"[[{table}]]" for table in TABLES)
        message = f"holds no data (an empty file?): no format = {FORMAT_VERSION}, {tables}"
        parsed.problems.append(Problem(path, message))
    for key, value in document.items():
        if key == "format":
            if value != FORMAT_VERSION:
                message = f"format is {shown(value)}; this version reads {FORMAT_VERSION}"
                parsed.problems.append(parsed.problem(message))
        elif key in TABLES:
            if isinstance(value, list):
                parsed.tables[key] = value
            else:
                parsed.problems.append(
                    parsed.problem(f"'{key}' must be an array of tables: write [[{key}]]", key=key)
                )
        else:
            known = ", ".join(["format", *TABLES])
            parsed.problems.append(
                parsed.problem(
                    f"unknown top-level key '{clip(key)}'; expected one of {known}", key=key
                )
            )
    return parsed


def _type_ok(spec: Field, value: Any) -> bool:
    match spec.type:
        case "string":
            return isinstance(value, str)
        case "integer":
            return isinstance(value, int) and not isinstance(value, bool)
        case "number":
            return isinstance(value, int | float) and not isinstance(value, bool)
        case "boolean":
            return isinstance(value, bool)
        case "strings":
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
    raise AssertionError(spec.type)


def _within(value: int | float, bounds: tuple[int, int]) -> bool:
    """Finite and inside the bounds: NaN, infinity and 1e300 are typing mistakes."""
    if isinstance(value, float) and not math.isfinite(value):
        return False  # (math.isfinite would overflow on a 400-digit integer)
    return bounds[0] <= value <= bounds[1]


# _plain's test for each tuple of fields, compiled once: {id(fields): (fields, test)}
_PLAINS: dict[int, tuple[tuple[Field, ...], Any]] = {}
_PLANNED = ("name", "type", "description", "required", "choices", "pattern", "bounds")
_TYPE_TESTS = {
    "string": "type({v}) is str",
    "integer": "type({v}) is int",
    "number": "(type({v}) is int or type({v}) is float)",
    "boolean": "type({v}) is bool",
    "strings": "(type({v}) is list and all(type(x) is str for x in {v}))",
}


def _plain_test(fields: tuple[Field, ...], row: tuple[Any, ...] | None = None) -> Any:
    """A function of a table's entry that is True only when _field_problems would find
    nothing, written out for these fields (as dataclasses writes __init__): a large
    file holds thousands of entries. None for rules it does not know.

    With row = (names, defaults, make) the function takes (index, entry) and returns,
    in place of True, make([index, *values]): the entry's value of each name, or its
    default where the entry has none; None in place of False. The check and the row
    then take one look at each field, not two.
    """
    import re

    if Field.__match_args__ != _PLANNED or len({spec.name for spec in fields}) < len(fields):
        return None
    names: dict[str, Any] = {}
    no = "False" if row is None else "None"
    # a key that is none of the fields is found by counting (cheaper than a set of keys):
    # the entry holds exactly the fields found, and no other key, when the counts agree
    lines = ["def plain(raw):" if row is None else "def plain(index, raw):"]
    lines += [" get = raw.get", " absent = 0"]
    if row is not None:
        for n, default in enumerate(row[1]):
            names[f"default{n}"] = default
        default_of = {name: f"default{n}" for n, name in enumerate(row[0])}
    for n, spec in enumerate(fields):
        if spec.type not in _TYPE_TESTS or (spec.type == "strings" and spec.choices):
            return None
        v = f"v{n}"
        test = _TYPE_TESTS[spec.type].format(v=v)
        if spec.choices:
            names[f"choices{n}"] = frozenset(spec.choices)
            test += f" and {v} in choices{n}"
        if spec.pattern:
            names[f"match{n}"] = re.compile(spec.pattern).fullmatch
            test += f" and match{n}({v}) is not None"
        if spec.bounds:
            names[f"low{n}"], names[f"high{n}"] = spec.bounds
            test += f" and low{n} <= {v} <= high{n}"  # (NaN compares false)
        lines.append(f" {v} = get({spec.name!r}, raw)")  # (raw itself: the field is absent)
        absent = f"return {no}" if spec.required else "absent += 1"
        if row is not None and not spec.required:
            absent += f"; {v} = {default_of.get(spec.name, 'None')}"
        lines += [f" if {v} is raw: {absent}", f" elif not ({test}): return {no}"]
    if row is None:
        lines.append(f" return len(raw) + absent == {len(fields)}")
    else:
        names["make"] = row[2]
        found = {spec.name: f"v{n}" for n, spec in enumerate(fields)}
        values = ", ".join(found.get(name, default_of[name]) for name in row[0])
        lines.append(f" if len(raw) + absent != {len(fields)}: return None")
        lines.append(f" return make([index, {values}])")
    exec("\n".join(lines), names)
    return names["plain"]


def _plain(raw: dict[str, Any], fields: tuple[Field, ...]) -> bool:
    """True only when _field_problems would find nothing: the usual case, decided fast.

    (False is always safe: the full check then runs and says what it finds.)
    """
    known = _PLAINS.get(id(fields))
    if known is None or known[0] is not fields:
        known = _PLAINS[id(fields)] = (fields, _plain_test(fields))
    return known[1] is not None and known[1](raw)


def _field_problems(raw: dict[str, Any], fields: tuple[Field, ...]) -> list[tuple[str, str]]:
    """(key, message) for every field that is missing, unknown or of the wrong shape."""
    if _plain(raw, fields):
        return []
    import difflib
    import re

    specs = {spec.name: spec for spec in fields}
    found: list[tuple[str, str]] = []
    for key, value in raw.items():
        spec = specs.get(key)
        if spec is None:
            close = difflib.get_close_matches(key[:100], specs, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            found.append((key, f"unknown field '{clip(key)}'{hint}"))
        elif not _type_ok(spec, value):
            found.append((key, f"'{key}' must be {spec.type_label}, not {shown(value)}"))
        elif spec.choices and value not in spec.choices:
            close = difflib.get_close_matches(value[:100], spec.choices, n=3, cutoff=0.3)
            options = close or list(spec.choices)
            message = f"'{key}' is {shown(value)}; expected one of {', '.join(options)}"
            found.append((key, message))
        elif spec.pattern and not re.fullmatch(spec.pattern, value):
            found.append((key, f"'{key}' is {shown(value)}; it must match {spec.pattern}"))
        elif spec.bounds and not _within(value, spec.bounds):
            low, high = spec.bounds
            top = f"{high:.0e}" if high >= 10**6 else high
            message = f"'{key}' is {shown(value)}; it must be from {low} to {top}"
            found.append((key, message))
    for spec in fields:
        if spec.required and spec.name not in raw:
            found.append((spec.name, f"missing required field '{spec.name}'"))
    return found


def _tuple(value: list[str] | None) -> tuple[str, ...]:
    return tuple(value or ())


def build_records(parsed: ParsedFile) -> dict[str, list[Any]]:
    """Typed records from one parsed file; a record with field problems is left out."""
    built: dict[str, list[Any]] = {table: [] for table in TABLES}
    for table, fields in TABLES.items():
        for index, raw in enumerate(parsed.tables.get(table, [])):
            if not isinstance(raw, dict):
                parsed.problems.append(parsed.problem(f"[[{table}]] entry is not a table"))
                continue
            problems = _field_problems(raw, fields)
            for key, message in problems:
                parsed.problems.append(parsed.problem(message, table, index, key))
            if not problems:
                where = Where(parsed.path, table, index)
                built[table].append(_RECORD_BUILDERS[table](raw, where))
    return built


def _source(raw: dict[str, Any], where: Where) -> Source:
    return Source(
        id=raw["id"],
        file=where.file.parent / raw["file"],
        title=raw["title"],
        year=raw["year"],
        event=raw.get("event"),
        bylines=_tuple(raw.get("bylines")),
        publisher=raw.get("publisher"),
        published=raw.get("published"),
        url=raw.get("url"),
        where=where,
    )


def _org(raw: dict[str, Any], where: Where) -> Org:
    return Org(
        id=raw["id"],
        kind=raw["kind"],
        name_en=raw["name_en"],
        parent=raw.get("parent"),
        short=raw.get("short"),
        pinyin=raw.get("pinyin"),
        aliases=_tuple(raw.get("aliases")),
        speaker=raw.get("speaker"),
        speaker_title=raw.get("speaker_title"),
        on_behalf_of=raw.get("on_behalf_of"),
        where=where,
    )


def _metric(raw: dict[str, Any], where: Where) -> Metric:
    return Metric(
        name=raw["name"],
        name_en=raw["name_en"],
        dimension=raw["dimension"],
        additive=raw["additive"],
        category=raw["category"],
        aliases=_tuple(raw.get("aliases")),
        description=raw.get("description"),
        where=where,
    )


def _target(raw: dict[str, Any], where: Where) -> Target:
    # region and the canonical metric name are settled once every file is read
    return Target(
        id=raw["id"],
        org=raw["org"],
        region="",
        metric=raw["metric"],
        kind=raw.get("kind", TARGET),
        period=raw.get("period"),
        source=raw["source"],
        quote=raw["quote"],
        value=raw.get("value"),
        value_max=raw.get("value_max"),
        unit=raw.get("unit"),
        comparator=raw.get("comparator"),
        wording=raw.get("wording"),
        firmness=raw.get("firmness"),
        subject=raw.get("subject"),
        outcome=raw.get("outcome"),
        same_as=raw.get("same_as"),
        note=raw.get("note"),
        where=where,
    )


def _outcome(raw: dict[str, Any], where: Where) -> Outcome:
    return Outcome(
        id=raw["id"],
        target=raw["target"],
        value=raw["value"],
        unit=raw["unit"],
        period=raw["period"],
        url=raw["url"],
        publisher=raw["publisher"],
        title=raw["title"],
        published=raw["published"],
        value_max=raw.get("value_max"),
        comparator=raw.get("comparator", "="),
        wording=raw.get("wording"),
        preliminary=raw.get("preliminary", False),
        note=raw.get("note"),
        where=where,
    )


def _not_target(raw: dict[str, Any], where: Where) -> NotTarget:
    return NotTarget(
        source=raw["source"],
        figure=raw["figure"],
        quote=raw["quote"],
        reason=raw["reason"],
        where=where,
    )


_RECORD_BUILDERS = {
    "sources": _source,
    "orgs": _org,
    "metrics": _metric,
    "targets": _target,
    "outcomes": _outcome,
    "not_targets": _not_target,
}


def read_dataset(
    location: Path | str | None = None, *, use_cache: bool = True
) -> tuple[Dataset, list[Problem]]:
    """Read and check a dataset; return it with every problem found (none when clean).

    The answer is the one `read_every_file` gives; reading.py gets it faster, from the
    cache and on every core (use_cache=False: read every file again).
    """
    from .reading import read

    return read(data_location(location), use_cache=use_cache)


def load(
    location: Path | str | None = None,
    *,
    use_cache: bool = True,
    metrics: Iterable[str] | None = None,
) -> Dataset:
    """The checked dataset; a DataError carrying every problem when there is any.

    With `metrics` (names or aliases as a user types them) the dataset may hold only
    the targets of those metrics, which is all `sum` needs; its catalogues are whole.
    """
    from .reading import read

    dataset, _ = read(data_location(location), use_cache=use_cache, metrics=metrics, strict=True)
    return dataset


def read_every_file(location: Path | str | None = None) -> tuple[Dataset, list[Problem]]:
    """The reference reading: parse every file, build its records, check them all."""
    from .checking import assemble

    files = data_files(data_location(location))
    parsed_by_file: dict[Path, ParsedFile] = {}
    problems: list[Problem] = []
    records: dict[str, list[Any]] = {table: [] for table in TABLES}
    for path in files:
        try:
            parsed = parse_file(path)
        except DataError as error:
            problems += error.problems
            continue
        parsed_by_file[path] = parsed
        for table, built in build_records(parsed).items():
            records[table] += built
        problems += parsed.problems

    def locate(where: Where, key: str | None, message: str) -> Problem:
        return parsed_by_file[where.file].problem(message, where.table, where.index, key)

    dataset, found = assemble(
        records["sources"],
        records["orgs"],
        records["metrics"],
        records["targets"],
        locate,
        tuple(files),
    )
    return dataset, problems + found
