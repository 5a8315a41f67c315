"""What `targets scan` prints: the drafted records of a source, as a Report.

The JSON document is the answer (the source, its year and title, each draft with its
sentence); `toml` is the same drafts as lines for renderers.toml: a data file's
[[sources]], [[targets]] and [[not_targets]] tables, each with its sentence as a comment
and TODO where a field could not be guessed, grouped by the speaker's part.

The flat records (JSON Lines, CSV, TSV) hold the same answer, one row each, told apart
by `role`: one `source` row first (the facts of the TOML's header and its [[sources]]
table: id, title, year, file, the path scanned, whether the data has it, how many
figures and how many the data claims), then every draft in the order of the text,
`target` (a drafted [[targets]] record) or `not_target` (a drafted [[not_targets]]
entry). Their columns are SCAN_FIELDS, in that order, each row filling its own; the
table shows the drafts with the source's facts around them.
"""

from __future__ import annotations

from ..rules.drafting import UNKNOWN_PERIOD, part_of, title_line
from ..rules.records import dataclass
from ..rules.sentences import sentence_of
from .report import Report

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    from ..rules.drafting import Draft
    from ..rules.figures import Figure
    from ..rules.model import Source

    # a comment, an [[array]] table (its name and fields), or None: a blank line
    Line = str | tuple[str, Mapping[str, object]] | None

TODO = "TODO"

# The flat records' columns, in this order (README and --help name them): the row's
# role, where its figure is, the drafted record's fields (a [[targets]] record's, and
# a [[not_targets]] entry's figure, quote and reason), what else the JSON says of the
# draft, then the source's facts (its `source` row). `figure` is the figure as written
# for a target, the entry's `figure` field (every figure it names) for a not_target.
SCAN_FIELDS = (
    "role",
    "line",
    "column",
    "figure",
    "id",
    "org",
    "metric",
    "value",
    "value_max",
    "unit",
    "comparator",
    "wording",
    "firmness",
    "direction",
    "period",
    "source",
    "quote",
    "reason",
    "sentence",
    "speaker",
    "todo",
    "notes",
    "period_assumed",
    "names",
    "title",
    "year",
    "file",
    "path",
    "in_data",
    "figures",
    "claimed",
)

_TODO_TEXT = {
    "org": "no speaker line before it names a known org",
    "metric": "no catalogue name or alias in its clause; name one, or add a [[metrics]] entry",
    "value": "no number could be read from the figure",
    "unit": "the figure's unit is none of the data's units",
    "quote": "no span of its line occurs once in the source; quote a longer passage",
    "period": (
        "the text names no year for it, and the source's year is unknown: "
        "set the source's year (the year it calls 今年), then the period"
    ),
}


@dataclass(frozen=True, slots=True)
class ScanReport:
    """scan's Report, and the same drafts as TOML lines (for renderers.toml)."""

    report: Report
    toml_lines: Callable[[], list[Line]]  # (made when asked for: JSON needs none)

    @property
    def toml(self) -> list[Line]:
        return self.toml_lines()


def scan_report(
    text: str,
    path: str,
    source_id: str,
    year: int | None,
    figures: list[Figure],
    left_out: set[Figure],
    drafts: list[Draft],
    ids: list[str],
    dismissals: list[Any],
    parts: list[Any],
    known: Source | None,
) -> ScanReport:
    """The drafts of `text` (at `path`, shown as given) as JSON, TOML and flat records."""
    document = _json(
        text, path, source_id, year, figures, left_out, drafts, ids, dismissals, parts, known
    )
    order = [d.figure.start for d in drafts] + [e.figures[0].start for e in dismissals]
    header = _header(path, figures, left_out, drafts, dismissals)
    return ScanReport(
        report=Report(
            document=document,
            records=lambda: _flat(document, order),
            fields=SCAN_FIELDS,
            tables=lambda: _tables(document, order, header),
        ),
        toml_lines=lambda: _toml(
            text, path, source_id, year, figures, left_out, drafts, ids, dismissals, parts, known
        ),
    )


def _record(text: str, d: Draft, ident: str, source_id: str) -> dict[str, object]:
    """The drafted target as a data file writes it (TODO where nothing was guessed)."""
    record: dict[str, object] = {"id": ident, "org": d.org or TODO}
    record["metric"] = d.metric.name if d.metric else TODO
    if d.amount.value is not None:  # (left out, the checker asks for it: see the TODO)
        record["value"] = d.amount.value
    if d.amount.value_max is not None:
        record["value_max"] = d.amount.value_max
    if d.amount.unit is not None:
        record["unit"] = d.amount.unit
    record["comparator"] = d.comparator
    if d.wording:
        record["wording"] = d.wording.word
    if d.firmness:
        record["firmness"] = d.firmness.word
    if d.direction:
        record["direction"] = d.direction
    record["period"] = d.period.period
    record["source"] = source_id
    record["quote"] = text[d.quote[0] : d.quote[1]] if d.quote else f"{TODO}: {d.figure.text}"
    return record


def _notes(d: Draft) -> list[str]:
    notes = [f"TODO: {field}: {_TODO_TEXT[field]}" for field in d.todo]
    if d.times is not None:
        base = f"{d.base}年" if d.base else "the base year"
        notes.append(
            f"value: {d.figure.text if d.figure.text == '倍增' else '翻' + d.figure.text + '番'} "
            f"is ×{d.times} of {base}'s figure, which the text does not give: the base "
            f"year's figure is needed; write value = {d.times} × it, in the metric's unit"
        )
    if d.amount.counted:
        notes.append(f"unit: {d.figure.text} counted in 个")
    if d.metric and d.metric.start <= d.figure.start and d.figure.end <= d.metric.end:
        notes.append(f"value: {d.figure.text} is part of the name {d.metric.written}: the value?")
    if d.period.assumed and d.period.period != UNKNOWN_PERIOD:
        notes.append(
            f"period: no year in the sentence; {d.period.period} (今年) assumed: "
            "leave period out if the target holds for no year"
        )
    return notes


def _toml(
    text, path, source_id, year, figures, left_out, drafts, ids, dismissals, parts, known
) -> list[Line]:
    lines: list[Line] = [
        _header(path, figures, left_out, drafts, dismissals),
        "Read each draft against its sentence, fill in every TODO, delete what states "
        "no target, then run: targets check",
        None,
    ]
    if known is None:
        source = _source_table(text, path, source_id, year)
        lines += [
            "TODO: the source is not in the data: add it (file relative to the data file)",
            ("sources", source),
            None,
        ]
    entries: list[tuple[int, list[Line]]] = []
    for d, ident in zip(drafts, ids, strict=True):
        block: list[Line] = [
            f"line {d.figure.line}: {sentence_of(text, d.figure.start, d.figure.end)}"
        ]
        block += _notes(d)
        block.append(("targets", _record(text, d, ident, source_id)))
        entries.append((d.figure.start, block))
    for entry in dismissals:
        first = entry.figures[0]
        block = [f"line {first.line}: {sentence_of(text, first.start, first.end)}"]
        if len(entry.figures) > 1:
            block.append(f"names {len(entry.figures)} figures of the source")
        record = {
            "source": source_id,
            "figure": entry.figure,
            "quote": entry.quote,
            "reason": entry.reason,
        }
        block.append(("not_targets", record))
        entries.append((first.start, block))
    current: object = object()
    for start, block in sorted(entries, key=lambda e: e[0]):
        part = part_of(parts, start)
        if (part.start if part else None) != current:
            current = part.start if part else None
            heading = part.heading if part else "before the first speaker"
            org = part.org if part and part.org else TODO
            lines += [f"---- {heading} ({org}) ----", None]
        lines += [*block, None]
    return lines


def _header(path, figures, left_out, drafts, dismissals) -> str:
    return (
        f"Drafted by targets scan from {path}: {len(figures)} figures, "
        f"{len(left_out)} already claimed by the data, {len(drafts)} drafted targets, "
        f"{len(dismissals)} drafted not_targets entries."
    )


def _source_table(text: str, path: str, source_id: str, year: int | None) -> dict[str, object]:
    """The [[sources]] table drafted for a source the data does not have."""
    return {
        "id": source_id,
        "file": "sources/" + path.rsplit("/", 1)[-1],  # (its name, as Path.name)
        "title": _first_line(text),
        "year": year if year else TODO,
    }


def _heading(parts: list, figure: Figure) -> str | None:
    part = part_of(parts, figure.start)
    return part.heading if part else None


def _first_line(text: str) -> str:
    """The title line (not a banner, caption or lead sentence); else the first line."""
    found = title_line(text)
    if found is not None:
        return found
    return next((line.strip() for line in text.splitlines() if line.strip()), TODO)


def _json(
    text, path, source_id, year, figures, left_out, drafts, ids, dismissals, parts, known
) -> dict[str, object]:
    def where(figure: Figure) -> dict[str, object]:
        column = figure.start - (text.rfind("\n", 0, figure.start) + 1) + 1
        return {"figure": figure.text, "line": figure.line, "column": column}

    answer = {
        "source": path,
        "source_id": source_id,
        "in_data": known is not None,
        "year": year,
        "figures": len(figures),
        "claimed": len(left_out),
        "targets": [
            {
                **where(d.figure),
                "sentence": sentence_of(text, d.figure.start, d.figure.end),
                "speaker": _heading(parts, d.figure),
                "record": _record(text, d, ident, source_id),
                "todo": list(d.todo),
                "period_assumed": d.period.assumed,
                "notes": _notes(d),
            }
            for d, ident in zip(drafts, ids, strict=True)
        ],
        "not_targets": [
            {
                **where(entry.figures[0]),
                "sentence": sentence_of(text, entry.figures[0].start, entry.figures[0].end),
                "record": {
                    "source": source_id,
                    "figure": entry.figure,
                    "quote": entry.quote,
                    "reason": entry.reason,
                },
                "names": [where(f) for f in entry.figures],
                "speaker": _heading(parts, entry.figures[0]),
            }
            for entry in dismissals
        ],
        # the TOML's [[sources]] table and title: the data's own when it has the source
        "title": known.title if known else _first_line(text),
        "source_record": None if known else _source_table(text, path, source_id, year),
    }
    return answer


# ---- flat records and the table ------------------------------------------------------


def _in_order(document: Mapping[str, Any], order: list[int]) -> list[tuple[str, Any]]:
    """Every draft as (role, its JSON entry), in the order of the text (as the TOML)."""
    entries = [("target", e) for e in document["targets"]]
    entries += [("not_target", e) for e in document["not_targets"]]
    ranked = sorted(range(len(entries)), key=lambda n: order[n])
    return [entries[n] for n in ranked]


def _flat(document: Mapping[str, Any], order: list[int]) -> list[dict[str, Any]]:
    drafted = document["source_record"] or {}
    rows: list[dict[str, Any]] = [
        {
            "role": "source",
            "id": document["source_id"],
            "title": document["title"],
            "year": document["year"],
            "file": drafted.get("file"),
            "path": document["source"],
            "in_data": document["in_data"],
            "figures": document["figures"],
            "claimed": document["claimed"],
        }
    ]
    for role, entry in _in_order(document, order):
        row = {"role": role, "line": entry["line"], "column": entry["column"]}
        row["figure"] = entry["figure"]
        row |= entry["record"]  # (a not_target's `figure` is its record's: every figure)
        row["sentence"] = entry["sentence"]
        row["speaker"] = entry["speaker"]
        if role == "target":
            row |= {k: entry[k] for k in ("todo", "notes", "period_assumed")}
        else:
            row["names"] = entry["names"]
        rows.append(row)
    return rows


# The table's columns: (key, header, numeric). A dismissal's reason and a target's
# fields left TODO go under the quote, in its column: one column of text takes the
# width a 120-column terminal has left, where two would share it and wrap both.
_COLUMNS = (
    ("role", "role", False),
    ("line", "line", True),
    ("id", "id", False),
    ("quote", "quote (figure marked) → reason / TODO", False),
    ("value", "value", True),
    ("unit", "unit", False),
    ("comparator", "comparator", False),
    ("period", "period", False),
    ("firmness", "firmness", False),
)


def _tables(document: Mapping[str, Any], order: list[int], header: str) -> tuple[Any, ...]:
    from .report import Column, Marked, Table

    rows: list[dict[str, Any]] = []
    for role, entry in _in_order(document, order):
        record = entry["record"]
        quote = str(record["quote"])
        figures = [entry["figure"]] if role == "target" else [f["figure"] for f in entry["names"]]
        marks = []
        for figure in figures:  # (each figure's first place in the quote, if it is there)
            at = quote.find(figure)
            if at >= 0:
                marks.append((at, at + len(figure)))
        if not marks:  # (the figure said beside a quote that does not hold it)
            quote += f" ({record['figure'] if role == 'not_target' else entry['figure']})"
        row: dict[str, Any] = {"role": role, "line": entry["line"]}
        reason = record.get("reason")
        if role == "target":
            value = record.get("value")
            if value is not None and record.get("value_max") is not None:
                value = f"{value}—{record['value_max']}"
            comparator = record["comparator"]
            if record.get("direction"):
                comparator += f", {record['direction']}"
            row |= {"id": record["id"], "value": value, "unit": record.get("unit")}
            row |= {"comparator": comparator, "period": record["period"]}
            row["firmness"] = record.get("firmness")
            reason = "TODO: " + ", ".join(entry["todo"]) if entry["todo"] else None
        row["quote"] = Marked(quote + (f"\n→ {reason}" if reason else ""), tuple(marks))
        rows.append(row)
    year = document["year"] if document["year"] is not None else TODO
    where = "in the data" if document["in_data"] else "not in the data: add its [[sources]] table"
    title = f"{document['title']} ({document['source_id']}, {year}; {where})"
    notes = (header, "The same drafts as TOML, to paste into a data file and edit: --format toml")
    columns = tuple(Column(key, head, numeric=numeric) for key, head, numeric in _COLUMNS)
    return (Table(columns=columns, rows=rows, title=title, notes=notes),)
