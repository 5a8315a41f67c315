"""Writing files safely: every file or folder the tool writes goes through here.

The content is written to a temporary file (or folder) beside the target, synced to disk
and moved into place in one step, so a reader sees the old one or the new one, never
half of one: an error, a full disk or Ctrl-C mid-write leaves the old one as it was and
no temporary behind. An existing file is replaced only when asked, and never when it is
one the dataset reads (a data file, a source text, anything under the data folder) or
not a regular file (a FIFO, a device). Into a folder that exists, the files are moved
one by one, all or none, and only the export's own names are replaced: the folder's
other files belong to someone else and are never touched.

A temporary is named `.NAME.targets-PID-RANDOM.tmp` (NAME cut short when the whole
would pass the system's limit); its name is recorded before it is created, so the
cleanup knows it from the instant it exists, and what an interrupted cleanup missed is
removed when the process exits. One left by a run that was killed (SIGKILL leaves no
time to clean up) is removed by the next write in that folder.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import re
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import OutputError, shown

# What a temporary of this module is called; the sweep removes only names like these.
_MARK = "targets-"
_TEMPORARY = re.compile(r"\..+\.targets-(\d+)-[A-Za-z0-9_]+\.(tmp|old)", re.DOTALL)
# A temporary untouched this long belongs to no live write, whatever its process id says.
STALE_AFTER_S = 3600
_STARTED = time.time()
# The bytes of a temporary's name kept from the name it stands beside: with the rest
# (".", ".targets-PID-", 16 hex digits, ".tmp") it stays under the usual 255.
_NAME_KEPT = 200
# Every temporary of this process that may exist: named here before it is created.
_LIVE: set[Path] = set()


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


def _name_limit(path: Path) -> int:
    """The longest name, in bytes, the file system of `path` takes (255 on most)."""
    for folder in (path, *path.parents):
        try:
            return os.pathconf(folder, "PC_NAME_MAX")
        except (OSError, ValueError):
            continue
    return 255


def check_name(path: Path) -> None:
    """Refuse a path with a part longer than the file system takes, saying which part."""
    limit = _name_limit(path.parent)
    for part in path.parts:
        size = len(os.fsencode(part))
        if size <= limit:
            continue
        if part == path.name:
            folder = os.path.abspath(path.parent)
            raise OutputError(
                f"cannot write {shown(part, 40)} in {folder}: the name is {size} bytes "
                f"long and a file name may be at most {limit} bytes; give a shorter name"
            )
        raise OutputError(
            f"cannot write {shown(str(path), 80)}: the folder name {shown(part, 40)} is "
            f"{size} bytes long and a name may be at most {limit} bytes; give a shorter one"
        )


def check_destination(path: Path, *, overwrite: bool, protect: Protected | None = None) -> None:
    """Refuse, before anything is written, a file that may not be (re)written."""
    check_name(path)
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


def alive(pid: int) -> bool:
    """Whether a process of that id runs (this one, or another user's, included)."""
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
        found = _TEMPORARY.fullmatch(entry.name)
        if found is None:
            continue
        try:
            modified = entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        stale = modified < _STARTED and (
            not alive(int(found.group(1))) or now - modified > STALE_AFTER_S
        )
        if not stale:
            continue
        path = Path(entry.path)
        if found.group(2) == "old" and entry.is_dir(follow_symlinks=False):
            # (a folder swap of an earlier version; the backups of files are never put back)
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


def _prefix(name: str) -> str:
    # (whole characters only, and no undecodable bytes: SQLite takes a name as UTF-8)
    kept = os.fsencode(name)[:_NAME_KEPT].decode("utf-8", "ignore")
    return f".{kept}.{_MARK}{os.getpid()}-"


def _name(made: list[Path], folder: Path, name: str, suffix: str = ".tmp") -> Path:
    """A new temporary's name in `folder`, recorded (in `made` and for the exit) before
    anything by that name exists: an interruption at any moment leaves it known."""
    path = folder / f"{_prefix(name)}{os.urandom(8).hex()}{suffix}"
    made.append(path)
    _LIVE.add(path)
    return path


def _new_temporary(made: list[Path], folder: Path, name: str, *, directory: bool = False) -> Path:
    """A new, empty temporary file (or folder) in `folder` named after `name`."""
    while True:
        path = _name(made, folder, name)
        try:
            _create(path, directory)
            return path
        except FileExistsError:  # (16 random hex digits taken: not ours, try another)
            made.remove(path)
            _LIVE.discard(path)
        except OSError as error:
            what = "create a folder" if directory else "write"
            raise OutputError(f"cannot {what} in {folder}: {error.strerror}") from None


def _create(path: Path, directory: bool) -> None:
    """Make `path` a new empty file (or folder) only its owner may read, or fail."""
    if directory:
        os.mkdir(path, 0o700)
    else:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        os.close(os.open(path, flags, 0o600))


def _discard(made: list[Path]) -> None:
    """Remove the temporaries named in `made` (and SQLite's files beside them)."""
    with _held():
        while made:
            path = made.pop()
            _remove(path)
            for suffix in ("-journal", "-wal", "-shm"):
                _remove(path.with_name(path.name + suffix))
            _LIVE.discard(path)


@contextlib.contextmanager
def scratch() -> Iterator[list[Path]]:
    """A list to name temporaries in (with _new_temporary); all removed on the way out."""
    made: list[Path] = []
    try:
        yield made
    finally:
        _discard(made)


@atexit.register
def _discard_live() -> None:
    # A second Ctrl-C landing in a cleanup stops it; what it missed goes at exit.
    _discard(list(_LIVE))


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
    with scratch() as made:  # Ctrl-C, a bug, a refusal: the old file stays, the temporary goes
        temporary = _new_temporary(made, path.parent, path.name)
        try:
            yield temporary
            _sync(temporary)
            os.chmod(temporary, _mode_for(path))
            check_destination(path, overwrite=overwrite, protect=protect)  # (a moment later)
            _move_into_place(temporary, path, overwrite)
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
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
    """Write the files `fill` makes into `folder`; return the files written.

    `fill` writes them into a temporary folder. A new folder is then moved into place
    whole; into an existing one the files are moved one by one (Ctrl-C waits until all
    are, and a failure puts back those already moved), replacing only files named in
    `ours`, and those only with `overwrite`. Nothing else in the folder is touched: other
    files there are another program's. A failure part-way (a full disk, Ctrl-C) leaves
    the folder as it was and no temporary behind.
    """
    folder = Path(folder)
    check_name(folder)
    why = protect.why(folder) if protect is not None else None
    if why is not None:
        raise OutputError(f"will not write {folder}: it {why}; the data is only ever read")
    try:
        exists = _existing_folder(folder, ours, overwrite)
    except OSError as error:
        raise OutputError(f"cannot write {folder}: {error.strerror or error}") from None
    where = folder if exists else folder.parent
    sweep(where)
    try:
        with scratch() as made:
            new = _new_temporary(made, where, folder.name, directory=True)
            names = fill(new)
            for name in names:
                check_name(folder / name)
                _sync(new / name)
            if exists or not _moved_whole(new, folder):
                _move_files(new, folder, names, overwrite, made)
    except OSError as error:
        raise OutputError(f"cannot write {folder}: {error.strerror or error}") from None
    _sync(folder)
    _sync(folder.parent)
    return [folder / name for name in names]


def _existing_folder(folder: Path, ours: tuple[str, ...], overwrite: bool) -> bool:
    """Whether `folder` exists; refuse one the export may not write into."""
    if folder.is_symlink():
        raise OutputError(f"will not write into {folder}: it is a link; give the folder itself")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise OutputError(f"cannot write {folder}: folder {folder.parent} does not exist")
        return False
    if not folder.is_dir():
        raise OutputError(f"{folder} exists and is not a folder")
    present = sorted(name for name in ours if os.path.lexists(folder / name))
    if present and not overwrite:
        held = ", ".join(present)
        raise OutputError(f"{folder} already holds {held}; pass --force to overwrite them")
    for name in present:
        mode = os.lstat(folder / name).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            raise OutputError(
                f"will not replace {folder / name}: it is {_kind(mode)}, not a file an "
                "export wrote; move it away or give another folder"
            )
    return True


def _moved_whole(new: Path, folder: Path) -> bool:
    """Put the new folder `new` where `folder` is not; False if a folder appeared there."""
    os.chmod(new, _mode_for(folder, 0o777))
    _sync(new)
    try:
        if _rename_no_replace(new, folder):
            return True
        if os.path.lexists(folder):
            return False
        os.rename(new, folder)  # (no renameat2: an empty folder made this instant is taken)
    except OSError as error:
        if error.errno in (errno.EEXIST, errno.ENOTEMPTY) and os.path.isdir(folder):
            return False
        raise
    return True


def _move_files(
    source: Path, folder: Path, names: list[str], overwrite: bool, made: list[Path]
) -> None:
    """Move the files `names` from `source` into `folder`: all of them or, on a failure,
    none (those moved are put back). Ctrl-C waits until it is done: it takes a moment."""
    with _held():
        # What is ours in the folder is known by its inode, whenever a failure comes.
        ours = {name: os.lstat(source / name).st_ino for name in names}
        backups: dict[str, Path] = {}
        try:
            for name in names:
                new, target = source / name, folder / name
                if not overwrite:
                    _move_into_place(new, target, overwrite=False)
                    continue
                old = _name(made, folder, name, ".old")
                try:  # the old file kept under a temporary name until all are in place
                    os.link(target, old, follow_symlinks=False)
                    backups[name] = old
                    os.chmod(new, _mode_for(target))
                except FileNotFoundError:
                    pass
                os.replace(new, target)
        except BaseException:
            for name in names:
                with contextlib.suppress(OSError):
                    if os.lstat(folder / name).st_ino != ours[name]:
                        continue  # not moved in, or not ours
                    if name in backups:
                        os.replace(backups[name], folder / name)
                    else:
                        os.unlink(folder / name)
            raise


def _rename_no_replace(a: Path, b: Path) -> bool:
    """Rename `a` to `b` unless `b` exists (Linux's renameat2 RENAME_NOREPLACE; EEXIST
    if it does); False when the system has no such call."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_noreplace = -100, 1
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_noreplace)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))
