"""Shell completion: completion_fast.py answers as Typer does, or leaves it to Typer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO

_TYPER_ONLY = (
    "import sys\n"
    "from targets_cli.cli import completion_fast\n"
    "completion_fast.complete = lambda argv: None\n"
    "from targets_cli.__main__ import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _bash(line: str) -> dict[str, str]:
    words = line.split(" ")
    return {
        "_TARGETS_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }


def _zsh(line: str) -> dict[str, str]:
    return {"_TARGETS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}


def _fish(line: str, action: str = "get-args") -> dict[str, str]:
    return {
        "_TARGETS_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": action,
    }


CASES = [
    _bash("targets list --region "),
    _bash("targets list --region 台"),
    _bash("targets list -r tai"),
    _bash("targets sum --metric 超"),
    _bash("targets sum --json -m "),
    _bash("targets list --org 市"),
    _bash("targets show kai"),
    _bash("targets show --json "),
    _bash("targets compare 台山 "),
    _bash("targets coverage --metric 工业"),
    _bash("targets list --region=台"),
    _bash("targets list --format "),  # another option's value: Typer's
    _bash("targets list --reg"),  # an option's name: Typer's
    _bash("targets "),  # a command's name: Typer's
    _bash("targets show kaiping-projects-100m "),
    _bash("targets list --format "),  # a choice of the table: completed here too
    _bash("targets list --format j"),
    _bash("targets sum -m 超亿元项目 --lang "),
    _bash("targets list --status m"),
    _bash("targets compare --status "),
    _bash("targets list --kind "),
    _bash("targets list --sort v"),
    _bash("targets export x -f "),
    _bash("targets scan a.txt --format "),
    _bash("targets progress -r 台"),
    _bash("targets progress --org 市"),
    _bash("targets list --data "),  # a file name: Typer's
    _bash("targets check "),
    _bash("targets list --search "),  # nothing completes it
    _bash("targets list --no-cache --region 开"),
    _bash("targets list --nope --region 台"),  # an unknown option: Typer's
    _bash("targets sum --metric 超亿元项目 --metric 工"),
    _zsh("targets list --region "),
    _zsh("targets sum --metric 超"),
    _zsh("targets show kaiping-"),
    _zsh("targets list --region zz"),
    _zsh("targets list --format "),
    _zsh("targets list --status "),
    _fish("targets list -r "),
    _fish("targets show kaiping-"),
    _fish("targets list -r zz", "is-args"),
    _fish("targets list -r 台", "is-args"),
    _fish("targets list --lang "),
    {**_bash("targets list -r 台"), "COLUMNS": "²"},
    {**_bash("targets list -r 台"), "TERMINAL_WIDTH": "²"},
    {**_zsh("targets sum --metric 超"), "TERMINAL_WIDTH": "²"},
    {**_fish("targets show kaiping-"), "COLUMNS": "²", "LINES": "²"},
    {**_bash("targets list -r 台"), "COMP_CWORD": "-1"},
    {**_bash("targets list -r 台"), "COMP_CWORD": "99"},
]


def _run(code: list[str], words: dict[str, str]) -> tuple[int, bytes, bytes]:
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_DATA"}
    env = env | {"COLUMNS": "100"} | words
    ran = subprocess.run([sys.executable, *code], capture_output=True, cwd=REPO, env=env)
    return ran.returncode, ran.stdout, ran.stderr


@pytest.mark.parametrize(
    "words",
    CASES,
    ids=lambda w: (
        f"{w['_TARGETS_COMPLETE']}: {w.get('COMP_WORDS') or w.get('_TYPER_COMPLETE_ARGS')}"
        + "".join(f" {k}={w[k]}" for k in ("COLUMNS", "TERMINAL_WIDTH", "COMP_CWORD") if k in w)
    ),
)
def test_completion_is_the_same_with_typer_and_without(words):
    fast = _run(["-m", "targets_cli"], words)
    assert fast == _run(["-c", _TYPER_ONLY], words)
    assert b"Traceback" not in fast[2]


def test_completion_offers_the_names_of_the_data():
    code, out, _ = _run(["-m", "targets_cli"], _bash("targets list --region 台"))
    assert code == 0 and out.decode().split() == ["台山市", "台山"]


def test_completion_offers_the_choices_of_the_table():
    code, out, _ = _run(["-m", "targets_cli"], _bash("targets list --format j"))
    assert code == 0 and out.decode().split() == ["json", "jsonl"]
    code, out, _ = _run(["-m", "targets_cli"], _bash("targets list --status "))
    assert out.decode().split() == ["met", "missed", "unclear", "not-comparable", "unknown"]
