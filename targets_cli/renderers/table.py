"""Tables for people, drawn by rich's own Table and Console.

This module imports rich; `renderers.render` imports it only when a table is asked for,
so that no other format pays rich's import. Every text a table shows (cells, headers,
titles, notes) passes through `errors.visible`: a data file cannot set the terminal's
title or clear the screen. The width is the one rich's Console decides (COLUMNS, else
the terminal's size, else 80), from an environment whose COLUMNS and LINES rich can use:
rich takes any `str.isdigit()` value ("²" too) to `int()`, which raises, and takes
COLUMNS=0 for a console no column wide, which prints nothing.
"""

from __future__ import annotations

import os
import re
from itertools import groupby

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.table import Table as RichTable
from rich.text import Text

from ..errors import visible
from ..views.report import Bar, Marked

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

    from rich.console import ConsoleOptions, RenderableType, RenderResult

    from ..views.report import Column, Table

BAR_WIDTH = 20  # cells of the longest bar
MIN_VALUE_WIDTH = 8  # narrowest a column of values may get: below it, words break every few
SHORT_WIDTH = 12  # a column no wider (names, years) is kept whole when the console has room
# The sizes rich reads from the environment: its Console and, under Jupyter, the notebook's.
SIZES = ("COLUMNS", "LINES", "JUPYTER_COLUMNS", "JUPYTER_LINES")
# A space rich must not break at. rich wraps at any character Python calls whitespace,
# the no-break space too, so the cells carry this private-use character (one cell wide)
# instead, and the console writes it back as a space.
GLUE = "\ue000"
# A figure and its unit ("200 亿元", "6 %", "+0 pt") are one word; so is a space a view
# wrote as a no-break space ("鹤山\xa0200 亿元").
_FIGURE_SPACE = re.compile(r"(?<=\d) (?=[^\x00-\x7f]|%|pt\b|points?\b)|\xa0")
# Columns of identifiers: never broken, or they could not be copied into a command.
ID_KEYS = frozenset({"id"})


def console_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment less any size rich cannot use: not ASCII digits, or zero.

    Without it rich goes on as for any other value it ignores ("abc"): the terminal's
    own size, else 80 columns.
    """
    usable = dict(environ)
    for name in SIZES:
        value = usable.get(name)
        if value is not None and not (value.isascii() and value.isdigit() and int(value) > 0):
            del usable[name]
    return usable


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit 1 here; the CLI ends a closed pipe the same way for every format
        self.quiet = True
        raise BrokenPipeError


class _Spaced:
    """A renderable drawn as rich draws it, with each GLUE written as the space it is."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if GLUE in segment.text:
                yield Segment(segment.text.replace(GLUE, " "), segment.style, segment.control)
            else:
                yield segment


def console_for(out: TextIO, environ: Mapping[str, str] | None = None) -> Console:
    environ = os.environ if environ is None else environ
    return _Console(
        file=out,
        highlight=False,
        no_color=bool(environ.get("NO_COLOR")),  # (the standard: set and not empty)
        emoji=False,
        markup=False,
        _environ=console_environ(environ),
    )


def cell_text(value: object) -> str:
    """The text a cell shows (a bar as its blocks), safe to print."""
    if isinstance(value, Bar):
        return "█" * max(1, round(value.fraction * BAR_WIDTH))
    return "" if value is None else glued(visible(str(value)))


def glued(text: str) -> str:
    """The text with the spaces it must not be broken at made unbreakable (GLUE)."""
    if " " not in text and "\xa0" not in text:
        return text
    return _FIGURE_SPACE.sub(GLUE, text)


def unbroken_width(key: str, text: str) -> int:
    """The narrowest a column can be for this cell: a whole id, or its widest figure."""
    if key in ID_KEYS:
        return cell_len(text)
    return max((cell_len(w) for w in text.split() if GLUE in w), default=0)


def _marked(value: Marked) -> Text:
    """The text with its spans in bold reverse; each run made visible on its own."""
    flags = [False] * len(value.text)
    for start, end in value.marks:
        for at in range(max(start, 0), min(end, len(flags))):
            flags[at] = True
    text = Text()
    position = 0
    for flag, run in groupby(flags):
        length = len(list(run))
        piece = value.text[position : position + length]
        text.append(glued(visible(piece)), style="bold reverse" if flag else "")
        position += length
    return text


def _cell(value: object) -> Text:
    if isinstance(value, Marked):
        return _marked(value)
    return Text(cell_text(value), style="cyan" if isinstance(value, Bar) else "")


def needed_width(table: Table, *, at_most: bool = False) -> int:
    """Width at which every header shows whole, every id and figure unbroken, and no
    other column is narrower than 8 cells.

    Below it, the rows are drawn as stacked records instead. With at_most, a bound
    that counts 8 cells for a column of text however narrow its values: a console at
    least that wide need not measure the text that rich measures again.
    """
    total = 1
    for n, column in enumerate(table.columns):
        first = table.key_value and n == 0
        if first:
            need = max((cell_len(cell_text(row.get(column.key))) for row in table.rows), default=0)
        else:
            header = 0 if table.key_value else cell_len(visible(column.header))
            need = max(header, _least_width(table, column, at_most=at_most))
        total += need + 3  # padding on both sides and the gap to the next column
    return total


def _whole(table: Table, column: Column) -> bool:
    """Whether a column's cells are never broken: ids (a figure keeps its unit by GLUE)."""
    return not table.key_value and column.key in ID_KEYS


def _least_width(table: Table, column: Column, *, at_most: bool = False) -> int:
    """The narrowest a column may be drawn: its widest cell when it is never broken,
    else its widest figure, and 8 cells unless every cell is narrower."""
    texts = [cell_text(row.get(column.key)) for row in table.rows]
    if _whole(table, column):
        widest = max(map(cell_len, texts), default=0)
        return max(widest, MIN_VALUE_WIDTH) if at_most else widest
    unbroken = max((unbroken_width(column.key, t) for t in texts), default=0)
    if at_most:
        return max(unbroken, MIN_VALUE_WIDTH)
    return max(unbroken, min(max(map(cell_len, texts), default=0), MIN_VALUE_WIDTH))


def _short_columns(table: Table, width: int) -> set[str]:
    """The columns of short text (names, years) to keep whole: all of them when the
    console has room for that, else none (rich would squeeze the others to fit)."""
    if table.key_value:
        return set()
    short: dict[str, int] = {}
    for column in table.columns:
        if _whole(table, column):
            continue
        texts = [cell_text(row.get(column.key)) for row in table.rows]
        widest = max(map(cell_len, texts), default=0)
        if MIN_VALUE_WIDTH < widest <= SHORT_WIDTH:
            short[column.key] = widest - _least_width(table, column)
    if short and needed_width(table) + sum(short.values()) <= width:
        return set(short)
    return set()


def _too_narrow(table: Table, width: int) -> bool:
    if not table.rows or width >= needed_width(table, at_most=True):
        return False
    return width < needed_width(table)


def _write_stacked(table: Table, console: Console) -> None:
    """Each row as lines of 'header  value', for a terminal too narrow for the columns."""
    if table.title:
        console.print(Text(visible(table.title), style="bold"))
    if table.key_value:
        keys, values = table.columns[0], table.columns[1]
        records: list[list[tuple[Text, object]]] = [
            [(_cell(row.get(keys.key)), row.get(values.key)) for row in table.rows]
        ]
    else:
        columns = [c for c in table.columns if not c.table_only]  # bars would only wrap
        records = [
            [(Text(visible(c.header)), row.get(c.key)) for c in columns] for row in table.rows
        ]
    whole_keys = [c.key for c in table.columns if not c.table_only and _whole(table, c)]
    for number, pairs in enumerate(records):
        shown = [(label, _cell(value)) for label, value in pairs if value not in (None, "")]
        label_width = max((label.cell_len for label, _ in shown), default=0)
        # an id beside its label only when it fits there whole; else under it
        row = table.rows[number] if whole_keys else {}
        whole = max((cell_len(cell_text(row.get(key))) for key in whole_keys), default=0)
        side_by_side = label_width + 1 + max(MIN_VALUE_WIDTH, whole) <= console.width
        grid = RichTable.grid(padding=(0, 1) if side_by_side else 0)
        grid.add_column(style="bold", no_wrap=side_by_side, overflow="fold")
        if side_by_side:
            grid.add_column(overflow="fold")
        for label, value in shown:
            if side_by_side:
                grid.add_row(label, value)
            else:  # the label on its own line, the value under it
                grid.add_row(label)
                grid.add_row(Text("  ").append_text(value))
        if number:
            console.print()
        console.print(_Spaced(grid))


def write_table(table: Table, console: Console) -> None:
    """One table: in columns, or as stacked records when the console is too narrow."""
    if _too_narrow(table, console.width):
        _write_stacked(table, console)
    else:
        drawn = RichTable(
            # (a Text: nothing in it is read as markup; title_style would style only a str)
            title=Text(visible(table.title), style="bold") if table.title else None,
            box=box.SIMPLE_HEAD,
            show_header=not table.key_value,
            header_style="bold",
        )
        short = _short_columns(table, console.width)
        for number, column in enumerate(table.columns):
            whole = _whole(table, column) or column.key in short
            drawn.add_column(
                Text(visible(column.header)),
                justify="right" if column.numeric else "left",
                overflow="fold",
                no_wrap=whole,
                # (a figure inside text is one word, and rich folds a word only when
                # the column is narrower than it)
                min_width=None if whole else _least_width(table, column) or None,
                style="bold" if table.key_value and number == 0 else None,
            )
        for row in table.rows:
            drawn.add_row(*(_cell(row.get(column.key)) for column in table.columns))
        console.print(_Spaced(drawn))
    for note in table.notes:
        console.print(Text(visible(note)))


def write_tables(tables: tuple[Table, ...], out: TextIO) -> None:
    console = console_for(out)
    for table in tables:
        write_table(table, console)
