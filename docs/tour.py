"""Regenerate the command tour in README.md from the commands themselves.

Every block between `<!-- tour: targets ARGS -->` and `<!-- /tour -->` is replaced
by what `targets ARGS` prints on the bundled data, 100 columns wide.

    python docs/tour.py          # rewrite README.md
    python docs/tour.py --check  # exit 1 when README.md is out of date
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- tour: targets (?P<args>.*?) -->\n).*?(<!-- /tour -->)", re.DOTALL)
WIDTH = "100"


def run(args: str) -> str:
    """What `targets ARGS` prints (stdout, then stderr), trailing spaces trimmed."""
    from typer.testing import CliRunner

    from targets_cli.cli.app import app

    env = {"COLUMNS": WIDTH, "NO_COLOR": "1", "TARGETS_DATA": None}
    try:  # Click before 8.2 mixes stderr into stdout unless told not to
        runner = CliRunner(env=env, mix_stderr=False)
    except TypeError:  # Click 8.2 dropped the argument: stderr is always apart
        runner = CliRunner(env=env)
    result = runner.invoke(app, shlex.split(args))
    text = result.stdout + result.stderr
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def render(readme: str) -> str:
    def block(match: re.Match[str]) -> str:
        output = run(match.group("args"))
        return f"{match.group(1)}```text\n{output}\n```\n{match.group(3)}"

    return BLOCK.sub(block, readme)


def main(argv: list[str]) -> int:
    os.environ.pop("TARGETS_DATA", None)
    # paths in the output (targets check data/targets.toml) are relative to the repository
    os.chdir(README.parent)
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in argv:
        if fresh != current:
            print("README.md tour is out of date: run python docs/tour.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
