"""How the Chinese wording of a target maps to comparators, firmness and numbers."""

from __future__ import annotations

from bisect import bisect_left
from functools import cache, lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterable
    from decimal import Decimal

# The word that bounds a figure, and the comparator it means.
COMPARATOR_OF_WORDING: dict[str, str] = {
    "超": ">",
    "超过": ">",
    "过": ">",
    "突破": ">",
    "以上": ">=",
    "不少于": ">=",
    "不低于": ">=",
    "至少": ">=",
    "达": "=",
    "达到": "=",
    "增至": "=",
    "完成": "=",
    "实现": "=",
    "以内": "<=",
    "不超过": "<=",
    "左右": "about",
    # 50强 is a rank: a place among the top 50.
    "强": "<=",
}

# With no bounding word, a figure names the level to reach: a floor in practice.
COMPARATORS_WITHOUT_WORDING = ("=", ">=")

# Words that say the figure after them is the size of a fall (能耗下降2%): the checker
# and the drafts read them alike; 降至 / 降到 name a level to fall to, not a fall.
FALL_WORDS = ("下降", "降低", "减少", "回落", "压减", "下调")

# Firmness words, hardest first; analysts separate hard from soft targets by them.
FIRMNESS_LEVEL: dict[str, str] = {
    "确保": "ensure",
    "力保": "ensure",
    "力争": "strive",
    "全力": "strive",
    "争取": "try",
    "争创": "try",
    "力促": "try",
    "冲刺": "try",
}
FIRMNESS_ORDER = ("ensure", "strive", "try")

COMPARATOR_SYMBOL = {">": ">", ">=": "≥", "=": "=", "<=": "≤", "about": "≈"}
COMPARATOR_EN = {
    ">": "more than",
    ">=": "at least",
    "=": "reach",
    "<=": "at most",
    "about": "about",
}


def firmness_rank(word: str | None) -> int:
    """0 for a plain or 确保 figure, then 力争, then 争取: a lower number is firmer."""
    level = firmness_level(word)
    return 0 if level is None else FIRMNESS_ORDER.index(level)


def firmness_level(word: str | None) -> str | None:
    """ensure / strive / try for a firmness word, by the first known word it holds."""
    if not word:
        return None
    for known, level in FIRMNESS_LEVEL.items():
        if word.startswith(known):
            return level
    return None


# Compiled when first used (compiling at import would slow every command's start).
# The marks that end a sentence (found with str.find: no pattern to compile).
SENTENCE_ENDS = "。；！？\n"
_DIGITS = r"\d+(?:\.\d+)?"
_CHINESE_NUMERAL = r"[零一二两三四五六七八九十百千]+"


@cache
def _compiled(regex: str) -> re.Pattern[str]:
    import re  # (here: a run that compiles no pattern, as a scan, never imports re)

    return re.compile(regex)


_CHINESE_DIGIT = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CHINESE_MULTIPLIER = {"十": 10, "百": 100, "千": 1000}


def chinese_numeral(text: str) -> int | None:
    """The value of a Chinese numeral below 10,000: 千 is 1000, 三百五十 is 350."""
    total, digit = 0, None
    for char in text:
        if char in _CHINESE_DIGIT:
            digit = _CHINESE_DIGIT[char]
        elif char in _CHINESE_MULTIPLIER:
            total += (1 if digit is None else digit) * _CHINESE_MULTIPLIER[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def numbers_in(text: str) -> set[Decimal]:
    """Every figure written in a text, in digits or in Chinese number words."""
    from decimal import Decimal

    found = {Decimal(match) for match in _compiled(_DIGITS).findall(text)}
    for word in _compiled(_CHINESE_NUMERAL).findall(text):
        value = chinese_numeral(word)
        if value:
            found.add(Decimal(value))
    return found


def writes(text: str, value: int | float) -> bool:
    """Whether the text writes the figure (the figure is among numbers_in(text))."""
    # the digits as Python prints the value settle it without a Decimal, most of the time
    digits = str(value)
    return (
        _first_stands_alone(text, digits)
        or digits in _compiled(_DIGITS).findall(text)
        or _decimal(digits) in numbers_in(text)
    )


def _decimal(digits: str) -> Decimal:
    from decimal import Decimal

    return Decimal(digits)


def _first_stands_alone(text: str, digits: str) -> bool:
    """Whether the first time text holds these digits (12 or 12.5) they are a whole
    figure: found by _DIGITS, which a check per target would otherwise run over the text.

    Neither neighbour is a digit (\\d: any decimal digit, as str.isdecimal) or a point,
    so no figure of _DIGITS runs into them. False is always safe: the regex decides.
    """
    whole, point, fraction = digits.partition(".")
    if not whole.isdecimal() or (point and not fraction.isdecimal()):
        return False
    start = text.find(digits)
    end = start + len(digits)
    if start < 0 or (start and (text[start - 1].isdecimal() or text[start - 1] == ".")):
        return False
    return end == len(text) or not (text[end].isdecimal() or text[end] == ".")


def places_of(text: str, characters: Iterable[str]) -> list[int]:
    """Every place in the text where one of these characters stands, in order (one
    str.find at a time: no pattern to compile)."""
    found: list[int] = []
    for character in characters:
        at = text.find(character)
        while at >= 0:
            found.append(at)
            at = text.find(character, at + 1)
    found.sort()
    return found


@lru_cache(maxsize=16)
def _sentence_ends(text: str) -> list[int]:
    """Where each sentence of a text ends: found once per text, then looked up."""
    return places_of(text, SENTENCE_ENDS)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding text[start:end] (ends at 。；！？ or a line break)."""
    ends = _sentence_ends(text)
    before = bisect_left(ends, start) if start > 0 else 0  # sentence ends before the start
    after = bisect_left(ends, end)
    first = ends[before - 1] + 1 if before else 0
    return first, ends[after] if after < len(ends) else len(text)
