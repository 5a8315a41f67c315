"""Where a target stands in its source: its sentence and the targets sharing it."""

from __future__ import annotations

from .model import Dataset, Target
from .records import dataclass
from .wording import numbers_in, sentence_around

_FIGURE = r"\d+(?:\.\d+)?|[十百千]"


@dataclass(frozen=True, slots=True)
class Context:
    sentence: str
    quote_at: int  # offset of the quote inside the sentence
    neighbours: tuple[Target, ...]  # other targets whose quotes lie in the same sentence


def _text(dataset: Dataset, source_id: str) -> str:
    """The source's text; a cited source's is not bundled, and its quote is all there is."""
    file = dataset.sources[source_id].file
    if file is None:
        return ""
    with open(file, encoding="utf-8") as text:
        return text.read()


def context(dataset: Dataset, target: Target) -> Context:
    if dataset.sources[target.source].file is None:  # cited: the quote is all there is
        return Context(target.quote, 0, ())
    text = _text(dataset, target.source)
    start = text.find(target.quote)
    first, last = sentence_around(text, start, start + len(target.quote))
    neighbours = []
    for other in dataset.targets:
        if other.id == target.id or other.source != target.source:
            continue
        at = text.find(other.quote)
        if first <= at < last:
            neighbours.append(other)
    return Context(text[first:last], start - first, tuple(neighbours))


def sentence_of(dataset: Dataset, target: Target) -> str | None:
    """The sentence of the source that holds the target's quote."""
    text = _text(dataset, target.source)
    start = text.find(target.quote)
    if start < 0:
        return None
    first, last = sentence_around(text, start, start + len(target.quote))
    return text[first:last]


def figure_spans(quote: str, target: Target) -> tuple[tuple[int, int], ...]:
    """Spans of the quote that write the target's figure, for highlighting."""
    import re  # (here: only a table highlights figures; re keeps the compiled pattern)
    from decimal import Decimal

    wanted = {Decimal(str(v)) for v in (target.value, target.value_max) if v is not None}
    spans = [
        match.span() for match in re.finditer(_FIGURE, quote) if numbers_in(match.group()) & wanted
    ]
    if target.wording:
        at = quote.find(target.wording)
        if at >= 0:
            spans.append((at, at + len(target.wording)))
    return tuple(sorted(spans))
