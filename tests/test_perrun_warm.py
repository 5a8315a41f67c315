"""What every warm run pays for the number of files: the data files are listed as text
and compared with the index's listing; none is made a Path. Counted, never timed."""

from __future__ import annotations

import shutil
import sys
import time
import tomllib

from conftest import REPO, run_main

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

FILES = 30


def _settled(monkeypatch) -> None:
    """Files written just now are taken as settled, as they are a few seconds later."""
    from targets_cli.data import store

    monkeypatch.setattr(store, "now_ns", lambda: time.time_ns() + 10 * store.RACY_NS)


def _warm_imports_pathlib(args: list[str], env: dict[str, str]) -> bool:
    """Whether a warm run of `targets ARGS` (in a fresh interpreter) imports pathlib:
    no Path of any file can be made without it.

    The index is written by a first run in the same kind of interpreter: the one that
    runs the tests may import the installed copy of the package, this one the checkout
    (its working folder comes first), and an index written by other code is rebuilt."""
    import os
    import subprocess

    # (files written just now taken as settled, as _settled does in this process)
    script = (
        "import sys, time; from targets_cli.data import store; "
        "store.now_ns = lambda: time.time_ns() + 10 * store.RACY_NS; "
        "from targets_cli.__main__ import main; code = main(sys.argv[1:]); "
        "sys.stdout.flush(); print('pathlib' in sys.modules, file=sys.stderr); sys.exit(code)"
    )

    def once() -> subprocess.CompletedProcess[str]:
        ran = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={k: v for k, v in os.environ.items() if k != "TARGETS_DATA"} | env,
        )
        assert ran.returncode == 0, ran.stderr[-2000:]
        return ran

    first = once()  # (writes the index, if this copy of the code did not)
    warm = once()
    assert warm.stdout == first.stdout
    return warm.stderr.splitlines()[-1] == "True"


def test_a_warm_run_makes_no_path_of_each_data_file(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    generate(folder, targets=300, files=FILES)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    _settled(monkeypatch)
    assert run_main(["regions", "--json", "--data", str(folder)], env).code == 0  # built
    ran = run_main(["regions", "--json", "--data", str(folder)], env)
    assert ran.code == 0, ran.stderr
    assert ran.json()  # (the answer, read warm)
    # 31 data files (a catalogue and 30 documents): listed as their text, and no Path
    # made at all (file names are str throughout the data layer)
    assert not _warm_imports_pathlib(["regions", "--json", "--data", str(folder)], env)


def test_files_are_in_the_order_of_their_folders_part_by_part(tmp_path, monkeypatch):
    """`docs/a/` comes before `docs/a-b/` (folder by folder, as Paths sort), although
    the text `a-b/` sorts before `a/` ('-' before '/')."""
    folder = tmp_path / "data"
    generate(folder, targets=40, files=4)
    documents = sorted((folder / "docs").glob("*/*.toml"))
    assert len(documents) == 4
    for n, document in enumerate(documents):
        into = folder / "docs" / ("a" if n < 2 else "a-b")
        into.mkdir(exist_ok=True)
        for path in (document, document.with_suffix(".txt")):
            shutil.move(path, into / path.name)
    for year in (folder / "docs").iterdir():
        if year.name not in ("a", "a-b"):
            year.rmdir()

    def ids(where: str) -> list[str]:
        found = []
        for path in sorted((folder / "docs" / where).glob("*.toml")):
            found += [t["id"] for t in tomllib.loads(path.read_text("utf-8"))["targets"]]
        return found

    expected = ids("a") + ids("a-b")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    _settled(monkeypatch)
    for _ in ("built", "warm"):
        ran = run_main(["list", "--json", "--data", str(folder)], env)
        assert ran.code == 0, ran.stderr
        assert [t["id"] for t in ran.json()] == expected


def test_a_warm_list_makes_a_path_of_each_folder_not_of_each_file(tmp_path, monkeypatch):
    """The targets' files are named by their text as the index holds it: no Path is
    made for a file or a folder (a warm run never imports pathlib)."""
    folder = tmp_path / "data"
    generate(folder, targets=300, files=FILES)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    _settled(monkeypatch)
    assert run_main(["list", "--json", "--data", str(folder)], env).code == 0  # built
    ran = run_main(["list", "--json", "--data", str(folder)], env)
    assert ran.code == 0, ran.stderr
    assert len(ran.json()) == 300  # every target, read warm, from every file
    assert not _warm_imports_pathlib(["list", "--json", "--data", str(folder)], env)


def test_a_target_row_changed_without_its_digest_is_never_served(tmp_path, monkeypatch):
    """The digest of each target row is checked as it is read (rows are built by their
    place in the row): a changed figure whose digest was left is found, and the index
    built again from the data, which says 60 (引进超亿元项目60个)."""
    import sqlite3
    import zlib

    shutil.copytree(REPO / "data", tmp_path / "data")
    data = tmp_path / "data" / "targets.toml"
    cache = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache), "TARGETS_DATA": None}
    _settled(monkeypatch)
    show = ["show", "taishan-projects-100m", "--json", "--data", str(data)]
    assert run_main(show, env).json()["value"] == 60  # built
    where = bytes(str(data), "utf-8")
    path = cache / "targets" / f"index-{zlib.crc32(where):08x}{zlib.adler32(where):08x}.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("UPDATE targets SET value = 999 WHERE id = 'taishan-projects-100m'")
        db.execute("DELETE FROM _meta WHERE key = 'edited'")  # (the triggers' mark, cleared)
    ran = run_main(show, env)
    assert ran.code == 0 and ran.json()["value"] == 60
    assert ran.stderr == (
        f"targets: note: the index {path} did not match the data (a row of targets does not "
        "match its digest); it has been built again\n"
    )
