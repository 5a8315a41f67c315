"""Write a large, realistic, deterministic data folder for benchmarks and scale tests.

    python benchmarks/generate.py OUT [--targets 100000] [--files 1000] [--seed 2024]

OUT gets `catalogue.toml` (the orgs and metrics every file shares) and one
`docs/YEAR/SLUG.toml` per source document, each with its own [[sources]] entry,
its [[targets]] and, beside it, the document's text (`SLUG.txt`) in which every
quote occurs verbatim, once, inside a sentence that holds its firmness word.
The same arguments always write the same bytes, and `targets check OUT` passes.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

FIRST_YEAR = 2015

# (character, pinyin) for made-up place names: 东河, 安平, ...
_SYLLABLES = [
    ("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("安", "an"),
    ("宁", "ning"), ("平", "ping"), ("阳", "yang"), ("江", "jiang"), ("山", "shan"),
    ("河", "he"), ("海", "hai"), ("新", "xin"), ("清", "qing"), ("永", "yong"),
    ("丰", "feng"), ("兴", "xing"), ("华", "hua"), ("德", "de"), ("泰", "tai"),
    ("昌", "chang"), ("隆", "long"), ("源", "yuan"), ("川", "chuan"), ("林", "lin"),
    ("云", "yun"), ("石", "shi"), ("湖", "hu"), ("乐", "le"), ("定", "ding"),
    ("康", "kang"), ("福", "fu"), ("嘉", "jia"), ("宝", "bao"), ("桂", "gui"),
    ("兰", "lan"), ("金", "jin"), ("白", "bai"), ("龙", "long"), ("凤", "feng"),
]  # fmt: skip

# (name, name_en, dimension, category, units, aliases)
_BASE_METRICS = [
    ("地区生产总值", "GDP", "amount", "economy", ("亿元",), ("经济总量",)),
    ("地区生产总值增长", "GDP growth", "rate", "economy", ("%",), ("GDP增长",)),
    ("一般公共预算收入", "General public budget revenue", "amount", "economy", ("亿元",), ()),
    ("社会消费品零售总额", "Retail sales of consumer goods", "amount", "economy", ("亿元",), ()),
    ("外贸进出口总额", "Foreign trade", "amount", "economy", ("亿元",), ("进出口总额",)),
    ("固定资产投资", "Fixed-asset investment", "amount", "investment", ("亿元",), ("固投",)),
    ("工业投资", "Industrial investment", "amount", "investment", ("亿元",), ()),
    ("技改投资", "Technological-upgrading investment", "amount", "investment", ("亿元",), ()),
    ("超亿元项目", "Projects over 100 million yuan", "count", "investment", ("个",), ()),
    ("10亿元以上项目", "Projects over 1 billion yuan", "count", "investment", ("个",), ()),
    ("引进项目总投资", "Investment of projects introduced", "amount", "investment", ("亿元",), ()),
    ("市重点项目投资", "City key project investment", "amount", "investment", ("亿元",), ()),
    ("规上工业总产值", "Output of industry above scale", "amount", "industry", ("亿元",), ()),
    ("规上工业增加值增长", "Value-added growth of industry above scale", "rate", "industry",
     ("%",), ()),
    ("先进制造业增加值占比", "Share of advanced manufacturing", "share", "industry", ("%",), ()),
    ("新增规上工业企业", "New industrial firms above scale", "count", "enterprises", ("家",),
     ("新增规上企业",)),
    ("高企存量", "High-tech enterprises", "count", "enterprises", ("家",), ("高新技术企业",)),
    ("新增高企", "New high-tech enterprises", "count", "enterprises", ("家",), ()),
    ("科技型中小企业", "Tech-based SMEs", "count", "enterprises", ("家",), ()),
    ("专精特新中小企业", "Specialised SMEs", "count", "enterprises", ("家",), ()),
    ("数字化转型企业", "Firms in digital transformation", "count", "enterprises", ("家",), ()),
    ("技术改造企业", "Firms upgrading technology", "count", "enterprises", ("家",), ()),
    ("研发投入强度", "R&D intensity", "share", "innovation", ("%",), ()),
    ("新型研发机构", "New R&D institutions", "count", "innovation", ("个",), ()),
    ("省级工程技术研究中心", "Provincial engineering centres", "count", "innovation", ("个",), ()),
    ("发明专利授权量", "Invention patents granted", "count", "innovation", ("项",), ()),
    ("技术合同成交额", "Technology contract turnover", "amount", "innovation", ("亿元",), ()),
    ("引进高层次人才", "High-level talent introduced", "count", "talent", ("名", "人"), ()),
    ("新增技能人才", "New skilled workers", "count", "talent", ("万人", "人"), ()),
    ("人才队伍", "Talent teams", "count", "talent", ("支",), ()),
    ("新增市场主体", "New market entities", "count", "enterprises", ("家",), ()),
    ("农村居民人均可支配收入增长", "Rural income growth", "rate", "rural", ("%",), ()),
    ("百千万工程示范镇", "Model towns", "count", "rural", ("个",), ()),
    ("专业产业园", "Specialised industrial parks", "count", "platforms", ("个",), ()),
    ("新建5G基站", "New 5G base stations", "count", "platforms", ("个",), ()),
    ("城镇新增就业", "New urban jobs", "count", "social", ("万人", "人"), ()),
    ("新增学位", "New school places", "count", "social", ("个",), ()),
    ("全省营商环境评价排名", "Business environment rank", "rank", "recognition", ("强",), ()),
]  # fmt: skip
_INDUSTRIES = [
    ("新能源", "new energy"), ("新材料", "new materials"), ("电子信息", "electronics"),
    ("装备制造", "equipment"), ("生物医药", "biomedicine"), ("食品", "food"),
    ("纺织服装", "textiles"), ("现代农业", "modern agriculture"), ("文化旅游", "tourism"),
    ("智能家电", "smart appliances"), ("金属制品", "metal products"), ("现代物流", "logistics"),
]  # fmt: skip
_INDUSTRY_KINDS = [
    ("产业产值", "output of the {} industry", "amount", "industry", ("亿元",)),
    ("产业投资", "investment in the {} industry", "amount", "investment", ("亿元",)),
    ("龙头企业", "leading {} firms", "count", "enterprises", ("家",)),
]
_MILESTONES = [
    ("创建称号", "Titles to win", "recognition",
     ("省级高新区", "省级特色园区", "国家级经开区", "全国文明城市", "省级外贸转型升级基地")),
    ("重大平台", "Major platforms", "platforms",
     ("综合保税区", "省级产业转移主平台", "国家级孵化器", "跨境电商综合试验区")),
]  # fmt: skip
_PREFIX_WORDS = ["超过", "突破", "达到", "不少于", "不低于", "完成", "实现"]
_SUFFIX_WORDS = ["以上", "左右"]
_FIRMNESS = ["确保", "力保", "力争", "全力", "争取", "力促", "冲刺", None, None]
_FILLER = [
    "坚持稳中求进工作总基调",
    "完整准确全面贯彻新发展理念",
    "聚焦高质量发展首要任务",
    "以更大力度推进改革开放",
    "统筹发展和安全",
    "狠抓各项工作落地见效",
    "持续优化营商环境",
    "推动城乡区域协调发展",
    "深入实施创新驱动发展战略",
    "着力保障和改善民生",
]
_COMPARATOR = {
    "超过": ">", "突破": ">", "达到": "=", "不少于": ">=", "不低于": ">=", "完成": "=",
    "实现": "=", "以上": ">=", "左右": "about", "强": "<=",
}  # fmt: skip


@dataclass(frozen=True)
class Metric:
    name: str
    name_en: str
    dimension: str
    category: str
    units: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Org:
    id: str
    kind: str
    parent: str | None
    short: str | None
    pinyin: str
    name_en: str
    slug: str
    speaker: str


def metrics() -> list[Metric]:
    found = []
    for name, name_en, dimension, category, units, aliases in _BASE_METRICS:
        found.append(Metric(name, name_en, dimension, category, units, aliases))
    for industry, industry_en in _INDUSTRIES:
        for suffix, template, dimension, category, units in _INDUSTRY_KINDS:
            english = template.format(industry_en).capitalize()
            found.append(Metric(industry + suffix, english, dimension, category, units))
    for name, name_en, category, outcomes in _MILESTONES:
        found.append(Metric(name, name_en, "milestone", category, (), (), outcomes))
    return found


def _names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Distinct two-character place names with distinct pinyin."""
    pairs = [(a + b, (pa + pb)) for a, pa in _SYLLABLES for b, pb in _SYLLABLES if a != b]
    rng.shuffle(pairs)
    chosen: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, pinyin in pairs:
        if pinyin not in seen:
            seen.add(pinyin)
            chosen.append((name, pinyin))
        if len(chosen) == count:
            return chosen
    raise ValueError("not enough names")


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁"
_GIVEN = "志伟建国海明华军平文辉强永健俊峰雪丽敏静"


def orgs(rng: random.Random, cities: int = 10, counties: int = 8) -> list[Org]:
    """Cities, each with county-level units and one department: 10 speakers a city."""
    names = _names(rng, cities * (counties + 1))
    found = []
    for c in range(cities):
        city_name, city_pinyin = names[c * (counties + 1)]
        city = f"{city_name}市"
        speaker = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)
        found.append(
            Org(city, "city", None, city_name, city_pinyin.capitalize(),
                city_pinyin.capitalize(), city_pinyin, speaker)
        )  # fmt: skip
        for k in range(counties):
            name, pinyin = names[c * (counties + 1) + 1 + k]
            kind, suffix = ("district", "区") if k < 3 else ("county-city", "市")
            speaker = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)
            found.append(
                Org(name + suffix, kind, city, name, pinyin.capitalize(), pinyin.capitalize(),
                    pinyin, speaker)
            )  # fmt: skip
        speaker = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)
        found.append(
            Org(f"{city_name}市发展改革委", "department", city, None, None,
                f"{city_pinyin.capitalize()} Development and Reform Commission",
                f"{city_pinyin}-fgw", speaker)
        )  # fmt: skip
    return found


def _q(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def catalogue_toml(all_orgs: list[Org], all_metrics: list[Metric]) -> str:
    lines = ["# Orgs and metrics shared by every document of the corpus.", "format = 1", ""]
    for org in all_orgs:
        lines += ["[[orgs]]", f"id = {_q(org.id)}", f"kind = {_q(org.kind)}"]
        if org.parent:
            lines.append(f"parent = {_q(org.parent)}")
        if org.short:
            lines.append(f"short = {_q(org.short)}")
        if org.pinyin:
            lines.append(f"pinyin = {_q(org.pinyin)}")
        lines += [f"name_en = {_q(org.name_en)}", f"speaker = {_q(org.speaker)}", ""]
    for metric in all_metrics:
        lines += ["[[metrics]]", f"name = {_q(metric.name)}", f"name_en = {_q(metric.name_en)}"]
        if metric.aliases:
            lines.append(f"aliases = {_list(metric.aliases)}")
        additive = "true" if metric.dimension in ("amount", "count") else "false"
        lines += [
            f"dimension = {_q(metric.dimension)}",
            f"additive = {additive}",
            f"category = {_q(metric.category)}",
            "",
        ]
    return "\n".join(lines)


def _value(rng: random.Random, metric: Metric, unit: str) -> int | float:
    if metric.dimension in ("rate", "share"):
        value: float = rng.choice([round(rng.uniform(1, 15) * 2) / 2, rng.randint(2, 12)])
    elif metric.dimension == "rank":
        value = rng.choice([10, 20, 30, 50, 100])
    elif unit == "亿元":
        value = rng.choice([rng.randint(5, 2000), round(rng.uniform(1, 300), 1)])
    elif unit == "万人":
        value = round(rng.uniform(0.5, 9), 1)
    else:
        value = rng.randint(2, 3000)
    return int(value) if float(value).is_integer() else value


def _target(
    rng: random.Random, metric: Metric, year: int, tid: str, org: Org, source: str
) -> tuple[dict, str]:
    """A [[targets]] entry and the sentence of the source text that states it."""
    firmness = rng.choice(_FIRMNESS)
    later = rng.random() < 0.15
    period = f"{year + rng.randint(1, 3)}" if later else str(year)
    when = f"到{period}年" if later else "今年"
    entry: dict = {"id": tid, "org": org.id, "metric": metric.name}
    if metric.dimension == "milestone":
        outcome = rng.choice(metric.outcomes)
        quote = f"创建{outcome}"
        entry |= {"kind": "milestone", "outcome": outcome}
    else:
        unit = rng.choice(metric.units)
        value = _value(rng, metric, unit)
        name = rng.choice((metric.name, *metric.aliases))
        if metric.dimension == "rank":
            wording, quote = "强", f"{name}进入前{value}{unit}"
        elif rng.random() < 0.25:
            wording = None
            quote = f"{name}{value}{unit}"
        elif rng.random() < 0.5:
            wording = rng.choice(_PREFIX_WORDS)
            quote = f"{name}{wording}{value}{unit}"
        else:
            wording = rng.choice(_SUFFIX_WORDS)
            quote = f"{name}{value}{unit}{wording}"
        entry |= {"metric": name, "value": value, "unit": unit}
        entry["comparator"] = _COMPARATOR[wording] if wording else rng.choice(["=", ">="])
        if wording:
            entry["wording"] = wording
    if firmness:
        entry["firmness"] = firmness
    if later:  # the date that gives a target its year is part of its quote, as curated
        quote = f"{when}{quote}"
        when = ""
    entry |= {"period": period, "source": source, "quote": quote}
    if metric.dimension in ("amount", "count") and rng.random() < 0.03:
        entry["subject"] = rng.choice(["全市工业园区", "所有行政村", "高新区"])
    sentence = f"{firmness or ''}{when}{quote}"
    return entry, sentence


def _entry_toml(entry: dict) -> list[str]:
    lines = ["[[targets]]"]
    for key, value in entry.items():
        if isinstance(value, str):
            lines.append(f"{key} = {_q(value)}")
        else:
            lines.append(f"{key} = {value}")
    lines.append("")
    return lines


def document(
    rng: random.Random,
    org: Org,
    year: int,
    number: int,
    count: int,
    all_metrics: list[Metric],
) -> tuple[str, str, str]:
    """(slug, TOML text, source text) of one document stating `count` targets."""
    slug = f"{org.slug}-{year}-{number:04d}"
    title = f"{org.id}{year}年高质量发展工作报告"
    lines = [
        f"# {title}",
        "format = 1",
        "",
        "[[sources]]",
        f"id = {_q(slug)}",
        f"file = {_q(slug + '.txt')}",
        f"title = {_q(title)}",
        f"event = {_q(f'{year}年全市高质量发展推进会')}",
        f"year = {year}",
        "",
        # the year in the title only names the report: dismissed, as a curator would
        "[[not_targets]]",
        f"source = {_q(slug)}",
        f"figure = {_q(f'{year}年')}",
        f"quote = {_q(title)}",
        f"reason = {_q('a date: the year the report is for, in its title')}",
        "",
    ]
    paragraphs = [title, "", f"{org.id}{org.speaker}表示："]
    sentences: list[str] = []
    quotes: list[str] = []
    text_so_far = ""
    chosen = [all_metrics[i % len(all_metrics)] for i in rng.sample(range(10**6), count)]
    for n, metric in enumerate(chosen, 1):
        tid = f"{slug}-{n:03d}"
        for attempt in range(100):
            if attempt % 10 == 9:  # this metric's quotes are used up here: take another
                metric = rng.choice(all_metrics)
            entry, sentence = _target(rng, metric, year, tid, org, slug)
            quote = entry["quote"]
            # every quote once in the text: not in earlier text, and no earlier quote in it
            if quote not in text_so_far and not any(q in sentence for q in quotes):
                break
        else:
            raise RuntimeError(f"no unique quote for {tid}")
        quotes.append(entry["quote"])
        sentence = f"{rng.choice(_FILLER)}，{sentence}"
        sentences.append(sentence)
        text_so_far += sentence + "。"
        lines += _entry_toml(entry)
    for start in range(0, len(sentences), 5):
        paragraphs.append("。".join(sentences[start : start + 5]) + "。")
    return slug, "\n".join(lines), "\n\n".join(paragraphs) + "\n"


def generate(out: Path, targets: int = 100_000, files: int = 1_000, seed: int = 2024) -> None:
    """Write the corpus into `out` (emptied first)."""
    if files < 1 or targets < files:
        raise ValueError("need at least one file and one target per file")
    rng = random.Random(seed)
    all_metrics = metrics()
    all_orgs = orgs(rng)
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    (out / "catalogue.toml").write_text(catalogue_toml(all_orgs, all_metrics), encoding="utf-8")
    per_file, extra = divmod(targets, files)
    for n in range(files):
        org = all_orgs[n % len(all_orgs)]
        year = FIRST_YEAR + (n // len(all_orgs)) % 10
        count = per_file + (1 if n < extra else 0)
        slug, toml_text, source_text = document(rng, org, year, n, count, all_metrics)
        folder = out / "docs" / str(year)
        folder.mkdir(exist_ok=True)
        (folder / f"{slug}.toml").write_text(toml_text, encoding="utf-8")
        (folder / f"{slug}.txt").write_text(source_text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (emptied first)")
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    generate(args.out, args.targets, args.files, args.seed)
    print(f"wrote {args.targets} targets in {args.files} files (+ catalogue.toml) to {args.out}")


if __name__ == "__main__":
    main()
