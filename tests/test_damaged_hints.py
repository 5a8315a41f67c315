"""`check` on a corpus with many damaged targets: the "did you mean" hints cost work
in proportion to the data, not to damaged targets times catalogue entries."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from conftest import generated_corpus, run_main

WRONG_ORG = "无此区"
WRONG_SOURCE = "nosuch"
WRONG_ID = "nosuch-2015-0001-001"


def _damage(folder: Path, revises: bool = False) -> int:
    """Every fourth target given an org and a source no catalogue has (revises: instead,
    a `revises` naming no target); how many were."""
    turn = damaged = 0
    for path in sorted(folder.rglob("*.toml")):
        if path.name == "catalogue.toml":
            continue
        parts = path.read_text(encoding="utf-8").split("[[targets]]")
        for i in range(1, len(parts)):
            if turn % 4 == 0 and revises:
                parts[i] = parts[i].rstrip("\n") + f'\nrevises = "{WRONG_ID}"\n\n'
                damaged += 1
            elif turn % 4 == 0:
                block = re.sub(r'^org = ".*"$', f'org = "{WRONG_ORG}"', parts[i], flags=re.M)
                parts[i] = re.sub(
                    r'^source = ".*"$', f'source = "{WRONG_SOURCE}"', block, flags=re.M
                )
                damaged += 1
            turn += 1
        path.write_text("[[targets]]".join(parts), encoding="utf-8")
    return damaged


def _catalogue_entries(folder: Path) -> int:
    """The orgs and sources written in the folder: what one hint compares a name with."""
    return sum(
        text.count("\n[[orgs]]") + text.count("\n[[sources]]") + text.startswith("[[")
        for text in (p.read_text(encoding="utf-8") for p in folder.rglob("*.toml"))
    )


def _check_compares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, targets: int, revises: bool = False
) -> tuple[int, int, int, str]:
    """(names compared by every hint of one cold check, damaged targets, catalogue
    entries, stderr) on a generated corpus of `targets` targets, 100 a file."""
    folder = generated_corpus(tmp_path, monkeypatch, targets=targets, files=targets // 100)
    damaged = _damage(folder, revises)
    compared = 0
    original = difflib.SequenceMatcher

    class Counting(original):  # type: ignore[misc,valid-type]
        """Counts the names compared with the one a hint is sought for."""

        def set_seq1(self, a):  # type: ignore[no-untyped-def]
            nonlocal compared
            compared += self.b is not None  # (not the empty name it starts with)
            super().set_seq1(a)

    monkeypatch.setattr(difflib, "SequenceMatcher", Counting)
    ran = run_main(["check", "--data", str(folder)])
    monkeypatch.setattr(difflib, "SequenceMatcher", original)
    assert ran.code == 1, ran.stderr
    return compared, damaged, _catalogue_entries(folder), ran.stderr


def test_each_wrong_name_is_compared_with_the_catalogue_once(tmp_path, monkeypatch):
    small, damaged, entries, stderr = _check_compares(tmp_path / "n", monkeypatch, 400)
    assert damaged == 100
    # every damaged target still says what is wrong with it
    assert stderr.count(f"unknown org '{WRONG_ORG}'") == damaged
    assert stderr.count(f"unknown source '{WRONG_SOURCE}'") == damaged
    # two wrong names, each compared with its catalogue once a run (not once a target)
    assert 0 < small <= entries

    large, damaged, entries, stderr = _check_compares(tmp_path / "2n", monkeypatch, 800)
    assert damaged == 200
    assert stderr.count(f"unknown source '{WRONG_SOURCE}'") == damaged
    assert large <= entries
    # twice the damaged targets, at most twice the comparisons
    assert large <= 2 * small


def test_each_wrong_target_id_is_compared_with_the_ids_once(tmp_path, monkeypatch):
    small, damaged, _entries, stderr = _check_compares(tmp_path / "n", monkeypatch, 400, True)
    assert damaged == 100
    assert stderr.count(f"revises '{WRONG_ID}' is not a target id") == damaged
    # one wrong id, compared with the 400 target ids once a run (not once a target)
    assert 0 < small <= 400

    large, damaged, _entries, stderr = _check_compares(tmp_path / "2n", monkeypatch, 800, True)
    assert damaged == 200
    assert stderr.count(f"revises '{WRONG_ID}' is not a target id") == damaged
    assert large <= 800
