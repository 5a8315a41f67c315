"""For an empty answer: which one filter, left out, would give one (for its note)."""

from __future__ import annotations

from ..data import query
from ..rules.records import replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ..rules.model import Dataset, Target

# The filters tried, the narrowing ones first: what a question is about (its regions,
# its metric) is kept longest.
LOOSENED = (
    "statuses",
    "kinds",
    "firmness",
    "search",
    "periods",
    "categories",
    "orgs",
    "metrics",
    "regions",
)


def wider(
    dataset: Dataset,
    filters: query.Filters,
    names: Iterable[str] = LOOSENED,
    found: Callable[[list[Target]], int] = len,
) -> tuple[str, int] | None:
    """The first filter whose removal gives an answer, and how many targets it then has.

    `found` counts what of the targets selected without it would make an answer.
    """
    for name in names:
        if not getattr(filters, name):
            continue
        loosened = replace(filters, **{name: None if name == "search" else ()})
        count = found(query.select(dataset, loosened))
        if count:
            return name, count
    return None
