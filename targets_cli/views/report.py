"""What a command prints, before it is printed: a JSON document, flat records, tables."""

from __future__ import annotations

from ..rules.records import dataclass, field

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    numeric: bool = False  # right-aligned
    table_only: bool = False  # decoration (bars) that flat formats leave out


@dataclass(frozen=True, slots=True)
class Marked:
    """Text with spans to emphasise, such as the figure inside a quote."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Bar:
    """A bar for a ranked value: its length as a share of the longest."""

    fraction: float

    def __str__(self) -> str:
        return ""


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]
    title: str | None = None
    notes: tuple[str, ...] = ()  # lines under the table: totals, what was left out
    key_value: bool = False  # a record shown as field / value pairs


@dataclass(frozen=True)
class Report:
    """One command's answer in every shape a renderer may want.

    `document` is the JSON answer; `records` and `fields` are the flat rows of
    CSV, TSV and JSON Lines (`records` may be a function that makes them, called
    only by a format that prints them); `tables` builds the view for people only
    when asked.
    """

    document: Any
    records: list[dict[str, Any]] | Callable[[], Iterable[dict[str, Any]]]
    fields: tuple[str, ...]
    tables: Callable[[], tuple[Table, ...]] = field(default=lambda: ())
    # Why the answer is empty, and the next useful command: printed on stderr in every
    # format (an empty answer is not an error: exit 0).
    empty_note: str | None = None

    def rows(self) -> Iterable[dict[str, Any]]:
        """The flat records, made now when they are made on demand."""
        records = self.records
        return records() if callable(records) else records
