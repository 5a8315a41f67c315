"""Units are data: a [[units]] catalogue in the data files, used by every conversion.

The data is tests/units_fixture.py: 甲市 and its units 乙区 and 丙市, with grain in
万吨 and 吨, two units the bundled catalogue does not have, added by the data alone.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from units_fixture import DATA, SOURCE


@pytest.fixture
def write(tmp_path):
    def write_data(text: str = DATA, source: str = SOURCE) -> Path:
        (tmp_path / "demo.txt").write_text(source, encoding="utf-8")
        path = tmp_path / "targets.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write_data


def line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def test_the_fixture_is_clean(run, write):
    ran = run("check", str(write()))
    assert ran.code == 0, ran.stderr
    assert ran.stdout.startswith("ok: 8 targets, 3 orgs, 6 metrics, 1 source")


def test_a_unit_added_in_the_data_converts_in_sum(run, write):
    ran = run("sum", "--metric", "粮食产量", "--json", "--data", str(write()))
    assert ran.code == 0, ran.stderr
    found = json.loads(ran.stdout)
    # 乙区 30万吨 + 丙市 8000吨 = 300,000 + 8,000 = 308,000 吨 = 30.8 万吨 (the largest
    # unit stated); 甲市's own target is 120万吨 or more: the units cover 30.8/120
    assert found["unit"] == "万吨"
    assert found["total"] == 30.8
    assert [(p["org"], p["value"], p["unit"]) for p in found["parts"]] == [
        ("乙区", 30, "万吨"),
        ("丙市", 8000, "吨"),
    ]


def test_an_alias_is_the_same_unit(run, write):
    # 億元 (traditional) is an alias of 亿元: 甲市 1200億元, 乙区 300亿元: 乙区 covers
    # 300 / 1200 = 0.25 of the city's figure
    source = "甲市今年工业投资达到1200億元。乙区工业投资达到300亿元。\n"
    data = """\
format = 1

[[sources]]
id = "demo"
file = "demo.txt"
title = "demo"
year = 2024

[[orgs]]
id = "甲市"
kind = "city"
name_en = "Jia"

[[orgs]]
id = "乙区"
kind = "district"
parent = "甲市"
name_en = "Yi"

[[metrics]]
name = "工业投资"
name_en = "Industrial investment"
dimension = "amount"
additive = true
category = "investment"

[[units]]
symbol = "亿元"
quantity = "money"
factor = 100_000_000
name_en = "100m yuan"
aliases = ["億元"]

[[targets]]
id = "jia-investment"
org = "甲市"
metric = "工业投资"
value = 1200
unit = "億元"
comparator = "="
wording = "达到"
period = "2024"
source = "demo"
quote = "工业投资达到1200億元"

[[targets]]
id = "yi-investment"
org = "乙区"
metric = "工业投资"
value = 300
unit = "亿元"
comparator = "="
wording = "达到"
period = "2024"
source = "demo"
quote = "工业投资达到300亿元"
"""
    path = write(data, source)
    assert run("check", str(path)).code == 0
    ran = run("sum", "--metric", "工业投资", "--json", "--data", str(path))
    assert ran.code == 0, ran.stderr
    found = json.loads(ran.stdout)
    assert found["total"] == 300
    (city,) = found["subtotals"][0]["city"]
    assert (city["value"], city["unit"], city["share"]) == (1200, "億元", 0.25)


def test_an_unknown_unit_names_the_entry_that_adds_it(run, write):
    # without its [[units]] entry, 万吨 is unknown; 吨 is known (weight, factor 1), so
    # the entry to add is worked out: quantity weight, factor 10000
    text = DATA.replace(
        '[[units]]\nsymbol = "万吨"\nquantity = "weight"\nfactor = 10_000\nname_en = "10k tonnes"\n\n',
        "",
    )
    assert text != DATA
    path = write(text)
    ran = run("check", str(path))
    assert ran.code == 1
    line = line_of(text, 'unit = "万吨"', 'id = "jia-grain"')
    assert f"{path}:{line}: [jia-grain] unknown unit '万吨'; did you mean " in ran.stderr
    assert (
        'If not, add it to [[units]]: symbol = "万吨", quantity = "weight", factor = 10000, '
        'name_en = "…"'
    ) in ran.stderr


def test_an_unknown_traditional_spelling_is_offered_as_an_alias(run, write):
    path = write(DATA.replace('unit = "万吨"', 'unit = "萬吨"', 1))
    ran = run("check", str(path))
    assert ran.code == 1
    assert "unknown unit '萬吨'" in ran.stderr
    assert "add '萬吨' to the aliases of '万吨' in [[units]]" in ran.stderr


def test_a_duplicate_symbol_and_a_factor_of_zero_are_refused(run, write):
    text = DATA.replace("factor = 10_000", "factor = 0").replace(
        '[[targets]]\nid = "jia-grain"',
        '[[units]]\nsymbol = "吨"\nquantity = "weight"\nfactor = 1\nname_en = "t"\n\n'
        '[[targets]]\nid = "jia-grain"',
    )
    path = write(text)
    ran = run("check", str(path))
    assert ran.code == 1
    factor_line = line_of(text, "factor = 0")
    assert (
        f"{path}:{factor_line}: [万吨] factor 0 of unit '万吨' must be more than 0" in ran.stderr
    ), ran.stderr
    first = line_of(text, "[[units]]")
    assert f"duplicate unit symbol or alias '吨'; first defined at {path}:{first}" in ran.stderr


def test_a_unit_of_another_quantity_than_the_metrics_other_targets(run, write):
    # 人次 (visits) for 丙市's grain, where 甲市 and 乙区 give grain in weight
    text = DATA.replace(
        '[[targets]]\nid = "jia-grain"',
        '[[units]]\nsymbol = "人次"\nquantity = "visits"\nfactor = 1\nname_en = "visits"\n\n'
        '[[targets]]\nid = "jia-grain"',
    ).replace('unit = "吨"\n', 'unit = "人次"\n')
    path = write(text)
    ran = run("check", str(path))
    assert ran.code == 1
    line = line_of(text, 'unit = "人次"', 'id = "bing-grain"')
    assert (
        f"{path}:{line}: [bing-grain] unit measures visits, but metric '粮食产量' is given "
        "in weight elsewhere"
    ) in ran.stderr
    assert "use a unit of weight (万吨, 吨), or another metric" in ran.stderr


def test_data_without_units_reads_with_the_bundled_catalogue(run, write):
    # the fixture's grain in 万吨 needs its own units; without any [[units]] the bundled
    # catalogue (万元, 亿元, %, ...) is used, so % is known and 万吨 is not
    start = DATA.index("[[units]]")
    end = DATA.index("[[targets]]")
    text = DATA[:start] + DATA[end:]
    ran = run("check", str(write(text)))
    assert ran.code == 1
    assert "unknown unit '万吨'" in ran.stderr
    assert "unknown unit '%'" not in ran.stderr


def test_the_bundled_data_ships_its_units_and_the_export_lists_them(run, tmp_path):
    bundled = (REPO / "data" / "targets.toml").read_text(encoding="utf-8")
    for symbol in ("元", "万元", "亿元", "人", "名", "万人", "家", "个", "项", "支", "%", "强"):
        assert f'[[units]]\nsymbol = "{symbol}"\n' in bundled
    out = tmp_path / "out.json"
    ran = run("export", "--format", "json", str(out))
    assert ran.code == 0, ran.stderr
    units = json.loads(out.read_text(encoding="utf-8"))["units"]
    rows = {row["symbol"]: row for row in units}
    assert rows["亿元"]["factor"] == 100_000_000 and rows["亿元"]["base_unit"] == "元"


def test_an_added_unit_reaches_the_export(run, write, tmp_path):
    out = tmp_path / "out.json"
    ran = run("export", "--format", "json", str(out), "--data", str(write()))
    assert ran.code == 0, ran.stderr
    units = json.loads(out.read_text(encoding="utf-8"))["units"]
    rows = {row["symbol"]: row for row in units}
    assert rows["万吨"] == {
        "symbol": "万吨",
        "quantity": "weight",
        "factor": 10000,
        "base_unit": "吨",
        "name_en": "10k tonnes",
    }


def test_a_copied_data_folder_with_a_new_unit_needs_no_code(run, tmp_path):
    # docs/curating.md: add 吨 and 万吨 to [[units]], then a target in 万吨 checks
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    path = folder / "targets.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "# ---------------------------------------------------------------- targets",
        '[[units]]\nsymbol = "吨"\nquantity = "weight"\nfactor = 1\nname_en = "tonnes"\n\n'
        '[[units]]\nsymbol = "万吨"\nquantity = "weight"\nfactor = 10_000\n'
        'name_en = "10k tonnes"\n\n'
        "# ---------------------------------------------------------------- targets",
    )
    path.write_text(text, encoding="utf-8")
    ran = run("check", str(path))
    assert ran.code == 0, ran.stderr
