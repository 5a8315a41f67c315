"""Did they deliver? Each target's status and outcome, and the scorecard of `progress`.

`outcome_fields` gives the fields other views merge into a target's record (JSON, CSV);
`progress_report` the whole answer of `targets progress`: a scorecard per org that
stated targets, the missed ones firmest word first, and every recorded outcome with
its status, margin and citation. Every form of it says for how many of the targets an
outcome is known, so that three results are never read as a verdict on a hundred.
"""

from __future__ import annotations

from ..rules.model import DOWN, Dataset, Outcome, Target
from ..rules.outcomes import (
    ABOUT_NOT_JUDGED,
    BOUNDS_OVERLAP,
    MET,
    MILESTONE_RESULT,
    MISSED,
    NO_OUTCOME,
    NOT_COMPARABLE,
    OTHER_UNIT,
    PERIOD_OPEN,
    POINTS,
    SCOPE,
    SHARE,
    STATUSES,
    UNCLEAR,
    UNKNOWN,
    Assessment,
    assess,
    assess_all,
    by_target,
    good_side,
    with_status,
)
from ..rules.units import UNITS
from ..rules.wording import FIRMNESS_ORDER, firmness_level
from .labels import figure, firmness_label, in_english, metric_label, number, org_label
from .report import Column, Report, Table

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from decimal import Decimal
    from typing import Any

# The fields `outcome_fields` adds to a target's record, in order.
OUTCOME_FIELDS = (
    "status",
    "status_reason",
    "outcome_id",
    "outcome_value",
    "outcome_value_max",
    "outcome_comparator",
    "outcome_unit",
    "outcome_period",
    "outcome_preliminary",
    "margin",
    "margin_unit",
    "outcome_source",
    "outcome_url",
    "outcome_direction",
)

STATUS_LABELS = {
    MET: ("完成", "met"),
    MISSED: ("未完成", "missed"),
    UNCLEAR: ("无法判定", "unclear"),
    NOT_COMPARABLE: ("不可比", "not comparable"),
    UNKNOWN: ("未知", "unknown"),
}

REASON_LABELS = {
    BOUNDS_OVERLAP: ("结果所带的界限不足以判定", "the result's bound cannot decide"),
    PERIOD_OPEN: ("尚未达到，目标期限未满", "not reached yet; the target's period runs on"),
    OTHER_UNIT: ("结果的单位与目标不是同一量", "the result measures another quantity"),
    MILESTONE_RESULT: ("定性目标，结果是数值", "a milestone; the result is a figure"),
    NO_OUTCOME: ("未记录结果", "no outcome recorded"),
    SCOPE: ("结果涵盖的范围比目标宽", "result covers a broader scope than the pledge"),
    ABOUT_NOT_JUDGED: ("“左右”按数据不作判定", "the data says its 左右 (about) is not judged"),
}

_HEADERS = {
    "org": ("发言单位", "stated by"),
    "targets": ("目标数", "targets"),
    "known": ("已知结果", "outcome known"),
    MET: ("完成", "met"),
    MISSED: ("未完成", "missed"),
    UNCLEAR: ("无法判定", "unclear"),
    NOT_COMPARABLE: ("不可比", "not comparable"),
    UNKNOWN: ("未知", "unknown"),
    "firmness": ("力度", "firmness"),
    "metric": ("指标", "metric"),
    "figure": ("目标", "target"),
    "result": ("结果", "result"),
    "period": ("年份", "period"),
    "status": ("状态", "status"),
    "margin": ("差距", "margin"),
    "source": ("来源", "source"),
    "id": ("编号", "id"),
}

_TITLES = {
    "scorecard": ("目标完成情况", "Progress on the targets"),
    "missed": ("未完成的目标（力度最强的在前）", "Missed targets, firmest word first"),
    "outcomes": ("已记录的结果", "Recorded outcomes"),
}

_COUNT_KEYS = {MET: "met", MISSED: "missed", UNCLEAR: "unclear"}
_COUNT_KEYS |= {NOT_COMPARABLE: "not_comparable", UNKNOWN: "unknown"}

_OUTCOME_SYMBOL = {">": ">", ">=": "≥", "=": "", "<": "<", "<=": "≤", "about": "≈"}

# Outcomes grouped by target, kept with the tuple they were made from (its id is then
# its own): list and compare ask for one target's fields at a time.
_GROUPED: dict[int, tuple[tuple[Outcome, ...], dict[str, tuple[Outcome, ...]]]] = {}


def _label(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    zh, en = table[key]
    return en if lang == "en" else zh


def _grouped(dataset: Dataset) -> dict[str, tuple[Outcome, ...]]:
    outcomes = dataset.outcomes
    known = _GROUPED.get(id(outcomes))
    if known is not None and known[0] is outcomes:
        return known[1]
    if len(_GROUPED) > 8:
        _GROUPED.clear()
    grouped = by_target(outcomes)
    _GROUPED[id(outcomes)] = (outcomes, grouped)
    return grouped


def assessment_of(dataset: Dataset, target: Target) -> Assessment:
    """One target's status and the outcome it rests on."""
    return assess_all(dataset, [target], _grouped(dataset))[0]


def assessments(dataset: Dataset, targets: Iterable[Target]) -> list[Assessment]:
    return assess_all(dataset, targets, _grouped(dataset))


def _rounded(margin: Decimal | None) -> float | None:
    return None if margin is None else float(round(margin, 4))


def citation(outcome: Outcome) -> str:
    """Publisher, title and date of the report that gives a result."""
    parts = (outcome.publisher, outcome.title, outcome.published)
    return ", ".join(part for part in parts if part)


def outcome_fields(dataset: Dataset, target: Target) -> dict[str, object]:
    """A target's status and the outcome it rests on, as fields of its record."""
    return fields_of(assessment_of(dataset, target))


def fields_of(found: Assessment) -> dict[str, object]:
    """The OUTCOME_FIELDS of one assessment (None where there is no outcome)."""
    o = found.outcome
    return {
        "status": found.status,
        "status_reason": found.reason,
        "outcome_id": o.id if o else None,
        "outcome_value": o.value if o else None,
        "outcome_value_max": o.value_max if o else None,
        "outcome_comparator": o.comparator if o else None,
        "outcome_unit": o.unit if o else None,
        "outcome_period": o.period if o else None,
        "outcome_preliminary": o.preliminary if o else None,
        "margin": _rounded(found.margin),
        "margin_unit": found.margin_unit,
        "outcome_source": citation(o) if o else None,
        "outcome_url": o.url if o else None,
        "outcome_direction": o.direction if o else None,
    }


# ---- text for people -----------------------------------------------------------------


def status_label(status: str, lang: str) -> str:
    return _label(STATUS_LABELS, status, lang)


def status_text(found: Assessment, lang: str) -> str:
    """The status, with why when met or missed would not say it all."""
    return status_text_of(found.status, found.reason, lang)


def status_text_of(status: str, reason: object, lang: str) -> str:
    """`status_text` from a status and its reason code alone (as a record holds them)."""
    text = status_label(status, lang)
    if isinstance(reason, str) and reason in REASON_LABELS and reason != NO_OUTCOME:
        text += f" ({_label(REASON_LABELS, reason, lang)})"
    return text


def outcome_figure(outcome: Outcome, lang: str, target: Target | None = None) -> str:
    """'2.5 %', '>1000 亿元', '≈1000 亿元', '50—60 个', a reported fall '下降 3.1 %'
    ('fall 3.1 %'), with a preliminary figure marked. Beside a target of a fall
    (`target`), a signed result is said as a fall or a rise: '下降 3.1 %', '上升 0.4 %'."""
    value, word = outcome.value, None
    if outcome.direction == DOWN:
        word = "fall" if lang == "en" else "下降"
    elif target is not None and target.direction == DOWN and outcome.value_max is None:
        if value < 0:
            value, word = -value, "fall" if lang == "en" else "下降"
        elif value > 0:
            word = "rise" if lang == "en" else "上升"
    amount = number(value)
    if outcome.value_max is not None:
        amount += f"—{number(outcome.value_max)}"
    text = f"{_OUTCOME_SYMBOL.get(outcome.comparator, outcome.comparator)}{amount} {outcome.unit}"
    if word is not None:
        text = f"{word} {text}"
    if outcome.preliminary:
        text += " (preliminary)" if lang == "en" else "（初步）"
    return text


def _points(value: Decimal) -> str:
    """Points with at least one decimal: 3.0, 0.25."""
    text = f"{abs(value):.2f}"
    return text[:-1] if text.endswith("0") else text


def margin_text(found: Assessment, lang: str) -> str:
    """'-3.0 个百分点' / '-3.0 points' (missed by 3.0; '+' beat it, a ceiling or a fall
    included); '达目标的 93.3%' / '93.3% of the target'."""
    return margin_words(found.margin, found.margin_unit, lang)


def margin_words(margin: Decimal | float | None, margin_unit: str | None, lang: str) -> str:
    """A margin as `margin_text` words it, from the margin and its unit alone."""
    if margin is None:
        return ""
    from decimal import Decimal

    margin = Decimal(str(margin))
    if margin_unit == POINTS:
        sign = "-" if margin < 0 else "+"
        unit = "points" if lang == "en" else "个百分点"
        return f"{sign}{_points(margin)} {unit}"
    if margin_unit == SHARE:
        share = f"{margin * 100:.1f}%"
        return f"{share} of the target" if lang == "en" else f"达目标的 {share}"
    return ""


def outcome_symbol(comparator: str | None) -> str:
    """The sign a reported bound is shown with: ≥ for 'at least', none for a plain figure."""
    return _OUTCOME_SYMBOL.get(comparator or "=", comparator or "")


def _references(outcomes: Iterable[Outcome]) -> dict[tuple[str, str, str, str], int]:
    """A number for each report cited, in the order first cited: tables show [n]."""
    numbers: dict[tuple[str, str, str, str], int] = {}
    for outcome in outcomes:
        numbers.setdefault(_report(outcome), len(numbers) + 1)
    return numbers


def _report(outcome: Outcome) -> tuple[str, str, str, str]:
    return outcome.publisher, outcome.title or "", outcome.published or "", outcome.url


def _reference_lines(numbers: dict[tuple[str, str, str, str], int], lang: str) -> tuple[str, ...]:
    """The cited reports; a title or glue the data holds only in English is marked so in
    a Chinese answer."""
    return tuple(
        f"[{n}] " + in_english(", ".join(part for part in report if part), lang)
        for report, n in numbers.items()
    )


def coverage_line(targets: int, known: int, lang: str) -> str:
    """'outcomes known for 7 of 118 targets': said wherever a status is shown."""
    if lang == "en":
        noun = "target" if targets == 1 else "targets"
        return f"outcomes known for {known} of {targets} {noun}"
    return f"已知结果的目标：{targets} 个中 {known} 个"


def _filter_line(statuses: tuple[str, ...], shown: int, lang: str) -> str:
    names = ", ".join(status_label(s, lang) for s in statuses)
    if lang == "en":
        return f"shown: the {shown} with status {names}"
    return f"只列出状态为 {names} 的 {shown} 个目标"


def _restated_line(restated: list[str], lang: str) -> str:
    count, ids = len(restated), ", ".join(restated)
    if lang == "en":
        said = "target stated twice is" if count == 1 else "targets stated twice are"
        return f"{count} {said} counted once (same_as), left out: {ids}"
    return f"重复表述的目标 {count} 条只计一次（重复表述），未计：{ids}"


def _revised_line(revised_as: dict[str, str], lang: str) -> str:
    pairs = ", ".join(f"{old} → {new}" for old, new in revised_as.items())
    if lang == "en":
        return f"{len(revised_as)} earlier figure(s) revised later, left out: {pairs}"
    return f"后来修订的目标 {len(revised_as)} 条按修订后的数值计，未计：{pairs}"


def _units_note(units: Iterable[str], lang: str) -> tuple[str, ...]:
    if lang != "en":
        return ()
    shown = [u for u in dict.fromkeys(units) if u and u != "%" and u in UNITS]
    if not shown:
        return ()
    return ("Units: " + ", ".join(f"{u} = {UNITS[u].name_en}" for u in shown),)


# ---- the progress report --------------------------------------------------------------


def _firmness_rank(target: Target) -> int:
    level = firmness_level(target.firmness)
    return FIRMNESS_ORDER.index(level) if level in FIRMNESS_ORDER else len(FIRMNESS_ORDER)


def _target_fields(dataset: Dataset, target: Target) -> dict[str, Any]:
    org = dataset.orgs[target.org]
    metric = dataset.metrics[target.metric]
    return {
        "id": target.id,
        "org": org.id,
        "org_en": org.name_en,
        "region": target.region,
        "metric": metric.name,
        "metric_en": metric.name_en,
        "subject": target.subject,
        "firmness": target.firmness,
        "firmness_level": firmness_level(target.firmness),
        "target_value": target.value,
        "target_value_max": target.value_max,
        "target_unit": target.unit,
        "target_comparator": target.comparator,
        "target_period": target.period,
    }


def _directions(found: Assessment) -> dict[str, Any]:
    """Whether the target and the result are falls (下降): the figures are their sizes."""
    return {
        "target_direction": found.target.direction,
        "outcome_direction": found.outcome.direction if found.outcome else None,
    }


def _outcome_record(outcome: Outcome) -> dict[str, Any]:
    return {
        "outcome_id": outcome.id,
        "outcome_value": outcome.value,
        "outcome_value_max": outcome.value_max,
        "outcome_comparator": outcome.comparator,
        "outcome_wording": outcome.wording,
        "outcome_unit": outcome.unit,
        "outcome_period": outcome.period,
        "outcome_preliminary": outcome.preliminary,
        "outcome_scope": outcome.scope,
        "outcome_publisher": outcome.publisher,
        "outcome_title": outcome.title,
        "outcome_published": outcome.published,
        "outcome_url": outcome.url,
        "outcome_note": outcome.note,
    }


def _judged_record(dataset: Dataset, found: Assessment) -> dict[str, Any]:
    """A target, one outcome and the status that outcome gives it."""
    assert found.outcome is not None
    return {
        **_target_fields(dataset, found.target),
        "status": found.status,
        "status_reason": found.reason,
        "margin": _rounded(found.margin),
        "margin_unit": found.margin_unit,
        **_outcome_record(found.outcome),
    }


def _counts(found: Iterable[Assessment]) -> dict[str, int]:
    counts = {"targets": 0, "known": 0} | {key: 0 for key in _COUNT_KEYS.values()}
    for item in found:
        counts["targets"] += 1
        counts["known"] += item.known
        counts[_COUNT_KEYS[item.status]] += 1
    return counts


FIELDS = (
    "role",
    "org",
    "org_en",
    "kind",
    "targets",
    "known",
    "met",
    "missed",
    "unclear",
    "not_comparable",
    "unknown",
    "id",
    "same_as",
    "region",
    "metric",
    "metric_en",
    "subject",
    "firmness",
    "firmness_level",
    "target_value",
    "target_value_max",
    "target_unit",
    "target_comparator",
    "target_period",
    "status",
    "status_reason",
    "decides",
    "margin",
    "margin_unit",
    "outcome_id",
    "outcome_value",
    "outcome_value_max",
    "outcome_comparator",
    "outcome_wording",
    "outcome_unit",
    "outcome_period",
    "outcome_preliminary",
    "outcome_scope",
    "outcome_publisher",
    "outcome_title",
    "outcome_published",
    "outcome_url",
    "outcome_note",
    "target_direction",
    "outcome_direction",
)


def progress_report(
    dataset: Dataset,
    targets: Iterable[Target],
    lang: str = "zh",
    statuses: Iterable[str] = (),
) -> Report:
    """The scorecard of the targets given, and of those only the ones of `statuses`.

    How many of the targets given have an outcome is said whatever `statuses` keeps.
    """
    wanted = tuple(s for s in STATUSES if s in set(statuses))
    chosen = list(targets)
    ids = {t.id for t in chosen}
    # a target said twice (same_as) is one target: counted once, as the one it restates
    restated_as = {t.id: t.same_as for t in chosen if t.same_as and t.same_as in ids}
    restated = list(restated_as)
    # a figure a later statement changed (revises) is left out: the newest one counts
    from ..rules.statements import WHY_REVISED, superseded

    revised_as = {i: o for i, (why, o) in superseded(dataset, chosen).items() if why == WHY_REVISED}
    judged = assessments(
        dataset,
        [t for t in chosen if not (t.same_as and t.same_as in ids) and t.id not in revised_as],
    )
    known = sum(item.known for item in judged)
    shown = with_status(judged, wanted)
    grouped = _grouped(dataset)

    by_org: dict[str, list[Assessment]] = {}
    for item in shown:
        by_org.setdefault(item.target.org, []).append(item)
    order = {org_id: n for n, org_id in enumerate(dataset.orgs)}
    orgs = sorted(by_org, key=lambda org_id: order.get(org_id, len(order)))
    scorecard = [
        {"org": org_id, "org_en": dataset.orgs[org_id].name_en, "kind": dataset.orgs[org_id].kind}
        | _counts(by_org[org_id])
        for org_id in orgs
    ]
    total = _counts(shown)
    missed = sorted(
        (item for item in shown if item.status == MISSED),
        key=lambda item: _firmness_rank(item.target),
    )
    # every outcome recorded for the targets shown, each with the status it alone gives
    recorded = [
        (item, assess(item.target, [outcome], dataset.metrics.get(item.target.metric)))
        for item in shown
        for outcome in grouped.get(item.target.id, ()) + grouped.get(item.target.same_as or "", ())
    ]
    coverage = coverage_line(len(judged), known, lang)

    missed_records = [_judged_record(dataset, item) | _directions(item) for item in missed]
    outcome_records = [
        _judged_record(dataset, alone)
        | {"decides": alone.outcome is item.outcome}
        | _directions(alone)
        for item, alone in recorded
    ]
    document: dict[str, Any] = {
        "targets": len(judged),
        "outcomes_known": known,
        "note": coverage,
        "restatements": restated,  # left out: each restates a target counted
        "restated_as": restated_as,  # each left-out id and the id of the target it restates
        "statuses": list(wanted),
        "shown": len(shown),
        "revised_as": revised_as,  # left out: each earlier figure and the revision counted
        "scorecard": scorecard,
        "total": total,
        "missed": missed_records,
        "outcomes": outcome_records,
    }
    # the flat rows: "coverage" says for how many of the targets asked about an outcome
    # is known; "total" counts the targets shown (fewer with a status filter)
    records: list[dict[str, Any]] = [
        {"role": "coverage", "targets": len(judged), "known": known},
        # the targets left out as said twice, each with the one it restates
        *(
            {"role": "restatement", "id": again, "same_as": first}
            for again, first in restated_as.items()
        ),
        # the earlier figures left out, each with the revision counted instead
        *({"role": "revised", "id": old, "revised_by": new} for old, new in revised_as.items()),
        *({"role": "scorecard", **row} for row in scorecard),
        {"role": "total", **total},
        *({"role": "missed", **row} for row in missed_records),
        *({"role": "outcome", **row} for row in outcome_records),
    ]

    def tables() -> tuple[Table, ...]:
        notes = [coverage]
        if restated:
            notes.append(_restated_line(restated, lang))
        if revised_as:
            notes.append(_revised_line(revised_as, lang))
        if wanted:
            notes.append(_filter_line(wanted, len(shown), lang))
        found = [_scorecard_table(dataset, scorecard, total, lang, tuple(notes))]
        numbers = _references(alone.outcome for _, alone in recorded if alone.outcome)
        if missed:
            found.append(_missed_table(dataset, missed, numbers, lang))
        if recorded:
            found.append(_outcomes_table(dataset, recorded, numbers, lang))
        return tuple(found)

    empty = None
    if not shown:
        if wanted:
            names = ", ".join(status_label(s, lang) for s in wanted)
            empty = (
                f"no target has status {names} ({coverage}); try without --status"
                if lang == "en"
                else f"没有状态为 {names} 的目标（{coverage}）；可去掉 --status 再试"
            )
        else:
            empty = (
                "no targets match the filters; see them all with: targets progress"
                if lang == "en"
                else "没有符合条件的目标；去掉筛选条件可看全部：targets progress"
            )
    return Report(document, records, FIELDS, tables, empty_note=empty)


def _columns(keys: Iterable[str], lang: str, numeric: Iterable[str] = ()) -> tuple[Column, ...]:
    right = set(numeric)
    return tuple(Column(key, _label(_HEADERS, key, lang), numeric=key in right) for key in keys)


def _scorecard_table(
    dataset: Dataset,
    scorecard: list[dict[str, Any]],
    total: dict[str, int],
    lang: str,
    notes: tuple[str, ...],
) -> Table:
    counted = ("targets", "known", *_COUNT_KEYS)
    columns = _columns(("org", *counted), lang, numeric=counted)
    rows = [
        {"org": org_label(dataset.orgs[row["org"]], lang)}
        | {key: row[_COUNT_KEYS.get(key, key)] for key in counted}
        for row in scorecard
    ]
    rows.append(
        {"org": "all" if lang == "en" else "合计"}
        | {key: total[_COUNT_KEYS.get(key, key)] for key in counted}
    )
    return Table(columns, rows, title=_label(_TITLES, "scorecard", lang), notes=notes)


def _missed_table(
    dataset: Dataset,
    missed: list[Assessment],
    numbers: dict[tuple[str, str, str, str], int],
    lang: str,
) -> Table:
    keys = ("firmness", "org", "metric", "figure", "result", "margin", "source")
    columns = _columns(keys, lang, numeric=("figure", "result", "margin"))
    rows = []
    for item in missed:
        assert item.outcome is not None
        rows.append(
            {
                "firmness": firmness_label(item.target, lang),
                "org": org_label(dataset.orgs[item.target.org], lang),
                "metric": _metric_text(dataset, item.target, lang),
                "figure": figure(item.target, lang),
                "result": outcome_figure(item.outcome, lang, item.target),
                "margin": margin_text(item, lang),
                "source": f"[{numbers[_report(item.outcome)]}] {item.outcome.publisher}",
            }
        )
    units = [item.target.unit or "" for item in missed]
    units += [item.outcome.unit for item in missed if item.outcome is not None]
    where = (
        "Sources [n]: listed under the recorded outcomes."
        if lang == "en"
        else "来源 [n] 列在已记录的结果之下。"
    )
    notes = (where, *_sign_note(dataset, missed, lang), *_units_note(units, lang))
    return Table(columns, rows, title=_label(_TITLES, "missed", lang), notes=notes)


def _outcomes_table(
    dataset: Dataset,
    recorded: list[tuple[Assessment, Assessment]],
    numbers: dict[tuple[str, str, str, str], int],
    lang: str,
) -> Table:
    keys = ("id", "org", "metric", "figure", "result", "period", "status", "margin", "source")
    columns = _columns(keys, lang, numeric=("figure", "result", "margin"))
    rows = []
    superseded = False
    for item, alone in recorded:
        assert alone.outcome is not None
        status = status_text(alone, lang)
        if alone.outcome is not item.outcome:
            superseded = True
            status += " *"
        rows.append(
            {
                "id": item.target.id,
                "org": org_label(dataset.orgs[item.target.org], lang),
                "metric": _metric_text(dataset, item.target, lang),
                "figure": figure(item.target, lang),
                "result": outcome_figure(alone.outcome, lang, item.target),
                "period": alone.outcome.period,
                "status": status,
                "margin": margin_text(alone, lang),
                "source": f"[{numbers[_report(alone.outcome)]}]",
            }
        )
    notes: tuple[str, ...] = ()
    if superseded:
        notes = (
            ("* not the figure the status rests on: a later or final one decides",)
            if lang == "en"
            else ("* 不是判定所依据的数字：以较晚或最终的数字为准",)
        )
    notes += _sign_note(dataset, [alone for _, alone in recorded], lang)
    units = [item.target.unit or "" for item, _ in recorded]
    units += [alone.outcome.unit for _, alone in recorded if alone.outcome is not None]
    notes += _units_note(units, lang)
    notes += _reference_lines(numbers, lang)
    notes += _outcome_notes((alone.outcome for _, alone in recorded if alone.outcome), lang)
    return Table(columns, rows, title=_label(_TITLES, "outcomes", lang), notes=notes)


def _sign_note(dataset: Dataset, shown: Iterable[Assessment], lang: str) -> tuple[str, ...]:
    """What the sign of a margin in points means, said when a ceiling or a fall is shown:
    there a lower result is the better one, and '+' could be read as 'above'."""
    turned = any(
        item.margin_unit == POINTS
        and (
            item.target.direction == DOWN
            or good_side(item.target, dataset.metrics.get(item.target.metric)) < 0
        )
        for item in shown
    )
    if not turned:
        return ()
    if lang == "en":
        return ("Margin in points: + beat the target, - missed it, for a ceiling or a fall too.",)
    return ("差距（个百分点）：正数为好于目标，负数为未达目标；上限目标和下降目标同样如此。",)


def _outcome_notes(outcomes: Iterable[Outcome], lang: str) -> tuple[str, ...]:
    """The curator's note on each result shown, by outcome id: what the figure is and what
    it leaves out (a broader scope, a floor) is in them. They are written in English."""
    noted = [o for o in outcomes if o.note and o.note.strip()]
    if not noted:
        return ()
    head = "Notes on the results:" if lang == "en" else "结果备注（英文）："
    return (head, *(f"{o.id}: {o.note}" for o in noted))


def _metric_text(dataset: Dataset, target: Target, lang: str) -> str:
    label = metric_label(dataset.metrics[target.metric], lang)
    return f"{label} · {target.subject}" if target.subject else label
