"""targets: the development targets officials state in public, with their sources.

The public surface is small: `load` a dataset (or `read_dataset` to get its
problems without raising), and the records it holds.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .data.index import load, read_dataset
    from .errors import DataError, Problem
    from .rules.model import Dataset, Metric, Org, Source, Target

__version__ = "0.1.0"
__all__ = [
    "DataError",
    "Dataset",
    "Metric",
    "Org",
    "Problem",
    "Source",
    "Target",
    "__version__",
    "load",
    "read_dataset",
]

# Imported when first used: `targets` answers before most of the package is loaded.
_HOME = {
    "DataError": "errors",
    "Problem": "errors",
    "load": "data.index",
    "read_dataset": "data.index",
    "Dataset": "rules.model",
    "Metric": "rules.model",
    "Org": "rules.model",
    "Source": "rules.model",
    "Target": "rules.model",
}


def __getattr__(name: str) -> object:
    if name in _HOME:
        from importlib import import_module

        value = getattr(import_module(f".{_HOME[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
