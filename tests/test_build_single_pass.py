"""The first build of the index: one pass over the files, each read once, parsed and let
go before the next is read; each source text read once; answers that do not depend on
the order in which the files are listed (a catalogue after the targets, two files
edited at once)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import HAIXIN_CATALOGUE, write_tree


def document(name: str, value: int, *, source_file: str | None = None) -> str:
    """A data file with its source and one target of 海新区 quoting `value` 亿元."""
    source = (
        f'[[sources]]\nid = "{name}"\nfile = "{source_file or name + ".txt"}"\n'
        f'title = "海新区工作报告"\nyear = 2015\n\n'
    )
    return (
        f"format = 1\n\n{source}[[targets]]\n"
        f'id = "{name}-1"\norg = "海新区"\nmetric = "固定资产投资"\nvalue = {value}\n'
        f'unit = "亿元"\ncomparator = ">="\nwording = "不少于"\nfirmness = "争取"\n'
        f'period = "2015"\nsource = "{name}"\nquote = "固定资产投资不少于{value}亿元"\n'
    )


def text(value: int) -> str:
    return f"海新区工作报告\n\n争取今年固定资产投资不少于{value}亿元。\n"


def make(folder: Path, files: dict[str, str]) -> Path:
    return write_tree(folder, files)


def age(folder: Path, when: int) -> None:
    """Times well in the past: an unchanged file is then known by its stamp."""
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (when, when))


# More documents than the build keeps texts of at once (TextReads.KEEP is 32).
DOCUMENTS = 40


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Forty documents of 1 to 40 亿元 (sum 820), the catalogue listed first."""
    files = {"catalogue.toml": HAIXIN_CATALOGUE}
    for n in range(1, DOCUMENTS + 1):
        files[f"docs/d{n:02}.toml"] = document(f"d{n:02}", n)
        files[f"docs/d{n:02}.txt"] = text(n)
    return make(tmp_path / "data", files)


def total(ran) -> float:
    return ran.json()["total"]


def test_a_first_build_reads_each_file_once_and_parses_it_before_reading_the_next(
    run, corpus, monkeypatch
):
    from targets_cli.data import loading

    events: list[tuple[str, str]] = []
    read_bytes, parse_file = loading.read_bytes, loading.parse_file

    def reading(path, *args, **kwargs):
        events.append(("read", Path(path).name))
        return read_bytes(path, *args, **kwargs)

    def parsing(path, raw=None):
        events.append(("parse", Path(path).name))
        return parse_file(path, raw)

    monkeypatch.setattr(loading, "read_bytes", reading)
    monkeypatch.setattr(loading, "parse_file", parsing)
    ran = run("sum", "--metric", "固定资产投资", "--json", "--data", str(corpus))
    assert (ran.code, ran.stderr) == (0, "")
    assert total(ran) == 820  # 1 + 2 + ... + 40, as the forty quotes say
    mine = [(what, name) for what, name in events if name != "targets.toml"]
    # each data file read once, then parsed before the next is read: one file's bytes
    # held at a time, however many files there are
    tomls = [event for event in mine if event[1].endswith(".toml")]
    names = ["catalogue.toml", *(f"d{n:02}.toml" for n in range(1, DOCUMENTS + 1))]
    assert tomls == [(what, name) for name in names for what in ("read", "parse")]
    # each source text read once: checked, settled and stamped from that one read
    texts = sorted(name for what, name in mine if name.endswith(".txt"))
    assert texts == [f"d{n:02}.txt" for n in range(1, DOCUMENTS + 1)]


def test_a_catalogue_listed_after_the_targets_gives_the_same_answers(run, tmp_path):
    folder = make(
        tmp_path / "data",
        {
            "a.toml": document("a", 120),
            "a.txt": text(120),
            "b.toml": document("b", 30),
            "b.txt": text(30),
            "z-catalogue.toml": HAIXIN_CATALOGUE,
        },
    )
    checked = run("check", "--data", str(folder))
    assert (checked.code, checked.stderr) == (0, "")
    assert checked.stdout.startswith(f"ok: 2 targets, 2 orgs, 1 metric, 2 sources in {folder}/")
    ran = run("sum", "--metric", "固定资产投资", "--json", "--data", str(folder))
    assert (ran.code, ran.stderr) == (0, "")
    assert total(ran) == 150  # 120 + 30
    listed = run("list", "--region", "海新", "--json", "--data", str(folder))
    assert sorted(row["id"] for row in listed.json()) == ["a-1", "b-1"]


def test_two_files_edited_at_once_check_a_target_against_its_source_as_edited(run, tmp_path):
    """a.toml's target quotes a source of b.toml; b.toml, listed after it, now points
    that source at the text that holds the quote: the target is checked against the
    source as edited, not as it was before the edit."""
    target_only = document("b", 120).split("[[targets]]", 1)[1]
    folder = make(
        tmp_path / "data",
        {
            "a.toml": "format = 1\n\n[[targets]]" + target_only.replace('"b-1"', '"a-1"'),
            "b.toml": document("b", 5, source_file="old.txt").split("[[targets]]")[0]
            + "[[targets]]"
            + document("b", 5).split("[[targets]]")[1],
            "old.txt": text(5),
            "new.txt": text(5) + "争取明年固定资产投资不少于120亿元。\n",
            "catalogue.toml": HAIXIN_CATALOGUE,
        },
    )
    before = run("list", "--json", "--data", str(folder))
    assert before.code == 1
    assert "quote not found verbatim in source 'b'" in before.stderr
    a, b = folder / "a.toml", folder / "b.toml"
    a.write_text(a.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    b.write_text(b.read_text(encoding="utf-8").replace("old.txt", "new.txt"), encoding="utf-8")
    age(folder, 1_600_000_100)
    after = run("list", "--json", "--data", str(folder))
    assert (after.code, after.stderr) == (0, "")
    assert sorted(row["id"] for row in after.json()) == ["a-1", "b-1"]
    fresh = run("list", "--json", "--data", str(folder), "--no-cache")
    assert (fresh.code, fresh.stdout) == (after.code, after.stdout)


def test_a_catalogue_edited_in_data_with_no_targets_yet_replaces_its_rows(run, tmp_path):
    """An index that holds no target row yet (a catalogue written first) is not a first
    build: the edited file's old rows are forgotten, not kept beside the new ones."""
    folder = make(tmp_path / "data", {"catalogue.toml": HAIXIN_CATALOGUE})
    first = run("regions", "--json", "--data", str(folder))
    assert first.code == 0
    catalogue = folder / "catalogue.toml"
    catalogue.write_text(
        HAIXIN_CATALOGUE.replace('"Haixin"', '"Haixin District"'), encoding="utf-8"
    )
    age(folder, 1_600_000_100)
    after = run("regions", "--json", "--data", str(folder))
    assert (after.code, after.stderr) == (0, first.stderr)
    # each org once, 海新区 as edited (the catalogue's two orgs, nothing kept from before)
    assert [(row["org"], row["name_en"]) for row in after.json()] == [
        ("嘉川市", "Jiachuan"),
        ("海新区", "Haixin District"),
    ]
    fresh = run("regions", "--json", "--data", str(folder), "--no-cache")
    assert (fresh.code, fresh.stdout, fresh.stderr) == (after.code, after.stdout, after.stderr)
