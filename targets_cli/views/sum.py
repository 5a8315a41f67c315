"""The `sum` answer: each city's county-level total per period and unit, its bound, the
city's figures beside it with the share, every part, what was left out and why, and the
units that stated nothing; in JSON, in flat rows with a `role`, and as a table."""

from __future__ import annotations

from collections import Counter

from ..rules.model import Dataset, Metric, Target
from ..rules.units import plain
from .labels import (
    column,
    command,
    figure,
    left_record,
    metric_label,
    option_of,
    options_text,
    org_label,
    percent,
    period_label,
    region_label,
    share_value,
    total_text,
    units_note,
    why_text,
)
from .report import Column, Report, Table

TYPE_CHECKING = False  # the JSON answers load only what they use
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from ..data.query import Filters
    from ..rules.related import Related
    from ..rules.totals import Left, Subtotal, Total

# The flat rows of `sum` (and of `coverage`'s additive metrics): one a part, total, city
# figure, figure left out or unit that stated nothing, told apart by `role`.
ROLES = ("part", "total", "city", "left_out", "silent", "related", "pledge")
TOTAL_FIELDS = (
    "metric",
    "role",
    "city_region",
    "period",
    "id",
    "org",
    "region",
    "region_en",
    "subject",
    "value",
    "value_max",
    "unit",
    "comparator",
    "share",
    "parts",
    "why",
    "reason",
    "other",
)


def part_record(dataset: Dataset, target: Target) -> dict[str, Any]:
    return {
        "id": target.id,
        "org": target.org,
        "region": target.region,
        "region_en": dataset.orgs[target.region].name_en,
        "value": target.value,
        "value_max": target.value_max,
        "unit": target.unit,
        "comparator": target.comparator,
        "period": target.period,
    }


def part_records(
    dataset: Dataset, targets: Iterable[Target], shares: Subtotal | None = None
) -> list[dict[str, Any]]:
    """part_record() of each target (with its share of the subtotal's, given one): a
    million-target `sum` makes ten thousand of them."""
    orgs = dataset.orgs
    found = []
    for target in targets:
        record = {
            "id": target.id,
            "org": target.org,
            "region": target.region,
            "region_en": orgs[target.region].name_en,
            "value": target.value,
            "value_max": target.value_max,
            "unit": target.unit,
            "comparator": target.comparator,
            "period": target.period,
        }
        if shares is not None:
            record["share"] = share_value(shares.share_of(target))
        found.append(record)
    return found


# What a level's goal, its parts and their total are called, by the kind of the region
# whose parts they are: (goal, parts, parts' total, none stated), each in zh and en.
LEVEL_WORDS = {
    "nation": (
        ("全国目标", "national target"),
        ("个省级单位", "provinces"),
        ("省级合计", "province figures"),
        ("无省级目标", "no province figures"),
    ),
    "province": (
        ("全省目标", "province target"),
        ("个市", "cities"),
        ("市级合计", "city figures"),
        ("无市级目标", "no city figures"),
    ),
    "city": (
        ("全市目标", "city target"),
        ("个县级单位", "county-level units"),
        ("县级合计", "county-level pledges"),
        ("无县级目标", "no county-level figures"),
    ),
}
PLEDGE_WORDS = ("部门承诺", "department pledge")


# Column headers where a table holds parents of more than one level (a province beside its
# cities): 所属市 and 全市目标 would misname the province's rows.
TREE_HEADERS = {
    "city_region": ("上级", "parent"),
    "city": ("上级目标", "goal"),
    "county_total": ("下级合计", "parts' total"),
    "parts": ("下级目标", "parts' figures"),
}


def tree_column(
    dataset: Dataset, parents: Iterable[str | None], key: str, lang: str, numeric: bool = False
) -> Column:
    """A column whose header says 所属市 when every parent is a city, else 上级."""
    if all(level_kind(dataset, parent) in ("city", None) for parent in parents):
        return column(key, lang, numeric=numeric)
    return Column(key, TREE_HEADERS[key][lang == "en"], numeric=numeric)


def level_kind(dataset: Dataset, region: str | None) -> str | None:
    """The kind of the region whose parts a total adds (city, province, nation)."""
    org = dataset.orgs.get(region) if region else None
    return org.kind if org is not None else None


def level_words(dataset: Dataset, region: str | None, lang: str) -> tuple[str, ...]:
    """(goal, parts, parts' total, none stated) for a region's level, in one language."""
    words = LEVEL_WORDS.get(level_kind(dataset, region) or "city", LEVEL_WORDS["city"])
    return tuple(pair[lang == "en"] for pair in words)


def subtotal_record(dataset: Dataset, sub: Subtotal) -> dict[str, Any]:
    high = sub.total_max
    record = {
        "city_region": sub.city_region,
        "period": sub.period,
        "unit": sub.unit,
        "total": plain(sub.total) if sub.parts else None,
        "total_max": plain(high) if sub.parts and high is not None else None,
        "comparator": sub.comparator if sub.parts else None,
        "parts": part_records(dataset, [p.target for p in sub.parts]),
        "city": part_records(dataset, sub.city, sub),
    }
    # the level and the departments' pledges are said where there is more than one city
    # level to tell apart, or a pledge; the answers on one city keep their keys
    kind = level_kind(dataset, sub.city_region)
    if sub.pledges or kind != "city" or dataset.orgs[sub.city_region or ""].parent:
        record["parent"] = sub.city_region
        record["level"] = kind
        record["pledges"] = [
            part_record(dataset, c) | {"share": share_value(sub.share_of(c))} for c in sub.pledges
        ]
    return record


class Joined(list):  # type: ignore[type-arg]
    """The items of some lists one after another, which says what lists (its `pieces`):
    the JSON writer writes each of them once, and copies its text where it comes again
    (every part is in the list of all parts and in its subtotal's)."""

    __slots__ = ("pieces",)

    def __init__(self, pieces: list[list[Any]]) -> None:
        super().__init__(item for piece in pieces for item in piece)
        self.pieces = tuple(pieces)


def left_records(dataset: Dataset, left_out: tuple[Left, ...]) -> list[dict[str, Any]]:
    return [left_record(dataset, left.target, left.why, left.other) for left in left_out]


def sum_document(dataset: Dataset, total: Total) -> dict[str, Any]:
    subtotals = [subtotal_record(dataset, s) for s in total.subtotals]
    with_parts = [s for s in subtotals if s["parts"]]
    single = with_parts[0] if len(with_parts) == 1 else None
    return {
        "metric": total.metric.name,
        "metric_en": total.metric.name_en,
        "dimension": total.metric.dimension,
        "period": single["period"] if single else None,
        "unit": single["unit"] if single else None,
        "total": single["total"] if single else None,
        "total_max": single["total_max"] if single else None,
        "comparator": single["comparator"] if single else None,
        "parts": Joined([s["parts"] for s in with_parts]),
        "subtotals": subtotals,
        "left_out": left_records(dataset, total.left_out),
        "silent": list(total.silent),
    }


def total_rows(
    dataset: Dataset,
    metric: str,
    subtotals: list[dict[str, Any]],
    left_out: list[dict[str, Any]],
    silent: list[str],
) -> list[dict[str, Any]]:
    """The flat rows of totals (sum, and coverage's additive metrics), from their JSON."""
    from ..rules.levels import branch_of, parent_region_of

    rows: list[dict[str, Any]] = []
    for sub in subtotals:
        where = {"metric": metric, "city_region": sub["city_region"], "period": sub["period"]}
        rows += [where | {"role": "part"} | part for part in sub["parts"]]
        rows.append(
            where
            | {
                "role": "total",
                "region": sub["city_region"],
                "value": sub["total"],
                "value_max": sub["total_max"],
                "unit": sub["unit"],
                "comparator": sub["comparator"],
                "parts": len(sub["parts"]),
            }
        )
        rows += [where | {"role": "city"} | city for city in sub["city"]]
        rows += [where | {"role": "pledge"} | pledge for pledge in sub.get("pledges", ())]
    for left in left_out:
        city = branch_of(dataset, left["region"])
        rows.append({"metric": metric, "role": "left_out", "city_region": city} | left)
    for region in silent:
        rows.append(
            {
                "metric": metric,
                "role": "silent",
                "city_region": parent_region_of(dataset, region),
                "region": region,
                "region_en": dataset.orgs[region].name_en,
            }
        )
    return rows


def _cities(dataset: Dataset, subtotals: tuple[Subtotal, ...]) -> set[str | None]:
    return {s.city_region for s in subtotals}


def _parents(dataset: Dataset, regions: tuple[str, ...]) -> int:
    """How many parents the regions have: silent units of two branches are named apart."""
    from ..rules.levels import parent_region_of

    return len({parent_region_of(dataset, region) for region in regions})


def subtotal_line(dataset: Dataset, sub: Subtotal, lang: str, name_city: bool = False) -> str:
    """One line per region, period and unit: the parts' total, its bound, and the region's
    goal beside it (全省目标 for a province, 全市目标 for a city), then its departments'
    pledges as such."""
    amount = total_text(sub.comparator, sub.total, sub.total_max, sub.unit, lang)
    regions = len(sub.parts)
    period = period_label(sub.period, lang)
    city = region_label(dataset, sub.city_region, lang) if name_city else ""
    goal, parts, parts_total, none = level_words(dataset, sub.city_region, lang)
    if lang == "en":
        line = f"Total {period}" + (f" in {city}" if city else "") + f": {amount}"
        line += f" from {regions} {parts}" if sub.parts else f" ({none})"
    else:
        line = f"合计（{city}，{period}）" if city else f"合计（{period}）"
        line += f"：{amount}"
        line += f"，{regions} {parts}" if sub.parts else f"（{none}）"
    pledge = PLEDGE_WORDS[lang == "en"]
    for target, label in (*((t, goal) for t in sub.city), *((t, pledge) for t in sub.pledges)):
        org = org_label(dataset.orgs[target.org], lang)
        share = sub.share_of(target)
        if lang == "en":
            line += f"; {label} {figure(target, lang)} ({org})"
            if share is not None:
                line += f", {parts_total} cover {percent(share)} of it"
        else:
            line += f"；{label} {figure(target, lang)}（{org}）"
            if share is not None:
                line += f"，{parts_total}为其 {percent(share)}"
    return line


def left_lines(dataset: Dataset, left_out: tuple[Left, ...], lang: str) -> tuple[str, ...]:
    head = "Left out:" if lang == "en" else "未计入："
    lines = [
        f"  {left.target.id} ({org_label(dataset.orgs[left.target.region], lang)}): "
        + why_text(dataset, left.target, left.why, left.other, lang)
        for left in left_out
    ]
    return (head, *lines) if lines else ()


def silent_lines(
    dataset: Dataset, silent: tuple[str, ...], lang: str, by_city: bool = False
) -> tuple[str, ...]:
    """Who stated nothing; with several parents (cities, a province), one line per parent."""
    from ..rules.levels import parent_region_of

    if not silent:
        return ()
    groups: dict[str | None, list[str]] = {}
    for region in silent:
        groups.setdefault(parent_region_of(dataset, region) if by_city else None, []).append(region)
    lines = []
    for city, regions in groups.items():
        names = ", ".join(org_label(dataset.orgs[r], lang) for r in regions)
        where = region_label(dataset, city, lang)
        if lang == "en":
            lines.append(f"Stated nothing{f' in {where}' if where else ''}: {names}")
        else:
            lines.append(f"未表态{f'（{where}）' if where else ''}：{names}")
    return tuple(lines)


def sum_report(
    dataset: Dataset,
    total: Total,
    lang: str = "zh",
    empty_note: str | None = None,
    related: tuple[Related, ...] = (),
) -> Report:
    document = sum_document(dataset, total) | {"related": related_records(dataset, related)}

    def records() -> list[dict[str, Any]]:  # (made only for a format that prints them)
        return total_rows(
            dataset,
            total.metric.name,
            document["subtotals"],
            document["left_out"],
            document["silent"],
        ) + related_rows(dataset, document["related"])

    several = len(_cities(dataset, total.subtotals)) > 1 or _parents(dataset, total.silent) > 1

    def tables() -> tuple[Table, ...]:
        columns = (
            column("region", lang),
            *(
                (tree_column(dataset, _cities(dataset, total.subtotals), "city_region", lang),)
                if several
                else ()
            ),
            column("figure", lang, numeric=True),
            column("period", lang),
            column("id", lang),
        )
        rows = [
            {
                "region": org_label(dataset.orgs[p.target.region], lang),
                "city_region": region_label(dataset, sub.city_region, lang),
                "figure": figure(p.target, lang),
                "period": period_label(p.target.period, lang),
                "id": p.target.id,
            }
            for sub in total.subtotals
            for p in sub.parts
        ]
        shown = [
            t for s in total.subtotals for t in (*(p.target for p in s.parts), *s.city, *s.pledges)
        ]
        notes = (
            *(subtotal_line(dataset, s, lang, several) for s in total.subtotals),
            *left_lines(dataset, total.left_out, lang),
            *silent_lines(dataset, total.silent, lang, several),
            *related_lines(dataset, related, lang),
            *units_note(
                [*shown, *(left.target for left in total.left_out), *(r.target for r in related)],
                lang,
            ),
        )
        return (Table(columns, rows, title=metric_label(total.metric, lang), notes=notes),)

    return Report(document, records, TOTAL_FIELDS, tables, empty_note)


# ---- units that stated a related metric (rules.related) ----------------------------


def related_records(dataset: Dataset, related: tuple[Related, ...]) -> list[dict[str, Any]]:
    """Each related figure with its own metric, its scope and why it is not added."""
    from ..rules.related import WHY_OTHER_SCOPE

    why = {WHY_OTHER_SCOPE: "another scope"}
    return [
        part_record(dataset, r.target)
        | {
            "metric": r.target.metric,
            "metric_en": dataset.metrics[r.target.metric].name_en,
            "scope": dataset.metrics[r.target.metric].description,
            "subject": r.target.subject,
            "why": r.why,
            "reason": why.get(r.why, r.why),
        }
        for r in related
    ]


def related_rows(dataset: Dataset, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flat rows of role `related`: the figure's own metric, never the one totalled."""
    from ..rules.levels import city_of

    keys = ("id", "org", "region", "region_en", "subject", "value", "value_max", "unit")
    return [
        {"metric": r["metric"], "role": "related", "city_region": city_of(dataset, r["region"])}
        | {"period": r["period"]}
        | {k: r[k] for k in keys}
        | {"comparator": r["comparator"], "why": r["why"], "reason": r["reason"]}
        for r in records
    ]


def related_lines(dataset: Dataset, related: tuple[Related, ...], lang: str) -> tuple[str, ...]:
    """Units not silent though they stated nothing for the metric: a related one instead."""
    if not related:
        return ()
    head = (
        "Stated a related metric (another scope, not added):"
        if lang == "en"
        else "表态了相关指标（口径不同，未计入）："
    )
    lines = []
    for r in related:
        t = r.target
        metric = metric_label(dataset.metrics[t.metric], lang)
        period = period_label(t.period, lang)
        where = org_label(dataset.orgs[t.region], lang)
        lines.append(f"  {where}: {metric} {figure(t, lang)} ({period}) [{t.id}]")
    return (head, *lines)


# ---- what `sum` says instead of a total --------------------------------------------

_NOT_ADDED = {
    "rate": "growth rates do not add up (6% here and 6% there is not 12%)",
    "share": "shares do not add up",
    "rank": "ranks do not add up",
    "threshold": "each figure holds for every member of a set; it is not a part of a total",
    "milestone": "milestones have no figure",
}


def refusal(metric: Metric) -> str:
    """Why a metric's values may not be added, and what to ask instead."""
    why = _NOT_ADDED.get(metric.dimension, "its curator marked it as not additive")
    instead = (
        "See who pledged what instead"
        if metric.dimension == "milestone"
        else "Compare them instead"
    )
    return (
        f"cannot add {metric.name} ({metric.dimension}): {why}. "
        f"{instead}: {command('compare', '--metric', metric.name)}"
    )


_WHY_COUNTED = {
    "milestone": "milestone",
    "narrower": "for a narrower area",
    "no_year": "with no year stated",
    "same_as": "restating another",
    "other_level": "for another level",
}


def sum_empty_note(
    metric: Metric, total: Total, filters: Filters, wider: tuple[str, int] | None
) -> str | None:
    """Why `sum` has no total to show, and what to run instead; None when it has one."""
    if total.subtotals:
        return None
    name = metric.name
    if total.left_out:
        counts = Counter(left.why for left in total.left_out)
        kinds = ", ".join(f"{n} {_WHY_COUNTED.get(why, why)}" for why, n in counts.items())
        return (
            f"nothing to add for {name}: every figure was left out ({kinds}); "
            f"try: {command('compare', '--metric', name)}"
        )
    given = options_text(filters, skip=("metrics",))
    if not given:
        return f"no target states {name}; try: targets metrics"
    asked = " ".join(given)
    if wider is None:
        return f"no target of {name} matches {asked}; try: {command('sum', '--metric', name)}"
    dropped, count = wider
    rest = options_text(filters, skip=("metrics", dropped))
    return (
        f"no target of {name} matches {asked}; without {option_of(dropped)} there are {count}; "
        f"try: {command('sum', '--metric', name, *rest)}"
    )
