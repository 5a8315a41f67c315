"""The `check` answer: every problem of a data file or folder, with where it is, and the
cited sources whose completeness it cannot check."""

from __future__ import annotations

from .labels import column
from .report import Report, Table

TYPE_CHECKING = False  # the JSON answers load only what they use
if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..errors import Problem

# `role`: "problem", or "cited" for a source cited rather than bundled (not a problem:
# its text is not in the data, so whether every figure it states is recorded is not
# checked); `note` says so for a cited one.
CHECK_FIELDS = ("file", "line", "column", "id", "problem", "role", "note")
CITED_NOTE = (
    "cited, not bundled: its text is not in the data, so whether every figure it states "
    "is recorded is not checked (its quotes are checked for their figures, one clause each)"
)


def cited_line(cited: Sequence[Problem]) -> str | None:
    """The line under `check`'s table answer naming the cited sources, if any."""
    if not cited:
        return None
    names = ", ".join(p.record or "?" for p in cited)
    sources = "source" if len(cited) == 1 else "sources"
    return f"not checked for completeness: {len(cited)} cited {sources} (text not bundled): {names}"


def check_report(
    problems: list[Problem], lang: str = "zh", cited: Sequence[Problem] = ()
) -> Report:
    records = [
        {
            "file": str(p.file),
            "line": p.line,
            "column": p.column,
            "id": p.record,
            "problem": p.message,
            "role": "problem",
            "note": None,
        }
        for p in problems
    ]
    records += [
        {
            "file": str(c.file),
            "line": c.line,
            "column": None,
            "id": c.record,
            "problem": None,
            "role": "cited",
            "note": CITED_NOTE,
        }
        for c in cited
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
        line = cited_line(cited)
        return (Table(columns, rows, notes=(line,) if line else ()),)

    return Report(records, records, CHECK_FIELDS, tables)
