"""Tables drawn by rich: any table, and the stacked records of a narrow terminal."""

from __future__ import annotations

import os
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..views.report import Bar, Marked, Table
from .quick_table import MIN_VALUE_WIDTH, cell_text, needed_width


def _cell(value: object) -> Text:
    if isinstance(value, Marked):
        text = Text(value.text)
        for start, end in value.marks:
            text.stylize("bold reverse", start, end)
        return text
    return Text(cell_text(value), style="cyan" if isinstance(value, Bar) else "")


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit 1 here; the CLI ends a closed pipe the same way for every format
        self.quiet = True
        raise BrokenPipeError


def console_for(out: TextIO) -> Console:
    return _Console(
        file=out,
        highlight=False,
        no_color=bool(os.environ.get("NO_COLOR")),
        emoji=False,
        markup=False,
    )


def _write_stacked(table: Table, console: Console) -> None:
    """Each row as lines of 'header  value', for a terminal too narrow for the columns."""
    if table.title:
        console.print(Text(table.title, style="bold"))
    if table.key_value:
        key, value = table.columns[0], table.columns[1]
        records = [[(_cell(row.get(key.key)), row.get(value.key)) for row in table.rows]]
    else:
        columns = [c for c in table.columns if not c.table_only]  # bars would only wrap
        records = [[(Text(c.header), row.get(c.key)) for c in columns] for row in table.rows]
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
    if table.rows and console.width < needed_width(table, cell_len):
        _write_stacked(table, console)
        for note in table.notes:
            console.print(Text(note))
        return
    drawn = RichTable(
        title=table.title,
        box=box.SIMPLE_HEAD,
        show_header=not table.key_value,
        header_style="bold",
        title_style="bold",
    )
    for column in table.columns:
        drawn.add_column(
            column.header,
            justify="right" if column.numeric else "left",
            overflow="fold",
            style="bold" if table.key_value and column is table.columns[0] else None,
        )
    for row in table.rows:
        drawn.add_row(*(_cell(row.get(column.key)) for column in table.columns))
    console.print(drawn)
    for note in table.notes:
        console.print(Text(note))
