"""Arguments as scripts and people really type them: unknown, empty, long, odd or clashing.

Each gets a one-line message on stderr naming what was wrong (and the closest known
names when there are any), exit code 2, and nothing on stdout; or, when the odd form
plainly means a known name (臺山, ２０２４, a stray space), the same answer as the name.
"""

from __future__ import annotations

import time

import pytest

TARGET = "taishan-projects-100m"


def usage_error(ran) -> str:
    assert ran.code == 2, ran
    assert ran.stdout == ""
    assert "Traceback" not in ran.stderr
    return ran.stderr


def ids(ran) -> list[str]:
    assert ran.code == 0, ran
    return [row["id"] for row in ran.json()]


# ---- unknown names ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--region", "台北"], "unknown region '台北'; did you mean: 台山?"),
        (["list", "--region", "Kaiping City"], "unknown region 'Kaiping City'; did you mean: "),
        (["list", "--org", "市科协"], "unknown org '市科协'; did you mean: 市科技局?"),
        (["list", "--metric", "超亿项目"], "unknown metric '超亿项目'; did you mean: 超亿元项目"),
        (["show", "taishan-projects"], "unknown target id 'taishan-projects'; did you mean: "),
        (["list", "--period", "2023"], "unknown period '2023'; did you mean: "),
        (["list", "--period", "2030-2033"], "did you mean: 2030-2032"),
        (["list", "--firmness", "确定"], "unknown firmness '确定'; did you mean: 确保"),
        (["list", "--category", "invest"], "unknown category 'invest'; did you mean: investment"),
        (["compare", "台山", "开封"], "unknown region '开封'; did you mean: 开平"),
        (["sum", "--metric", "工业投入"], "unknown metric '工业投入'; did you mean: 工业投资"),
    ],
)
def test_unknown_names_are_answered_with_the_closest_known_ones(run, args, message):
    assert message in usage_error(run(*args))


@pytest.mark.parametrize(
    ("args", "known"),
    [
        (["list", "--category", "zzz"], "known: economy, investment, industry"),
        (["list", "--kind", "zzz"], "known: target, milestone"),
        (["list", "--firmness", "zzz"], "known: 确保, 力保, 力争"),
        (["list", "--region", "zzz"], "known: 江门市, 江门, Jiangmen"),
        (["show", "zzz"], "known: fagai-"),
    ],
)
def test_a_name_like_nothing_known_is_answered_with_the_known_names(run, args, known):
    assert known in usage_error(run(*args))


def test_an_unknown_format_lists_the_formats(run):
    stderr = usage_error(run("list", "--format", "xml"))
    assert "Invalid value for '--format'" in stderr
    for name in ("table", "tsv", "csv", "json", "jsonl"):
        assert f"'{name}'" in stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--sort", "size"], "cannot sort by 'size'; choose one of source, region"),
        (["list", "--lang", "fr"], "--lang is 'fr'; choose zh or en"),
        (["list", "--nope"], "No such option: --nope"),
        (["sum"], "Missing option '--metric'"),
        (["show"], "Missing argument 'ID'"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_other_usage_errors_exit_2(run, args, message):
    assert message in usage_error(run(*args))


# ---- empty strings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--region", ""], "empty region; give one of: 江门市"),
        (["list", "--region", "   "], "empty region; give one of: "),
        (["list", "--region", "\u200b"], "empty region; give one of: "),
        (["list", "--org", ""], "empty org; give one of: "),
        (["list", "--metric", ""], "empty metric; give one of: "),
        (["list", "--period", ""], "empty period; give one of: 2024"),
        (["list", "--category", ""], "empty category; give one of: economy"),
        (["list", "--firmness", ""], "empty firmness; give one of: "),
        (["list", "--search", ""], "--search is empty"),
        (["list", "--search", " \t"], "--search is empty"),
        (["show", ""], "empty target id; give one of: fagai-"),
        (["sum", "--metric", ""], "empty metric; give one of: "),
        (["compare", ""], "empty region; give one of: "),
    ],
)
def test_empty_strings_are_usage_errors_that_say_what_is_wanted(run, args, message):
    stderr = usage_error(run(*args))
    assert stderr.startswith("targets: error: ")
    assert message in stderr


# ---- very long strings --------------------------------------------------------------

LONG = 100_000


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--region", "台" * LONG],
        ["list", "--org", "x" * LONG],
        ["list", "--metric", "超亿元项目" * (LONG // 5)],
        ["list", "--period", "2" * LONG],
        ["list", "--firmness", "确" * LONG],
        ["show", "taishan-" * (LONG // 8)],
        ["sum", "--metric", "增长" * (LONG // 2)],
    ],
)
def test_a_very_long_name_is_answered_quickly_without_echoing_it(run, args):
    started = time.perf_counter()
    stderr = usage_error(run(*args))
    assert time.perf_counter() - started < 10
    assert f"({len(args[-1])} characters)" in stderr
    assert len(stderr) < 1000


def test_a_very_long_search_finds_nothing_and_says_so(run):
    ran = run("list", "--search", "项" * LONG, "--json")
    assert (ran.code, ran.json()) == (0, [])


# ---- full-width, traditional, stray and invisible characters --------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (["--period", "２０２４"], ["--period", "2024"]),  # full-width digits
        (["--period", "２０３０－２０３２"], ["--period", "2030-2032"]),  # full-width hyphen
        (["--period", "2030—2032"], ["--period", "2030-2032"]),  # a dash, as in 6—8年
        (["--region", "Ｔａｉｓｈａｎ"], ["--region", "Taishan"]),  # full-width letters
        (["--region", "臺山"], ["--region", "台山"]),  # traditional for simplified
        (["--region", "鶴山市"], ["--region", "鹤山市"]),
        (["--region", "開平"], ["--region", "开平"]),
        (["--metric", "超億元項目"], ["--metric", "超亿元项目"]),
        (["--firmness", "確保"], ["--firmness", "确保"]),
        (["--firmness", "爭取"], ["--firmness", "争取"]),
        (["--region", " 台山 "], ["--region", "台山"]),  # stray spaces
        (["--region", "\u3000台山\u3000"], ["--region", "台山"]),  # ideographic spaces
        (["--region", "台\u200b山"], ["--region", "台山"]),  # zero-width space
        (["--region", "\ufeff台山\u200d"], ["--region", "台山"]),  # BOM, zero-width joiner
        (["--region", "TAISHAN"], ["--region", "Taishan"]),
        (["--search", "５２个"], ["--search", "52个"]),
    ],
)
def test_odd_forms_of_a_name_give_the_same_answer_as_the_name(run, typed, meant):
    expected = ids(run("list", *meant, "--json"))
    assert expected
    assert ids(run("list", *typed, "--json")) == expected


@pytest.mark.parametrize(
    "typed",
    ["ｔａｉｓｈａｎ－ｐｒｏｊｅｃｔｓ－１００ｍ", f" {TARGET}\u200b ", f"{TARGET}\n"],
)
def test_odd_forms_of_an_id(run, typed):
    ran = run("show", typed, "--json")
    assert ran.code == 0, ran
    assert ran.json()["id"] == TARGET


def test_compare_takes_odd_forms_and_counts_a_region_once(run):
    plain = run("compare", "台山", "开平", "--json")
    odd = run("compare", "臺山", " 台山市 ", "Ｋａｉｐｉｎｇ", "--json")
    assert odd.code == plain.code == 0
    assert odd.json() == plain.json()


def test_full_width_punctuation_around_a_name_gets_the_name_suggested(run):
    stderr = usage_error(run("list", "--metric", "超亿元项目，"))
    assert "did you mean: 超亿元项目" in stderr


def test_an_unknown_traditional_name_is_answered_with_the_simplified_one(run):
    stderr = usage_error(run("list", "--region", "臺山縣"))  # 台山 was never a 县 here
    assert "did you mean: 台山" in stderr


# ---- conflicting options ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "tsv", "table", "jsonl"])
def test_json_and_another_format_conflict(run, fmt):
    stderr = usage_error(run("list", "--json", "--format", fmt))
    assert f"--json conflicts with --format {fmt}; give one of them" in stderr


def test_json_with_format_json_agrees(run):
    ran = run("list", "--json", "--format", "json", "--region", "台山")
    assert ran.code == 0 and len(ran.json()) == 9


def test_filters_that_exclude_each_other_give_an_empty_result_not_an_error(run):
    ran = run("list", "--region", "台山", "--region", "开平", "--org", "市科技局", "--json")
    assert (ran.code, ran.json()) == (0, [])
    ran = run("list", "--kind", "milestone", "--firmness", "ensure", "--json")
    assert ran.code == 0 and all(t["kind"] == "milestone" for t in ran.json())
