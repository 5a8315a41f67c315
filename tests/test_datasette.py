"""`targets export --format datasette` and `targets serve`: Datasette, run in this process
with its own test client, shows the figures `targets` gives."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

datasette_app = pytest.importorskip("datasette.app", reason="the web extra: pip install '.[web]'")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from conftest import run_main

    folder = tmp_path_factory.mktemp("site") / "site"
    ran = run_main(["export", "--format", "datasette", str(folder)], env={"TARGETS_DATA": None})
    assert ran.code == 0, ran
    assert sorted(p.name for p in folder.iterdir()) == ["metadata.json", "targets.db"]
    return folder


@pytest.fixture(scope="module")
def metadata(site) -> dict:
    return json.loads((site / "metadata.json").read_text(encoding="utf-8"))


def get(site: Path, metadata: dict, path: str):
    """One request to Datasette serving the export, through its own test client."""
    ds = datasette_app.Datasette([str(site / "targets.db")], metadata=metadata)

    async def fetch():
        return await ds.client.get(path)

    response = asyncio.run(fetch())
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    return response


def rows(site, metadata, path: str) -> list[dict]:
    joiner = "&" if "?" in path else "?"
    return get(site, metadata, f"{path}{joiner}_shape=array&_size=max").json()


# ---- the metadata --------------------------------------------------------------------


def test_metadata_names_the_source_with_its_citation_and_a_licence(metadata, raw_data):
    (source, *cited) = raw_data["sources"]  # the pledges, then the cited sources
    assert [c["id"] for c in cited] == [
        "guangdong-2024-report-nandu",
        "guangdong-2024-report-dotdot",
        "jiangmen-2024-report-kaiping",
    ]
    for other in cited:  # each cited with its title and URL
        assert other["title"] in metadata["source"] and other["url"] in metadata["source"]
    assert metadata["title"]
    assert source["title"] in metadata["source"]
    assert str(source["year"]) in metadata["source"]
    assert all(name in metadata["source"] for name in source["bylines"])  # the reporters
    # the pledges' text gives no URL; with several sources, no one URL stands for them
    assert "url" not in source and "source_url" not in metadata
    assert "MIT" in metadata["license"]


def test_every_column_of_every_table_and_view_is_described(site, metadata):
    tables = metadata["databases"]["targets"]["tables"]
    db = sqlite3.connect(site / "targets.db")
    names = [
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    ]
    assert {"targets", "totals", "coverage", "progress", "sources"} <= set(names)
    for name in names:
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({name})")]
        described = tables[name]["columns"]
        assert list(described) == columns, name
        assert all(described.values()), name
        assert tables[name]["description"], name
    # a number's unit is in its description
    assert "unit" in tables["targets"]["columns"]["value"]
    assert "base_unit" in tables["targets"]["columns"]["base_value"]


def test_facets_labels_and_queries(metadata):
    tables = metadata["databases"]["targets"]["tables"]
    assert tables["targets"]["facets"] == ["region", "metric", "category", "firmness", "level"]
    assert tables["orgs"]["label_column"] == "label"
    assert tables["sources"]["label_column"] == "title"
    queries = metadata["databases"]["targets"]["queries"]
    assert set(queries) == {
        "region_targets",
        "metric_total",
        "target_progress",
        "city_coverage",
        "targets_by_firmness",
        "metric_cascade",
    }
    assert all(q["title"] and q["description"] for q in queries.values())
    # the answer, not the SQL, on the first screen
    assert all(q["hide_sql"] is True for q in queries.values())
    # a link to a target (from progress, outcomes) shows what the target says
    assert tables["targets"]["label_column"] == "quote"


# ---- Datasette serving it ------------------------------------------------------------


def test_the_targets_table_page(site, metadata, raw_data):
    page = get(site, metadata, "/targets/targets").text
    assert "台山" in page  # the region label, through the foreign key to orgs
    found = rows(site, metadata, "/targets/targets.json")
    assert len(found) == len(raw_data["targets"])
    taishan = next(r for r in found if r["id"] == "taishan-projects-100m")
    # 台山 争取引进超亿元项目60个
    assert (taishan["region"], taishan["value"], taishan["unit"], taishan["firmness"]) == (
        "台山市",
        60,
        "个",
        "争取",
    )


def test_a_facet_counts_what_list_gives(site, metadata, run):
    document = get(site, metadata, "/targets/targets.json?_facet=region&_size=0").json()
    facet = {r["value"]: r for r in document["facet_results"]["region"]["results"]}
    assert facet["台山市"]["label"] == "台山"
    listed = run("list", "--region", "台山", "--json").json()
    assert facet["台山市"]["count"] == len(listed)
    document = get(site, metadata, "/targets/targets.json?_facet=level&_size=0").json()
    levels = {r["value"]: r["count"] for r in document["facet_results"]["level"]["results"]}
    assert sum(levels.values()) == len(run("list", "--restatements", "--json").json())
    assert set(levels) <= {"province", "city", "county", "department", "area"}


def test_saved_query_what_a_region_committed_to(site, metadata, run):
    listed = [t["id"] for t in run("list", "--region", "台山", "--json").json()]
    for name in ("台山", "台山市", "Taishan"):
        found = rows(site, metadata, f"/targets/region_targets.json?region={name}")
        assert [r["id"] for r in found] == listed, name


def test_saved_query_the_total_of_a_metric(site, metadata, run):
    # 台山 60 + 开平 52 + 江海 50 = 162, asked by the metric's alias
    (row,) = rows(site, metadata, "/targets/metric_total.json?metric=亿元以上项目")
    doc = run("sum", "--metric", "超亿元项目", "--json").json()
    assert (
        (row["total"], row["unit"], row["units"])
        == (doc["total"], doc["unit"], 3)
        == (
            162,
            "个",
            3,
        )
    )
    assert row["bound"] == "more than" and doc["comparator"] == ">"
    # 工业投资: the units' 300 beside 工信局's 1000: 30%
    (row,) = rows(site, metadata, "/targets/metric_total.json?metric=工业投资")
    assert (row["total"], row["city_value"], row["share"]) == (300, 1000, 0.3)


def test_saved_query_the_total_names_the_units_that_stated_a_related_metric(site, metadata, run):
    # 招商引资: 鹤山 300亿元 alone is added; 台山 超亿元项目总投资超300亿元, 开平 总投资超220亿元,
    # 恩平 引进产业项目投资超200亿元 and 新会 引进项目总投资超600亿元 are other scopes, never
    # added and never silent; 蓬江 and 江海 stated none of the family
    (row,) = rows(site, metadata, "/targets/metric_total.json?metric=招商引资")
    assert (row["total"], row["unit"], row["silent"]) == (300, "亿元", "蓬江区、江海区")
    assert row["related"] == (
        "台山市 超亿元项目总投资 >300亿元 (taishan-project-investment); "
        "开平市 超亿元项目总投资 >220亿元 (kaiping-project-investment); "
        "恩平市 引进产业项目投资 >200亿元 (enping-project-investment); "
        "新会区 引进项目总投资 >600亿元 (xinhui-project-investment)"
    )
    doc = run("sum", "--metric", "招商引资", "--json").json()
    assert doc["silent"] == ["蓬江区", "江海区"]
    # (the command groups them by metric, the page by their place in the source)
    assert {r["id"] for r in doc["related"]} == {
        "taishan-project-investment",
        "kaiping-project-investment",
        "enping-project-investment",
        "xinhui-project-investment",
    }


def test_saved_query_the_total_gives_its_parts_silent_units_and_left_out_figures(
    site, metadata, run
):
    # 台山 争取引进超亿元项目60个, 开平 52个以上, 江海 超50个; the other four stated none
    (row,) = rows(site, metadata, "/targets/metric_total.json?metric=超亿元项目")
    assert row["parts"] == (
        "台山市 60个 (taishan-projects-100m); 开平市 >=52个 (kaiping-projects-100m); "
        "江海区 >50个 (jianghai-projects-100m)"
    )
    assert row["silent"] == "蓬江区、新会区、鹤山市、恩平市"  # text, not a JSON string
    assert row["left_out"] is None
    doc = run("sum", "--metric", "超亿元项目", "--json").json()
    assert [p["id"] for p in doc["parts"]] == [
        "taishan-projects-100m",
        "kaiping-projects-100m",
        "jianghai-projects-100m",
    ]
    # 规上工业总产值: 台山 800 + 鹤山 1000; 江门's 4000 (大型产业集聚区) and 850 (产业有序转移
    # 主平台) cover areas narrower than the city and are left out, as `sum` says
    (row,) = rows(site, metadata, "/targets/metric_total.json?metric=规上工业总产值")
    assert row["total"] == 1800
    assert row["left_out"] == (
        "江门大型产业集聚区 4000亿元 (gongxin-cluster-industrial-output: narrower); "
        "产业有序转移主平台 850亿元 (gongxin-platform-industrial-output: narrower)"
    )
    shown = run("sum", "--metric", "规上工业总产值", "--format", "csv").stdout
    left = [line.split(",")[4] for line in shown.splitlines() if ",left_out," in line]
    assert left == ["gongxin-cluster-industrial-output", "gongxin-platform-industrial-output"]


def test_saved_query_progress_gives_each_target_once(site, metadata, run, raw_data):
    found = rows(site, metadata, "/targets/target_progress.json")
    doc = run("progress", "--json").json()
    # 121 targets; enping-gdp-growth-headline, pengjiang-gdp-level-headline,
    # xinhui-wanmu-parks-named and kaiping-gdp-growth-city-report restate another target
    # (same_as) and are counted as it: 117
    assert len(raw_data["targets"]) == 121
    assert doc["targets"] == len(found) == 117
    assert sorted(doc["restatements"]) == [
        "enping-gdp-growth-headline",
        "kaiping-gdp-growth-city-report",
        "pengjiang-gdp-level-headline",
        "xinhui-wanmu-parks-named",
    ]
    assert not {r["id"] for r in found} & set(doc["restatements"])
    restated = {r["id"]: r["restated_by"] for r in found if r["restated_by"]}
    assert restated == {
        "enping-gdp-growth": "enping-gdp-growth-headline",
        "kaiping-gdp-growth": "kaiping-gdp-growth-city-report",
        "pengjiang-gdp-level": "pengjiang-gdp-level-headline",
        "xinhui-wanmu-parks": "xinhui-wanmu-parks-named",
    }
    # each row carries what the target says and its status, not only its id
    taishan = next(r for r in found if r["id"] == "taishan-projects-100m")
    assert (taishan["region"], taishan["metric"], taishan["value"], taishan["unit"]) == (
        "台山",
        "超亿元项目",
        60,
        "个",
    )
    assert taishan["status"] == "unknown"
    statuses = {r["id"]: r["status"] for r in found}
    # the 4 pledges' results, 广东's two (GDP, 规上工业增加值) and 开平's 力争 figure's
    assert sum(s != "unknown" for s in statuses.values()) == doc["outcomes_known"] == 7


def test_saved_query_coverage_of_the_citys_goals(site, metadata, run):
    found = rows(site, metadata, "/targets/city_coverage.json")
    doc = run("coverage", "--json").json()
    assert {r["metric"] for r in found} == {e["metric"] for e in doc["coverage"]}
    investment = next(r for r in found if r["metric"] == "工业投资")
    assert (investment["county_value"], investment["city_value"], investment["share"]) == (
        300,
        1000,
        0.3,
    )


def test_saved_query_targets_by_firmness(site, metadata, run):
    found = rows(site, metadata, "/targets/targets_by_firmness.json?firmness=")
    counts = {r["word"]: r["targets"] for r in found}
    for word, count in counts.items():
        listed = run("list", "--firmness", word, "--restatements", "--json").json()
        assert count == len([t for t in listed if t["firmness"] == word]), word
    assert [r["strength"] for r in found] == sorted(r["strength"] for r in found)  # firmest first
    ensure = rows(site, metadata, "/targets/targets_by_firmness.json?firmness=ensure")
    assert {r["level"] for r in ensure} == {"ensure"}
    assert sum(r["targets"] for r in ensure) == len(
        run("list", "--firmness", "ensure", "--restatements", "--json").json()
    )


# ---- targets serve ---------------------------------------------------------------------


def test_serve_runs_datasette_on_localhost_and_cleans_up(tmp_path):
    from test_trust_serve import Serving

    serving = Serving(tmp_path)
    try:
        status, body = serving.get("/targets/totals.json?_shape=array")
        assert status == 200
        totals = {r["metric"]: r for r in json.loads(body)}
        assert totals["超亿元项目"]["total"] == 162  # 台山 60 + 开平 52 + 江海 50
        assert serving.left() == []  # the data is served from memory: no copy on disk
    finally:
        code = serving.stop()
    assert code == 0, serving.stderr()
    assert f"at http://127.0.0.1:{serving.port}/" in serving.stdout()
    assert serving.left() == []


def test_serve_without_datasette_says_how_to_install_it(monkeypatch):
    from importlib import util

    from targets_cli.errors import ExitCode, UsageError
    from targets_cli.publish import serving

    real = util.find_spec
    monkeypatch.setattr(
        util, "find_spec", lambda name, *a: None if name == "datasette" else real(name, *a)
    )
    with pytest.raises(UsageError) as raised:
        serving.serve(None, "127.0.0.1", 8001)
    assert raised.value.exit_code == ExitCode.USAGE == 2
    assert str(raised.value) == (
        "targets serve needs Datasette, an optional extra: pip install 'targets[web]'"
    )


def test_the_serve_command_without_datasette_exits_2_with_the_install_line(monkeypatch, run):
    from importlib import util

    real = util.find_spec
    monkeypatch.setattr(
        util, "find_spec", lambda name, *a: None if name == "datasette" else real(name, *a)
    )
    ran = run("serve", "--port", "0")
    assert ran.code == 2, ran
    assert ran.stderr == (
        "targets: error: targets serve needs Datasette, an optional extra: "
        "pip install 'targets[web]'\n"
    )
    assert ran.stdout == ""
