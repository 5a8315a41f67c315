"""Turning what a user typed into a known org, region, metric or target id."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from .errors import UnknownName, UsageError
from .model import Dataset

# Traditional forms of the characters in the catalogues' names, so that 臺山 finds 台山.
_TRADITIONAL = str.maketrans(
    "臺灣門開會區鶴華東發資業億萬產總長規術興網數轉縣鎮級國際創號專標準進經濟態綠園鄉營價實現場費種頭龍點對務應環設計線與個單廣倉儲銷藝劃協為這從創風貌覽歲統積壓護擴",
    "台湾门开会区鹤华东发资业亿万产总长规术兴网数转县镇级国际创号专标准进经济态绿园乡营价实现场费种头龙点对务应环设计线与个单广仓储销艺划协为这从创风貌览岁统积压护扩",
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalise(text: str) -> str:
    """Full-width to half-width, no invisible characters or stray spaces, simplified."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return " ".join(text.split()).translate(_TRADITIONAL).casefold()


class Index:
    """Every name by which users may call one kind of thing, and what it stands for."""

    def __init__(self, what: str, names: Iterable[tuple[str, str]]):
        self.what = what
        self._by_name: dict[str, str] = {}
        self._shown: dict[str, str] = {}
        for name, key in names:
            self._by_name.setdefault(normalise(name), key)
            self._shown.setdefault(normalise(name), name)

    def __contains__(self, given: str) -> bool:
        return normalise(given) in self._by_name

    def resolve(self, given: str) -> str:
        wanted = normalise(given)
        if not wanted:
            raise UsageError(f"empty {self.what}; give one of: {self.sample()}")
        if wanted in self._by_name:
            return self._by_name[wanted]
        raise UnknownName(self.what, given, self.closest(wanted))

    def closest(self, wanted: str, n: int = 3) -> list[str]:
        """Known names close to what was typed: containing it first, then by similarity."""
        known = list(self._shown)
        near = [name for name in known if wanted in name or (len(name) > 1 and name in wanted)]
        near += difflib.get_close_matches(wanted, known, n=n, cutoff=0.5)
        shown: list[str] = []
        for name in near:
            label = self._shown[name]
            if label not in shown:
                shown.append(label)
        return shown[:n]

    def sample(self, n: int = 8) -> str:
        return ", ".join(list(dict.fromkeys(self._shown.values()))[:n])


def _org_names(dataset: Dataset, regions_only: bool) -> Iterable[tuple[str, str]]:
    for org in dataset.orgs.values():
        if regions_only and not org.is_region:
            continue
        for name in (org.id, org.short, org.pinyin, org.name_en, *org.aliases):
            if name:
                yield name, org.id


def region_index(dataset: Dataset) -> Index:
    return Index("region", _org_names(dataset, regions_only=True))


def org_index(dataset: Dataset) -> Index:
    return Index("org", _org_names(dataset, regions_only=False))


def metric_index(dataset: Dataset) -> Index:
    return Index(
        "metric",
        (
            (name, metric.name)
            for metric in dataset.metrics.values()
            for name in (metric.name, *metric.aliases, metric.name_en)
        ),
    )


def target_index(dataset: Dataset) -> Index:
    return Index("target id", ((t.id, t.id) for t in dataset.targets))


def choice_index(what: str, choices: Iterable[str]) -> Index:
    return Index(what, ((choice, choice) for choice in choices))
