"""The query commands on the bundled data, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess

import pytest
from conftest import targets_command


def ids(ran) -> list[str]:
    assert ran.code == 0, ran
    return [row["id"] for row in ran.json()]


# ---- list -------------------------------------------------------------------

TAISHAN = [
    "taishan-talent-teams",
    "taishan-parks-guanghai-bay",
    "taishan-parks-industrial-new-town",
    "taishan-provincial-hitech-zone",
    "taishan-provincial-featured-park",
    "taishan-foreign-trade-base",
    "taishan-guanghai-bay-national-platform",
    "taishan-projects-100m",
    "taishan-project-investment",
    "taishan-industrial-output",
]


@pytest.mark.parametrize(
    "name", ["台山市", "台山", "Taishan", "taishan", "臺山", " 台山 ", "台\u200b山"]
)
def test_list_region_by_any_name(run, name):
    assert ids(run("list", "--region", name, "--json")) == TAISHAN


def test_list_json_shape(run, raw_data):
    # every statement with --restatements; by default each target once: the 4 records
    # with same_as (蓬江's and 恩平's headlines, 新会's parks named, 开平's floor in the
    # city's report) are left out
    every = run("list", "--restatements", "--json").json()
    assert len(every) == len(raw_data["targets"])
    rows = run("list", "--json").json()
    assert len(rows) == len(raw_data["targets"]) - 4
    row = next(r for r in rows if r["id"] == "kaiping-projects-100m")
    raw = next(t for t in raw_data["targets"] if t["id"] == "kaiping-projects-100m")
    target = {
        "id": "kaiping-projects-100m",
        "org": "开平市",
        "org_en": "Kaiping",
        "region": "开平市",
        "region_en": "Kaiping",
        "subject": None,
        "metric": "超亿元项目",
        "metric_en": "Projects over 100 million yuan introduced",
        "category": "investment",
        "dimension": "count",
        "kind": "target",
        "value": 52,
        "value_max": None,
        "unit": "个",
        "comparator": ">=",
        "wording": "以上",
        "firmness": "确保",
        "firmness_level": "ensure",
        "period": "2024",
        "outcome": None,
        "source": "jiangmen-2024-pledges",
        "quote": raw["quote"],  # 确保2024年新引入超亿元项目52个以上
        "note": raw["note"],
        "same_as": None,
        "revises": None,
        "also_stated": [],
        "direction": None,  # a rise (a fall would be "down")
        "about": None,  # no 左右 reading of its own
    }
    assert {k: row[k] for k in target} == target
    # the fields the outcomes view adds (views/progress.py): no outcome is recorded for it
    from targets_cli.views.progress import OUTCOME_FIELDS

    assert list(row) == [*target, *OUTCOME_FIELDS]
    assert row["status"] == "unknown"
    assert all(row[k] is None for k in OUTCOME_FIELDS[2:])


def test_json_keeps_chinese_readable(run):
    assert "台山市" in run("list", "--region", "台山", "--json").stdout


def test_department_targets_belong_to_the_city(run):
    rows = run("list", "--region", "江门", "--json").json()
    assert {r["org"] for r in rows} == {"市发展改革委", "市科技局", "市工信局"}
    # 发改委 5 (粤港新型工业化合作示范区, 1300亿元, 联合实验室, 中创新航, 隆基绿能),
    # 科技局 11, 工信局 22
    assert len(rows) == 5 + 11 + 22


def test_filters_combine(run):
    # 确保 or 力保: 开平's GDP growth, projects, investment, villages, 文明城市; 恩平's GDP growth
    assert sorted(ids(run("list", "--firmness", "ensure", "--json"))) == [
        "enping-gdp-growth",
        "kaiping-civilized-city",
        "kaiping-gdp-growth",
        "kaiping-project-investment",
        "kaiping-projects-100m",
        "kaiping-village-income",
    ]
    found = ids(run("list", "--firmness", "确保", "--kind", "target", "--region", "开平", "--json"))
    assert found == ["kaiping-gdp-growth", "kaiping-projects-100m", "kaiping-project-investment"]
    assert ids(run("list", "--metric", "亿元以上项目", "--json")) == [
        "taishan-projects-100m",
        "kaiping-projects-100m",
        "jianghai-projects-100m",
    ]
    assert ids(run("list", "--period", "2025", "--json")) == ["kaiping-village-income"]
    # --search looks in the whole sentence: 力争圭峰会城经济总量超500亿元，新增经济总量超80亿元乡镇2个
    assert ids(run("list", "--search", "圭峰", "--json")) == [
        "xinhui-guifeng-gdp",
        "xinhui-towns-8bn",
    ]
    milestones = ids(run("list", "--kind", "milestone", "--json"))
    assert len(milestones) == 27
    assert set(ids(run("list", "--org", "科技局", "--category", "talent", "--json"))) == {
        "keji-scientist-teams",
        "keji-leading-talents",
        "keji-tech-talent",
        "keji-tech-commissioners",
    }


def test_an_empty_result_is_success_and_says_what_to_try(run):
    # 恩平 states GDP growth, investment, park output and tree planting: no title to win
    ran = run("list", "--region", "恩平", "--category", "recognition", "--json")
    assert (ran.code, ran.json()) == (0, [])
    assert ran.stderr == (
        "targets: no target matches --region 恩平 --category recognition; "
        "without --category there are 6; try: targets list --region 恩平\n"
    )
    ran = run("list", "--region", "恩平", "--category", "recognition", "--format", "csv")
    assert ran.code == 0 and ran.stdout.count("\n") == 1  # the header alone
    assert "try: targets list --region 恩平" in ran.stderr


def test_sort_by_value_puts_the_largest_first_within_a_unit(run):
    args = ["--metric", "超亿元项目总投资", "--metric", "引进产业项目投资"]
    args += ["--metric", "引进项目总投资", "--metric", "招商引资"]
    rows = run("list", *args, "--sort", "value", "--json").json()
    # 新会 超600, 台山 超300, 鹤山 招商引资300, 开平 超220, 恩平 超200 (亿元)
    assert [r["value"] for r in rows] == [600, 300, 300, 220, 200]


def test_the_table_shows_comparator_and_unit(run):
    ran = run("list", "--region", "开平", "--format", "table")
    assert "≥52 个" in ran.stdout
    assert "≥5.5 %" in ran.stdout
    assert ">1000 亿元" in ran.stdout
    assert "\x1b[" not in ran.stdout


def test_piped_output_is_tab_separated_without_colour(run):
    ran = run("list", "--region", "台山")
    lines = ran.stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["id", "org", "org_en"]
    assert len(lines) == 1 + len(TAISHAN)
    assert "\x1b[" not in ran.stdout


def test_csv_parses_back_to_the_same_targets(run):
    ran = run("list", "--region", "台山", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(ran.stdout)))
    assert [r["id"] for r in rows] == TAISHAN
    assert rows[-1]["value"] == "800" and rows[-1]["comparator"] == ">"


def test_jsonl_has_one_target_a_line(run):
    lines = run("list", "--region", "台山", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == TAISHAN


# ---- show -------------------------------------------------------------------


def test_show_gives_the_words_the_speaker_and_the_neighbours(run):
    doc = run("show", "kaiping-projects-100m", "--json").json()
    assert doc["speaker"] == "余中华"
    assert doc["speaker_title"] == "开平市委书记"
    assert (
        doc["sentence"]
        == "落实招商引资“一把手”工程，确保2024年新引入超亿元项目52个以上，总投资超220亿元"
    )
    assert doc["same_sentence"] == ["kaiping-project-investment"]


def test_show_table_highlights_the_figure(run):
    ran = run("show", "kaiping-projects-100m", "--format", "table")
    assert "新引入超亿元项目52个以上" in ran.stdout
    assert "余中华" in ran.stdout


def test_show_unknown_id_suggests_the_closest(run):
    ran = run("show", "kaiping-projects-100", "--json")
    assert ran.code == 2
    assert (
        "unknown target id 'kaiping-projects-100'; did you mean: kaiping-projects-100m"
        in ran.stderr
    )


# ---- compare ------------------------------------------------------------------


def test_compare_one_metric_ranks_the_regions(run):
    doc = run("compare", "--metric", "地区生产总值增长", "--json").json()
    ranking = [(r["rank"], r["region"], r["value"], r["comparator"]) for r in doc["ranking"]]
    # 恩平 GDP增长6%以上 and 江海 6% share the first place; 开平 ranks once, by its 确保
    # floor 5.5%以上 (third): the city's report's 力争达到6% is its softer tier, left out
    assert ranking == [
        (1, "恩平市", 6, ">="),
        (1, "江海区", 6, "="),
        (3, "开平市", 5.5, ">="),
    ]
    # 广东's 5% is the level above, set beside the ranking, never in it
    assert [(c["region"], c["value"]) for c in doc["city"]] == [("广东省", 5)]
    # 恩平 says its 6% twice (确保今年完成GDP增长6%以上的目标), and the city's report says
    # 开平's floor again: each ranked once; 开平's 力争 6% is left out as its softer tier
    assert [(x["id"], x["why"], x["other"]) for x in doc["left_out"]] == [
        ("enping-gdp-growth-headline", "same_as", "enping-gdp-growth"),
        ("kaiping-gdp-growth-city-report", "same_as", "kaiping-gdp-growth"),
        ("kaiping-gdp-growth-strive", "softer", "kaiping-gdp-growth"),
    ]
    ran = run("compare", "--metric", "地区生产总值增长", "--format", "table")
    assert "████████████████████" in ran.stdout


def test_compare_regions_side_by_side_marks_what_was_not_stated(run):
    doc = run(
        "compare", "台山", "开平", "--metric", "超亿元项目", "--metric", "工业投资", "--json"
    ).json()
    assert doc["regions"] == ["台山市", "开平市"]
    rows = {m["metric"]: m["by_region"] for m in doc["metrics"]}
    assert rows["超亿元项目"]["台山市"][0]["value"] == 60
    assert rows["超亿元项目"]["开平市"][0]["value"] == 52
    assert "工业投资" not in rows  # neither stated it
    ran = run(
        "compare",
        "台山",
        "鹤山",
        "--metric",
        "工业投资",
        "--metric",
        "超亿元项目",
        "--format",
        "table",
    )
    assert "—" in ran.stdout


# ---- coverage -------------------------------------------------------------------


def test_coverage_sets_county_totals_against_the_city_goal(run):
    doc = run("coverage", "--json").json()
    by_metric = {m["metric"]: m for m in doc["coverage"]}
    assert set(by_metric) == {
        "工业投资",
        "高企存量",
        "科技型中小企业",
        "规上工业增加值增长",
        "技术改造企业",
        "数字化转型企业",
        "省级专精特新中小企业",
    }
    (sub,) = by_metric["高企存量"]["subtotals"]
    assert (sub["total"], sub["comparator"], sub["city"][0]["value"]) == (1280, ">", 3000)
    assert sub["city"][0]["share"] == round(1280 / 3000, 4)
    (sub,) = by_metric["科技型中小企业"]["subtotals"]
    assert (sub["total"], sub["city"][0]["value"]) == (620, 2900)
    # a rate is compared, not added: 江门 6% against 广东's 5% (+1 point), 江海 6% against
    # the city's 6%
    gaps = by_metric["规上工业增加值增长"]["gaps"]
    assert [
        (g["region"], g["value"], g["city_region"], g["city_value"], g["points"]) for g in gaps
    ] == [
        ("江门市", 6, "广东省", 5, 1),
        ("江海区", 6, "江门市", 6, 0),
    ]
    assert by_metric["工业投资"]["silent"] == ["蓬江区", "江海区", "新会区", "台山市", "开平市"]


# ---- catalogues -----------------------------------------------------------------


def test_metrics_catalogue_counts_targets(run):
    rows = {r["metric"]: r for r in run("metrics", "--json").json()}
    assert rows["超亿元项目"]["aliases"] == ["亿元以上项目"]
    assert rows["超亿元项目"]["targets"] == 3
    assert rows["地区生产总值增长"]["additive"] is False


def test_regions_catalogue(run):
    rows = {r["org"]: r for r in run("regions", "--json").json()}
    assert len(rows) == 12  # 广东省 and the 11 of the pledges
    assert rows["广东省"]["targets"] == 3 and rows["江门市"]["parent"] == "广东省"
    assert rows["台山市"]["pinyin"] == "Taishan" and rows["台山市"]["targets"] == 10
    assert rows["市科技局"]["parent"] == "江门市"
    # city-wide targets are the departments' 5 + 11 + 22; a department is no region
    assert rows["江门市"]["targets"] == 0 and rows["江门市"]["region_targets"] == 38
    assert rows["市科技局"]["region_targets"] is None


# ---- errors and exit codes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (["list", "--region", "台善"], "台山"),
        (["list", "--region", "Taisan"], "Taishan"),
        (["list", "--metric", "超亿项目"], "超亿元项目"),
        (["list", "--org", "科技"], "市科技局"),
        (["sum", "--metric", "工业投入"], "工业投资"),
    ],
)
def test_unknown_names_get_the_closest_known_ones(run, args, suggestion):
    ran = run(*args, "--json")
    assert ran.code == 2
    assert ran.stdout == ""
    assert ran.stderr.startswith("targets: error: unknown ")
    assert suggestion in ran.stderr


def test_conflicting_formats_are_a_usage_error(run):
    ran = run("list", "--json", "--format", "csv")
    assert ran.code == 2
    assert "--json conflicts with --format csv" in ran.stderr


# ---- the installed command ---------------------------------------------------------


def test_installed_entry_point_from_another_folder(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    env["XDG_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"]  # the test run's, not the user's
    done = subprocess.run(
        [*targets_command(), "sum", "--metric", "超亿元项目", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 162


def test_a_closed_pipe_ends_quietly(tmp_path):
    command = " ".join(targets_command())
    done = subprocess.run(
        ["bash", "-c", f"{command} list --format jsonl | head -1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and done.stderr == ""


def test_data_option_and_environment_point_at_another_file(run, tmp_path, data_file, raw_data):
    # a copy elsewhere, with its source text beside it (as the loader requires)
    copy = tmp_path / "mine.toml"
    copy.write_text(data_file.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "sources").mkdir()
    source = data_file.parent / "sources" / "jiangmen-2024-pledges.txt"
    (tmp_path / "sources" / source.name).write_bytes(source.read_bytes())
    assert len(run("list", "--data", str(copy), "--restatements", "--json").json()) == len(
        raw_data["targets"]
    )
    assert len(
        run("list", "--restatements", "--json", env={"TARGETS_DATA": str(copy)}).json()
    ) == len(raw_data["targets"])
    missing = tmp_path / "nowhere.toml"
    ran = run("list", "--json", env={"TARGETS_DATA": str(missing)})
    assert ran.code == 1
    assert f"{missing}: no such data file or folder (set by $TARGETS_DATA)" in ran.stderr
