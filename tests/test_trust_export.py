"""Exports lose nothing (issue 18): Ctrl-C at any moment leaves no temporary and the old
file or folder whole (or the new one complete), `--force` replaces the export's own files
and nothing else, and a name too long for the file system is a message, not a traceback.

No test here races a signal: a KeyboardInterrupt is raised at a chosen step, either in
this process (at every line of the write in turn) or by a real SIGINT the exporting
process sends itself at a chosen moment.
"""

from __future__ import annotations

import csv
import dis
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import folder_state as state
from conftest import run_main

from targets_cli.publish import export as export_module
from targets_cli.publish import writing

CSV_FILES = [
    "coverage.csv",
    "metrics.csv",
    "not_targets.csv",
    "orgs.csv",
    "outcomes.csv",
    "progress.csv",
    "sources.csv",
    "targets.csv",
    "totals.csv",
    "units.csv",
]


def targets(*args: str) -> object:
    return run_main(list(args), {"COLUMNS": "100", "TARGETS_DATA": None})


def temporaries(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if ".targets-" in p.name)


def sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


# ---- 1: Ctrl-C at every step of the write -------------------------------------------------

# A dataset of one target, so that each of the hundreds of interrupted exports is quick.
SOURCE = "甲市今年力争引进超亿元项目60个。\n"
DATA = """\
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

[[metrics]]
name = "超亿元项目"
name_en = "Projects over 100m yuan"
dimension = "count"
additive = true
category = "investment"

[[targets]]
id = "jia-projects"
org = "甲市"
metric = "超亿元项目"
value = 60
unit = "个"
comparator = "="
firmness = "力争"
period = "2024"
source = "demo"
quote = "引进超亿元项目60个"
"""

# Each export into a folder `w` set up as given: (format, output in w, --force, set-up).
SETUPS = {
    "sqlite, new": ("sqlite", "t.db", False, {}),
    "sqlite, over an old one": ("sqlite", "t.db", True, {"t.db": "old"}),
    "json, over an old one": ("json", "t.json", True, {"t.json": "old"}),
    "one csv file, new": ("csv", "t.csv", False, {}),
    "csv folder, new": ("csv", "csv", False, {}),
    "csv folder, over an old one": (
        "csv",
        "csv",
        True,
        {**{f"csv/{name}": "old" for name in CSV_FILES}, "csv/notes.txt": "mine"},
    ),
    "datasette folder, over an old one": (
        "datasette",
        "site",
        True,
        {"site/targets.db": "old", "site/metadata.json": "{}", "site/notes.txt": "mine"},
    ),
}


def arguments(setup: str) -> list[str]:
    fmt, out, force, _ = SETUPS[setup]
    return ["--format", fmt, f"w/{out}", *(["--force"] if force else [])]


# Where a signal is not simulated: the cleanup (a real Ctrl-C waits there: writing._held,
# and one that lands before it is handled at exit: writing._discard_live), and the rows
# streamed into a file (every row is alike; the file is a temporary until moved in).
_NOT_A_STEP = {"scratch", "_discard", "_held", "_remove", "_discard_live", "rows"}
_NOT_A_STEP |= {"_write_json", "_write_csv", "columns_of", "summary"}
_TRACED = {writing.__file__, export_module.__file__}
_NOP = dis.opmap["NOP"]


# Where the writing starts: before, there is nothing to leave behind.
_WRITERS = {"replacing", "replace_folder", "_published"}


class Interrupter:
    """Raises KeyboardInterrupt at the `at`-th line run in the write, counting from the
    first line of one of _WRITERS."""

    def __init__(self, at: int | None):
        self.at, self.seen, self.armed = at, 0, False
        self.steps: list[tuple[str, int]] = []  # (function, line) of each step seen

    def __call__(self, frame, event, arg):
        if event == "call":
            code = frame.f_code
            name = code.co_name
            if code.co_filename in _TRACED and name not in _NOT_A_STEP and name[0] != "<":
                return self.line
        return None

    def line(self, frame, event, arg):
        if event != "line" or frame.f_code.co_code[frame.f_lasti] == _NOP:
            return self.line  # (no signal is handled at a NOP: a `try:` line is none)
        if not self.armed:
            self.armed = frame.f_code.co_name in _WRITERS
        if self.armed:
            if self.seen == self.at:
                raise KeyboardInterrupt
            self.seen += 1
            self.steps.append((frame.f_code.co_name, frame.f_lineno))
        return self.line


def chosen(steps: list[tuple[str, int]]) -> list[int]:
    """The steps to interrupt at: each line's first, second and last time (a loop over
    ten files is stopped in its first, second and last round, not in all ten)."""
    times: dict[tuple[str, int], list[int]] = {}
    for at, step in enumerate(steps):
        times.setdefault(step, []).append(at)
    return sorted({at for ats in times.values() for at in (*ats[:2], ats[-1])})


def set_up(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """The one-target dataset, loaded once: the export is what is interrupted."""
    from targets_cli.data.index import load

    folder = tmp_path_factory.mktemp("data")
    (folder / "demo.txt").write_text(SOURCE, encoding="utf-8")
    (folder / "t.toml").write_text(DATA, encoding="utf-8")
    return load(folder / "t.toml", use_cache=False)


def interrupted_at(at: int | None, base: Path, dataset, setup: str) -> Interrupter:
    """Export as `setup` says into base/w, interrupted at step `at` (None: not at all)."""
    fmt, out, force, files = SETUPS[setup]
    set_up(base / "w", files)
    tracer, previous = Interrupter(at), sys.gettrace()
    sys.settrace(tracer)
    try:
        export_module.export(dataset, fmt, base / "w" / out, force=force)
    except KeyboardInterrupt:
        assert at is not None and tracer.seen == at
    else:
        assert at is None, f"not interrupted at step {at}"
    finally:
        sys.settrace(previous)
    return tracer


@pytest.mark.parametrize("setup", SETUPS)
def test_ctrl_c_at_every_step_leaves_the_old_or_the_new_and_no_temporary(tmp_path, dataset, setup):
    files = SETUPS[setup][3]
    tracer = interrupted_at(None, tmp_path / "whole", dataset, setup)
    steps = chosen(tracer.steps)
    assert len(steps) > 30  # (the tracing reached the write)
    old = {name: sha(text) for name, text in files.items()}
    old.update({str(Path(n).parent): "folder" for n in files if "/" in n})
    new = state(tmp_path / "whole" / "w")
    assert new != old and temporaries(tmp_path / "whole") == []
    for at in steps:
        base = tmp_path / str(at)
        interrupted_at(at, base, dataset, setup)
        assert temporaries(base) == [], (at, tracer.steps[at])
        assert state(base / "w") in (old, new), (at, tracer.steps[at])


# A real SIGINT, sent by the exporting process to itself the moment its n-th temporary
# file or folder exists (the moment issue 18 found them leaked): no race, one outcome.
_SIGINT_HOOK = """
import os, signal

_made = []

def _after(real):
    def made(path, *args, **kwargs):
        result = real(path, *args, **kwargs)
        if ".targets-" in os.fsdecode(path):
            _made.append(path)
            if len(_made) == int(os.environ["STOP_AT_TEMPORARY"]):
                os.kill(os.getpid(), signal.SIGINT)
        return result
    return made

os.open, os.mkdir = _after(os.open), _after(os.mkdir)
"""


def export_stopped(tmp_path: Path, args: list[str], at: int) -> subprocess.CompletedProcess:
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(_SIGINT_HOOK, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_DATA"}
    env.update(PYTHONPATH=str(hook), STOP_AT_TEMPORARY=str(at), TARGETS_NO_CACHE="1")
    env.update(LANG="C.UTF-8")
    return subprocess.run(
        [sys.executable, "-m", "targets_cli", "export", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("setup", "at"),
    [
        ("sqlite, over an old one", 1),
        ("json, over an old one", 1),
        ("json, over an old one", 2),
        ("csv folder, new", 1),
        ("csv folder, new", 2),
        ("csv folder, over an old one", 1),
        ("csv folder, over an old one", 2),
        ("datasette folder, over an old one", 1),
    ],
)
def test_a_real_ctrl_c_the_moment_a_temporary_exists(tmp_path, setup, at):
    set_up(tmp_path / "w", SETUPS[setup][3])
    before = state(tmp_path / "w")
    done = export_stopped(tmp_path, arguments(setup), at)
    assert done.returncode == 130, done
    assert done.stderr == b"targets: interrupted\n"
    assert state(tmp_path / "w") == before


# ---- 2: --force replaces the export's files and nothing else ------------------------------


def theirs(folder: Path) -> dict[str, str]:
    """Another program's files in an export's folder: plain, hidden, a folder, a link."""
    folder.mkdir(exist_ok=True)
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / ".hidden").write_text("hidden", encoding="utf-8")
    (folder / "data.csv").write_text("a,b\r\n1,2\r\n", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "x.txt").write_text("x", encoding="utf-8")
    (folder / "link").symlink_to("notes.txt")
    return {
        ".hidden": sha("hidden"),
        "data.csv": sha("a,b\r\n1,2\r\n"),
        "link": "link to notes.txt",
        "notes.txt": sha("mine"),
        "sub": "folder",
        "sub/x.txt": sha("x"),
    }


def appearing_during_the_export(monkeypatch, folder: Path, files: dict[str, str]) -> None:
    """Another program writes `files` into `folder` while the export writes its tables."""
    real, calls = export_module._write_csv, []

    def write_csv(db, table, out, bom):
        calls.append(table)
        if len(calls) == 5:
            folder.mkdir(exist_ok=True)
            for name, text in files.items():
                (folder / name).write_text(text, encoding="utf-8")
        return real(db, table, out, bom)

    monkeypatch.setattr(export_module, "_write_csv", write_csv)


def targets_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_force_over_a_csv_folder_keeps_every_file_it_did_not_write(tmp_path, monkeypatch):
    folder = tmp_path / "csv"
    folder.mkdir()
    for name in CSV_FILES:
        (folder / name).write_text("the old export\r\n", encoding="utf-8")
    kept = theirs(folder)
    appearing_during_the_export(monkeypatch, folder, {"later.txt": "written meanwhile"})
    ran = targets("export", "--format", "csv", str(folder), "--force")
    assert ran.code == 0, ran
    after = state(folder)
    assert {name: after[name] for name in kept} == kept
    assert after["later.txt"] == sha("written meanwhile")
    assert sorted(after) == sorted([*kept, "later.txt", *CSV_FILES])
    for name in CSV_FILES:
        assert after[name] != sha("the old export\r\n"), name
    # data/targets.toml holds 121 [[targets]]; 台山 pledges 超亿元项目60个 (source line 45)
    rows = {row["id"]: row for row in targets_rows(folder / "targets.csv")}
    assert len(rows) == 121
    assert rows["taishan-projects-100m"]["value"] == "60"


def test_force_over_a_datasette_folder_keeps_every_file_it_did_not_write(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "targets.db").write_bytes(b"the old database")
    (folder / "metadata.json").write_text("{}", encoding="utf-8")
    kept = theirs(folder)
    ran = targets("export", "--format", "datasette", str(folder), "--force")
    assert ran.code == 0, ran
    after = state(folder)
    assert {name: after[name] for name in kept} == kept
    assert sorted(after) == sorted([*kept, "metadata.json", "targets.db"])
    assert (folder / "targets.db").read_bytes()[:16] == b"SQLite format 3\0"


def test_a_folder_made_by_another_program_during_the_export_is_written_into(tmp_path, monkeypatch):
    folder = tmp_path / "csv"  # not there when the export starts
    appearing_during_the_export(monkeypatch, folder, {"theirs.txt": "theirs"})
    ran = targets("export", "--format", "csv", str(folder))
    assert ran.code == 0, ran
    after = state(folder)
    assert sorted(after) == sorted(["theirs.txt", *CSV_FILES])
    assert after["theirs.txt"] == sha("theirs")
    assert temporaries(tmp_path) == []


def test_an_exported_file_written_meanwhile_by_another_program_is_not_replaced(
    tmp_path, monkeypatch
):
    # Without --force none of the export's files is replaced, and then none is written:
    # the ones already moved in are taken back out.
    folder = tmp_path / "csv"
    kept = theirs(folder)
    appearing_during_the_export(monkeypatch, folder, {"totals.csv": "their totals"})
    ran = targets("export", "--format", "csv", str(folder))
    assert ran.code == 4, ran
    assert ran.stderr == (
        f"targets: error: {folder / 'totals.csv'} exists; pass --force to overwrite it\n"
    )
    assert state(folder) == {**kept, "totals.csv": sha("their totals")}


# ---- 3: a name too long for the file system -----------------------------------------------

LONG = "台" * 100  # 300 bytes in UTF-8; most file systems take 255


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("csv", LONG), ("csv", LONG + ".csv"), ("datasette", LONG), ("sqlite", LONG + ".db"),
     ("json", LONG + ".json")],
    ids=["csv folder", "csv file", "datasette", "sqlite", "json"],
)  # fmt: skip
def test_a_300_byte_name_is_a_message(tmp_path, fmt, name):
    ran = targets("export", "--format", fmt, str(tmp_path / name))
    assert ran.code == 4, ran
    assert ran.stderr == (
        f"targets: error: cannot write '{'台' * 40}'… ({len(name)} characters) in {tmp_path}: "
        "the name is "
        f"{len(name.encode())} bytes long and a file name may be at most 255 bytes; "
        "give a shorter name\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_300_byte_folder_in_the_path_is_named(tmp_path):
    out = tmp_path / LONG / "t.json"
    ran = targets("export", "--format", "json", str(out))
    assert ran.code == 4, ran
    assert ran.stderr.startswith("targets: error: cannot write '")
    assert ran.stderr.endswith(
        f": the folder name '{'台' * 40}'… (100 characters) is 300 bytes long and a name "
        "may be at most 255 bytes; give a shorter one\n"
    )


@pytest.mark.parametrize("fmt", ["csv", "datasette", "json"])
def test_a_250_byte_name_is_written(tmp_path, fmt):
    # (the temporary beside it has a longer name; it must not be what fails)
    name = "台" * 83 + "a"  # 250 bytes
    ran = targets("export", "--format", fmt, str(tmp_path / name))
    assert ran.code == 0, ran
    assert [p.name for p in tmp_path.iterdir()] == [name]
