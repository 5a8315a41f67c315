"""Every filter of every command keeps what it names and drops the rest (issue 18).

The expected ids and figures were worked out by hand from data/targets.toml and
data/sources/jiangmen-2024-pledges.txt; each test says how. Checking one code path
against another is not enough: both once agreed on ignoring --status.
"""

from __future__ import annotations

import pytest

# All 116 [[targets]] of data/targets.toml, by region. The departments (市发展改革委 5,
# 市科技局 11, 市工信局 22) speak for 江门市, their parent, so their region is 江门市.
TAISHAN = {
    "taishan-talent-teams",
    "taishan-parks-guanghai-bay",
    "taishan-parks-industrial-new-town",
    "taishan-provincial-hitech-zone",
    "taishan-provincial-featured-park",
    "taishan-foreign-trade-base",
    "taishan-guanghai-bay-national-platform",
    "taishan-projects-100m",
    "taishan-project-investment",
    "taishan-industrial-output",
}
KEJI = {
    "keji-rd-spending",
    "keji-rd-growth",
    "keji-scientist-teams",
    "keji-leading-talents",
    "keji-tech-talent",
    "keji-national-incubator",
    "keji-hitech-firms",
    "keji-tech-smes",
    "keji-tech-alliances",
    "keji-cooperation-projects",
    "keji-tech-commissioners",
}
ALL = 121  # the 116 of the pledges and 5 cited figures (广东 3, 开平 2)

# The four [[outcomes]]: 开平 GDP growth 2.5% against 确保 ≥5.5% (missed); 鹤山
# 招商引资 ≥301.8 against 300 (met); 恩平 245 against >200, but 245 counts every project
# attracted while the pledge names industrial ones only (scope broader: at most 245 of
# them were industrial, which cannot show >200 met: unclear); 新会 ≥558.4 against >600
# (the bound cannot decide: unclear). Every other target has none: unknown.
# And the cited figures' results: 广东 GDP 3.5% against 5% and 规上工业增加值 4.2% against
# 5%, 开平 2.5% against the 力争 6% of the city's report, all missed; the city's report
# restating 开平's floor takes the floor's result (missed).
MISSED = {
    "kaiping-gdp-growth",
    "kaiping-gdp-growth-city-report",
    "kaiping-gdp-growth-strive",
    "guangdong-gdp-growth",
    "guangdong-industry-value-added-growth",
}
MET = {"heshan-investment-attracted"}
UNCLEAR = {"xinhui-project-investment", "enping-project-investment"}


def ids(run, *args: str) -> list[str]:
    ran = run("list", *args, "--restatements", "--json")
    assert ran.code == 0, ran
    return [row["id"] for row in ran.json()]


# ---- list -----------------------------------------------------------------------------


def test_list_region_keeps_its_ten_and_drops_the_rest(run):
    assert set(ids(run, "--region", "台山")) == TAISHAN


def test_list_region_of_the_city_is_the_departments(run):
    found = ids(run, "--region", "江门")
    # 5 fagai-, 11 keji-, 22 gongxin- targets; no county-level unit's
    assert len(found) == 38
    assert all(i.split("-")[0] in ("fagai", "keji", "gongxin") for i in found)


def test_list_org_keeps_one_department(run):
    assert set(ids(run, "--org", "市科技局")) == KEJI


def test_list_metric_keeps_its_three_units(run):
    # 超亿元项目: 台山 60个, 开平 52个以上, 江海 超50个; 超亿元项目总投资 is another metric
    assert set(ids(run, "--metric", "超亿元项目")) == {
        "taishan-projects-100m",
        "kaiping-projects-100m",
        "jianghai-projects-100m",
    }


def test_list_category_keeps_talent_only(run):
    # talent metrics: 人才队伍, 引进科学家团队, 引进领军人才, 科技人才总量, 科技特派员, 新增人才
    assert set(ids(run, "--category", "talent")) == {
        "taishan-talent-teams",
        "keji-scientist-teams",
        "keji-leading-talents",
        "keji-tech-talent",
        "keji-tech-commissioners",
        "jianghai-new-talent",
    }


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # 开平 再用6—8年 from 2024: 2030-2032, the only target past 2025
        ("2031", {"kaiping-gdp-level"}),
        # 开平's villages 到2025年 each over 50万元; 2030-2032 does not cover 2025
        ("2025", {"kaiping-village-income"}),
        ("2025..2030", {"kaiping-village-income", "kaiping-gdp-level"}),
        # the slogans with no year: 蓬江 千亿GDP强区 (in the body and again in the
        # speech's headline, which list shows as a restatement) and the two 千亿 clusters
        (
            "none",
            {
                "pengjiang-gdp-level",
                "pengjiang-gdp-level-headline",
                "pengjiang-trillion-cluster",
                "gongxin-trillion-clusters",
            },
        ),
    ],
)
def test_list_period_keeps_what_covers_it(run, period, expected):
    assert set(ids(run, "--period", period)) == expected


def test_list_period_2024_drops_the_undated_and_the_later(run):
    found = set(ids(run, "--period", "2024"))
    # 121 less the 4 undated (蓬江's 千亿GDP强区 twice, the two 千亿 clusters), 开平's
    # 2030-2032 and 开平's 2025 village income
    assert len(found) == ALL - 6
    assert not found & {"pengjiang-gdp-level", "kaiping-gdp-level", "kaiping-village-income"}


def test_list_kind_milestone_and_target_split_the_whole(run):
    milestones = set(ids(run, "--kind", "milestone"))
    targets = set(ids(run, "--kind", "target"))
    assert not milestones & targets
    assert len(milestones) + len(targets) == ALL
    # all 7 台山 milestones named 创建称号 but 大广海湾 are milestones; 60个 projects is not
    assert "taishan-provincial-hitech-zone" in milestones
    assert "taishan-projects-100m" in targets
    # 台山: 4 milestones (three 争创 titles, the national platform), 6 figures
    assert len(milestones & TAISHAN) == 4


def test_list_firmness_word_and_level(run):
    # 确保: 开平's GDP growth, projects and their investment; 恩平's GDP growth
    ensure_word = {
        "kaiping-gdp-growth",
        "kaiping-projects-100m",
        "kaiping-project-investment",
        "enping-gdp-growth",
    }
    assert set(ids(run, "--firmness", "确保")) == ensure_word
    # the level takes 力保 too: 开平's village income and its 全国文明城市 nomination
    assert set(ids(run, "--firmness", "ensure")) == ensure_word | {
        "kaiping-village-income",
        "kaiping-civilized-city",
    }


def test_list_search_keeps_only_its_sentence(run):
    # 植树 is said once (恩平: 完成县镇村植树“万千百”任务), in a sentence of no other target
    assert ids(run, "--search", "植树") == ["enping-tree-planting"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("missed", MISSED), ("met", MET), ("unclear", UNCLEAR), ("未完成", MISSED)],
)
def test_list_status_keeps_that_status_only(run, status, expected):
    assert set(ids(run, "--status", status)) == expected


def test_list_status_unknown_is_the_rest(run):
    found = set(ids(run, "--status", "unknown"))
    assert len(found) == ALL - len(MISSED | MET | UNCLEAR)  # 121 - 8
    assert not found & (MISSED | MET | UNCLEAR)


def test_list_status_not_comparable_is_empty_and_says_so(run):
    ran = run("list", "--status", "not-comparable", "--json")
    assert ran.code == 0 and ran.json() == []
    assert "--status" in ran.stderr


def test_list_status_combines_with_other_filters(run):
    assert ids(run, "--status", "missed", "--region", "开平") == [
        "kaiping-gdp-growth",
        "kaiping-gdp-growth-city-report",
        "kaiping-gdp-growth-strive",
    ]
    ran = run("list", "--status", "missed", "--region", "台山", "--json")
    assert ran.json() == []
    # the empty note names the filter that emptied it
    assert "without --status there are 10" in ran.stderr


@pytest.mark.parametrize("command", ["list", "compare", "progress"])
def test_a_misspelt_status_is_a_usage_error_naming_the_closest(run, command):
    ran = run(command, "--status", "mised")
    assert ran.code == 2
    assert "missed" in ran.stderr and "mised" in ran.stderr
    assert ran.stdout == ""


# ---- sum ------------------------------------------------------------------------------


def total(run, *args: str):
    ran = run("sum", "--metric", "超亿元项目", *args, "--json")
    assert ran.code == 0, ran
    return ran.json()


def test_sum_without_filters_adds_the_three(run):
    # 60 + 52 + 50 = 162
    found = total(run)
    assert found["total"] == 162
    assert {p["id"] for p in found["parts"]} == {
        "taishan-projects-100m",
        "kaiping-projects-100m",
        "jianghai-projects-100m",
    }


@pytest.mark.parametrize(
    ("args", "expected_total", "expected_ids"),
    [
        (("--region", "台山"), 60, {"taishan-projects-100m"}),
        (("--org", "开平"), 52, {"kaiping-projects-100m"}),
        # 开平's is 确保; 台山's 争取, 江海's 力争
        (("--firmness", "确保"), 52, {"kaiping-projects-100m"}),
        (("--firmness", "strive"), 50, {"jianghai-projects-100m"}),
        (("--category", "investment"), 162, None),
        # 江海's quote: 力争引进亿元以上项目超50个; the others say 新引入 / 引进 without 亿元以上
        (("--search", "亿元以上项目超50个"), 50, {"jianghai-projects-100m"}),
    ],
)
def test_sum_filters_keep_and_drop_parts(run, args, expected_total, expected_ids):
    found = total(run, *args)
    assert found["total"] == expected_total
    if expected_ids is not None:
        assert {p["id"] for p in found["parts"]} == expected_ids


@pytest.mark.parametrize(
    "args", [("--period", "2025"), ("--category", "talent"), ("--search", "植树")]
)
def test_sum_filters_that_leave_nothing_say_so(run, args):
    ran = run("sum", "--metric", "超亿元项目", *args, "--json")
    assert ran.code == 0, ran
    assert "162" not in ran.stdout
    assert ran.stderr.strip() != ""


# ---- compare --------------------------------------------------------------------------


def test_compare_ranks_one_metric_over_the_regions_asked(run):
    ran = run("compare", "台山", "开平", "--metric", "超亿元项目", "--json")
    assert ran.code == 0, ran
    text = ran.stdout
    assert "taishan-projects-100m" in text and "kaiping-projects-100m" in text
    assert "jianghai-projects-100m" not in text


def test_compare_status_keeps_only_the_missed(run):
    ran = run("compare", "--status", "missed", "--json")
    assert ran.code == 0, ran
    document = ran.json()
    assert document["regions"] == ["广东省", "开平市"]
    assert [m["metric"] for m in document["metrics"]] == ["地区生产总值增长", "规上工业增加值增长"]
    assert "kaiping-gdp-growth" in ran.stdout and "enping-gdp-growth" not in ran.stdout


def test_compare_status_met_keeps_the_one_met(run):
    ran = run("compare", "--status", "met", "--json")
    document = ran.json()
    assert document["regions"] == ["鹤山市"]
    assert "heshan-investment-attracted" in ran.stdout
    assert "enping-project-investment" not in ran.stdout
    assert "kaiping-gdp-growth" not in ran.stdout


def test_compare_category_and_period_keep_and_drop(run):
    talent = run("compare", "--category", "talent", "--json").stdout
    assert "jianghai-new-talent" in talent and "taishan-talent-teams" in talent
    assert "kaiping-gdp-growth" not in talent
    later = run("compare", "--period", "2031", "--json").stdout
    assert "kaiping-gdp-level" in later and "kaiping-gdp-growth" not in later


# ---- coverage -------------------------------------------------------------------------


def covered(run, *args: str) -> dict:
    ran = run("coverage", *args, "--json")
    assert ran.code == 0, ran
    return {line["metric"]: line for line in ran.json()["coverage"]}


def test_coverage_metric_keeps_one_line(run):
    # 工业投资: 市工信局 超1000亿元; 鹤山 200 and 恩平 超100 add to more than 300: 30%
    lines = covered(run, "--metric", "工业投资")
    assert list(lines) == ["工业投资"]
    subtotal = lines["工业投资"]["subtotals"][0]
    assert subtotal["total"] == 300
    assert subtotal["city"][0]["share"] == 0.3


def test_coverage_category_keeps_its_metrics_and_drops_the_rest(run):
    lines = covered(run, "--category", "enterprises")
    # 高企存量: city 3000, 江海 730 + 新会 550 = 1280
    assert lines["高企存量"]["subtotals"][0]["total"] == 1280
    assert "工业投资" not in lines and "超亿元项目" not in lines


def test_coverage_period_with_no_city_goal_is_empty(run):
    # no city-wide figure is for 2031 (开平's 2030-2032 GDP is a unit's)
    assert covered(run, "--period", "2031") == {}


# ---- progress -------------------------------------------------------------------------


def progress(run, *args: str) -> dict:
    ran = run("progress", *args, "--json")
    assert ran.code == 0, ran
    return ran.json()


def test_progress_region_counts_its_targets(run):
    # 开平's nine [[targets]] of the pledges and the 力争 6% of the city's report (its floor
    # there restates the pledge: counted once); two outcomes (its GDP growth), both missed
    found = progress(run, "--region", "开平")
    assert found["targets"] == 10 and found["outcomes_known"] == 2
    assert found["total"]["missed"] == 2 and found["total"]["met"] == 0


def test_progress_status_shows_only_it_and_still_counts_all(run):
    found = progress(run, "--status", "met")
    # 121 targets less the four restatements (same_as): 117, of which 7 have an outcome
    assert found["targets"] == 117 and found["outcomes_known"] == 7
    assert found["shown"] == 1
    assert {row["id"] for row in found["outcomes"]} == MET


def test_progress_org_kind_firmness_search(run):
    assert progress(run, "--org", "市科技局")["targets"] == 11
    # 确保: 开平 ×3, 恩平 GDP growth; 开平's GDP growth is the one with an outcome
    firm = progress(run, "--firmness", "确保")
    assert firm["targets"] == 4 and firm["outcomes_known"] == 1
    assert [row["id"] for row in firm["missed"]] == ["kaiping-gdp-growth"]
    # the four outcomes are all on figures, none on a milestone
    assert progress(run, "--kind", "milestone")["outcomes_known"] == 0
    assert progress(run, "--search", "植树")["targets"] == 1
    # the category of 开平's missed GDP growth is economy
    # (firmest first: 确保, 力争, then 广东's, which has no firmness word)
    economy = progress(run, "--category", "economy", "--status", "missed")
    assert [row["id"] for row in economy["missed"]] == [
        "kaiping-gdp-growth",
        "kaiping-gdp-growth-strive",
        "guangdong-gdp-growth",
    ]
    assert progress(run, "--period", "2031")["outcomes_known"] == 0


# ---- the Python path (a dataset read without an index) --------------------------------


def test_the_plain_dataset_path_filters_status_and_search_alike():
    from targets_cli.data.index import read_dataset
    from targets_cli.data.loading import bundled_data
    from targets_cli.data.query import Filters, select
    from targets_cli.rules.model import Dataset

    indexed, problems = read_dataset(bundled_data(), use_cache=False)
    assert not problems
    d = indexed
    dataset = Dataset(
        d.sources, d.orgs, d.metrics, tuple(d.targets), d.files, d.outcomes, d.not_targets
    )
    assert dataset.search is None
    assert {t.id for t in select(dataset, Filters(statuses=("missed",)))} == MISSED
    assert {t.id for t in select(dataset, Filters(statuses=("met",)))} == MET
    assert [t.id for t in select(dataset, Filters(search="植树"))] == ["enping-tree-planting"]
    # region names are searched on this path too: 江海's eight (see the test above)
    found = {t.id for t in select(dataset, Filters(search="数字化 江海"))}
    assert len(found) == 8 and all(i.startswith("jianghai-") for i in found)


# ---- long questions and odd digits (issue 18: tracebacks) --------------------------------


def test_a_search_of_a_thousand_words_is_answered(run, source_text):
    # every distinct piece of 市工信局's sentence (source line 109; its stop is not part
    # of it), more than 1,000 of them: only the two targets of that sentence hold them all
    sentence = "同时，还将抓紧抓实省级数字化转型城市试点工作，推动超500家企业开展数字化诊断和350家企业实施数字化转型"
    assert sentence + "。" in source_text
    words = {sentence[i:j] for i in range(len(sentence)) for j in range(i + 1, len(sentence) + 1)}
    words = {w for w in words if w.strip() and " " not in w}
    assert len(words) > 1000
    found = set(ids(run, "--search", " ".join(sorted(words))))
    assert found == {"gongxin-digital-diagnosis", "gongxin-digital-transformation"}


def test_fifteen_hundred_period_spans_are_answered(run):
    # 1,500 different spans, all from 2026 on: only 开平's 2030-2032 GDP goal falls in
    # one; the 2024 targets and 开平's 2025 village income fall in none
    spans = [(a, b) for a in range(2026, 2101) for b in range(a, 2101)][:1500]
    assert len(spans) == 1500
    args = [word for a, b in spans for word in ("--period", f"{a}..{b}")]
    assert ids(run, *args) == ["kaiping-gdp-level"]


@pytest.mark.parametrize(
    "period",
    [
        "፩፪፫፬",  # Ethiopic: isdigit() says yes, int() refuses
        "٢٠٢٤",  # Arabic-Indic: int() reads it as 2024
        "२०२४",  # Devanagari
        "²⁰²⁴",  # superscripts
    ],
)
def test_a_year_in_other_digits_is_a_usage_error(run, period):
    ran = run("list", "--period", period)
    assert ran.code == 2, ran
    assert "Traceback" not in ran.stderr
    assert "digits 0-9" in ran.stderr and "2024..2025" in ran.stderr
    assert ran.stdout == ""


def test_a_year_in_full_width_digits_is_a_year(run):
    assert ids(run, "--period", "２０３１") == ["kaiping-gdp-level"]


def test_a_long_search_is_echoed_short(run):
    ran = run("list", "--search", "x" * 6000, "--json")
    assert ran.code == 0 and ran.json() == []
    assert "(6000 characters)" in ran.stderr
    assert len(ran.stderr) < 400, len(ran.stderr)


# ---- --search over region names, and quote matches first (issue 18) ----------------------


def test_search_finds_a_region_by_name(run):
    # 江海's sentence (source line 125, 加快74个市重点项目开工建设 ... 50亿元以上项目再突破)
    # holds 数字化转型企业超50家 and seven other targets of 江海; 江海 is in no quote, but
    # it is the region's name. 市工信局's and 开平's 数字化 targets are not 江海's.
    found = ids(run, "--search", "数字化 江海")
    assert found[0] == "jianghai-digital-transformation"
    assert set(found) == {
        "jianghai-digital-transformation",
        "jianghai-key-projects",
        "jianghai-little-giants",
        "jianghai-provincial-srdi",
        "jianghai-tech-upgrade-firms",
        "jianghai-projects-100m",
        "jianghai-projects-1bn",
        "jianghai-projects-5bn",
    }


def test_search_finds_an_org_by_name(run):
    # 科技局 names the department 市科技局 (its short name): its 11 targets, whatever
    # their words; with 孵化器, only its incubator pledge and the two that share the
    # sentence (力争新增1家国家级孵化器，力争全市高企存量达到3000家、科技型中小企业超2900家)
    assert set(ids(run, "--search", "科技局")) >= KEJI
    # (and gongxin-national-champions, whose note names 科技局's 孵化器 target)
    assert set(ids(run, "--search", "科技局 孵化器")) == {
        "gongxin-national-champions",
        "keji-national-incubator",
        "keji-hitech-firms",
        "keji-tech-smes",
    }


def test_quote_matches_come_before_sentence_matches(run):
    # 隆基 is in two quotes: 力促隆基绿能等项目投产 (市发展改革委) and 隆基绿能等50个项目新投产
    # (鹤山). Seven others only share a sentence with one of them: 中创新航 (same sentence
    # of 市发展改革委) and six of 鹤山's list (新增规上工业企业100家、工业投资200亿元、
    # 固投300亿元、招商引资300亿元、“四上”企业超1000家、规上工业总产值突破1000亿元).
    ran = run("list", "--search", "隆基", "--json")
    rows = [(row["id"], row["matched_in"]) for row in ran.json()]
    assert rows[:2] == [
        ("fagai-longi-production", "quote"),
        ("heshan-projects-in-production", "quote"),
    ]
    assert {place for _, place in rows[2:]} == {"sentence"}
    assert {i for i, _ in rows[2:]} == {
        "fagai-calb-full-production",
        "heshan-new-industrial-firms",
        "heshan-industrial-investment",
        "heshan-fixed-asset-investment",
        "heshan-investment-attracted",
        "heshan-four-above-firms",
        "heshan-industrial-output",
    }
    table = run("list", "--search", "隆基", "--format", "table", "--lang", "en").stdout
    assert "2 found in the target's own words" in " ".join(table.split())
    assert "7 only in the sentence" in " ".join(table.split())


def test_matched_in_names_the_note_and_the_metric(run):
    # 孵化器: keji-national-incubator's quote (力争新增1家国家级孵化器); the note of
    # gongxin-national-champions names 科技局's 孵化器 target; two keji targets share its
    # sentence
    rows = {
        row["id"]: row["matched_in"] for row in run("list", "--search", "孵化器", "--json").json()
    }
    assert rows == {
        "keji-national-incubator": "quote",
        "gongxin-national-champions": "note",
        "keji-hitech-firms": "sentence",
        "keji-tech-smes": "sentence",
    }
    # 台山's quote holds 超亿元项目 (争取引进超亿元项目60个); 江海's says 亿元以上项目超50个,
    # so only its metric's name holds the word
    names = {
        row["id"]: row["matched_in"]
        for row in run("list", "--search", "超亿元项目", "--json").json()
    }
    assert names["taishan-projects-100m"] == "quote"
    assert names["jianghai-projects-100m"] == "name"


def test_without_search_no_row_says_where_it_matched(run):
    assert "matched_in" not in run("list", "--region", "台山", "--json").json()[0]


def test_an_order_asked_for_is_kept_under_search(run):
    found = ids(run, "--search", "隆基", "--sort", "id")
    assert found == sorted(found)
