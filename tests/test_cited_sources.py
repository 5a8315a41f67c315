"""Cited sources (a [[sources]] entry without file: its text is not bundled) and the
[[not_found]] table: the bundled figures of 广东省 and of the 江门 city's report, what
`check`, `show` and `list` say of them, and the mistakes `check` refuses.

Every figure below is read off data/targets.toml and docs/levels-searched.md by hand.
"""

from __future__ import annotations

import csv
import io
import tomllib
from urllib.parse import urlsplit

import pytest

from targets_cli.data.loading import bundled_data

CITED = [
    "guangdong-2024-report-nandu",
    "guangdong-2024-report-dotdot",
    "jiangmen-2024-report-kaiping",
]


def raw() -> dict:
    return tomllib.loads(bundled_data().read_text(encoding="utf-8"))


# ---- the bundled cited figures ----------------------------------------------------------


def test_every_cited_figure_has_a_well_formed_url():
    data = raw()
    sources = {s["id"]: s for s in data["sources"]}
    cited = {i for i, s in sources.items() if "file" not in s}
    assert sorted(cited) == sorted(CITED)
    figures = [t for t in data["targets"] if t["source"] in cited]
    # 广东's three 2024 targets and 开平's two in the 江门 city's report
    assert len(figures) == 5
    results = [o for o in data["outcomes"] if o["target"] in {t["id"] for t in figures}]
    # 广东 GDP 3.5%, 广东 规上工业增加值 4.2%, 开平 2.5% against its 力争 6%
    assert len(results) == 3
    urls = [sources[t["source"]]["url"] for t in figures] + [o["url"] for o in results]
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https"), url
        assert parts.hostname and "." in parts.hostname, url
        assert not any(ch.isspace() for ch in url), url
    for ident in cited:
        assert sources[ident]["publisher"].strip() and sources[ident]["title"].strip()


def test_the_cited_quotes_are_one_clause_holding_the_figure():
    data = raw()
    cited = {s["id"] for s in data["sources"] if "file" not in s}
    quotes = {t["id"]: (t["quote"], t["value"]) for t in data["targets"] if t["source"] in cited}
    assert quotes == {
        # 南方都市报's headline: the report's GDP target, 增长5% with no 左右
        "guangdong-gdp-growth": ("广东GDP今年预期增长5%", 5),
        # 點新聞's list of the main expected targets, in traditional characters
        "guangdong-industry-value-added-growth": ("規模以上工業增加值增長5%", 5),
        "guangdong-fixed-asset-investment-growth": ("固定資產投資增長4%", 4),
        # the 江门 report on 开平: a floor and a figure to strive for, one clause
        "kaiping-gdp-growth-city-report": ("地区生产总值增长5.5%以上", 5.5),
        "kaiping-gdp-growth-strive": ("地区生产总值增长5.5%以上、力争达到6%", 6),
    }
    for quote, _value in quotes.values():
        assert not set("。；;") & set(quote)


def test_guangdong_s_gdp_target_is_a_bare_figure_and_its_investment_growth_a_rate():
    data = raw()
    by_id = {t["id"]: t for t in data["targets"]}
    gdp = by_id["guangdong-gdp-growth"]
    assert (gdp["value"], gdp["comparator"], gdp.get("wording")) == (5, "=", None)
    fai = by_id["guangdong-fixed-asset-investment-growth"]
    assert fai["metric"] == "固定资产投资增长"
    metric = next(m for m in data["metrics"] if m["name"] == "固定资产投资增长")
    assert (metric["dimension"], metric["additive"], metric["related"]) == (
        "rate",
        False,
        ["固定资产投资"],
    )
    # the floor said again is the pledge's target; the 力争 figure is its own
    assert by_id["kaiping-gdp-growth-city-report"]["same_as"] == "kaiping-gdp-growth"
    assert "same_as" not in by_id["kaiping-gdp-growth-strive"]


def test_check_passes_and_names_the_cited_sources_as_not_checked(run):
    ran = run("check")
    assert ran.code == 0, ran
    lines = ran.stdout.splitlines()
    assert lines[0].startswith("ok: 121 targets, 12 orgs, 71 metrics, 4 sources in ")
    assert lines[1] == (
        "not checked for completeness: 3 cited sources (text not bundled): " + ", ".join(CITED)
    )
    records = run("check", "--json").json()
    assert [(r["role"], r["id"]) for r in records] == [("cited", i) for i in CITED]
    text = bundled_data().read_text(encoding="utf-8").splitlines()
    for record in records:  # each at its [[sources]] entry
        assert text[record["line"] - 1] == "[[sources]]"
        assert text[record["line"]] == f'id = "{record["id"]}"'
        assert "not checked" in record["note"] and record["problem"] is None
    flat = list(csv.DictReader(io.StringIO(run("check", "--format", "csv").stdout)))
    assert [(r["role"], r["id"]) for r in flat] == [("cited", i) for i in CITED]


def test_show_gives_the_citation_of_guangdong_s_gdp_target(run):
    doc = run("show", "guangdong-gdp-growth", "--json").json()
    assert doc["source_cited"] is True
    assert (doc["source_publisher"], doc["source_published"]) == ("南方都市报", "2024-01-24")
    assert doc["source_url"] == "https://epaper.oeeee.com/epaper/A/html/2024-01/24/content_1982.htm"
    assert doc["sentence"] is None  # no text: no sentence
    assert (doc["status"], doc["outcome_value"], doc["margin"]) == ("missed", 3.5, -1.5)
    table = run(
        "show", "guangdong-gdp-growth", "--format", "table", "--lang", "en", env={"COLUMNS": "250"}
    )
    rows = {line.split()[0]: line for line in table.stdout.splitlines() if line.strip()}
    assert "南方都市报" in rows["citation"] and "2024-01-24" in rows["citation"]
    assert "广东GDP今年预期增长5%,省重点建设项目安排1508个…" in rows["citation"]
    assert "https://epaper.oeeee.com/epaper/A/html/2024-01/24/content_1982.htm" in table.stdout
    assert "cited, not bundled" in rows["text"]
    chinese = run("show", "guangdong-gdp-growth", "--format", "table", env={"COLUMNS": "250"})
    assert "引用来源，全文未收录" in chinese.stdout


def test_list_region_guangdong_lists_exactly_the_province_s_figures(run):
    found = run("list", "--region", "广东", "--json").json()
    assert [(r["id"], r["metric"], r["value"], r["status"]) for r in found] == [
        ("guangdong-gdp-growth", "地区生产总值增长", 5, "missed"),
        ("guangdong-industry-value-added-growth", "规上工业增加值增长", 5, "missed"),
        ("guangdong-fixed-asset-investment-growth", "固定资产投资增长", 4, "unknown"),
    ]


# ---- what check refuses -----------------------------------------------------------------

SOURCE_TEXT = "甲区：引进项目10个。\n"
DATA = """\
format = 1

[[sources]]
id = "demo"
file = "demo.txt"
title = "示例"
year = 2024

[[sources]]
id = "report"
title = "乙市政府工作报告"
year = 2024
publisher = "乙市日报"
url = "https://example.com/report.html"

[[orgs]]
id = "乙市"
kind = "city"
name_en = "Yi"

[[orgs]]
id = "甲区"
kind = "district"
parent = "乙市"
name_en = "Jia"

[[metrics]]
name = "引进项目"
name_en = "Projects"
dimension = "count"
additive = true
category = "investment"

[[metrics]]
name = "地区生产总值增长"
name_en = "GDP growth"
dimension = "rate"
additive = false
category = "economy"

[[targets]]
id = "jia-projects"
org = "甲区"
metric = "引进项目"
value = 10
unit = "个"
comparator = "="
period = "2024"
source = "demo"
quote = "引进项目10个"

[[targets]]
id = "yi-gdp-growth"
org = "乙市"
metric = "地区生产总值增长"
value = 6
unit = "%"
comparator = "="
period = "2024"
source = "report"
quote = "地区生产总值增长6%"

[[not_found]]
org = "乙市"
period = "2024"
metrics = ["引进项目"]
what = "outcome"
note = "no report of the city's projects for 2024 was found"
"""


@pytest.fixture
def write(tmp_path):
    def write(text: str):
        (tmp_path / "demo.txt").write_text(SOURCE_TEXT, encoding="utf-8")
        path = tmp_path / "t.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def line_of(text: str, needle: str, after: str = "") -> int:
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n in range(start, len(lines)) if needle in lines[n]) + 1


def test_the_fixture_passes(run, write):
    ran = run("check", str(write(DATA)))
    assert ran.code == 0, ran
    assert ran.stdout.splitlines()[1] == (
        "not checked for completeness: 1 cited source (text not bundled): report"
    )


def failing(run, path):
    ran = run("check", str(path))
    assert ran.code == 1, ran
    assert "Traceback" not in ran.stderr
    return ran.stderr


def test_a_cited_source_with_no_url(run, write):
    text = DATA.replace('url = "https://example.com/report.html"\n', "")
    path = write(text)
    line = line_of(text, 'id = "report"') - 1  # its [[sources]] line: no url line to name
    assert (
        f"{path}:{line}: [report] source 'report' has no file and no url: a cited source "
        "(its text not bundled) gives url" in failing(run, path)
    )


def test_a_cited_source_with_a_malformed_url(run, write):
    text = DATA.replace("https://example.com/report.html", "example.com/report.html")
    path = write(text)
    line = line_of(text, 'url = "example.com/report.html"')
    assert (
        f"{path}:{line}: [report] url 'example.com/report.html' must start with http:// or "
        "https://; give the address where the text was found" in failing(run, path)
    )
    text = DATA.replace("https://example.com/report.html", "https://localhost/report")
    path = write(text)
    assert "has a host that is not a public domain name" in failing(run, path)


def test_a_cited_source_with_no_publisher(run, write):
    text = DATA.replace('publisher = "乙市日报"\n', "")
    path = write(text)
    line = line_of(text, 'id = "report"') - 1
    assert (
        f"{path}:{line}: [report] cited source 'report' has no publisher: say who published"
        in failing(run, path)
    )


def test_a_not_targets_entry_may_not_name_a_cited_source(run, write):
    text = DATA + (
        '\n[[not_targets]]\nsource = "report"\nfigure = "2024"\nquote = "2024年"\n'
        'reason = "a date"\n'
    )
    path = write(text)
    line = line_of(text, 'source = "report"', after="[[not_targets]]")
    assert (
        f"{path}:{line}: not_targets entry: source 'report' is cited, not bundled: with no "
        "text there is nothing to account every figure of" in failing(run, path)
    )


def test_a_cited_quote_longer_than_its_clause(run, write):
    text = DATA.replace(
        'quote = "地区生产总值增长6%"', 'quote = "地区生产总值增长6%；固定资产投资增长5%"'
    )
    path = write(text)
    line = line_of(text, 'quote = "地区生产总值增长6%；')
    assert (
        f"{path}:{line}: [yi-gdp-growth] quote holds '；': a quote of a cited source is the one "
        "clause that states the figure; cut it there" in failing(run, path)
    )
    long_quote = "地区生产总值增长6%" + "、推动经济高质量发展" * 6  # 70 characters, no stop
    path = write(DATA.replace('quote = "地区生产总值增长6%"', f'quote = "{long_quote}"'))
    assert f"quote is {len(long_quote)} characters" in failing(run, path)


def test_a_cited_quote_without_its_figure(run, write):
    text = DATA.replace('quote = "地区生产总值增长6%"', 'quote = "地区生产总值增长5%"')
    path = write(text)
    line = line_of(text, "value = 6")
    assert (
        f"{path}:{line}: [yi-gdp-growth] value 6 does not appear in the quote (it has: 5); a "
        "cited source's quote writes the figure as stated" in failing(run, path)
    )


def test_a_not_found_entry_names_known_orgs_and_metrics(run, write):
    text = DATA.replace(
        'org = "乙市"\nperiod = "2024"\nmetrics', 'org = "乙"\nperiod = "2024"\nmetrics'
    )
    text = text.replace('metrics = ["引进项目"]', 'metrics = ["引进项"]')
    path = write(text)
    stderr = failing(run, path)
    org_line = line_of(text, 'org = "乙"', after="[[not_found]]")
    metric_line = line_of(text, 'metrics = ["引进项"]')
    assert f"{path}:{org_line}: not_found entry: unknown org '乙'; did you mean 乙市?" in stderr
    assert (
        f"{path}:{metric_line}: not_found entry: unknown metric '引进项'; did you mean 引进项目?"
        in stderr
    )


# ---- what was searched for and not found ------------------------------------------------


def test_the_not_found_records_answer_what_was_searched():
    from targets_cli.data.index import load
    from targets_cli.rules.not_found import not_found

    dataset = load(None, use_cache=False)
    # 江门's own 2024 targets (docs/levels-searched.md, row 17)
    for metric in ("地区生产总值增长", "GDP增长", "规上工业增加值增长", "工业投资", "高企"):
        entry = not_found(dataset, "江门市", metric, "2024", "target")
        assert entry is not None and entry.what == "target", metric
    assert not_found(dataset, "江门", "研发经费投入", "2024") is not None  # a short name
    # 江门's 2024 GDP growth outcome (row 18), 恩平's and 江海's (rows 25, 26)
    for org in ("江门市", "恩平市", "江海区"):
        assert not_found(dataset, org, "地区生产总值增长", "2024", "outcome") is not None
    # 广东's 2024 R&D and 高企 targets (row 6), and not its GDP target, which was found
    assert not_found(dataset, "广东省", "研发经费投入强度", "2024", "target") is not None
    assert not_found(dataset, "广东省", "高企存量", "2024", "target") is not None
    assert not_found(dataset, "广东省", "地区生产总值增长", "2024", "target") is None
    # another year, or an outcome where a target was searched for: not recorded
    assert not_found(dataset, "江门市", "地区生产总值增长", "2025", "target") is None
    assert not_found(dataset, "江门市", "工业投资", "2024", "outcome") is None
    assert not_found(dataset, "开平市", "地区生产总值增长", "2024") is None
