"""What `scan` writes and `check` reads back, kept apart from both so that a scan does
not import the checker (data.completeness): a figure's sentence as a message shows
it, and the id scan gives a draft it could not name."""

from __future__ import annotations

from .wording import sentence_around

# Longest sentence a message repeats whole; a longer one is cut around the figure.
SENTENCE_LIMIT = 90
_CONTEXT = 36  # characters either side of the figure kept from a long sentence
PLACEHOLDER_ID = "todo-"  # the id scan gives a draft whose org or metric it could not tell


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], cut around it when long, on one line."""
    first, last = sentence_around(text, start, end)
    while first < start and text[first].isspace():
        first += 1
    if last < len(text) and text[last] in "。；！？":
        last += 1  # keep the sentence's own full stop
    if last - first > SENTENCE_LIMIT:
        left, right = max(first, start - _CONTEXT), min(last, end + _CONTEXT)
        return (
            ("…" if left > first else "") + text[left:right] + ("…" if right < last else "")
        ).strip()
    return text[first:last].strip()
