"""The export folds a target said in several documents as the commands do.

The fixture is tests/fixtures/statements (read tests/test_statements.py): a made-up city
东川 whose pledge meeting has 市发展改革局, 西河区 and 南岭市 speak, and 南岭's government
work report, read by its mayor 王强, that says its GDP growth again (5.5%以上: same_as)
and raises its 超亿元项目 from 20个以上 to 24个以上 (revises). Eight records, six targets.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "statements"

# the six targets, in the order of the data: the report's GDP growth restates the
# pledge's (left out), the pledge's 20个以上 is revised by the report's 24个以上 (left out)
COUNTED = [
    "fgj-gdp-growth",
    "fgj-projects-100m",
    "xihe-gdp-growth",
    "xihe-projects-100m",
    "nanling-gdp-growth",
    "nanling-projects-100m-report",
]


@pytest.fixture
def exported(run, tmp_path: Path) -> tuple[str, sqlite3.Connection]:
    folder = tmp_path / "statements"
    shutil.copytree(FIXTURE, folder)
    data = str(folder / "targets.toml")
    ran = run("export", "--data", data, "--format", "sqlite", str(tmp_path / "t.db"))
    assert ran.code == 0, ran.stderr
    db = sqlite3.connect(tmp_path / "t.db")
    db.row_factory = sqlite3.Row
    yield data, db
    db.close()


def test_progress_rows_are_the_targets_progress_counts(run, exported) -> None:
    data, db = exported
    ran = run("progress", "--data", data, "--json")
    assert ran.code == 0, ran.stderr
    answer = json.loads(ran.stdout)
    # the command: six targets, the restatement and the revised figure left out
    assert answer["targets"] == len(COUNTED) == 6
    assert answer["restatements"] == ["nanling-gdp-growth-report"]
    assert answer["revised_as"] == {"nanling-projects-100m": "nanling-projects-100m-report"}
    # the export: one progress row for each of the same six, none for the two left out
    rows = [r["target"] for r in db.execute("SELECT target FROM progress ORDER BY rowid")]
    assert rows == COUNTED
    assert "nanling-projects-100m" not in rows and "nanling-gdp-growth-report" not in rows
    # no outcome is recorded in the fixture: every one is unknown
    assert {r["status"] for r in db.execute("SELECT status FROM progress")} == {"unknown"}


def test_a_revised_figure_is_left_out_of_the_totals(exported) -> None:
    _, db = exported
    rows = {r["id"]: r for r in db.execute("SELECT * FROM targets")}
    old, new = rows["nanling-projects-100m"], rows["nanling-projects-100m-report"]
    assert (old["additive"], old["total_role"], old["left_out"]) == (0, None, "revised")
    assert (new["additive"], new["total_role"], new["revises"]) == (1, "part", old["id"])
    # 东川's county-level 超亿元项目: 西河 30个以上 + 南岭 24个以上 (its revised figure, not
    # the 20 it first pledged) = at least 54, beside 市发展改革局's 100
    total = db.execute("SELECT * FROM totals WHERE metric = '超亿元项目'").fetchall()
    assert [(t["city"], t["units"], t["total"], t["comparator"]) for t in total] == [
        ("东川市", 2, 54, ">=")
    ]


def test_the_targets_table_names_who_spoke_in_each_document(exported) -> None:
    _, db = exported
    rows = {r["id"]: r for r in db.execute("SELECT * FROM targets")}
    # the pledge: 南岭's party secretary, the org's speaker (the target names none)
    said = rows["nanling-gdp-growth"]
    assert (said["speaker"], said["speaker_title"]) == ("李华", "南岭市委书记")
    # the report: its mayor, as the target records
    for again in ("nanling-gdp-growth-report", "nanling-projects-100m-report"):
        assert (rows[again]["speaker"], rows[again]["speaker_title"]) == ("王强", "南岭市市长")
    # rises only in this fixture, and no 左右 of a target's own
    assert {(r["direction"], r["about"]) for r in rows.values()} == {(None, None)}


def test_the_exported_speaker_is_the_one_show_names_for_every_target(run, tmp_path):
    # The export writes who spoke with one SQL expression (the target's own speaker when
    # it names one, else its org's) so that targets stream into the file; `show` works it
    # out in Python (views.targets.speaker_of). On the fixture with a province, two cities,
    # restatements across documents and speakers of their own, both must name the same.
    full = Path(__file__).parent / "fixtures" / "full"
    out = tmp_path / "full.db"
    ran = run("export", "--format", "sqlite", str(out), "--data", str(full))
    assert ran.code == 0, ran.stderr
    with sqlite3.connect(out) as db:
        rows = db.execute("SELECT id, speaker, speaker_title FROM targets").fetchall()
    assert len(rows) == 28  # the fixture's [[targets]] tables
    for ident, speaker, title in rows:
        shown = run("show", ident, "--data", str(full), "--json").json()
        assert (speaker, title) == (shown["speaker"], shown["speaker_title"]), ident
