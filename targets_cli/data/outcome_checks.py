"""Checks of the outcome records, as the targets are checked: each problem at its line.

An outcome must answer a target that exists, in a unit the tool knows, for the
target's period (or a year inside it), with a citation a reader can follow: a
publisher, a title, a well-formed public URL and, when the report shows one, a real
date. Whether the result can
be compared with the target (a growth rate reported for a count cannot) is not a
problem of the data: the status says so.

Ids defined twice are found with the other duplicates (data/cross.py); the fields'
types, choices and patterns by the loader (data/fields.py).
"""

from __future__ import annotations

import re
from datetime import date

from ..errors import Problem, shown
from ..rules.model import OUTCOME_COMPARATORS, Dataset, Outcome, Target, Where
from ..rules.outcomes import OUTCOME_WORDING, period_fits, period_years
from ..rules.units import UNITS
from .checking import NOT_SOUGHT, Sought, closest_names, sign_problems, unknown_unit
from .citations import url_problem
from .fields import YEAR_BOUNDS
from .locating import Locator

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    # (record's place, key or None, message) -> a Problem with file and line
    Locate = Callable[[Where, str | None, str], Problem]

_TEXT_FIELDS = ("id", "target", "unit", "period", "publisher", "title", "url")
_PERIOD = re.compile(r"[0-9]{4}(-[0-9]{4})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A reported range (value to value_max) states no bound beyond its ends.
_RANGE_COMPARATORS = ("=", "about")


def outcome_problems(
    dataset: Dataset,
    locate: Locate | None = None,
    *,
    targets: Mapping[str, Target] | None = None,
    known_ids: Callable[[], Iterable[str]] | None = None,
) -> list[Problem]:
    """Every problem of the dataset's outcomes, in the order of the data.

    `locate` turns (where, key, message) into a Problem at the line of the key (by
    default each outcome's file is read, once, to find it, and the Problem names the
    outcome's id). `targets`: the targets by id, when the dataset does not hold them
    (an index keeps them elsewhere; those the outcomes name are enough), and
    `known_ids`: every target id, asked for only to suggest the closest to an unknown
    one (by default the keys of `targets`).
    """
    by_id = {t.id: t for t in dataset.targets} if targets is None else targets
    suggest = _Suggestions(by_id, known_ids)
    lines = _FileLines() if locate is None else None
    problems = []
    for outcome in dataset.outcomes:
        where = outcome.where or Where("?", "outcomes", 0)
        found = outcome_record_problems(outcome, by_id, suggest)
        target = by_id.get(outcome.target)
        metric = dataset.metrics.get(target.metric) if target is not None else None
        if metric is not None and isinstance(outcome.value, int | float):
            found += sign_problems(outcome.value, outcome.value_max, outcome.direction, metric)
        for key, message in found:
            if lines is not None:
                problems.append(lines.locate(where, key, message, outcome.id))
            else:
                assert locate is not None
                problems.append(locate(where, key, message))
    return problems


def outcome_record_problems(
    outcome: Outcome,
    targets: Mapping[str, Target],
    closest: Callable[[str], str] | None = None,
) -> list[tuple[str, str]]:
    """(key, message) for whatever is wrong with one outcome, given the targets by id
    (and what names the closest known ids to an unknown one)."""
    found = [
        (key, f"'{key}' is empty; {_WANTED[key]}")
        for key in _TEXT_FIELDS
        if not isinstance(getattr(outcome, key), str) or not getattr(outcome, key).strip()
    ]
    # a report that shows no date is cited without one (never a guessed date); a date
    # written, however, must be one
    published = outcome.published
    if published is not None and (not isinstance(published, str) or not published.strip()):
        found.append(("published", f"'published' is empty; {_WANTED['published']}"))
    empty = {key for key, _ in found}
    target = None if "target" in empty else targets.get(outcome.target)
    if target is None and "target" not in empty:
        hint = (closest or _Suggestions(targets, None))(outcome.target)
        found.append(("target", f"unknown target {shown(outcome.target)}{hint}"))
    if "unit" not in empty and outcome.unit not in UNITS:
        found.append(("unit", unknown_unit(outcome.unit)))
    found += _bound_problems(outcome)
    # a result of a broader scope changes the status: the reader needs to know why
    note = outcome.note
    if outcome.scope is not None and (not isinstance(note, str) or not note.strip()):
        found.append(
            (
                "scope",
                f"scope {shown(outcome.scope)} needs a note: say what the result counts "
                "that the pledge does not",
            )
        )
    if "period" not in empty:
        found += _period_problems(outcome, target)
    if outcome.published is not None and "published" not in empty:
        found += _date_problems(outcome)
    if "url" not in empty:
        problem = url_problem(outcome.url)
        if problem:
            found.append(("url", f"url {shown(outcome.url)} {problem}"))
    return found


_WANTED = {
    "id": "give the outcome a stable id",
    "target": "give the id of the target this result answers",
    "unit": "give the unit the report uses",
    "period": "give the year the result is for",
    "publisher": "name who published the report",
    "title": "give the report's title",
    "published": "give the report's date, YYYY-MM-DD, or leave the field out when it shows none",
    "url": "give the address where the report is public",
}


class _Suggestions:
    """'; did you mean ...?' with the closest target ids, listed once when first needed,
    for the first HINTED distinct unknown ids (each compared with every id once); for
    the others it says that none were looked for."""

    def __init__(
        self, targets: Mapping[str, Target], known_ids: Callable[[], Iterable[str]] | None
    ):
        self._ids: list[str] | None = None
        self._source = known_ids or (lambda: targets.keys())
        self._sought = Sought()
        self._close: dict[str, list[str]] = {}

    def __call__(self, given: str) -> str:
        given = given[:100]
        if not self._sought.allows(given):
            return NOT_SOUGHT.format(what="ids")
        if self._ids is None:
            self._ids = list(self._source())
        close = self._close.get(given)
        if close is None:
            close = self._close[given] = closest_names(given, self._ids, 3, 0.6)
        return f"; did you mean {', '.join(close)}?" if close else ""


def _bound_problems(outcome: Outcome) -> list[tuple[str, str]]:
    found = []
    comparator = outcome.comparator
    if comparator not in OUTCOME_COMPARATORS:
        known = ", ".join(OUTCOME_COMPARATORS)
        found.append(("comparator", f"comparator {shown(comparator)}; expected one of {known}"))
    elif outcome.wording in OUTCOME_WORDING and OUTCOME_WORDING[outcome.wording] != comparator:
        meant = OUTCOME_WORDING[outcome.wording]
        found.append(
            (
                "comparator",
                f"comparator {comparator!r} contradicts wording {outcome.wording!r}, "
                f"which means {meant!r}",
            )
        )
    top = outcome.value_max
    if top is not None:
        if top < outcome.value:
            found.append(("value_max", f"value_max {top} is below value {outcome.value}"))
        if comparator in OUTCOME_COMPARATORS and comparator not in _RANGE_COMPARATORS:
            message = (
                f"a reported range (value_max) takes comparator '=' or 'about', not "
                f"{comparator!r}: a bound is stated by value alone"
            )
            found.append(("value_max", message))
    return found


def _period_problems(outcome: Outcome, target: Target | None) -> list[tuple[str, str]]:
    period = outcome.period
    if not _PERIOD.fullmatch(period):
        return [("period", f"period {shown(period)} must be a year (2024) or years (2024-2025)")]
    start, end = period_years(period)
    low, high = YEAR_BOUNDS
    if not (low <= start <= high and low <= end <= high):
        return [("period", f"period {period!r} must lie from {low} to {high}")]
    if end < start:
        return [("period", f"period {period!r} ends before it starts")]
    if target is not None and not period_fits(period, target.period):
        inside = " or lie inside it" if "-" in (target.period or "") else ""
        message = (
            f"period {period!r} is not the period of target {target.id} "
            f"({target.period}); a result must be for the target's period{inside}"
        )
        return [("period", message)]
    return []


def _date_problems(outcome: Outcome) -> list[tuple[str, str]]:
    published = outcome.published
    assert published is not None
    if not _DATE.fullmatch(published):
        return [("published", f"published {shown(published)} must be a date: YYYY-MM-DD")]
    try:
        day = date.fromisoformat(published)
    except ValueError:
        return [("published", f"published {published!r} is not a real date")]
    if _PERIOD.fullmatch(outcome.period) and day.year < period_years(outcome.period)[0]:
        message = (
            f"published {published} is before the period {outcome.period} it reports on; "
            "a result comes out once its year has begun"
        )
        return [("published", message)]
    return []


class _FileLines:
    """Finds the line of an outcome or one of its keys, reading each file at most once."""

    def __init__(self) -> None:
        self._locators: dict[str, Locator | None] = {}

    def locate(self, where: Where, key: str | None, message: str, record: str) -> Problem:
        if where.file not in self._locators:
            try:
                with open(where.file, encoding="utf-8") as stream:
                    text = stream.read().removeprefix("\ufeff")
            except (OSError, UnicodeDecodeError, ValueError):
                self._locators[where.file] = None
            else:
                self._locators[where.file] = Locator(text)
        locator = self._locators[where.file]
        line = locator.line(where.table, where.index, key) if locator else None
        return Problem(where.file, message, line=line, record=record)
