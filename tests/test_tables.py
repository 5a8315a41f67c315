"""Tables for people, drawn by rich: the exact text, worked out by hand.

Widths are counted in terminal cells: a Chinese character is 2, ASCII and ≥ · ◆ are 1.
rich's SIMPLE_HEAD box draws a row as: a blank edge, each cell padded by one space on
each side, a blank divider between cells, a blank edge; a line of ─ under the header;
a blank line above and below the rows. A table is as wide as its cells need (it does
not stretch to the console), a title is centred over it (the odd cell on the right).
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from targets_cli.__main__ import main
from targets_cli.renderers import Format, render
from targets_cli.renderers.table import (
    console_environ,
    console_for,
    needed_width,
    write_table,
    write_tables,
)
from targets_cli.views.report import Bar, Column, Marked, Report, Table

B = "\x1b[1m{}\x1b[0m".format  # a bold segment, as rich writes it


def drawn(table: Table, width: int, *, styled: bool = False) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=styled,
        color_system="standard" if styled else None,
        highlight=False,
        emoji=False,
        markup=False,
        _environ={},
    )
    write_table(table, console)
    return out.getvalue()


PLEDGES = Table(
    columns=(Column("who", "名称"), Column("n", "数", numeric=True)),
    rows=[{"who": "台山", "n": "60 个"}, {"who": "开平", "n": "≥52 个"}],
    title="超亿元项目",
    notes=("共 2 条",),
)


def test_a_small_table_with_a_title_a_numeric_column_and_a_note():
    # 名称 column: 名称/台山/开平 are 4 cells + 2 of padding = 6.
    # 数 column: "≥52 个" is 1+2+1+2 = 6 cells + 2 = 8; right-aligned, the header too.
    # Table: 6 + 8 + 2 edges + 1 divider = 17. Title 超亿元项目 is 10 cells: (17-10)//2 = 3
    # spaces before, 4 after. The note goes under the table, as it is.
    assert drawn(PLEDGES, 80) == (
        "   超亿元项目    \n"
        "                 \n"
        "  名称       数  \n"
        " ─────────────── \n"
        "  台山    60 个  \n"
        "  开平   ≥52 个  \n"
        "                 \n"
        "共 2 条\n"
    )


def test_styles_bold_title_and_headers():
    # the same table on a terminal: the title bold, each header cell bold (padding too)
    header = " " + B(" ") + B("名称") + B(" ") + " " + B(" ") + B("    数") + B(" ") + " \n"
    assert drawn(PLEDGES, 80, styled=True) == (
        B("   超亿元项目    ") + "\n"
        "                 \n" + header + " ─────────────── \n"
        "  台山    60 个  \n"
        "  开平   ≥52 个  \n"
        "                 \n"
        "共 2 条\n"
    )


RECORD = Table(
    columns=(Column("field", "字段"), Column("value", "值")),
    rows=[
        {"field": "编号", "value": "taishan-projects-100m"},
        # 引进超亿元项目60个: the figure 60 is characters 7 and 8
        {"field": "原文", "value": Marked("引进超亿元项目60个", ((7, 9),))},
        {"field": "备注", "value": None},
    ],
    key_value=True,
    notes=("见 show --json",),
)


def test_a_record_of_fields_and_values_folds_a_long_value():
    # No header. Field column: 4 cells + 2 = 6. At width 30 the value column gets
    # 30 - 6 - 2 edges - 1 divider = 21, 19 inside its padding: the 21-character id is
    # folded after 19 characters ("taishan-projects-10" / "0m"). 引进超亿元项目60个 is
    # 7*2 + 2 + 2 = 18 cells, one short of 19.
    assert drawn(RECORD, 30) == (
        "                              \n"
        "  编号   taishan-projects-10  \n"
        "         0m                   \n"
        "  原文   引进超亿元项目60个   \n"
        "  备注                        \n"
        "                              \n"
        "见 show --json\n"
    )


def test_a_record_shows_field_names_bold_and_the_figure_in_a_quote_reversed():
    bold_field = " " + B(" ") + B("{}") + B(" ") + "  {}\n"
    assert drawn(RECORD, 30, styled=True) == (
        "                              \n"
        + bold_field.format("编号", "taishan-projects-10  ")
        + " "
        + B("      ")
        + "  0m                   \n"
        + bold_field.format("原文", "引进超亿元项目\x1b[1;7m60\x1b[0m个   ")
        + bold_field.format("备注", "                     ")
        + "                              \n"
        "见 show --json\n"
    )


RANKING = Table(
    columns=(
        Column("region", "地区"),
        Column("value", "目标", numeric=True),
        Column("bar", "", table_only=True),
    ),
    rows=[
        {"region": "恩平", "value": "≥6 %", "bar": Bar(1.0)},
        {"region": "开平", "value": "≥5.5 %", "bar": Bar(5.5 / 6)},
        {"region": "x", "value": "1 %", "bar": Bar(0.01)},
    ],
    title="增长",
)


def test_bars_are_twenty_blocks_for_the_top_and_at_least_one():
    # 5.5/6 of 20 blocks = 18.3: 18. 1% of 20 = 0.2: still 1, so that a row shows a bar.
    # Columns: 地区 4+2 = 6; 目标 "≥5.5 %" 6+2 = 8; bars 20+2 = 22.
    # Table 6 + 8 + 22 + 2 + 2 = 40; title 增长 (4 cells) centred: 18 spaces each side.
    assert drawn(RANKING, 60) == (
        "                  增长                  \n"
        "                                        \n"
        "  地区     目标                         \n"
        " ────────────────────────────────────── \n"
        "  恩平     ≥6 %   ████████████████████  \n"
        "  开平   ≥5.5 %   ██████████████████    \n"
        "  x         1 %   █                     \n"
        "                                        \n"
    )


def test_bars_are_cyan_on_a_terminal():
    text = drawn(RANKING, 60, styled=True)
    assert "  恩平     ≥6 %   \x1b[36m████████████████████\x1b[0m  \n" in text
    assert "  x         1 %   \x1b[36m█                   \x1b[0m  \n" in text


def test_too_narrow_for_the_columns_each_row_is_stacked():
    # needed: 1 + (4 + 3) + (max(2, min(6, 8)) + 3) = 17 cells. At 12, each row is a
    # record; "名称" (4) + 1 + 8 > 12, so each label stands on its own line, the value
    # under it indented by two.
    assert drawn(PLEDGES, 12) == (
        "超亿元项目\n"
        "名称   \n"
        "  台山 \n"
        "数     \n"
        "  60 个\n"
        "\n"
        "名称    \n"
        "  开平  \n"
        "数      \n"
        "  ≥52 个\n"
        "共 2 条\n"
    )


def test_control_and_escape_characters_from_data_are_shown_as_codes():
    hostile = Table(
        columns=(Column("who", "名\x1b[2J"), Column("q", "原文")),
        rows=[{"who": "台山\x1b]0;pwned\x07", "q": Marked("超\x9b31m亿60个", ((6, 8),))}],
        title="T\u202e",
        notes=("note\x1b[2J",),
    )
    text = drawn(hostile, 80)
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "\u202e" not in text
    for shown in ("名\\x1b[2J", "台山\\x1b]0;pwned\\x07", "超\\x9b31m亿60个", "T\\u202e"):
        assert shown in text, shown
    assert text.endswith("note\\x1b[2J\n")
    # on a terminal, the figure (characters 6 and 7 of the data) is still the one reversed:
    # the marks move with the text, which has grown by three characters ("\\x9b" for one)
    styled = drawn(hostile, 80, styled=True)
    assert "超\\x9b31m亿\x1b[1;7m60\x1b[0m个" in styled


def test_the_columns_are_kept_down_to_the_width_they_need():
    # PLEDGES needs 17 (above): at 17 it is drawn in columns, at 16 stacked. The bound
    # from its headers alone is 1 + (8 + 3) + (8 + 3) = 23, wider than what it needs.
    assert needed_width(PLEDGES) == 17
    assert needed_width(PLEDGES, at_most=True) == 23
    assert drawn(PLEDGES, 17) == drawn(PLEDGES, 80)
    # stacked, label beside value: 名称 (4) + 1 + 8 fits in 16; the labels' column is 4
    # wide, a space, then the value, padded to the widest of its record (60 个: 5 cells;
    # ≥52 个: 6)
    assert drawn(PLEDGES, 16) == (
        "超亿元项目\n名称 台山 \n数   60 个\n\n名称 开平  \n数   ≥52 个\n共 2 条\n"
    )
    for table in (RECORD, RANKING):
        assert needed_width(table, at_most=True) >= needed_width(table)


@pytest.mark.parametrize(
    ("environ", "kept"),
    [
        ({"COLUMNS": "120", "LINES": "40"}, {"COLUMNS": "120", "LINES": "40"}),
        ({"COLUMNS": "0"}, {}),  # rich would take 0 columns and print nothing
        ({"COLUMNS": "²"}, {}),  # "²".isdigit() is True and int("²") raises
        ({"LINES": "²", "COLUMNS": "90"}, {"COLUMNS": "90"}),
        ({"COLUMNS": "٩٠"}, {}),  # Arabic-Indic digits: not a size a terminal sets
        ({"COLUMNS": "abc", "TERM": "xterm"}, {"TERM": "xterm"}),
        ({"JUPYTER_COLUMNS": "²"}, {}),
    ],
)
def test_sizes_rich_cannot_use_are_left_out(environ, kept):
    assert console_environ(environ) == kept


@pytest.mark.parametrize(
    "environ",
    [{"COLUMNS": "0"}, {"COLUMNS": "²"}, {"LINES": "²"}, {"COLUMNS": "²", "LINES": "²"}],
)
def test_an_unusable_size_is_80_columns_when_nothing_else_tells(environ, monkeypatch):
    # (stdin, stdout and stderr are not terminals here: nothing else gives a size)
    monkeypatch.setattr("os.get_terminal_size", _no_terminal)
    out = io.StringIO()
    console = console_for(out, environ)
    assert console.width == 80
    write_tables((PLEDGES,), out)
    assert "  开平   ≥52 个  \n" in out.getvalue()


def _no_terminal(*args):
    raise OSError("not a terminal")


def test_no_color_takes_the_styles_away():
    out = io.StringIO()
    console = console_for(out, {"NO_COLOR": "1", "FORCE_COLOR": "1", "COLUMNS": "60"})
    write_table(RANKING, console)
    assert "\x1b[36m" not in out.getvalue()
    assert "  恩平     ≥6 %   ████████████████████  \n" in out.getvalue()


# ---- the empty-answer note ---------------------------------------------------------------

EMPTY = Report(
    document=[],
    records=[],
    fields=("id", "org"),
    tables=lambda: (Table((Column("id", "编号"),), [], notes=("共 0 条",)),),
    empty_note="no target of 台山 in 2031\x1b[2J; try: targets list --region 台山",
)


@pytest.mark.parametrize(
    ("fmt", "stdout"),
    [
        (Format.json, "[]\n"),
        (Format.jsonl, ""),
        (Format.tsv, "id\torg\n"),
        (Format.csv, "id,org\r\n"),
        # 编号: 4 cells + 2 of padding + 2 edges = 8; the box's blank lines, no rows
        (Format.table, "        \n  编号  \n ────── \n        \n共 0 条\n"),
    ],
)
def test_an_empty_answer_says_why_on_stderr_in_every_format(fmt, stdout, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = io.StringIO()
    render(EMPTY, fmt, out)
    assert out.getvalue() == stdout
    # one line, after the answer, its escape shown as a code
    assert capsys.readouterr().err == (
        "targets: no target of 台山 in 2031\\x1b[2J; try: targets list --region 台山\n"
    )


def test_an_answer_with_rows_has_no_note(capsys):
    report = Report(document=[{"id": "a"}], records=[{"id": "a"}], fields=("id",))
    render(report, Format.json, io.StringIO())
    assert capsys.readouterr().err == ""


# ---- the bundled data, through the entry point ------------------------------------------


def test_list_taishan_as_a_table_120_wide(capsys, monkeypatch):
    monkeypatch.delenv("TARGETS_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["list", "--region", "台山", "--format", "table"]) == 0
    # The 10 targets 台山市 states in data/targets.toml, in the file's order. Widths with
    # padding: 发言单位 8+2 = 10; 目标 ">300 亿元" 4+1+4+2 = 11; 年份 4+2 = 6; 力度 4+2 = 6;
    # 编号 "taishan-guanghai-bay-national-platform" 38+2 = 40; 指标, at its widest
    # "创建称号 · 大广海湾经济区 · 大湾区新的国家级平台" 8+3+14+3+20+2 = 50.
    # 10+50+11+6+6+40 + 2 edges + 5 dividers = 130 > 120: rich narrows the widest
    # column, 指标, by the 10 cells over, to 40 (38 inside). That name is 48 cells: it
    # breaks at its last space, "创建称号 · 大广海湾经济区 ·" (27) / "大湾区新的国家级平台".
    # The table is 120 wide.
    blank = " " * 120
    assert capsys.readouterr().out.splitlines() == [
        blank,
        "  发言单位   指标" + " " * 42 + "目标   年份   力度   编号" + " " * 36,
        " " + "─" * 118 + " ",
        "  台山       人才队伍                                     13 支   2024          taishan-talent-teams                    ",
        "  台山       专业产业园                                    3 个   2024          taishan-parks-guanghai-bay              ",
        "  台山       专业产业园                                    3 个   2024          taishan-parks-industrial-new-town       ",
        "  台山       创建称号 · 省级高新区                            ◆   2024   争创   taishan-provincial-hitech-zone          ",
        "  台山       创建称号 · 省级特色园区                          ◆   2024   争创   taishan-provincial-featured-park        ",
        "  台山       创建称号 · 省级外贸转型升级基地                  ◆   2024   争创   taishan-foreign-trade-base              ",
        "  台山       创建称号 · 大广海湾经济区 ·                      ◆   2024          taishan-guanghai-bay-national-platform  ",
        "             大湾区新的国家级平台                                                                                       ",
        "  台山       超亿元项目                                   60 个   2024   争取   taishan-projects-100m                   ",
        "  台山       超亿元项目总投资                         >300 亿元   2024   争取   taishan-project-investment              ",
        "  台山       规上工业总产值                           >800 亿元   2024   力促   taishan-industrial-output               ",
        blank,
        "共 10 条  (◆ 定性目标)",
    ]


# ---- JSON: what json.dumps leaves raw is escaped --------------------------------------


def test_json_escapes_exactly_what_visible_shows_as_a_code_and_json_dumps_leaves_raw():
    import json

    from targets_cli.errors import visible
    from targets_cli.renderers.document import ESCAPES

    unsafe = {code for code in range(0x3000) if visible(chr(code)) != chr(code)}
    left_raw = {code for code in unsafe if chr(code) in json.dumps(chr(code), ensure_ascii=False)}
    assert set(ESCAPES) == left_raw
    assert 0x1B not in left_raw and 0x9B in left_raw and 0x202E in left_raw


def test_a_json_document_with_c1_and_bidi_controls_reads_back_the_same():
    import json

    value = {"note": "台山\x1b]0;x\x07 \x9b2J \u202eabc \x7f"}
    out = io.StringIO()
    render(Report(document=value, records=[value], fields=("note",)), Format.json, out)
    assert out.getvalue() == (
        '{\n  "note": "台山\\u001b]0;x\\u0007 \\u009b2J \\u202eabc \\u007f"\n}\n'
    )
    assert json.loads(out.getvalue()) == value
