"""The `cascade` answer: one metric down the tree of levels, each level's figure with its
comparator and firmness, the amplification against the goal above (points for rates; the
children's total with its bound and share for amounts), the outcome and margin, and the
other statements of each figure; in JSON, in flat rows with a `role`, and as a tree."""

from __future__ import annotations

from ..rules.cascade import AMPLIFICATION_COLUMNS, amplifications
from ..rules.units import UNITS, from_base, plain
from ..rules.wording import COMPARATOR_SYMBOL, firmness_level
from .labels import (
    command,
    figure,
    firmness_label,
    in_english,
    left_record,
    metric_label,
    number,
    option_of,
    options_text,
    org_label,
    region_label,
    share_value,
    total_text,
    units_note,
    why_text,
)
from .progress import OUTCOME_FIELDS, citation, fields_of, margin_text, outcome_figure
from .progress import status_text as status_words
from .report import Column, Report, Table
from .targets import citation_of

TYPE_CHECKING = False  # the JSON answers load only what they use
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import Any

    from ..data.query import Filters
    from ..rules.cascade import Cascade, Children, Figure, Level
    from ..rules.model import Dataset, NotFound, Target

# Flat rows: `goal` (a level's own figure), `pledge` (a department's figure beside its
# region's goal), `no_figure` (a level that set none), `total` (amounts: a level's
# children's total against the nearest goal at or above it), `left_out`.
ROLES = ("goal", "pledge", "no_figure", "total", "left_out")
CASCADE_FIELDS = (
    "metric",
    "role",
    "period",
    "depth",
    "region",
    "region_en",
    "parent",
    "id",
    "org",
    "org_en",
    "value",
    "value_max",
    "unit",
    "comparator",
    "firmness",
    "firmness_level",
    "against",
    "against_region",
    "against_value",
    "against_unit",
    "against_comparator",
    "skipped",
    "points",
    "points_comparator",
    "total",
    "total_max",
    "total_comparator",
    "parts",
    "share",
    "restatements",
    "revised",
    "why",
    "reason",
    *OUTCOME_FIELDS,
    "not_found",  # no_figure: the data's note that a figure was searched for, not found
    "outcome_not_found",  # goal, pledge: likewise for the outcome
    "source",
    "source_url",
)

_WORDS = {
    "region": ("层级", "level"),
    "figure": ("目标", "target"),
    "firmness": ("力度", "firmness"),
    "against": ("对比", "against"),
    "amplified": ("加码", "amplification"),
    "children": ("下级合计", "children's total"),
    "share": ("占比", "share"),
    "result": ("结果", "result"),
    "statements": ("其他表述", "other statements"),
    "id": ("编号", "id"),
    "no_figure": ("未定目标", "no figure"),
    "pledge": ("部门承诺", "pledge"),
    "points": ("个百分点", "pt"),
    "mixed": ("（上下限混合）", " (mixed bounds)"),
    "restated": ("重复表述", "restated as"),
    "revised": ("修订前", "revised from"),
    "not_found": ("已检索未找到", "not found (searched)"),
    "outcome_not_found": ("已检索未找到", "not found (searched)"),
    "searched": ("已检索而未找到：", "Searched for and not found:"),
}


def _word(key: str, lang: str) -> str:
    return _WORDS[key][lang == "en"]


def _url(dataset: Dataset, source: str) -> str | None:
    found = dataset.sources.get(source)
    return found.url if found is not None else None


def _figure_record(dataset: Dataset, item: Figure) -> dict[str, Any]:
    target, versus = item.target, item.versus
    org = dataset.orgs[target.org]
    missing = item.outcome_not_found
    above = versus.above if versus is not None else None
    return {
        "id": target.id,
        "org": org.id,
        "org_en": org.name_en,
        "pledge": item.pledge,
        "value": target.value,
        "value_max": target.value_max,
        "unit": target.unit,
        "comparator": target.comparator,
        "firmness": target.firmness,
        "firmness_level": firmness_level(target.firmness),
        "source": target.source,
        "quote": target.quote,
        "against": above.id if above else None,
        "against_region": above.region if above else None,
        "against_value": above.value if above else None,
        "against_unit": above.unit if above else None,
        "against_comparator": above.comparator if above else None,
        "skipped": list(versus.skipped) if versus else [],
        "points": None if versus is None or versus.points is None else plain(versus.points),
        "points_comparator": versus.comparator if versus else None,
        "restatements": [t.id for t in item.restatements],
        "revised": [
            {
                "id": t.id,
                "value": t.value,
                "unit": t.unit,
                "comparator": t.comparator,
                "source": t.source,
                "source_url": _url(dataset, t.source),
            }
            for t in item.revised
        ],
        "statements": [
            {
                "id": t.id,
                "source": t.source,
                "source_url": _url(dataset, t.source),
                "value": t.value,
                "comparator": t.comparator,
                "unit": t.unit,
                "figure": n,
            }
            for n, stated in enumerate(item.statements)
            for t in stated
        ],
        **fields_of(item.assessment),
        "outcome_not_found": missing.note if missing is not None else None,
        "source_url": _url(dataset, target.source),
    }


def _children_record(children: Children) -> dict[str, Any]:
    sub, above = children.subtotal, children.above
    high = sub.total_max if sub.comparator not in (">", ">=") else None
    return {
        "unit": sub.unit,
        "total": plain(sub.total),
        "total_max": None if high is None else plain(high),
        "comparator": sub.comparator,
        "parts": [p.target.id for p in sub.parts],
        "against": above.id if above else None,
        "against_region": above.region if above else None,
        "skipped": list(children.skipped),
        "share": share_value(children.share),
    }


def _level_record(dataset: Dataset, level: Level) -> dict[str, Any]:
    from ..rules.levels import parent_region_of

    return {
        "region": level.region,
        "region_en": dataset.orgs[level.region].name_en,
        "kind": dataset.orgs[level.region].kind,
        "depth": level.depth,
        "parent": parent_region_of(dataset, level.region),
        # no goal of its own (a department's pledge, if any, is not one)
        "no_figure": not level.goals,
        "figures": [_figure_record(dataset, f) for f in level.figures],
        "children": [_children_record(c) for c in level.children],
        "not_found": level.not_found.note if level.not_found is not None else None,
    }


def cascade_document(dataset: Dataset, answer: Cascade, regions: tuple[str, ...]) -> dict[str, Any]:
    metric = answer.metric
    return {
        "metric": metric.name,
        "metric_en": metric.name_en,
        "dimension": metric.dimension,
        "additive": bool(metric.additive),
        "regions": list(regions),
        "trees": [
            {"period": tree.period, "levels": [_level_record(dataset, lv) for lv in tree.levels]}
            for tree in answer.trees
        ],
        "amplification": amplifications(answer),
        "left_out": [
            left_record(dataset, left.target, left.why, left.other) for left in answer.left_out
        ],
    }


def cascade_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The flat rows, from the JSON answer (so the two never differ)."""
    metric = document["metric"]
    rows: list[dict[str, Any]] = []
    for tree in document["trees"]:
        for level in tree["levels"]:
            where = {
                "metric": metric,
                "period": tree["period"],
                "depth": level["depth"],
                "region": level["region"],
                "region_en": level["region_en"],
                "parent": level["parent"],
            }
            if level["no_figure"]:
                rows.append(where | {"role": "no_figure", "not_found": level["not_found"]})
            for item in level["figures"]:
                record = {k: v for k, v in item.items() if k not in ("pledge", "statements")}
                record["restatements"] = ";".join(item["restatements"])
                record["revised"] = ";".join(r["id"] for r in item["revised"])
                record["skipped"] = ";".join(item["skipped"])
                rows.append(where | {"role": "pledge" if item["pledge"] else "goal"} | record)
            for child in level["children"]:
                rows.append(
                    where
                    | {
                        "role": "total",
                        "unit": child["unit"],
                        "total": child["total"],
                        "total_max": child["total_max"],
                        "total_comparator": child["comparator"],
                        "parts": ";".join(child["parts"]),
                        "against": child["against"],
                        "against_region": child["against_region"],
                        "skipped": ";".join(child["skipped"]),
                        "share": child["share"],
                    }
                )
    for left in document["left_out"]:
        record = {k: v for k, v in left.items() if k != "other"}
        rows.append({"metric": metric, "role": "left_out", **record})
    return rows


# ---- the table --------------------------------------------------------------------


def points_text(points: Decimal | None, comparator: str | None, unit: str | None, lang: str) -> str:
    """'≈+0.5 个百分点', '≥+1 pt', '+0.5 个百分点'; other units in the figure's unit."""
    if points is None or unit is None:
        return ""
    if unit == "%":
        amount, word = points, _word("points", lang)
    else:
        amount, word = from_base(points, unit) if unit in UNITS else points, unit
    sign = "+" if amount >= 0 else "-"
    text = f"{sign}{number(abs(amount))} {word}"
    if comparator is None:
        return text + _word("mixed", lang)
    symbol = "" if comparator == "=" else COMPARATOR_SYMBOL[comparator]
    return symbol + text


def _result(item: Figure, lang: str) -> str:
    found = item.assessment
    if found.outcome is None:
        return _word("outcome_not_found", lang) if item.outcome_not_found else ""
    words = [outcome_figure(found.outcome, lang), status_words(found, lang)]
    margin = margin_text(found, lang)
    return " · ".join([*words, margin] if margin else words)


def _against(dataset: Dataset, above: Target, lang: str) -> str:
    """'东江 ≈5.5 %': the goal a figure is set beside."""
    return f"{region_label(dataset, above.region, lang)} {figure(above, lang)}"


def _amplified(dataset: Dataset, item: Figure, lang: str) -> str:
    """'≈+0.5 个百分点' against the parent's goal; a star when a level between set none."""
    versus = item.versus
    if versus is None:
        return ""
    points = points_text(versus.points, versus.comparator, item.target.unit, lang)
    # the goal above is the parent's row in the tree; a goal further up (a level between
    # set none) is named in the note the star points to
    return f"{points}*" if versus.skipped else points


def skipped_line(dataset: Dataset, regions: tuple[str, ...], above: Target, lang: str) -> str:
    """Why a figure is set beside a goal further up: the levels between set none."""
    names = ", ".join(region_label(dataset, r, lang) for r in regions)
    goal = region_label(dataset, above.region, lang)
    if lang == "en":
        return f"{names}: no figure; set beside {goal}'s ({figure(above, lang)}) instead"
    return f"{names}未定目标，改与{goal}的目标（{figure(above, lang)}）对比"


def _source_line(dataset: Dataset, source_id: str, lang: str) -> str:
    """Where a figure was stated: the source's citation and URL; a bundled text says so."""
    source = dataset.sources[source_id]
    text = citation_of(source)
    if source.url:
        text += f", {source.url}"
    if source.file is not None:
        text += ", text bundled" if lang == "en" else "，原文随数据附带"
    return in_english(text, lang)


def _searched_line(dataset: Dataset, org: str, entry: NotFound, lang: str) -> str:
    """'  江门 (目标): the note': what the data says was searched for and not found."""
    what = (
        entry.what
        if lang == "en"
        else {"target": "目标", "outcome": "结果"}.get(entry.what, entry.what)
    )
    return f"  {region_label(dataset, org, lang)} ({what}): {in_english(entry.note, lang)}"


def _statements(item: Figure, lang: str) -> str:
    parts = []
    if item.restatements:
        ids = ", ".join(t.id for t in item.restatements)
        parts.append(f"{_word('restated', lang)} {ids}")
    for old in item.revised:
        parts.append(f"{_word('revised', lang)} {figure(old, lang)} [{old.id}]")
    return "; ".join(parts)


def _children_cells(dataset: Dataset, children: Children, lang: str) -> tuple[str, str]:
    sub = children.subtotal
    amount = total_text(sub.comparator, sub.total, sub.total_max, sub.unit, lang)
    if children.above is None:
        return amount, ""
    share = f"{float(children.share) * 100:.1f}%" if children.share is not None else ""
    if children.above.region != children.subtotal.city_region:
        word = "vs" if lang == "en" else "对"
        share += f" · {word} {_against(dataset, children.above, lang)}*"
    return amount, share


def cascade_tables(dataset: Dataset, answer: Cascade, lang: str) -> tuple[Table, ...]:
    keys: tuple[str, ...] = ("region", "figure", "firmness", "amplified")
    if answer.metric.additive:
        keys = ("region", "figure", "firmness", "children", "share")
    columns = tuple(
        Column(key, _word(key, lang), numeric=key in ("figure", "amplified", "children", "share"))
        for key in (*keys, "result", "id")
    )
    tables = []
    shown: list[Target] = []
    sources: dict[str, list[str]] = {}  # source id -> the ids of the figures it gives
    cited: dict[str, str] = {}
    stated: list[str] = []
    skipped: dict[str, None] = {}  # (in order, once each)
    searched: dict[str, None] = {}  # the notes of what was searched for, not found
    for n, tree in enumerate(answer.trees):
        rows: list[dict[str, Any]] = []

        def cells(children: Children) -> tuple[str, str]:
            region = children.subtotal.city_region
            if children.above is not None and children.above.region != region:
                line = skipped_line(dataset, children.skipped, children.above, lang)
                skipped.setdefault(line)
            return _children_cells(dataset, children, lang)

        for level in tree.levels:
            indent = "\xa0\xa0" * level.depth
            name = indent + region_label(dataset, level.region, lang)
            children = list(level.children)
            if not level.goals:  # a department's pledge is never the region's goal
                missing = "not_found" if level.not_found else "no_figure"
                row: dict[str, Any] = {"region": name, "figure": _word(missing, lang)}
                if level.not_found:
                    searched.setdefault(
                        _searched_line(dataset, level.region, level.not_found, lang)
                    )
                if children:
                    row["children"], row["share"] = cells(children.pop(0))
                rows.append(row)
            for item in level.figures:
                t = item.target
                shown.append(t)
                sources.setdefault(t.source, []).append(t.id)
                label = name
                if item.pledge:  # beside its region's row, never as the region's goal
                    org = org_label(dataset.orgs[t.org], lang)
                    label = f"{indent}\xa0\xa0{_word('pledge', lang)}: {org}"
                versus = item.versus
                row = {
                    "region": label,
                    "figure": figure(t, lang),
                    "firmness": firmness_label(t, lang),
                    "amplified": _amplified(dataset, item, lang),
                    "result": _result(item, lang),
                    "id": t.id,
                }
                if children and not item.pledge:
                    row["children"], row["share"] = cells(children.pop(0))
                if versus is not None and versus.skipped:
                    skipped.setdefault(skipped_line(dataset, versus.skipped, versus.above, lang))
                said = _statements(item, lang)
                if said:
                    stated.append(f"  {t.id}: {said}")
                outcome = item.assessment.outcome
                if outcome is None and item.outcome_not_found is not None:
                    searched.setdefault(
                        _searched_line(dataset, t.org, item.outcome_not_found, lang)
                    )
                if outcome is not None:
                    cited[outcome.id] = in_english(f"{citation(outcome)}, {outcome.url}", lang)
                rows.append(row)
            for rest in children:
                total, share = cells(rest)
                rows.append({"region": name, "children": total, "share": share})
        for row in rows:
            for key in columns:
                row.setdefault(key.key, "")
        notes: list[str] = []
        if n == len(answer.trees) - 1:
            notes += [f"* {line}" for line in skipped]
            if stated:
                notes.append(_word("statements", lang) + ("：" if lang != "en" else ":"))
                notes += stated
            if searched:
                notes.append(_word("searched", lang))
                notes += list(searched)
            if sources:
                notes.append("Sources of the figures:" if lang == "en" else "目标来源：")
                notes += [
                    f"  {', '.join(ids)}: {_source_line(dataset, source, lang)}"
                    for source, ids in sources.items()
                ]
            if cited:
                notes.append("Sources of the results:" if lang == "en" else "结果来源：")
                notes += [f"  {oid}: {text}" for oid, text in cited.items()]
            if answer.left_out:
                notes.append("Left out:" if lang == "en" else "未计入：")
                notes += [
                    f"  {left.target.id} ({region_label(dataset, left.target.region, lang)}): "
                    + why_text(dataset, left.target, left.why, left.other, lang)
                    for left in answer.left_out
                ]
            notes += units_note(shown, lang)
        title = f"{metric_label(answer.metric, lang)} ({tree.period})"
        tables.append(Table(columns, rows, title=title, notes=tuple(notes)))
    return tuple(tables)


def cascade_report(
    dataset: Dataset,
    answer: Cascade,
    regions: tuple[str, ...],
    lang: str = "zh",
    empty_note: str | None = None,
) -> Report:
    document = cascade_document(dataset, answer, regions)
    records = cascade_rows(document)
    return Report(
        document,
        records,
        CASCADE_FIELDS,
        lambda: cascade_tables(dataset, answer, lang),
        empty_note,
    )


# ---- what `cascade` says when it shows nothing ---------------------------------------

_WHY = {
    "milestone": "milestones",
    "narrower": "for a narrower area",
    "no_year": "with no year stated",
    "other_level": "for another level",
}


def cascade_empty_note(
    dataset: Dataset, answer: Cascade, filters: Filters, any_chosen: bool
) -> str | None:
    """Why no level has a figure, and what to run instead; None when one has."""
    if answer.trees:
        return None
    name = answer.metric.name
    again = command("cascade", "--metric", name)
    if answer.left_out:
        kinds = ", ".join(sorted({_WHY.get(left.why, left.why) for left in answer.left_out}))
        shown = command("list", "--metric", name)
        return (
            f"no level has a dated figure for a whole region of {name} (only {kinds}); try: {shown}"
        )
    asked = options_text(filters, skip=("metrics",))
    if not asked:
        return f"no target states {name}; try: targets metrics"
    if filters.regions and any_chosen:
        regions = " ".join(f"{option_of('regions')} {r}" for r in filters.regions)
        return f"no level in or under {regions} has a figure for {name}; try: {again}"
    return f"no target of {name} matches {' '.join(asked)}; try: {again}"


AMPLIFICATION_FIELDS = AMPLIFICATION_COLUMNS
