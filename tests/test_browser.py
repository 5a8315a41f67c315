"""A real browser: headless Chromium, at a screen's size (1280 x 800), loads the pages
`targets serve` serves and finds what a reader needs: the targets table with the columns
a reader needs, the totals with their parts and silent units, the progress with each
target once."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from urllib.parse import unquote

import pytest
from test_trust_serve import Serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

pytest.importorskip("datasette", reason="the web extra: pip install '.[web]'")


@pytest.fixture(scope="module")
def browser() -> str:
    if CHROMIUM is None:
        if IN_CI:
            pytest.fail(
                "CI must run the browser check: chromium is not installed (.ci/run installs it)"
            )
        pytest.skip("no chromium on this machine (apt-get install chromium); CI runs this check")
    return CHROMIUM


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    serving = Serving(tmp_path_factory.mktemp("browse"))
    try:
        yield serving.base
    finally:
        serving.stop()


def dump_dom(browser: str, url: str) -> str:
    """The page as the browser built it (after its scripts ran)."""
    with tempfile.TemporaryDirectory(prefix="targets-chromium-") as profile:
        result = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,800",
                f"--user-data-dir={profile}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def headers(page: str) -> list[str]:
    """The column names of the page's table, in order."""
    return re.findall(r'<th [^>]*class="col-([^" ]+)', page)


def test_the_targets_table_page_shows_taishan(browser, server):
    page = dump_dom(browser, f"{server}/targets/targets")
    assert "<table" in page
    assert "台山" in page  # the region's label, through the foreign key to orgs
    assert "taishan-projects-100m" in page


def test_taishans_targets_fit_a_screen(browser, server, raw_data):
    page = dump_dom(browser, f"{server}/targets/targets?region=台山市")
    taishan = [t for t in raw_data["targets"] if t["org"] == "台山市"]
    assert f"{len(taishan)} rows where region" in page  # 10 targets stated by 台山市
    # the columns a reader needs, not the 39 of the table (the whole sentence among them)
    assert headers(page) == [
        "id",
        "region",
        "org",
        "metric",
        "comparator",
        "value",
        "value_max",
        "unit",
        "period",
        "firmness",
        "quote",
        "position",
    ]
    assert '<td class="col-sentence' not in page
    # 台山 引进超亿元项目60个
    assert "taishan-projects-100m" in page and "引进超亿元项目60个" in page
    # the column descriptions are there, in a short box that scrolls
    assert '<dl class="column-descriptions">' in page
    (css,) = re.findall(r'href="(data:text/css,[^"]+)"', page)
    assert "dl.column-descriptions{max-height:4.5em;overflow-y:auto" in unquote(css)


def test_the_totals_page_shows_162(browser, server):
    # 台山 60 + 开平 52 + 江海 50 = 162 超亿元项目
    page = dump_dom(browser, f"{server}/targets/totals?metric=超亿元项目")
    assert "超亿元项目" in page
    assert ">162<" in page.replace(" ", "")


def test_the_total_of_a_metric_gives_the_parts_and_the_silent_units(browser, server):
    # 台山 争取引进超亿元项目60个; 开平 超亿元项目52个以上; 江海 超50个: 162, more than;
    # 蓬江, 新会, 鹤山, 恩平 stated no figure
    page = dump_dom(browser, f"{server}/targets/metric_total?metric=超亿元项目")
    assert "returning 1 row" in page
    assert ">162<" in page.replace(" ", "")
    assert (
        "台山市 60个 (taishan-projects-100m); 开平市 &gt;=52个 (kaiping-projects-100m); 江海区 &gt;50个 (jianghai-projects-100m)"
        in page
    )
    assert "蓬江区、新会区、鹤山市、恩平市" in page
    assert "[&quot;" not in page and '["' not in page  # not a raw JSON string
    assert page.index("162") < page.index("Query parameters") or "<pre" not in page


def test_the_total_of_a_metric_gives_the_figures_left_out(browser, server):
    # 规上工业总产值: 台山 800 + 鹤山 1000 = 1800; 江门's 4000 and 850 are for the
    # 大型产业集聚区 and the 产业有序转移主平台, narrower than the city, so left out
    page = dump_dom(browser, f"{server}/targets/metric_total?metric=规上工业总产值")
    assert ">1800<" in page.replace(" ", "")
    assert "江门大型产业集聚区 4000亿元 (gongxin-cluster-industrial-output: narrower)" in page
    assert "产业有序转移主平台 850亿元 (gongxin-platform-industrial-output: narrower)" in page


def test_the_progress_page_has_each_target_once(browser, server, raw_data):
    page = dump_dom(browser, f"{server}/targets/target_progress")
    restating = {t["id"]: t["same_as"] for t in raw_data["targets"] if "same_as" in t}
    assert restating == {
        "enping-gdp-growth-headline": "enping-gdp-growth",
        "kaiping-gdp-growth-city-report": "kaiping-gdp-growth",
        "pengjiang-gdp-level-headline": "pengjiang-gdp-level",
        "xinhui-wanmu-parks-named": "xinhui-wanmu-parks",
    }
    # 121 targets, 4 of them restating another: 117, as `targets progress` counts them
    assert len(raw_data["targets"]) == 121
    assert "returning 117 rows" in page
    assert headers(page)[:5] == ["id", "region", "metric", "status", "comparator"]
    assert "restated_by" in headers(page)
    # 恩平 确保完成GDP增长6%以上: its row names the headline that restates it
    row = page[page.index(">enping-gdp-growth<") :]
    row = row[: row.index("</tr>")]
    assert "enping-gdp-growth-headline" in row and "地区生产总值增长" in row
