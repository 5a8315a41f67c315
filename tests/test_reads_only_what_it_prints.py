"""`show`, `metrics` and `regions` read only what they print: on a generated corpus,
`show ID` builds the target and the few beside it, `metrics` and `regions` build none
(they count with the index's GROUP BY). Counted, not timed: every settled target the
index turns into a record passes through data.index.target_of."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO, run_main

from targets_cli.data import index as index_module

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

TARGETS, FILES = 3000, 30


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "data"
    generate(folder, targets=TARGETS, files=FILES)
    return folder


@pytest.fixture
def built(monkeypatch) -> list[str]:
    """The ids of the targets the index builds as records, in the order it builds them."""
    made: list[str] = []
    real = index_module.target_of

    def counted(*args, **kwargs):
        target = real(*args, **kwargs)
        made.append(target.id)
        return target

    monkeypatch.setattr(index_module, "target_of", counted)
    return made


def _targets_of(folder: Path) -> list[dict]:
    """Every target of the corpus, read by the standard library, not by the tool."""
    found = []
    for path in sorted(folder.rglob("*.toml")):
        found += tomllib.loads(path.read_text(encoding="utf-8")).get("targets", [])
    return found


def _targets(corpus: Path, *args: str) -> object:
    ran = run_main([*args, "--data", str(corpus)], {"COLUMNS": "100"})
    assert ran.code == 0, ran
    return ran


def test_show_builds_only_the_target_and_its_sentence(corpus, built):
    _targets(corpus, "metrics", "--json")  # the index, built (building reads everything)
    built.clear()
    wanted = _targets_of(corpus)[TARGETS // 2]
    ran = _targets(corpus, "show", wanted["id"], "--json")
    shown = ran.json()
    assert shown["id"] == wanted["id"]
    assert shown["quote"] == wanted["quote"]
    assert wanted["id"] in built
    assert set(built) == {wanted["id"], *shown["same_sentence"]}
    assert len(built) <= 10


def test_show_of_an_unknown_id_reads_ids_only(corpus, built):
    _targets(corpus, "metrics", "--json")
    built.clear()
    known = _targets_of(corpus)[7]["id"]
    ran = run_main(["show", known + "x", "--data", str(corpus)], {"COLUMNS": "100"})
    assert ran.code != 0
    assert known in ran.stderr  # the closest id is suggested
    assert built == []


def test_metrics_and_regions_build_no_target(corpus, built):
    _targets(corpus, "list", "--json")  # the index, built; every target read once
    written = _targets_of(corpus)
    built.clear()
    metrics = _targets(corpus, "metrics", "--json").json()
    regions = _targets(corpus, "regions", "--json").json()
    assert built == []
    # the counts are still every target of the corpus, by the metric each names
    assert sum(m["targets"] for m in metrics) == TARGETS == len(written)
    catalogue = tomllib.loads((corpus / "catalogue.toml").read_text(encoding="utf-8"))
    name_of = {
        alias: metric["name"]
        for metric in catalogue["metrics"]
        for alias in (metric["name"], *metric.get("aliases", ()))
    }
    by_metric: dict[str, int] = {}
    for target in written:  # (a target may name its metric by an alias)
        name = name_of[target["metric"]]
        by_metric[name] = by_metric.get(name, 0) + 1
    names = {m["metric"]: m["targets"] for m in metrics if m["targets"]}
    assert names == by_metric
    by_org: dict[str, int] = {}
    for target in written:
        by_org[target["org"]] = by_org.get(target["org"], 0) + 1
    assert {r["org"]: r["targets"] for r in regions if r["targets"]} == by_org


@pytest.mark.parametrize(
    ("shown", "other"),
    [
        ("pengjiang-gdp-level", "pengjiang-gdp-level-headline"),
        ("pengjiang-gdp-level-headline", "pengjiang-gdp-level"),
    ],
)
def test_show_reads_a_restatement_by_its_link(shown, other, built):
    """data/targets.toml: pengjiang-gdp-level-headline has same_as = "pengjiang-gdp-level"
    (the speech's headline restates its body); each is shown with the other, from either
    side, and nothing else of the 116 targets is built."""
    run_main(["metrics"])  # the bundled data's index, built
    built.clear()
    ran = run_main(["show", shown, "--json"])
    assert ran.code == 0, ran
    answer = ran.json()
    assert answer["also_stated"] == [other]
    assert [h["id"] for h in answer["history"]] == [
        "pengjiang-gdp-level",
        "pengjiang-gdp-level-headline",
    ]
    assert set(built) == {shown, other, *answer["same_sentence"]}
    assert len(built) <= 2 * len(set(built))  # (the target itself: found, then with the rest)


def test_list_and_compare_build_only_what_they_print(corpus, built):
    """The statement rules (same_as, revises) once built every target to follow links:
    `list --region R` built all 3,000 for R's 100, `compare --metric M` all for M's few.
    They ask the index for the linked targets only (the corpus has none)."""
    _targets(corpus, "metrics", "--json")  # the index, built
    written = _targets_of(corpus)
    assert not any("same_as" in t or "revises" in t for t in written)
    org = written[0]["org"]
    built.clear()
    rows = _targets(corpus, "list", "--org", org, "--json").json()
    # the org's own targets, read from the files by the standard library
    assert (
        sorted(built)
        == sorted(r["id"] for r in rows)
        == sorted(t["id"] for t in written if t["org"] == org)
    )
    metric = written[0]["metric"]
    built.clear()
    _targets(corpus, "compare", "--metric", metric, "--json")
    catalogue = tomllib.loads((corpus / "catalogue.toml").read_text(encoding="utf-8"))
    names = next(
        {m["name"], *m.get("aliases", ())}
        for m in catalogue["metrics"]
        if metric in (m["name"], *m.get("aliases", ()))
    )
    of_metric = {t["id"] for t in written if t["metric"] in names}
    assert built and set(built) <= of_metric


def test_scan_with_data_builds_no_target_to_leave_out_what_the_data_claims(corpus, built):
    # a text of the corpus that the data quotes: every figure is claimed by its targets
    # (the generator writes one target a figure), found from the quotes of that one
    # source, so scan drafts nothing and builds no target of the other 29 files
    _targets(corpus, "metrics", "--json")
    built.clear()
    text = sorted(corpus.rglob("*.txt"))[3]
    ran = _targets(corpus, "scan", str(text), "--format", "json")
    answer = ran.json()
    assert answer["in_data"] is True
    assert answer["figures"] > 0 and answer["claimed"] == answer["figures"]
    assert answer["targets"] == []
    assert built == []
