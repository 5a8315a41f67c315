"""Entry point: `targets` and `python -m targets_cli`; turns every error into a message."""

from __future__ import annotations

import os
import sys

# Set by the shell's completion script; see completion_fast.py.
COMPLETE_ENV = "_TARGETS_COMPLETE"
# Sizes a terminal reports; rich and Typer read them with int(), and fail on `²`.
_SIZES = ("COLUMNS", "LINES", "TERMINAL_WIDTH")


def _quiet_stdout() -> None:
    # Later writes (and the interpreter's final flush) go nowhere instead of raising.
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)


def _utf8_streams() -> None:
    # Without a UTF-8 locale (LANG=C with UTF-8 mode off, PYTHONIOENCODING=ascii) Python
    # would write ASCII and fail on the first 台; the output is UTF-8 whatever the locale.
    import codecs

    for stream, errors in ((sys.stdout, "surrogateescape"), (sys.stderr, "backslashreplace")):
        encoding = getattr(stream, "encoding", None) or "ascii"
        if codecs.lookup(encoding).name != "utf-8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors=errors)


def _plain_sizes() -> None:
    """A terminal size that is not a plain number (`COLUMNS=²`) is as good as unset."""
    for name in _SIZES:
        value = os.environ.get(name)
        if value is not None and not (value.isascii() and value.isdigit()):
            del os.environ[name]


def _tell(text: str) -> None:
    """A line for stderr; nothing when stderr is closed or gone (never stdout instead)."""
    try:
        print(text, file=sys.stderr)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run `targets` with `argv` (None: the process's own arguments, sys.argv)."""
    from .cli import end_collector, pause_collector

    paused = pause_collector()  # (while it starts up: see cli/__init__.py)
    try:
        return _main(argv)
    finally:
        # The objects frozen as the run started are left frozen when the process ends
        # with it (argv None): the collection at exit then skips them too (some 2 ms of
        # a warm answer). A caller that goes on (argv given) gets them back.
        end_collector(paused, unfreeze=argv is not None)


def _main(argv: list[str] | None) -> int:
    from .errors import ExitCode

    if sys.stderr is None:  # started with stderr closed (`2>&-`): print(file=None) is stdout
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (open for the run)
    if sys.stdout is None:  # started with stdout closed (`targets list >&-`)
        _tell("targets: error: cannot write the output: stdout is closed")
        return int(ExitCode.OUTPUT)
    _utf8_streams()
    _plain_sizes()
    try:
        code = _answer(sys.argv[1:] if argv is None else list(argv))
        # here, not at exit: a reader who left early (`--version | true`) is then a
        # broken pipe like any other, not the interpreter's exit 120 and its message
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        return int(ExitCode.BROKEN_PIPE)
    return code


def _answer(args: list[str]) -> int:
    from .errors import ExitCode, TargetsError, visible

    try:
        if COMPLETE_ENV in os.environ:
            from .cli.completion_fast import complete

            answered = complete(args)
        else:
            # the read-only commands, answered before Typer is even imported (cli/fast.py)
            from .cli.fast import answer

            answered = answer(args)
        if answered is not None:
            return answered
        from .cli.app import app

        app(args=args, prog_name="targets", standalone_mode=True)
    except TargetsError as error:
        _tell(f"targets: error: {visible(str(error))}")
        return int(error.exit_code)
    except BrokenPipeError:
        _quiet_stdout()
        return int(ExitCode.BROKEN_PIPE)
    except KeyboardInterrupt:
        _tell("targets: interrupted")
        return 130
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        _tell(visible(str(done.code)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
