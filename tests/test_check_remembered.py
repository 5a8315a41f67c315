"""`check` remembers its completeness answer in the index, and works a source's out
again whenever what it depends on changed: an edited source text or a removed
dismissal is seen by the next check (`check --full` works everything out again)."""

from __future__ import annotations

import shutil
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


def test_a_second_check_of_the_same_files_answers_the_same(run, folder):
    first = run("check", str(folder))
    second = run("check", str(folder))
    assert first.code == second.code == 0
    assert first.stdout == second.stdout
    assert second.stdout.startswith("ok: 121 targets, 12 orgs, 71 metrics, 4 sources ")
    assert first.stderr == second.stderr == ""


def test_an_edited_source_text_is_worked_out_again(run, folder):
    assert run("check", str(folder)).code == 0
    text = folder / "sources" / "jiangmen-2024-pledges.txt"
    # a new figure no target quotes: 99个, in a sentence of its own at the end
    text.write_text(text.read_text(encoding="utf-8") + "\n另新增项目99个。\n", encoding="utf-8")
    ran = run("check", str(folder))
    assert ran.code == 1
    assert "unclaimed figure '99个' in: 另新增项目99个。" in ran.stderr


def test_a_removed_dismissal_is_worked_out_again(run, folder):
    assert run("check", str(folder)).code == 0
    data = folder / "targets.toml"
    text = data.read_text(encoding="utf-8")
    # the 1310 of 省委“1310”具体部署, dismissed as a slogan
    entry = text.index('figure = "1310"')
    start = text.rindex("[[not_targets]]", 0, entry)
    end = text.index("[[", entry)
    data.write_text(text[:start] + text[end:], encoding="utf-8")
    ran = run("check", str(folder))
    assert ran.code == 1 and "unclaimed figure '1310'" in ran.stderr
    # and put back, the answer is right again
    data.write_text(text, encoding="utf-8")
    assert run("check", str(folder)).code == 0
