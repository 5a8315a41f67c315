"""Tables for people: drawn without rich's console when their cells are plain text,
by rich otherwise; plain text when the output is not a terminal."""

from __future__ import annotations

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from typing import TextIO

    from ..views.report import Table


def write_tables(tables: tuple[Table, ...], out: TextIO) -> None:
    from .quick_table import draw
    from .terminal import screen_of

    screen = screen_of(out)
    console = None
    for table in tables:
        drawn = draw(table, screen.width, screen.styled) if screen is not None else None
        if drawn is not None:
            out.write(drawn)
            continue
        # rich's console is imported only for a table that needs it
        from .rich_table import console_for, write_table

        if console is None:
            console = console_for(out)
        write_table(table, console)
