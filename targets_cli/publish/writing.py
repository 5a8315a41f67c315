"""Writing files safely: every file the tool writes (an export, a cache) goes through here.

The content is written to a temporary file in the same folder, synced to disk and
renamed into place in one step, so a reader sees the old file or the new one, never
half of one: an error, a full disk or Ctrl-C mid-write leaves the old file as it was
and no temporary file behind. An existing file is replaced only when asked.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ..errors import OutputError


def _refuse_to_replace(path: Path) -> OutputError:
    return OutputError(f"{path} exists; pass --force to overwrite it")


def _mode_for(path: Path) -> int:
    """The permissions the file keeps (when replaced) or gets (when new): not mkstemp's 0600."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort, as not every system can open a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _move_into_place(temporary: Path, path: Path, overwrite: bool) -> None:
    if overwrite:
        os.replace(temporary, path)
        return
    try:
        # A hard link never replaces what is there, even if it appeared a moment ago.
        os.link(temporary, path)
    except FileExistsError:
        raise _refuse_to_replace(path) from None
    except OSError:  # a file system without hard links: check, then rename
        if path.exists() or path.is_symlink():
            raise _refuse_to_replace(path) from None
        os.replace(temporary, path)
    else:
        os.unlink(temporary)


def write_atomically(
    path: Path | str,
    write: Callable[[IO[Any]], object],
    *,
    binary: bool = False,
    overwrite: bool = False,
) -> Path:
    """Write a file all at once or not at all; return its path.

    `write` receives the open file (bytes when binary, else UTF-8 text written as
    given: no newline translation). Raises OutputError (exit 4) when the file exists
    and overwrite is false, when the folder is missing or not writable, or when the
    write fails; the old file, if any, is then untouched and no temporary file is left.
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name")
    if not overwrite and (path.exists() or path.is_symlink()):
        raise _refuse_to_replace(path)
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist")
    try:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write in {folder}: {error.strerror}") from None
    temporary = Path(name)
    try:
        mode = "wb" if binary else "w"
        options = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(descriptor, mode, **options) as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _mode_for(path))
        _move_into_place(temporary, path, overwrite)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:  # Ctrl-C, a bug in `write`: the old file stays, the temporary goes
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return path
