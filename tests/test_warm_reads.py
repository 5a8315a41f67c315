"""A warm run reads what its answer needs in few steps, whatever the number of files.
Counted (statements, imports), never timed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

from conftest import REPO, run_main

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

FILES = 40


def test_a_warm_list_reads_the_names_of_its_files_in_one_query_not_one_a_file(
    tmp_path, monkeypatch
):
    import targets_cli.data.index as index_module
    from targets_cli.data import store

    folder = tmp_path / "data"
    generate(folder, targets=1000, files=FILES)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "100"}
    # (the corpus was written just now: its files are taken as settled, as they would
    # be a few seconds later, rather than waiting)
    monkeypatch.setattr(store, "now_ns", lambda: time.time_ns() + 10 * store.RACY_NS)
    assert run_main(["list", "--json", "--data", str(folder)], env).code == 0  # built
    statements: list[str] = []
    real_open = index_module.open_database

    def traced(location, use_cache):
        connection, path = real_open(location, use_cache)
        connection.set_trace_callback(statements.append)
        return connection, path

    monkeypatch.setattr(index_module, "open_database", traced)
    ran = run_main(["list", "--json", "--data", str(folder)], env)
    assert ran.code == 0, ran.stderr
    assert len(ran.json()) == 1000  # every target the generator wrote, each once
    assert not any(s.lstrip().startswith("INSERT") for s in statements)  # warm: no build
    by_id = [s for s in statements if re.search(r"FROM _files WHERE id (=|IN)", s)]
    # the catalogue's one file, then the 40 files of the targets at once
    assert len(by_id) <= 2, by_id


def _imported(args: list[str], env: dict[str, str]) -> set[str]:
    ran = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "targets_cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in ran.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_data_without_units_is_read_warm_without_the_toml_parser(tmp_path):
    """A folder made before units were data takes the bundled data's units; a warm run
    reads them without importing tomli (which costs more than the rest of the
    catalogue), and converts with them as before."""
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    data = folder / "targets.toml"
    text = data.read_text(encoding="utf-8")
    without = re.sub(r"^\[\[units\]\]\n(?:(?!\[|#).*\n|\n)*", "", text, flags=re.MULTILINE)
    assert "[[units]]" in text and "[[units]]" not in without
    data.write_text(without, encoding="utf-8")
    os.utime(data, (time.time() - 60, time.time() - 60))  # settled: trusted by its stamp
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_DATA"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    args = ["sum", "--metric", "超亿元项目", "--json", "--data", str(folder)]
    _imported(args, env)  # the index, built
    assert "tomli" not in _imported(args, env)
    ran = run_main(args, {"XDG_CACHE_HOME": str(tmp_path / "cache")})
    # 台山 争取引进超亿元项目60个; 开平 新引入超亿元项目52个以上; 江海 引进亿元以上项目超50个
    assert (ran.json()["total"], ran.json()["unit"]) == (162, "个")


def test_a_warm_run_converts_with_the_bundled_units(tmp_path):
    """Without [[units]] of its own, 5.7 万人 adds to people as the bundled units say:
    the same conversions whichever way the bundled units were read."""
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    data = folder / "targets.toml"
    text = data.read_text(encoding="utf-8")
    data.write_text(
        re.sub(r"^\[\[units\]\]\n(?:(?!\[|#).*\n|\n)*", "", text, flags=re.MULTILINE),
        encoding="utf-8",
    )
    from targets_cli.rules import units

    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run_main(["metrics", "--json", "--data", str(folder)], env).code == 0
    factors = {symbol: unit.factor for symbol, unit in units.UNITS.items()}
    # data/targets.toml: 万元 is 10_000 元, 亿元 100_000_000 元, 万人 10_000 人
    assert (factors["万元"], factors["亿元"], factors["万人"]) == (10_000, 100_000_000, 10_000)
    assert type(factors["亿元"]) is int
