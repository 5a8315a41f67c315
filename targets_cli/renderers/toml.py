"""TOML to paste into a data file: comments, blank lines and [[array]] tables.

A document is a list of lines: a `str` is a comment (its control characters shown as
errors.visible shows them, on one line), None a blank line, and a (name, fields) pair
an [[name]] table with one `key = value` line a field. Values are TOML: a number as
Python writes it, a bool as true/false, anything else a basic string (JSON's escapes,
non-ASCII text kept). DEL (which TOML forbids raw), the C1 controls and the
bidirectional controls (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069, U+061C), which
json.dumps leaves raw, are written as \\uXXXX escapes, as the JSON renderer writes
them: a TOML reader reads back the same text, and no terminal or editor reorders the
line. No blank line ends the document; one line break does.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import TextIO

    Line = str | tuple[str, Mapping[str, object]] | None


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    from .document import ESCAPES

    # (JSON's \uXXXX is a TOML basic string's escape too)
    return json.dumps(str(value), ensure_ascii=False).translate(ESCAPES)


def _comment(text: str) -> str:
    from ..errors import visible

    return "# " + visible(text).replace("\n", " ")


def toml_lines(document: Iterable[Line]) -> list[str]:
    lines: list[str] = []
    for line in document:
        if line is None:
            lines.append("")
        elif isinstance(line, str):
            lines.append(_comment(line))
        else:
            name, fields = line
            lines.append(f"[[{name}]]")
            lines += [f"{key} = {toml_value(value)}" for key, value in fields.items()]
    return lines


def write_toml(document: Iterable[Line], out: TextIO) -> None:
    out.write("\n".join(toml_lines(document)).rstrip("\n") + "\n")
