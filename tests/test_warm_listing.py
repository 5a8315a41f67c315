"""A warm start costs one stat a file (and one a folder) and sorts nothing: the folders'
names are found in the index as they are listed, each data file and source text is
stat-ed once, and the listing is put in order only when the index does not hold these
very files. An edited, an added, a removed and a touched-but-unchanged file are each
still seen. Counted, not timed; the totals are the sums of the quotes written below."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import HAIXIN_CATALOGUE, run_main, write_tree

from targets_cli.data import index, loading, store

METRIC = "固定资产投资"


def document(name: str, value: int) -> str:
    """A data file with its source and one target of 海新区 quoting `value` 亿元."""
    return (
        f'format = 1\n\n[[sources]]\nid = "{name}"\nfile = "{name}.txt"\n'
        f'title = "海新区工作报告"\nyear = 2015\n\n[[targets]]\n'
        f'id = "{name}-1"\norg = "海新区"\nmetric = "{METRIC}"\nvalue = {value}\n'
        f'unit = "亿元"\ncomparator = ">="\nwording = "不少于"\nfirmness = "争取"\n'
        f'period = "2015"\nsource = "{name}"\nquote = "固定资产投资不少于{value}亿元"\n'
    )


def text(value: int) -> str:
    return f"海新区工作报告\n\n争取今年固定资产投资不少于{value}亿元。\n"


def files_of(folder: str, name: str, value: int) -> dict[str, str]:
    return {f"{folder}/{name}.toml": document(name, value), f"{folder}/{name}.txt": text(value)}


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch) -> Path:
    """Twelve documents of 1 to 12 亿元 (sum 78) in two folders, beside the catalogue."""
    files = {"catalogue.toml": HAIXIN_CATALOGUE}
    for n in range(1, 13):
        files |= files_of("docs/a" if n <= 6 else "docs/b", f"d{n:02}", n)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # (the files were written just now: taken as settled, as they would be a few seconds
    # later, so that an unchanged file is known by its stamp without waiting)
    monkeypatch.setattr(store, "now_ns", lambda: time.time_ns() + 10 * store.RACY_NS)
    return write_tree(tmp_path / "data", files)


class Work:
    """What a run does per file: stats (by path, under the data folder), sorts of the
    listing, files parsed."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.stats: Counter[str] = Counter()
        self.sorts = 0
        self.parsed: list[str] = []
        real_stat, real_order, real_parse = os.stat, index.in_listing_order, loading.parse_file
        top = str(folder)

        def stat(path, *args, **kwargs):
            if isinstance(path, (str, os.PathLike)) and str(path).startswith(top + os.sep):
                self.stats[str(path)] += 1
            return real_stat(path, *args, **kwargs)

        def in_listing_order(names):
            self.sorts += 1
            return real_order(names)

        def parse_file(path, raw=None):
            self.parsed.append(Path(path).name)
            return real_parse(path, raw)

        monkeypatch.setattr(os, "stat", stat)
        monkeypatch.setattr(index, "in_listing_order", in_listing_order)
        monkeypatch.setattr(loading, "parse_file", parse_file)

    def clear(self) -> None:
        self.stats.clear()
        self.sorts = 0
        self.parsed.clear()


@pytest.fixture
def work(corpus, monkeypatch) -> Work:
    return Work(corpus, monkeypatch)


def total(folder: Path) -> float:
    ran = run_main(["sum", "--metric", METRIC, "--json", "--data", str(folder)])
    assert (ran.code, ran.stderr) == (0, ""), ran
    return ran.json()["total"]


def ids(folder: Path, *more: str) -> list[str]:
    ran = run_main(["list", "--region", "海新", "--json", "--data", str(folder), *more])
    assert (ran.code, ran.stderr) == (0, ""), ran
    return [row["id"] for row in ran.json()]


def test_a_warm_run_stats_each_file_once_and_sorts_no_listing(corpus, work):
    assert total(corpus) == 78  # 1 + 2 + ... + 12: the index built
    work.clear()
    assert total(corpus) == 78
    data = {str(p) for p in corpus.rglob("*.toml")}
    texts = {str(p) for p in corpus.rglob("*.txt")}
    assert len(data) == 13 and len(texts) == 12
    # (and each folder as it is listed: its stamp, kept for `show`)
    folders = {str(corpus / "docs"), str(corpus / "docs" / "a"), str(corpus / "docs" / "b")}
    assert work.stats == Counter(dict.fromkeys(data | texts | folders, 1))  # one stat each
    assert work.sorts == 0
    assert work.parsed == []


def test_a_warm_run_lists_the_targets_in_the_order_of_the_files(corpus, work):
    """The files are read in the index's order (the listing's, sorted), whatever order
    the folders list them in: as --no-cache reads them."""
    expected = [f"d{n:02}-1" for n in range(1, 13)]
    assert ids(corpus) == expected
    work.clear()
    assert ids(corpus) == expected
    assert work.sorts == 0
    assert ids(corpus, "--no-cache") == expected


def test_an_edited_file_is_parsed_again(corpus, work):
    assert total(corpus) == 78
    write_tree(corpus, files_of("docs/a", "d05", 50), when=1_600_000_100)
    work.clear()
    assert total(corpus) == 78 - 5 + 50
    assert work.parsed == ["d05.toml"]
    work.clear()
    assert total(corpus) == 123  # and then known by its new stamp
    assert (work.parsed, work.sorts) == ([], 0)


def test_an_edited_source_text_is_read_again(corpus, work):
    """A text no longer holding its target's quote: check says so (the quote is gone)."""
    assert run_main(["check", "--json", "--data", str(corpus)]).code == 0
    write_tree(corpus, {"docs/b/d08.txt": text(80)}, when=1_600_000_100)
    ran = run_main(["check", "--json", "--data", str(corpus)])
    assert ran.code == 1, ran
    assert "d08-1" in ran.stdout


def test_an_added_file_is_read_and_put_in_its_place(corpus, work):
    assert ids(corpus)[0] == "d01-1"
    write_tree(corpus, files_of("docs/a", "d00", 100), when=1_600_000_100)
    work.clear()
    assert total(corpus) == 78 + 100
    assert work.parsed == ["d00.toml"]
    assert work.sorts == 1  # (the listing is not the index's: sorted, once)
    assert ids(corpus) == [f"d{n:02}-1" for n in range(0, 13)]  # docs/a/d00 first


def test_a_removed_file_is_forgotten(corpus, work):
    assert total(corpus) == 78
    (corpus / "docs/b/d09.toml").unlink()
    work.clear()
    assert total(corpus) == 78 - 9
    assert work.parsed == []
    assert "d09-1" not in ids(corpus)


def test_a_file_renamed_is_seen(corpus, work):
    """Renamed in its folder: as many files as before, one name the index does not hold."""
    assert total(corpus) == 78
    os.rename(corpus / "docs/a/d02.toml", corpus / "docs/a/e02.toml")
    work.clear()
    assert total(corpus) == 78
    assert work.parsed == ["e02.toml"]
    # (docs/a/e02.toml after docs/a/d06.toml, before docs/b)
    order = [1, 3, 4, 5, 6, 2, *range(7, 13)]
    assert ids(corpus) == [f"d{n:02}-1" for n in order]


def test_a_touched_file_is_read_but_not_parsed(corpus, work):
    """Its stamp changed, not its bytes: read once (its SHA-256 is the one known), not
    parsed, and known by its new stamp after."""
    assert total(corpus) == 78
    os.utime(corpus / "docs/b/d07.toml", (1_600_000_200, 1_600_000_200))
    work.clear()
    assert total(corpus) == 78
    assert work.parsed == []
    work.clear()
    assert total(corpus) == 78
    assert (work.parsed, work.sorts) == ([], 0)


def test_show_reads_the_source_text_beside_the_data_file(corpus, work):
    """`show` finds its target's source text by the data file's folder, as the index
    names it: the sentence it prints is the text's, and it is the same warm or not."""
    words = ["show", "d08-1", "--json", "--data", str(corpus)]
    first = run_main(words)
    assert first.code == 0, first
    assert "争取今年固定资产投资不少于8亿元" in first.stdout
    work.clear()
    again = run_main(words)
    assert (again.code, again.stdout) == (0, first.stdout)
    assert work.sorts == 0
    assert run_main([*words, "--no-cache"]).stdout == first.stdout
