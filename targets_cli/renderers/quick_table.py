"""Tables of plain text drawn exactly as rich draws them, without importing rich's console.

Importing rich's Console and Table costs about twice the start-up of the whole JSON
answer; the table of a `list` need not pay it. For a table whose cells are plain text
(no highlighted spans, no bars) of characters one or two cells wide, this module lays
it out by the rules of rich's Table (column widths, collapsing, wrapping and folding,
the SIMPLE_HEAD box, a centred bold title) with rich's own cell widths and line
division (`rich.cells`, `rich._wrap`: small modules). Anything else returns None and
rich draws it. Tests compare the two byte for byte, styles included.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..views.report import Bar, Marked

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ..views.report import Table

BAR_WIDTH = 20  # cells of the longest bar
MIN_VALUE_WIDTH = 8  # narrowest a column of values may get: below it, words break every few
BOLD = "\x1b[1m{}\x1b[0m"  # how rich writes a bold segment
_TRAILING_SPACE = re.compile(r"\s+$")  # as rich's Text.rstrip_end finds it


def cell_text(value: object) -> str:
    """The text a cell shows (a bar as its blocks)."""
    if isinstance(value, Bar):
        return "█" * max(1, round(value.fraction * BAR_WIDTH))
    return "" if value is None else str(value)


def needed_width(table: Table, cell_len: Callable[[str], int]) -> int:
    """Width at which every header shows whole and no column is narrower than 8 cells.

    Below it, tables are drawn as stacked records instead (by rich).
    """
    total = 1
    for n, column in enumerate(table.columns):
        widest = max((cell_len(cell_text(row.get(column.key))) for row in table.rows), default=0)
        if table.key_value and n == 0:
            need = widest  # the field names: never broken
        else:
            header = 0 if table.key_value else cell_len(column.header)
            need = max(header, min(widest, MIN_VALUE_WIDTH))
        total += need + 3  # padding on both sides and the gap to the next column
    return total


class _Rich:
    """rich's width and line-division functions, imported when first drawing."""

    def __init__(self) -> None:
        from rich._wrap import divide_line
        from rich.cells import cell_len, get_character_cell_size, set_cell_size

        self.cell_len, self.set_cell_size, self.divide_line = cell_len, set_cell_size, divide_line
        self.char_width = get_character_cell_size


def _helpers() -> _Rich | None:
    try:
        return _Rich()
    except ImportError:  # a rich whose private modules moved: rich draws every table
        return None


def _simple(text: str, rich: _Rich) -> bool:
    """Text that rich measures one character at a time: each one or two cells wide.

    (No controls, tabs, line breaks, joiners or zero-width marks: those take rich's
    grapheme and line rules, which this module does not repeat.)
    """
    if text.isascii():
        return text.isprintable()
    if "\u2028" in text or "\u2029" in text:
        return False
    width = rich.char_width
    return all(width(character) in (1, 2) for character in text)


def _column_width(texts: Sequence[str], max_width: int, cell_len: Callable[[str], int]) -> int:
    """A column's greatest width within max_width, padding included (Table._measure_column)."""
    if max_width < 1:
        return 0
    if max_width - 2 < 1:  # (Padding.__rich_measure__)
        return max_width
    widest = 0
    for text in texts:
        inner = min(cell_len(text), max_width)
        widest = max(widest, min(inner + 2, max_width))
    return min(widest, max_width) if texts else max_width


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    """rich's _ratio.ratio_reduce: take `total` from values, by ratio, each at most its maximum."""
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _collapse(widths: list[int], max_width: int) -> list[int]:
    """Narrow the widest columns first until the table fits (Table._collapse_widths)."""
    excess = sum(widths) - max_width
    while sum(widths) and excess > 0:
        widest = max(widths)
        second = max((width for width in widths if width != widest), default=0)
        if not widest - second:
            break
        ratios = [1 if width == widest else 0 for width in widths]
        most = [min(excess, widest - second)] * len(widths)
        widths = _ratio_reduce(excess, ratios, most, widths)
        excess = sum(widths) - max_width
    return widths


def _widths(columns: list[list[str]], max_width: int, rich: _Rich) -> list[int]:
    """Column widths, padding included (Table._calculate_column_widths, no expand)."""
    widths = [_column_width(texts, max_width, rich.cell_len) or 1 for texts in columns]
    if sum(widths) > max_width:
        widths = _collapse(widths, max_width)
        if sum(widths) > max_width:  # rich's last resort: every column narrowed alike
            ones = [1] * len(widths)
            widths = _ratio_reduce(sum(widths) - max_width, ones, widths, widths)
        pairs = zip(columns, widths, strict=True)
        widths = [_column_width(texts, w, rich.cell_len) or 0 for texts, w in pairs]
    return widths


def _wrap(text: str, width: int, justify: str, rich: _Rich) -> list[str]:
    """The lines of Text(text).wrap(width, justify=justify, overflow="fold")."""
    cell_len, set_cell_size = rich.cell_len, rich.set_cell_size
    offsets = [0, *rich.divide_line(text, width, fold=True), len(text)]
    lines = []
    for start, end in pairwise(offsets):
        line = text[start:end]
        if len(line) > width:  # (rstrip_end counts characters, not cells)
            space = _TRAILING_SPACE.search(line)
            if space is not None:
                line = line[: -min(len(space.group(0)), len(line) - width)]
        length = cell_len(line)
        if justify == "left":
            if length > width:
                line = set_cell_size(line, width)
            elif length < width:
                line += " " * (width - length)
        elif justify in ("center", "right"):
            line = line.rstrip()
            if cell_len(line) > width:
                line = set_cell_size(line, width)
            left = width - cell_len(line)
            line = " " * (left // 2 if justify == "center" else left) + line
            line += " " * (width - cell_len(line))
        if cell_len(line) > width:
            line = set_cell_size(line, width)
        lines.append(line)
    return lines


def _cell_lines(text: str, width: int, justify: str, rich: _Rich) -> list[list[str]] | None:
    """A padded cell's lines as segments [pad, text, pad]; None where rich would crop."""
    inner = width - 2
    lines = []
    for line in _wrap(text, inner, justify, rich):
        if rich.cell_len(line) != inner:
            return None
        lines.append([" ", line, " "])
    return lines


def _plain_cells(table: Table, width: int, rich: _Rich) -> list[list[str]] | None:
    """The cells' texts, when every text of the table is plain and it is drawn in columns."""
    if not table.columns or (table.key_value and not table.rows):
        return None
    if any(isinstance(v, (Marked, Bar)) for row in table.rows for v in row.values()):
        return None
    cells = [[cell_text(row.get(c.key)) for c in table.columns] for row in table.rows]
    headers = [column.header for column in table.columns]
    texts = [table.title or "", *table.notes, *headers, *(text for row in cells for text in row)]
    if not all(_simple(text, rich) for text in texts):
        return None
    if table.rows and width < needed_width(table, rich.cell_len):
        return None  # rich stacks the rows
    return cells


def _row_lines(
    table: Table,
    row: list[str],
    widths: list[int],
    header: bool,
    paint: Callable[[str, bool], str],
    rich: _Rich,
) -> list[str] | None:
    """One row's lines: its cells side by side between SIMPLE_HEAD's blank edges."""
    shaped = []
    for n, (text, width) in enumerate(zip(row, widths, strict=True)):
        justify = "right" if table.columns[n].numeric else "left"  # (headers too)
        lines = _cell_lines(text, width, justify, rich)
        if lines is None:
            return None
        shaped.append((lines, width, header or (table.key_value and n == 0)))
    height = max(len(lines) for lines, _, _ in shaped)
    out = []
    for line_no in range(height):
        parts = [" "]
        for n, (lines, width, bold) in enumerate(shaped):
            # a header is aligned to the bottom of its row, a value to the top
            at = line_no - (height - len(lines)) if header else line_no
            if 0 <= at < len(lines):
                parts += [paint(segment, bold) for segment in lines[at]]
            else:
                parts.append(paint(" " * width, bold))
            if n < len(shaped) - 1:
                parts.append(" ")
        out.append("".join(parts) + " \n")
    return out


def draw(table: Table, width: int, styled: bool) -> str | None:
    """The table as rich's Console prints it at this width; None when rich must draw it."""
    rich = _helpers()
    cells = _plain_cells(table, width, rich) if rich is not None else None
    if rich is None or cells is None:
        return None
    show_header = not table.key_value
    body = [[column.header for column in table.columns], *cells] if show_header else cells
    extra = 2 + len(table.columns) - 1  # the box's two edges and a divider between columns
    by_column = [list(texts) for texts in zip(*body, strict=True)] or [[] for _ in table.columns]
    widths = _widths(by_column, width - extra, rich)
    if min(widths) < 4:  # rich's wrapping of one- or two-cell columns is not repeated here
        return None
    table_width = sum(widths) + extra

    def paint(text: str, bold: bool) -> str:
        return BOLD.format(text) if styled and bold and text else text

    out: list[str] = []
    if table.title:
        title = _wrap(table.title, table_width, "center", rich)
        out += [paint(line, True) + "\n" for line in title]
    out.append(" " * table_width + "\n")  # SIMPLE_HEAD's top edge: blank
    for number, row in enumerate(body):
        header = show_header and number == 0
        lines = _row_lines(table, row, widths, header, paint, rich)
        if lines is None:
            return None
        out += lines
        if header:
            out.append(" " + "─" * (table_width - 2) + " \n")
    out.append(" " * table_width + "\n")  # and its bottom edge
    for note in table.notes:
        out += [line + "\n" for line in _wrap(note, width, "default", rich)]
    return "".join(out)
