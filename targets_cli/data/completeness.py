"""Every figure of a source accounted for: quoted by a target, or dismissed with a reason.

`completeness_problems(dataset)` finds each figure of each source text
(`rules.figures.find_figures`) and requires it to lie inside an occurrence of some
target's quote in that source, or to be named by a `[[not_targets]]` entry: the entry's
`figure`, found inside an occurrence of its `quote`, overlaps the figure. An entry may
name several figures of its quote at once (a sentence of last year's results): its
`figure` then lists them, as written, separated by ", " (figures_named). A figure
neither claimed nor dismissed is a problem at the source's file and line. An entry of
`[[not_targets]]` whose source is unknown, whose quote is not in the source, whose
figure is not in its quote, or which covers no figure the source writes, is a problem
at its own line of the data file.

`accounting(text, quotes, dismissals)` is the same reading for one text, for `scan`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..errors import Problem, shown, visible
from ..rules.model import Dataset, NotTarget, Source, Where
from ..rules.records import dataclass
from ..rules.sentences import PLACEHOLDER_ID, sentence_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

    from ..rules.figures import Figure
    from .locating import Locator

TODO_MARK = "TODO"  # a reason scan drafted, not yet written by the curator
HINT = "add a target that quotes it or a [[not_targets]] entry with a reason"


def occurrences(text: str, part: str) -> list[tuple[int, int]]:
    """Every (start, end) of part in text, overlapping ones included."""
    found: list[tuple[int, int]] = []
    if not part:
        return found
    at = text.find(part)
    while at >= 0:
        found.append((at, at + len(part)))
        at = text.find(part, at + 1)
    return found


class _Spans:
    """Spans of a text, asked which contain or overlap a given span (in log time)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]
        self.reach = []  # the furthest end among the spans up to each one
        furthest = -1
        for _, end in self.spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def contain(self, start: int, end: int) -> bool:
        at = bisect_right(self.starts, start) - 1
        return at >= 0 and self.reach[at] >= end

    def overlap(self, start: int, end: int) -> bool:
        at = bisect_left(self.starts, end) - 1
        return at >= 0 and self.reach[at] > start


@dataclass(frozen=True, slots=True)
class Dismissal:
    """Where one `[[not_targets]]` entry points in its source, or why it cannot."""

    entry: NotTarget
    spans: tuple[tuple[int, int], ...]  # the figure's occurrences inside the quote's
    quote_found: bool
    figure_in_quote: bool


@dataclass(frozen=True, slots=True)
class Accounting:
    """The figures of one text, sorted into claimed, dismissed and neither."""

    figures: tuple[Figure, ...]
    claimed: tuple[Figure, ...]  # inside a target's quote
    dismissed: tuple[Figure, ...]  # named by a not_targets entry (and not claimed)
    unclaimed: tuple[Figure, ...]
    dismissals: tuple[Dismissal, ...]
    covering: tuple[int, ...]  # for each dismissal, how many figures it names
    # for each dismissal, the figures it names that a target's quote claims: a figure is
    # a target's or dismissed, never both (or taking the target out would go unseen)
    contested: tuple[tuple[Figure, ...], ...] = ()


# Between the figures a sentence-level entry lists: "4,233.2亿元, 4.8%; 59家" (a comma
# followed by a space, or a full-width comma or semicolon: never inside one figure,
# whose thousands separator has no space after it).
_LIST_SEPARATOR = r",\s+|\s*[，；;]\s*"


def figures_named(figure: str, quote: str) -> tuple[str, ...]:
    """The figures an entry's `figure` names: itself, as written in its quote; or, when it
    is not in the quote, the figures it lists (a sentence of results, one entry for all)."""
    if not figure or figure in quote:
        return (figure,)
    import re  # (here: most entries name a figure their quote writes)

    parts = tuple(part for part in re.split(_LIST_SEPARATOR, figure.strip()) if part)
    return parts if len(parts) > 1 else (figure,)


def dismissal(text: str, entry: NotTarget) -> Dismissal:
    quotes = occurrences(text, entry.quote)
    named = figures_named(entry.figure, entry.quote)
    spans = []
    for start, end in quotes:
        for figure in named:
            for at, last in occurrences(text[start:end], figure):
                spans.append((start + at, start + last))
    in_quote = all(figure and figure in entry.quote for figure in named)
    return Dismissal(entry, tuple(spans), bool(quotes), in_quote)


def accounting(text: str, quotes: Iterable[str], entries: Iterable[NotTarget] = ()) -> Accounting:
    """Sort the figures of a text by the target quotes and not_targets entries given."""
    # (loaded here, not above: a warm `check` reads the answer from the index and finds
    # no figures, and the figure rules were a fifth of its imports)
    from ..rules.figures import find_figures

    figures = find_figures(text)
    quoted = _Spans(span for quote in set(quotes) for span in occurrences(text, quote))
    dismissals = tuple(dismissal(text, entry) for entry in entries)
    named = [_Spans(d.spans) for d in dismissals]
    every_named = _Spans(span for d in dismissals for span in d.spans)
    claimed, dismissed, unclaimed = [], [], []
    for figure in figures:
        if quoted.contain(figure.start, figure.end):
            claimed.append(figure)
        elif every_named.overlap(figure.start, figure.end):
            dismissed.append(figure)
        else:
            unclaimed.append(figure)
    covering = tuple(sum(1 for f in figures if spans.overlap(f.start, f.end)) for spans in named)
    contested = tuple(tuple(f for f in claimed if spans.overlap(f.start, f.end)) for spans in named)
    return Accounting(
        tuple(figures),
        tuple(claimed),
        tuple(dismissed),
        tuple(unclaimed),
        dismissals,
        covering,
        contested,
    )


def unclaimed_message(text: str, figure: Figure) -> str:
    sentence = visible(sentence_of(text, figure.start, figure.end))
    return f"unclaimed figure {figure.text!r} in: {sentence}; {HINT}"


def column_of(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1) + 1


def read_texts(dataset: Dataset) -> dict[str, str]:
    """The text of each source that can be read (one that cannot is reported elsewhere)."""
    texts = {}
    for source in dataset.sources.values():
        text = _text_of(source)
        if text is not None:
            texts[source.id] = text
    return texts


class _EntryLines:
    """Lines of data-file entries, each file read once, only when a problem needs one."""

    def __init__(self) -> None:
        self.locators: dict[str, Locator | None] = {}

    def problem(self, where: Where | None, key: str | None, message: str) -> Problem:
        if where is None:
            return Problem("?", message)
        if where.file not in self.locators:
            from ..errors import DataError
            from .loading import read_text
            from .locating import Locator

            try:
                self.locators[where.file] = Locator(read_text(where.file))
            except DataError:
                self.locators[where.file] = None
        locator = self.locators[where.file]
        line = locator.line(where.table, where.index, key) if locator else None
        return Problem(where.file, message, line=line)


def unsettled_quotes(dataset: Dataset) -> list[tuple[str, str]]:
    """(source, quote) of the targets the dataset leaves out for an unknown org or metric:
    their figures are accounted for, so that one mistake is one problem.

    Asked of the index the dataset was read from (its rows of targets not settled);
    a dataset read otherwise has none to give. A target with a field of the wrong type
    is in no index: the figure it would quote is reported too, until it is fixed.
    """
    connection = getattr(dataset.search, "connection", None)
    if connection is None:
        return []
    import sqlite3

    try:
        rows = connection.execute("SELECT source, quote FROM targets WHERE region IS NULL")
        return [(s, q) for s, q in rows if isinstance(s, str) and isinstance(q, str)]
    except sqlite3.Error:
        return []


def targets_left_out(dataset: Dataset) -> bool:
    """Whether some [[targets]] entry of the files is in no index row (a field of the wrong
    type, a missing field): what it quotes cannot be known until that is fixed."""
    connection = getattr(dataset.search, "connection", None)
    if connection is None:
        return False
    import re
    import sqlite3

    from ..errors import DataError
    from .loading import read_text

    try:
        (rows,) = connection.execute("SELECT COUNT(*) FROM targets").fetchone()
    except sqlite3.Error:
        return False
    headers = re.compile(r"(?m)^[ \t]*\[\[[ \t]*targets[ \t]*\]\]")
    written = 0
    for path in dataset.files:
        try:
            written += len(headers.findall(read_text(path)))
        except DataError:
            continue
    return written > int(rows)


def cited_sources(dataset: Dataset) -> tuple[Source, ...]:
    """The sources cited rather than bundled: `check` cannot say every figure of their
    text is recorded, and its answer says so."""
    index = _index_of(dataset)
    if index is None:
        return tuple(source for source in dataset.sources.values() if source.file is None)
    # (read through the index: only the cited ones are built, not every source)
    bundled = _bundled(index.connection)
    return tuple(dataset.sources[i] for i, is_bundled in bundled.items() if not is_bundled)


def _bundled(connection: Any) -> dict[str, bool]:
    """Each source id of an index, in the data's order, and whether its record (the
    first of that id) bundles a text: read from the ids and files alone."""
    bundled: dict[str, bool] = {}
    for source_id, file in connection.execute(
        "SELECT id, file FROM sources ORDER BY _file, _ordinal"
    ):
        bundled.setdefault(source_id, file is not None)
    return bundled


def cited_problems(dataset: Dataset) -> list[Problem]:
    """Each cited source as a note at its [[sources]] entry (file, line, its id): what
    `check` says it did not check for completeness. Not a problem of the data."""
    lines = _EntryLines()
    found = []
    for source in cited_sources(dataset):
        note = lines.problem(source.where, None, "cited, not bundled")
        found.append(Problem(note.file, note.message, line=note.line, record=source.id))
    return found


def completeness_problems(
    dataset: Dataset,
    texts: Mapping[str, str] | None = None,
    not_targets: Iterable[NotTarget] | None = None,
    *,
    partial: bool = False,
) -> list[Problem]:
    """Every figure of every source neither claimed nor dismissed, and every bad entry.

    texts: each source's text by id (default: read from each source's file);
    not_targets: the entries to hold (default: the dataset's);
    partial: the dataset may leave records out (reading it found problems): the
    figures they quote are taken as accounted for (see unsettled_quotes), and when
    a target is left out whose quote is not known (targets_left_out), no figure is
    called unclaimed: the check fails on that target's own problem, and the figures
    are held to the quotes once it is fixed.
    """
    index = _index_of(dataset)
    if index is not None and texts is None:
        return _streamed(dataset, index, entries_of_dataset(dataset, not_targets), partial)
    texts = read_texts(dataset) if texts is None else texts
    entries = dataset.not_targets if not_targets is None else tuple(not_targets)
    lines = _EntryLines()
    problems: list[Problem] = []
    claims = [(target.source, target.quote) for target in dataset.targets]
    undecided = partial and targets_left_out(dataset)
    if partial:
        claims += unsettled_quotes(dataset)
    quotes_of: dict[str, list[str]] = {}
    for source, quote in claims:
        if source in dataset.sources:
            quotes_of.setdefault(source, []).append(quote)
        elif quote:  # an unknown source id: the quote claims what it holds wherever it is
            for known, text in texts.items():
                if quote in text:
                    quotes_of.setdefault(known, []).append(quote)
    entries_of = _entries_of(dataset, entries, lines, problems)
    for target in dataset.targets:
        if target.id.startswith(PLACEHOLDER_ID):
            message = f"target id {shown(target.id)} is still the placeholder scan drafted; name it"
            problems.append(lines.problem(target.where, "id", message))
    for source_id, record in dataset.sources.items():
        source_text = texts.get(source_id)
        if source_text is None:
            continue
        problems += _source_problems(
            record, source_text, quotes_of.get(source_id, ()), entries_of, undecided, lines
        )
    return problems


def entries_of_dataset(
    dataset: Dataset, not_targets: Iterable[NotTarget] | None
) -> tuple[NotTarget, ...]:
    return tuple(dataset.not_targets) if not_targets is None else tuple(not_targets)


def _entries_of(
    dataset: Dataset, entries: Iterable[NotTarget], lines: _EntryLines, problems: list[Problem]
) -> dict[str, list[NotTarget]]:
    """The [[not_targets]] entries by source; a problem for each of an unknown or cited one."""
    entries_of: dict[str, list[NotTarget]] = {}
    for entry in entries:
        if entry.source not in dataset.sources:
            from .checking import close_matches  # only when a source is unknown

            # (the sources' list built once a run, not once an entry)
            close = close_matches(entry.source, dataset.sources)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            message = f"not_targets entry: unknown source {shown(entry.source)}{hint}"
            problems.append(lines.problem(entry.where, "source", message))
        elif dataset.sources[entry.source].file is None:
            message = (
                f"not_targets entry: source {shown(entry.source)} is cited, not bundled: with "
                "no text there is nothing to account every figure of, so it takes no "
                "not_targets entries; remove this one (or bundle the text with file = …)"
            )
            problems.append(lines.problem(entry.where, "source", message))
        else:
            entries_of.setdefault(entry.source, []).append(entry)
    return entries_of


def _source_problems(
    record: Source,
    text: str,
    quotes: Iterable[str],
    entries_of: dict[str, list[NotTarget]],
    undecided: bool,
    lines: _EntryLines,
) -> list[Problem]:
    """One source's figures unclaimed, and the problems of its [[not_targets]] entries."""
    problems: list[Problem] = []
    found = accounting(text, quotes, entries_of.get(record.id, []))
    assert record.file is not None  # (a text was read: the source is bundled)
    for figure in () if undecided else found.unclaimed:
        message = unclaimed_message(text, figure)
        column = column_of(text, figure.start)
        problems.append(Problem(record.file, message, line=figure.line, column=column))
    for entry_found, covers, contested in zip(
        found.dismissals, found.covering, found.contested, strict=True
    ):
        problems += _entry_problems(entry_found, covers, contested, lines)
    return problems


def _index_of(dataset: Dataset) -> Any:
    """The index a dataset reads its targets from (None: the targets are in memory)."""
    search = dataset.search
    if search is None or getattr(search, "connection", None) is None:
        return None
    return search if hasattr(search, "targets") else None


def _streamed(
    dataset: Dataset, index: Any, entries: tuple[NotTarget, ...], partial: bool
) -> list[Problem]:
    """completeness_problems of a dataset read through its index, one source at a time:
    its text read, its quotes asked of the index (by the source), then let go, so that
    memory does not grow with the data. The same problems, in the same order."""
    connection = index.connection
    lines = _EntryLines()
    problems: list[Problem] = []
    undecided = partial and targets_left_out(dataset)
    known = dataset.sources
    # quotes of targets whose source is unknown claim what they hold wherever it is
    strays = [
        quote
        for source, quote in connection.execute(
            "SELECT source, quote FROM targets WHERE region IS NOT NULL "
            "AND source NOT IN (SELECT id FROM sources) ORDER BY _file, _ordinal"
        )
        if source not in known and quote
    ]
    unsettled: dict[str, list[str]] = {}
    for source, quote in unsettled_quotes(dataset) if partial else ():
        if source in known:
            unsettled.setdefault(source, []).append(quote)
        elif quote:
            strays.append(quote)
    entries_of = _entries_of(dataset, entries, lines, problems)
    placeholders = index.targets("substr(id, 1, ?) = ?", (len(PLACEHOLDER_ID), PLACEHOLDER_ID))
    for target in placeholders:
        message = f"target id {shown(target.id)} is still the placeholder scan drafted; name it"
        problems.append(lines.problem(target.where, "id", message))
    query = "SELECT quote FROM targets WHERE region IS NOT NULL AND source = ?"
    for source_id, record in known.items():
        text = _text_of(record)
        if text is None:
            continue
        quotes = [row[0] for row in connection.execute(query, (source_id,))]
        quotes += unsettled.get(source_id, ())
        quotes += [quote for quote in strays if quote in text]
        problems += _source_problems(record, text, quotes, entries_of, undecided, lines)
    return problems


def _text_of(source: Source) -> str | None:
    """A bundled source's text (None: cited, or unreadable, which is reported elsewhere)."""
    from ..errors import DataError
    from .loading import read_bytes, source_text_of

    if source.file is None:
        return None
    try:  # (only a regular file of a bounded size: a device or FIFO would never end)
        return source_text_of(read_bytes(source.file, what="a text file"))
    except (DataError, UnicodeDecodeError):
        return None


def _entry_problems(
    found: Dismissal, covers: int, contested: tuple[Figure, ...], lines: _EntryLines
) -> list[Problem]:
    entry, where = found.entry, found.entry.where
    figure, quote = shown(entry.figure), shown(entry.quote)
    if not entry.reason.strip():
        return [lines.problem(where, "reason", f"not_targets entry {figure}: reason is empty")]
    if entry.reason.lstrip().upper().startswith(TODO_MARK):
        message = (
            f"not_targets entry {figure}: the reason is still a TODO; say why it states no target"
        )
        return [lines.problem(where, "reason", message)]
    if not entry.quote.strip():
        return [lines.problem(where, "quote", f"not_targets entry {figure}: quote is empty")]
    if not found.quote_found:
        message = f"not_targets entry {figure}: quote {quote} not found verbatim in the source"
        return [lines.problem(where, "quote", message)]
    if not found.figure_in_quote:
        named = figures_named(entry.figure, entry.quote)
        if len(named) > 1:
            missing = ", ".join(shown(f) for f in named if f not in entry.quote)
            message = (
                f"not_targets entry: figure {figure} lists {missing}, not in its quote "
                f"{quote}; list the figures as the quote writes them, separated by ', '"
            )
        else:
            message = f"not_targets entry: figure {figure} is not in its quote {quote}"
        return [lines.problem(where, "figure", message)]
    if covers == 0:
        from ..rules.figures import find_figures

        written = [f.text for f in find_figures(entry.quote)]
        holds = ", ".join(written) if written else "none"
        message = (
            f"not_targets entry: figure {figure} names no figure of the source "
            f"(its quote holds: {holds}); name one of them or remove the entry"
        )
        return [lines.problem(where, "figure", message)]
    if contested:
        at = ", ".join(f"{f.text!r} on line {f.line}" for f in contested)
        message = (
            f"not_targets entry {figure}: its quote {quote} also dismisses {at}, which a "
            f"target quotes; lengthen the quote (it may run across lines) so that it holds "
            f"only figures that state no target"
        )
        return [lines.problem(where, "quote", message)]
    return []


def remembered_problems(dataset: Dataset, partial: bool) -> list[Problem]:
    """completeness_problems of a dataset read through its index, each source's worked
    out again only when a refresh forgot what `check` remembered of it (its text, row,
    quotes or dismissals changed: building.py `_unaccount`); the same problems, in the
    same order. A dataset with problems (partial) is worked out whole, as before, and
    not remembered: what counts as claimed then depends on every file."""
    index = _index_of(dataset)
    if index is None or partial:
        return completeness_problems(dataset, partial=partial)
    import sqlite3

    from .store import json_value  # (not `import json`: a warm check writes nothing)

    connection = index.connection
    try:
        (version,) = connection.execute("PRAGMA data_version").fetchone()
        stored = dict(connection.execute("SELECT source, problems FROM _complete"))
    except sqlite3.Error:
        return completeness_problems(dataset, partial=partial)
    lines = _EntryLines()
    problems: list[Problem] = []
    # Which sources are bundled, from their ids and files alone (the first row of an id
    # is its record): a source record and the dismissals are built only when a source is
    # worked out again, or when a dismissal names a source that takes none.
    bundled = _bundled(connection)
    misplaced = connection.execute(
        "SELECT 1 FROM not_targets WHERE source NOT IN "
        "(SELECT id FROM sources WHERE file IS NOT NULL) LIMIT 1"
    ).fetchone()
    to_work_out = [i for i, is_bundled in bundled.items() if is_bundled and i not in stored]
    entries_of: dict[str, list[NotTarget]] = {}
    if misplaced is not None or to_work_out:
        entries_of = _entries_of(dataset, dataset.not_targets, lines, problems)
    # (by the id index: ids from "todo-" up to, not including, "todo.")
    placeholders = index.targets("id >= ? AND id < ?", (PLACEHOLDER_ID, "todo."))
    for target in placeholders:
        message = f"target id {shown(target.id)} is still the placeholder scan drafted; name it"
        problems.append(lines.problem(target.where, "id", message))
    query = "SELECT quote FROM targets WHERE region IS NOT NULL AND source = ?"
    worked_out = []
    for source_id, is_bundled in bundled.items():
        if not is_bundled:
            continue
        kept = stored.get(source_id)
        if kept is not None:
            problems += [Problem(f, m, line, col, r) for f, m, line, col, r in json_value(kept)]
            continue
        record = dataset.sources[source_id]
        text = _text_of(record)
        found = []
        if text is not None:
            quotes = [row[0] for row in connection.execute(query, (source_id,))]
            found = _source_problems(record, text, quotes, entries_of, False, lines)
        problems += found
        rows = [[str(p.file), p.message, p.line, p.column, p.record] for p in found]
        import json

        worked_out.append((source_id, json.dumps(rows, ensure_ascii=False)))
    if worked_out:
        _remember(connection, version, worked_out)
    return problems


def _remember(connection: Any, version: int, rows: list[tuple[str, str]]) -> None:
    """Store what was worked out, unless another run changed the index meanwhile (its
    refresh may have forgotten a source after it was read here)."""
    import sqlite3

    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:
        return  # (locked, or read-only: worked out again next time)
    try:
        if connection.execute("PRAGMA data_version").fetchone()[0] == version:
            connection.executemany("INSERT OR REPLACE INTO _complete VALUES (?, ?)", rows)
        connection.execute("COMMIT")
    except sqlite3.Error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
