"""What every answer checks the same way."""

from __future__ import annotations

from ..errors import UsageError

LANGS = ("zh", "en")


def checked_lang(lang: str) -> str:
    if lang not in LANGS:
        raise UsageError(f"--lang is {lang!r}; choose zh or en")
    return lang


def targets_of(metrics: tuple[str, ...], periods: tuple[str, ...]) -> tuple[str, ...] | None:
    """The metrics whose targets are all an answer needs, when that is known up front.

    A period filter is resolved against every period in the data, so it needs them all.
    """
    return metrics if metrics and not periods else None


class Uncollected:
    """`with Uncollected():` the cyclic garbage collector paused while an answer is made
    and written, then as it was. Every target read, part and record made is kept until
    the answer is written: the collector would walk them again and again (a tenth of a
    warm `sum` or `coverage` at a million targets) and free nothing."""

    def __enter__(self) -> None:
        import gc

        self._collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *_: object) -> None:
        import gc

        if self._collecting:
            gc.enable()
