"""The command table (cli/spec.py) is the one place options are declared.

Typer's commands, the fast path and completion are all made from it: these tests hold
the table equal to what Typer declares, show that an option taken out of the table is
gone from every path, and that the table's reading of words is Click's.
"""

from __future__ import annotations

import pytest
import typer.main
from conftest import run_main

from targets_cli.cli import app as app_module
from targets_cli.cli import completion_fast, fast, running, spec
from targets_cli.errors import UsageError

GROUP = typer.main.get_command(app_module.app)
# Typer adds these to the app; they are not options of the tool's own.
TYPER_OWN = {"install_completion", "show_completion", "help"}


def _params(command):
    return {param.name: param for param in command.params if param.name not in TYPER_OWN}


def test_the_app_has_exactly_the_commands_of_the_table_in_its_order():
    assert list(GROUP.commands) == list(spec.COMMANDS)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(spec.COMMANDS))
def test_each_command_declares_exactly_the_options_of_the_table(name):
    row = spec.COMMANDS[name]
    declared = _params(GROUP.commands[name])  # type: ignore[attr-defined]
    keys = [a.key for a in row.arguments] + [o.key for o in row.options]
    assert list(declared) == keys  # the same parameters, in the table's order
    for option in row.options:
        param = declared[option.key]
        assert param.param_type_name == "option", option
        assert param.opts == list(option.names), option
        assert param.secondary_opts == ([option.negative] if option.negative else []), option
        assert param.is_flag == (option.takes == spec.FLAG), option
        assert param.multiple == (option.takes == spec.MANY), option
        assert param.required == option.required, option
        if not option.required:
            assert param.default == option.default, option
        assert param.help == option.help, option
        if option.metavar:
            assert param.metavar == option.metavar, option
    for argument in row.arguments:
        param = declared[argument.key]
        assert param.param_type_name == "argument", argument
        assert param.nargs == (-1 if argument.takes == spec.MANY else 1), argument
        assert param.required == argument.required, argument


def test_the_app_options_are_the_table_s():
    declared = _params(GROUP)
    assert list(declared) == [option.key for option in spec.APP_OPTIONS]
    assert declared["version"].opts == ["--version"] and declared["version"].is_flag


def test_every_command_has_what_runs_it_and_nothing_else_does():
    assert set(running.HANDLERS) == set(spec.COMMANDS)


def test_the_read_only_commands_are_the_fast_ones():
    fast_ones = {name for name, row in spec.COMMANDS.items() if row.fast}
    read_only = {"list", "show", "sum", "compare", "coverage", "metrics", "regions", "check"}
    assert read_only <= fast_ones <= read_only | {"progress", "cascade"}
    for writer in ("export", "serve", "scan", "schema"):
        assert not spec.COMMANDS[writer].fast


def test_status_is_on_list_compare_and_progress():
    for name in ("list", "compare", "progress"):
        option = spec.COMMANDS[name].option("--status")
        assert option is not None and option.takes == spec.MANY
        assert option.complete == ("met", "missed", "unclear", "not-comparable", "unknown")


# ---- an option taken out of the table is gone everywhere ----------------------------

ORG_LINE = ["sum", "--metric", "超亿元项目", "--org", "台山", "--json"]


@pytest.fixture
def without_org(monkeypatch):
    """The table with --org taken out of `sum`, and the app made from that table."""
    monkeypatch.setitem(spec.COMMANDS, "sum", spec.COMMANDS["sum"].without("--org"))
    monkeypatch.setattr(app_module, "app", app_module.build(spec.COMMANDS))


def test_with_the_option_in_the_table_every_path_takes_it(run):
    assert fast.parse(ORG_LINE) is not None
    ran = run(*ORG_LINE)
    assert ran.code == 0, ran


def test_an_option_out_of_the_table_is_out_of_the_fast_path(without_org):
    assert fast.parse(ORG_LINE) is None  # not answered: left to Click's usage message


def test_an_option_out_of_the_table_is_out_of_typer(without_org, monkeypatch):
    monkeypatch.delenv("TARGETS_DATA", raising=False)
    ran = run_main(ORG_LINE)
    assert ran.code == 2
    assert "No such option: --org" in ran.stderr
    assert ran.stdout == ""


def test_an_option_out_of_the_table_is_out_of_completion(without_org, monkeypatch):
    monkeypatch.setenv("_TARGETS_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "targets sum --org 台")
    monkeypatch.setenv("COMP_CWORD", "3")
    assert completion_fast.complete([]) is None  # an unknown option: Typer's to answer


def test_completion_takes_the_option_from_the_table(monkeypatch, capsys):
    monkeypatch.delenv("TARGETS_DATA", raising=False)
    monkeypatch.setenv("_TARGETS_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "targets sum --org 市科")
    monkeypatch.setenv("COMP_CWORD", "3")
    assert completion_fast.complete([]) == 0
    assert capsys.readouterr().out.split() == ["市科技局"]


# ---- the table reads words as Click does --------------------------------------------

LINES = [
    ("list", ["--region", "台山", "-r", "Kaiping", "--json"]),
    ("list", ["--region=台山", "--lang=en", "-fjson"]),
    ("list", ["-rTaishan", "--sort", "value"]),
    ("list", ["-r=台山"]),  # Click reads the value of -r as "=台山"
    ("list", ["--search", "--json"]),  # a value that looks like an option is a value
    ("list", ["--region", ""]),
    ("list", ["--status", "met", "--status", "missed", "--kind", "target"]),
    ("sum", ["-m", "超亿元项目", "--period", "2024", "--firmness", "ensure", "--bom"]),
    ("show", ["kaiping-projects-100m", "--format", "table"]),
    ("show", ["--", "-weird-id"]),
    ("compare", ["台山", "--metric", "工业投资", "开平", "--no-cache"]),
    ("compare", []),
    ("coverage", ["--category", "investment", "-m", "工业投资"]),
    ("check", ["data/targets.toml", "--json"]),
    ("check", []),
    ("metrics", ["--lang", "en", "--format", "csv", "--bom"]),
    ("export", ["out.db", "-f", "sqlite", "--no-bom", "--force"]),
    ("export", ["out", "--format=csv", "--bom"]),
    ("serve", ["--port", "8002", "--host", "0.0.0.0"]),
    ("scan", ["a.txt", "--json", "--data", "d"]),
    ("schema", []),
]


def _plain(name: str, values: dict) -> dict:
    """Values as the commands use them: tuples for many, text for paths, numbers."""
    row = spec.COMMANDS[name]
    plain = dict(values)
    for item in (*row.options, *row.arguments):
        value = plain[item.key]
        if item.takes == spec.MANY:
            value = tuple(value or ())
        elif value is not None and item.kind == spec.PATH:
            value = str(value)
        elif value is not None and item.kind == spec.NUMBER:
            value = int(value)
        plain[item.key] = value
    return plain


def _clicks(name: str, words: list[str]) -> dict:
    """The values Click parses from a command's words."""
    command = GROUP.commands[name]  # type: ignore[attr-defined]
    with command.make_context(name, list(words)) as ctx:
        return _plain(name, ctx.params)


@pytest.mark.parametrize(("name", "words"), LINES, ids=lambda x: " ".join(x) if x else "-")
def test_the_table_reads_words_as_click_does(name, words):
    read = spec.read(spec.COMMANDS[name], words)
    assert read.problem is None, read.problem
    assert _plain(name, read.values()) == _clicks(name, words)


NOT_PLAIN = [
    ("list", ["--nope"]),
    ("list", ["-x"]),
    ("list", ["--region"]),
    ("list", ["--json=1"]),
    ("list", ["extra"]),
    ("list", ["-h"]),
    ("list", ["--region", "台山", "--help"]),
    ("sum", ["--json"]),  # --metric is required
    ("show", []),
    ("show", ["a", "b"]),
    ("export", ["--format", "csv"]),  # OUT missing
    ("schema", ["x"]),
]


@pytest.mark.parametrize(("name", "words"), NOT_PLAIN, ids=lambda x: " ".join(x) if x else "-")
def test_words_the_table_calls_not_plain_click_refuses_too(name, words):
    assert spec.read(spec.COMMANDS[name], words).problem is not None
    command = GROUP.commands[name]  # type: ignore[attr-defined]
    with pytest.raises(Exception) as refused:  # a usage error, or the exit after help
        command.make_context(name, list(words))
    refusals = ("NoSuchOption", "BadOptionUsage", "UsageError", "MissingParameter", "Exit")
    assert type(refused.value).__name__ in refusals


def test_a_single_value_option_given_twice_names_both_values():
    read = spec.read(spec.COMMANDS["sum"], ["-m", "超亿元项目", "--metric", "工业投资"])
    told = "--metric takes one value, but is given twice: '超亿元项目' and '工业投资'"
    with pytest.raises(UsageError) as refused:
        read.refuse_repeats()
    assert str(refused.value) == told
