"""Regions side by side: a grid of metrics by region, or one metric ranked."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .model import MILESTONE, Dataset, Target
from .records import dataclass
from .totals import Left
from .units import UNITS, to_base


@dataclass(frozen=True, slots=True)
class Grid:
    regions: tuple[str, ...]
    metrics: tuple[str, ...]
    cells: dict[tuple[str, str], tuple[Target, ...]]  # (metric, region) -> targets

    def cell(self, metric: str, region: str) -> tuple[Target, ...]:
        return self.cells.get((metric, region), ())


@dataclass(frozen=True, slots=True)
class Ranked:
    target: Target
    amount: Decimal  # base units, for ordering and bars
    share_of_top: float  # 0..1, the bar's length


@dataclass(frozen=True, slots=True)
class Ranking:
    metric: str
    rows: tuple[Ranked, ...]
    left_out: tuple[Left, ...]


def grid(dataset: Dataset, targets: Iterable[Target], regions: Iterable[str] = ()) -> Grid:
    """Every metric stated by the chosen regions (all regions when none are chosen)."""
    chosen = list(targets)
    wanted = tuple(regions) or tuple(
        org.id for org in dataset.orgs.values() if org.is_region and _states_any(org.id, chosen)
    )
    cells: dict[tuple[str, str], list[Target]] = {}
    for target in chosen:
        if target.region in wanted:
            cells.setdefault((target.metric, target.region), []).append(target)
    metric_order = {name: n for n, name in enumerate(dataset.metrics)}
    metrics = tuple(sorted({m for m, _ in cells}, key=lambda m: metric_order[m]))
    return Grid(wanted, metrics, {k: tuple(v) for k, v in cells.items()})


def _states_any(region: str, targets: list[Target]) -> bool:
    return any(t.region == region for t in targets)


def rank(dataset: Dataset, metric: str, targets: Iterable[Target]) -> Ranking:
    """One metric's whole-region figures, highest first (for ranks: best place first)."""
    rows: list[tuple[Target, Decimal]] = []
    left: list[Left] = []
    for target in targets:
        if target.metric != metric:
            continue
        if target.kind == MILESTONE or target.value is None or target.unit is None:
            left.append(Left(target, "a milestone: it states no figure", "milestone"))
        elif target.subject:
            reason = f"covers {target.subject}, not a whole region"
            left.append(Left(target, reason, "narrower"))
        else:
            rows.append((target, to_base(target.value, target.unit)))
    lower_is_better = dataset.metrics[metric].dimension == "rank"
    rows.sort(key=lambda row: row[1], reverse=not lower_is_better)
    # stable: within each period and kind of unit, the order by amount stays
    rows.sort(key=lambda row: (row[0].period, UNITS[row[0].unit or "个"].quantity))
    top = max((amount for _, amount in rows), default=Decimal(0))
    ranked = tuple(
        Ranked(target, amount, float(amount / top) if top else 0.0) for target, amount in rows
    )
    return Ranking(metric, ranked, tuple(left))
