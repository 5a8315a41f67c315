"""What a reader sees (issue 18): ids never broken, figures never parted from their units,
Chinese labels under --lang zh, and the small things help, legends and counts say.

The ids are the ones data/targets.toml holds (read with tomllib, not through the tool);
the figures are the ones the source text states.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

ID_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
UNITS = ("亿元", "万元", "万人", "元", "人", "名", "家", "个", "项", "支", "%", "强")
# a unit at the start of a cell's line: the figure it belongs to is on the line above
ORPHAN_UNIT = re.compile(r"(?:^|\s{2,})(?:" + "|".join(map(re.escape, UNITS)) + r")(?=\s|$|；)")
# a figure at the end of a cell's line whose unit went to the next line
COMMANDS = [
    ("list",),
    ("list", "--region", "台山"),
    ("list", "--period", "none"),
    ("progress",),
    ("coverage",),
    ("sum", "--metric", "超亿元项目"),
    ("sum", "--metric", "规上工业总产值"),
    ("sum", "--metric", "工业投资"),
    ("compare", "--metric", "工业投资"),
    ("compare", "--metric", "地区生产总值增长"),
    ("compare", "台山", "开平", "恩平", "--category", "investment"),
]


@pytest.fixture(scope="module")
def known_ids(raw_data) -> set[str]:
    # progress lists each outcome's note under the outcome's own id
    return {t["id"] for t in raw_data["targets"]} | {o["id"] for o in raw_data["outcomes"]}


@pytest.mark.parametrize("width", ["100", "80"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_id_printed_is_whole_on_one_line(run, known_ids, args, width):
    ran = run(*args, "--format", "table", env={"COLUMNS": width, "NO_COLOR": "1"})
    assert ran.code == 0, ran
    shown = ID_SHAPE.findall(ran.stdout)
    # a broken id leaves a head that is no id (taishan-provincial-hitech-zo)
    assert [word for word in shown if word not in known_ids] == []
    # ... and a tail without a hyphen (ne): every id the JSON answer names is in the table
    if args[0] == "list":
        listed = {t["id"] for t in run(*args, "--json").json()}
        assert set(shown) == listed


@pytest.mark.parametrize("width", ["100", "80"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_figure_is_parted_from_its_unit(run, args, width):
    ran = run(*args, "--format", "table", env={"COLUMNS": width, "NO_COLOR": "1"})
    assert ran.code == 0, ran
    lines = ran.stdout.splitlines()
    assert [line for line in lines if ORPHAN_UNIT.search(line)] == []


@pytest.mark.parametrize("width", ["100", "80"])
def test_coverage_keeps_each_county_figure_on_one_line(run, width):
    # 鹤山 pledged 工业投资 200亿元 and 恩平 超100亿元 (data/sources: 鹤山 "工业投资200亿元",
    # 恩平 "工业投资超100亿元"); each part is one unbroken run of the table.
    ran = run("coverage", "--format", "table", env={"COLUMNS": width, "NO_COLOR": "1"})
    assert "鹤山 200 亿元" in ran.stdout
    assert "恩平 >100 亿元" in ran.stdout
    assert "江海 >730 家" in ran.stdout
    assert "新会 >550 家" in ran.stdout


def test_list_of_taishan_at_100_columns_exactly(run):
    # 发言单位 8+2; 目标 ">300 亿元" 9+2; 年份 4+2; 力度 4+2; 编号, whole,
    # "taishan-guanghai-bay-national-platform" 38+2 = 40: 10+11+6+6+40 = 73, with
    # 2 edges and 5 dividers 80; 指标 gets the 20 left (18 inside) and breaks at spaces.
    ran = run("list", "--region", "台山", "--format", "table", env={"NO_COLOR": "1"})
    blank = " " * 100
    assert ran.stdout.splitlines() == [
        blank,
        "  发言单位   指标                      目标   年份   力度   编号" + " " * 36,
        " " + "─" * 98 + " ",
        "  台山       人才队伍                 13 支   2024          taishan-talent-teams                    ",
        "  台山       专业产业园                3 个   2024          taishan-parks-guanghai-bay              ",
        "  台山       专业产业园                3 个   2024          taishan-parks-industrial-new-town       ",
        "  台山       创建称号 ·                   ◆   2024   争创   taishan-provincial-hitech-zone          ",
        "             省级高新区                                                                             ",
        "  台山       创建称号 ·                   ◆   2024   争创   taishan-provincial-featured-park        ",
        "             省级特色园区                                                                           ",
        "  台山       创建称号 ·                   ◆   2024   争创   taishan-foreign-trade-base              ",
        "             省级外贸转型升级基                                                                     ",
        "             地                                                                                     ",
        "  台山       创建称号 ·                   ◆   2024          taishan-guanghai-bay-national-platform  ",
        "             大广海湾经济区 ·                                                                       ",
        "             大湾区新的国家级平                                                                     ",
        "             台                                                                                     ",
        "  台山       超亿元项目               60 个   2024   争取   taishan-projects-100m                   ",
        "  台山       超亿元项目总投资     >300 亿元   2024   争取   taishan-project-investment              ",
        "  台山       规上工业总产值       >800 亿元   2024   力促   taishan-industrial-output               ",
        blank,
        "共 10 条  (◆ 定性目标)",
    ]


# ---- Chinese labels under --lang zh --------------------------------------------------

WIDE = {"COLUMNS": "400", "NO_COLOR": "1"}  # no cell wraps: one line a row
ENGLISH_PROSE = re.compile(r"[A-Za-z]{2,}[,;:]? +[A-Za-z]{2,}")


def cells(line: str) -> list[str]:
    """A table line's cells (they are set apart by at least two spaces)."""
    return [cell for cell in re.split(r" {2,}", line.strip()) if cell]


def row_of(stdout: str, first: str) -> list[str]:
    """The cells of the first table row whose first cell is `first`."""
    found = [cells(line) for line in stdout.splitlines() if cells(line)[:1] == [first]]
    assert found, (first, stdout)
    return found[0]


def test_regions_name_each_kind_in_chinese(run):
    # domain.md: 江门市 is a prefecture-level city, 蓬江区 a district (市辖区), 台山市 a
    # county-level city (县级市), 市工信局 a city department
    out = run("regions", "--format", "table", env=WIDE).stdout
    assert row_of(out, "江门市")[1] == "地级市"
    assert row_of(out, "蓬江区")[1:3] == ["市辖区", "江门市"]
    assert row_of(out, "台山市")[1:3] == ["县级市", "江门市"]
    assert row_of(out, "市工信局")[1:3] == ["市直部门", "江门市"]
    en = run("regions", "--format", "table", "--lang", "en", env=WIDE).stdout
    assert row_of(en, "Pengjiang")[1:3] == ["district", "Jiangmen"]


def test_metrics_name_each_dimension_and_category_in_chinese(run):
    out = run("metrics", "--format", "table", env=WIDE).stdout
    # 工业投资 is money invested in a year (an amount); 地区生产总值增长 a growth rate
    assert row_of(out, "工业投资")[1:3] == ["总量", "投资 (investment)"]
    assert row_of(out, "地区生产总值增长")[2:4] == ["增长率", "经济 (economy)"]
    assert row_of(out, "超亿元项目")[1:4] == ["亿元以上项目", "数量", "投资 (investment)"]


def test_show_marks_an_english_note_and_names_the_level_in_chinese(run, raw_data):
    note = next(t["note"] for t in raw_data["targets"] if t["id"] == "kaiping-village-income")
    out = run("show", "kaiping-village-income", "--format", "table", env=WIDE).stdout
    fields = {row[0]: row[1] for row in map(cells, out.splitlines()) if len(row) == 2}
    assert fields["备注"] == "[英文] " + note
    assert fields["力度"] == "力保 (确保级)"  # 力保 is as hard as 确保 (domain.md)
    assert fields["指标"] == (
        "村级集体经营性收入（门槛；英文名 Village collective operating income per village）"
    )
    en = run("show", "kaiping-village-income", "--format", "table", "--lang", "en", env=WIDE)
    fields = {row[0]: row[1] for row in map(cells, en.stdout.splitlines()) if len(row) == 2}
    assert fields["note"] == note
    assert fields["firmness"] == "力保 (ensure)"


def test_show_marks_a_citation_written_in_english(run):
    # the outcome's title in the data: "... as summarised by 江门日报"
    out = run("show", "kaiping-gdp-growth", "--format", "table", env=WIDE).stdout
    fields = {row[0]: row[1] for row in map(cells, out.splitlines()) if len(row) == 2}
    assert fields["出处"] == (
        "[英文] 江门日报, 开平市政府工作报告 (开平市十七届人大五次会议), "
        "as summarised by 江门日报, 2025-03-12"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("regions",),
        ("metrics",),
        ("list",),
        ("coverage",),
        ("compare",),
        ("sum", "--metric", "工业投资"),
        ("compare", "--metric", "村级集体经营性收入"),
    ],
    ids=" ".join,
)
def test_chinese_tables_carry_no_english_label(run, known_ids, args):
    out = run(*args, "--format", "table", env=WIDE).stdout
    for line in out.splitlines():
        text = " ".join(word for word in line.split() if word not in known_ids)
        text = re.sub(r"\([A-Za-z][A-Za-z ]*\)", "", text)  # a name in both: 投资 (investment)
        assert not ENGLISH_PROSE.search(text), line


def test_every_shown_target_in_chinese_has_its_english_marked(run, raw_data, known_ids):
    # the targets with a result (their citations) and every fifth one (notes mostly)
    results = {o["target"] for o in raw_data["outcomes"]}
    for target in sorted(results | set(sorted(known_ids)[::5])):
        out = run("show", target, "--format", "table", env=WIDE).stdout
        for row in map(cells, out.splitlines()):
            if len(row) != 2 or row[0] in ("链接", "发言单位"):  # a URL; an org's name in both
                continue
            value = " ".join(w.strip(",") for w in row[1].split() if w.strip(",") not in known_ids)
            value = re.sub(r"英文名 [^）]*）", "）", value)  # the metric's name in both
            if ENGLISH_PROSE.search(value):
                assert value.startswith("[英文] "), (target, row)


# ---- help, legends, counts, status, notes -------------------------------------------


def test_compare_help_names_its_argument_as_click_does(run):
    out = run("compare", "--help").stdout
    assert out.startswith("Usage: targets compare [OPTIONS] [REGION]...\n")
    # (the Arguments list writes it REGION..., or [REGION]... before Typer 0.16)
    assert re.search(
        r"^  \[?REGION\]?\.\.\.  Regions to set side by side \(default: all\)\.$", out, re.M
    )


@pytest.mark.parametrize(
    "command",
    [
        "list",
        "show",
        "sum",
        "compare",
        "coverage",
        "progress",
        "metrics",
        "regions",
        "check",
        "scan",
        "export",
        "serve",
        "schema",
    ],
)
def test_no_help_shows_a_python_type_or_braces(run, command):
    out = run(command, "--help").stdout
    assert out.startswith(f"Usage: targets {command} ")
    assert not re.search(r"<(?:list\[|path>|str>|int>)", out), out
    assert "{" not in out.splitlines()[0]


def test_export_help_names_every_file_a_csv_export_writes(run, tmp_path):
    out = run("export", "--help").stdout
    assert out.startswith("Usage: targets export [OPTIONS] OUT\n")
    assert run("export", "--format", "csv", str(tmp_path / "out")).code == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(
        [
            "sources.csv",
            "orgs.csv",
            "metrics.csv",
            "units.csv",
            "targets.csv",
            "outcomes.csv",
            "not_targets.csv",
            "progress.csv",
            "totals.csv",
            "coverage.csv",
        ]
    )
    prose = " ".join(out.split())
    for name in written:
        assert name in prose
    assert run("export", "--format", "datasette", str(tmp_path / "site")).code == 0
    for path in (tmp_path / "site").iterdir():
        assert path.name in prose


def test_an_empty_list_prints_no_milestone_legend(run):
    ran = run("list", "--region", "台山", "--period", "2026", "--format", "table")
    assert ran.stdout.splitlines()[-1] == "共 0 条"
    assert "◆" not in ran.stdout
    en = run("list", "--region", "台山", "--period", "2026", "--format", "table", "--lang", "en")
    assert en.stdout.splitlines()[-1] == "0 targets"


def test_the_legend_comes_with_a_milestone_and_only_then(run):
    # the four undated statements are figures (≥1000 亿元: 蓬江's GDP in its body and its
    # headline, the two 千亿 clusters), none a milestone
    ran = run("list", "--period", "none", "--restatements", "--format", "table", env=WIDE)
    assert ran.stdout.splitlines()[-1] == "共 4 条"
    # 台山's list holds its four 创建称号 milestones
    ran = run("list", "--region", "台山", "--format", "table", env=WIDE)
    assert ran.stdout.splitlines()[-1] == "共 10 条  (◆ 定性目标)"


def test_an_empty_compare_prints_no_legend(run):
    ran = run("compare", "台山", "--period", "2026", "--format", "table")
    assert "未表态" not in ran.stdout


def _pledges_only(tmp_path) -> str:
    """A copy of the bundled data with one source: the cited ones (and the figures and
    results that cite them) taken out."""
    import shutil

    from targets_cli.data.loading import bundled_data

    folder = tmp_path / "data"
    shutil.copytree(bundled_data().parent, folder)
    path = folder / "targets.toml"
    cited = ("guangdong-2024-report-", "jiangmen-2024-report-kaiping", "guangdong-")
    parts = path.read_text(encoding="utf-8").split("\n\n")
    kept = [
        part
        for part in parts
        if not (
            ("[[sources]]" in part or "[[targets]]" in part or "[[outcomes]]" in part)
            and any(f'"{c}' in part for c in cited)
        )
        and "kaiping-gdp-growth-strive" not in part
    ]
    path.write_text("\n\n".join(kept), encoding="utf-8")
    return str(folder)


def test_check_counts_one_source_in_the_singular(run, tmp_path):
    ran = run("check", _pledges_only(tmp_path))
    assert ran.stdout.startswith("ok: 116 targets, 12 orgs, 71 metrics, 1 source in "), ran


def test_export_counts_one_source_in_the_singular(run, tmp_path):
    data = _pledges_only(tmp_path)
    ran = run("export", "--format", "json", str(tmp_path / "t.json"), "--data", data)
    assert ran.stdout.endswith(": 116 targets, 12 orgs, 71 metrics, 1 source\n"), ran


def test_list_shows_the_status_once_an_outcome_is_known(run):
    # 开平 pledged 确保 地区生产总值增长5.5%以上; 江门日报 reports 2.5% for 2024: missed
    out = run("list", "--region", "开平", "--format", "table", env=WIDE).stdout
    header = cells(out.splitlines()[1])
    assert header == ["发言单位", "指标", "目标", "年份", "力度", "状态", "编号"]
    assert row_of(out, "开平")[2:] == ["≥5.5 %", "2024", "确保", "未完成", "kaiping-gdp-growth"]
    rows = [cells(line) for line in out.splitlines() if line.startswith("  开平")]
    by_id = {row[-1]: row[-2] for row in rows}
    assert by_id["kaiping-projects-100m"] == "未知"
    # 台山: no result is known, no status column
    taishan = run("list", "--region", "台山", "--format", "table", env=WIDE).stdout
    assert "状态" not in taishan


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "jsonl"])
def test_list_gives_the_status_in_every_flat_format(run, fmt):
    ran = run("list", "--region", "开平", "--format", fmt)
    if fmt == "json":
        records = ran.json()
    elif fmt == "jsonl":
        records = [json.loads(line) for line in ran.stdout.splitlines()]
    else:
        reader = csv.DictReader(io.StringIO(ran.stdout), delimiter="\t" if fmt == "tsv" else ",")
        records = list(reader)
    status = {r["id"]: r["status"] for r in records}
    assert status["kaiping-gdp-growth"] == "missed"
    assert status["kaiping-projects-100m"] == "unknown"
    # 开平's nine targets in the source, and the 力争 6% of the city's report (its floor
    # there restates the pledge: listed once)
    assert len(status) == 10
    assert status["kaiping-gdp-growth-strive"] == "missed"


NOTE = "ranked within each year: 2024; 2025"


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "jsonl", "table"])
def test_compare_over_two_years_says_so_in_every_format(run, fmt):
    # 新会: 村级集体经营性收入 20万元以上 (2024); 开平: 超过50万元 by 2025: each is rank 1
    ran = run("compare", "--metric", "村级集体经营性收入", "--format", fmt, env=WIDE)
    if fmt == "table":
        assert "按年份分别排名：2024；2025" in ran.stdout.splitlines()
        return
    if fmt == "json":
        document = ran.json()
        assert document["rank_note"] == NOTE
        ranked = document["ranking"]
    elif fmt == "jsonl":
        ranked = [json.loads(line) for line in ran.stdout.splitlines()]
    else:
        reader = csv.DictReader(io.StringIO(ran.stdout), delimiter="\t" if fmt == "tsv" else ",")
        ranked = list(reader)
    assert [(r["id"], str(r["rank"]), r["rank_note"]) for r in ranked] == [
        ("xinhui-village-income", "1", NOTE),
        ("kaiping-village-income", "1", NOTE),
    ]


def test_compare_over_one_year_has_no_rank_note(run):
    document = run("compare", "--metric", "工业投资", "--json").json()
    assert document["rank_note"] is None
    assert all(r["rank_note"] is None for r in document["ranking"])


# ---- the renderer: exact text -------------------------------------------------------


def drawn(table, width: int) -> str:
    from rich.console import Console

    from targets_cli.renderers.table import write_table

    out = io.StringIO()
    console = Console(
        file=out, width=width, highlight=False, emoji=False, markup=False, _environ={}
    )
    write_table(table, console)
    return out.getvalue()


def test_a_part_is_never_broken_inside_its_region_figure_and_unit():
    from targets_cli.views.report import Column, Table

    # a no-break space between region and figure (as coverage writes it), a plain one
    # between figure and unit: "鹤山 200 亿元；" is 4+1+3+1+4+2 = 15 cells, "恩平 >100 亿元"
    # 14. 指标 column 8; so 1 + (8+3) + (15+3) = 30 is the narrowest in columns.
    table = Table(
        (Column("metric", "指标"), Column("parts", "县级目标")),
        [{"metric": "工业投资", "parts": "鹤山\xa0200 亿元； 恩平\xa0>100 亿元"}],
    )
    assert drawn(table, 30) == (
        "                              \n"
        "  指标       县级目标         \n"
        " ──────────────────────────── \n"
        "  工业投资   鹤山 200 亿元；  \n"
        "             恩平 >100 亿元   \n"
        "                              \n"
    )
    # one cell narrower: stacked, each part still whole, written with plain spaces
    assert drawn(table, 29) == (
        "指标     工业投资            \n"
        "县级目标 鹤山 200 亿元；     \n"
        "         恩平 >100 亿元      \n"
    )


def test_a_stacked_id_goes_under_its_label_when_it_cannot_fit_beside_it(run):
    # at 40 columns the labels take 8 cells (发言单位) and a space: an id of up to 31
    # fits beside them ("taishan-parks-guanghai-bay", 26); a longer one
    # ("taishan-guanghai-bay-national-platform", 38) goes under its label, indented by
    # two: 2 + 38 = 40
    ran = run("list", "--region", "台山", "--format", "table", env={"COLUMNS": "40"})
    lines = [line.rstrip() for line in ran.stdout.splitlines()]
    assert "编号     taishan-parks-guanghai-bay" in lines
    at = lines.index("  taishan-guanghai-bay-national-platform")
    assert lines[at - 1] == "编号"
    assert all(len(line) <= 40 for line in lines)


def test_progress_in_chinese_marks_english_citations_and_names_restatements_in_chinese(run):
    ran = run("progress", "--format", "table", env=WIDE)
    assert ran.code == 0, ran
    assert "same_as" not in ran.stdout
    assert "重复表述的目标 4 条只计一次（重复表述）" in ran.stdout
    references = [line for line in ran.stdout.splitlines() if line.startswith("[")]
    # [1] cites 开平's report "as summarised by 江门日报": English glue, so marked;
    # [3] 南方+'s headline is Chinese throughout, so not
    assert references[0].startswith("[1] [英文] 江门日报")
    assert references[2].startswith("[3] 南方+, 开年即出发")
