"""The `sum --metric M --related` answer: every member of a metric's family side by side
with its scope, and a total only where the data says the scopes may be added."""

from __future__ import annotations

from ..rules.units import plain
from .labels import (
    column,
    figure,
    metric_label,
    org_label,
    period_label,
    region_label,
    total_text,
    units_note,
)
from .report import Report, Table

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..rules.model import Dataset, Target
    from ..rules.totals import Total

FAMILY_FIELDS = (
    "family",
    "role",
    "metric",
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
    "parts",
    "scope",
)
NOT_ADDED = "the scopes differ: the data does not say they may be added (adds_with)"


def _why_not(members: tuple[str, ...]) -> str:
    return NOT_ADDED if len(members) > 1 else "no related metric in the data"


def family_report(
    dataset: Dataset,
    members: tuple[str, ...],
    figures: list[Target],
    totals: list[Total] | None,
    lang: str,
) -> Report:
    from ..rules.levels import city_of
    from ..rules.related import family_subtotals

    asked = members[0]
    subtotals = family_subtotals(totals) if totals is not None else ()

    def record(target: Target) -> dict[str, Any]:
        return {
            "id": target.id,
            "org": target.org,
            "region": target.region,
            "region_en": dataset.orgs[target.region].name_en,
            "city_region": city_of(dataset, target.region),
            "subject": target.subject,
            "value": target.value,
            "value_max": target.value_max,
            "unit": target.unit,
            "comparator": target.comparator,
            "period": target.period,
        }

    document: dict[str, Any] = {
        "metric": asked,
        "members": [
            {
                "metric": name,
                "metric_en": dataset.metrics[name].name_en,
                "scope": dataset.metrics[name].description,
                "relation": "asked" if name == asked else "related",
                "figures": [record(t) for t in figures if t.metric == name],
            }
            for name in members
        ],
        "added": totals is not None,
        "why_not_added": None if totals is not None else _why_not(members),
        "totals": [
            {
                "city_region": sub.city_region,
                "period": sub.period,
                "unit": sub.unit,
                "total": plain(sub.total),
                "total_max": None if sub.total_max is None else plain(sub.total_max),
                "comparator": sub.comparator,
                "parts": len(sub.parts),
            }
            for sub in subtotals
        ],
    }
    records: list[dict[str, Any]] = []
    for member in document["members"]:
        scope = {"family": asked, "metric": member["metric"], "scope": member["scope"]}
        records += [scope | {"role": "member"} | r for r in member["figures"]]
    for sub in document["totals"]:
        records.append(
            {"family": asked, "role": "total", "region": sub["city_region"]}
            | {k: sub[k] for k in ("city_region", "period", "unit", "comparator", "parts")}
            | {"value": sub["total"], "value_max": sub["total_max"]}
        )

    def tables() -> tuple[Table, ...]:
        columns = (
            column("metric", lang),
            column("region", lang),
            column("figure", lang, numeric=True),
            column("period", lang),
            column("id", lang),
        )
        rows = [
            {
                "metric": metric_label(dataset.metrics[t.metric], lang),
                "region": org_label(dataset.orgs[t.region], lang)
                + (f" · {t.subject}" if t.subject else ""),
                "figure": figure(t, lang),
                "period": period_label(t.period, lang),
                "id": t.id,
            }
            for name in members
            for t in figures
            if t.metric == name
        ]
        notes = [("Scopes:" if lang == "en" else "口径：")]
        for name in members:
            metric = dataset.metrics[name]
            notes.append(f"  {metric_label(metric, lang)}: {metric.description or '—'}")
        if totals is None and len(members) == 1:
            notes.append("No related metric in the data" if lang == "en" else "数据中没有相关指标")
        elif totals is None:
            notes.append(
                "Not added: the scopes differ" if lang == "en" else "不加总：各指标口径不同"
            )
        for sub in subtotals:
            amount = total_text(sub.comparator, sub.total, sub.total_max, sub.unit, lang)
            city = region_label(dataset, sub.city_region, lang)
            period = period_label(sub.period, lang)
            notes.append(
                f"Family total {period} in {city}: {amount} from {len(sub.parts)} figures"
                if lang == "en"
                else f"合计（{city}，{period}）：{amount}，{len(sub.parts)} 个县级目标"
            )
        notes += units_note(figures, lang)
        title = (
            f"{metric_label(dataset.metrics[asked], lang)} and related metrics"
            if lang == "en"
            else f"{asked}及相关指标"
        )
        return (Table(columns, rows, title=title, notes=tuple(notes)),)

    return Report(document, records, FAMILY_FIELDS, tables)
