"""Answering the read-only commands without loading Typer.

Typer, Click and rich take longer to import than the whole answer to a JSON query,
and `targets` runs inside shell loops. So `main` first hands the arguments to
`answer`, which reads them with the command table (spec.py) and, when they are plain
(no help, no unknown option, no missing value or argument), runs the command through
running.run: the very function Typer's commands call. An error while answering is
reported there, once, as Typer's path reports it. Only words that are not plain
return None, so that Typer and Click print their usage message.
tests/test_fastpath.py runs both paths on many command lines and requires the same
bytes and exit codes.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


# Commands that write nothing but their answer, answered here too: `scan` drafts
# records from a text, `schema` prints the JSON Schema. (Named here, not in spec.py's
# table, which other changes to these commands' options touch.)
ALSO_FAST = ("scan", "schema")


def answer(argv: list[str]) -> int | None:
    """Print the answer and return the exit code; None to leave the arguments to Typer."""
    if argv == ["--version"]:
        from .. import __version__

        print(f"targets {__version__}")
        return 0
    request = parse(argv)
    if request is None:
        return None
    from ..errors import TargetsError
    from . import running

    name, read = request
    try:
        read.refuse_repeats()
    except TargetsError as error:  # worded as Typer's path words it
        running.say_error(error)
        return int(error.exit_code)
    return running.run(name, read.values())


def parse(argv: list[str]) -> tuple[str, Any] | None:
    """(command, its words as read) when the fast path answers them, else None."""
    from . import spec

    if not argv:
        return None
    command = spec.COMMANDS.get(argv[0])
    if command is None or not (command.fast or command.name in ALSO_FAST):
        return None
    read = spec.read(command, argv[1:])
    if read.problem is not None:
        return None
    return command.name, read
