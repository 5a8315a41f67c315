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
from itertools import groupby

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..errors import visible
from ..views.report import Bar, Marked

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

    from ..views.report import Table

BAR_WIDTH = 20  # cells of the longest bar
MIN_VALUE_WIDTH = 8  # narrowest a column of values may get: below it, words break every few
# The sizes rich reads from the environment: its Console and, under Jupyter, the notebook's.
SIZES = ("COLUMNS", "LINES", "JUPYTER_COLUMNS", "JUPYTER_LINES")


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
    return "" if value is None else visible(str(value))


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
        text.append(visible(piece), style="bold reverse" if flag else "")
        position += length
    return text


def _cell(value: object) -> Text:
    if isinstance(value, Marked):
        return _marked(value)
    return Text(cell_text(value), style="cyan" if isinstance(value, Bar) else "")


def needed_width(table: Table, *, at_most: bool = False) -> int:
    """Width at which every header shows whole and no column is narrower than 8 cells.

    Below it, the rows are drawn as stacked records instead. With at_most, a bound
    from the headers alone (a column never needs more than 8 cells for its values):
    a console at least that wide need not measure the cells that rich measures again.
    """
    total = 1
    for n, column in enumerate(table.columns):
        first = table.key_value and n == 0
        if at_most and not first:
            widest = MIN_VALUE_WIDTH
        else:
            cells = (cell_len(cell_text(row.get(column.key))) for row in table.rows)
            widest = max(cells, default=0)
        if first:
            need = widest  # the field names: never broken
        else:
            header = 0 if table.key_value else cell_len(visible(column.header))
            need = max(header, min(widest, MIN_VALUE_WIDTH))
        total += need + 3  # padding on both sides and the gap to the next column
    return total


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
    for number, pairs in enumerate(records):
        shown = [(label, _cell(value)) for label, value in pairs if value not in (None, "")]
        label_width = max((label.cell_len for label, _ in shown), default=0)
        side_by_side = label_width + 1 + MIN_VALUE_WIDTH <= console.width
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
        console.print(grid)


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
        for number, column in enumerate(table.columns):
            drawn.add_column(
                Text(visible(column.header)),
                justify="right" if column.numeric else "left",
                overflow="fold",
                style="bold" if table.key_value and number == 0 else None,
            )
        for row in table.rows:
            drawn.add_row(*(_cell(row.get(column.key)) for column in table.columns))
        console.print(drawn)
    for note in table.notes:
        console.print(Text(visible(note)))


def write_tables(tables: tuple[Table, ...], out: TextIO) -> None:
    console = console_for(out)
    for table in tables:
        write_table(table, console)
