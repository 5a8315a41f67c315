"""The bundled data against the source text, read independently of the tool's loader."""

from __future__ import annotations

import re
from collections import Counter

import pytest

# Counted by a person reading the source paragraph by paragraph:
# (quantitative targets, milestones) per speaker.
EXPECTED_PER_ORG = {
    "市发展改革委": (1, 1),
    "蓬江区": (1, 1),
    "台山市": (6, 3),
    "开平市": (5, 3),
    "鹤山市": (12, 3),
    "恩平市": (4, 0),
    "市科技局": (11, 0),
    "市工信局": (19, 2),
    "江海区": (12, 3),
    "新会区": (12, 1),
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


def targets(raw_data):
    return raw_data["targets"]


def test_per_org_counts_match_a_reading_of_the_source(raw_data):
    figures = Counter(t["org"] for t in targets(raw_data) if t.get("kind") != "milestone")
    milestones = Counter(t["org"] for t in targets(raw_data) if t.get("kind") == "milestone")
    found = {org: (figures[org], milestones[org]) for org in EXPECTED_PER_ORG}
    assert found == EXPECTED_PER_ORG
    assert set(figures) | set(milestones) == set(EXPECTED_PER_ORG)
    assert sum(figures.values()) == 83


def test_every_quote_is_verbatim_and_points_at_one_place(raw_data, source_text):
    for target in targets(raw_data):
        quote = target["quote"]
        assert source_text.count(quote) == 1, target["id"]
        assert "\n" not in quote, target["id"]


def _figures(quote: str) -> set[float]:
    found = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", quote)}
    found |= {float(v) for word, v in NUMBER_WORDS.items() if f"{word}亿" in quote}
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
    (source,) = raw_data["sources"]
    assert source_text.strip().startswith(source["title"])
    assert not {"publisher", "published", "url"} & set(source)
    for name in source["bylines"]:
        assert re.search(rf"（[^）]*{name}[^）]*）", source_text), name


def test_the_shipped_source_is_the_shared_text(data_file, source_text):
    from pathlib import Path

    shared = Path(__file__).resolve().parents[2] / "shared/sources/jiangmen-2024-pledges.txt"
    if not shared.exists():
        pytest.skip("the shared source folder is not beside this checkout")
    assert shared.read_text(encoding="utf-8") == source_text
