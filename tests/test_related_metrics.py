"""Related metrics: a unit that stated another scope of the same thing is not silent.

Figures from data/sources/jiangmen-2024-pledges.txt, read by hand:
  鹤山: 招商引资300亿元                        (招商引资, no comparator)
  新会: 全年引进项目总投资超600亿元              (引进项目总投资 >600)
  台山: 引进超亿元项目60个，总投资超300亿元      (超亿元项目总投资 >300)
  开平: 新引入超亿元项目52个以上，总投资超220亿元 (超亿元项目总投资 >220)
  恩平: 引进产业项目投资超200亿元                (引进产业项目投资 >200)
  蓬江, 江海: no investment-attracted figure of any scope.
  鹤山: 新培育1个省典型镇和30个省典型村          (新培育省典型村 30)
  新会: 重点推进省级“1镇8村”和市镇级“3镇20村”的典型培育工作
        (省级典型培育村 8, 市镇级典型培育村 20)
"""

from __future__ import annotations

import csv
import io
import shutil

from conftest import REPO

# (region, metric, value, comparator) of the units that stated a related metric of
# 招商引资, in the order of the orgs in the data (新会, 台山, 开平, 恩平)
INVESTMENT_RELATED = [
    ("新会区", "引进项目总投资", 600, ">"),
    ("台山市", "超亿元项目总投资", 300, ">"),
    ("开平市", "超亿元项目总投资", 220, ">"),
    ("恩平市", "引进产业项目投资", 200, ">"),
]


def _json(run, *args: str) -> dict:
    ran = run(*args, "--json")
    assert ran.code == 0, ran
    return ran.json()


def _related(doc: dict) -> list[tuple]:
    return [(r["region"], r["metric"], r["value"], r["comparator"]) for r in doc["related"]]


def test_sum_lists_units_that_stated_a_related_metric_not_as_silent(run):
    doc = _json(run, "sum", "--metric", "招商引资")
    # the total does not change: 鹤山's 300 alone
    assert (doc["total"], doc["unit"], doc["comparator"]) == (300, "亿元", "=")
    assert [p["region"] for p in doc["parts"]] == ["鹤山市"]
    # before: 蓬江, 江海, 新会, 台山, 开平, 恩平 were all 未表态
    assert doc["silent"] == ["蓬江区", "江海区"]
    assert _related(doc) == INVESTMENT_RELATED
    assert {r["why"] for r in doc["related"]} == {"other_scope"}
    assert {r["reason"] for r in doc["related"]} == {"another scope"}
    assert doc["related"][0]["scope"].startswith("planned total investment of every project")


def test_sum_flat_rows_give_related_a_role_of_its_own(run):
    ran = run("sum", "--metric", "招商引资", "--format", "csv")
    assert ran.code == 0, ran
    rows = list(csv.DictReader(io.StringIO(ran.stdout)))
    assert [r["region"] for r in rows if r["role"] == "silent"] == ["蓬江区", "江海区"]
    related = [r for r in rows if r["role"] == "related"]
    assert [(r["region"], r["metric"], r["value"], r["comparator"]) for r in related] == [
        (region, metric, str(value), comparator)
        for region, metric, value, comparator in INVESTMENT_RELATED
    ]
    assert {r["why"] for r in related} == {"other_scope"}
    (total,) = [r for r in rows if r["role"] == "total"]
    assert (total["value"], total["unit"]) == ("300", "亿元")


def test_sum_table_names_them_under_their_own_heading(run):
    ran = run("sum", "--metric", "招商引资", "--format", "table")
    assert ran.code == 0, ran
    assert "合计（2024）：300 亿元，1 个县级单位" in ran.stdout
    assert "未表态：蓬江, 江海" in ran.stdout
    assert "表态了相关指标（口径不同，未计入）：" in ran.stdout
    assert "新会: 引进项目总投资 >600 亿元 (2024) [xinhui-project-investment]" in ran.stdout
    assert "恩平: 引进产业项目投资 >200 亿元 (2024) [enping-project-investment]" in ran.stdout
    english = run("sum", "--metric", "招商引资", "--format", "table", "--lang", "en")
    assert "Stated nothing: Pengjiang, Jianghai" in english.stdout
    assert "Stated a related metric (another scope, not added):" in english.stdout


def test_the_relation_holds_both_ways(run):
    # Only 招商引资, 引进项目总投资 and 引进产业项目投资 name 超亿元项目总投资; asked the
    # other way round, 新会, 恩平 and 鹤山 are not silent either.
    # 台山 >300 + 开平 >220: more than 520
    doc = _json(run, "sum", "--metric", "超亿元项目总投资")
    assert (doc["total"], doc["comparator"]) == (520, ">")
    assert doc["silent"] == ["蓬江区", "江海区"]
    assert _related(doc) == [
        ("新会区", "引进项目总投资", 600, ">"),
        ("鹤山市", "招商引资", 300, "="),
        ("恩平市", "引进产业项目投资", 200, ">"),
    ]


def test_xinhui_villages_under_another_metric_are_not_silence(run):
    doc = _json(run, "sum", "--metric", "新培育省典型村")
    assert (doc["total"], doc["unit"]) == (30, "个")  # 鹤山's 30, unchanged
    assert doc["silent"] == ["蓬江区", "江海区", "台山市", "开平市", "恩平市"]
    assert _related(doc) == [("新会区", "省级典型培育村", 8, "=")]


def test_compare_metric_lists_related_figures_beside_the_ranking(run):
    doc = _json(run, "compare", "--metric", "招商引资")
    assert [(r["region"], r["rank"]) for r in doc["ranking"]] == [("鹤山市", 1)]
    assert _related(doc) == INVESTMENT_RELATED
    table = run("compare", "--metric", "招商引资", "--format", "table")
    assert "台山: 超亿元项目总投资 >300 亿元 (2024) [taishan-project-investment]" in table.stdout
    flat = run("compare", "--metric", "招商引资", "--format", "tsv")
    rows = list(csv.DictReader(io.StringIO(flat.stdout), delimiter="\t"))
    assert [r["region"] for r in rows if r["role"] == "related"] == [
        "新会区",
        "台山市",
        "开平市",
        "恩平市",
    ]


def test_sum_related_sets_the_family_side_by_side_without_a_total(run):
    doc = _json(run, "sum", "--metric", "招商引资", "--related")
    members = {m["metric"]: m for m in doc["members"]}
    assert list(members) == ["招商引资", "超亿元项目总投资", "引进产业项目投资", "引进项目总投资"]
    assert [(f["region"], f["value"]) for f in members["招商引资"]["figures"]] == [("鹤山市", 300)]
    assert [(f["region"], f["value"]) for f in members["超亿元项目总投资"]["figures"]] == [
        ("台山市", 300),
        ("开平市", 220),
    ]
    assert [(f["region"], f["value"]) for f in members["引进产业项目投资"]["figures"]] == [
        ("恩平市", 200)
    ]
    assert [(f["region"], f["value"]) for f in members["引进项目总投资"]["figures"]] == [
        ("新会区", 600)
    ]
    assert members["引进项目总投资"]["scope"].startswith("planned total investment")
    # the bundled data never says these scopes may be added
    assert doc["added"] is False and doc["totals"] == []
    table = run("sum", "--metric", "招商引资", "--related", "--format", "table")
    assert "不加总：各指标口径不同" in table.stdout
    assert "合计" not in table.stdout


def _copy_with(tmp_path, old: str, new: str):
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    toml = folder / "targets.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_a_family_total_only_where_the_data_says_the_scopes_add(run, tmp_path):
    line = 'related = ["省级典型培育村"]  # another tier of the same cultivation work (省级'
    folder = _copy_with(tmp_path, line, 'adds_with = ["省级典型培育村"]\n' + line)
    # 新会: 省级 8 村 + 市镇级 20 村, two tiers declared not to overlap: 28 villages
    doc = _json(run, "sum", "--metric", "市镇级典型培育村", "--related", "--data", str(folder))
    assert doc["added"] is True
    (total,) = doc["totals"]
    assert (total["total"], total["unit"], total["comparator"], total["parts"]) == (
        28,
        "个",
        "=",
        2,
    )
    ran = run(
        "sum", "--metric", "市镇级典型培育村", "--related", "--format", "csv", "--data", str(folder)
    )
    (row,) = [r for r in csv.DictReader(io.StringIO(ran.stdout)) if r["role"] == "total"]
    assert (row["value"], row["unit"]) == ("28", "个")
    # without adds_with, the bundled data: side by side only
    plain = _json(run, "sum", "--metric", "市镇级典型培育村", "--related")
    assert plain["added"] is False and plain["totals"] == []
    assert [f["value"] for m in plain["members"] for f in m["figures"]] == [20, 8]


def test_check_refuses_an_unknown_related_name_with_the_closest(run, tmp_path):
    folder = _copy_with(
        tmp_path, 'related = ["引进项目总投资", "引进产业', 'related = ["引进项目总投", "引进产业'
    )
    ran = run("check", "--data", str(folder))
    assert ran.code == 1, ran
    assert "[招商引资] related names '引进项目总投', which is not a metric" in ran.stderr
    assert "did you mean 引进项目总投资" in ran.stderr
    assert "targets.toml:" in ran.stderr
    assert "Traceback" not in ran.stderr


def test_check_refuses_a_metric_related_to_itself(run, tmp_path):
    folder = _copy_with(
        tmp_path, 'related = ["引进项目总投资", "引进产业', 'related = ["招商引资", "引进产业'
    )
    ran = run("check", "--data", str(folder))
    assert ran.code == 1, ran
    assert "[招商引资] related names '招商引资', the metric itself" in ran.stderr


def test_the_relation_travels_through_the_index(run, tmp_path):
    # the first run builds the index in a fresh cache; the second reads the metrics from it
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = run("sum", "--metric", "招商引资", "--json", env=env)
    assert any((tmp_path / "cache").rglob("*")), "no index was written"
    second = run("sum", "--metric", "招商引资", "--json", env=env)
    assert first.code == second.code == 0
    assert _related(second.json()) == INVESTMENT_RELATED
    assert second.json()["silent"] == ["蓬江区", "江海区"]


def test_sum_related_on_a_metric_with_no_family_says_so(run):
    # 工业投资 names no related metric and none names it: 鹤山 200, 恩平 >100, 江门 >1000
    doc = _json(run, "sum", "--metric", "工业投资", "--related")
    (member,) = doc["members"]
    assert [(f["region"], f["value"]) for f in member["figures"]] == [
        ("鹤山市", 200),
        ("恩平市", 100),
        ("江门市", 1000),
    ]
    assert doc["why_not_added"] == "no related metric in the data"
    table = run("sum", "--metric", "工业投资", "--related", "--format", "table")
    assert "数据中没有相关指标" in table.stdout
