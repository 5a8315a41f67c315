"""A target stated in several documents is one target: a restatement (same_as) and a
revision (revises) count once in every command, and `show` names who spoke and gives
the history.

The fixture (tests/fixtures/statements) is a made-up city, 东川, written for these
tests: a pledge meeting (January) where 市发展改革局, 西河区 and 南岭市 speak, and
南岭's government work report (March, read by its mayor 王强) that says 南岭's GDP
growth again with the same figure (5.5%以上: same_as) and raises its 超亿元项目 from
20个以上 to 24个以上 (revises).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "statements"


@pytest.fixture
def data(tmp_path: Path) -> str:
    folder = tmp_path / "statements"
    shutil.copytree(FIXTURE, folder)
    return str(folder / "targets.toml")


def _json(ran) -> dict:  # type: ignore[no-untyped-def]
    assert ran.code == 0, ran.stderr
    return json.loads(ran.stdout)


def _tsv(ran) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert ran.code == 0, ran.stderr
    return list(csv.DictReader(io.StringIO(ran.stdout), delimiter="\t"))


# ---- list ---------------------------------------------------------------------------


def test_list_shows_each_target_once_as_its_newest_figure(run, data: str) -> None:
    # 8 records; the report's GDP growth restates the pledge's (left out), and the
    # pledge's 20个以上 is revised by the report's 24个以上 (left out): 6 targets.
    ids = [r["id"] for r in _json(run("list", "--data", data, "--json"))]
    assert ids == [
        "fgj-gdp-growth",
        "fgj-projects-100m",
        "xihe-gdp-growth",
        "xihe-projects-100m",
        "nanling-gdp-growth",
        "nanling-projects-100m-report",
    ]
    table = run("list", "--data", data, "--format", "table")
    assert "共 6 条" in table.stdout
    assert "另有 2 条" in table.stdout and "--restatements" in table.stdout


def test_list_restatements_shows_every_statement(run, data: str) -> None:
    rows = _tsv(run("list", "--data", data, "--restatements", "--format", "tsv"))
    assert len(rows) == 8
    by_id = {r["id"]: r for r in rows}
    assert by_id["nanling-gdp-growth-report"]["same_as"] == "nanling-gdp-growth"
    assert by_id["nanling-projects-100m-report"]["revises"] == "nanling-projects-100m"
    assert by_id["nanling-projects-100m"]["value"] == "20"
    # the pledge says where else it was said: the report restates it
    listed = _json(run("list", "--data", data, "--restatements", "--json"))
    pledge = next(r for r in listed if r["id"] == "nanling-gdp-growth")
    assert pledge["also_stated"] == ["nanling-gdp-growth-report"]


# ---- show ---------------------------------------------------------------------------


def test_show_names_the_reports_speaker_and_gives_the_history(run, data: str) -> None:
    shown = _json(run("show", "nanling-projects-100m-report", "--data", data, "--json"))
    # the report was given by the mayor, not by 李华 who spoke at the pledge meeting
    assert (shown["speaker"], shown["speaker_title"]) == ("王强", "南岭市市长")
    history = [(h["id"], h["value"], h["source"], h["counted"]) for h in shown["history"]]
    assert history == [
        ("nanling-projects-100m", 20, "dongchuan-2024-pledges", False),
        ("nanling-projects-100m-report", 24, "nanling-2024-report", True),
    ]
    assert [h["published"] for h in shown["history"]] == [None, "2024-03-05"]
    table = run("show", "nanling-projects-100m-report", "--data", data, "--format", "table")
    speaker_row = next(line for line in table.stdout.splitlines() if "发言人" in line)
    assert "南岭市市长 王强" in speaker_row and "李华" not in speaker_row
    # 李华 is named only as the speaker of the pledge meeting's statement, in the history
    assert "nanling-projects-100m: ≥20 个, dongchuan-2024-pledges 2024, 南岭市委书记 李华" in (
        table.stdout
    )
    # the earlier figure stays visible, with the same history
    old = _json(run("show", "nanling-projects-100m", "--data", data, "--json"))
    assert (old["speaker"], old["speaker_title"]) == ("李华", "南岭市委书记")
    assert [h["id"] for h in old["history"]] == [h[0] for h in history]


# ---- compare ------------------------------------------------------------------------


def test_compare_regions_shows_each_target_once(run, data: str) -> None:
    answer = _json(run("compare", "西河", "南岭", "--data", data, "--json"))
    cells = {
        (m["metric"], region): [t["id"] for t in (cell or [])]
        for m in answer["metrics"]
        for region, cell in m["by_region"].items()
    }
    assert cells[("地区生产总值增长", "南岭市")] == ["nanling-gdp-growth"]  # 5.5%, once
    assert cells[("超亿元项目", "南岭市")] == ["nanling-projects-100m-report"]  # 24, not 20
    left = {(x["id"], x["why"], x["other"]) for x in answer["left_out"]}
    assert left == {
        ("nanling-gdp-growth-report", "same_as", "nanling-gdp-growth"),
        ("nanling-projects-100m", "revised", "nanling-projects-100m-report"),
    }
    rows = _tsv(run("compare", "西河", "南岭", "--data", data, "--format", "tsv"))
    stated = [(r["region"], r["metric"], r["value"]) for r in rows if r["role"] == "stated"]
    assert sorted(stated) == [
        ("南岭市", "地区生产总值增长", "5.5"),
        ("南岭市", "超亿元项目", "24"),
        ("西河区", "地区生产总值增长", "6"),
        ("西河区", "超亿元项目", "30"),
    ]


def test_compare_one_metric_ranks_the_newest_figure(run, data: str) -> None:
    answer = _json(run("compare", "--metric", "超亿元项目", "--data", data, "--json"))
    # 西河 30 > 南岭 24 (the revision; the pledge's 20 is left out)
    ranked = [(r["id"], r["value"], r["rank"]) for r in answer["ranking"]]
    assert ranked == [("xihe-projects-100m", 30, 1), ("nanling-projects-100m-report", 24, 2)]
    assert [x["id"] for x in answer["left_out"]] == ["nanling-projects-100m"]


# ---- sum and coverage ------------------------------------------------------------------


def test_sum_counts_the_revision_not_the_pledge(run, data: str) -> None:
    # 西河 30个 + 南岭 24个以上 = at least 54 (not 30 + 20 + 24 = 74, nor 50)
    answer = _json(run("sum", "--metric", "超亿元项目", "--data", data, "--json"))
    assert (answer["total"], answer["comparator"]) == (54, ">=")
    assert [p["id"] for p in answer["parts"]] == [
        "xihe-projects-100m",
        "nanling-projects-100m-report",
    ]
    assert [(x["id"], x["why"]) for x in answer["left_out"]] == [
        ("nanling-projects-100m", "revised")
    ]
    rows = _tsv(run("sum", "--metric", "超亿元项目", "--data", data, "--format", "tsv"))
    total = next(r for r in rows if r["role"] == "total")
    assert (total["value"], total["comparator"]) == ("54", ">=")


def test_coverage_gives_one_row_per_target(run, data: str) -> None:
    answer = _json(run("coverage", "--data", data, "--json"))
    by_metric = {m["metric"]: m for m in answer["coverage"]}
    gdp = by_metric["地区生产总值增长"]
    # against the city's 5%: 西河 6% is +1 point, 南岭 5.5% +0.5, each once
    gaps = [(g["id"], g["points"]) for g in gdp["gaps"]]
    assert gaps == [("xihe-gdp-growth", 1), ("nanling-gdp-growth", 0.5)]
    projects = by_metric["超亿元项目"]
    # at least 54 of the city's 100: 54.0%
    (sub,) = projects["subtotals"]
    assert (sub["total"], sub["comparator"]) == (54, ">=")
    table = run("coverage", "--data", data, "--format", "table")
    assert table.stdout.count("南岭 ≥5.5 %") == 1
    assert "54.0%" in table.stdout


def test_progress_counts_the_revision_once(run, data: str) -> None:
    answer = _json(run("progress", "--data", data, "--json"))
    # 8 records: one restatement and one revised figure left out, 6 targets
    assert answer["targets"] == 6
    assert answer["revised_as"] == {"nanling-projects-100m": "nanling-projects-100m-report"}


# ---- the bundled data ---------------------------------------------------------------


def test_bundled_compare_shows_enping_gdp_growth_once(run) -> None:
    answer = _json(run("compare", "恩平", "江海", "--json"))
    gdp = next(m for m in answer["metrics"] if m["metric"] == "地区生产总值增长")
    enping = gdp["by_region"]["恩平市"]
    assert [t["id"] for t in enping] == ["enping-gdp-growth"]  # ≥6 %, once
    assert enping[0]["also_stated"] == ["enping-gdp-growth-headline"]
    table = run("compare", "恩平", "江海", "--format", "table")
    assert table.stdout.count("≥6 %") == 1


# ---- check --------------------------------------------------------------------------


def _broken(tmp_path: Path, old: str, new: str) -> tuple[str, int]:
    folder = tmp_path / "broken"
    shutil.copytree(FIXTURE, folder)
    path = folder / "targets.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text.replace(old, new, 1)[: text.index(old)].count("\n") + 1
    return str(path), line


REVISION = 'revises = "nanling-projects-100m"'


@pytest.mark.parametrize(
    ("new", "words"),
    [
        ('revises = "xihe-projects-100m"', "a target of 西河区, but this target is 南岭市's"),
        ('revises = "nanling-gdp-growth"', "a target of metric 地区生产总值增长"),
        ('revises = "nanling-projects-100m-report"', "this target itself"),
        ('revises = "nanling-project-100m"', "is not a target id; did you mean"),
        (REVISION + '\nsame_as = "nanling-projects-100m"', "keep one"),
    ],
)
def test_check_refuses_a_wrong_revision(run, tmp_path: Path, new: str, words: str) -> None:
    path, line = _broken(tmp_path, REVISION, new)
    ran = run("check", path)
    assert ran.code == 1
    assert words in ran.stderr, ran.stderr
    assert f"targets.toml:{line}" in ran.stderr


def test_check_refuses_a_revision_cycle(run, tmp_path: Path) -> None:
    # the pledge revises the report that revises it
    path, _ = _broken(
        tmp_path,
        'firmness = "力争"\nperiod = "2024"\nsource = "dongchuan-2024-pledges"\n'
        'quote = "引进超亿元项目20个以上"',
        'firmness = "力争"\nperiod = "2024"\nsource = "dongchuan-2024-pledges"\n'
        'quote = "引进超亿元项目20个以上"\nrevises = "nanling-projects-100m-report"',
    )
    ran = run("check", path)
    assert ran.code == 1
    assert "goes round in a circle" in ran.stderr, ran.stderr


def test_check_refuses_a_figure_revised_twice(run, tmp_path: Path) -> None:
    # a second target revising 南岭's pledge of 20个以上, written before the report's
    # (after the report's GDP growth): the report's, later in the file, is the one told
    # that the figure has a revision already and to name that one instead
    path, _ = _broken(
        tmp_path,
        'speaker_title = "南岭市市长"\n',
        'speaker_title = "南岭市市长"\n\n[[targets]]\nid = "nanling-projects-100m-again"\n'
        'org = "南岭市"\nmetric = "超亿元项目"\nvalue = 24\nunit = "个"\ncomparator = ">="\n'
        'wording = "以上"\nperiod = "2024"\nrevises = "nanling-projects-100m"\n'
        'source = "nanling-2024-report"\nquote = "引进超亿元项目24个以上"\n',
    )
    ran = run("check", path)
    assert ran.code == 1
    said = (
        "[nanling-projects-100m-report] revises 'nanling-projects-100m', which "
        "'nanling-projects-100m-again' revises already"
    )
    assert said in ran.stderr, ran.stderr
    assert "1 problem found" in ran.stderr
