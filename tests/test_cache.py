"""The cache: the same answers with it and without, never stale, data only, and optional."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from targets_cli.data import cache, loading, reading
from targets_cli.data.loading import read_dataset, read_every_file
from targets_cli.errors import DataError

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """2,000 targets in 20 files, as the benchmark writes 100,000 in 1,000."""
    folder = tmp_path_factory.mktemp("corpus") / "data"
    generate(folder, targets=2000, files=20)
    return folder


@pytest.fixture
def copy(corpus, tmp_path) -> Path:
    """A corpus of this test's own, to edit."""
    return Path(shutil.copytree(corpus, tmp_path / "data"))


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "targets"


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The files parsed (not read from the cache) from now on."""
    parsed: list[str] = []
    real = loading.parse_file

    def counting(path):
        parsed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(loading, "parse_file", counting)
    return parsed


def _same(location) -> tuple:
    """The reference reading, and the cached one twice (written, then read)."""
    expected = read_every_file(location)
    first = read_dataset(location)
    again = read_dataset(location)
    uncached = read_dataset(location, use_cache=False)
    assert first == expected
    assert again == expected
    assert uncached == expected
    return expected


def _files_in(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_bundled_data_is_read_the_same_with_the_cache_and_without(store, data_file):
    dataset, problems = _same(data_file)
    assert problems == [] and len(dataset.targets) >= 90


def test_a_large_corpus_is_read_the_same_with_the_cache_and_without(store, corpus):
    dataset, problems = _same(corpus)
    assert problems == [] and len(dataset.targets) == 2000


def test_reading_on_several_cores_gives_the_same(store, corpus, monkeypatch):
    monkeypatch.setattr(reading, "PARALLEL_BYTES", 0)
    expected = read_every_file(corpus)
    assert read_dataset(corpus, use_cache=False) == expected
    assert read_dataset(corpus) == expected
    assert read_dataset(corpus) == expected


def test_only_the_targets_asked_for_are_read_from_the_cache(store, corpus):
    whole = loading.load(corpus)
    some = loading.load(corpus, metrics=["超亿元项目"])
    assert some.targets == tuple(t for t in whole.targets if t.metric == "超亿元项目")
    assert (some.sources, some.orgs, some.metrics) == (whole.sources, whole.orgs, whole.metrics)
    assert loading.load(corpus, metrics=["no such metric"]).targets == whole.targets


BROKEN = [
    # a duplicate id across files: both places are named
    ("docs/2015/{second}", 'id = "{first_id}"'),
    # a quote that is not in its source
    ("docs/2015/{second}", 'quote = "不在原文里的一句话"'),
    # an unknown metric
    ("docs/2015/{second}", 'metric = "没有这个指标"'),
]


@pytest.mark.parametrize("where, line", BROKEN, ids=["duplicate", "quote", "metric"])
def test_problems_are_the_same_with_the_cache_and_without(store, copy, where, line):
    documents = sorted((copy / "docs" / "2015").glob("*.toml"))
    first_id = json.loads(documents[0].read_text(encoding="utf-8").split("id = ")[2].split("\n")[0])
    second = documents[1]
    text = second.read_text(encoding="utf-8")
    key = line.split(" = ")[0]
    at = text.index(f"\n{key} = ", text.index("[[targets]]")) + 1
    end = text.index("\n", at)
    second.write_text(text[:at] + line.format(first_id=first_id) + text[end:], encoding="utf-8")
    expected = read_every_file(copy)
    assert expected[1], "the edit should break the data"
    for _ in range(2):
        assert read_dataset(copy) == expected
    assert read_dataset(copy, use_cache=False) == expected
    with pytest.raises(DataError) as raised:
        loading.load(copy)
    assert raised.value.problems == expected[1]
    if "duplicate" in str(expected[1][0]):
        message = str(expected[1][0])
        assert str(documents[0]) in message and str(second) in message


def test_after_one_file_is_edited_only_that_file_is_parsed_again(store, copy, parses):
    read_dataset(copy)
    assert len(parses) == 21
    parses.clear()
    read_dataset(copy)
    assert parses == []
    edited = sorted((copy / "docs").rglob("*.toml"))[7]
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    found = read_dataset(copy)
    assert parses == [edited.name]
    assert found == read_every_file(copy)
    parses.clear()
    read_dataset(copy)
    assert parses == []


def test_an_edited_source_text_is_checked_again_without_parsing(store, copy, parses):
    read_dataset(copy)
    parses.clear()
    text = sorted((copy / "docs").rglob("*.txt"))[3]
    text.write_text(text.read_text(encoding="utf-8")[:200], encoding="utf-8")
    found = read_dataset(copy)
    assert parses == []
    assert found[1] and "not found verbatim" in found[1][0].message
    assert found == read_every_file(copy)


def test_an_edited_catalogue_checks_every_file_again(store, copy, parses):
    read_dataset(copy)
    parses.clear()
    catalogue = copy / "catalogue.toml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace('name_en = "GDP"', 'name_en = "Gross product"'), "utf-8")
    found = read_dataset(copy)
    assert parses == ["catalogue.toml"]
    assert found[0].metrics["地区生产总值"].name_en == "Gross product"
    assert found == read_every_file(copy)


def test_a_changed_file_is_never_served_stale_even_with_the_same_size_and_times(store, copy):
    read_dataset(copy)
    edited = sorted((copy / "docs").rglob("*.toml"))[2]
    before = edited.stat()
    text = edited.read_text(encoding="utf-8")
    assert "value = 1" in text
    changed = text.replace("value = 1", "value = 9", 1)  # same size
    edited.write_text(changed, encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))  # same modification time
    assert edited.stat().st_size == before.st_size
    assert read_dataset(copy) == read_every_file(copy)


def test_a_file_changed_within_the_same_clock_tick_is_read_again(store, copy, monkeypatch):
    # as if the clock were too coarse to tell two writes apart: every key is racy
    monkeypatch.setattr(cache, "RACY_NS", 10**18)
    read_dataset(copy)
    edited = sorted((copy / "docs").rglob("*.toml"))[4]
    stamp = cache.stamp(str(edited))
    text = edited.read_text(encoding="utf-8").replace("value = 1", "value = 8", 1)
    edited.write_text(text, encoding="utf-8")
    monkeypatch.setattr(cache, "stamp", lambda path: stamp if path == str(edited) else None)
    assert read_dataset(copy) == read_every_file(copy)


def test_the_cache_is_json_data_only(store, corpus):
    read_dataset(corpus)
    files = _files_in(store)
    assert files
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".jsonl":
            for line in data.splitlines():
                json.loads(line)
        else:
            assert path.suffix == ".json", path
            json.loads(data)
    for module in ("cache.py", "reading.py"):
        source = (REPO / "targets_cli" / "data" / module).read_text(encoding="utf-8")
        assert "pickle" not in source and "marshal" not in source


@pytest.mark.parametrize("damage", ["garbage", "truncated", "version", "empty"])
def test_a_damaged_cache_is_rebuilt(store, corpus, damage):
    expected = read_every_file(corpus)
    read_dataset(corpus)
    for path in _files_in(store):
        data = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(b"\x00\xff" + data[::-1][:100])
        elif damage == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "empty":
            path.write_bytes(b"")
        elif path.suffix == ".json":
            document = json.loads(data)
            if isinstance(document, dict) and "version" in document:
                document["version"] = "0/0.0.0/old"
                path.write_text(json.dumps(document), encoding="utf-8")
    assert read_dataset(corpus) == expected
    assert read_dataset(corpus) == expected
    index = next(store.rglob("index.json"))
    assert json.loads(index.read_bytes())["version"] == cache.version()


def test_no_cache_and_its_variable_write_nothing(store, corpus, monkeypatch):
    expected = read_every_file(corpus)
    assert read_dataset(corpus, use_cache=False) == expected
    monkeypatch.setenv("TARGETS_NO_CACHE", "1")
    assert read_dataset(corpus) == expected
    assert not store.exists() or _files_in(store) == []


def test_an_unwritable_cache_folder_is_skipped_silently(tmp_path, corpus, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    expected = read_every_file(corpus)
    assert read_dataset(corpus) == expected
    assert read_dataset(corpus) == expected


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes")
def test_a_read_only_cache_folder_is_skipped_silently(tmp_path, corpus, monkeypatch):
    folder = tmp_path / "cache"
    (folder / "targets").mkdir(parents=True)
    folder.chmod(0o500)
    (folder / "targets").chmod(0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    try:
        assert read_dataset(corpus) == read_every_file(corpus)
    finally:
        (folder / "targets").chmod(0o700)
        folder.chmod(0o700)


def test_the_cache_follows_xdg_cache_home(store, data_file):
    read_dataset(data_file)
    assert list(store.glob("sets/*/index.json"))


def test_the_cache_is_kept_per_dataset_and_tidied(store, copy):
    read_dataset(copy)
    (sorted((copy / "docs").rglob("*.toml"))[0]).write_text(
        sorted((copy / "docs").rglob("*.toml"))[0].read_text(encoding="utf-8") + "# x\n", "utf-8"
    )
    read_dataset(copy)
    [folder] = list(store.glob("sets/*"))
    generations = [p for p in folder.iterdir() if p.is_dir()]
    assert 1 <= len(generations) <= 2  # the older one goes a minute after it is replaced


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "targets_cli", *args], capture_output=True, cwd=REPO, env=env
    )


def test_commands_answer_the_same_with_the_cache_and_without(tmp_path, corpus):
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_DATA"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    for args in (
        ["sum", "--metric", "超亿元项目", "--json"],
        ["list", "--metric", "工业投资", "--json"],
        ["list", "--region", "Yongping", "--format", "tsv"],
        ["coverage", "--json"],
        ["metrics", "--json"],
        ["check"],
    ):
        args = [*args, "--data", str(corpus)] if args != ["check"] else ["check", str(corpus)]
        without = _cli(*args, "--no-cache", env=env)
        assert without.returncode == 0, without.stderr
        for _ in range(2):
            with_cache = _cli(*args, env=env)
            assert (with_cache.returncode, with_cache.stdout) == (0, without.stdout), args
    assert (tmp_path / "cache" / "targets").is_dir()


def test_a_key_matched_by_content_alone_is_renewed(store, copy):
    read_dataset(copy)
    touched = sorted((copy / "docs").rglob("*.toml"))[5]
    later = time.time_ns() - 10**10
    os.utime(touched, ns=(later, later))  # new times, same content: a checkout does this
    assert read_dataset(copy) == read_every_file(copy)
    index = json.loads(next(store.rglob("index.json")).read_bytes())
    [key] = [key for name, key, _ in index["files"] if name == str(touched)]
    assert key[0][1] == later
