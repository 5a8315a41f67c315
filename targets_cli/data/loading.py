"""Reading data files: find them, parse the TOML, check each field, build records."""

from __future__ import annotations

from ..errors import DataError, Problem, clip, shown, unsafe_characters
from ..rules.records import dataclass, field
from ..rules.script import simplified
from .fields import FIGURE_BOUNDS, FORMAT_VERSION, TABLES, Field
from .locating import Locator
from .paths import (
    BYTES_PER_COMMA,
    DATA_ENV,
    MAX_COMMAS,
    MAX_FILE_BYTES,
    bundled_data,
    bundled_location,
    data_files,
    data_location,
    data_names,
    decode,
    in_listing_order,
    path_text,
    read_bytes,
    read_text,
    source_text_of,
)

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


# What finds and reads the files lives in paths.py (a warm run loads that alone); it is
# named from here as well, where it was first written.
__all__ = [
    "BYTES_PER_COMMA",
    "DATA_ENV",
    "MAX_COMMAS",
    "MAX_FILE_BYTES",
    "bundled_data",
    "bundled_location",
    "data_files",
    "data_location",
    "data_names",
    "decode",
    "in_listing_order",
    "path_text",
    "read_bytes",
    "read_text",
    "source_text_of",
]

# Largest figure a target may state (fields.FIGURE_BOUNDS, checked with every field).
MAX_VALUE = FIGURE_BOUNDS[1]


@dataclass
class ParsedFile:
    """One data file's tables, as plain TOML values, with a way to find lines."""

    path: str
    tables: dict[str, list[Any]]
    locator: Locator
    problems: list[Problem] = field(default_factory=list)

    def problem(
        self, message: str, table: str | None = None, index: int = 0, key: str | None = None
    ) -> Problem:
        line = self.locator.line(table, index, key) if table else self.locator.key_line(key or "")
        if line is None and table:  # written as one array, `targets = [{...}]`: its key's line
            line = self.locator.key_line(table)
        record = None
        if table is not None:
            rows = self.tables.get(table, [])
            if index < len(rows) and isinstance(rows[index], dict):
                key_name = {"metrics": "name", "units": "symbol"}.get(table, "id")
                ident = rows[index].get(key_name)
                record = ident if isinstance(ident, str) else None
        return Problem(self.path, message, line=line, record=record)


def parse_file(path: str, raw: bytes | None = None) -> ParsedFile:
    """Parse one data file; malformed TOML is a DataError with line and column."""
    import tomli

    text = decode(path, raw) if raw is not None else read_text(path)
    commas = text.count(",")
    if commas > MAX_COMMAS and commas * BYTES_PER_COMMA > len(text):
        raise DataError([_too_many_values(path, text)])
    try:
        document = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = f"malformed TOML: {error.msg}"
        raise DataError([Problem(path, message, line=error.lineno, column=error.colno)]) from None
    except RecursionError:  # tomli before 2.2 runs out of stack on [[[[...]]]] hundreds deep
        message = "malformed TOML: arrays or tables nested too deeply; nest them a few levels"
        raise DataError([Problem(path, message)]) from None
    parsed = ParsedFile(path, {}, Locator(text))
    if not document:
        tables = ", ".join(f"[[{table}]]" for table in TABLES)
        message = f"holds no data (an empty file?): no format = {FORMAT_VERSION}, {tables}"
        parsed.problems.append(Problem(path, message))
    for key, value in document.items():
        if key == "format":
            if type(value) is not int or value != FORMAT_VERSION:  # not true, not 1.0
                message = f"format is {shown(value)}; this version reads {FORMAT_VERSION}"
                parsed.problems.append(parsed.problem(message, key="format"))
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


def _too_many_values(path: str, text: str) -> Problem:
    import itertools
    import re

    (last,) = itertools.islice(re.finditer(",", text), MAX_COMMAS, MAX_COMMAS + 1)
    line = text.count("\n", 0, last.start()) + 1
    message = (
        f"more than {MAX_COMMAS:,} commas by this line, one every few characters: more "
        "values than a data file's lists hold (each lists a few names; write records as "
        "[[targets]] tables, not one array)"
    )
    return Problem(path, message, line=line)


# Fields that name a file: a character no file name may hold is reported with the file.
_PATHS = frozenset({"file"})

# The rule of a field's value, written once: the steps it must pass, each a test (a
# Python expression of `v`) named for the message given when it fails, in the order a
# message is chosen. One function per table runs every test of an entry at once (an
# entry with nothing wrong, the usual case: a large file holds thousands); only an entry
# it refuses is explained, by the same tests taken one by one.
_TYPE_TESTS = {
    "string": "type(v) is str",
    "integer": "type(v) is int",  # (not True: a bool is no integer here)
    "number": "(type(v) is int or type(v) is float)",
    "boolean": "type(v) is bool",
    "strings": "(type(v) is list and all(type(x) is str for x in v))",
}
# (printable text is the usual case; else it must hold no control or escape character)
_SAFE_TESTS = {
    "string": "(v.isprintable() or not unsafe(v))",
    "strings": "all(x.isprintable() or not unsafe(x) for x in v)",
}


def _steps(spec: Field, n: int, names: dict[str, Any]) -> list[tuple[str, str]]:
    """(step, test) for each rule of a field's value; the values the tests name (its
    choices, pattern, bounds) are put in `names` under names numbered n."""
    import re

    steps = [("type", _TYPE_TESTS[spec.type])]
    if spec.type in _SAFE_TESTS and spec.name not in _PATHS:
        steps.append(("unsafe", _SAFE_TESTS[spec.type]))
    if spec.choices:
        names[f"choices{n}"] = frozenset(spec.choices)
        steps.append(("choices", f"v in choices{n}"))
    if spec.pattern:
        names[f"match{n}"] = re.compile(spec.pattern).fullmatch
        steps.append(("pattern", f"match{n}(v) is not None"))
    if spec.bounds:
        names[f"low{n}"], names[f"high{n}"] = spec.bounds
        steps.append(("bounds", f"low{n} <= v <= high{n}"))  # (NaN compares false)
    return steps


@dataclass
class _Rules:
    """A table's fields as the check runs them, worked out once per table."""

    fields: tuple[Field, ...]
    specs: dict[str, Field]
    plain: Any  # an entry -> True when nothing is wrong with it
    tests: dict[str, list[tuple[str, str]]]  # each field's (step, test)
    names: dict[str, Any]  # what the tests name
    steps: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)

    def steps_of(self, name: str) -> list[tuple[str, Any]]:
        """A field's (step, test as a function of a value), compiled when first asked."""
        found = self.steps.get(name)
        if found is None:
            found = self.steps[name] = [
                (step, eval(f"lambda v: {test}", self.names)) for step, test in self.tests[name]
            ]
        return found


# {id(fields): the rules of those fields}
_RULES: dict[int, _Rules] = {}


def _rules_of(fields: tuple[Field, ...]) -> _Rules:
    known = _RULES.get(id(fields))
    if known is not None and known.fields is fields:
        return known
    names: dict[str, Any] = {"unsafe": unsafe_characters}
    # written out for these fields (as dataclasses writes __init__): each field given
    # passes every step of its rule; a key that is none of the fields is found by
    # counting (cheaper than a set of keys): the entry holds exactly the fields found
    lines = ["def plain(raw):", " try:", "  given = 0"]
    tests: dict[str, list[tuple[str, str]]] = {}
    for n, spec in enumerate(fields):
        steps = tests[spec.name] = _steps(spec, n, names)
        test = " and ".join(test for _, test in steps)
        if spec.required:  # (left out: KeyError)
            lines += [f"  v = raw[{spec.name!r}]", f"  if not ({test}): return False"]
        else:
            lines += [
                f"  if {spec.name!r} in raw:",
                f"   v = raw[{spec.name!r}]",
                f"   if not ({test}): return False",
                "   given += 1",
            ]
    required = sum(spec.required for spec in fields)
    lines += [" except KeyError:", "  return False", f" return len(raw) == given + {required}"]
    exec("\n".join(lines), names)
    specs = {spec.name: spec for spec in fields}
    if len(specs) < len(fields):
        raise AssertionError("a field named twice")
    known = _RULES[id(fields)] = _Rules(fields, specs, names["plain"], tests, names)
    return known


def plain_entry(fields: tuple[Field, ...]) -> Callable[[dict[str, Any]], bool]:
    """The function of an entry of a table with these fields that is True exactly when
    field_problems finds nothing in it: a caller checking thousands calls it first."""
    return _rules_of(fields).plain  # type: ignore[no-any-return]


def _plain(raw: dict[str, Any], fields: tuple[Field, ...]) -> bool:
    """True only when field_problems finds nothing: the entry's test, all steps at once."""
    return _rules_of(fields).plain(raw)  # type: ignore[no-any-return]


def field_problems(raw: dict[str, Any], fields: tuple[Field, ...]) -> list[tuple[str, str]]:
    """(key, message) for every field that is missing, unknown or of the wrong shape."""
    if _plain(raw, fields):  # (the usual case: every step of every field passed at once)
        return []
    rules = _rules_of(fields)
    found: list[tuple[str, str]] = []
    for key, value in raw.items():
        spec = rules.specs.get(key)
        if spec is None:
            import difflib

            close = difflib.get_close_matches(key[:100], rules.specs, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            found.append((key, f"unknown field '{clip(key)}'{hint}"))
            continue
        for step, test in rules.steps_of(key):
            if not test(value):
                found.append((key, _MESSAGES[step](spec, value, fields)))
                break
    for spec in fields:
        if spec.required and spec.name not in raw:
            found.append((spec.name, f"missing required field '{spec.name}'"))
    return found


def _wrong_type(spec: Field, value: Any, fields: tuple[Field, ...]) -> str:
    return f"'{spec.name}' must be {spec.type_label}, not {shown(value)}"


def _unsafe(spec: Field, value: Any, fields: tuple[Field, ...]) -> str:
    items = value if isinstance(value, list) else [value]
    unsafe = [code for item in items for code in unsafe_characters(item)]
    return (
        f"'{spec.name}' holds control or escape characters ({', '.join(unsafe[:3])}); "
        "remove them: a terminal would obey them"
    )


def _not_a_choice(spec: Field, value: Any, fields: tuple[Field, ...]) -> str:
    import difflib

    key = spec.name
    close = difflib.get_close_matches(value[:100], spec.choices, n=3, cutoff=0.3)
    options = close or list(spec.choices)
    message = f"'{key}' is {shown(value)}; expected one of {', '.join(options)}"
    if (plain := simplified(value)) != value and plain in spec.choices:
        message = (
            f"'{key}' is {shown(value)}, in traditional script; write {shown(plain)}: "
            "these fields take the simplified word, and check finds it in a "
            "quote written in either script"
        )
    if key == "kind" and fields is TABLES.get("orgs"):
        from .fields import kind_message  # (every kind, and what each is for)

        message = kind_message(value)
    return message


def _no_match(spec: Field, value: Any, fields: tuple[Field, ...]) -> str:
    return f"'{spec.name}' is {shown(value)}; it must match {spec.pattern}"


def _out_of_bounds(spec: Field, value: Any, fields: tuple[Field, ...]) -> str:
    assert spec.bounds is not None
    low, high = spec.bounds
    top = f"{high:.0e}" if high >= 10**6 else high
    bottom = f"{low:.0e}" if low <= -(10**6) else low
    return f"'{spec.name}' is {shown(value)}; it must be from {bottom} to {top}"


_MESSAGES: dict[str, Callable[[Field, Any, tuple[Field, ...]], str]] = {
    "type": _wrong_type,
    "unsafe": _unsafe,
    "choices": _not_a_choice,
    "pattern": _no_match,
    "bounds": _out_of_bounds,
}
