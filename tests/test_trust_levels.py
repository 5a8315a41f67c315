"""Impossible level trees and restatements fail `check` and every command (issue 18).

Each test copies the bundled data and makes one mutation; the expected line is the
line of the mutated key, found in the mutated text. In the bundled data 江门市 is the
one city, the seven county-level units have parent = "江门市", and two targets restate
another: enping-gdp-growth-headline (same_as enping-gdp-growth) and
xinhui-wanmu-parks-named (same_as xinhui-wanmu-parks).
"""

from __future__ import annotations

import shutil

import pytest

from targets_cli.data.loading import bundled_data


def mutated(tmp_path, old: str, new: str):
    """A copy of the bundled data with `old` (found exactly once) replaced by `new`."""
    folder = tmp_path / "data"
    shutil.copytree(bundled_data().parent, folder)
    path = folder / "targets.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder, path


def line_of(path, needle: str, after: str = "") -> int:
    """The 1-based line of `needle`, the first at or after the line holding `after`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n in range(start, len(lines)) if needle in lines[n]) + 1


def failing_check(run, folder):
    ran = run("check", "--data", str(folder), "--no-cache")
    assert ran.code == 1, ran
    assert "Traceback" not in ran.stderr
    # data problems are exit 1 for every command, not only check
    summed = run("sum", "--metric", "超亿元项目", "--data", str(folder))
    assert summed.code == 1 and "Traceback" not in summed.stderr
    return ran.stderr


TAISHAN = 'id = "台山市"\nkind = "county-city"\nparent = "江门市"'
JIANGMEN = 'id = "江门市"\nkind = "city"\nparent = "广东省"\n'


def test_the_bundled_data_passes(run):
    ran = run("check", "--no-cache")
    assert ran.code == 0, ran


def test_an_org_that_is_its_own_parent(run, tmp_path):
    folder, path = mutated(tmp_path, TAISHAN, TAISHAN.replace('"江门市"', '"台山市"'))
    stderr = failing_check(run, folder)
    line = line_of(path, 'parent = "台山市"')
    problem = next(p for p in stderr.splitlines() if f"targets.toml:{line}:" in p)
    assert "[台山市]" in problem and "itself" in problem
    # what would be right: a county-level city's parent is the city
    assert "a county-city's parent is a city" in problem and "江门市" in problem


def test_a_city_made_a_district_under_one_of_its_districts(run, tmp_path):
    # 江门市 becomes a district under 蓬江区, whose parent is 江门市: a circle, and every
    # other unit now sits under a district
    folder, path = mutated(
        tmp_path, JIANGMEN, 'id = "江门市"\nkind = "district"\nparent = "蓬江区"\n'
    )
    stderr = failing_check(run, folder)
    line = line_of(path, 'parent = "蓬江区"')
    problem = next(p for p in stderr.splitlines() if f"targets.toml:{line}:" in p)
    assert "[江门市]" in problem and "circle" in problem and "蓬江区" in problem
    kaiping = line_of(path, 'parent = "江门市"', after='id = "开平市"')
    problem = next(p for p in stderr.splitlines() if f"targets.toml:{kaiping}:" in p)
    assert "[开平市]" in problem and "is a district" in problem
    assert "a county-city's parent is a city" in problem


def test_a_longer_circle_of_parents(run, tmp_path):
    # 台山市 under 开平市 and 开平市 under 台山市: each of them is in the circle
    folder, path = mutated(tmp_path, TAISHAN, TAISHAN.replace('"江门市"', '"开平市"'))
    text = path.read_text(encoding="utf-8")
    kaiping = 'id = "开平市"\nkind = "county-city"\nparent = "江门市"'
    path.write_text(text.replace(kaiping, kaiping.replace('"江门市"', '"台山市"')), "utf-8")
    stderr = failing_check(run, folder)
    circles = [p for p in stderr.splitlines() if "circle" in p]
    assert {"[台山市]" in p for p in circles} == {True, False}
    assert len(circles) == 2 and any("[开平市]" in p for p in circles)


def test_a_county_under_a_county(run, tmp_path):
    # 台山市 (a county-level city) under 开平市, another: no level above it
    folder, path = mutated(tmp_path, TAISHAN, TAISHAN.replace('"江门市"', '"开平市"'))
    stderr = failing_check(run, folder)
    line = line_of(path, 'parent = "开平市"')
    problem = next(p for p in stderr.splitlines() if f"targets.toml:{line}:" in p)
    assert "[台山市]" in problem and "'开平市' is a county-city" in problem
    assert "a county-city's parent is a city" in problem and "江门市" in problem


def test_a_city_with_a_parent(run, tmp_path):
    folder, path = mutated(tmp_path, JIANGMEN, JIANGMEN.replace('"广东省"', '"蓬江区"'))
    stderr = failing_check(run, folder)
    line = line_of(path, 'parent = "蓬江区"')
    problem = next(p for p in stderr.splitlines() if f"targets.toml:{line}:" in p)
    # a city may have a parent now (its province, issue 19); under its own district the
    # parents go round in a circle
    assert "[江门市]" in problem and "circle" in problem and "蓬江区" in problem


def test_a_parent_that_does_not_exist(run, tmp_path):
    folder, path = mutated(tmp_path, TAISHAN, TAISHAN.replace('"江门市"', '"江门"'))
    stderr = failing_check(run, folder)
    line = line_of(path, 'parent = "江门"')
    problem = next(p for p in stderr.splitlines() if f"targets.toml:{line}:" in p)
    assert "'江门' is not an org" in problem and "江门市" in problem


ENPING = 'same_as = "enping-gdp-growth"'
XINHUI = 'same_as = "xinhui-wanmu-parks"'


def test_same_as_itself(run, tmp_path):
    folder, path = mutated(tmp_path, ENPING, 'same_as = "enping-gdp-growth-headline"')
    stderr = failing_check(run, folder)
    line = line_of(path, 'same_as = "enping-gdp-growth-headline"')
    problem = next(p for p in stderr.splitlines() if f"targets.toml:{line}:" in p)
    assert "[enping-gdp-growth-headline]" in problem and "itself" in problem


def test_same_as_an_unknown_id_names_the_closest(run, tmp_path):
    folder, path = mutated(tmp_path, XINHUI, 'same_as = "xinhui-wanmu-park"')
    stderr = failing_check(run, folder)
    line = line_of(path, 'same_as = "xinhui-wanmu-park"')
    problem = next(p for p in stderr.splitlines() if f"targets.toml:{line}:" in p)
    assert "'xinhui-wanmu-park' is not a target id" in problem
    assert "did you mean xinhui-wanmu-parks" in problem
    # never the target itself as the closest
    assert "mean xinhui-wanmu-parks-named" not in problem


def test_same_as_a_restatement_names_the_first(run, tmp_path):
    # kaiping-gdp-growth said to restate the headline, which restates enping-gdp-growth:
    # a chain (the figures differ too, but check the chain): point at the first stated
    anchor = 'id = "kaiping-gdp-growth"\n'
    folder, path = mutated(tmp_path, anchor, anchor + 'same_as = "enping-gdp-growth-headline"\n')
    stderr = failing_check(run, folder)
    line = line_of(path, 'same_as = "enping-gdp-growth-headline"')
    problem = next(p for p in stderr.splitlines() if f"targets.toml:{line}:" in p)
    assert "restates 'enping-gdp-growth' in turn" in problem
    assert "same_as = 'enping-gdp-growth'" in problem


def test_same_as_a_circle(run, tmp_path):
    # enping-gdp-growth made to restate its own headline, which restates it
    anchor = 'id = "enping-gdp-growth"\n'
    folder, _ = mutated(tmp_path, anchor, anchor + 'same_as = "enping-gdp-growth-headline"\n')
    stderr = failing_check(run, folder)
    circles = [p for p in stderr.splitlines() if "circle" in p]
    assert len(circles) == 2
    assert any("[enping-gdp-growth]" in p for p in circles)
    assert any("[enping-gdp-growth-headline]" in p for p in circles)


@pytest.mark.parametrize("cache", [True, False])
def test_a_fixed_tree_passes_again(run, tmp_path, cache):
    # the problem goes once the file is put right (the cached index forgets it)
    folder, path = mutated(tmp_path, XINHUI, 'same_as = "xinhui-wanmu-parks-named"')
    flags = () if cache else ("--no-cache",)
    assert run("check", "--data", str(folder), *flags).code == 1
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('same_as = "xinhui-wanmu-parks-named"', XINHUI), "utf-8")
    assert run("check", "--data", str(folder), *flags).code == 0
