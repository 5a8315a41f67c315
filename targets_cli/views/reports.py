"""Each command's answer as a Report: the JSON document, flat records and tables.

Views know the domain's results and how to label them in Chinese or English;
they know nothing of terminals or file formats.
"""

from __future__ import annotations

from decimal import Decimal

from ..rules.model import MILESTONE, Dataset, Metric, Org, Target
from ..rules.units import UNITS, plain
from ..rules.wording import COMPARATOR_EN, COMPARATOR_SYMBOL, firmness_level
from .report import Bar, Column, Marked, Report, Table

TYPE_CHECKING = False  # the JSON answers load only what they use (see fastpath.py)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from ..errors import Problem
    from ..rules.comparison import Grid, Ranking
    from ..rules.coverage import Coverage
    from ..rules.totals import Left, Subtotal, Total

LANGS = ("zh", "en")

_HEADERS = {
    "id": ("编号", "id"),
    "region": ("地区", "region"),
    "org": ("发言单位", "stated by"),
    "metric": ("指标", "metric"),
    "figure": ("目标", "target"),
    "period": ("年份", "period"),
    "firmness": ("力度", "firmness"),
    "bar": ("", ""),
    "field": ("项目", "field"),
    "value": ("内容", "value"),
    "reason": ("原因", "reason"),
    "city": ("全市目标", "city target"),
    "county_total": ("县级合计", "county-level total"),
    "share": ("覆盖", "covers"),
    "silent": ("未表态", "stated nothing"),
    "aliases": ("别名", "aliases"),
    "dimension": ("类型", "dimension"),
    "category": ("类别", "category"),
    "additive": ("可加总", "additive"),
    "targets": ("目标数", "targets"),
    "region_targets": ("地区目标数", "in region"),
    "kind": ("级别", "kind"),
    "parent": ("上级", "parent"),
    "speaker": ("发言人", "speaker"),
    "line": ("行", "line"),
    "file": ("文件", "file"),
    "problem": ("问题", "problem"),
}

# The key/value labels of `show`, in Chinese and English.
_SHOW_LABELS = {
    "id": ("编号", "id"),
    "figure": ("目标", "figure"),
    "outcome": ("成果", "outcome"),
    "metric": ("指标", "metric"),
    "org": ("发言单位", "org"),
    "region": ("地区", "region"),
    "subject": ("范围", "subject"),
    "period": ("年份", "period"),
    "wording": ("措辞", "wording"),
    "firmness": ("力度", "firmness"),
    "speaker": ("发言人", "speaker"),
    "quote": ("原文", "quote"),
    "sentence": ("原句", "sentence"),
    "source": ("来源", "source"),
    "note": ("备注", "note"),
    "same_sentence": ("同句目标", "same sentence"),
}

MILESTONE_MARK = "◆"

_BOUND_ZH = {">": "超过", ">=": "至少", "=": "", "<=": "至多", "about": "约"}


def _h(key: str, lang: str) -> str:
    zh, en = _HEADERS[key]
    return en if lang == "en" else zh


def _col(key: str, lang: str, numeric: bool = False, table_only: bool = False) -> Column:
    return Column(key, _h(key, lang), numeric=numeric, table_only=table_only)


def number(value: Decimal | float | int) -> str:
    """A figure as people write it: 5.5, 1300, 0.42, with no trailing zeros."""
    value = plain(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def org_label(org: Org, lang: str) -> str:
    if lang == "en":
        return org.pinyin or org.name_en
    return org.label


def metric_label(metric: Metric, lang: str) -> str:
    return metric.name_en if lang == "en" else metric.name


def firmness_label(target: Target, lang: str) -> str:
    """The firmness word as written, or in English its level: ensure, strive, try."""
    if lang == "en":
        return firmness_level(target.firmness) or ""
    return target.firmness or ""


def units_note(targets: Iterable[Target], lang: str) -> tuple[str, ...]:
    """For English readers, what the Chinese units of the figures shown mean."""
    if lang != "en":
        return ()
    shown = dict.fromkeys(t.unit for t in targets if t.unit and t.unit != "%")
    if not shown:
        return ()
    return ("Units: " + ", ".join(f"{u} = {UNITS[u].name_en}" for u in shown),)


def left_reason(dataset: Dataset, left: Left, lang: str) -> str:
    """Why a target was left out, in the reader's language (JSON keeps `reason`)."""
    target = left.target
    region = org_label(dataset.orgs[target.region], lang)
    if left.why == "milestone":
        return "a milestone: it states no figure" if lang == "en" else "定性目标，未给出数值"
    if left.why == "narrower":
        if lang == "en":
            return f"covers {target.subject}, not the whole of {region}"
        return f"只涵盖{target.subject}，不是{region}全域"
    if left.why == "counted":
        if lang == "en":
            return f"{region} is already counted for {target.period} by {left.other}"
        return f"{region} {target.period} 年已由 {left.other} 计入"
    return left.reason


def figure(target: Target) -> str:
    """'>60 个', '≥5.5 %', '1—2 个'; a milestone shows its outcome."""
    if target.kind == MILESTONE or target.value is None:
        return MILESTONE_MARK
    amount = number(target.value)
    if target.value_max is not None:
        amount += f"—{number(target.value_max)}"
    symbol = "" if target.comparator in (None, "=") else COMPARATOR_SYMBOL[target.comparator]
    return f"{symbol}{amount} {target.unit}"


def bound(comparator: str | None, amount: str, lang: str) -> str:
    """A total with the bound it carries: 'at least 162 个' / '至少 162 个'."""
    if comparator is None:
        return f"{amount} (mixed bounds)" if lang == "en" else f"{amount}（上下限混合）"
    if lang == "en":
        return amount if comparator == "=" else f"{COMPARATOR_EN[comparator]} {amount}"
    word = _BOUND_ZH[comparator]
    return f"{word} {amount}" if word else amount


# ---- targets -------------------------------------------------------------

TARGET_FIELDS = (
    "id",
    "org",
    "org_en",
    "region",
    "region_en",
    "subject",
    "metric",
    "metric_en",
    "category",
    "dimension",
    "kind",
    "value",
    "value_max",
    "unit",
    "comparator",
    "wording",
    "firmness",
    "firmness_level",
    "period",
    "outcome",
    "source",
    "quote",
    "note",
)


def target_record(dataset: Dataset, target: Target) -> dict[str, Any]:
    """A target as JSON carries it: every field, both names, nothing computed away."""
    org, region = dataset.orgs[target.org], dataset.orgs[target.region]
    metric = dataset.metrics[target.metric]
    return {
        "id": target.id,
        "org": org.id,
        "org_en": org.name_en,
        "region": region.id,
        "region_en": region.name_en,
        "subject": target.subject,
        "metric": metric.name,
        "metric_en": metric.name_en,
        "category": metric.category,
        "dimension": metric.dimension,
        "kind": target.kind,
        "value": target.value,
        "value_max": target.value_max,
        "unit": target.unit,
        "comparator": target.comparator,
        "wording": target.wording,
        "firmness": target.firmness,
        "firmness_level": firmness_level(target.firmness),
        "period": target.period,
        "outcome": target.outcome,
        "source": target.source,
        "quote": target.quote,
        "note": target.note,
    }


def _metric_cell(dataset: Dataset, target: Target, lang: str) -> str:
    """The metric, with the area it covers and, for a milestone, what is promised."""
    label = metric_label(dataset.metrics[target.metric], lang)
    extras = [target.subject] if target.subject else []
    if target.kind == MILESTONE and target.outcome:
        extras.append(target.outcome)
    return " · ".join([label, *extras])


def list_report(dataset: Dataset, targets: list[Target], lang: str = "zh") -> Report:
    records = [target_record(dataset, t) for t in targets]

    def tables() -> tuple[Table, ...]:
        columns = (
            _col("org", lang),
            _col("metric", lang),
            _col("figure", lang, numeric=True),
            _col("period", lang),
            _col("firmness", lang),
            _col("id", lang),
        )
        rows = [
            {
                "org": org_label(dataset.orgs[t.org], lang),
                "metric": _metric_cell(dataset, t, lang),
                "figure": figure(t),
                "period": t.period,
                "firmness": firmness_label(t, lang),
                "id": t.id,
            }
            for t in targets
        ]
        count = f"{len(targets)} targets" if lang == "en" else f"共 {len(targets)} 条"
        legend = "milestone" if lang == "en" else "定性目标"
        count += f"  ({MILESTONE_MARK} {legend})"
        return (Table(columns, rows, notes=(count, *units_note(targets, lang))),)

    return Report(records, records, TARGET_FIELDS, tables)


def show_report(dataset: Dataset, target: Target, lang: str = "zh") -> Report:
    from ..rules.provenance import context, figure_spans

    org = dataset.orgs[target.org]
    source = dataset.sources[target.source]
    where = context(dataset, target)
    document = target_record(dataset, target) | {
        "speaker": org.speaker,
        "speaker_title": org.speaker_title,
        "source_title": source.title,
        "sentence": where.sentence,
        "same_sentence": [t.id for t in where.neighbours],
    }

    def tables() -> tuple[Table, ...]:
        metric = dataset.metrics[target.metric]
        speaker = " ".join(p for p in (org.speaker_title, org.speaker) if p)
        quote_marks = tuple(
            (where.quote_at + a, where.quote_at + b) for a, b in figure_spans(target.quote, target)
        )
        region = dataset.orgs[target.region]
        if lang == "en":
            metric_text = f"{metric.name_en} ({metric.name}; {metric.dimension})"
            org_text, region_text = f"{org.name_en} ({org.id})", region.name_en
        else:
            metric_text = f"{metric.name} ({metric.name_en}; {metric.dimension})"
            org_text, region_text = f"{org.id} ({org.name_en})", region.id
        pairs = [
            ("id", target.id),
            ("figure", figure(target)),
            ("outcome", target.outcome),
            ("metric", metric_text),
            ("org", org_text),
            ("region", region_text),
            ("subject", target.subject),
            ("period", target.period),
            ("wording", target.wording),
            ("firmness", _firmness_text(target)),
            ("speaker", speaker or None),
            ("quote", Marked(target.quote, figure_spans(target.quote, target))),
            ("sentence", Marked(where.sentence, quote_marks)),
            ("source", f"{source.title} [{source.id}]"),
            ("note", target.note),
            ("same_sentence", ", ".join(t.id for t in where.neighbours) or None),
        ]
        columns = (_col("field", lang), _col("value", lang))
        chosen = 1 if lang == "en" else 0
        rows = [{"field": _SHOW_LABELS[k][chosen], "value": v} for k, v in pairs if v]
        notes = units_note([target], lang)
        return (Table(columns, rows, key_value=True, notes=notes),)

    return Report(document, [document], (*TARGET_FIELDS, "speaker", "same_sentence"), tables)


def _firmness_text(target: Target) -> str | None:
    if not target.firmness:
        return None
    return f"{target.firmness} ({firmness_level(target.firmness)})"


# ---- sum -----------------------------------------------------------------


def _part_record(dataset: Dataset, part_target: Target) -> dict[str, Any]:
    return {
        "id": part_target.id,
        "region": part_target.region,
        "region_en": dataset.orgs[part_target.region].name_en,
        "value": part_target.value,
        "value_max": part_target.value_max,
        "unit": part_target.unit,
        "comparator": part_target.comparator,
        "period": part_target.period,
    }


def _share(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _subtotal_record(dataset: Dataset, sub: Subtotal) -> dict[str, Any]:
    return {
        "period": sub.period,
        "unit": sub.unit,
        "total": plain(sub.total) if sub.parts else None,
        "comparator": sub.comparator if sub.parts else None,
        "parts": [_part_record(dataset, p.target) for p in sub.parts],
        "city": [
            _part_record(dataset, c) | {"org": c.org, "share": _share(sub.share_of(c))}
            for c in sub.city
        ],
    }


def _left_record(left: Left) -> dict[str, Any]:
    return {"id": left.target.id, "region": left.target.region, "reason": left.reason}


def sum_document(dataset: Dataset, total: Total) -> dict[str, Any]:
    subtotals = [_subtotal_record(dataset, s) for s in total.subtotals]
    with_parts = [s for s in subtotals if s["parts"]]
    single = with_parts[0] if len(with_parts) == 1 else None
    return {
        "metric": total.metric.name,
        "metric_en": total.metric.name_en,
        "dimension": total.metric.dimension,
        "period": single["period"] if single else None,
        "unit": single["unit"] if single else None,
        "total": single["total"] if single else None,
        "comparator": single["comparator"] if single else None,
        "parts": [part for s in with_parts for part in s["parts"]],
        "subtotals": subtotals,
        "left_out": [_left_record(left) for left in total.left_out],
        "silent": list(total.silent),
    }


def _percent(value: Decimal | None) -> str:
    return "" if value is None else f"{float(value) * 100:.1f}%"


def subtotal_line(dataset: Dataset, sub: Subtotal, lang: str) -> str:
    """One line per period: the total, its bound, and the city's goal beside it."""
    amount = f"{number(sub.total)} {sub.unit}"
    regions = len(sub.parts)
    if lang == "en":
        line = f"Total {sub.period}: {bound(sub.comparator, amount, lang)}"
        line += f" from {regions} county-level units" if sub.parts else " (no county-level figures)"
    else:
        line = f"合计（{sub.period}）：{bound(sub.comparator, amount, lang)}"
        line += f"，{regions} 个县级单位" if sub.parts else "（无县级目标）"
    for city in sub.city:
        org = org_label(dataset.orgs[city.org], lang)
        share = sub.share_of(city)
        if lang == "en":
            line += f"; city target {figure(city)} ({org})"
            if share is not None:
                line += f", county-level pledges cover {_percent(share)} of it"
        else:
            line += f"；全市目标 {figure(city)}（{org}）"
            if share is not None:
                line += f"，县级合计为其 {_percent(share)}"
    return line


def _left_lines(dataset: Dataset, left_out: tuple[Left, ...], lang: str) -> tuple[str, ...]:
    head = "Left out:" if lang == "en" else "未计入："
    lines = [
        f"  {left.target.id} ({org_label(dataset.orgs[left.target.region], lang)}): "
        + left_reason(dataset, left, lang)
        for left in left_out
    ]
    return (head, *lines) if lines else ()


def _silent_line(dataset: Dataset, silent: tuple[str, ...], lang: str) -> tuple[str, ...]:
    if not silent:
        return ()
    names = ", ".join(org_label(dataset.orgs[s], lang) for s in silent)
    return (f"Stated nothing: {names}",) if lang == "en" else (f"未表态：{names}",)


def sum_report(dataset: Dataset, total: Total, lang: str = "zh") -> Report:
    document = sum_document(dataset, total)
    records = [
        part | {"metric": total.metric.name, "role": "part"}
        for sub in document["subtotals"]
        for part in sub["parts"]
    ] + [
        city | {"metric": total.metric.name, "role": "city"}
        for sub in document["subtotals"]
        for city in sub["city"]
    ]
    fields = (
        "metric",
        "role",
        "id",
        "region",
        "region_en",
        "value",
        "value_max",
        "unit",
        "comparator",
        "period",
    )

    def tables() -> tuple[Table, ...]:
        columns = (
            _col("region", lang),
            _col("figure", lang, numeric=True),
            _col("period", lang),
            _col("id", lang),
        )
        rows = [
            {
                "region": org_label(dataset.orgs[p.target.region], lang),
                "figure": figure(p.target),
                "period": p.target.period,
                "id": p.target.id,
            }
            for sub in total.subtotals
            for p in sub.parts
        ]
        shown = [t for s in total.subtotals for t in (*(p.target for p in s.parts), *s.city)]
        notes = (
            *(subtotal_line(dataset, s, lang) for s in total.subtotals),
            *_left_lines(dataset, total.left_out, lang),
            *_silent_line(dataset, total.silent, lang),
            *units_note(shown, lang),
        )
        return (Table(columns, rows, title=metric_label(total.metric, lang), notes=notes),)

    return Report(document, records, fields, tables)


# ---- compare -------------------------------------------------------------

NOT_STATED = "—"


def compare_report(dataset: Dataset, grid: Grid, lang: str = "zh") -> Report:
    document = {
        "regions": list(grid.regions),
        "metrics": [
            {
                "metric": name,
                "metric_en": dataset.metrics[name].name_en,
                "by_region": {
                    region: [target_record(dataset, t) for t in grid.cell(name, region)] or None
                    for region in grid.regions
                },
            }
            for name in grid.metrics
        ],
    }
    records = [
        {"metric": name}
        | {region: "; ".join(figure(t) for t in grid.cell(name, region)) for region in grid.regions}
        for name in grid.metrics
    ]

    def tables() -> tuple[Table, ...]:
        columns = (
            _col("metric", lang),
            *(
                Column(region, org_label(dataset.orgs[region], lang), numeric=True)
                for region in grid.regions
            ),
        )
        rows = [
            {"metric": metric_label(dataset.metrics[name], lang)}
            | {
                region: "\n".join(_cell_text(t) for t in grid.cell(name, region)) or NOT_STATED
                for region in grid.regions
            }
            for name in grid.metrics
        ]
        legend = "— not stated" if lang == "en" else "— 未表态"
        shown = [t for name in grid.metrics for r in grid.regions for t in grid.cell(name, r)]
        return (Table(columns, rows, notes=(legend, *units_note(shown, lang))),)

    return Report(document, records, ("metric", *grid.regions), tables)


def _cell_text(target: Target) -> str:
    text = figure(target)
    if target.period != "2024":
        text += f" ({target.period})"
    if target.subject:
        text += f" [{target.subject}]"
    return text


def ranking_report(dataset: Dataset, ranking: Ranking, lang: str = "zh") -> Report:
    records = [
        target_record(dataset, row.target) | {"rank": n} for n, row in enumerate(ranking.rows, 1)
    ]
    document = {
        "metric": ranking.metric,
        "metric_en": dataset.metrics[ranking.metric].name_en,
        "ranking": records,
        "left_out": [_left_record(left) for left in ranking.left_out],
    }

    def tables() -> tuple[Table, ...]:
        columns = (
            Column("rank", "#", numeric=True),
            _col("region", lang),
            _col("figure", lang, numeric=True),
            _col("bar", lang, table_only=True),
            _col("period", lang),
            _col("firmness", lang),
        )
        rows = [
            {
                "rank": n,
                "region": org_label(dataset.orgs[row.target.region], lang),
                "figure": figure(row.target),
                "bar": Bar(row.share_of_top),
                "period": row.target.period,
                "firmness": firmness_label(row.target, lang),
            }
            for n, row in enumerate(ranking.rows, 1)
        ]
        notes = (
            *_left_lines(dataset, ranking.left_out, lang),
            *units_note([row.target for row in ranking.rows], lang),
        )
        title = metric_label(dataset.metrics[ranking.metric], lang)
        return (Table(columns, rows, title=title, notes=notes),)

    return Report(document, records, ("rank", *TARGET_FIELDS), tables)


# ---- coverage ------------------------------------------------------------


def coverage_report(dataset: Dataset, found: list[Coverage], lang: str = "zh") -> Report:
    metrics = []
    records = []
    for item in found:
        entry: dict[str, Any] = {
            "metric": item.metric.name,
            "metric_en": item.metric.name_en,
            "dimension": item.metric.dimension,
            "silent": list(item.silent),
        }
        if item.total is not None:
            entry["subtotals"] = [_subtotal_record(dataset, s) for s in item.subtotals_with_city]
            entry["left_out"] = [_left_record(left) for left in item.total.left_out]
            for sub in entry["subtotals"]:
                for city in sub["city"]:
                    records.append(
                        {
                            "metric": item.metric.name,
                            "period": sub["period"],
                            "city_id": city["id"],
                            "city_value": city["value"],
                            "city_unit": city["unit"],
                            "city_comparator": city["comparator"],
                            "county_total": sub["total"],
                            "county_unit": sub["unit"],
                            "county_comparator": sub["comparator"],
                            "share": city["share"],
                            "silent": ";".join(item.silent),
                        }
                    )
        else:
            entry["gaps"] = [
                {
                    "id": gap.target.id,
                    "region": gap.target.region,
                    "value": gap.target.value,
                    "unit": gap.target.unit,
                    "city_id": gap.city.id,
                    "city_value": gap.city.value,
                    "points": None if gap.points is None else plain(gap.points),
                }
                for gap in item.gaps
            ]
            for gap in entry["gaps"]:
                records.append(
                    {
                        "metric": item.metric.name,
                        "period": next(g.target.period for g in item.gaps),
                        "city_id": gap["city_id"],
                        "city_value": gap["city_value"],
                        "city_unit": gap["unit"],
                        "region": gap["region"],
                        "value": gap["value"],
                        "points": gap["points"],
                        "silent": ";".join(item.silent),
                    }
                )
        metrics.append(entry)
    fields = tuple(dict.fromkeys(k for r in records for k in r))

    def tables() -> tuple[Table, ...]:
        columns = (
            _col("metric", lang),
            _col("city", lang, numeric=True),
            _col("county_total", lang, numeric=True),
            _col("share", lang, numeric=True),
            _col("silent", lang),
        )
        rows = []
        shown: list[Target] = []
        for item in found:
            shown += [t for s in item.subtotals_with_city for t in s.city]
            shown += [t for s in item.subtotals_with_city for t in (p.target for p in s.parts)]
            shown += [t for g in item.gaps for t in (g.city, g.target)]
            silent = ", ".join(org_label(dataset.orgs[s], lang) for s in item.silent)
            label = metric_label(item.metric, lang)
            if item.total is not None:
                for sub in item.subtotals_with_city:
                    amount = bound(sub.comparator, f"{number(sub.total)} {sub.unit}", lang)
                    for city in sub.city:
                        rows.append(
                            {
                                "metric": f"{label} ({sub.period})",
                                "city": figure(city),
                                "county_total": amount if sub.parts else NOT_STATED,
                                "share": _share_text(sub.share_of(city), lang),
                                "silent": silent,
                            }
                        )
            else:
                for gap in item.gaps:
                    region = org_label(dataset.orgs[gap.target.region], lang)
                    points = _signed(gap.points)
                    rows.append(
                        {
                            "metric": label,
                            "city": figure(gap.city),
                            "county_total": f"{region} {figure(gap.target)}",
                            "share": f"{points} pt" if points else "",
                            "silent": silent,
                        }
                    )
        return (Table(columns, rows, notes=units_note(shown, lang)),)

    return Report({"coverage": metrics}, records, fields, tables)


def _signed(points: Decimal | None) -> str:
    if points is None:
        return ""
    return ("+" if points >= 0 else "") + number(points)


def _share_text(share: Decimal | None, lang: str) -> str:
    if share is None:
        return ""
    if share > 1:
        return f"×{float(share):.2f}" + (" (amplifies)" if lang == "en" else "（放大）")
    return _percent(share)


# ---- catalogues ----------------------------------------------------------


_YES_NO = {"zh": ("否", "是"), "en": ("no", "yes")}


def metrics_report(dataset: Dataset, lang: str = "zh") -> Report:
    counts: dict[str, int] = {}
    for target in dataset.targets:
        counts[target.metric] = counts.get(target.metric, 0) + 1
    records = [
        {
            "metric": m.name,
            "metric_en": m.name_en,
            "aliases": list(m.aliases),
            "dimension": m.dimension,
            "additive": m.additive,
            "category": m.category,
            "targets": counts.get(m.name, 0),
        }
        for m in dataset.metrics.values()
    ]

    def tables() -> tuple[Table, ...]:
        columns = (
            _col("metric", lang),
            _col("aliases", lang),
            _col("dimension", lang),
            _col("category", lang),
            _col("additive", lang),
            _col("targets", lang, numeric=True),
        )
        rows = [
            {
                "metric": metric_label(m, lang),
                "aliases": ", ".join(m.aliases),
                "dimension": m.dimension,
                "category": m.category,
                "additive": _YES_NO[lang][m.additive],
                "targets": counts.get(m.name, 0),
            }
            for m in dataset.metrics.values()
        ]
        return (Table(columns, rows),)

    flat = [r | {"aliases": ";".join(r["aliases"])} for r in records]
    return Report(records, flat, tuple(records[0]) if records else (), tables)


def regions_report(dataset: Dataset, lang: str = "zh") -> Report:
    counts: dict[str, int] = {}
    in_region: dict[str, int] = {}
    for target in dataset.targets:
        counts[target.org] = counts.get(target.org, 0) + 1
        in_region[target.region] = in_region.get(target.region, 0) + 1
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
            _col("org", lang),
            _col("kind", lang),
            _col("parent", lang),
            _col("aliases", lang),
            _col("speaker", lang),
            _col("targets", lang, numeric=True),
            _col("region_targets", lang, numeric=True),
        )
        rows = [
            {
                "org": o.id if lang == "zh" else o.name_en,
                "kind": o.kind,
                "parent": _parent_label(dataset, o, lang),
                "aliases": ", ".join(n for n in (o.short, o.pinyin, *o.aliases) if n),
                "speaker": o.speaker or "",
                "targets": counts.get(o.id, 0),
                "region_targets": in_region.get(o.id, 0) if o.is_region else "",
            }
            for o in dataset.orgs.values()
        ]
        return (Table(columns, rows),)

    flat = [r | {"aliases": ";".join(r["aliases"])} for r in records]
    return Report(records, flat, tuple(records[0]) if records else (), tables)


def _parent_label(dataset: Dataset, org: Org, lang: str) -> str:
    if org.parent is None:
        return ""
    parent = dataset.orgs.get(org.parent)
    return parent.name_en if lang == "en" and parent else org.parent


# ---- check ---------------------------------------------------------------


def check_report(problems: list[Problem], lang: str = "zh") -> Report:
    records = [
        {
            "file": str(p.file),
            "line": p.line,
            "column": p.column,
            "id": p.record,
            "problem": p.message,
        }
        for p in problems
    ]

    def tables() -> tuple[Table, ...]:
        columns = (
            _col("file", lang),
            _col("line", lang, numeric=True),
            _col("id", lang),
            _col("problem", lang),
        )
        rows = [
            {"file": str(p.file), "line": p.line or "", "id": p.record or "", "problem": p.message}
            for p in problems
        ]
        return (Table(columns, rows),)

    return Report(records, records, ("file", "line", "column", "id", "problem"), tables)
