"""The export's `not_found` table, the cited sources' `url` and `retrieved`, and their
descriptions in the Datasette metadata and the documented schema.

Hand-listed from data/targets.toml: the five [[not_found]] entries, in the data's order,
  江门市 2024 target: 地区生产总值增长, 规上工业增加值增长, 固定资产投资, 固定资产投资增长,
    工业投资, 研发经费投入, 研发经费投入增长, 研发经费投入强度, 高企存量
  江门市 2024 outcome: 地区生产总值增长
  广东省 2024 target: 研发经费投入, 研发经费投入增长, 研发经费投入强度, 高企存量
  恩平市 2024 outcome: 地区生产总值增长
  江海区 2024 outcome: 地区生产总值增长
and the cited sources (no `file`): guangdong-2024-report-nandu (南方都市报, url
https://epaper.oeeee.com/epaper/A/html/2024-01/24/content_1982.htm, retrieved
2026-12-06) and jiangmen-2024-report-kaiping (url
https://rajayuj.com/home/sqdt/kpzx/content/post_3029558.html, retrieved 2026-12-06);
the bundled jiangmen-2024-pledges has a file, its text, and no url.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

GDP = "地区生产总值增长"
NOT_FOUND = [
    (
        "江门市",
        "2024",
        [
            GDP,
            "规上工业增加值增长",
            "固定资产投资",
            "固定资产投资增长",
            "工业投资",
            "研发经费投入",
            "研发经费投入增长",
            "研发经费投入强度",
            "高企存量",
        ],
        "target",
        "Jiangmen's own 2024 targets",
    ),
    ("江门市", "2024", [GDP], "outcome", "No report with an address gives Jiangmen's"),
    (
        "广东省",
        "2024",
        ["研发经费投入", "研发经费投入增长", "研发经费投入强度", "高企存量"],
        "target",
        "Guangdong's 2024 list of main expected targets",
    ),
    ("恩平市", "2024", [GDP], "outcome", "No report of Enping's 2024 GDP growth"),
    ("江海区", "2024", [GDP], "outcome", "No report of Jianghai's 2024 GDP growth"),
]
NANDU = "https://epaper.oeeee.com/epaper/A/html/2024-01/24/content_1982.htm"
RAJAYUJ = "https://rajayuj.com/home/sqdt/kpzx/content/post_3029558.html"


@pytest.fixture
def folder(run, tmp_path):
    out = tmp_path / "site"
    ran = run("export", "--format", "datasette", str(out))
    assert ran.code == 0, ran
    return out


def test_the_not_found_table_holds_every_entry(folder):
    db = sqlite3.connect(folder / "targets.db")
    rows = db.execute("SELECT org, period, metrics, what, note FROM not_found ORDER BY rowid")
    found = [(o, p, json.loads(m), w, n) for o, p, m, w, n in rows]
    assert [row[:4] for row in found] == [row[:4] for row in NOT_FOUND]
    for (*_, note), (*_, start) in zip(found, NOT_FOUND, strict=True):
        assert note.startswith(start) and "docs/levels-searched.md" in note
    # what the cascade says, the analyst finds with SQL
    (hit,) = db.execute(
        "SELECT note FROM not_found, json_each(not_found.metrics) "
        "WHERE org = '江海区' AND what = 'outcome' AND json_each.value = ?",
        (GDP,),
    ).fetchall()
    assert hit[0].startswith("No report of Jianghai's")


def test_cited_sources_have_url_and_retrieved_and_no_file_or_text(folder):
    db = sqlite3.connect(folder / "targets.db")
    db.row_factory = sqlite3.Row

    def source(ident: str) -> sqlite3.Row:
        return db.execute("SELECT * FROM sources WHERE id = ?", (ident,)).fetchone()

    nandu = source("guangdong-2024-report-nandu")
    assert (nandu["file"], nandu["text"]) == (None, None)
    assert (nandu["url"], nandu["retrieved"], nandu["publisher"]) == (
        NANDU,
        "2026-12-06",
        "南方都市报",
    )
    kaiping = source("jiangmen-2024-report-kaiping")
    assert (kaiping["file"], kaiping["text"]) == (None, None)
    assert (kaiping["url"], kaiping["retrieved"]) == (RAJAYUJ, "2026-12-06")
    bundled = source("jiangmen-2024-pledges")
    assert bundled["file"] and bundled["text"] and bundled["url"] is None
    assert bundled["retrieved"] is None
    # the columns keep their order; retrieved is the last
    names = [c[1] for c in db.execute("PRAGMA table_info(sources)")]
    assert names[-3:] == ["citation", "text", "retrieved"]


def test_the_metadata_describes_them(folder):
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    tables = meta["databases"]["targets"]["tables"]
    described = tables["not_found"]
    assert "searched for and not found" in described["description"]
    assert list(described["columns"]) == ["org", "period", "metrics", "what", "note"]
    assert all(described["columns"].values())
    assert "JSON array" in described["columns"]["metrics"]
    assert "cited" in tables["sources"]["description"]
    assert tables["sources"]["columns"]["retrieved"].startswith("When the curator found it")
    assert "skipped regions" in tables["cascade"]["columns"]["skipped_not_found"]


def test_the_documented_schema_matches_the_database(folder):
    from targets_cli.publish.schema import COLUMNS

    db = sqlite3.connect(folder / "targets.db")
    for table in ("not_found", "sources", "cascade"):
        names = [c[1] for c in db.execute(f"PRAGMA table_info({table})")]
        assert names == [name for name, _, _ in COLUMNS[table]], table
