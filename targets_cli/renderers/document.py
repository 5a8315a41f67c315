"""JSON and JSON Lines, with non-ASCII text kept readable."""

from __future__ import annotations

import json

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from typing import Any, TextIO


def write_json(document: Any, out: TextIO) -> None:
    out.write(json.dumps(document, ensure_ascii=False, indent=2))
    out.write("\n")


def write_jsonl(records: list[dict[str, Any]], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
