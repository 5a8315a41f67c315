"""`check` accounts for every figure one source at a time, asking the index for that
source's quotes: it builds no target record to do so (memory flat in the data), and
still finds a figure no target quotes."""

from __future__ import annotations

from pathlib import Path

from conftest import HAIXIN_CATALOGUE
from test_build_single_pass import document, make, text

DOCUMENTS = 12


def corpus(folder: Path, extra: str = "") -> Path:
    """Twelve documents of 1 to 12 亿元, each quoted by its one target."""
    files = {"catalogue.toml": HAIXIN_CATALOGUE}
    for n in range(1, DOCUMENTS + 1):
        files[f"docs/d{n:02}.toml"] = document(f"d{n:02}", n)
        files[f"docs/d{n:02}.txt"] = text(n) + (extra if n == 7 else "")
    return make(folder, files)


def counting(monkeypatch) -> list[str]:
    from targets_cli.data import store

    built: list[str] = []
    target_of = store.target_of

    def counted(row, paths, aliases):
        target = target_of(row, paths, aliases)
        built.append(target.id)
        return target

    monkeypatch.setattr(store, "target_of", counted)
    return built


def test_check_builds_no_target_to_account_for_the_figures(run, tmp_path, monkeypatch):
    folder = corpus(tmp_path / "data")
    built = counting(monkeypatch)
    ran = run("check", "--data", str(folder))
    assert (ran.code, ran.stderr) == (0, "")
    assert ran.stdout.startswith("ok: 12 targets, 2 orgs, 1 metric, 12 sources in 13 files ")
    assert built == []


def test_check_still_finds_a_figure_no_target_quotes(run, tmp_path, monkeypatch):
    # d07.txt gains a sentence of its own with a figure no target quotes: 99个
    folder = corpus(tmp_path / "data", extra="另新增项目99个。\n")
    built = counting(monkeypatch)
    ran = run("check", "--data", str(folder))
    assert ran.code == 1
    line = text(7).count("\n") + 1  # the added sentence is the text's next line
    # (column 6: after the five characters 另新增项目)
    assert f"{folder}/docs/d07.txt:{line}:6: unclaimed figure '99个' in: 另新增项目99个。" in (
        ran.stderr
    )
    assert ran.stderr.endswith("1 problem found\n")
    assert built == []
