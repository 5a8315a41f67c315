"""The SQLite index: the same answers with it and without, never stale, never trusted
over the data, shared safely by concurrent runs, and optional."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from targets_cli.__main__ import main
from targets_cli.data import loading
from targets_cli.data import store as index_module

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

BUNDLED = REPO / "data" / "targets.toml"
COMMANDS = [
    ["list", "--json"],
    ["list", "--region", "台山", "--json"],
    ["show", "taishan-projects-100m", "--json"],
    ["sum", "--metric", "超亿元项目", "--json"],
    ["compare", "--metric", "地区生产总值增长", "--json"],
    ["coverage", "--json"],
    ["metrics", "--json"],
    ["regions", "--json"],
    ["check", "--json"],
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """2,000 targets in 20 files, as the benchmark writes 1,000,000 in 10,000."""
    folder = tmp_path_factory.mktemp("corpus") / "data"
    generate(folder, targets=2000, files=20)
    return folder


@pytest.fixture
def copy(corpus, tmp_path) -> Path:
    return Path(shutil.copytree(corpus, tmp_path / "data"))


@pytest.fixture
def bundled(tmp_path) -> Path:
    """A copy of the bundled data, to edit."""
    folder = tmp_path / "bundled"
    shutil.copytree(REPO / "data", folder)
    return folder / "targets.toml"


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TARGETS_NO_CACHE", raising=False)
    return tmp_path / "cache" / "targets"


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The files parsed (not answered from the index) from now on."""
    parsed: list[str] = []
    real = loading.parse_file

    def counting(path, raw=None):
        parsed.append(Path(path).name)
        return real(path, raw)

    monkeypatch.setattr(loading, "parse_file", counting)
    return parsed


def answer(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _all_racy_free(folder: Path) -> None:
    """Set every file's times into the past: stamps taken now are then trusted."""
    old = 1_600_000_000
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (old, old))


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_every_command_answers_the_same_with_the_index_and_without(store, capsys, args):
    cold = answer(capsys, *args, "--data", str(BUNDLED))
    warm = answer(capsys, *args, "--data", str(BUNDLED))
    without = answer(capsys, *args, "--data", str(BUNDLED), "--no-cache")
    assert cold == warm == without
    assert cold[0] == 0 and cold[1]


def test_a_large_corpus_answers_the_same_with_the_index_and_without(store, capsys, corpus):
    for args in (["list", "--json"], ["check", "--json"], ["coverage", "--json"]):
        cold = answer(capsys, *args, "--data", str(corpus))
        warm = answer(capsys, *args, "--data", str(corpus))
        assert cold == warm == answer(capsys, *args, "--data", str(corpus), "--no-cache")


def test_after_one_file_is_edited_only_that_file_is_parsed_again(store, capsys, copy, parses):
    _all_racy_free(copy)
    answer(capsys, "list", "--json", "--data", str(copy))
    assert len(parses) == len(list(copy.rglob("*.toml"))) == 21  # 20 and the catalogue
    parses.clear()
    edited = sorted(copy.rglob("*.toml"))[5]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    code, _, _ = answer(capsys, "list", "--json", "--data", str(copy))
    assert code == 0 and parses == [edited.name]
    parses.clear()
    answer(capsys, "list", "--json", "--data", str(copy))
    # the edited file is newer than the racy window: it is hashed again, never parsed
    assert parses == []


def test_unchanged_data_is_answered_from_the_recorded_problems(store, capsys, bundled, parses):
    text = bundled.read_text(encoding="utf-8")
    assert 'quote = "引进超亿元项目60个"' in text
    bundled.write_text(
        text.replace('quote = "引进超亿元项目60个"', 'quote = "引进超亿元项目600个"'), "utf-8"
    )
    _all_racy_free(bundled.parent)
    first = answer(capsys, "list", "--json", "--data", str(bundled))
    assert first[0] == 1 and "quote not found verbatim" in first[2]
    parses.clear()
    assert answer(capsys, "list", "--json", "--data", str(bundled)) == first
    assert parses == []
    # check answers from the index too: nothing parsed, the same problem
    checked = answer(capsys, "check", "--data", str(bundled))
    assert parses == []
    assert checked[0] == 1 and "quote not found verbatim" in checked[2]
    # check --full trusts nothing of the index: it reads the file again, and finds the same
    checked = answer(capsys, "check", "--full", "--data", str(bundled))
    assert parses == ["targets.toml"]
    assert checked[0] == 1 and "quote not found verbatim" in checked[2]


def test_an_edited_source_text_is_checked_again_without_parsing(store, capsys, bundled, parses):
    _all_racy_free(bundled.parent)
    before = answer(capsys, "list", "--json", "--data", str(bundled))
    assert before[0] == 0 and "taishan-projects-100m" not in before[2]
    parses.clear()
    source = bundled.parent / "sources" / "jiangmen-2024-pledges.txt"
    source.write_text(source.read_text("utf-8").replace("超亿元项目60个", "超亿元项目6个"), "utf-8")
    code, _, err = answer(capsys, "list", "--json", "--data", str(bundled))
    assert code == 1 and "taishan-projects-100m" in err and "quote not found verbatim" in err
    assert parses == []


def test_an_edited_catalogue_checks_every_file_again(store, capsys, copy, parses):
    _all_racy_free(copy)
    assert answer(capsys, "list", "--json", "--data", str(copy))[0] == 0
    catalogue = next(
        p for p in sorted(copy.rglob("*.toml")) if "[[metrics]]" in p.read_text("utf-8")
    )
    text = catalogue.read_text(encoding="utf-8")
    first_metric = text.index("[[metrics]]")
    name_line = text.index("name = ", first_metric)
    name = text[name_line:].split("\n", 1)[0].split('"')[1]
    catalogue.write_text(text.replace(f'name = "{name}"', f'name = "{name}X"', 1), "utf-8")
    parses.clear()
    code, _, err = answer(capsys, "list", "--json", "--data", str(copy))
    assert parses == [catalogue.name]
    # targets in other files that name the metric are now unknown, and said so
    others = {line.split(":")[0] for line in err.splitlines() if "unknown metric" in line}
    assert code == 1 and any(Path(o).name != catalogue.name for o in others)


def test_a_changed_file_is_never_served_stale_within_the_same_clock_tick(store, capsys, bundled):
    # Written just now: its stamp is not trusted, so its bytes are hashed every run.
    assert (
        answer(capsys, "list", "--metric", "超亿元项目", "--json", "--data", str(bundled))[0] == 0
    )
    stat = bundled.stat()
    text = bundled.read_text(encoding="utf-8")
    assert text.count("read as GDP") == 1
    bundled.write_text(text.replace("read as GDP", "read as gdp"), encoding="utf-8")
    os.utime(bundled, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same size and mtime
    _, out, _ = answer(capsys, "list", "--json", "--data", str(bundled))
    assert "read as gdp" in out and "read as GDP" not in out


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "empty"])
def test_a_damaged_index_is_rebuilt_with_a_note(store, capsys, bundled, damage):
    args = ("sum", "--metric", "超亿元项目", "--json", "--data", str(bundled))
    good = answer(capsys, *args)
    (path,) = store.glob("index-*.sqlite3")
    if damage == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:3000])
    elif damage == "foreign":
        path.unlink()
        with sqlite3.connect(path) as other:
            other.execute("CREATE TABLE t (x)")
    else:
        path.write_bytes(b"")
    before = path.read_bytes()
    code, out, err = answer(capsys, *args)
    assert (code, out) == good[:2]
    if damage == "truncated":  # ours, damaged: built again
        assert err.count("\n") == 1 and "index" in err and "built again" in err
    if damage in ("garbage", "foreign"):  # not ours: moved aside, never written
        aside = path.parent / (path.name + ".not-a-targets-index")
        assert (
            err
            == f"targets: note: {path} was not a targets index: it was moved, untouched, to {aside}\n"
        )
        assert aside.read_bytes() == before
    assert answer(capsys, *args) == good  # and the rebuilt index is sound


def test_a_figure_changed_inside_the_index_is_never_believed(store, capsys, bundled):
    args = ("sum", "--metric", "超亿元项目", "--json", "--data", str(bundled))
    _all_racy_free(bundled.parent)
    good = answer(capsys, *args)
    assert '"total": 162' in good[1]
    (path,) = store.glob("index-*.sqlite3")
    with sqlite3.connect(path) as db:
        changed = db.execute("UPDATE targets SET value = 600 WHERE id = 'taishan-projects-100m'")
        assert changed.rowcount == 1
    code, out, err = answer(capsys, *args)
    assert (code, out) == good[:2]
    assert "did not match the data" in err and err.count("\n") == 1
    # and check re-derives everything with --no-cache, as with the index
    checked = answer(capsys, "check", "--data", str(bundled))
    assert answer(capsys, "check", "--data", str(bundled), "--no-cache") == checked


def test_no_cache_and_its_variable_write_nothing(store, capsys, monkeypatch):
    answer(capsys, "list", "--json", "--no-cache", "--data", str(BUNDLED))
    monkeypatch.setenv("TARGETS_NO_CACHE", "1")
    answer(capsys, "list", "--json", "--data", str(BUNDLED))
    assert not store.exists()


def test_an_unwritable_cache_folder_answers_the_same_with_a_note(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file: no folder can be made there
    code, out, err = answer(
        capsys, "sum", "--metric", "超亿元项目", "--json", "--data", str(BUNDLED)
    )
    assert code == 0 and '"total": 162' in out
    assert err.startswith(f"targets: note: cannot write the index {blocker}/targets/index-")
    assert err.endswith("(Not a directory); it is kept in memory for this run\n")
    assert err.count("\n") == 1


def test_the_index_follows_xdg_cache_home_and_is_one_file_per_data_location(store, capsys, corpus):
    answer(capsys, "list", "--json", "--data", str(BUNDLED))
    answer(capsys, "list", "--json", "--data", str(corpus))
    answer(capsys, "list", "--json", "--data", str(corpus))
    files = sorted(p.name for p in store.iterdir())
    assert len(files) == 2 and all(f.startswith("index-") and f.endswith(".sqlite3") for f in files)


def test_a_missing_home_folder_is_not_created(tmp_path, capsys, monkeypatch):
    home = tmp_path / "no-such-home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert answer(capsys, "list", "--json", "--data", str(BUNDLED))[0] == 0
    assert not home.exists()


def test_eight_concurrent_cold_runs_answer_the_same_and_leave_one_sane_index(store, copy):
    env = {**os.environ, "XDG_CACHE_HOME": str(store.parent)}
    command = [sys.executable, "-m", "targets_cli", "list", "--json", "--data", str(copy)]
    runs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(8)
    ]
    results = [run.communicate(timeout=300) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in results]
    assert len({out for out, _ in results}) == 1
    assert all(err == b"" for _, err in results), [err for _, err in results]
    (path,) = store.iterdir()  # one index, nothing else left behind
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM targets").fetchone() == (2000,)


def test_the_index_is_rebuilt_when_the_code_changes(store, capsys, monkeypatch):
    answer(capsys, "list", "--json", "--data", str(BUNDLED))
    (path,) = store.glob("index-*.sqlite3")
    monkeypatch.setattr(index_module, "code_stamp", lambda: "another version")
    assert answer(capsys, "list", "--json", "--data", str(BUNDLED))[0] == 0
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM _meta WHERE key = 'code'").fetchone() == (
            "another version",
        )
