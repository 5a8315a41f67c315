"""Writes: whole files or none, never over an existing one unless asked, never the data.

`writing.write_atomically` is the one way the tool writes a file (exports, caches).
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from targets_cli.data.loading import bundled_data
from targets_cli.errors import ExitCode, OutputError
from targets_cli.publish import writing
from targets_cli.publish.writing import write_atomically

OLD = "旧的内容\n"


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_text_is_written_whole_as_given(tmp_path):
    path = tmp_path / "out.csv"
    assert write_atomically(path, lambda f: f.write("台山,60\r\n开平,52\r\n")) == path
    assert path.read_bytes() == "台山,60\r\n开平,52\r\n".encode()  # no newline translation
    assert leftovers(tmp_path, {"out.csv"}) == []


def test_bytes_are_written_whole(tmp_path):
    path = tmp_path / "out.db"
    write_atomically(str(path), lambda f: f.write(bytes(range(256))), binary=True)
    assert path.read_bytes() == bytes(range(256))


def test_a_new_file_gets_ordinary_permissions_not_the_temporary_files(tmp_path):
    path = tmp_path / "out.json"
    write_atomically(path, lambda f: f.write("{}"))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_an_existing_file_is_kept_unless_asked(tmp_path):
    path = tmp_path / "out.json"
    path.write_text(OLD, encoding="utf-8")
    with pytest.raises(OutputError) as raised:
        write_atomically(path, lambda f: f.write("new"))
    assert raised.value.exit_code == ExitCode.OUTPUT == 4
    assert str(raised.value) == f"{path} exists; pass --force to overwrite it"
    assert path.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path, {"out.json"}) == []


def test_an_existing_link_is_kept_unless_asked(tmp_path):
    path = tmp_path / "out.json"
    path.symlink_to(tmp_path / "nowhere.json")
    with pytest.raises(OutputError, match="exists; pass --force"):
        write_atomically(path, lambda f: f.write("new"))
    assert path.is_symlink() and not (tmp_path / "nowhere.json").exists()


def test_overwrite_replaces_the_file_and_keeps_its_permissions(tmp_path):
    path = tmp_path / "out.json"
    path.write_text(OLD, encoding="utf-8")
    path.chmod(0o640)
    write_atomically(path, lambda f: f.write("new"), overwrite=True)
    assert path.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert leftovers(tmp_path, {"out.json"}) == []


def test_a_file_that_appears_while_writing_is_not_overwritten(tmp_path):
    path = tmp_path / "out.json"

    def write(file):
        path.write_text("someone else's", encoding="utf-8")  # another process, meanwhile
        file.write("mine")

    with pytest.raises(OutputError, match="exists; pass --force"):
        write_atomically(path, write)
    assert path.read_text(encoding="utf-8") == "someone else's"
    assert leftovers(tmp_path, {"out.json"}) == []


def test_a_missing_folder(tmp_path):
    path = tmp_path / "no" / "such" / "out.json"
    with pytest.raises(OutputError) as raised:
        write_atomically(path, lambda f: f.write("x"))
    assert str(raised.value) == f"cannot write {path}: folder {path.parent} does not exist"
    assert not (tmp_path / "no").exists()


def test_a_folder_where_the_file_should_go(tmp_path):
    (tmp_path / "out.json").mkdir()
    with pytest.raises(OutputError, match="is a folder; give a file name"):
        write_atomically(tmp_path / "out.json", lambda f: f.write("x"), overwrite=True)


def test_a_folder_that_cannot_be_written(tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o500)
    else:  # root writes anywhere: refuse it the way the system would refuse a user

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(writing, "_create", refuse)
    try:
        with pytest.raises(OutputError) as raised:
            write_atomically(folder / "out.json", lambda f: f.write("x"))
    finally:
        folder.chmod(0o700)
    assert str(raised.value) == f"cannot write in {folder}: Permission denied"
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "failure",
    [
        KeyboardInterrupt(),
        ValueError("a bug in the writer"),
        OSError(28, "No space left on device"),
    ],
    ids=["ctrl-c", "bug", "disk full"],
)
@pytest.mark.parametrize("overwrite", [False, True])
def test_a_failure_mid_write_leaves_the_old_file_and_no_partial_one(tmp_path, failure, overwrite):
    path = tmp_path / "out.json"
    if overwrite:
        path.write_text(OLD, encoding="utf-8")

    def write(file):
        file.write("{" + '"half": "of it"' * 1000)
        file.flush()
        raise failure

    expected = OutputError if isinstance(failure, OSError) else type(failure)
    with pytest.raises(expected) as raised:
        write_atomically(path, write, overwrite=overwrite)
    if expected is OutputError:
        assert str(raised.value) == f"cannot write {path}: No space left on device"
    if overwrite:
        assert path.read_text(encoding="utf-8") == OLD
    else:
        assert not path.exists()
    assert leftovers(tmp_path, {"out.json"}) == []


WRITER = """
import sys, time
from targets_cli.publish.writing import write_atomically

def write(file):
    file.write("x" * 100_000)
    file.flush()
    print("writing", flush=True)
    time.sleep(30)
    file.write("the end")

write_atomically(sys.argv[1], write, overwrite=True)
"""


def test_ctrl_c_in_a_real_process_mid_write(tmp_path):
    path = tmp_path / "out.json"
    path.write_text(OLD, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout.readline() == b"writing\n"
    assert len(leftovers(tmp_path, {"out.json"})) == 1  # the temporary file, half written
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert b"KeyboardInterrupt" in stderr
    assert path.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path, {"out.json"}) == []


# ---- the data is only ever read --------------------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


COMMANDS = [
    ["check"],
    ["check", "--json"],
    ["list"],
    ["list", "--format", "table"],
    ["list", "--format", "csv", "--bom"],
    ["list", "--format", "jsonl"],
    ["list", "--region", "台山", "--sort", "value", "--json"],
    ["show", "taishan-projects-100m", "--format", "table"],
    ["show", "taishan-projects-100m", "--json"],
    ["sum", "--metric", "超亿元项目", "--json"],
    ["sum", "--metric", "地区生产总值增长"],
    ["compare", "台山", "开平", "--format", "table"],
    ["compare", "--metric", "地区生产总值增长", "--json"],
    ["coverage", "--format", "table"],
    ["metrics", "--format", "csv"],
    ["regions", "--json"],
    ["schema"],
]


def test_no_command_changes_a_data_file(run, tmp_path):
    data = bundled_data().parent
    before = digest(data)
    for command in COMMANDS:
        ran = run(*command)
        assert ran.code in (0, 3), (command, ran)
    for fmt, out in (("json", "t.json"), ("sqlite", "t.db"), ("csv", "csv")):
        ran = run("export", "--format", fmt, str(tmp_path / out))
        assert ran.code == 0, ran
    after = digest(data)
    assert {name: after.get(name) for name in before} == before
