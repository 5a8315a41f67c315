"""A warm `check` with nothing edited builds no source record and no dismissal: what it
remembered of each source is enough, so its cost does not grow with the number of
sources (at 10,000 sources it built every one twice, each by a query of its own).
Counted, not timed: sources pass through data.store.source_of, dismissals through
data.store.NotTarget."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import generated_corpus, run_main

from targets_cli.data import store

TARGETS, FILES = 400, 8


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch) -> Path:
    return generated_corpus(tmp_path, monkeypatch, TARGETS, FILES)


@pytest.fixture
def built(monkeypatch) -> dict[str, int]:
    """How many source records and dismissals a run built."""
    counts = {"sources": 0, "dismissals": 0}
    source_of, not_target = store.source_of, store.NotTarget

    def counted_source(*args, **kwargs):
        counts["sources"] += 1
        return source_of(*args, **kwargs)

    def counted_dismissal(*args, **kwargs):
        counts["dismissals"] += 1
        return not_target(*args, **kwargs)

    monkeypatch.setattr(store, "source_of", counted_source)
    monkeypatch.setattr(store, "NotTarget", counted_dismissal)
    return counts


def _check(corpus: Path):
    return run_main(["check", str(corpus)], {"COLUMNS": "100"})


def test_a_warm_check_builds_no_source_and_no_dismissal(corpus, built):
    first = _check(corpus)
    assert first.code == 0, first
    # the first run accounts for every source: each of the 8 sources is built, and each
    # file's dismissal (the year in its title)
    assert built["sources"] >= FILES and built["dismissals"] >= FILES
    built.update(sources=0, dismissals=0)
    again = _check(corpus)
    assert (again.code, again.stdout, again.stderr) == (first.code, first.stdout, first.stderr)
    assert built == {"sources": 0, "dismissals": 0}


def test_a_dismissal_of_an_unknown_source_is_reported_warm_too(corpus, built):
    path = sorted(corpus.glob("docs/*/*.toml"))[2]
    text = path.read_text(encoding="utf-8")
    lines_before = text.count("\n")
    path.write_text(
        text
        + '\n[[not_targets]]\nsource = "no-such-report"\nfigure = "2015年"\n'
        + 'quote = "2015年"\nreason = "a date"\n',
        encoding="utf-8",
    )
    line = lines_before + 3  # (the `source =` line of the entry appended)
    expected = f"{path}:{line}: not_targets entry: unknown source 'no-such-report'"
    first = _check(corpus)
    assert first.code == 1, first
    assert expected in first.stderr
    again = _check(corpus)
    assert (again.code, again.stdout, again.stderr) == (first.code, first.stdout, first.stderr)
