"""The bundled data against the source text, read independently of the tool's loader."""

from __future__ import annotations

import re
from collections import Counter

import pytest

# Counted by a person reading the source paragraph by paragraph:
# (quantitative targets, milestones) per speaker, restatements (same_as) left out.
#   市发展改革委  1: 市重点项目完成1300亿元投资
#                 4: 大广海湾经济区创建粤港新型工业化合作示范区; 江门双碳实验室建设粤港澳中和…联合实验室;
#                    中创新航等项目稳产达产; 隆基绿能等项目投产
#   蓬江区        2: 千亿GDP强区; 向千亿产业集群迈进
#                 3: 棠下镇、杜阮镇…争先进位; 预制菜产业园; “万亩千亿”大平台
#   台山市        6: 13支人才队伍; 3大专业产业园 (临港装备…); 3大专业产业园 (汽车零部件…);
#                    超亿元项目60个; 总投资超300亿元; 规上工业总产值超800亿元
#                 4: 争创省级高新区、省级特色园区、省级外贸转型升级基地 (3); 大湾区新的国家级平台
#   开平市        5: GDP增长5.5%以上; GDP过千亿 (再用6—8年); 超亿元项目52个以上; 总投资超220亿元;
#                    所有行政村集体经营性收入均超过50万元
#                 4: 国家级文旅融合示范产业园; 国家乡村振兴示范镇; 全国文明城市提名城市;
#                    省级数字化转型试点示范城市
#   鹤山市       12: 50个项目新投产; 新增规上工业企业100家; 工业投资200亿元; 固投300亿元;
#                    招商引资300亿元; “四上”企业超1000家; 规上工业总产值突破1000亿元;
#                    创新平台100个; 专精特新企业达130家; 1个省典型镇; 30个省典型村;
#                    长者饭堂10个镇街全覆盖
#                 3: R&D占比不低于江门市平均水平; 冷暖空调全覆盖; 学生“平躺睡”全覆盖
#   恩平市        4: GDP增长6%以上; 引进产业项目投资超200亿元; 工业投资突破100亿元; “百亿园区”
#                 1: 县镇村植树“万千百”任务
#   市科技局     11: 研发经费投入超115亿元; 增长10%; 2个科学家团队; 20名领军人才; 5.7万人;
#                    1家国家级孵化器; 高企存量3000家; 科技型中小企业超2900家; 3家创新联盟;
#                    境内外合作项目50项以上; 800名科技特派员
#                 0
#   市工信局     20: 规上工业增加值增长6%; 工业投资超千亿元; 向千亿产业集群迈进; 1—2个主导产业;
#                    1—2个特色园区; 超500家技改企业; 技改投资超400亿元; 超500家数字化诊断;
#                    350家数字化转型; 产值超50亿元企业达12家; 1家国家级、5家省级单项冠军 (2);
#                    8家总部经济企业; 新增9家小巨人; 省级专精特新中小企业超1000家;
#                    集聚区 基础设施投资不少于100亿元, 规上工业总产值超4000亿元;
#                    主平台 基础设施投资不少于50亿元, 规上工业总产值超850亿元, 转移项目不少于70个
#                 2: 产值超100亿元企业取得新突破; 集聚区、主平台…保持全省前列
#   江海区       12: GDP增长6%; 规上工业增加值增长6%; 74个市重点项目开工建设; 小巨人增至6家;
#                    省级专精特新企业超170家; 技术改造企业超60家; 数字化转型企业超50家;
#                    亿元以上项目超50个; 10亿元以上项目超10个; 高新区50强; 高企超730家;
#                    新增各类人才超1万人
#                 5: 江门高新港升级为一类口岸; 国家安全应急产业示范基地; 创智城二期等建成使用;
#                    50亿元以上项目再突破; 国家生态文明建设示范区
#   新会区       13: 三大“万亩千亿”园区; 规上工业企业超800家; 新增产值超百亿元企业2个;
#                    引进项目总投资超600亿元; 高企存量超550家; 科技型中小企业超620家;
#                    省级“1镇8村” (2); 市镇级“3镇20村” (2); 圭峰会城经济总量超500亿元;
#                    新增经济总量超80亿元的乡镇2个; 村级集体经营性收入20万元以上
#                 1: 江门双碳实验室创建省实验室
EXPECTED_PER_ORG = {
    "市发展改革委": (1, 4),
    "蓬江区": (2, 3),
    "台山市": (6, 4),
    "开平市": (5, 4),
    "鹤山市": (12, 3),
    "恩平市": (4, 1),
    "市科技局": (11, 0),
    "市工信局": (20, 2),
    "江海区": (12, 5),
    "新会区": (13, 1),
}
# 1 + 2 + 6 + 5 + 12 + 4 + 11 + 20 + 12 + 13 = 86 figures; 4 + 3 + 4 + 4 + 3 + 1 + 0 + 2 + 5 + 1 = 27
EXPECTED_FIGURES, EXPECTED_MILESTONES = 86, 27

# Said twice in the text: the second saying (a headline, a body naming what the opening
# pledge counted) restates the first. One rule for all: a saying again that states a
# figure is a target with same_as, never a dismissal.
EXPECTED_RESTATEMENTS = {
    "pengjiang-gdp-level-headline": "pengjiang-gdp-level",  # 全力冲刺千亿GDP强区 (headline)
    "enping-gdp-growth-headline": "enping-gdp-growth",  # 今年完成GDP增长6%以上目标 (headline)
    "xinhui-wanmu-parks-named": "xinhui-wanmu-parks",  # 三大“万亩千亿”产业园区, named
}

# The wording rules of the domain notes, restated here so the test does not
# borrow the tool's own table.
MEANS = {
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
    "强": "<=",
}
NUMBER_WORDS = {"千": 1000, "百": 100}
# a Chinese digit before a measure word: 三大“万亩千亿”园区 is 3 parks
CHINESE_DIGITS = {
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


PLEDGES = "jiangmen-2024-pledges"


def targets(raw_data):
    """The targets of the pledges (the bundled text); the cited figures of the levels
    above are held by tests/test_cited_sources.py."""
    return [t for t in raw_data["targets"] if t["source"] == PLEDGES]


def test_per_org_counts_match_a_reading_of_the_source(raw_data):
    stated = [t for t in targets(raw_data) if "same_as" not in t]
    figures = Counter(t["org"] for t in stated if t.get("kind") != "milestone")
    milestones = Counter(t["org"] for t in stated if t.get("kind") == "milestone")
    found = {org: (figures[org], milestones[org]) for org in EXPECTED_PER_ORG}
    assert found == EXPECTED_PER_ORG
    assert set(figures) | set(milestones) == set(EXPECTED_PER_ORG)
    assert sum(figures.values()) == EXPECTED_FIGURES
    assert sum(milestones.values()) == EXPECTED_MILESTONES


def test_restatements_point_at_the_target_they_repeat(raw_data, source_text):
    by_id = {t["id"]: t for t in targets(raw_data)}
    found = {t["id"]: t["same_as"] for t in targets(raw_data) if "same_as" in t}
    assert found == EXPECTED_RESTATEMENTS
    for again, first in found.items():
        keys = ("org", "metric", "kind", "value", "unit", "comparator", "period")
        assert {k: by_id[again].get(k) for k in keys} == {k: by_id[first].get(k) for k in keys}
        assert "same_as" not in by_id[first]  # a restatement points at the first saying
    # the headline and the body both say it, in different words
    assert "劳茂昌：\n\n全力冲刺千亿GDP强区\n" in source_text
    assert "锚定全力冲刺千亿GDP强区的目标" in source_text
    assert "今年完成GDP增长6%以上目标\n" in source_text
    assert "确保今年完成GDP增长6%以上的目标" in source_text
    assert "一是全力以赴打造三大“万亩千亿”园区。" in source_text
    assert "银湖湾滨海新区三大“万亩千亿”产业园区" in source_text


def test_every_quote_is_verbatim_and_points_at_one_place(raw_data, source_text):
    for target in targets(raw_data):
        quote = target["quote"]
        assert source_text.count(quote) == 1, target["id"]
        if "\n" in quote:
            # only a line that occurs again elsewhere may be quoted with the line before
            # it (蓬江's headline 全力冲刺千亿GDP强区 comes back in its body)
            assert source_text.count(quote.rsplit("\n", 1)[1]) > 1, target["id"]


def _figures(quote: str) -> set[float]:
    found = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", quote)}
    found |= {float(v) for word, v in NUMBER_WORDS.items() if f"{word}亿" in quote}
    found |= {
        float(CHINESE_DIGITS[d]) for d in re.findall(r"([一二两三四五六七八九])[大个家]", quote)
    }
    return found


def test_every_value_appears_in_its_quote(raw_data):
    for target in targets(raw_data):
        for key in ("value", "value_max"):
            if key in target:
                assert float(target[key]) in _figures(target["quote"]), (target["id"], key)


def test_number_words_are_read_as_numbers(raw_data):
    by_id = {t["id"]: t for t in targets(raw_data)}
    assert (
        by_id["gongxin-industrial-investment"]["value"],
        by_id["gongxin-industrial-investment"]["unit"],
    ) == (1000, "亿元")  # 千亿元
    assert (by_id["jianghai-new-talent"]["value"], by_id["jianghai-new-talent"]["unit"]) == (
        1,
        "万人",
    )  # 1万人
    assert (by_id["keji-tech-talent"]["value"], by_id["keji-tech-talent"]["unit"]) == (5.7, "万人")
    assert by_id["pengjiang-gdp-level"]["value"] == 1000  # 千亿GDP强区
    assert by_id["xinhui-wanmu-parks"]["value"] == 3  # 三大“万亩千亿”园区
    assert by_id["kaiping-gdp-level"]["period"] == "2030-2032"  # 再用6—8年
    assert by_id["kaiping-village-income"]["period"] == "2025"  # 到2025年


def test_comparators_follow_the_wording(raw_data):
    for target in targets(raw_data):
        if "wording" in target:
            assert target["wording"] in target["quote"], target["id"]
            assert target["comparator"] == MEANS[target["wording"]], target["id"]
        elif target.get("kind") != "milestone":
            assert target["comparator"] in ("=", ">="), target["id"]


def test_the_metric_name_is_not_mistaken_for_the_comparator(raw_data):
    by_id = {t["id"]: t for t in targets(raw_data)}
    # 争取引进超亿元项目60个: 超 is part of the metric's name
    assert by_id["taishan-projects-100m"]["comparator"] == "="
    # 新引入超亿元项目52个以上: the figure is bounded by 以上
    assert by_id["kaiping-projects-100m"]["comparator"] == ">="
    # 引进亿元以上项目超50个: 以上 names the metric, 超 bounds the figure
    assert by_id["jianghai-projects-100m"]["comparator"] == ">"


@pytest.mark.parametrize(
    ("target_id", "firmness"),
    [
        ("kaiping-gdp-growth", "确保"),
        ("kaiping-village-income", "力保"),
        ("taishan-projects-100m", "争取"),
        ("taishan-industrial-output", "力促"),
        ("jianghai-hitech-zone-rank", "冲刺"),
        ("pengjiang-gdp-level", "冲刺"),  # 全力冲刺: 冲刺 is the verb, 全力 how hard
        # 全力争创: 争创 is the verb of winning the title, as 创建 is in the same speaker's
        # 全力创建国家乡村振兴示范镇; 全力 is the firmness word
        ("kaiping-digital-pilot-city", "全力"),
        ("kaiping-rural-revitalization-town", "全力"),
        ("taishan-provincial-hitech-zone", "争创"),
        ("xinhui-wanmu-parks", "全力"),  # 全力以赴
        ("fagai-key-project-investment", "全力"),
        ("heshan-industrial-investment", None),  # 推动…: no firmness word
    ],
)
def test_firmness_is_kept_as_written(raw_data, target_id, firmness):
    by_id = {t["id"]: t for t in targets(raw_data)}
    assert by_id[target_id].get("firmness") == firmness


def test_every_list_item_sharing_a_verb_is_its_own_target(raw_data):
    quotes = " ".join(t["quote"] for t in targets(raw_data) if t["org"] == "鹤山市")
    for item in (
        "50个项目",
        "100家",
        "工业投资200亿元",
        "固投300亿元",
        "招商引资300亿元",
        "超1000家",
        "突破1000亿元",
    ):
        assert item in quotes
    by_metric = {t["metric"] for t in targets(raw_data) if t["org"] == "市工信局"}
    assert {"新增国家级单项冠军企业", "新增省级单项冠军企业"} <= by_metric


def test_narrower_areas_and_per_member_thresholds_carry_a_subject(raw_data):
    subjects = {t["id"]: t.get("subject") for t in targets(raw_data)}
    assert subjects["gongxin-cluster-industrial-output"] == "江门大型产业集聚区"
    assert subjects["gongxin-platform-industrial-output"] == "产业有序转移主平台"
    assert subjects["xinhui-guifeng-gdp"] == "圭峰会城"
    assert subjects["kaiping-village-income"] == "所有行政村"
    assert subjects["xinhui-village-income"] == "所有行政村"


def test_every_reference_resolves(raw_data):
    orgs = {o["id"] for o in raw_data["orgs"]}
    metric_names = {n for m in raw_data["metrics"] for n in (m["name"], *m.get("aliases", []))}
    sources = {s["id"] for s in raw_data["sources"]}
    for target in targets(raw_data):
        assert target["org"] in orgs
        assert target["metric"] in metric_names
        assert target["source"] in sources
    for org in raw_data["orgs"]:
        assert org.get("parent") in (None, *orgs)


def test_catalogue_names_every_speaker_as_the_text_gives_them(raw_data, source_text):
    for org in raw_data["orgs"]:
        if "speaker" in org:
            assert f"{org['speaker_title']}{org['speaker']}" in source_text, org["id"]


def test_source_metadata_invents_nothing(raw_data, source_text):
    (source,) = [s for s in raw_data["sources"] if "file" in s]  # (the others are cited)
    assert source_text.strip().startswith(source["title"])
    assert not {"publisher", "published", "url"} & set(source)
    for name in source["bylines"]:
        assert re.search(rf"（[^）]*{name}[^）]*）", source_text), name


# The SHA-256 of the project's shared source text (../shared/sources/), read off it when
# it was shipped: a clean clone on CI has no shared folder beside it, and must still fail
# when the shipped copy drifts from the text the data was curated against.
SHARED_SOURCE_SHA256 = "51c132d6422b057d583d7a5da2fba0f1f602b221ff90760b676663a31005dc64"


def test_the_shipped_source_is_the_shared_text(data_file, source_text):
    import hashlib
    from pathlib import Path

    shipped = hashlib.sha256(source_text.encode("utf-8")).hexdigest()
    assert shipped == SHARED_SOURCE_SHA256
    shared = Path(__file__).resolve().parents[2] / "shared/sources/jiangmen-2024-pledges.txt"
    if shared.exists():  # beside this checkout: the text itself, not only its digest
        assert shared.read_text(encoding="utf-8") == source_text


# ---- the audit of issue 12: each fix, held to the source words ---------------------


def by_id_of(raw_data) -> dict[str, dict]:
    return {t["id"]: t for t in targets(raw_data)}


def metric_of(raw_data, name: str) -> dict:
    (metric,) = [m for m in raw_data["metrics"] if name in (m["name"], *m.get("aliases", []))]
    return metric


def test_taishan_builds_two_different_sets_of_three_parks(raw_data, source_text):
    # 重点建设临港装备、新材料、生物医药3大专业产业园 … 建好汽车零部件、金属新材料、智慧农机3大专业产业园
    assert "重点建设临港装备、新材料、生物医药3大专业产业园" in source_text
    assert "建好汽车零部件、金属新材料、智慧农机3大专业产业园" in source_text
    by_id = by_id_of(raw_data)
    parks = [by_id["taishan-parks-guanghai-bay"], by_id["taishan-parks-industrial-new-town"]]
    for park in parks:
        assert (park["metric"], park["value"], park["unit"]) == ("专业产业园", 3, "个")
        assert "same_as" not in park  # six parks: neither restates the other
        assert "subject" not in park
    assert [p["quote"] for p in parks] == ["生物医药3大专业产业园", "智慧农机3大专业产业园"]


def test_pengjiang_gdp_goal_names_no_year(raw_data, source_text):
    # 锚定全力冲刺千亿GDP强区的目标: a goal, no year; 冲刺 ties the speaker to the figure
    assert "锚定全力冲刺千亿GDP强区的目标" in source_text
    target = by_id_of(raw_data)["pengjiang-gdp-level"]
    assert "period" not in target
    assert (target["value"], target["unit"], target["comparator"]) == (1000, "亿元", ">=")
    assert target["firmness"] == "冲刺"
    assert "No year" in target["note"] and "冲刺" in target["note"]


def test_new_model_towns_are_not_added_to_towns_already_in_cultivation(raw_data, source_text):
    # 鹤山: 力争今年新培育1个省典型镇和30个省典型村 (new ones, this year)
    assert "力争今年新培育1个省典型镇和30个省典型村" in source_text
    # 新会: 重点推进省级“1镇8村”和市镇级“3镇20村”的典型培育工作 (no 新: the set named)
    assert "重点推进省级“1镇8村”和市镇级“3镇20村”的典型培育工作" in source_text
    by_id = by_id_of(raw_data)
    assert by_id["heshan-provincial-model-town"]["metric"] == "新培育省典型镇"
    assert by_id["heshan-provincial-model-villages"]["metric"] == "新培育省典型村"
    xinhui = {
        "xinhui-provincial-model-town": ("省级典型培育镇", 1),
        "xinhui-provincial-model-villages": ("省级典型培育村", 8),
        "xinhui-city-model-towns": ("市镇级典型培育镇", 3),
        "xinhui-city-model-villages": ("市镇级典型培育村", 20),
    }
    assert {i: (by_id[i]["metric"], by_id[i]["value"]) for i in xinhui} == xinhui
    # the increment metrics hold 鹤山's figures only, and no bare alias points at them
    for name in ("新培育省典型镇", "新培育省典型村"):
        assert {t["org"] for t in targets(raw_data) if t["metric"] == name} == {"鹤山市"}
        assert metric_of(raw_data, name).get("aliases", []) == []
    names = {n for m in raw_data["metrics"] for n in (m["name"], *m.get("aliases", []))}
    assert not {"省典型镇", "省典型村"} & names


@pytest.mark.parametrize(
    ("target_id", "source_words", "metric"),
    [
        # 争取引进超亿元项目60个，总投资超300亿元: the total of those 超亿元 projects
        (
            "taishan-project-investment",
            "争取引进超亿元项目60个，总投资超300亿元",
            "超亿元项目总投资",
        ),
        (
            "kaiping-project-investment",
            "新引入超亿元项目52个以上，总投资超220亿元",
            "超亿元项目总投资",
        ),
        # industrial projects only
        ("enping-project-investment", "力争今年引进产业项目投资超200亿元", "引进产业项目投资"),
        # every project of the year
        ("xinhui-project-investment", "全年引进项目总投资超600亿元", "引进项目总投资"),
        # no scope given
        ("heshan-investment-attracted", "、招商引资300亿元、", "招商引资"),
    ],
)
def test_investment_totals_of_different_scope_are_different_metrics(
    raw_data, source_text, target_id, source_words, metric
):
    assert source_words in source_text
    target = by_id_of(raw_data)[target_id]
    assert target["metric"] == metric
    assert target["quote"] in source_words
    assert metric_of(raw_data, metric)["description"]


def test_no_metric_adds_investment_of_different_scope(raw_data):
    scope = {
        "超亿元项目总投资": {"台山市", "开平市"},
        "引进产业项目投资": {"恩平市"},
        "引进项目总投资": {"新会区"},
        "招商引资": {"鹤山市"},
    }
    found = {name: {t["org"] for t in targets(raw_data) if t["metric"] == name} for name in scope}
    assert found == scope
    for name in scope:  # each is its own metric, never an alias of another
        assert metric_of(raw_data, name)["name"] == name


@pytest.mark.parametrize(
    ("target_id", "org", "quote", "metric", "kind", "firmness"),
    [
        # the commitments issue 12 found missing, and the others a reading found
        (
            "xinhui-wanmu-parks",
            "新会区",
            "全力以赴打造三大“万亩千亿”园区",
            "万亩千亿平台",
            "target",
            "全力",
        ),
        (
            "pengjiang-wanmu-platform",
            "蓬江区",
            "“万亩千亿”大平台",
            "万亩千亿平台",
            "milestone",
            None,
        ),
        (
            "pengjiang-prepared-food-park",
            "蓬江区",
            "高质量打造预制菜产业园",
            "产业园区建设",
            "milestone",
            None,
        ),
        (
            "pengjiang-trillion-cluster",
            "蓬江区",
            "加快向千亿产业集群迈进",
            "产业集群产值",
            "target",
            None,
        ),
        (
            "gongxin-trillion-clusters",
            "市工信局",
            "加快推动能源、电子信息、装备制造等向千亿产业集群迈进",
            "产业集群产值",
            "target",
            None,
        ),
        (
            "taishan-guanghai-bay-national-platform",
            "台山市",
            "助推大广海湾经济区上升为大湾区新的国家级平台",
            "创建称号",
            "milestone",
            None,
        ),
        (
            "jianghai-first-class-port",
            "江海区",
            "谋划推动江门高新港升级为一类口岸",
            "创建称号",
            "milestone",
            None,
        ),
        (
            "fagai-joint-lab",
            "市发展改革委",
            "推动江门双碳实验室建设粤港澳中和科学与技术联合实验室",
            "创建称号",
            "milestone",
            None,
        ),
        (
            "fagai-longi-production",
            "市发展改革委",
            "力促隆基绿能等项目投产",
            "项目建成投产",
            "milestone",
            "力促",
        ),
        (
            "fagai-calb-full-production",
            "市发展改革委",
            "全力推进中创新航等项目稳产达产",
            "项目建成投产",
            "milestone",
            "全力",
        ),
        (
            "kaiping-culture-tourism-park",
            "开平市",
            "打造国家级文旅融合示范产业园",
            "创建称号",
            "milestone",
            None,
        ),
        (
            "jianghai-innovation-city-in-use",
            "江海区",
            "力促创智城二期、工业邻里中心等建成使用",
            "项目建成投产",
            "milestone",
            "力促",
        ),
        (
            "enping-tree-planting",
            "恩平市",
            "完成县镇村植树“万千百”任务",
            "植树任务",
            "milestone",
            None,
        ),
    ],
)
def test_every_commitment_of_the_text_is_recorded(
    raw_data, source_text, target_id, org, quote, metric, kind, firmness
):
    assert source_text.count(quote) == 1
    target = by_id_of(raw_data)[target_id]
    assert (target["org"], target["quote"], target["metric"]) == (org, quote, metric)
    assert target.get("kind", "target") == kind
    assert target.get("firmness") == firmness
    if kind == "milestone":
        assert target["outcome"] in quote


def test_trillion_clusters_are_goals_for_named_clusters_with_no_year(raw_data, source_text):
    # 推动“3+2”产业集群做优做强，加快向千亿产业集群迈进 / 加快推动能源、电子信息、装备制造等向千亿产业集群迈进
    assert "推动“3+2”产业集群做优做强，加快向千亿产业集群迈进" in source_text
    by_id = by_id_of(raw_data)
    for target_id in ("pengjiang-trillion-cluster", "gongxin-trillion-clusters"):
        target = by_id[target_id]
        assert (target["value"], target["unit"], target["comparator"]) == (1000, "亿元", ">=")
        assert "period" not in target  # 迈进: toward, no date
        assert target["subject"].endswith("产业集群")
    assert metric_of(raw_data, "产业集群产值")["additive"] is False


def test_search_finds_the_wanmu_platforms(run):
    # 新会 打造三大“万亩千亿”园区 and 蓬江 打造…“万亩千亿”大平台, beside 恩平's 打造“百亿园区”
    rows = run("list", "--search", "万亩", "--restatements", "--json").json()
    assert {r["id"] for r in rows} >= {
        "xinhui-wanmu-parks",
        "xinhui-wanmu-parks-named",
        "pengjiang-wanmu-platform",
    }


def test_taishan_strives_for_its_three_titles_with_zhengchuang(raw_data, source_text, run):
    # 争创省级高新区、省级特色园区、省级外贸转型升级基地
    assert "争创省级高新区、省级特色园区、省级外贸转型升级基地" in source_text
    titles = (
        "taishan-provincial-hitech-zone",
        "taishan-provincial-featured-park",
        "taishan-foreign-trade-base",
    )
    by_id = by_id_of(raw_data)
    assert [by_id[t]["firmness"] for t in titles] == ["争创"] * 3
    tried = {r["id"] for r in run("list", "--firmness", "try", "--json").json()}
    assert set(titles) <= tried


def test_heshan_srdi_count_names_no_tier(raw_data, source_text):
    # 力争今年专精特新企业达130家: no 国家级, no 省级
    assert "力争今年专精特新企业达130家" in source_text
    metric = metric_of(raw_data, by_id_of(raw_data)["heshan-srdi-firms"]["metric"])
    assert metric["name"] == "专精特新企业"
    assert "all tiers" not in metric["name_en"]
    assert "tier not stated" in metric["name_en"]


def test_firms_passing_100bn_are_an_increment_for_the_city_and_for_xinhui(raw_data, source_text):
    # 工信局 产值超100亿元企业取得新突破; 新会 新增产值超百亿元企业2个: firms newly passing 100亿元
    assert "产值超100亿元企业取得新突破" in source_text
    assert "新增产值超百亿元企业2个" in source_text
    by_id = by_id_of(raw_data)
    assert by_id["gongxin-firms-10bn"]["metric"] == "新增产值超百亿元企业"
    assert by_id["gongxin-firms-10bn"]["kind"] == "milestone"  # 取得新突破: no figure
    assert by_id["xinhui-new-firms-10bn"]["metric"] == "新增产值超百亿元企业"
    assert by_id["xinhui-new-firms-10bn"]["value"] == 2
    names = {m["name"] for m in raw_data["metrics"]}
    assert "产值超100亿元企业" not in names  # no stock metric left for the city's breakthrough


@pytest.mark.parametrize(
    ("words", "metric", "english"),
    [
        # 加快74个市重点项目开工建设: construction starts, it is not under way yet
        (
            "加快74个市重点项目开工建设",
            "市重点项目开工建设",
            "City key projects starting construction",
        ),
        # 新增经济总量超80亿元的乡镇2个: towns newly passing the threshold, not new towns
        (
            "新增经济总量超80亿元的乡镇2个",
            "新增经济总量超80亿元乡镇",
            "Towns newly passing 8 billion yuan of GDP",
        ),
        # 新增产值超百亿元企业2个: firms newly passing the threshold, not new firms
        (
            "新增产值超百亿元企业2个",
            "新增产值超百亿元企业",
            "Enterprises newly passing 10 billion yuan of output",
        ),
    ],
)
def test_english_names_say_what_the_words_say(raw_data, source_text, words, metric, english):
    assert words in source_text
    assert metric_of(raw_data, metric)["name_en"] == english


def test_jianghai_hitech_zone_rank_is_among_the_other_ranks(raw_data, source_text, run):
    # 紧盯冲刺全国高新区50强目标: the 高新区 is ranked, top 50
    assert "紧盯冲刺全国高新区50强目标" in source_text
    target = by_id_of(raw_data)["jianghai-hitech-zone-rank"]
    assert (target["metric"], target["value"], target["unit"]) == ("排名进位", 50, "强")
    assert "high-tech zone" in target["note"] and "江门高新区" in target["note"]
    assert metric_of(raw_data, "排名进位")["dimension"] == "rank"
    rows = run("list", "--metric", "排名进位", "--json").json()
    assert {r["id"] for r in rows} == {
        "pengjiang-towns-rank",  # 棠下镇、杜阮镇在全国千强镇中争先进位
        "gongxin-cluster-platform-ranking",  # 集聚区、主平台各项重点指标继续保持全省前列
        "jianghai-hitech-zone-rank",
    }


def test_a_note_records_every_judgment_call_of_the_audit(raw_data):
    by_id = by_id_of(raw_data)
    for target_id in (
        "pengjiang-gdp-level",
        "pengjiang-trillion-cluster",
        "taishan-parks-guanghai-bay",
        "taishan-parks-industrial-new-town",
        "xinhui-provincial-model-town",
        "xinhui-provincial-model-villages",
        "heshan-investment-attracted",
        "gongxin-firms-10bn",
        "jianghai-hitech-zone-rank",
        "kaiping-digital-pilot-city",
        "kaiping-culture-tourism-park",
        "enping-tree-planting",
    ):
        assert by_id[target_id].get("note"), target_id


# ---- every figure of the source accounted for ---------------------------------------


def test_every_dismissal_holds_its_figure_in_the_source_with_a_reason(raw_data, source_text):
    for entry in raw_data["not_targets"]:
        assert entry["source"] == "jiangmen-2024-pledges"
        assert entry["quote"] in source_text, entry
        assert entry["figure"] in entry["quote"], entry
        assert len(entry["reason"].split()) >= 3, entry  # a reason, not a word


@pytest.mark.parametrize(
    ("figure", "quote", "why"),
    [
        # 围绕省委“1310”具体部署和市委“1+6+3”工作安排: slogans
        ("1310", "省委“1310”具体部署", "slogan"),
        ("1+6+3", "市委“1+6+3”工作安排", "slogan"),
        # 今年，是新会千亿元之后再出发的开局之年: passed already
        ("千亿元", "新会千亿元之后再出发", "achieved"),
        # 江门正持续壮大…三大千亿产业集群: the three exist
        ("三大千亿", "三大千亿产业集群", "achieved"),
        # 开平将2024年确定为“改革攻坚年”: a date naming the year
        ("2024年", "开平将2024年确定为“改革攻坚年”", "date"),
        # 推动“百千万工程”…: the provincial programme, said twelve times
        ("百千万", "“百千万工程”", "programme"),
        # 实施专精特新企业三年倍增计划: a programme's name, its figure for the year is 达130家
        ("三年", "三年倍增计划", "programme"),
    ],
)
def test_figures_that_state_no_target_are_dismissed_with_their_reason(
    raw_data, source_text, figure, quote, why
):
    assert quote in source_text
    (entry,) = [e for e in raw_data["not_targets"] if (e["figure"], e["quote"]) == (figure, quote)]
    assert why in entry["reason"]


def test_the_programme_name_is_dismissed_wherever_it_is_said(raw_data, source_text):
    # 百千万 is written 12 times, always as “百千万工程”: one dismissal holds every one
    assert source_text.count("百千万") == source_text.count("“百千万工程”") == 12


def test_a_date_that_gives_a_target_its_year_is_in_the_target_quote(raw_data, source_text):
    # 确保2024年新引入超亿元项目52个以上: 2024年 is the target's period
    assert "确保2024年新引入超亿元项目52个以上" in source_text
    target = by_id_of(raw_data)["kaiping-projects-100m"]
    assert target["quote"] == "2024年新引入超亿元项目52个以上"
    assert target["period"] == "2024"


def _without(tmp_path, raw_text: str, target_id: str):
    """A copy of the bundled data folder with one [[targets]] table taken out."""
    import shutil

    from conftest import REPO

    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    tables = raw_text.split("\n[[")
    kept = [t for t in tables if not (t.startswith("targets]]") and f'id = "{target_id}"\n' in t)]
    assert len(kept) == len(tables) - 1
    (folder / "targets.toml").write_text("\n[[".join(kept), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("target_id", "line", "figure"),
    [
        # each of these shares a sentence, a list or a verb with another target; its
        # figure is its own and no other quote holds it
        ("jianghai-gdp-growth", "地区生产总值增长6%、规上工业增加值增长6%", "6%"),
        ("gongxin-national-champions", "新增1家国家级、5家省级单项冠军企业", "1家"),
        ("gongxin-provincial-champions", "新增1家国家级、5家省级单项冠军企业", "5家"),
        ("xinhui-provincial-model-town", "省级“1镇8村”", "1镇"),
        ("xinhui-provincial-model-villages", "省级“1镇8村”", "8村"),
        ("xinhui-city-model-towns", "市镇级“3镇20村”", "3镇"),
        ("xinhui-city-model-villages", "市镇级“3镇20村”", "20村"),
        # the headline 全力冲刺千亿GDP强区 restates the body's; each 千亿 is its own target's
        ("pengjiang-gdp-level", "锚定全力冲刺千亿GDP强区的目标", "千亿"),
        ("pengjiang-gdp-level-headline", "全力冲刺千亿GDP强区", "千亿"),
        # the restatement names the parks; the opening pledge's 三大 (and the 万亩, 千亿 of
        # its label) are its own
        ("xinhui-wanmu-parks", "一是全力以赴打造三大“万亩千亿”园区", "三大"),
    ],
)
def test_leaving_out_a_target_leaves_its_figure_unclaimed(
    run, tmp_path, data_file, source_text, target_id, line, figure
):
    assert line in source_text and figure in line
    folder = _without(tmp_path, data_file.read_text(encoding="utf-8"), target_id)
    ran = run("check", str(folder))
    assert ran.code == 1
    unclaimed = [p for p in ran.stderr.splitlines() if "unclaimed figure" in p]
    assert any(f"unclaimed figure '{figure}'" in p for p in unclaimed), ran.stderr
    # only the figures of that target's words, named with their sentence
    assert all(line in p for p in unclaimed), ran.stderr
    # a target that restates the one left out now names an unknown id (issue 18)
    restating = [p for p in ran.stderr.splitlines() if "is not a target id" in p]
    assert all(f"same_as '{target_id}'" in p for p in restating), ran.stderr
    assert f"{len(unclaimed) + len(restating)} problem" in ran.stderr.splitlines()[-1]
