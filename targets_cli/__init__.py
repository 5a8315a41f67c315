"""targets: the development targets officials state in public, with their sources.

The public surface is small: `load` a dataset (or `read_dataset` to get its
problems without raising), and the records it holds.
"""

from .errors import DataError, Problem
from .loading import load, read_dataset
from .model import Dataset, Metric, Org, Source, Target

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
