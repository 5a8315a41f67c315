"""Where the cache lives and how its files are checked, read and written.

The cache holds data, never code: JSON files under `$XDG_CACHE_HOME/targets` (by
default `~/.cache/targets`). Every file records the cache format, the tool's version
and a stamp of the tool's own code, and is ignored (then rewritten) when any of them
differs or when it does not decode. It is written to a temporary file in the same
folder and renamed into place, so a reader sees a whole file or none. A read-only or
missing cache folder, `--no-cache` or `TARGETS_NO_CACHE=1` turn it off without a word.

A data file or source text is known by its content: the SHA-256 of its text. Checking
that costs a read, so each key also keeps the file's size, modification and change
times and inode: when they are unchanged, the content is too, unless the file was
written within RACY_NS of being read (a second write in the same clock tick would not
change them), in which case the key is not trusted and the content is hashed again.
"""

from __future__ import annotations

import json
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

CACHE_FORMAT = 1
NO_CACHE_ENV = "TARGETS_NO_CACHE"
# A file changed less than this before it was read may change again unseen by its times.
RACY_NS = 2_000_000_000

_NOT_FOUND = "missing"


def suppress(*errors: type[BaseException]) -> Any:
    """contextlib.suppress, imported only on the rare paths that need it."""
    import contextlib

    return contextlib.suppress(*errors)


def enabled(no_cache: bool = False) -> bool:
    """False when --no-cache is given or $TARGETS_NO_CACHE is set to anything but 0."""
    if no_cache:
        return False
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def folder() -> str | None:
    """$XDG_CACHE_HOME/targets, else ~/.cache/targets; None without a home folder."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "targets")


def _code_stamp() -> str:
    """Changes whenever any of the tool's own files does (a new version, an edit)."""
    import zlib

    from .. import __version__

    package = os.path.dirname(os.path.abspath(__file__))
    parts = [__version__]
    for top in (package, os.path.join(package, "renderers")):
        try:
            names = sorted(os.listdir(top))
        except OSError:
            continue
        for name in names:
            if name.endswith(".py"):
                try:
                    st = os.stat(os.path.join(top, name))
                except OSError:
                    continue
                parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return f"{CACHE_FORMAT}/{__version__}/{zlib.crc32('|'.join(parts).encode()):08x}"


_VERSION: str | None = None


def version() -> str:
    global _VERSION
    if _VERSION is None:
        _VERSION = _code_stamp()
    return _VERSION


# ---- keys: what a file held when it was read ---------------------------------


def stamp(path: str) -> list[int] | None:
    """Size, modification and change times and inode; None when there is no file."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def make_key(before: list[int] | None, text: str | None, read_at_ns: int) -> list[Any]:
    """[stamp, sha256 of the text, trusted] for a file read at read_at_ns.

    `before` is the stamp taken before reading; a file that was missing has no text.
    """
    if before is None or text is None:
        return [None, _NOT_FOUND, True] if before is None else [before, None, False]
    trusted = max(before[1], before[2]) < read_at_ns - RACY_NS
    return [before, digest(text), trusted]


def fresh(path: str, key: list[Any], read: Callable[[str], str | None]) -> bool | None:
    """Whether the file still holds what `key` says: True, False, or None when it
    matched only by content (the key's stamp is outdated and may be renewed).

    `read` returns the file's text, or None when it cannot be read.
    """
    now = stamp(path)
    then, sha, trusted = key
    if sha == _NOT_FOUND:
        return now is None
    if sha is None or now is None:
        return False
    if now == then and trusted:
        return True
    text = read(path)
    if text is None or digest(text) != sha:
        return False
    return None


def renewed(path: str, key: list[Any], read_at_ns: int) -> list[Any]:
    """The key with the file's current stamp, once its content is known to match."""
    now = stamp(path)
    if now is None:
        return key
    return [now, key[1], max(now[1], now[2]) < read_at_ns - RACY_NS]


# ---- files of the cache ------------------------------------------------------


def name_for(*parts: str) -> str:
    """A file name for what is named by parts (the file records them all, to be sure)."""
    import zlib

    data = "\0".join(parts).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def read_json(path: str) -> Any:
    """A cache file's content when it is whole and of this version, else None."""
    try:
        with open(path, "rb") as file:
            data = json.loads(file.read())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != version():
        return None
    return data


def read_text_file(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, ValueError):
        return None


def ensure_folder(path: str) -> bool:
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK | os.X_OK)


_counter = 0


def write(path: str, chunks: Iterable[str]) -> bool:
    """Write text to path all at once (temporary file, then rename); False on failure.

    Unlike writing.write_atomically, nothing is synced to disk: a cache file lost in a
    crash is only rebuilt, and syncing costs more than the rest of the writing. A torn
    file does not decode as JSON and is rebuilt like any other bad one.
    """
    return write_bytes(path, (chunk.encode("utf-8", "surrogatepass") for chunk in chunks))


def write_bytes(path: str, chunks: Iterable[bytes]) -> bool:
    """`write`, for bytes."""
    global _counter
    _counter += 1
    temporary = f"{path}.{os.getpid()}.{_counter}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return False
    try:
        with os.fdopen(descriptor, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
        os.replace(temporary, path)
    except (OSError, ValueError):
        with suppress(OSError):
            os.unlink(temporary)
        return False
    return True


_ENCODER = json.JSONEncoder(
    separators=(",", ":"),
    # ASCII with \u escapes: written twice as fast as UTF-8 text, and read as fast
    ensure_ascii=True,
    # no list of the cache's holds itself: the check would cost a lookup for each row
    check_circular=False,
)


def dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def remove_tree(path: str) -> None:
    """Remove a folder of cache files; whatever cannot be removed stays."""
    try:
        names = os.listdir(path)
    except OSError:
        return
    for name in names:
        with suppress(OSError):
            os.unlink(os.path.join(path, name))
    with suppress(OSError):
        os.rmdir(path)
