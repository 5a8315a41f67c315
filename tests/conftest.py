"""Shared helpers: run the CLI as a user does, and read the bundled data independently."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from targets_cli.__main__ import main
from targets_cli.data.loading import bundled_data

REPO = Path(__file__).resolve().parent.parent

# Property tests draw the same examples on every run and keep no example database: a
# failure is a bug to fix, never one a second run might not meet. Nor is a slow
# example a failure: a loaded CI machine would make the deadline and the too_slow
# health check fail at random (test_speedups.py once did).
settings.register_profile(
    "repeatable",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("repeatable")


class Ran:
    """What one CLI invocation gave: exit code, stdout, stderr (and stdout's bytes)."""

    def __init__(self, code: int, stdout: str, stderr: str, stdout_bytes: bytes = b""):
        self.code, self.stdout, self.stderr = code, stdout, stderr
        self.stdout_bytes = stdout_bytes

    def json(self):
        return json.loads(self.stdout)

    def __repr__(self) -> str:
        return f"Ran(code={self.code}, stdout={self.stdout[:300]!r}, stderr={self.stderr[:300]!r})"


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory):
    """Every test writes its cache in a folder of the test run, never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        patch.delenv("TARGETS_NO_CACHE", raising=False)
        yield


@contextmanager
def environment(changes: dict[str, str | None]) -> Iterator[None]:
    """The environment changed for the block only; a None value unsets a variable."""
    saved = {name: os.environ.get(name) for name in changes}
    for name, value in changes.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def folder_state(folder: Path) -> dict[str, str]:
    """Every entry under a folder: a file's SHA-256, or what else it is."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"link to {os.readlink(path)}"
        elif path.is_fifo():
            found[name] = "fifo"
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_main(args: list[str], env: dict[str, str | None] | None = None) -> Ran:
    """`targets ARGS` through the real entry point, `__main__.main`, in this process:
    stdout and stderr captured as a pipe would take them (UTF-8, no terminal), the
    environment changed for the run only (a None value unsets a variable)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True)
    with environment(env or {}), redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    raw = out.buffer.getvalue()  # type: ignore[attr-defined]
    stdout = raw.decode("utf-8", "surrogateescape").replace("\r\n", "\n")
    stderr = err.buffer.getvalue().decode("utf-8", "backslashreplace")  # type: ignore[attr-defined]
    return Ran(code, stdout, stderr, raw)


# A city and one of its districts, and one additive metric: the catalogue of the small
# folders the build tests write.
HAIXIN_CATALOGUE = """\
format = 1

[[orgs]]
id = "嘉川市"
kind = "city"
short = "嘉川"
name_en = "Jiachuan"

[[orgs]]
id = "海新区"
kind = "district"
parent = "嘉川市"
short = "海新"
name_en = "Haixin"

[[metrics]]
name = "固定资产投资"
name_en = "Fixed-asset investment"
dimension = "amount"
additive = true
category = "economy"
"""


def write_tree(folder: Path, files: dict[str, str], when: int = 1_600_000_000) -> Path:
    """Each file of `files` (name: text) written under folder, every time set to `when`
    (well in the past: an unchanged file is then known by its stamp)."""
    for name, body in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (when, when))
    return folder


def generated_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, targets: int, files: int
) -> Path:
    """A corpus written by benchmarks/generate.py in tmp_path/data, read through an index
    cache of its own (tmp_path/cache)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    folder = tmp_path / "data"
    generate(folder, targets=targets, files=files)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TARGETS_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def run(monkeypatch):
    """Invoke `targets ARGS...` in-process through `__main__.main`, on the bundled data
    by default. `.stdout` has CRLF line ends made LF (`.stdout_bytes` keeps them)."""
    monkeypatch.delenv("TARGETS_DATA", raising=False)

    def invoke(*args: str, env: dict[str, str | None] | None = None) -> Ran:
        return run_main(list(args), {"COLUMNS": "100", **(env or {})})

    return invoke


@pytest.fixture(scope="session")
def data_file() -> Path:
    return bundled_data()


@pytest.fixture(scope="session")
def raw_data(data_file) -> dict:
    """The bundled data file parsed by the standard library, not by the tool."""
    return tomllib.loads(data_file.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def source_text(data_file) -> str:
    return (data_file.parent / "sources" / "jiangmen-2024-pledges.txt").read_text(encoding="utf-8")


def terminal_output(main: int) -> str:
    """Everything a pseudo-terminal's side got until its process let it go (read from
    its main end, which the caller closes once the process is waited for), CRLF made
    LF."""
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # (the terminal is gone with the process)
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def targets_command() -> list[str]:
    """The installed console script beside this interpreter."""
    script = Path(sys.executable).parent / "targets"
    return [str(script)] if script.exists() else [sys.executable, "-m", "targets_cli"]
