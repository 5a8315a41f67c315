"""A real browser: headless Chromium loads the pages `targets serve` serves and finds the
figures `targets` gives (台山 on the targets table, 162 on the totals)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

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


def test_the_targets_table_page_shows_taishan(browser, server):
    page = dump_dom(browser, f"{server}/targets/targets")
    assert "<table" in page
    assert "台山" in page  # the region's label, through the foreign key to orgs
    assert "taishan-projects-100m" in page


def test_the_totals_page_shows_162(browser, server):
    # 台山 60 + 开平 52 + 江海 50 = 162 超亿元项目
    page = dump_dom(browser, f"{server}/targets/totals?metric=超亿元项目")
    assert "超亿元项目" in page
    assert ">162<" in page.replace(" ", "")
