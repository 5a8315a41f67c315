"""The `check` answer: every problem of a data file or folder, with where it is."""

from __future__ import annotations

from .labels import column
from .report import Report, Table

TYPE_CHECKING = False  # the JSON answers load only what they use
if TYPE_CHECKING:
    from ..errors import Problem

CHECK_FIELDS = ("file", "line", "column", "id", "problem")


def check_report(problems: list[Problem], lang: str = "zh") -> Report:
    records = [
        {
            "file": str(p.file),
            "line": p.line,
            "column": p.column,
            "id": p.record,
            "problem": p.message,
        }
        for p in problems
    ]

    def tables() -> tuple[Table, ...]:
        columns = (
            column("file", lang),
            column("line", lang, numeric=True),
            column("id", lang),
            column("problem", lang),
        )
        rows = [
            {"file": str(p.file), "line": p.line or "", "id": p.record or "", "problem": p.message}
            for p in problems
        ]
        return (Table(columns, rows),)

    return Report(records, records, CHECK_FIELDS, tables)
