"""Issue 15, reading: nothing hangs, nothing is skipped without a word, nothing forged.

Each case: what a user did, the message and exit code they get, and that the data
files are as they were.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

DATA = REPO / "data"
SOURCE = "jiangmen-2024-pledges.txt"
# A command that would never return is a failure, not a wait: each run gets this long.
PATIENCE_S = 60


def copy_data(folder: Path) -> Path:
    shutil.copytree(DATA, folder, dirs_exist_ok=True)
    return folder / "targets.toml"


# Root reads every file and enters every folder, whatever its mode: the permission
# cases run as root without the capabilities that override the mode bits, as a user.
AS_A_USER = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def as_a_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root reads every folder, and setpriv (util-linux) is not here to stop it")
    return AS_A_USER


def targets(
    *args: str, env: dict[str, str] | None = None, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "targets_cli", *args],
        capture_output=True,
        text=True,
        timeout=PATIENCE_S,
        env={**os.environ, "TARGETS_NO_CACHE": "1", **(env or {})},
        cwd=REPO,
    )


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", ["fifo", "urandom", "zero"])
def test_a_data_path_that_is_not_a_regular_file_is_refused_at_once(tmp_path, kind):
    path = {
        "fifo": lambda: fifo(tmp_path / "pipe.toml"),
        "urandom": lambda: Path("/dev/urandom"),
        "zero": lambda: Path("/dev/zero"),
    }[kind]()
    for args in (["check", str(path)], ["list", "--data", str(path), "--json"]):
        ran = targets(*args)
        assert ran.returncode == 1, ran
        assert f"{path}: is not a regular file, expected a TOML file" in ran.stderr
        assert "Traceback" not in ran.stderr


def test_a_toml_link_to_a_fifo_inside_a_data_folder_is_a_problem(tmp_path):
    copy_data(tmp_path)
    (tmp_path / "more.toml").symlink_to(fifo(tmp_path / "pipe"))
    ran = targets("check", str(tmp_path))
    assert ran.returncode == 1
    assert f"{tmp_path / 'more.toml'}: is not a regular file, expected a TOML file" in ran.stderr


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_source_that_is_a_fifo_or_a_device_is_a_problem_not_a_hang(tmp_path, kind):
    data = copy_data(tmp_path)
    if kind == "fifo":
        fifo(tmp_path / "sources" / "odd.txt")
        expected = "odd.txt: is not a regular file, expected a text file"
    else:  # a link to /dev/urandom resolves outside the data folder
        os.symlink("/dev/urandom", tmp_path / "sources" / "odd.txt")
        expected = "lies outside the data folder"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace(f"sources/{SOURCE}", "sources/odd.txt"), encoding="utf-8")
    ran = targets("check", str(data))
    assert ran.returncode == 1
    assert expected in ran.stderr


def test_a_source_outside_the_data_folder_is_refused_and_never_read(tmp_path):
    data = copy_data(tmp_path / "data")
    secret = tmp_path / "secret.txt"
    secret.write_text("绝密 not for export", encoding="utf-8")
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace(f"sources/{SOURCE}", "../secret.txt"), encoding="utf-8")
    ran = targets("check", str(data))
    assert ran.returncode == 1
    assert "lies outside the data folder" in ran.stderr
    assert "绝密" not in ran.stderr + ran.stdout
    out = tmp_path / "out.json"
    exported = targets("export", "--format", "json", str(out), "--data", str(data))
    assert exported.returncode != 0 and not (out.exists() and "绝密" in out.read_text("utf-8"))


def test_an_unreadable_subfolder_is_a_problem_not_a_target_less(tmp_path, monkeypatch):
    from targets_cli.__main__ import main

    copy_data(tmp_path)
    hidden = tmp_path / "more"
    hidden.mkdir()
    shutil.copy(DATA / "targets.toml", hidden / "x.toml")
    real = os.scandir

    def refusing(path=".", *args):  # as a folder without the read bit does (root reads all)
        if Path(path) == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", refusing)
    monkeypatch.setenv("TARGETS_NO_CACHE", "1")
    assert main(["check", str(tmp_path)]) == 1


def test_an_unreadable_subfolder_message(tmp_path):
    copy_data(tmp_path)
    hidden = tmp_path / "more"
    hidden.mkdir()
    hidden.chmod(0)
    try:
        ran = targets("check", str(tmp_path), prefix=as_a_user())
    finally:
        hidden.chmod(0o755)
    assert ran.returncode == 1 and f"{hidden}: cannot read: Permission denied" in ran.stderr


@pytest.mark.parametrize("where", ["--data", "check", "TARGETS_DATA"])
def test_a_path_part_longer_than_255_bytes_is_a_message(tmp_path, where):
    long = tmp_path / ("台" * 100) / "targets.toml"  # 300 bytes in UTF-8
    if where == "--data":
        ran = targets("list", "--data", str(long))
    elif where == "check":
        ran = targets("check", str(long))
    else:
        ran = targets("list", env={"TARGETS_DATA": str(long)})
    assert ran.returncode == 1, ran
    assert "Traceback" not in ran.stderr
    assert "longer than 255 bytes" in ran.stderr or "no such data file" in ran.stderr


def test_data_inside_a_folder_that_cannot_be_entered(tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir()
    copy_data(closed)
    closed.chmod(0)
    try:
        ran = targets("list", "--data", str(closed / "targets.toml"), prefix=as_a_user())
    finally:
        closed.chmod(0o755)
    assert ran.returncode == 1 and "Permission denied" in ran.stderr
    assert "Traceback" not in ran.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('period = "2024"', 'period = "2024\\n"', "'period' is '2024\\n'; it must match"),
        ('period = "2024"', 'period = "0000"', "period '0000' must lie from 1900 to 2100"),
        ('period = "2024"', 'period = "9999"', "period '9999' must lie from 1900 to 2100"),
        ('period = "2024"', 'period = "2024-9999"', "must lie from 1900 to 2100"),
        ('id = "taishan-projects-100m"', 'id = "taishan-projects-100m\\n"', "'id' is"),
        ("format = 1", "format = true", "format is true; this version reads 1"),
        ("format = 1", "format = 1.0", "format is 1.0; this version reads 1"),
        ('short = "台山"', 'short = "台山\\u001b]0;pwned\\u0007"', "control or escape characters"),
        ('note = "', 'note = "\\u001b[2J', "control or escape characters"),
    ],
    ids=["period newline", "0000", "9999", "2024-9999", "id newline", "true", "1.0", "OSC", "CSI"],
)
def test_values_the_readme_rules_out_are_problems(tmp_path, old, new, message):
    data = copy_data(tmp_path)
    text = data.read_text(encoding="utf-8")
    assert old in text
    data.write_text(text.replace(old, new, 1), encoding="utf-8")
    ran = targets("check", str(data))
    assert ran.returncode == 1
    assert message in ran.stderr, ran.stderr
    assert "\x1b" not in ran.stderr + ran.stdout  # never printed raw


def test_a_unit_the_quote_contradicts_is_a_problem(tmp_path):
    # 鹤山's 招商引资300亿元: the data saying 万元 would move totals by 10^4
    data = copy_data(tmp_path)
    text = data.read_text(encoding="utf-8")
    block = text.index('quote = "招商引资300亿元"')
    start = text.rindex("[[targets]]", 0, block)
    changed = (
        text[:start] + text[start:block].replace('unit = "亿元"', 'unit = "万元"') + text[block:]
    )
    assert changed != text
    data.write_text(changed, encoding="utf-8")
    ran = targets("check", str(data))
    assert ran.returncode == 1
    assert "unit '万元' but the quote says '亿元'" in ran.stderr


@pytest.mark.parametrize("mark", ["\u200f", "\u202e", "\u2066", "\ufe0f", "\u061c"])
def test_direction_marks_and_variation_selectors_are_read_as_nothing(mark):
    ran = targets("list", "--region", f"台{mark}山", "--json")
    assert ran.returncode == 0 and '"region": "台山市"' in ran.stdout
