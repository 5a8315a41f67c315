"""What the data says was searched for and not found ([[not_found]]).

`not_found(dataset, org, metric, period, what)` answers "was a figure for org X,
metric M, period P searched for and not found?": the matching entry, or None. A
command that finds no figure at some level (the cascade) asks it, to say "searched,
not found" rather than only "no figure".
"""

from __future__ import annotations

from .model import Dataset, NotFound


def _years(period: str) -> tuple[int, int] | None:
    first, _, last = period.partition("-")
    if not first.isdigit() or (last and not last.isdigit()):
        return None
    return int(first), int(last or first)


def not_found(
    dataset: Dataset, org: str, metric: str, period: str, what: str | None = None
) -> NotFound | None:
    """The [[not_found]] entry saying a figure of `org` (an id or short name) for `metric`
    (a name or alias) in `period` (a year, or years inside the entry's) was searched for
    and not found; `what`: "target" or "outcome" (None: either). None when the data
    records no such search."""
    names = {name: m.name for m in dataset.metrics.values() for name in (m.name, *m.aliases)}
    wanted_metric = names.get(metric, metric)
    wanted_org = next(
        (o.id for o in dataset.orgs.values() if org in (o.id, o.short)),
        org,
    )
    asked = _years(period)
    for entry in dataset.not_found:
        if entry.org != wanted_org or (what is not None and entry.what != what):
            continue
        if wanted_metric not in {names.get(m, m) for m in entry.metrics}:
            continue
        held = _years(entry.period)
        if asked is None or held is None:
            if entry.period != period:
                continue
        elif not (held[0] <= asked[0] and asked[1] <= held[1]):
            continue
        return entry
    return None
