"""Errors a user can cause, each with the exit code the CLI documents for it."""

from __future__ import annotations

from .rules.records import dataclass

TYPE_CHECKING = False  # (pathlib is loaded by the code that makes paths, not by errors)
if TYPE_CHECKING:
    from pathlib import Path

# Longest stretch of user-given text a message repeats: a 1 MB value is not echoed back.
ECHO_LIMIT = 80


def clip(text: str, limit: int = ECHO_LIMIT) -> str:
    """Text as a message repeats it: cut short, saying how long it was, when it is long."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value quoted in a message, cut short: as the TOML file wrote it (true, 07:32:00,
    [1, 2]), not as Python spells it; a string as repr, so invisible characters show."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value)} characters)"
    text = _as_toml(value)
    return text if len(text) <= limit else f"{text[:limit]}…"


def _as_toml(value: object) -> str:
    import datetime

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.time):  # (a datetime is a date)
        text = value.isoformat()
        return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
    if isinstance(value, list):
        return f"[{', '.join(_as_toml(item) for item in value)}]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{key} = {_as_toml(item)}" for key, item in value.items())
        return f"{{ {pairs} }}" if pairs else "{}"
    return repr(value)


# C0 and C1 controls but tab and newline, DEL, and the bidirectional controls that can
# reorder what a terminal shows: a data file must not set a title or clear the screen.
_UNSAFE = {
    **{code: None for code in (*range(0x20), *range(0x7F, 0xA0)) if code not in (9, 10)},
    **dict.fromkeys((0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))),
}


def unsafe_characters(text: str) -> list[str]:
    """The control and escape characters of a text, as U+XXXX, in order of appearance."""
    return [f"U+{ord(c):04X}" for c in dict.fromkeys(text) if ord(c) in _UNSAFE]


def shown_path(path: Path | str) -> str:
    """A path as a message prints it: bytes of a name that is not UTF-8 (a GBK name,
    台山 as b'\\xcc\\xa8...') as \\x.. codes, which any terminal or pipe can take."""
    text = str(path)
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # (surrogates: the bytes Python could not decode)
        import os

        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def visible(text: str) -> str:
    """Text safe to print on a terminal: each control character shown as its \\x.. code."""
    if text.isprintable() or not any(ord(c) in _UNSAFE for c in text):
        return text
    return "".join(
        c if ord(c) not in _UNSAFE else f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
        for c in text
    )


class ExitCode:
    """The exit codes the README documents: plain ints (an IntEnum would import enum,
    some 2 ms of every run's start)."""

    OK = 0
    DATA = 1  # the data file or folder has problems
    USAGE = 2  # bad option or argument, unknown name
    REFUSED = 3  # a question with no meaningful answer (adding growth rates)
    OUTPUT = 4  # cannot write where asked
    BROKEN_PIPE = 141  # the reader closed stdout early, as `head` does


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a data file, with where it is."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    record: str | None = None  # the id of the record it is about

    def __str__(self) -> str:
        where = shown_path(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        about = f" [{clip(self.record)}]" if self.record else ""
        return f"{where}:{about} {self.message}"


class TargetsError(Exception):
    exit_code = ExitCode.USAGE


class DataError(TargetsError):
    """The data cannot be used as it is; carries every problem found."""

    exit_code = ExitCode.DATA

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(TargetsError):
    exit_code = ExitCode.USAGE


class UnknownName(UsageError):
    """A name (region, metric, id, ...) that the dataset does not know."""

    def __init__(self, what: str, given: str, suggestions: list[str], known: str = ""):
        self.what, self.given, self.suggestions = what, given, suggestions
        if suggestions:
            hint = f"; did you mean: {', '.join(visible(name) for name in suggestions)}?"
        else:
            hint = f"; known: {visible(known)}" if known else ""
        super().__init__(f"unknown {what} {shown(given)}{hint}")


class Refused(TargetsError):
    """The question has no meaningful answer, and the message says why."""

    exit_code = ExitCode.REFUSED


class OutputError(TargetsError):
    exit_code = ExitCode.OUTPUT
