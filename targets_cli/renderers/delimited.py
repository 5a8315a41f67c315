"""CSV for spreadsheets and TSV for shell pipelines: one header line, one row a record."""

from __future__ import annotations

import csv
import json

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from typing import Any, TextIO

BOM = "\ufeff"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_delimited(
    records: list[dict[str, Any]],
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
        out.write("\t".join(fields) + "\n")
        for record in records:
            cells = (_cell(record.get(f)).translate(_TSV_CLEAN) for f in fields)
            out.write("\t".join(cells) + "\n")
        return
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow([_cell(record.get(f)) for f in fields])


_TSV_CLEAN = str.maketrans({"\t": " ", "\n": " ", "\r": " "})
