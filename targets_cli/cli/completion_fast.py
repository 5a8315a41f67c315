"""Shell completion of names without loading Typer: as quick as a JSON answer.

The completion script Typer installs runs `targets` with $_TARGETS_COMPLETE set and
the words typed so far in the environment. Typer, Click and rich take several times
longer to import than completing a region takes. So `main` first asks `complete`,
which answers the completions that matter while typing (the value of an option or
argument that the command table, spec.py, says what completes: --region, --org,
--metric, the ID of `show`, the regions of `compare`, the choices of --format or
--lang) for bash, zsh and fish, the way Typer would word them, and returns None for
anything else: option names, file names, other shells, help texts that rich would
reflow. Typer then answers as usual. Words that Typer could not read at all (no
COMP_WORDS, a COMP_CWORD that is no number) complete nothing rather than fail.
tests/test_completion.py compares both on many command lines.
"""

from __future__ import annotations

import os
import sys

from . import completion, spec

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_SOURCES: dict[str, Callable[[Any, str], list[tuple[str, str]]]] = {
    "regions": completion.regions,
    "orgs": completion.orgs,
    "metrics": completion.metrics,
    "ids": completion.ids,
}


class _Unreadable(Exception):
    """The shell's words cannot be read at all (Typer would fail on them)."""


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
        try:
            words = _split(os.environ["COMP_WORDS"])
            at = int(os.environ["COMP_CWORD"])
        except (KeyError, ValueError):
            raise _Unreadable from None
        try:
            incomplete = words[at]
        except IndexError:
            incomplete = ""
        return words[1:at], incomplete
    line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _read(command: spec.Command, words: list[str]) -> tuple[dict[str, Any], Any] | None:
    """The options Typer's context would hold, and what completes the next word: the
    option that waits for its value, else the argument that comes next."""
    params: dict[str, Any] = {}
    arguments = 0
    waiting: spec.Option | None = None
    for word in words:
        if waiting is not None:
            if not word or word.startswith("-"):
                return None
            if waiting.key == "data":
                params["data"] = word
            waiting = None
        elif word.startswith("-"):
            option = command.option(word)
            if option is None or "=" in word:
                return None
            if option.takes == spec.FLAG:
                if option.key == "no_cache":
                    params["no_cache"] = True
            else:
                waiting = option
        else:
            arguments += 1
    if waiting is not None:
        return params, waiting
    for argument in command.arguments:
        if argument.takes == spec.MANY or arguments == 0:
            return params, argument
        arguments -= 1
    return params, None


def _console_width() -> int | None:
    """The width rich gives Typer's console (None when unsure: Typer then answers)."""
    given = os.environ.get("TERMINAL_WIDTH")
    if given is not None:
        return int(given) if given.isascii() and given.isdigit() else None
    if sys.platform == "win32" or "JPY_PARENT_PID" in os.environ:
        return None
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return 80
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit():
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
    except _Unreadable:
        return 0  # nothing to complete from words that cannot be read
    except ValueError:
        return None
    if incomplete == "=":
        incomplete = ""
    elif "=" in incomplete and incomplete.startswith("-"):
        name, _, incomplete = incomplete.partition("=")
        words.append(name)
    if "--" in words or incomplete.startswith("-") or not words:
        return None
    command = spec.COMMANDS.get(words[0])
    if command is None:
        return None
    read = _read(command, words[1:])
    if read is None:
        return None
    params, what = read
    source = what.complete if what is not None else None
    if source is None:
        return None  # a file name, or a value nothing completes: Typer's
    if isinstance(source, str):
        names = _SOURCES[source](_Context(params), incomplete)
    else:
        names = [(value, "") for value in source]
    # Typer keeps only what starts with the word as typed, case and all
    found = [item for item in names if item[0].startswith(incomplete)]
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
    if any(help_text for _, help_text in found) and _typer_prints_with_rich():
        return None  # rich turns the tab before each help into spaces: Typer's to word
    lines = [f"{value}\t{help_text}" if help_text else value for value, help_text in found]
    print("\n".join(lines))
    sys.stdout.flush()
    return 0


def _typer_prints_with_rich() -> bool:
    """Whether the installed Typer prints completions through rich (older ones do),
    found by reading its source rather than importing it."""
    from importlib.util import find_spec

    found = find_spec("typer")
    if found is None or not found.submodule_search_locations:
        return False
    for folder in found.submodule_search_locations:
        try:
            with open(os.path.join(folder, "completion.py"), encoding="utf-8") as source:
                return "print_with_rich(comp.complete())" in source.read()
        except OSError:
            continue
    return False
