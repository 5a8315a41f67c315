"""The catalogues: `metrics` (with target counts) and `regions` (orgs, with theirs)."""

from __future__ import annotations

from ..rules.model import Dataset, Org
from .labels import category_label, column, dimension_label, kind_label
from .report import Report, Table

TYPE_CHECKING = False  # the JSON answers load only what they use
if TYPE_CHECKING:
    from typing import Any

_YES_NO = {"zh": ("否", "是"), "en": ("no", "yes")}


def _flat(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r | {"aliases": ";".join(r["aliases"])} for r in records]


def _counted(dataset: Dataset, column: str, field: str) -> dict[str, int]:
    """Targets per value of one field: by the index's GROUP BY when there is one (no
    target is built), else counted here."""
    if dataset.search is not None:
        found: dict[str, int] = dataset.search.counts(column)
        return found
    counts: dict[str, int] = {}
    for target in dataset.targets:
        key = getattr(target, field)
        counts[key] = counts.get(key, 0) + 1
    return counts


def metrics_report(dataset: Dataset, lang: str = "zh") -> Report:
    counts = _counted(dataset, "metric_name", "metric")
    records = [
        {
            "metric": m.name,
            "metric_en": m.name_en,
            "aliases": list(m.aliases),
            "dimension": m.dimension,
            "additive": bool(m.additive),
            "category": m.category,
            "targets": counts.get(m.name, 0),
        }
        for m in dataset.metrics.values()
    ]

    def tables() -> tuple[Table, ...]:
        columns = (
            column("metric", lang),
            column("aliases", lang),
            column("dimension", lang),
            column("category", lang),
            column("additive", lang),
            column("targets", lang, numeric=True),
        )
        rows = [
            {
                "metric": m.name_en if lang == "en" else m.name,
                "aliases": ", ".join(m.aliases),
                "dimension": dimension_label(m.dimension, lang),
                "category": category_label(m.category, lang),
                "additive": _YES_NO[lang][bool(m.additive)],
                "targets": counts.get(m.name, 0),
            }
            for m in dataset.metrics.values()
        ]
        return (Table(columns, rows),)

    fields = tuple(records[0]) if records else ()
    return Report(records, _flat(records), fields, tables)


def regions_report(dataset: Dataset, lang: str = "zh") -> Report:
    if dataset.search is not None:
        counts, in_region = dataset.search.org_region_counts()
    else:
        counts = _counted(dataset, "org", "org")
        in_region = _counted(dataset, "region", "region")
    records = [
        {
            "org": o.id,
            "name_en": o.name_en,
            "kind": o.kind,
            "parent": o.parent,
            "short": o.short,
            "pinyin": o.pinyin,
            "aliases": list(o.aliases),
            "speaker": o.speaker,
            "speaker_title": o.speaker_title,
            "targets": counts.get(o.id, 0),
            # a region's targets include its departments' (江门市: the city-wide ones)
            "region_targets": in_region.get(o.id, 0) if o.is_region else None,
        }
        for o in dataset.orgs.values()
    ]

    def tables() -> tuple[Table, ...]:
        columns = (
            column("org", lang),
            column("kind", lang),
            column("parent", lang),
            column("aliases", lang),
            column("speaker", lang),
            column("targets", lang, numeric=True),
            column("region_targets", lang, numeric=True),
        )
        rows = [
            {
                "org": o.id if lang == "zh" else o.name_en,
                "kind": kind_label(o.kind, lang),
                "parent": _parent_label(dataset, o, lang),
                "aliases": ", ".join(n for n in (o.short, o.pinyin, *o.aliases) if n),
                "speaker": o.speaker or "",
                "targets": counts.get(o.id, 0),
                "region_targets": in_region.get(o.id, 0) if o.is_region else "",
            }
            for o in dataset.orgs.values()
        ]
        return (Table(columns, rows),)

    fields = tuple(records[0]) if records else ()
    return Report(records, _flat(records), fields, tables)


def _parent_label(dataset: Dataset, org: Org, lang: str) -> str:
    if org.parent is None:
        return ""
    parent = dataset.orgs.get(org.parent)
    return parent.name_en if lang == "en" and parent else org.parent
