"""`targets serve`: the dataset in Datasette, on this machine, while the command runs.

The data is exported for Datasette to a temporary folder (removed when the server
stops), and Datasette serves it read-only. Datasette is an optional extra: without it
the command says how to install it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import ExitCode, UsageError

INSTALL_HINT = "pip install 'targets[web]'"


def datasette_installed() -> bool:
    from importlib.util import find_spec

    return find_spec("datasette") is not None


def command(folder: Path, host: str, port: int) -> list[str]:
    """The Datasette command line that serves an export folder."""
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "--immutable",
        str(folder / "targets.db"),
        "--metadata",
        str(folder / "metadata.json"),
        "--host",
        host,
        "--port",
        str(port),
    ]


def serve(data: Path | str | None, host: str, port: int, use_cache: bool = True) -> int:
    """Export the data to a temporary folder and run Datasette on it until stopped.

    Returns Datasette's exit code (0 after Ctrl-C). Without Datasette installed, raises
    a UsageError (exit 2) that names the install command; a dataset with problems is
    a DataError (exit 1), as for export.
    """
    if not datasette_installed():
        raise UsageError(f"targets serve needs Datasette, an optional extra: {INSTALL_HINT}")
    from ..data.index import open_dataset
    from .export import ExportFormat, export

    index = open_dataset(data, use_cache=use_cache)
    with tempfile.TemporaryDirectory(prefix="targets-serve-") as scratch:
        folder = Path(scratch) / "site"
        export(index, ExportFormat.datasette, folder)
        print(f"serving {index.location} at http://{host}:{port}/ (Ctrl-C stops)", flush=True)
        process = subprocess.Popen(command(folder, host, port))
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            return int(ExitCode.OK)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
