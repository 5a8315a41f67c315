"""`coverage` is made a metric at a time as it is written: when its first metric is
printed, only that metric's targets have been built, not every metric's answer; by the
end each target has been built once. Counted, not timed: every target the index turns
into a record passes through data.index.target_of."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO, run_main

from targets_cli.data import index as index_module
from targets_cli.renderers import delimited, document

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


def _ids_by_metric(folder: Path) -> dict[str, list[str]]:
    """Each metric's target ids, read by the standard library (aliases resolved by the
    catalogue's own list), not by the tool."""
    catalogue = tomllib.loads((folder / "catalogue.toml").read_text(encoding="utf-8"))
    name_of = {
        alias: metric["name"]
        for metric in catalogue["metrics"]
        for alias in (metric["name"], *metric.get("aliases", ()))
    }
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.toml")):
        for target in tomllib.loads(path.read_text(encoding="utf-8")).get("targets", []):
            found.setdefault(name_of[target["metric"]], []).append(target["id"])
    return found


def _warm(corpus: Path) -> None:
    assert run_main(["metrics", "--data", str(corpus)]).code == 0  # the index, built


def test_json_writes_the_first_metric_having_built_only_its_targets(corpus, built, monkeypatch):
    _warm(corpus)
    built.clear()
    seen: list[tuple[str, int]] = []  # (metric written, targets built by then)
    real = document.write_json

    def watched(doc, out):
        def entries():
            for entry in doc["coverage"]:
                seen.append((entry["metric"], len(built)))
                yield entry

        return real({**doc, "coverage": entries()}, out)

    monkeypatch.setattr(document, "write_json", watched)
    ran = run_main(["coverage", "--json", "--data", str(corpus)])
    assert ran.code == 0, ran
    answer = json.loads(ran.stdout)
    by_metric = _ids_by_metric(corpus)
    assert len(seen) == len(answer["coverage"]) > 1
    first, before = seen[0]
    assert first == answer["coverage"][0]["metric"]
    # when the first metric is written, the targets built are that metric's, and no other
    assert sorted(built[:before]) == sorted(by_metric[first])
    assert before < TARGETS // 4
    # the others are built after it, each target once over the whole run
    assert len(built) == len(set(built)) == TARGETS


@pytest.mark.parametrize("shape", ["jsonl", "csv", "tsv"])
def test_flat_rows_start_before_every_metric_is_built(corpus, built, monkeypatch, shape):
    _warm(corpus)
    built.clear()
    seen: list[tuple[str | None, int]] = []  # (metric of each row, targets built by then)
    module, name = (document, "write_jsonl") if shape == "jsonl" else (delimited, "write_delimited")
    real = getattr(module, name)

    def watched(records, *args, **kwargs):
        def rows():
            for record in records:
                seen.append((record.get("metric"), len(built)))
                yield record

        return real(rows(), *args, **kwargs)

    monkeypatch.setattr(module, name, watched)
    ran = run_main(["coverage", "--format", shape, "--data", str(corpus)])
    assert ran.code == 0, ran
    first, before = seen[0]
    assert sorted(built[:before]) == sorted(_ids_by_metric(corpus)[first])
    assert len({metric for metric, _ in seen}) > 1
    assert len(built) == len(set(built)) == TARGETS
