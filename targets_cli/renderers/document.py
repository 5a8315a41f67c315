"""JSON and JSON Lines, with non-ASCII text kept readable.

`json.dumps` writes the C0 controls (ESC, BEL, ...) as \\u escapes, but with
ensure_ascii=False it leaves DEL, the C1 controls (U+0080-U+009F: some terminals take
U+009B for an escape) and the bidirectional controls raw; these are written as \\u
escapes too: the same JSON value, nothing a terminal acts on.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from typing import Any, TextIO

# What errors.visible() shows as a code and json.dumps leaves raw (a test holds the two
# together): DEL and C1, the Arabic letter mark, LRM/RLM, the embeddings, overrides and
# isolates.
_UNSAFE = (0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F))
_UNSAFE += tuple(range(0x2066, 0x206A))
ESCAPES = {code: f"\\u{code:04x}" for code in _UNSAFE}
_CHARACTERS = tuple(map(chr, _UNSAFE))


def _safe(text: str) -> str:
    # (a search for each character is C-fast; translate, much slower, only when needed)
    if any(character in text for character in _CHARACTERS):
        return text.translate(ESCAPES)
    return text


def write_json(document: Any, out: TextIO) -> None:
    out.write(_safe(json.dumps(document, ensure_ascii=False, indent=2)))
    out.write("\n")


def write_jsonl(records: list[dict[str, Any]], out: TextIO) -> None:
    for record in records:
        out.write(_safe(json.dumps(record, ensure_ascii=False)))
        out.write("\n")
