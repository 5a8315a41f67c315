"""What rich's Console would decide about an output: how wide it is, whether it takes styles.

The quick table drawer needs both without importing rich's console (most of rich). These
are rich's own rules (Console.is_terminal, is_dumb_terminal, size and the colour system
on POSIX); tests hold them to a real Console under many environments. Where the rules
are more than these (Windows consoles, IDLE, an output that cannot take box drawing), the
answer is None and rich decides.
"""

from __future__ import annotations

import os
import sys

from ..rules.records import dataclass

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

DEFAULT_WIDTH = 80  # rich's width when nothing tells it


@dataclass(frozen=True, slots=True)
class Screen:
    """An output as rich sees it: its width in cells and whether styles are written."""

    width: int
    styled: bool


def _is_terminal(out: TextIO, environ: Mapping[str, str]) -> bool:
    tty_compatible = environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    force_color = environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color != ""
    isatty = getattr(out, "isatty", None)
    try:
        return False if isatty is None else bool(isatty())
    except ValueError:  # a closed file
        return False


def _digits(environ: Mapping[str, str], name: str) -> int | None:
    value = environ.get(name)
    return int(value) if value is not None and value.isdigit() else None


def _width(dumb: bool, environ: Mapping[str, str]) -> int:
    columns, lines = _digits(environ, "COLUMNS"), _digits(environ, "LINES")
    if columns is not None and lines is not None:
        return columns
    if dumb:
        return DEFAULT_WIDTH
    width = None
    for descriptor in (0, 1, 2):  # stdin first, as rich asks
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    if columns is not None:
        return columns
    return width or DEFAULT_WIDTH


def screen_of(out: TextIO, environ: Mapping[str, str] | None = None) -> Screen | None:
    """The width and styling rich would give `out`; None when only rich can tell."""
    environ = os.environ if environ is None else environ
    if sys.platform == "win32":
        return None
    stdin_module = getattr(sys.stdin, "__module__", None) or ""
    if stdin_module.startswith("idlelib"):
        return None
    encoding = (getattr(out, "encoding", "utf-8") or "utf-8").lower()
    if not encoding.startswith("utf"):  # rich would draw the box in ASCII
        return None
    terminal = _is_terminal(out, environ)
    dumb = terminal and environ.get("TERM", "").lower() in ("dumb", "unknown")
    # rich writes styles whenever it finds a colour system: a terminal that is not dumb
    return Screen(_width(dumb, environ), terminal and not dumb)
