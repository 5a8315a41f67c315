"""The `coverage` answer: per metric and city, the county-level total beside the city's own
figure with the share it covers (rates: each unit against its city, in points), every
part, what was left out and why, and who stated nothing."""

from __future__ import annotations

from ..rules.units import plain
from .labels import (
    NOT_STATED,
    column,
    command,
    figure,
    left_record,
    metric_label,
    number,
    options_text,
    org_label,
    percent,
    period_label,
    region_label,
    total_text,
    units_note,
)
from .progress import (
    OUTCOME_FIELDS,
    assessment_of,
    margin_text,
    outcome_fields,
    outcome_figure,
    status_label,
)
from .report import Report, Table
from .sum import (
    PLEDGE_WORDS,
    TOTAL_FIELDS,
    left_lines,
    part_record,
    subtotal_record,
    total_rows,
    tree_column,
)

TYPE_CHECKING = False  # the JSON answers load only what they use
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from decimal import Decimal
    from typing import Any

    from ..data.query import Filters
    from ..rules.coverage import CoverageStream, RateGap, Uncovered
    from ..rules.model import Dataset, Target
    from ..rules.totals import Subtotal

# Flat rows: those of `sum` (part, total, city, left_out, silent) for additive metrics;
# gap (a unit's rate against its city's) for the others; uncovered for a metric asked
# for that has no coverage in a city, with why. A city row carries the city target's
# status and outcome; a gap row its city's, as city_status and city_outcome_*.
CITY_OUTCOME_FIELDS = (
    "city_status",
    "city_outcome_id",
    "city_outcome_value",
    "city_outcome_value_max",
    "city_outcome_comparator",
    "city_outcome_unit",
    "city_margin",
    "city_margin_unit",
    "city_outcome_source",
)
COVERAGE_FIELDS = (
    *TOTAL_FIELDS,
    "city_id",
    "city_value",
    "city_unit",
    "city_comparator",
    "points",
    *OUTCOME_FIELDS,
    *CITY_OUTCOME_FIELDS,
)


def _city_outcome(dataset: Dataset, city: Target) -> dict[str, object]:
    """The city's status and outcome under the CITY_OUTCOME_FIELDS names."""
    fields = outcome_fields(dataset, city)
    return {name: fields[name.removeprefix("city_")] for name in CITY_OUTCOME_FIELDS}


def _gap_record(dataset: Dataset, gap: RateGap) -> dict[str, Any]:
    from ..rules.levels import parent_region_of

    target, city = gap.target, gap.city
    return {
        "id": target.id,
        "org": target.org,
        "region": target.region,
        "region_en": dataset.orgs[target.region].name_en,
        # the region whose goal it is set beside: a unit's city, a city's province
        "city_region": parent_region_of(dataset, target.region),
        "period": target.period,
        "value": target.value,
        "value_max": target.value_max,
        "unit": target.unit,
        "comparator": target.comparator,
        "city_id": city.id,
        "city_value": city.value,
        "city_unit": city.unit,
        "city_comparator": city.comparator,
        "points": None if gap.points is None else plain(gap.points),
        **_city_outcome(dataset, city),
    }


_UNCOVERED = {
    "no_city_figure": "{city} stated no figure for {metric}; coverage needs a city-wide figure",
    "no_county_figure": (
        "no county-level unit of {city} stated a figure for {metric}; "
        "coverage needs county-level figures"
    ),
    "no_figure": (
        "{metric} has no dated figure for a whole city or county-level unit (only milestones, "
        "narrower areas or no year stated); coverage needs both"
    ),
}
_NEXT = {"no_city_figure": "sum", "no_county_figure": "list", "no_figure": "compare"}


# The same reasons for a region above the city (a province, a nation): its parts are its
# cities (provinces), and its own figure is province-wide (nationwide).
_UNCOVERED_ABOVE = {
    "no_city_figure": (
        "{city} stated no figure for {metric}; coverage needs a figure for the whole {kind}"
    ),
    "no_county_figure": (
        "no {parts} of {city} stated a figure for {metric}; coverage needs figures of its {parts}"
    ),
}
_PARTS_OF = {"province": "city", "nation": "province"}


def _uncovered_reason(dataset: Dataset, item: Uncovered) -> str:
    city = item.city_region or ""
    org = dataset.orgs.get(city)
    if org is not None and org.kind in _PARTS_OF and item.why in _UNCOVERED_ABOVE:
        parts = _PARTS_OF[org.kind]
        return _UNCOVERED_ABOVE[item.why].format(
            city=city, metric=item.metric.name, kind=org.kind, parts=parts
        )
    return _UNCOVERED[item.why].format(city=city, metric=item.metric.name)


def _uncovered_next(item: Uncovered) -> str:
    name = _NEXT[item.why]
    if name == "sum" and not item.metric.additive:  # sum refuses what cannot be added
        name = "compare"
    return command(name, "--metric", item.metric.name)


def _with_outcomes(dataset: Dataset, sub: Subtotal) -> dict[str, Any]:
    """`sum`'s record of a subtotal, each city figure with its status and outcome. (The
    parts' own outcomes are `list`'s and `progress`'s to give: thirteen fields on every
    part doubled the answer at 20,000 targets.)"""
    record = subtotal_record(dataset, sub)
    for entry, city in zip(record["city"], sub.city, strict=True):
        entry.update(outcome_fields(dataset, city))
    return record


def result_text(dataset: Dataset, target: Target, lang: str) -> str:
    """'2850 家 · 未完成 · 达目标的 95.0%' for a target with an outcome; '' without."""
    found = assessment_of(dataset, target)
    if found.outcome is None:
        return ""
    words = [outcome_figure(found.outcome, lang), status_label(found.status, lang)]
    margin = margin_text(found, lang)
    return " · ".join([*words, margin] if margin else words)


def coverage_document(dataset: Dataset, answer: CoverageStream) -> dict[str, Any]:
    """The JSON answer; its entries are made a metric at a time as they are written, and
    the uncovered after them (each is known once its metric has been read)."""
    return {
        "coverage": _Later(lambda: _entries(dataset, answer)),
        "uncovered": _Later(lambda: _uncovered_records(dataset, answer)),
    }


class _Later:
    """A list made only as it is read, for the JSON writer and the flat rows to stream."""

    def __init__(self, make: Callable[[], Iterable[Any]]) -> None:
        self.make = make

    def __iter__(self) -> Iterator[Any]:
        return iter(self.make())


def _entries(dataset: Dataset, answer: CoverageStream) -> Iterator[dict[str, Any]]:
    for item in answer.found:
        entry: dict[str, Any] = {
            "metric": item.metric.name,
            "metric_en": item.metric.name_en,
            "dimension": item.metric.dimension,
            "cities": list(item.cities),
            "silent": list(item.silent),
        }
        if item.total is not None:
            entry["subtotals"] = [_with_outcomes(dataset, sub) for sub in item.subtotals_with_city]
        else:
            entry["gaps"] = [_gap_record(dataset, gap) for gap in item.gaps]
            if item.pledges:  # a department's pledge beside its region's government goal
                entry["pledges"] = [
                    part_record(dataset, pledge) | {"city_region": pledge.region}
                    for pledge in item.pledges
                ]
        entry["left_out"] = [
            left_record(dataset, left.target, left.why, left.other) for left in item.left_out
        ]
        yield entry


def _uncovered_records(dataset: Dataset, answer: CoverageStream) -> list[dict[str, Any]]:
    return [
        {
            "metric": item.metric.name,
            "city_region": item.city_region,
            "why": item.why,
            "reason": _uncovered_reason(dataset, item),
        }
        for item in answer.uncovered
    ]


def coverage_rows(dataset: Dataset, document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The flat rows, a metric at a time as they are written."""
    for entry in document["coverage"]:
        metric = entry["metric"]
        if "subtotals" in entry:
            yield from total_rows(
                dataset, metric, entry["subtotals"], entry["left_out"], entry["silent"]
            )
            continue
        for gap in entry["gaps"]:
            yield {"metric": metric, "role": "gap"} | gap
        for pledge in entry.get("pledges", ()):
            yield {"metric": metric, "role": "pledge"} | pledge
        yield from total_rows(dataset, metric, [], entry["left_out"], entry["silent"])
    for item in document["uncovered"]:
        yield {"role": "uncovered"} | item


def _share_text(share: Decimal | None, lang: str) -> str:
    if share is None:
        return ""
    if share > 1:
        return f"×{float(share):.2f}" + (" (amplifies)" if lang == "en" else "（放大）")
    return percent(share)


def _signed(points: Decimal | None) -> str:
    if points is None:
        return ""
    return ("+" if points >= 0 else "") + number(points)


def _points_text(points: str, lang: str) -> str:
    """A gap in percentage points: '+0 pt', '+0 个百分点'."""
    if not points:
        return ""
    return f"{points} pt" if lang == "en" else f"{points} 个百分点"


def coverage_report(
    dataset: Dataset, answer: CoverageStream, lang: str = "zh", empty_note: str | None = None
) -> Report:
    """The answer, made a metric at a time as it is written: the JSON, JSON Lines, CSV and
    TSV hold one metric's answer at once. The table is built whole (it must measure every
    row before it prints one), so it holds them all, as a table of a large answer would."""
    document = coverage_document(dataset, answer)

    def records() -> Iterator[dict[str, Any]]:  # (made only for a format that prints them)
        return coverage_rows(dataset, document)

    def tables() -> tuple[Table, ...]:
        from ..rules.levels import parent_region_of

        found = list(answer.found)
        covered = [c for item in found for c in item.cities]
        several = len(set(covered)) > 1
        pledge_word = PLEDGE_WORDS[lang == "en"]

        rows = []
        notes: list[str] = []
        shown: list[Target] = []
        for item in found:
            label = metric_label(item.metric, lang)

            # who stated nothing, by their city: worked out once, not once a row
            by_city: dict[str | None, list[str]] = {}
            for region in item.silent:
                by_city.setdefault(parent_region_of(dataset, region), []).append(region)
            silent_text = {
                city: ", ".join(org_label(dataset.orgs[s], lang) for s in regions)
                for city, regions in by_city.items()
            }

            for sub in item.subtotals_with_city:
                amount = total_text(sub.comparator, sub.total, sub.total_max, sub.unit, lang)
                # (a no-break space: a table never parts a region from its figure)
                parts = ("; " if lang == "en" else "； ").join(
                    f"{org_label(dataset.orgs[p.target.region], lang)}\xa0{figure(p.target, lang)}"
                    for p in sub.parts
                )
                shown += [*sub.city, *(p.target for p in sub.parts)]
                for city in sub.city:
                    rows.append(
                        {
                            "metric": f"{label} ({period_label(sub.period, lang)})",
                            "city_region": region_label(dataset, sub.city_region, lang),
                            "city": figure(city, lang),
                            "city_result": result_text(dataset, city, lang),
                            "county_total": amount if sub.parts else NOT_STATED,
                            "share": _share_text(sub.share_of(city), lang),
                            "parts": parts,
                            "silent": silent_text.get(sub.city_region, ""),
                        }
                    )
                for pledge in sub.pledges:  # a department's, beside the government's goal
                    shown.append(pledge)
                    org = org_label(dataset.orgs[pledge.org], lang)
                    rows.append(
                        {
                            "metric": f"{label} ({period_label(sub.period, lang)})",
                            "city_region": region_label(dataset, sub.city_region, lang),
                            "city": f"{pledge_word} {figure(pledge, lang)}",
                            "city_result": result_text(dataset, pledge, lang),
                            "county_total": amount if sub.parts else NOT_STATED,
                            "share": _share_text(sub.share_of(pledge), lang),
                            "parts": org,
                            "silent": "",
                        }
                    )
            for gap in item.gaps:
                region = org_label(dataset.orgs[gap.target.region], lang)
                points = _signed(gap.points)
                city_region = parent_region_of(dataset, gap.target.region)
                shown += [gap.city, gap.target]
                rows.append(
                    {
                        "metric": f"{label} ({period_label(gap.target.period, lang)})",
                        "city_region": region_label(dataset, city_region, lang),
                        "city": figure(gap.city, lang),
                        "city_result": result_text(dataset, gap.city, lang),
                        "county_total": f"{region}\xa0{figure(gap.target, lang)}",
                        "share": _points_text(points, lang),
                        "parts": "",
                        "silent": silent_text.get(city_region, ""),
                    }
                )
            for pledge in item.pledges:
                shown.append(pledge)
                rows.append(
                    {
                        "metric": f"{label} ({period_label(pledge.period, lang)})",
                        "city_region": region_label(dataset, pledge.region, lang),
                        "city": f"{pledge_word} {figure(pledge, lang)}",
                        "city_result": result_text(dataset, pledge, lang),
                        "county_total": "",
                        "share": "",
                        "parts": org_label(dataset.orgs[pledge.org], lang),
                        "silent": "",
                    }
                )
            if item.left_out:
                notes.append(f"Left out of {label}:" if lang == "en" else f"{label} 未计入：")
                notes += left_lines(dataset, item.left_out, lang)[1:]
        if not rows and empty_note:
            # the note on stderr says why and what to try; a header over nothing says less
            return ()
        # the city's result has a column only when one is known: most goals have none yet
        results = any(row["city_result"] for row in rows)
        columns = (
            column("metric", lang),
            *((tree_column(dataset, covered, "city_region", lang),) if several else ()),
            tree_column(dataset, covered, "city", lang, numeric=True),
            *((column("city_result", lang),) if results else ()),
            tree_column(dataset, covered, "county_total", lang, numeric=True),
            column("share", lang, numeric=True),
            tree_column(dataset, covered, "parts", lang),
            column("silent", lang),
        )
        notes += [_uncovered_reason(dataset, missing) for missing in answer.uncovered]
        notes += units_note(shown, lang)
        return (Table(columns, rows, notes=tuple(notes)),)

    return Report(document, records, COVERAGE_FIELDS, tables, empty_note)


# ---- what `coverage` says when it covers nothing ----------------------------------------


def coverage_empty_note(dataset: Dataset, answer: CoverageStream, filters: Filters) -> str | None:
    """Why nothing is covered, and what to run instead; None when something is. (Reads
    the answer up to its first covered metric; with none, every uncovered one is known.)"""
    if answer.any_found():
        return None
    if answer.uncovered:
        return "; ".join(
            f"{_uncovered_reason(dataset, item)}; try: {_uncovered_next(item)}"
            for item in answer.uncovered
        )
    asked = options_text(filters, skip=("metrics",))
    if asked:
        return (
            "no metric has both a city-wide and a county-level figure for "
            f"{' '.join(asked)}; try: targets coverage"
        )
    return "no metric has both a city-wide and a county-level figure; try: targets list"
