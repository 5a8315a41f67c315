"""Line numbers of records and keys in a TOML text, found only when a problem needs them."""

from __future__ import annotations

import bisect
from functools import cached_property

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

# (compiled when a line is first looked for: most runs never need one)
_HEADER = r"(?m)^[ \t]*\[\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\]\]"
_KEY = r"(?m)^[ \t]*([A-Za-z0-9_-]+)[ \t]*="


def _compiled(regex: str) -> re.Pattern[str]:
    import re  # (here: most runs never look for a line, and need not import re)

    return re.compile(regex)  # (re keeps the patterns it compiled: compiled once a run)


class Locator:
    """Maps (table, ordinal, key) to a line, for data written as [[table]] headers."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def _headers(self) -> dict[str, list[int]]:
        offsets: dict[str, list[int]] = {}
        for match in _compiled(_HEADER).finditer(self.text):
            offsets.setdefault(match.group(1), []).append(match.start())
        return offsets

    @cached_property
    def _all_header_offsets(self) -> list[int]:
        return sorted(o for offsets in self._headers.values() for o in offsets)

    @cached_property
    def _line_starts(self) -> list[int]:
        text, starts = self.text, [0]
        at = text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        return starts

    def _line_at(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def line(self, table: str, index: int, key: str | None = None) -> int | None:
        """The line of the index-th [[table]] record, or of one key inside it."""
        offsets = self._headers.get(table, [])
        if index >= len(offsets):
            return None
        start = offsets[index]
        if key is None:
            return self._line_at(start)
        headers = self._all_header_offsets
        after = bisect.bisect_right(headers, start)
        end = headers[after] if after < len(headers) else len(self.text)
        for match in _compiled(_KEY).finditer(self.text, start, end):
            if match.group(1) == key:
                return self._line_at(match.start())
        return self._line_at(start)

    @cached_property
    def _key_lines(self) -> dict[str, int]:
        """The line of each top-level key, the first when one is written twice."""
        end = self._all_header_offsets[0] if self._all_header_offsets else len(self.text)
        lines: dict[str, int] = {}
        for match in _compiled(_KEY).finditer(self.text, 0, end):
            lines.setdefault(match.group(1), self._line_at(match.start()))
        return lines

    def key_line(self, key: str) -> int | None:
        """The line of a top-level key (found once: a file may have thousands of problems)."""
        return self._key_lines.get(key)
