"""A warm answer of a read-only command never imports pathlib.

File names are plain str in the records and the data layer (os.path where a Path method
was used): `import pathlib` alone (it brings urllib.parse, ipaddress, ntpath, fnmatch)
was a tenth of a warm `sum --json` on the bundled data, and a Path made for each
target's file was 35 ms of a warm `sum` at a million targets.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO

# main() as the installed `targets` script calls it; then whether pathlib was imported.
_SCRIPT = """
import sys
from targets_cli.__main__ import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("pathlib imported:", "pathlib" in sys.modules, file=sys.stderr)
sys.exit(code)
"""

COMMANDS = [
    ["sum", "--metric", "超亿元项目", "--json"],
    ["sum", "--metric", "超亿元项目"],
    ["list", "--region", "台山", "--json"],
    ["list", "--metric", "超亿元项目", "--format", "jsonl"],
    ["list", "--region", "台山"],
    ["show", "kaiping-projects-100m", "--json"],
    ["compare", "--metric", "工业投资", "--json"],
    ["compare", "台山", "开平", "--json"],
    ["coverage", "--json"],
    ["progress", "--json"],
    ["progress", "--region", "台山", "--json"],
    ["metrics", "--json"],
    ["regions", "--json"],
    ["check", "--json"],
    ["check"],
]


def _run(args: list[str], cache: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TARGETS_DATA", "TARGETS_NO_CACHE")}
    env["XDG_CACHE_HOME"] = cache
    return subprocess.run(
        [sys.executable, "-c", _SCRIPT, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_warm_answer_imports_no_pathlib(args, tmp_path):
    cache = str(tmp_path / "cache")
    first = _run(args, cache)  # the first run builds the index (that may use pathlib)
    assert first.returncode == 0, first.stderr[-2000:]
    warm = _run(args, cache)
    assert warm.returncode == 0, warm.stderr[-2000:]
    assert warm.stdout == first.stdout  # (the same answer, from the index)
    assert "pathlib imported: False" in warm.stderr.splitlines(), warm.stderr[-2000:]
