"""Data files and source texts found and read: their paths, names and bytes.

What a warm run needs of the files (where the data is, the files of a folder, a
source text's bytes), apart from the TOML reading and field checks of loading.py that
only a build does: a warm answer loads this, not those.
"""

from __future__ import annotations

import os

from ..errors import DataError, Problem, shown_path

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


DATA_ENV = "TARGETS_DATA"
# targets_cli/, its links resolved (os.path, not pathlib: a warm answer needs no Path)
_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def path_text(first: str, *more: str) -> str:
    """The path these parts name, written as str(Path(first, *more)) writes it (a file
    is named the same in every message whichever way it was given): no empty or `.`
    part, no final slash, `..` kept as written, one or two leading slashes as given."""
    joined = os.path.join(first, *more)  # (a part that is absolute starts the path again)
    root = "/" if joined.startswith("/") else ""
    if joined.startswith("//") and not joined.startswith("///"):
        root = "//"  # (POSIX leaves the meaning of exactly two to the system: kept)
    named = "/".join(part for part in joined.split("/") if part and part != ".")
    return root + named or "."


def bundled_location() -> str:
    """The dataset shipped with the package (in a wheel) or beside it (in a checkout)."""
    inside = os.path.join(_PACKAGE, "_data", "targets.toml")
    if os.path.exists(inside):
        return inside
    return os.path.join(os.path.dirname(_PACKAGE), "data", "targets.toml")


if TYPE_CHECKING:
    from pathlib import Path


def bundled_data() -> Path:
    """bundled_location() as a Path, for callers that build paths from it."""
    from pathlib import Path

    return Path(bundled_location())


def data_location(given: str | None = None) -> str:
    """--data, else $TARGETS_DATA, else the bundled dataset."""
    if given:
        return path_text(given)
    from_env = os.environ.get(DATA_ENV)
    return path_text(from_env) if from_env else bundled_location()


# Largest data file or source text read: a bigger one is a mistake (a disk image, /dev/zero).
MAX_FILE_BYTES = 256 * 2**20
# Most commas a data file may hold. Each value of an inline array costs the TOML parser
# far more than a byte of text (50 MB of `[1,1,…]` took 65 s and 2.1 GB), while a data
# file writes records as [[tables]] and has about one comma a record (the bundled data:
# 144 for 115 targets); so this bounds what an array can cost, not what data can hold.
MAX_COMMAS = 100_000
# ... and only where commas are that dense: a list of values has one every few bytes,
# while records, even with notes in English prose, have one in hundreds; so a large file
# of many records is never refused for the commas of its notes.
BYTES_PER_COMMA = 16


def _path_problem(path: str, error: OSError) -> Problem:
    import errno

    if error.errno == errno.ENAMETOOLONG:
        return Problem(path, "cannot read: a part of the path is longer than 255 bytes")
    return Problem(path, f"cannot read: {error.strerror or error}")


def _name_problem(path: str) -> Problem | None:
    """A file whose name is not UTF-8 (saved under GBK, say) cannot be named in the index
    or in any answer: it is a problem, never skipped without a word."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        message = "the name is not UTF-8 (written in another encoding, as GBK?); rename it"
        return Problem(shown_path(path), message)
    return None


def _walk(
    top: str,
    onerror: Callable[[OSError], None],
    stamps: list[tuple[str, os.stat_result]] | None = None,
) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk without its recursion, which a folder 1,000 deep overflows (Python 3.11):
    (folder, subfolders, other names) for each folder; links to folders are not entered.
    With `stamps`, each folder's stat, taken before it is listed, is added to it."""
    waiting = [top]
    while waiting:
        folder = waiting.pop()
        try:
            if stamps is not None:  # (taken before the listing: a later change shows)
                stamps.append((folder, os.stat(folder)))
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            onerror(error)
            continue
        subfolders: list[str] = []
        names: list[str] = []
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            (subfolders if is_folder else names).append(entry.name)
        subfolders.sort()
        yield folder, subfolders, names
        for name in reversed(subfolders):
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                waiting.append(path)


def data_files(location: str) -> list[str]:
    """The TOML files of a dataset: the file itself, or every *.toml under a folder.

    A folder that cannot be read is a problem, never skipped without a word.
    """
    return data_names(location)


def data_names(
    location: str, ordered: bool = True, folders: list[tuple[str, os.stat_result]] | None = None
) -> list[str]:
    """data_files: the path of each (as path_text writes it). With `ordered` False, in
    the order the folders list them (in_listing_order sorts them): a warm run finds
    them all in the index, and sorts none. With `folders`, each folder's stat, taken
    before it is listed, is added to it (see store.note_folders)."""
    location = path_text(location)  # (as data_location gives it, whoever calls)
    try:
        is_folder, exists = _found(location)
    except OSError as error:
        raise DataError([_path_problem(location, error)]) from None
    if is_folder:
        problems: list[Problem] = []

        def unreadable(error: OSError) -> None:
            problems.append(_path_problem(path_text(error.filename or location), error))

        top = location  # (as path_text writes it: no `.` part, no doubled or final slash)
        files = []
        for folder, subfolders, names in _walk(top, unreadable, folders):
            # (a link named *.toml to a folder is listed, to be reported, not walked)
            linked = [n for n in subfolders if os.path.islink(os.path.join(folder, n))]
            prefix = _prefix(folder)
            files += [prefix + n for n in (*names, *linked) if n.endswith(".toml")]
        try:  # (every name at once: one that is not UTF-8 is rare)
            "".join(files).encode("utf-8")
        except UnicodeEncodeError:
            problems += [problem for name in files if (problem := _name_problem(name))]
        if problems:
            raise DataError(problems)
        if not files:
            raise DataError([Problem(location, "folder holds no *.toml data files")])
        return in_listing_order(files) if ordered else files
    if (problem := _name_problem(location)) is not None:
        raise DataError([problem])
    if not exists:
        from_env = os.environ.get(DATA_ENV)  # (as it was typed: `./data/`, say)
        hint = f" (set by ${DATA_ENV})" if from_env and path_text(from_env) == location else ""
        raise DataError([Problem(location, f"no such data file or folder{hint}")])
    return [location]


def _found(location: str) -> tuple[bool, bool]:
    """(a folder, there at all): a link to nothing is there, to be reported. A path
    that is not there (or a link that loops) is no error, as for Path.exists(); another
    (no permission to look) is raised."""
    import errno
    import stat

    gone = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
    try:
        return stat.S_ISDIR(os.stat(location).st_mode), True
    except OSError as error:
        if error.errno not in gone:
            raise
    except ValueError:  # a NUL in the path: no such file
        return False, False
    return False, os.path.islink(location)


def in_listing_order(names: list[str]) -> list[str]:
    """Data files' names in the order of their Paths: part by part (`a/x` before
    `a-b/x`), not by the text."""
    return sorted(names, key=_parts)


def _prefix(folder: str) -> str:
    """What path_text(folder, name) puts before the name: `.` is no part of a path (the
    walk from `.` names its folders `./a`), the root keeps its slashes."""
    if folder == ".":
        return ""
    if folder.startswith("./"):
        folder = folder[2:]
    return folder if folder.endswith("/") else folder + "/"


def _parts(name: str) -> list[str]:
    return name.split("/")


def read_bytes(
    path: str, limit: int = MAX_FILE_BYTES, what: str = "a TOML file", holder: str = "a data file"
) -> bytes:
    """A regular file's bytes; a FIFO, device, folder or huge file is a DataError.

    Opened without blocking (a FIFO with no writer) and read at most limit + 1 bytes
    (a device that never ends); `what` is the file expected, `holder` the one limited.
    """
    import stat

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise DataError([Problem(path, f"is a folder, expected {what}")]) from None
    except FileNotFoundError:
        if os.path.islink(path):
            message = f"is a link to {os.readlink(path)}, which does not exist"
            raise DataError([Problem(path, message)]) from None
        raise DataError([Problem(path, "no such file")]) from None
    except OSError as error:
        raise DataError([_path_problem(path, error)]) from None
    except ValueError:  # a NUL in the path
        raise DataError([Problem(path, "cannot read: the path holds a NUL character")]) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise DataError([Problem(path, f"is {kind}, expected {what}")])
        if info.st_size > limit:
            size = f"{info.st_size / 2**20:.0f} MiB"
            message = f"is {size}, more than the {limit // 2**20} MiB {holder} may hold"
            raise DataError([Problem(path, message)])
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            # (sized to the file: read(n) first allocates n bytes, and limit + 1 for
            # each file is a quarter-gigabyte mapped and unmapped each time) and read on
            # to the limit only when the file grew since its size was taken
            data = stream.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += stream.read(limit + 1 - len(data))
    except OSError as error:
        raise DataError([_path_problem(path, error)]) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise DataError([Problem(path, f"is more than the {limit // 2**20} MiB it may hold")])
    return data


def decode(path: str, raw: bytes) -> str:
    """A data file's text; a BOM is dropped, bytes that are not UTF-8 are a DataError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        raise DataError([Problem(path, message, line=line)]) from None
    return text.removeprefix("\ufeff")


def source_text_of(raw: bytes) -> str:
    """A source text's bytes as its text, read as a text file is (open(path).read()): a BOM
    dropped, Windows (CRLF) and old Mac (CR) line ends made \\n, so a quote running over
    lines is found whatever editor saved the text. UnicodeDecodeError when not UTF-8."""
    text = raw.decode("utf-8").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_text(path: str) -> str:
    return decode(path, read_bytes(path))
