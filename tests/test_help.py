"""Every command's --help: a one-line purpose and at least one example that runs."""

from __future__ import annotations

import shlex

import pytest
import typer.main

from targets_cli.cli.app import app

COMMANDS = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def help_of(run, *command: str) -> str:
    ran = run(*command, "--help")
    assert ran.code == 0, ran
    return ran.stdout


def examples(text: str) -> list[str]:
    """The lines under 'Example(s):' in a help text."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip() in ("Example:", "Examples:"))
    found = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        found.append(line.strip())
    return found


def test_every_command_is_listed_with_its_purpose_on_one_line(run):
    text = help_of(run)
    listed = text.split("Commands:\n", 1)[1].splitlines()
    purposes = {line.split()[0]: line.split(None, 1)[1] for line in listed if line.strip()}
    assert sorted(purposes) == sorted(COMMANDS)
    for name, purpose in purposes.items():
        assert not purpose.endswith("..."), (name, purpose)  # not cut short


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_purpose_and_an_example(run, command):
    text = help_of(run, command)
    purpose = text.split("\n\n")[1].strip()
    assert "\n" not in purpose and len(purpose) <= 64, purpose
    found = examples(text)
    assert found, text
    assert all(example.startswith("targets ") for example in found)
    assert any(shlex.split(example)[1] == command for example in found)


def test_the_main_help_has_examples(run):
    assert examples(help_of(run))[:2] == [
        "targets list --region 台山",
        "targets sum --metric 超亿元项目",
    ]


def test_the_query_examples_run(run):
    # the examples that only read the bundled data, run as written (up to a redirection)
    for command in ("list", "show", "sum", "compare", "coverage", "progress", "metrics", "regions"):
        for example in examples(help_of(run, command)):
            args = shlex.split(example.split(">")[0])[1:]
            ran = run(*args)
            assert ran.code == 0, (example, ran)
