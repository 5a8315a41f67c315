"""Tables for people, drawn by rich; plain text when the output is not a terminal."""

from __future__ import annotations

import os
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..report import Bar, Marked, Table

BAR_WIDTH = 20


def _cell(value: object) -> Text:
    if isinstance(value, Marked):
        text = Text(value.text)
        for start, end in value.marks:
            text.stylize("bold reverse", start, end)
        return text
    if isinstance(value, Bar):
        return Text("█" * max(1, round(value.fraction * BAR_WIDTH)), style="cyan")
    return Text("" if value is None else str(value))


def console_for(out: TextIO) -> Console:
    return Console(
        file=out,
        highlight=False,
        no_color=bool(os.environ.get("NO_COLOR")),
        emoji=False,
        markup=False,
    )


def write_tables(tables: tuple[Table, ...], out: TextIO) -> None:
    console = console_for(out)
    for table in tables:
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
