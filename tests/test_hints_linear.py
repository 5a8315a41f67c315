"""`check` on data with thousands of distinct wrong ids: the "did you mean" hints cost
work in proportion to the data however many ids are wrong. The first HINTED distinct
unknown ids of each kind (same_as, revises, an outcome's target, a source) get the
closest known ones; every other says plainly that none were looked for."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from conftest import generated_corpus, run_main

from targets_cli.data.checking import HINTED

NOT_SOUGHT_IDS = f"; close ids are suggested for the first {HINTED} unknown ones only"
NOT_SOUGHT_NAMES = f"; close names are suggested for the first {HINTED} unknown ones only"


def _typo(ident: str) -> str:
    """An id mistyped: its fourth letter dropped and an "x" added at the end. It is
    closer to `ident` (all but two letters in common) than to any other id."""
    return ident[:3] + ident[4:] + "x"


def _target_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.toml") if p.name != "catalogue.toml")


def _wrong_references(folder: Path) -> dict[str, str]:
    """Give every target a same_as or revises (by turns) naming no target: the next
    target's id of its file mistyped (the last one: the first one's). Each wrong id is
    another; {wrong id: the id it was typed from}."""
    typed_from = {}
    turn = 0
    for path in _target_files(folder):
        parts = path.read_text(encoding="utf-8").split("[[targets]]")
        ids = [re.search(r'^id = "(.*)"$', part, flags=re.M).group(1) for part in parts[1:]]
        for i in range(1, len(parts)):
            meant = ids[i % len(ids)]  # (the next target's id; the last one: the first's)
            key = "same_as" if turn % 2 else "revises"
            parts[i] = parts[i].rstrip("\n") + f'\n{key} = "{_typo(meant)}"\n\n'
            typed_from[_typo(meant)] = meant
            turn += 1
        path.write_text("[[targets]]".join(parts), encoding="utf-8")
    return typed_from


class _Counting(difflib.SequenceMatcher):  # type: ignore[type-arg]
    """A SequenceMatcher that counts the names compared with the one sought."""

    compared = 0

    def set_seq1(self, a):  # type: ignore[no-untyped-def]
        if self.b is not None:  # (not the empty name a SequenceMatcher starts with)
            _Counting.compared += 1
        super().set_seq1(a)


def _check(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """(names compared by every hint of one cold check, its stderr)."""
    _Counting.compared = 0
    monkeypatch.setattr(difflib, "SequenceMatcher", _Counting)
    ran = run_main(["check", "--data", str(folder)])
    monkeypatch.setattr(difflib, "SequenceMatcher", _Counting.__mro__[1])
    assert ran.code == 1, ran.stderr
    return _Counting.compared, ran.stderr


def _reported(stderr: str, key: str, typed_from: dict[str, str]) -> list[str]:
    """The rest of each "KEY 'X' is not a target id" message, in the order shown, after
    checking that X is one of the wrong ids written."""
    found = re.findall(rf"\] {key} '([^']*)' is not a target id(.*)$", stderr, flags=re.M)
    assert all(wrong in typed_from for wrong, _rest in found)
    return [f"{wrong}|{rest}" for wrong, rest in found]


def _hints_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, targets: int
) -> tuple[int, int, str]:
    folder = generated_corpus(tmp_path, monkeypatch, targets=targets, files=targets // 100)
    typed_from = _wrong_references(folder)
    assert len(typed_from) == targets  # every target has its own wrong id
    compared, stderr = _check(folder, monkeypatch)
    assert stderr.endswith(f"\n{targets} problems found\n")
    for key in ("same_as", "revises"):
        reported = _reported(stderr, key, typed_from)
        assert len(reported) == targets // 2  # every wrong id is reported, once
        # the first HINTED in the order of the data name first the id it was typed from
        for line in reported[:HINTED]:
            wrong, rest = line.split("|")
            assert rest.startswith(f"; did you mean {typed_from[wrong]}, "), line
        # the others say that no hint was looked for: never a guessed one, never silence
        assert all(line.endswith(f"|{NOT_SOUGHT_IDS}") for line in reported[HINTED:])
    return compared, len(typed_from), stderr


def test_thousands_of_distinct_wrong_ids_cost_linear_work(tmp_path, monkeypatch):
    small, wrong, _stderr = _hints_of(tmp_path / "n", monkeypatch, 500)
    assert wrong == 500
    # two kinds (same_as, revises), each: HINTED wrong ids compared with the 500 ids
    # once; not 500 x 500
    assert small <= 2 * HINTED * 500

    large, wrong, _stderr = _hints_of(tmp_path / "10n", monkeypatch, 5000)
    assert wrong == 5000
    assert large <= 2 * HINTED * 5000
    # ten times the targets and the wrong ids: about ten times the work, not a hundred
    assert large <= 12 * small


def test_a_few_wrong_ids_all_get_their_hint(tmp_path, monkeypatch):
    """Up to HINTED distinct wrong ids of a kind: each has its hint, as before."""
    folder = generated_corpus(tmp_path, monkeypatch, targets=2 * HINTED, files=1)
    typed_from = _wrong_references(folder)
    _compared, stderr = _check(folder, monkeypatch)
    for key in ("same_as", "revises"):
        reported = _reported(stderr, key, typed_from)
        assert len(reported) == HINTED
        for line in reported:
            wrong, rest = line.split("|")
            assert rest.startswith(f"; did you mean {typed_from[wrong]}, "), line
    assert "suggested for the first" not in stderr


def test_the_same_wrong_id_many_times_is_one_hint(tmp_path, monkeypatch):
    """A wrong id written by many targets is one unknown id: all of them get its hint,
    however many more than HINTED they are."""
    folder = generated_corpus(tmp_path, monkeypatch, targets=300, files=3)
    first = re.search(r'^id = "(.*)"$', _target_files(folder)[0].read_text("utf-8"), re.M)
    assert first is not None
    wrong = _typo(first.group(1))
    for path in _target_files(folder):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n[[targets]]", f'revises = "{wrong}"\n\n[[targets]]'))
    _compared, stderr = _check(folder, monkeypatch)
    found = re.findall(rf"revises '{wrong}' is not a target id(.*)$", stderr, flags=re.M)
    assert len(found) > HINTED
    # (the target typed from is not suggested to itself: it is there to be hinted to others)
    assert all(rest.startswith("; did you mean ") for rest in found), set(found)


def test_outcomes_and_sources_past_the_first_say_no_hint_was_sought(tmp_path, monkeypatch):
    """An outcome's unknown target and a target's unknown source: the first HINTED
    distinct ones name the closest, the others say none were looked for."""
    many = HINTED + 5
    folder = generated_corpus(tmp_path, monkeypatch, targets=many * 2, files=2)
    paths = _target_files(folder)
    # each target of the first file cites its own misspelt source
    text = paths[0].read_text(encoding="utf-8")
    source = re.search(r'^source = "(.*)"$', text, flags=re.M)
    assert source is not None
    parts = text.split("[[targets]]")
    sources = [f"{source.group(1)}-{i:02d}x" for i in range(1, len(parts))]
    for i, wrong in enumerate(sources, 1):
        parts[i] = parts[i].replace(f'source = "{source.group(1)}"', f'source = "{wrong}"')
    paths[0].write_text("[[targets]]".join(parts), encoding="utf-8")
    # outcomes whose targets are the second file's ids mistyped
    second = paths[1].read_text(encoding="utf-8")
    ids = re.findall(r'^id = "(.*-\d{3})"$', second, flags=re.M)
    outcomes = "".join(
        f'\n[[outcomes]]\nid = "result-{i}"\ntarget = "{_typo(ident)}"\nvalue = 1\n'
        f'unit = "%"\nperiod = "2015"\npublisher = "江门日报"\ntitle = "报告"\n'
        f'url = "https://example.org/{i}"\n'
        for i, ident in enumerate(ids)
    )
    paths[1].write_text(second + outcomes, encoding="utf-8")
    _compared, stderr = _check(folder, monkeypatch)

    found = re.findall(r"unknown target '([^']*)'(.*)$", stderr, flags=re.M)
    assert len(found) == len(ids) == many
    hinted = [(wrong, rest) for wrong, rest in found if rest.startswith("; did you mean ")]
    assert len(hinted) == HINTED
    for wrong, rest in hinted:
        meant = next(ident for ident in ids if _typo(ident) == wrong)
        assert rest.startswith(f"; did you mean {meant}")
    assert [rest for _w, rest in found[HINTED:]] == [NOT_SOUGHT_IDS] * (many - HINTED)

    found = re.findall(r"unknown source '([^']*)'(.*)$", stderr, flags=re.M)
    assert sorted(wrong for wrong, _rest in found) == sorted(sources)
    hinted = [rest for _w, rest in found if rest.startswith("; did you mean ")]
    assert len(hinted) == HINTED
    # (every misspelling is of the one source: it is the closest to each)
    assert all(rest.startswith(f"; did you mean {source.group(1)}") for rest in hinted)
    assert sum(rest == NOT_SOUGHT_NAMES for _w, rest in found) == many - HINTED
