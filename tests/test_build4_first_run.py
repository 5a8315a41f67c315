"""A first build's rows keep the protection of their digests: a figure changed in the
index behind the tool's back is found and never served, whichever table it is in.

Figures from data/sources/jiangmen-2024-pledges.txt: projects over 100 million yuan are
台山 争取引进超亿元项目60个, 开平 超亿元项目52个以上 and 江海 引进亿元以上项目超50个, so
`sum --metric 超亿元项目` is 60 + 52 + 50 = 162, bounded by ">" (超50).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import test_trust_index as trust

# the trust tests' own cache, copy of the data and index name: one definition of each
cache = trust.cache
data = trust.data
index_path = trust.index_path

SUM = ("sum", "--metric", "超亿元项目", "--json")


def forge(path: Path, statement: str) -> None:
    """Change the index as another program would, and clear the mark of its change:
    only the rows' digests are left to find it."""
    with sqlite3.connect(path) as db:
        assert db.execute(statement).rowcount == 1
        db.execute("DELETE FROM _meta WHERE key = 'edited'")


@pytest.mark.parametrize(
    "statement",
    [
        # a target's figure: 台山's 60 projects made 600
        "UPDATE targets SET value = 600 WHERE id = 'taishan-projects-100m'",
        # a target's field left out in the data (no value_max), given in the index
        "UPDATE targets SET value_max = 900 WHERE id = 'taishan-projects-100m'",
    ],
    ids=["figure", "field left out"],
)
def test_a_target_row_forged_after_a_first_build_is_not_served(run, cache, data, statement):
    first = run(*SUM, "--data", str(data))
    assert (first.code, first.stderr) == (0, "")
    assert (first.json()["total"], first.json()["comparator"]) == (162, ">")
    forge(index_path(cache, data), statement)
    ran = run(*SUM, "--data", str(data))
    assert ran.code == 0 and (ran.json()["total"], ran.json()["comparator"]) == (162, ">")
    assert "built again" in ran.stderr and "Traceback" not in ran.stderr


def test_a_metric_row_forged_after_a_first_build_is_not_served(run, cache, data):
    # (a metric's row holds a boolean, additive: its digest reads it as SQLite gives it)
    first = run(*SUM, "--data", str(data))
    assert (first.code, first.stderr) == (0, "")
    forge(index_path(cache, data), "UPDATE metrics SET additive = 0 WHERE name = '超亿元项目'")
    ran = run(*SUM, "--data", str(data))
    assert ran.code == 0 and (ran.json()["total"], ran.json()["comparator"]) == (162, ">")
    assert "built again" in ran.stderr and "Traceback" not in ran.stderr
