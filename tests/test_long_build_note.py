"""A build long enough to look like a hang says what it is doing, on a terminal only.

A first run over thousands of files takes seconds (some fifty at a million targets)
and printed nothing until its answer. Now, when 200 data files or more are to be read
into the index and stderr is a terminal, one note says so before the wait; a script
reading stderr through a pipe is told nothing, and a warm run says nothing either.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path

import pytest
from conftest import generated_corpus, targets_command, terminal_output

NOTE = (
    "targets: note: reading 200 data files into the index "
    "(later runs read only the files that change)\n"
)


def _run(folder: Path, *words: str, terminal: bool) -> tuple[int, str, str]:
    """`targets sum ... --data folder`: exit code, stdout (a pipe) and stderr (a
    pseudo-terminal when `terminal`, else a pipe)."""
    command = [*targets_command(), "sum", "--metric", "地区生产总值", "--json"]
    command += ["--data", str(folder), *words]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ))
        return done.returncode, done.stdout, done.stderr
    main, side = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=side, env=dict(os.environ))
    os.close(side)
    out = process.stdout.read() if process.stdout else b""
    err = terminal_output(main)
    code = process.wait(timeout=120)
    os.close(main)
    return code, out.decode(), err


def _toml_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.toml"))


def test_a_long_first_build_on_a_terminal_says_so_once(tmp_path, monkeypatch):
    # 199 documents and the shared catalogue: 200 files, the least that is noted
    folder = generated_corpus(tmp_path, monkeypatch, targets=199, files=199)
    assert _toml_files(folder) == 200
    code, out, err = _run(folder, terminal=True)
    assert code == 0, err
    assert err == NOTE
    assert json.loads(out)["metric"] == "地区生产总值"
    # the next run reads the index: nothing to say
    assert _run(folder, terminal=True)[2] == ""


def test_a_pipe_is_told_nothing(tmp_path, monkeypatch):
    folder = generated_corpus(tmp_path, monkeypatch, targets=199, files=199)
    code, out, err = _run(folder, terminal=False)
    assert (code, err) == (0, "")
    assert json.loads(out)["metric"] == "地区生产总值"


def test_fewer_files_are_read_without_a_note(tmp_path, monkeypatch):
    folder = generated_corpus(tmp_path, monkeypatch, targets=198, files=198)
    assert _toml_files(folder) == 199
    code, _out, err = _run(folder, terminal=True)
    assert (code, err) == (0, "")


@pytest.mark.parametrize("asked", ["--no-cache", "TARGETS_NO_CACHE=1"])
def test_an_index_in_memory_says_every_run_reads_them_all(tmp_path, monkeypatch, asked):
    folder = generated_corpus(tmp_path, monkeypatch, targets=199, files=199)
    words = [asked] if asked.startswith("--") else []
    if not words:
        monkeypatch.setenv(*asked.split("="))
    for _ in range(2):  # (every run: nothing is kept)
        code, _out, err = _run(folder, *words, terminal=True)
        assert code == 0, err
        assert err == (
            "targets: note: reading 200 data files into the index "
            "(the index is kept in memory: every run reads them all)\n"
        )
