"""Renderers: turn a Report into text for people (table) or for scripts (the rest).

They know nothing of targets or totals; each format is a small function chosen by
its name (Format lists them), imported when it is asked for: only the table
renderer imports rich.
No format prints a data file's control or escape characters raw (errors.visible).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from typing import TextIO

    from ..views.report import Report


class Format:
    """The formats' names: plain strs (a StrEnum would import enum, some 2 ms of every
    run's start); a name given by a user is checked against spec.py's choices."""

    table = "table"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


def default_format(stream: TextIO) -> str:
    """A table for a terminal; tab-separated lines, without colour, for a pipe or file."""
    return Format.table if stream.isatty() else Format.tsv


def render(
    report: Report,
    fmt: str,
    stream: TextIO | None = None,
    *,
    bom: bool = False,
) -> None:
    out = stream or sys.stdout
    if fmt == Format.json:
        from .document import write_json

        write_json(report.document, out)
    elif fmt == Format.jsonl:
        from .document import write_jsonl

        write_jsonl(report.rows(), out)
    elif fmt in (Format.csv, Format.tsv):
        from .delimited import write_delimited

        write_delimited(report.rows(), report.fields, out, tabs=fmt == Format.tsv, bom=bom)
    elif fmt == Format.table:
        from .table import write_tables

        write_tables(report.tables(), out)
    else:  # (the CLI offers only spec.py's choices: a caller's mistake)
        raise ValueError(f"no format {fmt!r}")
    if report.empty_note:
        # why nothing was found, and what to try: beside the answer, never inside it
        from ..errors import visible

        note = visible(report.empty_note).replace("\n", " ")
        out.flush()  # after the answer on a screen both share, even when stdout is buffered
        print(f"targets: {note}", file=sys.stderr)
