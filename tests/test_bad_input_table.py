"""The bad-input table holds: every row of it is run, as a user would run it.

The rows are read from docs/bad-input.md (the table under its "Bad input" heading, up to
the next heading as high); $BAD_INPUT_TABLE names another file to read them from (the
README of an older version, with its "### Bad input" section). Each row's first cell
is a key of CASES: a function that makes the case in a temporary folder and runs the
real entry point (`python -m targets_cli`, in a process of its own) once for each
message of the row. The test holds each run to the row's exit code, and the n-th run's
stderr to the n-th message of the row: the text in backticks that opens its "what you
get" cell and any more backticked texts after it, with FILE, LINE, COLUMN, ID, SOURCE,
PATH, DIR and "..." standing for whatever the run names there. A cell that does not open
with a message tells what the output is ("read as usual"): its function checks that.

A row without a function fails, and so does a function without a row: a new row needs a
case, and a case whose row is gone is dead.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import folder_state as state
from conftest import terminal_output

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SOURCE = "sources/jiangmen-2024-pledges.txt"
TABLE_ENV = "BAD_INPUT_TABLE"
# A command that would never return fails its row instead of waiting: each run gets this.
PATIENCE_S = 60

# ---- the table ---------------------------------------------------------------------


def table_file() -> Path:
    return Path(os.environ.get(TABLE_ENV) or REPO / "docs" / "bad-input.md")


def _heading(line: str) -> tuple[int, str]:
    """A markdown heading's level and text; (0, "") for a line that is none."""
    found = re.match(r"(#{1,6}) +(.*?) *#* *$", line)
    return (len(found.group(1)), found.group(2)) if found else (0, "")


def _cells(line: str) -> list[str]:
    """A markdown table row's cells: split at | but not at \\|, which stands for |."""
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def table_rows(path: Path) -> list[tuple[str, str, str]]:
    """(bad input, what you get, exit) of each row of the section's table."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(at for at, line in enumerate(lines) if _heading(line)[1] == "Bad input")
    level = _heading(lines[start])[0]
    rows = []
    for line in lines[start + 1 :]:
        if 0 < _heading(line)[0] <= level:
            break
        if not line.lstrip().startswith("|"):
            continue
        cells = _cells(line)
        if all(set(cell) <= set("-: ") for cell in cells) or cells[0] == "bad input":
            continue  # the header and the line under it
        assert len(cells) == 3, f"a row of three cells, not {cells}"
        rows.append((cells[0], cells[1], cells[2]))
    return rows


_PLACEHOLDER = re.compile(r"\b(FILE|LINE|COLUMN|ID|SOURCE|PATH|DIR)\b|\\\.\\\.\\\.")


def messages(what: str) -> list[re.Pattern[str]]:
    """The messages of a "what you get" cell, as patterns; none when it opens otherwise."""
    if not what.startswith("`"):
        return []

    def wildcard(found: re.Match[str]) -> str:
        return r"\d+" if found.group(1) in ("LINE", "COLUMN") else ".+?"

    return [
        re.compile(_PLACEHOLDER.sub(wildcard, re.escape(text)))
        for text in re.findall(r"`([^`]+)`", what)
    ]


# ---- running the tool ---------------------------------------------------------------


class Ran:
    """One run: exit code, stdout (bytes and text), stderr (text)."""

    def __init__(self, code: int, stdout: bytes, stderr: bytes):
        self.code, self.stdout_bytes = code, stdout
        self.stdout = stdout.decode("utf-8", "backslashreplace")
        self.stderr = stderr.decode("utf-8", "backslashreplace")

    def __repr__(self) -> str:
        return f"Ran({self.code}, stdout={self.stdout[:300]!r}, stderr={self.stderr[:600]!r})"


def base_env(tmp: Path, cache: bool = False, **changes: str | None) -> dict[str, str]:
    """The test run's environment without what sets the data, width, colour or locale; a
    private cache folder (used only when `cache`); `changes` on top (None unsets)."""
    dropped = ("TARGETS_DATA", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERMINAL_WIDTH")
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("COMP_")}
    env.update(LANG="C.UTF-8", XDG_CACHE_HOME=str(tmp / "cache"))
    if cache:
        env.pop("TARGETS_NO_CACHE", None)
    else:
        env["TARGETS_NO_CACHE"] = "1"
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def targets(
    tmp: Path,
    *args: str,
    env: dict[str, str] | None = None,
    prefix: tuple[str, ...] = (),
    **options,
) -> Ran:
    """`targets ARGS` in its own process (cwd: the temporary folder)."""
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "targets_cli", *args],
        env=env or base_env(tmp),
        cwd=tmp,
        timeout=PATIENCE_S,
        check=False,
        **options,
    )
    return Ran(done.returncode, done.stdout or b"", done.stderr or b"")


def unprivileged() -> tuple[str, ...]:
    """What runs a command so that file modes hold: root reads every file unless it gives
    up the capabilities that let it (setpriv, from util-linux)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root reads every file, and setpriv is not here to stop it")
    return (setpriv, "--bounding-set", "-dac_override,-dac_read_search")


def copy_data(folder: Path) -> Path:
    """A writable copy of data/ (the data file and its source text); returns the file."""
    shutil.copytree(DATA, folder, dirs_exist_ok=True)
    return folder / "targets.toml"


def edit(path: Path, old: str, new: str, after: str = "") -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text[text.index(after) if after else 0 :], old
    at = text.index(old, text.index(after) if after else 0)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


TAISHAN = 'id = "taishan-projects-100m"'
# The sum a person reads off the source text: 台山 "引进超亿元项目60个", 开平 "新引入超亿元
# 项目52个以上", 江海 "引进亿元以上项目超50个": 60 + 52 + 50 = 162, at least (> and >=).
PROJECTS_TOTAL = 162


def projects_sum(tmp: Path, data: Path, env: dict[str, str]) -> Ran:
    return targets(tmp, "sum", "--metric", "超亿元项目", "--json", "--data", str(data), env=env)


# ---- the cases: files and folders -----------------------------------------------------


def missing_data(tmp: Path) -> list[Ran]:
    missing = tmp / "no" / "such.toml"
    given = targets(tmp, "list", "--data", str(missing), "--json")
    checked = targets(tmp, "check", str(missing))
    assert checked.code == 1 and f"{missing}: no such data file or folder" in checked.stderr
    assert str(missing) in given.stderr
    return given


def no_toml_or_toml_folder(tmp: Path) -> list[Ran]:
    (tmp / "empty").mkdir()
    none = targets(tmp, "check", str(tmp / "empty"))
    data = copy_data(tmp / "d").parent
    (data / "more.toml").symlink_to(tmp / "empty")
    linked = targets(tmp, "check", str(data))
    assert f"{data / 'more.toml'}: is a folder, expected a TOML file" in linked.stderr
    return [none, linked]


def unreadable_data(tmp: Path) -> list[Ran]:
    locked = tmp / "locked.toml"
    shutil.copyfile(DATA / "targets.toml", locked)
    locked.chmod(0)
    given = targets(tmp, "list", "--data", str(locked), "--json", prefix=unprivileged())
    assert f"{locked}: cannot read: Permission denied" in given.stderr
    assert "Invalid value" not in given.stderr  # (not Click's message)
    dangling = tmp / "moved.toml"
    dangling.symlink_to(tmp / "elsewhere.toml")
    linked = targets(tmp, "check", str(dangling))
    assert f"{dangling}: is a link to {tmp / 'elsewhere.toml'}, which does not exist" in (
        linked.stderr
    )
    return [given, linked]


def unreadable_subfolder(tmp: Path) -> Ran:
    data = copy_data(tmp / "d").parent
    hidden = data / "more"
    hidden.mkdir()
    shutil.copyfile(DATA / "targets.toml", hidden / "x.toml")
    hidden.chmod(0)
    try:
        ran = targets(tmp, "check", str(data), prefix=unprivileged())
        summed = targets(
            tmp, "sum", "--metric", "超亿元项目", "--data", str(data), prefix=unprivileged()
        )
    finally:
        hidden.chmod(0o755)
    assert f"{hidden}: cannot read: Permission denied" in ran.stderr
    assert summed.code == 1 and summed.stdout == ""  # not a total short of a row
    return ran


def long_or_closed_path(tmp: Path) -> list[Ran]:
    long = tmp / ("台" * 100) / "targets.toml"  # a part of 300 bytes in UTF-8
    given = targets(tmp, "list", "--data", str(long))
    for other in (
        targets(tmp, "check", str(long)),
        targets(tmp, "list", env=base_env(tmp, TARGETS_DATA=str(long))),
    ):
        assert other.code == 1 and "longer than 255 bytes" in other.stderr, other
    closed = tmp / "closed"
    copy_data(closed)
    closed.chmod(0)
    try:
        shut = targets(tmp, "list", "--data", str(closed / "targets.toml"), prefix=unprivileged())
    finally:
        closed.chmod(0o755)
    assert str(closed / "targets.toml") in shut.stderr
    return [given, shut]


def not_a_regular_file(tmp: Path) -> list[Ran]:
    fifo = tmp / "pipe.toml"
    os.mkfifo(fifo)
    runs = [targets(tmp, "check", str(fifo))]
    for device in ("/dev/urandom", "/dev/zero"):
        ran = targets(tmp, "list", "--data", device, "--json")
        assert ran.code == 1 and f"{device}: is not a regular file" in ran.stderr, ran
    data = copy_data(tmp / "d").parent
    os.mkfifo(tmp / "elsewhere")
    (data / "more.toml").symlink_to(tmp / "elsewhere")
    inside = targets(tmp, "check", str(data))
    assert inside.code == 1 and f"{data / 'more.toml'}: is not a regular file" in inside.stderr
    huge = tmp / "huge.toml"
    with open(huge, "wb") as file:
        file.truncate(300 * 2**20)  # (sparse: no disk used)
    runs.append(targets(tmp, "check", str(huge)))
    return runs


def empty_file(tmp: Path) -> Ran:
    runs = []
    for at, text in enumerate(["", "# to be filled in\n", "\ufeff\n\n"]):
        path = tmp / f"t{at}.toml"
        path.write_text(text, encoding="utf-8")
        runs.append(targets(tmp, "check", str(path)))
        assert runs[-1].code == 1, runs[-1]
        assert f"{path}: holds no data (an empty file?)" in runs[-1].stderr
    return runs[0]


def gbk_file(tmp: Path) -> Ran:
    data = copy_data(tmp / "d")
    data.write_bytes(data.read_text(encoding="utf-8").encode("gbk"))
    return targets(tmp, "check", str(data))


def bom_and_crlf(tmp: Path) -> Ran:
    data = copy_data(tmp / "d")
    text = data.read_text(encoding="utf-8")
    data.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    checked = targets(tmp, "check", str(data))
    assert checked.stdout.startswith("ok: "), checked
    plain = projects_sum(tmp, DATA, base_env(tmp))
    assert projects_sum(tmp, data, base_env(tmp)).stdout == plain.stdout
    assert json.loads(plain.stdout)["total"] == PROJECTS_TOTAL
    return checked


def malformed_toml(tmp: Path) -> list[Ran]:
    data = copy_data(tmp / "d")
    edit(data, "value = 60\n", "value = 60 60\n", after=TAISHAN)
    broken = targets(tmp, "check", str(data))
    deep = tmp / "deep.toml"
    deep.write_text("format = 1\nx = " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    nested = targets(tmp, "check", str(deep))
    assert nested.code == 1 and f"{deep}: malformed TOML" in nested.stderr, nested
    return [broken]


def wrong_type(tmp: Path) -> Ran:
    data = copy_data(tmp / "d")
    edit(data, "value = 60\n", 'value = "sixty"\n', after=TAISHAN)
    return targets(tmp, "check", str(data))


def traditional_word(tmp: Path) -> Ran:
    data = copy_data(tmp / "d")
    edit(
        data,
        'firmness = "争取"\n',
        'firmness = "爭取"\n',
        after='id = "taishan-project-investment"',
    )
    return targets(tmp, "check", str(data))


def impossible_figure(tmp: Path) -> Ran:
    data = copy_data(tmp / "d")
    edit(data, "value = 60\n", "value = nan\n", after=TAISHAN)
    ran = targets(tmp, "check", str(data))
    year = copy_data(tmp / "y")
    edit(year, 'period = "2024"', 'period = "1800"', after=TAISHAN)
    old = targets(tmp, "check", str(year))
    assert old.code == 1 and "period '1800' must lie from 1900 to 2100" in old.stderr, old
    return ran


def odd_periods_format_unit(tmp: Path) -> list[Ran]:
    runs = []
    for name, old, new, after in (
        ("nl", 'period = "2024"', 'period = "2024\\n"', TAISHAN),
        ("span", 'period = "2024"', 'period = "2024-9999"', TAISHAN),
        ("format", "format = 1", "format = true", ""),
        # 台山's 300 亿元 of investment ("总投资超300亿元") written as 万元
        ("unit", 'unit = "亿元"', 'unit = "万元"', 'id = "taishan-project-investment"'),
    ):
        data = copy_data(tmp / name)
        edit(data, old, new, after)
        runs.append(targets(tmp, "check", str(data)))
    data = copy_data(tmp / "float")
    edit(data, "format = 1", "format = 1.0")
    floating = targets(tmp, "check", str(data))
    assert floating.code == 1 and "format is 1.0; this version reads 1" in floating.stderr
    return runs


def escapes_in_data(tmp: Path) -> Ran:
    data = copy_data(tmp / "d")
    edit(data, 'note = "超 belongs', 'note = "\\u001b[2J超 belongs', after=TAISHAN)
    ran = targets(tmp, "check", str(data))
    shown = targets(tmp, "show", "taishan-projects-100m", "--data", str(data))
    assert "\x1b" not in ran.stderr + shown.stdout + shown.stderr
    titled = copy_data(tmp / "t")
    edit(titled, 'short = "台山"', 'short = "台山\\u001b]0;owned\\u0007"')
    short = targets(tmp, "check", str(titled))
    assert short.code == 1 and "'short' holds control or escape characters" in short.stderr
    assert "\x1b" not in short.stderr and "\x07" not in short.stderr
    return ran


MEGABYTE = 1_000_000


def megabyte_text(tmp: Path) -> list[Ran]:
    runs = []
    for name, old, new in (
        ("quote", 'quote = "引进超亿元项目60个"', f'quote = "{"项" * MEGABYTE}"'),
        ("org", 'org = "台山市"', f'org = "{"台" * MEGABYTE}"'),
    ):
        data = copy_data(tmp / name)
        edit(data, old, new, after=TAISHAN)
        runs.append(targets(tmp, "check", str(data)))
        assert len(runs[-1].stderr) < 2000, len(runs[-1].stderr)
    assert "unknown org '" + "台" * 80 + "'… (1000000 characters)" in runs[1].stderr
    return runs


def duplicate_id(tmp: Path) -> list[Ran]:
    data = copy_data(tmp / "d")
    edit(data, 'id = "taishan-project-investment"', TAISHAN)
    within = targets(tmp, "check", str(data))
    folder = copy_data(tmp / "f").parent
    text = (folder / "targets.toml").read_text(encoding="utf-8")
    start = text.rindex("[[targets]]", 0, text.index(TAISHAN))
    block = text[start : text.index("\n[[", start) + 1]
    (folder / "more.toml").write_text(f"format = 1\n\n{block}", encoding="utf-8")
    across = targets(tmp, "check", str(folder))
    assert across.code == 1 and f"first defined at {folder / 'more.toml'}:3" in across.stderr
    return within


def unknown_reference(tmp: Path) -> Ran:
    data = copy_data(tmp / "d")
    edit(data, 'org = "台山市"', 'org = "台山"', after=TAISHAN)
    return targets(tmp, "check", str(data))


def many_unknown_ids(tmp: Path) -> Ran:
    # 21 targets each restating an id that does not exist: the 21st gets no hint, and says so
    data = copy_data(tmp / "d")
    text = data.read_text(encoding="utf-8")
    heads = re.findall(r'(?m)^\[\[targets\]\]\nid = "[^"]+"\n', text)[:21]
    for number, head in enumerate(heads, 1):
        text = text.replace(head, f'{head}same_as = "no-such-target-{number:02d}"\n', 1)
    data.write_text(text, encoding="utf-8")
    return targets(tmp, "check", str(data))


def missing_source(tmp: Path) -> Ran:
    data = copy_data(tmp / "d")
    (data.parent / SOURCE).unlink()
    return targets(tmp, "check", str(data))


def source_not_regular(tmp: Path) -> list[Ran]:
    runs = []
    for name in ("fifo", "device"):
        data = copy_data(tmp / name)
        source = data.parent / "sources" / "odd.txt"
        if name == "fifo":
            os.mkfifo(source)
        else:  # a device node inside the data folder (a link to /dev/zero lies outside it)
            try:
                os.mknod(source, 0o666 | stat.S_IFCHR, os.makedev(1, 5))
            except PermissionError:
                continue  # (only root makes device nodes: the FIFO stands for both)
        edit(data, f'file = "{SOURCE}"', 'file = "sources/odd.txt"')
        runs.append(targets(tmp, "check", str(data)))
    for ran in runs[1:]:
        assert ran.code == 1 and "is not a regular file, expected a text file" in ran.stderr
    return runs[0]


def source_outside(tmp: Path) -> list[Ran]:
    secret = tmp / "secret.txt"
    secret.write_text("绝密 hunter2\n", encoding="utf-8")
    runs = []
    for name, path in (("up", "../secret.txt"), ("device", "/dev/urandom")):
        data = copy_data(tmp / name)
        edit(data, f'file = "{SOURCE}"', f'file = "{path}"')
        out = tmp / f"{name}.json"
        runs.append(targets(tmp, "export", "--format", "json", str(out), "--data", str(data)))
        assert not out.exists()
        assert runs[-1].code == 1 and "lies outside the data folder" in runs[-1].stderr
        assert "hunter2" not in runs[-1].stderr + runs[-1].stdout
    return runs[0]


# ---- the index ----------------------------------------------------------------------------


def _index_of(tmp: Path) -> tuple[Path, dict[str, str], Ran]:
    """A data copy, the environment of its cache, and its answer once the index is built."""
    data = copy_data(tmp / "d")
    env = base_env(tmp, cache=True)
    first = projects_sum(tmp, data, env)
    assert first.code == 0 and json.loads(first.stdout)["total"] == PROJECTS_TOTAL, first
    return data, env, first


def _the_index(tmp: Path) -> Path:
    (found,) = (tmp / "cache" / "targets").glob("index-*.sqlite3")
    return found


def index_edited(tmp: Path) -> Ran:
    data, env, first = _index_of(tmp)
    with sqlite3.connect(_the_index(tmp)) as db:
        changed = db.execute(
            "UPDATE targets SET value = 600 WHERE id = 'taishan-projects-100m'"
        ).rowcount
    assert changed == 1
    ran = projects_sum(tmp, data, env)
    assert ran.stdout == first.stdout
    checked = targets(tmp, "check", str(data), env=env)
    assert checked.code == 0 and projects_sum(tmp, data, env).stdout == first.stdout
    assert "note" not in checked.stderr  # (built again once: the next run trusts it)
    return ran


def index_not_a_database(tmp: Path) -> list[Ran]:
    data, env, first = _index_of(tmp)
    index = _the_index(tmp)
    runs = []
    for damage in ("garbage", "json", "cut"):
        if damage == "garbage":
            index.write_bytes(bytes(range(256)) * 64)
        elif damage == "json":
            index.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        else:
            projects_sum(tmp, data, env)  # (a good index first)
            with open(index, "r+b") as file:
                file.truncate(1000)
        before = index.read_bytes()
        ran = projects_sum(tmp, data, env)
        assert ran.stdout == first.stdout and ran.code == 0, (damage, ran)
        if damage == "cut":  # still marked as an index: ours, damaged
            assert f"note: the index {index} was damaged" in ran.stderr, (damage, ran)
        else:  # not a targets index: never written, moved aside under a name that says so
            aside = Path(f"{index}.not-a-targets-index{'' if damage == 'garbage' else '-2'}")
            assert ran.stderr == (
                f"targets: note: {index} was not a targets index: it was moved, untouched, "
                f"to {aside}\n"
            ), (damage, ran)
            assert aside.read_bytes() == before
        runs.append(ran)
    again = projects_sum(tmp, data, env)
    assert (again.stdout, again.stderr) == (first.stdout, "")  # built again once, then trusted
    return runs  # garbage and JSON moved aside; the cut-short index, still marked, rebuilt


def broken_file_again_and_again(tmp: Path) -> Ran:
    data = copy_data(tmp / "d").parent
    (data / "bad.toml").write_text("format = 1\n[[targets]\n", encoding="utf-8")
    env = base_env(tmp, cache=True)
    runs, sizes = [], []
    for _ in range(3):
        runs.append(targets(tmp, "list", "--data", str(data), env=env))
        sizes.append(sum(p.stat().st_size for p in (tmp / "cache").rglob("*") if p.is_file()))
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "targets_cli", "list", "--data", str(data)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=tmp,
        )
        for _ in range(8)
    ]
    at_once = [process.communicate(timeout=PATIENCE_S) for process in processes]
    problem = f"{data / 'bad.toml'}:2:10: malformed TOML"
    for ran in runs:
        assert ran.code == 1 and problem in ran.stderr and ran.stderr == runs[0].stderr, ran
    for process, (_, stderr) in zip(processes, at_once, strict=True):
        assert process.returncode == 1 and stderr.decode("utf-8") == runs[0].stderr
    files = [p.name for p in (tmp / "cache").rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].startswith("index-"), files
    assert sizes[1] == sizes[2] == (tmp / "cache").joinpath("targets", files[0]).stat().st_size
    return runs[-1]


# ---- the cases: names and options ---------------------------------------------------------


def unknown_name(tmp: Path) -> Ran:
    ran = targets(tmp, "list", "--region", "台北")
    for args in (
        ["list", "--org", "没有这个局"],
        ["sum", "--metric", "没有这个指标"],
        ["show", "no-such-id"],
        ["list", "--period", "3000"],
        ["list", "--category", "nothing"],
        ["list", "--kind", "wish"],
        ["list", "--firmness", "maybe"],
    ):
        other = targets(tmp, *args)
        assert other.code == 2 and other.stderr.startswith("targets: error: "), (args, other)
    assert (
        "known: 广东省, 广东, Guangdong, 江门市" in targets(tmp, "list", "--region", "xyzzy").stderr
    )
    return ran


def unknown_choice(tmp: Path) -> Ran:
    for args, allowed in (
        (["list", "--format", "xml"], "choose table, tsv, csv, json or jsonl"),
        (["list", "--sort", "size"], "choose one of source, region, metric, value"),
        (["list", "--lang", "fr"], "choose zh or en"),
        (["list", "--bogus"], "No such option: --bogus"),
        (["show"], "Missing argument 'ID'"),
    ):
        ran = targets(tmp, *args)
        assert ran.code == 2 and allowed in ran.stderr, (args, ran)
    return ran


def huge_value(tmp: Path) -> Ran:
    long = "x" * 100_000
    first = targets(tmp, "list", "--sort", long)
    for args in (
        ["list", "--lang", long],
        ["list", "--format", long],
        ["export", "out", "--format", long],
        ["schema", long],
    ):
        ran = targets(tmp, *args)
        assert ran.code == 2 and "(100000 characters)" in ran.stderr, (args[:2], ran)
        assert len(ran.stderr) < 400, len(ran.stderr)
    assert len(first.stderr) < 400 and "'" + "x" * 80 + "'…" in first.stderr
    return first


def repeated_option(tmp: Path) -> Ran:
    return targets(tmp, "sum", "--metric", "超亿元项目", "--metric", "工业投资")


def empty_name(tmp: Path) -> Ran:
    ran = targets(tmp, "list", "--region", "")
    search = targets(tmp, "list", "--search", " ")
    assert search.code == 2 and "--search is empty" in search.stderr, search
    return ran


def very_long_name(tmp: Path) -> Ran:
    ran = targets(tmp, "list", "--region", "台" * 30_000)
    assert "unknown region '" + "台" * 80 + "'… (30000 characters)" in ran.stderr
    assert "known: 广东省, 广东, Guangdong, 江门市" in ran.stderr and len(ran.stderr) < 1000
    return ran


def _same_as_plain(tmp: Path, pairs: list[tuple[list[str], list[str]]]) -> Ran:
    for typed, plain in pairs:
        odd = targets(tmp, *typed, "--json")
        meant = targets(tmp, *plain, "--json")
        assert meant.code == 0 and json.loads(meant.stdout), plain
        assert (odd.code, odd.stdout, odd.stderr) == (0, meant.stdout, ""), typed
    return odd


def odd_forms_of_names(tmp: Path) -> Ran:
    return _same_as_plain(
        tmp,
        [
            (["list", "--period", "２０２４"], ["list", "--period", "2024"]),
            (["list", "--region", "Ｔａｉｓｈａｎ"], ["list", "--region", "Taishan"]),
            (["list", "--region", "臺山"], ["list", "--region", "台山"]),
            (["list", "--period", "2030—2032"], ["list", "--period", "2030-2032"]),
            (["list", "--region", " 台山 "], ["list", "--region", "台山"]),
            (["list", "--region", "台\u200b山"], ["list", "--region", "台山"]),
        ],
    )


def direction_marks(tmp: Path) -> Ran:
    return _same_as_plain(
        tmp,
        [
            (["list", "--region", f"台{mark}山"], ["list", "--region", "台山"])
            for mark in ("\u200f", "\u202e", "\ufe0f", "\u2066", "\u061c")
        ],
    )


def json_and_format(tmp: Path) -> Ran:
    return targets(tmp, "list", "--json", "--format", "csv")


# ---- the cases: where the output goes -------------------------------------------------------


def _shell(tmp: Path, script: str) -> Ran:
    command = shlex.join([sys.executable, "-m", "targets_cli"])
    done = subprocess.run(
        ["bash", "-c", script.replace("TARGETS", command)],
        capture_output=True,
        env=base_env(tmp),
        cwd=tmp,
        timeout=PATIENCE_S,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def closed_early(tmp: Path) -> Ran:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader left before the first line
    try:
        ran = targets(tmp, "list", stdout=write_end)
    finally:
        os.close(write_end)
    assert ran.stderr == ""
    piped = _shell(tmp, "set +o pipefail; TARGETS schema | true; exit ${PIPESTATUS[0]}")
    assert (piped.code, piped.stderr) == (141, ""), piped
    head = _shell(tmp, "set +o pipefail; TARGETS list | head -1; exit ${PIPESTATUS[0]}")
    assert head.code in (0, 141) and head.stderr == "" and head.stdout.count("\n") == 1, head
    return ran


def nowhere_to_write(tmp: Path) -> Ran:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    with open("/dev/full", "wb") as full:
        ran = targets(tmp, "list", stdout=full)
    closed = _shell(tmp, "TARGETS list >&-")
    assert closed.code == 4, closed
    assert closed.stderr == "targets: error: cannot write the output: stdout is closed\n"
    return ran


def in_terminal(tmp: Path, *args: str, columns: int, **env: str) -> tuple[int, str]:
    """Run in a pseudo-terminal of `columns`; the exit code and what the screen got."""
    import fcntl
    import pty
    import struct
    import termios

    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "targets_cli", *args],
        stdin=side,
        stdout=side,
        stderr=side,
        env=base_env(tmp, TERM="xterm-256color", **env),
        cwd=tmp,
    )
    os.close(side)
    screen = terminal_output(main)
    code = process.wait(timeout=PATIENCE_S)
    os.close(main)
    return code, screen


ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]")


def narrow_terminal(tmp: Path) -> Ran:
    from rich.cells import cell_len

    code, screen = in_terminal(tmp, "list", "--region", "台山", columns=20)
    plain = ESCAPE.sub("", screen)
    assert max(cell_len(line) for line in plain.splitlines()) <= 20
    listed = json.loads(targets(tmp, "list", "--region", "台山", "--json").stdout)
    for header in ("指标", "目标", "编号"):  # each header beside its value, once a target
        assert plain.count(f"{header} ") == len(listed), header
    return Ran(code, screen.encode(), b"")


TABLES = [
    ["list", "--region", "台山", "--format", "table"],
    ["show", "taishan-projects-100m", "--format", "table"],
    ["compare", "台山", "开平", "--format", "table"],
    ["sum", "--metric", "超亿元项目", "--format", "table"],
]


def odd_sizes(tmp: Path) -> Ran:
    for command in TABLES:
        at_80 = targets(tmp, *command, env=base_env(tmp, COLUMNS="80"))
        assert at_80.code == 0 and at_80.stdout.count("\n") > 3
        for name, value in (("COLUMNS", "0"), ("COLUMNS", "²"), ("LINES", "²"),
                            ("TERMINAL_WIDTH", "²")):  # fmt: skip
            odd = targets(tmp, *command, env=base_env(tmp, **{name: value}))
            assert (odd.code, odd.stdout, odd.stderr) == (0, at_80.stdout, ""), (name, command)
    return odd


def odd_completion(tmp: Path) -> Ran:
    fifo = tmp / "pipe.toml"
    os.mkfifo(fifo)
    plain = targets(tmp, env=base_env(tmp, _TARGETS_COMPLETE="complete_bash",
                                      COMP_WORDS="targets list -r 台", COMP_CWORD="3"))  # fmt: skip
    assert plain.code == 0 and "台山市" in plain.stdout  # (completion does complete)
    for words in (
        {"COMP_WORDS": "targets list -r 台", "COMP_CWORD": "x"},
        {"COMP_CWORD": "3"},
        {"COMP_WORDS": f"targets show --data {fifo} tai", "COMP_CWORD": "4"},
        {"COMP_WORDS": "targets list --format ", "COMP_CWORD": "²", "TERMINAL_WIDTH": "²"},
    ):
        ran = targets(tmp, env=base_env(tmp, _TARGETS_COMPLETE="complete_bash", **words))
        # (bash reads the words of stdout: an empty line is no word)
        assert (ran.code, ran.stdout.strip(), ran.stderr) == (0, "", ""), (words, ran)
    return ran


def no_utf8_locale(tmp: Path) -> Ran:
    plain = targets(tmp, "list", "--region", "台山")
    assert "台山市" in plain.stdout
    for env in ({"LANG": "C"}, {"LANG": "C", "LC_ALL": "C"}, {"PYTHONIOENCODING": "ascii"}):
        ran = targets(tmp, "list", "--region", "台山", env=base_env(tmp, **env))
        assert (ran.code, ran.stdout, ran.stderr) == (0, plain.stdout, ""), env
    return ran


def no_color(tmp: Path) -> Ran:
    command = ("compare", "--metric", "地区生产总值增长")  # (its bars are coloured)
    code, coloured = in_terminal(tmp, *command, columns=100)
    assert code == 0 and COLOUR.search(coloured), "a terminal gets colour"
    code, screen = in_terminal(tmp, *command, columns=100, NO_COLOR="1")
    assert not COLOUR.search(screen) and "恩平" in screen and "█" in screen
    return Ran(code, screen.encode(), b"")


def no_home(tmp: Path) -> Ran:
    home = tmp / "gone"
    plain = targets(tmp, "list", "--region", "台山", "--json")
    for env in ({"HOME": str(home)}, {"HOME": None}):
        ran = targets(
            tmp,
            "list",
            "--region",
            "台山",
            "--json",
            env=base_env(tmp, cache=True, XDG_CACHE_HOME=None, **env),
        )
        assert (ran.code, ran.stdout, ran.stderr) == (0, plain.stdout, ""), env
        assert not home.exists()
    return ran


def redirected(tmp: Path) -> Ran:
    out = tmp / "out.txt"
    with open(out, "wb") as file:
        ran = targets(tmp, "list", "--region", "台山", stdout=file)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id\torg\t") and "\x1b" not in "".join(lines)
    assert all(line.count("\t") == lines[0].count("\t") for line in lines)
    with open(out, "wb") as file:
        targets(tmp, "list", "--region", "台山", "--format", "csv", stdout=file)
    assert out.read_text(encoding="utf-8").startswith("id,org,")
    return ran


# ---- the cases: files the tool writes -------------------------------------------------------


def file_exists(tmp: Path) -> Ran:
    out = tmp / "t.json"
    out.write_text("mine", encoding="utf-8")
    ran = targets(tmp, "export", "--format", "json", str(out))
    assert out.read_text(encoding="utf-8") == "mine"
    return ran


def folder_missing_or_read_only(tmp: Path) -> list[Ran]:
    missing = targets(tmp, "export", "--format", "json", str(tmp / "no" / "t.json"))
    locked = tmp / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        refused = targets(
            tmp, "export", "--format", "json", str(locked / "t.json"), prefix=unprivileged()
        )
    finally:
        locked.chmod(0o755)
    assert list(locked.iterdir()) == []
    return [missing, refused]


def export_over_the_data(tmp: Path) -> list[Ran]:
    data = copy_data(tmp / "d").parent
    before = state(data)
    runs = []
    for fmt, out in (("json", data / "targets.toml"), ("sqlite", data / SOURCE)):
        ran = targets(tmp, "export", "--format", fmt, str(out), "--data", str(data), "--force")
        assert ran.code == 4 and f"will not write {out}: it is a file the dataset reads" in (
            ran.stderr
        ), ran
        runs.append(ran)
    runs.append(targets(tmp, "export", "--format", "json", str(data / "new.json"),
                        "--data", str(data)))  # fmt: skip
    assert state(data) == before
    return [runs[0], runs[2]]


def export_onto_a_fifo_or_device(tmp: Path) -> list[Ran]:
    fifo = tmp / "out.json"
    os.mkfifo(fifo)
    onto_fifo = targets(tmp, "export", "--format", "json", str(fifo), "--force")
    assert fifo.is_fifo()
    link = tmp / "null.json"
    link.symlink_to("/dev/null")
    onto_device = targets(tmp, "export", "--format", "sqlite", str(link), "--force")
    assert link.is_symlink() and Path("/dev/null").is_char_device()
    return [onto_fifo, onto_device]


# The disk filling up after four of the CSV files: the export's own writer fails as a
# full disk fails it (a real full disk needs a small file system mounted, which needs root).
_FULL_DISK_HOOK = """
import errno
from targets_cli.publish import export

_real, _done = export._write_csv, []

def _write_csv(db, table, out, bom):
    if len(_done) == 4:
        raise OSError(errno.ENOSPC, "No space left on device")
    _done.append(table)
    return _real(db, table, out, bom)

export._write_csv = _write_csv
"""


def csv_export_fails_part_way(tmp: Path) -> Ran:
    folder = tmp / "out" / "csv"
    folder.parent.mkdir()
    assert targets(tmp, "export", "--format", "csv", str(folder)).code == 0
    (folder / "targets.csv").write_text("the old export\r\n", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    before = state(folder.parent)
    hook = tmp / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_FULL_DISK_HOOK, encoding="utf-8")
    env = base_env(tmp, PYTHONPATH=str(hook))
    ran = targets(tmp, "export", "--format", "csv", str(folder), "--force", env=env)
    assert state(folder.parent) == before  # the old files, the user's, no temporary
    return ran


# Ctrl-C at a chosen moment, not a raced one: a real SIGINT the export sends itself the
# instant its temporary exists (where issue 18 found it left behind in 1 run of 10), and
# again once the database is being built into it.
_SIGINT_HOOK = """
import os, signal
from targets_cli.publish import database

def _stop():
    if os.environ.get("STOP") == _stop.when:
        os.kill(os.getpid(), getattr(signal, os.environ.get("SIGNAL", "SIGINT")))

def _after(real):
    def made(path, *args, **kwargs):
        result = real(path, *args, **kwargs)
        if ".targets-" in os.fsdecode(path):
            _stop.when = "made"
            _stop()
        return result
    return made

def _build(index, path, _real=database.build):
    _stop.when = "building"
    _stop()
    return _real(index, path)

os.open, database.build = _after(os.open), _build
"""


def ctrl_c(tmp: Path) -> list[Ran]:
    out = tmp / "w" / "t.db"
    out.parent.mkdir()
    out.write_bytes(b"the old database")
    hook = tmp / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_SIGINT_HOOK, encoding="utf-8")
    runs = []
    for when in ("made", "building"):
        env = base_env(tmp, PYTHONPATH=str(hook), STOP=when)
        runs.append(targets(tmp, "export", "--format", "sqlite", str(out), "--force", env=env))
        assert out.read_bytes() == b"the old database"
        assert os.listdir(out.parent) == ["t.db"]  # and no temporary
    return runs


def killed_export(tmp: Path) -> Ran:
    """SIGKILL, sent by the export to itself once the database is being built into its
    temporary (a chosen moment, not a race), leaves the temporary; the next export of
    any kind into that folder takes it away."""
    out = tmp / "w" / "t.db"
    out.parent.mkdir()
    hook = tmp / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_SIGINT_HOOK, encoding="utf-8")
    env = base_env(tmp, PYTHONPATH=str(hook), STOP="building", SIGNAL="SIGKILL")
    killed = targets(tmp, "export", "--format", "sqlite", str(out), env=env)
    assert killed.code == -signal.SIGKILL, killed
    (left,) = os.listdir(out.parent)
    assert left.startswith(".t.db.targets-") and left.endswith(".tmp")
    # The sweep takes only temporaries from before the sweeping run began; dating this
    # one a minute back says so without waiting on the clock.
    back = time.time() - 60
    os.utime(out.parent / left, (back, back))
    ran = targets(tmp, "export", "--format", "json", str(out.parent / "x.json"))
    assert sorted(os.listdir(out.parent)) == ["x.json"]
    return ran


# ---- issue 18's cases: each also has its own tests in tests/test_trust_*.py ---------------


def misspelt_status(tmp: Path) -> Ran:
    return targets(tmp, "list", "--status", "mised")


def impossible_tree(tmp: Path) -> list[Ran]:
    runs = []
    circle = copy_data(tmp / "circle")  # 江门市 made a district under its own 蓬江区
    edit(
        circle,
        'id = "江门市"\nkind = "city"\nparent = "广东省"\n',
        'id = "江门市"\nkind = "district"\nparent = "蓬江区"\n',
    )
    runs.append(targets(tmp, "check", str(circle)))
    itself = copy_data(tmp / "itself")  # a restatement of itself
    edit(
        itself,
        'id = "taishan-projects-100m"\n',
        'id = "taishan-projects-100m"\nsame_as = "taishan-projects-100m"\n',
    )
    runs.append(targets(tmp, "check", str(itself)))
    assert [r.code for r in runs] == [1, 1]
    return runs


def scan_not_a_file(tmp: Path) -> list[Ran]:
    fifo = tmp / "pipe.txt"
    os.mkfifo(fifo)
    return [targets(tmp, "scan", "/dev/zero"), targets(tmp, "scan", str(fifo))]


def export_long_name(tmp: Path) -> Ran:
    out = tmp / ("a" * 300 + ".json")
    ran = targets(tmp, "export", "--format", "json", str(out))
    assert os.listdir(tmp) == []
    return ran


def serve_cannot(tmp: Path) -> list[Ran]:
    import socket

    runs = [targets(tmp, "serve", "--host", "256.1.1.1")]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        runs.append(targets(tmp, "serve", "--port", str(taken.getsockname()[1])))
    return runs


def link_at_the_index(tmp: Path) -> Ran:
    data, env, first = _index_of(tmp)
    index = _the_index(tmp)
    mine = tmp / "mine.sqlite3"
    with sqlite3.connect(mine) as db:
        db.execute("CREATE TABLE accounts (name TEXT)")
        db.execute("INSERT INTO accounts VALUES ('the user''s own row')")
    db.close()
    before = mine.read_bytes()
    index.unlink()
    index.symlink_to(mine)
    ran = projects_sum(tmp, data, env)
    assert ran.stdout == first.stdout and mine.read_bytes() == before
    return ran


# ---- every row ------------------------------------------------------------------------------

CASES: dict[str, Callable[[Path], Ran | list[Ran]]] = {
    "data file or folder missing": missing_data,
    "a folder with no `*.toml` in it; a link named `*.toml` to a folder": no_toml_or_toml_folder,
    "a data file that cannot be read (permissions, a dangling link)": unreadable_data,
    "a subfolder of a data folder that cannot be read": unreadable_subfolder,
    "a path part over 255 bytes (`--data`, `check PATH`, `TARGETS_DATA`); data in a folder "
    "that cannot be entered": long_or_closed_path,
    "a FIFO, a device (`/dev/urandom`, `/dev/zero`) or a file over 256 MiB as data, given or "
    "in a data folder": not_a_regular_file,
    "an empty data file, or one of comments only": empty_file,
    "a data file not in UTF-8 (saved as GBK)": gbk_file,
    "UTF-8 with a BOM; Windows (CRLF) line ends": bom_and_crlf,
    "malformed TOML, nesting hundreds deep included": malformed_toml,
    "a field of the wrong type": wrong_type,
    "a `firmness` or `wording` written in traditional script (`爭取`, `以內`)": traditional_word,
    "NaN, infinity, a negative or absurdly large figure; a year outside 1900–2100": (
        impossible_figure
    ),
    'a period ending in a newline (`"2024\\n"`) or running past 2100 (`2024-9999`); '
    "`format = true` or `1.0`; a unit the quote contradicts": odd_periods_format_unit,
    "control or escape characters in a data string (a `short` name, a `note`)": escapes_in_data,
    "a 1 MB quote or name": megabyte_text,
    "a duplicate id, in one file or across the files of a folder": duplicate_id,
    "a reference to an unknown org, metric or source": unknown_reference,
    "more than 20 distinct unknown ids in `same_as`, `revises` or an outcome's `target` (a "
    "hint would compare each with every id)": many_unknown_ids,
    "a source file missing or unreadable": missing_source,
    "a source file that is a FIFO or a device": source_not_regular,
    '`export` of data with a source outside the data folder (`file = "../../etc/passwd"`, '
    '`"/dev/urandom"`)': source_outside,
    "the index edited behind the tool's back (a value changed with `sqlite3`)": index_edited,
    "an index file that is not a database (garbage, JSON nested 100,000 deep, cut short)": (
        index_not_a_database
    ),
    "a data folder with a file that does not parse, run again and again or 8 times at once": (
        broken_file_again_and_again
    ),
    "an unknown region, org, metric, id, period, category, kind or firmness": unknown_name,
    "an unknown `--format`, `--sort` or `--lang`; an unknown option; a missing argument": (
        unknown_choice
    ),
    "a 100,000-character `--sort`, `--lang`, `--format` or `export --format`; an extra "
    "argument that long": huge_value,
    "a single-value option given twice (`sum --metric A --metric B`)": repeated_option,
    'an empty name (`--region ""`, `--search " "`)': empty_name,
    "a very long name": very_long_name,
    "full-width (`２０２４`, `Ｔａｉｓｈａｎ`), traditional (`臺山`), dashes (`2030—2032`), "
    "stray spaces, zero-width characters": odd_forms_of_names,
    "direction marks and variation selectors in a name (U+200F, U+202E, U+FE0F)": (direction_marks),
    "`--json` with another `--format`": json_and_format,
    "stdout closed early (`| head -1`, `| true`)": closed_early,
    "stdout closed (`>&-`), full (`> /dev/full`) or failing": nowhere_to_write,
    "a terminal too narrow for a table (20 columns)": narrow_terminal,
    "`COLUMNS=0`; `COLUMNS`, `LINES` or `TERMINAL_WIDTH` not a number (`²`)": odd_sizes,
    "shell completion with `COMP_CWORD=x`, no `COMP_WORDS`, or `--data` a FIFO": odd_completion,
    "no UTF-8 locale (`LANG=C`, `PYTHONIOENCODING=ascii`)": no_utf8_locale,
    "`NO_COLOR` set": no_color,
    "no `HOME`, or a `HOME` folder that does not exist": no_home,
    "output redirected to a file or a pipe": redirected,
    "a file to write that exists": file_exists,
    "a folder to write in that is missing or read-only": folder_missing_or_read_only,
    "`export` over a data file, a source text or into the data folder, `--force` or not": (
        export_over_the_data
    ),
    "`export` onto a FIFO, a device or a link to one, `--force` or not": (
        export_onto_a_fifo_or_device
    ),
    "a `--force` CSV export over an old one that fails part-way (a full disk)": (
        csv_export_fails_part_way
    ),
    "Ctrl-C": ctrl_c,
    "an export killed (`kill -9`) part-way": killed_export,
    "a misspelt `--status` (`mised`)": misspelt_status,
    "an impossible level tree (a city made a district under its own district) or a "
    "`same_as` naming the target itself": impossible_tree,
    "`scan` of a device or a FIFO": scan_not_a_file,
    "`export` to a name over 255 bytes": export_long_name,
    "`serve` at an address it cannot use (`--host 256.1.1.1`, a port in use)": serve_cannot,
    "a link at the index's path (to a database of the user's)": link_at_the_index,
}

ROWS = table_rows(table_file())


@pytest.mark.parametrize(("bad", "what", "code"), ROWS, ids=[row[0] for row in ROWS])
def test_the_row_holds(tmp_path, bad, what, code):
    case = CASES.get(bad)
    assert case is not None, f"no case in CASES for the row {bad!r}: a new row needs a test"
    ran = case(tmp_path)
    runs = ran if isinstance(ran, list) else [ran]
    wanted = messages(what)
    assert not wanted or len(runs) <= len(wanted), "a run for each message of the row"
    for at, each in enumerate(runs):
        assert each.code == int(code), each
        assert "Traceback" not in each.stderr, each
        if at < len(wanted):
            assert wanted[at].search(each.stderr), (wanted[at].pattern, each.stderr[:2000])


def test_every_case_has_its_row():
    assert sorted(set(CASES) - {row[0] for row in ROWS}) == []


def test_the_table_is_read_under_its_heading(tmp_path):
    # (docs/bad-input.md's "# Bad input", or a README's "### Bad input" section)
    row = "| a | `b` | 1 |"
    for text in (f"# Bad input\n\n| bad input | x | y |\n|---|---|---|\n{row}\n",
                 f"## Exit\n| c | d | 2 |\n### Bad input\n{row}\n## Speed\n| e | f | 3 |\n"):  # fmt: skip
        (tmp_path / "t.md").write_text(text, encoding="utf-8")
        assert table_rows(tmp_path / "t.md") == [("a", "`b`", "1")]


def test_the_table_is_read_as_written():
    # (the parser itself: an escaped | is a |, placeholders are wildcards, "..." any text)
    assert _cells(r"| stdout closed early (`\| head -1`) | nothing | 141 |") == [
        "stdout closed early (`| head -1`)",
        "nothing",
        "141",
    ]
    (pattern,) = messages("`FILE:LINE: [ID] duplicate id 'ID'; first at FILE:LINE` | 1")
    assert pattern.search("a/t.toml:905: [x-1] duplicate id 'x-1'; first at a/t.toml:892")
    assert not pattern.search("a/t.toml:line: [x-1] duplicate id 'x-1'; first at a/t.toml:892")
    assert messages("read as usual") == [] and messages("lines (or the `--format` asked)") == []
    (pattern,) = messages("`is a link to ..., which does not exist`")
    assert pattern.search("t.toml: is a link to /x/y.toml, which does not exist")
