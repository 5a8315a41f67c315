"""Arguments as scripts and people really type them: unknown, empty, long, odd or clashing.

Each gets a one-line message on stderr naming what was wrong (and the closest known
names when there are any), exit code 2, and nothing on stdout; or, when the odd form
plainly means a known name (臺山, ２０２４, a stray space), the same answer as the name.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

TARGET = "taishan-projects-100m"
REPO_FILE = Path("d.toml")


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
        (["list", "--region", "zzz"], "known: 广东省, 广东, Guangdong, 江门市, 江门, Jiangmen"),
        (["show", "zzz"], "known: enping-gdp-growth, "),  # the ids in order
    ],
)
def test_a_name_like_nothing_known_is_answered_with_the_known_names(run, args, known):
    assert known in usage_error(run(*args))


def test_an_unknown_format_lists_the_formats(run):
    stderr = usage_error(run("list", "--format", "xml"))
    assert stderr == "targets: error: --format is 'xml'; choose table, tsv, csv, json or jsonl\n"


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
        (["list", "--region", ""], "empty region; give one of: 广东省, 广东, Guangdong, 江门市"),
        (["list", "--region", "   "], "empty region; give one of: "),
        (["list", "--region", "\u200b"], "empty region; give one of: "),
        (["list", "--org", ""], "empty org; give one of: "),
        (["list", "--metric", ""], "empty metric; give one of: "),
        (["list", "--period", ""], "--period is ''; give a year (1900–2100) such as 2024"),
        (["list", "--category", ""], "empty category; give one of: economy"),
        (["list", "--firmness", ""], "empty firmness; give one of: "),
        (["list", "--search", ""], "--search is empty"),
        (["list", "--search", " \t"], "--search is empty"),
        (["show", ""], "empty target id; give one of: enping-gdp-growth, "),
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
# These answers take milliseconds; the bound only turns a hang (a closest-name search
# quadratic in a 100,000-character word) into a failure, so a loaded machine cannot
# fail it.
HANG_GUARD_S = 120


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
    assert time.perf_counter() - started < HANG_GUARD_S
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
    # 台山市's targets in the source: 13支人才队伍, the two sets of 3大专业产业园, 争创省级高新区,
    # 省级特色园区, 省级外贸转型升级基地, 助推大广海湾经济区上升为大湾区新的国家级平台,
    # 引进超亿元项目60个, 总投资超300亿元, 规上工业总产值超800亿元: 10
    assert ran.code == 0 and len(ran.json()) == 10


def test_filters_that_exclude_each_other_give_an_empty_result_not_an_error(run):
    ran = run("list", "--region", "台山", "--region", "开平", "--org", "市科技局", "--json")
    assert (ran.code, ran.json()) == (0, [])
    ran = run("list", "--kind", "milestone", "--firmness", "ensure", "--json")
    assert ran.code == 0 and all(t["kind"] == "milestone" for t in ran.json())


# ---- a single-value option given twice (issue 15, item 17) ---------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["sum", "--metric", "超亿元项目", "--metric", "工业投资"],
            "--metric takes one value, but is given twice: '超亿元项目' and '工业投资'",
        ),
        (
            ["sum", "-m", "超亿元项目", "--metric=工业投资", "--json"],
            "--metric takes one value, but is given twice: '超亿元项目' and '工业投资'",
        ),
        (
            ["list", "--format", "csv", "--format", "json"],
            "--format takes one value, but is given twice: 'csv' and 'json'",
        ),
        (
            ["list", "-f", "csv", "-fjson", "--format", "tsv"],
            "--format takes one value, but is given 3 times: 'csv', 'json' and 'tsv'",
        ),
        (
            ["show", "x", "--lang", "zh", "--lang", "en"],
            "--lang takes one value, but is given twice",
        ),
        (["list", "--sort", "value", "--sort", "id"], "--sort takes one value, but is given twice"),
        (["list", "--search", "a", "-s", "b"], "--search takes one value, but is given twice"),
        (["coverage", "--data", "a", "--data", "b"], "--data takes one value, but is given twice"),
        (
            ["export", "x.db", "-f", "sqlite", "-f", "json"],
            "--format takes one value, but is given twice: 'sqlite' and 'json'",
        ),
        (["serve", "--port", "1", "--port", "2"], "--port takes one value, but is given twice"),
    ],
)
def test_a_single_value_option_given_twice_is_a_usage_error_naming_both(run, args, message):
    stderr = usage_error(run(*args))
    assert stderr == f"targets: error: {message}" + stderr.removeprefix(
        f"targets: error: {message}"
    )
    assert stderr.count("\n") == 1


def test_a_repeatable_option_keeps_every_value(run):
    both = run("list", "--region", "台山", "--region", "开平", "--json")
    one = run("list", "--region", "台山", "--json")
    assert both.code == one.code == 0
    assert len(both.json()) > len(one.json())


# ---- long values of the command line's own options (issue 15, item 16) ----------------


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["list", "--sort", "s" * LONG], "targets: error: cannot sort by 'sss"),
        (["list", "--lang", "l" * LONG], "targets: error: --lang is 'lll"),
        (["sum", "--metric", "超亿元项目", "--lang", "l" * LONG], "targets: error: --lang is 'lll"),
        (["list", "--format", "f" * LONG], "targets: error: --format is 'fff"),
        (["export", "out.db", "--format", "f" * LONG], "targets: error: --format is 'fff"),
        (["scan", "a.txt", "--format", "f" * LONG], "targets: error: --format is 'fff"),
        (["serve", "--port", "9" * LONG], "targets: error: --port is '999"),
        (["schema", "x" * LONG], "Usage: targets schema [OPTIONS]"),
        (["list", "--" + "x" * LONG], "Usage: targets list [OPTIONS]"),
        (["x" * LONG], "Usage: targets [OPTIONS] COMMAND [ARGS]..."),
    ],
    ids=lambda x: x if isinstance(x, str) else " ".join(a[:12] for a in x),
)
def test_a_long_value_is_echoed_cut_to_80_characters(run, args, start):
    started = time.perf_counter()
    stderr = usage_error(run(*args))
    assert time.perf_counter() - started < HANG_GUARD_S
    assert stderr.startswith(start)
    assert f"… ({LONG + 2 * args[-1].startswith('--')} characters)" in stderr
    assert len(stderr) < 600
    assert "x" * 81 not in stderr and "f" * 81 not in stderr


def test_a_wrong_choice_is_quoted_as_typed(run):
    stderr = usage_error(run("list", "--sort", "size\x1b[2J"))
    assert stderr.startswith("targets: error: cannot sort by 'size\\x1b[2J'; choose one of ")


# ---- --data as the data layer sees it (issue 15, item 17) ---------------------------


def _unprivileged() -> list[str]:
    """What runs a command so that file permissions hold: root reads every file, so
    root gives up the capabilities that let it (setpriv, from util-linux)."""
    import os
    import shutil

    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root reads every file, and setpriv is not here to stop it")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def test_an_unreadable_data_file_is_the_data_layer_s_message(tmp_path, data_file):
    import os
    import subprocess
    import sys

    from conftest import REPO

    locked = tmp_path / "targets.toml"
    locked.write_bytes(data_file.read_bytes())
    locked.chmod(0)
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_DATA"}
    for args in (["list", "--data", str(locked), "--json"], ["check", str(locked)]):
        ran = subprocess.run(
            [*_unprivileged(), sys.executable, "-m", "targets_cli", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
        )
        assert ran.returncode == 1, ran
        assert f"{locked}: cannot read: Permission denied" in ran.stderr, ran
        assert "Invalid value" not in ran.stderr and "Traceback" not in ran.stderr


def test_a_missing_data_file_is_the_data_layer_s_message(run, tmp_path):
    missing = tmp_path / "no" / "such.toml"
    for args in (["list", "--data", str(missing), "--json"], ["export", "o.db", "-f", "json",
                 "--data", str(missing)], ["check", str(missing)]):  # fmt: skip
        ran = run(*args)
        assert ran.code == 1, ran
        assert f"{missing}: no such data file or folder" in ran.stderr
        assert "Invalid value" not in ran.stderr


def test_a_data_path_with_a_name_over_255_bytes_is_a_message(run):
    ran = run("list", "--data", "d" * 300 + ".toml", "--json")
    assert ran.code in (1, 2), ran
    assert "Traceback" not in ran.stderr and "Invalid value" not in ran.stderr
    assert len(ran.stderr) < 600


# ---- odd terminals and shells (issue 15, item 11) -----------------------------------


@pytest.mark.parametrize("name", ["COLUMNS", "LINES", "TERMINAL_WIDTH"])
def test_a_terminal_size_that_is_no_number_is_as_good_as_none(run, name):
    plain = run("list", "--region", "台山", "--format", "table", env={"COLUMNS": None})
    odd = run("list", "--region", "台山", "--format", "table", env={"COLUMNS": None, name: "²"})
    assert odd.code == plain.code == 0, odd
    assert (odd.stdout, odd.stderr) == (plain.stdout, plain.stderr)
    assert run("--help", env={name: "²"}).code == 0


def _complete(env: dict[str, str]):
    import os
    import subprocess
    import sys

    from conftest import REPO

    base = {k: v for k, v in os.environ.items() if k not in ("TARGETS_DATA", "COMP_WORDS")}
    return subprocess.run(
        [sys.executable, "-m", "targets_cli"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=base | env,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"COMP_WORDS": "targets list -r 台", "COMP_CWORD": "x"},
        {"COMP_CWORD": "3"},  # no COMP_WORDS
        {"COMP_WORDS": "targets list -r 台"},  # no COMP_CWORD
        {"COMP_WORDS": "targets list --format ", "COMP_CWORD": "²"},
    ],
    ids=["COMP_CWORD=x", "no COMP_WORDS", "no COMP_CWORD", "COMP_CWORD=²"],
)
def test_completion_from_words_it_cannot_read_completes_nothing(env):
    ran = _complete({"_TARGETS_COMPLETE": "complete_bash", **env})
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "", "")


@pytest.mark.parametrize("name", ["COLUMNS", "LINES", "TERMINAL_WIDTH"])
@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_completion_with_a_terminal_size_that_is_no_number(name, shell):
    words = {"_TARGETS_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": "targets l"}
    words["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    plain = _complete(words)
    odd = _complete(words | {name: "²"})
    assert odd.returncode == plain.returncode == 0, odd.stderr
    assert (odd.stdout, odd.stderr) == (plain.stdout, plain.stderr)
    assert "list" in odd.stdout


# ---- text from data in messages (issue 15, item 13) ----------------------------------


@pytest.mark.parametrize("path", ["fast", "typer"])
def test_escape_sequences_from_data_are_never_printed_raw_in_errors(
    run, tmp_path, data_file, path, monkeypatch
):
    import shutil

    from targets_cli.cli import fast

    text = data_file.read_text(encoding="utf-8")
    # 台山市's short name carries a title-setting OSC sequence and a screen clear
    assert 'short = "台山"' in text
    tainted = text.replace('short = "台山"', 'short = "台山\\u001b]0;owned\\u0007\\u001b[2J"', 1)
    copy = tmp_path / "targets.toml"
    copy.write_text(tainted, encoding="utf-8")
    shutil.copytree(data_file.parent / "sources", tmp_path / "sources")
    if path == "typer":
        monkeypatch.setattr(fast, "answer", lambda argv: None)
    # the data refuses the name (exit 1), or "did you mean" names it as codes (exit 2)
    ran = run("list", "--region", "台", "--json", "--data", str(copy))
    assert "\x1b" not in ran.stderr + ran.stdout and "\x07" not in ran.stderr + ran.stdout
    assert "Traceback" not in ran.stderr
    if ran.code == 1:
        assert "U+001B" in ran.stderr, ran
    else:
        assert ran.code == 2 and "\\x1b]0;owned\\x07\\x1b[2J" in ran.stderr, ran


@pytest.mark.parametrize("path", ["fast", "typer"])
def test_an_error_message_is_printed_with_its_control_characters_as_codes(run, monkeypatch, path):
    from targets_cli.answers import listing
    from targets_cli.cli import fast
    from targets_cli.errors import DataError, Problem

    def refuses(*args, **kwargs):
        raise DataError([Problem(REPO_FILE, "name '台山\x1b]0;owned\x07' is wrong\u202e")])

    monkeypatch.setattr(listing, "list_report", refuses)
    if path == "typer":
        monkeypatch.setattr(fast, "answer", lambda argv: None)
    ran = run("list", "--json")
    assert (ran.code, ran.stdout) == (1, "")
    assert (
        ran.stderr
        == f"targets: error: {REPO_FILE}: name '台山\\x1b]0;owned\\x07' is wrong\\u202e\n"
    )
