"""A data file or source text is read whole however its size was reported: a build
reads as many bytes as the file's size says (a read sized to the limit allocates the
limit for each file) and reads on when there are more, as there are for a file that
grew after its size was taken, or one that reports none (as /proc's files do)."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import HAIXIN_CATALOGUE, write_tree

DOCUMENT = """\
format = 1

[[sources]]
id = "hx"
file = "hx.txt"
title = "海新区工作报告"
year = 2015

[[targets]]
id = "hx-1"
org = "海新区"
metric = "固定资产投资"
value = 120
unit = "亿元"
comparator = ">="
wording = "不少于"
firmness = "争取"
period = "2015"
source = "hx"
quote = "固定资产投资不少于120亿元"
"""

TEXT = "海新区工作报告\n\n争取今年固定资产投资不少于120亿元。\n"


@pytest.mark.parametrize("reported", [0, 10])
def test_a_file_larger_than_its_reported_size_is_read_whole(
    run, monkeypatch, tmp_path: Path, reported: int
):
    from targets_cli.data import paths

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = write_tree(
        tmp_path / "data",
        {"catalogue.toml": HAIXIN_CATALOGUE, "docs/hx.toml": DOCUMENT, "docs/hx.txt": TEXT},
    )
    real = os.fstat

    def fstat(descriptor: int) -> os.stat_result:
        found = real(descriptor)
        values = list(found)
        values[6] = min(found.st_size, reported)  # st_size: fewer bytes than are there
        return os.stat_result(values)

    # (the os of paths.py, which reads the files, alone: the rest of the run sees every
    # file as it is)
    monkeypatch.setattr(paths, "os", SimpleNamespace(**{**vars(os), "fstat": fstat}))
    ran = run("sum", "--metric", "固定资产投资", "--period", "2015", "--json", "--data", str(data))
    assert ran.code == 0, ran.stderr
    # the quote is found in the text, and the figure is the data's: 120 亿元 in 2015
    assert '"total": 120,' in ran.stdout
    assert '"id": "hx-1"' in ran.stdout
