"""A first build checks each entry's fields with one test of the whole entry, and works
out a message only for an entry that test refuses: clean data explains nothing, and a
damaged entry gets its message from the same rules. Counts, not timings."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HAIXIN_CATALOGUE, write_tree

DOCUMENTS = 30


def document(n: int, extra: str = "") -> str:
    """A source and one target of 海新区: n 亿元 in 2015, with `extra` lines added to it."""
    return (
        f'format = 1\n\n[[sources]]\nid = "d{n:02}"\nfile = "d{n:02}.txt"\n'
        'title = "海新区工作报告"\nyear = 2015\n\n'
        f'[[targets]]\nid = "d{n:02}-1"\norg = "海新区"\nmetric = "固定资产投资"\n'
        f'value = {n}\nunit = "亿元"\ncomparator = ">="\nwording = "不少于"\n'
        f'period = "2015"\nsource = "d{n:02}"\nquote = "固定资产投资不少于{n}亿元"\n{extra}'
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    files = {"catalogue.toml": HAIXIN_CATALOGUE}
    for n in range(1, DOCUMENTS + 1):
        files[f"docs/d{n:02}.toml"] = document(n)
        files[f"docs/d{n:02}.txt"] = f"海新区工作报告\n\n今年固定资产投资不少于{n}亿元。\n"
    return write_tree(folder, files)


@pytest.fixture
def explained(monkeypatch, tmp_path):
    """The entries of the data files whose field problems were worked out (field_problems
    called). (The bundled units, read apart by data.store through field_problems, are
    left out: their count is the same whatever the data.)"""
    from targets_cli.data import loading

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    entries: list[dict] = []
    problems = loading.field_problems

    def counted(raw, fields):
        if fields is not loading.TABLES["units"]:
            entries.append(raw)
        return problems(raw, fields)

    monkeypatch.setattr(loading, "field_problems", counted)
    return entries


def test_clean_data_explains_no_entry(run, corpus, explained):
    ran = run(
        "sum", "--metric", "固定资产投资", "--period", "2015", "--json", "--data", str(corpus)
    )
    assert (ran.code, ran.stderr) == (0, "")
    assert ran.json()["total"] == 465  # 1 + 2 + ... + 30 亿元, as the thirty quotes say
    # 2 orgs, 1 metric, 30 sources and 30 targets, each passed by the test of its
    # whole entry: none is taken field by field to find a message
    assert explained == []


def test_only_the_damaged_entries_are_explained(run, corpus, explained):
    docs = corpus / "docs"
    (docs / "d03.toml").write_text(document(3, 'firmness = "確保"\n'), encoding="utf-8")
    (docs / "d05.toml").write_text(document(5, "valeu = 5\n"), encoding="utf-8")
    ran = run("check", "--data", str(corpus))
    assert ran.code == 1
    # 確保 is 确保 in traditional script; valeu is one letter from value (line 20 of
    # d0N.toml, after the quote, where the extra field was written; the target's id)
    assert (
        f"{docs / 'd03.toml'}:20: [d03-1] 'firmness' is '確保', in traditional script; "
        "write '确保': these fields take the simplified word"
    ) in ran.stderr
    assert (
        f"{docs / 'd05.toml'}:20: [d05-1] unknown field 'valeu'; did you mean 'value'?"
        in ran.stderr
    )
    assert sorted(entry["id"] for entry in explained) == ["d03-1", "d05-1"]
