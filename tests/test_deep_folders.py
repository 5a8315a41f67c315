"""Messages do not depend on how deep the data folder lies: under pytest-xdist the
temporary folders are longer, and a path cut at 80 characters changed the message."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, run_main

SOURCE = "sources/jiangmen-2024-pledges.txt"


def test_a_source_outside_a_deep_data_folder_is_named_whole(tmp_path: Path) -> None:
    deep = tmp_path / ("folder-" * 20) / "data"  # 140 characters deeper than tmp_path
    shutil.copytree(REPO / "data", deep)
    toml = deep / "targets.toml"
    text = toml.read_text(encoding="utf-8")
    assert text.count(f'file = "{SOURCE}"') == 1
    toml.write_text(text.replace(f'file = "{SOURCE}"', 'file = "../secret.txt"'), "utf-8")

    ran = run_main(["check", "--data", str(deep)], env={"TARGETS_NO_CACHE": "1"})

    assert ran.code == 1
    whole = str(deep / "../secret.txt")
    assert f"source file '{whole}' lies outside the data folder {deep};" in ran.stderr
