"""Turning what a user typed into a known org, region, metric or target id."""

from __future__ import annotations

import os
import unicodedata

from ..errors import UnknownName, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ..rules.model import Dataset

# Traditional forms of the characters in the catalogues' names, so that 臺山 finds 台山.
_TRADITIONAL = str.maketrans(
    "臺灣門開會區鶴華東發資業億萬產總長規術興網數轉縣鎮級國際創號專標準進經濟態綠園鄉營價實現場費種頭龍點對務應環設計線與個單廣倉儲銷藝劃協為這從創風貌覽歲統積壓護擴確爭衝體內軍辦員團學導強斷蓋礎稱類聯診隊項領飯",
    "台湾门开会区鹤华东发资业亿万产总长规术兴网数转县镇级国际创号专标准进经济态绿园乡营价实现场费种头龙点对务应环设计线与个单广仓储销艺划协为这从创风貌览岁统积压护扩确争冲体内军办员团学导强断盖础称类联诊队项领饭",
)
# Zero-width spaces and joiners, soft hyphens, direction marks and overrides, variation
# selectors: they change nothing a reader sees, so they never tell two names apart.
_INVISIBLE = dict.fromkeys(
    [
        *map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u061c\u200e\u200f"),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        *range(0xFE00, 0xFE10),
        *range(0xE0100, 0xE01F0),
    ]
)
# Dashes people type for a range (2030—2032) or a hyphen (taishan–projects): all are "-".
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
# What is compared when looking for the closest names: enough to tell them apart.
_SUGGEST_LIMIT = 100


def _as_typed(text: str) -> str:
    """An argument the way it was typed: under a non-UTF-8 locale Python decodes the
    UTF-8 bytes of 台山 as surrogate escapes; read those bytes again as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate: look closer
        pass
    else:
        return text
    if not any("\udc80" <= char <= "\udcff" for char in text):
        return text
    try:
        return os.fsencode(text).decode("utf-8")
    except UnicodeError:
        return text


def normalise(text: str) -> str:
    """Full-width to half-width, no invisible characters or stray spaces, simplified."""
    text = unicodedata.normalize("NFKC", _as_typed(text)).translate(_INVISIBLE)
    return " ".join(text.split()).translate(_TRADITIONAL).translate(_DASHES).casefold()


class Index:
    """Every name by which users may call one kind of thing, and what it stands for."""

    def __init__(self, what: str, names: Iterable[tuple[str, str]]):
        self.what = what
        self._by_name: dict[str, str] = {}
        self._shown: dict[str, str] = {}
        for name, key in names:
            normal = normalise(name)
            self._by_name.setdefault(normal, key)
            self._shown.setdefault(normal, name)

    def __contains__(self, given: str) -> bool:
        return normalise(given) in self._by_name

    def resolve(self, given: str) -> str:
        wanted = normalise(given)
        if not wanted:
            raise UsageError(f"empty {self.what}; give one of: {self.sample()}")
        if wanted in self._by_name:
            return self._by_name[wanted]
        raise UnknownName(self.what, _as_typed(given), self.closest(wanted), self.sample())

    def closest(self, wanted: str, n: int = 3) -> list[str]:
        """Known names close to what was typed: containing it first, then by similarity."""
        known = list(self._shown)
        near = [name for name in known if wanted in name or (len(name) > 1 and name in wanted)]
        import difflib  # only when a name is unknown

        near += difflib.get_close_matches(wanted[:_SUGGEST_LIMIT], known, n=n, cutoff=0.5)
        shown: list[str] = []
        for name in near:
            label = self._shown[name]
            if label not in shown:
                shown.append(label)
        return shown[:n]

    def sample(self, n: int = 8) -> str:
        labels = list(dict.fromkeys(self._shown.values()))
        return ", ".join(labels[:n]) + (", …" if len(labels) > n else "")


def _org_names(dataset: Dataset, regions_only: bool) -> Iterable[tuple[str, str]]:
    for org in dataset.orgs.values():
        if regions_only and not org.is_region:
            continue
        for name in (org.id, org.short, org.pinyin, org.name_en, *org.aliases):
            if name:
                yield name, org.id


# Indexes already made, by the catalogue they index (kept with it: its id is then its own).
# A command asks for the same index several times; making one normalises every name.
_MADE: dict[tuple[str, int], tuple[object, Index]] = {}


def _once(kind: str, catalogue: object, make: Callable[[], Index]) -> Index:
    known = _MADE.get((kind, id(catalogue)))
    if known is not None and known[0] is catalogue:
        return known[1]
    if len(_MADE) > 32:
        _MADE.clear()
    index = make()
    _MADE[(kind, id(catalogue))] = (catalogue, index)
    return index


class RegionIndex(Index):
    """Regions; a department typed as a region is pointed to --org."""

    def __init__(self, dataset: Dataset):
        super().__init__("region", _org_names(dataset, regions_only=True))
        self._departments = Index("org", _org_names(dataset, regions_only=False))
        self._kinds = {org.id: org.kind for org in dataset.orgs.values()}

    def resolve(self, given: str) -> str:
        try:
            return super().resolve(given)
        except UnknownName:
            if given in self._departments:
                org = self._departments.resolve(given)
                if self._kinds.get(org) == "department":
                    raise UsageError(f"{org} is a department; use --org {org}") from None
            raise


def region_index(dataset: Dataset) -> Index:
    return _once("region", dataset.orgs, lambda: RegionIndex(dataset))


def org_index(dataset: Dataset) -> Index:
    return _once("org", dataset.orgs, lambda: Index("org", _org_names(dataset, regions_only=False)))


def metric_index(dataset: Dataset) -> Index:
    return _once(
        "metric",
        dataset.metrics,
        lambda: Index(
            "metric",
            (
                (name, metric.name)
                for metric in dataset.metrics.values()
                for name in (metric.name, *metric.aliases, metric.name_en)
            ),
        ),
    )


def target_index(dataset: Dataset) -> Index:
    if dataset.search is not None:  # an index: its ids, without building the targets
        ids = dataset.search.values("id")
        return Index("target id", ((ident, ident) for ident in ids))
    return Index("target id", ((t.id, t.id) for t in dataset.targets))


def choice_index(what: str, choices: Iterable[str]) -> Index:
    return Index(what, ((choice, choice) for choice in choices))
