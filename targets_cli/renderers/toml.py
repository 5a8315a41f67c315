"""TOML to paste into a data file: comments, blank lines and [[array]] tables.

A document is a list of lines: a `str` is a comment (its control characters shown as
errors.visible shows them, on one line), None a blank line, and a (name, fields) pair
an [[name]] table with one `key = value` line a field. Values are TOML: a number as
Python writes it, a bool as true/false, anything else a basic string (JSON's escapes,
non-ASCII text kept). No blank line ends the document; one line break does.
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
    return json.dumps(str(value), ensure_ascii=False)


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
