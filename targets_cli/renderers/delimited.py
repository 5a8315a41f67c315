"""CSV for spreadsheets and TSV for shell pipelines: one header line, one row a record.

Every value passes through `errors.visible`: a control or escape character from a data
file is written as its \\x.. code, never raw (a file is shown with `cat` as often as not).
"""

from __future__ import annotations

import csv
import json

from ..errors import visible

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, TextIO

BOM = "\ufeff"
_TSV_CLEAN = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _visible(cells: list[str]) -> list[str]:
    """The cells safe to print; one check for the row when all of it is printable."""
    if "".join(cells).isprintable():
        return cells
    return [visible(cell) for cell in cells]


def write_delimited(
    records: Iterable[dict[str, Any]],
    fields: tuple[str, ...],
    out: TextIO,
    *,
    tabs: bool = False,
    bom: bool = False,
) -> None:
    """Every record on a line; TSV replaces tabs and line breaks inside values with spaces."""
    if bom:
        # Excel reads a UTF-8 file as a local code page unless it starts with a BOM
        out.write(BOM)
    if tabs:
        # (line breaks become spaces first: visible() would show \r as \x0d)
        out.write("\t".join(_visible([f.translate(_TSV_CLEAN) for f in fields])) + "\n")
        for record in records:
            cells = [_cell(record.get(f)).translate(_TSV_CLEAN) for f in fields]
            out.write("\t".join(_visible(cells)) + "\n")
        return
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_visible(list(fields)))
    for record in records:
        writer.writerow(_visible([_cell(record.get(f)) for f in fields]))
