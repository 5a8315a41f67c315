"""The `compare` answers: a grid of what regions stated (milestones as ✓ for who pledged
what), or one metric's county-level units ranked, with the city's figures and narrower
areas' set beside the ranking, never in it."""

from __future__ import annotations

from collections import Counter

from ..rules.model import CITY, Dataset, Target
from .labels import (
    NOT_STATED,
    PLEDGED_MARK,
    column,
    command,
    figure,
    firmness_label,
    left_record,
    metric_label,
    option_of,
    options_text,
    org_label,
    period_label,
    region_label,
    units_note,
    why_text,
)
from .report import Bar, Column, Report, Table
from .targets import ANSWER_FIELDS, answer_record, fields_of

TYPE_CHECKING = False  # the JSON answers load only what they use
if TYPE_CHECKING:
    from typing import Any

    from ..data.query import Filters
    from ..rules.comparison import Grid, Ranking, Row
    from ..rules.related import Related

# Roles of the flat rows. A grid: stated (a figure), pledged (a milestone), not_stated (an
# empty cell). A ranking: ranked, city (the city-wide figure), area (a narrower area's),
# pledged, left_out, related (a unit not ranked that stated a related metric).
GRID_FIELDS = ("role", "pledge", *ANSWER_FIELDS)
RANKING_FIELDS = (
    "role",
    "rank",
    "rank_note",
    "city_region",
    "pledge",
    *ANSWER_FIELDS,
    "why",
    "reason",
    "other",
)


def _usual_period(targets: list[Target]) -> str | None:
    """The period most figures shown are for: cells for another one say theirs."""
    counts = Counter(t.period for t in targets if t.period is not None)
    return counts.most_common(1)[0][0] if counts else None


def _cell_text(target: Target, usual: str | None, lang: str) -> str:
    text = (
        PLEDGED_MARK if target.kind == "milestone" or target.value is None else figure(target, lang)
    )
    if target.period != usual:
        text += f" ({period_label(target.period, lang)})"
    if target.subject:
        text += f" [{target.subject}]"
    return text


def _row_label(dataset: Dataset, row: Row, lang: str, one_metric: bool) -> str:
    """The metric, and a milestone's pledge (only the pledge when the table is of one metric)."""
    if row.pledge is not None and one_metric:
        return row.pledge
    label = metric_label(dataset.metrics[row.metric], lang)
    return f"{label} · {row.pledge}" if row.pledge is not None else label


def _legend(usual: str | None, pledges: bool, lang: str, silent: bool = True) -> str:
    parts = [("— not stated" if lang == "en" else "— 未表态")] if silent else []
    if pledges:
        parts.append(f"{PLEDGED_MARK} pledged" if lang == "en" else f"{PLEDGED_MARK} 已承诺")
    if usual is not None:
        if lang == "en":
            parts.append(f"figures for {usual} unless a period is shown")
        else:
            parts.append(f"未注明括号内年份的为 {usual} 年目标")
    return ("; " if lang == "en" else "；").join(parts)


def grid_document(dataset: Dataset, grid: Grid) -> dict[str, Any]:
    return {
        "regions": list(grid.regions),
        "metrics": [
            {
                "metric": row.metric,
                "metric_en": dataset.metrics[row.metric].name_en,
                "pledge": row.pledge,
                "by_region": {
                    region: [answer_record(dataset, t) for t in grid.cell(row, region)] or None
                    for region in grid.regions
                },
            }
            for row in grid.rows
        ],
        # statements shown once (each under the one counted): restatements, revised figures
        "left_out": [left_record(dataset, x.target, x.why, x.other) for x in grid.left_out],
    }


def grid_rows(dataset: Dataset, document: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per target of each cell, and one per cell left empty."""
    rows: list[dict[str, Any]] = []
    for entry in document["metrics"]:
        role = "stated" if entry["pledge"] is None else "pledged"
        for region, cell in entry["by_region"].items():
            if not cell:
                rows.append(
                    {
                        "role": "not_stated",
                        "pledge": entry["pledge"],
                        "metric": entry["metric"],
                        "metric_en": entry["metric_en"],
                        "region": region,
                        "region_en": dataset.orgs[region].name_en,
                    }
                )
            rows += [{"role": role, "pledge": entry["pledge"]} | record for record in cell or ()]
    rows += [{"role": "left_out"} | left for left in document["left_out"]]
    return rows


def grid_table(
    dataset: Dataset, grid: Grid, lang: str, title: str | None = None, one_metric: bool = False
) -> Table:
    shown = [t for row in grid.rows for r in grid.regions for t in grid.cell(row, r)]
    usual = _usual_period(shown)
    first = "pledge" if grid.rows and all(r.pledge is not None for r in grid.rows) else "metric"
    columns = (
        column(first, lang),
        *(
            Column(region, org_label(dataset.orgs[region], lang), numeric=True)
            for region in grid.regions
        ),
    )
    rows = [
        {first: _row_label(dataset, row, lang, one_metric)}
        | {
            region: "\n".join(_cell_text(t, usual, lang) for t in grid.cell(row, region))
            or NOT_STATED
            for region in grid.regions
        }
        for row in grid.rows
    ]
    pledges = any(row.pledge is not None for row in grid.rows)
    # the usual period is said only when some cell says another one
    others = any(t.period != usual for t in shown)
    silent = any(row[region] == NOT_STATED for row in rows for region in grid.regions)
    legend = _legend(usual if others else None, pledges, lang, silent)
    notes = (
        *((legend,) if legend else ()),
        *units_note(shown, lang),
        *_left_notes(dataset, grid, lang),
    )
    return Table(columns, rows, title=title, notes=notes)


def _left_notes(dataset: Dataset, grid: Grid, lang: str) -> tuple[str, ...]:
    """The statements shown once: where else a target shown was said, or its old figure."""
    if not grid.left_out:
        return ()
    head = "Shown once:" if lang == "en" else "只列一次："
    return (
        head,
        *(
            f"  {x.target.id} ({org_label(dataset.orgs[x.target.region], lang)}): "
            + why_text(dataset, x.target, x.why, x.other, lang)
            for x in grid.left_out
        ),
    )


def compare_report(
    dataset: Dataset, grid: Grid, lang: str = "zh", empty_note: str | None = None
) -> Report:
    document = grid_document(dataset, grid)
    records = grid_rows(dataset, document)

    def tables() -> tuple[Table, ...]:
        return (grid_table(dataset, grid, lang),)

    return Report(document, records, fields_of(records, GRID_FIELDS), tables, empty_note)


# ---- one metric ranked -----------------------------------------------------------------


def ranking_document(dataset: Dataset, ranking: Ranking) -> dict[str, Any]:
    metric = dataset.metrics[ranking.metric]
    from ..rules.levels import branch_of

    def beside(target: Target) -> dict[str, Any]:
        return answer_record(dataset, target) | {"city_region": branch_of(dataset, target.region)}

    note = rank_note(ranking, "en", dataset)
    return {
        "metric": metric.name,
        "metric_en": metric.name_en,
        "dimension": metric.dimension,
        # (the same words as the table's, in English like every reason the JSON gives)
        "rank_note": note,
        "ranking": [
            answer_record(dataset, row.target)
            | {"rank": row.rank, "rank_note": note, "city_region": row.city_region}
            for row in ranking.rows
        ],
        "city": [beside(t) for t in ranking.city],
        "areas": [beside(t) for t in ranking.areas],
        "pledges": grid_document(dataset, ranking.pledges),
        "left_out": [
            left_record(dataset, left.target, left.why, left.other) for left in ranking.left_out
        ],
    }


def ranking_rows(dataset: Dataset, document: dict[str, Any]) -> list[dict[str, Any]]:
    from ..rules.levels import branch_of

    rows: list[dict[str, Any]] = [{"role": "ranked"} | r for r in document["ranking"]]
    rows += [{"role": "city"} | r for r in document["city"]]
    rows += [{"role": "area"} | r for r in document["areas"]]
    for entry in document["pledges"]["metrics"]:
        for region, cell in entry["by_region"].items():
            for record in cell or ():
                where = {"city_region": branch_of(dataset, region), "pledge": entry["pledge"]}
                rows.append({"role": "pledged"} | where | record)
    for left in document["left_out"]:
        rows.append({"role": "left_out", "city_region": branch_of(dataset, left["region"])} | left)
    return rows


def _beside_line(dataset: Dataset, target: Target, lang: str) -> str:
    where = org_label(dataset.orgs[target.region], lang)
    if target.subject:
        where += f" · {target.subject}"
    return f"  {where} {figure(target, lang)} ({period_label(target.period, lang)}) [{target.id}]"


_WHOLE_HEADS = {
    "nation": ("全国目标（不参与排名）：", "Nationwide (not ranked):"),
    "province": ("全省目标（不参与排名）：", "Province-wide (not ranked):"),
    "city": ("全市目标（不参与排名）：", "City-wide (not ranked):"),
}


def _wholes_lines(dataset: Dataset, wholes: tuple[Target, ...], lang: str) -> list[str]:
    """The figures of whole regions beside a ranking, under one heading per level (全省,
    全市); a department's figure beside its government's goal is named as its pledge."""
    from ..rules.levels import goals_and_pledges, level_of

    by_kind: dict[str, list[Target]] = {}
    for target in wholes:
        kind = dataset.orgs[target.region].kind
        by_kind.setdefault(kind if kind in _WHOLE_HEADS else "city", []).append(target)
    lines: list[str] = []
    for kind in sorted(by_kind, key=lambda k: level_of(k) or 0):
        lines.append(_WHOLE_HEADS[kind][lang == "en"])
        for target in by_kind[kind]:
            same = [t for t in wholes if t.region == target.region and t.period == target.period]
            line = _beside_line(dataset, target, lang)
            if target in goals_and_pledges(dataset, same)[1]:
                org = org_label(dataset.orgs[target.org], lang)
                line += f" — department pledge ({org})" if lang == "en" else f" — 部门承诺（{org}）"
            lines.append(line)
    return lines


def rank_note(ranking: Ranking, lang: str, dataset: Dataset) -> str | None:
    """How the ranking is split and which way it runs, when that is not plain: each city
    ranked on its own when it holds units of several (东江's units and 西江's are not one
    field), each year on its own (a 2024 floor and a 2025 one are not rivals), and falls
    by the size of the fall. None for one city, one year and no fall."""
    notes = [_city_note(ranking, lang, dataset)]
    periods = list(dict.fromkeys(period_label(row.target.period, lang) for row in ranking.rows))
    if len(periods) > 1:
        notes.append(
            f"ranked within each year: {'; '.join(periods)}"
            if lang == "en"
            else f"按年份分别排名：{'；'.join(periods)}"
        )
    if any(row.falls_first for row in ranking.rows):
        notes.append(
            "falls (下降) ranked by the size of the fall, the largest first"
            if lang == "en"
            else "下降目标按降幅排名，降幅最大的在前"
        )
    found = [note for note in notes if note]
    if not found:
        return None
    return ". ".join(found) if lang == "en" else "。".join(found)


def _city_note(ranking: Ranking, lang: str, dataset: Dataset) -> str | None:
    """'ranked within each city: Dongjiang, Xijiang' when the units are of several."""
    branches = list(dict.fromkeys(row.city_region for row in ranking.rows))
    if len(branches) < 2:
        return None
    names = [region_label(dataset, b, lang) if b else "—" for b in branches]
    cities = all(b is not None and dataset.orgs[b].kind == CITY for b in branches)
    if lang == "en":
        within = "each city" if cities else "each parent region"
        return f"ranked within {within}: {', '.join(names)}"
    within = "所属市" if cities else "所属上级地区"
    return f"按{within}分别排名：{'、'.join(names)}"


def ranking_report(
    dataset: Dataset,
    ranking: Ranking,
    lang: str = "zh",
    empty_note: str | None = None,
    related: tuple[Related, ...] = (),
) -> Report:
    from .sum import related_lines

    document = ranking_document(dataset, ranking) | {
        "related": [_related_record(dataset, r) for r in related]
    }
    records = ranking_rows(dataset, document)
    records += [{"role": "related"} | r for r in document["related"]]
    several = len({row.city_region for row in ranking.rows}) > 1

    def tables() -> tuple[Table, ...]:
        metric = dataset.metrics[ranking.metric]
        title = metric_label(metric, lang)
        columns = (
            Column("rank", "#", numeric=True),
            column("region", lang),
            *((column("city_region", lang),) if several else ()),
            column("figure", lang, numeric=True),
            column("bar", lang, table_only=True),
            column("period", lang),
            column("firmness", lang),
        )
        rows = [
            {
                "rank": row.rank,
                "region": _ranked_label(dataset, row.target, lang),
                "city_region": region_label(dataset, row.city_region, lang),
                "figure": figure(row.target, lang),
                "bar": Bar(row.share_of_top),
                "period": period_label(row.target.period, lang),
                "firmness": firmness_label(row.target, lang),
            }
            for row in ranking.rows
        ]
        note = rank_note(ranking, lang, dataset)
        notes: list[str] = [note[0].upper() + note[1:] if lang == "en" else note] if note else []
        notes += _wholes_lines(dataset, ranking.city, lang)
        if ranking.areas:
            notes.append(
                "Narrower areas (not ranked):" if lang == "en" else "局部区域目标（不参与排名）："
            )
            notes += [_beside_line(dataset, t, lang) for t in ranking.areas]
        if ranking.left_out:
            notes.append("Left out:" if lang == "en" else "未计入：")
            notes += [
                f"  {left.target.id} ({org_label(dataset.orgs[left.target.region], lang)}): "
                + why_text(dataset, left.target, left.why, left.other, lang)
                for left in ranking.left_out
            ]
        notes += related_lines(dataset, related, lang)
        shown = [
            *(row.target for row in ranking.rows),
            *ranking.city,
            *ranking.areas,
            *(r.target for r in related),
        ]
        notes += units_note(shown, lang)
        tables: list[Table] = []
        if rows or not ranking.pledges.rows:
            tables.append(Table(columns, rows, title=title, notes=tuple(notes)))
        if ranking.pledges.rows:
            pledge_title = title if not rows else None
            pledged = grid_table(dataset, ranking.pledges, lang, pledge_title, one_metric=True)
            if not rows:  # the notes go under the only table
                pledged = Table(
                    pledged.columns, pledged.rows, pledged.title, (*notes, *pledged.notes)
                )
            tables.append(pledged)
        return tuple(tables)

    fields = fields_of(records, RANKING_FIELDS)
    return Report(document, records, fields, tables, empty_note)


def _related_record(dataset: Dataset, related: Related) -> dict[str, Any]:
    """A unit not ranked that stated a related metric: its figure, scope and why."""
    from ..rules.levels import city_of
    from ..rules.related import WHY_OTHER_SCOPE

    target = related.target
    return answer_record(dataset, target) | {
        "city_region": city_of(dataset, target.region),
        "scope": dataset.metrics[target.metric].description,
        "why": related.why,
        "reason": "another scope" if related.why == WHY_OTHER_SCOPE else related.why,
    }


def _ranked_label(dataset: Dataset, target: Target, lang: str) -> str:
    label = org_label(dataset.orgs[target.region], lang)
    return f"{label} · {target.subject}" if target.subject else label


# ---- what `compare` says when it has nothing to show -------------------------------------


def compare_empty_note(
    dataset: Dataset,
    regions: tuple[str, ...],
    filters: Filters,
    wider: tuple[str, int] | None,
) -> str:
    """Why nothing was found to compare, and the nearest command that finds something.

    `wider`: the filter without which there is something ("regions" for the regions
    given), and how many targets there then are.
    """
    names = [region_label(dataset, r, "zh") for r in regions]
    options = options_text(filters, skip=("regions",))
    asked = " ".join(options) or "any metric"
    head = (
        f"{', '.join(names)} stated nothing for {asked}" if names else f"no target matches {asked}"
    )
    if wider is None:
        return f"{head}; try: targets compare"
    dropped, count = wider
    kept = [] if dropped == "regions" else names
    rest = options_text(filters, skip=("regions", dropped))
    without = "those regions" if dropped == "regions" else option_of(dropped)
    return f"{head}; without {without} there are {count}; try: {command('compare', *kept, *rest)}"
