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
