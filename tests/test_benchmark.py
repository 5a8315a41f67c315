"""The benchmark script runs end to end on a tiny corpus, and tells wrong answers apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import run as bench  # noqa: E402


def test_a_tiny_run_prints_every_budget_row(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--targets",
            "200",
            "--files",
            "4",
            "--runs",
            "1",
            "--startup-runs",
            "1",
            "--no-budgets",
            "--corpus",
            str(tmp_path / "corpus"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    # the header and the 28 rows: 11 commands (JSON) and a table on the bundled data,
    # the first run and its floor, 9 warm queries (scan of a corpus text among them),
    # check --full (every file read again), check from the index, the edit, check after
    # the edit and the memory
    assert len(rows) == 1 + 28, done.stdout
    (scan,) = [row for row in rows if row.startswith("| warm `targets scan TEXT")]
    assert "the text's source's quotes and dismissals" in scan and scan.endswith("|  |  |")
    (floor,) = [row for row in rows if "inserted unchecked into the index's tables" in row]
    assert floor.startswith("| bare tomli, every file, ") and floor.endswith("|  |  |"), floor
    assert "SQLite" in done.stdout and "200 targets in 5 files" in done.stdout
    edit, check_edit = [row for row in rows if "edited" in row]
    assert "| 1 of 5 " in edit and edit.endswith("| pass |"), edit
    assert "`check --json`" in check_edit, check_edit
    assert "| 1 of 5 " in check_edit and check_edit.endswith("| pass |"), check_edit


@pytest.mark.parametrize(
    ("code", "stdout", "stderr", "wrong"),
    [
        (0, b"[1]", b"", False),
        (0, b"not json", b"", True),
        (0, b"[]", b"", True),  # an empty answer
        (1, b"[1]", b"", True),  # exit 1 from a command that is not check
        (0, b"[1]", b"Traceback (most recent call last):\n", True),
    ],
)
def test_a_wrong_answer_is_told_apart(code: int, stdout: bytes, stderr: bytes, wrong: bool) -> None:
    judge = bench.Wrong()
    case = bench.Case("`targets sum`", [], {}, json=True)
    judge.judge(case, bench.Ran(0.1, 0.1, code, stdout, stderr))
    assert bool(judge.found) is wrong, judge.found


def test_check_may_report_problems_but_not_crash() -> None:
    judge = bench.Wrong()
    check = bench.Case("`targets check --json`", [], {}, codes=(0, 1), json=True, empty=True)
    judge.judge(check, bench.Ran(0.1, 0.1, 1, b"[]", b""))
    assert not judge.found
    judge.judge(check, bench.Ran(0.1, 0.1, 3, b"[]", b""))
    assert judge.found
