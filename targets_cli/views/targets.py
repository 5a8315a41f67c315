"""Targets as every answer carries them, and the `list` and `show` answers."""

from __future__ import annotations

from ..rules.model import Dataset, Source, Target
from ..rules.wording import firmness_level
from .labels import (
    MILESTONE_MARK,
    column,
    command,
    dimension_label,
    figure,
    firmness_label,
    in_english,
    level_label,
    metric_label,
    number,
    option_of,
    options_text,
    org_label,
    period_label,
    units_note,
)
from .report import Column, Marked, Report, Table

TYPE_CHECKING = False  # the JSON answers load only what they use
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from ..data.query import Filters

# A target's fields, as the export writes them (publish/export.py relies on these).
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
# What an answer adds to them: the target it restates, the one whose figure it changes,
# and the other statements of the same figure (restatements, or the one it restates).
# Whether its figure is a fall (下降) and how its 左右 is judged go with them.
ANSWER_FIELDS = (*TARGET_FIELDS, "same_as", "revises", "also_stated", "direction", "about")


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


# ---- outcomes: the one place where the results reported for a target join it ----------
#
# views/progress.py gives `outcome_fields(dataset, target)`: status, outcome_value,
# outcome_unit, outcome_source and the rest. Every answer that shows targets (list, show,
# compare) gets them through `answer_record` below, and nowhere else.


def answer_record(dataset: Dataset, target: Target) -> dict[str, Any]:
    """A target as an answer carries it: its fields, what it restates, and its outcome."""
    record = target_record(dataset, target)
    record["same_as"] = target.same_as
    record["revises"] = target.revises
    from ..rules.statements import also_stated

    record["also_stated"] = also_stated(dataset, target)
    record["direction"] = target.direction
    record["about"] = target.about
    from .progress import outcome_fields  # (loaded only by the answers that show targets)

    record.update(outcome_fields(dataset, target))
    return record


def fields_of(records: Iterable[dict[str, Any]], first: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of flat records: `first`, then any field the records add (outcomes)."""
    fields = dict.fromkeys(first)
    for record in records:
        fields.update(dict.fromkeys(record))
    return tuple(fields)


def _metric_cell(dataset: Dataset, target: Target, lang: str) -> str:
    """The metric, with the area it covers and, for a milestone, what is promised."""
    label = metric_label(dataset.metrics[target.metric], lang)
    extras = [target.subject] if target.subject else []
    if target.kind == "milestone" and target.outcome:
        extras.append(target.outcome)
    return " · ".join([label, *extras])


# ---- list ---------------------------------------------------------------------------


def list_report(
    dataset: Dataset,
    targets: list[Target],
    lang: str = "zh",
    empty_note: str | None = None,
    matched: dict[str, str] | None = None,
    folded: int = 0,
) -> Report:
    """`matched`: where --search found each target (query.MATCH_PLACES), by id; `folded`:
    how many statements were left out as another statement of a target listed."""
    records = [answer_record(dataset, t) for t in targets]
    if matched:
        for record in records:
            record["matched_in"] = matched.get(record["id"])

    def tables() -> tuple[Table, ...]:
        columns: tuple[Column, ...] = (
            column("org", lang),
            column("metric", lang),
            column("figure", lang, numeric=True),
            column("period", lang),
            column("firmness", lang),
            column("id", lang),
        )
        rows = [
            {
                "org": org_label(dataset.orgs[t.org], lang),
                "metric": _metric_cell(dataset, t, lang),
                "figure": figure(t, lang),
                "period": period_label(t.period, lang),
                "firmness": firmness_label(t, lang),
                "id": t.id,
            }
            for t in targets
        ]
        # a status column once a result is known: a missed 确保 target must show as missed
        from ..rules.outcomes import UNKNOWN

        statuses = [r.get("status") for r in records]
        if any(s not in (None, UNKNOWN) for s in statuses):
            from .progress import status_label

            columns = (*columns[:-1], column("status", lang), columns[-1])
            for row, status in zip(rows, statuses, strict=True):
                row["status"] = status_label(status, lang) if status else ""
        noun = "target" if len(targets) == 1 else "targets"
        count = f"{len(targets)} {noun}" if lang == "en" else f"共 {len(targets)} 条"
        if any(row["figure"] == MILESTONE_MARK for row in rows):  # (the mark is explained
            legend = "milestone" if lang == "en" else "定性目标"  # only where it is shown)
            count += f"  ({MILESTONE_MARK} {legend})"
        notes = (
            count,
            *_folded_note(folded, lang),
            *_match_note(matched, lang),
            *units_note(targets, lang),
        )
        return (Table(columns, rows, notes=notes),)

    return Report(records, records, fields_of(records, ANSWER_FIELDS), tables, empty_note)


def _folded_note(folded: int, lang: str) -> tuple[str, ...]:
    """How many statements of the targets listed were left out (said again, or revised)."""
    if not folded:
        return ()
    if lang == "en":
        return (
            f"{folded} more statement(s) of these targets (restated or revised) not listed; "
            "--restatements lists every statement",
        )
    return (
        f"另有 {folded} 条为已列目标的重复表述或修订前表述，未列出；加 --restatements 全部列出",
    )


def _match_note(matched: dict[str, str] | None, lang: str) -> tuple[str, ...]:
    """How many rows --search found in their own words, and how many (listed last) only
    in a sentence they may share with other targets."""
    if not matched:
        return ()
    shared = sum(place == "sentence" for place in matched.values())
    own = len(matched) - shared
    if lang == "en":
        return (
            f"--search: {own} found in the target's own words (quote, names, note), "
            f"{shared} only in the sentence around its quote (listed last)",
        )
    return (f"--search：{own} 条见于目标本身，{shared} 条仅见于所在句子（列在后面）",)


def list_empty_note(filters: Filters, wider: tuple[str, int] | None) -> str:
    """Why `list` found nothing, and what to run instead.

    `wider` is the filter without which there are targets, and how many.
    """
    given = options_text(filters)
    if not given:
        return "the data holds no target; try: targets check"
    asked = " ".join(given)
    if wider is None:
        return f"no target matches {asked}; try: targets list"
    dropped, count = wider
    return (
        f"no target matches {asked}; without {option_of(dropped)} there are {count}; "
        f"try: {command('list', *options_text(filters, skip=(dropped,)))}"
    )


# ---- show ---------------------------------------------------------------------------

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
    "same_as": ("同一目标", "restates"),
    "revises": ("修订", "revises"),
    "also_stated": ("另见", "also stated as"),
    "same_sentence": ("同句目标", "same sentence"),
    "history": ("历次表述", "statements"),
    "citation": ("出处", "citation"),
    "url": ("链接", "URL"),
    "retrieved": ("检索日期", "retrieved"),
    "cited": ("全文", "text"),
}
# What `show` says of a source cited rather than bundled.
CITED_TEXT = {
    "zh": "引用来源，全文未收录：原文摘自所引网页，无原句可核对",
    "en": "cited, not bundled: the quote is as the page at the URL gives it; the text "
    "itself is not in the data, so no sentence is shown",
}


def citation_of(source: Source) -> str:
    """A source's citation without its URL: publisher, title, date published."""
    return ", ".join(p for p in (source.publisher, f"“{source.title}”", source.published) if p)


# Outcome fields (from the progress view) shown under their own names after these.


def show_report(dataset: Dataset, target: Target, lang: str = "zh") -> Report:
    from ..rules.provenance import context, figure_spans

    org = dataset.orgs[target.org]
    source = dataset.sources[target.source]
    where = context(dataset, target)
    record = answer_record(dataset, target)
    # who spoke is the document's: the target's own speaker, else the org's
    spoke, title = speaker_of(dataset, target)
    history = history_records(dataset, target)
    document = record | {
        "speaker": spoke,
        "speaker_title": title,
        "source_title": source.title,
        "sentence": None if source.cited else where.sentence,
        "same_sentence": [t.id for t in where.neighbours],
        "history": history,
        "source_cited": source.cited,
        "source_publisher": source.publisher,
        "source_published": source.published,
        "source_url": source.url,
        "source_retrieved": source.retrieved,
    }

    def tables() -> tuple[Table, ...]:
        metric = dataset.metrics[target.metric]
        speaker = " ".join(p for p in (title, spoke) if p)
        quote_marks = tuple(
            (where.quote_at + a, where.quote_at + b) for a, b in figure_spans(target.quote, target)
        )
        region = dataset.orgs[target.region]
        if lang == "en":
            metric_text = f"{metric.name_en} ({metric.name}; {metric.dimension})"
            org_text, region_text = f"{org.name_en} ({org.id})", region.name_en
        else:  # (the English name beside the Chinese: the same name in both)
            dimension = dimension_label(metric.dimension, lang)
            metric_text = f"{metric.name}（{dimension}；英文名 {metric.name_en}）"
            org_text, region_text = f"{org.id} ({org.name_en})", region.id
        pairs: list[tuple[str, Any]] = [
            ("id", target.id),
            ("figure", figure(target, lang)),
            ("outcome", target.outcome),
            ("metric", metric_text),
            ("org", org_text),
            ("region", region_text),
            ("subject", target.subject),
            ("period", period_label(target.period, lang)),
            ("wording", target.wording),
            ("firmness", _firmness_text(target, lang)),
            ("speaker", speaker or None),
            ("quote", Marked(target.quote, figure_spans(target.quote, target))),
            ("sentence", None if source.cited else Marked(where.sentence, quote_marks)),
            ("source", f"{source.title} [{source.id}]"),
            ("citation", in_english(citation_of(source), lang) if source.cited else None),
            ("url", source.url if source.cited else None),
            ("retrieved", source.retrieved if source.cited else None),
            ("cited", CITED_TEXT["en" if lang == "en" else "zh"] if source.cited else None),
            ("note", target.note and in_english(target.note, lang)),
            ("same_as", target.same_as),
            ("revises", target.revises),
            ("also_stated", ", ".join(record["also_stated"]) or None),
            ("same_sentence", ", ".join(t.id for t in where.neighbours) or None),
            ("history", _history_text(history, lang) if len(history) > 1 else None),
        ]
        chosen = 1 if lang == "en" else 0
        rows = [{"field": _SHOW_LABELS[k][chosen], "value": v} for k, v in pairs if v]
        rows += _outcome_rows(record, lang)
        columns = (column("field", lang), column("value", lang))
        notes = units_note([target], lang)
        return (Table(columns, rows, key_value=True, notes=notes),)

    first = (*ANSWER_FIELDS, "speaker", "speaker_title", "source_title", "sentence")
    fields = fields_of([document], (*first, "same_sentence", "history"))
    # (the citation's fields come last, so the flat formats' earlier columns stay put)
    return Report(document, [document], fields, tables)


def speaker_of(dataset: Dataset, target: Target) -> tuple[str | None, str | None]:
    """Who stated the target in its document, and their title: the target's own, else
    the org's (the document names no other speaker)."""
    org = dataset.orgs[target.org]
    if target.speaker or target.speaker_title:
        return target.speaker, target.speaker_title
    return org.speaker, org.speaker_title


def history_records(dataset: Dataset, target: Target) -> list[dict[str, Any]]:
    """Every statement of the target, oldest figure first, each with its document, its
    year, its speaker and its figure; `counted` marks the newest figure's first statement
    (the one every total counts when all are chosen)."""
    from ..rules.statements import chain_of

    chain = chain_of(dataset, target)
    rows = []
    for n, said in enumerate(chain):
        for m, t in enumerate(said):
            source = dataset.sources[t.source]
            spoke, title = speaker_of(dataset, t)
            rows.append(
                {
                    "id": t.id,
                    "role": ("revision" if n else "first") if m == 0 else "restatement",
                    "counted": n == len(chain) - 1 and m == 0,
                    "source": source.id,
                    "source_title": source.title,
                    "year": source.year,
                    "published": source.published,
                    "speaker": spoke,
                    "speaker_title": title,
                    "figure": figure(t),
                    "value": t.value,
                    "value_max": t.value_max,
                    "unit": t.unit,
                    "comparator": t.comparator,
                    "period": t.period,
                    "quote": t.quote,
                }
            )
    return rows


def _history_text(history: list[dict[str, Any]], lang: str) -> str:
    """One line per statement: id, figure, document, year and who spoke in that document
    (the pledge's party secretary is not the report's mayor); the one counted marked."""
    lines = []
    for row in history:
        counted = (" (counted)" if lang == "en" else "（计入）") if row["counted"] else ""
        when = row["published"] or row["year"]
        spoke = " ".join(p for p in (row["speaker_title"], row["speaker"]) if p)
        said = f", {spoke}" if spoke else ""
        lines.append(f"{row['id']}: {row['figure']}, {row['source']} {when}{said}{counted}")
    return "\n".join(lines)


def _outcome_rows(record: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The status, the result with its margin, and where it was reported."""
    status = record.get("status")
    if status is None:
        return []
    from . import progress

    en = lang == "en"
    text = progress.status_text_of(status, record.get("status_reason"), lang)
    margin = progress.margin_words(record.get("margin"), record.get("margin_unit"), lang)
    if margin:
        text += f", {margin}" if en else f"，{margin}"
    rows = [{"field": "status" if en else "状态", "value": text}]
    if record.get("outcome_id"):
        value = record["outcome_value"]
        amount = f"{number(value)}" if value is not None else ""
        if record.get("outcome_value_max") is not None:
            amount += f"—{number(record['outcome_value_max'])}"
        figure = f"{progress.outcome_symbol(record.get('outcome_comparator'))}{amount}"
        result = f"{figure} {record.get('outcome_unit') or ''}".rstrip()
        if record.get("outcome_direction") == "down":  # the figure is the size of a fall
            result = f"{'fall' if en else '下降'} {result}"
        if record.get("outcome_period"):
            result += f" ({record['outcome_period']})"
        if record.get("outcome_preliminary"):
            result += " (preliminary)" if en else "（初步）"
        rows.append({"field": "outcome" if en else "结果", "value": result})
        source = in_english(record["outcome_source"], lang)
        rows.append({"field": "reported by" if en else "出处", "value": source})
        if record.get("outcome_url"):
            rows.append({"field": "URL" if en else "链接", "value": record["outcome_url"]})
    return rows


def _firmness_text(target: Target, lang: str) -> str | None:
    if not target.firmness:
        return None
    return f"{target.firmness} ({level_label(firmness_level(target.firmness), lang)})"
