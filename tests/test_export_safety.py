"""Export safety (issue 15, cases 1-4 and 14): an export never writes over the data nor
over anything but a regular file, replaces a CSV folder whole, leaves no temporary for
long after a kill, and never copies a file from outside the data folder.

Each case: the command, its message, its exit code, and the state of every file after.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import folder_state as state

from targets_cli.data.loading import bundled_data
from targets_cli.publish import writing

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the bundled data folder: the data file and its source text."""
    folder = tmp_path / "d"
    shutil.copytree(bundled_data().parent, folder)
    return folder


# ---- 1: the data is only ever read ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv"])
def test_an_export_over_the_data_file_is_refused_even_with_force(run, data, fmt):
    before = state(data)
    target = data / "targets.toml"
    ran = run("export", "--format", fmt, str(target), "--data", str(data), "--force")
    assert ran.code == 4, ran
    assert ran.stderr == (
        f"targets: error: will not write {target}: it is a file the dataset reads; "
        "the data is only ever read\n"
    )
    assert ran.stdout == ""
    assert state(data) == before


def test_an_export_over_a_source_text_is_refused(run, data):
    before = state(data)
    text = data / "sources" / "jiangmen-2024-pledges.txt"
    ran = run(
        "export", "--format", "json", str(text), "--data", str(data / "targets.toml"), "--force"
    )
    assert ran.code == 4, ran
    assert "it is a file the dataset reads" in ran.stderr
    assert state(data) == before


def test_a_new_file_inside_the_data_folder_is_refused(run, data):
    before = state(data)
    out = data / "export.json"
    ran = run("export", "--format", "json", str(out), "--data", str(data))
    assert ran.code == 4, ran
    assert ran.stderr == (
        f"targets: error: will not write {out}: it lies in the data folder {data.resolve()}; "
        "the data is only ever read\n"
    )
    assert state(data) == before  # (a *.toml written there would have become data)


def test_a_link_to_the_data_file_is_refused(run, data, tmp_path):
    link = tmp_path / "out.json"
    link.symlink_to(data / "targets.toml")
    before = state(data)
    ran = run("export", "--format", "json", str(link), "--data", str(data), "--force")
    assert ran.code == 4, ran
    assert "it is a file the dataset reads" in ran.stderr
    assert state(data) == before
    assert link.is_symlink()


@pytest.mark.parametrize("fmt", ["csv", "datasette"])
def test_a_folder_export_over_the_data_folder_or_its_parent_is_refused(run, data, fmt):
    before = state(data.parent)
    ran = run("export", "--format", fmt, str(data), "--data", str(data), "--force")
    assert ran.code == 4, ran
    assert ran.stderr == (
        f"targets: error: will not write {data}: it is the data folder; "
        "the data is only ever read\n"
    )
    ran = run("export", "--format", fmt, str(data.parent), "--data", str(data), "--force")
    assert ran.code == 4, ran
    assert f"it holds the data folder {data.resolve()}" in ran.stderr
    assert state(data.parent) == before


def test_a_data_file_beside_the_output_is_kept(run, data):
    # data given as one file: a new export beside it is fine, the file itself is not touched
    before = state(data)
    ran = run(
        "export", "--format", "json", str(data / "out.json"), "--data", str(data / "targets.toml")
    )
    assert ran.code == 0, ran
    after = state(data)
    assert set(after) - set(before) == {"out.json"}
    assert {k: after[k] for k in before} == before


# ---- 2: only regular files are written -------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv"])
def test_a_fifo_is_refused_even_with_force(run, tmp_path, fmt):
    fifo = tmp_path / f"out.{fmt}"
    os.mkfifo(fifo)
    ran = run("export", "--format", fmt, str(fifo), "--force")
    assert ran.code == 4, ran
    assert ran.stderr == (
        f"targets: error: will not write {fifo}: it is a FIFO, not a regular file; "
        "an export writes only regular files\n"
    )
    assert state(tmp_path) == {f"out.{fmt}": "fifo"}


def test_a_link_to_a_device_is_refused_and_the_device_kept(run, tmp_path):
    link = tmp_path / "out.json"
    link.symlink_to("/dev/null")
    ran = run("export", "--format", "json", str(link), "--force")
    assert ran.code == 4, ran
    assert "it is a character device, not a regular file" in ran.stderr
    assert state(tmp_path) == {"out.json": "link to /dev/null"}
    assert Path("/dev/null").is_char_device()


# ---- 3: a CSV folder is replaced whole ---------------------------------------------------


@pytest.fixture
def old_folder(run, tmp_path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "csv"
    assert run("export", "--format", "csv", str(folder)).code == 0
    (folder / "targets.csv").write_text("the old export\r\n", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    return folder, state(tmp_path)


@pytest.mark.parametrize(
    "failure",
    [OSError(28, "No space left on device"), KeyboardInterrupt()],
    ids=["disk full", "ctrl-c"],
)
def test_a_csv_export_that_fails_part_way_leaves_the_old_folder_whole(
    run, old_folder, monkeypatch, failure
):
    from targets_cli.publish import export

    folder, before = old_folder
    written = []
    original = export._write_csv

    def failing(db, table, out, bom):
        if len(written) == 4:  # four files written in the new folder, then the disk is full
            raise failure
        written.append(table)
        return original(db, table, out, bom)

    monkeypatch.setattr(export, "_write_csv", failing)
    ran = run("export", "--format", "csv", str(folder), "--force")
    if isinstance(failure, OSError):
        assert ran.code == 4, ran
        assert ran.stderr == f"targets: error: cannot write {folder}: No space left on device\n"
    else:
        assert ran.code == 130, ran
    assert written == ["sources", "orgs", "metrics", "units"]
    assert state(folder.parent) == before  # the old files, the user's, and no temporary


def test_a_csv_folder_replaced_whole(run, old_folder):
    folder, before = old_folder
    ran = run("export", "--format", "csv", str(folder), "--force")
    assert ran.code == 0, ran
    after = state(folder.parent)
    assert set(after) == set(before)  # the same names: nothing left from a half
    assert after["csv/targets.csv"] != before["csv/targets.csv"]
    assert after["csv/notes.txt"] == before["csv/notes.txt"]


def test_a_subfolder_of_the_users_is_left_as_it_is(run, old_folder):
    # (issue 18: --force replaces the export's own files and touches nothing else)
    folder, before = old_folder
    (folder / "mine").mkdir()
    (folder / "mine" / "notes.txt").write_text("mine too", encoding="utf-8")
    ran = run("export", "--format", "csv", str(folder), "--force")
    assert ran.code == 0, ran
    after = state(folder.parent)
    assert after["csv/mine"] == "folder"
    assert after["csv/mine/notes.txt"] == hashlib.sha256(b"mine too").hexdigest()
    assert after["csv/notes.txt"] == before["csv/notes.txt"]
    assert after["csv/targets.csv"] != before["csv/targets.csv"]


def test_a_folder_under_an_exported_files_name_is_not_replaced(run, old_folder):
    folder, _ = old_folder
    (folder / "targets.csv").unlink()
    (folder / "targets.csv").mkdir()
    before = state(folder.parent)
    ran = run("export", "--format", "csv", str(folder), "--force")
    assert ran.code == 4, ran
    assert ran.stderr == (
        f"targets: error: will not replace {folder / 'targets.csv'}: it is a folder, not a "
        "file an export wrote; move it away or give another folder\n"
    )
    assert state(folder.parent) == before


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".targets-" in p.name)


# A real SIGINT the export sends itself as it starts the fifth table: the moment is
# chosen, not raced (issue 18: a test that hopes to hit a moment fails 1 run in 10).
_SIGINT_AT_FIFTH_TABLE = """
import os, signal
from targets_cli.publish import export

_real, _done = export._write_csv, []

def _write_csv(db, table, out, bom):
    _done.append(table)
    if len(_done) == 5:
        os.kill(os.getpid(), signal.SIGINT)
    return _real(db, table, out, bom)

export._write_csv = _write_csv
"""


def test_ctrl_c_in_a_real_csv_export_leaves_the_old_folder(run, tmp_path):
    folder = tmp_path / "csv"
    assert run("export", "--format", "csv", str(folder)).code == 0
    (folder / "targets.csv").write_text("the old export\r\n", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    before = state(tmp_path)
    hook = tmp_path.parent / f"{tmp_path.name}-hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_SIGINT_AT_FIFTH_TABLE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_DATA"}
    env.update(PYTHONPATH=str(hook), TARGETS_NO_CACHE="1")
    done = subprocess.run(
        [sys.executable, "-m", "targets_cli", "export", "--format", "csv", str(folder),
         "--force"],
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 130, done.stderr
    assert done.stderr == b"targets: interrupted\n"
    assert state(tmp_path) == before


# ---- 4: a killed export leaves nothing for long -------------------------------------------


# SIGKILL the instant the temporary exists: chosen, not raced against the export's end.
_SIGKILL_HOOK = """
import os, signal

def _open(path, *args, _real=os.open, **kwargs):
    result = _real(path, *args, **kwargs)
    if ".targets-" in os.fsdecode(path):
        os.kill(os.getpid(), signal.SIGKILL)
    return result

os.open = _open
"""


def test_a_temporary_left_by_sigkill_goes_with_the_next_export(tmp_path):
    out = tmp_path / "t.db"
    hook = tmp_path.parent / f"{tmp_path.name}-hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_SIGKILL_HOOK, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_DATA"}
    env["TARGETS_NO_CACHE"] = "1"
    command = [sys.executable, "-m", "targets_cli", "export", "--format"]
    killed = subprocess.run(
        [*command, "sqlite", str(out)],
        capture_output=True,
        cwd=REPO,
        env={**env, "PYTHONPATH": str(hook)},
        timeout=120,
    )
    assert killed.returncode == -9  # SIGKILL: no time to clean up
    (left,) = temporaries(tmp_path)  # what the kill left
    assert left.startswith(".t.db.targets-") and left.endswith(".tmp")
    assert not out.exists()
    # The sweep takes only temporaries from before the sweeping run began; dating this
    # one a minute back says so without waiting on the clock.
    back = time.time() - 60
    os.utime(tmp_path / left, (back, back))
    ran = subprocess.run(
        [*command, "json", str(tmp_path / "x.json")],
        capture_output=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def dead_pid() -> int:
    """A process id no process can have: one above the kernel's limit. (The id of a
    process that has just exited can be given to another on a busy machine.)"""
    try:
        limit = int(Path("/proc/sys/kernel/pid_max").read_text())
    except OSError:
        limit = 4_194_304  # Linux's largest
    return limit + 1


def test_a_folder_moved_away_by_a_killed_swap_is_put_back(tmp_path):
    away = tmp_path / f".csv.targets-{dead_pid()}-0a1b2c.old"
    away.mkdir()
    (away / "targets.csv").write_text("the old export", encoding="utf-8")
    # Before this run began, however long the suite has run: a sweep leaves alone what
    # was touched after it started (CI once ran this test more than 60 s after import).
    past = writing._STARTED - 60
    os.utime(away, (past, past))
    leftover = tmp_path / f".csv.targets-{dead_pid()}-3d4e5f.tmp"
    leftover.mkdir()
    os.utime(leftover, (past, past))
    assert writing.sweep(tmp_path) == [leftover]
    assert state(tmp_path) == {
        "csv": "folder",
        "csv/targets.csv": hashlib.sha256(b"the old export").hexdigest(),
    }


def test_the_sweep_leaves_a_live_runs_temporary_and_others_files(tmp_path):
    live = tmp_path / f".t.db.targets-{os.getppid()}-abc.tmp"  # a process that is running
    live.write_text("being written", encoding="utf-8")
    past = writing._STARTED - 60
    os.utime(live, (past, past))
    theirs = tmp_path / ".t.db.other.tmp"  # not of our naming
    theirs.write_text("someone else's", encoding="utf-8")
    os.utime(theirs, (past, past))
    assert writing.sweep(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, theirs.name])


# ---- 14: nothing from outside the data folder ---------------------------------------------


def test_a_source_outside_the_data_folder_is_never_exported(run, data, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("密码 hunter2", encoding="utf-8")
    toml = data / "targets.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text.replace('file = "sources/jiangmen-2024-pledges.txt"', 'file = "../secret.txt"', 1),
        encoding="utf-8",
    )
    before = state(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    for fmt, name in (("json", "t.json"), ("sqlite", "t.db"), ("csv", "c"), ("datasette", "s")):
        ran = run("export", "--format", fmt, str(out / name), "--data", str(data))
        assert ran.code == 1, ran
        assert "lies outside the data folder" in ran.stderr
        assert "hunter2" not in ran.stderr + ran.stdout
    assert list(out.iterdir()) == []
    assert {k: v for k, v in state(tmp_path).items() if k != "out"} == before
