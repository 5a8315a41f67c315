"""Writing files safely: every file or folder the tool writes goes through here.

The content is written to a temporary file (or folder) beside the target, synced to disk
and moved into place in one step, so a reader sees the old one or the new one, never
half of one: an error, a full disk or Ctrl-C mid-write leaves the old one as it was and
no temporary behind. An existing file is replaced only when asked, and never when it is
one the dataset reads (a data file, a source text, anything under the data folder) or
not a regular file (a FIFO, a device).

A temporary is named `.NAME.targets-PID-RANDOM.tmp`; one left by a run that was killed
(SIGKILL leaves no time to clean up) is removed by the next write in that folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import OutputError, shown

# What a temporary of this module is called; the sweep removes only names like these.
_MARK = "targets-"
_TEMPORARY = re.compile(r"^\..+\.targets-(\d+)-[A-Za-z0-9_]+\.(tmp|old)$")
# A temporary untouched this long belongs to no live write, whatever its process id says.
STALE_AFTER_S = 3600
_STARTED = time.time()


class Protected:
    """The paths an export must never write over or into: the data and its source texts."""

    def __init__(self, folders: tuple[Path, ...] = (), files: tuple[Path, ...] = ()):
        self.folders = tuple(_real(p) for p in folders)
        self.files = tuple(_real(p) for p in files)
        self._ids = {_file_id(p) for p in files} - {None}

    def why(self, path: Path) -> str | None:
        """Why `path` may not be written, or None when it may."""
        real = _real(path)
        if real in self.files or _file_id(path) in self._ids:
            return "is a file the dataset reads"
        for folder in self.folders:
            if real == folder:
                return "is the data folder"
            if folder in real.parents:
                return f"lies in the data folder {folder}"
            if real in folder.parents:
                return f"holds the data folder {folder}"
        return None


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _refuse_to_replace(path: Path) -> OutputError:
    return OutputError(f"{path} exists; pass --force to overwrite it")


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def check_destination(path: Path, *, overwrite: bool, protect: Protected | None = None) -> None:
    """Refuse, before anything is written, a file that may not be (re)written."""
    why = protect.why(path) if protect is not None else None
    if why is not None:
        raise OutputError(f"will not write {path}: it {why}; the data is only ever read")
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None  # new, or a link to nowhere
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path} is a folder; give a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"will not write {path}: it is {_kind(info.st_mode)}, not a regular file; "
            "an export writes only regular files"
        )
    if not overwrite and (info is not None or path.is_symlink()):
        raise _refuse_to_replace(path)
    if not path.parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {path.parent} does not exist")


# ---- temporaries, and the ones a killed run left ---------------------------------


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def sweep(folder: Path) -> list[Path]:
    """Remove the temporaries that runs which are gone left in `folder`; return them.

    Only names of this module's making are touched, and only when the process that made
    one is gone, or when it is older than this run and untouched for an hour. A folder
    moved away during a swap (`.NAME...old`) whose NAME is missing is put back instead.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        found = _TEMPORARY.match(entry.name)
        if found is None:
            continue
        try:
            modified = entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        stale = modified < _STARTED and (
            not _alive(int(found.group(1))) or now - modified > STALE_AFTER_S
        )
        if not stale:
            continue
        path = Path(entry.path)
        if found.group(2) == "old":
            original = folder / entry.name[1:].rsplit(f".{_MARK}", 1)[0]
            if not original.exists() and not original.is_symlink():
                with contextlib.suppress(OSError):
                    os.rename(path, original)  # a swap killed half-way: the old one back
                    continue
        _remove(path)
        removed.append(path)
    return removed


@contextlib.contextmanager
def _held() -> Iterator[None]:
    """Ctrl-C (and SIGTERM) wait while a temporary is cleaned up: none is left half-removed."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    blocked = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()


def _prefix(path: Path) -> str:
    return f".{path.name}.{_MARK}{os.getpid()}-"


def _temporary_file(path: Path) -> Path:
    """A new, empty temporary file beside `path` (the system may refuse: OutputError)."""
    try:
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=_prefix(path), suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write in {path.parent}: {error.strerror}") from None
    os.close(descriptor)
    return Path(name)


def _temporary_folder(path: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(dir=path.parent, prefix=_prefix(path), suffix=".tmp"))
    except OSError as error:
        raise OutputError(f"cannot create folder {path}: {error.strerror}") from None


def _old_name(path: Path) -> Path:
    return path.parent / f"{_prefix(path)}{os.urandom(6).hex()}.old"


def _mode_for(path: Path, default: int = 0o666) -> int:
    """The permissions the file keeps (when replaced) or gets (when new): not mkstemp's 0600."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return default & ~umask


def _sync(path: Path) -> None:
    """Make a file's bytes, or a rename in a folder, durable; best effort for folders."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
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


@contextlib.contextmanager
def replacing(
    path: Path | str, *, overwrite: bool = False, protect: Protected | None = None
) -> Iterator[Path]:
    """A temporary path beside `path` to build the file at; moved into place on success.

    Raises OutputError (exit 4) when the file may not be written (see check_destination)
    or the write fails; the old file, if any, is then untouched and no temporary is left.
    """
    path = Path(path)
    check_destination(path, overwrite=overwrite, protect=protect)
    sweep(path.parent)
    temporary = _temporary_file(path)
    try:
        yield temporary
        _sync(temporary)
        os.chmod(temporary, _mode_for(path))
        check_destination(path, overwrite=overwrite, protect=protect)  # (a moment later)
        _move_into_place(temporary, path, overwrite)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    finally:  # Ctrl-C, a bug, a refusal: the old file stays, the temporary goes
        with _held():
            _remove(temporary)
            for suffix in ("-journal", "-wal", "-shm"):
                _remove(temporary.with_name(temporary.name + suffix))
    _sync(path.parent)


def write_atomically(
    path: Path | str,
    write: Callable[[IO[Any]], object],
    *,
    binary: bool = False,
    overwrite: bool = False,
    protect: Protected | None = None,
) -> Path:
    """Write a file all at once or not at all; return its path.

    `write` receives the open file (bytes when binary, else UTF-8 text written as
    given: no newline translation). Raises OutputError (exit 4) when the file exists
    and overwrite is false, when it is protected or not a regular file, when the folder
    is missing or not writable, or when the write fails; the old file, if any, is then
    untouched and no temporary file is left.
    """
    path = Path(path)
    with replacing(path, overwrite=overwrite, protect=protect) as temporary:
        file: IO[Any]
        with (
            open(temporary, "wb") if binary else open(temporary, "w", encoding="utf-8", newline="")
        ) as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
    return path


# ---- folders ---------------------------------------------------------------------


def replace_folder(
    folder: Path,
    fill: Callable[[Path], list[str]],
    *,
    ours: tuple[str, ...],
    overwrite: bool = False,
    protect: Protected | None = None,
) -> list[Path]:
    """Write a folder whole: `fill` writes its files into a new folder beside it, which
    is then swapped in for the old one in one step; return the files written.

    `ours` are the names an export writes: an existing folder holding any of them is
    replaced only with `overwrite`. Files of the user's own in it are kept (linked into
    the new folder); anything else there that is not a plain file is refused. A failure
    part-way (a full disk, Ctrl-C) leaves the old folder whole and no temporary behind.
    """
    folder = Path(folder)
    why = protect.why(folder) if protect is not None else None
    if why is not None:
        raise OutputError(f"will not write {folder}: it {why}; the data is only ever read")
    exists = folder.exists() or folder.is_symlink()
    if exists and not folder.is_dir():
        raise OutputError(f"{folder} exists and is not a folder")
    if not folder.parent.is_dir():
        raise OutputError(f"cannot write {folder}: folder {folder.parent} does not exist")
    kept: list[os.DirEntry[str]] = []
    if exists:
        if folder.is_symlink():
            raise OutputError(f"will not replace {folder}: it is a link; give the folder itself")
        entries = list(os.scandir(folder))
        present = sorted(e.name for e in entries if e.name in ours)
        if present and not overwrite:
            held = ", ".join(present)
            raise OutputError(f"{folder} already holds {held}; pass --force to overwrite them")
        kept = [e for e in entries if e.name not in ours]
        odd = [e.name for e in kept if not e.is_file(follow_symlinks=False)]
        if odd:
            raise OutputError(
                f"will not replace {folder}: it holds {shown(odd[0])}, which is not a plain "
                "file the export can carry over; give an empty or new folder"
            )
    sweep(folder.parent)
    old = _old_name(folder)
    new = old  # (nothing there yet)
    try:
        new = _temporary_folder(folder)
        os.chmod(new, _mode_for(folder, 0o777))
        names = fill(new)
        for entry in kept:
            _carry(Path(entry.path), new / entry.name)
        for name in names:
            _sync(new / name)
        _sync(new)
        if exists:
            _swap(folder, new, old)
        else:
            try:
                os.rename(new, folder)  # (a folder that appeared meanwhile: refused below)
            except OSError as error:
                raise OutputError(f"cannot write {folder}: {error.strerror}") from None
    except OSError as error:
        raise OutputError(f"cannot write {folder}: {error.strerror or error}") from None
    finally:
        with _held():
            _remove(new)
            _remove(old)
    _sync(folder.parent)
    return [folder / name for name in names]


def _carry(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap(folder: Path, new: Path, old: Path) -> None:
    """Put `new` where `folder` is; the old folder ends up at `new`'s name, then goes."""
    if _exchange(new, folder):
        return
    # Two renames: no Ctrl-C between them (a SIGKILL there is put right by the next sweep).
    with _held():
        os.rename(folder, old)
        try:
            os.rename(new, folder)
        except OSError:
            os.rename(old, folder)
            raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux's renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    import errno as codes

    if errno in (codes.ENOSYS, codes.EINVAL, codes.ENOTSUP):
        return False
    raise OSError(errno, os.strerror(errno), str(b))
