"""`coverage` does work linear in the targets: on two generated corpora, one ten times the
other, it forms each pair of a part and its city's goal once, so ten times the data is at
most about ten times the pairs, where pairing each part with every city goal of its year
formed 67 times as many. And a city with several goals for one metric and year has one
that its parts are set beside; the others are listed as such. Counted, not timed."""

from __future__ import annotations

import json
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import REPO, run_main

from targets_cli.rules import coverage as rule

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

# one city's speakers (the city, its eight units, a department), 100 and 1,000 targets
# a document: the city states several figures for one metric and year in the larger
SIZES = {"small": (1000, 10), "large": (10000, 10)}
FIRMNESS = {"确保": 0, "力保": 0, "力争": 1, "全力": 1, "争取": 2, "力促": 2, "冲刺": 2}


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    found = {}
    for name, (targets, files) in SIZES.items():
        folder = tmp_path_factory.mktemp(name) / "data"
        generate(folder, targets=targets, files=files)
        found[name] = folder
    return found


def _raw(folder: Path) -> tuple[dict[str, dict], list[dict], set[str]]:
    """The corpus as the standard library reads it: orgs, targets, additive metrics."""
    catalogue = tomllib.loads((folder / "catalogue.toml").read_text(encoding="utf-8"))
    orgs = {org["id"]: org for org in catalogue["orgs"]}
    # (milestones, with no figure, are neither added up nor set beside a goal)
    additive = {
        m["name"] for m in catalogue["metrics"] if m["additive"] or m["dimension"] == "milestone"
    }
    names = {m["name"]: m["name"] for m in catalogue["metrics"]}
    names |= {alias: m["name"] for m in catalogue["metrics"] for alias in m.get("aliases", ())}
    targets = []
    for path in sorted(folder.glob("docs/*/*.toml")):
        for target in tomllib.loads(path.read_text(encoding="utf-8")).get("targets", []):
            targets.append(target | {"metric": names[target["metric"]]})
    return orgs, targets, additive


def _coverage(folder: Path, monkeypatch) -> tuple[list[dict], int]:
    """The rows of `coverage --format jsonl`, and the pairs (RateGap) the run formed."""
    formed = 0
    real = rule.RateGap

    def counted(*args, **kwargs):
        nonlocal formed
        formed += 1
        return real(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(rule, "RateGap", counted)
        ran = run_main(["coverage", "--format", "jsonl", "--data", str(folder)])
    assert ran.code == 0, ran.stderr
    return [json.loads(line) for line in ran.stdout.splitlines()], formed


def test_pairs_formed_grow_with_the_targets_not_their_square(corpora, monkeypatch) -> None:
    measured = {}
    for name, folder in corpora.items():
        rows, formed = _coverage(folder, monkeypatch)
        gaps = [row for row in rows if row["role"] == "gap"]
        # a part is one row: set beside one goal, never once per goal of its city's
        assert len({row["id"] for row in gaps}) == len(gaps) == formed
        assert formed <= SIZES[name][0]
        measured[name] = formed
    assert measured["small"] > 20, measured  # (enough pairs that the ratio means something)
    assert measured["large"] <= 12 * measured["small"], measured


def test_a_city_with_several_goals_for_a_year_has_one_the_others_listed(
    corpora, monkeypatch
) -> None:
    folder = corpora["large"]
    orgs, targets, additive = _raw(folder)
    rows, _ = _coverage(folder, monkeypatch)
    city = next(org_id for org_id, org in orgs.items() if org["kind"] == "city")
    # the city government's own dated figures of each rate, share and rank, in order
    goals: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for target in targets:
        if target["org"] == city and target["metric"] not in additive and "subject" not in target:
            goals[(target["metric"], target["period"])].append(target)
    several = {key: found for key, found in goals.items() if len(found) > 1}
    assert len(several) >= 5, "the corpus should give the city several goals a year"
    # the firmest stands; of equally firm ones, the first stated
    standing = {
        key: min(found, key=lambda t: FIRMNESS.get(t.get("firmness") or "", 0))["id"]
        for key, found in several.items()
    }
    beside: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        if row["role"] == "gap" and row["city_region"] == city:
            beside[(row["metric"], row["period"])].add(row["city_id"])
    left = {
        row["id"]: row["other"]
        for row in rows
        if row["role"] == "left_out" and row["why"] == "other_goal"
    }
    checked = 0
    for key, found in several.items():
        if key not in beside:
            continue  # none of the city's units stated this metric for that year
        checked += 1
        assert beside[key] == {standing[key]}, key
        for target in found:
            if target["id"] != standing[key]:
                assert left[target["id"]] == standing[key], target["id"]
    assert checked >= 5
