"""The fast path (cli/fast.py) answers exactly as Typer's commands do, or leaves it to them."""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest
from conftest import REPO

from targets_cli.__main__ import main
from targets_cli.cli import fast as fastpath

# Each runs through both paths; the fast path answers most, leaves the rest to Typer.
MATRIX = [
    ["sum", "--metric", "超亿元项目", "--json"],
    ["sum", "--metric", "超亿元项目"],
    ["sum", "--metric", "超亿元项目", "--format", "jsonl"],
    ["sum", "--metric", "超亿元项目", "--format", "csv", "--bom"],
    ["sum", "--metric", "超亿元项目", "-f", "tsv"],
    ["sum", "--metric", "超亿元项目", "--format", "table"],
    ["sum", "--metric", "超亿元项目", "--format=table", "--lang", "en"],
    ["sum", "-m", "规上工业总产值", "--json", "--lang=en"],
    ["sum", "--metric", "亿元以上项目", "--json"],
    ["sum", "--metric", "超亿元项目", "--region", "台山", "-r", "Kaiping", "--json"],
    ["sum", "--metric", "超亿元项目", "--firmness", "ensure", "--json"],
    ["sum", "--metric", "超亿元项目", "--period", "2024", "--json"],
    ["sum", "--metric", "超亿元项目", "--search", "新引入", "--json"],
    ["sum", "--metric", "超亿元项目", "--category", "investment", "--json", "--no-cache"],
    ["sum", "--metric", "地区生产总值增长", "--json"],  # refused: exit 3
    ["sum", "--metric", "没有这个指标", "--json"],  # unknown: exit 2
    ["sum", "--json"],  # --metric missing
    ["sum", "--metric", "超亿元项目", "--metric", "工业投资"],  # repeated
    ["sum", "--metric", "超亿元项目", "--json", "--format", "csv"],  # conflict
    ["list", "--region", "台山"],
    ["list", "--region", "台山", "--format", "table"],
    ["list", "--region", "臺山", "--json"],
    ["list", "-r", "Taishan", "--lang", "en", "--format", "table"],
    ["list", "--metric", "超亿元项目", "--sort", "value", "--json"],
    ["list", "--metric", "超亿元项目", "--metric", "工业投资", "--format", "csv"],
    ["list", "--org", "市科技局", "--kind", "target", "--format", "jsonl"],
    ["list", "--firmness", "确保", "--sort", "firmness", "--json"],
    ["list", "--period", "2025", "--json"],
    ["list", "--search", "超亿元", "-s", "x"],  # repeated single option
    ["list", "--sort", "nonsense", "--json"],  # exit 2
    ["list", "--region", "Atlantis", "--json"],  # exit 2 with suggestions
    ["list", "--lang", "fr", "--json"],  # exit 2
    ["list", "--format", "JSON"],  # Click's choice, case and all
    ["list", "--region"],  # value missing
    ["list", "--json", "extra"],  # an argument list does not take
    ["list", "-h"],
    ["list", "--data", "no/such/folder", "--json"],  # exit 1
    ["show", "kaiping-projects-100m", "--json"],
    ["show", "kaiping-projects-100m", "--format", "table"],
    ["show", "kaiping-projects-100m", "--lang", "en"],
    ["show", "KAIPING-projects-100m", "--json"],
    ["show", "no-such-id", "--json"],  # exit 2
    ["show", "--json"],  # ID missing
    ["show", "a", "b"],
    ["compare", "--json"],
    ["compare", "台山", "开平", "鹤山", "--json"],
    ["compare", "台山", "开平", "--format", "csv"],
    ["compare", "--metric", "工业投资", "--json"],
    ["compare", "--metric", "超亿元项目", "--format", "table", "--lang", "en"],
    ["compare", "--metric", "地区生产总值增长", "--period", "2024", "-f", "tsv"],
    ["compare", "台山", "--category", "investment", "--format", "jsonl"],
    ["compare", "开封", "--json"],  # unknown region: exit 2
    ["compare", "--metric", "工业投资", "--status", "met", "--json"],
    ["coverage", "--json"],
    ["coverage"],
    ["coverage", "--format", "table", "--lang", "en"],
    ["coverage", "--metric", "超亿元项目", "--json"],  # the city stated no figure
    ["coverage", "--category", "investment", "--format", "csv", "--bom"],
    ["coverage", "--metric", "没有", "--json"],
    ["metrics", "--json"],
    ["metrics"],
    ["metrics", "--lang", "en", "--format", "csv", "--bom"],
    ["metrics", "--format", "table"],
    ["metrics", "--lang", "de"],
    ["regions", "--json"],
    ["regions", "--format", "jsonl", "--lang", "en"],
    ["regions", "--format", "table"],
    ["regions", "extra"],
    ["check"],
    ["check", "--json"],
    ["check", "--format", "table"],
    ["check", "--format", "csv"],
    ["check", "no/such/file.toml"],  # exit 1
    ["check", "data/targets.toml", "--json"],
    ["check", "--data", "no/such/folder", "--json"],
    ["list", "--status", "met", "--json"],
    ["list", "--format", "csv", "--format", "json"],  # repeated: exit 2
    ["list", "--lang", "zh", "--lang", "en"],
    ["list", "-rTaishan", "--json"],
    ["list", "--region=台山", "--format=jsonl"],
    ["list", "--region", "--json"],  # a value that looks like an option is a value
    ["list", "--search", "超亿元", "--", "x"],
    ["scan", "data/sources/jiangmen-2024-pledges.txt", "--format", "json"],
    ["scan", "data/sources/jiangmen-2024-pledges.txt"],
    ["scan", "data/sources/jiangmen-2024-pledges.txt", "--json", "--data", "data/"],
    ["scan", "data/sources/jiangmen-2024-pledges.txt", "-f", "toml", "--data", "data"],
    ["scan", "data/sources/jiangmen-2024-pledges.txt", "--format", "yaml"],  # exit 2
    ["scan", "data/sources/jiangmen-2024-pledges.txt", "--json", "--format", "toml"],
    ["scan", "no/such/text.txt", "--json"],  # exit 1
    ["scan", "data/sources/jiangmen-2024-pledges.txt", "--data", "no/such/folder"],
    ["scan"],  # SOURCE missing
    ["scan", "a.txt", "b.txt"],
    ["schema"],
    ["schema", "extra"],
    ["schema", "--help"],
    ["--version"],
    ["--help"],
    [],
]


def _typer_only(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    real = fastpath.answer
    fastpath.answer = lambda argv: None
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(argv)
    finally:
        fastpath.answer = real
    return code, out.getvalue(), err.getvalue()


def _either(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", MATRIX, ids=lambda argv: " ".join(argv) or "(none)")
def test_both_paths_give_the_same_bytes_and_exit_code(argv, monkeypatch):
    monkeypatch.delenv("TARGETS_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    assert _either(argv) == _typer_only(argv)


READ_ONLY = ("list", "show", "sum", "compare", "coverage", "metrics", "regions", "check")
# Commands that write only their answer, answered by the fast path too.
ANSWER_ONLY = ("scan", "schema")
# The lines of MATRIX whose words are not plain: Click prints their usage message.
LEFT_TO_CLICK = [
    ["sum", "--json"],
    ["list", "--search", "超亿元", "--", "x"],  # after --, x is an argument list does not take
    ["list", "--region"],
    ["list", "--json", "extra"],
    ["list", "-h"],
    ["show", "--json"],
    ["show", "a", "b"],
    ["regions", "extra"],
    ["scan"],
    ["scan", "a.txt", "b.txt"],
    ["schema", "extra"],
    ["schema", "--help"],
    ["--help"],
    [],
]


def test_the_fast_path_answers_every_read_only_command_with_plain_words():
    for argv in MATRIX:
        plain = argv[:1] != ["--version"] and argv not in LEFT_TO_CLICK
        assert (fastpath.parse(argv) is not None) == plain, argv
    for command in (*READ_ONLY, *ANSWER_ONLY):
        assert any(argv[:1] == [command] and fastpath.parse(argv) for argv in MATRIX), command


def test_words_that_are_not_plain_are_left_to_click():
    for left in (["list", "-h"], ["list", "--nope"], ["export", "x", "-f", "csv"], ["serve"], []):
        assert fastpath.parse(left) is None, left


class _Answered:
    """Counts the calls of an answer that raises an error of the user's."""

    def __init__(self, error: Exception):
        self.error, self.calls = error, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        raise self.error


@pytest.mark.parametrize(
    ("argv", "module", "name"),
    [
        (["list", "--json"], "listing", "list_report"),
        (["show", "x", "--json"], "showing", "show_report"),
        (["sum", "--metric", "m", "--json"], "summing", "sum_report"),
        (["compare", "--json"], "comparing", "compare_report"),
        (["coverage", "--json"], "covering", "coverage_report"),
        (["metrics", "--json"], "catalogue", "metrics_report"),
        (["regions", "--json"], "catalogue", "regions_report"),
        (["check", "--json"], "checking", "check_answer"),
    ],
)
def test_an_error_while_answering_is_reported_once_never_answered_again(
    argv, module, name, monkeypatch
):
    from importlib import import_module

    from targets_cli.errors import DataError, Problem

    answered = _Answered(DataError([Problem(REPO / "d.toml", "cannot read: Permission denied")]))
    monkeypatch.setattr(import_module(f"targets_cli.answers.{module}"), name, answered)
    monkeypatch.setitem(sys.modules, "targets_cli.cli.app", None)  # Typer's path cannot run
    code, out, err = _either(argv)
    assert (code, out) == (1, "")
    assert err == f"targets: error: {REPO / 'd.toml'}: cannot read: Permission denied\n"
    assert answered.calls == 1


def test_an_error_from_the_data_is_the_fast_path_s_own(monkeypatch):
    monkeypatch.setitem(sys.modules, "targets_cli.cli.app", None)  # Typer's path cannot run
    monkeypatch.delenv("TARGETS_DATA", raising=False)
    code, out, err = _either(["list", "--region", "Atlantis", "--json"])
    assert (code, out) == (2, "")
    assert err.startswith("targets: error: unknown region 'Atlantis'")


def test_version_is_the_package_s_and_needs_no_typer(monkeypatch):
    from targets_cli import __version__

    monkeypatch.setitem(sys.modules, "targets_cli.cli.app", None)
    assert __version__ == "0.1.0"
    assert _either(["--version"]) == (0, "targets 0.1.0\n", "")


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "targets_cli", *args],
        capture_output=True,
        cwd=REPO,
        env={**_env(), **env},
    )


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "TARGETS_DATA"}


def test_a_reader_that_leaves_early_ends_the_run_quietly_with_141():
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    ran = subprocess.run(
        [sys.executable, "-m", "targets_cli", "list", "--json"],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=_env(),
    )
    reader.stdin.close()
    reader.wait()
    assert ran.returncode in (0, 141)  # 0 when all of it fit in the pipe first
    assert ran.stderr == b""


@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_the_same_message_on_both_paths():
    with open("/dev/full", "w") as full:
        fast = subprocess.run(
            [sys.executable, "-m", "targets_cli", "list", "--json"],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=REPO,
            env=_env(),
        )
        slow = subprocess.run(
            [sys.executable, "-c", _SLOW, "list", "--json"],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=REPO,
            env=_env(),
        )
    assert (fast.returncode, fast.stderr) == (slow.returncode, slow.stderr)
    assert fast.returncode == 4


_SLOW = (
    "import sys\n"
    "from targets_cli.cli import fast as fastpath\n"
    "fastpath.answer = lambda argv: None\n"
    "from targets_cli.__main__ import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
