"""Every figure a text writes: what a completeness check holds to a target or a dismissal.

Usage::

    from targets_cli.rules.figures import find_figures

    for figure in find_figures(text):
        figure.start, figure.end  # text[figure.start:figure.end] == figure.text
        figure.text               # as written: "60个", "5.5%", "1—2个", "千亿元", "1+6+3"
        figure.line               # 1-based line of the text the figure starts on
        figure.kind               # one of KINDS: "date", "percent", "range", ...

`find_figures(text) -> list[Figure]` is pure (no I/O) and gives the figures in text
order, never overlapping. A Figure is a NamedTuple: `start, end, text, line = figure`.

What counts as a figure
-----------------------
A figure is a numeral that counts or measures something, with the magnitude and the
unit or measure word written right after it, so that a person reads it whole:

- Arabic numerals, with decimals, a magnitude and a unit: 60个, 5.5%, 1300亿元, 5.7万人;
  2百分点 is 2 percentage points (百 is no magnitude before 分点), as 2个百分点 is.
- Ranges: 1—2个, 6—8年 (a dash, a tilde or 至 between two numerals).
- Compound slogans: 1+6+3, 1+4+7+9+N, 3+2; and bare numbers such as 1310. They are
  figures, which a dismissal (a `[[not_targets]]` entry) explains.
- Chinese numerals and magnitude words: 一, 两, 三大, 十大, 千亿, 百亿元, 万亩, 千强.
- Ranks: 50强, 千强. Ordinals with 第: 第一批, 第九届.
- In traditional script, the same: the text is matched as rules.script reads it in
  simplified (50強, 第七屆, 5萬人), and each figure's text is as written.
- Dates: 2024年, 到2025年 gives 2025年. A date is reported (kind "date"): it is part of
  what a target says (its period) or it is dismissed, and a check that skipped dates
  could not tell a target's year from a year nobody read.

The comparator around a figure (超, 以上, 不少于) is wording, not part of the figure:
超百亿元 gives 百亿元, 6%以上 gives 6%. A target's quote holds both.

What is not a figure
--------------------
- Enumeration markers: 一是, 二是 (and （一）, 第一、) at the start of a paragraph or
  sentence number the points of a speech. They count nothing the speaker commits to,
  every part of a speech has them, and a dismissal of each would say nothing.
- Words in which a numeral character is no number (LEXICAL): 进一步 (further), 新一代
  (new generation), 一流 (first-class), 一体化 (integration), 一把手 (the top official),
  零部件 (parts), 统一 (unified) and the like.
- A magnitude with no numeral before a currency or people unit: 超亿元项目, 亿元以上项目.
  亿元 there is the unit of a class of projects (projects over 100m yuan) and always
  comes with the count that a target quotes; 万亩 (a magnitude of an area) is a figure.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import namedtuple
from functools import cache

from .script import TRADITIONAL, simplified
from .wording import places_of

# Kinds of figure, by what the text writes (Figure.kind).
DATE = "date"  # 2024年, 2024—2026年
PERCENT = "percent"  # 6%, 5.5%, 1个百分点
RANGE = "range"  # 1—2个, 6—8年
RANK = "rank"  # 50强, 千强
ORDINAL = "ordinal"  # 第一批
COMPOUND = "compound"  # 1+6+3, 2+2+N
NUMBER = "number"  # everything else: 60个, 1300亿元, 三大, 千亿
KINDS = (DATE, PERCENT, RANGE, RANK, ORDINAL, COMPOUND, NUMBER)

# A text in traditional script is read through rules.script.simplified (萬 as 万, 個 as
# 个, 第七屆 as 第七届, 50強 as 50强), so these lists hold simplified forms only.
CHINESE_NUMERALS = "零一二两三四五六七八九十百千万亿"
MAGNITUDES = "十百千万亿"
# Units and measure words read as part of the figure before them, longest first.
MEASURE_WORDS = (
    "个百分点",
    "百分点",
    "平方公里",
    "公里",
    "小时",
    "亿元",
    "万元",
    "万人",
    "万亩",
    "%",
    "％",
    "元",
    "人",
    "名",
    "家",
    "个",
    "项",
    "支",
    "年",
    "月",
    "日",
    "天",
    "强",
    "大",
    "亩",
    "镇",
    "村",
    "批",
    "期",
    "号",
    "次",
    "条",
    "座",
    "所",
    "类",
    "倍",
    "位",
    "种",
    "届",
    "里",
    "米",
    "吨",
    "辆",
    "台",
    "件",
    "户",
    "套",
    "轮",
)
# Words in which a numeral character is no number.
LEXICAL = (
    "进一步",
    "一步",
    "新一代",
    "一代",
    "值得一提",
    "一提",
    "一把手",
    "一体化",
    "一体",
    "一流",
    "统一",
    "唯一",
    "一起",
    "一直",
    "一些",
    "一定",
    "一切",
    "一样",
    "之一",
    "一系列",
    "一方面",
    "万一",
    "一般",
    "一致",
    "一道",
    "一同",
    "一律",
    "一旦",
    "一贯",
    "一举",
    "一如既往",
    "一心一意",
    "千方百计",
    "万众一心",
    "四面八方",
    "零部件",
    "零件",
    "零售",
    "零距离",
    "一揽子",
    "一站式",
)
YEARS = (1900, 2100)  # a four-digit number before 年 inside these is a date

# 4,233.2 and 6,000: one number with thousands separators, never 4 and 233.2. (\d is
# any decimal digit, so full-width digits as ４２３３ are numbers too.)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_DASH = r"\s*[—–~～\-至]\s*"
_DASHES = frozenset("—–~～-至")  # (the marks of _DASH: a figure without one is no range)
# A minus before a figure that follows no digit or letter: a fall (增长−18.2%).
_SIGN = r"(?:(?<![\dA-Za-z.])[−-](?=\d))?"
# Before a numeral, these open a sentence or a paragraph (an enumeration marker follows).
_OPENERS = "\n。；！？：:　 \t"
_ENUMERATION_AFTER = "是、，,：:．."
# A magnitude after a number (2百亿), but not the 百 of 百分点 (2百分点: 2 percentage points).
_MAGNITUDE = rf"(?:(?!百分点)[{MAGNITUDES}])"


TYPE_CHECKING = False  # (typing costs `scan` a tenth of its start: NamedTuple is for mypy)
if TYPE_CHECKING:
    import re
    from collections.abc import Callable
    from typing import NamedTuple

    class _Figure(NamedTuple):
        start: int
        end: int
        text: str
        line: int

else:
    _Figure = namedtuple("Figure", ("start", "end", "text", "line"))


class Figure(_Figure):
    """A figure of a text: text[start:end] == text, on 1-based line `line`."""

    __slots__ = ()

    @property
    def kind(self) -> str:
        return figure_kind(self.text)


# The last whole text read as simplified, kept by identity: a scan asks for it with
# every figure, and script.simplified's few cached texts are the figures' own by then
# (where the whole text, looked at again, costs a read of every character).
_LAST_TEXT: list[str] = ["", ""]
_TRADITIONAL_SET = frozenset(TRADITIONAL)


def simplified_text(text: str) -> str:
    """simplified(text), worked out once for the text a scan drafts from."""
    if _LAST_TEXT[0] is not text:
        _LAST_TEXT[:] = [text, simplified(text)]
    return _LAST_TEXT[1]


def simplified_words(text: str) -> str:
    """simplified(text) of a few words (a figure, a line): the text itself when it holds
    no traditional character, told at once (script.simplified's cache, which a scan's
    many small texts keep missing, costs more than the telling)."""
    return text if _TRADITIONAL_SET.isdisjoint(text) else simplified(text)


@cache
def _compiled(regex: str) -> re.Pattern[str]:
    import re  # (only where a pattern is needed: a scan of one text compiles none)

    return re.compile(regex)


@cache
def _pattern() -> re.Pattern[str]:
    """The figure pattern, built once a run (every source text is scanned): a figure
    less its unit (_unit_end adds it)."""
    compound = rf"(?P<compound>第?{_NUMBER}(?:\+(?:{_NUMBER}|[A-Za-z]))+)"
    arabic = rf"(?P<arabic>第?{_SIGN}{_NUMBER}(?:[%％]?{_DASH}{_NUMBER})?{_MAGNITUDE}*)"
    chinese = rf"(?P<chinese>(?P<numeral>第?[{CHINESE_NUMERALS}]+))"
    # (every figure opens with one of these: the lookahead turns most places of a text
    # down at once, where the branches would each be tried; it matches what they match)
    opening = rf"(?=[第\d−\-{CHINESE_NUMERALS}])"
    return _compiled(rf"{opening}(?:{compound}|{arabic}|{chinese})")


# MEASURE_WORDS by their first character, each list in MEASURE_WORDS' order.
_UNITS_AT: dict[str, list[str]] = {}
for _word in MEASURE_WORDS:
    _UNITS_AT.setdefault(_word[0], []).append(_word)


def _unit_end(text: str, end: int) -> int:
    """Where the figure ending at `end` ends with its unit: the first of MEASURE_WORDS
    written there, as the alternation (?:个百分点|百分点|…)? after the figure would
    find it (its first word that matches, none when none does). Looked up, not
    matched: the units as a pattern were most of the figure pattern's compiling."""
    words = _UNITS_AT.get(text[end : end + 1])
    if words is not None:
        for word in words:
            if text.startswith(word, end):
                return end + len(word)
    return end


# LEXICAL as an alternation would try them: the longest first.
_LEXICAL_ORDER = tuple(sorted(LEXICAL, key=len, reverse=True))


def _lexical_spans(text: str, chars: set[str] | None = None) -> list[tuple[int, int]]:
    """The words of LEXICAL in the text, as re.finditer over their alternation (in
    _LEXICAL_ORDER) finds them: from left to right, at each place the first word of the
    order written there, none starting inside the one before. Found with str.find, with
    no pattern to compile. chars: the text's characters, when known (a word with
    another is not looked for)."""
    found = []
    for order, word in enumerate(_LEXICAL_ORDER):
        if chars is not None and not chars.issuperset(word):
            continue
        at = text.find(word)
        while at >= 0:
            found.append((at, order, at + len(word)))
            at = text.find(word, at + 1)
    found.sort()
    spans = []
    end = 0
    for start, _, stop in found:
        if start >= end:
            spans.append((start, stop))
            end = stop
    return spans


def _years_of(text: str) -> tuple[str, ...] | None:
    r"""The years of a text ending in 年 as re.fullmatch(r"(\d{4})(?:\s*[—–~～\-至]\s*
    (\d{4}))?年$", text) gives them (its groups that matched), read with str methods
    (\d is what str.isdecimal holds, \s what str.isspace holds): no pattern to compile."""
    first, rest = text[:4], text[4:-1]
    if len(first) < 4 or not first.isdecimal() or text[-1] != "年":
        return None
    if not rest:
        return (first,)
    last, between = rest[-4:], rest[:-4].strip()
    if len(rest) < 5 or not last.isdecimal() or len(between) != 1 or between not in _DASHES:
        return None
    return first, last


def figure_kind(text: str) -> str:
    """The kind of a figure as written (one of KINDS)."""
    if "+" in text:
        return COMPOUND
    text = simplified_words(text)
    if text.startswith("第"):
        return ORDINAL
    if text.endswith(("%", "％", "百分点")):
        return PERCENT  # 5%—6% too: a range of percents
    if text.endswith("强"):
        return RANK
    # (each pattern only where it can match: a date ends in 年, a range holds a dash)
    if text.endswith("年"):
        years = _years_of(text)
        if years and all(YEARS[0] <= int(y) <= YEARS[1] for y in years):
            return DATE
    if _DASHES.isdisjoint(text):
        return NUMBER
    return RANGE if _is_range(text) else NUMBER


def _digits_end(text: str, at: int) -> int:
    """Where the run of digits from `at` ends."""
    while at < len(text) and text[at].isdecimal():
        at += 1
    return at


def _number_ends(text: str, at: int) -> list[int]:
    """Where a match of _NUMBER starting at `at` can end and be followed by no digit,
    comma or point (the only ends after which a range's mark can come)."""
    run = _digits_end(text, at)
    if run == at:
        return []
    ends = [run]  # \d+
    if run - at <= 3:  # \d{1,3}(?:,\d{3})+(?!\d): the most groups not followed by a digit
        grouped = run
        while text[grouped : grouped + 1] == "," and _digits_end(text, grouped + 1) >= grouped + 4:
            grouped += 4
        if grouped > run and not text[grouped : grouped + 1].isdecimal():
            ends.append(grouped)
    for end in list(ends):  # (?:\.\d+)?
        if text[end : end + 1] == "." and (decimals := _digits_end(text, end + 1)) > end + 1:
            ends.append(decimals)
    return ends


def number_end(text: str, at: int) -> int | None:
    r"""Where re.compile(_NUMBER).match(text, at) ends (None: no match), read with str
    methods: 1 to 3 digits and the most `,ddd` groups not followed by a digit (one
    group fewer when they are, down to one), else every digit; then a point and its
    digits, when there are any."""
    run = _digits_end(text, at)
    if run == at:
        return None
    end = run
    if run - at <= 3:
        groups = []
        grouped = run
        while text[grouped : grouped + 1] == "," and _digits_end(text, grouped + 1) >= grouped + 4:
            grouped += 4
            groups.append(grouped)
        if groups and text[groups[-1] : groups[-1] + 1].isdecimal():
            groups.pop()  # (?!\d) fails after the last: one group fewer
        if groups:
            end = groups[-1]
    if text[end : end + 1] == "." and (decimals := _digits_end(text, end + 1)) > end + 1:
        end = decimals
    return end


def _is_range(text: str) -> bool:
    r"""Whether re.match(rf"[−-]?({_NUMBER})[%％]?{_DASH}({_NUMBER})", text) matches, read
    with str methods (\d is what str.isdecimal holds, \s what str.isspace holds): a
    number, a percent sign or none, a dash between blanks, then a digit."""
    start = 1 if text[:1] in ("−", "-") else 0  # (a sign is no digit: no other way)
    for end in _number_ends(text, start):
        if text[end : end + 1] in ("%", "％"):
            end += 1
        while end < len(text) and text[end].isspace():
            end += 1
        if end < len(text) and text[end] in _DASHES:
            end += 1
            while end < len(text) and text[end].isspace():
                end += 1
            if end < len(text) and text[end].isdecimal():
                return True
    return False


def _is_enumeration(text: str, start: int, end: int) -> bool:
    """一是, 二是, （一）, 第一、 opening a paragraph or sentence: the points of a speech."""
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else ""
    numeral = text[start:end].removeprefix("第")
    if not numeral or any(c not in "一二三四五六七八九十" for c in numeral):
        return False
    if before in "（(" and after in "）)":
        return True
    return (before in _OPENERS or start == 0) and after != "" and after in _ENUMERATION_AFTER


# What the figure pattern's match is, by the branch that matched.
_COMPOUND, _ARABIC, _CHINESE = 0, 1, 2
_OPENINGS = frozenset("第−-" + CHINESE_NUMERALS)  # (and every digit: str.isdecimal)
_CHINESE_SET = frozenset(CHINESE_NUMERALS)
_MAGNITUDE_SET = frozenset(MAGNITUDES)
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_PERCENT_SIGNS = ("%", "％")


def _figure_at(text: str, at: int) -> tuple[int, int] | None:
    r"""(branch, end) of the figure pattern's match at `at` (_pattern().match(text, at)),
    read with str methods (\d is what str.isdecimal holds, \s what str.isspace holds):
    None when it does not match there. Each branch takes what it can: whatever a
    shorter number would leave next (a digit, a comma or a point) is none of the +, %,
    blank, dash or magnitude that can follow it, so the pattern gives nothing back."""
    length = len(text)
    first = at + 1 if text[at] == "第" else at  # (第? then a digit, a sign or a numeral)
    end = number_end(text, first)
    if end is not None:  # compound: the number, then (?:\+(?:number|letter))+
        last = end
        while text[last : last + 1] == "+":
            after = number_end(text, last + 1)
            if after is None:
                if text[last + 1 : last + 2] not in _ASCII_LETTERS:
                    break
                after = last + 2
            last = after
        if last > end:
            return _COMPOUND, last
    elif (  # arabic with a sign: a minus that follows no digit, letter or point
        text[first : first + 1] in ("−", "-")
        and text[first + 1 : first + 2].isdecimal()
        and not (
            first > 0
            and (
                text[first - 1].isdecimal()
                or text[first - 1] in _ASCII_LETTERS
                or text[first - 1] == "."
            )
        )
    ):
        end = number_end(text, first + 1)
    if end is not None:  # arabic: (?:[%％]?dash number)? then magnitudes but 百分点's 百
        mark = end + 1 if text[end : end + 1] in _PERCENT_SIGNS else end
        while mark < length and text[mark].isspace():
            mark += 1
        if mark < length and text[mark] in _DASHES:
            mark += 1
            while mark < length and text[mark].isspace():
                mark += 1
            top = number_end(text, mark)
            if top is not None:
                end = top
        while end < length and text[end] in _MAGNITUDE_SET and not text.startswith("百分点", end):
            end += 1
        return _ARABIC, end
    last = first  # chinese: 第? then numerals
    while last < length and text[last] in _CHINESE_SET:
        last += 1
    return (_CHINESE, last) if last > first else None


def _openings(text: str, chars: set[str] | None = None) -> list[int]:
    """Where a figure can open (第, a digit, a minus, a numeral), in order. chars: the
    text's characters, when known."""
    if chars is None:
        chars = set(text)
    return places_of(text, [c for c in chars if c in _OPENINGS or c.isdecimal()])


# A run reads its first texts with _figure_at, and compiles the figure pattern (about
# 1.2 ms) once it has read as much text as that pays for (_figure_at reads about 0.05 ms
# slower for every thousand characters): a scan reads one text, a check of many source
# texts soon compiles it. Both find the same figures.
_READ_BEFORE_COMPILING = 20_000  # characters
_READ = [0]


def _searcher(
    text: str, chars: set[str] | None = None
) -> Callable[[int], tuple[int, int, int] | None]:
    """search(position): (start, end, branch) of the first match of the figure pattern
    at or after `position`, or None (positions asked for only grow). chars: the text's
    characters, when known."""
    _READ[0] += len(text)
    if _READ[0] > _READ_BEFORE_COMPILING:
        pattern_search = _pattern().search

        def by_pattern(position: int) -> tuple[int, int, int] | None:
            match = pattern_search(text, position)
            if match is None:
                return None
            branch = (
                _COMPOUND
                if match.group("compound") is not None
                else _CHINESE
                if match.group("chinese")
                else _ARABIC
            )
            return match.start(), match.end(), branch

        return by_pattern
    openings = _openings(text, chars)
    next_one = [0]  # (the first opening not yet tried)

    def by_openings(position: int) -> tuple[int, int, int] | None:
        at = next_one[0]
        while at < len(openings):
            start = openings[at]
            at += 1
            if start >= position and (found := _figure_at(text, start)) is not None:
                next_one[0] = at
                return start, found[1], found[0]
        next_one[0] = at
        return None

    return by_openings


def find_figures(text: str) -> list[Figure]:
    """Every figure of a text, in order, as Figure(start, end, text, line).

    See the module's docstring for what a figure is and what is left out. A text in
    traditional script is matched as simplified; each figure is as written.
    """
    written = text
    chars = None
    if _LAST_TEXT[0] is text:
        text = _LAST_TEXT[1]
    elif _READ[0] + len(text) > _READ_BEFORE_COMPILING:  # (the pattern: no openings)
        text = simplified_text(text)
    else:
        # its characters, read once: the openings', and whether any is traditional
        # (simplified(text) would read them all again to tell)
        chars = set(text)
        if _TRADITIONAL_SET.isdisjoint(chars):
            _LAST_TEXT[:] = [text, text]  # (simplified(text) is the text itself)
        else:
            text = simplified_text(text)
            chars = None  # (simplified, it may hold other openings: 兩, 萬, 億)
    lexical = _lexical_spans(text, chars)
    lexical_starts = [span[0] for span in lexical]
    line_starts = [0]  # (found with str.find: no pattern to compile)
    at = text.find("\n")
    while at >= 0:
        line_starts.append(at + 1)
        at = text.find("\n", at + 1)
    found = []
    new_tuple, line_of = tuple.__new__, bisect_right
    search = _searcher(text, chars)
    position = 0
    while (match := search(position)) is not None:
        start, end, branch = match
        numeral_end = end
        if branch != _COMPOUND:  # (a compound takes no unit)
            end = _unit_end(text, end)
        position = end  # (as finditer goes on: a figure is never empty)
        if branch == _CHINESE:
            core = text[start:numeral_end].removeprefix("第")
            if _is_enumeration(text, start, numeral_end):
                continue
            at = bisect_right(lexical_starts, start) - 1
            if at >= 0 and lexical[at][0] <= start and numeral_end <= lexical[at][1]:
                continue  # 进一步, 新一代: a word, not a number
            if set(core) <= set("万亿") and text[numeral_end : numeral_end + 1] in ("元", "人"):
                continue  # 亿元, 万人 with no numeral: a unit (超亿元项目)
        # (as Figure(...) makes it, without the namedtuple's __new__ written in Python)
        found.append(
            new_tuple(Figure, (start, end, written[start:end], line_of(line_starts, start)))
        )
    return found
