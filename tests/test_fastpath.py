"""The fast path (fastpath.py) answers exactly as Typer's commands do, or leaves it to them."""

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
    ["list", "--region", "--json"],  # a value that looks like an option
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
    ["coverage", "--json"],  # not answered here: Typer's
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


def test_the_fast_path_answers_the_usual_queries_and_only_those():
    answered = [argv for argv in MATRIX if fastpath.parse(argv) is not None]
    assert ["sum", "--metric", "超亿元项目", "--json"] in answered
    assert ["list", "--region", "台山", "--format", "table"] in answered
    assert ["show", "kaiping-projects-100m", "--json"] in answered
    for left in (["list", "-h"], ["coverage", "--json"], ["list", "--region", "--json"], []):
        assert fastpath.parse(left) is None


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
