"""Shell completion of names without loading Typer: as quick as a JSON answer.

The completion script Typer installs runs `targets` with $_TARGETS_COMPLETE set and
the words typed so far in the environment. Typer, Click and rich take several times
longer to import than completing a region takes. So `main` first asks `complete`,
which answers the completions that matter while typing (the value of --region, --org
or --metric, the ID of `show`, the regions of `compare`) for bash, zsh and fish, the
way Typer would word them, and returns None for anything else: option names, other
values, other shells, help texts that rich would reflow. Typer then answers as usual.
tests/test_completion.py compares both on many command lines.
"""

from __future__ import annotations

import os
import sys

from . import completion

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# Per command: the options that take a value (flags are the rest of each spec), the
# options whose value this module completes, and what completes its arguments.
_VALUE_OPTIONS = {
    "--data", "--format", "-f", "--lang", "--region", "-r", "--org", "--metric", "-m",
    "--category", "--period", "--kind", "--firmness", "--search", "-s", "--sort",
}  # fmt: skip
_FLAGS = {"--json", "--bom", "--no-cache"}
_NAMES: dict[str, Callable[[Any, str], list[tuple[str, str]]]] = {
    "--region": completion.regions,
    "-r": completion.regions,
    "--org": completion.orgs,
    "--metric": completion.metrics,
    "-m": completion.metrics,
}
_COMMON = {"--data", "--format", "-f", "--json", "--lang", "--bom", "--no-cache"}
_FILTERS = {"--region", "-r", "--org", "--category", "--period", "--firmness", "--search", "-s"}
# command: (its options, the options whose names are completed here, its argument)
COMMANDS: dict[str, tuple[set[str], set[str], Any]] = {
    "list": (
        _COMMON | _FILTERS | {"--metric", "-m", "--kind", "--sort"},
        {"--region", "-r", "--org", "--metric", "-m"},
        None,
    ),
    "sum": (
        _COMMON | _FILTERS | {"--metric", "-m"},
        {"--region", "-r", "--org", "--metric", "-m"},
        None,
    ),
    "show": (_COMMON, set(), completion.ids),
    "compare": (
        _COMMON | {"--metric", "-m", "--category", "--period"},
        {"--metric", "-m"},
        completion.regions,
    ),
    "coverage": (_COMMON | {"--metric", "-m", "--category", "--period"}, {"--metric", "-m"}, None),
}


class _Context:
    """What the completion functions read of Typer's context."""

    def __init__(self, params: dict[str, Any]):
        self.params = params


def _split(text: str) -> list[str]:
    """Words as Click splits them: shlex, keeping an unfinished last word."""
    import shlex

    lex = shlex.shlex(text, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    words = []
    try:
        for word in lex:
            words.append(word)
    except ValueError:
        words.append(lex.token)
    return words


def _typed(shell: str) -> tuple[list[str], str]:
    """(complete words after the program's name, the word being completed)."""
    if shell == "bash":
        words = _split(os.environ["COMP_WORDS"])
        at = int(os.environ["COMP_CWORD"])
        return words[1:at], words[at] if at < len(words) else ""
    line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _read(command: str, words: list[str]) -> tuple[dict[str, Any], int] | None:
    """The options Typer's context would hold, and how many arguments are given."""
    options, _, _ = COMMANDS[command]
    params: dict[str, Any] = {}
    arguments = 0
    at = 0
    while at < len(words):
        word = words[at]
        if word.startswith("-"):
            if word not in options or "=" in word:
                return None
            if word in _VALUE_OPTIONS:
                at += 1
                if at < len(words):
                    value = words[at]
                    if not value or value.startswith("-"):
                        return None
                    if word == "--data":
                        from pathlib import Path

                        params["data"] = Path(value)
            elif word == "--no-cache":
                params["no_cache"] = True
        else:
            arguments += 1
        at += 1
    return params, arguments


def _console_width() -> int | None:
    """The width rich gives Typer's console (None when unsure: Typer then answers)."""
    given = os.environ.get("TERMINAL_WIDTH")
    if given is not None:
        return int(given) if given.isdigit() else None
    if sys.platform == "win32" or "JPY_PARENT_PID" in os.environ:
        return None
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return 80
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns)
    for descriptor in (0, 1, 2):
        try:
            return os.get_terminal_size(descriptor).columns or 80
        except (OSError, ValueError):
            continue
    return 80


def _plain_help(text: str, width: int | None) -> bool:
    """Help that rich prints as it is: one line that fits, no markup or emoji code."""
    import unicodedata

    if width is None or text != text.strip() or "  " in text:
        return False
    cells = 0
    for char in text:
        if not (char.isalnum() or char in " -_.,()/%&+·、（）"):
            return False
        cells += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return cells < width


def complete(argv: list[str]) -> int | None:
    """Print the completions and return the exit code; None to leave it to Typer."""
    shell = os.environ.get("_TARGETS_COMPLETE", "").partition("complete_")[2]
    if shell not in ("bash", "zsh", "fish"):
        return None
    if shell == "fish" and os.environ.get("_TYPER_COMPLETE_FISH_ACTION") not in (
        "get-args",
        "is-args",
    ):
        return None
    try:
        words, incomplete = _typed(shell)
    except (KeyError, ValueError, IndexError):
        return None
    if incomplete == "=":
        incomplete = ""
    elif "=" in incomplete and incomplete.startswith("-"):
        name, _, incomplete = incomplete.partition("=")
        words.append(name)
    if "--" in words or incomplete.startswith("-") or not words or words[0] not in COMMANDS:
        return None
    command = words[0]
    read = _read(command, words[1:])
    if read is None:
        return None
    params, arguments = read
    _, named, argument = COMMANDS[command]
    last = words[-1] if len(words) > 1 else ""
    if last in named:
        names = _NAMES[last]
    elif last in _VALUE_OPTIONS:
        return None  # the value of another option: Typer completes those
    elif argument is not None and (command == "compare" or arguments == 0):
        names = argument
    else:
        return None
    # Typer keeps only what starts with the word as typed, case and all
    found = [item for item in names(_Context(params), incomplete) if item[0].startswith(incomplete)]
    return _print(shell, found)


def _print(shell: str, found: list[tuple[str, str]]) -> int | None:
    """The completions worded as Typer's completion classes word them."""
    if shell == "bash":
        print("\n".join(value for value, _ in found))
        return 0
    width = _console_width()
    if any(help_text and not _plain_help(help_text, width) for _, help_text in found):
        return None
    if shell == "zsh":

        def escape(text: str) -> str:
            return (
                text.replace('"', '""')
                .replace("'", "''")
                .replace("$", "\\$")
                .replace("`", "\\`")
                .replace(":", r"\\:")
            )

        items = [
            f'"{escape(value)}":"{escape(help_text)}"' if help_text else f'"{escape(value)}"'
            for value, help_text in found
        ]
        print("_arguments '*: :((" + "\n".join(items) + "))'" if items else "_files")
        return 0
    if os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        return 0 if found else 1
    lines = [f"{value}\t{help_text}" if help_text else value for value, help_text in found]
    print("\n".join(lines))
    sys.stdout.flush()
    return 0
