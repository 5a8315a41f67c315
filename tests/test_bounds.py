"""A total is as strong as its parts allow: each rule with figures added up by hand.

- more than (>) when any part is more than and the rest are exact or floors;
- at least (>=) when the floors are all inclusive and the rest exact;
- exact only when every part is;
- a range (1—2个) adds both ends; a ceiling bounds the upper ends; floors with ceilings
  give no bound.
"""

from __future__ import annotations

import json

import pytest

from targets_cli.__main__ import main

DISTRICTS = ("甲区", "乙区", "丙区")


def _data(tmp_path, parts: list[tuple[str, str]]) -> str:
    """A city with three districts; `parts` are (district's figure as TOML, quote)."""
    text = "。".join(quote for _, quote in parts) + "。"
    (tmp_path / "src.txt").write_text(text, encoding="utf-8")
    orgs = '[[orgs]]\nid = "某市"\nkind = "city"\nname_en = "City"\n'
    for n, name in enumerate(DISTRICTS):
        orgs += f'\n[[orgs]]\nid = "{name}"\nkind = "district"\nparent = "某市"\nname_en = "D{n}"\n'
    targets = ""
    for n, (fields, quote) in enumerate(parts):
        targets += (
            f'\n[[targets]]\nid = "part-{n}"\norg = "{DISTRICTS[n]}"\nmetric = "项目"\n'
            f'unit = "个"\nperiod = "2024"\nsource = "s"\nquote = "{quote}"\n{fields}\n'
        )
    path = tmp_path / "t.toml"
    path.write_text(
        '[[sources]]\nid = "s"\nfile = "src.txt"\ntitle = "t"\nyear = 2024\n\n'
        + orgs
        + '\n[[metrics]]\nname = "项目"\nname_en = "Projects"\ndimension = "count"\n'
        'additive = true\ncategory = "investment"\n' + targets,
        encoding="utf-8",
    )
    return str(path)


def _sum(capsys, data: str, *extra: str) -> str:
    code = main(["sum", "--metric", "项目", "--data", data, *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def total(capsys, data: str) -> tuple:
    doc = json.loads(_sum(capsys, data, "--json"))
    return doc["total"], doc["total_max"], doc["comparator"]


def lines(capsys, data: str, lang: str) -> str:
    return _sum(capsys, data, "--format", "table", "--lang", lang)


EXACT = ('value = 60\ncomparator = "="', "甲区项目60个")
AT_LEAST = ('value = 52\ncomparator = ">="\nwording = "以上"', "乙区项目52个以上")
MORE_THAN = ('value = 50\ncomparator = ">"\nwording = "超"', "丙区项目超50个")


def test_the_bundled_example_is_more_than_162(capsys, monkeypatch):
    monkeypatch.delenv("TARGETS_DATA", raising=False)
    code = main(["sum", "--metric", "超亿元项目", "--json"])
    doc = json.loads(capsys.readouterr().out)
    # 台山 60 + 开平 52个以上 + 江海 超50个: 60 + 52 + 50 = 162, and more than it
    assert code == 0
    assert (doc["total"], doc["comparator"], doc["unit"]) == (162, ">", "个")


def test_exact_floor_and_strict_floor_give_more_than(tmp_path, capsys):
    data = _data(tmp_path, [EXACT, AT_LEAST, MORE_THAN])
    assert total(capsys, data) == (162, None, ">")  # 60 + ≥52 + >50
    assert "Total 2024: more than 162 个 from 3 county-level units" in lines(capsys, data, "en")
    assert "合计（2024）：超过 162 个，3 个县级单位" in lines(capsys, data, "zh")


def test_inclusive_floors_give_at_least(tmp_path, capsys):
    data = _data(tmp_path, [EXACT, AT_LEAST])
    assert total(capsys, data) == (112, None, ">=")  # 60 + ≥52
    assert "Total 2024: at least 112 个" in lines(capsys, data, "en")
    assert "合计（2024）：至少 112 个" in lines(capsys, data, "zh")


def test_only_exact_parts_give_an_exact_total(tmp_path, capsys):
    other = ('value = 40\ncomparator = "="', "乙区项目40个")
    data = _data(tmp_path, [EXACT, other])
    assert total(capsys, data) == (100, None, "=")  # 60 + 40
    assert "Total 2024: 100 个 from 2 county-level units" in lines(capsys, data, "en")


def test_strict_floors_alone_give_more_than(tmp_path, capsys):
    other = ('value = 10\ncomparator = ">"\nwording = "超"', "甲区项目超10个")
    data = _data(tmp_path, [other, MORE_THAN])
    assert total(capsys, data) == (60, None, ">")  # >10 + >50


def test_a_range_adds_both_ends(tmp_path, capsys):
    ranged = ('value = 1\nvalue_max = 2\ncomparator = "="', "甲区项目1—2个")
    other = ('value = 3\ncomparator = "="', "乙区项目3个")
    data = _data(tmp_path, [ranged, other])
    assert total(capsys, data) == (4, 5, "=")  # 1—2 + 3 = 4—5
    assert "Total 2024: 4—5 个 from 2 county-level units" in lines(capsys, data, "en")
    assert "合计（2024）：4—5 个" in lines(capsys, data, "zh")


def test_a_range_with_a_floor_is_a_floor_on_the_lower_ends(tmp_path, capsys):
    ranged = ('value = 1\nvalue_max = 2\ncomparator = "="', "甲区项目1—2个")
    data = _data(tmp_path, [ranged, AT_LEAST])
    assert total(capsys, data) == (53, None, ">=")  # 1—2 + ≥52: at least 53, no upper end
    data = _data(tmp_path, [ranged, MORE_THAN])
    assert total(capsys, data) == (51, None, ">")  # 1—2 + >50: more than 51


def test_ceilings_bound_the_upper_ends(tmp_path, capsys):
    ceiling = ('value = 50\ncomparator = "<="\nwording = "不超过"', "甲区项目不超过50个")
    exact = ('value = 30\ncomparator = "="', "乙区项目30个")
    data = _data(tmp_path, [ceiling, exact])
    assert total(capsys, data) == (80, None, "<=")  # ≤50 + 30 = at most 80
    assert "Total 2024: at most 80 个" in lines(capsys, data, "en")
    ranged = ('value = 1\nvalue_max = 2\ncomparator = "="', "乙区项目1—2个")
    data = _data(tmp_path, [ceiling, ranged])
    assert total(capsys, data) == (51, 52, "<=")  # ≤50 + 1—2 = at most 52
    assert "Total 2024: at most 52 个" in lines(capsys, data, "en")
    assert "合计（2024）：至多 52 个" in lines(capsys, data, "zh")


@pytest.mark.parametrize(
    "other",
    [
        ('value = 50\ncomparator = "<="\nwording = "不超过"', "乙区项目不超过50个"),
        ('value = 50\ncomparator = "about"\nwording = "左右"', "乙区项目50个左右"),
    ],
)
def test_a_floor_with_a_ceiling_or_an_estimate_gives_no_bound(tmp_path, capsys, other):
    data = _data(tmp_path, [MORE_THAN, other])
    assert total(capsys, data) == (100, None, None)  # >50 + ≤50 (or ≈50): nothing holds
    assert "Total 2024: 100 个 (mixed bounds)" in lines(capsys, data, "en")
    assert "100 个（上下限混合）" in lines(capsys, data, "zh")


def test_estimates_with_exact_parts_give_about(tmp_path, capsys):
    about = ('value = 50\ncomparator = "about"\nwording = "左右"', "乙区项目50个左右")
    data = _data(tmp_path, [EXACT, about])
    assert total(capsys, data) == (110, None, "about")  # 60 + ≈50
    assert "Total 2024: about 110 个" in lines(capsys, data, "en")
    assert "合计（2024）：约 110 个" in lines(capsys, data, "zh")
