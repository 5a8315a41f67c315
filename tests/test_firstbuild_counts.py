"""A first build does each piece of a target's work once: the sentence around its quote
is found once (its check and its settled column share it), and a source's text is looked
up once for a run of targets that cite it, not once per target. Counts, not timings: a
change that does this work twice per target fails here on any machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HAIXIN_CATALOGUE, write_tree

DOCUMENTS = 40


def document(n: int, quote: str | None = None) -> str:
    """A source and two targets of 海新区: n 亿元 in 2015 (争取, firm), n + 100 亿元 in
    2016 (no firmness word)."""
    return (
        f'format = 1\n\n[[sources]]\nid = "d{n:02}"\nfile = "d{n:02}.txt"\n'
        'title = "海新区工作报告"\nyear = 2015\n\n'
        f'[[targets]]\nid = "d{n:02}-1"\norg = "海新区"\nmetric = "固定资产投资"\n'
        f'value = {n}\nunit = "亿元"\ncomparator = ">="\nwording = "不少于"\n'
        f'firmness = "争取"\nperiod = "2015"\nsource = "d{n:02}"\n'
        f'quote = "{quote or f"固定资产投资不少于{n}亿元"}"\n\n'
        f'[[targets]]\nid = "d{n:02}-2"\norg = "海新区"\nmetric = "固定资产投资"\n'
        f'value = {n + 100}\nunit = "亿元"\ncomparator = "="\nwording = "达到"\n'
        f'period = "2016"\nsource = "d{n:02}"\nquote = "明年固定资产投资达到{n + 100}亿元"\n'
    )


def text(n: int) -> str:
    return (
        f"海新区工作报告\n\n争取今年固定资产投资不少于{n}亿元。"
        f"明年固定资产投资达到{n + 100}亿元。\n"
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    files = {"catalogue.toml": HAIXIN_CATALOGUE}
    for n in range(1, DOCUMENTS + 1):
        files[f"docs/d{n:02}.toml"] = document(n)
        files[f"docs/d{n:02}.txt"] = text(n)
    write_tree(folder, files)
    return folder


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """How often a first build finds a quote's sentence, and reads a source's text."""
    from targets_cli.data import checking, cross

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # (a sentence found by an earlier test in this process must not be counted out)
    clear = getattr(getattr(checking, "quote_place", None), "cache_clear", None)
    if clear is not None:
        clear()
    calls = {"sentence_around": 0, "read": 0}
    around, read = checking.sentence_around, checking.TextReads.read

    def sentence_around(*args, **kwargs):
        calls["sentence_around"] += 1
        return around(*args, **kwargs)

    def counted_read(self, path):
        calls["read"] += 1
        return read(self, path)

    monkeypatch.setattr(checking, "sentence_around", sentence_around)
    monkeypatch.setattr(cross, "sentence_around", sentence_around, raising=False)
    monkeypatch.setattr(checking.TextReads, "read", counted_read)
    return calls


def test_a_first_build_finds_each_quotes_sentence_once(run, corpus, counted):
    ran = run(
        "sum", "--metric", "固定资产投资", "--period", "2015", "--json", "--data", str(corpus)
    )
    assert (ran.code, ran.stderr) == (0, "")
    assert ran.json()["total"] == 820  # 1 + 2 + ... + 40 亿元, as the forty quotes say
    # one sentence per target: the firm one's, found for its firmness, is the one stored
    assert counted["sentence_around"] == 2 * DOCUMENTS


def test_a_first_build_looks_up_each_source_text_once_for_its_targets(run, corpus, counted):
    ran = run("check", "--data", str(corpus))
    assert ran.code == 0, ran.stderr
    # each text at most twice: once to learn it can be read, once for its file's two
    # targets (not once per target, nor several times per target)
    assert counted["read"] <= 2 * DOCUMENTS, counted


def test_a_damaged_target_still_gets_its_message(run, corpus, counted):
    bad = corpus / "docs" / "d07.toml"
    bad.write_text(document(7, quote="固定资产投资不少于70亿元"), encoding="utf-8")
    ran = run("check", "--data", str(corpus))
    assert ran.code == 1
    # the quote says 70, d07.txt says 7: the one target with a problem, at its quote line
    assert f"{bad}:20:" in ran.stderr
    assert "quote not found verbatim in source 'd07'" in ran.stderr
