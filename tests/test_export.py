"""`targets export`: each export opened by the standard library's reader, against the data,
and the SQLite file's views against the tool's own answers, figure for figure."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

BOM = b"\xef\xbb\xbf"
RECORD_FIELDS = (
    "value",
    "value_max",
    "unit",
    "comparator",
    "wording",
    "firmness",
    "period",
    "subject",
    "outcome",
    "source",
    "quote",
    "note",
    "same_as",
)


def exported(run, fmt: str, out: Path | str, *more: str):
    ran = run("export", "--format", fmt, str(out), *more)
    assert ran.code == 0, ran
    return ran


def raw_targets(raw_data) -> dict[str, dict]:
    return {t["id"]: t for t in raw_data["targets"]}


def same_as_the_data(rows: dict[str, dict], raw_data) -> None:
    """Every target of the data file, field by field, as the export holds it."""
    raw = raw_targets(raw_data)
    assert set(rows) == set(raw)
    for target_id, written in raw.items():
        row = rows[target_id]
        assert row["org"] == written["org"], target_id
        assert row["kind"] == written.get("kind", "target"), target_id
        for key in RECORD_FIELDS:
            assert row[key] == written.get(key), (target_id, key)


def counts(raw_data) -> str:
    """'115 targets, ..., 1 source': a noun takes an s unless there is one."""
    nouns = ("target", "org", "metric", "source")
    return ", ".join(
        f"{len(raw_data[noun + 's'])} {noun}" + ("" if len(raw_data[noun + "s"]) == 1 else "s")
        for noun in nouns
    )


# ---- SQLite -----------------------------------------------------------------


@pytest.fixture(scope="module")
def database_file(tmp_path_factory):
    from conftest import run_main

    path = tmp_path_factory.mktemp("export") / "targets.db"
    ran = run_main(["export", "--format", "sqlite", str(path)], env={"TARGETS_DATA": None})
    assert ran.code == 0, ran
    assert ran.stdout.startswith(f"wrote {path}: ")
    return path


@pytest.fixture
def database(database_file):
    db = sqlite3.connect(database_file)
    db.row_factory = sqlite3.Row
    yield db
    db.close()


def test_sqlite_has_a_table_per_record_kind_with_every_record(database, raw_data):
    count = {
        name: database.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        for name in ("sources", "orgs", "metrics", "targets", "units", "outcomes", "progress")
    }
    assert count == {
        "sources": len(raw_data["sources"]),
        "orgs": len(raw_data["orgs"]),
        "metrics": len(raw_data["metrics"]),
        "targets": len(raw_data["targets"]),
        "units": 12,
        "outcomes": len(raw_data.get("outcomes", [])),
        # every target has a status, unknown too; a restatement (same_as: 4 in the bundled
        # data, 蓬江's and 恩平's headline figures, 新会's named 万亩 parks and 开平's floor in
        # the city's report) is folded into the one it restates, as `targets progress`
        # counts it: 121 - 4 = 117
        "progress": len(raw_data["targets"]) - 4,
    }
    aliases = [(a, m["name"]) for m in raw_data["metrics"] for a in m.get("aliases", [])]
    rows = database.execute("SELECT alias, metric FROM metric_aliases").fetchall()
    assert sorted(tuple(r) for r in rows) == sorted(aliases)
    org_aliases = [(o["id"], a) for o in raw_data["orgs"] for a in o.get("aliases", [])]
    rows = database.execute("SELECT org, alias FROM org_aliases").fetchall()
    assert sorted(tuple(r) for r in rows) == sorted(org_aliases)


def test_sqlite_targets_match_the_data_file(database, raw_data):
    rows = {r["id"]: dict(r) for r in database.execute("SELECT * FROM targets")}
    same_as_the_data(rows, raw_data)
    order = [r[0] for r in database.execute("SELECT id FROM targets ORDER BY position")]
    assert order == [t["id"] for t in raw_data["targets"]]  # in the file's order


def test_sqlite_rows_carry_their_meaning(database):
    # 开平: 新引入超亿元项目52个以上 -- a county-level figure, a floor, may be added
    row = database.execute("SELECT * FROM targets WHERE id = 'kaiping-projects-100m'").fetchone()
    assert (row["value"], row["unit"], row["comparator"], row["bound"]) == (
        52,
        "个",
        ">=",
        "at least",
    )
    assert isinstance(row["value"], int)
    assert (row["level"], row["standing"], row["additive"], row["total_role"]) == (
        "county",
        "county",
        1,
        "part",
    )
    assert (row["org_en"], row["region_en"], row["city"]) == ("Kaiping", "Kaiping", "江门市")
    assert (row["period"], row["period_start"], row["period_end"]) == ("2024", 2024, 2024)
    assert row["metric_en"] == "Projects over 100 million yuan introduced"
    # 市科技局: 力争科技人才总量达到5.7万人 -- a department speaks for its city
    row = database.execute("SELECT * FROM targets WHERE id = 'keji-tech-talent'").fetchone()
    assert (row["org"], row["region"], row["level"], row["value"], row["unit"]) == (
        "市科技局",
        "江门市",
        "department",
        5.7,
        "万人",
    )
    assert (row["base_value"], row["base_unit"]) == (57000, "人")  # 5.7 × 10^4
    assert (row["firmness"], row["firmness_level"]) == ("力争", "strive")
    # 工信局: 江门大型产业集聚区规上工业总产值超4000亿元 -- an area narrower than the city
    row = database.execute(
        "SELECT level, additive, total_role, left_out, base_value FROM targets "
        "WHERE id = 'gongxin-cluster-industrial-output'"
    ).fetchone()
    assert tuple(row) == ("area", 0, None, "narrower", 4000 * 10**8)


def test_sqlite_a_plain_sum_of_the_additive_rows_is_the_tools_total(database):
    # The issue's trap: SUM(value) over every 工业投资 row adds the city's >1000 to its units'.
    # Summing the rows marked additive gives 鹤山 200 + 恩平 100 = 300 亿元, as `sum` does.
    (total,) = database.execute(
        "SELECT SUM(base_value) / 1e8 FROM targets WHERE metric = '工业投资' AND additive = 1"
    ).fetchone()
    assert total == 300
    # 规上工业总产值: 台山 >800 + 鹤山 >1000 = 1800; the 集聚区's 4000 and 主平台's 850 stay out
    (total,) = database.execute(
        "SELECT SUM(value) FROM targets WHERE metric = '规上工业总产值' AND additive = 1"
    ).fetchone()
    assert total == 1800


def test_sqlite_keys_are_declared_and_hold(database):
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = {
        (fk["from"], fk["table"], fk["to"])
        for fk in database.execute("PRAGMA foreign_key_list(targets)")
    }
    assert keys == {
        ("org", "orgs", "id"),
        ("region", "orgs", "id"),
        ("city", "orgs", "id"),
        ("metric", "metrics", "name"),
        ("source", "sources", "id"),
        ("unit", "units", "symbol"),
        ("base_unit", "units", "symbol"),
    }
    for table, key in [("targets", "id"), ("orgs", "id"), ("metrics", "name"), ("sources", "id")]:
        columns = database.execute(f"PRAGMA table_info({table})").fetchall()
        assert [c["name"] for c in columns if c["pk"]] == [key]


def test_sqlite_a_broken_reference_is_caught(database):
    database.execute("PRAGMA foreign_keys = ON")  # SQLite enforces keys when asked
    with pytest.raises(sqlite3.IntegrityError):
        database.execute("UPDATE targets SET org = '无此单位' WHERE id = 'kaiping-projects-100m'")


def test_sqlite_indexes_for_the_common_filters(database):
    indexed = set()
    for index in database.execute("PRAGMA index_list(targets)"):
        columns = database.execute(f"PRAGMA index_info({index['name']})").fetchall()
        indexed.add(tuple(c["name"] for c in columns))
    assert {("metric",), ("region",), ("org",), ("source",), ("level",)} <= indexed


def test_sqlite_names_resolve_aliases(database):
    found = database.execute("SELECT metric FROM metric_names WHERE name = '亿元以上项目'")
    assert found.fetchone()[0] == "超亿元项目"
    found = database.execute("SELECT org FROM org_names WHERE name = 'Taishan'")
    assert found.fetchone()[0] == "台山市"


def test_sqlite_keeps_the_source_text(database, source_text):
    # the pledges' text is bundled; the cited sources (广东's report, 江门's for 开平) have
    # no text and no file, only their citation
    cited = database.execute("SELECT id, file, text, url FROM sources WHERE file IS NULL")
    assert [(r["id"], r["text"]) for r in cited] == [
        ("guangdong-2024-report-nandu", None),
        ("guangdong-2024-report-dotdot", None),
        ("jiangmen-2024-report-kaiping", None),
    ]
    row = database.execute("SELECT * FROM sources WHERE file IS NOT NULL").fetchone()
    assert (row["id"], row["file"], row["year"]) == (
        "jiangmen-2024-pledges",
        "sources/jiangmen-2024-pledges.txt",
        2024,
    )
    assert row["text"] == source_text
    assert "张浩洋" in json.loads(row["bylines"])
    assert row["citation"].startswith("“市直部门及各县(市、区)在全市高质量发展推进会上作表态发言")
    for (quote,) in database.execute("SELECT quote FROM targets WHERE source = ?", (row["id"],)):
        assert quote in row["text"]


def test_sqlite_progress_is_the_tools_status(database, run):
    found = {r["target"]: dict(r) for r in database.execute("SELECT * FROM progress")}
    document = run("progress", "--json").json()
    assert document["outcomes"]  # the bundled data records outcomes
    for record in document["outcomes"]:
        row = found[record["id"]]
        assert (row["status"], row["status_reason"]) == (
            record["status"],
            record["status_reason"],
        )
        assert (row["outcome"], row["margin"], row["margin_unit"]) == (
            record["outcome_id"],
            record["margin"],
            record["margin_unit"],
        )
    # the scorecard counts the targets that are not restatements of another
    restated = set(document["restatements"])
    tally: dict[str, int] = {}
    for target, row in found.items():
        if target not in restated:
            tally[row["status"]] = tally.get(row["status"], 0) + 1
    total = document["total"]
    assert tally == {
        s: total[s.replace("-", "_")]
        for s in ("met", "missed", "unclear", "not-comparable", "unknown")
        if total[s.replace("-", "_")]
    }
    # 开平 确保GDP增长5.5%以上, 2024 result 2.5%: missed by 2.5 - 5.5 = -3 points
    assert found["kaiping-gdp-growth"]["margin"] == -3


# ---- the views against the tool's answers -------------------------------------------


def additive_metrics(run) -> list[str]:
    return [m["metric"] for m in run("metrics", "--json").json() if m["additive"]]


def totals_rows_of(doc: dict) -> list[tuple]:
    """The rows the export's totals table should hold for one metric, from `sum --json`:
    each total, at every level, beside each of its region's goals and pledges (or none)."""
    expected = []
    for sub in doc["subtotals"]:
        total = (
            sub.get("city_region"),
            sub["period"],
            sub["unit"],
            len(sub["parts"]),
            sub["total"],
            sub.get("total_max"),
            sub["comparator"],
        )
        beside = [(c, 0) for c in sub["city"]] + [(p, 1) for p in sub.get("pledges", [])]
        for city, pledge in beside or [(None, 0)]:
            figure = (
                (None,) * 6
                if city is None
                else (
                    city["id"],
                    city["org"],
                    city["value"],
                    city["unit"],
                    city["comparator"],
                    city["share"],
                )
            )
            expected.append((*total, *figure, pledge))
    return expected


def assert_totals_are_the_commands(database, run, metrics, parents: dict[str, str | None]):
    for metric in metrics:
        ran = run("sum", "--metric", metric, "--json")
        assert ran.code == 0, (metric, ran)
        doc = ran.json()
        rows = database.execute(
            "SELECT city, period, unit, units, total, total_max, comparator, city_target, "
            "city_org, city_value, city_unit, city_comparator, share, pledge, silent, related "
            "FROM totals WHERE metric = ?",
            (metric,),
        ).fetchall()
        found = [tuple(r)[:-2] for r in rows]
        assert sorted(found, key=repr) == sorted(totals_rows_of(doc), key=repr), metric
        # each row lists its own region's silent parts (and those that stated a related
        # metric); the command lists every region's
        wholes = {r["city"] for r in rows}
        silent = {s for r in rows for s in json.loads(r["silent"])}
        assert silent == {s for s in doc["silent"] if parents[s] in wholes}, metric
        assert all(parents[s] == r["city"] for r in rows for s in json.loads(r["silent"]))
        related = {s for r in rows for s in json.loads(r["related"])}
        expected = {r["region"] for r in doc["related"] if parents[r["region"]] in wholes}
        assert related == expected, metric
        left = database.execute(
            "SELECT id, left_out FROM targets WHERE metric = ? AND left_out IS NOT NULL",
            (metric,),
        ).fetchall()
        assert {tuple(r) for r in left} == {(x["id"], x["why"]) for x in doc["left_out"]}, metric


def test_totals_view_is_sum_for_every_additive_metric(database, run):
    metrics = additive_metrics(run)
    assert len(metrics) > 20
    parents = {r["org"]: r.get("parent") for r in run("regions", "--json").json()}
    assert_totals_are_the_commands(database, run, metrics, parents)


def test_totals_view_for_the_design_example(database):
    # 台山 60 + 开平 52 (以上) + 江海 50 (超) = 162: more than, since one part is
    row = database.execute("SELECT * FROM totals WHERE metric = '超亿元项目'").fetchone()
    assert (row["city"], row["total"], row["unit"], row["units"], row["comparator"]) == (
        "江门市",
        162,
        "个",
        3,
        ">",
    )
    assert row["bound"] == "more than"
    # 工业投资: 鹤山 200 + 恩平 >100 = >300 beside 工信局's >1000: 300 / 1000 = 0.3
    row = database.execute("SELECT * FROM totals WHERE metric = '工业投资'").fetchone()
    assert (row["total"], row["city_target"], row["city_value"], row["share"]) == (
        300,
        "gongxin-industrial-investment",
        1000,
        0.3,
    )


def coverage_rows_of(doc: dict) -> list[tuple]:
    """The rows the export's coverage table should hold, from `coverage --json`: each
    region's goal (and each department's pledge, as such) beside its parts' total, or
    each part's rate beside its own parent's goal, at every level of the tree."""
    expected = []
    for entry in doc["coverage"]:
        for sub in entry.get("subtotals", []):
            beside = [(c, 0) for c in sub["city"]] + [(p, 1) for p in sub.get("pledges", [])]
            for city, pledge in beside:
                expected.append(
                    (
                        entry["metric"],
                        sub["city_region"],
                        sub["period"],
                        city["id"],
                        city["value"],
                        city["unit"],
                        city["comparator"],
                        None,
                        None,
                        sub["total"],
                        sub["unit"],
                        sub["comparator"],
                        len(sub["parts"]),
                        city["share"],
                        None,
                        city["org"],
                        pledge,
                    )
                )
        for gap in entry.get("gaps", []):
            expected.append(
                (
                    entry["metric"],
                    gap["city_region"],
                    gap["period"],
                    gap["city_id"],
                    gap["city_value"],
                    gap["city_unit"],
                    gap["city_comparator"],
                    gap["id"],
                    gap["region"],
                    gap["value"],
                    gap["unit"],
                    gap["comparator"],
                    None,
                    None,
                    gap["points"],
                    None,  # (the command's gap names the goal, not who stated it)
                    0,
                )
            )
    return expected


COVERAGE_COLUMNS = (
    "metric, city, period, city_target, city_value, city_unit, city_comparator, "
    "county_target, county_region, county_value, county_unit, county_comparator, units, "
    "share, points, city_org, pledge, silent, additive"
)


def assert_coverage_is_the_commands(database, doc: dict, parents: dict[str, str | None]):
    rows = database.execute(f"SELECT {COVERAGE_COLUMNS} FROM coverage").fetchall()
    found = [tuple(r)[:-2] for r in rows]
    # a gap's goal is named by id; who stated it is the goal's org, checked apart
    found = [row if row[7] is None else (*row[:15], None, row[16]) for row in found]
    assert sorted(found, key=repr) == sorted(coverage_rows_of(doc), key=repr)
    # each row lists its own region's silent parts; the command lists them all
    silent = {entry["metric"]: set(entry["silent"]) for entry in doc["coverage"]}
    listed: dict[str, set[str]] = {}
    for r in rows:
        here = json.loads(r["silent"])
        assert all(parents[s] == r["city"] for s in here), (r["metric"], r["city"], here)
        listed.setdefault(r["metric"], set()).update(here)
    assert listed == silent


def test_coverage_view_is_coverage(database, run):
    # (issue 19: the table follows the tree; 江门's 6% is set beside 广东's 5%)
    doc = run("coverage", "--json").json()
    parents = {r["org"]: r.get("parent") for r in run("regions", "--json").json()}
    assert_coverage_is_the_commands(database, doc, parents)
    row = database.execute(
        "SELECT city, county_region, city_value, county_value, points, level FROM coverage "
        "WHERE metric = '规上工业增加值增长' AND city = '广东省'"
    ).fetchone()
    # 广东 规上工业增加值增长 5%, 江门 (市工信局) 6%: 6 - 5 = 1 point, at the province level
    assert tuple(row) == ("广东省", "江门市", 5, 6, 1, "province")


def test_every_column_is_described(database):
    from targets_cli.publish.schema import COLUMNS, VIEW_COLUMNS

    described = {**{t: [c[0] for c in cs] for t, cs in COLUMNS.items()}}
    described |= {t: [c[0] for c in cs] for t, cs in VIEW_COLUMNS.items()}
    for (name,) in database.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite%'"
    ):
        columns = [c["name"] for c in database.execute(f"PRAGMA table_info({name})")]
        assert columns == described[name], name


# ---- JSON -------------------------------------------------------------------


def test_json_is_one_document_with_the_whole_dataset(run, tmp_path, raw_data, source_text):
    path = tmp_path / "targets.json"
    ran = exported(run, "json", path)
    assert ran.stdout == f"wrote {path}: {counts(raw_data)}\n"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert list(doc) == [
        "format",
        "sources",
        "orgs",
        "metrics",
        "units",
        "targets",
        "outcomes",
        "not_targets",
    ]
    assert len(doc["orgs"]) == len(raw_data["orgs"])
    same_as_the_data({t["id"]: t for t in doc["targets"]}, raw_data)
    kaiping = next(t for t in doc["targets"] if t["id"] == "kaiping-projects-100m")
    assert (kaiping["value"], kaiping["comparator"], kaiping["additive"]) == (52, ">=", True)
    # the fields `targets list --json` gives, the same
    listed = {t["id"]: t for t in run("list", "--restatements", "--json").json()}
    for target in doc["targets"]:
        shown = listed[target["id"]]
        for key in ("org", "org_en", "region", "region_en", "metric", "metric_en", "category"):
            assert target[key] == shown[key], (target["id"], key)
    metrics = {m["name"]: m for m in doc["metrics"]}
    assert metrics["地区生产总值"]["aliases"] == ["GDP", "经济总量"]
    assert metrics["超亿元项目"]["additive"] is True
    assert doc["sources"][0]["text"] == source_text
    assert "\\u" not in path.read_text(encoding="utf-8")  # Chinese kept readable


# ---- CSV --------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_folder_holds_every_table_excel_reads(run, tmp_path, raw_data):
    folder = tmp_path / "csv"
    ran = exported(run, "csv", folder)
    assert ran.stdout.startswith(f"wrote {folder}/ (sources.csv, orgs.csv, metrics.csv,")
    names = sorted(
        f"{t}.csv"
        for t in (
            "sources",
            "orgs",
            "metrics",
            "units",
            "targets",
            "outcomes",
            "not_targets",
            "progress",
            "totals",
            "coverage",
        )
    )
    assert sorted(p.name for p in folder.iterdir()) == names
    for name in names:
        data = (folder / name).read_bytes()
        assert data.startswith(BOM), name  # Excel reads UTF-8 only after a BOM
        assert data.endswith(b"\r\n"), name
        if not any("\n" in v for row in read_csv(folder / name) for v in row.values()):
            assert b"\n" not in data.replace(b"\r\n", b""), name  # CRLF, as Excel writes
    targets = {r["id"]: r for r in read_csv(folder / "targets.csv")}
    assert len(targets) == len(raw_data["targets"])
    kaiping = targets["kaiping-projects-100m"]
    assert (kaiping["value"], kaiping["unit"], kaiping["comparator"]) == ("52", "个", ">=")
    assert (kaiping["level"], kaiping["additive"], kaiping["bound"]) == (
        "county",
        "true",
        "at least",
    )
    for target_id, written in raw_targets(raw_data).items():
        row = targets[target_id]
        assert row["quote"] == written["quote"]
        assert row["value"] == ("" if "value" not in written else str(written["value"]))
    metrics = {r["name"]: r for r in read_csv(folder / "metrics.csv")}
    assert metrics["地区生产总值"]["aliases"] == "GDP;经济总量"
    source = read_csv(folder / "sources.csv")[0]
    assert len(read_csv(folder / "sources.csv")) == 4  # the pledges and 3 cited sources
    assert "text" not in source  # whole documents are in the SQLite and JSON exports
    units = {r["symbol"]: r for r in read_csv(folder / "units.csv")}
    assert (units["亿元"]["factor"], units["亿元"]["base_unit"]) == ("100000000", "元")
    totals = {r["metric"]: r for r in read_csv(folder / "totals.csv")}
    assert (totals["超亿元项目"]["total"], totals["超亿元项目"]["comparator"]) == ("162", ">")


def test_csv_file_is_the_targets_table(run, tmp_path, raw_data):
    path = tmp_path / "targets.csv"
    ran = exported(run, "csv", path)
    assert ran.stdout == f"wrote {path}: {counts(raw_data)}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["targets.csv"]
    rows = read_csv(path)
    assert [r["id"] for r in rows] == [t["id"] for t in raw_data["targets"]]
    talent = next(r for r in rows if r["id"] == "keji-tech-talent")
    # numbers are numbers, the unit in its own column: 5.7 万人 = 57000 人
    assert (talent["value"], talent["unit"], talent["base_value"], talent["base_unit"]) == (
        "5.7",
        "万人",
        "57000",
        "人",
    )


def test_csv_without_bom(run, tmp_path):
    folder = tmp_path / "plain"
    exported(run, "csv", folder, "--no-bom")
    data = (folder / "targets.csv").read_bytes()
    assert data.startswith(b"id,org,org_en,region,")


# ---- overwriting, and what cannot be written ------------------------------------


@pytest.mark.parametrize("fmt", ["sqlite", "json", "csv"])
def test_an_existing_file_is_replaced_only_with_force(run, tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    path.write_text("keep me", encoding="utf-8")
    ran = run("export", "--format", fmt, str(path))
    assert ran.code == 4
    assert ran.stdout == ""
    assert f"targets: error: {path} exists; pass --force to overwrite it" in ran.stderr
    assert path.read_text(encoding="utf-8") == "keep me"
    exported(run, fmt, path, "--force")
    assert path.read_bytes() != b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary left


def test_a_csv_folder_is_replaced_only_with_force_and_keeps_the_users_files(run, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "targets.csv").write_text("keep me", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    ran = run("export", "--format", "csv", str(folder))
    assert ran.code == 4
    assert "already holds targets.csv; pass --force to overwrite them" in ran.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "targets.csv"]
    exported(run, "csv", folder, "--force")
    assert len(read_csv(folder / "targets.csv")) > 100
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"  # the user's stays
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_what_cannot_be_written_exits_4(run, tmp_path):
    ran = run("export", "--format", "json", str(tmp_path / "missing" / "out.json"))
    assert ran.code == 4
    assert "does not exist" in ran.stderr
    ran = run("export", "--format", "sqlite", str(tmp_path))
    assert ran.code == 4
    assert "is a folder" in ran.stderr
    (tmp_path / "file").write_text("", encoding="utf-8")
    ran = run("export", "--format", "csv", str(tmp_path / "file"))
    assert ran.code == 4
    assert "is not a folder" in ran.stderr


def test_an_unknown_format_is_a_usage_error(run, tmp_path):
    ran = run("export", "--format", "xlsx", str(tmp_path / "out.xlsx"))
    assert ran.code == 2
    assert "xlsx" in ran.stderr and "sqlite" in ran.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_data_is_not_exported(run, tmp_path):
    data = tmp_path / "bad.toml"
    data.write_text("format = 1\n[[targets]]\nid = 'x'\n", encoding="utf-8")
    ran = run("export", "--format", "json", str(tmp_path / "out.json"), "--data", str(data))
    assert ran.code == 1
    assert not (tmp_path / "out.json").exists()


# ---- memory: the export never holds the dataset -----------------------------------


def test_the_export_streams_from_the_index(tmp_path, monkeypatch):
    """Targets become Python objects a metric at a time, never all at once: the rows go
    from the index into the file by SQL, and what needs the tool's rules is built for just
    the rows it concerns (the budget: memory bounded by the largest metric)."""
    from targets_cli.data import index as index_module
    from targets_cli.data.index import Index, load
    from targets_cli.publish.export import export

    dataset = load(None)
    built = []
    original = index_module.target_of

    def counting(*args, **kwargs):
        built.append(1)
        return original(*args, **kwargs)

    batches: list[tuple[str, int]] = []
    reading = Index.targets

    def batch(self, where="", params=()):
        found = reading(self, where, params)
        batches.append((where, len(found)))
        return found

    monkeypatch.setattr(index_module, "target_of", counting)
    monkeypatch.setattr(Index, "targets", batch)
    outcomes = len(dataset.outcomes)
    # only the targets with an outcome are built, to work out their status, and those
    # said in several documents, to fold them by the commands' rule (rules.statements):
    # in the bundled data 4 restatements and the 4 targets they restate; kaiping-gdp-growth
    # has an outcome and a restatement, which its status is worked out with (one more)
    linked = 8 + 1
    # and, for the cascade, the targets of a metric whose goal has figures below it:
    # 广东's GDP growth (7 statements of 地区生产总值增长 in all) and 规上 growth (3);
    # its 固定资产投资增长 has nothing below it, so nothing is built for it
    cascade = 7 + 3
    # and, a metric at a time, each target once more: where it stands (standing,
    # total_role, left_out) and the totals and coverage tables are the rules' of `sum` and
    # `coverage`; for an additive metric with a figure, its related metrics' targets too
    # (to tell the units that stated one from the silent). Counted from the export.
    export(dataset, "sqlite", tmp_path / "budget.db")
    db = sqlite3.connect(tmp_path / "budget.db")
    count = dict(db.execute("SELECT metric, count(*) FROM targets GROUP BY metric"))
    figures = {m for (m,) in db.execute("SELECT metric FROM targets WHERE value IS NOT NULL")}
    rules = len(dataset.targets)
    largest = max(count.values())
    for name, additive, related in db.execute("SELECT name, additive, related FROM metrics"):
        if additive and name in figures:
            family = sum(count.get(r, 0) for r in json.loads(related))
            rules += family
            largest = max(largest, family)
    db.close()
    assert 0 < largest < len(dataset.targets) / 4  # (a metric is a small part of the data)
    for fmt, out in (("sqlite", "t.db"), ("json", "t.json"), ("csv", "t.csv")):
        built.clear()
        batches.clear()
        export(dataset, fmt, tmp_path / out)
        assert len(built) <= 3 * (outcomes + linked) + cascade + rules, (fmt, len(built))
        one_metric = [n for where, n in batches if where.startswith("metric_name")]
        assert one_metric and max(one_metric) <= largest, (fmt, one_metric)


# ---- query commands' CSV, for Excel ---------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--region", "台山"],
        ["sum", "--metric", "超亿元项目"],
        ["compare", "台山", "开平"],
        ["coverage"],
        ["metrics"],
        ["regions"],
        ["check"],
    ],
    ids=lambda a: a[0],
)
def test_query_csv_opens_in_excel_with_bom(run, args):
    def csv_bytes(*more: str) -> bytes:
        ran = run(*args, "--format", "csv", *more)
        assert ran.code == 0, ran
        return ran.stdout_bytes

    data = csv_bytes("--bom")
    assert data.startswith(BOM)
    body = data.removeprefix(BOM)
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows and all(len(row) == len(rows[0]) for row in rows)
    assert csv_bytes() == body  # the BOM is the only difference
