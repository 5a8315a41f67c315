"""Was a target met? Its status worked out from the outcomes recorded for it.

The status is never typed by hand. A target's bound (its comparator, value and range)
and the reported result's bound (as reported: 超1000亿元 is "> 1000") are both read as
the set of values they allow; the result meets the target when every value it allows
meets the target, misses it when none does, and is unclear when some do and some do
not. Units are converted first (万元 and 亿元 are one quantity); a result in a unit of
another quantity (a growth rate for a count, a figure for a milestone) is not
comparable. A target of a fall (下降2%: direction "down") and a result given as a fall
are put on the signed scale of the metric first (a fall of 2 is -2), so a fall of 3.1
meets a target of a fall of at least 2. A target of about a figure (左右) is judged as
its metric or itself says: a floor (the default), a ceiling (prices: 3%左右 is met by
0.2%), a level (within ABOUT_TOLERANCE of the figure, either side) or not at all
(unclear). A result that covers a broader scope than the pledge (all projects, for a
pledge of industrial projects) bounds the pledge's own figure only from above: it can
show a floor missed, never met, and its margin would compare different things.

Statuses and the reasons behind them are codes; the views phrase them.
"""

from __future__ import annotations

from .model import (
    ABOUT_CEILING,
    ABOUT_LEVEL,
    ABOUT_UNJUDGED,
    DOWN,
    MILESTONE,
    Dataset,
    Metric,
    Number,
    Outcome,
    Target,
    about_reading,
)
from .records import dataclass
from .units import UNITS, to_base

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from decimal import Decimal

MET = "met"
MISSED = "missed"
UNCLEAR = "unclear"
NOT_COMPARABLE = "not-comparable"
UNKNOWN = "unknown"
STATUSES = (MET, MISSED, UNCLEAR, NOT_COMPARABLE, UNKNOWN)
# An outcome is known for a target whatever it says, unless there is none.
KNOWN_STATUSES = (MET, MISSED, UNCLEAR, NOT_COMPARABLE)

# Why a status is what it is, when met or missed would not say it all.
NO_OUTCOME = "no-outcome"  # unknown: nothing recorded for the target's period
MILESTONE_RESULT = "milestone"  # not comparable: a figure reported for a milestone
OTHER_UNIT = "unit"  # not comparable: the result's unit measures something else
BOUNDS_OVERLAP = "bounds"  # unclear: the result's bound allows both met and missed
PERIOD_OPEN = "period-open"  # unclear: not met yet, and the target's period runs on
SCOPE = "scope"  # the result covers a broader scope than the pledge: a ceiling at most
ABOUT_NOT_JUDGED = "about"  # unclear: its "about" (左右) is not judged, by the data's word

BROADER = "broader"

POINTS = "points"  # margin of a rate or share (unit %): result minus target
SHARE = "share"  # margin of an amount or count: result as a share of the target

# "About x" (约, 近, 左右) allows values this far either side of x, as a share of x:
# a result of about 1000 is 950 to 1050; a target of 3%左右 read as a level is met by
# 2.85% to 3.15%.
# (as text: decimal is loaded only where a figure is judged)
ABOUT_TOLERANCE = "0.05"
# A bound read the other way round, for a figure given as a fall (下降2%以上: at most -2).
_FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=", "about": "about"}

# The word that bounds a reported figure, and the comparator it means.
OUTCOME_WORDING: dict[str, str] = {
    "超": ">",
    "超过": ">",
    "突破": ">",
    "以上": ">=",
    "不少于": ">=",
    "至少": ">=",
    "达": "=",
    "达到": "=",
    "实现": "=",
    "完成": "=",
    "不足": "<",
    "低于": "<",
    "以内": "<=",
    "不超过": "<=",
    "约": "about",
    "近": "about",
    "接近": "about",
    "左右": "about",
}

# Quantities where a lower figure is better: a place in a ranking (50强: place <= 50).
_LOWER_IS_BETTER = {"rank"}
_POINT_QUANTITIES = {"percent"}


@dataclass(frozen=True, slots=True)
class Span:
    """The values a bound allows: low to high, None for no end, each end open or closed."""

    low: Decimal | None = None
    high: Decimal | None = None
    low_open: bool = False
    high_open: bool = False

    def within(self, other: Span) -> bool:
        """Every value of this span lies in the other."""
        if other.low is not None:
            if self.low is None or self.low < other.low:
                return False
            if self.low == other.low and other.low_open and not self.low_open:
                return False
        if other.high is not None:
            if self.high is None or self.high > other.high:
                return False
            if self.high == other.high and other.high_open and not self.high_open:
                return False
        return True

    def apart(self, other: Span) -> bool:
        """No value lies in both spans."""
        return _below(self, other) or _below(other, self)


def _below(a: Span, b: Span) -> bool:
    """Every value of a lies below every value of b."""
    if a.high is None or b.low is None:
        return False
    return a.high < b.low or (a.high == b.low and (a.high_open or b.low_open))


@dataclass(frozen=True, slots=True)
class Assessment:
    """A target's status, the outcome it rests on, and by how much it was met or missed."""

    target: Target
    status: str
    outcome: Outcome | None = None
    margin: Decimal | None = None  # result - target (points), or result / target (share)
    margin_unit: str | None = None  # POINTS or SHARE
    reason: str | None = None  # NO_OUTCOME, MILESTONE_RESULT, OTHER_UNIT, BOUNDS_OVERLAP, ...
    outcomes: tuple[Outcome, ...] = ()  # every outcome recorded for the target's period

    @property
    def known(self) -> bool:
        return self.status != UNKNOWN


def period_years(period: str) -> tuple[int, int]:
    """The first and last year of a period: 2024 is (2024, 2024), 2030-2032 (2030, 2032)."""
    first, _, last = period.partition("-")
    return int(first), int(last or first)


def period_fits(outcome_period: str, target_period: str | None) -> bool:
    """Whether a result's period is the target's or lies inside it (any, when it has none)."""
    if target_period is None:
        return True
    start, end = period_years(outcome_period)
    low, high = period_years(target_period)
    return low <= start and end <= high


def lower_is_better(unit: str | None) -> bool:
    return unit is not None and unit in UNITS and UNITS[unit].quantity in _LOWER_IS_BETTER


def level(target: Target) -> Number:
    """The figure a target names as the level to reach: the weaker end of a range
    (1—2个: 1; for a place in a ranking, the larger number)."""
    assert target.value is not None
    if target.value_max is not None and (lower_is_better(target.unit) or target.comparator == "<="):
        return target.value_max
    return target.value


def goal_of(target: Target) -> Decimal:
    """The target's level in its unit's base, on the metric's signed scale (a fall of
    2 is -2)."""
    assert target.unit is not None
    figure = to_base(level(target), target.unit)
    return -figure if target.direction == DOWN else figure


def target_span(target: Target, metric: Metric | None = None) -> Span:
    """The values that meet a target, in its unit's base, on the metric's signed scale.

    `metric` says how a target of "about" is judged (a floor when not given)."""
    assert target.value is not None and target.unit is not None
    figure = goal_of(target)
    comparator = target.comparator or "="
    if comparator == "about":
        reading = about_reading(target, metric)
        if reading == ABOUT_LEVEL:
            spread = abs(figure) * _about_tolerance()
            return Span(figure - spread, figure + spread)
        if reading == ABOUT_CEILING:
            # a ceiling of the size written: 3%左右 at most 3; a fall of about 2, at least 2
            return _span(">=" if target.direction == DOWN else "<=", figure)
    if comparator in ("=", "about"):  # a level to reach: met when reached or passed
        comparator = "<=" if lower_is_better(target.unit) else ">="
    # a fall of at least 2 is a change of at most -2
    return _span(_FLIPPED[comparator] if target.direction == DOWN else comparator, figure)


def outcome_span(outcome: Outcome) -> Span:
    """The values a reported result allows, in its unit's base, on the metric's signed
    scale (a fall of 3.1 is -3.1)."""
    low = to_base(outcome.value, outcome.unit)
    high = low if outcome.value_max is None else to_base(outcome.value_max, outcome.unit)
    comparator = outcome.comparator
    if outcome.direction == DOWN:
        low, high, comparator = -high, -low, _FLIPPED[comparator]
    if comparator == "about":
        tolerance = _about_tolerance()
        return Span(low - abs(low) * tolerance, high + abs(high) * tolerance)
    if comparator == "=":
        return Span(low, high)
    return _span(comparator, low)


def _about_tolerance() -> Decimal:
    from decimal import Decimal

    return Decimal(ABOUT_TOLERANCE)


def _span(comparator: str, figure: Decimal) -> Span:
    match comparator:
        case ">":
            return Span(low=figure, low_open=True)
        case ">=":
            return Span(low=figure)
        case "<":
            return Span(high=figure, high_open=True)
        case "<=":
            return Span(high=figure)
    raise ValueError(f"no span for comparator {comparator!r}")


def comparable(target: Target, outcome: Outcome) -> str | None:
    """None when the result can be held against the target, else the reason it cannot."""
    if target.kind == MILESTONE or target.value is None or target.unit is None:
        return MILESTONE_RESULT
    if outcome.unit not in UNITS or target.unit not in UNITS:
        return OTHER_UNIT
    if UNITS[outcome.unit].quantity != UNITS[target.unit].quantity:
        return OTHER_UNIT
    return None


def part_span(target: Target, outcome: Outcome) -> Span:
    """The values the pledge's own figure may take, given a result of a broader scope.

    An amount or count of a broader scope is at least the part the pledge names (all
    projects' investment holds the industrial projects'), so it is a ceiling; a rate, a
    share or a place says nothing about the part."""
    result = outcome_span(outcome)
    quantity = UNITS[target.unit].quantity  # type: ignore[index]
    if quantity in _POINT_QUANTITIES or quantity in _LOWER_IS_BETTER:
        return Span()
    return Span(high=result.high, high_open=result.high_open)


def good_side(target: Target, metric: Metric | None = None) -> int:
    """Which way of the target's level a result beats it, on the metric's signed scale:
    1 above (a floor), -1 below (a ceiling, or a fall of at least so much), 0 for
    neither (a level within a tolerance, or an "about" not judged)."""
    comparator = target.comparator or "="
    if comparator == "about":
        reading = about_reading(target, metric)
        if reading in (ABOUT_LEVEL, ABOUT_UNJUDGED):
            return 0
        if reading == ABOUT_CEILING:
            # a ceiling of the size written: for a fall, a fall of at most so much
            return 1 if target.direction == DOWN else -1
    if comparator in ("=", "about"):  # a level to reach: met when reached or passed
        comparator = "<=" if lower_is_better(target.unit) else ">="
    if target.direction == DOWN:
        comparator = _FLIPPED[comparator]
    return 1 if comparator in (">", ">=") else -1


def margin(
    target: Target, outcome: Outcome, metric: Metric | None = None
) -> tuple[Decimal | None, str | None]:
    """By how much the reported figure beats (positive) or misses (negative) the target.

    Rates and shares (unit %): points. A floor: result minus target (2.5 % against
    5.5 % or more: -3.0). A ceiling: target minus result (0.2 % against 3 % at most:
    +2.8, under the ceiling). A fall: the fall beyond the one promised (下降3.1% against
    下降2%以上: +1.1; 下降1.5%: -0.5; a rise of 0.4%: -2.4). A level (左右 read as a
    level) has no better side: the result minus the level, in the target's own
    direction (a fall of 2.1 against about 2: +0.1, 0.1 more of a fall).
    Amounts and counts: the share of the target reached (280 against 300: 0.9333...).
    Places in a ranking have none. Taken from the figures as reported (a range from its
    lower end), whatever bound they carry; `metric` says how "about" is read.
    """
    if comparable(target, outcome) is not None or outcome.scope == BROADER:
        return None, None
    quantity = UNITS[target.unit].quantity  # type: ignore[index]
    if quantity in _LOWER_IS_BETTER:
        return None, None
    result = to_base(outcome.value, outcome.unit)
    if outcome.direction == DOWN:
        result = -result
    goal = goal_of(target)
    if quantity in _POINT_QUANTITIES:
        side = good_side(target, metric)
        if side == 0:
            side = -1 if target.direction == DOWN else 1
        return (result - goal) * side, POINTS
    if goal <= 0 or result < 0:  # a share of a fall (or of nothing) says nothing
        return None, None
    return result / goal, SHARE


def judge(target: Target, outcome: Outcome, metric: Metric | None = None) -> tuple[str, str | None]:
    """The status one outcome gives a target, with its reason (ignoring periods)."""
    why = comparable(target, outcome)
    if why is not None:
        return NOT_COMPARABLE, why
    if target.comparator == "about" and about_reading(target, metric) == ABOUT_UNJUDGED:
        return UNCLEAR, ABOUT_NOT_JUDGED
    goal = target_span(target, metric)
    if outcome.scope == BROADER:
        part = part_span(target, outcome)
        if part.within(goal):
            return MET, SCOPE
        return (MISSED, SCOPE) if part.apart(goal) else (UNCLEAR, SCOPE)
    result = outcome_span(outcome)
    if result.within(goal):
        return MET, None
    if result.apart(goal):
        return MISSED, None
    return UNCLEAR, BOUNDS_OVERLAP


def _order(outcome: Outcome) -> tuple[int, bool, str, int]:
    """Later periods first, then final figures before preliminary, then the latest report."""
    index = outcome.where.index if outcome.where is not None else 0
    published = outcome.published or ""  # (a report that shows no date: the earliest)
    return period_years(outcome.period)[1], not outcome.preliminary, published, index


def assess(target: Target, outcomes: Iterable[Outcome], metric: Metric | None = None) -> Assessment:
    """A target's status from the outcomes recorded for it.

    Only outcomes for the target's period (or a year inside it) count. Of several, the
    one for the latest year decides; for one year, a final figure before a preliminary
    one, then the latest report. A result for a year before the period ends that does
    not meet the target yet leaves it unclear: the period runs on. `metric` says how
    a target of "about" is judged.
    """
    fitting = tuple(
        o
        for o in outcomes
        if o.target in (target.id, target.same_as) and period_fits(o.period, target.period)
    )
    if not fitting:
        return Assessment(target, UNKNOWN, reason=NO_OUTCOME)
    chosen = max(fitting, key=_order)
    status, why = judge(target, chosen, metric)
    if (
        status in (MISSED, UNCLEAR)
        and target.period is not None
        and period_years(chosen.period)[1] < period_years(target.period)[1]
    ):
        status, why = UNCLEAR, PERIOD_OPEN
    amount, unit = margin(target, chosen, metric)
    return Assessment(target, status, chosen, amount, unit, why, fitting)


def by_target(outcomes: Iterable[Outcome]) -> dict[str, tuple[Outcome, ...]]:
    """Outcomes grouped by the id of the target they answer, in the order of the data."""
    grouped: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        grouped.setdefault(outcome.target, []).append(outcome)
    return {key: tuple(found) for key, found in grouped.items()}


def assess_all(
    dataset: Dataset,
    targets: Iterable[Target] | None = None,
    grouped: dict[str, tuple[Outcome, ...]] | None = None,
) -> list[Assessment]:
    """Each target's assessment (every target of the dataset when none are given)."""
    index = by_target(dataset.outcomes) if grouped is None else grouped
    found = []
    for target in dataset.targets if targets is None else targets:
        recorded = index.get(target.id, ())
        if target.same_as:
            recorded += index.get(target.same_as, ())
        found.append(assess(target, recorded, dataset.metrics.get(target.metric)))
    return found


def with_status(assessments: Iterable[Assessment], statuses: Iterable[str]) -> list[Assessment]:
    """The assessments whose status is one of these (all of them when none are given)."""
    wanted = frozenset(statuses)
    return [a for a in assessments if not wanted or a.status in wanted]
