"""The command line. The cyclic garbage collector is paused while a run starts up.

Starting up is importing: the modules, functions and classes made then live until the
run ends, yet every few hundred made set off a collection that walks them again (and
the collection at exit walks them all once more). `main` pauses the collector
(`pause_collector`); once the command's answer module is loaded (running._answers),
`start_collector` freezes what is there, so that no collection walks it again, and
turns the collector back on for the answer itself. (Together some 3 ms of a warm
`scan` or `sum`, out of 30 to 45.)
"""

from __future__ import annotations

# True while main has the collector paused (and start_collector has not resumed it).
_PAUSED: list[bool] = []


def pause_collector() -> bool:
    """Pause the collector for the start of a run; False when it was off already."""
    import gc

    if not gc.isenabled():
        return False
    gc.disable()
    _PAUSED[:] = [True]
    return True


def start_collector() -> None:
    """The run has started up: freeze what it made, and resume collecting (when main
    paused the collector)."""
    if _PAUSED:
        import gc

        _PAUSED.clear()
        gc.freeze()
        gc.enable()


def end_collector(paused: bool, unfreeze: bool) -> None:
    """The collector as it was before main paused it; with `unfreeze`, the objects frozen
    collectable again (for a caller whose process goes on)."""
    import gc

    _PAUSED.clear()
    if paused:
        gc.enable()
    if unfreeze:
        gc.unfreeze()
