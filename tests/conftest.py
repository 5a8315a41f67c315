"""Shared helpers: run the CLI as a user does, and read the bundled data independently."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets_cli.cli.app import app
from targets_cli.data.loading import bundled_data

REPO = Path(__file__).resolve().parent.parent


class Ran:
    """What one CLI invocation gave: exit code, stdout, stderr."""

    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr

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


@pytest.fixture
def run(monkeypatch):
    """Invoke `targets ARGS...` in-process with CliRunner, on the bundled data by default."""
    monkeypatch.delenv("TARGETS_DATA", raising=False)

    def invoke(*args: str, env: dict[str, str] | None = None) -> Ran:
        result = CliRunner(env={"COLUMNS": "100", **(env or {})}).invoke(app, list(args))
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Ran(result.exit_code, result.stdout, result.stderr)

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


def targets_command() -> list[str]:
    """The installed console script beside this interpreter."""
    script = Path(sys.executable).parent / "targets"
    return [str(script)] if script.exists() else [sys.executable, "-m", "targets_cli"]
