"""`check` after one edit does work proportional to that file: on a generated corpus,
only the edited file is parsed, only its targets are checked and only its source is
accounted for again; with no edit at all, nothing is. Counted, not timed: files pass
through data.loading.parse_file, targets through cross.Settler.settle, and a source's
figures through completeness._source_problems."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import generated_corpus, run_main

from targets_cli.data import completeness, cross, loading

TARGETS, FILES = 2000, 20


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch) -> Path:
    return generated_corpus(tmp_path, monkeypatch, TARGETS, FILES)


@pytest.fixture
def work(monkeypatch) -> dict[str, list[str]]:
    """What a run did: the files it parsed, the targets it checked, the sources whose
    figures it accounted for."""
    done: dict[str, list[str]] = {"parsed": [], "checked": [], "accounted": []}
    parse, settle, account = loading.parse_file, cross.Settler.settle, completeness._source_problems

    def parsed(path, *args, **kwargs):
        done["parsed"].append(Path(path).name)
        return parse(path, *args, **kwargs)

    def checked(self, row, *args, **kwargs):
        done["checked"].append(row.get("id") if isinstance(row, dict) else str(row))
        return settle(self, row, *args, **kwargs)

    def accounted(record, *args, **kwargs):
        done["accounted"].append(record.id)
        return account(record, *args, **kwargs)

    monkeypatch.setattr(loading, "parse_file", parsed)
    monkeypatch.setattr(cross.Settler, "settle", checked)
    monkeypatch.setattr(completeness, "_source_problems", accounted)
    return done


def _check(corpus: Path, *more: str):
    return run_main(["check", str(corpus), *more], {"COLUMNS": "100"})


def _clear(work: dict[str, list[str]]) -> None:
    for found in work.values():
        found.clear()


def _a_file(corpus: Path) -> tuple[Path, dict]:
    """One data file of the corpus that holds targets, read by the standard library."""
    path = sorted(corpus.glob("docs/*/*.toml"))[7]
    return path, tomllib.loads(path.read_text(encoding="utf-8"))


def test_a_check_with_nothing_edited_parses_and_checks_nothing(corpus, work):
    first = _check(corpus)
    assert first.code == 0, first
    assert len(work["parsed"]) == FILES + 1  # (the first builds the index: every file)
    _clear(work)
    again = _check(corpus)
    assert (again.code, again.stdout, again.stderr) == (first.code, first.stdout, first.stderr)
    assert work == {"parsed": [], "checked": [], "accounted": []}


def test_a_check_after_one_edit_works_on_that_file_alone(corpus, work):
    assert _check(corpus).code == 0
    path, data = _a_file(corpus)
    (source,) = data["sources"]
    text = path.read_text(encoding="utf-8")
    last = data["targets"][-1]
    # take the file's last target out: the figure it quoted is now unclaimed
    cut = text.rindex("[[targets]]")
    _clear(work)
    path.write_text(text[:cut], encoding="utf-8")
    ran = _check(corpus)
    assert ran.code == 1
    assert "unclaimed figure" in ran.stderr and str(last["value"]) in ran.stderr
    assert ran.stderr.endswith("1 problem found\n")
    assert work["parsed"] == [path.name]
    assert len(work["checked"]) == len(data["targets"]) - 1
    assert work["accounted"] == [source["id"]]
    # put back: that file again, and the answer is clean again
    _clear(work)
    path.write_text(text, encoding="utf-8")
    back = _check(corpus)
    assert back.code == 0 and back.stderr == ""
    assert work["parsed"] == [path.name]
    assert len(work["checked"]) == len(data["targets"])
    assert work["accounted"] == [source["id"]]


def test_a_check_after_one_source_text_is_edited_accounts_for_that_source(corpus, work):
    assert _check(corpus).code == 0
    path, data = _a_file(corpus)
    (source,) = data["sources"]
    text = path.parent / source["file"]
    _clear(work)
    text.write_text(text.read_text(encoding="utf-8") + "\n另新增项目99个。\n", encoding="utf-8")
    ran = _check(corpus)
    assert ran.code == 1
    assert "unclaimed figure '99个' in: 另新增项目99个。" in ran.stderr
    assert work["parsed"] == []
    # (the targets that quote it are checked against it again: that file's)
    assert len(work["checked"]) == len(data["targets"])
    assert work["accounted"] == [source["id"]]


def test_check_full_works_everything_out_again(corpus, work):
    assert _check(corpus).code == 0
    _clear(work)
    ran = _check(corpus, "--full")
    assert ran.code == 0
    assert len(work["parsed"]) == FILES + 1
    assert len(work["checked"]) == TARGETS
    assert len(work["accounted"]) == FILES
