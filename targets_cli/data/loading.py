"""Reading data files: find them, parse the TOML, check each field, build records."""

from __future__ import annotations

import os

from ..errors import DataError, Problem, clip, shown, shown_path, unsafe_characters
from ..rules.records import dataclass, field
from ..rules.script import simplified
from .fields import FIGURE_BOUNDS, FORMAT_VERSION, TABLES, Field
from .locating import Locator

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any


DATA_ENV = "TARGETS_DATA"
# targets_cli/, its links resolved (os.path, not pathlib: a warm answer needs no Path)
_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
# Largest figure a target may state (fields.FIGURE_BOUNDS, checked with every field).
MAX_VALUE = FIGURE_BOUNDS[1]


def path_text(first: str, *more: str) -> str:
    """The path these parts name, written as str(Path(first, *more)) writes it (a file
    is named the same in every message whichever way it was given): no empty or `.`
    part, no final slash, `..` kept as written, one or two leading slashes as given."""
    joined = os.path.join(first, *more)  # (a part that is absolute starts the path again)
    root = "/" if joined.startswith("/") else ""
    if joined.startswith("//") and not joined.startswith("///"):
        root = "//"  # (POSIX leaves the meaning of exactly two to the system: kept)
    named = "/".join(part for part in joined.split("/") if part and part != ".")
    return root + named or "."


def bundled_location() -> str:
    """The dataset shipped with the package (in a wheel) or beside it (in a checkout)."""
    inside = os.path.join(_PACKAGE, "_data", "targets.toml")
    if os.path.exists(inside):
        return inside
    return os.path.join(os.path.dirname(_PACKAGE), "data", "targets.toml")


if TYPE_CHECKING:
    from pathlib import Path


def bundled_data() -> Path:
    """bundled_location() as a Path, for callers that build paths from it."""
    from pathlib import Path

    return Path(bundled_location())


def data_location(given: str | None = None) -> str:
    """--data, else $TARGETS_DATA, else the bundled dataset."""
    if given:
        return path_text(given)
    from_env = os.environ.get(DATA_ENV)
    return path_text(from_env) if from_env else bundled_location()


# Largest data file or source text read: a bigger one is a mistake (a disk image, /dev/zero).
MAX_FILE_BYTES = 256 * 2**20
# Most commas a data file may hold. Each value of an inline array costs the TOML parser
# far more than a byte of text (50 MB of `[1,1,…]` took 65 s and 2.1 GB), while a data
# file writes records as [[tables]] and has about one comma a record (the bundled data:
# 144 for 115 targets); so this bounds what an array can cost, not what data can hold.
MAX_COMMAS = 100_000
# ... and only where commas are that dense: a list of values has one every few bytes,
# while records, even with notes in English prose, have one in hundreds; so a large file
# of many records is never refused for the commas of its notes.
BYTES_PER_COMMA = 16


def _path_problem(path: str, error: OSError) -> Problem:
    import errno

    if error.errno == errno.ENAMETOOLONG:
        return Problem(path, "cannot read: a part of the path is longer than 255 bytes")
    return Problem(path, f"cannot read: {error.strerror or error}")


def _name_problem(path: str) -> Problem | None:
    """A file whose name is not UTF-8 (saved under GBK, say) cannot be named in the index
    or in any answer: it is a problem, never skipped without a word."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        message = "the name is not UTF-8 (written in another encoding, as GBK?); rename it"
        return Problem(shown_path(path), message)
    return None


def _walk(
    top: str,
    onerror: Callable[[OSError], None],
    stamps: list[tuple[str, os.stat_result]] | None = None,
) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk without its recursion, which a folder 1,000 deep overflows (Python 3.11):
    (folder, subfolders, other names) for each folder; links to folders are not entered.
    With `stamps`, each folder's stat, taken before it is listed, is added to it."""
    waiting = [top]
    while waiting:
        folder = waiting.pop()
        try:
            if stamps is not None:  # (taken before the listing: a later change shows)
                stamps.append((folder, os.stat(folder)))
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            onerror(error)
            continue
        subfolders: list[str] = []
        names: list[str] = []
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            (subfolders if is_folder else names).append(entry.name)
        subfolders.sort()
        yield folder, subfolders, names
        for name in reversed(subfolders):
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                waiting.append(path)


def data_files(location: str) -> list[str]:
    """The TOML files of a dataset: the file itself, or every *.toml under a folder.

    A folder that cannot be read is a problem, never skipped without a word.
    """
    return data_names(location)


def data_names(
    location: str, ordered: bool = True, folders: list[tuple[str, os.stat_result]] | None = None
) -> list[str]:
    """data_files: the path of each (as path_text writes it). With `ordered` False, in
    the order the folders list them (in_listing_order sorts them): a warm run finds
    them all in the index, and sorts none. With `folders`, each folder's stat, taken
    before it is listed, is added to it (see store.note_folders)."""
    location = path_text(location)  # (as data_location gives it, whoever calls)
    try:
        is_folder, exists = _found(location)
    except OSError as error:
        raise DataError([_path_problem(location, error)]) from None
    if is_folder:
        problems: list[Problem] = []

        def unreadable(error: OSError) -> None:
            problems.append(_path_problem(path_text(error.filename or location), error))

        top = location  # (as path_text writes it: no `.` part, no doubled or final slash)
        files = []
        for folder, subfolders, names in _walk(top, unreadable, folders):
            # (a link named *.toml to a folder is listed, to be reported, not walked)
            linked = [n for n in subfolders if os.path.islink(os.path.join(folder, n))]
            prefix = _prefix(folder)
            files += [prefix + n for n in (*names, *linked) if n.endswith(".toml")]
        try:  # (every name at once: one that is not UTF-8 is rare)
            "".join(files).encode("utf-8")
        except UnicodeEncodeError:
            problems += [problem for name in files if (problem := _name_problem(name))]
        if problems:
            raise DataError(problems)
        if not files:
            raise DataError([Problem(location, "folder holds no *.toml data files")])
        return in_listing_order(files) if ordered else files
    if (problem := _name_problem(location)) is not None:
        raise DataError([problem])
    if not exists:
        from_env = os.environ.get(DATA_ENV)  # (as it was typed: `./data/`, say)
        hint = f" (set by ${DATA_ENV})" if from_env and path_text(from_env) == location else ""
        raise DataError([Problem(location, f"no such data file or folder{hint}")])
    return [location]


def _found(location: str) -> tuple[bool, bool]:
    """(a folder, there at all): a link to nothing is there, to be reported. A path
    that is not there (or a link that loops) is no error, as for Path.exists(); another
    (no permission to look) is raised."""
    import errno
    import stat

    gone = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
    try:
        return stat.S_ISDIR(os.stat(location).st_mode), True
    except OSError as error:
        if error.errno not in gone:
            raise
    except ValueError:  # a NUL in the path: no such file
        return False, False
    return False, os.path.islink(location)


def in_listing_order(names: list[str]) -> list[str]:
    """Data files' names in the order of their Paths: part by part (`a/x` before
    `a-b/x`), not by the text."""
    return sorted(names, key=_parts)


def _prefix(folder: str) -> str:
    """What path_text(folder, name) puts before the name: `.` is no part of a path (the
    walk from `.` names its folders `./a`), the root keeps its slashes."""
    if folder == ".":
        return ""
    if folder.startswith("./"):
        folder = folder[2:]
    return folder if folder.endswith("/") else folder + "/"


def _parts(name: str) -> list[str]:
    return name.split("/")


def read_bytes(
    path: str, limit: int = MAX_FILE_BYTES, what: str = "a TOML file", holder: str = "a data file"
) -> bytes:
    """A regular file's bytes; a FIFO, device, folder or huge file is a DataError.

    Opened without blocking (a FIFO with no writer) and read at most limit + 1 bytes
    (a device that never ends); `what` is the file expected, `holder` the one limited.
    """
    import stat

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise DataError([Problem(path, f"is a folder, expected {what}")]) from None
    except FileNotFoundError:
        if os.path.islink(path):
            message = f"is a link to {os.readlink(path)}, which does not exist"
            raise DataError([Problem(path, message)]) from None
        raise DataError([Problem(path, "no such file")]) from None
    except OSError as error:
        raise DataError([_path_problem(path, error)]) from None
    except ValueError:  # a NUL in the path
        raise DataError([Problem(path, "cannot read: the path holds a NUL character")]) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise DataError([Problem(path, f"is {kind}, expected {what}")])
        if info.st_size > limit:
            size = f"{info.st_size / 2**20:.0f} MiB"
            message = f"is {size}, more than the {limit // 2**20} MiB {holder} may hold"
            raise DataError([Problem(path, message)])
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            # (sized to the file: read(n) first allocates n bytes, and limit + 1 for
            # each file is a quarter-gigabyte mapped and unmapped each time) and read on
            # to the limit only when the file grew since its size was taken
            data = stream.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += stream.read(limit + 1 - len(data))
    except OSError as error:
        raise DataError([_path_problem(path, error)]) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise DataError([Problem(path, f"is more than the {limit // 2**20} MiB it may hold")])
    return data


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


def decode(path: str, raw: bytes) -> str:
    """A data file's text; a BOM is dropped, bytes that are not UTF-8 are a DataError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        raise DataError([Problem(path, message, line=line)]) from None
    return text.removeprefix("\ufeff")


def source_text_of(raw: bytes) -> str:
    """A source text's bytes as its text, read as a text file is (open(path).read()): a BOM
    dropped, Windows (CRLF) and old Mac (CR) line ends made \\n, so a quote running over
    lines is found whatever editor saved the text. UnicodeDecodeError when not UTF-8."""
    text = raw.decode("utf-8").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_text(path: str) -> str:
    return decode(path, read_bytes(path))


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
