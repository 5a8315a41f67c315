"""`check` answers from the index; `check --full` trusts nothing of it. A program that
can write the cache folder can take a problem out of the index (and clear the mark its
triggers leave): the default `check` then does not see it, and does not claim to;
`--full` reads every file again, reports it, and puts the index right."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    shutil.copy(DATA / "targets.toml", tmp_path / "targets.toml")
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TARGETS_NO_CACHE", raising=False)
    return tmp_path


def _forge(folder: Path, statement: str) -> None:
    """Change the cached index as another program could, leaving no mark."""
    (path,) = (folder / "cache" / "targets").glob("*.sqlite3")
    connection = sqlite3.connect(path)
    with connection:
        assert connection.execute(statement).rowcount > 0
        connection.execute("DELETE FROM _meta WHERE key = 'edited'")
    connection.close()


def test_full_finds_a_problem_taken_out_of_the_stored_rows(run, folder):
    data = folder / "targets.toml"
    text = data.read_text(encoding="utf-8")
    start = text.index("[[targets]]")
    end = text.index("[[", start + 2)
    data.write_text(text + "\n" + text[start:end], encoding="utf-8")  # a target twice
    first = run("check", str(folder))
    assert first.code == 1 and "duplicate" in first.stderr
    _forge(folder, "DELETE FROM _problems")
    trusting = run("check", str(folder))
    assert trusting.code == 0 and trusting.stdout.startswith("ok: 122 targets")
    full = run("check", "--full", str(folder))
    assert full.code == 1
    assert full.stderr.startswith("targets: note: the index ")
    assert "it has been built again from them" in full.stderr
    assert full.stderr.count("duplicate") == first.stderr.count("duplicate")
    # the index put right, the default check sees the problem again
    after = run("check", str(folder))
    assert (after.code, after.stderr) == (first.code, first.stderr)


def test_full_finds_an_unclaimed_figure_taken_out_of_what_check_remembered(run, folder):
    text = folder / "sources" / "jiangmen-2024-pledges.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n另新增项目99个。\n", encoding="utf-8")
    first = run("check", str(folder))
    assert first.code == 1 and "unclaimed figure '99个' in: 另新增项目99个。" in first.stderr
    _forge(folder, "UPDATE _complete SET problems = '[]'")
    trusting = run("check", str(folder))
    assert trusting.code == 0
    full = run("check", "--full", str(folder))
    assert (full.code, full.stderr) == (first.code, first.stderr)
    after = run("check", str(folder))
    assert (after.code, after.stderr) == (first.code, first.stderr)
