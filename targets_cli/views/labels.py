"""What every view labels the same way, in Chinese or English: headers, figures, bounds,
periods, names, and the reasons a rule gives as codes."""

from __future__ import annotations

from functools import cache

from ..errors import clip
from ..rules.model import MILESTONE, Dataset, Metric, Org, Target
from ..rules.units import UNITS, plain
from ..rules.wording import COMPARATOR_EN, COMPARATOR_SYMBOL, firmness_level
from .report import Column

TYPE_CHECKING = False  # the JSON answers load only what they use
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from decimal import Decimal
    from typing import Any

LANGS = ("zh", "en")

HEADERS = {
    "id": ("编号", "id"),
    "region": ("地区", "region"),
    "org": ("发言单位", "stated by"),
    "metric": ("指标", "metric"),
    "figure": ("目标", "target"),
    "period": ("年份", "period"),
    "firmness": ("力度", "firmness"),
    "bar": ("", ""),
    "field": ("项目", "field"),
    "value": ("内容", "value"),
    "reason": ("原因", "reason"),
    "city": ("全市目标", "city target"),
    "city_region": ("所属市", "city"),
    "city_result": ("全市实际", "city result"),
    "county_total": ("县级合计", "county-level total"),
    "parts": ("县级目标", "county-level figures"),
    "share": ("覆盖", "covers"),
    "silent": ("未表态", "stated nothing"),
    "aliases": ("别名", "aliases"),
    "dimension": ("类型", "dimension"),
    "category": ("类别", "category"),
    "additive": ("可加总", "additive"),
    "targets": ("目标数", "targets"),
    "region_targets": ("地区目标数", "in region"),
    "kind": ("级别", "kind"),
    "parent": ("上级", "parent"),
    "speaker": ("发言人", "speaker"),
    "line": ("行", "line"),
    "file": ("文件", "file"),
    "problem": ("问题", "problem"),
    "pledge": ("承诺", "pledge"),
    "status": ("状态", "status"),
}

# The data's English words for kinds, dimensions, categories and firmness levels, in
# Chinese: a Chinese table carries no English label.
KIND_ZH = {
    "city": "地级市",
    "district": "市辖区",
    "county-city": "县级市",
    "department": "市直部门",
    "province": "省",
    "nation": "国家",
    "government": "人民政府",
}
DIMENSION_ZH = {
    "amount": "总量",
    "count": "数量",
    "rate": "增长率",
    "share": "占比",
    "rank": "排名",
    "threshold": "门槛",
    "milestone": "定性目标",
}
CATEGORY_ZH = {
    "economy": "经济",
    "investment": "投资",
    "industry": "工业",
    "enterprises": "企业",
    "innovation": "创新",
    "talent": "人才",
    "rural": "乡村",
    "platforms": "平台",
    "social": "民生",
    "recognition": "荣誉称号",
}
FIRMNESS_LEVEL_ZH = {"ensure": "确保级", "strive": "力争级", "try": "争取级"}
ENGLISH_MARK = "[英文] "
# two English words in a row: prose the data holds only in English (a curator's note,
# a citation's "as summarised by"), not a name such as 南方+ or a pinyin in brackets
_ENGLISH_PROSE = r"[A-Za-z]{2,}[,;:]? +[A-Za-z]{2,}"


@cache
def _english_prose() -> Callable[[str], object]:
    import re  # (here: only a text with a space is searched, and most answers have none)

    return re.compile(_ENGLISH_PROSE).search


MILESTONE_MARK = "◆"
PLEDGED_MARK = "✓"
NOT_STATED = "—"

_BOUND_ZH = {">": "超过", ">=": "至少", "=": "", "<=": "至多", "about": "约"}


def header(key: str, lang: str) -> str:
    zh, en = HEADERS[key]
    return en if lang == "en" else zh


def kind_label(kind: str, lang: str) -> str:
    """An org's kind: 市辖区 for district."""
    return kind if lang == "en" else KIND_ZH.get(kind, kind)


def dimension_label(dimension: str, lang: str) -> str:
    return dimension if lang == "en" else DIMENSION_ZH.get(dimension, dimension)


def category_label(category: str, lang: str) -> str:
    """A category, in Chinese with the word --category takes: 投资 (investment)."""
    if lang == "en" or category not in CATEGORY_ZH:
        return category
    return f"{CATEGORY_ZH[category]} ({category})"


def level_label(level: str | None, lang: str) -> str:
    """A firmness level: ensure, strive, try; 确保级, 力争级, 争取级."""
    if level is None:
        return ""
    return level if lang == "en" else FIRMNESS_LEVEL_ZH.get(level, level)


def in_english(text: str, lang: str) -> str:
    """Text the data holds only in English, marked as such in a Chinese answer."""
    # (the pattern holds a space: a text with none is not searched)
    if lang == "en" or " " not in text or not _english_prose()(text):
        return text
    return ENGLISH_MARK + text


def column(key: str, lang: str, numeric: bool = False, table_only: bool = False) -> Column:
    return Column(key, header(key, lang), numeric=numeric, table_only=table_only)


def number(value: Decimal | float | int) -> str:
    """A figure as people write it: 5.5, 1300, 0.42, with no trailing zeros."""
    value = plain(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def org_label(org: Org, lang: str) -> str:
    if lang == "en":
        return org.pinyin or org.name_en
    return org.label


def region_label(dataset: Dataset, region: str | None, lang: str) -> str:
    org = dataset.orgs.get(region) if region else None
    return org_label(org, lang) if org is not None else ""


def metric_label(metric: Metric, lang: str) -> str:
    return metric.name_en if lang == "en" else metric.name


def period_label(period: str | None, lang: str) -> str:
    """The period as written, or that the text names none."""
    if period is not None:
        return period
    return "no year stated" if lang == "en" else "未注明年份"


def firmness_label(target: Target, lang: str) -> str:
    """The firmness word as written, or in English its level: ensure, strive, try."""
    if lang == "en":
        return firmness_level(target.firmness) or ""
    return target.firmness or ""


def units_note(targets: Iterable[Target], lang: str) -> tuple[str, ...]:
    """For English readers, what the Chinese units of the figures shown mean."""
    if lang != "en":
        return ()
    shown = dict.fromkeys(t.unit for t in targets if t.unit and t.unit != "%")
    if not shown:
        return ()
    return ("Units: " + ", ".join(f"{u} = {UNITS[u].name_en}" for u in shown),)


# A 下降 target's figure is the size of a fall: "≥2 %" alone would read as a rise.
_FALL = {"zh": "下降", "en": "fall"}


def figure(target: Target, lang: str = "zh") -> str:
    """'>60 个', '≥5.5 %', '1—2 个', a fall '下降 ≥2 %' ('fall ≥2 %'); a milestone shows
    its mark."""
    if target.kind == MILESTONE or target.value is None:
        return MILESTONE_MARK
    amount = number(target.value)
    if target.value_max is not None:
        amount += f"—{number(target.value_max)}"
    symbol = "" if target.comparator in (None, "=") else COMPARATOR_SYMBOL[target.comparator]
    text = f"{symbol}{amount} {target.unit}"
    if target.direction == "down":
        return f"{_FALL['en' if lang == 'en' else 'zh']} {text}"
    return text


def amount_text(low: Decimal | int, high: Decimal | int | None, unit: str) -> str:
    """'162 个', or a range '3—4 个'."""
    if high is None or high == low:
        return f"{number(low)} {unit}"
    return f"{number(low)}—{number(high)} {unit}"


def bound(comparator: str | None, amount: str, lang: str) -> str:
    """A total with the bound it carries: 'more than 162 个' / '超过 162 个'."""
    if comparator is None:
        return f"{amount} (mixed bounds)" if lang == "en" else f"{amount}（上下限混合）"
    if lang == "en":
        return amount if comparator == "=" else f"{COMPARATOR_EN[comparator]} {amount}"
    word = _BOUND_ZH[comparator]
    return f"{word} {amount}" if word else amount


def total_text(
    comparator: str | None, low: Decimal | int, high: Decimal | int | None, unit: str, lang: str
) -> str:
    """A total as a bound: a ceiling bounds the upper ends, every other the lower ends."""
    if comparator == "<=" and high is not None:
        return bound(comparator, f"{number(high)} {unit}", lang)
    if comparator in (">", ">="):
        high = None
    return bound(comparator, amount_text(low, high, unit), lang)


def counted(count: int, noun: str, lang: str = "en") -> str:
    """'1 source', '2 sources'; Chinese has no plural ('1 个来源' is not made here)."""
    if lang == "en" and count != 1:
        noun += "es" if noun.endswith(("s", "sh", "ch", "x")) else "s"
    return f"{count} {noun}"


def percent(value: Decimal | float | None) -> str:
    return "" if value is None else f"{float(value) * 100:.1f}%"


def share_value(value: Decimal | None) -> float | None:
    """A share as JSON carries it: a fraction with four decimals."""
    return None if value is None else round(float(value), 4)


def why_text(
    dataset: Dataset, target: Target, why: str, other: str | None, lang: str, *, names: str = ""
) -> str:
    """Why a rule did not use a target, from its code (levels.WHY_*), in a language.

    `names="label"` names regions by their short Chinese label whatever the language
    (as the JSON answer does, which is the same in both languages).
    """
    org = dataset.orgs[target.region]
    region = org.label if names == "label" else org_label(org, lang)
    en = lang == "en"
    if why == "milestone":
        return "a milestone: it states no figure" if en else "定性目标，未给出数值"
    if why == "narrower":
        if en:
            return f"covers {target.subject}, not the whole of {region}"
        return f"只涵盖{target.subject}，不是{region}全域"
    if why == "same_as":
        if en:
            return f"restates {other}, which is counted"
        return f"与 {other} 为同一目标，已计入"
    if why == "revised":
        if en:
            return f"revised by {other}, whose figure is counted"
        return f"已被 {other} 修订，计入修订后的数值"
    if why == "softer":
        if en:
            return f"a softer tier ({target.firmness}) of its unit; the firmer {other} is ranked"
        return f"同一单位较软的一档（{target.firmness}），排名用更硬的 {other}"
    if why == "other_goal":
        if en:
            return f"another goal of {region} for the same year; its parts are set beside {other}"
        return f"{region}同年的另一目标，各部分对照 {other}"
    if why == "no_year":
        if en:
            return "no year stated: a dated total cannot include it"
        return "未注明年份，不计入分年度合计"
    if why == "other_level":
        if en:
            return f"{region} is neither a city nor a county-level unit"
        return f"{region}既非市，也非县级单位"
    return why


def left_record(dataset: Dataset, target: Target, why: str, other: str | None) -> dict[str, Any]:
    """A target left out, as JSON carries it: what it states, and why it was left out."""
    return {
        "id": target.id,
        "region": target.region,
        "period": target.period,
        "value": target.value,
        "value_max": target.value_max,
        "unit": target.unit,
        "comparator": target.comparator,
        "subject": target.subject,
        "why": why,
        "reason": why_text(dataset, target, why, other, "en", names="label"),
        "other": other,
    }


# ---- commands to try next ---------------------------------------------------------

# The options a filter was typed with, in the order a command line shows them.
OPTIONS = (
    ("regions", "--region"),
    ("orgs", "--org"),
    ("metrics", "--metric"),
    ("categories", "--category"),
    ("periods", "--period"),
    ("kinds", "--kind"),
    ("firmness", "--firmness"),
    ("search", "--search"),
    ("statuses", "--status"),
)


# A value the user typed, repeated in a note: cut short (a 6,000-character --search
# was once echoed in full, twice).
_ECHOED = 60


def option_of(name: str) -> str:
    """The option that sets a filter: --region for regions."""
    return dict(OPTIONS)[name]


def options_text(filters: Any, skip: Iterable[str] = ()) -> list[str]:
    """The words of the options that give these filters (a query.Filters)."""
    skipped = set(skip)
    words: list[str] = []
    for name, option in OPTIONS:
        if name in skipped:
            continue
        value = getattr(filters, name, None)
        if not value:
            continue
        for item in (value,) if isinstance(value, str) else value:
            words += [option, clip(item, _ECHOED)]
    return words


def command(*words: str) -> str:
    """A command line a user can paste: `targets sum --metric 超亿元项目` (a word is quoted
    only when a shell would split or expand it)."""
    return " ".join(["targets", *(_quoted(w) for w in words)])


_SHELL_SPECIAL = frozenset(" \t\n'\"\\$`!*?[]{}()<>|&;#~")


def _quoted(word: str) -> str:
    if word and not _SHELL_SPECIAL.intersection(word):
        return word
    import shlex

    return shlex.quote(word)
