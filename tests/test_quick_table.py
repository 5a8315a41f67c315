"""Tables drawn without rich's console are the tables rich draws, byte for byte.

quick_table lays plain tables out by rich's rules so that `targets list` need not import
rich's console; these tests hold it to rich itself: every table the commands make, at
every width and with styles on and off, random tables (hypothesis), and the terminal
facts (width, styles) it reads the way rich's Console reads them.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

import targets_cli.renderers.table as table_module
from targets_cli.renderers.quick_table import draw
from targets_cli.renderers.rich_table import write_table
from targets_cli.renderers.table import write_tables
from targets_cli.renderers.terminal import screen_of
from targets_cli.views.report import Bar, Column, Marked, Table

B = "\x1b[1m{}\x1b[0m".format  # a bold segment, as rich writes it


def drawn_by_rich(table: Table, width: int, styled: bool) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=styled,
        color_system="truecolor" if styled else None,
        highlight=False,
        emoji=False,
        markup=False,
        no_color=False,
    )
    write_table(table, console)
    return out.getvalue()


PLEDGES = Table(
    columns=(Column("who", "名称"), Column("n", "数", numeric=True)),
    rows=[{"who": "台山", "n": "60 个"}, {"who": "开平", "n": "≥52 个"}],
    title="超亿元项目",
    notes=("共 2 条",),
)


def test_a_small_table_as_a_person_lays_it_out():
    # widths: 名称/台山 4 cells + 2 of padding = 6; ≥52 个 6 cells + 2 = 8; with the two
    # edges and one divider the table is 17 wide; the title (10 cells) is centred in it
    assert draw(PLEDGES, 80, styled=False) == (
        "   超亿元项目    \n"
        "                 \n"
        "  名称       数  \n"
        " ─────────────── \n"
        "  台山    60 个  \n"
        "  开平   ≥52 个  \n"
        "                 \n"
        "共 2 条\n"
    )


def test_styles_are_written_segment_by_segment_as_rich_does():
    header = " " + B(" ") + B("名称") + B(" ") + " " + B(" ") + B("    数") + B(" ") + " \n"
    assert draw(PLEDGES, 80, styled=True) == (
        B("   超亿元项目    ") + "\n"
        "                 \n" + header + " ─────────────── \n"
        "  台山    60 个  \n"
        "  开平   ≥52 个  \n"
        "                 \n"
        "共 2 条\n"
    )


def _row(*lines: str) -> str:
    """A row of SIMPLE_HEAD: blank edges, one space of padding each side, a blank divider."""
    return " " + " ".join(f" {line} " for line in lines) + " \n"


def test_a_narrow_width_folds_cells_as_rich_does():
    table = Table(
        columns=(Column("id", "编号"), Column("what", "指标")),
        rows=[{"id": "taishan-projects-100m", "what": "超亿元项目 新开工"}],
    )
    # At 24 cells: 21 for the columns (24 less two edges and a divider). They want 23 and
    # 19; the wider gives 2, then both give 17 between them (8 and 9, rounding to even):
    # 11 and 10 with padding. The id folds every 9 cells; 超亿元项目 (10 cells) folds
    # after 4 characters, and 新开工 moves to a line of its own.
    assert draw(table, 24, styled=False) == (
        " " * 24
        + "\n"
        + _row("编号     ", "指标    ")
        + " "
        + "─" * 22
        + " \n"
        + _row("taishan-p", "超亿元项")
        + _row("rojects-1", "目      ")
        + _row("00m      ", "新开工  ")
        + " " * 24
        + "\n"
    )
    assert draw(table, 24, styled=False) == drawn_by_rich(table, 24, styled=False)


COMMANDS = [
    "list",
    "list --region 台山",
    "list --region 鹤山 --lang en",
    "list --org 工信局",
    "list --kind milestone",
    "list --search 亿元",
    "show taishan-projects-100m",
    "sum --metric 超亿元项目",
    "sum --metric 工业投资 --lang en",
    "compare --metric 超亿元项目",
    "coverage",
    "metrics",
    "regions --lang en",
]


@pytest.fixture(scope="module")
def command_tables():
    """Every table the commands above make, as write_tables receives them."""
    from typer.testing import CliRunner

    from targets_cli.cli.app import app

    tables: dict[str, tuple[Table, ...]] = {}
    with pytest.MonkeyPatch.context() as patch:
        for command in COMMANDS:
            patch.setattr(
                table_module,
                "write_tables",
                lambda made, out, command=command: tables.setdefault(command, made),
            )
            result = CliRunner().invoke(app, [*command.split(), "--format", "table"])
            assert result.exit_code == 0, (command, result.output)
    return tables


@pytest.mark.parametrize("styled", [False, True], ids=["plain", "styled"])
def test_every_command_table_is_drawn_as_rich_draws_it(command_tables, styled):
    quick = 0
    for command, tables in command_tables.items():
        for table in tables:
            for width in range(20, 161, 3):
                drawn = draw(table, width, styled)
                if drawn is not None:
                    quick += 1
                    assert drawn == drawn_by_rich(table, width, styled), (command, width)
    assert quick > 300  # (most of them are drawn quickly: the comparison means something)


def test_which_tables_are_left_to_rich(command_tables):
    def quick(command: str, width: int = 100) -> bool:
        return all(draw(table, width, False) is not None for table in command_tables[command])

    for command in ("list --region 台山", "list", "sum --metric 超亿元项目", "coverage", "metrics"):
        assert quick(command), command
    assert not quick("show taishan-projects-100m")  # highlighted figures in the quote
    assert not quick("compare --metric 超亿元项目")  # coloured bars
    assert not quick("list --region 台山", width=40)  # too narrow: rich stacks the rows


def test_cells_rich_measures_otherwise_are_left_to_rich():
    for text in ["a\tb", "two\nlines", "e\u0301", "👍🏽", "a\u200db", "\x1b[31mred", "\u2028"]:
        table = Table(columns=(Column("x", "x"),), rows=[{"x": text}])
        assert draw(table, 80, False) is None, repr(text)
    marked = Table(columns=(Column("x", "x"),), rows=[{"x": Marked("60个", ((0, 2),))}])
    assert draw(marked, 80, False) is None
    assert draw(Table(columns=(Column("x", "x"),), rows=[{"x": Bar(0.5)}]), 80, False) is None


WORDS = st.text(
    alphabet=st.sampled_from(
        list("abcxyz 0123456789.%>-")
        + list("台山开平项目亿元，。（）《》：、")
        + ["·", "—", "≥", "\u3000"]
    ),
    max_size=30,
)


@st.composite
def tables(draw_from):
    count = draw_from(st.integers(1, 5))
    columns = tuple(
        Column(f"c{n}", draw_from(WORDS), numeric=draw_from(st.booleans())) for n in range(count)
    )
    row = st.fixed_dictionaries({f"c{n}": st.one_of(st.none(), WORDS) for n in range(count)})
    return Table(
        columns=columns,
        rows=draw_from(st.lists(row, max_size=4)),
        title=draw_from(st.one_of(st.none(), WORDS)),
        notes=tuple(draw_from(st.lists(WORDS, max_size=2))),
        key_value=draw_from(st.booleans()),
    )


@settings(max_examples=300, deadline=None)
@given(table=tables(), width=st.integers(1, 140), styled=st.booleans())
def test_any_plain_table_is_drawn_as_rich_draws_it(table, width, styled):
    drawn = draw(table, width, styled)
    if drawn is not None:
        assert drawn == drawn_by_rich(table, width, styled)


class _Out(io.StringIO):
    def __init__(self, tty: bool, encoding: str = "utf-8"):
        super().__init__()
        self._tty, self._encoding = tty, encoding

    def isatty(self) -> bool:
        return self._tty

    @property
    def encoding(self) -> str:
        return self._encoding


ENVIRONMENTS = [
    {},
    {"COLUMNS": "120"},
    {"COLUMNS": "120", "LINES": "40"},
    {"COLUMNS": "abc"},
    {"TERM": "dumb"},
    {"TERM": "dumb", "COLUMNS": "120"},
    {"TERM": "dumb", "COLUMNS": "120", "LINES": "40"},
    {"TERM": "unknown"},
    {"TERM": "xterm-256color"},
    {"FORCE_COLOR": "1"},
    {"FORCE_COLOR": ""},
    {"TTY_COMPATIBLE": "0"},
    {"TTY_COMPATIBLE": "1"},
    {"TTY_COMPATIBLE": "1", "TERM": "dumb"},
    {"NO_COLOR": "1"},
]


@pytest.mark.parametrize("environ", ENVIRONMENTS, ids=str)
@pytest.mark.parametrize("tty", [False, True], ids=["pipe", "tty"])
def test_width_and_styles_are_read_as_rich_reads_them(environ, tty):
    out = _Out(tty)
    console = Console(file=out, _environ=environ)
    screen = screen_of(out, environ)
    assert screen is not None
    assert (screen.width, screen.styled) == (console.width, console.color_system is not None)


def test_an_output_that_cannot_take_box_drawing_is_left_to_rich():
    assert screen_of(_Out(False, encoding="ascii"), {}) is None


def test_write_tables_draws_quickly_and_hands_the_rest_to_rich(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = _Out(False)
    write_tables((PLEDGES, Table(columns=(Column("x", "x"),), rows=[{"x": Bar(1.0)}])), out)
    bar = drawn_by_rich(Table(columns=(Column("x", "x"),), rows=[{"x": Bar(1.0)}]), 80, False)
    assert out.getvalue() == draw(PLEDGES, 80, False) + bar
    assert "█" * 20 in bar
