"""Issue 18, hangs and tracebacks: each input that hung or broke now gets an answer or
one clear message and a documented exit code."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import targets_command

from targets_cli.data.loading import bundled_data
from targets_cli.rules.drafting import shortest_quote

# ---- scan reads regular files only, and at most as much as a data file ----------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_scan_refuses_a_device_instead_of_reading_it_forever(run, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    ran = run("scan", device)
    assert ran.code == 2
    assert (
        ran.stderr
        == f"targets: error: source {device} is not a regular file, expected a .txt file\n"
    )
    assert ran.stdout == ""


def test_scan_refuses_a_fifo_instead_of_waiting_for_a_writer(run, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # no writer ever opens it: reading it would block for good
    ran = run("scan", str(fifo))
    assert ran.code == 2
    assert (
        ran.stderr == f"targets: error: source {fifo} is not a regular file, expected a .txt file\n"
    )


def test_scan_of_a_folder_says_so(run, tmp_path):
    ran = run("scan", str(tmp_path))
    assert (ran.code, ran.stderr) == (
        2,
        f"targets: error: source {tmp_path} is a folder, expected a .txt file\n",
    )


# ---- shortest_quote: counts that grow with the line, not with its square ---------


class _Counting(str):
    """A text that counts how often it is asked how many times a span occurs in it."""

    calls = 0

    def count(self, *args):  # type: ignore[override]
        _Counting.calls += 1
        return str.count(self, *args)


def _checks(unit: str, times: int) -> tuple[int, tuple[int, int] | None]:
    text = _Counting(unit * times)
    # the figure of the middle repetition: 5% of 增长5%，, 10 of 10个
    at = len(unit) * (times // 2) + next(i for i, c in enumerate(unit) if c.isdigit())
    _Counting.calls = 0
    found = shortest_quote(text, at, at + 2)
    return _Counting.calls, found


@pytest.mark.parametrize("unit", ["增长5%，", "10个"])
def test_shortest_quote_on_repeated_figures_counts_in_proportion_to_the_line(unit):
    small, _ = _checks(unit, 20)
    large, found = _checks(unit, 200)
    # ten times the line: about ten times the counts (it was about a hundred times:
    # every span of every length was counted, 78,912 counts for 200 × 增长5%，)
    assert large <= 20 * small, (small, large)
    # and still the shortest span that occurs once: every copy of the unit repeats the
    # one before, so only a span of about half the line occurs once
    assert found is not None
    assert found[1] - found[0] >= len(unit) * (200 // 2 - 1)


def test_shortest_quote_of_a_sentence_among_many_needs_no_more_counts_for_a_longer_line():
    def sentence(i: int) -> str:
        return f"第{i}区力争产值达到{i + 1000}亿元，"

    counts = []
    for times in (50, 500):
        text = _Counting("".join(sentence(i) for i in range(times)))
        at = text.index("1025亿元")
        _Counting.calls = 0
        found = shortest_quote(text, at, at + len("1025亿元"))
        counts.append(_Counting.calls)
        assert found is not None and text[found[0] : found[1]] == "1025亿元"
    assert counts[1] <= counts[0] + 5, counts


def test_scan_of_the_bundled_source_joined_on_one_line(run, source_text, tmp_path):
    # (it took over a minute: every span of the 19,554-character line was counted)
    one_line = tmp_path / "one-line.txt"
    one_line.write_text(source_text.replace("\n", " "), encoding="utf-8")
    ran = run("scan", str(one_line), "--json")
    assert ran.code == 0, ran.stderr
    drafted = {d["figure"]: d["record"] for d in ran.json()["targets"]}
    # line 93 of the source: 力争科技人才总量达到5.7万人。
    talent = drafted["5.7万人"]
    assert (talent["value"], talent["unit"], talent["wording"]) == (5.7, "万人", "达到")
    assert talent["quote"] in source_text  # a quote never spans the joined lines' seams
    # line 9: 全力推动市重点项目完成1300亿元投资
    assert drafted["1300亿元"]["quote"] == "全力推动市重点项目完成1300亿元投资"


# ---- a data file of one long array: bounded, and its problems found in linear time ----


def test_a_data_file_of_one_huge_array_is_refused_at_its_line(run, tmp_path):
    # (50 MB of this took 65 s and 2.1 GB; 200 KB is enough to pass the bound)
    data = tmp_path / "array.toml"
    data.write_text("format = 1\n\nx = [" + "1, " * 100_001 + "1]\n", encoding="utf-8")
    ran = run("check", "--data", str(data), "--no-cache")
    assert ran.code == 1
    assert f"{data}:3: more than 100,000 commas by this line" in ran.stdout + ran.stderr
    listed = run("list", "--data", str(data))
    assert listed.code == 1
    assert listed.stderr.startswith(f"targets: error: {data}:3: more than 100,000 commas")


def test_many_commas_in_prose_are_not_taken_for_a_huge_array(run, tmp_path):
    # 110,000 commas at one in 40 characters, as English notes write them: a large file
    # of records, not one array; it is read (it holds no records), not refused
    data = tmp_path / "notes.toml"
    line = "# a note, as a curator writes one in English, runs on\n"
    assert line.count(",") == 2 and len(line) == 54
    data.write_text("format = 1\n" + line * 55_000, encoding="utf-8")
    ran = run("check", "--data", str(data), "--no-cache")
    assert (ran.code, ran.stderr) == (0, "")
    assert ran.stdout.startswith("ok: 0 targets")


class _CountingRe:
    """The `re` module as the locator sees it, counting the characters its patterns read."""

    def __init__(self, real):
        self.real, self.read = real, 0

    def __getattr__(self, name):
        return getattr(self.real, name)

    def compile(self, pattern, flags=0):
        compiled, counter = self.real.compile(pattern, flags), self

        class Counted:
            def __getattr__(self, name):
                method = getattr(compiled, name)
                if name not in ("finditer", "search", "match", "findall", "fullmatch"):
                    return method

                def reading(text, pos=0, endpos=None, *rest):
                    counter.read += (len(text) if endpos is None else endpos) - pos
                    return method(text, pos, *((len(text),) if endpos is None else (endpos,)))

                return reading

        return Counted()


def test_the_problems_of_a_long_array_read_the_file_a_few_times(run, tmp_path, monkeypatch):
    # each problem's line was looked for by reading the whole file again: 20,000 entries
    # took 5 s (2,000 took 0.1 s). Counted, not timed: what the locator's patterns read.
    import re

    from targets_cli.data import locating

    counting = _CountingRe(re)
    monkeypatch.setattr(locating, "_compiled", counting.compile)
    data = tmp_path / "entries.toml"
    data.write_text("format = 1\ntargets = [" + ", ".join(["1"] * 20_000) + "]\n", "utf-8")
    ran = run("check", "--data", str(data), "--no-cache", "--json")
    # every entry is a problem, found at the line of `targets =`
    problems = ran.json()
    assert ran.code == 1 and len(problems) == 20_000
    assert {(p["line"], p["problem"]) for p in problems} == {
        (2, "[[targets]] entry is not a table")
    }
    # the file read a few times over, not once for each of its 20,000 problems
    assert 0 < counting.read <= 4 * data.stat().st_size, counting.read


# ---- names that are not UTF-8, folders a thousand deep ---------------------------


def _copy_data(folder: Path) -> Path:
    shutil.copytree(bundled_data().parent, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def test_a_data_file_named_in_gbk_is_named_safely_and_not_skipped(run, tmp_path):
    data = _copy_data(tmp_path / "data")
    # 江门 saved under GBK: the bytes are not UTF-8 (this was a UnicodeEncodeError)
    (data / os.fsdecode(b"\xbd\xad\xc3\xc5.toml")).write_text("format = 1\n", encoding="utf-8")
    for command in (["list"], ["check", "--no-cache"], ["sum", "--metric", "GDP", "--json"]):
        ran = run(*command, "--data", str(data))
        assert ran.code == 1, (command, ran)
        assert ran.stderr == (
            f"targets: error: {data}/\\xbd\\xad\\xc3\\xc5.toml: the name is not UTF-8 "
            "(written in another encoding, as GBK?); rename it\n"
        )
        assert ran.stdout == ""


def test_a_source_named_in_gbk_is_scanned_and_named_with_escapes(run, tmp_path, source_text):
    source = tmp_path / os.fsdecode(b"\xbd\xad.txt")
    source.write_text(source_text, encoding="utf-8")
    ran = run("scan", str(source))
    assert ran.code == 0, ran.stderr
    assert ran.stdout.startswith(f"# Drafted by targets scan from {tmp_path}/\\xbd\\xad.txt: ")
    missing = run("scan", os.fsdecode(b"\xbd\xad\xc3.txt"))
    assert (missing.code, missing.stderr) == (
        2,
        "targets: error: source \\xbd\\xad\\xc3.txt does not exist\n",
    )


def test_data_1100_folders_deep_is_read(run, tmp_path):
    deep = tmp_path
    for _ in range(1_100):  # (os.walk of Python 3.11 recursed: RecursionError)
        deep = deep / "d"
        deep.mkdir()  # (one at a time: mkdir(parents=True) recurses too)
    try:
        _copy_data(deep / "data")
        ran = run("list", "--data", str(tmp_path), "--restatements", "--json")
        assert ran.code == 0, ran.stderr[-500:]
        assert len(ran.json()) == 121  # the bundled data's [[targets]] entries
        assert run("check", "--data", str(tmp_path)).code == 0
    finally:  # pytest's own removal (shutil.rmtree) recurses: it would fail at the end
        shutil.rmtree(deep / "data", ignore_errors=True)
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


# ---- closed pipes and a closed stderr ----------------------------------------------


def _environment() -> dict[str, str]:
    # buffered, as in a terminal session: with PYTHONUNBUFFERED the pipe broke at print
    return {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


@pytest.mark.parametrize("args", [["--version"], ["list", "--json"], ["--help"]])
def test_a_closed_pipe_is_exit_141_without_a_word(args):
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before the first byte: no race
    try:
        ran = subprocess.run(
            [*targets_command(), *args],
            stdout=writing,
            stderr=subprocess.PIPE,
            env=_environment(),
            timeout=120,
        )
    finally:
        os.close(writing)
    assert (ran.returncode, ran.stderr) == (141, b"")  # --version was 120 and a traceback


@pytest.mark.parametrize(
    ("args", "code"), [(["list", "--region", "nowhere"], 2), (["list", "--bogus"], 2)]
)
def test_an_error_with_stderr_closed_is_never_written_to_stdout(args, code):
    command = " ".join(shlex.quote(part) for part in [*targets_command(), *args])
    ran = subprocess.run(
        ["sh", "-c", f"exec {command} 2>&-"],
        capture_output=True,
        env=_environment(),
        timeout=120,
    )
    assert (ran.returncode, ran.stdout) == (code, b"")  # it printed the error on stdout


# ---- values shown as TOML writes them; sources with Windows line ends ---------------


@pytest.mark.parametrize(
    "written",
    ["07:32:00", "1979-05-27", "1979-05-27T07:32:00", "1979-05-27T07:32:00Z", "[true, 07:32:00]"],
)
def test_a_date_or_time_where_text_belongs_is_shown_as_written(run, tmp_path, written):
    data = _copy_data(tmp_path / "data")
    toml = data / "targets.toml"
    lines = toml.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("wording = "))
    lines[at] = f"wording = {written}"
    toml.write_text("\n".join(lines), encoding="utf-8")
    ran = run("check", "--data", str(data), "--no-cache")
    assert ran.code == 1
    # (07:32:00 was shown as datetime.time(7, 32))
    assert f"targets.toml:{at + 1}: [" in ran.stderr
    assert f"'wording' must be a string, not {written}\n" in ran.stderr


def test_a_source_saved_with_windows_line_ends_checks_as_the_same_text(run, tmp_path):
    data = _copy_data(tmp_path / "data")
    source = data / "sources" / "jiangmen-2024-pledges.txt"
    text = source.read_bytes()
    assert b"\r" not in text
    source.write_bytes(text.replace(b"\n", b"\r\n"))
    # the not_targets entry of 蓬江's headline quotes three lines: 劳茂昌：, a blank, the
    # headline; it was "not found verbatim" with CRLF line ends
    for cache in ([], ["--no-cache"]):
        ran = run("check", "--data", str(data), *cache)
        assert (ran.code, ran.stdout) == (
            0,
            f"ok: 121 targets, 12 orgs, 71 metrics, 4 sources in {data / 'targets.toml'}\n"
            "not checked for completeness: 3 cited sources (text not bundled): "
            "guangdong-2024-report-nandu, guangdong-2024-report-dotdot, "
            "jiangmen-2024-report-kaiping\n",
        ), ran.stdout
    drafted = run("scan", str(source), "--data", str(data))
    assert drafted.code == 0 and "\r" not in drafted.stdout
