"""`targets export`: each export opened by the standard library's reader, against the data."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets_cli.cli.app import app

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
)


def exported(run, fmt: str, out: Path, *more: str):
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


# ---- SQLite -----------------------------------------------------------------


@pytest.fixture
def database(run, tmp_path):
    path = tmp_path / "targets.db"
    ran = exported(run, "sqlite", path)
    assert ran.stdout == f"wrote {path}: 100 targets, 11 orgs, 62 metrics, 1 sources\n"
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    yield db
    db.close()


def test_sqlite_has_a_table_per_record_kind_with_every_record(database, raw_data):
    count = {
        name: database.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        for name in ("sources", "orgs", "metrics", "targets", "units")
    }
    assert count == {"sources": 1, "orgs": 11, "metrics": 62, "targets": 100, "units": 12}
    aliases = [(a, m["name"]) for m in raw_data["metrics"] for a in m.get("aliases", [])]
    rows = database.execute("SELECT alias, metric FROM metric_aliases").fetchall()
    assert sorted(tuple(r) for r in rows) == sorted(aliases)
    org_aliases = [(o["id"], a) for o in raw_data["orgs"] for a in o.get("aliases", [])]
    rows = database.execute("SELECT org, alias FROM org_aliases").fetchall()
    assert sorted(tuple(r) for r in rows) == sorted(org_aliases)


def test_sqlite_targets_match_the_data_file(database, raw_data):
    rows = {r["id"]: dict(r) for r in database.execute("SELECT * FROM targets")}
    same_as_the_data(rows, raw_data)
    # written in the file's order
    order = [r[0] for r in database.execute("SELECT id FROM targets ORDER BY position")]
    assert order == [t["id"] for t in raw_data["targets"]]


def test_sqlite_a_person_checkable_target(database):
    # 开平: 新引入超亿元项目52个以上
    row = database.execute("SELECT * FROM targets WHERE id = 'kaiping-projects-100m'").fetchone()
    assert (row["value"], row["unit"], row["comparator"], row["wording"]) == (
        52,
        "个",
        ">=",
        "以上",
    )
    assert (row["org"], row["region"], row["metric"]) == ("开平市", "开平市", "超亿元项目")
    assert isinstance(row["value"], int)
    # a department speaks for its city: 市科技局's targets are 江门市's
    row = database.execute(
        "SELECT org, region, value, unit FROM targets WHERE id = 'keji-tech-talent'"
    )
    assert tuple(row.fetchone()) == ("市科技局", "江门市", 5.7, "万人")


def test_sqlite_keys_are_declared_and_hold(database):
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = {
        (fk["from"], fk["table"], fk["to"])
        for fk in database.execute("PRAGMA foreign_key_list(targets)")
    }
    assert keys == {
        ("org", "orgs", "id"),
        ("region", "orgs", "id"),
        ("metric", "metrics", "name"),
        ("source", "sources", "id"),
        ("unit", "units", "symbol"),
    }
    parent = [tuple(fk)[2:5] for fk in database.execute("PRAGMA foreign_key_list(orgs)")]
    assert parent == [("orgs", "parent", "id")]
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
    assert {("metric",), ("region",), ("org",), ("source",)} <= indexed


def test_sqlite_view_joins_the_names(database):
    row = database.execute(
        "SELECT * FROM targets_named WHERE id = 'kaiping-projects-100m'"
    ).fetchone()
    assert (row["org_en"], row["region_en"], row["region_short"]) == ("Kaiping", "Kaiping", "开平")
    assert (row["metric"], row["metric_en"]) == (
        "超亿元项目",
        "Projects over 100 million yuan introduced",
    )
    assert (row["category"], row["dimension"], row["additive"]) == ("investment", "count", 1)
    assert row["source_title"].startswith("市直部门及各县(市、区)")
    assert database.execute("SELECT count(*) FROM targets_named").fetchone()[0] == 100
    # a question the view answers in one line: 超亿元项目 by region, as `targets sum` adds them
    rows = database.execute(
        "SELECT region_short, value FROM targets_named WHERE metric = '超亿元项目'"
        " AND region_kind != 'city' ORDER BY value DESC"
    ).fetchall()
    assert [tuple(r) for r in rows] == [("台山", 60), ("开平", 52), ("江海", 50)]
    # base_value converts the unit: 5.7 万人 is 57000 people, 千亿元 is 10^11 yuan
    base = dict(database.execute("SELECT id, base_value FROM targets_named").fetchall())
    assert base["keji-tech-talent"] == 57000
    assert base["gongxin-industrial-investment"] == 10**11


def test_sqlite_metric_names_resolve_aliases(database):
    found = database.execute("SELECT metric FROM metric_names WHERE name = '亿元以上项目'")
    assert found.fetchone()[0] == "超亿元项目"


def test_sqlite_keeps_the_source_text(database, source_text):
    row = database.execute("SELECT * FROM sources").fetchone()
    assert (row["id"], row["file"], row["year"]) == (
        "jiangmen-2024-pledges",
        "sources/jiangmen-2024-pledges.txt",
        2024,
    )
    assert row["text"] == source_text
    assert "张浩洋" in json.loads(row["bylines"])
    for (quote,) in database.execute("SELECT quote FROM targets"):
        assert quote in row["text"]


# ---- JSON -------------------------------------------------------------------


def test_json_is_one_document_with_the_whole_dataset(run, tmp_path, raw_data, source_text):
    path = tmp_path / "targets.json"
    exported(run, "json", path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert list(doc) == ["format", "sources", "orgs", "metrics", "units", "targets"]
    assert (len(doc["sources"]), len(doc["orgs"]), len(doc["metrics"])) == (1, 11, 62)
    same_as_the_data({t["id"]: t for t in doc["targets"]}, raw_data)
    kaiping = next(t for t in doc["targets"] if t["id"] == "kaiping-projects-100m")
    assert (kaiping["value"], kaiping["comparator"]) == (52, ">=")
    # both names, as `targets list --json` gives them
    assert (kaiping["org"], kaiping["org_en"], kaiping["metric_en"]) == (
        "开平市",
        "Kaiping",
        "Projects over 100 million yuan introduced",
    )
    assert doc["targets"] == run("list", "--json").json()
    orgs = {o["id"]: o for o in doc["orgs"]}
    assert (orgs["台山市"]["name_en"], orgs["台山市"]["parent"]) == ("Taishan", "江门市")
    metrics = {m["name"]: m for m in doc["metrics"]}
    assert metrics["超亿元项目"]["aliases"] == ["亿元以上项目"]
    assert metrics["地区生产总值"]["aliases"] == ["GDP", "经济总量"]
    assert doc["sources"][0]["text"] == source_text
    assert "\\u" not in path.read_text(encoding="utf-8")  # Chinese kept readable


# ---- CSV --------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_is_a_folder_of_files_excel_reads(run, tmp_path, raw_data):
    folder = tmp_path / "csv"
    ran = exported(run, "csv", folder)
    assert ran.stdout.startswith(f"wrote {folder}/ (sources.csv, orgs.csv, metrics.csv,")
    names = ["metrics.csv", "orgs.csv", "sources.csv", "targets.csv", "units.csv"]
    assert sorted(p.name for p in folder.iterdir()) == names
    for name in names:
        data = (folder / name).read_bytes()
        assert data.startswith(BOM), name  # Excel reads UTF-8 only after a BOM
        assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b""), name
    targets = {r["id"]: r for r in read_csv(folder / "targets.csv")}
    assert len(targets) == 100 == len(raw_data["targets"])
    kaiping = targets["kaiping-projects-100m"]
    assert (kaiping["value"], kaiping["unit"], kaiping["comparator"]) == ("52", "个", ">=")
    assert (kaiping["org"], kaiping["org_en"], kaiping["metric"]) == (
        "开平市",
        "Kaiping",
        "超亿元项目",
    )
    for target_id, written in raw_targets(raw_data).items():
        row = targets[target_id]
        assert row["quote"] == written["quote"]
        assert row["value"] == ("" if "value" not in written else str(written["value"]))
    metrics = {r["name"]: r for r in read_csv(folder / "metrics.csv")}
    assert len(metrics) == 62
    assert metrics["地区生产总值"]["aliases"] == "GDP;经济总量"
    assert metrics["超亿元项目"]["additive"] == "true"
    orgs = {r["id"]: r for r in read_csv(folder / "orgs.csv")}
    assert orgs["市科技局"]["name_en"] == "Jiangmen Science and Technology Bureau"
    (source,) = read_csv(folder / "sources.csv")
    assert (source["id"], source["year"]) == ("jiangmen-2024-pledges", "2024")
    assert "text" not in source  # whole documents are in the SQLite and JSON exports
    units = {r["symbol"]: r for r in read_csv(folder / "units.csv")}
    assert (units["亿元"]["factor"], units["亿元"]["name_en"]) == ("100000000", "100m yuan")


def test_csv_without_bom(run, tmp_path):
    folder = tmp_path / "plain"
    exported(run, "csv", folder, "--no-bom")
    data = (folder / "targets.csv").read_bytes()
    assert data.startswith(b"id,org,org_en,region,")


def test_csv_out_named_like_a_file_is_refused(run, tmp_path):
    ran = run("export", "--format", "csv", str(tmp_path / "targets.csv"))
    assert ran.code == 2
    assert "a csv export is a folder of files" in ran.stderr
    assert list(tmp_path.iterdir()) == []


# ---- overwriting, and what cannot be written ------------------------------------


@pytest.mark.parametrize("fmt", ["sqlite", "json"])
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


def test_a_csv_folder_is_refilled_only_with_force(run, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "targets.csv").write_text("keep me", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    ran = run("export", "--format", "csv", str(folder))
    assert ran.code == 4
    assert "already holds targets.csv; pass --force to overwrite them" in ran.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "targets.csv"]  # nothing new
    exported(run, "csv", folder, "--force")
    assert len(read_csv(folder / "targets.csv")) == 100
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"  # others' files stay
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


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
    assert "--format is 'xlsx'; choose sqlite, csv or json" in ran.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_data_is_not_exported(run, tmp_path):
    data = tmp_path / "bad.toml"
    data.write_text("format = 1\n[[targets]]\nid = 'x'\n", encoding="utf-8")
    ran = run("export", "--format", "json", str(tmp_path / "out.json"), "--data", str(data))
    assert ran.code == 1
    assert not (tmp_path / "out.json").exists()


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
def test_query_csv_opens_in_excel_with_bom(monkeypatch, args):
    monkeypatch.delenv("TARGETS_DATA", raising=False)

    def csv_bytes(*more: str) -> bytes:
        # the bytes as written: the runner's .stdout would turn CRLF into LF
        result = CliRunner().invoke(app, [*args, "--format", "csv", *more])
        assert result.exit_code == 0, result.output
        return result.stdout_bytes

    data = csv_bytes("--bom")
    assert data.startswith(BOM)
    body = data.removeprefix(BOM)
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows and all(len(row) == len(rows[0]) for row in rows)
    assert csv_bytes() == body  # the BOM is the only difference
