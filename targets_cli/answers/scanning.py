"""`targets scan SOURCE.txt`: every figure of a new source, each with a drafted record.

`scan_report(source, data, use_data)` reads the source text, finds its figures
(rules.figures), and drafts for each a `[[targets]]` record (rules.drafting: org from
the speaker's part, metric from the catalogue's names and aliases, value and unit,
comparator and wording, firmness, period, the shortest quote the checker accepts) or,
for a figure that names no quantity to reach (a slogan in “”, a date, a programme's
length), a `[[not_targets]]` entry whose reason the curator writes. The catalogue
(orgs, metrics, sources) is read from `data`, by default the bundled data; with
`use_data`, the figures that data already quotes or dismisses are left out, so what
is printed is what is still to do.

`scan_report` gives the drafts as views.scan builds them (a Report, and the lines
renderers.toml writes); `scan` prints them as text, fmt "toml" or "json".
"""

from __future__ import annotations

import os
from bisect import bisect_right

from ..data.index import open_dataset
from ..data.paths import path_text, read_bytes, source_text_of
from ..errors import DataError, Problem, UsageError, shown, shown_path, visible
from ..rules.drafting import (
    Draft,
    caption_spans,
    clause_around,
    dateline_spans,
    doubling_spans,
    draft,
    headline_lines,
    is_time_span,
    label_around,
    part_of,
    result_sentences,
    section_headings,
    shortest_quote,
    simplified_text,
    speaker_parts,
)
from ..rules.figures import COMPOUND, DATE, ORDINAL, YEARS, Figure, figure_kind, find_figures
from ..rules.model import Dataset, Org, Source
from ..rules.records import dataclass
from ..rules.script import simplified
from ..rules.wording import sentence_around
from ..views import scan as scan_view

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..views.scan import ScanReport

FORMATS = ("toml", "json")
TODO = "TODO"
# Of a figure that states no target, the reason the curator is to write, by kind.
_REASON_TODO = {
    "headline": "TODO: the headline of a speech; say which target below it restates",
    "label": "TODO: a slogan, label or programme's name (say which), not a figure to reach",
    "date": "TODO: a date; say what it dates (a target's year belongs in its period)",
    "span": "TODO: the length of a programme or plan, not a figure to reach",
    "compound": "TODO: a slogan (say whose plan it labels), not a figure to reach",
    "other": "TODO: say why this figure states no target",
}
# Of a line that states no target, the reason, written: nothing is left to the curator.
DATELINE_REASON = "the date and session the report was delivered at"
HEADING_REASON = "a section heading"
CAPTION_REASON = "a photo caption"


@dataclass(frozen=True, slots=True)
class Dismissal:
    """A drafted [[not_targets]] entry and the figures it names."""

    figure: str
    quote: str
    reason: str
    figures: tuple[Figure, ...]


def scan(
    source: str | os.PathLike[str],
    data: str | None = None,
    use_data: bool = False,
    fmt: str = "toml",
) -> str:
    """The drafts for every figure of `source` not yet claimed, as TOML or JSON text."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown scan format {shown(fmt)}; expected one of {', '.join(FORMATS)}")
    from io import StringIO

    report = scan_report(source, data, use_data)
    out = StringIO()
    if fmt == "json":
        from ..renderers import Format, render

        render(report.report, Format.json, out)
    else:
        from ..renderers.toml import write_toml

        write_toml(report.toml, out)
    return out.getvalue()


def scan_report(
    source: str | os.PathLike[str], data: str | None = None, use_data: bool = False
) -> ScanReport:
    """The drafts for every figure of `source` not yet claimed (with `use_data`, of those
    `data` does not quote or dismiss), as a Report. (The path is a str, written as
    str(Path(source)) writes it: no pathlib on the way to the answer.)"""
    source = path_text(os.fspath(source))
    text = _read_source(source)
    dataset, problems = _dataset(data, use_data)
    known = _source_record(dataset, source)
    year = known.year if known else _guess_year(text)
    source_id = known.id if known else _slug(_stem(source)) or "todo-source"

    figures = find_figures(text)
    left_out: set[Figure] = set()
    if use_data and known is not None:
        left_out = _claimed(dataset, known.id, text, partial=bool(problems))
    todo_figures = [f for f in figures if f not in left_out]
    lines = _whole_lines(text, todo_figures)
    on_lines = {f for _, _, named in lines for f in named}
    todo_figures = [f for f in todo_figures if f not in on_lines]

    names = {
        written: metric.name
        for metric in dataset.metrics.values()
        for written in (metric.name, *metric.aliases)
    }
    orgs = [
        (org.id, [org.speaker or "", org.id, org.short or "", *org.aliases])
        for org in dataset.orgs.values()
    ]
    parts = speaker_parts(text, orgs)
    headlines = headline_lines(text, parts)
    in_a_headline = _Within(headlines)
    in_headline = {  # (a label's figures are left to the label's entry, which covers all)
        f for f in todo_figures if in_a_headline(f.start, f.end) and label_around(text, f) is None
    }
    body = [f for f in todo_figures if f not in in_headline]
    results = _results(text, body, year)
    reviewed = {f for _, named in results for f in named}
    body = [f for f in body if f not in reviewed]
    body = sorted([*body, *_doublings(text, figures, year)])
    dimensions = {metric.name: metric.dimension for metric in dataset.metrics.values()}
    spans = tuple((f.start, f.end) for f in figures)  # (a tuple: kept by identity)
    drafts = _drafts(text, body, year or 0, names, parts, dimensions, spans)
    quoted = _Within([d.quote for d in drafts if d.quote])
    leftovers = [f for f in body if not quoted(f.start, f.end)]
    dismissals = _headline_dismissals(text, sorted(in_headline), headlines)
    dismissals += _dismissals(text, leftovers)
    dismissals += [_result_dismissal(text, span, named, year) for span, named in results]
    dismissals += [_line_dismissal(text, span, named, reason) for span, reason, named in lines]
    ids = _ids(drafts, dataset)
    return scan_view.scan_report(
        text,
        path_text(shown_path(source)),  # (only shown: a name that is not UTF-8 escaped)
        source_id,
        year,
        figures,
        left_out,
        drafts,
        ids,
        dismissals,
        parts,
        known,
    )


# ---- reading -----------------------------------------------------------------


def _read_source(path: str) -> str:
    """The source's text: a regular file only (a FIFO or /dev/zero would block or never
    end), of at most the size a data file may have."""
    try:
        raw = read_bytes(path, what="a .txt file", holder="a source text")
    except DataError as error:
        problem = error.problems[0]
        message = problem.message.replace("no such file", "does not exist")
        raise UsageError(f"source {visible(shown_path(problem.file))} {message}") from None
    try:
        return source_text_of(raw)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        name, byte = visible(shown_path(path)), raw[error.start]
        message = f"source {name} is not UTF-8 (byte 0x{byte:02x} on line {line})"
        raise UsageError(f"{message}; save it as UTF-8") from None


def _dataset(data: str | None, use_data: bool) -> tuple[Dataset, list[Problem]]:
    """The data's catalogue, read through its index; its problems only with use_data
    (they say whether its quotes are settled: a scan without --data quotes none)."""
    index = open_dataset(data)
    return index.dataset(), index.problems() if use_data else []


def _source_record(dataset: Dataset, path: str) -> Source | None:
    """The data's [[sources]] entry for this file, when it has one: the first whose file
    is the same file (links followed: the same device and inode)."""
    try:
        wanted = os.stat(path)
    except (OSError, ValueError):
        return None
    sources = dataset.sources
    files = getattr(sources, "files", None)  # (the index's: no Source built to look)
    if files is not None:
        pairs = files()
    else:
        pairs = ((i, s.file) for i, s in sources.items() if s.file is not None)
    for ident, file in pairs:
        try:
            found = os.stat(file)
        except (OSError, ValueError):
            continue
        if (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino):
            return sources[ident]
    return None


def _stem(path: str) -> str:
    """The file's name less its last suffix, as Path(path).stem."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _guess_year(text: str) -> int | None:
    """The year the text speaks of, as a curator reads it: the earliest year whose
    sentence then names a target (2024年主要预期目标, 2024年力争…); else, when the text
    speaks of 今年, the year of its own date (2024年1月10日); else the earliest year
    named. A work report reviews the year before first (2023年…增长), so the earliest
    year alone is the year under review."""
    import re  # (a text the data does not have: its year is guessed)

    text = simplified(text)
    years, aimed, dated = [], [], []
    for match in re.finditer(r"(?<!\d)(\d{4})年", text):
        year = int(match.group(1))
        if not YEARS[0] <= year <= YEARS[1]:
            continue
        years.append(year)
        _, end = sentence_around(text, match.start(), match.end())
        rest = text[match.end() : end]
        if re.search(_AIMING, rest) and not re.search(_REVIEWING, rest):
            aimed.append(year)
        if re.match(r"\d{1,2}月", rest):
            dated.append(year)
    if aimed:
        return min(aimed)
    if dated and "今年" in text:
        return min(dated)
    return min(years) if years else None


# Words after a year in its sentence that make it the year of a target, unless the
# sentence says the target was met (2023年主要目标任务圆满完成: a review).
# (Matched on the text read as simplified: rules.script.)
_AIMING = r"目标|力争|确保|争取"
_REVIEWING = r"目标任务|圆满完成|顺利完成|超额完成|全面完成|实现了|完成了"


class _Within:
    """Whether a span lies inside any of some spans (s <= start and end <= e), by a
    bisection: a text's figures against its headlines or quotes, not each against all."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []  # the furthest end of the spans up to each one
        for _, e in ordered:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def __call__(self, start: int, end: int) -> bool:
        before = bisect_right(self.starts, start)  # the spans starting at or before start
        return before > 0 and self.reach[before - 1] >= end


def _claimed(dataset: Dataset, source_id: str, text: str, partial: bool) -> set[Figure]:
    from ..data.completeness import accounting, unsettled_quotes

    search = dataset.search
    if search is not None and hasattr(search, "not_targets_of"):
        # (the index: this source's quotes and dismissals alone, no other record built)
        quotes = [quote for _ident, quote in search.quotes(source_id)]
        entries = search.not_targets_of(source_id)
    else:
        quotes = [t.quote for t in dataset.targets if t.source == source_id]
        entries = [e for e in dataset.not_targets if e.source == source_id]
    if partial:
        quotes += [quote for source, quote in unsettled_quotes(dataset) if source == source_id]
    found = accounting(text, quotes, entries)
    return {*found.claimed, *found.dismissed}


# ---- drafting ------------------------------------------------------------------


def _is_label_figure(
    text: str, figure: Figure, names: dict[str, str], kind: str | None = None
) -> bool:
    """A figure of a short phrase in “” that names no metric, written as a slogan is:
    in Chinese numerals, bare (1310) or joined (1+6+3). “1镇8村” counts, so it is not.
    kind: figure_kind(figure.text), when the caller has it."""
    span = label_around(text, figure)
    if span is None:
        return False
    start, end = span
    plain = simplified_text(text)  # (the catalogue's names are simplified)
    around, label = plain[max(0, start - 12) : end + 12], plain[start:end]
    in_a_name = label in _joined(names)  # (else no name holds it: none need be tried)
    if in_a_name and any(label in written and written in around for written in names):
        return False  # “四上”企业, “万亩千亿”大平台: part of a metric's name
    if kind is None:
        kind = figure_kind(figure.text)
    counted = _counted(figure.text)
    return kind == COMPOUND or not counted


def _counted(text: str) -> bool:
    r"""Whether re.fullmatch(r"\d+(?:\.\d+)?\D+", text) matches, with no pattern to
    compile (\d: str.isdecimal): digits, then a point and digits or none, then only
    characters that are no digit, at least one. A shorter run of digits would leave a
    digit for \D, so nothing is given back but the decimals, whose point \D+ then
    takes with the digits after it, which it cannot."""
    end = 0
    while end < len(text) and text[end].isdecimal():
        end += 1
    if end == 0:
        return False
    if text[end : end + 1] == "." and text[end + 1 : end + 2].isdecimal():
        end += 2
        while end < len(text) and text[end].isdecimal():
            end += 1
    rest = text[end:]
    return rest != "" and not any(c.isdecimal() for c in rest)


# The names of the last catalogue asked about, joined, kept by identity (one a scan).
_JOINED: list[Any] = [None, 0, ""]


def _joined(names: dict[str, str]) -> str:
    """Every name, one a line: a label no name holds is not in it."""
    if _JOINED[0] is not names or _JOINED[1] != len(names):
        _JOINED[:] = [names, len(names), "\n".join(names)]
    return _JOINED[2]  # type: ignore[no-any-return]


def _drafts(
    text: str,
    figures: list[Figure],
    year: int,
    names: dict[str, str],
    parts: list,
    dimensions: dict[str, str],
    spans: tuple[tuple[int, int], ...],
) -> list[Draft]:
    """spans: those of every figure of the text (find_figures), which a quote holds
    whole or not at all."""
    drafts: list[Draft] = []
    previous_end = 0
    for figure in figures:
        kind = figure_kind(figure.text)
        # (is_time_span, with the kind in hand)
        if kind == DATE or figure.text.endswith("年") or kind in (COMPOUND, ORDINAL):
            continue
        if _is_label_figure(text, figure, names, kind):
            continue
        part = part_of(parts, figure.start)
        # (draft takes the later of the floor and its clause's start: the figure before
        # bounds the words only when it ends inside this figure's clause)
        floor = previous_end if previous_end else None
        org = part.org if part else None
        drafts.append(
            draft(
                text,
                figure,
                year=year,
                names=names,
                org=org,
                floor=floor,
                others=spans,
                dimensions=dimensions,
            )
        )
        previous_end = figure.end
    drafts = _one_figure_per_name(text, drafts, year, names, spans, dimensions)
    # a figure inside another draft's metric name (50亿元 of 产值超50亿元企业达12家) is
    # that metric's threshold, quoted with it
    # (a draft's own name never holds its figure here: such names are left out)
    names_around = _Within(
        [
            (d.metric.start, d.metric.end)
            for d in drafts
            if d.metric is not None and not (d.metric.start <= d.figure.start < d.metric.end)
        ]
    )
    kept: list[Draft] = []
    quotes: set[tuple[int, int]] = set()
    for candidate in drafts:
        f = candidate.figure
        inside = names_around(f.start, f.end)
        same = candidate.quote is not None and candidate.quote in quotes
        if not inside and not same:  # (“万亩千亿”大平台: two figures, one name, one draft)
            kept.append(candidate)
            if candidate.quote is not None:
                quotes.add(candidate.quote)
    return kept


def _one_figure_per_name(
    text: str,
    drafts: list[Draft],
    year: int,
    names: dict[str, str],
    spans: tuple[tuple[int, int], ...],
    dimensions: dict[str, str],
) -> list[Draft]:
    """A metric name written once counts one figure: the nearest (力争三大产业新增专精特新
    企业59家 is 59 专精特新企业, not 三). The others are drafted again without it."""

    def contends(d: Draft) -> bool:  # (a figure inside the name is left to the filter below)
        return d.metric is not None and not (
            d.metric.start <= d.figure.start and d.figure.end <= d.metric.end
        )

    nearest: dict[tuple[int, int], Draft] = {}
    for d in drafts:
        if not contends(d) or d.metric is None:
            continue
        key = (d.metric.start, d.metric.end)
        held = nearest.get(key)
        if held is None or _gap_to(d) < _gap_to(held):
            nearest[key] = d
    result = []
    for d in drafts:
        if not contends(d) or d.metric is None or nearest[(d.metric.start, d.metric.end)] is d:
            result.append(d)
            continue
        others = {written: name for written, name in names.items() if name != d.metric.name}
        result.append(
            draft(
                text,
                d.figure,
                year=year,
                names=others,
                org=d.org,
                others=spans,
                dimensions=dimensions,
            )
        )
    return result


def _gap_to(d: Draft) -> int:
    assert d.metric is not None
    return max(0, d.figure.start - d.metric.end, d.metric.start - d.figure.end)


def _headline_dismissals(
    text: str, figures: list[Figure], headlines: list[tuple[int, int]]
) -> list[Dismissal]:
    """One entry per headline holding figures: the line with the speaker line's end before
    it, since a headline's words often come back in the speech (全力冲刺千亿GDP强区)."""
    found = []
    for start, end in headlines:
        named = tuple(f for f in figures if start <= f.start and f.end <= end)
        if not named:
            continue
        span = shortest_quote(text, start, end)
        first = start
        while span is None and first > 0:  # the speaker line's end before it: 劳茂昌：
            first -= 1
            if text[first].isspace() or text[first] in "：:":
                continue
            if text.count(text[first:end]) == 1:
                span = (first, end)
        quote = text[span[0] : span[1]] if span else text[start:end]
        figure = text[named[0].start : named[-1].end]
        found.append(Dismissal(figure, quote, _REASON_TODO["headline"], named))
    return found


def _doublings(text: str, figures: list[Figure], year: int | None) -> list[Figure]:
    """Each 倍增 that states a figure to reach, as a figure to draft (×2 of a base), but
    not in a review of last year's results: the figure rules do not count it (it has no
    numeral), so it is drafted, never required."""
    results = result_sentences(text, year) if year else []
    found = []
    for start, end in doubling_spans(text):
        if any(f.start < end and start < f.end for f in figures):
            continue
        if any(r.start <= start and end <= r.end for r in results):
            continue
        line = text.count("\n", 0, start) + 1
        found.append(Figure(start, end, text[start:end], line))
    return found


def _results(
    text: str, figures: list[Figure], year: int | None
) -> list[tuple[tuple[int, int], tuple[Figure, ...]]]:
    """Each sentence of last year's results holding figures, with the figures."""
    if not year:
        return []
    found = []
    for result in result_sentences(text, year):
        named = tuple(f for f in figures if result.start <= f.start and f.end <= result.end)
        if named:
            found.append(((result.start, result.end), named))
    return found


def _result_dismissal(
    text: str, span: tuple[int, int], named: tuple[Figure, ...], year: int | None
) -> Dismissal:
    """One entry for a sentence of results: its quote the sentence, its figure every
    figure of it (listed, separated by ', '), its reason written."""
    start, end = span
    quote = (
        (start, end)
        if text.count(text[start:end]) == 1
        else shortest_quote(text, start, end, one_line=False) or (start, end)
    )
    written = list(dict.fromkeys(f.text for f in named))
    reason = f"{(year or 1) - 1} result reviewed"
    return Dismissal(", ".join(written), text[quote[0] : quote[1]], reason, named)


def _whole_lines(
    text: str, figures: list[Figure]
) -> list[tuple[tuple[int, int], str, tuple[Figure, ...]]]:
    """Each dateline, section heading and photo caption holding figures, with its reason
    and figures."""
    found = []
    spans = [(span, DATELINE_REASON) for span in dateline_spans(text)]
    spans += [(span, HEADING_REASON) for span in section_headings(text)]
    spans += [(span, CAPTION_REASON) for span in caption_spans(text)]
    for (start, end), reason in spans:
        named = tuple(f for f in figures if start <= f.start and f.end <= end)
        if named:
            found.append(((start, end), reason, named))
    return found


def _line_dismissal(
    text: str, span: tuple[int, int], named: tuple[Figure, ...], reason: str
) -> Dismissal:
    """One entry for a dateline, heading or caption: its quote the line, its figure every figure
    of it as written (figures that touch, 2025年1月16日, as one), separated by ', '."""
    start, end = span
    quote = (
        (start, end)
        if text.count(text[start:end]) == 1
        else shortest_quote(text, start, end, one_line=False) or (start, end)
    )
    written: list[str] = []
    last_end = None
    for figure in named:
        if figure.start == last_end and written:
            written[-1] += figure.text
        else:
            written.append(figure.text)
        last_end = figure.end
    return Dismissal(", ".join(dict.fromkeys(written)), text[quote[0] : quote[1]], reason, named)


def _dismissals(text: str, figures: list[Figure]) -> list[Dismissal]:
    """A drafted [[not_targets]] entry for each figure no draft quotes; a label's figures
    share one entry, which covers the label wherever the text repeats it."""
    found: dict[tuple[str, str], list[Figure]] = {}
    reasons: dict[tuple[str, str], str] = {}
    spans = tuple((f.start, f.end) for f in figures)
    for figure in figures:
        span = label_around(text, figure)
        if span is not None:
            start, end = span
            key = (text[start + 1 : end - 1], text[start:end])
            reason = _REASON_TODO["compound" if "+" in figure.text else "label"]
        else:
            kind = figure_kind(figure.text)
            first, last = clause_around(text, figure.start, figure.end)
            core = (max(first, figure.start - 4), min(last, figure.end + 2))
            quote = (
                shortest_quote(text, *core, keep_whole=spans)
                or shortest_quote(text, *core, one_line=False, keep_whole=spans)
                or (figure.start, figure.end)
            )
            key = (figure.text, text[quote[0] : quote[1]])
            reason = _REASON_TODO[
                "date"
                if kind == "date"
                else "span"
                if is_time_span(figure)
                else "compound"
                if kind == COMPOUND
                else "other"
            ]
        found.setdefault(key, []).append(figure)
        reasons.setdefault(key, reason)
    return [
        Dismissal(figure, quote, reasons[(figure, quote)], tuple(named))
        for (figure, quote), named in found.items()
    ]


_STOP_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "the", "to"})


_SLUG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _slug(text: str, words: int = 4) -> str:
    found = [w for w in _runs(text.lower()) if w not in _STOP_WORDS]
    return "-".join(found[:words])


# Of an ASCII text, each byte but a-z and 0-9 made a blank: its runs are then its words.
_NOT_SLUG = b" " * 48 + b"0123456789" + b" " * 39 + b"abcdefghijklmnopqrstuvwxyz" + b" " * 133


def _runs(text: str) -> list[str]:
    """re.findall(r"[a-z0-9]+", text), with no pattern to compile: of an ASCII text (an
    English name, most often) the words left when every other character is a blank."""
    if text.isascii():
        return text.encode("ascii").translate(_NOT_SLUG).decode("ascii").split()
    found = []
    start = None
    for at, character in enumerate(text):
        if character in _SLUG_CHARACTERS:
            if start is None:
                start = at
        elif start is not None:
            found.append(text[start:at])
            start = None
    if start is not None:
        found.append(text[start:])
    return found


def _org_slug(org: Org, dataset: Dataset) -> str:
    """台山市 -> taishan; a department by its English name less its city's:
    Jiangmen Science and Technology Bureau -> science-technology."""
    if org.pinyin:
        return _slug(org.pinyin)
    city = dataset.orgs.get(org.parent) if org.parent else None
    name = org.name_en
    if city is not None and city.pinyin:
        name = _without(name, city.pinyin)
    return _slug(name, 2)


def _without(name: str, word: str) -> str:
    """re.sub(re.escape(word), " ", name, flags=re.IGNORECASE): each place the word is
    written, in any case, a blank. For ASCII both (no letter folds to another of
    another script, as K to the Kelvin sign) with str methods; else with the pattern."""
    if not (name.isascii() and word.isascii()) or not word:
        import re

        return re.sub(re.escape(word), " ", name, flags=re.IGNORECASE)
    lowered, wanted = name.lower(), word.lower()
    pieces = []
    done = 0
    at = lowered.find(wanted)
    while at >= 0:
        pieces += [name[done:at], " "]
        done = at + len(wanted)
        at = lowered.find(wanted, done)
    return "".join(pieces) + name[done:]


def _ids(drafts: list[Draft], dataset: Dataset) -> list[str]:
    """An id for each draft from its org and its metric's English name; todo-n when
    either is unknown (the checker refuses it until the curator names it)."""
    # (each org's and metric's slug made once: a text has a few of each, many drafts)
    org_slugs: dict[str, str] = {}
    metric_slugs: dict[str, str] = {}
    bases: list[str] = []
    for d in drafts:
        name = d.metric.name if d.metric else None
        org = dataset.orgs.get(d.org) if d.org else None
        metric = dataset.metrics.get(name) if name is not None else None
        base = ""
        if d.org and name is not None and org is not None and metric is not None:
            org_slug = org_slugs.get(d.org)
            if org_slug is None:
                org_slug = org_slugs[d.org] = _org_slug(org, dataset)
            metric_slug = metric_slugs.get(name)
            if metric_slug is None:
                metric_slug = metric_slugs[name] = _slug(metric.name_en, 3)
            base = "-".join(x for x in (org_slug, metric_slug) if x)
        bases.append(base)
    taken = _taken(dataset, {base for base in bases if base})
    ids = []
    # (each base's next suffix kept: the ones before it are taken, as they stay)
    next_suffix: dict[str, int] = {}
    for n, base in enumerate(bases, 1):
        if not base:
            from ..rules.sentences import PLACEHOLDER_ID

            ids.append(f"{PLACEHOLDER_ID}{n}")
            continue
        suffix = next_suffix.get(base, 0)
        ident, suffix = (f"{base}-{suffix}", suffix + 1) if suffix else (base, 2)
        while ident in taken:
            ident, suffix = f"{base}-{suffix}", suffix + 1
        next_suffix[base] = suffix
        taken.add(ident)
        ids.append(ident)
    return ids


def _taken(dataset: Dataset, bases: set[str]) -> set[str]:
    """The data's target ids a draft's id could collide with: from the index, those of
    the bases alone, not every id of the data."""
    search = dataset.search
    if search is not None and hasattr(search, "ids_of"):
        return search.ids_of(bases)  # type: ignore[no-any-return]
    return {t.id for t in dataset.targets}  # (no index: the targets are all built)
