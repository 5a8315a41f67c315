"""A total of whole figures in units with whole factors is added as ints: the bundled
`sum --json` loads no decimal (1.5-2 ms of its start), and every total is the same."""

from __future__ import annotations

from test_startup import _imported, _imported_by_the_script
from test_sum import _dataset, _target, sum_json


def test_the_bundled_sum_loads_no_decimal(run):
    args = ("sum", "--metric", "超亿元项目", "--json")
    _imported(*args)  # the first run fills the index
    loaded = _imported_by_the_script(*args)
    assert "targets_cli.rules.totals" in loaded
    assert "decimal" not in loaded
    # data/targets.toml: 台山 60 个 (=), 开平 52 个 (>=), 江海 50 个 (>): more than 162 个
    doc = sum_json(run, "--metric", "超亿元项目")
    assert (doc["total"], doc["unit"], doc["comparator"]) == (162, "个", ">")


def test_whole_figures_that_make_no_whole_number_of_the_largest_unit(run, tmp_path):
    text = "乙区研发投入5000万元。丙县研发投入2亿元。甲局研发投入10亿元。"
    data = _dataset(
        tmp_path,
        _target("yi-rd", "乙区", "研发投入", 5000, "万元", "乙区研发投入5000万元")
        + _target("bing-rd", "丙县", "研发投入", 2, "亿元", "丙县研发投入2亿元")
        + _target("city-rd", "甲局", "研发投入", 10, "亿元", "甲局研发投入10亿元"),
        text,
    )
    doc = sum_json(run, "--metric", "研发投入", "--data", data)
    # 5000万元 = 0.5亿元; 0.5 + 2 = 2.5亿元, a quarter of the city's 10亿元
    assert (doc["total"], doc["unit"], doc["comparator"]) == (2.5, "亿元", "=")
    assert doc["subtotals"][0]["city"][0]["share"] == 0.25
    table = run("sum", "--metric", "研发投入", "--data", data, "--format", "table")
    assert table.code == 0, table.stderr
    assert "2.5 亿元" in table.stdout


def test_a_range_of_whole_figures_adds_both_ends(run, tmp_path):
    text = "乙区人才100人。丙县人才1至2万人。"
    data = _dataset(
        tmp_path,
        _target("yi-talent", "乙区", "人才", 100, "人", "乙区人才100人")
        + _target("bing-talent", "丙县", "人才", 1, "万人", "丙县人才1至2万人", "value_max = 2\n"),
        text,
    )
    doc = sum_json(run, "--metric", "人才", "--data", data)
    # 100人 + 1—2万人 = 1.01—2.01万人
    assert (doc["total"], doc["total_max"], doc["unit"]) == (1.01, 2.01, "万人")
