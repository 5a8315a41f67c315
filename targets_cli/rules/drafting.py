"""Drafting a record for a figure of a new source: pure rules, for `targets scan`.

Given the text, one figure (rules.figures.Figure) and what the catalogue knows, each
function guesses one field as a curator would read it, and says when it cannot:

- `speaker_parts(text, orgs)`: the parts of a report, each opened by a speaker line
  ("台山市委书记、市长郑劲龙：") that names the speaker and the unit, and the org it
  names (found by the speaker's name, then the org's id, short name or aliases).
- `find_metric(text, figure, names)`: the catalogue name or alias nearest the figure
  in its clause: written as is (引进超亿元项目60个), or around the figure
  (市重点项目完成1300亿元投资 holds 市重点项目完成投资).
- `amount_of(figure)`: value, value_max and unit (1—2个 is 1 to 2 个, 千亿元 is 1000 亿元,
  5.7万人 is 5.7 万人; a measure word that is no unit, as 3大 or 1镇, counts in 个).
- `wording_of(...)`: the comparator word bounding the figure (超, 以上, 达到, 50强's 强).
- `firmness_of(...)`: the nearest firmness word before the figure in its sentence.
- `period_of(...)`: 今年 is the source's year, 到2025年 is 2025, 再用6—8年 is year+6 to
  year+8; a sentence that names no year gives the source's year, marked as assumed.
- `shortest_quote(text, start, end)`: the shortest span around a core that occurs once
  in the text and lies on one line: what the checker accepts as a quote.
- `result_sentences(text, year)`: the sentences of a work report reviewing the year
  before (过去一年，…增长4.8%): results, each dismissed whole, not drafted as targets.
- `dateline_spans(text)`, `section_headings(text)`, `caption_spans(text)`: the lines
  whose figures date the report (——2025年1月16日在…会议上), head a section
  (一、2023年工作回顾) or caption a photo (图为…第四次会议开幕现场): each one dismissal,
  never a target.
- `title_line(text)`: the first line that reads like a title (no banner, caption,
  dateline or lead sentence).
- `times_of`, `doubling_spans`, `base_year`: 翻一番 and 倍增, a multiple (×2) of a base
  year's figure (比2020年) that the text does not give.
- `draft(...)`: all of it together, a `Draft` with the fields it could not guess in
  `todo` (as field names: views phrase them).

No I/O, no messages: the codes in `Draft.todo` and `Draft.assumed` are field names.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache, lru_cache, partial

from .figures import DATE, Figure, figure_kind, number_end, simplified_text, simplified_words
from .records import dataclass
from .script import simplified
from .units import UNITS
from .wording import (
    COMPARATOR_OF_WORDING,
    FALL_WORDS,
    FIRMNESS_LEVEL,
    chinese_numeral,
    sentence_around,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import Any

# A clause ends at these; a metric, a wording or an extension never crosses them.
CLAUSE_ENDS = "，,；;。！？!?\n、：:"
# A quote that names no metric grows to the words around the figure, up to these.
PHRASE_ENDS = CLAUSE_ENDS + "和及与"
PHRASE_REACH = 12  # characters at most on each side
# Wording and time words are read only this close before the quote's core.
WORDING_REACH = 12
TIME_REACH = 14
# A phrase in “” this short, naming no metric, is a label or slogan (“1310”, “五大攻坚战”).
LABEL_LENGTH = 12
# Measure words that count things but are no unit of the data: counted in 个.
# (amount_of reads their traditional forms, 屆, 號, 輪…, through rules.script.)
COUNTED_AS_ITEMS = frozenset("大镇村批期号次条座所类倍位种届轮园区")

# Wording written right after the figure: 52个以上.
TRAILING_WORDING = ("以上", "以内", "左右")
# 以上 after these is part of a name (规模以上工业: industry above the size line), no bound.
NAMED_CLASSES = ("规模", "限额")

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"  # 4,233.2 is one number


@cache
def _compiled(regex: str) -> re.Pattern[str]:
    import re  # (only where a pattern is needed: a scan of the bundled text compiles none)

    return re.compile(regex)


# A line ending in a colon that introduces a list, not a speaker: 报告提出，今年…目标是：
NOT_A_SPEAKER = r"(?:是|为|如下|包括|目标|任务)$|提出|目标是"


@dataclass(frozen=True, slots=True)
class Part:
    """A part of a report: from its speaker line to the next one, and whose it is."""

    start: int
    end: int
    heading: str  # the speaker line, as written
    org: str | None  # None: the line names no known org


def speaker_parts(text: str, orgs: Sequence[tuple[str, Sequence[str]]]) -> list[Part]:
    """The parts of a text opened by speaker lines, with the org each line names.

    orgs: (org id, names to look for in a speaker line, most telling first: the
    speaker's name, the id, the short name, aliases). A speaker line is a short line
    ending in a colon: "市科技局党组书记、局长刘长虹：".
    """
    lines = [
        (start, heading)
        for start, heading in _colon_lines(text)
        if not _lists_things(simplified_words(heading))
    ]
    parts = []
    for at, (start, heading) in enumerate(lines):
        end = lines[at + 1][0] if at + 1 < len(lines) else len(text)
        parts.append(Part(start, end, heading, _org_named(simplified_words(heading), orgs)))
    return parts


_LINE_BLANKS = " \t\u3000"
_LIST_ENDINGS = ("是", "为", "如下", "包括", "目标", "任务")


def _lists_things(heading: str) -> bool:
    """re.search(NOT_A_SPEAKER, heading), for a heading with no line break (the words of
    a line), with no pattern to compile: $ is then the heading's end."""
    return heading.endswith(_LIST_ENDINGS) or "提出" in heading or "目标是" in heading


def _colon_lines(text: str) -> list[tuple[int, str]]:
    """(where its line starts, its words) of each line ending in a colon, as
    re.finditer(r"(?m)^[ \t　]*([^\n。；！？]{2,60}?)[：:][ \t　]*$", text) finds them
    (each match's start and group 1), read line by line with no pattern to compile:
    the colon is the line's last character but blanks; its words run from the line's
    first other character, or from the last 2 before the colon when there are fewer
    (the blanks the pattern gives back to make 2), hold none of 。；！？, and number
    2 to 60 characters."""
    found = []
    start, length = 0, len(text)
    while start <= length:
        end = text.find("\n", start)
        if end < 0:
            end = length
        line = text[start:end]
        colon = len(line.rstrip(_LINE_BLANKS)) - 1
        if colon >= 2 and line[colon] in "：:":
            first = min(len(line) - len(line.lstrip(_LINE_BLANKS)), colon - 2)
            words = line[first:colon]
            if len(words) <= 60 and not any(mark in words for mark in "。；！？"):
                found.append((start, words))
        start = end + 1
    return found


def _org_named(heading: str, orgs: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    """The org a speaker line names: by its speaker first, then the earliest name."""
    best: tuple[int, int, int] | None = None
    found = None
    for org, names in orgs:
        for rank, name in enumerate(names):
            if not name:
                continue
            at = heading.find(name)
            if at >= 0:
                key = (min(rank, 1), at, -len(name))  # the speaker's name beats the rest
                if best is None or key < best:
                    best, found = key, org
    return found


def part_of(parts: Sequence[Part], offset: int) -> Part | None:
    held = _PART_STARTS
    if held[0] is not parts or held[1] != len(parts):
        held[:] = [parts, len(parts), [part.start for part in parts]]
    at = bisect_right(held[2], offset) - 1
    return parts[at] if at >= 0 else None


# The starts of the last parts asked about, kept by identity: a scan asks for the part
# of every figure, twice (no key function called at each step of the bisection).
_PART_STARTS: list[Any] = [None, 0, []]


# Where some marks are in a text, by the marks and the text (kept by identity, a few at
# a time): a scan asks for the clause of every figure of one text, and each quote's.
_MARKS: dict[tuple[str, int], tuple[str, list[int]]] = {}


def _marks(text: str, marks: str) -> list[int]:
    """The offsets of every one of `marks` in the text, in order."""
    held = _MARKS.get((marks, id(text)))
    if held is not None and held[0] is text:
        return held[1]
    if len(_MARKS) >= 8:
        _MARKS.clear()
    if _MARKS_OF[0] is not text:  # (each mark looked for once a text, whatever set holds it)
        _MARKS_OF[:] = [text, {}]
    places: dict[str, list[int]] = _MARKS_OF[1]
    found = []
    for mark in marks:
        at = places.get(mark)
        if at is None:
            at = places[mark] = _all(text, mark)
        found += at
    found.sort()
    _MARKS[(marks, id(text))] = (text, found)
    return found


# Where each mark is in the last text asked about, kept by identity.
_MARKS_OF: list[Any] = [None, {}]


def clause_around(text: str, start: int, end: int, stops: str = CLAUSE_ENDS) -> tuple[int, int]:
    """The bounds of the clause holding text[start:end]: between two of `stops`."""
    marks = _marks(text, stops)
    before = bisect_left(marks, start)  # (the stops before the start)
    first = marks[before - 1] + 1 if before else 0
    after = bisect_left(marks, end)  # (the first stop at or after the end)
    last = marks[after] if after < len(marks) else max(end, len(text))
    return first, last


@dataclass(frozen=True, slots=True)
class MetricMatch:
    name: str  # the canonical name
    written: str  # the name or alias found
    start: int
    end: int  # its span in the text (around the figure when written around it)


def find_metric(text: str, figure: Figure, names: Mapping[str, str]) -> MetricMatch | None:
    """The catalogue name or alias nearest the figure in its clause, the longest if tied.

    names: every name and alias of the catalogue, each to its canonical name.
    """
    first, last = clause_around(text, figure.start, figure.end, PHRASE_ENDS)
    clause = text[first:last]
    # the clause without the figure: 市重点项目完成1300亿元投资 -> 市重点项目完成投资
    cut_at = figure.start - first
    without = clause[:cut_at] + clause[cut_at + len(figure.text) :]
    best: tuple[int, int] | None = None
    found = None
    both = clause + "\n" + without  # (a name holds no line break: in both, in either)
    for written, canonical in names.items():
        if not written or written not in both:
            continue
        for at in _all(clause, written):
            span = (first + at, first + at + len(written))
            key = (_gap(span, figure), -len(written))
            if best is None or key < best:
                best, found = key, MetricMatch(canonical, written, *span)
        for at in _all(without, written):
            if at < cut_at < at + len(written):  # it runs across where the figure was
                span = (first + at, first + at + len(written) + len(figure.text))
                key = (0, -len(written))
                if best is None or key < best:
                    best, found = key, MetricMatch(canonical, written, *span)
    return found


def _all(text: str, part: str) -> list[int]:
    found, at = [], text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _gap(span: tuple[int, int], figure: Figure) -> int:
    """Characters between a span and the figure (0 when they touch or overlap)."""
    return max(0, figure.start - span[1], span[0] - figure.end)


# (Amount and Period are made with every field given by position, defaults too: that
# is the quick way records.py makes a record, and a scan makes one a figure)
@dataclass(frozen=True, slots=True)
class Amount:
    value: int | float | None
    value_max: int | float | None
    unit: str | None  # a unit of rules.units.UNITS, or None when none fits
    counted: bool = False  # a measure word that is no unit (3大), counted in 个


def _number(text: str) -> int | float | None:
    """An Arabic or Chinese number (before any magnitude word)."""
    if not text:
        return None
    if number_end(text, 0) == len(text):  # (re.fullmatch(_DIGITS, text), no pattern)
        value = float(text.replace(",", ""))
        return int(value) if value.is_integer() else value
    return chinese_numeral(text)


_AMOUNT = (
    rf"([−-]?)({_DIGITS}|[零一二两三四五六七八九十百千]*)"
    rf"(?:([%％]?)\s*[—–~～\-至]\s*({_DIGITS}))?([万亿]?)(.*)"
)
_SMALL_NUMERALS = frozenset("零一二两三四五六七八九十百千")
_RANGE_DASHES = frozenset("—–~～-至")


def _amount_parts(text: str) -> tuple[Any, ...] | None:  # (as Match.groups())
    """re.fullmatch(_AMOUNT, text).groups(), read with str methods (no pattern to
    compile) for a text with no line break: then each part takes what it can in turn
    (the sign, the number, a dash and a second number, 万 or 亿, the rest) and the
    rest, `.*`, matches whatever is left, so no part gives anything back. A line
    break, which `.` does not match, is left to the pattern."""
    if "\n" in text:
        match = _compiled(_AMOUNT).fullmatch(text)
        return None if match is None else match.groups()
    at = 1 if text[:1] in ("−", "-") else 0
    sign = text[:at]
    end = number_end(text, at)
    if end is None:  # (no digit: the Chinese numerals, maybe none)
        end = at
        while end < len(text) and text[end] in _SMALL_NUMERALS:
            end += 1
    number = text[at:end]
    first_unit = top = None
    mark = end + 1 if text[end : end + 1] in ("%", "％") else end
    dash = mark
    while dash < len(text) and text[dash].isspace():
        dash += 1
    if dash < len(text) and text[dash] in _RANGE_DASHES:
        second = dash + 1
        while second < len(text) and text[second].isspace():
            second += 1
        top_end = number_end(text, second)
        if top_end is not None:
            first_unit, top, end = text[end:mark], text[second:top_end], top_end
    magnitude = text[end : end + 1] if text[end : end + 1] in ("万", "亿") else ""
    return sign, number, first_unit, top, magnitude, text[end + len(magnitude) :]


def amount_of(figure_text: str) -> Amount:
    """Value, upper value and unit of a figure as written."""
    read = _READ_AMOUNTS.get(figure_text)  # (a text writes many figures more than once)
    if read is None:
        if len(_READ_AMOUNTS) >= 4096:
            _READ_AMOUNTS.clear()
        read = _READ_AMOUNTS[figure_text] = _read_amount(figure_text)
    if not read:
        return Amount(None, None, None, False)
    value, value_max, unit, magnitude, rest = read
    # (the units are the data's, which a run may change: looked up at every call)
    if unit in UNITS:
        return Amount(value, value_max, unit, False)
    if not magnitude and (rest in COUNTED_AS_ITEMS or rest == ""):
        return Amount(value, value_max, "个", True)
    return Amount(value, value_max, None, False)


# What each figure's text reads as, whatever the data's units: (value, value_max, unit
# as written, magnitude, the rest), or () when it reads as no number.
_READ_AMOUNTS: dict[str, tuple[Any, ...]] = {}


def _read_amount(figure_text: str) -> tuple[Any, ...]:
    text = simplified_words(figure_text.removeprefix("第"))
    parts = _amount_parts(text)
    if parts is None:
        return ()
    sign, number, first_unit, top, magnitude, rest = parts
    value = _number(number) if number else None  # 万亩 alone: no number written
    value_max = _number(top) if top else None
    if value is None:
        return ()
    if sign and not top:
        value = -value  # −18.2%: a fall (a range 5—6 is read as written)
    if first_unit and not rest:
        rest = first_unit  # 5%—6%: the unit written after each figure
    unit = magnitude + rest
    if unit == "亿":
        unit = "亿元"  # 千亿, 百亿: an amount in 亿元 (GDP, output, investment)
    if unit in ("％", "个百分点", "百分点"):
        unit = "%"  # 2个百分点, 2百分点: percentage points, in %
    return value, value_max, unit, magnitude, rest


# The quantity of unit a dimension takes (a count takes any but these); as the checker.
_QUANTITY_OF_DIMENSION = {
    "amount": {"money"},
    "rate": {"percent"},
    "share": {"percent"},
    "rank": {"rank"},
}
_NOT_COUNTED = {"money", "percent", "rank"}


def unit_fits(dimension: str | None, unit: str | None) -> bool:
    """Whether a figure in this unit can be a target of a metric of this dimension
    (None: not known, so it may). A milestone metric takes no figure."""
    if dimension is None or unit is None or unit not in UNITS:
        return dimension != "milestone"
    quantity = UNITS[unit].quantity
    if dimension == "milestone":
        return False
    if dimension == "count":
        return quantity not in _NOT_COUNTED
    wanted = _QUANTITY_OF_DIMENSION.get(dimension)
    return wanted is None or quantity in wanted


@dataclass(frozen=True, slots=True)
class Word:
    word: str
    start: int
    end: int


def _words_before(text: str, start: int, floor: int, words: Iterable[str]) -> list[Word]:
    """Occurrences of any of the words that lie within text[floor:start]."""
    found = []
    window = text[floor:start]
    for word in words:
        if word not in window:
            continue
        for at in _all(window, word):
            found.append(Word(word, floor + at, floor + at + len(word)))
    return found


def wording_of(
    text: str,
    figure: Figure,
    floor: int,
    skip: Iterable[tuple[int, int]] = (),
) -> Word | None:
    """The word bounding the figure: right after it (以上, 以内, 左右), its own 强, or the
    nearest before it from `floor` (the end of the figure before, or the clause's start),
    outside the spans to skip (a metric name's own 超, as in 超亿元项目)."""
    skipped = list(skip)
    after = text[figure.end : figure.end + 3]
    for word in TRAILING_WORDING:
        if not after.startswith(word) or word not in COMPARATOR_OF_WORDING:
            continue
        if not any(s <= figure.end and figure.end + len(word) <= e for s, e in skipped):
            return Word(word, figure.end, figure.end + len(word))
    if figure.text.endswith("强") and "强" in COMPARATOR_OF_WORDING:
        return Word("强", figure.end - 1, figure.end)
    floor = max(floor, figure.start - WORDING_REACH)
    candidates = [
        w
        for w in _words_before(text, figure.start, floor, COMPARATOR_OF_WORDING)
        if not any(s <= w.start and w.end <= e for s, e in skipped)
        and not (w.word == "以上" and text[max(0, w.start - 2) : w.start] in NAMED_CLASSES)
    ]
    if not candidates:
        return None
    # the nearest; of two ending at the same place, the longer (超过 over 过)
    return max(candidates, key=lambda w: (w.end, len(w.word)))


def firmness_of(text: str, figure: Figure, first: int | None = None) -> Word | None:
    """The nearest firmness word before the figure, inside the figure's sentence.
    first: where that sentence starts, when the caller has it."""
    if first is None:
        first, _ = sentence_around(text, figure.start, figure.end)
    candidates = _words_before(text, figure.start, first, FIRMNESS_LEVEL)
    if not candidates:
        return None
    return max(candidates, key=lambda w: (w.end, len(w.word)))


@dataclass(frozen=True, slots=True)
class Period:
    period: str
    start: int | None = None  # the time words' span, when the sentence has them
    end: int | None = None
    assumed: bool = False  # no year in the sentence: the source's year


def _time_words(year: int) -> tuple[tuple[str, object], ...]:
    return (
        (rf"再用({_DIGITS}|[一二两三四五六七八九十]+)(?:[—–~～\-至]({_DIGITS}))?年", "ahead"),
        (r"(?:到|至|在)?(\d{4})(?:[—–~～\-至](\d{4}))?年(?:底|末|前)?", "years"),
        (r"今年|全年|本年|年度", year),
        (r"明年", year + 1),
    )


# _time_words of each year asked about, each with its words (regex.split("|")).
_TIME_WORDS: dict[int, tuple[tuple[str, object, tuple[str, ...]], ...]] = {}


def _time_words_split(year: int) -> tuple[tuple[str, object, tuple[str, ...]], ...]:
    found = _TIME_WORDS.get(year)
    if found is None:
        found = _TIME_WORDS[year] = tuple(
            (regex, meaning, tuple(regex.split("|"))) for regex, meaning in _time_words(year)
        )
    return found


UNKNOWN_PERIOD = "TODO"


def period_of(text: str, figure: Figure, year: int, first: int | None = None) -> Period:
    """The period a figure's sentence gives it, from the nearest time words before it.

    `year` is the source's (0 when unknown: then 今年, 明年 and 再用N年 give TODO, as does
    a sentence with no year, rather than a year 0). first: where that sentence starts,
    when the caller has it."""
    known = year > 0
    if first is None:
        first, _ = sentence_around(text, figure.start, figure.end)
    best: tuple[int, Period] | None = None
    # (every time word holds 年, and 再用 or 明年 is written as it is matched: a sentence
    # without them is matched by none, and their patterns need not be compiled)
    words = _time_words_split(year) if text.find("年", first, figure.start) >= 0 else ()
    for regex, meaning, alternatives in words:
        if meaning == "ahead" and text.find("再用", first, figure.start) < 0:
            continue
        if regex == "明年" and text.find("明年", first, figure.start) < 0:
            continue
        matches = (
            _ahead_spans(text, first, figure.start)
            if meaning == "ahead"
            else _year_spans(text, first, figure.start)
            if meaning == "years"
            else _word_spans(text, first, figure.start, alternatives)
        )
        for match in matches:
            if meaning == "years" and match.start() > 0 and text[match.start() - 1] in "比较":
                continue  # 比2020年: the base of a comparison, not the period
            if meaning == "ahead":
                low, high = _number(match.group(1)), _number(match.group(2) or "")
                if low is None:
                    continue
                period = f"{year + int(low)}" + (f"-{year + int(high)}" if high else "")
                if not known:
                    period = UNKNOWN_PERIOD
            elif meaning == "years":
                period = match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")
            else:
                period = str(meaning) if known else UNKNOWN_PERIOD
            if best is None or match.end() >= best[0]:
                best = (match.end(), Period(period, match.start(), match.end(), False))
    if best is None:
        return Period(str(year) if known else UNKNOWN_PERIOD, None, None, True)
    return best[1]


class _Span:
    """What period_of reads of a match (start, end, groups), for spans found without
    a pattern."""

    __slots__ = ("_end", "_groups", "_start")

    def __init__(self, start: int, end: int, groups: tuple[str | None, ...] = ()) -> None:
        self._start, self._end, self._groups = start, end, groups

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, number: int) -> Any:  # (str | None, as re.Match.group)
        return self._groups[number - 1]


_YEAR_DASHES = "—–~～-至"  # (the marks of [—–~～\-至])


def _year_at(text: str, at: int, stop: int) -> _Span | None:
    r"""The match of (?:到|至|在)?(\d{4})(?:[—–~～\-至](\d{4}))?年(?:底|末|前)? starting at
    `at` in text[:stop], as re.match(pattern, text, at, stop) gives it."""
    digits = at + 1 if text[at] in "到至在" else at  # (a prefix is no digit: no other way)
    first = text[digits : digits + 4]
    if digits + 4 > stop or not first.isdecimal():
        return None
    after = digits + 4
    last = text[after + 1 : after + 5]
    groups: tuple[str | None, ...]
    if (
        after + 5 < stop
        and text[after] in _YEAR_DASHES
        and last.isdecimal()
        and len(last) == 4
        and text[after + 5] == "年"
    ):
        end, groups = after + 6, (first, last)
    elif after < stop and text[after] == "年":
        end, groups = after + 1, (first, None)
    else:
        return None
    if end < stop and text[end] in "底末前":
        end += 1
    return _Span(at, end, groups)


def _year_spans(text: str, start: int, stop: int) -> list[_Span]:
    r"""re.finditer(r"(?:到|至|在)?(\d{4})(?:[—–~～\-至](\d{4}))?年(?:底|末|前)?", text,
    start, stop), with no pattern to compile: a match holds 年 4, 5, 9 or 10 characters
    after its start, so only those places are tried, from left to right."""
    places: set[int] = set()
    year = text.find("年", start, stop)
    while year >= 0:
        places.update(at for at in (year - 10, year - 9, year - 5, year - 4) if at >= start)
        year = text.find("年", year + 1, stop)
    found = []
    end = start
    for at in sorted(places):
        if at >= end and (match := _year_at(text, at, stop)) is not None:
            found.append(match)
            end = match.end()
    return found


_SMALL_NUMERAL_RUN = frozenset("一二两三四五六七八九十")


def _ahead_spans(text: str, start: int, stop: int) -> list[_Span]:
    r"""re.finditer(rf"再用({_DIGITS}|[一二两三四五六七八九十]+)(?:[—–~～\-至]({_DIGITS}))?年",
    text, start, stop), with no pattern to compile. Each part takes what it can: what
    a shorter number, a shorter run of numerals or no second number would leave next
    (a digit, a comma, a point, a numeral or a dash) is never the 年 or dash that must
    follow, so the pattern gives nothing back."""
    window = text[start:stop]  # (the pattern sees no further than stop)
    found = []
    at = window.find("再用")
    while at >= 0:
        first = at + 2
        end = number_end(window, first)
        if end is None:  # (no digit: a run of numerals, or no match)
            end = first
            while end < len(window) and window[end] in _SMALL_NUMERAL_RUN:
                end += 1
        match = None
        if end > first:
            low = window[first:end]
            if end < len(window) and window[end] in _YEAR_DASHES:
                top = number_end(window, end + 1)
                if top is not None and window[top : top + 1] == "年":
                    match = _Span(start + at, start + top + 1, (low, window[end + 1 : top]))
            if match is None and window[end : end + 1] == "年":
                match = _Span(start + at, start + end + 1, (low, None))
        if match is not None:
            found.append(match)
            at = window.find("再用", match.end() - start)
        else:
            at = window.find("再用", at + 1)
    return found


def _word_spans(text: str, start: int, stop: int, words: tuple[str, ...]) -> list[_Span]:
    """re.finditer over the alternation of words (a|b|c) in text[start:stop], with no
    pattern to compile: from left to right, at each place the first word written there,
    none starting inside the one before."""
    found = []
    for order, word in enumerate(words):
        at = text.find(word, start, stop)
        while at >= 0:
            found.append((at, order, at + len(word)))
            at = text.find(word, at + 1, stop)
    found.sort()
    spans = []
    end = start
    for at, _, last in found:
        if at >= end:
            spans.append(_Span(at, last))
            end = last
    return spans


def shortest_quote(
    text: str,
    start: int,
    end: int,
    *,
    one_line: bool = True,
    keep_whole: Sequence[tuple[int, int]] = (),
) -> tuple[int, int] | None:
    """The shortest span holding text[start:end] that occurs once (and lies on one line).

    Of spans equally long, the one reaching furthest left (the words before a figure
    name what it counts). A span neither starts nor ends with punctuation, nor cuts
    one of the `keep_whole` spans (the other figures). The span found is then grown
    to its clause's edge when that is at most SNAP characters away (加快向千亿产业集群,
    not 快向千亿产业集群), and over a closing mark whose opening it holds (“全覆盖”).
    None when even the whole line (or text) occurs more than once.
    one_line=False lets the span run across lines: a headline that a later sentence
    repeats word for word is told apart by the line before it.
    """
    if start >= end or (one_line and "\n" in text[start:end]):
        return None
    if one_line:
        low = text.rfind("\n", 0, start) + 1
        high = text.find("\n", end)
        high = len(text) if high < 0 else high
    else:
        low, high = 0, len(text)
    inside = _inside_of(keep_whole)
    cores = _occurrences(text, start, end)
    if cores is not None and len(cores) == 1 and not inside(start) and not inside(end):
        # (a core written once is the shortest span that occurs once, and it is clean:
        # what _shortest finds first, whatever a clause's end lets it reach)
        return _snapped(text, start, end, low, high)
    # first without reaching past a clause's end, then past a list's 、 only, then past any
    for crossing in (CLAUSE_ENDS, CLAUSE_ENDS.replace("、", ""), ""):
        room_left = start - max(low - 1, _last_of(text, crossing, low, start)) - 1
        stop = _first_of(text, crossing, end, high)
        room_right = stop - end
        found = _shortest(text, start, end, room_left, room_right, inside)
        if found is not None:
            return _snapped(text, *found, low, high)
    return None


def _first_of(text: str, characters: str, start: int, end: int) -> int:
    """Where the first of the characters is in text[start:end]; end when none is."""
    if not characters:
        return end
    marks = _marks(text, characters)
    after = bisect_left(marks, start)
    return marks[after] if after < len(marks) and marks[after] < end else end


def _last_of(text: str, characters: str, start: int, end: int) -> int:
    """Where the last of the characters is in text[start:end]; -1 when none is."""
    if not characters:
        return -1
    marks = _marks(text, characters)
    before = bisect_left(marks, end)
    return marks[before - 1] if before and marks[before - 1] >= start else -1


def _shortest(
    text: str, start: int, end: int, room_left: int, room_right: int, inside: _Inside
) -> tuple[int, int] | None:
    """The shortest clean span reaching at most room_left and room_right beyond the core
    that occurs once; of spans equally long, the one reaching furthest left.

    A span that occurs once still does when it grows, so the least reach right that
    makes a span occur once only shrinks as the reach left grows, and both least
    reaches are found by halving: a few counts for each reach left tried, never one per
    character of the room (a line that repeats another, say, over a whole text).
    """

    cores = _occurrences(text, start, end)

    def once(first: int, last: int) -> bool:
        # text.count(part) == 1, without counting on once a second is found: the next
        # occurrence that count would count starts after the first one ends
        part = text[first:last]
        if cores is None:
            return text.find(part, text.find(part) + len(part)) < 0
        # (every occurrence of the span holds the core as far in as this one does: the
        # span's occurrences are among the core's, each looked at where it would start)
        left = start - first
        at = [q - left for q in cores if q >= left and text.startswith(part, q - left)]
        return at[-1] < at[0] + len(part)

    def least(low: int, high: int, holds: Callable[[int], bool]) -> int:
        """The least n in [low, high] for which holds(n), given holds(high) and that
        holds(n) implies holds(n + 1)."""
        while low < high:
            middle = (low + high) // 2
            if holds(middle):
                high = middle
            else:
                low = middle + 1
        return high

    if not once(start - room_left, end + room_right):
        return None  # (not even the widest span occurs once)
    # (the reaches left whose widest span occurs more than once would each be passed by)
    nearest = least(0, room_left, lambda left: once(start - left, end + room_right))
    best: tuple[int, int] | None = None  # (left, right)
    right = room_right  # the least reach right that occurs once with this left
    for left in range(nearest, room_left + 1):
        if best is not None and left > best[0] + best[1]:
            break  # every span from here on is longer than the one found
        first = start - left
        if right > 0 and once(first, end + right - 1):
            right = least(0, right - 1, partial(_reaches_right, once, first, end))
        if (left and (text[first] in CLAUSE_ENDS or text[first] in _CLOSING)) or inside(first):
            continue
        clean = right
        while clean <= room_right and not _clean_end(text, end, end + clean, inside):
            clean += 1
        if clean > room_right:
            continue
        if best is None or left + clean <= best[0] + best[1]:
            best = (left, clean)
    return None if best is None else (start - best[0], end + best[1])


# A core written more often than this is looked for in the whole text at each try.
_FEW_CORES = 32
_CORES: dict[str, list[int] | None] = {}
_CORES_OF: list[str] = [""]  # (the text _CORES holds the cores of, kept by identity)


def _occurrences(text: str, start: int, end: int) -> list[int] | None:
    """Where text[start:end] starts in the text, overlaps included, in order; None when
    it is written more than _FEW_CORES times. Each core is looked for once a text: a
    span that holds it occurs only where the core does, so whether the span occurs
    once is asked of those few places, not of the whole text at every try."""
    if _CORES_OF[0] is not text:
        _CORES.clear()
        _CORES_OF[0] = text
    core = text[start:end]
    if core in _CORES:
        return _CORES[core]
    found: list[int] | None = []
    at = text.find(core)
    while at >= 0 and found is not None:
        found.append(at)
        found = found if len(found) <= _FEW_CORES else None
        at = text.find(core, at + 1)
    _CORES[core] = found
    return found


def _reaches_right(once: Callable[[int, int], bool], first: int, end: int, reach: int) -> bool:
    return once(first, end + reach)


def _clean_end(text: str, end: int, last: int, inside: _Inside) -> bool:
    if last > end and (text[last - 1] in CLAUSE_ENDS or text[last - 1] in _OPENING):
        return False
    return not inside(last)


class _Inside:
    """Whether an offset falls strictly inside one of some spans (s < offset < e)."""

    def __init__(self, spans: tuple[tuple[int, int], ...]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []  # the furthest end of the spans up to each one
        for _, e in ordered:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def __call__(self, offset: int) -> bool:
        before = bisect_left(self.starts, offset)  # the spans starting before offset
        return before > 0 and self.reach[before - 1] > offset


@lru_cache(maxsize=8)
def _inside(spans: tuple[tuple[int, int], ...]) -> _Inside:
    return _Inside(spans)


# The spans of the last call and their _Inside, kept by identity: a scan passes the same
# list of every figure's spans with each quote (a tuple of them, hashed, costs more).
_LAST_SPANS: list[Any] = [None, 0, None]


def _inside_of(spans: Sequence[tuple[int, int]]) -> _Inside:
    if _LAST_SPANS[0] is spans and _LAST_SPANS[1] == len(spans) and isinstance(spans, tuple):
        return _LAST_SPANS[2]  # type: ignore[no-any-return]
    found = _inside(tuple(spans))
    _LAST_SPANS[:] = [spans, len(spans), found]
    return found


SNAP = 4
_OPENING, _CLOSING = "“「《（(", "”」》）)"


def _clean_edges(
    text: str, first: int, last: int, start: int, end: int, keep: Sequence[tuple[int, int]]
) -> bool:
    if first < start and (text[first] in CLAUSE_ENDS or text[first] in _CLOSING):
        return False
    if last > end and (text[last - 1] in CLAUSE_ENDS or text[last - 1] in _OPENING):
        return False
    return not any(s < first < e or s < last < e for s, e in keep)


_LEFT_EDGES = CLAUSE_ENDS + "）)"
_RIGHT_EDGES = CLAUSE_ENDS + "（("


def _snapped(text: str, first: int, last: int, low: int, high: int) -> tuple[int, int]:
    """Grown to the clause's edges when they are near; a span that occurs once still does."""
    left = first
    while left > low and first - left < SNAP and text[left - 1] not in _LEFT_EDGES:
        left -= 1
    if left == low or text[left - 1] in _LEFT_EDGES:
        first = left
    right = last
    while right < high and right - last < SNAP and text[right] not in _RIGHT_EDGES:
        right += 1
    if right == high or text[right] in _RIGHT_EDGES:
        last = right
    if text[last : last + 1] not in _CLOSING_MARKS:
        return first, last  # (no closing mark next: none to take)
    span = text[first:last]
    for opening, closing in zip(_OPENING, _CLOSING, strict=True):
        if (
            opening in span
            and span.count(opening) > span.count(closing)
            and text[last : last + 1] == closing
        ):
            last += 1
            span = text[first:last]
    return first, last


_CLOSING_MARKS = frozenset(_CLOSING)


def _line_from(text: str, at: int) -> tuple[int, int] | None:
    r"""The span of group 1 of re.match(r"\s*([^\n]+)", text, at), with no pattern to
    compile: from the first character after the blanks (\s: str.isspace) to its line's
    end; when only blanks are left, \s* gives back from the end down to the last one
    that is no line break, which [^\n]+ then takes alone. None when there is none."""
    length = len(text)
    first = at
    while first < length and text[first].isspace():
        first += 1
    if first < length:
        end = text.find("\n", first)
        return first, length if end < 0 else end
    last = length - 1
    while last >= at and text[last] == "\n":
        last -= 1
    return (last, last + 1) if last >= at else None


def headline_lines(text: str, parts: Sequence[Part]) -> list[tuple[int, int]]:
    """The span of each part's headline: its first line after the speaker line, when
    that line is short and holds no full stop (it names the part, restating a target)."""
    spans = []
    for part in parts:
        after = text.find("\n", part.start)
        if after < 0:
            continue
        span = _line_from(text, after)
        if span is None:
            continue
        line = text[span[0] : span[1]]
        if len(line) <= 40 and not any(c in line for c in "。；！？"):
            spans.append(span)
    return spans


# Where the last text asked about opens a quote (“ or 「), kept by identity: a scan asks
# with every figure, and an rfind of a mark the text lacks reads back to its start.
_OPENINGS: list[Any] = [None, []]


def _last_opening_before(text: str, at: int) -> int:
    """max(text.rfind("“", 0, at), text.rfind("「", 0, at)), by a bisection."""
    if _OPENINGS[0] is not text:
        found = [n for mark in "“「" for n in _all(text, mark)]
        found.sort()
        _OPENINGS[:] = [text, found]
    openings: list[int] = _OPENINGS[1]
    before = bisect_left(openings, at)  # (the marks that start before `at`)
    return openings[before - 1] if before else -1


def label_around(text: str, figure: Figure) -> tuple[int, int] | None:
    """The span of a short phrase in “” (or 「」) holding the figure, quotes included."""
    opening = _last_opening_before(text, figure.start)
    if opening < 0 or figure.end - opening - 1 > LABEL_LENGTH:
        return None  # (the closing mark comes after the figure: the phrase is too long)
    closing_char = "”" if text[opening] == "“" else "」"
    closing = text.find(closing_char, figure.end)
    if closing < 0 or closing - opening - 1 > LABEL_LENGTH:
        return None
    inside = text[opening + 1 : closing]
    if any(c in inside for c in "“”「」\n"):
        return None
    return opening, closing + 1


def is_time_span(figure: Figure) -> bool:
    """2024年, 6—8年, 三年: when something happens, never the value of a target."""
    return figure_kind(figure.text) == DATE or figure.text.endswith("年")


@dataclass(frozen=True, slots=True)
class Draft:
    """A drafted target for one figure; `todo` names the fields left to the curator."""

    figure: Figure
    org: str | None
    metric: MetricMatch | None
    amount: Amount
    wording: Word | None
    comparator: str
    firmness: Word | None
    period: Period
    quote: tuple[int, int] | None  # span in the text; None: no span occurs once
    todo: tuple[str, ...]
    direction: str | None = None  # "down": the figure is the size of a fall (下降2%)
    times: int | None = None  # 翻一番 (2), 翻两番 (4), 倍增 (2): times a base year's figure
    base: str | None = None  # that base year, when the sentence names it (比2020年)


def draft(
    text: str,
    figure: Figure,
    *,
    year: int,
    names: Mapping[str, str],
    org: str | None,
    floor: int | None = None,
    others: Sequence[tuple[int, int]] = (),
    dimensions: Mapping[str, str] | None = None,
) -> Draft:
    """A drafted target for a figure. floor: where the words that bound it may start
    (the end of the figure before it in its clause); default the clause's start.
    others: the spans of the text's other figures, which a quote holds whole or not at all.
    dimensions: each canonical metric's dimension; a metric whose dimension the figure's
    unit does not fit (2个 beside 经济总量, an amount) is not guessed.

    A text in traditional script is matched as simplified (rules.script), offset for
    offset: the metric, wording and firmness are the catalogue's and the word lists'
    simplified words, and the quote's span is that of the text as written."""
    written, source = figure, text
    text = simplified_text(text)
    as_read = text[figure.start : figure.end]
    if figure.text != as_read:
        figure = Figure(figure.start, figure.end, as_read, figure.line)
    clause_start, _ = clause_around(text, figure.start, figure.end)
    floor = clause_start if floor is None else max(floor, clause_start)
    amount = amount_of(figure.text)
    times = times_of(text, figure)
    if times is not None:
        amount = Amount(times, None, None, False)  # times a figure the text does not give
    if dimensions is not None:
        names = _fitting(names, dimensions, amount.unit)
    metric = find_metric(text, figure, names)
    skip = [(metric.start, metric.end)] if metric else []
    wording = wording_of(text, figure, floor, skip)
    comparator = COMPARATOR_OF_WORDING[wording.word] if wording else "="
    sentence_start, _ = sentence_around(text, figure.start, figure.end)
    firmness = firmness_of(text, figure, sentence_start)
    period = period_of(text, figure, year, sentence_start)

    core = [figure.start, figure.end]
    if metric is not None:
        core = [min(core[0], metric.start), max(core[1], metric.end)]
    else:
        first, last = clause_around(text, figure.start, figure.end, PHRASE_ENDS)
        core = [
            max(first, floor, figure.start - PHRASE_REACH),
            min(last, figure.end + PHRASE_REACH),
        ]
    if wording is not None:
        core = [min(core[0], wording.start), max(core[1], wording.end)]
    if (
        period.start is not None
        and any(c.isdigit() for c in text[period.start : period.end])
        and period.start >= max(clause_start, core[0] - TIME_REACH)
    ):
        core[0] = min(core[0], period.start)  # 2024年新引入…, 再用6—8年…: the year quoted too
    quote = shortest_quote(source, core[0], core[1], keep_whole=others)  # (once as written)

    todo = []
    if org is None:
        todo.append("org")
    if metric is None:
        todo.append("metric")
    if amount.value is None:
        todo.append("value")
    if amount.unit is None:
        todo.append("unit")
    if quote is None:
        todo.append("quote")
    if period.period == UNKNOWN_PERIOD:
        todo.append("period")
    return Draft(
        written,
        org,
        metric,
        amount,
        wording,
        comparator,
        firmness,
        period,
        quote,
        tuple(todo),
        direction_of(text, figure),
        times,
        base_year(text, figure) if times is not None else None,
    )


# The names that fit each unit, for the names and dimensions of the last call: a scan
# drafts every figure of a text against the same catalogue, in a handful of units.
_FITTING: list[Any] = [None, None, 0, {}]


def _fitting(
    names: Mapping[str, str], dimensions: Mapping[str, str], unit: str | None
) -> Mapping[str, str]:
    """The names whose metric's dimension the unit fits (unit_fits)."""
    memo = _FITTING
    if memo[0] is not names or memo[1] is not dimensions or memo[2] != len(names):
        memo[:] = [names, dimensions, len(names), {}]
    by_unit: dict[str | None, dict[str, str]] = memo[3]
    found = by_unit.get(unit)
    if found is None:
        fits: dict[str | None, bool] = {}  # (by dimension: a handful, for every name)
        found = by_unit[unit] = {}
        for written, name in names.items():
            dimension = dimensions.get(name)
            fit = fits.get(dimension)
            if fit is None:
                fit = fits[dimension] = unit_fits(dimension, unit)
            if fit:
                found[written] = name
    return found


# 翻一番 doubles, 翻两番 quadruples: the figure between 翻 and 番 counts doublings.
DOUBLING = "翻"
_DOUBLINGS = {"一": 1, "两": 2, "二": 2, "三": 3}
MULTIPLYING = "倍增"
# 倍增 before these names a programme (人才倍增工程, 三年倍增计划), not a figure to reach.
PROGRAMME_WORDS = ("计划", "工程", "行动", "”", "」")


def times_of(text: str, figure: Figure) -> int | None:
    """How many times a base figure the target is: 翻一番 2, 翻两番 4, 倍增 2; else None."""
    if figure.text == MULTIPLYING:
        return 2
    doublings = _DOUBLINGS.get(figure.text)
    if (
        doublings is not None
        and text[figure.start - 1 : figure.start] == DOUBLING
        and text[figure.end : figure.end + 1] == "番"
    ):
        return int(2**doublings)
    return None


def doubling_spans(text: str) -> list[tuple[int, int]]:
    """Each 倍增 that states a figure to reach (固定资产投资实现倍增), as a span: not
    one naming a programme (倍增计划, “人才倍增”工程)."""
    spans = []
    text = simplified_text(text)  # (计劃 and 行動 read as 计划 and 行动: offsets are kept)
    for at in _all(text, MULTIPLYING):
        end = at + len(MULTIPLYING)
        if not text[end : end + 2].startswith(PROGRAMME_WORDS):
            spans.append((at, end))
    return spans


def base_year(text: str, figure: Figure) -> str | None:
    """The base year a sentence measures a multiple from: 比2020年翻一番 gives 2020."""
    first, _ = sentence_around(text, figure.start, figure.end)
    found = _compiled(r"(?:比|较|与|相比)(\d{4})年").findall(text, first, figure.start)
    return found[-1] if found else None


def direction_of(text: str, figure: Figure) -> str | None:
    """ "down" when a fall word is written right before the figure (能耗下降2%)."""
    before = text[max(0, figure.start - 2) : figure.start]
    return "down" if before in FALL_WORDS else None


# ---- last year's results --------------------------------------------------------

# A review of results ends a sentence only at these (its 、 and ；-parts are one sentence).
RESULT_ENDS = "。！？!?\n"
# Words of a sentence that aims at something: it is no result, whatever year it names.
AIMING_WORDS = r"目标|预期|力争|确保|争取|计划|今年|明年"
# A short line opening a review of the year before, or one opening the year's work.
_REVIEW_HEADING = r"回顾|过去一年|去年"
_AHEAD_HEADING = r"今年|工作安排|主要预期|目标|任务|总体要求"
HEADING_LENGTH = 30


@dataclass(frozen=True, slots=True)
class Result:
    """A sentence reviewing the results of the year before the source's year."""

    start: int
    end: int  # the sentence, without its closing mark


class _Words:
    """Whether a text holds any of some words: the search of their alternation (a|b|c)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words

    def search(self, text: str) -> bool:
        for word in self.words:  # noqa: SIM110 (a loop: a generator costs more than it)
            if word in text:
                return True
        return False


class _Places:
    """Whether a sentence of a text holds any of some words, none of which holds a mark
    that ends a sentence (so one that starts inside it ends inside it): where each word
    is written is found once a text, then looked up by a bisection."""

    def __init__(self, text: str, words: tuple[str, ...]) -> None:
        self.starts = sorted({at for word in words for at in _all(text, word)})

    def within(self, start: int, end: int) -> bool:
        """Whether text[start:end] holds one of the words."""
        after = bisect_left(self.starts, start)
        return after < len(self.starts) and self.starts[after] < end


_NOT_IN_A_HEADING = frozenset("。；！？，,")


def _is_heading(line: str) -> bool:
    return 0 < len(line) <= HEADING_LENGTH and _NOT_IN_A_HEADING.isdisjoint(line)


def result_sentences(text: str, year: int) -> list[Result]:
    """The sentences of a work report's review of the year before `year`: each within a
    section whose heading reviews (一、2023年工作回顾, 过去一年), or opening with that year
    (过去一年，… / 2023年，… / 去年…), and naming nothing to aim at (目标, 力争, 今年…).
    A text in traditional script is read as simplified (rules.script)."""
    return list(_result_sentences(text, year))


@lru_cache(maxsize=2)  # (a scan asks for them twice: the results and the doublings)
def _result_sentences(text: str, year: int) -> tuple[Result, ...]:
    text = simplified_text(text)
    before = str(year - 1)
    # (words, no pattern: looked for as text, with no regular expression to compile)
    review_heading = _Words((*_REVIEW_HEADING.split("|"), f"{before}年"))
    ahead_heading = _Words((*_AHEAD_HEADING.split("|"), f"{year}年"))
    opening = rf"^[\s　]*(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?:过去一年|去年|{before}年)"
    # (the pattern only for a sentence that holds one of its words: most hold none)
    opening_words = _Places(text, ("过去一年", "去年", f"{before}年"))
    aiming = _Places(text, tuple(AIMING_WORDS.split("|")))
    found = []
    in_review = False
    at = 0
    # each sentence ends at the first of RESULT_ENDS from its start: the next of their
    # places (shared with the clauses' marks), or the text's end
    for end in (*_marks(text, RESULT_ENDS), len(text)):
        if at >= len(text):
            break
        sentence = text[at:end]
        # (at a line's start: the character before it ends a line, or there is none)
        whole_line = (at == 0 or text[at - 1] == "\n") and (end == len(text) or text[end] == "\n")
        if whole_line and _is_heading(sentence.strip()):
            if review_heading.search(sentence) and not ahead_heading.search(sentence):
                in_review = True
            elif ahead_heading.search(sentence):
                in_review = False
        elif not aiming.within(at, end) and (
            in_review
            or (opening_words.within(at, end) and _compiled(opening).search(sentence) is not None)
        ):
            first = at
            while first < end and text[first] in " \t　":
                first += 1
            if first < end:
                found.append(Result(first, end))
        at = end + 1
    return tuple(found)


# ---- the title line ---------------------------------------------------------------

TITLE_LENGTH = 64  # characters at most: a longer line is a paragraph
# A site's banner or breadcrumb (首页 > 要闻), a photo's caption (图为…), a dateline or
# byline (——2024年1月12日在…, 来源：…, 记者…): no title, whatever its length.
_NOT_A_TITLE = (
    r"^(?:首页|当前位置|您的位置|您所在的位置|位置[:：])"
    r"|[>＞»›]|\|"
    r"|^(?:图为|图片|图[:：]|[（(]图)"
    r"|^(?:——|──|--|来源|发布时间|时间[:：]|记者|作者|编辑|责任编辑)"
    r"|^\d{4}[-/.年]\d{1,2}"
)


def title_line(text: str) -> str | None:
    """The document's title as a curator reads it: the first line that reads like one
    (short, no full stop or comma after a clause, no banner, caption or dateline);
    None when no line does (the caller falls back to the first line)."""
    not_a_title = _compiled(_NOT_A_TITLE)
    for raw in text.splitlines():
        line = raw.strip().strip("　")
        if not line or len(line) > TITLE_LENGTH or not_a_title.search(simplified(line)):
            continue
        if any(c in line for c in "。；！？;") or line[-1] in "，,：:、":
            continue
        if not any("\u4e00" <= c <= "\u9fff" or c.isalpha() for c in line):
            continue  # digits and marks only: a page number, a rule
        return line
    return None


# ---- datelines and section headings -------------------------------------------------

# A report's dateline: ——2025年1月16日在…会议上, or the same in brackets; its figures
# (the date, 第八届, 第五次) date the report, none states a target.
_DATELINE = (
    r"(?m)^[ \t　]*((?:——|──|--|[（(])[ \t　]*\d{4}年\d{1,2}月\d{1,2}日"
    r"[^\n。；！？]{0,80}?)[ \t　]*$"
)
# A section heading: 一、过去一年工作回顾, （二）今年主要预期目标; short, no sentence.
_SECTION_HEADING = (
    r"(?m)^[ \t　]*((?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])"
    r"[^\n]*?)[ \t　]*$"
)


# What each kind of line opens with, after its blanks: a text with no line so opened
# has none of them, and their patterns are not compiled (most texts have no dateline).
_BLANKS = " \t\u3000"
_ORDINALS = "一二三四五六七八九十"


def _opens_dateline(line: str) -> bool:
    return line.startswith(("——", "──", "--", "（", "("))


def _opens_section(line: str) -> bool:
    if line.startswith(("（", "(")):
        return line[1:2] != "" and line[1] in _ORDINALS
    numeral = len(line) - len(line.lstrip(_ORDINALS))
    return numeral > 0 and line[numeral : numeral + 1] == "、"


def _opens_caption(line: str) -> bool:
    return line.startswith(("图", "（图", "(图"))


def _some_line(text: str, opens: Callable[[str], bool]) -> bool:
    """Whether a line of the text, less its leading blanks, opens as `opens` says."""
    return any(opens(line.lstrip(_BLANKS)) for line in text.split("\n"))


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """The span of each dateline (——2025年1月16日在…会议上), as written on its line."""
    if not _some_line(text, _opens_dateline):
        return []
    return [m.span(1) for m in _compiled(_DATELINE).finditer(text)]


# A photo's caption on a line of its own: 图为…会议开幕现场。（记者 张三 摄）, in either
# script; its figures (the session's 第九届, 第四次) name what the photo shows, no target.
# A sentence that merely names a session (市第九届人大第四次会议确定，…增长6%) is none.
_CAPTION = (
    r"(?m)^[ \t　]*((?:图为|图片[:：]|图[:：]"
    r"|[（(]图(?:为|片|[:：/／)）]))[^\n]*?)[ \t　]*$"
)


def caption_spans(text: str) -> list[tuple[int, int]]:
    """The span of each photo caption (图为…会议开幕现场), as written on its line."""
    text = simplified_text(text)
    if not _some_line(text, _opens_caption):
        return []
    return [m.span(1) for m in _compiled(_CAPTION).finditer(text)]


def section_headings(text: str) -> list[tuple[int, int]]:
    """The span of each section heading (一、2023年工作回顾), ordinal included."""
    if not _some_line(text, _opens_section):
        return []
    return [
        m.span(1) for m in _compiled(_SECTION_HEADING).finditer(text) if _is_heading(m.group(1))
    ]
