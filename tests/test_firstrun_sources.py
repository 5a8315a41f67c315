"""A source's text is read only from inside the data folder, however its path is
spelt: a link to a file or a folder outside is refused, a link or a `..` that stays
inside is followed. (A build resolves each folder once a run and each file by one
lstat; these are the cases where that must agree with resolving the whole path.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HAIXIN_CATALOGUE, write_tree

TEXT = "海新区工作报告\n\n争取今年固定资产投资不少于120亿元。\n"


def document(file: str) -> str:
    """One source at `file` and one target quoting it: 120 亿元 in 2015."""
    return (
        'format = 1\n\n[[sources]]\nid = "hx"\n'
        f'file = "{file}"\ntitle = "海新区工作报告"\nyear = 2015\n\n'
        '[[targets]]\nid = "hx-1"\norg = "海新区"\nmetric = "固定资产投资"\nvalue = 120\n'
        'unit = "亿元"\ncomparator = ">="\nwording = "不少于"\nfirmness = "争取"\n'
        'period = "2015"\nsource = "hx"\nquote = "固定资产投资不少于120亿元"\n'
    )


@pytest.fixture
def places(monkeypatch, tmp_path: Path) -> tuple[Path, Path]:
    """(the data folder, a folder beside it, outside) with the text in each."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    write_tree(data, {"catalogue.toml": HAIXIN_CATALOGUE, "texts/hx.txt": TEXT})
    write_tree(elsewhere, {"hx.txt": TEXT})
    return data, elsewhere


def outside_message(data: Path, file: Path) -> str:
    # the line of the source's file key (line 5) and the path as the data folder joins it
    return (
        f"{data / 'docs' / 'hx.toml'}:5: [hx] source file '{file}' lies outside the data "
        f"folder {data}; keep source texts beside the data"
    )


def test_a_link_to_a_text_outside_is_refused(run, places):
    data, elsewhere = places
    (data / "docs").mkdir()
    (data / "docs" / "hx.txt").symlink_to(elsewhere / "hx.txt")
    write_tree(data, {"docs/hx.toml": document("hx.txt")})
    ran = run("check", "--data", str(data))
    assert ran.code == 1
    assert outside_message(data, data / "docs" / "hx.txt") in ran.stderr.splitlines()


def test_a_link_to_a_folder_outside_is_refused(run, places):
    data, elsewhere = places
    (data / "docs").mkdir()
    (data / "docs" / "far").symlink_to(elsewhere)
    write_tree(data, {"docs/hx.toml": document("far/hx.txt")})
    ran = run("check", "--data", str(data))
    assert ran.code == 1
    assert outside_message(data, data / "docs" / "far" / "hx.txt") in ran.stderr.splitlines()


def test_a_dotdot_out_of_the_data_folder_is_refused(run, places):
    data, _elsewhere = places
    write_tree(data, {"docs/hx.toml": document("../../elsewhere/hx.txt")})
    ran = run("check", "--data", str(data))
    assert ran.code == 1
    file = data / "docs" / ".." / ".." / "elsewhere" / "hx.txt"
    assert outside_message(data, file) in ran.stderr.splitlines()


@pytest.mark.parametrize("spelt", ["link", "dotdot", "folder link"])
def test_a_path_that_stays_inside_is_read(run, places, spelt):
    data, _elsewhere = places
    (data / "docs").mkdir()
    if spelt == "link":
        (data / "docs" / "hx.txt").symlink_to(data / "texts" / "hx.txt")
        file = "hx.txt"
    elif spelt == "folder link":
        (data / "docs" / "near").symlink_to(data / "texts")
        file = "near/hx.txt"
    else:
        file = "../texts/hx.txt"
    write_tree(data, {"docs/hx.toml": document(file)})
    ran = run("check", "--data", str(data))
    assert ran.code == 0, ran.stderr
    # and the quote's figure is there: 120 亿元 of 海新区 in 2015
    summed = run("sum", "--metric", "固定资产投资", "--json", "--data", str(data))
    assert summed.code == 0
    assert '"value": 120' in summed.stdout
