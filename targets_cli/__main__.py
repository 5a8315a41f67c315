"""Entry point: `targets` and `python -m targets_cli`; turns every error into a message."""

from __future__ import annotations

import os
import sys


def _quiet_stdout() -> None:
    # Later writes (and the interpreter's final flush) go nowhere instead of raising.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: list[str] | None = None) -> int:
    from .errors import ExitCode, TargetsError

    try:
        from .cli import app

        app(args=argv, prog_name="targets", standalone_mode=True)
    except TargetsError as error:
        print(f"targets: error: {error}", file=sys.stderr)
        return int(error.exit_code)
    except BrokenPipeError:
        _quiet_stdout()
        return int(ExitCode.BROKEN_PIPE)
    except KeyboardInterrupt:
        print("targets: interrupted", file=sys.stderr)
        return 130
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        print(done.code, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
