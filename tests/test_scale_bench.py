"""Every command has a case in the benchmark, and none costs ten times the others: the
benchmark in CI's small mode (2,000 targets in 20 files), three warm rounds, each
command's median CPU time (user + system, what a shared machine disturbs least) set
against the median of the other commands'. A command that came to build every record
again would stand out; the bound is generous so that a loaded machine does not.

Left out of the comparison, by design: the first run (it builds the index) and `check`
of the corpus (it reads and checks every file again, trusting nothing of the index).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
COMMANDS = (
    "list",
    "show",
    "sum",
    "compare",
    "coverage",
    "progress",
    "metrics",
    "regions",
    "check",
    "scan",
    "schema",
    "export",
)
READS_EVERYTHING = ("first run", "reads every file again")


def test_no_command_costs_ten_times_the_median_of_the_others(tmp_path: Path) -> None:
    out = tmp_path / "medians.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            *("--targets", "2000", "--files", "20"),
            *("--runs", "3", "--startup-runs", "3", "--first-runs", "1"),
            "--no-budgets",
            *("--corpus", str(tmp_path / "corpus"), "--json-out", str(out)),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    measured = json.loads(out.read_text(encoding="utf-8"))
    cases = {
        m["case"]: m["cpu"]
        for m in measured
        if m["case"].removeprefix("warm ").startswith("`targets ")
        and not any(words in m["case"] for words in READS_EVERYTHING)
    }
    # every command the tool has, but serve (a server, not an answer) and export (its
    # run writes the baselines' database, untimed), has a case
    named = {name.split("`targets ", 1)[1].split()[0].rstrip("`") for name in cases}
    assert named >= set(COMMANDS) - {"export"}, named
    assert all(m["runs"] >= 3 for m in measured if m["case"] in cases)
    for name, cpu in cases.items():
        others = statistics.median(v for n, v in cases.items() if n != name)
        assert cpu <= 10 * others, f"{name}: {cpu:.3f} s CPU, the others' median {others:.3f} s"
